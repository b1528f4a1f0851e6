import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePart, analyzeProject } from '../../src/analyzer/analyze.js';
import { mergeParts } from '../../src/analyzer/part.js';
import type { HttpInteraction } from '../../src/core/model/result.js';
import { run } from '../helpers/run-cli.js';

/** Issue 9 item 4: three repositories of one organisation, one service each (fixtures/organisation). */
const ORGANISATION = path.resolve(import.meta.dirname, '../../fixtures/organisation');
const REPOSITORIES = ['notifier', 'payments', 'storefront'].map((name) => path.join(ORGANISATION, name));

describe('an organisation-wide map from the parts of several repositories', () => {
  it('links topics and hosts across repositories, and keeps each service with its repository', async () => {
    const parts = await Promise.all(REPOSITORIES.map((root) => analyzePart({ root })));
    const map = mergeParts(parts);
    expect(map.services.map((service) => [service.name, service.repository, service.root])).toEqual([
      ['notifier', 'notifier', 'notifier'],
      ['payments', 'payments-repository', 'payments-repository'],
      ['storefront', 'storefront', 'storefront'],
    ]);
    // Files and ids are written under their repository, so two repositories' `src/index.ts` never meet.
    expect(map.interactions.map((interaction) => interaction.id)).toEqual([
      'consume:notifier/src/index.ts:6:9',
      'http:notifier/src/index.ts:9:13',
      'produce:payments-repository/src/server.ts:10:9',
      'consume:payments-repository/src/server.ts:15:9',
      'http:storefront/src/checkout.ts:7:9',
      'produce:storefront/src/checkout.ts:8:9',
    ]);
    const charge = map.interactions.find((interaction): interaction is HttpInteraction => interaction.kind === 'http' && interaction.service === 'storefront')!;
    expect(charge).toMatchObject({ target: 'payments', targetKind: 'service', targetVia: 'host', route: { method: 'POST', path: '/charges', location: { file: 'payments-repository/src/server.ts', line: 9 } } });
    const paid = map.interactions.find((interaction) => interaction.kind === 'http' && interaction.service === 'notifier');
    expect(paid).toMatchObject({ target: 'storefront', targetKind: 'service', targetVia: 'link' });
    // Every topic has its producer and its consumer in another repository: no orphan left.
    expect(map.findings.filter((finding) => finding.ruleId.startsWith('no-orphan'))).toEqual([]);
  });

  it('is more than the repositories side by side: alone, each has orphan topics and an external host', async () => {
    const storefront = await analyzeProject({ root: path.join(ORGANISATION, 'storefront') });
    expect(storefront.findings.map((finding) => finding.ruleId)).toContain('no-orphan-topic');
    expect(storefront.interactions.find((interaction) => interaction.kind === 'http')).toMatchObject({ target: 'payments', targetKind: 'external' });
    expect(storefront.services.every((service) => service.repository === undefined)).toBe(true);
  });

  it('draws a subgraph per repository with --group-by repository, and refuses one service name in two repositories', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-organisation-'));
    const files = [];
    for (const root of REPOSITORIES) {
      const file = path.join(out, `${path.basename(root)}.json`);
      expect((await run(['analyze', root, '--part', '--out', file, '--quiet'])).exitCode).toBe(0);
      files.push(file);
    }
    const { stdout, exitCode } = await run(['merge', ...files, '--group-by', 'repository', '--quiet']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('subgraph grp_payments_repository["payments-repository"]\n    svc_payments["payments"]\n  end');
    expect(stdout).toContain('svc_storefront -->|"POST /charges"| svc_payments');
    expect(stdout).toContain('topic_order_placed -.-> svc_payments');

    // The same service name in another repository: which one a call reaches cannot be told.
    const copy = JSON.parse(fs.readFileSync(files[1]!, 'utf8')) as { repository: string; configHash: string };
    const twin = path.join(out, 'twin.json');
    fs.writeFileSync(twin, JSON.stringify({ ...copy, repository: 'payments-fork', files: [] }));
    const clash = await run(['merge', ...files, twin]);
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toMatch(/service 'payments' is in repositories payments-fork and payments-repository/u);
  });
});
