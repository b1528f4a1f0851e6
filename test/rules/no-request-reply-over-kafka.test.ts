import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { noRequestReplyOverKafka } from '../../src/core/checks/file/no-request-reply-over-kafka.js';
import { plugin } from '../../src/eslint-plugin/plugin.js';
import { asValid, at, code, type Expected, type Invalid, invalid, javascript, ruleOf, span, typed, typedTester, untypedTester, type Valid } from './tester.js';

const rule = ruleOf('no-request-reply-over-kafka');

const sendWaitsForReply = (source: string, call: string, topic: string): Expected => ({ messageId: 'sendWaitsForReply', data: { topic }, ...at(source, call) });
const replySubscription = (source: string, call: string, topic: string): Expected => ({ messageId: 'replySubscription', data: { topic }, ...at(source, call) });
const correlatedReply = (source: string, call: string, topic: string, field: string): Expected => ({ messageId: 'correlatedReply', data: { topic, field }, ...at(source, call) });

/** The hand-made request-reply of the article's Mistake 1, with kafkajs. */
const kafkajsRequestReply = code`
  import { randomUUID } from 'node:crypto';
  import { Kafka } from 'kafkajs';

  const kafka = new Kafka({ clientId: 'gateway', brokers: ['kafka:9092'] });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: 'gateway-replies' });
  const pending = new Map<string, { resolve: (user: unknown) => void; reject: (error: Error) => void }>();

  export async function start() {
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic: 'user.get-response' });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const correlationId = message.headers?.correlationId?.toString();
        if (correlationId === undefined) return;
        pending.get(correlationId)?.resolve(JSON.parse(message.value!.toString()));
        pending.delete(correlationId);
      },
    });
  }

  export async function getUser(userId: string): Promise<unknown> {
    const correlationId = randomUUID();
    const reply = new Promise((resolve, reject) => {
      pending.set(correlationId, { resolve, reject });
      setTimeout(() => reject(new Error('user.get timed out')), 5_000);
    });
    await producer.send({
      topic: 'user.get-request',
      messages: [{ key: userId, value: JSON.stringify({ userId }), headers: { correlationId, replyTo: 'user.get-response' } }],
    });
    return reply;
  }
`;

