import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../src/analyzer/analyze.js';
import type { AnalysisResult, Interaction } from '../src/core/model/result.js';

/**
 * The families of code in fixtures/families: each member's EXPECTED.json is written by hand from its code
 * (fixtures/families/README.md). The tool must give exactly those services, interactions and findings.
 */
const FAMILIES = path.resolve(import.meta.dirname, '../fixtures/families');

interface ExpectedInteraction {
  readonly kind: Interaction['kind'];
  readonly file: string;
  readonly line: number;
  readonly topic?: string | null;
  readonly key?: string;
  readonly method?: string | null;
  readonly target?: string | null;
  readonly targetKind?: string;
  readonly targetVia?: string;
  readonly path?: string | null;
  readonly route?: string;
  readonly service?: string;
  readonly unresolvedIncludes?: readonly string[];
}

interface ExpectedFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly topic?: string | null;
}

interface Expected {
  readonly services: readonly { name: string; root: string }[];
  readonly interactions: readonly ExpectedInteraction[];
  readonly findings: readonly ExpectedFinding[];
  readonly notes?: readonly { file: string; includes: string }[];
  /** Known gaps: expected items the tool does not get yet, or extras it wrongly gives, each with a reason. */
  readonly open?: readonly { expected?: ExpectedInteraction | ExpectedFinding; extra?: ExpectedInteraction | ExpectedFinding; reason: string }[];
}

function members(): string[] {
  const found: string[] = [];
  for (const family of fs.readdirSync(FAMILIES, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    for (const member of fs.readdirSync(path.join(FAMILIES, family.name), { withFileTypes: true })) {
      if (member.isDirectory() && fs.existsSync(path.join(FAMILIES, family.name, member.name, 'EXPECTED.json'))) found.push(`${family.name}/${member.name}`);
    }
  }
  return found.sort();
}

/** What the tool says of an interaction, in the terms EXPECTED.json uses. */
function described(interaction: Interaction): ExpectedInteraction & { unresolvedText: string } {
  const unresolvedText = Object.values(interaction.unresolved ?? {}).join(' ');
  const common = { kind: interaction.kind, file: interaction.location.file, line: interaction.location.line, service: interaction.service, unresolvedText };
  switch (interaction.kind) {
    case 'http':
      return {
        ...common,
        method: interaction.method,
        target: interaction.target,
        targetKind: interaction.targetKind,
        ...('targetVia' in interaction ? { targetVia: (interaction as { targetVia?: string }).targetVia } : {}),
        path: interaction.path,
        ...(interaction.route ? { route: `${interaction.route.method} ${interaction.route.path}` } : {}),
      };
    case 'produce':
      return { ...common, topic: interaction.topic, key: interaction.key };
    case 'consume':
      return { ...common, topic: interaction.topic ?? interaction.topicPattern ?? null };
  }
}

/** The fields an expectation states that the tool's item does not have, as `field: expected != actual`. */
function differences(expected: ExpectedInteraction, actual: ReturnType<typeof described>): string[] {
  const wrong: string[] = [];
  for (const field of ['topic', 'key', 'method', 'target', 'targetKind', 'targetVia', 'path', 'route', 'service'] as const) {
    if (expected[field] !== undefined && expected[field] !== actual[field]) wrong.push(`${field}: expected ${JSON.stringify(expected[field])}, got ${JSON.stringify(actual[field])}`);
  }
  for (const word of expected.unresolvedIncludes ?? []) {
    if (!actual.unresolvedText.includes(word)) wrong.push(`unresolved reason should name ${word}: ${JSON.stringify(actual.unresolvedText)}`);
  }
  return wrong;
}

const sameItem = (a: { file: string; line: number }, b: { file: string; line: number }) => a.file === b.file && a.line === b.line;
const label = (item: { file: string; line: number; kind?: string; ruleId?: string; topic?: string | null }) =>
  `${item.kind ?? item.ruleId ?? ''} ${item.file}:${item.line}${item.topic !== undefined ? ` ${String(item.topic)}` : ''}`;

/** Pairs expectations with the tool's items at the same place (same topic preferred), each used once. */
function compare(expected: Expected, result: AnalysisResult): string[] {
  const problems: string[] = [];
  const actual = result.interactions.map(described);
  const unused = new Set(actual);
  for (const item of expected.interactions) {
    const candidates = [...unused].filter((candidate) => candidate.kind === item.kind && sameItem(candidate, item));
    const best = candidates.find((candidate) => differences(item, candidate).length === 0) ?? candidates.find((candidate) => item.topic === undefined || candidate.topic === item.topic) ?? candidates[0];
    if (best === undefined) {
      problems.push(`missing ${label(item)}`);
      continue;
    }
    unused.delete(best);
    for (const difference of differences(item, best)) problems.push(`wrong ${label(item)}: ${difference}`);
  }
  for (const extra of unused) problems.push(`extra ${label(extra)}`);

  const topicOf = new Map(result.interactions.map((interaction) => [interaction.id, interaction.kind === 'http' ? undefined : interaction.topic]));
  const findings = result.findings.map((finding) => ({ ruleId: finding.ruleId, file: finding.location.file, line: finding.location.line, topic: finding.interactionId ? topicOf.get(finding.interactionId) : undefined }));
  const unusedFindings = new Set(findings);
  for (const item of expected.findings) {
    const match = [...unusedFindings].find((finding) => finding.ruleId === item.ruleId && sameItem(finding, item) && (item.topic === undefined || finding.topic === item.topic));
    if (match) unusedFindings.delete(match);
    else problems.push(`missing finding ${label(item)}`);
  }
  for (const extra of unusedFindings) problems.push(`extra finding ${label(extra)}`);

  for (const note of expected.notes ?? []) {
    if (!result.diagnostics.some((diagnostic) => diagnostic.file === note.file && diagnostic.message.includes(note.includes))) problems.push(`missing note on ${note.file} naming ${note.includes}`);
  }
  const services = result.services.map((service) => `${service.name} @ ${service.root}`).sort();
  const expectedServices = expected.services.map((service) => `${service.name} @ ${service.root}`).sort();
  if (JSON.stringify(services) !== JSON.stringify(expectedServices)) problems.push(`services: expected ${expectedServices.join(', ')}; got ${services.join(', ')}`);
  return problems;
}

/** The problem an open gap stands for, as `compare` words it. */
function openProblem(gap: NonNullable<Expected['open']>[number]): string {
  if (gap.extra) return `extra ${'ruleId' in gap.extra ? 'finding ' : ''}${label(gap.extra)}`;
  const item = gap.expected!;
  return `${'ruleId' in item ? 'missing finding' : 'missing'} ${label(item)}`;
}

describe('families of code (fixtures/families)', () => {
  for (const member of members()) {
    it(member, async () => {
      const root = path.join(FAMILIES, member);
      const expected = JSON.parse(fs.readFileSync(path.join(root, 'EXPECTED.json'), 'utf8')) as Expected;
      const problems = compare(expected, await analyzeProject({ root }));
      const open = (expected.open ?? []).map(openProblem);
      // A known gap must still be there: once fixed, it moves into the expectations.
      for (const gap of open) expect(problems.some((problem) => problem.startsWith(gap)), `open gap fixed, move it to the expectations: ${gap}`).toBe(true);
      expect(problems.filter((problem) => !open.some((gap) => problem.startsWith(gap)))).toEqual([]);
    });
  }
});
