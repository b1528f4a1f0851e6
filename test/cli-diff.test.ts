import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/main.js';
import type { AnalysisResult } from '../src/core/model/result.js';
import type { ResultDiff } from '../src/diff/diff-results.js';
import { run } from './helpers/run-cli.js';
import { tempRepo } from './helpers/temp-repo.js';

const COMPOSE = 'services:\n  orders: { build: ./orders }\n  payment: { build: ./payment }\n';
const PAYMENT = `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'payment' });
export const start = () => consumer.subscribe({ topic: 'order.created' });
`;
const ORDERS_BASE = `import axios from 'axios';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const pay = () => axios.post('http://payment:8080/charges');
export const created = (id: string) => producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
`;
// The call to payment is gone; a send to a new topic has no key (an error) and nobody consumes it (a warning).
const ORDERS_HEAD = `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const created = (id: string) => producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
export const cancelled = (id: string) => producer.send({ topic: 'order.cancelled', messages: [{ value: id }] });
`;

let folder: string;
let base: string;
let head: string;

async function saveResult(files: Record<string, string>, out: string): Promise<void> {
  const { exitCode } = await run(['analyze', tempRepo(files), '--format', 'json', '--out', out, '--fail-on', 'never', '-q']);
  expect(exitCode).toBe(EXIT.clean);
}

beforeAll(async () => {
  // Not a tempRepo: those go after each test, and these files serve every test of the file.
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-diff-'));
  base = path.join(folder, 'base.json');
  head = path.join(folder, 'head.json');
  const common = { 'docker-compose.yml': COMPOSE, 'payment/package.json': '{ "name": "payment" }', 'payment/src/index.ts': PAYMENT, 'orders/package.json': '{ "name": "orders" }' };
  await saveResult({ ...common, 'orders/src/index.ts': ORDERS_BASE }, base);
  await saveResult({ ...common, 'orders/src/index.ts': ORDERS_HEAD, 'billing/package.json': '{ "name": "billing" }' }, head);
}, 120_000);

afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('service-map diff', () => {
  it('says what was added and removed, as text by default', async () => {
    const { exitCode, stdout, stderr } = await run(['diff', base, head]);
    expect(exitCode).toBe(EXIT.clean);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'services: 1 added, 0 removed',
        '  + billing',
        'topics: 1 added, 0 removed',
        '  + order.cancelled',
        'edges: 1 added, 1 removed',
        '  + orders → order.cancelled (produce)',
        '  - orders → payment (http POST /charges)',
        'findings: 2 added, 0 removed',
        '  + orders/src/index.ts  no-orphan-topic (warn)  produce order.cancelled',
        '  + orders/src/index.ts  require-partition-key (error)  produce order.cancelled',
        '',
      ].join('\n'),
    );
  });

  it('as JSON, with the exact values', async () => {
    const diff = JSON.parse((await run(['diff', base, head, '--format', 'json'])).stdout) as ResultDiff;
    expect(diff).toMatchObject({ tool: 'service-map', kind: 'diff', version: 1, schemaVersion: 1 });
    expect(diff.services).toEqual({ added: ['billing'], removed: [] });
    expect(diff.edges).toEqual({
      added: [{ kind: 'produce', from: 'orders', to: 'order.cancelled', label: '' }],
      removed: [{ kind: 'http', from: 'orders', to: 'payment', label: 'POST /charges' }],
    });
    expect(diff.findings.added.map((finding) => [finding.ruleId, finding.severity, finding.count])).toEqual([
      ['no-orphan-topic', 'warn', 1],
      ['require-partition-key', 'error', 1],
    ]);
    expect(diff.findings.added[1]?.message).toMatch(/^Message to 'order\.cancelled' has no partition key/);
  });

  it('as Markdown, for a pull request comment or a step summary', async () => {
    const { stdout } = await run(['diff', base, head, '--format', 'markdown']);
    expect(stdout).toContain('| | added | removed |\n|---|---:|---:|\n| services | 1 | 0 |\n| topics | 1 | 0 |\n| edges | 1 | 1 |\n| findings | 2 | 0 |\n');
    expect(stdout).toContain('#### Edges\n\n- ➕ `orders` → `order.cancelled` produce\n- ➖ `orders` → `payment` http `POST /charges`\n');
    expect(stdout).toContain('- ➕ `require-partition-key` (error) in `orders/src/index.ts`: `produce order.cancelled`');
  });

  it('writes to --out', async () => {
    const out = path.join(folder, 'diff.md');
    expect((await run(['diff', base, head, '--format', 'markdown', '--out', out])).stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^### service-map: changes to the map\n/);
  });

  it('exits 1 with --fail-on-change when a watched kind changed, repeated or as a list', async () => {
    const edges = await run(['diff', base, head, '--fail-on-change', 'edges']);
    expect(edges.exitCode).toBe(EXIT.findings);
    expect(edges.stderr).toBe('service-map: failed (--fail-on-change): edges changed\n');
    const several = await run(['diff', base, head, '--fail-on-change', 'services,topics', '--fail-on-change', 'findings']);
    expect(several.exitCode).toBe(EXIT.findings);
    expect(several.stderr).toBe('service-map: failed (--fail-on-change): services, topics, findings changed\n');
  });

  it('does not fail on findings that were fixed, nor on identical maps', async () => {
    // Head to base: both findings are removed, none added.
    expect((await run(['diff', head, base, '--fail-on-change', 'findings'])).exitCode).toBe(EXIT.clean);
    expect((await run(['diff', head, base, '--fail-on-change', 'topics'])).exitCode).toBe(EXIT.findings);
    const same = await run(['diff', base, base, '--fail-on-change', 'services,topics,edges,findings']);
    expect(same).toEqual({ exitCode: EXIT.clean, stdout: 'No change in services, topics, edges or findings.\n', stderr: '' });
  });

  it('ignores code that moved: findings are compared by fingerprint, not line', async () => {
    const moved = JSON.parse(fs.readFileSync(head, 'utf8')) as AnalysisResult;
    const shifted = { ...moved, findings: moved.findings.map((finding) => ({ ...finding, location: { ...finding.location, line: finding.location.line + 40 } })) };
    const file = path.join(folder, 'shifted.json');
    fs.writeFileSync(file, JSON.stringify(shifted));
    expect((await run(['diff', head, file, '--fail-on-change', 'findings'])).stdout).toBe('No change in services, topics, edges or findings.\n');
  });

  it('writes untrusted names through printable() in text and keeps Markdown code spans closed', async () => {
    const result = JSON.parse(fs.readFileSync(head, 'utf8')) as AnalysisResult;
    const evil = { ...result, services: [...result.services, { name: 'x\u001b[2J`y`\n| z', root: 'x', source: 'package', hosts: [] }] };
    const file = path.join(folder, 'evil.json');
    fs.writeFileSync(file, JSON.stringify(evil));
    const text = (await run(['diff', head, file])).stdout;
    expect(text).toContain('  + x\\u001b[2J`y`\\n| z\n');
    const markdown = (await run(['diff', head, file, '--format', 'markdown'])).stdout;
    expect(markdown).toContain('- ➕ ``x\\u001b[2J`y`\\n| z``\n');
    const json = JSON.parse((await run(['diff', head, file, '--format', 'json'])).stdout) as ResultDiff;
    expect(json.services.added).toEqual(['x\u001b[2J`y`\n| z']);
  });

  it.each([
    ['a result of another schemaVersion', (text: string) => text.replace('"schemaVersion": 1', '"schemaVersion": 2'), /^service-map: cannot compare .*base\.json \(schemaVersion 1\) with .*other\.json \(schemaVersion 2\): analyse both with the same service-map\n$/],
    ['a file that is not JSON', () => '%% service-map schemaVersion 1\nflowchart LR\n', /^service-map: .*other\.json: not valid JSON \(.*\); expected the output of service-map analyze --format json\n$/],
    ['a baseline instead of a result', () => '{ "tool": "service-map", "kind": "baseline", "version": 1, "findings": [] }', /^service-map: .*other\.json: not a service-map result \(schemaVersion: .*\); expected the output of service-map analyze --format json\n$/],
  ])('refuses %s: exit 2, one line', async (_what, change, message) => {
    const other = path.join(folder, 'other.json');
    fs.writeFileSync(other, change(fs.readFileSync(head, 'utf8')));
    const { exitCode, stdout, stderr } = await run(['diff', base, other]);
    expect(exitCode).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it.each([
    [['diff', 'missing.json', 'b.json'], /^service-map: missing\.json: no such file\n$/],
    [['diff', 'a.json'], /^service-map: missing required argument 'head'\n$/],
    [['diff', 'a.json', 'b.json', '--fail-on-change', 'edges,colours'], /^service-map: option '--fail-on-change <kinds>' argument 'edges,colours' is invalid\. 'colours' is not one of services, topics, edges, findings\.\n$/],
    [['diff', 'a.json', 'b.json', '--format', 'sarif'], /^service-map: option '-f, --format <format>' argument 'sarif' is invalid\. Allowed choices are text, markdown, json\.\n$/],
  ])('%j is a usage error', async (argv, message) => {
    const { exitCode, stderr } = await run(argv);
    expect(exitCode).toBe(EXIT.usage);
    expect(stderr).toMatch(message);
  });
});

describe('service-map render', () => {
  it('renders a saved result in another format without analysing again', async () => {
    const { exitCode, stdout } = await run(['render', head, '--format', 'text']);
    expect(exitCode).toBe(EXIT.clean);
    expect(stdout).toMatch(/^orders\/src\/index\.ts\n {2}4:\d+ +warning +Topic 'order\.cancelled' is produced here/);
    expect((await run(['render', head])).stdout).toMatch(/^%% service-map schemaVersion 1\nflowchart TB\n/);
  });

  it('refuses a result of another schemaVersion', async () => {
    const other = path.join(folder, 'v2.json');
    fs.writeFileSync(other, fs.readFileSync(head, 'utf8').replace('"schemaVersion": 1', '"schemaVersion": 2'));
    expect(await run(['render', other])).toEqual({ exitCode: EXIT.usage, stdout: '', stderr: `service-map: ${other}: schemaVersion 2, this service-map reads 1\n` });
  });
});
