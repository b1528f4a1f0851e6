import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Finding } from '../core/model/result.js';
import { printable } from './printable.js';
import type { ReportOptions, ReportOutput } from './reporter.js';
import { explainMessage, ruleInfo } from './rule-info.js';
import { unresolvedInteractions } from './unresolved.js';

/**
 * What a terminal or a CI log shows, ESLint's "stylish" way: findings grouped by file, one short line each;
 * then each rule once, with its counts and its explanation; the interactions the map could not place, with
 * the config entry that would place them; notes on the input; what disable comments and the baseline set
 * aside; a summary line. Every text from the analysed code goes through `printable`.
 */

type Paint = (text: string) => string;

interface Palette {
  readonly error: Paint;
  readonly warning: Paint;
  readonly dim: Paint;
  readonly heading: Paint;
  readonly ok: Paint;
}

const sgr = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const COLOURS: Palette = { error: sgr(31, 39), warning: sgr(33, 39), dim: sgr(2, 22), heading: sgr(4, 24), ok: sgr(32, 39) };
const PLAIN: Palette = { error: (text) => text, warning: (text) => text, dim: (text) => text, heading: (text) => text, ok: (text) => text };

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

function table(rows: readonly (readonly string[])[], paint: readonly (Paint | undefined)[]): string[] {
  const widths = rows.reduce<number[]>((max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, cell.length)), []);
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell : cell.padEnd(widths[i]!);
        return paint[i]?.(padded) ?? padded;
      })
      .join('  ')
      .trimEnd(),
  );
}

function findingsByFile(findings: readonly Finding[], colours: Palette): string[] {
  const files = new Map<string, Finding[]>();
  for (const finding of findings) {
    const inFile = files.get(finding.location.file) ?? [];
    inFile.push(finding);
    files.set(finding.location.file, inFile);
  }
  const lines: string[] = [];
  for (const file of [...files.keys()].sort(compareStrings)) {
    lines.push(colours.heading(printable(file)));
    const rows = files.get(file)!.map((finding) => {
      const { line, column } = finding.location;
      // At a wrapper's call site, the send inside the wrapper is where the fix may go.
      const via = finding.via ? ` (via ${printable(finding.via.file)}:${finding.via.line}:${finding.via.column})` : '';
      const severity = finding.severity === 'error' ? colours.error('error') : colours.warning('warning');
      return [`  ${line}:${column}`, severity, printable(explainMessage(finding.ruleId, finding.message).headline) + via, colours.dim(finding.ruleId)];
    });
    lines.push(...table(rows, [colours.dim]), '');
  }
  return lines;
}

function rulesSection(findings: readonly Finding[], colours: Palette): string[] {
  const rules = new Map<string, { error: number; warn: number; explanations: Set<string> }>();
  for (const finding of findings) {
    const rule = rules.get(finding.ruleId) ?? { error: 0, warn: 0, explanations: new Set<string>() };
    rule[finding.severity]++;
    const { explanation } = explainMessage(finding.ruleId, finding.message);
    if (explanation !== '') rule.explanations.add(explanation);
    rules.set(finding.ruleId, rule);
  }
  if (rules.size === 0) return [];
  const order = [...rules.entries()].sort(([idA, a], [idB, b]) => b.error - a.error || b.warn - a.warn || compareStrings(idA, idB));
  const lines = [colours.heading('Rules')];
  for (const [ruleId, counts] of order) {
    const tally = [counts.error > 0 ? colours.error(plural(counts.error, 'error')) : '', counts.warn > 0 ? colours.warning(plural(counts.warn, 'warning')) : ''].filter(Boolean).join(', ');
    const info = ruleInfo(ruleId);
    lines.push(`  ${ruleId}: ${tally}${info ? `. ${info.description}.` : ''}`);
    for (const explanation of [...counts.explanations].sort(compareStrings)) lines.push(`    ${printable(explanation.charAt(0).toUpperCase() + explanation.slice(1))}`);
    if (info) lines.push(`    ${colours.dim(info.url)}`);
  }
  return [...lines, ''];
}

