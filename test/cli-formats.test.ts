import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../src/cli/main.js';
import { findBrowser } from '../src/cli/render-image.js';
import { ruleDocsUrl } from '../src/package-info.js';
import { SHOP } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { exitCode, stdout, stderr };
}

/** A repository whose one producer sends `count` topics that one consumer reads. */
function topicsRepo(count: number): string {
  const topics = Array.from({ length: count }, (_, index) => `'events.topic-${index}'`);
  return tempRepo({
    'package.json': JSON.stringify({ name: 'many', private: true, workspaces: ['services/*'] }),
    'services/sender/package.json': JSON.stringify({ name: 'sender', dependencies: { kafkajs: '2.2.4' } }),
    'services/sender/src/send.ts': `import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: [] }).producer();\n${topics.map((topic, index) => `export const send${index} = (id: string) => producer.send({ topic: ${topic}, messages: [{ key: id, value: id }] });`).join('\n')}\n`,
    'services/reader/package.json': JSON.stringify({ name: 'reader', dependencies: { kafkajs: '2.2.4' } }),
    'services/reader/src/read.ts': `import { Kafka } from 'kafkajs';\nconst consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'r' });\nexport const start = () => consumer.subscribe({ topics: [${topics.join(', ')}] });\n`,
  });
}

describe('service-map analyze --format', () => {
  it('sarif: the rules with their docs, one result per finding', async () => {
    const { exitCode, stdout } = await run('analyze', SHOP, '--format', 'sarif', '-q');
    expect(exitCode).toBe(EXIT.findings);
    const log = JSON.parse(stdout) as { version: string; runs: { tool: { driver: { version: string; rules: { id: string; helpUri: string }[] } }; results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/u);
    expect(run0?.tool.driver.rules.map((rule) => rule.id)).toContain('require-partition-key');
    expect(run0?.tool.driver.rules.find((rule) => rule.id === 'no-orphan-topic')?.helpUri).toBe(ruleDocsUrl('no-orphan-topic'));
    expect(run0?.results).toHaveLength(9);
  });

  it('markdown: for a PR comment', async () => {
    const { stdout } = await run('analyze', SHOP, '--format', 'markdown', '-q');
    expect(stdout).toMatch(/^## service-map\n\n\*\*5 errors, 4 warnings\*\*/u);
    expect(stdout).toContain('```mermaid\n');
  });

  it('html: one file with the Mermaid bundle inside and a policy forbidding connections', async () => {
    const out = path.join(tempRepo({}), 'map.html');
    const { exitCode, stdout } = await run('analyze', SHOP, '--format', 'html', '--out', out, '-q');
    expect(exitCode).toBe(EXIT.findings);
    expect(stdout).toBe('');
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/u);
    expect(html).toContain("connect-src 'none'");
    expect(html).not.toMatch(/<script[^>]+src=/u);
    expect(html.length).toBeGreaterThan(3_000_000);
  });

  it('svg and png need --out, and a browser that exists: exit 2 before analysing, naming what to install', async () => {
    const missingOut = await run('analyze', '/no/such/dir', '--format', 'png');
    expect(missingOut.exitCode).toBe(EXIT.usage);
    expect(missingOut.stderr).toBe('service-map: --format png writes a file: give --out map.png\n');
    const out = path.join(tempRepo({}), 'map.svg');
    // The folder does not exist: the browser is checked first, before any analysis.
    const noBrowser = await run('analyze', '/no/such/dir', '--format', 'svg', '--out', out, '--browser', '/no/chromium');
    expect(noBrowser.exitCode).toBe(EXIT.usage);
    expect(noBrowser.stderr).toMatch(/^service-map: svg\/png: no browser at \/no\/chromium .*`apt-get install chromium`\n$/u);
    expect(() => findBrowser({}, ['/no/chromium', '/no/chrome'])).toThrow(
      'svg/png need a Chromium and none was found: install it with `apt-get install chromium`, or give its path with --browser PATH',
    );
  });
});

describe('service-map analyze: map flags', () => {
  it('collapses many topics by default and says so on stderr; --topics all draws them', async () => {
    const root = topicsRepo(31);
    const collapsed = await run('analyze', root, '-q');
    expect(collapsed.exitCode).toBe(EXIT.clean);
    expect(collapsed.stdout).toContain('svc_sender -.->|"31 topics"| svc_reader');
    expect(collapsed.stderr).toBe('service-map: the map draws its 31 topics as counts on service-to-service edges (more than 30); --topics all draws each topic\n');
    const all = await run('analyze', root, '-q', '--topics', 'all');
    expect(all.stdout.match(/^ {2}topic_/gmu)).toHaveLength(31 * 2);
    expect(all.stderr).toBe('');
  });

  it('--focus, --depth and --group-by reach the map', async () => {
    const { stdout } = await run('analyze', SHOP, '-q', '--focus', 'warehouse', '--group-by', 'folder');
    expect(stdout).toContain('  subgraph grp_services["services"]\n');
    expect(stdout).toContain('svc_warehouse -->|"GET /stock/:sku"| svc_inventory');
    expect(stdout).not.toContain('svc_payment');
    const deeper = await run('analyze', SHOP, '-q', '--focus', 'warehouse', '--depth', '2');
    expect(deeper.stdout).toContain('svc_payment');
  });

  it.each([
    [['--focus', 'nobody'], /^service-map: --focus nobody: no such service in this repository \(services: analytics, customer, /u],
    [['--depth', '0'], /^service-map: option '--depth <hops>' argument '0' is invalid\. expected a whole number of hops, 1 or more\n$/u],
    [['--topics', 'some'], /^service-map: option '--topics <mode>' argument 'some' is invalid\. Allowed choices are all, collapse, none\.\n$/u],
    [['--group-by', 'team'], /^service-map: option '--group-by <how>' argument 'team' is invalid\. Allowed choices are folder, compose, repository, none\.\n$/u],
  ])('%j is a usage error: exit 2 with one line', async (flags, message) => {
    const { exitCode, stdout, stderr } = await run('analyze', SHOP, '-q', ...flags);
    expect(exitCode).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
