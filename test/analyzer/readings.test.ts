import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import type { Interaction } from '../../src/core/model/result.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** One line per interaction: kind, place, topic or target, and the candidates when there are several readings. */
const shown = (interactions: readonly Interaction[]) =>
  interactions.map((i) => {
    const what = i.kind === 'http' ? `${i.targetKind} ${String(i.target)} ${String(i.path)}` : String(i.topic);
    return `${i.kind} ${i.location.file}:${i.location.line} ${what}${i.candidates ? ` [${i.candidates.join(', ')}]` : ''}`;
  });

describe('values with several readings, placed and resolved', () => {
  it('decides a target when every reading names the same service, and lists the candidates otherwise', async () => {
    const root = tempRepo({
      'docker-compose.yml': `services:
  orders:
    build: ./orders
    hostname: orders.internal
  search:
    build: ./search
  web:
    build: ./web
    environment:
      SEARCH_URL: http://search:9200
`,
      'orders/package.json': '{ "name": "orders", "dependencies": { "express": "4.19.2" } }',
      'orders/server.js': `const app = require('express')();\napp.get('/orders/:id', (req, res) => res.json({}));\napp.listen(3000);\n`,
      'search/package.json': '{ "name": "search" }',
      'web/package.json': '{ "name": "web", "dependencies": { "axios": "1.7.2" } }',
      'web/lib/api.ts': `import axios from 'axios';

export function ordersApi(onServer: boolean) {
  let baseURL = 'http://orders.internal:3000';
  if (onServer) {
    baseURL = 'http://orders:3000';
  }
  return axios.create({ baseURL });
}

export const getOrder = (id: string) => ordersApi(typeof window === 'undefined').get(\`/orders/\${id}\`);

const SEARCH = process.env.NODE_ENV === 'production' ? 'https://search.example.com' : process.env.SEARCH_URL || 'http://localhost:9200';

export const search = (q: string) => fetch(\`\${SEARCH}/search?q=\${q}\`);

declare const runtime: { url?: string };
export const anywhere = () => fetch(\`\${runtime.url ?? 'http://orders:3000'}/orders/summary\`);
`,
    });
    const result = await analyzeProject({ root });
    expect(shown(result.interactions)).toEqual([
      'http web/lib/api.ts:11 service orders /orders/{id}',
      'http web/lib/api.ts:15 unresolved null /search [search.example.com, search]',
      // A reading that is not known names no service: the call is not decided, and says what it may reach.
      'http web/lib/api.ts:18 unresolved null /orders/summary [{runtime.url}/orders/summary, orders]',
    ]);
    const getOrder = result.interactions[0]!;
    expect(getOrder.kind === 'http' && getOrder.route?.path).toBe('/orders/:id');
    expect(result.interactions[1]?.unresolved?.url).toContain("'https://search.example.com/search?q={q}' (search.example.com)");
  });

  it('sends to each topic of a ternary, one interaction each, and keeps a topic with an unknown reading unresolved', async () => {
    const root = tempRepo({
      'payments/package.json': '{ "name": "payments", "dependencies": { "kafkajs": "2.2.4" } }',
      'payments/src/publish.ts': `import { Kafka } from 'kafkajs';

const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
const Topics = { PAID: 'payment.paid', FAILED: 'payment.failed', OUTBOX: 'outbox.events' } as const;

export async function publish(topic: string, id: string) {
  await producer.send({ topic, messages: [{ key: id, value: id }] });
}

export async function settle(ok: boolean, id: string) {
  await publish(ok ? Topics.PAID : Topics.FAILED, id);
}

export async function relay(row: { type: string }, known: boolean) {
  await publish(known ? row.type : Topics.OUTBOX, 'x');
}
`,
    });
    const result = await analyzeProject({ root });
    expect(shown(result.interactions)).toEqual([
      'produce payments/src/publish.ts:11 payment.failed [payment.paid, payment.failed]',
      'produce payments/src/publish.ts:11 payment.paid [payment.paid, payment.failed]',
      'produce payments/src/publish.ts:15 null [{row.type}, outbox.events]',
    ]);
    expect(new Set(result.interactions.map((interaction) => interaction.id)).size).toBe(3);
  });

  it('subscribes once per element of a list a wrapper walks, given by its callers, and skips elements a guard turns away', async () => {
    const root = tempRepo({
      'shared/package.json': '{ "name": "shared", "dependencies": { "kafkajs": "2.2.4" } }',
      'shared/kafka.ts': `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });

export async function createConsumer(groupId: string, topics: string[]) {
  const consumer = kafka.consumer({ groupId });
  for (const topic of topics) {
    await consumer.subscribe({ topic });
  }
}

export async function announce(configs: { topic: string; internal?: boolean }[]) {
  const producer = kafka.producer();
  configs.forEach((config) => {
    if (config.internal) return;
    void producer.send({ topic: config.topic, messages: [{ key: 'k', value: 'v' }] });
  });
}
`,
      'shared/topics.ts': `export const TOPICS = { ORDER_CREATED: 'order.created', ORDER_PAID: 'order.paid' } as const;\n`,
      'gateway/package.json': '{ "name": "gateway", "dependencies": { "shared": "*" } }',
      'gateway/index.ts': `import { createConsumer } from '../shared/kafka';
import { TOPICS } from '../shared/topics';

await createConsumer('gateway', Object.values(TOPICS));
`,
      'notifier/package.json': '{ "name": "notifier", "dependencies": { "shared": "*" } }',
      'notifier/index.ts': `import { announce } from '../shared/kafka';

const CONFIGS = [{ topic: 'notifier.sent' }, { topic: 'notifier.debug', internal: true }];
await announce(CONFIGS);
`,
    });
    const result = await analyzeProject({ root });
    expect(shown(result.interactions)).toEqual([
      'consume gateway/index.ts:4 order.created',
      'consume gateway/index.ts:4 order.paid',
      // At the call that gives the list, where the topic is visible; the internal config is turned away.
      'produce notifier/index.ts:4 notifier.sent',
    ]);
  });
});
