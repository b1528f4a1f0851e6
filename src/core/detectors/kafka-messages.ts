import type ts from 'typescript';
import type { KeyPresence, MessageFact } from '../model/facts.js';
import { unknownValue, type Value } from '../model/value.js';
import { findProperty, returnedExpressions, shortText, unwrapExpression } from '../engine/ast.js';
import { findLocalDeclaration } from '../engine/declarations.js';
import type { DetectorScan, MessageScan } from '../engine/detector.js';

/**
 * Reads kafkajs-shaped messages (`{ key, value, headers }`), the shape kafkajs and the KafkaJS-compatible
 * API of `@confluentinc/kafka-javascript` share: an array literal, a `.map()` that returns message
 * objects, or a name that stands for one of those.
 */
export function readMessageList(scan: MessageScan, expression: ts.Expression | undefined): { messages: MessageFact[]; unknown: boolean } {
  const t = scan.ts;
  if (expression === undefined) return { messages: [], unknown: true };
  const list = scan.definition(expression);
  if (t.isArrayLiteralExpression(list)) {
    const messages: MessageFact[] = [];
    let unknown = false;
    for (const element of list.elements) {
      // `[...events.map(toMessage), closing]`: the spread list is read the same way.
      if (t.isSpreadElement(element)) {
        const spread = readMessageList(scan, element.expression);
        messages.push(...spread.messages);
        unknown ||= spread.unknown;
        continue;
      }
      messages.push(readMessage(scan, element));
    }
    return { messages, unknown };
  }
  // `items.map(item => ({ key: item.id, value: ... }))`, `items.map(toMessage)`
  if (t.isCallExpression(list)) {
    const callee = unwrapExpression(t, list.expression);
    const callback = list.arguments[0];
    if (t.isPropertyAccessExpression(callee) && ['map', 'flatMap'].includes(callee.name.text) && callback) {
      const fn = callbackFunction(scan, callback);
      if (fn) {
        const returned = returnedExpressions(t, fn);
        if (returned.length > 0) return { messages: returned.map((expr) => readMessage(scan, expr)), unknown: false };
      }
    }
  }
  return { messages: [], unknown: true };
}

/** The function a callback names: an inline arrow or function, or a local function declared elsewhere in scope. */
function callbackFunction(scan: MessageScan, callback: ts.Expression): ts.SignatureDeclaration | undefined {
  const t = scan.ts;
  const fn = scan.definition(callback);
  if (t.isArrowFunction(fn) || t.isFunctionExpression(fn)) return fn;
  if (t.isIdentifier(fn)) {
    // `function toMessage(event) { return {...} }` is a declaration, not a const: find it by scope.
    const declaration = findLocalDeclaration(t, fn);
    if (declaration && t.isFunctionDeclaration(declaration)) return declaration;
  }
  return undefined;
}

/** One kafkajs-shaped message: its key presence, value and headers. */
export function readMessage(scan: MessageScan, expression: ts.Expression): MessageFact {
  const t = scan.ts;
  const message = scan.definition(expression);
  if (t.isObjectLiteralExpression(message)) {
    const key = findProperty(t, message, 'key');
    const value = findProperty(t, message, 'value');
    const headers = findProperty(t, message, 'headers');
    const fromCaller = key.found ? keyFromCaller(scan, key.initializer) : undefined;
    return {
      node: expression,
      // Where the send is not placed at its callers, a key a JavaScript wrapper's caller may leave out reads as
      // the plain parameter it is (present, as `key: orderId` does); each call decides it when placed there.
      key: key.found ? (fromCaller === 'optional' ? 'unknown' : isNullish(scan, key.initializer) ? 'absent' : 'present') : key.maybe ? 'unknown' : 'absent',
      ...(key.found ? { keyExpression: key.initializer } : {}),
      ...(fromCaller ? { keyFromCaller: true } : {}),
      ...(value.found ? { value: value.initializer } : {}),
      ...(headers.found ? { headers: headers.initializer } : {}),
    };
  }
  return { node: expression, key: keyFromType(scan, message) };
}

