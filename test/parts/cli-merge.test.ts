import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverProject } from '../../src/analyzer/discover.js';
import { packageFolders } from '../../src/analyzer/part.js';
import type { AnalysisResult } from '../../src/core/model/result.js';
import { run } from '../helpers/run-cli.js';
import { tempRepo } from '../helpers/temp-repo.js';

const SHOP = path.resolve(import.meta.dirname, '../../fixtures/shop');

/** Writes the part of every package folder of a repository; returns the files. */
async function writeParts(root: string, out: string): Promise<string[]> {
  const files: string[] = [];
  for (const folder of packageFolders(await discoverProject({ root }))) {
    const file = path.join(out, `${folder.replaceAll('/', '_')}.json`);
    const written = await run(['analyze', root, '--package', folder, '--out', file, '--quiet']);
    expect(written.exitCode, written.stderr).toBe(0);
    files.push(file);
  }
  return files;
}

describe('service-map analyze --package and merge', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-parts-'));

  it('merge of the shop parts prints what analyze prints, in every format, with the same exit code', async () => {
    const parts = await writeParts(SHOP, out);
    for (const format of ['json', 'mermaid', 'text', 'sarif']) {
      const whole = await run(['analyze', SHOP, '--format', format, '--quiet']);
      const merged = await run(['merge', ...parts, '--format', format, '--quiet']);
      expect(merged.stderr).toBe('');
      expect(merged.stdout).toBe(whole.stdout);
      expect(merged.exitCode).toBe(whole.exitCode);
    }
  }, 120_000);

  it('sets aside findings by the disable comments each part read, with no checkout at merge', async () => {
    const root = tempRepo({
      'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['services/*'] }),
      'services/orders/package.json': JSON.stringify({ name: 'orders', dependencies: { kafkajs: '2.2.4' } }),
      'services/orders/src/orders.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export async function created(id: string) {
  // eslint-disable-next-line service-map/require-partition-key -- ordering does not matter here
  await producer.send({ topic: 'order.created', messages: [{ value: id }] });
  // service-map-disable-next-line no-orphan-topic -- the partner team consumes it
  await producer.send({ topic: 'order.audited', messages: [{ key: id, value: id }] });
}
`,
    });
    const partsFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-parts-'));
    const parts = await writeParts(root, partsFolder);
    fs.rmSync(root, { recursive: true });
    const merged = await run(['merge', ...parts, '--format', 'json', '--quiet']);
    const result = JSON.parse(merged.stdout) as AnalysisResult;
    expect(result.suppressedFindings?.map((finding) => finding.ruleId).sort()).toEqual(['no-orphan-topic', 'require-partition-key']);
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.location.line}`)).toEqual(['no-orphan-topic 5']);
  }, 120_000);

  it('refuses, with exit 2 and the files named, parts of other versions or configs, overlapping parts, and JSON that is not a part', async () => {
    const parts = await writeParts(SHOP, out);
    const first = JSON.parse(fs.readFileSync(parts[0]!, 'utf8')) as Record<string, unknown>;
    const older = path.join(out, 'older.json');
    fs.writeFileSync(older, JSON.stringify({ ...first, version: '0.0.1' }));
    const otherConfig = path.join(out, 'other-config.json');
    fs.writeFileSync(otherConfig, JSON.stringify({ ...first, configHash: '0000000000000000' }));
    const notOurs = path.join(out, 'not-ours.json');
    fs.writeFileSync(notOurs, JSON.stringify({ name: 'something else' }));

    const version = await run(['merge', parts[1]!, older]);
    expect(version.exitCode).toBe(2);
    expect(version.stderr).toContain('older.json');
    expect(version.stderr).toContain('0.0.1');
    const config = await run(['merge', parts[1]!, otherConfig]);
    expect(config.exitCode).toBe(2);
    expect(config.stderr).toMatch(/other-config\.json.*different configs/u);
    const withFiles = parts.find((file) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { files: string[] }).files.length > 0)!;
    const overlap = await run(['merge', withFiles, withFiles]);
    expect(overlap.exitCode).toBe(2);
    expect(overlap.stderr).toContain('both hold');
    const foreign = await run(['merge', notOurs]);
    expect(foreign.exitCode).toBe(2);
    expect(foreign.stderr).toContain('not-ours.json: not a service-map part');
  }, 120_000);

  it('says which folders are packages when --package names another, and keeps map flags for merge', async () => {
    const unknown = await run(['analyze', SHOP, '--package', 'nowhere']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/--package nowhere: not a package or service folder.*known: \./u);
    const withFormat = await run(['analyze', SHOP, '--package', '.', '--format', 'mermaid']);
    expect(withFormat.exitCode).toBe(2);
    expect(withFormat.stderr).toContain('give --format to merge');
  });
});
