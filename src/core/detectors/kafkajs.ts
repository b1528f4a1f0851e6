import type ts from 'typescript';
import type { MessageFact } from '../model/facts.js';
import type { Value } from '../model/value.js';
import { calleeReceiver, findProperty, propertyInitializer } from '../engine/ast.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { memberOf, readMessageList } from './kafka-messages.js';

const LIBRARY = 'kafkajs';
const PRODUCERS = new Set(['kafkajs.producer', 'kafkajs.transaction']);
const CONSUMER = 'kafkajs.consumer';

/**
 * kafkajs: `new Kafka()`, `kafka.producer()` / `.consumer()`, `producer.send({ topic, messages })`,
 * `sendBatch({ topicMessages })`, transactions, `consumer.subscribe({ topic | topics })`.
 */
export const kafkajsDetector: Detector = {
  library: LIBRARY,
  modules: ['kafkajs'],
  clients: {
    constructors: [{ module: 'kafkajs', name: 'Kafka', kind: 'kafkajs.client' }],
    types: [
      { module: 'kafkajs', name: 'Kafka', kind: 'kafkajs.client' },
      { module: 'kafkajs', name: 'Producer', kind: 'kafkajs.producer' },
      { module: 'kafkajs', name: 'Consumer', kind: 'kafkajs.consumer' },
      { module: 'kafkajs', name: 'Transaction', kind: 'kafkajs.transaction' },
    ],
    factories: [
      { on: 'kafkajs.client', method: 'producer', kind: 'kafkajs.producer' },
      { on: 'kafkajs.client', method: 'consumer', kind: 'kafkajs.consumer' },
      { on: 'kafkajs.producer', method: 'transaction', kind: 'kafkajs.transaction' },
    ],
  },
  detect(scan) {
    const importsLibrary = scan.imports('kafkajs');
    for (const call of scan.calls('send')) {
      const record = call.arguments[0];
      if (record === undefined || !isReceiver(scan, call, PRODUCERS, importsLibrary, () => hasShape(scan, record, ['topic', 'messages']))) continue;
      emitSend(scan, call, record);
    }
    for (const call of scan.calls('sendBatch')) {
      const batch = call.arguments[0];
      if (batch === undefined || !isReceiver(scan, call, PRODUCERS, importsLibrary, () => hasShape(scan, batch, ['topicMessages']))) continue;
      emitSendBatch(scan, call, batch);
    }
    for (const call of scan.calls('subscribe')) {
      const subscription = call.arguments[0];
      const shaped = () => hasShape(scan, subscription, ['topic']) || hasShape(scan, subscription, ['topics']);
      if (subscription === undefined || !isReceiver(scan, call, new Set([CONSUMER]), importsLibrary, shaped)) continue;
      emitSubscribe(scan, call, subscription);
    }
  },
};

/**
 * A call belongs to kafkajs when its receiver is a kafkajs client; when nothing is known of the receiver,
 * a file that imports kafkajs and passes the kafkajs record shape is taken at its word.
 */
function isReceiver(scan: DetectorScan, call: ts.CallExpression, kinds: ReadonlySet<string>, importsLibrary: boolean, shaped: () => boolean): boolean {
  const receiver = calleeReceiver(scan.ts, call);
  if (receiver === undefined) return false;
  const client = scan.classify(receiver);
  if (client) return kinds.has(client.kind);
  return importsLibrary && shaped();
}

function hasShape(scan: DetectorScan, expression: ts.Expression | undefined, properties: readonly string[]): boolean {
  if (expression === undefined) return false;
  const object = scan.definition(expression);
  return scan.ts.isObjectLiteralExpression(object) && properties.every((name) => findProperty(scan.ts, object, name).found);
}

function emitSend(scan: DetectorScan, call: ts.CallExpression, recordArgument: ts.Expression): void {
  const t = scan.ts;
  const record = scan.definition(recordArgument);
  let topic: Value;
  let messages: MessageFact[] = [];
  let messagesUnknown = true;
  if (t.isObjectLiteralExpression(record)) {
    const topicExpression = propertyInitializer(t, record, 'topic');
    topic = topicExpression ? scan.evaluate(topicExpression) : memberOf(scan, recordArgument, 'topic');
    ({ messages, unknown: messagesUnknown } = readMessageList(scan, propertyInitializer(t, record, 'messages')));
  } else {
    topic = memberOf(scan, recordArgument, 'topic');
  }
  scan.emit.produce({ library: LIBRARY, node: call, topic, messages, messagesUnknown, expectsReply: false, transport: 'kafka' });
}

function emitSendBatch(scan: DetectorScan, call: ts.CallExpression, batchArgument: ts.Expression): void {
  const t = scan.ts;
  const batch = scan.definition(batchArgument);
  const topicMessages = t.isObjectLiteralExpression(batch) ? propertyInitializer(t, batch, 'topicMessages') : undefined;
  const list = topicMessages ? scan.definition(topicMessages) : undefined;
  if (list === undefined || !t.isArrayLiteralExpression(list)) {
    scan.emit.produce({
      library: LIBRARY,
      node: call,
      topic: memberOf(scan, batchArgument, 'topicMessages'),
      messages: [],
      messagesUnknown: true,
      expectsReply: false,
      transport: 'kafka',
    });
    return;
  }
  for (const element of list.elements) {
    const entry = scan.definition(element);
    if (!t.isObjectLiteralExpression(entry)) continue;
    const topicExpression = propertyInitializer(t, entry, 'topic');
    const { messages, unknown } = readMessageList(scan, propertyInitializer(t, entry, 'messages'));
    scan.emit.produce({
      library: LIBRARY,
      node: call,
      topic: topicExpression ? scan.evaluate(topicExpression) : memberOf(scan, element, 'topic'),
      messages,
      messagesUnknown: unknown,
      expectsReply: false,
      transport: 'kafka',
    });
  }
}

function emitSubscribe(scan: DetectorScan, call: ts.CallExpression, subscriptionArgument: ts.Expression): void {
  const t = scan.ts;
  const subscription = scan.definition(subscriptionArgument);
  const consume = (topic: Value) => { scan.emit.consume({ library: LIBRARY, node: call, topic, role: 'event', transport: 'kafka' }); };
  if (!t.isObjectLiteralExpression(subscription)) {
    consume(memberOf(scan, subscriptionArgument, 'topic'));
    return;
  }
  const single = propertyInitializer(t, subscription, 'topic');
  if (single) consume(scan.evaluate(single));
  const several = propertyInitializer(t, subscription, 'topics');
  if (several) {
    const list = scan.definition(several);
    if (t.isArrayLiteralExpression(list)) {
      for (const element of list.elements) consume(scan.evaluate(element));
    } else {
      consume(scan.evaluate(several));
    }
  }
}
