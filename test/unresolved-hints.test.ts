import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../src/analyzer/analyze.js';
import { unresolvedInteractions } from '../src/reporters/unresolved.js';
import { tempRepo } from './helpers/temp-repo.js';

const CODE = `import axios from 'axios';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export async function go(topic: string, id: string) {
  await axios.get(\`\${process.env.BILLING_URL}/charges/\${id}\`);
  await axios.post('http://localhost:3001/refunds');
  await producer.send({ topic: process.env.ORDERS_TOPIC!, messages: [{ key: id, value: id }] });
  await producer.send({ topic, messages: [{ key: id, value: id }] });
  await fetch('/api/orders');
}
`;

describe('the config entry the text report offers for an unresolved interaction', () => {
  it('places the interaction once it is in the config', async () => {
    const root = tempRepo({ 'package.json': '{ "name": "shop" }', 'src/go.ts': CODE, 'billing/package.json': '{ "name": "billing" }' });
    const before = unresolvedInteractions(await analyzeProject({ root }));
    // [line, a config entry offered, a note offered]: a parameter and a relative URL have no config entry.
    expect(before.map(({ interaction, fix, note }) => [interaction.location.line, fix !== undefined, note !== undefined])).toEqual([
      [5, true, false],
      [6, true, false],
      [7, true, false],
      [8, false, true],
      [9, false, true],
    ]);

    // Take the offered entries as they are, filling in only the placeholders, as a user would.
    const config: Record<string, unknown[]> = {};
    for (const { fix } of before) {
      if (fix === undefined) continue;
      const filled = fix.replace('<the service it reaches>', 'billing').replace('<the topic>', 'orders.placed');
      for (const [key, entries] of Object.entries(JSON.parse(`{${filled}}`) as Record<string, unknown[]>)) config[key] = [...(config[key] ?? []), ...entries];
    }
    fs.writeFileSync(path.join(root, 'service-map.config.json'), JSON.stringify(config));
    const after = await analyzeProject({ root });
    expect(unresolvedInteractions(after).map(({ interaction }) => interaction.location.line)).toEqual([8, 9]);
    const placed = after.interactions.filter((interaction) => interaction.location.line <= 7);
    expect(placed.map((interaction) => (interaction.kind === 'http' ? interaction.target : interaction.topic))).toEqual(['billing', 'billing', 'orders.placed']);
  });
});
