import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { showValue, typedScanner, VIRTUAL_ROOT } from '../../../test/helpers/scan.js';
import { CallerBinder } from './callers.js';
import { createResolution, fileIndexOf } from './scan-source-file.js';

/** A small monorepo: wrappers in one place, their callers elsewhere. Built once for the whole file. */
const FILES: Record<string, string> = {
  'broker/kafka.ts': `import { Kafka } from 'kafkajs';

const producer = new Kafka({ clientId: 'broker', brokers: ['kafka:9092'] }).producer();

export async function publish(topic: string, event: { id: string }) {
  await producer.send({ topic, messages: [{ key: event.id, value: JSON.stringify(event) }] });
}

export async function publishToDlq(topic: string) {
  await producer.send({ topic: \`\${topic}.dlq\`, messages: [{ key: 'dlq', value: 'failed' }] });
}

export async function publishWithDefault(event: { id: string }, topic = 'default.topic') {
  await producer.send({ topic, messages: [{ key: event.id, value: event.id }] });
}
`,
  'broker/topics.ts': `export const Topics = { OrderCreated: 'order.created', UserCreated: 'user.created' } as const;
`,
  'orders/create-order.ts': `import { publish, publishWithDefault } from '../broker/kafka';
import { Topics } from '../broker/topics';

export async function createOrder(id: string) {
  await publish(Topics.OrderCreated, { id });
  await publishWithDefault({ id });
}
`,
  'users/create-user.ts': `import { publish } from '../broker/kafka';
import { Topics } from '../broker/topics';

export async function createUser(id: string) {
  await publish(Topics.UserCreated, { id });
}

export async function republish(args: [string, { id: string }]) {
  await publish(...args);
}
`,
  'events/order-events.ts': `import { publish } from '../broker/kafka';

export const emitOrderEvent = (name: string, id: string) => publish(\`order.\${name}\`, { id });
`,
  'events/paid.ts': `import { emitOrderEvent } from './order-events';

export const paid = (id: string) => emitOrderEvent('paid', id);
`,
  'http/http-client.ts': `import axios, { type AxiosInstance } from 'axios';

export class HttpClient {
  private readonly api: AxiosInstance;
  constructor(baseURL: string) {
    this.api = axios.create({ baseURL, timeout: 3000 });
  }
  get(path: string) {
    return this.api.get(path);
  }
}
`,
  'http/use.ts': `import { HttpClient } from './http-client';

const URL_A = process.env.PAYMENTS_URL ?? 'http://payments:8080';
const URL_B = 'http://users:3000';
const payments = new HttpClient(URL_A);
const users = new HttpClient(URL_B);

export async function charge() {
  await payments.get('/charges');
}

export function keep() {
  return users;
}
`,
  'inventory/inventory.client.ts': `import axios from 'axios';

export class InventoryClient {
  constructor(private readonly baseUrl: string) {}
  reserve(sku: string) {
    return axios.post(\`\${this.baseUrl}/reservations\`, { sku });
  }
}

export const inventory = new InventoryClient(process.env.INVENTORY_URL ?? 'http://inventory:3000');
`,
  'wrapper/kafka.service.ts': `import { Kafka, type ProducerRecord } from 'kafkajs';

export class KafkaService {
  private readonly producer = new Kafka({ clientId: 'x', brokers: ['kafka:9092'] }).producer();
  async send(record: ProducerRecord) {
    await this.producer.send(record);
  }
}
`,
  'wrapper/orders.service.ts': `import type { Message } from 'kafkajs';
import { KafkaService } from './kafka.service';

export class OrdersService {
  constructor(private readonly kafkaService: KafkaService) {}
  async create(id: string) {
    const message: Message = { key: id, value: id };
    await this.kafkaService.send({ topic: 'order.created', messages: [message] });
  }
}
`,
  'consumers/base.consumer.ts': `import { Kafka, type Consumer } from 'kafkajs';

export abstract class BaseConsumer {
  protected abstract readonly topic: string;
  private readonly consumer: Consumer;
  constructor(kafka: Kafka) {
    this.consumer = kafka.consumer({ groupId: 'consumers' });
  }
  async start() {
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({ eachMessage: async ({ message }) => this.handle(message.value?.toString() ?? '') });
  }
  protected abstract handle(value: string): Promise<void>;
}
`,
  'consumers/order-created.consumer.ts': `import { BaseConsumer } from './base.consumer';
import { Topics } from '../broker/topics';

export class OrderCreatedConsumer extends BaseConsumer {
  protected readonly topic = Topics.OrderCreated;
  protected async handle(value: string) {
    console.log(value);
  }
}
`,
  'consumers/user-created.consumer.ts': `import { BaseConsumer } from './base.consumer';

export class UserCreatedConsumer extends BaseConsumer {
  protected readonly topic = process.env.USER_TOPIC ?? 'user.created';
  protected async handle(value: string) {
    console.log(value);
  }
}
`,
  'consumers/topic-by-super.ts': `import { Kafka, type Consumer } from 'kafkajs';

export class TopicConsumer {
  private readonly consumer: Consumer;
  constructor(kafka: Kafka, private readonly topic: string) {
    this.consumer = kafka.consumer({ groupId: topic });
  }
  async start() {
    await this.consumer.subscribe({ topic: this.topic });
  }
}

export class PaymentConsumer extends TopicConsumer {
  constructor(kafka: Kafka) {
    super(kafka, 'payment.captured');
  }
}
`,
};

