import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { noCommandsInEvents } from '../../src/core/checks/file/no-commands-in-events.js';
import { plugin } from '../../src/eslint-plugin/plugin.js';
import { asValid, at, code, type Expected, type Invalid, invalid, javascript, ruleOf, span, typed, typedTester, untypedTester, type Valid } from './tester.js';

const rule = ruleOf('no-commands-in-events');

const commandField = (source: string, property: string, field: string): Expected => ({ messageId: 'commandField', data: { field }, ...at(source, property) });
const instructionFields = (source: string, property: string, fields: string): Expected => ({ messageId: 'instructionFields', data: { fields }, ...at(source, property) });
const imperativeType = (source: string, property: string, name: string, verb: string): Expected => ({ messageId: 'imperativeType', data: { name, verb }, ...at(source, property) });
const imperativeTopic = (source: string, call: string, name: string, verb: string, occurrence = 1): Expected => ({
  messageId: 'imperativeTopic',
  data: { name, verb },
  ...at(source, call, occurrence),
});

const valid: Valid[] = [
  {
    name: "the article's good event: what happened, with its data",
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function orderPlaced(order: { id: string; customerId: string; totalAmount: number }) {
        await producer.send({
          topic: 'order.placed',
          messages: [{
            key: order.id,
            value: JSON.stringify({
              type: 'OrderPlaced',
              orderId: order.id,
              customerId: order.customerId,
              placedAt: new Date().toISOString(),
              totalAmount: order.totalAmount,
            }),
          }],
        });
      }
    `,
  },
  {
    name: 'NestJS events named as facts: order.confirmed, user-registered, UserRegistered',
    code: code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';

      @Injectable()
      export class AccountEvents {
        constructor(@Inject('EVENTS') private readonly events: ClientKafka) {}

        registered(userId: string, email: string) {
          this.events.emit('user-registered', { key: userId, value: { eventType: 'UserRegistered', userId, email } });
          this.events.emit('UserRegistered', { key: userId, value: { userId } });
          this.events.emit('order.confirmed', { key: userId, value: { event: 'order.confirmed' } });
        }
      }
    `,
  },
  {
    name: 'names with a past participle are facts; verbs match whole words only',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'billing', brokers: ['kafka:9092'] }).producer();
      const topics = ['payment.sent', 'email.send-requested', 'ORDER_PLACED', 'shipments', 'charges.v1', 'todo-items', 'feed-entries'] as const;

      export async function publish(id: string) {
        for (const topic of topics) {
          await producer.send({ topic, messages: [{ key: id, value: JSON.stringify({ type: 'InvoiceSent', eventType: 'shipment.created', id }) }] });
        }
        await producer.send({ topic: 'payment.sent', messages: [{ key: id, value: id }] });
        await producer.send({ topic: 'email.send-requested', messages: [{ key: id, value: id }] });
        await producer.send({ topic: 'ORDER_PLACED', messages: [{ key: id, value: id }] });
        await producer.send({ topic: 'shipments', messages: [{ key: id, value: id }] });
        await producer.send({ topic: 'charges.v1', messages: [{ key: id, value: id }] });
        await producer.send({ topic: 'todo-items', messages: [{ key: id, value: id }] });
      }
    `,
  },
  {
    name: "an action that states what happened (GitHub webhooks, audit logs): action: 'opened'",
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'scm-bridge', brokers: ['kafka:9092'] }).producer();

      export async function pullRequestEvent(pr: { id: number; repo: string }, closed: boolean) {
        await producer.send({
          topic: 'scm.pull-request',
          messages: [
            { key: pr.repo, value: JSON.stringify({ action: 'opened', pullRequestId: pr.id }) },
            { key: pr.repo, value: JSON.stringify({ action: 'ORDER_CANCELLED', pullRequestId: pr.id }) },
          ],
        });
      }
    `,
  },
  {
    name: 'one delivery detail alone is data (a gift card has a recipient)',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'gift-cards', brokers: ['kafka:9092'] }).producer();

      export async function purchased(card: { id: string; recipient: string; amount: number }) {
        await producer.send({
          topic: 'gift-card.purchased',
          messages: [{ key: card.id, value: JSON.stringify({ type: 'GiftCardPurchased', cardId: card.id, recipient: card.recipient, amount: card.amount }) }],
        });
      }
    `,
  },
  {
    name: 'requests are left to no-request-reply-over-kafka: NestJS send, and a kafkajs request with a pending reply',
    code: code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';
      import { Kafka } from 'kafkajs';
      import { firstValueFrom } from 'rxjs';

      const producer = new Kafka({ clientId: 'gateway', brokers: ['kafka:9092'] }).producer();
      const pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

      export function getUserOverKafkajs(userId: string, correlationId: string) {
        const reply = new Promise((resolve, reject) => pending.set(correlationId, { resolve, reject }));
        void producer.send({
          topic: 'GetUserRequest',
          messages: [{ key: userId, value: JSON.stringify({ command: 'GET_USER', userId }), headers: { correlationId, replyTo: 'GetUserResponse' } }],
        });
        return reply;
      }

      @Injectable()
      export class UsersGateway {
        constructor(@Inject('USERS') private readonly users: ClientKafka) {}

        getUser(id: string) {
          return firstValueFrom(this.users.send('get.user', { key: id, value: { action: 'GET', id } }));
        }
      }
    `,
  },
  {
    name: 'the consuming side: a handler of a badly named topic (the rule judges what a file sends)',
    code: code`
      import { Controller } from '@nestjs/common';
      import { EventPattern, Payload } from '@nestjs/microservices';

      @Controller()
      export class EmailController {
        @EventPattern('email.send')
        handle(@Payload() message: { action: string; template: string; recipient: string }) {
          return message;
        }
      }
    `,
  },
  {
    name: 'look-alikes: an HTTP call with action in its body, Express res.send, socket.emit, EventEmitter emit, rxjs next',
    code: code`
      import axios from 'axios';
      import express from 'express';
      import { EventEmitter } from 'node:events';
      import { Subject } from 'rxjs';
      import { Server } from 'socket.io';

      const app = express();
      const io = new Server(3002);
      const emitter = new EventEmitter();
      const commands$ = new Subject<{ action: string }>();

      app.post('/users', async (req, res) => {
        await axios.post('http://mailer:3000/send-email', { action: 'SEND_EMAIL', template: 'welcome', recipient: req.body.email });
        await fetch('http://sms:3000/messages', { method: 'POST', body: JSON.stringify({ command: 'SEND_SMS', recipient: req.body.phone, template: 'otp' }) });
        io.emit('SendWelcomeEmail', { action: 'SEND_EMAIL' });
        emitter.emit('send-email', { action: 'SEND_EMAIL', template: 'welcome', recipient: req.body.email });
        commands$.next({ action: 'SEND_EMAIL' });
        res.send({ type: 'SendWelcomeEmail', action: 'SEND_EMAIL' });
      });
    `,
  },
  {
    name: 'NestJS ClientProxy send over TCP with a { cmd } pattern (a request, where it belongs)',
    code: code`
      import { Injectable } from '@nestjs/common';
      import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';

      @Injectable()
      export class MathClient {
        private readonly client: ClientProxy = ClientProxyFactory.create({ transport: Transport.TCP });

        sum(values: number[]) {
          return this.client.send({ cmd: 'sum' }, values);
        }
      }
    `,
  },
  {
    name: 'allowNames: a team convention for a topic and an event type',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'notifier', brokers: ['kafka:9092'] }).producer();

      export async function notify(userId: string) {
        await producer.send({ topic: 'push-notifications', messages: [{ key: userId, value: JSON.stringify({ type: 'NotifyUser', userId }) }] });
        await producer.send({ topic: 'email.send', messages: [{ key: userId, value: JSON.stringify({ userId }) }] });
      }
    `,
    options: [{ allowNames: ['email.send', 'NotifyUser'] }],
  },
  {
    name: 'commandVerbs: a list that replaces the defaults',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'catalog', brokers: ['kafka:9092'] }).producer();

      export async function sync(sku: string) {
        await producer.send({ topic: 'catalog.sync', messages: [{ key: sku, value: JSON.stringify({ type: 'CreateSnapshot', sku }) }] });
      }
    `,
    options: [{ commandVerbs: ['publish'] }],
  },
  {
    name: 'commandFields, instructionFields, typeFields: lists that replace the defaults',
    code: code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'crm', brokers: ['kafka:9092'] }).producer();

      export async function contactUpdated(contactId: string) {
        await producer.send({
          topic: 'contact.updated',
          messages: [{ key: contactId, value: JSON.stringify({ type: 'SendNewsletter', action: 'REFRESH', template: 'weekly', recipient: contactId }) }],
        });
      }
    `,
    options: [{ commandFields: ['operation'], instructionFields: ['channel', 'audience'], typeFields: ['kind'] }],
  },
];

const invalidCases: Invalid[] = [
  invalid(
    "the article's bad event: a command disguised as an event",
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function orderPlaced(order: { id: string; email: string }) {
        await producer.send({
          topic: 'order.events',
          messages: [{
            key: order.id,
            value: JSON.stringify({
              type: 'OrderPlaced',
              action: 'SEND_EMAIL',
              template: 'order_confirmation',
              recipient: order.email,
            }),
          }],
        });
      }
    `,
    (source) => [
      { messageId: 'commandField', data: { field: 'action' }, ...span(source, `action: 'SEND_EMAIL'`) },
      { messageId: 'instructionFields', data: { fields: 'template, recipient' }, ...span(source, `template: 'order_confirmation'`) },
    ],
  ),
  invalid(
    'topics named as orders: email.send, SendWelcomeEmail, send-email',
    code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'accounts', brokers: ['kafka:9092'] }).producer();

      @Injectable()
      export class SignupService {
        constructor(@Inject('ACCOUNTS_KAFKA') private readonly kafka: ClientKafka) {}

        async signedUp(user: { id: string; email: string }) {
          await producer.send({ topic: 'email.send', messages: [{ key: user.id, value: JSON.stringify({ userId: user.id }) }] });
          this.kafka.emit('SendWelcomeEmail', { key: user.id, value: { userId: user.id } });
          this.kafka.emit('send-email', { key: user.id, value: { userId: user.id } });
        }
      }
    `,
    (source) => [
      imperativeTopic(source, 'producer.send', 'email.send', 'send'),
      { messageId: 'imperativeTopic', data: { name: 'SendWelcomeEmail', verb: 'send' }, ...span(source, `this.kafka.emit('SendWelcomeEmail', { key: user.id, value: { userId: user.id } })`) },
      imperativeTopic(source, `this.kafka.emit('send-email'`, 'send-email', 'send'),
    ],
  ),
  invalid(
    'event types named as orders, in every default type field',
    code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';

      @Injectable()
      export class BillingEvents {
        constructor(@Inject('BILLING_KAFKA') private readonly kafka: ClientKafka) {}

        periodClosed(accountId: string) {
          this.kafka.emit('billing.period-closed', { key: accountId, value: { type: 'SendWelcomeEmail', accountId } });
          this.kafka.emit('billing.period-closed', { key: accountId, value: { eventType: 'GENERATE_INVOICE', accountId } });
          this.kafka.emit('billing.period-closed', { key: accountId, value: { eventName: 'charge_card', accountId } });
          this.kafka.emit('billing.period-closed', { key: accountId, value: { event: 'billing.refund', accountId } });
        }
      }
    `,
    (source) => [
      imperativeType(source, `type: 'SendWelcomeEmail'`, 'SendWelcomeEmail', 'send'),
      imperativeType(source, `eventType: 'GENERATE_INVOICE'`, 'GENERATE_INVOICE', 'generate'),
      imperativeType(source, `eventName: 'charge_card'`, 'charge_card', 'charge'),
      imperativeType(source, `event: 'billing.refund'`, 'billing.refund', 'refund'),
    ],
  ),
  invalid(
    'command fields in the value and in the headers, whatever their value',
    code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientKafka } from '@nestjs/microservices';

      @Injectable()
      export class LoyaltyEvents {
        constructor(@Inject('LOYALTY_KAFKA') private readonly kafka: ClientKafka) {}

        orderCompleted(orderId: string, customerId: string, next: string) {
          this.kafka.emit('order.completed', { key: orderId, value: { orderId, customerId, command: 'RECALCULATE_POINTS' } });
          this.kafka.emit('order.completed', { key: orderId, value: { orderId }, headers: { cmd: next } });
          this.kafka.emit('order.completed', { orderId, instruction: next });
        }
      }
    `,
    (source) => [
      commandField(source, `command: 'RECALCULATE_POINTS'`, 'command'),
      commandField(source, 'cmd: next', 'cmd'),
      commandField(source, 'instruction: next', 'instruction'),
    ],
  ),
  invalid(
    'delivery instructions: templateId and recipients, in any spelling',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'marketing', brokers: ['kafka:9092'] }).producer();

      export async function campaignStarted(campaign: { id: string; audience: string[] }) {
        const payload = { campaignId: campaign.id, template_id: 'spring-sale', recipients: campaign.audience };
        await producer.send({ topic: 'campaign.started', messages: [{ key: campaign.id, value: JSON.stringify(payload) }] });
      }
    `,
    (source) => [instructionFields(source, `template_id: 'spring-sale'`, 'template_id, recipients')],
  ),
  invalid(
    'messages built with .map() and sendBatch',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

      export async function shipped(orders: { id: string; email: string }[]) {
        await producer.sendBatch({
          topicMessages: [
            { topic: 'order.shipped', messages: orders.map((order) => ({ key: order.id, value: JSON.stringify({ orderId: order.id, action: 'NOTIFY_CUSTOMER' }) })) },
            { topic: 'notify-customer', messages: orders.map((order) => ({ key: order.id, value: order.email })) },
          ],
        });
      }
    `,
    // Reports come sorted by place: the batch call (for the topic) before the payload field.
    (source) => [imperativeTopic(source, 'producer.sendBatch', 'notify-customer', 'notify'), commandField(source, `action: 'NOTIFY_CUSTOMER'`, 'action')],
  ),
  invalid(
    'a topic from an environment variable is judged by its fallback',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'accounts', brokers: ['kafka:9092'] }).producer();
      const EMAIL_TOPIC = process.env.EMAIL_TOPIC ?? 'email.send';

      export async function registered(userId: string) {
        await producer.send({ topic: EMAIL_TOPIC, messages: [{ key: userId, value: userId }] });
      }
    `,
    (source) => [imperativeTopic(source, 'producer.send', 'email.send', 'send')],
  ),
  invalid(
    'a ClientProxy whose transport is configured elsewhere: an emit is an event on any broker',
    code`
      import { Inject, Injectable } from '@nestjs/common';
      import { ClientProxy } from '@nestjs/microservices';

      @Injectable()
      export class InvoicePublisher {
        constructor(@Inject('BILLING') private readonly client: ClientProxy) {}

        issued(invoiceId: string) {
          this.client.emit('send-invoice', { invoiceId, action: 'EMAIL_PDF' });
        }
      }
    `,
    (source) => [imperativeTopic(source, 'this.client.emit', 'send-invoice', 'send'), commandField(source, `action: 'EMAIL_PDF'`, 'action')],
  ),
  invalid(
    'allowNames is exact: email.send is allowed, email.send.v2 is not',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'accounts', brokers: ['kafka:9092'] }).producer();

      export async function registered(userId: string) {
        await producer.send({ topic: 'email.send', messages: [{ key: userId, value: userId }] });
        await producer.send({ topic: 'email.send.v2', messages: [{ key: userId, value: userId }] });
      }
    `,
    (source) => [imperativeTopic(source, 'producer.send', 'email.send.v2', 'send', 2)],
    { options: [{ allowNames: ['email.send'] }] },
  ),
  invalid(
    'commandVerbs: a list that replaces the defaults',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'catalog', brokers: ['kafka:9092'] }).producer();

      export async function release(sku: string) {
        await producer.send({ topic: 'catalog.publish', messages: [{ key: sku, value: JSON.stringify({ type: 'SendDigest', sku }) }] });
        await producer.send({ topic: 'catalog.published', messages: [{ key: sku, value: JSON.stringify({ type: 'Publish-Product', sku }) }] });
      }
    `,
    (source) => [imperativeTopic(source, 'producer.send', 'catalog.publish', 'publish'), imperativeType(source, `type: 'Publish-Product'`, 'Publish-Product', 'publish')],
    { options: [{ commandVerbs: ['Publish'] }] },
  ),
  invalid(
    'commandFields, instructionFields, typeFields: lists that replace the defaults',
    code`
      import { Kafka } from 'kafkajs';

      const producer = new Kafka({ clientId: 'crm', brokers: ['kafka:9092'] }).producer();

      export async function contactUpdated(contactId: string) {
        await producer.send({
          topic: 'contact.updated',
          messages: [{ key: contactId, value: JSON.stringify({ kind: 'SendNewsletter', operation: 'REFRESH', channel: 'email', audience: 'weekly' }) }],
        });
      }
    `,
    (source) => [
      imperativeType(source, `kind: 'SendNewsletter'`, 'SendNewsletter', 'send'),
      commandField(source, `operation: 'REFRESH'`, 'operation'),
      instructionFields(source, `channel: 'email'`, 'channel, audience'),
    ],
    { options: [{ commandFields: ['operation'], instructionFields: ['channel', 'audience'], typeFields: ['kind'] }] },
  ),
];

