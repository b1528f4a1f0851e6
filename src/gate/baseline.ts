import fs from 'node:fs';
import { z } from 'zod';
import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, BaselineEntry, Finding, Interaction, SuppressedFinding } from '../core/model/result.js';
import { compareFindings, withFindings } from './findings.js';

/**
 * The baseline: the findings a team has accepted for now, so the gate fails only on new ones. A finding is
 * known by its fingerprint (rule, file, and what it is about: the interaction's kind, topic or URL and
 * method, or else its message with positions taken out), never by its line: code moving up or down, or
 * edits elsewhere in the file, keep it known. Entries count, so two identical findings in a file need two.
 */

export const BASELINE_TOOL = 'service-map';
export const BASELINE_KIND = 'baseline';
export const BASELINE_VERSION = 1;

export interface Baseline {
  readonly tool: typeof BASELINE_TOOL;
  readonly kind: typeof BASELINE_KIND;
  readonly version: typeof BASELINE_VERSION;
  readonly findings: readonly BaselineEntry[];
}

const entrySchema = z
  .object({
    ruleId: z.string().min(1),
    file: z.string().min(1),
    identity: z.string(),
    count: z.number().int().positive(),
  })
  .strict();

const versionedSchema = z.object({ tool: z.literal(BASELINE_TOOL), kind: z.literal(BASELINE_KIND), version: z.number() });
const baselineSchema = z.object({ tool: z.literal(BASELINE_TOOL), kind: z.literal(BASELINE_KIND), version: z.literal(BASELINE_VERSION), findings: z.array(entrySchema) }).strict();

/** A baseline file that cannot be used, with the reason (the CLI prints it and exits 2). */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

function interactionIdentity(interaction: Interaction): string {
  switch (interaction.kind) {
    case 'http':
      return `http ${interaction.method ?? '?'} ${interaction.url ?? interaction.path ?? interaction.unresolved?.url ?? '?'}`;
    case 'produce':
      return `produce ${interaction.topic ?? interaction.unresolved?.topic ?? '?'}`;
    case 'consume':
      return `consume ${interaction.topic ?? interaction.topicPattern ?? interaction.unresolved?.topic ?? '?'}`;
  }
}

/** A message without what moves when code moves: `file:12:5` positions, `line 12`, runs of white space. */
export function normalisedMessage(message: string): string {
  return message
    .replace(/:\d+(:\d+)?\b/g, '')
    .replace(/\bline \d+\b/gi, 'line')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a finding is about, without its position. */
export function findingIdentity(finding: Finding, interactions: ReadonlyMap<string, Interaction>): string {
  const interaction = finding.interactionId === undefined ? undefined : interactions.get(finding.interactionId);
  return interaction === undefined ? normalisedMessage(finding.message) : interactionIdentity(interaction);
}

const keyOf = (entry: Pick<BaselineEntry, 'ruleId' | 'file' | 'identity'>) => JSON.stringify([entry.file, entry.ruleId, entry.identity]);

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareStrings(a.file, b.file) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.identity, b.identity);
}

function interactionsById(result: AnalysisResult): Map<string, Interaction> {
  return new Map(result.interactions.map((interaction) => [interaction.id, interaction]));
}

/** The baseline that accepts every finding of `result` (what `--write-baseline` writes). */
export function baselineOf(result: AnalysisResult): Baseline {
  const interactions = interactionsById(result);
  const counts = new Map<string, BaselineEntry>();
  for (const finding of result.findings) {
    const entry = { ruleId: finding.ruleId, file: finding.location.file, identity: findingIdentity(finding, interactions), count: 1 };
    const key = keyOf(entry);
    const seen = counts.get(key);
    counts.set(key, seen ? { ...seen, count: seen.count + 1 } : entry);
  }
  return { tool: BASELINE_TOOL, kind: BASELINE_KIND, version: BASELINE_VERSION, findings: [...counts.values()].sort(compareEntries) };
}

/** The baseline as its file holds it: sorted, two-space JSON, so it diffs well in review. */
export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify({ ...baseline, findings: [...baseline.findings].sort(compareEntries) }, null, 2)}\n`;
}

function issuePath(parts: readonly PropertyKey[]): string {
  return parts.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('') || '(root)';
}

/** Checks a baseline file's content; `shown` names it in the error. Throws `BaselineError` with the reason. */
export function parseBaseline(text: string, shown: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${shown}: not a baseline: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const versioned = versionedSchema.safeParse(raw);
  if (!versioned.success) {
    // ESLint's bulk suppressions file maps files to rules to counts: a common mix-up, worth naming.
    const values = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.values(raw) : [];
    const eslintLike = values.length > 0 && values.every((rules) => typeof rules === 'object' && rules !== null);
    const hint = eslintLike ? " (it looks like ESLint's eslint-suppressions.json, which ESLint reads, not service-map)" : '';
    throw new BaselineError(`${shown}: not a service-map baseline: expected "tool": "${BASELINE_TOOL}" and "kind": "${BASELINE_KIND}"${hint}`);
  }
  if (versioned.data.version !== BASELINE_VERSION) {
    throw new BaselineError(`${shown}: baseline version ${versioned.data.version}, this service-map reads version ${BASELINE_VERSION}: write it again with --write-baseline`);
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BaselineError(`${shown}: corrupt baseline: ${issuePath(issue.path)}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Sets aside the findings the baseline knows. Per fingerprint, as many findings as the entry counts are
 * known (the first ones by position); the rest are new and stay in `findings`. What the baseline counts and
 * no finding matches is stale.
 */
export function compareWithBaseline(result: AnalysisResult, baseline: Baseline, shown: string): AnalysisResult {
  const interactions = interactionsById(result);
  const allowance = new Map(baseline.findings.map((entry) => [keyOf(entry), { entry, left: entry.count }]));
  for (const entry of baseline.findings) {
    // Two entries with one fingerprint (a hand-merged file) add up.
    const slot = allowance.get(keyOf(entry))!;
    if (slot.entry !== entry) slot.left += entry.count;
  }
  const kept: Finding[] = [];
  const known: SuppressedFinding[] = [];
  for (const finding of [...result.findings].sort(compareFindings)) {
    const slot = allowance.get(keyOf({ ruleId: finding.ruleId, file: finding.location.file, identity: findingIdentity(finding, interactions) }));
    if (slot !== undefined && slot.left > 0) {
      slot.left--;
      known.push({ ...finding, suppressions: [{ kind: 'baseline' }] });
    } else {
      kept.push(finding);
    }
  }
  const stale = [...allowance.values()].flatMap(({ entry, left }) => (left > 0 ? [{ ...entry, count: left }] : [])).sort(compareEntries);
  return {
    ...withFindings(result, kept, known),
    baseline: { file: shown, known: known.length, new: kept.length, stale },
  };
}

/** Reads and checks a baseline file (`shown` is how the user named it). */
export function readBaselineFile(file: string, shown = file): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(code === 'ENOENT' ? `${shown}: no such baseline file (write one with --write-baseline)` : code === 'EISDIR' ? `${shown}: is a folder, not a baseline file` : `${shown}: cannot read the baseline file (${code ?? String(error)})`);
  }
  return parseBaseline(text, shown);
}
