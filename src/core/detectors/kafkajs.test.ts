import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

/**
 * Every fixture is a file of a small service, written the way teams write them; each case lives in its own
 * folder of one shared in-memory program (building a program costs a second or two).
 */
const FILES: Record<string, string> = {
  'provider/order-events.ts': `import { Kafka, Producer } from 'kafkajs';
import { Injectable, OnModuleInit } from '@nestjs/common';

@Injectable()
export class OrderEvents implements OnModuleInit {
  private readonly producer: Producer;
  constructor() {
    const kafka = new Kafka({ clientId: 'orders', brokers: [process.env.KAFKA_BROKER ?? 'localhost:9092'] });
    this.producer = kafka.producer();
  }
  async onModuleInit() {
    await this.producer.connect();
  }
  async orderConfirmed(order: { id: string }) {
    await this.producer.send({ topic: 'order.confirmed', messages: [{ key: order.id, value: JSON.stringify(order) }] });
  }
}
`,
  'init/payment-publisher.ts': `import { Kafka, type Producer } from 'kafkajs';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';

@Injectable()
export class PaymentPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly kafka = new Kafka({ clientId: 'payments', brokers: ['kafka:9092'] });
  private producer!: Producer;

  async onModuleInit() {
    this.producer = this.kafka.producer({ idempotent: true });
    await this.producer.connect();
  }
  async onModuleDestroy() {
    await this.producer.disconnect();
  }
  async paymentCaptured(paymentId: string, amount: number) {
    await this.producer.send({
      topic: process.env.PAYMENTS_TOPIC ?? 'payment.captured',
      messages: [{ key: paymentId, value: JSON.stringify({ paymentId, amount }) }],
    });
  }
}
`,
  'later/inventory.ts': `import { Kafka, Producer } from 'kafkajs';

const kafka = new Kafka({ clientId: 'inventory', brokers: ['localhost:9092'] });
let producer: Producer;

export async function connect() {
  producer = kafka.producer();
  await producer.connect();
}

export async function reserve(sku: string) {
  await producer.send({ topic: 'inventory.reserved', messages: [{ value: sku }] });
}
`,
  'shared/kafka.ts': `import { Kafka } from 'kafkajs';

export const kafka = new Kafka({ clientId: 'shipping', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') });
export const producer = kafka.producer();
export const consumer = kafka.consumer({ groupId: 'shipping' });
`,
  'shared/topics.ts': `export const Topics = {
  orders: { created: 'order.created', cancelled: 'order.cancelled' },
  shipment: 'shipment.dispatched',
} as const;

export enum PaymentTopic {
  Captured = 'payment.captured',
  Failed = 'payment.failed',
}
`,
  'shared/shipment-publisher.ts': `import { producer } from './kafka';
import { Topics } from './topics';

export async function shipmentDispatched(orderId: string) {
  await producer.send({ topic: Topics.shipment, messages: [{ key: orderId, value: JSON.stringify({ orderId }) }] });
}
`,
  'shared/order-consumer.ts': `import { consumer } from './kafka';
import { PaymentTopic, Topics } from './topics';

export async function start() {
  await consumer.connect();
  await consumer.subscribe({ topics: [Topics.orders.created, Topics.orders.cancelled, PaymentTopic.Captured], fromBeginning: false });
  await consumer.subscribe({ topic: /^payment\\..*/i });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      console.log(topic, message.value?.toString());
    },
  });
}
`,
  'batch/flush.ts': `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
const producer = kafka.producer();

interface Order { id: string; total: number }

export async function flush(orders: Order[]) {
  await producer.send({
    topic: 'order.created',
    messages: orders.map((order) => ({ key: order.id, value: JSON.stringify(order) })),
  });
  await producer.sendBatch({
    topicMessages: [
      { topic: 'order.created', messages: orders.map((o) => ({ key: o.id, value: JSON.stringify(o) })) },
      { topic: 'audit.log', messages: [{ value: 'flushed' }] },
    ],
  });
  const transaction = await producer.transaction();
  await transaction.send({ topic: 'ledger.entry', messages: [{ key: 'ledger', value: String(orders.length) }] });
  await transaction.commit();
}
`,
  'loops/topics.ts': `export const ORDER_TOPICS = ['order.created', 'order.paid'] as const;
export const AuditTopic = { Login: 'audit.login', Logout: 'audit.logout' } as const;
export enum UserTopic { Created = 'user.created', Deleted = 'user.deleted' }
`,
  'loops/consumer.ts': `import { Kafka } from 'kafkajs';
import { AuditTopic, ORDER_TOPICS, UserTopic } from './topics';

const consumer = new Kafka({ clientId: 'x', brokers: ['kafka:9092'] }).consumer({ groupId: 'g' });

export async function start() {
  for (const topic of ORDER_TOPICS) await consumer.subscribe({ topic });
  ORDER_TOPICS.forEach((topic) => consumer.subscribe({ topic }));
  await Promise.all(Object.values(UserTopic).map((topic) => consumer.subscribe({ topic, fromBeginning: true })));
  await consumer.subscribe({ topics: [...ORDER_TOPICS, 'order.refunded'] });
  await consumer.subscribe({ topics: Object.values(AuditTopic) });
  await consumer.subscribe({ topic: ORDER_TOPICS[1] });
}
`,
  'js/worker.js': `const { Kafka } = require('kafkajs');

const kafka = new Kafka({ clientId: 'worker', brokers: [process.env.KAFKA_BROKER || 'kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'worker' });

async function run() {
  await consumer.subscribe({ topic: 'jobs.requested', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await producer.send({ topic: 'jobs.done', messages: [{ key: message.key, value: message.value }] });
    },
  });
}

module.exports = { run };
`,
  'js/namespace.js': `const kafkajs = require('kafkajs');

const producer = new kafkajs.Kafka({ clientId: 'x', brokers: ['kafka:9092'] }).producer();

exports.publish = async (id) => {
  await producer.send({ topic: 'things.happened', messages: [{ key: id, value: id }] });
};
`,
  'ns/publisher.ts': `import * as kafkajs from 'kafkajs';

const kafka = new kafkajs.Kafka({ clientId: 'x', brokers: ['kafka:9092'] });
export const producer: kafkajs.Producer = kafka.producer();

export async function publish(id: string) {
  await producer.send({ topic: 'ns.topic', messages: [{ value: id }] });
}
`,
  'inject/publisher.ts': `import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Consumer, Kafka, Producer } from 'kafkajs';

export const KAFKA_PRODUCER = 'KAFKA_PRODUCER';

@Injectable()
export class Publisher implements OnModuleInit {
  private readonly consumer: Consumer;
  private auditProducer!: Producer;
  constructor(@Inject(KAFKA_PRODUCER) private readonly producer: Producer, private readonly kafka: Kafka) {
    this.consumer = kafka.consumer({ groupId: 'publisher' });
  }
  onModuleInit() {
    this.auditProducer = this.kafka.producer();
  }
  async publish(id: string) {
    await this.producer.send({ topic: 'injected.topic', messages: [{ key: null, value: id }] });
    await this.auditProducer.send({ topic: 'audit.topic', messages: [{ ...{ key: id }, value: id }] });
    await this.consumer.subscribe({ topics: ['replies.one', 'replies.two'] });
  }
}
`,
  'base/base-producer.ts': `import { Kafka, Producer } from 'kafkajs';

export abstract class BaseProducer {
  protected readonly producer: Producer;
  constructor(kafka: Kafka) {
    this.producer = kafka.producer();
  }
}
`,
  'base/order-producer.ts': `import { BaseProducer } from './base-producer';

export class OrderProducer extends BaseProducer {
  async created(id: string) {
    await this.producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
  }
}
`,
  'callback/kafka.ts': `import { Kafka, type Producer } from 'kafkajs';

const kafka = new Kafka({ clientId: 'x', brokers: ['kafka:9092'] });

export async function withProducer(fn: (producer: Producer) => Promise<void>) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await fn(producer);
  } finally {
    await producer.disconnect();
  }
}
`,
  'callback/notify.ts': `import { withProducer } from './kafka';

export async function notify(userId: string) {
  await withProducer(async (producer) => {
    await producer.send({ topic: 'user.notified', messages: [{ key: userId, value: userId }] });
  });
}
`,
  'wrapper/kafka.service.ts': `import { Injectable } from '@nestjs/common';
import { Kafka, type Message, type ProducerRecord } from 'kafkajs';

@Injectable()
export class KafkaService {
  private readonly producer = new Kafka({ clientId: 'x', brokers: ['kafka:9092'] }).producer();

  async send(record: ProducerRecord) {
    await this.producer.send(record);
  }
  async publish(topic: string, messages: Message[]) {
    await this.producer.send({ topic, messages });
  }
}
`,
  'wrapper/orders.service.ts': `import { Injectable } from '@nestjs/common';
import type { Message } from 'kafkajs';
import { KafkaService } from './kafka.service';

@Injectable()
export class OrdersService {
  constructor(private readonly kafkaService: KafkaService) {}
  async create(id: string) {
    const message: Message = { key: id, value: id };
    await this.kafkaService.send({ topic: 'order.created', messages: [message] });
  }
}
`,
  'env/users.ts': `import { Kafka } from 'kafkajs';

const { KAFKA_TOPIC = 'user.created' } = process.env;
const producer = new Kafka({ clientId: 'users', brokers: ['kafka:9092'] }).producer();

export async function created(id: string) {
  await producer.send({ topic: KAFKA_TOPIC, messages: [{ key: id, value: id }] });
  await producer.send({ topic: \`\${process.env.TOPIC_PREFIX}.user.deleted\`, messages: [{ key: id, value: id }] });
  await producer.send({ topic: process.env.USER_TOPIC ?? process.env.DEFAULT_TOPIC ?? 'users', messages: [{ key: id, value: id }] });
}
`,
  'negative/no-kafka.ts': `import { EventEmitter } from 'node:events';
import { interval } from 'rxjs';

const notAProducer = { send: (record: unknown) => record };

export function handle(socket: { emit(event: string, data: unknown): void }) {
  notAProducer.send({ topic: 'not.a.topic', messages: [] });
  interval(1000).subscribe(() => undefined);
  const emitter = new EventEmitter();
  emitter.emit('order.created', {});
  socket.emit('order.created', {});
  const cache = new Map<string, string>();
  return cache.get('order.created');
}
`,
  'negative/admin.ts': `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'setup', brokers: ['kafka:9092'] });
const admin = kafka.admin();

export async function setup() {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'order.created', numPartitions: 3 }] });
  const producer = kafka.producer();
  await producer.connect();
  // await producer.send({ topic: 'commented.out', messages: [{ value: 'x' }] });
  const consumer = kafka.consumer({ groupId: 'setup' });
  await consumer.run({ eachMessage: async () => undefined });
}
`,
  'negative/look-alike.ts': `import type { Message } from 'kafkajs';

const outbox = { send: (record: { topic: string; messages: Message[] }) => record };

export function stage(id: string) {
  outbox.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('kafkajs', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES).filter((name) => name.endsWith('.ts'))) expect(program().errors(entry), entry).toEqual([]);
  });

  describe('clients held the way services hold them', () => {
    it('a NestJS provider assigning the producer in its constructor', () => {
      const expected = ['produce kafkajs L15 "order.confirmed" key=present kafka'];
      expect(untyped('provider/order-events.ts')).toEqual(expected);
      expect(typed('provider/order-events.ts')).toEqual(expected);
    });

    it('a producer made in onModuleInit from a Kafka field, with the topic from the environment', () => {
      const expected = ['produce kafkajs L17 env(PAYMENTS_TOPIC??"payment.captured") key=present kafka'];
      expect(untyped('init/payment-publisher.ts')).toEqual(expected);
      expect(typed('init/payment-publisher.ts')).toEqual(expected);
    });

    it('a module-level `let producer` assigned later in a connect function', () => {
      const expected = ['produce kafkajs L12 "inventory.reserved" key=absent kafka'];
      expect(untyped('later/inventory.ts')).toEqual(expected);
      expect(typed('later/inventory.ts')).toEqual(expected);
    });

    it('a producer injected by token, a consumer and a producer made from an injected Kafka', () => {
      const expected = [
        'produce kafkajs L17 "injected.topic" key=absent kafka',
        'produce kafkajs L18 "audit.topic" key=unknown kafka',
        'consume kafkajs L19 "replies.one" event kafka',
        'consume kafkajs L19 "replies.two" event kafka',
      ];
      expect(untyped('inject/publisher.ts')).toEqual(expected);
      expect(typed('inject/publisher.ts')).toEqual(expected);
      // `key: null` is no key; a spread may or may not bring one.
      const [injected, audit] = program().scan('inject/publisher.ts').produces;
      expect(injected?.messages.map((m) => m.key)).toEqual(['absent']);
      expect(audit?.messages.map((m) => m.key)).toEqual(['unknown']);
    });

    it('clients exported from kafka.ts and topics from an `as const` object and an enum in other files', () => {
      // Without types the file imports neither kafkajs nor anything the engine can follow: nothing is claimed.
      expect(untyped('shared/shipment-publisher.ts')).toEqual([]);
      expect(untyped('shared/order-consumer.ts')).toEqual([]);
      // With types, imports are followed to `kafka.producer()` / `kafka.consumer()` and to the constants.
      expect(typed('shared/shipment-publisher.ts')).toEqual(['produce kafkajs L5 "shipment.dispatched" key=present kafka']);
      expect(typed('shared/order-consumer.ts')).toEqual([
        'consume kafkajs L6 "order.created" event kafka',
        'consume kafkajs L6 "order.cancelled" event kafka',
        'consume kafkajs L6 "payment.captured" event kafka',
        'consume kafkajs L7 /^payment\\..*/i event kafka',
      ]);
      const regexp = program().scan('shared/order-consumer.ts').consumes[3]?.topic;
      expect(regexp).toEqual({ kind: 'regexp', source: '^payment\\..*', flags: 'i', text: '/^payment\\..*/i' });
      // The file that creates the clients sends nothing.
      expect(typed('shared/kafka.ts')).toEqual([]);
    });

    it('a producer from a base class in another file is only known with types', () => {
      expect(untyped('base/order-producer.ts')).toEqual([]);
      expect(typed('base/order-producer.ts')).toEqual(['produce kafkajs L5 "order.created" key=present kafka']);
    });

    it('a callback parameter whose type is inferred from the function it is passed to', () => {
      // `async (producer) => ...` has no annotation and the file does not import kafkajs: only the checker,
      // which infers `Producer` from `withProducer`'s signature, can tell it is a producer.
      expect(untyped('callback/notify.ts')).toEqual([]);
      expect(typed('callback/notify.ts')).toEqual(['produce kafkajs L5 "user.notified" key=present kafka']);
    });

    it('a namespace import', () => {
      const expected = ['produce kafkajs L7 "ns.topic" key=absent kafka'];
      expect(untyped('ns/publisher.ts')).toEqual(expected);
      expect(typed('ns/publisher.ts')).toEqual(expected);
    });
  });

  describe('JavaScript with require', () => {
    it('destructured require, a consumer and a producer inside eachMessage', () => {
      const expected = ['produce kafkajs L11 "jobs.done" key=present kafka', 'consume kafkajs L8 "jobs.requested" event kafka'];
      expect(untyped('js/worker.js')).toEqual(expected);
      expect(typed('js/worker.js')).toEqual(expected);
    });

    it('the whole module required under a name', () => {
      const expected = ['produce kafkajs L6 "things.happened" key=present kafka'];
      expect(untyped('js/namespace.js')).toEqual(expected);
      expect(typed('js/namespace.js')).toEqual(expected);
    });
  });

  describe('messages, batches and transactions', () => {
    it('`.map()` built messages, sendBatch with two topics, a transaction', () => {
      const expected = [
        'produce kafkajs L9 "order.created" key=present kafka',
        'produce kafkajs L13 "order.created" key=present kafka',
        'produce kafkajs L13 "audit.log" key=absent kafka',
        'produce kafkajs L20 "ledger.entry" key=present kafka',
      ];
      expect(untyped('batch/flush.ts')).toEqual(expected);
      expect(typed('batch/flush.ts')).toEqual(expected);
      const send = program().scan('batch/flush.ts').produces[0]!;
      expect(send.messagesUnknown).toBe(false);
      expect(send.messages[0]?.keyExpression?.getText()).toBe('order.id');
      expect(send.messages[0]?.payload).toBeUndefined();
    });
  });

  describe('subscriptions', () => {
    it('loops over topic lists, spreads, Object.values and an indexed element', () => {
      // Each loop subscribes to every element: one fact per topic, all at the subscribe call.
      const expected = [
        'consume kafkajs L7 "order.created" event kafka',
        'consume kafkajs L7 "order.paid" event kafka',
        'consume kafkajs L8 "order.created" event kafka',
        'consume kafkajs L8 "order.paid" event kafka',
        'consume kafkajs L9 "user.created" event kafka',
        'consume kafkajs L9 "user.deleted" event kafka',
        'consume kafkajs L10 "order.created" event kafka',
        'consume kafkajs L10 "order.paid" event kafka',
        'consume kafkajs L10 "order.refunded" event kafka',
        'consume kafkajs L11 "audit.login" event kafka',
        'consume kafkajs L11 "audit.logout" event kafka',
        'consume kafkajs L12 "order.paid" event kafka',
      ];
      expect(typed('loops/consumer.ts')).toEqual(expected);
      // Without types the lists live in another file: the topics stay unknown, but the subscriptions are seen.
      expect(untyped('loops/consumer.ts')).toEqual([
        'consume kafkajs L7 ?(topic) event kafka',
        'consume kafkajs L8 param(0) event kafka',
        'consume kafkajs L9 param(0) event kafka',
        'consume kafkajs L10 ?(...ORDER_TOPICS) event kafka',
        'consume kafkajs L10 "order.refunded" event kafka',
        'consume kafkajs L11 ?(Object.values(AuditTopic)) event kafka',
        'consume kafkajs L12 ?(ORDER_TOPICS[1]) event kafka',
      ]);
    });
  });

  describe('values', () => {
    it('a destructured env default, an env prefix in a template, a chain of env fallbacks', () => {
      const expected = [
        'produce kafkajs L7 env(KAFKA_TOPIC??"user.created") key=present kafka',
        'produce kafkajs L8 env(TOPIC_PREFIX)+".user.deleted" key=present kafka',
        'produce kafkajs L9 env(USER_TOPIC??env(DEFAULT_TOPIC??"users")) key=present kafka',
      ];
      expect(untyped('env/users.ts')).toEqual(expected);
      expect(typed('env/users.ts')).toEqual(expected);
    });
  });

  describe('wrappers', () => {
    it('the wrapper method records its parameter, for callers to bind', () => {
      const expected = ['produce kafkajs L9 param(0.topic) key=unknown kafka', 'produce kafkajs L12 param(0) key=unknown kafka'];
      expect(untyped('wrapper/kafka.service.ts')).toEqual(expected);
      expect(typed('wrapper/kafka.service.ts')).toEqual(expected);
    });

    it('a call of the wrapper is not a second produce once types show it is the wrapper', () => {
      // Without types a file that imports kafkajs and passes `{ topic, messages }` to a `send` is taken at
      // its word. With types the call resolves to `KafkaService.send`, whose body holds the real send: the
      // analyzer binds that one to this call, so claiming this call too would count the message twice.
      expect(untyped('wrapper/orders.service.ts')).toEqual(['produce kafkajs L10 "order.created" key=present kafka']);
      expect(typed('wrapper/orders.service.ts')).toEqual([]);
    });
  });

  describe('things that are not Kafka', () => {
    it('send, subscribe, emit and get on other objects in a file without kafkajs', () => {
      expect(untyped('negative/no-kafka.ts')).toEqual([]);
      expect(typed('negative/no-kafka.ts')).toEqual([]);
    });

    it('admin calls, a producer that only connects, a commented-out send, a consumer without subscribe', () => {
      expect(untyped('negative/admin.ts')).toEqual([]);
      expect(typed('negative/admin.ts')).toEqual([]);
    });

    it('a look-alike send in a file that imports kafkajs types: a guess without types, nothing with them', () => {
      // Syntax alone sees the kafkajs record shape on an unknown receiver in a kafkajs file and takes it;
      // the checker resolves `outbox.send` to a local arrow function, which is no kafkajs producer.
      expect(untyped('negative/look-alike.ts')).toEqual(['produce kafkajs L6 "order.created" key=present kafka']);
      expect(typed('negative/look-alike.ts')).toEqual([]);
    });
  });
});
