// @vitest-environment jsdom
// mermaid.parse needs DOMPurify with a DOM (plain Node fails with `DOMPurify.addHook is not a function`).
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { renderMermaid } from './mermaid.js';
import { declaredNodeIds, edgeEndpoints, parseFlowchart, renderAndParse, VALID_ID } from './mermaid-parse.test-support.js';
import { analysisResult, consume, finding, http, produce, service, shuffled } from './result-builders.test-support.js';

// ---------------------------------------------------------------------------------------------------------
// A small shop: four services (one named `end`), HTTP to a service, an external host and two unresolved
// targets, a topic with two consumers, a request-reply, a topic named `o`, a producer/consumer pair whose
// topics differ only by `.` vs `-` (they collide after sanitising), and findings on edges and on a node.

const LONG_WEBHOOK_URL_SOURCE = "this.configService.getOrThrow<string>('WEBHOOK_BASE_URL') + '/hooks/' + tenant.id";

const shop = analysisResult({
  services: [service('orders-api'), service('billing.service'), service('end'), service('notifications')],
  interactions: [
    http('h-invoice', 'orders-api', {
      url: 'http://billing.service/invoices/:id',
      path: '/invoices/:id',
      target: 'billing.service',
      targetKind: 'service',
    }),
    http('h-invoice-again', 'orders-api', {
      url: 'http://billing.service/invoices/:id',
      path: '/invoices/:id',
      target: 'billing.service',
      targetKind: 'service',
    }),
    http('h-invoices', 'orders-api', {
      url: 'http://billing.service/invoices',
      path: '/invoices',
      target: 'billing.service',
      targetKind: 'service',
    }),
    http('h-stripe', 'orders-api', {
      method: 'POST',
      url: 'https://api.stripe.com/v1/charges',
      path: '/v1/charges',
      target: 'api.stripe.com',
      targetKind: 'external',
    }),
    http('h-inventory', 'orders-api', {
      method: null,
      path: '/items',
      targetKind: 'unresolved',
      unresolved: { url: '`${config.get("inventoryUrl")}/items`' },
    }),
    http('h-webhook', 'notifications', {
      method: 'POST',
      targetKind: 'unresolved',
      unresolved: { url: LONG_WEBHOOK_URL_SOURCE },
    }),
    http('h-health', 'end', {
      url: 'http://notifications/health',
      path: '/health',
      target: 'notifications',
      targetKind: 'service',
    }),
    produce('p-order-created', 'orders-api', 'order.created', { key: 'absent' }),
    consume('c-order-created-billing', 'billing.service', 'order.created'),
    consume('c-order-created-notifications', 'notifications', 'order.created'),
    produce('p-quote', 'orders-api', 'billing.quote', { expectsReply: true }),
    consume('c-quote', 'billing.service', 'billing.quote', { role: 'request' }),
    produce('p-payment', 'billing.service', 'payment.completed'),
    consume('c-payment', 'notifications', 'payment-completed'),
    produce('p-o', 'end', 'o'),
    consume('c-o', 'orders-api', 'o'),
    consume('c-dlq', 'notifications', null, { unresolved: { topic: 'process.env["DLQ_TOPIC"]' } }),
  ],
  findings: [
    finding('kafka-produce-without-key', 'error', 'orders-api', 'p-order-created'),
    finding('topic-without-consumer', 'warn', 'billing.service', 'p-payment'),
    finding('topic-without-producer', 'warn', 'notifications', 'c-payment'),
    finding('unresolved-target', 'warn', 'orders-api', 'h-inventory'),
    // The same rule twice on one edge is shown once.
    finding('unresolved-target', 'warn', 'orders-api', 'h-inventory'),
    finding('consumer-without-error-handling', 'error', 'notifications', 'c-order-created-notifications'),
    finding('service-without-health-check', 'warn', 'end'),
    // About no service and no interaction: nowhere to draw it.
    finding('similar-topic-names', 'warn', null),
  ],
});

