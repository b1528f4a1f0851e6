import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { filesThatMatter, mentionTest } from '../../src/analyzer/files-that-matter.js';
import { analyzerTs } from '../../src/analyzer/project.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** The pre-pass over files held in memory: `/r/a.ts` imports `./b` when its text says so. */
function rootsOf(files: Record<string, string>, names: readonly string[] = []): string[] {
  const all = Object.keys(files).map((file) => `/r/${file}`);
  const known = new Set(all);
  const resolve = (name: string, from: string) => {
    const base = path.resolve(path.dirname(from), name);
    return [base, `${base}.ts`, `${base}.js`].find((candidate) => known.has(candidate));
  };
  const { roots } = filesThatMatter(analyzerTs(), {
    files: all,
    read: (file) => files[file.slice('/r/'.length)],
    resolve,
    isSourceFile: (file) => known.has(file),
    mayHaveFacts: mentionTest(['kafkajs', 'http'], ['fetch'], names),
  });
  return [...roots].map((file) => file.slice('/r/'.length)).sort();
}

describe('the files the program holds', () => {
  it('holds the files naming a library, every file that imports one of them through any chain, and what those import', () => {
    expect(
      rootsOf({
        'kafka.ts': "import { Kafka } from 'kafkajs';\nexport const producer = new Kafka({ brokers: [] }).producer();",
        'publish.ts': "import { producer } from './kafka';\nexport const publish = (topic: string) => producer.send({ topic, messages: [] });",
        'orders.ts': "import { publish } from './publish';\nimport { TOPIC } from './topics';\nexport const created = () => publish(TOPIC);",
        'topics.ts': "import { PREFIX } from './prefix';\nexport const TOPIC = `${PREFIX}.created`;",
        'prefix.ts': "export const PREFIX = 'orders';",
        'records.ts': "import { PREFIX } from './prefix';\nexport interface Order { id: string }\nexport const label = PREFIX;",
        'mappers.ts': "import type { Order } from './records';\nexport const toRow = (order: Order) => ({ ...order });",
      }),
    ).toEqual(['kafka.ts', 'orders.ts', 'prefix.ts', 'publish.ts', 'topics.ts']);
  });

  it('holds a global client, a configured wrapper, `node:` and subpath imports, and a JSDoc import type', () => {
    expect(
      rootsOf(
        {
          'a.js': "export const get = () => globalThis.fetch('/x');",
          'b.js': "const send = require('./bus').emitEvent;\nmodule.exports = () => send('x');",
          'bus.js': 'module.exports.emitEvent = () => undefined;',
          'c.ts': "import { request } from 'node:http';\nexport { request };",
          'd.ts': "export * from 'kafkajs/types';",
          'e.js': "/** @param {import('kafkajs').Producer} producer */\nexports.run = (producer) => producer;",
          'f.ts': "export const fetcher = 'prefetch';\nexport const kafka = 'kafkajs-ish';",
        },
        ['emitEvent'],
      ),
    ).toEqual(['a.js', 'b.js', 'bus.js', 'c.ts', 'd.ts', 'e.js']);
  });

  it('holds scripts and global augmentations, which any file may read, requires the scan must note, and what a computed require may load below its folder', () => {
    expect(
      rootsOf({
        'public/api.js': 'function apiBase() { return "/api"; }',
        'globals.ts': 'declare global { var BASE: string }\nexport {};',
        'jobs/loader.js': 'const load = (name) => require(`./handlers/${name}`);\nmodule.exports = load;',
        'jobs/handlers/one.js': 'module.exports = 1;',
        'missing.js': "const x = require('./nowhere');\nmodule.exports = x;",
        'plain.ts': "export const y = 'y';",
      }),
    ).toEqual(['globals.ts', 'jobs/handlers/one.js', 'jobs/loader.js', 'missing.js', 'public/api.js']);
  });

  it('leaves out a file it cannot read, even when a file that matters imports it', () => {
    expect(rootsOf({ 'a.ts': "import { Kafka } from 'kafkajs';\nimport { b } from './b';\nexport { Kafka, b };", 'b.ts': undefined as unknown as string })).toEqual(['a.ts']);
  });
});

describe('a file that cannot have facts is not parsed', () => {
  it('is counted, and a syntax error in it is not a note: it could change nothing on the map', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "orders" }',
      'src/producer.ts': "import { Kafka } from 'kafkajs';\nimport { TOPIC } from './topics';\nconst producer = new Kafka({ brokers: ['kafka:9092'] }).producer();\nexport const publish = (id: string) => producer.send({ topic: TOPIC, messages: [{ key: id, value: id }] });\n",
      'src/topics.ts': "export const TOPIC = 'order.created';\n",
      'src/broken-record.ts': 'export const x = {\n  a: (;\n',
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => i.kind === 'produce' && i.topic)).toEqual(['order.created']);
    expect(result.diagnostics).toEqual([]);
    expect(result.summary.files).toBe(3);
  });

  it('a repository of plain code only is still its own service, with its files counted', async () => {
    const root = tempRepo({ 'package.json': '{ "name": "tools" }', 'src/a.ts': 'export const a = (x: number) => x + 1;\n', 'src/b.ts': "import { a } from './a';\nexport const b = a(1);\n" });
    const result = await analyzeProject({ root });
    expect(result.services).toEqual([{ name: 'tools', root: '.', source: 'root', hosts: [] }]);
    expect(result.summary.files).toBe(2);
  });

  it('a wrapper called two files away from the library is placed at its caller', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "orders" }',
      'src/kafka.ts': "import { Kafka } from 'kafkajs';\nexport const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();\n",
      'src/publish.ts': "import { producer } from './kafka';\nexport const publish = (topic: string, id: string) => producer.send({ topic, messages: [{ key: id, value: id }] });\n",
      'src/orders.ts': "import { publish } from './publish';\nexport const created = (id: string) => publish('order.created', id);\n",
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => [i.location.file, i.kind === 'produce' && i.topic])).toEqual([['src/orders.ts', 'order.created']]);
  });
});
