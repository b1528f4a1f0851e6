import type ts from 'typescript';
import type { MessageFact } from '../model/facts.js';
import { unknownValue, type Value } from '../model/value.js';
import { calleeReceiver, propertyInitializer, shortText, unwrapExpression } from '../engine/ast.js';
import type { ClientKindTable, ClientUse, DetectorScan } from '../engine/detector.js';
import { isNullish, memberOf, readMessage } from './kafka-messages.js';
import { handlerFunction } from './message-handlers.js';

/**
 * One library's view of the node-rdkafka API, which `node-rdkafka` has and `@confluentinc/kafka-javascript`
 * keeps beside its KafkaJS-compatible one. Each detector keeps its own client kinds and modules; the calls
 * are read here:
 * - `producer.produce(topic, partition, value, key, timestamp, opaque, headers)`;
 * - `highLevelProducer.produce(topic, partition, value, key, timestamp, headers?, callback)`;
 * - `consumer.subscribe([topics])`, `consumer.assign([{ topic, partition }])`;
 * - `Producer.createWriteStream(config, topicConfig, { topic })` and its `write(buffer | message)`;
 * - `KafkaConsumer.createReadStream(config, topicConfig, { topics })`.
 */
export interface RdkafkaApi {
  /** The library written in the facts. */
  readonly library: string;
  /** Modules whose import lets a call on an unknown receiver count when its arguments have the library's shape. */
  readonly modules: readonly string[];
  /** Client kinds whose `produce` takes `opaque` then `headers` after the timestamp. */
  readonly producers: ReadonlySet<string>;
  /** Client kinds whose `produce` takes `headers` (optional) then a callback after the timestamp. */
  readonly highLevelProducers: ReadonlySet<string>;
  readonly consumers: ReadonlySet<string>;
  /** What `createWriteStream` returns: its `write` produces to the stream's topic. */
  readonly writeStreams: ReadonlySet<string>;
  /** What `createReadStream` returns: the call itself subscribes to the stream's topics. */
  readonly readStreams: ReadonlySet<string>;
}

/**
 * The names a CommonJS package's exports also go by: `import Kafka from 'node-rdkafka'` (with
 * `esModuleInterop`) binds the whole module as its default export, so `new Kafka.Producer()` names
 * `default.Producer`. Tables list both.
 */
export function alsoThroughDefault<Entry extends { readonly name: string }>(entries: readonly Entry[]): Entry[] {
  return entries.flatMap((entry) => [entry, { ...entry, name: `default.${entry.name}` }]);
}

/** The client kinds of a node-rdkafka-style module, named under the detector's own prefix. */
/** How rdkafka-style libraries are used as clients: `AdminClient.create(...)` alone sends and receives nothing. */
export const RDKAFKA_CLIENT_USE: ClientUse = {
  kind: 'kafka',
  helpers: ['CODES', 'librdkafkaVersion', 'features'],
  admin: ['admin', 'AdminClient'],
  messaging: ['producer', 'consumer', 'transaction', 'Producer', 'HighLevelProducer', 'KafkaConsumer', 'Consumer', 'createWriteStream', 'createReadStream'],
};

export function rdkafkaKinds(prefix: string) {
  return {
    /** The module itself (`const Kafka = require(...)`), for its `createReadStream` / `createWriteStream`. */
    module: `${prefix}.module`,
    producerClass: `${prefix}.producer-class`,
    consumerClass: `${prefix}.consumer-class`,
    producer: `${prefix}.producer`,
    highLevelProducer: `${prefix}.high-level-producer`,
    consumer: `${prefix}.consumer`,
    writeStream: `${prefix}.write-stream`,
    readStream: `${prefix}.read-stream`,
  } as const;
}

type RdkafkaKinds = ReturnType<typeof rdkafkaKinds>;

/** The call API of a node-rdkafka-style module with these kinds. */
export function rdkafkaApi(module: string, kinds: RdkafkaKinds): RdkafkaApi {
  return {
    library: module,
    modules: [module],
    producers: new Set([kinds.producer]),
    highLevelProducers: new Set([kinds.highLevelProducer]),
    consumers: new Set([kinds.consumer]),
    writeStreams: new Set([kinds.writeStream]),
    readStreams: new Set([kinds.readStream]),
  };
}