const typeDecides = {
  /** Syntax alone cannot tell; types can. */
  onlyTyped: [
    invalid(
      'a payload declared in another file is reported where this file sends it',
      code`
        import { Kafka } from 'kafkajs';
        import { welcomeEmail } from './events.js';

        const producer = new Kafka({ clientId: 'accounts', brokers: ['kafka:9092'] }).producer();

        export async function registered(userId: string) {
          await producer.send({ topic: 'user-registered', messages: [{ key: userId, value: JSON.stringify(welcomeEmail) }] });
        }
      `,
      (source) => [
        commandField(source, 'JSON.stringify(welcomeEmail)', 'action'),
        instructionFields(source, 'JSON.stringify(welcomeEmail)', 'template, recipient'),
      ],
    ),
    invalid(
      'a topic constant from another file, sent with a producer from another file',
      code`
        import { Topics } from './events.js';
        import { producer } from './kafka-client.js';

        export async function registered(userId: string) {
          await producer.send({ topic: Topics.SendWelcomeEmail, messages: [{ key: userId, value: userId }] });
        }
      `,
      (source) => [imperativeTopic(source, 'producer.send', 'SendWelcomeEmail', 'send')],
    ),
  ],
  /** Valid in both modes: types follow the import and find a pure event. */
  validBoth: [
    {
      name: 'a pure event declared in another file',
      code: code`
        import { Kafka } from 'kafkajs';
        import { Topics, userRegistered } from './events.js';

        const producer = new Kafka({ clientId: 'accounts', brokers: ['kafka:9092'] }).producer();

        export async function registered(userId: string) {
          await producer.send({ topic: Topics.UserRegistered, messages: [{ key: userId, value: JSON.stringify(userRegistered) }] });
        }
      `,
    },
  ] satisfies Valid[],
};

