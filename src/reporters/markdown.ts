import type { AnalysisResult, Location } from '../core/model/result.js';
import { drawMap } from './mermaid.js';
import { printable } from './printable.js';
import { findingsByRule, unresolvedInteractions, type RuleGroup, type UnresolvedEntry } from './report-sections.js';
import { type ReportOptions, type ReportOutput, type RuleDescription } from './reporter.js';

/**
 * Markdown for a pull request comment or a GitHub Actions step summary: a summary line, the map in a fenced
 * Mermaid block (folded in a `<details>`, topics collapsed when many), findings by rule (counts, then each
 * finding), and the interactions that could not be resolved, with what would resolve them. GitHub refuses a
 * comment over 65,536 characters, so the lists are cut (and say so) to keep the whole under `MAX_LENGTH`.
 */
export function renderMarkdown(result: AnalysisResult, options: ReportOptions = {}): ReportOutput {
  const map = drawMap(result, options);
  const rules = new Map((options.rules ?? []).map((rule) => [rule.id, rule]));
  const groups = findingsByRule(result);
  const unresolved = unresolvedInteractions(result);
  // The map goes when it alone would leave too little room (it is under 50,000 characters, or warned about).
  const mapSection = map.text.length > MAX_LENGTH / 2 ? [`_The map (${map.text.length} characters) is too big for a comment: use --focus SERVICE or --format html._`, ''] : mapBlock(result, map.text);
  let output = '';
  for (const limit of [Infinity, 50, 20, 5, 0]) {
    output = [
      '## service-map',
      '',
      summaryLine(result),
      '',
      ...mapSection,
      ...findingsSection(groups, rules, limit),
      ...unresolvedSection(unresolved, limit),
      ...notesSection(result, limit),
    ].join('\n');
    if (output.length <= MAX_LENGTH) break;
  }
  return { output, notices: map.notices };
}

/** Under GitHub's 65,536-character limit for a comment, with room for a heading the workflow adds. */
export const MAX_LENGTH = 60_000;

function summaryLine(result: AnalysisResult): string {
  const { summary } = result;
  const { interactions: counts } = summary;
  const unresolved = summary.unresolved.targets + summary.unresolved.topics;
  return (
    `**${plural(summary.findings.error, 'error')}, ${plural(summary.findings.warn, 'warning')}** in ` +
    `${plural(result.services.length, 'service')}: ${plural(counts.http, 'HTTP call')}, ${plural(counts.produce, 'produce')}, ` +
    `${plural(counts.consume, 'consume')} in ${plural(summary.files, 'file')}` +
    (unresolved > 0 ? `; ${summary.unresolved.targets} unresolved targets, ${summary.unresolved.topics} unresolved topics` : '') +
    '.'
  );
}

function mapBlock(result: AnalysisResult, mermaidText: string): string[] {
  const topics = new Set(result.interactions.flatMap((interaction) => (interaction.kind !== 'http' && interaction.topic !== null ? [interaction.topic] : [])));
  return [
    '<details open>',
    `<summary>Service map: ${plural(result.services.length, 'service')}, ${plural(topics.size, 'topic')}</summary>`,
    '',
    '```mermaid',
    mermaidText.trimEnd(),
    '```',
    '',
    '</details>',
    '',
  ];
}

function findingsSection(groups: readonly RuleGroup[], rules: ReadonlyMap<string, RuleDescription>, limit: number): string[] {
  if (groups.length === 0) return ['### Findings', '', 'None.', ''];
  const lines = ['### Findings', '', '| rule | severity | findings | what it reports |', '|---|---|---:|---|'];
  for (const group of groups) {
    const rule = rules.get(group.ruleId);
    const name = rule === undefined ? markdownText(group.ruleId) : `[${markdownText(group.ruleId)}](${markdownUrl(rule.docsUrl)})`;
    lines.push(`| ${name} | ${group.severity === 'error' ? 'error' : 'warning'} | ${group.findings.length} | ${markdownText(rule?.description ?? '')} |`);
  }
  lines.push('');
  for (const group of groups) {
    lines.push(`#### ${markdownText(group.ruleId)} (${group.findings.length})`, '', '| where | service | message |', '|---|---|---|');
    for (const finding of group.findings.slice(0, limit)) {
      lines.push(`| ${place(finding.location)} | ${markdownText(finding.service ?? '')} | ${markdownText(finding.message)} |`);
    }
    lines.push(...more(group.findings.length, limit, 'finding'), '');
  }
  return lines;
}

function unresolvedSection(entries: readonly UnresolvedEntry[], limit: number): string[] {
  if (entries.length === 0) return [];
  const lines = [`### Unresolved interactions (${entries.length})`, '', 'Not on the map as a service or a topic: the code computes them from values the analysis cannot read.', ''];
  lines.push('| where | service | kind | not resolved | how to resolve it |', '|---|---|---|---|---|');
  for (const entry of entries.slice(0, limit)) {
    const values = entry.values.map(({ field, sourceText }) => `${markdownText(field)}: ${sourceText === '' ? '?' : markdownCode(sourceText)}`).join('<br>');
    lines.push(`| ${place(entry.interaction.location)} | ${markdownText(entry.interaction.service)} | ${entry.kind} | ${values} | ${markdownText(entry.hint)} |`);
  }
  lines.push(...more(entries.length, limit, 'interaction'), '');
  return lines;
}

function notesSection(result: AnalysisResult, limit: number): string[] {
  if (result.diagnostics.length === 0) return [];
  const lines = [`### Notes on the input (${result.diagnostics.length})`, ''];
  for (const diagnostic of result.diagnostics.slice(0, limit)) {
    lines.push(`- ${markdownText(`${diagnostic.file}${diagnostic.line === undefined ? '' : `:${diagnostic.line}`}`)}: ${markdownText(diagnostic.message)}`);
  }
  lines.push(...more(result.diagnostics.length, limit, 'note'), '');
  return lines;
}

function more(total: number, limit: number, word: string): string[] {
  return total > limit ? ['', `_…and ${plural(total - limit, word)} more, left out to keep this under GitHub's size limit (the SARIF and JSON reports have them all)._`] : [];
}

function place(location: Location): string {
  return markdownText(`${location.file}:${location.line}:${location.column}`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Untrusted text inline (a table cell, a list item after its marker), shown as written: control characters
 * made visible, HTML and inline Markdown escaped, `|` kept inside its cell, and no `@mention`, `#123` issue
 * link or link made out of a URL in a name. Block syntax (`-`, `1.`, `#` at a line start) cannot start inline.
 */
export function markdownText(untrusted: string): string {
  return printable(untrusted)
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/@/gu, '&#64;')
    .replace(/#/gu, '&#35;')
    .replace(/:\/\//gu, '&#58;//')
    .replace(/www\./giu, (www) => `${www.slice(0, 3)}&#46;`)
    .replace(/[\\`*_[\]|~]/gu, (character) => `\\${character}`);
}

/** Source text as a code span, which shows it as written; the fence is longer than any backtick run inside it. */
function markdownCode(untrusted: string): string {
  const text = printable(untrusted).replace(/\|/gu, '\\|');
  const longestRun = Math.max(0, ...(text.match(/`+/gu) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence} ${text} ${fence}`;
}

/** A URL we wrote (a rule's docs), kept from closing the link. */
function markdownUrl(url: string): string {
  return url.replace(/[()\s]/gu, encodeURIComponent);
}
