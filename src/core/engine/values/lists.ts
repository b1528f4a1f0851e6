import type ts from 'typescript';
import { unknownValue, type Value } from '../../model/value.js';
import { parentOf, shortText, type TS, unwrapExpression } from '../ast.js';
import { resolveIdentifier } from '../declarations.js';
import { type Evaluation, MAX_DEPTH } from './evaluation.js';
import { memberDeclaration } from './members.js';

/*
 * Lists: the elements of an array literal or of `Object.values(...)`, and the variables that walk one
 * (`for (const topic of TOPICS)`, `TOPICS.forEach((topic) => ...)`), which take one value per element.
 */

/** Array methods whose callback's first parameter takes every element in turn. */
const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap']);

/**
 * The values an expression takes: one for most expressions; one per element for a loop variable over an
 * array the evaluator can read (`for (const topic of TOPICS)`, `TOPICS.forEach((topic) => ...)`,
 * `Object.values(Topics).map((topic) => ...)`).
 */
export function evaluateEach(ev: Evaluation, expression: ts.Expression): Value[] {
  const t = ev.t;
  const node = unwrapExpression(t, expression);
  if (t.isIdentifier(node)) {
    const origin = resolveIdentifier(ev.context, node);
    const iterated = origin?.kind === 'declaration' ? iteratedBy(t, origin.node) : undefined;
    const elements = iterated && evaluateList(ev, iterated);
    if (elements) return elements;
  }
  return [ev.evaluateAt(expression, 0)];
}

/**
 * The elements of a list: an array literal or a name for one (each spread of a readable list expanded, an
 * unreadable spread as one unknown value), or `Object.values(...)` of a readable object or string enum.
 * `undefined` when the expression is not a list the evaluator can see.
 */
export function evaluateList(ev: Evaluation, expression: ts.Expression, depth = 0): Value[] | undefined {
  const t = ev.t;
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrapExpression(t, expression);
  if (t.isCallExpression(node)) return objectValues(ev, node, depth + 1);
  const container = ev.container(node, depth + 1);
  if (container?.kind !== 'array') return undefined;
  const values: Value[] = [];
  for (const element of container.node.elements) {
    if (t.isOmittedExpression(element)) continue;
    if (t.isSpreadElement(element)) {
      values.push(...(evaluateList(ev, element.expression, depth + 1) ?? [unknownValue(shortText(element), 'a list built elsewhere')]));
    } else {
      values.push(ev.evaluateAt(element, depth));
    }
  }
  return values;
}

/** `Object.values(Topics)`: the values of an object literal, or of an enum whose members are all strings. */
function objectValues(ev: Evaluation, call: ts.CallExpression, depth: number): Value[] | undefined {
  const t = ev.t;
  const callee = unwrapExpression(t, call.expression);
  const isObjectValues =
    t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && callee.expression.text === 'Object' && callee.name.text === 'values';
  if (!isObjectValues || call.arguments.length !== 1) return undefined;
  const container = ev.container(call.arguments[0]!, depth);
  if (container?.kind === 'enum') {
    const values = container.node.members.map((member) => memberDeclaration(ev, member, shortText(member), depth));
    // A numeric enum maps values back to names too: `Object.values` then holds both.
    return values.every((value) => value.kind === 'string' && value.value !== '' && Number.isNaN(Number(value.value))) ? values : undefined;
  }
  if (container?.kind !== 'object') return undefined;
  const values: Value[] = [];
  for (const property of container.node.properties) {
    if (t.isPropertyAssignment(property)) values.push(ev.evaluateAt(property.initializer, depth));
    else if (t.isShorthandPropertyAssignment(property)) values.push(ev.evaluateAt(property.name, depth));
    // A spread or a method makes the list uncertain.
    else return undefined;
  }
  return values;
}

/** A `for...of` variable over an array literal the code shows, as a parameter of the loop. */
export function loopVariable(ev: Evaluation, declaration: ts.VariableDeclaration, text: string, depth: number): Extract<Value, { kind: 'param' }> | undefined {
  const t = ev.t;
  const loop = declaration.parent.parent;
  if (!t.isIdentifier(declaration.name) || !t.isForOfStatement(loop) || ev.container(loop.expression, depth + 1)?.kind !== 'array') return undefined;
  return { kind: 'param', owner: loop, index: 0, path: [], text };
}

/**
 * The list whose elements a loop (`for (const x of LIST)`) or an iterating callback (`LIST.map((x) => ...)`)
 * binds its variable to, one per turn: `undefined` for any other function.
 */
export function iterationOf(t: TS, owner: ts.Node): ts.Expression | undefined {
  if (t.isForOfStatement(owner)) return owner.expression;
  if ((t.isArrowFunction(owner) || t.isFunctionExpression(owner)) && owner.parameters[0]) return iteratedBy(t, owner.parameters[0]);
  return undefined;
}

/** The list a loop variable or an iterating callback's first parameter walks over. */
function iteratedBy(t: TS, declaration: ts.Node): ts.Expression | undefined {
  if (t.isVariableDeclaration(declaration) && t.isIdentifier(declaration.name) && isLoopVariable(t, declaration)) {
    const loop = declaration.parent.parent;
    return t.isForOfStatement(loop) ? loop.expression : undefined;
  }
  if (t.isParameter(declaration) && t.isIdentifier(declaration.name)) {
    const fn = declaration.parent;
    const call = parentOf(fn);
    if (!(t.isArrowFunction(fn) || t.isFunctionExpression(fn)) || fn.parameters[0] !== declaration) return undefined;
    if (call === undefined || !t.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
    const callee = unwrapExpression(t, call.expression);
    if (t.isPropertyAccessExpression(callee) && ITERATING_METHODS.has(callee.name.text)) return callee.expression;
  }
  return undefined;
}

/** `for (const x of list)` and `for (const x in object)` declare `x` once per turn. */
export function isLoopVariable(t: TS, declaration: ts.VariableDeclaration): boolean {
  const list = declaration.parent;
  return t.isVariableDeclarationList(list) && (t.isForOfStatement(list.parent) || t.isForInStatement(list.parent));
}
