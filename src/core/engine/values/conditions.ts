import type ts from 'typescript';
import { knownPrefix, knownSuffix, truthOf, type Value } from '../../model/value.js';
import { parentOf, unwrapExpression } from '../ast.js';
import type { Evaluation } from './evaluation.js';

/*
 * Conditions read from code: a guard in a project function (`if (path.startsWith('/')) return path`), a
 * ternary's test, a filter's predicate on each element of a list (`!t.internal`, `t.kind === 'audit'`), and
 * the guards around a send inside a loop or callback (`config.internal ? [] : [producer.send(...)]`). Each is
 * decided only when the values it tests are known far enough: otherwise `undefined`, never a guess.
 */

/** Replaces what is still open in a value read inside the condition (a parameter bound to an argument or element). */
export type Bind = (value: Value) => Value;

const same: Bind = (value) => value;

/** A condition's truth when the values it tests are known far enough; `undefined` otherwise. */
export function condition(ev: Evaluation, expression: ts.Expression, bind: Bind = same, depth = 0): boolean | undefined {
  const t = ev.t;
  const node = unwrapExpression(t, expression);
  if (t.isPrefixUnaryExpression(node) && node.operator === t.SyntaxKind.ExclamationToken) {
    const inner = condition(ev, node.operand, bind, depth);
    return inner === undefined ? undefined : !inner;
  }
  if (t.isBinaryExpression(node)) {
    const decided = binaryCondition(ev, node, bind, depth);
    if (decided !== 'not a condition') return decided;
  }
  if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && node.arguments.length === 1) return textTest(ev, node, bind, depth);
  return truthOf(bind(ev.evaluateAt(node, depth)));
}

/** `x.startsWith('/')`, `x.endsWith('.dlq')`, `x.includes('.')` on known text, or text whose known end decides. */
function textTest(ev: Evaluation, node: ts.CallExpression, bind: Bind, depth: number): boolean | undefined {
  const t = ev.t;
  const callee = node.expression as ts.PropertyAccessExpression;
  const method = callee.name.text;
  if (!['startsWith', 'endsWith', 'includes'].includes(method)) return undefined;
  const probe = bind(ev.evaluateAt(node.arguments[0]!, depth));
  if (probe.kind !== 'string') return undefined;
  const subject = bind(ev.evaluateAt(unwrapExpression(t, callee.expression), depth));
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

/** `a && b`, `a || b`, `a === b`, `a !== b` as a condition; any other operator is not one. */
function binaryCondition(ev: Evaluation, node: ts.BinaryExpression, bind: Bind, depth: number): boolean | undefined | 'not a condition' {
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
  return 'not a condition';
}

/**
 * Whether the code at `node` runs, as far as the guards between it and `owner` (the loop or callback that
 * walks a list) tell once their values are bound to one element: a ternary's branch
 * (`c.internal ? [] : [send(...)]`), an `if`'s branch, the right side of `&&`, and an earlier
 * `if (...) return;` / `continue;`. `false` only when a guard is decided against it.
 */
export function reachedWhen(ev: Evaluation, node: ts.Node, owner: ts.Node, bind: Bind): boolean {
  const t = ev.t;
  for (let current: ts.Node = node, parent = parentOf(node); parent !== undefined && current !== owner; current = parent, parent = parentOf(parent)) {
    if (t.isConditionalExpression(parent) && (current === parent.whenTrue || current === parent.whenFalse)) {
      const holds = condition(ev, parent.condition, bind);
      if (holds !== undefined && holds !== (current === parent.whenTrue)) return false;
    } else if (t.isIfStatement(parent) && (current === parent.thenStatement || current === parent.elseStatement)) {
      const holds = condition(ev, parent.expression, bind);
      if (holds !== undefined && holds !== (current === parent.thenStatement)) return false;
    } else if (t.isBinaryExpression(parent) && parent.operatorToken.kind === t.SyntaxKind.AmpersandAmpersandToken && current === parent.right) {
      if (condition(ev, parent.left, bind) === false) return false;
    } else if (t.isBlock(parent) && leftEarlier(ev, parent, current as ts.Statement, bind)) {
      return false;
    }
  }
  return true;
}

/** An `if (...) return;` or `if (...) continue;` before `statement` in `block` whose test holds. */
function leftEarlier(ev: Evaluation, block: ts.Block, statement: ts.Statement, bind: Bind): boolean {
  const t = ev.t;
  for (const earlier of block.statements) {
    if (earlier === statement) return false;
    if (!t.isIfStatement(earlier) || earlier.elseStatement !== undefined) continue;
    const exit = t.isBlock(earlier.thenStatement) && earlier.thenStatement.statements.length === 1 ? earlier.thenStatement.statements[0]! : earlier.thenStatement;
    if ((t.isReturnStatement(exit) || t.isContinueStatement(exit)) && condition(ev, earlier.expression, bind) === true) return true;
  }
  return false;
}
