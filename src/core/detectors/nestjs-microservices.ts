import type ts from 'typescript';
import type { KeyPresence, MessageFact } from '../model/facts.js';
import { concatValues, stringValue, unknownValue, type Value } from '../model/value.js';
import { calleeReceiver, findProperty, propertyInitializer, shortText, unwrapExpression } from '../engine/ast.js';
import type { ClientRef, Detector, DetectorScan, MessageScan } from '../engine/detector.js';
import { isNullish, keyFromType } from './kafka-messages.js';

const LIBRARY = '@nestjs/microservices';
const MODULE = '@nestjs/microservices';
const KAFKA_CLIENT = 'nest.client-kafka';
const ANY_CLIENT = 'nest.client-proxy';

/**
 * NestJS microservices: `ClientKafka` / `ClientProxy` `emit` (an event) and `send` (a request that waits for
 * a reply on `<pattern>.reply`), `subscribeToResponseOf`, and the handlers `@EventPattern` / `@MessagePattern`.
 * `Transport.X` mentions are recorded so a host can tell Kafka from TCP, Redis or RabbitMQ services.
 */
export const nestjsMicroservicesDetector: Detector = {
  library: LIBRARY,
  modules: [MODULE],
  // Nest's microservices speak TCP, Redis, NATS or Kafka: a Kafka client only where the file names Kafka.
  clientOf: { kind: 'kafka', onlyWith: ['ClientKafka', 'ClientKafkaProxy', 'KafkaContext', 'ServerKafka', 'KAFKA'] },
  clients: {
    types: [
      { module: MODULE, name: 'ClientKafka', kind: KAFKA_CLIENT },
      { module: MODULE, name: 'ClientKafkaProxy', kind: KAFKA_CLIENT },
      { module: MODULE, name: 'ClientProxy', kind: ANY_CLIENT },
    ],
    values: [{ module: MODULE, name: 'ClientProxyFactory', kind: 'nest.client-factory' }],
    factories: [{ on: 'nest.client-factory', method: 'create', kind: ANY_CLIENT }],
  },
  messagesAt: (expression, scan) => ({ messages: [readData(scan, expression)], unknown: false }),
  detect(scan) {
    const fileTransports = recordTransports(scan);
    for (const method of ['emit', 'send'] as const) {
      for (const call of scan.calls(method)) {
        const receiver = calleeReceiver(scan.ts, call);
        const client = receiver && scan.classify(receiver);
        if (!client || (client.kind !== KAFKA_CLIENT && client.kind !== ANY_CLIENT)) continue;
        emitClientCall(scan, call, method, transportOf(scan, client, fileTransports));
      }
    }
    for (const call of scan.calls('subscribeToResponseOf')) {
      const receiver = calleeReceiver(scan.ts, call);
      const client = receiver && scan.classify(receiver);
      const pattern = call.arguments[0];
      if (client?.kind !== KAFKA_CLIENT || pattern === undefined) continue;
      // A reply subscription is read in its file and never placed: a loop over topic objects is read here.
      for (const topic of patternValues(scan, pattern, true)) scan.emit.replySubscription({ library: LIBRARY, node: call, topic });
    }
    recordMessageServers(scan);
    if (!scan.imports(MODULE)) return;
    for (const [decoratorName, role] of [['EventPattern', 'event'], ['MessagePattern', 'request']] as const) {
      for (const decorator of scan.index.decoratorsByName.get(decoratorName) ?? []) {
        const call = decorator.expression as ts.CallExpression;
        const pattern = call.arguments[0];
        if (pattern === undefined) continue;
        // Which transport a handler serves is decided by the servers the service starts (main.ts), unless
        // the decorator names one.
        const explicit = call.arguments.find((argument) => transportName(scan, argument) !== undefined);
        const transport = explicit ? transportName(scan, explicit) : undefined;
        const handler = decorator.parent;
        if (scan.ts.isMethodDeclaration(handler)) scan.emit.messageHandler({ library: LIBRARY, node: handler });
        for (const topic of patternValues(scan, pattern)) {
          scan.emit.consume({
            library: LIBRARY,
            node: decorator,
            topic,
            role,
            ...(role === 'request' ? { replyTopic: replyTopicOf(topic) } : {}),
            ...(transport ? { transport } : {}),
          });
        }
      }
    }
  },
};

/** `Transport.KAFKA` -> `kafka`, for `Transport` imported from NestJS. */
function transportName(scan: DetectorScan, expression: ts.Expression): string | undefined {
  const t = scan.ts;
  const node = unwrapExpression(t, expression);
  if (!t.isPropertyAccessExpression(node) || !t.isIdentifier(node.expression)) return undefined;
  const binding = scan.index.imports.get(node.expression.text);
  if (binding?.module !== MODULE || binding.name !== 'Transport') return undefined;
  return node.name.text.toLowerCase();
}

function recordTransports(scan: DetectorScan): ReadonlySet<string> {
  const found = new Set<string>();
  for (const [objectName, reads] of scan.index.memberReadsByObject) {
    const binding = scan.index.imports.get(objectName);
    if (binding?.module !== MODULE || binding.name !== 'Transport') continue;
    for (const read of reads) {
      const name = read.name.text.toLowerCase();
      found.add(name);
      scan.emit.transport(name, read);
    }
  }
  return found;
}

/** A file that mentions Kafka and no other transport speaks Kafka. */
function onlyKafka(transports: ReadonlySet<string>): string | undefined {
  return transports.size === 1 && transports.has('kafka') ? 'kafka' : undefined;
}

