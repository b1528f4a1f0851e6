import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { renderText } from '../../src/reporters/text.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** A team's publisher: the topic comes from each caller, the message never has a key. */
const publisher = `import { Kafka, type Producer } from 'kafkajs';

export class EventPublisher {
  private readonly producer: Producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

  async publish(topic: string, payload: object): Promise<void> {
    await this.producer.send({
      topic,
      messages: [{ value: JSON.stringify(payload) }],
    });
  }
}
`;

const checkout = `import { EventPublisher } from './kafka/publisher';

const events = new EventPublisher();

export async function placeOrder(orderId: string) {
  await events.publish('order.placed', { orderId });
  await events.publish('send-invoice-email', { orderId, template: 'invoice' });
}
`;

describe('findings about a send inside a wrapper', () => {
  it('are reported at each call of the wrapper, with the caller’s topic, via the send inside it', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/kafka/publisher.ts': publisher,
      'orders/src/checkout.ts': checkout,
    });
    const result = await analyzeProject({ root });
    const perFile = result.findings.filter((finding) => finding.ruleId !== 'no-orphan-topic');
    const shown = perFile.map(
      (finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.line} via ${finding.via ? `${finding.via.file}:${finding.via.line}` : '-'} ${finding.message.slice(0, 50)}`,
    );
    expect(shown).toEqual([
      "require-partition-key orders/src/checkout.ts:6 via orders/src/kafka/publisher.ts:9 Message to 'order.placed' has no partition key: Ka",
      // The topic named by this caller orders an action: only the call site can tell.
      "no-commands-in-events orders/src/checkout.ts:7 via orders/src/kafka/publisher.ts:7 Topic 'send-invoice-email' is named as an order ('",
      "require-partition-key orders/src/checkout.ts:7 via orders/src/kafka/publisher.ts:9 Message to 'send-invoice-email' has no partition k",
    ]);
    // Each finding points at the interaction of its own call site.
    const produces = new Map(result.interactions.filter((i) => i.kind === 'produce').map((i) => [i.id, i]));
    for (const finding of perFile) expect(produces.get(finding.interactionId ?? '')?.location).toEqual(finding.location);
    // Grouped by file; the send inside the wrapper, where the fix may go, is named after the message.
    const text = renderText(result, {}).output;
    expect(text).toMatch(/^orders\/src\/checkout\.ts$/m);
    expect(text).toMatch(/^ {2}6:9 +error +Message to 'order\.placed' has no partition key \(via orders\/src\/kafka\/publisher\.ts:9:\d+\) +require-partition-key$/m);
  });

  it('a wrapper nobody calls is checked where it is, as ESLint does', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/kafka/publisher.ts': publisher,
    });
    const result = await analyzeProject({ root });
    const perFile = result.findings.filter((finding) => finding.ruleId !== 'no-orphan-topic');
    expect(perFile.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.line} ${finding.via ? 'via' : '-'}`)).toEqual([
      'require-partition-key orders/src/kafka/publisher.ts:9 -',
    ]);
  });

  it('re-reads the messages each caller passes when the wrapper takes the whole record', async () => {
    const root = tempRepo({
      'orders/package.json': '{ "name": "orders" }',
      'orders/src/kafka/producer.service.ts': `import { Injectable, OnModuleInit } from '@nestjs/common';
import { Kafka, type Producer, type ProducerRecord } from 'kafkajs';

@Injectable()
export class ProducerService implements OnModuleInit {
  private readonly producer: Producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

  async onModuleInit() {
    await this.producer.connect();
  }

  async produce(record: ProducerRecord) {
    await this.producer.send(record);
  }
}
`,
      'orders/src/orders/order-events.ts': `import { Injectable } from '@nestjs/common';
import type { ProducerRecord } from 'kafkajs';
import { ProducerService } from '../kafka/producer.service';

/** A second wrapper: the record still comes from further out. */
@Injectable()
export class OrderEvents {
  constructor(private readonly producer: ProducerService) {}

  publish(record: ProducerRecord) {
    return this.producer.produce(record);
  }
}
`,
      'orders/src/orders/orders.service.ts': `import { Injectable } from '@nestjs/common';
import { ProducerService } from '../kafka/producer.service';
import { OrderEvents } from './order-events';

@Injectable()
export class OrdersService {
  constructor(
    private readonly producer: ProducerService,
    private readonly events: OrderEvents,
  ) {}

  async create(order: { id: string; total: number }) {
    await this.producer.produce({ topic: 'order.created', messages: [{ value: JSON.stringify(order) }] });
    await this.producer.produce({ topic: 'order.priced', messages: [{ key: order.id, value: String(order.total) }] });
    await this.events.publish({ topic: 'order.audited', messages: [{ value: order.id }] });
  }
}
`,
    });
    const result = await analyzeProject({ root });
    const produces = result.interactions.filter((i) => i.kind === 'produce');
    expect(produces.map((i) => `${i.location.file}:${i.location.line} ${i.topic} key=${i.key}`)).toEqual([
      'orders/src/orders/orders.service.ts:13 order.created key=absent',
      'orders/src/orders/orders.service.ts:14 order.priced key=present',
      'orders/src/orders/orders.service.ts:15 order.audited key=absent',
    ]);
    const keyless = result.findings.filter((finding) => finding.ruleId === 'require-partition-key');
    expect(keyless.map((finding) => `${finding.location.file}:${finding.location.line} via ${finding.via?.file}:${finding.via?.line} ${finding.message.slice(0, 30)}`)).toEqual([
      // The message without a key is the caller's: `via` points at it.
      "orders/src/orders/orders.service.ts:13 via orders/src/orders/orders.service.ts:13 Message to 'order.created' has",
      "orders/src/orders/orders.service.ts:15 via orders/src/orders/orders.service.ts:15 Message to 'order.audited' has",
    ]);
  });

  it('re-reads the data a NestJS client wrapper is given: a DTO without a key is sent un-keyed', async () => {
    const root = tempRepo({
      'gateway/package.json': '{ "name": "gateway" }',
      'gateway/src/app.service.ts': `import { Inject, Injectable } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';

class LoginDTO {
  email!: string;
  password!: string;
}

@Injectable()
export class AppService {
  constructor(@Inject('ACCOUNTS') private readonly accounts: ClientKafka) {}

  login(dto: LoginDTO) {
    return this.emitToAccounts('account.login-requested', dto);
  }

  audit(accountId: string) {
    return this.emitToAccounts('account.audited', { key: accountId, value: { accountId } });
  }

  private emitToAccounts(topic: string, data: any) {
    return this.accounts.emit(topic, data);
  }
}
`,
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => (i.kind === 'produce' ? `${i.location.line} ${i.topic} key=${i.key}` : i.kind))).toEqual([
      '14 account.login-requested key=absent',
      '18 account.audited key=present',
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'require-partition-key').map((f) => `${f.location.line} via ${f.via?.line}`)).toEqual(['14 via 14']);
  });

  describe('a key given through the wrapper’s options is there only at the calls that give it', () => {
    /** Two teams' publishers: an options bag (`key: options?.key`) and a plain optional parameter (`key`). */
    const publisher = `import { Kafka } from 'kafkajs';

const producer = new Kafka({ clientId: 'wallet', brokers: ['kafka:9092'] }).producer();

export interface PublishOptions { key?: string; correlationId?: string }

export async function publishEvent(topic: string, payload: object, options?: PublishOptions) {
  await producer.send({ topic, messages: [{ key: options?.key, value: JSON.stringify(payload) }] });
}

export async function publishKeyed(topic: string, payload: object, key?: string) {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(payload), headers: { type: 'x' } }] });
}

export async function publishWithDefaults(topic: string, payload: object, options: PublishOptions = {}) {
  await producer.send({ topic, messages: [{ key: options.key, value: JSON.stringify(payload) }] });
}

export async function publishAll(topic: string, events: { id: string }[]) {
  await producer.send({ topic, messages: events.map((event) => ({ key: event.id, value: JSON.stringify(event) })) });
}
`;
    const callers = `import { publishAll, publishEvent, publishKeyed, publishWithDefaults, type PublishOptions } from './publisher';

export async function calls(walletId: string, options: PublishOptions, spread: PublishOptions, maybe?: string) {
  await publishEvent('a.keyed', {}, { key: walletId });
  await publishEvent('a.other-option', {}, { correlationId: walletId });
  await publishEvent('a.none', {});
  await publishEvent('a.null', {}, { key: undefined });
  await publishEvent('a.spread', {}, { ...spread });
  await publishEvent('a.typed', {}, options);
  await publishKeyed('b.keyed', {}, walletId);
  await publishKeyed('b.none', {});
  await publishKeyed('b.optional', {}, maybe);
  await publishWithDefaults('c.none', {});
  await publishWithDefaults('c.keyed', {}, { key: walletId });
  await publishAll('d.mapped', [{ id: walletId }]);
  const fixed = { key: walletId };
  await publishEvent('a.named', {}, fixed);
}
`;
    it('at each call: present, absent, or unknown when the caller’s own options decide', async () => {
      const root = tempRepo({ 'wallet/package.json': '{ "name": "wallet" }', 'wallet/src/publisher.ts': publisher, 'wallet/src/calls.ts': callers });
      const result = await analyzeProject({ root });
      const keys = result.interactions.flatMap((i) => (i.kind === 'produce' ? [`${i.topic} key=${i.key}`] : []));
      expect(keys).toEqual([
        'a.keyed key=present',
        'a.other-option key=absent',
        'a.none key=absent',
        'a.null key=absent',
        'a.spread key=unknown',
        // `PublishOptions` declares `key?:`: the type cannot say whether this caller's options carry one.
        'a.typed key=unknown',
        'b.keyed key=present',
        'b.none key=absent',
        'b.optional key=unknown',
        'c.none key=absent',
        'c.keyed key=present',
        // A callback's parameter is not the wrapper's: the mapped message's key is the event's id.
        'd.mapped key=present',
        'a.named key=present',
      ]);
      const missing = result.findings.filter((f) => f.ruleId === 'require-partition-key').map((f) => `${f.location.file}:${f.location.line}`);
      expect(missing).toEqual(['wallet/src/calls.ts:5', 'wallet/src/calls.ts:6', 'wallet/src/calls.ts:7', 'wallet/src/calls.ts:11', 'wallet/src/calls.ts:13']);
    });
  });
});
