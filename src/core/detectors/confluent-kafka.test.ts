import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

/**
 * `@confluentinc/kafka-javascript` is not installed here (nor are its types): with a checker its imports
 * stay unresolved, so typed scans must find what syntax alone finds. Each case lives in its own folder of
 * one shared in-memory program.
 */
const FILES: Record<string, string> = {
  'shared/topics.ts': `export const Topics = {
  paymentCaptured: 'payment.captured',
  audit: 'audit.log',
} as const;

export const BILLING_TOPICS = ['invoice.issued', 'invoice.paid'] as const;
`,
  'service/kafka.service.ts': `import { KafkaJS } from '@confluentinc/kafka-javascript';
import { Injectable, OnModuleInit } from '@nestjs/common';

@Injectable()
export class KafkaService implements OnModuleInit {
  private readonly producer: KafkaJS.Producer;
  constructor() {
    const kafka = new KafkaJS.Kafka({
      kafkaJS: { clientId: 'orders', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') },
    });
    this.producer = kafka.producer({ kafkaJS: { idempotent: true } });
  }
  async onModuleInit() {
    await this.producer.connect();
  }
  async orderCreated(order: { id: string }) {
    await this.producer.send({ topic: 'order.created', messages: [{ key: order.id, value: JSON.stringify(order) }] });
  }
  async orderViewed(id: string) {
    await this.producer.send({ topic: 'order.viewed', messages: [{ value: id }] });
  }
}
`,
  'provider/payments.publisher.ts': `import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { Topics } from '../shared/topics';

@Injectable()
export class PaymentsPublisher implements OnModuleInit {
  private producer!: KafkaJS.Producer;
  constructor(
    @Inject('KAFKA') private readonly kafka: KafkaJS.Kafka,
    @Inject('AUDIT_PRODUCER') private readonly audit: KafkaJS.Producer,
  ) {}
  async onModuleInit() {
    this.producer = this.kafka.producer({ kafkaJS: { transactionalId: 'payments', idempotent: true } });
    await this.producer.connect();
  }
  async captured(paymentId: string) {
    const transaction = await this.producer.transaction();
    await transaction.send({ topic: Topics.paymentCaptured, messages: [{ key: paymentId, value: paymentId }] });
    await transaction.commit();
  }
  async flush(ids: string[]) {
    await this.audit.sendBatch({ topicMessages: [{ topic: Topics.audit, messages: ids.map((id) => ({ value: id })) }] });
  }
  async forward(record: { topic: string; messages: { key?: string; value: string }[] }) {
    await this.audit.send(record);
  }
}
`,
  'js/worker.js': `const { Kafka } = require('@confluentinc/kafka-javascript').KafkaJS;

const kafka = new Kafka({ kafkaJS: { clientId: 'worker', brokers: [process.env.KAFKA_BROKER || 'localhost:9092'] } });
const producer = kafka.producer();
const consumer = kafka.consumer({ kafkaJS: { groupId: 'worker', fromBeginning: true } });
const TOPICS = ['jobs.requested', 'jobs.retried'];

async function run() {
  await Promise.all([producer.connect(), consumer.connect()]);
  for (const topic of TOPICS) {
    await consumer.subscribe({ topic });
  }
  await consumer.run({
    eachMessage: async ({ message }) => {
      await producer.send({ topic: 'jobs.done', messages: [{ key: message.key, value: message.value }] });
    },
  });
}

module.exports = { run };
`,
  'ns/billing.consumer.ts': `import * as confluent from '@confluentinc/kafka-javascript';
import { BILLING_TOPICS } from '../shared/topics';

const kafka = new confluent.KafkaJS.Kafka({ kafkaJS: { brokers: [process.env.KAFKA_BROKER ?? 'localhost:9092'] } });
const consumer = kafka.consumer({ kafkaJS: { groupId: 'billing' } });

export async function start() {
  await consumer.connect();
  await consumer.subscribe({ topics: [...BILLING_TOPICS, 'invoice.voided'] });
  await consumer.subscribe({ topic: /^billing\\..*/ });
  await consumer.run({ eachMessage: async (payload: { message: { value: Buffer | null } }) => console.log(payload.message.value?.toString()) });
}
`,
  'default/publisher.ts': `import confluent from '@confluentinc/kafka-javascript';

const kafka = new confluent.KafkaJS.Kafka({ kafkaJS: { clientId: 'users', brokers: [process.env.KAFKA_BROKER ?? 'localhost:9092'] } });
const producer = kafka.producer();

export async function forward(record: { topic: string; messages: { value: string }[] }) {
  await producer.send(record);
}
`,
  'rdkafka/kafka.service.ts': `import Kafka from '@confluentinc/kafka-javascript';
import { Injectable } from '@nestjs/common';

@Injectable()
export class KafkaService {
  private readonly producer: Kafka.Producer;
  constructor() {
    this.producer = new Kafka.Producer({ 'bootstrap.servers': process.env.KAFKA_BROKERS ?? 'localhost:9092', dr_cb: true });
    this.producer.connect();
    this.producer.setPollInterval(100);
  }
  orderShipped(order: { id: string }) {
    this.producer.produce('order.shipped', null, Buffer.from(JSON.stringify(order)), order.id, Date.now());
  }
  heartbeat() {
    this.producer.produce('service.heartbeat', null, Buffer.from('ok'));
    this.producer.produce('service.heartbeat', -1, Buffer.from('ok'), null, Date.now());
  }
  traced(id: string, traceId: string) {
    this.producer.produce('order.traced', null, Buffer.from(id), id, Date.now(), undefined, [{ 'trace-id': traceId }]);
  }
}
`,
  'rdkafka/invoices.provider.ts': `import { Injectable, OnModuleInit } from '@nestjs/common';
import { HighLevelProducer } from '@confluentinc/kafka-javascript';
import { BILLING_TOPICS } from '../shared/topics';

@Injectable()
export class InvoicesPublisher implements OnModuleInit {
  private producer!: HighLevelProducer;
  onModuleInit() {
    this.producer = new HighLevelProducer({ 'metadata.broker.list': process.env.KAFKA_BROKERS ?? 'localhost:9092' });
    this.producer.connect();
  }
  issued(invoiceId: string, total: number) {
    this.producer.produce(BILLING_TOPICS[0], null, Buffer.from(JSON.stringify({ invoiceId, total })), invoiceId, Date.now(), (err: unknown) => {
      if (err) console.error(err);
    });
    this.producer.produce('invoice.audited', null, Buffer.from(invoiceId), null, Date.now(), [{ source: 'billing' }], (err: unknown) => {
      if (err) console.error(err);
    });
  }
}
`,
  'rdkafka/consumer.js': `const Kafka = require('@confluentinc/kafka-javascript');

const consumer = new Kafka.KafkaConsumer(
  { 'group.id': 'shipping', 'metadata.broker.list': process.env.KAFKA_BROKERS || 'localhost:9092' },
  { 'auto.offset.reset': 'earliest' },
);

consumer.connect();
consumer
  .on('ready', () => {
    consumer.subscribe(['order.created', 'order.cancelled']);
    consumer.consume();
  })
  .on('data', (message) => {
    console.log(message.topic, message.value.toString());
  });
`,
  'negative/local.ts': `export class Producer {
  produce(topic: string, partition: number | null, value: Buffer, key?: string) {
    return { topic, partition, value, key };
  }
}

function produce(topic: string, partition: number | null, value: Buffer) {
  return { topic, partition, value };
}

export function stage(id: string) {
  const producer = new Producer();
  producer.produce('order.created', null, Buffer.from(id));
  produce('order.created', null, Buffer.from(id));
  const list = { subscribe: (topics: string[]) => topics };
  list.subscribe(['order.created']);
}
`,
  'negative/kafkajs-only.ts': `import { Kafka, type Producer } from 'kafkajs';

const kafka = new Kafka({ clientId: 'x', brokers: ['kafka:9092'] });
const producer: Producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'x' });

export async function run(id: string) {
  await producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
  await consumer.subscribe({ topics: ['order.paid'] });
}
`,
  'negative/admin.ts': `import { KafkaJS } from '@confluentinc/kafka-javascript';

const kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: ['kafka:9092'] } });

export async function setup() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'order.created', numPartitions: 3 }] });
  const producer = kafka.producer();
  await producer.connect();
  // await producer.send({ topic: 'commented.out', messages: [{ value: 'x' }] });
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
const LIBRARY = '@confluentinc/kafka-javascript';

describe('@confluentinc/kafka-javascript', () => {
  it('fixtures compile but for the package, which is not installed', () => {
    for (const entry of Object.keys(FILES).filter((name) => name.endsWith('.ts'))) {
      const errors = program()
        .errors(entry)
        .filter((error) => !error.startsWith(`Cannot find module '${LIBRARY}'`));
      expect(errors, entry).toEqual([]);
    }
  });

  describe('the KafkaJS-compatible API', () => {
    it('a KafkaService holding the producer in a field created in its constructor', () => {
      const expected = [`produce ${LIBRARY} L17 "order.created" key=present kafka`, `produce ${LIBRARY} L20 "order.viewed" key=absent kafka`];
      expect(untyped('service/kafka.service.ts')).toEqual(expected);
      expect(typed('service/kafka.service.ts')).toEqual(expected);
    });

    it('a NestJS provider: injected clients typed `KafkaJS.X`, a producer made in onModuleInit, a transaction, sendBatch', () => {
      // Without types the constants of `../shared/topics` stay unknown; with them they are read.
      // `forward` passes a record it was given: only the annotation `KafkaJS.Producer` says `audit` is a producer.
      expect(untyped('provider/payments.publisher.ts')).toEqual([
        `produce ${LIBRARY} L18 ?(Topics.paymentCaptured) key=present kafka`,
        `produce ${LIBRARY} L22 ?(Topics.audit) key=absent kafka`,
        `produce ${LIBRARY} L25 param(0.topic) key=unknown kafka`,
      ]);
      expect(typed('provider/payments.publisher.ts')).toEqual([
        `produce ${LIBRARY} L18 "payment.captured" key=present kafka`,
        `produce ${LIBRARY} L22 "audit.log" key=absent kafka`,
        `produce ${LIBRARY} L25 param(0.topic) key=unknown kafka`,
      ]);
    });

    it('JavaScript: `require(...).KafkaJS` destructured, env brokers, a consumer loop over a topic list', () => {
      const expected = [
        `produce ${LIBRARY} L15 "jobs.done" key=present kafka`,
        `consume ${LIBRARY} L11 "jobs.requested" event kafka`,
        `consume ${LIBRARY} L11 "jobs.retried" event kafka`,
      ];
      expect(untyped('js/worker.js')).toEqual(expected);
      expect(typed('js/worker.js')).toEqual(expected);
    });

    it('a namespace import: `new confluent.KafkaJS.Kafka()`, `topics` with a spread list, a RegExp topic', () => {
      expect(untyped('ns/billing.consumer.ts')).toEqual([
        `consume ${LIBRARY} L9 ?(...BILLING_TOPICS) event kafka`,
        `consume ${LIBRARY} L9 "invoice.voided" event kafka`,
        `consume ${LIBRARY} L10 /^billing\\..*/ event kafka`,
      ]);
      expect(typed('ns/billing.consumer.ts')).toEqual([
        `consume ${LIBRARY} L9 "invoice.issued" event kafka`,
        `consume ${LIBRARY} L9 "invoice.paid" event kafka`,
        `consume ${LIBRARY} L9 "invoice.voided" event kafka`,
        `consume ${LIBRARY} L10 /^billing\\..*/ event kafka`,
      ]);
    });

    it('a default import: `new confluent.KafkaJS.Kafka()`, a record passed through', () => {
      const expected = [`produce ${LIBRARY} L7 param(0.topic) key=unknown kafka`];
      expect(untyped('default/publisher.ts')).toEqual(expected);
      expect(typed('default/publisher.ts')).toEqual(expected);
    });
  });

  describe('the node-rdkafka-style API', () => {
    it('`new Kafka.Producer()` through a default import; the key is argument 3, absent when omitted or null', () => {
      const expected = [
        `produce ${LIBRARY} L13 "order.shipped" key=present kafka`,
        `produce ${LIBRARY} L16 "service.heartbeat" key=absent kafka`,
        `produce ${LIBRARY} L17 "service.heartbeat" key=absent kafka`,
        `produce ${LIBRARY} L20 "order.traced" key=present kafka`,
      ];
      expect(untyped('rdkafka/kafka.service.ts')).toEqual(expected);
      expect(typed('rdkafka/kafka.service.ts')).toEqual(expected);
      const [shipped, omitted, nullKey, traced] = program().scan('rdkafka/kafka.service.ts').produces;
      expect(shipped?.messages[0]?.keyExpression?.getText()).toBe('order.id');
      expect(shipped?.messages[0]?.value?.getText()).toBe('Buffer.from(JSON.stringify(order))');
      // `order` is a parameter: no payload object to read.
      expect(shipped?.messages[0]?.payload).toBeUndefined();
      // With no key argument the message is the call; with `null` it is the `null`.
      expect(omitted?.messages[0]?.node).toBe(omitted?.node);
      expect(nullKey?.messages[0]?.node.getText()).toBe('null');
      expect(traced?.messages[0]?.headers?.getText()).toBe("[{ 'trace-id': traceId }]");
    });

    it('a HighLevelProducer made in onModuleInit: a callback after the timestamp, headers only before one', () => {
      expect(untyped('rdkafka/invoices.provider.ts')).toEqual([
        `produce ${LIBRARY} L13 ?(BILLING_TOPICS[0]) key=present kafka`,
        `produce ${LIBRARY} L16 "invoice.audited" key=absent kafka`,
      ]);
      expect(typed('rdkafka/invoices.provider.ts')).toEqual([
        `produce ${LIBRARY} L13 "invoice.issued" key=present kafka`,
        `produce ${LIBRARY} L16 "invoice.audited" key=absent kafka`,
      ]);
      const [issued, audited] = program().scan('rdkafka/invoices.provider.ts').produces;
      expect(issued?.messages[0]?.headers).toBeUndefined();
      // The payload is seen through `Buffer.from(JSON.stringify(...))`, as checks need it.
      expect(issued?.messages[0]?.payload?.getText()).toBe('{ invoiceId, total }');
      expect(audited?.messages[0]?.headers?.getText()).toBe("[{ source: 'billing' }]");
    });

    it("JavaScript: a KafkaConsumer subscribing in its 'ready' handler, one consume per topic", () => {
      const expected = [`consume ${LIBRARY} L11 "order.created" event kafka`, `consume ${LIBRARY} L11 "order.cancelled" event kafka`];
      expect(untyped('rdkafka/consumer.js')).toEqual(expected);
      expect(typed('rdkafka/consumer.js')).toEqual(expected);
    });
  });

  describe('things that are not this library', () => {
    it("a local produce() function and a team's own Producer class, in a file without the library", () => {
      expect(untyped('negative/local.ts')).toEqual([]);
      expect(typed('negative/local.ts')).toEqual([]);
    });

    it('a kafkajs-only file gives kafkajs facts only', () => {
      const expected = ['produce kafkajs L8 "order.created" key=present kafka', 'consume kafkajs L9 "order.paid" event kafka'];
      expect(untyped('negative/kafkajs-only.ts')).toEqual(expected);
      expect(typed('negative/kafkajs-only.ts')).toEqual(expected);
    });

    it('admin calls, a producer that only connects, a commented-out send', () => {
      expect(untyped('negative/admin.ts')).toEqual([]);
      expect(typed('negative/admin.ts')).toEqual([]);
    });
  });
});
