import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import type { Interaction } from '../../src/core/model/result.js';
import { tempRepo } from '../helpers/temp-repo.js';

const shown = (interactions: readonly Interaction[]) =>
  interactions.map((i) => `${i.kind} L${i.location.line} ${i.kind === 'http' ? `${String(i.url)} -> ${String(i.target)}` : String(i.topic)}`);

describe('calls made once per element of a list the code shows', () => {
  it('a gateway health check over its downstream services: .map, for...of and forEach', async () => {
    const root = tempRepo({
      'gateway/package.json': '{ "name": "gateway" }',
      'gateway/src/health.ts': `import axios from 'axios';

const DOWNSTREAMS = [
  { name: 'merchant', url: 'http://merchant:3001/health' },
  { name: 'payment', url: 'http://payment:3002/health' },
] as const;

export async function readiness() {
  return Promise.all(DOWNSTREAMS.map((service) => axios.get(service.url, { timeout: 1000 })));
}

export async function liveness() {
  for (const service of DOWNSTREAMS) await fetch(\`\${service.url}?deep=false\`);
}

export function warmUp(urls: string[]) {
  // A list only callers know: one unresolved call.
  urls.forEach((url) => void fetch(url));
}
`,
      'merchant/package.json': '{ "name": "merchant" }',
      'payment/package.json': '{ "name": "payment" }',
    });
    const result = await analyzeProject({ root });
    expect(shown(result.interactions)).toEqual([
      'http L9 http://merchant:3001/health -> merchant',
      'http L9 http://payment:3002/health -> payment',
      'http L13 http://merchant:3001/health?deep=false -> merchant',
      'http L13 http://payment:3002/health?deep=false -> payment',
      'http L18 null -> null',
    ]);
  });

  it('subscriptions from a list of topic configs spread into subscribe()', async () => {
    const root = tempRepo({
      'stock/package.json': '{ "name": "stock" }',
      'stock/src/consumer.service.ts': `import { Kafka, type ConsumerSubscribeTopics } from 'kafkajs';

const SUBSCRIPTIONS = [{ topic: 'product.created' }, { topic: 'product.deleted' }];

export class ConsumerService {
  private readonly consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'stock' });

  async start() {
    await Promise.all(SUBSCRIPTIONS.map((subscription) => this.consumer.subscribe({ ...subscription, fromBeginning: true })));
  }

  async also(topics: ConsumerSubscribeTopics) {
    await this.consumer.subscribe({ ...topics, fromBeginning: true });
  }
}
`,
    });
    const result = await analyzeProject({ root });
    expect(shown(result.interactions)).toEqual(['consume L9 product.created', 'consume L9 product.deleted', 'consume L13 null']);
    expect(result.interactions.at(-1)?.unresolved).toEqual({ topic: 'topics.topic' });
  });
});