/**
 * The client tables of a node-rdkafka-style module: `Producer`, `HighLevelProducer`, `KafkaConsumer` made
 * with `new` or named in types, the classes' and the module's stream factories, and the client a stream
 * keeps. Entries are listed under their default-import names too.
 */
export function rdkafkaClients(module: string, kinds: RdkafkaKinds): Required<Pick<ClientKindTable, 'constructors' | 'types' | 'values' | 'factories' | 'properties'>> {
  const clientClasses = alsoThroughDefault([
    { module, name: 'Producer', kind: kinds.producer },
    { module, name: 'HighLevelProducer', kind: kinds.highLevelProducer },
    { module, name: 'KafkaConsumer', kind: kinds.consumer },
  ]);
  return {
    constructors: clientClasses,
    types: clientClasses,
    values: [
      { module, name: '*', kind: kinds.module },
      { module, name: 'default', kind: kinds.module },
      ...alsoThroughDefault([
        { module, name: 'Producer', kind: kinds.producerClass },
        { module, name: 'KafkaConsumer', kind: kinds.consumerClass },
      ]),
    ],
    factories: [
      { on: kinds.module, method: 'createWriteStream', kind: kinds.writeStream },
      { on: kinds.producerClass, method: 'createWriteStream', kind: kinds.writeStream },
      { on: kinds.module, method: 'createReadStream', kind: kinds.readStream },
      { on: kinds.consumerClass, method: 'createReadStream', kind: kinds.readStream },
    ],
    properties: [
      { on: kinds.writeStream, property: 'producer', kind: kinds.producer },
      { on: kinds.readStream, property: 'consumer', kind: kinds.consumer },
    ],
  };
}

/** Records the produces and consumes of rdkafka-style calls in the scanned file. */
export function detectRdkafkaCalls(scan: DetectorScan, api: RdkafkaApi): void {
  const importsLibrary = api.modules.some((module) => scan.imports(module));
  for (const call of scan.calls('produce')) {
    const highLevel = producerOf(scan, api, call, importsLibrary);
    if (highLevel !== undefined) emitProduce(scan, api.library, call, highLevel);
  }
  for (const call of scan.calls('subscribe')) {
    const topics = call.arguments[0];
    if (topics === undefined) continue;
    const shaped = () => scan.ts.isArrayLiteralExpression(scan.definition(topics));
    if (!isConsumer(scan, api, call, importsLibrary, shaped)) continue;
    for (const topic of topicList(scan, topics)) emitConsume(scan, api.library, call, topic);
  }
  for (const call of scan.calls('assign')) {
    const assignments = call.arguments[0];
    if (assignments === undefined || !isConsumer(scan, api, call, false, () => false)) continue;
    for (const topic of assignedTopics(scan, assignments)) emitConsume(scan, api.library, call, topic);
  }
  // `consumer.on('data', (message) => ...)`, and `stream.on('data', ...)` of a read stream.
  for (const call of scan.calls('on')) {
    const [event, listener] = call.arguments;
    if (event === undefined || listener === undefined || !scan.ts.isStringLiteralLike(event) || event.text !== 'data') continue;
    const receiver = calleeReceiver(scan.ts, call);
    const client = receiver && scan.classify(receiver);
    if (client === undefined || !(api.consumers.has(client.kind) || api.readStreams.has(client.kind))) continue;
    const node = handlerFunction(scan, listener);
    if (node) scan.emit.messageHandler({ library: api.library, node });
  }
  for (const call of scan.calls('createReadStream')) {
    const stream = scan.classify(call);
    const options = call.arguments[2];
    if (stream === undefined || !api.readStreams.has(stream.kind) || options === undefined) continue;
    const object = scan.definition(options);
    const topics = scan.ts.isObjectLiteralExpression(object) ? propertyInitializer(scan.ts, object, 'topics') : undefined;
    for (const topic of topics ? topicList(scan, topics) : [memberOf(scan, options, 'topics')]) emitConsume(scan, api.library, call, topic);
  }
  for (const call of scan.calls('write')) {
    const receiver = calleeReceiver(scan.ts, call);
    const stream = receiver && scan.classify(receiver);
    const data = call.arguments[0];
    if (stream === undefined || !api.writeStreams.has(stream.kind) || data === undefined) continue;
    emitWrite(scan, api.library, call, data, stream.creation);
  }
}

