import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { renderText } from '../../src/reporters/text.js';
import { tempRepo } from '../helpers/temp-repo.js';

const notesOf = (diagnostics: readonly { file: string; line?: number; message: string }[]) =>
  diagnostics.filter((d) => d.message.includes(', but no ')).map((d) => `${d.file}:${d.line ?? '-'} ${d.message.slice(0, d.message.indexOf(':'))}`);

describe('no silent zero: a client library imported where nothing of its kind is found', () => {
  it('is a note naming the file and the import, in JSON and text; a service where something is found has none', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "shop", "private": true, "workspaces": ["services/*", "shared"] }',
      // Nothing can be followed here: the client class is picked from a table at run time.
      'services/plugins/package.json': '{ "name": "plugins", "dependencies": { "kafkajs": "2.2.4", "axios": "1.7.0" } }',
      'services/plugins/src/bootstrap.js': `const kafkajs = require('kafkajs');
const axios = require('axios');
const Client = kafkajs[process.env.CLIENT_CLASS];
module.exports = { client: new Client({ brokers: ['kafka:9092'] }), http: axios[process.env.VERB] };
`,
      // Found: a send and a call.
      'services/orders/package.json': '{ "name": "orders", "dependencies": { "kafkajs": "2.2.4", "axios": "1.7.0" } }',
      'services/orders/src/index.ts': `import axios from 'axios';
import { Kafka } from 'kafkajs';
import { makeProducer } from '@shop/shared';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function placed(id: string) {
  await producer.send({ topic: 'order.placed', messages: [{ key: id, value: id }] });
  await axios.post('http://payment:3000/charges', { id });
  return makeProducer();
}
`,
      // A shared client factory: nothing is found in the shared package itself, but the orders service that
      // imports it sends.
      'shared/package.json': '{ "name": "@shop/shared", "main": "src/index.ts", "dependencies": { "kafkajs": "2.2.4" } }',
      'shared/src/index.ts': `export * from './kafka';\n`,
      'shared/src/kafka.ts': `import { Kafka } from 'kafkajs';\nexport const makeProducer = () => new Kafka({ brokers: ['kafka:9092'] }).producer();\n`,
      // Administration and types only: nothing to send, nothing to explain.
      'services/setup/package.json': '{ "name": "setup", "dependencies": { "kafkajs": "2.2.4" } }',
      'services/setup/src/topics.ts': `import { Kafka, type Producer } from 'kafkajs';
export let unused: Producer | undefined;
export async function createTopics() {
  const admin = new Kafka({ brokers: ['kafka:9092'] }).admin();
  await admin.createTopics({ topics: [{ topic: 'order.placed' }] });
}
`,
    });
    const result = await analyzeProject({ root });
    expect(notesOf(result.diagnostics)).toEqual([
      "services/plugins/src/bootstrap.js:1 imports kafkajs, but no Kafka produce or consume was found in service 'plugins'",
      "services/plugins/src/bootstrap.js:2 imports axios, but no HTTP call was found in service 'plugins'",
    ]);
    const text = renderText(result, {}).output;
    expect(text).toMatch(/services\/plugins\/src\/bootstrap\.js:1 {2}imports kafkajs, but no Kafka produce or consume was found in service 'plugins'/);
  });
});
