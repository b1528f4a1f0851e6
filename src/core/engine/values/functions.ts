import type ts from 'typescript';
import { concatValues, hasParam, knownPrefix, knownSuffix, mapParams, oneOfValues, readingsOf, unknownValue, type Value } from '../../model/value.js';
import { type TS, unwrapExpression, walk } from '../ast.js';
import { declaredExpression } from '../commonjs.js';
import { resolveIdentifier } from '../declarations.js';
import { condition } from './conditions.js';
import { EACH, type Evaluation } from './evaluation.js';
import { dropLeadingSlash } from './urls.js';

/*
 * Function application: what a project function returns for given arguments, and binding a value's
 * parameters to what a call site passes for them (a wrapper's topic at its caller, a factory's base URL at
 * the call that made the client).
 */

/** The project function a callee names: `function f() {}`, `const f = () => ...`, `export default () => ...`. */
export function functionOf(ev: Evaluation, callee: ts.Expression): ts.SignatureDeclaration | undefined {
  const t = ev.t;
  if (!t.isIdentifier(callee)) return undefined;
  const origin = resolveIdentifier(ev.context, callee);
  if (origin?.kind !== 'declaration') return undefined;
  const declaration = origin.node;
  if (t.isFunctionDeclaration(declaration)) return declaration;
  // `const f = () => ...`, and `export default () => ...` or `module.exports = () => ...` imported elsewhere.
  const initializer = declaredExpression(t, declaration);
  if (initializer) {
    const fn = unwrapExpression(t, initializer);
    if (t.isArrowFunction(fn) || t.isFunctionExpression(fn)) return fn;
  }
  return undefined;
}

/**
 * What a project function returns for these arguments: its body read as guarded returns
 * (`if (path.startsWith('/')) return path; return `/${path}`;`). A guard decided by known text chooses its
 * branch; a guard that cannot be decided gives the returns on both sides as readings
 * (`if (typeof window === 'undefined') return 'http://orders:3000'; return '/api';`). Loops and other
 * control flow give `unknown`: a value is never guessed.
 */
export function applyFunction(ev: Evaluation, fn: ts.SignatureDeclaration, args: readonly (Value | undefined)[], text: string, depth: number): Value {
  const t = ev.t;
  const bind = (value: Value) =>
    bindAtSeams(
      value,
      (param) => {
        if (param.owner !== fn) return param;
        const arg = args[param.index];
        if (arg === undefined) return param.fallback ?? unknownValue(param.text, 'not passed by the caller');
        return param.path.length === 0 ? arg : unknownValue(param.text, 'a property of an argument');
      },
      ev,
    );
  const body = (fn as { body?: ts.Node }).body;
  if (body === undefined) return unknownValue(text, 'a function without a body');
  if (!t.isBlock(body)) return bind(ev.evaluateAt(body as ts.Expression, depth));
  const readings: Value[] = [];
  const finish = (last: Value) => (readings.length === 0 ? last : oneOfValues([...readings, last], text));
  for (const statement of body.statements) {
    if (t.isReturnStatement(statement)) return finish(statement.expression ? bind(ev.evaluateAt(statement.expression, depth)) : unknownValue(text, 'returns nothing'));
    if (t.isVariableStatement(statement) || t.isExpressionStatement(statement) || t.isEmptyStatement(statement)) continue;
    if (!t.isIfStatement(statement)) return unknownValue(text, 'computed by statements that are not read');
    const whenTrue = branchReturn(t, statement.thenStatement);
    const whenFalse = statement.elseStatement ? branchReturn(t, statement.elseStatement) : 'none';
    if (whenTrue === 'unread' || whenFalse === 'unread') return unknownValue(text, 'computed by statements that are not read');
    // A guard that throws or logs is not a return: it does not choose the value.
    if (whenTrue === 'none' && whenFalse === 'none') continue;
    const holds = condition(ev, statement.expression, bind, depth);
    if (holds === undefined) {
      if (whenTrue !== 'none') readings.push(bind(ev.evaluateAt(whenTrue, depth)));
      if (whenFalse !== 'none') return finish(bind(ev.evaluateAt(whenFalse, depth)));
      continue;
    }
    if (holds && whenTrue !== 'none') return finish(bind(ev.evaluateAt(whenTrue, depth)));
    if (!holds && whenFalse !== 'none') return finish(bind(ev.evaluateAt(whenFalse, depth)));
  }
  // Falling off the end after a branch returned: the branch's readings are what callers use.
  return readings.length > 0 ? oneOfValues(readings, text) : unknownValue(text, 'returns nothing');
}

/**
 * What a branch returns: the expression of `return x;`, or of a block of plain statements ending in one;
 * `none` when it returns nothing (it throws, logs, assigns); `unread` for anything else.
 */