/**
 * Whether a `produce` call is made on a producer: `false` for a `Producer`, `true` for a `HighLevelProducer`
 * (whose arguments after the timestamp differ), `undefined` when it is not a producer of this library. A
 * receiver nothing is known of counts in a file that imports the library when the call passes a partition
 * where the library takes one (`produce(topic, null, value, key)`) and does not resolve to a wrapper.
 */
function producerOf(scan: DetectorScan, api: RdkafkaApi, call: ts.CallExpression, importsLibrary: boolean): boolean | undefined {
  const receiver = calleeReceiver(scan.ts, call);
  if (receiver === undefined) return undefined;
  const client = scan.classify(receiver);
  if (client) {
    if (api.producers.has(client.kind)) return false;
    if (api.highLevelProducers.has(client.kind)) return true;
    return undefined;
  }
  if (!importsLibrary || !looksLikeProduce(scan, call) || scan.callsSourceFunction(call)) return undefined;
  // Only the high-level producer takes a delivery callback.
  const last = call.arguments.at(-1);
  return last !== undefined && isFunction(scan, last);
}

function isConsumer(scan: DetectorScan, api: RdkafkaApi, call: ts.CallExpression, importsLibrary: boolean, shaped: () => boolean): boolean {
  const receiver = calleeReceiver(scan.ts, call);
  if (receiver === undefined) return false;
  const client = scan.classify(receiver);
  if (client) return api.consumers.has(client.kind);
  return importsLibrary && shaped() && !scan.callsSourceFunction(call);
}

/** `produce(topic, partition, value, ...)` with a partition written as `null`, `undefined` or a number. */
function looksLikeProduce(scan: DetectorScan, call: ts.CallExpression): boolean {
  const t = scan.ts;
  const partition = call.arguments[1];
  if (call.arguments.length < 3 || partition === undefined) return false;
  const node = unwrapExpression(t, partition);
  const number = t.isPrefixUnaryExpression(node) && node.operator === t.SyntaxKind.MinusToken ? node.operand : node;
  return isNullish(scan, node) || t.isNumericLiteral(number);
}

function isFunction(scan: DetectorScan, expression: ts.Expression): boolean {
  const node = unwrapExpression(scan.ts, expression);
  return scan.ts.isArrowFunction(node) || scan.ts.isFunctionExpression(node);
}

/**
 * `produce(topic, partition, value, key, ...)`: one message, keyed when a key is given that is not
 * `null` or `undefined` (librdkafka then partitions by the key's hash); with no key the partitioner
 * spreads messages over partitions.
 */
function emitProduce(scan: DetectorScan, library: string, call: ts.CallExpression, highLevel: boolean): void {
  const t = scan.ts;
  const args = call.arguments;
  const topicArgument = args[0];
  if (topicArgument === undefined) return;
  // `produce(...args)`: neither the topic nor the key has a known place.
  const spread = args.findIndex((argument) => t.isSpreadElement(argument));
  if (spread >= 0 && spread <= 3) {
    const topics = spread === 0 ? [unknownValue(shortText(topicArgument), 'the arguments are spread')] : scan.evaluateEach(topicArgument);
    for (const topic of topics) emitProduceFact(scan, library, call, topic, { node: call, key: 'unknown' });
    return;
  }
  const value = args[2];
  const key = args[3];
  // `HighLevelProducer.produce(topic, partition, value, key, timestamp, callback)` has headers only before a callback.
  const headers = highLevel ? (args.length >= 7 ? args[5] : undefined) : args[6];
  const keyed = key !== undefined && !isNullish(scan, key);
  const message: MessageFact = {
    node: key ?? call,
    key: keyed ? 'present' : 'absent',
    ...(keyed ? { keyExpression: key } : {}),
    ...(value ? { value } : {}),
    ...(headers && !isNullish(scan, headers) ? { headers } : {}),
  };
  for (const topic of scan.evaluateEach(topicArgument)) emitProduceFact(scan, library, call, topic, message);
}

