// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../core/model/result.js';
import { markdownText, MAX_LENGTH, renderMarkdown } from './markdown.js';
import { parseFlowchart } from './mermaid-parse.test-support.js';
import { analysisResult, consume, finding, http, produce, service } from './result-builders.test-support.js';

const RULES = [{ id: 'require-partition-key', description: 'Require a partition key', defaultSeverity: 'error', docsUrl: 'https://example.test/rules/require-partition-key.md' }] as const;

const result = analysisResult({
  services: [service('orders'), service('billing')],
  interactions: [
    produce('p1', 'orders', 'order.created', { key: 'absent' }),
    consume('c1', 'billing', 'order.created'),
    produce('p2', 'orders', null, { unresolved: { topic: 'process.env.TOPIC' } }),
    http('h1', 'billing', { targetKind: 'unresolved', unresolved: { url: '`${base}/x`' } }),
    http('h2', 'billing', { targetKind: 'unresolved', url: 'http://localhost:8080/y' }),
  ],
  findings: [
    finding('require-partition-key', 'error', 'orders', 'p1'),
    finding('require-partition-key', 'error', 'orders', 'p2'),
    finding('no-orphan-topic', 'warn', 'orders', 'p2'),
  ],
});

function mermaidBlock(markdown: string): string {
  const block = /```mermaid\n([\s\S]*?)```/u.exec(markdown)?.[1];
  if (block === undefined) throw new Error('no mermaid block');
  return block;
}

describe('renderMarkdown', () => {
  it('gives a summary, the map in a folded Mermaid block that parses, findings by rule and unresolved interactions', async () => {
    const { output } = renderMarkdown(result, { rules: RULES });
    expect(output).toMatch(/^## service-map\n\n\*\*2 errors, 1 warning\*\* in 2 services: 2 HTTP calls, 2 produces, 1 consume in 10 files\.\n/u);
    expect(output).toContain('<details open>\n<summary>Service map: 2 services, 1 topic</summary>\n\n```mermaid\n%% service-map schemaVersion 1\n');
    await parseFlowchart(mermaidBlock(output));
    // Counts first, errors first, with the rule's docs; then each finding.
    expect(output).toContain(
      [
        '| rule | severity | findings | what it reports |',
        '|---|---|---:|---|',
        '| [require\\-partition\\-key](https://example.test/rules/require-partition-key.md) | error | 2 | Require a partition key |',
        '| no\\-orphan\\-topic | warning | 1 |  |',
      ].join('\n').replaceAll('\\-', '-'),
    );
    expect(output).toMatch(/#### require-partition-key \(2\)\n\n\| where \| service \| message \|\n\|---\|---\|---\|\n\| services\/orders\/src\/index\.ts:\d+:3 \| orders \| require-partition-key in orders \|/u);
    expect(output).toContain('### Unresolved interactions (3)');
    expect(output).toMatch(/\| produce \| topic: ` process\.env\.TOPIC ` \| a topic known only at run time/u);
    expect(output).toMatch(/\| HTTP call \| url: `` `\$\{base\}\/x` `` \| add a \\`links\\` entry/u);
    expect(output).toMatch(/localhost names no service/u);
  });

  it('says so when there is nothing to report', () => {
    const { output } = renderMarkdown(analysisResult({ services: [service('a')] }), {});
    expect(output).toContain('### Findings\n\nNone.\n');
    expect(output).not.toContain('Unresolved');
  });

  it('keeps hostile names from making HTML, links, mentions, new rows or a way out of the code block', () => {
    const hostileName = 'x | y <img src=x onerror=alert(1)> @org/team #12 [a](https://evil.example) `cmd` *b* ~~s~~\n| forged | row |';
    const hostile: AnalysisResult = analysisResult({
      services: [service(hostileName)],
      interactions: [produce('p1', hostileName, '```\n<script>alert(1)</script>', { key: 'absent' })],
      findings: [{ ...finding('require-partition-key', 'error', hostileName, 'p1'), message: hostileName, location: { file: 'src/`a`|b.ts', line: 1, column: 1 } }],
    });
    const { output } = renderMarkdown(hostile);
    // The Mermaid block is code (GitHub makes no mention or link in it); the rest must be inert text.
    const outsideCode = output.replace(/```mermaid[\s\S]*?```/u, '');
    expect(output).not.toMatch(/<img|<script/u);
    expect(outsideCode).not.toContain('@org');
    expect(outsideCode).not.toContain('](https://');
    // One fenced block, closed where we close it.
    expect(output.match(/```/gu)).toHaveLength(2);
    // Each finding is one table row: the line break and the pipes stay inside the cell.
    const rows = output.split('\n').filter((line) => line.startsWith('| src/'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.split(/(?<!\\)\|/u)).toHaveLength(5);
    expect(markdownText('a\nb')).toBe('a\\\\nb');
  });

  it(`stays under ${MAX_LENGTH} characters however many findings, and says what it left out`, () => {
    const many = analysisResult({
      services: [service('orders')],
      interactions: [produce('p1', 'orders', 'order.created')],
      findings: Array.from({ length: 2000 }, () => finding('require-partition-key', 'error', 'orders', 'p1')),
    });
    const { output } = renderMarkdown(many);
    expect(output.length).toBeLessThanOrEqual(MAX_LENGTH);
    expect(output).toMatch(/_…and 19\d\d findings more, left out to keep this under GitHub's size limit/u);
    expect(output).toContain('| [require-partition-key]'.slice(0, 2));
  });
});