const valid: Valid[] = [
  {
    name: 'NestJS ClientKafka emit: an event, nobody waits',
    code: code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';

      @Injectable()
      export class OrdersService {
        constructor(@Inject('ORDERS_KAFKA') private readonly kafka: ClientKafka) {}

        confirm(orderId: string) {
          this.kafka.emit('order.confirmed', { key: orderId, value: { orderId } });
        }
      }
    `,
  },
  {
    name: 'a correlation id in the headers for tracing, with no promise waiting for a reply',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function confirmed(orderId: string, requestId: string) {
        await producer.send({
          topic: 'order.confirmed',
          messages: [{ key: orderId, value: JSON.stringify({ orderId }), headers: { correlationId: requestId, 'x-trace-id': requestId } }],
        });
      }
    `,
  },
  {
    name: 'a publisher that stores resolvers to acknowledge a batched flush, with no correlation fields',
    code: code`
      import { Kafka, type Message } from 'kafkajs';

      const producer = new Kafka({ clientId: 'tracking', brokers: ['kafka:9092'] }).producer();

      export class BatchingPublisher {
        private buffer: Message[] = [];
        private waiting: (() => void)[] = [];

        publish(message: Message): Promise<void> {
          this.buffer.push(message);
          return new Promise((resolve) => {
            this.waiting.push(resolve);
          });
        }

        async flush() {
          const messages = this.buffer;
          this.buffer = [];
          await producer.send({ topic: 'parcel.scanned', messages: messages.map((m) => ({ key: m.key, value: m.value })) });
          for (const done of this.waiting.splice(0)) done();
        }
      }
    `,
  },
  {
    name: 'NestJS ClientProxy send over TCP: request-response where it belongs',
    code: code`
      import { Injectable } from '@nestjs/common';
      import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
      import { firstValueFrom } from 'rxjs';

      @Injectable()
      export class PricingClient {
        private readonly client: ClientProxy = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: 'pricing', port: 4000 } });

        quote(sku: string) {
          return firstValueFrom(this.client.send<number>({ cmd: 'quote' }, { sku }));
        }
      }
    `,
  },
  {
    name: 'NestJS ClientProxy send whose transport is configured in another file (only the CLI knows it is Kafka)',
    code: code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientProxy } from '@nestjs/microservices';
      import { firstValueFrom } from 'rxjs';

      @Injectable()
      export class UsersGateway {
        constructor(@Inject('USERS') private readonly client: ClientProxy) {}

        getUser(id: string) {
          return firstValueFrom(this.client.send('get.user', { id }));
        }
      }
    `,
  },
  {
    name: 'the responding side alone: a @MessagePattern handler (the rule reports the caller that waits)',
    code: code`
      import { Controller } from '@nestjs/common';
      import { MessagePattern, Payload } from '@nestjs/microservices';

      @Controller()
      export class UsersController {
        @MessagePattern('get.user')
        getUser(@Payload() message: { id: string }) {
          return { id: message.id, name: 'Ada' };
        }
      }
    `,
  },
  {
    name: 'look-alikes: an HTTP request that waits, socket.io acknowledgements, EventEmitter once, rxjs subscribe',
    code: code`
      import axios from 'axios';
      import { EventEmitter, once } from 'node:events';
      import { Subject, firstValueFrom } from 'rxjs';
      import type { Socket } from 'socket.io';

      const bus = new EventEmitter();
      const replies$ = new Subject<{ correlationId: string }>();
      const pending = new Map<string, (value: unknown) => void>();

      export async function getUser(socket: Socket, id: string) {
        const user = await axios.get(\`http://users:3000/users/\${id}\`, { timeout: 2_000 });
        socket.emit('user.get', { id, correlationId: id }, (ack: unknown) => ack);
        const reply = new Promise((resolve) => pending.set(id, resolve));
        bus.emit('user.get', { correlationId: id, replyTo: 'user.replies' });
        replies$.subscribe(({ correlationId }) => pending.get(correlationId)?.(user.data));
        await once(bus, 'user.replied');
        return Promise.race([reply, firstValueFrom(replies$)]);
      }
    `,
  },
  {
    // The option speaks to the correlation-field heuristic; a reply settled by a consumer is seen without it.
    name: 'correlationFields: a list without correlationId and replyTo does not know them',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'gateway', brokers: ['kafka:9092'] }).producer();
      const pending = new Map<string, (user: unknown) => void>();

      export function onHttpCallback(id: string, user: unknown) {
        pending.get(id)?.(user);
      }

      export async function getUser(userId: string, correlationId: string) {
        const reply = new Promise((resolve) => pending.set(correlationId, resolve));
        await producer.send({ topic: 'user.get-request', messages: [{ key: userId, value: userId, headers: { correlationId, replyTo: 'user.get-response' } }] });
        return reply;
      }
    `,
    options: [{ correlationFields: ['requestId'] }],
  },
];

const invalidCases: Invalid[] = [
  invalid(
    'NestJS ClientKafka send with subscribeToResponseOf in onModuleInit: reported once, at the send',
    code`
      import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';
      import { firstValueFrom } from 'rxjs';

      @Injectable()
      export class UsersGateway implements OnModuleInit {
        constructor(@Inject('USERS_SERVICE') private readonly client: ClientKafka) {}

        async onModuleInit() {
          this.client.subscribeToResponseOf('get.user');
          await this.client.connect();
        }

        getUser(id: string) {
          return firstValueFrom(this.client.send('get.user', { key: id, value: { id } }));
        }
      }
    `,
    (source) => [{ messageId: 'sendWaitsForReply', data: { topic: 'get.user' }, ...span(source, `this.client.send('get.user', { key: id, value: { id } })`) }],
  ),
  invalid(
    'NestJS send piped through timeout and awaited with lastValueFrom',
    code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';
      import { lastValueFrom, timeout } from 'rxjs';

      @Injectable()
      export class CheckoutService {
        constructor(@Inject('INVENTORY') private readonly inventory: ClientKafka) {}

        async reserve(orderId: string, items: { sku: string; quantity: number }[]) {
          const reservation = await lastValueFrom(
            this.inventory.send<{ reservationId: string }>('inventory.reserve', { key: orderId, value: { orderId, items } }).pipe(timeout(5_000)),
          );
          return reservation.reservationId;
        }
      }
    `,
    (source) => [sendWaitsForReply(source, 'this.inventory.send', 'inventory.reserve')],
  ),
  invalid(
    'subscribeToResponseOf with no send in the file (the request is sent elsewhere)',
    code`
      import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';

      const REQUEST_PATTERNS = ['billing.get-invoice', 'billing.get-balance'] as const;

      @Injectable()
      export class BillingClientBootstrap implements OnModuleInit {
        constructor(@Inject('BILLING') private readonly client: ClientKafka) {}

        async onModuleInit() {
          this.client.subscribeToResponseOf('billing.get-invoice');
          this.client.subscribeToResponseOf(REQUEST_PATTERNS[1]);
          await this.client.connect();
        }
      }
    `,
    (source) => [
      replySubscription(source, `this.client.subscribeToResponseOf('billing.get-invoice')`, 'billing.get-invoice'),
      replySubscription(source, 'this.client.subscribeToResponseOf(REQUEST_PATTERNS[1])', 'billing.get-balance'),
    ],
  ),
  invalid(
    'NestJS ClientProxy registered with Transport.KAFKA in the same module file',
    code`
      import { Inject, Injectable, Module } from '@nestjs/common';
      import { ClientProxy, ClientsModule, Transport } from '@nestjs/microservices';
      import { firstValueFrom } from 'rxjs';

      @Injectable()
      export class FraudCheck {
        constructor(@Inject('FRAUD') private readonly fraud: ClientProxy) {}

        async score(paymentId: string) {
          return firstValueFrom(this.fraud.send('fraud.score', { key: paymentId, value: { paymentId } }));
        }
      }

      @Module({
        imports: [ClientsModule.register([{ name: 'FRAUD', transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] } } }])],
        providers: [FraudCheck],
      })
      export class FraudModule {}
    `,
    (source) => [sendWaitsForReply(source, 'this.fraud.send', 'fraud.score')],
  ),
  invalid(
    'kafkajs: correlation id and reply topic in the headers, a pending map resolved by the reply consumer',
    kafkajsRequestReply,
    (source) => [
      {
        messageId: 'handMadeRequest',
        data: { topic: 'user.get-request', waits: 'a pending entry in `pending` waits for its reply', waitsAt: `line ${at(source, 'pending.set(').line}`, answersAt: `line ${at(source, 'pending.get(correlationId)?.resolve(').line}` },
        ...span(source, `producer.send({
    topic: 'user.get-request',
    messages: [{ key: userId, value: JSON.stringify({ userId }), headers: { correlationId, replyTo: 'user.get-response' } }],
  })`),
      },
    ],
  ),
  invalid(
    'kafkajs in a class: replyTopic in the JSON payload, resolvers kept in a field',
    code`
      import { randomUUID } from 'node:crypto';
      import { Kafka, type Producer } from 'kafkajs';

      export class InventoryRpc {
        private readonly kafka = new Kafka({ clientId: 'checkout', brokers: ['kafka:9092'] });
        private readonly producer: Producer = this.kafka.producer();
        private readonly pending = new Map<string, (reply: { reserved: boolean }) => void>();

        reserve(sku: string, quantity: number): Promise<{ reserved: boolean }> {
          const requestId = randomUUID();
          return new Promise((resolve) => {
            this.pending.set(requestId, resolve);
            void this.producer.send({
              topic: 'inventory.reserve-request',
              messages: [{ key: sku, value: JSON.stringify({ requestId, sku, quantity, replyTopic: 'checkout.replies' }) }],
            });
          });
        }

        onReply(requestId: string, reply: { reserved: boolean }) {
          this.pending.get(requestId)?.(reply);
        }
      }
    `,
    (source) => [correlatedReply(source, 'this.producer.send', 'inventory.reserve-request', 'replyTopic')],
  ),
  invalid(
    'kafkajs imitating NestJS: kafka_correlationId and kafka_replyTopic headers',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'legacy-gateway', brokers: ['kafka:9092'] }).producer();
      const waiting: Record<string, (value: Buffer | null) => void> = {};

      export function getBalance(accountId: string, id: string) {
        const answer = new Promise<Buffer | null>((resolve) => {
          waiting[id] = resolve;
        });
        return producer
          .send({
            topic: 'billing.get-balance',
            messages: [{ key: accountId, value: accountId, headers: { kafka_correlationId: id, kafka_replyTopic: 'billing.get-balance.reply' } }],
          })
          .then(() => answer);
      }
    `,
    (source) => [correlatedReply(source, 'producer\n    .send', 'billing.get-balance', 'kafka_correlationId')],
  ),
  invalid(
    "mixed transport: the request goes over Kafka, the reply comes back to an HTTP callback ('reply-to' header)",
    code`
      import express from 'express';
      import { Kafka } from 'kafkajs';

      const app = express();
      const producer = new Kafka({ clientId: 'reports', brokers: ['kafka:9092'] }).producer();
      const callbacks = new Map<string, (report: unknown) => void>();

      app.post('/callbacks/:id', express.json(), (req, res) => {
        callbacks.get(req.params.id)?.(req.body);
        res.sendStatus(204);
      });

      export async function renderReport(reportId: string) {
        const done = new Promise((resolve) => callbacks.set(reportId, resolve));
        await producer.send({
          topic: 'report.render-requested',
          messages: [{ key: reportId, value: reportId, headers: { 'reply-to': \`http://reports:3000/callbacks/\${reportId}\` } }],
        });
        return done;
      }
    `,
    (source) => [correlatedReply(source, 'producer.send({', 'report.render-requested', 'reply-to')],
  ),
  invalid(
    'correlationFields: a team convention (requestId, x-reply-topic)',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'search', brokers: ['kafka:9092'] }).producer();
      const inflight = new Map<string, { resolve: (hits: unknown) => void }>();

      export function search(query: string, requestId: string) {
        const hits = new Promise((resolve) => inflight.set(requestId, { resolve }));
        void producer.send({ topic: 'search.queries', messages: [{ key: requestId, value: JSON.stringify({ requestId, query }) }] });
        void producer.send({ topic: 'search.queries.v2', messages: [{ key: requestId, value: query, headers: { 'X-Reply-Topic': 'search.hits' } }] });
        return hits;
      }
    `,
    (source) => [
      correlatedReply(source, `producer.send({ topic: 'search.queries',`, 'search.queries', 'requestId'),
      correlatedReply(source, `producer.send({ topic: 'search.queries.v2'`, 'search.queries.v2', 'X-Reply-Topic'),
    ],
    { options: [{ correlationFields: ['requestId', 'x-reply-topic'] }] },
  ),
];

const typeDecides = {
  /** Syntax alone cannot tell; types can. */
  onlyTyped: [
    invalid(
      'a ClientKafka imported from another module',
      code`
        import { firstValueFrom } from 'rxjs';
        import { usersClient } from './kafka-client.js';

        export function getUser(id: string) {
          return firstValueFrom(usersClient.send('get.user', { key: id, value: { id } }));
        }
      `,
      (source) => [sendWaitsForReply(source, 'usersClient.send', 'get.user')],
    ),
    invalid(
      'clients received as callback parameters, typed by inference',
      code`
        import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
        import { ClientKafka } from '@nestjs/microservices';

        @Injectable()
        export class ReplySubscriptions implements OnModuleInit {
          constructor(
            @Inject('USERS') private readonly users: ClientKafka,
            @Inject('ORDERS') private readonly orders: ClientKafka,
          ) {}

          async onModuleInit() {
            for (const client of [this.users, this.orders]) client.subscribeToResponseOf('entity.get');
            await Promise.all([this.users, this.orders].map((client) => client.connect()));
          }
        }
      `,
      (source) => [replySubscription(source, `client.subscribeToResponseOf('entity.get')`, 'entity.get')],
    ),
  ],
};

untypedTester.run('no-request-reply-over-kafka (syntax only)', rule, {
  valid: [...valid, ...asValid(typeDecides.onlyTyped)],
  invalid: invalidCases,
});

typedTester.run('no-request-reply-over-kafka (type-checked)', rule, {
  valid: typed(valid),
  invalid: typed([...invalidCases, ...typeDecides.onlyTyped]),
});

untypedTester.run('no-request-reply-over-kafka (plain JavaScript, default parser)', rule, {
  valid: [
    javascript({
      name: 'CommonJS kafkajs with a tracing correlation id and nobody waiting',
      code: code`
        const { Kafka } = require('kafkajs');

        const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

        exports.orderConfirmed = (order, requestId) =>
          producer.send({ topic: 'order.confirmed', messages: [{ key: order.id, value: JSON.stringify(order), headers: { correlationId: requestId } }] });
      `,
    }),
  ],
  invalid: [
    javascript(
      invalid(
        'CommonJS kafkajs request with a pending map',
        code`
          const { Kafka } = require('kafkajs');
          const { randomUUID } = require('node:crypto');

          const producer = new Kafka({ clientId: 'gateway', brokers: ['kafka:9092'] }).producer();
          const pending = new Map();

          async function getUser(userId) {
            const correlationId = randomUUID();
            const reply = new Promise((resolve, reject) => pending.set(correlationId, { resolve, reject }));
            await producer.send({ topic: 'GetUserRequest', messages: [{ key: userId, value: userId, headers: { correlationId } }] });
            return reply;
          }

          module.exports = { getUser, pending };
        `,
        (source) => [correlatedReply(source, 'producer.send', 'GetUserRequest', 'correlationId')],
      ),
    ),
  ],
});

/** A sleep helper hands `resolve` to a timer, which calls it: no one waits for a consumer to resolve it. */
const sleepAndTrace = code`
  import { Kafka } from 'kafkajs';

  const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const settled = (work: Promise<unknown>) => new Promise((resolve) => work.then(resolve));

  export async function publish(id: string, requestId: string) {
    await producer.send({ topic: 'order.confirmed', messages: [{ key: id, value: id, headers: { correlationId: requestId } }] });
    await sleep(100);
    await settled(Promise.resolve());
  }
`;

untypedTester.run('no-request-reply-over-kafka: resolvers handed to the runtime', rule, { valid: [{ code: sleepAndTrace }], invalid: [] });
typedTester.run('no-request-reply-over-kafka: resolvers handed to the runtime [typed]', rule, { valid: typed([{ code: sleepAndTrace }]), invalid: [] });

describe('no-request-reply-over-kafka options', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (options: unknown) =>
    linter.verify('export {};', [{ plugins: { 'service-map': plugin as never }, rules: { 'service-map/no-request-reply-over-kafka': ['error', options] } }]);

  it('accepts the documented options', () => {
    expect(lint({ correlationFields: ['requestId'] })).toEqual([]);
  });

  it.each([
    ['a string instead of a list', { correlationFields: 'requestId' }, /should be array/],
    ['an unknown option', { replyFields: ['requestId'] }, /Unexpected property "replyFields"/],
  ])('rejects %s (ESLint schema and CLI config alike)', (_label, options, reason) => {
    expect(() => lint(options)).toThrow(reason);
    expect(noRequestReplyOverKafka.options.safeParse(options).success).toBe(false);
  });
});

/** A hand-made request: reported at the send, naming where the caller waits and where a consumer answers. */
const handMade = (source: string, send: string, topic: string, waits: string, waitsAt: string, answersAt: string): Expected => ({
  messageId: 'handMadeRequest',
  data: { topic, waits, waitsAt: `line ${at(source, waitsAt).line}`, answersAt: `line ${at(source, answersAt).line}` },
  ...at(source, send),
});

const handMadeForms = {
  valid: [
    {
      name: 'an RPC-looking name with nobody waiting: the send is the whole of it',
      code: code`
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        const seen = new Map<string, number>();

        export async function requestRepricing(sku: string, requestId: string) {
          await producer.send({ topic: 'pricing.repricing-requested', messages: [{ key: sku, value: JSON.stringify({ sku, requestId }) }] });
        }

        export async function start() {
          await consumer.run({ eachMessage: async ({ message }) => { seen.set(String(message.key), Date.now()); } });
        }
      `,
    },
    {
      name: 'a map of callbacks that is a cache: filled and called outside any consumer',
      code: code`
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        const formatters = new Map<string, (amount: number) => string>();

        export function register(currency: string, format: (amount: number) => string) {
          formatters.set(currency, format);
        }

        export async function priced(sku: string, currency: string, amount: number) {
          await producer.send({ topic: 'catalog.priced', messages: [{ key: sku, value: formatters.get(currency)!(amount) }] });
        }

        export async function start() {
          await consumer.run({ eachMessage: async ({ message }) => console.log(message.value?.toString()) });
        }
      `,
    },
    {
      name: 'state a consumer fills in and a send reads once, without waiting for it (a cache, not polling)',
      code: code`
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        const prices: Record<string, number> = {};

        export async function start() {
          await consumer.run({
            eachMessage: async ({ message }) => {
              const { sku, price } = JSON.parse(message.value!.toString()) as { sku: string; price: number };
              prices[sku] = price;
            },
          });
        }

        export async function viewed(sku: string) {
          await producer.send({ topic: 'catalog.viewed', messages: [{ key: sku, value: JSON.stringify({ sku, price: prices[sku] }) }] });
        }
      `,
    },
    {
      name: 'a tracing correlation id, and an event awaited by a fixed name (a start-up signal)',
      code: code`
        import { EventEmitter, once } from 'node:events';
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        const lifecycle = new EventEmitter();

        export async function start() {
          await consumer.run({ eachMessage: async () => { lifecycle.emit('first-message'); } });
        }

        export async function viewed(sku: string, traceId: string) {
          await producer.send({ topic: 'catalog.viewed', messages: [{ key: sku, value: sku, headers: { correlationId: traceId } }] });
          await once(lifecycle, 'first-message');
        }
      `,
    },
  ] satisfies Valid[],
  invalid: [
    invalid(
      'an object of callbacks keyed by request id, deleted and called in eachMessage',
      code`
        import { randomUUID } from 'node:crypto';
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        const callbacks: Record<string, (error: Error | null, stock?: number) => void> = {};

        void consumer.run({
          eachMessage: async ({ message }) => {
            const reply = JSON.parse(message.value!.toString()) as { requestId: string; stock: number };
            const callback = callbacks[reply.requestId];
            if (callback) {
              delete callbacks[reply.requestId];
              callback(null, reply.stock);
            }
          },
        });

        export function checkStock(sku: string, callback: (error: Error | null, stock?: number) => void) {
          const requestId = randomUUID();
          callbacks[requestId] = callback;
          void producer.send({ topic: 'pricing.stock-checks', messages: [{ key: sku, value: JSON.stringify({ sku, requestId }) }] });
        }
      `,
      (source) => [handMade(source, 'producer.send', 'pricing.stock-checks', 'a pending entry in `callbacks` waits for its reply', 'callbacks[requestId] = callback', 'callback(null, reply.stock)')],
    ),
    invalid(
      'a reply-to header, then awaiting once(emitter, id) that eachMessage emits',
      code`
        import { EventEmitter, once } from 'node:events';
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        const replies = new EventEmitter();

        void consumer.run({
          eachMessage: async ({ message }) => {
            replies.emit(String(message.headers?.['correlation-id']), JSON.parse(message.value!.toString()));
          },
        });

        export async function convert(amount: number, to: string) {
          const id = \`\${Date.now()}-\${Math.random()}\`;
          await producer.send({ topic: 'pricing.fx-requests', messages: [{ key: to, value: JSON.stringify({ amount }), headers: { 'correlation-id': id, 'reply-to': 'pricing.fx-replies' } }] });
          const [rate] = (await once(replies, id)) as [number];
          return rate;
        }
      `,
      (source) => [handMade(source, 'producer.send', 'pricing.fx-requests', "it awaits the reply's event on `replies`", 'once(replies, id)', 'replies.emit(')],
    ),
    invalid(
      'polling: a loop waits for the state eachMessage writes',
      code`
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        const results: Record<string, number | undefined> = {};
        const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

        void consumer.run({
          eachMessage: async ({ message }) => {
            const { jobId, discount } = JSON.parse(message.value!.toString()) as { jobId: string; discount: number };
            results[jobId] = discount;
          },
        });

        export async function discountFor(customerId: string) {
          const jobId = \`\${customerId}:\${Date.now()}\`;
          await producer.send({ topic: 'pricing.discount-jobs', messages: [{ key: customerId, value: JSON.stringify({ jobId, customerId }) }] });
          while (results[jobId] === undefined) await sleep(50);
          return results[jobId];
        }
      `,
      (source) => [handMade(source, 'producer.send', 'pricing.discount-jobs', 'a loop polls `results` for the reply', 'results[jobId] === undefined', 'results[jobId] = discount')],
    ),
    invalid(
      'polling a map entry in setInterval, the id passed to a publishing wrapper and to the wait (a saga that waits)',
      code`
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'orders' });
        const pendingTransactions = new Map<string, { inventoryStatus: string | null }>();

        async function publishEvent(topic: string, message: { orderId: string }) {
          await producer.send({ topic, messages: [{ key: message.orderId, value: JSON.stringify(message) }] });
        }

        function waitForInventory(orderId: string): Promise<string> {
          return new Promise((resolve) => {
            const timer = setInterval(() => {
              const transaction = pendingTransactions.get(orderId);
              if (transaction?.inventoryStatus) {
                clearInterval(timer);
                resolve(transaction.inventoryStatus);
              }
            }, 500);
          });
        }

        async function handleInventoryReserved(data: { orderId: string }) {
          const transaction = pendingTransactions.get(data.orderId);
          if (transaction) transaction.inventoryStatus = 'SUCCESS';
        }

        void consumer.run({ eachMessage: async ({ message }) => handleInventoryReserved(JSON.parse(message.value!.toString()) as { orderId: string }) });

        export async function createOrder(productId: string) {
          const orderIdStr = \`\${productId}-\${Date.now()}\`;
          pendingTransactions.set(orderIdStr, { inventoryStatus: null });
          await publishEvent('order-created', { orderId: orderIdStr });
          return waitForInventory(orderIdStr);
        }
      `,
      (source) => [
        handMade(source, 'producer.send', 'topic', 'a loop polls `pendingTransactions` for the reply', 'pendingTransactions.get(orderId)', "transaction.inventoryStatus = 'SUCCESS'"),
      ],
    ),
    invalid(
      'a deferred with no key: the resolver kept in a variable that eachMessage calls, the request naming its reply topic',
      code`
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'api' });
        let answer: ((value: string) => void) | undefined;

        void consumer.run({ eachMessage: async ({ message }) => answer?.(message.value!.toString()) });

        export async function ask(question: string) {
          const reply = new Promise<string>((resolve) => {
            answer = resolve;
          });
          await producer.send({ topic: 'oracle.questions', messages: [{ key: question, value: question, headers: { replyTo: 'oracle.answers' } }] });
          return reply;
        }
      `,
      (source) => [handMade(source, 'producer.send', 'oracle.questions', 'a pending entry in `answer` waits for its reply', 'answer = resolve', 'answer?.(')],
    ),
    invalid(
      'helpers around the pending map (add, resolve), the resolver called through its entry in eachMessage',
      code`
        import { v4 as uuid } from 'uuid';
        import { Kafka } from 'kafkajs';

        const kafka = new Kafka({ clientId: 'users', brokers: ['kafka:9092'] });
        const producer = kafka.producer();
        const consumer = kafka.consumer({ groupId: 'users' });
        const pendingRequests = new Map<string, { resolve: (data: unknown) => void; reject: (error: Error) => void }>();

        function addPendingRequest(correlationId: string, resolve: (data: unknown) => void, reject: (error: Error) => void) {
          pendingRequests.set(correlationId, { resolve, reject });
        }

        function resolvePendingRequest(correlationId: string, data: unknown) {
          const request = pendingRequests.get(correlationId);
          if (request) {
            request.resolve(data);
            pendingRequests.delete(correlationId);
          }
        }

        void consumer.run({
          eachMessage: async ({ message }) => {
            const { type, data, correlationId } = JSON.parse(message.value!.toString()) as { type: string; data: unknown; correlationId: string };
            if (type === 'follow.stats.result') resolvePendingRequest(correlationId, data);
          },
        });

        export async function requestFollowStats(userId: string) {
          const correlationId: string = uuid();
          const response = new Promise((resolve, reject) => addPendingRequest(correlationId, resolve, reject));
          await producer.send({ topic: 'follow-service-topic', messages: [{ key: correlationId, value: JSON.stringify({ type: 'follow.stats', correlationId, data: { userId } }) }] });
          return response;
        }
      `,
      (source) => [
        handMade(source, 'producer.send', 'follow-service-topic', 'a pending entry in `pendingRequests` waits for its reply', 'pendingRequests.set(', 'request.resolve(data)'),
      ],
    ),
  ],
};

untypedTester.run('no-request-reply-over-kafka: hand-made forms', rule, handMadeForms);
typedTester.run('no-request-reply-over-kafka: hand-made forms [typed]', rule, { valid: typed(handMadeForms.valid), invalid: typed(handMadeForms.invalid) });

untypedTester.run('no-request-reply-over-kafka: hand-made forms (plain JavaScript, default parser)', rule, {
  valid: [],
  invalid: [
    javascript(
      invalid(
        'node-rdkafka: a pending map settled from consumer.on("data")',
        code`
          const Kafka = require('node-rdkafka');
          const { randomUUID } = require('crypto');

          const producer = new Kafka.Producer({ 'metadata.broker.list': 'kafka:9092' });
          const consumer = new Kafka.KafkaConsumer({ 'group.id': 'api', 'metadata.broker.list': 'kafka:9092' }, {});
          const waiting = new Map();

          consumer.on('data', (message) => {
            const { requestId, result } = JSON.parse(message.value.toString());
            const done = waiting.get(requestId);
            if (done) done(result);
          });

          exports.lookup = (sku) =>
            new Promise((resolve) => {
              const requestId = randomUUID();
              waiting.set(requestId, resolve);
              producer.produce('catalog.lookups', null, Buffer.from(JSON.stringify({ sku, requestId })), sku);
            });
        `,
        (source) => [handMade(source, 'producer.produce', 'catalog.lookups', 'a pending entry in `waiting` waits for its reply', 'waiting.set(', 'done(result)')],
      ),
    ),
  ],
});
