import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { run, type CliRun } from '../helpers/run-cli.js';

/*
 * A hostile repository: the two-service folder of issue 7 (an `api` calling `process.env.API_URL`, an
 * `orders` with one kafkajs send) plus whatever a case adds, and beside it an `outside` folder holding a
 * secret. Whatever a case does, the secret must never reach any output.
 */

export const SECRET = 'S3CRET-TOKEN-d4c0ffee';

export const PRODUCER = `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export const publish = (id: string) => producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
`;

const API_CALL = `import axios from 'axios';
export const call = () => axios.get(process.env.API_URL + '/x');
`;

const made: string[] = [];

afterEach(() => {
  for (const folder of made.splice(0)) {
    // A case may leave a folder unreadable or unwritable; give it back before removing it.
    spawnSync('chmod', ['-R', 'u+rwX', folder]);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

export interface HostileRepo {
  /** The analysed folder. */
  readonly root: string;
  /** A sibling folder, outside the analysed one: `outside/secret.env`, `outside/topic.ts`, `outside/tsconfig.base.json`. */
  readonly outside: string;
}

/** Writes the base repository plus `files` (relative path -> text or bytes); `setup` adds links, modes, pipes. */
export function hostileRepo(files: Record<string, string | Buffer> = {}, setup?: (repo: HostileRepo) => void): HostileRepo {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-hostile-'));
  made.push(base);
  // Readable by the unprivileged user the unreadable-file cases run as.
  fs.chmodSync(base, 0o755);
  const repo = { root: path.join(base, 'repo'), outside: path.join(base, 'outside') };
  const write = (folder: string, name: string, content: string | Buffer) => {
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  write(repo.outside, 'secret.env', `API_URL=http://${SECRET}.example\nTOKEN=${SECRET}\n`);
  write(repo.outside, 'topic.ts', `export const TOPIC = '${SECRET}';\n`);
  write(repo.outside, 'tsconfig.base.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@outside/*': ['./*'] } } }));
  const all: Record<string, string | Buffer> = {
    'api/package.json': '{ "name": "api", "dependencies": { "axios": "1" } }',
    'api/src/call.ts': API_CALL,
    'orders/package.json': '{ "name": "orders", "dependencies": { "kafkajs": "2" } }',
    'orders/src/producer.ts': PRODUCER,
    ...files,
  };
  for (const [name, content] of Object.entries(all)) write(repo.root, name, content);
  setup?.(repo);
  return repo;
}

/** A compose file for the two services; `apiExtra` lines go under `api:` (indented by the caller). */
export function compose(apiExtra = ''): string {
  return `services:\n  api:\n    build: ./api\n${apiExtra}\n  orders:\n    build: ./orders\n`;
}

export interface Analysis {
  readonly run: CliRun;
  readonly json: {
    diagnostics: { file: string; line?: number; message: string }[];
    interactions: { kind: string; topic?: string | null; target?: string | null; url?: string | null; location: { file: string } }[];
  };
  readonly notes: string[];
}

/** Runs `analyze --format json` in memory; the run must end as a run on bad input does: 0 or 1, valid JSON. */
export async function analyzeHostile(root: string, extraArgs: readonly string[] = []): Promise<Analysis> {
  const result = await run(['analyze', root, '--format', 'json', ...extraArgs]);
  return checkedAnalysis(result);
}

export function checkedAnalysis(result: CliRun): Analysis {
  expect(result.stderr).not.toMatch(/internal error/);
  expect([0, 1], result.stderr).toContain(result.exitCode);
  const json = JSON.parse(result.stdout) as Analysis['json'];
  expect(`${result.stdout}\n${result.stderr}`).not.toContain(SECRET);
  return { run: result, json, notes: json.diagnostics.map((diagnostic) => `${diagnostic.file}: ${diagnostic.message}`) };
}

export const BIN = path.join(REPO_ROOT, 'bin/service-map.js');

/** Runs the built CLI in a child process (a controlled environment, another user). */
export function spawnCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): CliRun {
  const child = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: options.env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  return { exitCode: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

/** `nobody` on Debian: the unreadable-file cases need a user that file modes apply to (root reads anything). */
export const UNPRIVILEGED = 65_534;
export const isRoot = process.getuid?.() === 0;
