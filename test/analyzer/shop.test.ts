import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { ALL_CHECKS } from '../../src/core/checks/index.js';
import type { AnalysisResult, Finding, Interaction, Location } from '../../src/core/model/result.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderMermaid } from '../../src/reporters/mermaid.js';
import { GOLDEN, SHOP, UPDATE_GOLDEN } from '../helpers/paths.js';
import { readExpected } from './expected-md.js';

/**
 * The truth for the bundled example is fixtures/shop/EXPECTED.md, written by reading the example's code, not
 * from this tool's output. Every expectation below is read from it, so the test and the document cannot drift.
 */
const EXPECTED = readExpected(path.join(SHOP, 'EXPECTED.md'));

/** The service whose root holds a file, by EXPECTED.md's Services table. */
function serviceOf(location: string): string {
  const service = EXPECTED.services.find((candidate) => location.startsWith(`${candidate.root}/`));
  if (!service) throw new Error(`EXPECTED.md: no service holds ${location}`);
  return service.name;
}

/**
 * EXPECTED.md writes a path parameter by its name (`/stock/{sku}`, accuracy/LABELS.md); the tool writes the
 * expression it could not evaluate, which for a URL-escaped parameter is `{encodeURIComponent(sku)}`.
 */
const asLabelled = (url: string | null) => url?.replace(/\{encodeURIComponent\((\w+)\)\}/g, '{$1}') ?? null;

const EXPECTED_HTTP = EXPECTED.http.map(
  (call) =>
    `${call.at} ${serviceOf(call.at)} ${call.method} ${call.url} ${call.path} -> ${call.target} (${call.external ? 'external' : 'service'})${call.route ? ` [${call.route.method} ${call.route.path} ${call.route.at}]` : ''}${call.via ? ` via ${call.via}` : ''}`,
);
const EXPECTED_PRODUCES = EXPECTED.produces.map(
  (send) => `${send.at} ${serviceOf(send.at)} ${send.topic} key=${send.key}${send.replyTopic ? ` reply on ${send.replyTopic}` : ''}${send.via ? ` via ${send.via}` : ''}`,
);
const EXPECTED_CONSUMES = EXPECTED.consumes.map((consume) => `${consume.at} ${serviceOf(consume.at)} ${consume.topic} ${consume.role}${consume.via ? ` via ${consume.via}` : ''}`);
const EXPECTED_ROUTES = EXPECTED.routes.map((route) => `${route.service} ${route.method} ${route.path} ${route.at}`);
const EXPECTED_FINDINGS = EXPECTED.findings.map((finding) => `${finding.ruleId} ${finding.at} send ${finding.send}`);

const at = (location: Location) => `${location.file}:${location.line}`;
const via = (i: Interaction) => (i.via ? ` via ${at(i.via)}` : '');
const sorted = (lines: string[]) => [...lines].sort();
/** The `file:line` of the interaction a finding belongs to, from its id (`produce:<file>:<line>:<column>`). */
const sendOf = (finding: Finding) => /^\w+:(.+):\d+$/.exec(finding.interactionId ?? '')?.[1] ?? 'no interaction';