untypedTester.run('no-commands-in-events (syntax only)', rule, {
  valid: [...valid, ...typeDecides.validBoth, ...asValid(typeDecides.onlyTyped)],
  invalid: invalidCases,
});

typedTester.run('no-commands-in-events (type-checked)', rule, {
  valid: typed([...valid, ...typeDecides.validBoth]),
  invalid: typed([...invalidCases, ...typeDecides.onlyTyped]),
});

untypedTester.run('no-commands-in-events (plain JavaScript, default parser)', rule, {
  valid: [
    javascript({
      name: 'CommonJS kafkajs, a pure event',
      code: code`
        const { Kafka } = require('kafkajs');

        const producer = new Kafka({ clientId: 'legacy', brokers: ['kafka:9092'] }).producer();

        exports.orderConfirmed = (order) =>
          producer.send({ topic: 'order.confirmed', messages: [{ key: order.id, value: JSON.stringify({ type: 'OrderConfirmed', orderId: order.id }) }] });
      `,
    }),
  ],
  invalid: [
    javascript(
      invalid(
        'CommonJS kafkajs, a command in an event',
        code`
          const { Kafka } = require('kafkajs');

          const producer = new Kafka({ clientId: 'legacy', brokers: ['kafka:9092'] }).producer();

          exports.orderConfirmed = (order) =>
            producer.send({ topic: 'order.confirmed', messages: [{ key: order.id, value: JSON.stringify({ type: 'OrderConfirmed', action: 'SEND_EMAIL' }) }] });
        `,
        (source) => [commandField(source, `action: 'SEND_EMAIL'`, 'action')],
      ),
    ),
  ],
});

describe('no-commands-in-events options', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (options: unknown) =>
    linter.verify('export {};', [{ plugins: { 'service-map': plugin as never }, rules: { 'service-map/no-commands-in-events': ['warn', options] } }]);

  it('accepts the documented options', () => {
    expect(
      lint({ commandFields: ['op'], instructionFields: ['channel', 'audience'], typeFields: ['kind'], commandVerbs: ['publish'], allowNames: ['email.send'] }),
    ).toEqual([]);
  });

  it.each([
    ['a string instead of a list', { commandVerbs: 'send' }, /should be array/],
    ['a list of non-strings', { allowNames: [true] }, /should be string/],
    ['an unknown option', { commandWords: ['send'] }, /Unexpected property "commandWords"/],
  ])('rejects %s (ESLint schema and CLI config alike)', (_label, options, reason) => {
    expect(() => lint(options)).toThrow(reason);
    expect(noCommandsInEvents.options.safeParse(options).success).toBe(false);
  });
});
