// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../core/model/result.js';
import { AUTO_COLLAPSE_TOPICS, MERMAID_LIMITS, renderMermaid } from './mermaid.js';
import { renderAndParse } from './mermaid-parse.test-support.js';
import { ReportOptionError } from './reporter.js';
import { analysisResult, consume, finding, http, produce, service, shuffled } from './result-builders.test-support.js';

/** Map lines that are edges between map nodes (not the legend's). */
function mapEdges(output: string): string[] {
  return output.split('\n').filter((line) => /^ {2}\S+ (-->|-\.->)/u.test(line) && !line.startsWith('  legend'));
}

function nodeIds(output: string): string[] {
  return output
    .split('\n')
    .flatMap((line) => /^ +((?:svc|topic|ext|unres)_\w+)[[({]/u.exec(line)?.[1] ?? [])
    .sort();
}

/**
 * orders publishes order.created (to billing and mail) and order.audit (nobody), asks billing for a quote
 * (request-reply), and calls billing over HTTP; billing publishes invoice.sent (to mail); mail listens on
 * legacy.events, which nobody here produces, and calls an external host.
 */
const chain = analysisResult({
  services: [service('orders'), service('billing'), service('mail', 'apps/mail'), service('ledger', 'libs/ledger', 'compose')],
  interactions: [
    produce('p-created', 'orders', 'order.created', { key: 'absent' }),
    consume('c-created-billing', 'billing', 'order.created'),
    consume('c-created-mail', 'mail', 'order.created'),
    produce('p-audit', 'orders', 'order.audit'),
    produce('p-quote', 'orders', 'billing.quote', { expectsReply: true }),
    consume('c-quote', 'billing', 'billing.quote', { role: 'request' }),
    http('h-invoice', 'orders', { path: '/invoices', target: 'billing', targetKind: 'service' }),
    http('h-invoice-2', 'orders', { method: 'POST', path: '/invoices', target: 'billing', targetKind: 'service' }),
    produce('p-invoice', 'billing', 'invoice.sent'),
    consume('c-invoice', 'mail', 'invoice.sent'),
    consume('c-legacy', 'mail', 'legacy.events'),
    http('h-smtp', 'mail', { method: 'POST', path: '/send', target: 'api.mail.example', targetKind: 'external' }),
    http('h-ledger', 'billing', { method: 'POST', path: '/entries', target: 'ledger', targetKind: 'service' }),
    http('h-ledger-env', 'ledger', { targetKind: 'unresolved', unresolved: { url: 'process.env.AUDIT_URL' } }),
  ],
  findings: [finding('require-partition-key', 'error', 'orders', 'p-created'), finding('no-orphan-topic', 'warn', 'mail', 'c-legacy')],
});

describe('--topics collapse', () => {
  it('draws one dotted edge per pair of services, naming a single topic and counting several', async () => {
    const output = await renderAndParse(chain, { topics: 'collapse' });
    expect(nodeIds(output).filter((id) => id.startsWith('topic_'))).toEqual([]);
    expect(mapEdges(output)).toEqual([
      '  svc_billing -->|"POST /entries"| svc_ledger',
      '  svc_billing -.->|"invoice.sent"| svc_mail',
      '  svc_ledger -->|"GET ?"| unres_ledger_http',
      '  svc_mail -->|"POST /send"| ext_api_mail_example',
      // Two calls between one pair are counted in the overview.
      '  svc_orders -->|"2 calls"| svc_billing',
      '  svc_orders -.->|"order.created<br/>request billing.quote"| svc_billing',
      '  svc_orders -.->|"order.created"| svc_mail',
    ]);
    // Topics with no consumer or producer are counted on their service, not sent across the map.
    expect(output).toContain('\n  svc_orders["orders<br/>⚠ 1<br/>1 topic with no consumer"]\n');
    expect(output).toContain('\n  svc_mail["mail<br/>⚠ 1<br/>1 topic with no producer"]\n');
    // The un-keyed send colours both edges it now stands for.
    expect(output).toMatch(/\n {2}linkStyle 5,6 stroke:#d93025/u);
    expect(output).toContain('legend_service -.->|"Kafka: 12 topics"| legend_peer');
  });

  it('counts topics once each and requests apart', () => {
    const many = analysisResult({
      services: [service('a'), service('b')],
      interactions: [
        ...['t1', 't2', 't3'].flatMap((topic) => [produce(`p-${topic}`, 'a', topic), consume(`c-${topic}`, 'b', topic), consume(`c2-${topic}`, 'b', topic)]),
        ...['r1', 'r2'].flatMap((topic) => [produce(`p-${topic}`, 'a', topic, { expectsReply: true }), consume(`c-${topic}`, 'b', topic, { role: 'request' })]),
      ],
    });
    expect(mapEdges(renderMermaid(many, { topics: 'collapse' }).output)).toEqual(['  svc_a -.->|"3 topics<br/>2 requests"| svc_b']);
  });

  it('leaves Kafka out with --topics none', async () => {
    const output = await renderAndParse(chain, { topics: 'none' });
    expect(mapEdges(output).filter((line) => line.includes('-.->'))).toEqual([]);
    expect(nodeIds(output).some((id) => id.startsWith('topic_'))).toBe(false);
    expect(output).not.toContain('Kafka');
  });
});

describe('--topics auto (the default)', () => {
  const withTopics = (count: number): AnalysisResult =>
    analysisResult({
      services: [service('a'), service('b')],
      interactions: Array.from({ length: count }, (_, index) => [produce(`p${index}`, 'a', `t${index}`), consume(`c${index}`, 'b', `t${index}`)]).flat(),
    });

  it(`draws every topic up to ${AUTO_COLLAPSE_TOPICS}, and collapses them above, saying so`, async () => {
    const atLimit = renderMermaid(withTopics(AUTO_COLLAPSE_TOPICS));
    expect(nodeIds(atLimit.output).filter((id) => id.startsWith('topic_'))).toHaveLength(AUTO_COLLAPSE_TOPICS);
    expect(atLimit.notices).toEqual([]);
    const above = renderMermaid(withTopics(AUTO_COLLAPSE_TOPICS + 1));
    expect(mapEdges(above.output)).toEqual([`  svc_a -.->|"${AUTO_COLLAPSE_TOPICS + 1} topics"| svc_b`]);
    expect(above.output).toContain(`\n%% ${AUTO_COLLAPSE_TOPICS + 1} topics drawn as counts on service-to-service edges (--topics all draws each one)\n`);
    expect(above.notices).toEqual([
      `the map draws its ${AUTO_COLLAPSE_TOPICS + 1} topics as counts on service-to-service edges (more than ${AUTO_COLLAPSE_TOPICS}); --topics all draws each topic`,
    ]);
    await renderAndParse(withTopics(AUTO_COLLAPSE_TOPICS + 1));
    // Asked for, every topic is drawn whatever the count.
    expect(nodeIds(renderMermaid(withTopics(AUTO_COLLAPSE_TOPICS + 1), { topics: 'all' }).output).filter((id) => id.startsWith('topic_'))).toHaveLength(AUTO_COLLAPSE_TOPICS + 1);
  });

  it("warns when a map is still over Mermaid's limits", () => {
    // Services each calling 20 others: HTTP edges, which no collapsing of topics removes.
    const crowded = (count: number): AnalysisResult => {
      const names = Array.from({ length: count }, (_, index) => `service-${index}`);
      return analysisResult({
        services: names.map((name) => service(name)),
        interactions: names.flatMap((name, index) =>
          Array.from({ length: 20 }, (_, step) => http(`h${index}-${step}`, name, { path: `/${step}`, target: names[(index + step + 1) % names.length] ?? name, targetKind: 'service' })),
        ),
      });
    };
    const over = renderMermaid(crowded(30));
    expect(mapEdges(over.output)).toHaveLength(600);
    expect(over.notices).toHaveLength(1);
    expect(over.notices?.[0]).toMatch(new RegExp(`^warning: the map has \\d+ characters and 6\\d\\d edges, over Mermaid's defaults \\(${MERMAID_LIMITS.maxTextSize} characters, ${MERMAID_LIMITS.maxEdges} edges\\)`, 'u'));
    // 480 edges, the legend's 13 included: under the limit, no warning.
    const under = renderMermaid(crowded(24));
    expect(mapEdges(under.output)).toHaveLength(480);
    expect(under.notices).toEqual([]);
  });
});

describe('--focus SERVICE --depth N', () => {
  it('keeps the services one hop away, with what joins them, and nothing past them', async () => {
    const output = await renderAndParse(chain, { focus: 'mail' });
    // mail hears from orders (order.created) and billing (invoice.sent); ledger is two hops away.
    expect(nodeIds(output)).toEqual([
      'ext_api_mail_example',
      'svc_billing',
      'svc_mail',
      'svc_orders',
      'topic_billing_quote',
      'topic_invoice_sent',
      'topic_legacy_events',
      'topic_order_created',
    ]);
    // What joins the services kept is drawn too (orders and billing); billing's call to ledger is the next hop.
    expect(mapEdges(output)).toEqual([
      '  svc_billing -.-> topic_invoice_sent',
      '  svc_mail -->|"POST /send"| ext_api_mail_example',
      '  svc_orders -->|"GET /invoices<br/>POST /invoices"| svc_billing',
      '  svc_orders -.->|"request"| topic_billing_quote',
      '  svc_orders -.-> topic_order_created',
      '  topic_billing_quote -.->|"handles request"| svc_billing',
      '  topic_invoice_sent -.-> svc_mail',
      '  topic_legacy_events -.-> svc_mail',
      '  topic_order_created -.-> svc_billing',
      '  topic_order_created -.-> svc_mail',
    ]);
  });

  it('does not join two consumers of one topic', () => {
    const output = renderMermaid(chain, { focus: 'billing', depth: 1, topics: 'collapse' }).output;
    // billing: orders (HTTP, Kafka), ledger (HTTP), mail (invoice.sent). mail is there as billing's consumer,
    // not because both consume order.created.
    expect(nodeIds(output)).toEqual(['svc_billing', 'svc_ledger', 'svc_mail', 'svc_orders']);
    const onlyConsumers = analysisResult({
      interactions: [produce('p', 'source', 't'), consume('c1', 'left', 't'), consume('c2', 'right', 't')],
    });
    expect(nodeIds(renderMermaid(onlyConsumers, { focus: 'left', topics: 'collapse' }).output)).toEqual(['svc_left', 'svc_source']);
  });

  it('goes further with --depth', () => {
    expect(nodeIds(renderMermaid(chain, { focus: 'ledger', depth: 1 }).output)).toEqual(['svc_billing', 'svc_ledger', 'unres_ledger_http']);
    const two = nodeIds(renderMermaid(chain, { focus: 'ledger', depth: 2 }).output);
    expect(two).toContain('svc_orders');
    expect(two).toContain('svc_mail');
    // The hosts of the outermost services belong to the next hop.
    expect(two).not.toContain('ext_api_mail_example');
  });

  it('rejects a service the result does not have, naming the ones it has', () => {
    expect(() => renderMermaid(chain, { focus: 'nope' })).toThrow(ReportOptionError);
    expect(() => renderMermaid(chain, { focus: 'nope\u001b[2J' })).toThrow(
      "--focus nope\\u001b[2J: no such service in this repository (services: billing, ledger, mail, orders)",
    );
  });
});

describe('--group-by', () => {
  it('draws a subgraph per folder, with per-service nodes beside their service', async () => {
    const output = await renderAndParse(chain, { groupBy: 'folder' });
    expect(output).toContain(
      [
        '  subgraph grp_apps["apps"]',
        '    svc_mail["mail<br/>⚠ 1"]',
        '  end',
        '  subgraph grp_libs["libs"]',
        '    svc_ledger["ledger"]',
        '    unres_ledger_http[/"? process.env.AUDIT_URL"/]',
        '  end',
        '  subgraph grp_services["services"]',
        '    svc_billing["billing"]',
        '    svc_orders["orders<br/>⚠ 1"]',
        '  end',
        '  style grp_apps fill:#f8f9fa,stroke:#bdc1c6',
      ].join('\n'),
    );
    // Topics and external hosts stay outside every group.
    expect(output).toMatch(/\n {2}topic_order_created\{\{/u);
    expect(output).toMatch(/\n {2}ext_api_mail_example\(/u);
  });

  it('groups by how a service is declared with --group-by compose', async () => {
    const output = await renderAndParse(chain, { groupBy: 'compose' });
    expect(output).toContain('  subgraph grp_docker_compose["docker-compose"]\n    svc_ledger["ledger"]\n    unres_ledger_http');
    expect(output).toContain('  subgraph grp_workspace_packages["workspace packages"]\n    svc_billing["billing"]\n    svc_mail');
  });

  it('gives the same bytes whatever the order of the input, focused, grouped and collapsed', () => {
    const options = { groupBy: 'folder', topics: 'collapse', focus: 'billing', depth: 2 } as const;
    const expected = renderMermaid(chain, options).output;
    for (const seed of [5, 6, 7]) {
      const shuffledChain = analysisResult({
        services: shuffled(chain.services, seed),
        interactions: shuffled(chain.interactions, seed + 1),
        findings: shuffled(chain.findings, seed + 2),
      });
      expect(renderMermaid(shuffledChain, options).output).toBe(expected);
    }
  });
});
