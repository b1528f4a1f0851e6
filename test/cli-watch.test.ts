/**
 * `analyze --watch` as a user runs it (the built CLI in its own process): the map is written, rewritten
 * after each change as a fresh run would write it, a mistake made while editing is said and the watch goes
 * on, and Ctrl-C ends it with exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';
import { run } from './helpers/run-cli.js';
import { tempRepo } from './helpers/temp-repo.js';

const BIN = path.join(REPO_ROOT, 'bin/service-map.js');

const PRODUCER = "import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: ['kafka:9092'] }).producer();\nexport const created = (id: string) => producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });\n";
const CONSUMER = "import { Kafka } from 'kafkajs';\nconst consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'billing' });\nawait consumer.subscribe({ topic: 'order.created' });\n";

interface Watching {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Resolves once stderr holds `count` lines matching `pattern`. */
  readonly until: (pattern: RegExp, count: number) => Promise<void>;
  readonly exit: Promise<number | null>;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started) child.kill('SIGKILL');
  started.length = 0;
});

function watch(args: readonly string[]): Watching {
  const child = spawn(process.execPath, [BIN, 'analyze', ...args, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  const until = async (pattern: RegExp, count: number) => {
    const deadline = Date.now() + 20_000;
    while ((stderr.match(new RegExp(pattern.source, 'g')) ?? []).length < count) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`waited for ${count} × ${pattern.source}; stderr:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, stderr: () => stderr, until, exit };
}

const topicsIn = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { interactions: { kind: string; topic?: string; service: string }[] }).interactions.map((i) => `${i.service} ${i.kind} ${i.topic ?? ''}`).sort();

describe('analyze --watch', () => {
  it('writes the map, then writes it again after each change as a fresh run would, and stops on Ctrl-C with exit 0', async () => {
    const root = tempRepo({
      'package.json': '{ "name": "shop", "private": true, "workspaces": ["services/*"] }',
      'services/orders/package.json': '{ "name": "orders" }',
      'services/orders/src/events.ts': PRODUCER,
      'services/billing/package.json': '{ "name": "billing" }',
      'services/billing/src/index.ts': 'export const ready = true;\n',
    });
    const out = path.join(root, 'map.json');
    const watching = watch([root, '--out', out, '--format', 'json']);
    await watching.until(/analysed in/, 1);
    expect(topicsIn(out)).toEqual(['orders produce order.created']);
    // Writing the map (in a watched folder) is not a change that starts another run.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(watching.stderr()).not.toMatch(/analysed again/);

    // A consumer added in a folder that did not exist: the walk of the next run finds it.
    fs.mkdirSync(path.join(root, 'services/billing/src/consumers'));
    fs.writeFileSync(path.join(root, 'services/billing/src/consumers/orders.ts'), CONSUMER);
    await watching.until(/analysed again/, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = await run(['analyze', root, '--format', 'json', '--fail-on', 'never']);
    expect(fs.readFileSync(out, 'utf8')).toBe(fresh.stdout);
    expect(topicsIn(out)).toEqual(['billing consume order.created', 'orders produce order.created']);
    // An edit to a file (a new file changes what discovery found, so every part is analysed again): only
    // its package is analysed again.
    fs.appendFileSync(path.join(root, 'services/orders/src/events.ts'), '// edited\n');
    await watching.until(/analysed again/, 2);
    const reuse = [...watching.stderr().matchAll(/analysed again in [\d.]+ s \((\d+) of (\d+) parts unchanged\)/g)].at(-1)!;
    expect(Number(reuse[1])).toBe(Number(reuse[2]) - 1);
    expect(topicsIn(out)).toEqual(['billing consume order.created', 'orders produce order.created']);

    watching.child.kill('SIGINT');
    expect(await watching.exit).toBe(0);
  }, 60_000);

  it('says what is wrong with a config broken while editing, keeps watching, and goes on once it is mended', async () => {
    const root = tempRepo({ 'package.json': '{ "name": "orders" }', 'src/events.ts': PRODUCER, 'service-map.config.json': '{}\n' });
    const out = path.join(root, 'map.json');
    const watching = watch([root, '--out', out, '--format', 'json']);
    await watching.until(/analysed in/, 1);
    fs.writeFileSync(path.join(root, 'service-map.config.json'), '{ "rules": ');
    await watching.until(/waiting for the next change/, 1);
    expect(watching.child.exitCode).toBeNull();
    fs.writeFileSync(path.join(root, 'service-map.config.json'), '{ "rules": { "require-partition-key": "off" } }\n');
    await watching.until(/analysed again/, 1);
    expect(topicsIn(out)).toEqual(['orders produce order.created']);
    watching.child.kill('SIGTERM');
    expect(await watching.exit).toBe(0);
  }, 60_000);

  it('exits 2 with one line when there is nowhere to write, or with a flag it cannot go with', async () => {
    const root = tempRepo({ 'src/a.ts': PRODUCER });
    const noOut = await run(['analyze', root, '--watch']);
    expect(noOut.exitCode).toBe(2);
    expect(noOut.stderr).toMatch(/--watch writes the report to a file after every change: name it with --out/);
    const part = await run(['analyze', root, '--watch', '--package', '.', '--out', path.join(root, 'p.json')]);
    expect(part.exitCode).toBe(2);
    expect(part.stderr).toMatch(/--watch draws the whole map/);
    const missing = watch([path.join(root, 'nowhere'), '--out', path.join(root, 'm.json')]);
    expect(await missing.exit).toBe(2);
    expect(missing.stderr()).toMatch(/no such directory/);
  }, 60_000);
});