function branchReturn(t: TS, statement: ts.Statement): ts.Expression | 'none' | 'unread' {
  if (t.isReturnStatement(statement)) return statement.expression ?? 'unread';
  if (!t.isBlock(statement)) return returnsInside(t, statement) ? 'unread' : 'none';
  const last = statement.statements.at(-1);
  const before = statement.statements.slice(0, -1);
  if (last !== undefined && t.isReturnStatement(last) && before.every((each) => t.isVariableStatement(each) || t.isExpressionStatement(each))) {
    return last.expression ?? 'unread';
  }
  return returnsInside(t, statement) ? 'unread' : 'none';
}

/** Whether a statement holds a `return` of the function it is in (not of a function nested in it). */
function returnsInside(t: TS, statement: ts.Node): boolean {
  let found = false;
  walk(t, statement, (node) => {
    if (found || t.isFunctionLike(node)) return false;
    if (t.isReturnStatement(node)) found = true;
    return !found;
  });
  return found;
}

/**
 * Evaluates the deferred calls of a value whose arguments are now free of parameters (after a wrapper's
 * caller bound them).
 */
export function settle(ev: Evaluation, value: Value): Value {
  switch (value.kind) {
    case 'concat':
      return concatValues(value.parts.map((part) => settle(ev, part)));
    case 'oneOf':
      return oneOfValues(value.options.map((option) => settle(ev, option)), value.text);
    case 'apply': {
      const args = value.args.map((arg) => arg && settle(ev, arg));
      if (args.some((arg) => arg !== undefined && hasParam(arg))) return { ...value, args };
      // An argument with several readings: the function once per reading, so its guards see known text.
      const choice = args.findIndex((arg) => arg?.kind === 'oneOf');
      if (choice >= 0) {
        const options = readingsOf(args[choice]!);
        return oneOfValues(options.map((option) => settle(ev, { ...value, args: args.map((arg, i) => (i === choice ? option : arg)) })), value.text);
      }
      // A table looked up with a key a caller gave (`EVENT_TO_TOPIC[eventType]`).
      if (ev.t.isElementAccessExpression(value.fn as ts.Node)) return ev.lookUp(value.fn as ts.ElementAccessExpression, args[0]!, value.text);
      return applyFunction(ev, value.fn as ts.SignatureDeclaration, args, value.text, 0);
    }
    default:
      return value;
  }
}

/**
 * Replaces parameters by what `bind` gives, evaluating deferred calls as they become known, and joining
 * the pieces of a URL the way its author meant: a base ending in `/` and a path starting with `/` meet with
 * one slash (`${baseUrl}${path}` with `http://a/` and `/b`).
 */
export function bindAtSeams(value: Value, bind: (param: Extract<Value, { kind: 'param' }>) => Value, evaluator: Evaluation): Value {
  if (value.kind === 'oneOf') return oneOfValues(value.options.map((option) => bindAtSeams(option, bind, evaluator)), value.text);
  if (value.kind !== 'concat') return settle(evaluator, mapParams(value, bind));
  const parts: Value[] = [];
  let previousBound = false;
  for (const part of value.parts) {
    const bindable = part.kind === 'apply' || hasParam(part);
    let next = bindable ? settle(evaluator, mapParams(part, bind)) : part;
    const previous = parts.at(-1);
    if ((bindable || previousBound) && previous !== undefined && knownSuffix(previous).endsWith('/') && knownPrefix(next).startsWith('/')) {
      next = dropLeadingSlash(next);
    }
    parts.push(next);
    previousBound = bindable;
  }
  return settle(evaluator, concatValues(parts));
}

/**
 * Replaces the parameters of `owner` in a value by what `site` passes for them (the parameter's default
 * when nothing is passed): a wrapper's topic at its caller, a client factory's base URL at the call that
 * made the client.
 */
export function bindParameters(t: TS, evaluator: Evaluation, value: Value, owner: ts.SignatureDeclaration, site: ts.CallExpression | ts.NewExpression): Value {
  if (!hasParam(value)) return value;
  return bindAtSeams(value, (param) => {
    if (param.owner !== owner) return param;
    if (param.path.includes(EACH)) return unknownValue(param.text, 'an element of a list the caller passes');
    const args = site.arguments ?? [];
    const spreadAt = args.findIndex((argument) => t.isSpreadElement(argument));
    if (spreadAt >= 0 && spreadAt <= param.index) return unknownValue(param.text, 'passed through a spread argument');
    const argument = args[param.index] ?? owner.parameters[param.index]?.initializer;
    const passed = argument && evaluator.evaluatePath(argument, param.path);
    // The caller passes nothing there: the library's own default, when it has one.
    const absent = passed === undefined || (passed.kind === 'unknown' && passed.reason.startsWith('no property'));
    if (absent) return param.fallback ?? passed ?? unknownValue(param.text, 'not passed by the caller');
    return passed;
  }, evaluator);
}