/** Checked line by line against the rules in mermaid.ts (counts, owners, edge indexes), then against the output. */
const CLASS_DEFS = [
  '  classDef service fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b',
  '  classDef topic fill:#fff4e5,stroke:#e8710a,color:#4a2600',
  '  classDef external fill:#f1f3f4,stroke:#5f6368,color:#202124,stroke-dasharray:4 2',
  '  classDef unresolved fill:#ffffff,stroke:#9aa0a6,color:#5f6368,stroke-dasharray:2 2',
  '  classDef legend fill:#ffffff,stroke:#9aa0a6,color:#3c4043',
  '  classDef warning stroke:#e37400,stroke-width:3px',
  '  classDef finding stroke:#d93025,stroke-width:3px',
  '',
].join('\n');

const SHOP_DIAGRAM = [
  '%% service-map schemaVersion 1',
  'flowchart TB',
  '  ext_api_stripe_com(["api.stripe.com"])',
  '  svc_billing_service["billing.service<br/>⚠ 1"]',
  '  svc_end["end<br/>⚠ 1"]',
  '  svc_notifications["notifications<br/>⚠ 2"]',
  '  svc_orders_api["orders-api<br/>⚠ 3"]',
  '  topic_billing_quote{{"billing.quote"}}',
  '  topic_o{{"o"}}',
  '  topic_order_created{{"order.created"}}',
  '  topic_payment_completed{{"payment-completed"}}',
  '  topic_payment_completed_2{{"payment.completed"}}',
  "  unres_notifications_http[/\"? this.configService.getOrThrow#lt;string#gt;('…\"/]",
  '  unres_notifications_topic{{"? process.env[#quot;DLQ_TOPIC#quot;]"}}',
  '  unres_orders_api_http[/"? #96;${config.get(#quot;inventoryUrl#quot;)}/items#96;"/]',
  '  svc_billing_service -.-> topic_payment_completed_2',
  '  svc_end -->|"GET /health"| svc_notifications',
  '  svc_end -.-> topic_o',
  '  svc_notifications -->|"POST ?"| unres_notifications_http',
  '  svc_orders_api -->|"POST /v1/charges"| ext_api_stripe_com',
  '  svc_orders_api -->|"GET /invoices<br/>GET /invoices/:id"| svc_billing_service',
  '  svc_orders_api -.->|"request"| topic_billing_quote',
  '  svc_orders_api -.-> topic_order_created',
  '  svc_orders_api -->|"? /items"| unres_orders_api_http',
  '  topic_billing_quote -.->|"handles request"| svc_billing_service',
  '  topic_o -.-> svc_orders_api',
  '  topic_order_created -.-> svc_billing_service',
  '  topic_order_created -.-> svc_notifications',
  '  topic_payment_completed -.-> svc_notifications',
  '  unres_notifications_topic -.-> svc_notifications',
  '  subgraph legend["Legend"]',
  '    direction LR',
  '    legend_service["service"]',
  '    legend_external(["external host"])',
  '    legend_topic{{"Kafka topic"}}',
  '    legend_unresolved[/"? not resolved, or not found"/]',
  '    legend_findings["⚠ N: findings in its code<br/>red: an error, amber: warnings<br/>(and on the edges concerned)"]',
  '    legend_service -->|"HTTP call"| legend_external',
  '    legend_service -.->|"produces"| legend_topic',
  '  end',
  '  style legend fill:#fafafa,stroke:#dadce0',
  '  legend ~~~ svc_end',
  '  legend ~~~ topic_payment_completed',
  '  legend ~~~ unres_notifications_topic',
  '  classDef service fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b',
  '  classDef topic fill:#fff4e5,stroke:#e8710a,color:#4a2600',
  '  classDef external fill:#f1f3f4,stroke:#5f6368,color:#202124,stroke-dasharray:4 2',
  '  classDef unresolved fill:#ffffff,stroke:#9aa0a6,color:#5f6368,stroke-dasharray:2 2',
  '  classDef legend fill:#ffffff,stroke:#9aa0a6,color:#3c4043',
  '  classDef warning stroke:#e37400,stroke-width:3px',
  '  classDef finding stroke:#d93025,stroke-width:3px',
  '  class svc_billing_service,svc_end,svc_notifications,svc_orders_api,legend_service service',
  '  class topic_billing_quote,topic_o,topic_order_created,topic_payment_completed,topic_payment_completed_2,legend_topic topic',
  '  class ext_api_stripe_com,legend_external external',
  '  class unres_notifications_http,unres_notifications_topic,unres_orders_api_http,legend_unresolved unresolved',
  '  class legend_findings legend',
  '  class svc_billing_service,svc_end warning',
  '  class svc_notifications,svc_orders_api,legend_findings finding',
  '  linkStyle 7,12 stroke:#d93025,stroke-width:2px',
  '  linkStyle 0,8,13 stroke:#e37400,stroke-width:2px',
  '',
].join('\n');

