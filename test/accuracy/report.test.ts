import { describe, expect, it } from 'vitest';
import { analyzerAt } from '../../accuracy/first-run.mjs';
import { BEGIN_MARKER, END_MARKER, missLines, percentCell, renderAccuracy, replaceGenerated, type Measurement } from '../../accuracy/report.mjs';
import { scoreRepository, type AnalysisOutput, type LabelFile } from '../../accuracy/scoring.mjs';
import { printable } from '../../src/reporters/printable.js';
import { REPO_ROOT } from '../helpers/paths.js';

const labels: LabelFile = {
  repo: 'someone/shop',
  commit: 'a'.repeat(40),
  set: 'round-9',
  services: [{ name: 'orders', root: 'orders' }],
  interactions: [
    { kind: 'http', file: 'orders/pay.ts', line: 3, target: 'api.stripe.com' },
    { kind: 'http', file: 'orders/pay.ts', line: 9, target: null },
  ],
  antiPatterns: [],
};
const output = (target: string | null): AnalysisOutput => ({
  services: [{ name: 'orders', root: 'orders' }],
  interactions: [
    { kind: 'http', location: { file: 'orders/pay.ts', line: 3 }, target },
    { kind: 'http', location: { file: 'orders/pay.ts', line: 9 }, target: null },
  ],
  findings: [{ ruleId: 'no-sync-call-cycle', location: { file: 'orders/pay.ts', line: 3 } }],
});
const measurement = (repo: string, firstRun: Measurement['firstRun']): Measurement => ({
  repo,
  commit: labels.commit,
  set: 'round-9',
  labelledRules: new Set(),
  firstRun,
  now: { commit: 'now', score: scoreRepository(labels, output('api.stripe.com')) },
});

describe('percentCell', () => {
  it('gives the counts beside the percentage, and a dash with nothing to divide', () => {
    expect(percentCell(56, 76)).toBe('73.7% (56/76)');
    expect(percentCell(0, 0)).toBe('- (0/0)');
  });
});

describe('renderAccuracy', () => {
  const measured = measurement('someone/shop', { commit: 'b9ec49e', score: scoreRepository(labels, output(null)) });
  const unbuildable = measurement('other/app', { commit: 'f46b4a3', error: 'service-map commit f46b4a3 does not build' });

  it('puts the first run and now side by side, never counting "both unknown" as a right target', () => {
    const text = renderAccuracy([measured]);
    expect(text).toContain('| HTTP calls (2 labels, 1 name a target) | first run | 100.0% (2/2) | 100.0% (2/2) | 0.0% (0/1) | 1 | 0 | 1 | 0 |');
    expect(text).toContain('|  | now | 100.0% (2/2) | 100.0% (2/2) | 100.0% (1/1) | 1 | 0 | 0 | 0 |');
    // A project check the labels do not list: its precision counts against it.
    expect(text).toContain('| `no-sync-call-cycle` | no | first run | 0.0% (0/1) | - (0/0) |');
  });

  it('says why a first run was not measured instead of giving a figure, and sums only what was measured', () => {
    const text = renderAccuracy([measured, unbuildable]);
    expect(text).toContain('| HTTP calls (2 labels, 1 name a target) | first run | not measured: service-map commit f46b4a3 does not build | | | | | | |');
    expect(text).toContain('| `round-9` (2) | first run (1 of 2 repositories) | 100.0% (2/2) |');
    expect(text).toContain('- `b9ec49e`: built from history with the TypeScript installed now; every package it pins is installed at the pinned version\n- `f46b4a3`: not measured: service-map commit f46b4a3 does not build\n');
  });

  it('gives the same bytes whatever order the repositories were measured in', () => {
    expect(renderAccuracy([unbuildable, measured])).toBe(renderAccuracy([measured, unbuildable]));
  });
});

describe('replaceGenerated', () => {
  it('replaces only what stands between the markers', () => {
    const doc = `# Title\n\nProse before.\n\n${BEGIN_MARKER}\nold figures\n${END_MARKER}\n\nProse after.\n`;
    expect(replaceGenerated(doc, `${BEGIN_MARKER}\nnew\n${END_MARKER}`, 'doc.md')).toBe(`# Title\n\nProse before.\n\n${BEGIN_MARKER}\nnew\n${END_MARKER}\n\nProse after.\n`);
  });

  it('names the document when its markers are missing', () => {
    expect(() => replaceGenerated('# no markers\n', 'x', 'docs/accuracy.md')).toThrow('docs/accuracy.md: no <!-- accuracy:generated:begin -->');
  });
});

describe('missLines', () => {
  it('lists each miss once, with file names from the analysed repository made printable', () => {
    const score = scoreRepository(
      { ...labels, interactions: [{ kind: 'produce', file: 'evil\n::error::x.ts', line: 1, topic: 'orders' }] },
      { services: [], interactions: [{ kind: 'produce', location: { file: 'orders/send.ts', line: 4 }, topic: null }], findings: [] },
    );
    expect(missLines(score, printable)).toEqual([
      '      produce                      missed  evil\\n::error::x.ts:1 orders',
      '      produce                      extra   orders/send.ts:4 null',
    ]);
  });
});

describe('analyzerAt', () => {
  it('says clearly when a first-run commit is not in the history', async () => {
    await expect(analyzerAt(REPO_ROOT, '0123456789abcdef0123456789abcdef01234567')).rejects.toThrow(
      'service-map commit 0123456789abcdef0123456789abcdef01234567 is not in this repository',
    );
  });
});
