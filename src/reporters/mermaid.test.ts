// @vitest-environment jsdom
// mermaid.parse needs DOMPurify with a DOM (plain Node fails with `DOMPurify.addHook is not a function`).
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import type {
  AnalysisResult,
  ConsumeInteraction,
  Finding,
  HttpInteraction,
  Interaction,
  ProduceInteraction,
  Service,
} from '../core/model/result.js';
import { SCHEMA_VERSION } from '../core/model/result.js';
import { renderMermaid } from './mermaid.js';

// ---------------------------------------------------------------------------------------------------------
// Builders: just enough defaults that each case states only what matters to it.

let nextLine = 1;
function at(file: string): { file: string; line: number; column: number } {
  nextLine += 1;
  return { file, line: nextLine, column: 3 };
}

function service(name: string): Service {
  return { name, root: `services/${name}`, source: 'workspace', hosts: [name] };
}

function http(
  id: string,
  serviceName: string,
  fields: Partial<Omit<HttpInteraction, 'id' | 'service' | 'kind'>> & Pick<HttpInteraction, 'targetKind'>,
): HttpInteraction {
  return {
    id,
    kind: 'http',
    service: serviceName,
    library: 'axios',
    location: at(`services/${serviceName}/src/client.ts`),
    method: 'GET',
    url: null,
    path: null,
    target: null,
    ...fields,
  };
}

function produce(
  id: string,
  serviceName: string,
  topic: string | null,
  fields: Partial<Omit<ProduceInteraction, 'id' | 'service' | 'kind' | 'topic'>> = {},
): ProduceInteraction {
  return {
    id,
    kind: 'produce',
    service: serviceName,
    library: 'kafkajs',
    location: at(`services/${serviceName}/src/producer.ts`),
    topic,
    key: 'present',
    ...fields,
  };
}

function consume(
  id: string,
  serviceName: string,
  topic: string | null,
  fields: Partial<Omit<ConsumeInteraction, 'id' | 'service' | 'kind' | 'topic'>> = {},
): ConsumeInteraction {
  return {
    id,
    kind: 'consume',
    service: serviceName,
    library: 'kafkajs',
    location: at(`services/${serviceName}/src/consumer.ts`),
    topic,
    role: 'event',
    ...fields,
  };
}

function finding(ruleId: string, severity: Finding['severity'], serviceName: string | null, interactionId?: string): Finding {
  return {
    ruleId,
    severity,
    message: `${ruleId} in ${serviceName ?? 'the project'}`,
    service: serviceName,
    location: at(`services/${serviceName ?? 'shared'}/src/index.ts`),
    ...(interactionId === undefined ? {} : { interactionId }),
  };
}

function analysisResult(parts: {
  services?: readonly Service[];
  interactions?: readonly Interaction[];
  findings?: readonly Finding[];
}): AnalysisResult {
  const interactions = parts.interactions ?? [];
  const findings = parts.findings ?? [];
  return {
    schemaVersion: SCHEMA_VERSION,
    services: parts.services ?? [],
    interactions,
    routes: [],
    findings,
    diagnostics: [],
    summary: {
      files: 10,
      filesWithInteractions: 5,
      interactions: {
        http: interactions.filter((interaction) => interaction.kind === 'http').length,
        produce: interactions.filter((interaction) => interaction.kind === 'produce').length,
        consume: interactions.filter((interaction) => interaction.kind === 'consume').length,
      },
      unresolved: { topics: 0, targets: 0 },
      findings: {
        error: findings.filter((item) => item.severity === 'error').length,
        warn: findings.filter((item) => item.severity === 'warn').length,
      },
      notUnderstood: [],
    },
  };
}

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

