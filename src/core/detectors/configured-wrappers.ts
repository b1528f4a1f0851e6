import type ts from 'typescript';
import { z } from 'zod';
import { stringValue, unknownValue, type Value } from '../model/value.js';
import type { KeyPresence } from '../model/facts.js';
import { calleeName, calleeReceiver, enclosingClass, findProperty, shortText, unwrapExpression } from '../engine/ast.js';
import { classMember } from '../engine/declarations.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { isNullish } from './kafka-messages.js';

/** `"0"` is the first argument, `"1.topic"` the `topic` property of the second. */
const argumentPathSchema = z
  .string()
  .regex(/^\d+(\.[A-Za-z_$][\w$]*)*$/, 'expected an argument index, optionally followed by property names: "0", "1.topic"');

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
/** `publishEvent`, or `EventBus.publish` for a method of a class or object. */
const functionName = z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/, 'expected a function name or Owner.method');

/** A function of the team's own that sends, subscribes or requests, declared where the code cannot show it. */
export const wrapperSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('produce'), function: functionName, topic: argumentPathSchema, key: argumentPathSchema.optional() }).strict(),
  z.object({ kind: z.literal('consume'), function: functionName, topic: argumentPathSchema }).strict(),
  z.object({ kind: z.literal('http'), function: functionName, url: argumentPathSchema, method: z.union([z.enum(HTTP_METHODS), argumentPathSchema]) }).strict(),
]);

export type WrapperSpec = z.infer<typeof wrapperSchema>;

/** The library name of the team's configured wrappers' detector. */
export const CONFIGURED_WRAPPER = 'configured wrapper';

/**
 * The team's own functions declared in the configuration (`wrappers`): a call of one is an interaction at
 * that call, its values read from the arguments the declaration names. For wrappers whose library call the
 * analyzer cannot see (a package that is not in the repository, a library it does not understand).
 */
export function configuredWrappersDetector(wrappers: readonly WrapperSpec[]): Detector {
  return {
    library: CONFIGURED_WRAPPER,
    modules: [],
    detect(scan) {
      for (const wrapper of wrappers) {
        const [owner, name] = wrapper.function.includes('.') ? (wrapper.function.split('.') as [string, string]) : [undefined, wrapper.function];
        for (const call of scan.calls(name)) {
          if (calleeName(scan.ts, call) !== name || !receiverMatches(scan, call, owner)) continue;
          emit(scan, call, wrapper);
        }
      }
    },
  };
}

/** `EventBus.publish` matches `eventBus.publish(...)`, `this.eventBus.publish(...)` and a receiver typed `EventBus`. */
function receiverMatches(scan: DetectorScan, call: ts.CallExpression, owner: string | undefined): boolean {
  const t = scan.ts;
  const receiver = calleeReceiver(t, call);
  if (owner === undefined) return true;
  if (receiver === undefined) return false;
  const node = unwrapExpression(t, receiver);
  const text = t.isIdentifier(node) ? node.text : t.isPropertyAccessExpression(node) ? node.name.text : undefined;
  if (text?.toLowerCase() === owner.toLowerCase()) return true;
  if (annotatedTypeName(scan, node) === owner) return true;
  const checker = scan.checker;
  if (checker === undefined) return false;
  try {
    const type = checker.getTypeAtLocation(receiver);
    return (type.aliasSymbol ?? type.getSymbol())?.name === owner;
  } catch {
    return false;
  }
}

/** The type a receiver is declared with in the code: `bus: EventBus`, `private readonly bus: EventBus`. */
function annotatedTypeName(scan: DetectorScan, receiver: ts.Expression): string | undefined {
  const t = scan.ts;
  let declaration: ts.Node | undefined;
  if (t.isIdentifier(receiver)) declaration = scan.declarationOf(receiver);
  else if (t.isPropertyAccessExpression(receiver) && receiver.expression.kind === t.SyntaxKind.ThisKeyword) {
    const classNode = enclosingClass(t, receiver);
    declaration = classNode && classMember(t, classNode, receiver.name.text)?.declaration;
  }
  const type = (declaration as { type?: ts.TypeNode } | undefined)?.type;
  if (type === undefined || !t.isTypeReferenceNode(type)) return undefined;
  return t.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
}

function argumentValue(scan: DetectorScan, call: ts.CallExpression, path: string): Value {
  const [index, ...properties] = path.split('.');
  const argument = call.arguments[Number(index)];
  if (argument === undefined) return unknownValue(`${shortText(call)} argument ${path}`, 'not passed');
  return scan.evaluatePath(argument, properties);
}

function emit(scan: DetectorScan, call: ts.CallExpression, wrapper: WrapperSpec): void {
  const library = `wrapper ${wrapper.function}`;
  switch (wrapper.kind) {
    case 'produce': {
      scan.emit.produce({
        library,
        node: call,
        topic: argumentValue(scan, call, wrapper.topic),
        messages: wrapper.key === undefined ? [] : [{ node: call, key: keyPresence(scan, call, wrapper.key) }],
        messagesUnknown: wrapper.key === undefined,
        expectsReply: false,
        transport: 'kafka',
      });
      return;
    }
    case 'consume':
      scan.emit.consume({ library, node: call, topic: argumentValue(scan, call, wrapper.topic), role: 'event', transport: 'kafka' });
      return;
    case 'http': {
      const method = (HTTP_METHODS as readonly string[]).includes(wrapper.method) ? stringValue(wrapper.method) : argumentValue(scan, call, wrapper.method);
      scan.emit.http({ library, node: call, method, url: argumentValue(scan, call, wrapper.url) });
      return;
    }
  }
}

/** Whether the call gives the key the declaration points at: `unknown` when the argument is built elsewhere. */
function keyPresence(scan: DetectorScan, call: ts.CallExpression, path: string): KeyPresence {
  const t = scan.ts;
  const [index, ...properties] = path.split('.');
  let expression: ts.Expression | undefined = call.arguments[Number(index)];
  for (const property of properties) {
    if (expression === undefined) return 'absent';
    const object = scan.definition(expression);
    if (!t.isObjectLiteralExpression(object)) return 'unknown';
    const found = findProperty(t, object, property);
    if (!found.found) return found.maybe ? 'unknown' : 'absent';
    expression = found.initializer;
  }
  return expression === undefined || isNullish(scan, expression) ? 'absent' : 'present';
}