describe('mermaid.parse as a validator', () => {
  it('accepts a small flowchart and rejects broken ones', async () => {
    await expect(mermaid.parse('flowchart LR\n  a["A"] --> b["B"]\n')).resolves.toBeTruthy();
    await expect(mermaid.parse('flowchart LR\n  a["unclosed --> b\n')).rejects.toThrow();
    await expect(mermaid.parse('flowchart LR\n  a -->|"label"| \n')).rejects.toThrow();
    await expect(mermaid.parse('flowchart LR\n  a{{"hexagon"] --> b\n')).rejects.toThrow();
    await expect(mermaid.parse('flowchart LR\n  a --> b\n  class a,b\n')).rejects.toThrow();
  });

  it('sees the vertices and edges of a parsed flowchart, so the id checks are not vacuous', async () => {
    // `a---ob` is an edge with a circle head from a to b, not a node `ob`: the kind of surprise the check catches.
    const parsed = await parseFlowchart('flowchart LR\n  a---ob\n');
    expect(parsed.vertexIds).toEqual(['a', 'b']);
    expect(parsed.edges).toEqual([{ from: 'a', to: 'b' }]);
  });
});

describe('renderMermaid on a small shop', () => {
  it('matches the golden diagram and Mermaid parses it', async () => {
    const output = await renderAndParse(shop);
    expect(output).toBe(SHOP_DIAGRAM);
    expect(renderMermaid(shop).notices).toEqual([]);
  });

  it('draws each service once as a rectangle and each topic once as a hexagon', () => {
    const { output } = renderMermaid(shop);
    expect(output).toContain('\n  svc_end["end<br/>⚠ 1"]\n');
    expect(output).toContain('\n  topic_o{{"o"}}\n');
    expect(output.match(/^ {2}topic_order_created\{\{/gmu)).toHaveLength(1);
    // Two consumers of one topic: two edges out of the one topic node.
    expect(output).toContain('\n  topic_order_created -.-> svc_billing_service\n');
    expect(output).toContain('\n  topic_order_created -.-> svc_notifications\n');
  });

  it('merges calls between the same pair into one edge with sorted, distinct lines', () => {
    const { output } = renderMermaid(shop);
    const edgesToBilling = output
      .split('\n')
      .filter((line) => line.startsWith('  svc_orders_api -->') && line.endsWith(' svc_billing_service'));
    expect(edgesToBilling).toEqual(['  svc_orders_api -->|"GET /invoices<br/>GET /invoices/:id"| svc_billing_service']);
  });

  it('marks request-reply on both sides', () => {
    const { output } = renderMermaid(shop);
    expect(output).toContain('\n  svc_orders_api -.->|"request"| topic_billing_quote\n');
    expect(output).toContain('\n  topic_billing_quote -.->|"handles request"| svc_billing_service\n');
  });

  it('gives valid, unique ids and never a bare keyword id', () => {
    const { output } = renderMermaid(shop);
    const ids = declaredNodeIds(output);
    // 13 map nodes and 5 legend samples.
    expect(ids).toHaveLength(18);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(VALID_ID);
      expect(['end', 'o', 'x']).not.toContain(id);
    }
    for (const { from, to } of edgeEndpoints(output)) {
      expect([...ids, 'legend']).toContain(from);
      expect(ids).toContain(to);
    }
    // `payment-completed` < `payment.completed` in code-unit order, so the dash keeps the plain id.
    expect(output).toContain('\n  topic_payment_completed{{"payment-completed"}}\n');
    expect(output).toContain('\n  topic_payment_completed_2{{"payment.completed"}}\n');
  });

  it('counts findings on the service that owns the interaction, never on a shared topic', async () => {
    const { output } = renderMermaid(shop);
    // The rule ids are no longer repeated on edges: a count on the node, a colour on the edge.
    expect(output).not.toContain('⚠ kafka-produce-without-key');
    expect(output).toContain('\n  class svc_notifications,svc_orders_api,legend_findings finding\n');
    expect(output).toContain('\n  class svc_billing_service,svc_end warning\n');
    // Mermaid compiles styles in this order, so `finding` (last) overrides the base class's stroke.
    const { classesById, edgeStyles } = await parseFlowchart(output);
    expect(classesById.get('svc_notifications')).toEqual(['service', 'finding']);
    expect(classesById.get('svc_end')).toEqual(['service', 'warning']);
    expect(classesById.get('topic_order_created')).toEqual(['topic']);
    // linkStyle indexes land on the edges of the interactions the findings are about.
    const red = edgeStyles.filter((edge) => edge.style.includes('stroke:#d93025')).map(({ from, to }) => `${from}>${to}`);
    const amber = edgeStyles.filter((edge) => edge.style.includes('stroke:#e37400')).map(({ from, to }) => `${from}>${to}`);
    expect(red).toEqual(['svc_orders_api>topic_order_created', 'topic_order_created>svc_notifications']);
    expect(amber).toEqual([
      'svc_billing_service>topic_payment_completed_2',
      'svc_orders_api>unres_orders_api_http',
      'topic_payment_completed>svc_notifications',
    ]);
  });

  it('gives the same bytes whatever the order of the input arrays', async () => {
    const expected = renderMermaid(shop).output;
    const reversed = analysisResult({
      services: [...shop.services].reverse(),
      interactions: [...shop.interactions].reverse(),
      findings: [...shop.findings].reverse(),
    });
    expect(renderMermaid(reversed).output).toBe(expected);
    for (const seed of [1, 2, 3, 42, 2024]) {
      const shuffledShop = analysisResult({
        services: shuffled(shop.services, seed),
        interactions: shuffled(shop.interactions, seed + 100),
        findings: shuffled(shop.findings, seed + 200),
      });
      expect(renderMermaid(shuffledShop).output).toBe(expected);
    }
    expect(await renderAndParse(reversed)).toBe(expected);
  });
});

describe('renderMermaid edge cases', () => {
  it('renders an empty result as a valid diagram with a note and no legend', async () => {
    const empty = analysisResult({});
    const output = await renderAndParse(empty);
    expect(output).toBe('%% service-map schemaVersion 1\nflowchart TB\n  note_empty["no services found"]\n' + CLASS_DEFS);
  });

  it('renders services without interactions, a warning as a warning', async () => {
    const quiet = analysisResult({
      services: [service('a')],
      findings: [finding('service-without-health-check', 'warn', 'a')],
    });
    const output = await renderAndParse(quiet);
    expect(output).toContain('\n  svc_a["a<br/>⚠ 1"]\n');
    expect(output).toContain('\n  class svc_a warning\n');
    expect(output).not.toMatch(/class svc_a\S* finding/u);
  });

  it('escapes everything that would break or inject into a label', async () => {
    const nastyService = 'we"ird <b>svc</b> | `tick` #quot; & #35;';
    const nasty = analysisResult({
      services: [service(nastyService)],
      interactions: [
        http('h1', nastyService, {
          method: 'GET',
          path: '/a|b?<x>="y"',
          target: 'api.example.com',
          targetKind: 'external',
        }),
        produce('p1', nastyService, 'topic "with" quotes\nand a newline'),
      ],
    });
    const output = await renderAndParse(nasty);
    const nastyId = `svc_${nastyService.replace(/[^A-Za-z0-9_]/gu, '_')}`;
    expect(output).toContain(`\n  ${nastyId}["we#quot;ird #lt;b#gt;svc#lt;/b#gt; #124; #96;tick#96; #35;quot; #38; #35;35;"]\n`);
    expect(output).toContain(`\n  ${nastyId} -->|"GET /a#124;b?#lt;x#gt;=#quot;y#quot;"| ext_api_example_com\n`);
    // A line break is shown as `\n` (printable), never written into the diagram.
    expect(output).toContain('{{"topic #quot;with#quot; quotes\\nand a newline"}}');
    // Inside every label: no raw quote, pipe, backtick or angle bracket except the `<br/>` we write.
    for (const label of output.match(/"[^"\n]*"/gu) ?? []) {
      expect(label.slice(1, -1).replaceAll('<br/>', '')).not.toMatch(/[<>|`]/u);
    }
  });

  it('defuses hostile names: Mermaid keywords, directives, comments, brackets, HTML and unicode', async () => {
    const hostile = [
      'end',
      '%%{init: {"securityLevel": "loose", "theme": "dark"}}%%',
      '%% a comment',
      'a]; b[x',
      '<img src=x onerror=alert(1)>',
      'line\nbreak\u202eevil',
      'commandes.créées/ордер 📦',
      'subgraph x',
    ];
    const result = analysisResult({
      services: hostile.map((name) => service(name)),
      interactions: hostile.flatMap((name, index) => [
        produce(`p${index}`, name, `${name}.topic`),
        consume(`c${index}`, hostile[(index + 1) % hostile.length] ?? 'end', `${name}.topic`),
      ]),
    });
    const output = await renderAndParse(result);
    const parsed = await parseFlowchart(output);
    // Every service and topic is one vertex; nothing turned into a directive, a comment or an extra node.
    expect(declaredNodeIds(output).filter((id) => !id.startsWith('legend_'))).toHaveLength(hostile.length * 2);
    expect(parsed.edges.filter(({ from }) => !from.startsWith('legend'))).toHaveLength(hostile.length * 2);
    expect(output.match(/%%/gu)).toHaveLength(1);
    expect(output).not.toContain('<img');
    expect(output).toContain('line\\nbreak\\u202eevil');
    expect(output).toContain('commandes.créées/ордер 📦');
    for (const label of output.match(/"[^"\n]*"/gu) ?? []) expect(label).not.toContain('%');
  });

  it('keeps entities intact where Mermaid strips the `;` of style-like lines', async () => {
    const result = analysisResult({
      services: [service('style-api'), service('classDef')],
      interactions: [
        http('h1', 'style-api', { path: '/styles/:id"x', target: 'classDef', targetKind: 'service' }),
        http('h2', 'classDef', { path: '/a:b<c>', target: 'style-api', targetKind: 'service' }),
      ],
    });
    const output = await renderAndParse(result);
    expect(output).toContain('\n  svc_style_api -->|"GET /styles/#58;id#quot;x"| svc_classDef\n');
    // A colon with no entity after it stays readable.
    expect(renderMermaid(analysisResult({ services: [service('a:b c#d')] })).output).toContain('["a:b c#35;d"]');
  });

  it('shortens long source text at a word boundary and draws unknown text as a bare `?`', async () => {
    const longSource = 'process.env.KAFKA_TOPIC_PREFIX + tenantConfiguration.topicSuffix';
    const unresolvedOnly = analysisResult({
      services: [service('svc')],
      interactions: [
        produce('p1', 'svc', null, { unresolved: { topic: longSource } }),
        consume('c1', 'svc', null),
        http('h1', 'svc', { method: null, targetKind: 'unresolved' }),
      ],
    });
    const output = await renderAndParse(unresolvedOnly);
    // The empty source text sorts first, so it keeps the plain id.
    expect(output).toContain('\n  unres_svc_topic{{"?"}}\n');
    // 48 code points at most: the 48th falls inside `tenantConfiguration`, so the cut comes before that word.
    expect(output).toContain('\n  unres_svc_topic_2{{"? process.env.KAFKA_TOPIC_PREFIX +…"}}\n');
    expect(output).toContain('\n  svc_svc -->|"? ?"| unres_svc_http\n');
    expect(output).toContain('\n  class unres_svc_http,unres_svc_topic,unres_svc_topic_2,legend_unresolved unresolved\n');
  });

  it('keeps one unresolved topic node per service and source text', () => {
    const result = analysisResult({
      interactions: [
        produce('p1', 'a', null, { unresolved: { topic: 'env.TOPIC' } }),
        consume('c1', 'a', null, { unresolved: { topic: 'env.TOPIC' } }),
        consume('c2', 'b', null, { unresolved: { topic: 'env.TOPIC' } }),
      ],
    });
    const { output } = renderMermaid(result);
    expect(output).toContain('\n  svc_a -.-> unres_a_topic\n');
    expect(output).toContain('\n  unres_a_topic -.-> svc_a\n');
    expect(output).toContain('\n  unres_b_topic -.-> svc_b\n');
  });

  it('resolves id collisions deterministically, leaving a real `a_b_2` its own id', async () => {
    const names = ['a.b', 'a-b', 'a_b', 'a_b_2'];
    const expectedNodes = ['  svc_a_b["a-b"]', '  svc_a_b_2["a_b_2"]', '  svc_a_b_3["a.b"]', '  svc_a_b_4["a_b"]'].join('\n');
    for (const seed of [0, 1, 2, 3]) {
      const output = await renderAndParse(analysisResult({ services: shuffled(names.map((name) => service(name)), seed) }));
      expect(output).toContain(`flowchart TB\n${expectedNodes}\n`);
    }
  });

  it('survives names that are Mermaid keywords or arrow heads', async () => {
    const keywords = [
      ...['end', 'o', 'x', 'graph', 'subgraph', 'flowchart', 'direction', 'TB', 'legend'],
      ...['style', 'class', 'classDef', 'linkStyle', 'click', 'call', 'href', 'default'],
    ];
    const result = analysisResult({
      services: keywords.map((name) => service(name)),
      interactions: keywords.flatMap((name, index) => {
        const next = keywords[(index + 1) % keywords.length] ?? 'end';
        return [
          produce(`p-${name}`, name, name),
          consume(`c-${name}`, next, name),
          http(`h-${name}`, name, { path: `/${name}`, target: next, targetKind: 'service' }),
          http(`e-${name}`, name, { path: '/', target: name, targetKind: 'external' }),
        ];
      }),
    });
    const output = await renderAndParse(result);
    expect(declaredNodeIds(output).filter((id) => !id.startsWith('legend_'))).toHaveLength(keywords.length * 3);
    expect(edgeEndpoints(output).filter(({ from }) => !from.startsWith('legend'))).toHaveLength(keywords.length * 4);
  });

  it('falls back to the service node for a finding about an interaction the result does not hold', () => {
    const result = analysisResult({
      services: [service('a')],
      findings: [finding('stale-baseline', 'error', 'a', 'missing-interaction')],
    });
    const { output } = renderMermaid(result);
    expect(output).toContain('\n  svc_a["a<br/>⚠ 1"]\n');
    expect(output).toContain('\n  class svc_a,legend_findings finding\n');
  });
});

describe('renderMermaid with routes and RegExp subscriptions', () => {
  it('labels a call with the route it lands on, and says so when the target has no such route', async () => {
    const route = { method: 'GET', path: '/orders/:id', location: { file: 'services/orders/src/routes.ts', line: 12, column: 3 } };
    const { output } = renderMermaid(
      analysisResult({
        services: [service('web'), service('orders')],
        interactions: [
          http('h1', 'web', { targetKind: 'service', target: 'orders', method: 'GET', path: '/orders/{order.id}', route }),
          http('h2', 'web', { targetKind: 'service', target: 'orders', method: 'DELETE', path: '/orders/{id}', route: null }),
        ],
      }),
    );
    expect(output).toContain('  svc_web -->|"DELETE /orders/{id} (no route)<br/>GET /orders/:id"| svc_orders\n');
    await parseFlowchart(output);
  });

  it('draws a RegExp subscription from every topic it matches, or from its pattern when none', async () => {
    const { output } = renderMermaid(
      analysisResult({
        services: [service('orders'), service('audit'), service('archive')],
        interactions: [
          produce('p1', 'orders', 'order.created'),
          produce('p2', 'orders', 'order.cancelled'),
          produce('p3', 'orders', 'invoice.sent'),
          consume('c1', 'audit', null, { topicPattern: '/^order\\./' }),
          consume('c2', 'archive', null, { topicPattern: '/^legacy\\./' }),
        ],
      }),
    );
    expect(output).toContain('  topic_order_created -.-> svc_audit\n');
    expect(output).toContain('  topic_order_cancelled -.-> svc_audit\n');
    expect(output).not.toContain('topic_invoice_sent -.-> svc_audit');
    expect(output).toMatch(/ {2}(topic_\w+)\{\{"\/\^legacy\\\.\/"\}\}\n[\s\S]* {2}\1 -\.-> svc_archive\n/);
    await parseFlowchart(output);
  });
});
