import { printable } from '../reporters/printable.js';
import type { Change, Edge, FindingChange, ResultDiff } from './diff-results.js';

/** The diff as text (a terminal, a CI log), Markdown (a PR comment, a step summary) or JSON (a program). */
export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

const SECTIONS = ['services', 'topics', 'edges', 'findings'] as const;

function edgeText(edge: Edge): string {
  return `${edge.from} → ${edge.to} (${edge.kind}${edge.label === '' ? '' : ` ${edge.label}`})`;
}

function findingText(finding: FindingChange): string {
  return `${finding.file}  ${finding.ruleId} (${finding.severity})  ${finding.identity}${finding.count > 1 ? `  ×${finding.count}` : ''}`;
}

function itemsOf(diff: ResultDiff, section: (typeof SECTIONS)[number]): Change<string> {
  const change = diff[section];
  const text = (item: string | Edge | FindingChange) => (typeof item === 'string' ? item : 'kind' in item ? edgeText(item) : findingText(item));
  return { added: change.added.map(text), removed: change.removed.map(text) };
}

function isEmpty(diff: ResultDiff): boolean {
  return SECTIONS.every((section) => diff[section].added.length + diff[section].removed.length === 0);
}

function renderDiffText(diff: ResultDiff): string {
  if (isEmpty(diff)) return 'No change in services, topics, edges or findings.\n';
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const { added, removed } = itemsOf(diff, section);
    lines.push(`${section}: ${added.length} added, ${removed.length} removed`);
    lines.push(...added.map((item) => `  + ${printable(item)}`), ...removed.map((item) => `  - ${printable(item)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Inline code that nothing inside can close: a fence longer than any run of backticks in it, on one line. */
function code(text: string): string {
  const clean = printable(text);
  const longestRun = Math.max(0, ...[...clean.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = clean.startsWith('`') || clean.endsWith('`') ? ` ${clean} ` : clean;
  return `${fence}${padded}${fence}`;
}

function markdownItem(item: string | Edge | FindingChange): string {
  if (typeof item === 'string') return code(item);
  if ('kind' in item) return `${code(item.from)} → ${code(item.to)} ${item.kind}${item.label === '' ? '' : ` ${code(item.label)}`}`;
  return `${code(item.ruleId)} (${item.severity}) in ${code(item.file)}: ${code(item.identity)}${item.count > 1 ? ` ×${item.count}` : ''}`;
}

function renderDiffMarkdown(diff: ResultDiff): string {
  const lines = ['### service-map: changes to the map', ''];
  if (isEmpty(diff)) return `${[...lines, 'No change in services, topics, edges or findings.'].join('\n')}\n`;
  lines.push('| | added | removed |', '|---|---:|---:|');
  for (const section of SECTIONS) lines.push(`| ${section} | ${diff[section].added.length} | ${diff[section].removed.length} |`);
  for (const section of SECTIONS) {
    const change = diff[section];
    if (change.added.length + change.removed.length === 0) continue;
    lines.push('', `#### ${section[0]!.toUpperCase()}${section.slice(1)}`, '');
    lines.push(...change.added.map((item) => `- ➕ ${markdownItem(item)}`), ...change.removed.map((item) => `- ➖ ${markdownItem(item)}`));
  }
  return `${lines.join('\n')}\n`;
}

export function renderDiff(diff: ResultDiff, format: DiffFormat): string {
  switch (format) {
    case 'text':
      return renderDiffText(diff);
    case 'markdown':
      return renderDiffMarkdown(diff);
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
  }
}
