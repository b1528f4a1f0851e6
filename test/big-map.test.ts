// @vitest-environment jsdom
// The map of a repository the size of the one that broke it (issue 8): 7 services, 221 topics, ~400 edges.
import { beforeAll, describe, expect, it } from 'vitest';
import { BIG_REPO, bigRepoFiles } from '../scripts/generate-big-repo.mjs';
import { analyzeProject } from '../src/analyzer/analyze.js';
import type { AnalysisResult } from '../src/core/model/result.js';
import { AUTO_COLLAPSE_TOPICS, MERMAID_LIMITS, renderMermaid } from '../src/reporters/mermaid.js';
import { parseFlowchart } from '../src/reporters/mermaid-parse.test-support.js';
import { tempRepo } from './helpers/temp-repo.js';

let result: AnalysisResult;

beforeAll(async () => {
  result = await analyzeProject({ root: tempRepo(bigRepoFiles()) });
});

describe('the map of a 7-service, 221-topic repository', () => {
  it('is the size the issue describes', () => {
    expect(result.services).toHaveLength(BIG_REPO.services);
    const topics = new Set(result.interactions.flatMap((interaction) => (interaction.kind === 'http' || interaction.topic === null ? [] : [interaction.topic])));
    expect(topics.size).toBe(BIG_REPO.topics);
    const kafkaEdges = result.interactions.filter((interaction) => interaction.kind !== 'http').length;
    expect(kafkaEdges).toBeGreaterThanOrEqual(380);
    expect(kafkaEdges).toBeLessThanOrEqual(420);
    // Findings on most sends, as in the real repository: the labels that used to repeat on every edge.
    expect(result.summary.findings.error).toBeGreaterThan(100);
  });

  it("is drawn under Mermaid's limits by default, with topics collapsed, and parses", async () => {
    const { output, notices } = renderMermaid(result);
    expect(output.length).toBeLessThan(MERMAID_LIMITS.maxTextSize);
    expect(notices).toEqual([
      `the map draws its ${BIG_REPO.topics} topics as counts on service-to-service edges (more than ${AUTO_COLLAPSE_TOPICS}); --topics all draws each topic`,
    ]);
    const parsed = await parseFlowchart(output);
    expect(parsed.edges.length).toBeLessThan(MERMAID_LIMITS.maxEdges);
    // The 7 services, no topic node; every edge label a count or a name, none a repeated rule id.
    expect(parsed.vertexIds.filter((id) => id.startsWith('svc_'))).toHaveLength(BIG_REPO.services);
    expect(parsed.vertexIds.filter((id) => id.startsWith('topic_'))).toEqual([]);
    expect(output).not.toMatch(/require-partition-key/u);
    expect(output).toMatch(/\|"\d+ topics"\|/u);
  });

  it('also parses with every topic drawn (--topics all)', async () => {
    const { output } = renderMermaid(result, { topics: 'all' });
    const parsed = await parseFlowchart(output);
    expect(parsed.vertexIds.filter((id) => id.startsWith('topic_'))).toHaveLength(BIG_REPO.topics);
  });
});
