import type ts from 'typescript';
import type { MessageFact, ProduceFact } from '../model/facts.js';
import type { Value } from '../model/value.js';
import { calleeReceiver, findProperty, propertyInitializer } from '../engine/ast.js';
import type { DetectorScan } from '../engine/detector.js';
import { memberOf, readMessageList } from './kafka-messages.js';
import { handlersIn } from './message-handlers.js';

/**
 * One library's view of the kafkajs API: `producer.send({ topic, messages })`, `sendBatch({ topicMessages })`,
 * transactions, `consumer.subscribe({ topic | topics })`. kafkajs has it, and so has the KafkaJS-compatible
 * API of `@confluentinc/kafka-javascript`; each detector keeps its own client kinds and modules and reads
 * the calls here.
 */
export interface KafkajsApi {
  /** The library written in the facts. */
  readonly library: string;
  /** Modules whose import lets a call on an unknown receiver count when it passes the record shape. */
  readonly modules: readonly string[];
  /** Client kinds whose `send` / `sendBatch` produce: producers and transactions. */
  readonly producers: ReadonlySet<string>;
  /** Client kinds whose `subscribe` consumes. */
  readonly consumers: ReadonlySet<string>;
}

/** Records the produces and consumes of kafkajs-style calls in the scanned file. */
export function detectKafkajsCalls(scan: DetectorScan, api: KafkajsApi): void {
  const importsLibrary = api.modules.some((module) => scan.imports(module));
  for (const call of scan.calls('send')) {
    const record = call.arguments[0];
    if (record === undefined || !isReceiver(scan, call, api.producers, importsLibrary, () => hasShape(scan, record, ['topic', 'messages']))) continue;
    emitSend(scan, api.library, call, record);
  }
  for (const call of scan.calls('sendBatch')) {
    const batch = call.arguments[0];
    if (batch === undefined || !isReceiver(scan, call, api.producers, importsLibrary, () => hasShape(scan, batch, ['topicMessages']))) continue;
    emitSendBatch(scan, api.library, call, batch);
  }
  // `consumer.run({ eachMessage, eachBatch })`: the code that runs when a message arrives.
  for (const call of scan.calls('run')) {
    const options = call.arguments[0];
    if (options === undefined) continue;
    const handlers = handlersIn(scan, options, ['eachMessage', 'eachBatch']);
    if (handlers.length === 0 || !isReceiver(scan, call, api.consumers, importsLibrary, () => true)) continue;
    for (const node of handlers) scan.emit.messageHandler({ library: api.library, node });
  }
  for (const call of scan.calls('subscribe')) {
    const subscription = call.arguments[0];
    const shaped = () => hasShape(scan, subscription, ['topic']) || hasShape(scan, subscription, ['topics']);
    if (subscription === undefined || !isReceiver(scan, call, api.consumers, importsLibrary, shaped)) continue;
    emitSubscribe(scan, api.library, call, subscription);
  }
}

/**
 * A call belongs to the library when its receiver is one of its clients; when nothing is known of the
 * receiver, a file that imports the library and passes the record shape is taken at its word. A call the
 * checker resolves to a method with a body in the sources (`kafkaService.send(record)`) is a wrapper: its
 * own `producer.send` inside is the fact, bound to this call by the host, so the shape must not count twice.
 */
function isReceiver(scan: DetectorScan, call: ts.CallExpression, kinds: ReadonlySet<string>, importsLibrary: boolean, shaped: () => boolean): boolean {
  const receiver = calleeReceiver(scan.ts, call);
  if (receiver === undefined) return false;
  const client = scan.classify(receiver);
  if (client) return kinds.has(client.kind);
  return importsLibrary && shaped() && !scan.callsSourceFunction(call);
}

function hasShape(scan: DetectorScan, expression: ts.Expression | undefined, properties: readonly string[]): boolean {
  if (expression === undefined) return false;
  const object = scan.definition(expression);
  return scan.ts.isObjectLiteralExpression(object) && properties.every((name) => findProperty(scan.ts, object, name).found);
}