/** Written by reasoning from the rules in mermaid.ts, then checked against the output. */
const SHOP_DIAGRAM = [
  '%% service-map schemaVersion 1',
  'flowchart LR',
  '  ext_api_stripe_com(["api.stripe.com"])',
  '  svc_billing_service["billing.service"]',
  '  svc_end["end<br/>⚠ service-without-health-check"]',
  '  svc_notifications["notifications"]',
  '  svc_orders_api["orders-api"]',
  '  topic_billing_quote{{"billing.quote"}}',
  '  topic_o{{"o"}}',
  '  topic_order_created{{"order.created"}}',
  '  topic_payment_completed{{"payment-completed"}}',
  '  topic_payment_completed_2{{"payment.completed"}}',
  '  unres_notifications_http[/"? this.configService.getOrThrow#lt;string#gt;(\'WEBHOOK_BASE_URL\') +…"/]',
  '  unres_notifications_topic{{"? process.env[#quot;DLQ_TOPIC#quot;]"}}',
  '  unres_orders_api_http[/"? #96;${config.get(#quot;inventoryUrl#quot;)}/items#96;"/]',
  '  svc_billing_service -.->|"⚠ topic-without-consumer"| topic_payment_completed_2',
  '  svc_end -->|"GET /health"| svc_notifications',
  '  svc_end -.-> topic_o',
  '  svc_notifications -->|"POST ?"| unres_notifications_http',
  '  svc_orders_api -->|"POST /v1/charges"| ext_api_stripe_com',
  '  svc_orders_api -->|"GET /invoices<br/>GET /invoices/:id"| svc_billing_service',
  '  svc_orders_api -.->|"request"| topic_billing_quote',
  '  svc_orders_api -.->|"⚠ kafka-produce-without-key"| topic_order_created',
  '  svc_orders_api -->|"? /items<br/>⚠ unresolved-target"| unres_orders_api_http',
  '  topic_billing_quote -.->|"handles request"| svc_billing_service',
  '  topic_o -.-> svc_orders_api',
  '  topic_order_created -.-> svc_billing_service',
  '  topic_order_created -.->|"⚠ consumer-without-error-handling"| svc_notifications',
  '  topic_payment_completed -.->|"⚠ topic-without-producer"| svc_notifications',
  '  unres_notifications_topic -.-> svc_notifications',
  '  classDef service fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b',
  '  classDef topic fill:#fff4e5,stroke:#e8710a,color:#4a2600',
  '  classDef external fill:#f1f3f4,stroke:#5f6368,color:#202124,stroke-dasharray:4 2',
  '  classDef unresolved fill:#ffffff,stroke:#9aa0a6,color:#5f6368,stroke-dasharray:2 2',
  '  classDef finding stroke:#d93025,stroke-width:3px',
  '  class svc_billing_service,svc_end,svc_notifications,svc_orders_api service',
  '  class topic_billing_quote,topic_o,topic_order_created,topic_payment_completed,topic_payment_completed_2 topic',
  '  class ext_api_stripe_com external',
  '  class unres_notifications_http,unres_notifications_topic,unres_orders_api_http unresolved',
  '  class svc_notifications,svc_orders_api finding',
  '',
].join('\n');

// ---------------------------------------------------------------------------------------------------------
// Reading a diagram back: with our own line shapes (for ids) and with Mermaid's parser (for validity).

