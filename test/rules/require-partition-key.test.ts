import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { requirePartitionKey } from '../../src/core/checks/file/require-partition-key.js';
import { plugin } from '../../src/eslint-plugin/plugin.js';
import { asValid, at, code, type Expected, type Invalid, invalid, javascript, ruleOf, span, typed, typedTester, untypedTester, type Valid } from './tester.js';

const rule = ruleOf('require-partition-key');

function missingKey(source: string, message: string, topic: string, occurrence = 1): Expected {
  return { messageId: 'missingKey', data: { topic }, ...at(source, message, occurrence) };
}

/** Valid from syntax alone and with types. */
const valid: Valid[] = [
  {
    name: 'kafkajs producer in a class field, keyed by the entity id',
    code: code`
      import { Kafka, Producer } from 'kafkajs';

      export class OrderEvents {
        private readonly kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
        private readonly producer: Producer = this.kafka.producer();

        async confirmed(order: { id: string; totalAmount: number }) {
          await this.producer.send({
            topic: 'order.confirmed',
            messages: [{ key: order.id, value: JSON.stringify(order) }],
          });
        }
      }
    `,
  },
  {
    name: 'messages built with .map(), each keyed',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function publishStatusChanges(orders: { id: string; status: string }[]) {
        await producer.send({
          topic: 'order.status-changed',
          messages: orders.map((order) => ({ key: order.id, value: JSON.stringify({ orderId: order.id, status: order.status }) })),
        });
      }
    `,
  },
  {
    name: 'messages built with a block-bodied .map() callback',
    code: code`
      import { Kafka } from 'kafkajs';

      const kafka = new Kafka({ clientId: 'users', brokers: ['kafka:9092'] });
      const producer = kafka.producer();

      export async function registered(users: { id: string; email: string }[]) {
        const messages = users.map((user) => {
          const value = JSON.stringify({ userId: user.id, registeredAt: new Date().toISOString() });
          return { key: user.id, value };
        });
        await producer.send({ topic: 'user-registered', messages });
      }
    `,
  },
  {
    name: 'sendBatch where every topic keys its messages',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'outbox', brokers: ['kafka:9092'] }).producer();

      export async function flushOutbox(rows: { aggregateId: string; type: string; payload: string }[]) {
        await producer.sendBatch({
          topicMessages: [
            { topic: 'order.confirmed', messages: rows.map((row) => ({ key: row.aggregateId, value: row.payload })) },
            { topic: 'order.audit', messages: [{ key: 'outbox', value: String(rows.length) }] },
          ],
        });
      }
    `,
  },
  {
    name: 'a transaction that keys its message',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'payments', brokers: ['kafka:9092'] }).producer({ transactionalId: 'payments', idempotent: true });

      export async function captured(payment: { id: string; orderId: string }) {
        const transaction = await producer.transaction();
        await transaction.send({ topic: 'payment.captured', messages: [{ key: payment.orderId, value: JSON.stringify(payment) }] });
        await transaction.commit();
      }
    `,
  },
  {
    name: 'NestJS ClientKafka emit with { key, value }',
    code: code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';

      @Injectable()
      export class OrdersService {
        constructor(@Inject('ORDERS_KAFKA') private readonly kafka: ClientKafka) {}

        confirm(order: { id: string; customerId: string }) {
          this.kafka.emit('order.confirmed', {
            key: order.id,
            value: { orderId: order.id, customerId: order.customerId },
            headers: { source: 'orders-service' },
          });
        }
      }
    `,
  },
  {
    name: 'a message that spreads an envelope may get its key from it: no guess',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function publish(envelope: { key: string; headers: Record<string, string> }, body: object) {
        await producer.send({ topic: 'order.confirmed', messages: [{ ...envelope, value: JSON.stringify(body) }] });
      }
    `,
  },
  {
    name: 'messages from a helper the rule cannot read',
    code: code`
      import { Kafka, type Message } from 'kafkajs';
      import { toMessages } from './outbox-mapper';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function relay(rows: unknown[]) {
        const messages: Message[] = toMessages(rows);
        await producer.send({ topic: 'order.confirmed', messages });
      }
    `,
  },
  {
    name: 'a NestJS ClientProxy whose transport is configured in another file (only the CLI knows it is Kafka)',
    code: code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientProxy } from '@nestjs/microservices';

      @Injectable()
      export class NotificationsPublisher {
        constructor(@Inject('NOTIFICATIONS') private readonly client: ClientProxy) {}

        userRegistered(userId: string) {
          this.client.emit('user-registered', { userId });
        }
      }
    `,
  },
  {
    name: 'a NestJS ClientProxy over TCP',
    code: code`
      import { Injectable } from '@nestjs/common';
      import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';

      @Injectable()
      export class AuditClient {
        private readonly client: ClientProxy = ClientProxyFactory.create({ transport: Transport.TCP, options: { port: 4001 } });

        record(entry: { userId: string }) {
          this.client.emit('audit.recorded', entry);
        }
      }
    `,
  },
  {
    name: 'a consumer, an admin and a producer that only connects',
    code: code`
      import { Kafka } from 'kafkajs';

      const kafka = new Kafka({ clientId: 'warehouse', brokers: ['kafka:9092'] });
      const consumer = kafka.consumer({ groupId: 'warehouse' });
      const admin = kafka.admin();
      const producer = kafka.producer();

      export async function start() {
        await admin.createTopics({ topics: [{ topic: 'pick-list.generated', numPartitions: 6 }] });
        await producer.connect();
        await consumer.subscribe({ topics: ['order.confirmed'], fromBeginning: false });
        await consumer.run({ eachMessage: async ({ message }) => { console.log(message.key?.toString()); } });
        // await producer.send({ topic: 'pick-list.generated', messages: [{ value: 'draft' }] });
      }
    `,
  },
  {
    name: 'look-alikes: Express res.send, socket.emit, EventEmitter emit, rxjs subscribe, a home-made bus',
    code: code`
      import express from 'express';
      import { EventEmitter } from 'node:events';
      import { Server } from 'socket.io';
      import { Subject } from 'rxjs';

      class InMemoryBus {
        async send(record: { topic: string; messages: { value: string }[] }) { return record; }
      }

      const app = express();
      const io = new Server(3002);
      const emitter = new EventEmitter();
      const orders$ = new Subject<{ id: string }>();
      const producer = new InMemoryBus();

      app.post('/orders', (req, res) => {
        res.send({ topic: 'order.confirmed', messages: [{ value: 'x' }] });
      });
      io.on('connection', (socket) => socket.emit('order.confirmed', { value: 'x' }));
      emitter.emit('order.confirmed', { value: 'x' });
      orders$.subscribe((order) => producer.send({ topic: 'order.confirmed', messages: [{ value: order.id }] }));
    `,
  },
  {
    name: 'ignoreTopics: a glob that matches',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'agent', brokers: ['kafka:9092'] }).producer();

      export async function report(cpu: number, memory: number) {
        await producer.send({ topic: 'metrics.cpu', messages: [{ value: String(cpu) }] });
        await producer.send({ topic: 'metrics.memory.rss', messages: [{ value: String(memory) }] });
        await producer.send({ topic: 'audit-log', messages: [{ value: 'reported' }] });
      }
    `,
    options: [{ ignoreTopics: ['metrics.*', 'audit-*'] }],
  },
  {
    name: 'ignoreTopics: judged on the fallback of an environment variable',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'agent', brokers: ['kafka:9092'] }).producer();
      const METRICS_TOPIC = process.env.METRICS_TOPIC ?? 'metrics.cpu';

      export async function report(cpu: number) {
        await producer.send({ topic: METRICS_TOPIC, messages: [{ value: String(cpu) }] });
      }
    `,
    options: [{ ignoreTopics: ['metrics.*'] }],
  },
];

