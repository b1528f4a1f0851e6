import type ts from 'typescript';
import { concatValues, hasParam, knownPrefix, knownSuffix, mapParams, unknownValue, type Value } from '../../model/value.js';
import { type TS, unwrapExpression } from '../ast.js';
import { declaredExpression } from '../commonjs.js';
import { resolveIdentifier } from '../declarations.js';
import type { Evaluation } from './evaluation.js';
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
 * (`if (path.startsWith('/')) return path; return `/${path}`;`). Guards it cannot decide, loops and other
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
  for (const statement of body.statements) {
    if (t.isReturnStatement(statement)) return statement.expression ? bind(ev.evaluateAt(statement.expression, depth)) : unknownValue(text, 'returns nothing');
    if (t.isVariableStatement(statement) || t.isExpressionStatement(statement) || t.isEmptyStatement(statement)) continue;
    if (!t.isIfStatement(statement)) return unknownValue(text, 'computed by statements that are not read');
    const whenTrue = returnOf(t, statement.thenStatement);
    const whenFalse = statement.elseStatement ? returnOf(t, statement.elseStatement) : undefined;
    // A guard that throws or logs is not a return: it does not choose the value.
    if (whenTrue === undefined && whenFalse === undefined) continue;
    const holds = condition(ev, statement.expression, bind, depth);
    if (holds === undefined) return unknownValue(text, 'depends on a condition');
    if (holds && whenTrue) return bind(ev.evaluateAt(whenTrue, depth));
    if (!holds && whenFalse) return bind(ev.evaluateAt(whenFalse, depth));
  }
  return unknownValue(text, 'returns nothing');
}

/** The expression a branch returns: `return x;` or `{ return x; }`. */
function returnOf(t: TS, statement: ts.Statement): ts.Expression | undefined {
  if (t.isReturnStatement(statement)) return statement.expression;
  if (t.isBlock(statement) && statement.statements.length === 1) return returnOf(t, statement.statements[0]!);
  return undefined;
}

/** A guard's truth when the values it tests are known far enough; `undefined` otherwise. */
function condition(ev: Evaluation, expression: ts.Expression, bind: (value: Value) => Value, depth: number): boolean | undefined {
  const t = ev.t;
  const node = unwrapExpression(t, expression);
  if (t.isPrefixUnaryExpression(node) && node.operator === t.SyntaxKind.ExclamationToken) {
    const inner = condition(ev, node.operand, bind, depth);
    return inner === undefined ? undefined : !inner;
  }
  if (t.isBinaryExpression(node)) return binaryCondition(ev, node, bind, depth);
  if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && node.arguments.length === 1) {
    const method = node.expression.name.text;
    const probe = bind(ev.evaluateAt(node.arguments[0]!, depth));
    if (probe.kind !== 'string' || !['startsWith', 'endsWith', 'includes'].includes(method)) return undefined;
    const subject = bind(ev.evaluateAt(node.expression.expression, depth));
    if (subject.kind === 'string') {
      return method === 'startsWith' ? subject.value.startsWith(probe.value) : method === 'endsWith' ? subject.value.endsWith(probe.value) : subject.value.includes(probe.value);
    }
    // A partly known value decides by its known ends: `/rates/{pair}` starts with `/`.
    const prefix = knownPrefix(subject);
    const suffix = knownSuffix(subject);
    if (method === 'startsWith' && prefix.length >= probe.value.length) return prefix.startsWith(probe.value);
    if (method === 'endsWith' && suffix.length >= probe.value.length) return suffix.endsWith(probe.value);
    return undefined;
  }
  return undefined;
}

/** `a && b`, `a || b`, `a === b`, `a !== b` as a guard. */
function binaryCondition(ev: Evaluation, node: ts.BinaryExpression, bind: (value: Value) => Value, depth: number): boolean | undefined {
  const t = ev.t;
  const operator = node.operatorToken.kind;
  if (operator === t.SyntaxKind.AmpersandAmpersandToken || operator === t.SyntaxKind.BarBarToken) {
    const left = condition(ev, node.left, bind, depth);
    const right = condition(ev, node.right, bind, depth);
    if (operator === t.SyntaxKind.AmpersandAmpersandToken) return left === false || right === false ? false : left && right;
    return left === true || right === true ? true : left === undefined || right === undefined ? undefined : false;
  }
  const equal = [t.SyntaxKind.EqualsEqualsEqualsToken, t.SyntaxKind.EqualsEqualsToken].includes(operator);
  const different = [t.SyntaxKind.ExclamationEqualsEqualsToken, t.SyntaxKind.ExclamationEqualsToken].includes(operator);
  if (equal || different) {
    const left = bind(ev.evaluateAt(node.left, depth));
    const right = bind(ev.evaluateAt(node.right, depth));
    if (left.kind !== 'string' || right.kind !== 'string') return undefined;
    return (left.value === right.value) === equal;
  }
  return undefined;
}

/**
 * Evaluates the deferred calls of a value whose arguments are now free of parameters (after a wrapper's
 * caller bound them).
 */
export function settle(ev: Evaluation, value: Value): Value {
  switch (value.kind) {
    case 'concat':
      return concatValues(value.parts.map((part) => settle(ev, part)));
    case 'apply': {
      const args = value.args.map((arg) => arg && settle(ev, arg));
      if (args.some((arg) => arg !== undefined && hasParam(arg))) return { ...value, args };
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
  if (value.kind !== 'concat') return settle(evaluator, mapParams(value, bind));
  const parts: Value[] = [];
  let previousBound = false;
  for (const part of value.parts) {
    const bindable = part.kind === 'param' || part.kind === 'apply';
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
