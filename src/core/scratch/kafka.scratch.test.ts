import { it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const files: Record<string, string> = {
  'a/ctor.ts': `import { Kafka, Producer } from 'kafkajs';
import { Injectable, OnModuleInit } from '@nestjs/common';

@Injectable()
export class OrderEvents implements OnModuleInit {
  private producer: Producer;
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
  'b/init.ts': `import { Kafka, type Producer } from 'kafkajs';
import { Injectable, OnModuleInit, OnModuleDestroy } from '@nestjs/common';

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
  'c/let.ts': `import { Kafka, Producer } from 'kafkajs';

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
  'd/kafka.ts': `import { Kafka } from 'kafkajs';
export const kafka = new Kafka({ clientId: 'shipping', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') });
export const producer = kafka.producer();
export const consumer = kafka.consumer({ groupId: 'shipping' });
`,
  'd/topics.ts': `export const Topics = {
  orders: { created: 'order.created', cancelled: 'order.cancelled' },
  shipment: 'shipment.dispatched',
} as const;
export enum PaymentTopic {
  Captured = 'payment.captured',
  Failed = 'payment.failed',
}
`,
  'd/publisher.ts': `import { producer } from './kafka';
import { Topics } from './topics';

export async function shipmentDispatched(orderId: string) {
  await producer.send({ topic: Topics.shipment, messages: [{ key: orderId, value: JSON.stringify({ orderId }) }] });
}
`,
  'd/consumer.ts': `import { consumer } from './kafka';
import { Topics, PaymentTopic } from './topics';

export async function start() {
  await consumer.connect();
  await consumer.subscribe({ topics: [Topics.orders.created, Topics.orders.cancelled, PaymentTopic.Captured], fromBeginning: false });
  await consumer.subscribe({ topic: /^payment\\..*/ });
  await consumer.run({ eachMessage: async ({ topic, message }) => { console.log(topic, message.value?.toString()); } });
}
`,
  'e/batch.ts': `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'x', brokers: ['k:9092'] });
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
  await transaction.send({ topic: 'ledger.entry', messages: [{ key: 'k', value: 'v' }] });
  await transaction.commit();
}
`,
  'f/callback.ts': `import { withProducer } from './kafka';
export async function notify(id: string) {
  await withProducer(async (producer) => {
    await producer.send({ topic: 'user.notified', messages: [{ key: id, value: id }] });
  });
}
`,
  'f/kafka.ts': `import { Kafka, type Producer } from 'kafkajs';
const kafka = new Kafka({ clientId: 'x', brokers: ['k:9092'] });
export async function withProducer(fn: (producer: Producer) => Promise<void>) {
  const producer = kafka.producer();
  await producer.connect();
  await fn(producer);
}
`,
  'g/env.ts': `import { Kafka } from 'kafkajs';
const { KAFKA_TOPIC = 'user.created' } = process.env;
const kafka = new Kafka({ clientId: 'x', brokers: ['k:9092'] });
const producer = kafka.producer();
export async function created(id: string) {
  await producer.send({ topic: KAFKA_TOPIC, messages: [{ key: id, value: id }] });
  await producer.send({ topic: \`\${process.env.TOPIC_PREFIX}.user.deleted\`, messages: [{ key: id, value: id }] });
}
`,
  'h/neg.ts': `import { EventEmitter } from 'node:events';
import express from 'express';
import { interval } from 'rxjs';
const notAProducer = { send: (x: unknown) => x };
export function f(socket: { emit(e: string, d: unknown): void }) {
  notAProducer.send({ topic: 'x', messages: [] });
  interval(1000).subscribe(() => undefined);
  const emitter = new EventEmitter();
  emitter.emit('order.created', {});
  socket.emit('order.created', {});
  const cache = new Map<string, string>();
  cache.get('x');
  // await producer.send({ topic: 'commented', messages: [] });
}
`,
  'h/admin.ts': `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'x', brokers: ['k:9092'] });
const admin = kafka.admin();
export async function setup() {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'order.created', numPartitions: 3 }] });
  const producer = kafka.producer();
  await producer.connect();
}
`,
};

const scan = typedScanner(files);
for (const name of Object.keys(files)) {
  it(name, () => {
    console.log(name, '\nUNTYPED', summarize(scanUntyped(files[name]!, name)), '\nTYPED', summarize(scan(name)));
  });
}
