import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { UsageError } from '../../src/analyzer/errors.js';
import { tempRepo } from '../helpers/temp-repo.js';

const producerFile = `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export const publish = (id: string) => producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
`;

describe('bad input never crashes the analyzer', () => {
  it('a directory that does not exist is a usage error naming it', async () => {
    await expect(analyzeProject({ root: '/no/such/place' })).rejects.toThrow(new UsageError('no such directory: /no/such/place'));
  });

  it('a file given as the directory is a usage error', async () => {
    const root = tempRepo({ 'a.ts': 'export {};' });
    const run = analyzeProject({ root: path.join(root, 'a.ts') });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(`not a directory: ${path.join(root, 'a.ts')}`);
  });

  it('an empty repository gives an empty result', async () => {
    const result = await analyzeProject({ root: tempRepo({}) });
    expect(result.services).toEqual([]);
    expect(result.interactions).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.summary.files).toBe(0);
  });

  it('a file that does not parse is named in a note and costs only that file', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "orders" }',
      'src/broken.ts': "import axios from 'axios';\nexport const x = {\n  a: 1,\n  b: (;\n",
      'src/producer.ts': producerFile,
    });
    const result = await analyzeProject({ root });
    expect(result.diagnostics).toEqual([{ file: 'src/broken.ts', line: 4, message: 'does not parse, skipped: Expression expected.' }]);
    expect(result.interactions.map((i) => i.kind === 'produce' && i.topic)).toEqual(['order.created']);
    expect(result.services).toEqual([{ name: 'orders', root: '.', source: 'root', hosts: [] }]);
  });

  it('JavaScript files are analysed, CommonJS requires included', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "mailer" }',
      'index.js': `
const { Kafka } = require('kafkajs');
const axios = require('axios');
const kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS] });
const consumer = kafka.consumer({ groupId: 'mailer' });
async function main() {
  await consumer.subscribe({ topic: 'user.registered' });
  await consumer.run({ eachMessage: async ({ message }) => {
    await axios.post('https://api.mailgun.net/v3/messages', { to: JSON.parse(message.value).email });
  } });
}
main();
`,
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => (i.kind === 'http' ? `${i.method} ${i.target}` : `${i.kind} ${i.topic}`))).toEqual([
      'consume user.registered',
      'POST api.mailgun.net',
    ]);
  });

  it('an invalid compose file and package.json are notes, and the rest is analysed', async () => {
    const root = tempRepo({
      'docker-compose.yml': 'services:\n  orders:\n    build: ./orders\n   bad: [\n',
      'orders/package.json': '{ "name": "orders", ',
      'orders/src/producer.ts': producerFile,
    });
    const result = await analyzeProject({ root });
    expect(result.diagnostics.map((d) => d.file).sort()).toEqual(['docker-compose.yml', 'orders/package.json']);
    expect(result.diagnostics.find((d) => d.file === 'docker-compose.yml')?.message).toBe('not valid YAML: All mapping items must start at the same column at line 4, column 1:');
    // The rest of the message is V8's, and Node 22 adds `(line 1 column 21)` to it.
    expect(result.diagnostics.find((d) => d.file === 'orders/package.json')?.message).toMatch(/^not valid JSON: Expected double-quoted property name in JSON at position 20\b/);
    expect(result.interactions.map((i) => i.id)).toEqual(['produce:orders/src/producer.ts:4:40']);
  });

  it('files larger than 1 MiB are skipped with a note', async () => {
    const root = tempRepo({ 'bundle.js': `var a = ${JSON.stringify('x'.repeat(1024 * 1024 + 10))};`, 'src/producer.ts': producerFile });
    const result = await analyzeProject({ root });
    expect(result.diagnostics).toEqual([{ file: 'bundle.js', message: 'skipped: 1024 KiB is larger than 1 MiB (generated or bundled code?)' }]);
    expect(result.interactions.map((i) => i.id)).toEqual(['produce:src/producer.ts:4:40']);
  });

  it('test files and mocks are left out unless asked for', async () => {
    const files = {
      'src/producer.ts': producerFile,
      'src/producer.spec.ts': producerFile,
      'test/e2e.ts': producerFile,
      '__mocks__/kafka.ts': producerFile,
    };
    expect((await analyzeProject({ root: tempRepo(files) })).interactions.map((i) => i.id)).toEqual(['produce:src/producer.ts:4:40']);
    const withTests = tempRepo({ ...files, 'service-map.config.json': '{ "includeTests": true }' });
    expect((await analyzeProject({ root: withTests })).interactions.map((i) => i.id)).toEqual([
      'produce:__mocks__/kafka.ts:4:40',
      'produce:src/producer.spec.ts:4:40',
      'produce:src/producer.ts:4:40',
      'produce:test/e2e.ts:4:40',
    ]);
  });

  describe('the config file', () => {
    it('is validated with the path of the mistake', async () => {
      const root = tempRepo({ 'service-map.config.json': '{ "services": [{ "name": "a", "root": 3 }] }' });
      await expect(analyzeProject({ root })).rejects.toThrow(new UsageError('service-map.config.json: services[0].root: Invalid input: expected string, received number'));
    });

    it('rejects unknown keys, unknown rules and bad rule options', async () => {
      await expect(analyzeProject({ root: tempRepo({ 'service-map.config.json': '{ "servises": [] }' }) })).rejects.toThrow(new UsageError('service-map.config.json: (root): Unrecognized key: "servises"'));
      await expect(analyzeProject({ root: tempRepo({ 'service-map.config.json': '{ "rules": { "no-such-rule": "warn" } }' }) })).rejects.toThrow(
        new UsageError(
          'service-map.config.json: rules.no-such-rule: unknown rule (known: require-partition-key, no-request-reply-over-kafka, no-commands-in-events, no-orphan-topic, no-unhandled-request, no-sync-call-cycle)',
        ),
      );
      await expect(
        analyzeProject({ root: tempRepo({ 'service-map.config.json': '{ "rules": { "require-partition-key": ["error", { "ignoreTopics": "x" }] } }' }) }),
      ).rejects.toThrow(new UsageError('service-map.config.json: rules.require-partition-key[1].ignoreTopics: Invalid input: expected array, received string'));
    });

    it('is not JSON: a usage error naming the file', async () => {
      await expect(analyzeProject({ root: tempRepo({ 'service-map.config.json': '{ nope' }) })).rejects.toThrow(
        // The rest of the message is V8's, and Node 22 adds `(line 1 column 3)` to it.
        /^service-map\.config\.json: not valid JSON: Expected property name or '\}' in JSON at position 2\b/,
      );
    });

    it('turns rules off, changes severities and passes options', async () => {
      const unkeyed = `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const a = () => producer.send({ topic: 'metrics.cpu', messages: [{ value: '1' }] });
export const b = () => producer.send({ topic: 'order.created', messages: [{ value: '1' }] });
`;
      const severities = async (config: string) =>
        (await analyzeProject({ root: tempRepo({ 'src/a.ts': unkeyed, 'service-map.config.json': config }) })).findings.map(
          (f) => `${f.ruleId} ${f.severity} ${/'([^']+)'/.exec(f.message)?.[1] ?? ''}`,
        );
      // Nothing consumes these topics in this one-file repository: the project check says so too.
      expect(await severities('{}')).toEqual([
        'no-orphan-topic warn metrics.cpu',
        'require-partition-key error metrics.cpu',
        'no-orphan-topic warn order.created',
        'require-partition-key error order.created',
      ]);
      expect(await severities('{ "rules": { "require-partition-key": "off", "no-orphan-topic": "off" } }')).toEqual([]);
      expect(
        await severities('{ "rules": { "require-partition-key": ["warn", { "ignoreTopics": ["metrics.*"] }], "no-orphan-topic": ["error", { "ignoreTopics": ["order.*"] }] } }'),
      ).toEqual(['no-orphan-topic error metrics.cpu', 'require-partition-key warn order.created']);
    });

    it('declares services the code cannot reveal', async () => {
      const root = tempRepo({
        'service-map.config.json': '{ "services": [{ "name": "checkout", "root": "apps/web", "hosts": ["shop.example.com"] }] }',
        'apps/web/src/api.ts': "export const pay = () => fetch('https://shop.example.com/api/pay', { method: 'POST' });",
        'apps/cli/index.ts': "export const ping = () => fetch('https://shop.example.com/health');",
      });
      const result = await analyzeProject({ root });
      expect(result.services.map((s) => s.name)).toEqual(['checkout', path.basename(root)]);
      expect(result.interactions.map((i) => i.kind === 'http' && `${i.service} ${i.method} ${i.target}`)).toEqual([
        `${path.basename(root)} GET checkout`,
        'checkout POST checkout',
      ]);
    });
  });
});
