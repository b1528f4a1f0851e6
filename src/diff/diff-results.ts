import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Interaction, Severity } from '../core/model/result.js';
import { findingIdentity } from '../gate/baseline.js';

/**
 * What changed between two saved maps (`analyze --format json` on the base and on the head of a pull
 * request): services, topics, edges and findings added and removed. Edges are the map's arrows: a call from a
 * service to a service or host (with its method and path), a send to a topic, a subscription. Findings are
 * compared by the baseline's fingerprint (rule, file, what they are about), so code moving inside a file is
 * no change.
 */

export const DIFF_VERSION = 1;

export interface Edge {
  readonly kind: Interaction['kind'];
  readonly from: string;
  readonly to: string;
  /** `POST /charges` for a call, `request` for a request over Kafka, `''` otherwise. */
  readonly label: string;
}

export interface FindingChange {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly file: string;
  readonly identity: string;
  /** The message of the first such finding, for the reader. */
  readonly message: string;
  /** How many more (added) or fewer (removed) findings with this fingerprint. */
  readonly count: number;
}

export interface Change<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
}

export interface ResultDiff {
  readonly tool: 'service-map';
  readonly kind: 'diff';
  readonly version: typeof DIFF_VERSION;
  /** The `schemaVersion` both results share. */
  readonly schemaVersion: number;
  readonly services: Change<string>;
  readonly topics: Change<string>;
  readonly edges: Change<Edge>;
  readonly findings: Change<FindingChange>;
}

/** What `--fail-on-change` can watch. */
export type ChangeKind = 'services' | 'topics' | 'edges' | 'findings';
export const CHANGE_KINDS: readonly ChangeKind[] = ['services', 'topics', 'edges', 'findings'];

const UNKNOWN = '?';

function edgeOf(interaction: Interaction): Edge {
  switch (interaction.kind) {
    case 'http':
      return {
        kind: 'http',
        from: interaction.service,
        to: interaction.target ?? UNKNOWN,
        label: `${interaction.method ?? UNKNOWN} ${interaction.route?.path ?? interaction.path ?? UNKNOWN}`,
      };
    case 'produce':
      return { kind: 'produce', from: interaction.service, to: interaction.topic ?? UNKNOWN, label: interaction.expectsReply ? 'request' : '' };
    case 'consume':
      return { kind: 'consume', from: interaction.topic ?? interaction.topicPattern ?? UNKNOWN, to: interaction.service, label: interaction.role === 'request' ? 'request' : '' };
  }
}

const edgeKey = (edge: Edge) => JSON.stringify([edge.from, edge.to, edge.kind, edge.label]);

function compareEdges(a: Edge, b: Edge): number {
  return compareStrings(a.from, b.from) || compareStrings(a.to, b.to) || compareStrings(a.kind, b.kind) || compareStrings(a.label, b.label);
}

function setChange<T>(base: readonly T[], head: readonly T[], key: (item: T) => string, compare: (a: T, b: T) => number): Change<T> {
  const baseKeys = new Set(base.map(key));
  const headKeys = new Set(head.map(key));
  const unique = (items: readonly T[]) => [...new Map(items.map((item) => [key(item), item])).values()];
  return {
    added: unique(head.filter((item) => !baseKeys.has(key(item)))).sort(compare),
    removed: unique(base.filter((item) => !headKeys.has(key(item)))).sort(compare),
  };
}

function topicsOf(result: AnalysisResult): string[] {
  return result.interactions.flatMap((interaction) => {
    if (interaction.kind === 'http') return [];
    const topic = interaction.topic ?? (interaction.kind === 'consume' ? interaction.topicPattern : undefined);
    return topic === undefined ? [] : [topic];
  });
}

function findingCounts(result: AnalysisResult): Map<string, FindingChange> {
  const interactions = new Map(result.interactions.map((interaction) => [interaction.id, interaction]));
  const counts = new Map<string, FindingChange>();
  for (const finding of result.findings) {
    const change = { ruleId: finding.ruleId, severity: finding.severity, file: finding.location.file, identity: findingIdentity(finding, interactions), message: finding.message, count: 1 };
    const key = JSON.stringify([change.file, change.ruleId, change.identity]);
    const seen = counts.get(key);
    counts.set(key, seen ? { ...seen, count: seen.count + 1 } : change);
  }
  return counts;
}

function compareFindingChanges(a: FindingChange, b: FindingChange): number {
  return compareStrings(a.file, b.file) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.identity, b.identity);
}

/** Findings as multisets: a third identical finding where there were two is one added. */
function findingChange(base: AnalysisResult, head: AnalysisResult): Change<FindingChange> {
  const before = findingCounts(base);
  const after = findingCounts(head);
  const surplus = (from: Map<string, FindingChange>, other: Map<string, FindingChange>) =>
    [...from.entries()]
      .flatMap(([key, change]) => {
        const extra = change.count - (other.get(key)?.count ?? 0);
        return extra > 0 ? [{ ...change, count: extra }] : [];
      })
      .sort(compareFindingChanges);
  return { added: surplus(after, before), removed: surplus(before, after) };
}

/** The two results must share a `schemaVersion`; the caller checks it. */
export function diffResults(base: AnalysisResult, head: AnalysisResult): ResultDiff {
  const identity = (name: string) => name;
  return {
    tool: 'service-map',
    kind: 'diff',
    version: DIFF_VERSION,
    schemaVersion: head.schemaVersion,
    services: setChange(base.services.map((service) => service.name), head.services.map((service) => service.name), identity, compareStrings),
    topics: setChange(topicsOf(base), topicsOf(head), identity, compareStrings),
    edges: setChange(base.interactions.map(edgeOf), head.interactions.map(edgeOf), edgeKey, compareEdges),
    findings: findingChange(base, head),
  };
}

/**
 * The watched kinds that changed. Services, topics and edges change when one is added or removed; findings
 * when one is added (a fixed finding is not drift to stop a merge for).
 */
export function changedKinds(diff: ResultDiff, watched: readonly ChangeKind[]): ChangeKind[] {
  return watched.filter((kind) => (kind === 'findings' ? diff.findings.added.length > 0 : diff[kind].added.length + diff[kind].removed.length > 0));
}