/** Option names that carry a message key through a wrapper's options (`{ key }`, `{ partitionKey }`). */
const KEY_OPTIONS = new Set(['key', 'partitionkey', 'messagekey']);

/**
 * `key: options?.key` or `key` (an optional parameter) inside a wrapper: the key is whatever each caller
 * passes, or nothing when a caller leaves it out (`optional`). In JavaScript any parameter may be left out
 * (`publish(topic, payload)` of `function publish(topic, payload, key)`): each call decides, and where no call
 * is seen it is the parameter (`javascript`). A required TypeScript parameter (`key: orderId`) or a member with
 * another name (`key: order.id`) is the entity's id, taken as there (`undefined`).
 */
function keyFromCaller(scan: MessageScan, expression: ts.Expression): 'optional' | 'javascript' | undefined {
  return isKeyFromCaller(scan, expression) ? 'optional' : isJavaScriptParameterKey(scan, expression) ? 'javascript' : undefined;
}

/** A plain parameter of a JavaScript function (not a callback's), which its callers may leave out. */
function isJavaScriptParameterKey(scan: MessageScan, expression: ts.Expression): boolean {
  const t = scan.ts;
  const value = scan.evaluate(expression);
  if (value.kind !== 'param' || value.path.length > 0) return false;
  const owner = value.owner as ts.Node;
  if (!t.isFunctionLike(owner) || isCallback(t, owner) || !/\.[cm]?jsx?$/i.test(owner.getSourceFile().fileName)) return false;
  return owner.parameters[value.index]?.dotDotDotToken === undefined;
}

function isKeyFromCaller(scan: MessageScan, expression: ts.Expression): boolean {
  const t = scan.ts;
  const value = scan.evaluate(expression);
  if (value.kind !== 'param') return false;
  // A callback's parameter (`events.map((key) => ({ key, value }))`, `eachMessage: ({ message }) => ...`)
  // is a value the library hands over, not something the code's callers choose.
  const owner = value.owner as ts.Node;
  if (value.path.length > 1 || isCallback(t, owner)) return false;
  const last = value.path.at(-1);
  if (last !== undefined) return KEY_OPTIONS.has(last.toLowerCase().replace(/[^a-z]/g, ''));
  // `key: orderId` with `orderId: string` is always given; `key?: string` may be left out.
  const parameter = t.isFunctionLike(owner) ? owner.parameters[value.index] : undefined;
  return parameter !== undefined && (parameter.questionToken !== undefined || parameter.initializer !== undefined);
}

/** A function passed to a call, directly or as a member of an object literal passed to one. */
export function isCallback(t: MessageScan['ts'], fn: ts.Node): boolean {
  let current = fn;
  for (let parent = current.parent as ts.Node | undefined; parent !== undefined; current = parent, parent = parent.parent as ts.Node | undefined) {
    if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && parent.arguments?.includes(current as ts.Expression)) return true;
    if (!(t.isPropertyAssignment(parent) || t.isObjectLiteralExpression(parent) || t.isParenthesizedExpression(parent))) return false;
  }
  return false;
}

/** A message built elsewhere: its type says whether it has a key (`Message`'s optional `key` says nothing). */
export function keyFromType(scan: MessageScan, expression: ts.Expression): KeyPresence {
  switch (scan.typeProperty(expression, 'key')) {
    case 'required':
      return 'present';
    case 'absent':
      return 'absent';
    default:
      return 'unknown';
  }
}

export function isNullish(scan: MessageScan, expression: ts.Expression): boolean {
  const t = scan.ts;
  const node = unwrapExpression(t, expression);
  return node.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(node) && node.text === 'undefined');
}

/** The value of `record.name` when `record` is only known symbolically (a parameter of a wrapper). */
export function memberOf(scan: DetectorScan, owner: ts.Expression, name: string): Value {
  const value = scan.evaluate(owner);
  if (value.kind === 'param') return { ...value, path: [...value.path, name], text: `${value.text}.${name}` };
  return unknownValue(`${shortText(owner)}.${name}`, 'the record is built elsewhere');
}
