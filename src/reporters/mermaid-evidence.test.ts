// @vitest-environment jsdom
// mermaid.parse needs DOMPurify with a DOM (plain Node fails with `DOMPurify.addHook is not a function`).
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Location } from '../core/model/result.js';
import { renderMermaid } from './mermaid.js';
import { parseFlowchart } from './mermaid-parse.test-support.js';
import { analysisResult, at, consume, finding, http, produce, service, shuffled } from './result-builders.test-support.js';

/*
 * What the map says about how it knows an edge: a target named only by a port (`--o`), a hand-made
 * request/reply exchange (one two-way edge), and a client library imported where nothing was found.
 */

const waits: Location = at('services/orders/src/saga.ts');
const answers: Location = at('services/orders/src/consumer.ts');

/** orders asks inventory on `stock.check` and waits for the answer on `stock.checked`. */
function exchange(extra: Parameters<typeof analysisResult>[0]['interactions'] = []): AnalysisResult {
  return analysisResult({
    services: [service('orders'), service('inventory'), service('audit')],
    interactions: [
      produce('p-request', 'orders', 'stock.check', { handMadeReply: { form: 'pending', waits, answers }, pairedWith: ['p-answer'] }),
      consume('c-request', 'inventory', 'stock.check'),
      produce('p-answer', 'inventory', 'stock.checked', { pairedWith: ['p-request'] }),
      consume('c-answer', 'orders', 'stock.checked'),
      ...extra,
    ],
    findings: [finding('no-request-reply-over-kafka', 'error', 'orders', 'p-request')],
  });
}

/** Mermaid's own reading of the edges: which ends, which arrow type, which stroke. */
async function parsedEdges(diagram: string): Promise<{ start: string; end: string; type: string; stroke: string }[]> {
  await parseFlowchart(diagram);
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const parsed = await mermaid.mermaidAPI.getDiagramFromText(diagram);
  const edges = (parsed.db as unknown as { getEdges(): { start: string; end: string; type: string; stroke: string }[] }).getEdges();
  return edges.filter((edge) => !edge.start.startsWith('legend')).map(({ start, end, type, stroke }) => ({ start, end, type, stroke }));
}

describe('a hand-made request/reply exchange', () => {
  it('is one two-way edge between the two services, with both topics on it, and the finding colours it', async () => {
    const diagram = renderMermaid(exchange(), { topics: 'all' }).output;
    expect(await parsedEdges(diagram)).toEqual([{ start: 'svc_orders', end: 'svc_inventory', type: 'double_arrow_point', stroke: 'dotted' }]);
    expect(diagram).toContain('svc_orders <-.->|"request stock.check, reply stock.checked"| svc_inventory');
    expect(diagram).not.toContain('topic_stock_check');
    expect(diagram).toMatch(/linkStyle 0 stroke:#d93025/u);
    expect(diagram).toContain('"Kafka request and reply"');
  });

  it('is drawn the same whatever the order of the interactions', () => {
    const result = exchange();
    const shuffledResult = { ...result, interactions: shuffled(result.interactions, 7) };
    expect(renderMermaid(shuffledResult, { topics: 'all' }).output).toBe(renderMermaid(result, { topics: 'all' }).output);
  });

  it('keeps its topics and one-way edges when a third service also reads the request topic', async () => {
    const diagram = renderMermaid(exchange([consume('c-audit', 'audit', 'stock.check')]), { topics: 'all' }).output;
    const edges = await parsedEdges(diagram);
    expect(edges.some((edge) => edge.type === 'double_arrow_point')).toBe(false);
    expect(edges).toContainEqual({ start: 'svc_orders', end: 'topic_stock_check', type: 'arrow_point', stroke: 'dotted' });
    expect(edges).toContainEqual({ start: 'topic_stock_check', end: 'svc_audit', type: 'arrow_point', stroke: 'dotted' });
  });

  it('is left out with the topics, and kept when topics are collapsed', () => {
    expect(renderMermaid(exchange(), { topics: 'none' }).output).not.toContain('<-.->|"request');
    expect(renderMermaid(exchange(), { topics: 'collapse' }).output).toContain('svc_orders <-.->|"request stock.check, reply stock.checked"| svc_inventory');
  });
});

describe('an HTTP target known only by its port', () => {
  const result = analysisResult({
    services: [service('web'), service('orders'), service('billing')],
    interactions: [
      http('h-port', 'web', { url: 'http://localhost:4001/orders', path: '/orders', target: 'orders', targetKind: 'service', targetVia: 'published-port' }),
      http('h-listen', 'web', { url: 'http://127.0.0.1:3002/bills', path: '/bills', target: 'billing', targetKind: 'service', targetVia: 'listen-port' }),
      http('h-host', 'orders', { url: 'http://billing:3002/bills', path: '/bills', target: 'billing', targetKind: 'service', targetVia: 'host' }),
    ],
  });

  it('is drawn with a circle end, the target named by its host with an arrow', async () => {
    const diagram = renderMermaid(result).output;
    const edges = await parsedEdges(diagram);
    expect(edges).toContainEqual({ start: 'svc_web', end: 'svc_orders', type: 'arrow_circle', stroke: 'normal' });
    expect(edges).toContainEqual({ start: 'svc_web', end: 'svc_billing', type: 'arrow_circle', stroke: 'normal' });
    expect(edges).toContainEqual({ start: 'svc_orders', end: 'svc_billing', type: 'arrow_point', stroke: 'normal' });
    expect(diagram).toContain('"HTTP call, target known by its port only"');
  });
});

describe('a client library imported where nothing was found', () => {
  it('is said on its service, so an empty map is not silent', async () => {
    const result: AnalysisResult = {
      ...analysisResult({ services: [service('mailer')] }),
      diagnostics: [{ file: 'services/mailer/src/bus.js', line: 2, message: 'imports kafkajs, but ...', silentClient: { service: 'mailer', module: 'kafkajs' } }],
    };
    const diagram = renderMermaid(result).output;
    await parseFlowchart(diagram);
    expect(diagram).toContain('svc_mailer["mailer<br/>? kafkajs imported, no calls found"]');
  });
});
