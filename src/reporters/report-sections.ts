import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Finding, Interaction, Severity } from '../core/model/result.js';

/** What the human-facing reports (Markdown, HTML) list besides the map: findings by rule, unresolved calls. */

export interface RuleGroup {
  readonly ruleId: string;
  /** The most severe finding of the rule in this result. */
  readonly severity: Severity;
  readonly findings: readonly Finding[];
}

/** Findings grouped by rule: errors first, then the most frequent, then by id; each group sorted by place. */
export function findingsByRule(result: AnalysisResult): RuleGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const group = groups.get(finding.ruleId);
    if (group === undefined) groups.set(finding.ruleId, [finding]);
    else group.push(finding);
  }
  return [...groups]
    .map(([ruleId, findings]) => ({
      ruleId,
      severity: findings.some((finding) => finding.severity === 'error') ? ('error' as const) : ('warn' as const),
      findings: [...findings].sort(compareFindingPlaces),
    }))
    .sort(
      (left, right) =>
        Number(right.severity === 'error') - Number(left.severity === 'error') ||
        right.findings.length - left.findings.length ||
        compareStrings(left.ruleId, right.ruleId),
    );
}

export function compareFindingPlaces(left: Finding, right: Finding): number {
  return (
    compareStrings(left.location.file, right.location.file) ||
    left.location.line - right.location.line ||
    left.location.column - right.location.column ||
    compareStrings(left.message, right.message)
  );
}

export interface UnresolvedEntry {
  readonly interaction: Interaction;
  /** `HTTP call`, `produce`, `consume`. */
  readonly kind: string;
  /** What could not be resolved, each with the source text that held it (`url: process.env.X`). */
  readonly values: readonly { readonly field: string; readonly sourceText: string }[];
  /** What would let the analyzer resolve it. */
  readonly hint: string;
}

const KIND_NAMES: Readonly<Record<Interaction['kind'], string>> = { http: 'HTTP call', produce: 'produce', consume: 'consume' };

/**
 * Interactions whose target or topic is not known: an HTTP call with no target service or host, a produce or
 * consume with no topic (a RegExp subscription is known, not unresolved). Sorted by place.
 */
export function unresolvedInteractions(result: AnalysisResult): UnresolvedEntry[] {
  return result.interactions
    .filter((interaction) => (interaction.kind === 'http' ? interaction.targetKind === 'unresolved' : interaction.topic === null && !(interaction.kind === 'consume' && interaction.topicPattern !== undefined)))
    .map((interaction) => {
      const recorded = Object.entries(interaction.unresolved ?? {}).sort(([left], [right]) => compareStrings(left, right));
      const field = interaction.kind === 'http' ? 'url' : 'topic';
      const values = recorded.length > 0 ? recorded.map(([name, sourceText]) => ({ field: name, sourceText })) : [{ field, sourceText: '' }];
      return { interaction, kind: KIND_NAMES[interaction.kind], values, hint: hintFor(interaction) };
    })
    .sort(
      (left, right) =>
        compareStrings(left.interaction.location.file, right.interaction.location.file) ||
        left.interaction.location.line - right.interaction.location.line ||
        left.interaction.location.column - right.interaction.location.column,
    );
}

function hintFor(interaction: Interaction): string {
  if (interaction.kind !== 'http') return 'a topic known only at run time: use a constant, or an environment variable set in docker-compose or the config file';
  const url = interaction.unresolved?.url ?? interaction.url ?? '';
  if (/localhost|127\.0\.0\.1/u.test(url)) return 'localhost names no service: set the URL in docker-compose, or add a `links` entry (env, url or host) in service-map.config.json';
  return 'add a `links` entry (env, url or host) in service-map.config.json, or set the variable in docker-compose';
}