function emitSend(scan: DetectorScan, library: string, call: ts.CallExpression, recordArgument: ts.Expression): void {
  const t = scan.ts;
  const record = scan.definition(recordArgument);
  let topicExpression: ts.Expression | undefined;
  let messages: MessageFact[] = [];
  let messagesUnknown = true;
  let messagesSource: ProduceFact['messagesSource'] = { expression: recordArgument, path: ['messages'] };
  if (t.isObjectLiteralExpression(record)) {
    topicExpression = propertyInitializer(t, record, 'topic');
    const list = propertyInitializer(t, record, 'messages');
    ({ messages, unknown: messagesUnknown } = readMessageList(scan, list));
    messagesSource = list && { expression: list, path: [] };
  }
  const undecided = messagesUnknown || messages.some((message) => message.key === 'unknown');
  for (const topic of topicsOf(scan, topicExpression, recordArgument)) {
    scan.emit.produce({
      library,
      node: call,
      topic,
      messages,
      messagesUnknown,
      ...(undecided && messagesSource ? { messagesSource } : {}),
      expectsReply: false,
      transport: 'kafka',
    });
  }
}

/**
 * Every topic a record's `topic` takes (one per element for `for (const topic of TOPICS) producer.send({ topic })`);
 * `record.topic` of a record built elsewhere when the record has no visible `topic`.
 */
function topicsOf(scan: DetectorScan, topicExpression: ts.Expression | undefined, record: ts.Expression): readonly Value[] {
  return topicExpression ? scan.evaluateEach(topicExpression) : [memberOf(scan, record, 'topic')];
}

function emitSendBatch(scan: DetectorScan, library: string, call: ts.CallExpression, batchArgument: ts.Expression): void {
  const t = scan.ts;
  const batch = scan.definition(batchArgument);
  const topicMessages = t.isObjectLiteralExpression(batch) ? propertyInitializer(t, batch, 'topicMessages') : undefined;
  const list = topicMessages ? scan.definition(topicMessages) : undefined;
  const emit = (topic: Value, { messages, unknown }: ReturnType<typeof readMessageList>) => {
    scan.emit.produce({ library, node: call, topic, messages, messagesUnknown: unknown, expectsReply: false, transport: 'kafka' });
  };
  if (list !== undefined && t.isArrayLiteralExpression(list)) {
    for (const element of list.elements) {
      const entry = scan.definition(element);
      if (!t.isObjectLiteralExpression(entry)) continue;
      const read = readMessageList(scan, propertyInitializer(t, entry, 'messages'));
      for (const topic of topicsOf(scan, propertyInitializer(t, entry, 'topic'), element)) emit(topic, read);
    }
    return;
  }
  // A list made by the code: `Object.entries(TOPICS).map(([, topic]) => ({ topic, messages }))`. Each
  // element's topic is read with the callback's parameter bound to it.
  const items = list && scan.listItems(list);
  if (items === undefined) {
    emit(memberOf(scan, batchArgument, 'topicMessages'), { messages: [], unknown: true });
    return;
  }
  for (const item of items) {
    const entry = item.node && scan.definition(item.node);
    const read = entry !== undefined && t.isObjectLiteralExpression(entry) ? readMessageList(scan, propertyInitializer(t, entry, 'messages')) : { messages: [], unknown: true };
    emit(item.value(['topic']), read);
  }
}

function emitSubscribe(scan: DetectorScan, library: string, call: ts.CallExpression, subscriptionArgument: ts.Expression): void {
  const t = scan.ts;
  const subscription = scan.definition(subscriptionArgument);
  const consume = (topic: Value) => {
    scan.emit.consume({ library, node: call, topic, role: 'event', transport: 'kafka' });
  };
  if (!t.isObjectLiteralExpression(subscription)) {
    consume(memberOf(scan, subscriptionArgument, 'topic'));
    return;
  }
  const single = findProperty(t, subscription, 'topic');
  if (single.found) scan.evaluateEach(single.initializer).forEach(consume);
  const several = findProperty(t, subscription, 'topics');
  if (several.found) (scan.evaluateList(several.initializer) ?? [scan.evaluate(several.initializer)]).forEach(consume);
  // `subscribe({ ...topicConfig, fromBeginning: true })`: the topic is in what is spread.
  if (!single.found && !several.found && (single.maybe || several.maybe)) consume(scan.evaluatePath(subscription, ['topic']));
}
