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
    return {
      node: expression,
      key: key.found ? (isNullish(scan, key.initializer) ? 'absent' : 'present') : key.maybe ? 'unknown' : 'absent',
      ...(key.found ? { keyExpression: key.initializer } : {}),
      ...(value.found ? { value: value.initializer } : {}),
      ...(headers.found ? { headers: headers.initializer } : {}),
    };
  }
  return { node: expression, key: keyFromType(scan, message) };
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
