import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { copiedContextPlace } from '../../src/analyzer/container-paths.js';
import { tempRepo } from '../helpers/temp-repo.js';

const kafkaModule = `
const { Kafka } = require('kafkajs');
const kafka = new Kafka({ clientId: 'shop', brokers: ['kafka:9092'] });
module.exports = async function publish(topic, event) {
  await kafka.producer().send({ topic, messages: [{ key: event.id, value: JSON.stringify(event) }] });
};
`;

const produced = (result: Awaited<ReturnType<typeof analyzeProject>>) =>
  result.interactions.flatMap((interaction) => (interaction.kind === 'produce' ? [`${interaction.service} ${interaction.location.file}:${interaction.location.line} ${String(interaction.topic)}`] : []));

describe('where the build context sits in the image (the Dockerfile read for relative requires)', () => {
  it('is where the last stage copies the whole context, after its WORKDIR', () => {
    expect(copiedContextPlace('FROM node:20\nWORKDIR /usr/src/app\nCOPY package.json .\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]')).toBe('/usr/src/app');
    expect(copiedContextPlace('FROM node:20\nWORKDIR /app\nWORKDIR src\nCOPY ./ ./\n')).toBe('/app/src');
    expect(copiedContextPlace('FROM node:20\nCOPY . /srv/api/\n')).toBe('/srv/api');
  });

  it('is not known when the Dockerfile does not say it plainly', () => {
    // Only parts of the context, another stage's files, a variable, an earlier stage.
    expect(copiedContextPlace('FROM node:20\nWORKDIR /app\nCOPY src ./src\n')).toBeUndefined();
    expect(copiedContextPlace('FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nFROM node:20\nCOPY --from=build /app/dist /app\n')).toBeUndefined();
    expect(copiedContextPlace('FROM node:20\nWORKDIR $APP_HOME\nCOPY . .\n')).toBeUndefined();
    expect(copiedContextPlace(undefined)).toBeUndefined();
  });
});

describe('CommonJS services in the CLI', () => {
  it('follows a relative require that only the container resolves, through a compose bind mount', async () => {
    const root = tempRepo({
      'docker-compose.yml': 'services:\n  orders:\n    build: ./orders\n    volumes:\n      - ./shared:/app/shared:ro\n',
      'orders/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n',
      'orders/package.json': '{ "name": "orders", "dependencies": { "kafkajs": "2.2.4" } }',
      'orders/index.js': "const publish = require('./shared/publish');\n\npublish('order.placed', { id: '1' });\n",
      'shared/publish.js': kafkaModule,
    });
    const result = await analyzeProject({ root });
    expect(produced(result)).toEqual(['orders orders/index.js:3 order.placed']);
    expect(result.diagnostics).toEqual([]);
  });

  it('without the mount the same require names no file: a note, and the rest is analysed', async () => {
    const root = tempRepo({
      'docker-compose.yml': 'services:\n  orders:\n    build: ./orders\n',
      'orders/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\n',
      'orders/package.json': '{ "name": "orders", "dependencies": { "kafkajs": "2.2.4" } }',
      'orders/index.js': "const publish = require('./shared/publish');\n\npublish('order.placed', { id: '1' });\n",
      'shared/publish.js': kafkaModule,
    });
    const result = await analyzeProject({ root });
    expect(result.diagnostics).toEqual([{ file: 'orders/index.js', line: 1, message: "require('./shared/publish') names no file: not followed" }]);
    expect(produced(result).map((line) => line.split(' ').slice(1).join(' '))).toEqual(['shared/publish.js:5 null']);
  });

  it('follows require(path.join(__dirname, ...)) and notes a module named at run time', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "orders", "dependencies": { "kafkajs": "2.2.4" } }',
      'src/index.js': `
const path = require('path');
const publish = require(path.join(__dirname, '../lib/publish'));
const plugin = require(\`./plugins/\${process.env.PLUGIN}\`);

publish('order.placed', { id: '1' });
plugin();
`,
      'lib/publish.js': kafkaModule,
    });
    const result = await analyzeProject({ root });
    expect(produced(result)).toEqual(['orders src/index.js:6 order.placed']);
    expect(result.diagnostics).toEqual([
      { file: 'src/index.js', line: 4, message: 'require(`./plugins/${process.env.PLUGIN}`): the module is computed at run time, not followed' },
    ]);
  });

  it('requires a workspace package by name through its package.json `exports`, with no node_modules', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "shop", "private": true, "workspaces": ["packages/*", "services/*"] }',
      'packages/bus/package.json': '{ "name": "@shop/bus", "exports": { ".": { "require": "./lib/bus.js", "import": "./esm/bus.mjs" } } }',
      'packages/bus/lib/bus.js': kafkaModule,
      'services/orders/package.json': '{ "name": "orders", "dependencies": { "@shop/bus": "1.0.0", "kafkajs": "2.2.4" } }',
      'services/orders/index.js': "const publish = require('@shop/bus');\n\npublish('order.placed', { id: '1' });\n",
    });
    const result = await analyzeProject({ root });
    expect(produced(result)).toEqual(['orders services/orders/index.js:3 order.placed']);
  });

  it('a circular require is followed as far as it goes, without looping', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "audit", "dependencies": { "kafkajs": "2.2.4" } }',
      // Each module reads the other's exports when it runs, after both have loaded: a value, not a loop.
      'a.js': "const b = require('./b');\nexports.TOPIC = b.PREFIX + '.events';\nexports.PREFIX = 'audit';\nexports.LOOP = b.LOOP;\n",
      'b.js': `const a = require('./a');
exports.PREFIX = a.PREFIX;
exports.LOOP = a.LOOP;
const { Kafka } = require('kafkajs');
const producer = new Kafka({ brokers: [] }).producer();
producer.send({ topic: a.TOPIC, messages: [{ key: 'k', value: 'v' }] });
producer.send({ topic: a.LOOP, messages: [{ key: 'k', value: 'v' }] });
`,
    });
    const result = await analyzeProject({ root });
    expect(produced(result)).toEqual(['audit b.js:6 audit.events', 'audit b.js:7 null']);
  });
});
