import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../src/cli/main.js';
import { SHOP } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { exitCode, stdout, stderr };
}

const clean = `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const publish = (id: string) => producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
`;

describe('service-map analyze', () => {
  it('prints the Mermaid map on stdout and the findings on stderr, exit 1 with an error-level finding', async () => {
    const { exitCode, stdout, stderr } = await run('analyze', SHOP);
    expect(exitCode).toBe(EXIT.findings);
    expect(stdout.startsWith('%% service-map schemaVersion 1\nflowchart TB\n')).toBe(true);
    expect(stderr).toMatch(/services\/inventory\/src\/stock-alerts\.ts:16:\d+ {2}error {2}Message to 'inventory\.stock-low' has no partition key/);
    expect(stderr).toMatch(/^9 services, 9 HTTP calls, 7 produces, 12 consumes in \d+ files/m);
  });

  it('writes JSON with --format json, and --quiet keeps stderr empty', async () => {
    const { stdout, stderr } = await run('analyze', SHOP, '--format', 'json', '--quiet');
    expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: 1, services: expect.any(Array) as unknown });
    expect(stderr).toBe('');
  });

  it('exits 0 when there is no error-level finding', async () => {
    expect((await run('analyze', tempRepo({ 'src/a.ts': clean }), '-q')).exitCode).toBe(EXIT.clean);
  });

  it('writes to --out and nothing to stdout', async () => {
    const root = tempRepo({ 'src/a.ts': clean });
    const out = path.join(root, 'map.mmd');
    const { exitCode, stdout } = await run('analyze', root, '--out', out, '-q');
    expect(exitCode).toBe(EXIT.clean);
    expect(stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^%% service-map/);
  });

  it.each([
    [['analyze', '/no/such/dir'], /^service-map: no such directory: \/no\/such\/dir\n$/],
    [['analyze', '.', '--format', 'pdf'], /^service-map: option '-f, --format <format>' argument 'pdf' is invalid\. Allowed choices are mermaid, json, text, sarif, markdown, html, svg, png\.\n$/],
    [['analyze', '.', '--frmat', 'json'], /^service-map: unknown option '--frmat'.*\n$/],
    [['analize'], /^service-map: unknown command 'analize'.*\n$/],
    [['analyze', '.', '--out', '/no/such/dir/map.mmd'], /^service-map: cannot write --out \/no\/such\/dir\/map\.mmd: folder \/no\/such\/dir does not exist\n$/],
  ])('%j is a usage error: exit 2 with one line', async (argv, message) => {
    const { exitCode, stdout, stderr } = await run(...argv);
    expect(exitCode).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a bad config file as a usage error naming the file and the path', async () => {
    const root = tempRepo({ 'service-map.config.json': '{ "ignore": "dist" }' });
    const { exitCode, stderr } = await run('analyze', root);
    expect(exitCode).toBe(EXIT.usage);
    expect(stderr).toMatch(/^service-map: service-map\.config\.json: ignore: /);
  });

  it('shows help with exit 0', async () => {
    const { exitCode, stdout } = await run('analyze', '--help');
    expect(exitCode).toBe(EXIT.clean);
    expect(stdout).toMatch(/--format <format>/);
  });
});
