// @vitest-environment jsdom
// mermaid.parse needs DOMPurify with a DOM (plain Node fails with `DOMPurify.addHook is not a function`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzOptions, fuzzTimeout, hostileText } from '../../test/helpers/fuzz.js';
import { type AnalysisResult, type Finding, type Interaction, SCHEMA_VERSION, type Service } from '../core/model/result.js';
import { renderAndParse } from './mermaid-parse.test-support.js';
import { renderMermaid } from './mermaid.js';
import type { ReportOptions } from './reporter.js';

/*
 * Whatever the analysed repository names its services, topics, URLs and paths, the map is a flowchart
 * Mermaid reads as meant: it parses, it has exactly the nodes and edges the reporter wrote (an injected
 * `end`, `%%`, quote or arrow would add, drop or merge some), no control character reaches it, and the same
 * result gives the same bytes whatever the order of its arrays.
 */

const location = (file: string, line: number) => ({ file, line, column: 1 });

const serviceArbitrary: fc.Arbitrary<Service> = hostileText.map((name) => ({ name, root: 'x', source: 'package', hosts: [] }));

/** An interaction of one of the generated services, with hostile topics, URLs, paths and targets. */
function interactionArbitrary(serviceNames: readonly string[]): fc.Arbitrary<Interaction> {
  const owner = fc.constantFrom(...serviceNames);
  const maybe = (arbitrary: fc.Arbitrary<string>) => fc.option(arbitrary, { nil: null });
  const http = fc.record({
    service: owner,
    method: maybe(fc.constantFrom('GET', 'POST', 'DELETE')),
    url: maybe(hostileText),
    path: maybe(hostileText),
    target: maybe(fc.oneof(fc.constantFrom(...serviceNames), hostileText)),
    targetKind: fc.constantFrom<'service' | 'external' | 'unresolved'>('service', 'external', 'unresolved'),
    unresolved: fc.option(fc.record({ url: hostileText }), { nil: undefined }),
  });
  const message = fc.record({ service: owner, topic: maybe(hostileText), unresolved: fc.option(fc.record({ topic: hostileText }), { nil: undefined }) });
  return fc.oneof(
    http.map(({ unresolved, ...fields }): Interaction => ({ id: '', kind: 'http', library: 'axios', location: location('a.ts', 1), ...fields, ...(unresolved ? { unresolved } : {}) })),
    message.map(({ unresolved, ...fields }): Interaction => ({ id: '', kind: 'produce', library: 'kafkajs', key: 'present', location: location('b.ts', 1), ...fields, ...(unresolved ? { unresolved } : {}) })),
    message.map(({ unresolved, ...fields }): Interaction => ({ id: '', kind: 'consume', library: 'kafkajs', role: 'event', location: location('c.ts', 1), ...fields, ...(unresolved ? { unresolved } : {}) })),
  );
}

const resultArbitrary: fc.Arbitrary<AnalysisResult> = fc
  .uniqueArray(serviceArbitrary, { minLength: 1, maxLength: 4, selector: (service) => service.name })
  .chain((services) =>
    fc.tuple(fc.constant(services), fc.array(interactionArbitrary(services.map((service) => service.name)), { maxLength: 8 }), fc.array(hostileText, { maxLength: 2 })),
  )
  .map(([services, rawInteractions, ruleIds]) => {
    const interactions = rawInteractions.map((interaction, index) => ({ ...interaction, id: `i${index}`, location: location(interaction.location.file, index + 1) }));
    const findings: Finding[] = ruleIds.flatMap((ruleId, index) => {
      const about = interactions[index];
      return about ? [{ ruleId, severity: 'warn', message: ruleId, service: about.service, location: about.location, interactionId: about.id }] : [];
    });
    return {
      schemaVersion: SCHEMA_VERSION,
      services,
      interactions,
      routes: [],
      findings,
      diagnostics: [],
      summary: {
        files: 1,
        filesWithInteractions: 1,
        interactions: { http: 0, produce: 0, consume: 0 },
        unresolved: { topics: 0, targets: 0 },
        findings: { error: 0, warn: findings.length },
        notUnderstood: [],
      },
    };
  });

/** The map's own options: every topic drawn, collapsed into service edges, or left out; grouped or not. */
const optionsArbitrary: fc.Arbitrary<ReportOptions> = fc.record({
  topics: fc.constantFrom<'all' | 'collapse' | 'none'>('all', 'collapse', 'none'),
  groupBy: fc.constantFrom<'folder' | 'none'>('folder', 'none'),
});

describe('renderMermaid on arbitrary names (property-based)', () => {
  it('always gives a flowchart Mermaid parses into exactly the nodes and edges written', async () => {
    await fc.assert(
      fc.asyncProperty(resultArbitrary, optionsArbitrary, async (result, options) => {
        // Parses, with exactly the vertices, subgraphs and edges written, and no `#` left unescaped.
        const output = await renderAndParse(result, options);
        // eslint-disable-next-line no-control-regex -- no control character but the line ends
        expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
      }),
      fuzzOptions(60),
    );
  }, fuzzTimeout(60_000));

  it('gives the same bytes whatever the order of the result arrays', () => {
    fc.assert(
      fc.property(resultArbitrary, fc.func(fc.integer()), (result, order) => {
        const permute = <T>(items: readonly T[]) => items.map((item, index) => ({ item, key: order(index) })).sort((a, b) => a.key - b.key).map(({ item }) => item);
        const reordered = { ...result, services: permute(result.services), interactions: permute(result.interactions), findings: permute(result.findings) };
        expect(renderMermaid(reordered).output).toBe(renderMermaid(result).output);
      }),
      fuzzOptions(100),
    );
  }, fuzzTimeout(60_000));
});
