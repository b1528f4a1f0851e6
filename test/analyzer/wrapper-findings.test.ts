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
    expect(renderText(result).output).toContain('orders/src/checkout.ts:6:9  error  Message to \'order.placed\' has no partition key');
    expect(renderText(result).output).toMatch(/require-partition-key {2}via orders\/src\/kafka\/publisher\.ts:9:\d+\n/);
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
});