function unresolvedSection(result: AnalysisResult, colours: Palette): string[] {
  const unresolved = unresolvedInteractions(result);
  if (unresolved.length === 0) return [];
  const lines = [colours.heading(`Not on the map (${unresolved.length} unresolved)`)];
  for (const { interaction, reason, fix, note } of unresolved) {
    const { file, line, column } = interaction.location;
    const what = interaction.kind === 'http' ? `${interaction.method ?? '?'} ${interaction.url ?? interaction.path ?? '?'}` : `${interaction.kind} topic ?`;
    lines.push(`  ${printable(file)}:${line}:${column}  ${printable(interaction.service)}: ${printable(what)}  ${colours.dim(printable(reason))}`);
    if (fix !== undefined) lines.push(`    config: ${printable(fix)}`);
    if (note !== undefined) lines.push(`    ${colours.dim(printable(note))}`);
  }
  return [...lines, ''];
}

function notesSection(result: AnalysisResult, colours: Palette): string[] {
  if (result.diagnostics.length === 0) return [];
  const notes = result.diagnostics.map((diagnostic) => `  ${printable(diagnostic.file)}${diagnostic.line ? `:${diagnostic.line}` : ''}  ${printable(diagnostic.message)}`);
  return [colours.heading('Notes on the input'), ...notes, ''];
}

function staleBaselineSection(result: AnalysisResult, colours: Palette): string[] {
  const lines: string[] = [];
  const stale = result.baseline?.stale ?? [];
  if (stale.length > 0) {
    lines.push(colours.heading(`Stale baseline entries in ${printable(result.baseline!.file)} (fixed, or moved to another file)`));
    const rows = stale.map((entry) => [`  ${printable(entry.file)}`, entry.ruleId, printable(entry.identity), entry.count > 1 ? `×${entry.count}` : '']);
    lines.push(...table(rows, []), '');
  }
  return lines;
}

function summaryLine(result: AnalysisResult, colours: Palette): string {
  const { summary } = result;
  const counts = summary.interactions;
  const map =
    `${plural(result.services.length, 'service')}, ${plural(counts.http, 'HTTP call')}, ${plural(counts.produce, 'produce')}, ${plural(counts.consume, 'consume')} in ${plural(summary.files, 'file')}` +
    ` (${plural(summary.unresolved.targets, 'unresolved target')}, ${plural(summary.unresolved.topics, 'unresolved topic')})`;
  const { error, warn } = summary.findings;
  // With a baseline, what remains is what the baseline does not know.
  const [errors, warnings] = result.baseline ? [plural(error, 'new error'), plural(warn, 'new warning')] : [plural(error, 'error'), plural(warn, 'warning')];
  const found = `${error > 0 ? colours.error(errors) : errors}, ${warn > 0 ? colours.warning(warnings) : warnings}`;
  const suppressed = result.suppressedFindings ?? [];
  const byComment = suppressed.filter((finding) => finding.suppressions.some((suppression) => suppression.kind === 'directive')).length;
  const asideParts = [
    byComment > 0 ? `${byComment} suppressed by disable comments` : '',
    result.baseline ? `${result.baseline.known} known in the baseline` : '',
    result.baseline && result.baseline.stale.length > 0 ? plural(result.baseline.stale.reduce((sum, entry) => sum + entry.count, 0), 'stale baseline entry', 'stale baseline entries') : '',
  ].filter(Boolean);
  const notes = result.diagnostics.length > 0 ? `; ${plural(result.diagnostics.length, 'note')} on the input` : '';
  return `${map}; ${found}${asideParts.length > 0 ? ` (${asideParts.join(', ')})` : ''}${notes}`;
}

export function renderText(result: AnalysisResult, options: ReportOptions = {}): ReportOutput {
  const colours = options.color ? COLOURS : PLAIN;
  const lines = [
    ...findingsByFile(result.findings, colours),
    ...rulesSection(result.findings, colours),
    ...unresolvedSection(result, colours),
    ...notesSection(result, colours),
    ...staleBaselineSection(result, colours),
    summaryLine(result, colours),
  ];
  return { output: `${lines.join('\n')}\n` };
}