const NODE_LINE = /^ {2}([^\s[({]+)(?:\["|\{\{"|\(\["|\[\/")/u;
const EDGE_LINE = /^ {2}(\S+) (?:-->|-\.->)(?:\|"[^"]*"\|)? (\S+)$/u;
const VALID_ID = /^[A-Za-z0-9_]+$/u;

function declaredNodeIds(diagram: string): string[] {
  return diagram.split('\n').flatMap((line) => {
    const match = NODE_LINE.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

function edgeEndpoints(diagram: string): { from: string; to: string }[] {
  return diagram.split('\n').flatMap((line) => {
    const match = EDGE_LINE.exec(line);
    return match?.[1] === undefined || match[2] === undefined ? [] : [{ from: match[1], to: match[2] }];
  });
}

interface ParsedFlowchart {
  readonly vertexIds: string[];
  readonly edges: { from: string; to: string }[];
  /** Vertex and edge texts as Mermaid stored them, entities still encoded (`#quot;` is `ﬂ°quot¶ß`). */
  readonly texts: string[];
  /** Classes of each vertex in the order Mermaid applies them. */
  readonly classesById: Map<string, string[]>;
}

/**
 * `mermaid.parse` accepts odd ids (see TOOLCHAIN.md), so also ask the parsed flowchart which vertices and edges
 * Mermaid understood: an id read as a keyword or an `o`/`x` arrow head would change these lists.
 */
/** The part of Mermaid's flowchart database the read-back uses (internal, so typed here). */
interface FlowchartDb {
  getVertices(): unknown;
  getEdges(): unknown;
}

async function parseFlowchart(diagram: string): Promise<ParsedFlowchart> {
  await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  // Reading back what Mermaid built needs its internal API; parse() alone accepts odd ids (TOOLCHAIN.md).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const parsed = await mermaid.mermaidAPI.getDiagramFromText(diagram);
  const db = parsed.db as Partial<FlowchartDb>;
  if (typeof db.getVertices !== 'function' || typeof db.getEdges !== 'function') {
    throw new Error('the parsed diagram has no flowchart database');
  }
  const vertices: unknown = db.getVertices();
  const edges: unknown = db.getEdges();
  if (!(vertices instanceof Map) || !Array.isArray(edges)) throw new Error('unexpected flowchart database shape');
  const texts: string[] = [];
  const readText = (item: unknown): void => {
    if (typeof item === 'object' && item !== null && 'text' in item && typeof item.text === 'string') texts.push(item.text);
  };
  const classesById = new Map<string, string[]>();
  for (const [id, vertex] of vertices as Map<unknown, unknown>) {
    readText(vertex);
    const classes: unknown = typeof vertex === 'object' && vertex !== null && 'classes' in vertex ? vertex.classes : undefined;
    if (Array.isArray(classes)) classesById.set(String(id), classes.map(String));
  }
  return {
    vertexIds: [...(vertices as Map<unknown, unknown>).keys()].map(String).sort(),
    edges: edges.map((edge: unknown) => {
      if (typeof edge !== 'object' || edge === null || !('start' in edge) || !('end' in edge)) {
        throw new Error('unexpected flowchart edge shape');
      }
      readText(edge);
      return { from: String(edge.start), to: String(edge.end) };
    }),
    texts,
    classesById,
  };
}

/** Renders, then proves the text is a flowchart Mermaid reads exactly as the reporter meant it. */
async function renderAndParse(result: AnalysisResult): Promise<string> {
  const { output } = renderMermaid(result);
  const parsed = await parseFlowchart(output);
  const ids = declaredNodeIds(output);
  expect(parsed.vertexIds).toEqual([...ids].sort());
  expect(parsed.edges).toEqual(edgeEndpoints(output));
  // Every `#` the reporter writes starts an entity; one left over means Mermaid read it as plain text.
  for (const text of parsed.texts) expect(text).not.toContain('#');
  return output;
}

/** Deterministic shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const current = copy[index] as T;
    copy[index] = copy[other] as T;
    copy[other] = current;
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------------------

describe('mermaid.parse as a validator', () => {
  it('accepts a small flowchart and rejects broken ones', async () => {
    await expect(mermaid.parse('flowchart LR\n  a["A"] --> b["B"]\n')).resolves.toEqual({ diagramType: 'flowchart-v2', config: {} });
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
  });

  it('draws each service once as a rectangle and each topic once as a hexagon', () => {
    const { output } = renderMermaid(shop);
    expect(output).toContain('\n  svc_end["end<br/>⚠ service-without-health-check"]\n');
    expect(output).toContain('\n  topic_o{{"o"}}\n');
    expect(output.match(/^ {2}topic_order_created\{\{/gmu)).toHaveLength(1);
    // Two consumers of one topic: two edges out of the one topic node.
    expect(output).toContain('\n  topic_order_created -.-> svc_billing_service\n');
    expect(output).toContain('\n  topic_order_created -.->|"⚠ consumer-without-error-handling"| svc_notifications\n');
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
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(VALID_ID);
      expect(['end', 'o', 'x']).not.toContain(id);
    }
    for (const { from, to } of edgeEndpoints(output)) {
      expect(ids).toContain(from);
      expect(ids).toContain(to);
    }
    // `payment-completed` < `payment.completed` in code-unit order, so the dash keeps the plain id.
    expect(output).toContain('\n  topic_payment_completed{{"payment-completed"}}\n');
    expect(output).toContain('\n  topic_payment_completed_2{{"payment.completed"}}\n');
  });

  it('marks the service that owns an interaction with an error, not a shared topic', async () => {
    const { output } = renderMermaid(shop);
    expect(output).toContain('\n  class svc_notifications,svc_orders_api finding\n');
    // Mermaid compiles styles in this order, so `finding` (last) overrides the base class's stroke.
    const { classesById } = await parseFlowchart(output);
    expect(classesById.get('svc_notifications')).toEqual(['service', 'finding']);
    expect(classesById.get('topic_order_created')).toEqual(['topic']);
    expect(classesById.get('svc_billing_service')).toEqual(['service']);
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
  it('renders an empty result as a valid diagram with a note', async () => {
    const empty = analysisResult({});
    const output = await renderAndParse(empty);
    expect(output).toBe(
      [
        '%% service-map schemaVersion 1',
        'flowchart LR',
        '  note_empty["no services found"]',
        '  classDef service fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b',
        '  classDef topic fill:#fff4e5,stroke:#e8710a,color:#4a2600',
        '  classDef external fill:#f1f3f4,stroke:#5f6368,color:#202124,stroke-dasharray:4 2',
        '  classDef unresolved fill:#ffffff,stroke:#9aa0a6,color:#5f6368,stroke-dasharray:2 2',
        '  classDef finding stroke:#d93025,stroke-width:3px',
        '',
      ].join('\n'),
    );
  });

  it('renders services without interactions', async () => {
    const quiet = analysisResult({
      services: [service('a')],
      findings: [finding('service-without-health-check', 'warn', 'a')],
    });
    const output = await renderAndParse(quiet);
    expect(output).toContain('\n  svc_a["a<br/>⚠ service-without-health-check"]\n');
    expect(output).not.toContain(' finding\n');
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
        // Printed on a terminal or in a CI log, a raw escape would repaint it and a bidi override reorder it.
        produce('p2', nastyService, '\u001b[31mred\u0000\u202egnp.exe'),
      ],
    });
    const output = await renderAndParse(nasty);
    const nastyId = `svc_${nastyService.replace(/[^A-Za-z0-9_]/gu, '_')}`;
    expect(output).toContain(
      `\n  ${nastyId}["we#quot;ird #lt;b#gt;svc#lt;/b#gt; #124; #96;tick#96; #35;quot; #38; #35;35;"]\n`,
    );
    expect(output).toContain(`\n  ${nastyId} -->|"GET /a#124;b?#lt;x#gt;=#quot;y#quot;"| ext_api_example_com\n`);
    expect(output).toContain('{{"topic #quot;with#quot; quotes and a newline"}}');
    expect(output).toContain('{{"\\u001b[31mred\\u0000\\u202egnp.exe"}}');
    // eslint-disable-next-line no-control-regex -- no control character may reach the diagram
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u);
    // Inside every label: no raw quote, pipe, backtick or angle bracket except the `<br/>` we write.
    for (const label of output.match(/"[^"\n]*"/gu) ?? []) {
      expect(label.slice(1, -1).replaceAll('<br/>', '')).not.toMatch(/[<>|`]/u);
    }
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

  it('truncates long source text and draws unknown text as a bare `?`', async () => {
    const longSource = `topics[${'x'.repeat(80)}]`;
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
    expect(output).toContain(`\n  unres_svc_topic_2{{"? ${longSource.slice(0, 59)}…"}}\n`);
    expect(output).toContain('\n  svc_svc -->|"? ?"| unres_svc_http\n');
    expect(output).toContain('\n  class unres_svc_http,unres_svc_topic,unres_svc_topic_2 unresolved\n');
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
    const expectedNodes = [
      '  svc_a_b["a-b"]',
      '  svc_a_b_2["a_b_2"]',
      '  svc_a_b_3["a.b"]',
      '  svc_a_b_4["a_b"]',
    ].join('\n');
    for (const seed of [0, 1, 2, 3]) {
      const output = await renderAndParse(analysisResult({ services: shuffled(names.map(service), seed) }));
      expect(output).toContain(`flowchart LR\n${expectedNodes}\n`);
    }
  });

  it('survives names that are Mermaid keywords or arrow heads', async () => {
    const keywords = [
      ...['end', 'o', 'x', 'graph', 'subgraph', 'flowchart', 'direction', 'TB'],
      ...['style', 'class', 'classDef', 'linkStyle', 'click', 'call', 'href', 'default'],
    ];
    const result = analysisResult({
      services: keywords.map(service),
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
    expect(declaredNodeIds(output)).toHaveLength(keywords.length * 3);
    expect(edgeEndpoints(output)).toHaveLength(keywords.length * 4);
  });

  it('falls back to the service node for a finding about an interaction the result does not hold', () => {
    const result = analysisResult({
      services: [service('a')],
      findings: [finding('stale-baseline', 'error', 'a', 'missing-interaction')],
    });
    const { output } = renderMermaid(result);
    expect(output).toContain('\n  svc_a["a<br/>⚠ stale-baseline"]\n');
    expect(output).toContain('\n  class svc_a finding\n');
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