let shared: ReturnType<typeof setUp> | undefined;
function setUp() {
  const { program, scan, errors } = typedScanner(FILES);
  for (const entry of Object.keys(FILES)) expect(errors(entry), entry).toEqual([]);
  const { context, evaluator } = createResolution(ts, program.getTypeChecker());
  const indexes = Object.keys(FILES).map((entry) => fileIndexOf(ts, program.getSourceFile(path.join(VIRTUAL_ROOT, entry))!));
  return { scan, binder: new CallerBinder(context, evaluator, indexes) };
}
const world = () => (shared ??= setUp());

function where(node: ts.Node): string {
  const sourceFile = node.getSourceFile();
  return `${path.relative(VIRTUAL_ROOT, sourceFile.fileName)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** Every placement of the produces and HTTP calls of `entry`: `where values via=...`. */
function placements(entry: string): string[] {
  const { scan, binder } = world();
  const facts = scan(entry);
  const interactions = [
    ...facts.produces.map((fact) => ({ node: fact.node, values: [fact.topic] })),
    ...facts.consumes.map((fact) => ({ node: fact.node, values: [fact.topic] })),
    ...facts.http.map((fact) => ({ node: fact.node, values: [fact.method, fact.url] })),
  ];
  return interactions.flatMap(({ node, values }) =>
    binder.place(node, values).map((placement) => `${where(placement.at)} ${placement.values.map(showValue).join(' ')} via=${placement.via.map(where).join(',')}`),
  );
}

describe('CallerBinder', () => {
  it('a wrapper called from two files with different constants is placed at each call site', () => {
    const published = placements('broker/kafka.ts').filter((line) => line.endsWith('broker/kafka.ts:6'));
    expect(published).toEqual([
      'orders/create-order.ts:5 "order.created" via=broker/kafka.ts:6',
      'users/create-user.ts:5 "user.created" via=broker/kafka.ts:6',
      // A spread argument cannot be matched to the parameter.
      'users/create-user.ts:9 ?(topic) via=broker/kafka.ts:6',
      // Through a second wrapper: placed at the outermost call, via both calls, innermost first.
      'events/paid.ts:3 "order.paid" via=events/order-events.ts:3,broker/kafka.ts:6',
    ]);
  });

  it('a wrapper with no callers is placed once, at the library call, with its parameter unknown', () => {
    const { scan, binder } = world();
    const dlq = scan('broker/kafka.ts').produces[1]!;
    expect(showValue(dlq.topic)).toBe('param(0)+".dlq"');
    const placed = binder.place(dlq.node, [dlq.topic]);
    expect(placed).toHaveLength(1);
    expect(placed[0]!.at).toBe(dlq.node);
    expect(placed[0]!.via).toEqual([]);
    expect(placed[0]!.values[0]).toMatchObject({ kind: 'concat', parts: [{ kind: 'unknown', text: 'topic', reason: 'a parameter of publishToDlq that nothing calls' }, { kind: 'string', value: '.dlq' }] });
  });

  it('a parameter the caller leaves out takes its default', () => {
    expect(placements('broker/kafka.ts').filter((line) => line.includes('via=broker/kafka.ts:14'))).toEqual([
      'orders/create-order.ts:6 "default.topic" via=broker/kafka.ts:14',
    ]);
  });

  it('a base URL injected through the constructor binds at the library call', () => {
    // Configuration comes from `new InventoryClient(...)`; the request still happens where axios is called.
    expect(placements('inventory/inventory.client.ts')).toEqual([
      'inventory/inventory.client.ts:6 "POST" env(INVENTORY_URL??"http://inventory:3000")+"/reservations" via=',
    ]);
  });

  it('a method called on one instance binds that instance\'s constructor argument only', () => {
    // `payments.get('/charges')`: URL_A, never URL_B of the other instance; one slash where the base URL
    // and the path meet.
    expect(placements('http/http-client.ts')).toEqual(['http/use.ts:9 "GET" env(PAYMENTS_URL??"http://payments:8080")+"/charges" via=http/http-client.ts:9']);
  });

  it('a wrapper method taking a whole record binds the record\'s topic at the call', () => {
    expect(placements('wrapper/kafka.service.ts')).toEqual(['wrapper/orders.service.ts:8 "order.created" via=wrapper/kafka.service.ts:6']);
    // ...and the call itself is not a second produce (the kafkajs detector leaves wrappers to the binder).
    expect(world().scan('wrapper/orders.service.ts').produces).toEqual([]);
  });

  it('a topic member a base consumer leaves to its subclasses is placed at each subclass', () => {
    // `this.topic` in the base is `abstract`: each subclass sets it, where the topic is visible.
    expect(world().scan('consumers/base.consumer.ts').consumes.map((fact) => showValue(fact.topic))).toEqual(['param(-1.topic)']);
    expect(placements('consumers/base.consumer.ts')).toEqual([
      'consumers/order-created.consumer.ts:5 "order.created" via=consumers/base.consumer.ts:10',
      'consumers/user-created.consumer.ts:4 env(USER_TOPIC??"user.created") via=consumers/base.consumer.ts:10',
    ]);
  });

  it('a topic a subclass passes to super() binds at the library call', () => {
    expect(placements('consumers/topic-by-super.ts')).toEqual(['consumers/topic-by-super.ts:9 "payment.captured" via=']);
  });
});