/** Invalid from syntax alone and with types, with the same reports. */
const invalidCases: Invalid[] = [
  invalid(
    'kafkajs producer in a class field, messages built with .map() and no key',
    code`
      import { Kafka, Producer } from 'kafkajs';

      export class OrderEvents {
        private readonly kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
        private readonly producer: Producer = this.kafka.producer();

        async confirmed(orders: { id: string; totalAmount: number }[]) {
          await this.producer.send({
            topic: 'order.confirmed',
            messages: orders.map((order) => ({ value: JSON.stringify(order) })),
          });
        }
      }
    `,
    // Written out once by hand: the object literal the arrow returns, without its parentheses.
    () => [{ messageId: 'missingKey', data: { topic: 'order.confirmed' }, line: 10, column: 40, endLine: 10, endColumn: 72 }],
  ),
  invalid(
    'one message of two has no key',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function placed(order: { id: string }) {
        await producer.send({
          topic: 'order.placed',
          messages: [
            { key: order.id, value: JSON.stringify({ orderId: order.id }) },
            { value: JSON.stringify({ orderId: order.id, note: 'duplicate for the legacy consumer' }) },
          ],
        });
      }
    `,
    (source) => [{ messageId: 'missingKey', data: { topic: 'order.placed' }, ...span(source, `{ value: JSON.stringify({ orderId: order.id, note: 'duplicate for the legacy consumer' }) }`) }],
  ),
  invalid(
    'a key that is null or undefined is no key',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function shipped(orderId: string) {
        await producer.send({ topic: 'order.shipped', messages: [{ key: null, value: orderId }] });
        await producer.send({ topic: 'order.shipped', messages: [{ key: undefined, value: orderId }] });
      }
    `,
    (source) => [missingKey(source, '{ key: null', 'order.shipped'), missingKey(source, '{ key: undefined', 'order.shipped')],
  ),
  invalid(
    'sendBatch: only the un-keyed topic is reported',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'outbox', brokers: ['kafka:9092'] }).producer();

      export async function flushOutbox(rows: { aggregateId: string; payload: string }[]) {
        await producer.sendBatch({
          topicMessages: [
            { topic: 'order.confirmed', messages: rows.map((row) => ({ key: row.aggregateId, value: row.payload })) },
            { topic: 'customer.updated', messages: rows.map((row) => ({ value: row.payload })) },
          ],
        });
      }
    `,
    (source) => [missingKey(source, '{ value: row.payload }', 'customer.updated')],
  ),
  invalid(
    'a transaction send',
    code`
      import { Kafka } from 'kafkajs';

      const kafka = new Kafka({ clientId: 'payments', brokers: ['kafka:9092'] });
      const producer = kafka.producer({ transactionalId: 'payments', idempotent: true });

      export async function captured(payment: { id: string }) {
        const transaction = await producer.transaction();
        try {
          await transaction.send({ topic: 'payment.captured', messages: [{ value: JSON.stringify(payment) }] });
          await transaction.commit();
        } catch (error) {
          await transaction.abort();
          throw error;
        }
      }
    `,
    (source) => [missingKey(source, '{ value: JSON.stringify(payment) }', 'payment.captured')],
  ),
  invalid(
    'a record built in a const before the send, a topic from an `as const` object',
    code`
      import { Kafka } from 'kafkajs';

      const Topics = { InventoryReserved: 'inventory.reserved' } as const;
      const producer = new Kafka({ clientId: 'inventory', brokers: ['kafka:9092'] }).producer();

      export async function reserved(sku: string, quantity: number) {
        const record = {
          topic: Topics.InventoryReserved,
          messages: [{ value: JSON.stringify({ sku, quantity }) }],
        };
        await producer.send(record);
      }
    `,
    (source) => [missingKey(source, '{ value: JSON.stringify({ sku, quantity }) }', 'inventory.reserved')],
  ),
  invalid(
    'a producer assigned later, through a local factory, from a namespace import',
    code`
      import * as kafkajs from 'kafkajs';

      const kafka = new kafkajs.Kafka({ clientId: 'catalog', brokers: ['kafka:9092'] });
      const createProducer = () => kafka.producer();
      let producer: kafkajs.Producer;

      export async function start() {
        producer = createProducer();
        await producer.connect();
      }

      export async function priceChanged(sku: string, price: number) {
        await producer.send({ topic: 'price.changed', messages: [{ value: JSON.stringify({ sku, price }) }] });
      }
    `,
    (source) => [missingKey(source, '{ value: JSON.stringify({ sku, price }) }', 'price.changed')],
  ),
  invalid(
    'a topic the rule cannot read is shown as written',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'relay', brokers: ['kafka:9092'] }).producer();

      export async function relay(topic: string, payload: string) {
        await producer.send({ topic, messages: [{ value: payload }] });
      }
    `,
    (source) => [missingKey(source, '{ value: payload }', 'topic')],
  ),
  invalid(
    'NestJS ClientKafka emit with a plain object (sent as the value, with no key)',
    code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';

      @Injectable()
      export class OrdersService {
        constructor(@Inject('ORDERS_KAFKA') private readonly kafka: ClientKafka) {}

        confirm(order: { id: string; customerId: string; totalAmount: number }) {
          this.kafka.emit('order.confirmed', { orderId: order.id, customerId: order.customerId, totalAmount: order.totalAmount });
          this.kafka.emit('order.confirmed', JSON.stringify({ orderId: order.id }));
          this.kafka.emit('order.confirmed', { key: null, value: { orderId: order.id } });
        }
      }
    `,
    (source) => [
      { messageId: 'missingKey', data: { topic: 'order.confirmed' }, ...span(source, '{ orderId: order.id, customerId: order.customerId, totalAmount: order.totalAmount }') },
      missingKey(source, 'JSON.stringify({ orderId: order.id })', 'order.confirmed'),
      missingKey(source, '{ key: null', 'order.confirmed'),
    ],
  ),
  invalid(
    'NestJS @Client() property decorated with Transport.KAFKA',
    code`
      import { Injectable } from '@nestjs/common';
      import { Client, ClientKafka, Transport } from '@nestjs/microservices';

      @Injectable()
      export class ShippingService {
        @Client({ transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] } } })
        private readonly client!: ClientKafka;

        shipped(orderId: string, carrier: string) {
          this.client.emit('order.shipped', { orderId, carrier });
        }
      }
    `,
    (source) => [missingKey(source, '{ orderId, carrier }', 'order.shipped')],
  ),
  invalid(
    'NestJS ClientProxy registered with Transport.KAFKA in the same module file',
    code`
      import { Inject, Injectable, Module } from '@nestjs/common';
      import { ClientProxy, ClientsModule, Transport } from '@nestjs/microservices';

      @Injectable()
      export class BillingService {
        constructor(@Inject('BILLING') private readonly client: ClientProxy) {}

        invoiceIssued(invoiceId: string) {
          this.client.emit('invoice.issued', { invoiceId });
        }
      }

      @Module({
        imports: [ClientsModule.register([{ name: 'BILLING', transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] } } }])],
        providers: [BillingService],
      })
      export class BillingModule {}
    `,
    (source) => [missingKey(source, '{ invoiceId }', 'invoice.issued')],
  ),
  invalid(
    'ignoreTopics: a glob that does not match the topic',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'agent', brokers: ['kafka:9092'] }).producer();

      export async function report(orderId: string, cpu: number) {
        await producer.send({ topic: 'metrics.cpu', messages: [{ value: String(cpu) }] });
        await producer.send({ topic: 'order.metrics', messages: [{ value: orderId }] });
      }
    `,
    (source) => [missingKey(source, '{ value: orderId }', 'order.metrics')],
    { options: [{ ignoreTopics: ['metrics.*'] }] },
  ),
  invalid(
    'ignoreTopics: a topic the rule cannot read is never ignored',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'agent', brokers: ['kafka:9092'] }).producer();

      export async function report(kind: string, value: number) {
        await producer.send({ topic: \`metrics.\${kind}\`, messages: [{ value: String(value) }] });
      }
    `,
    (source) => [missingKey(source, '{ value: String(value) }', 'metrics.${kind}')],
    { options: [{ ignoreTopics: ['metrics.*'] }] },
  ),
];

/** Where the answer depends on type information: what each mode sees. */
const typeDecides = {
  /** Syntax alone cannot tell; types can. */
  onlyTyped: [
    invalid(
      'a producer imported from another module of the service',
      code`
        import { producer } from './kafka-client.js';

        export async function registered(userId: string) {
          await producer.send({ topic: 'user-registered', messages: [{ value: JSON.stringify({ userId }) }] });
        }
      `,
      (source) => [missingKey(source, '{ value: JSON.stringify({ userId }) }', 'user-registered')],
    ),
    invalid(
      'a producer received as a callback parameter, typed by inference',
      code`
        import { withProducer } from './kafka-client.js';

        export function paymentFailed(paymentId: string, reason: string) {
          return withProducer(async (producer) => {
            await producer.send({ topic: 'payment.failed', messages: [{ value: JSON.stringify({ paymentId, reason }) }] });
          });
        }
      `,
      (source) => [missingKey(source, '{ value: JSON.stringify({ paymentId, reason }) }', 'payment.failed')],
    ),
    invalid(
      'a DTO class instance passed to ClientKafka.emit: types show it has no key',
      code`
        import { Inject, Injectable } from '@nestjs/common';
        import { ClientKafka } from '@nestjs/microservices';
        import { OrderConfirmedEvent } from './events.js';

        @Injectable()
        export class OrdersService {
          constructor(@Inject('ORDERS_KAFKA') private readonly kafka: ClientKafka) {}

          confirm(orderId: string, totalAmount: number) {
            const event = new OrderConfirmedEvent(orderId, totalAmount);
            this.kafka.emit('order.confirmed', event);
            this.kafka.emit('order.confirmed', new OrderConfirmedEvent(orderId, totalAmount));
          }
        }
      `,
      (source) => [missingKey(source, 'event);', 'order.confirmed'), missingKey(source, 'new OrderConfirmedEvent(orderId, totalAmount));', 'order.confirmed')],
    ),
    invalid(
      'a kafkajs message passed in, typed without a key',
      code`
        import { Kafka } from 'kafkajs';

        const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

        export async function forward(message: { value: string; headers?: Record<string, string> }) {
          await producer.send({ topic: 'order.forwarded', messages: [message] });
        }
      `,
      (source) => [missingKey(source, 'message] })', 'order.forwarded')],
    ),
  ],
  /** Syntax alone reports; types show there is nothing wrong. */
  onlyUntyped: [
    invalid(
      'a topic from a constant in another file: unknown without types, so not ignored',
      code`
        import { Kafka } from 'kafkajs';
        import { Topics } from './events.js';

        const producer = new Kafka({ clientId: 'agent', brokers: ['kafka:9092'] }).producer();

        export async function report(cpu: number) {
          await producer.send({ topic: Topics.CpuMetrics, messages: [{ value: String(cpu) }] });
        }
      `,
      (source) => [missingKey(source, '{ value: String(cpu) }', 'Topics.CpuMetrics')],
      { options: [{ ignoreTopics: ['metrics.*'] }] },
    ),
  ],
  /** Valid in both modes although only types could have found a problem. */
  validBoth: [
    {
      name: 'a message parameter whose type has a key',
      code: code`
        import { Inject, Injectable } from '@nestjs/common';
        import { ClientKafka } from '@nestjs/microservices';
        import type { KeyedMessage } from './events.js';

        @Injectable()
        export class OrdersService {
          constructor(@Inject('ORDERS_KAFKA') private readonly kafka: ClientKafka) {}

          publish(message: KeyedMessage<{ orderId: string }>) {
            this.kafka.emit('order.confirmed', message);
          }
        }
      `,
    },
  ] satisfies Valid[],
};

untypedTester.run('require-partition-key (syntax only)', rule, {
  valid: [...valid, ...typeDecides.validBoth, ...asValid(typeDecides.onlyTyped)],
  invalid: [...invalidCases, ...typeDecides.onlyUntyped],
});

typedTester.run('require-partition-key (type-checked)', rule, {
  valid: typed([...valid, ...typeDecides.validBoth, ...asValid(typeDecides.onlyUntyped)]),
  invalid: typed([...invalidCases, ...typeDecides.onlyTyped]),
});

untypedTester.run('require-partition-key (plain JavaScript, default parser)', rule, {
  valid: [
    javascript({
      name: 'CommonJS kafkajs with a key',
      code: code`
        const { Kafka } = require('kafkajs');

        const producer = new Kafka({ clientId: 'legacy', brokers: ['kafka:9092'] }).producer();

        async function userRegistered(user) {
          await producer.send({ topic: 'user-registered', messages: [{ key: user.id, value: JSON.stringify(user) }] });
        }

        module.exports = { userRegistered };
      `,
    }),
  ],
  invalid: [
    javascript(
      invalid(
        'CommonJS kafkajs without a key',
        code`
          const { Kafka } = require('kafkajs');

          const producer = new Kafka({ clientId: 'legacy', brokers: ['kafka:9092'] }).producer();

          async function userRegistered(user) {
            await producer.send({ topic: 'user-registered', messages: [{ value: JSON.stringify(user) }] });
          }

          module.exports = { userRegistered };
        `,
        (source) => [{ messageId: 'missingKey', data: { topic: 'user-registered' }, ...span(source, '{ value: JSON.stringify(user) }') }],
      ),
    ),
    javascript(
      invalid(
        'an ES module .mjs file',
        code`
          import { Kafka } from 'kafkajs';

          const kafka = new Kafka({ clientId: 'legacy', brokers: ['kafka:9092'] });
          const producer = kafka.producer();

          export async function orderConfirmed(order) {
            await producer.send({ topic: 'order.confirmed', messages: orders(order) });
            await producer.send({ topic: 'order.confirmed', messages: [{ value: JSON.stringify(order) }] });
          }

          const orders = (order) => [{ key: order.id, value: '' }];
        `,
        (source) => [missingKey(source, '{ value: JSON.stringify(order) }', 'order.confirmed')],
        { filename: 'publisher.mjs' },
      ),
    ),
  ],
});

/** The team's own outbox with a kafkajs-shaped `send`: with types, its receiver is known not to be a producer. */
const outboxWriter = code`
  import type { Message } from 'kafkajs';

  class OutboxWriter {
    async send(record: { topic: string; messages: Message[] }): Promise<void> {
      void record;
    }
  }

  const outbox = new OutboxWriter();
  export const stage = (id: string) => outbox.send({ topic: 'order.created', messages: [{ value: id }] });
`;

typedTester.run('require-partition-key: a local class with a kafkajs-shaped send [typed]', rule, { valid: typed([{ code: outboxWriter }]), invalid: [] });

describe('require-partition-key options', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (options: unknown) =>
    linter.verify('export {};', [
      { plugins: { 'service-map': plugin as never }, rules: { 'service-map/require-partition-key': ['error', options] } },
    ]);

  it('accepts the documented options', () => {
    expect(lint({ ignoreTopics: ['metrics.*'] })).toEqual([]);
    expect(lint({})).toEqual([]);
  });

  it.each([
    ['a string instead of a list', { ignoreTopics: 'metrics.*' }, /should be array/],
    ['a list of non-strings', { ignoreTopics: [42] }, /should be string/],
    ['an unknown option', { ignoreTopic: ['metrics.*'] }, /Unexpected property "ignoreTopic"/],
  ])('rejects %s (ESLint schema and CLI config alike)', (_label, options, reason) => {
    expect(() => lint(options)).toThrow(/"service-map\/require-partition-key"/);
    expect(() => lint(options)).toThrow(reason);
    expect(requirePartitionKey.options.safeParse(options).success).toBe(false);
  });
});