function emitProduceFact(scan: DetectorScan, library: string, call: ts.CallExpression, topic: Value, message: MessageFact): void {
  scan.emit.produce({ library, node: call, topic, messages: [message], messagesUnknown: false, expectsReply: false, transport: 'kafka' });
}

function emitConsume(scan: DetectorScan, library: string, call: ts.CallExpression, topic: Value): void {
  scan.emit.consume({ library, node: call, topic, role: 'event', transport: 'kafka' });
}

/**
 * The topics of a subscription list, one value per topic: `['a', 'b']`, a const or imported list, a loop
 * variable inside the list (`TOPICS.forEach((topic) => consumer.subscribe([topic]))`), `Object.values(Topics)`,
 * a single topic or RegExp where the library takes one (`createReadStream`'s `topics: 'a'`).
 */
function topicList(scan: DetectorScan, expression: ts.Expression): readonly Value[] {
  const t = scan.ts;
  const list = scan.definition(expression);
  if (!t.isArrayLiteralExpression(list)) return scan.evaluateList(expression) ?? scan.evaluateEach(expression);
  return list.elements.flatMap((element): readonly Value[] => {
    if (t.isOmittedExpression(element)) return [];
    if (t.isSpreadElement(element)) return scan.evaluateList(element.expression) ?? [unknownValue(shortText(element), 'a list built elsewhere')];
    return scan.evaluateEach(element);
  });
}

/** `consumer.assign([{ topic: 'a', partition: 0 }])`: the topic of each assignment. */
function assignedTopics(scan: DetectorScan, expression: ts.Expression): readonly Value[] {
  const t = scan.ts;
  const list = scan.definition(expression);
  if (!t.isArrayLiteralExpression(list)) return [unknownValue(shortText(expression), 'assignments built elsewhere')];
  return list.elements.flatMap((element): readonly Value[] => {
    const assignment = t.isSpreadElement(element) || t.isOmittedExpression(element) ? undefined : scan.definition(element);
    if (assignment === undefined) return [unknownValue(shortText(element), 'assignments built elsewhere')];
    const topic = t.isObjectLiteralExpression(assignment) ? propertyInitializer(t, assignment, 'topic') : undefined;
    return topic ? scan.evaluateEach(topic) : [memberOf(scan, element, 'topic')];
  });
}

/**
 * `stream.write(data)` on a stream from `createWriteStream(config, topicConfig, options)`. A buffer stream
 * produces `data` to `options.topic` with no key; an `objectMode` stream produces message objects
 * `{ topic, value, key, partition, headers }`, shaped like kafkajs messages.
 */
function emitWrite(scan: DetectorScan, library: string, call: ts.CallExpression, data: ts.Expression, creation: ts.Expression | undefined): void {
  const t = scan.ts;
  const options = creation && t.isCallExpression(creation) ? creation.arguments[2] : undefined;
  const optionsObject = options && scan.definition(options);
  const objectMode = optionsObject && t.isObjectLiteralExpression(optionsObject) ? propertyInitializer(t, optionsObject, 'objectMode') : undefined;
  if (objectMode !== undefined && unwrapExpression(t, objectMode).kind === t.SyntaxKind.TrueKeyword) {
    const message = scan.definition(data);
    const topic = t.isObjectLiteralExpression(message) ? propertyInitializer(t, message, 'topic') : undefined;
    for (const value of topic ? scan.evaluateEach(topic) : [memberOf(scan, data, 'topic')]) {
      emitProduceFact(scan, library, call, value, readMessage(scan, data));
    }
    return;
  }
  let topic: Value;
  if (optionsObject && t.isObjectLiteralExpression(optionsObject)) {
    const topicExpression = propertyInitializer(t, optionsObject, 'topic');
    topic = topicExpression ? scan.evaluate(topicExpression) : unknownValue(shortText(optionsObject), 'no topic in the stream options');
  } else {
    topic = options ? memberOf(scan, options, 'topic') : unknownValue(shortText(call), 'a stream created elsewhere');
  }
  emitProduceFact(scan, library, call, topic, { node: data, key: objectMode === undefined ? 'absent' : 'unknown', value: data });
}