function transportOf(scan: DetectorScan, client: ClientRef, fileTransports: ReadonlySet<string>): string | undefined {
  if (client.kind === KAFKA_CLIENT) return 'kafka';
  // `ClientProxyFactory.create({ transport: Transport.KAFKA, ... })`
  const options = client.creation && scan.ts.isCallExpression(client.creation) ? client.creation.arguments[0] : undefined;
  const definition = options && scan.definition(options);
  if (definition && scan.ts.isObjectLiteralExpression(definition)) {
    const transport = propertyInitializer(scan.ts, definition, 'transport');
    if (transport) return transportName(scan, transport);
  }
  return onlyKafka(fileTransports);
}

/**
 * A pattern: a string, an array of strings (NestJS 10+), or an object pattern that Kafka cannot route. A
 * loop variable over known topics gives each of them.
 */
function patternValues(scan: DetectorScan, pattern: ts.Expression, throughMembers = false): readonly Value[] {
  const t = scan.ts;
  const definition = scan.definition(pattern);
  if (t.isObjectLiteralExpression(definition)) return [unknownValue(shortText(pattern), 'an object pattern, not a topic name')];
  return scan.evaluateList(pattern) ?? scan.evaluateEach(pattern, throughMembers);
}

function emitClientCall(scan: DetectorScan, call: ts.CallExpression, method: 'emit' | 'send', transport: string | undefined): void {
  const pattern = call.arguments[0];
  if (pattern === undefined) return;
  const data = call.arguments[1];
  const messages: MessageFact[] = data ? [readData(scan, data)] : [];
  const undecided = data !== undefined && messages.some((message) => message.key === 'unknown');
  for (const topic of patternValues(scan, pattern)) {
    scan.emit.produce({
      library: LIBRARY,
      node: call,
      topic,
      messages,
      messagesUnknown: data === undefined,
      ...(undecided ? { messagesSource: { expression: data, path: [] } } : {}),
      expectsReply: method === 'send',
      ...(method === 'send' ? { replyTopic: replyTopicOf(topic) } : {}),
      ...(transport ? { transport } : {}),
    });
  }
}

/**
 * NestJS sends `data` as the message value unless it is an object with `key` or `value`, which it takes as
 * the Kafka message itself (KafkaRequestSerializer): only a `key` there partitions the message.
 */
function readData(scan: MessageScan, data: ts.Expression): MessageFact {
  const t = scan.ts;
  const definition = scan.definition(data);
  if (t.isObjectLiteralExpression(definition)) {
    const key = findProperty(t, definition, 'key');
    const value = findProperty(t, definition, 'value');
    const headers = findProperty(t, definition, 'headers');
    const isMessage = key.found || value.found;
    const presence: KeyPresence = key.found ? (isNullish(scan, key.initializer) ? 'absent' : 'present') : key.maybe ? 'unknown' : 'absent';
    return {
      node: data,
      key: presence,
      ...(key.found ? { keyExpression: key.initializer } : {}),
      value: isMessage && value.found ? value.initializer : data,
      ...(isMessage && headers.found ? { headers: headers.initializer } : {}),
    };
  }
  // The type written where the data is passed (`createdTransfer: TransferType`, `customerId: string`) says more
  // than the expression it was assigned from (`(await request(...)) as TransferType`).
  const written = keyFromType(scan, data);
  return { node: data, key: written !== 'unknown' ? written : keyOfOpaqueData(scan, definition), value: data };
}

function keyOfOpaqueData(scan: MessageScan, data: ts.Expression): KeyPresence {
  const t = scan.ts;
  const node = unwrapExpression(t, data);
  // Strings, numbers and `JSON.stringify(...)` are sent as the value with no key.
  if (t.isStringLiteralLike(node) || t.isTemplateExpression(node) || t.isNumericLiteral(node)) return 'absent';
  if (t.isCallExpression(node)) {
    const callee = unwrapExpression(t, node.expression);
    if (t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && callee.expression.text === 'JSON') return 'absent';
  }
  return keyFromType(scan, node);
}

/** NestJS's Kafka transport answers a request on `<pattern>.reply` (ClientKafka.getResponsePatternName). */
function replyTopicOf(topic: Value): Value {
  return concatValues([topic, stringValue('.reply')]);
}

/**
 * `NestFactory.createMicroservice(AppModule, { transport })` and `app.connectMicroservice({ transport })`:
 * the servers that make a service's `@EventPattern` / `@MessagePattern` handlers receive anything.
 */
function recordMessageServers(scan: DetectorScan): void {
  if (!scan.imports('@nestjs/core') && !scan.imports(MODULE)) return;
  for (const [method, optionsAt] of [['createMicroservice', 1], ['connectMicroservice', 0]] as const) {
    for (const call of scan.calls(method)) {
      const options = call.arguments[optionsAt];
      const definition = options && scan.definition(options);
      let transport: string | undefined;
      if (definition && scan.ts.isObjectLiteralExpression(definition)) {
        const named = propertyInitializer(scan.ts, definition, 'transport');
        // Without `transport` (or a custom `strategy`), NestJS listens on TCP.
        const custom = findProperty(scan.ts, definition, 'strategy').found;
        transport = named ? transportName(scan, named) : custom ? undefined : 'tcp';
      }
      scan.emit.messageServer({ library: LIBRARY, node: call, ...(transport ? { transport } : {}) });
    }
  }
}