describe('the bundled shop example', () => {
  let result: AnalysisResult;
  beforeAll(async () => {
    result = await analyzeProject({ root: SHOP });
  });

  it('finds every service and no library as a service', () => {
    expect(result.services.map((service) => `${service.name} ${service.root}`)).toEqual(sorted(EXPECTED.services.map((service) => `${service.name} ${service.root}`)));
  });

  it('counts what the headings of EXPECTED.md state, and its tables have as many rows', () => {
    expect(result.summary.interactions).toEqual(EXPECTED.counts);
    expect({ http: EXPECTED.http.length, produce: EXPECTED.produces.length, consume: EXPECTED.consumes.length }).toEqual(EXPECTED.counts);
  });

  it('finds every HTTP call with its URL, target and route, and nothing else', () => {
    const routeAt = (i: Interaction & { kind: 'http' }) => (i.route ? ` [${i.route.method} ${i.route.path} ${at(i.route.location)}]` : '');
    const lines = result.interactions
      .filter((i) => i.kind === 'http')
      .map((i) => `${at(i.location)} ${i.service} ${i.method} ${asLabelled(i.url)} ${asLabelled(i.path)} -> ${i.target} (${i.targetKind})${routeAt(i)}${via(i)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_HTTP));
  });

  it('writes the expression of a URL-escaped path parameter where EXPECTED.md writes its name', () => {
    const stock = result.interactions.find((i) => i.kind === 'http' && i.service === 'warehouse');
    expect(stock).toMatchObject({ url: 'http://inventory:3000/stock/{encodeURIComponent(sku)}', path: '/stock/{encodeURIComponent(sku)}', targetKind: 'service' });
  });

  it('finds every produce with its topic, key and reply topic, and nothing else', () => {
    const lines = result.interactions
      .filter((i) => i.kind === 'produce')
      .map((i) => `${at(i.location)} ${i.service} ${i.topic} key=${i.key}${i.expectsReply ? ` reply on ${i.replyTopic ?? '?'}` : ''}${via(i)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_PRODUCES));
  });

  it('finds every consume, one per topic of a multi-topic subscription, and nothing else', () => {
    const lines = result.interactions.filter((i) => i.kind === 'consume').map((i) => `${at(i.location)} ${i.service} ${i.topic} ${i.role}${via(i)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_CONSUMES));
  });

  it('finds every route of every service with its full path', () => {
    const lines = result.routes.map((route) => `${route.service} ${route.method} ${route.path} ${at(route.location)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_ROUTES));
  });

  it('reports each anti-pattern of the example where its rule says, on the send it concerns, and no other', () => {
    const lines = result.findings.map((finding) => `${finding.ruleId} ${at(finding.location)}:${finding.location.column} send ${sendOf(finding)}`);
    expect(sorted(lines)).toEqual(sorted(EXPECTED_FINDINGS));
  });

  it('gives each finding its rule\'s default severity, and the summary counts them', () => {
    const severityOf = (ruleId: string) => ALL_CHECKS.find((check) => check.id === ruleId)?.defaultSeverity;
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.severity}`)).toEqual(result.findings.map((finding) => `${finding.ruleId} ${severityOf(finding.ruleId) ?? '?'}`));
    const expectedSeverities = EXPECTED.findings.map((finding) => severityOf(finding.ruleId));
    expect(result.summary.findings).toEqual({ error: expectedSeverities.filter((s) => s === 'error').length, warn: expectedSeverities.filter((s) => s === 'warn').length });
  });

  it('has a golden map with the edges of EXPECTED.md, each service badged with its findings, the edges of their sends coloured, errors in red', () => {
    const map = goldenMap(fs.readFileSync(path.join(GOLDEN, 'shop.mmd'), 'utf8'));
    expect(sorted([...map.edges.keys()])).toEqual(sorted([...new Set(EXPECTED.edges)]));
    const severityOf = (ruleId: string) => ALL_CHECKS.find((check) => check.id === ruleId)?.defaultSeverity;
    // A badge counts the findings in a service's own code.
    const badges = new Map<string, number>();
    for (const finding of EXPECTED.findings) badges.set(serviceOf(finding.file), (badges.get(serviceOf(finding.file)) ?? 0) + 1);
    expect(map.badges).toEqual(new Map([...badges].sort(([a], [b]) => a.localeCompare(b))));
    // The edge of each send a finding concerns is red with an error among them, amber with warnings only.
    const edgeColours = new Map<string, 'red' | 'amber'>();
    for (const finding of EXPECTED.findings) {
      const send = EXPECTED.produces.find((produce) => produce.at === finding.send);
      if (!send) throw new Error(`EXPECTED.md: ${finding.ruleId} belongs to ${finding.send}, which is no produce`);
      const edge = `${serviceOf(send.at)} -> ${send.topic}`;
      if (severityOf(finding.ruleId) === 'error') edgeColours.set(edge, 'red');
      else if (!edgeColours.has(edge)) edgeColours.set(edge, 'amber');
    }
    expect(map.edgeColours).toEqual(new Map([...edgeColours].sort(([a], [b]) => a.localeCompare(b))));
    const inRed = EXPECTED.findings.filter((finding) => severityOf(finding.ruleId) === 'error').map((finding) => serviceOf(finding.file));
    expect(map.inRed).toEqual(sorted([...new Set(inRed)]));
  });

  it('has no unresolved value and no note on its input', () => {
    expect(result.summary.unresolved).toEqual({ topics: 0, targets: 0 });
    expect(result.diagnostics).toEqual([]);
  });

  it('matches the golden JSON and Mermaid output', () => {
    const json = renderJson(result).output;
    const diagram = renderMermaid(result).output;
    const jsonFile = path.join(GOLDEN, 'shop.json');
    const diagramFile = path.join(GOLDEN, 'shop.mmd');
    if (UPDATE_GOLDEN) {
      fs.writeFileSync(jsonFile, json);
      fs.writeFileSync(diagramFile, diagram);
    }
    expect(json).toBe(fs.readFileSync(jsonFile, 'utf8'));
    expect(diagram).toBe(fs.readFileSync(diagramFile, 'utf8'));
  });

  it('gives the same bytes on a fresh copy with no node_modules above it, whatever order its files were written in', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-shop-'));
    try {
      // Copy files in reverse order so directory entries are created differently from the original.
      const files = fs.readdirSync(SHOP, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      for (const entry of files.reverse()) {
        const source = path.join(entry.parentPath, entry.name);
        const target = path.join(copy, path.relative(SHOP, source));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(source, target);
      }
      const fresh = await analyzeProject({ root: copy });
      expect(renderJson(fresh).output).toBe(renderJson(result).output);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

/**
 * A Mermaid map as the reporter writes it: edges `from -> to` (node labels, not ids) with their labels merged,
 * and the services drawn with the `finding` class.
 */
function goldenMap(diagram: string): { edges: Map<string, string>; badges: Map<string, number>; edgeColours: Map<string, 'red' | 'amber'>; inRed: string[] } {
  const names = new Map<string, string>();
  const badges = new Map<string, number>();
  for (const match of diagram.matchAll(/^ {2}(\w+)(?:\["|\(\["|\{\{")([^"<]*)(?:<br\/>⚠ (\d+))?"/gm)) {
    names.set(match[1]!, match[2]!);
    if (match[3] !== undefined) badges.set(match[2]!, Number(match[3]));
  }
  const nameOf = (id: string) => names.get(id) ?? `?${id}`;
  const edges = new Map<string, string>();
  const edgeOrder: string[] = [];
  for (const match of diagram.matchAll(/^ {2}(\w+) -(?:->|\.->)(?:\|"([^"]*)"\|)? (\w+)$/gm)) {
    const edge = `${nameOf(match[1]!)} -> ${nameOf(match[3]!)}`;
    edgeOrder.push(edge);
    edges.set(edge, [edges.get(edge), match[2]].filter(Boolean).join('<br/>'));
  }
  // `linkStyle 0,4 stroke:#d93025` colours edges by their position: red for errors, amber for warnings.
  const edgeColours = new Map<string, 'red' | 'amber'>();
  for (const match of diagram.matchAll(/^ {2}linkStyle ([\d,]+) stroke:(#d93025|#e37400)/gm)) {
    for (const index of match[1]!.split(',')) edgeColours.set(edgeOrder[Number(index)]!, match[2] === '#d93025' ? 'red' : 'amber');
  }
  const inRed = /^ {2}class ([\w,]+) finding$/m.exec(diagram)?.[1]?.split(',').map(nameOf).filter((name) => !name.startsWith('?')) ?? [];
  const byName = <T,>(map: Map<string, T>) => new Map([...map].sort(([a], [b]) => a.localeCompare(b)));
  return { edges, badges: byName(badges), edgeColours: byName(edgeColours), inRed: sorted(inRed) };
}
