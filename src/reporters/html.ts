import { createHash } from 'node:crypto';
import type { AnalysisResult, Location } from '../core/model/result.js';
import { PAGE_SCRIPT } from './html-page-script.js';
import { drawMap, type DrawnMap } from './mermaid.js';
import { printable } from './printable.js';
import { findingsByRule, unresolvedInteractions, type RuleGroup, type UnresolvedEntry } from './report-sections.js';
import { type ReportOptions, type ReportOutput, type RuleDescription } from './reporter.js';

/**
 * One self-contained HTML file: the map drawn in the browser by the Mermaid bundle inlined in the page, with
 * pan, zoom and click-to-focus, then the findings by rule and the unresolved interactions. It loads nothing:
 * a Content-Security-Policy allows only its own two scripts (by hash), inline styles and no connection, font
 * or frame. Untrusted text is escaped for HTML after `printable`; the map's text sits in a `<pre>` (shown as
 * it is when scripts are off or drawing fails).
 */
export function renderHtml(result: AnalysisResult, options: ReportOptions = {}): ReportOutput {
  if (options.mermaidScript === undefined) throw new Error('service-map html reporter: options.mermaidScript (the Mermaid bundle) is required');
  const mermaidScript = scriptSafe(options.mermaidScript);
  const map = drawMap(result, options);
  const rules = new Map((options.rules ?? []).map((rule) => [rule.id, rule]));
  const csp = [
    "default-src 'none'",
    `script-src ${[mermaidScript, PAGE_SCRIPT].map(scriptHash).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "font-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const output = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>service-map</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>service-map</h1>',
    `<p class="summary">${summaryLine(result)}</p>`,
    '</header>',
    '<main>',
    ...mapSection(map),
    ...findingsSection(findingsByRule(result), rules),
    ...unresolvedSection(unresolvedInteractions(result)),
    ...notesSection(result),
    '</main>',
    `<script type="application/json" id="map-data">${jsonForScript(mapData(map))}</script>`,
    `<script>${mermaidScript}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { output, notices: map.notices };
}

/** For the page script: each drawn node's name, kind and whether Kafka travels through it, and the edges. */
function mapData(map: DrawnMap): { nodes: Record<string, { name: string; kind: string; carriesTopics: boolean }>; edges: [string, string][] } {
  const nodes: Record<string, { name: string; kind: string; carriesTopics: boolean }> = {};
  for (const node of map.graph.nodes.values()) {
    const id = map.idsByKey.get(node.key);
    if (id !== undefined) nodes[id] = { name: printable(node.label), kind: node.kind, carriesTopics: node.carriesTopics };
  }
  const edges = [...map.graph.edges.values()].flatMap((edge): [string, string][] => {
    const from = map.idsByKey.get(edge.fromKey);
    const to = map.idsByKey.get(edge.toKey);
    return from === undefined || to === undefined ? [] : [[from, to]];
  });
  edges.sort((left, right) => (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : left[1] < right[1] ? -1 : left[1] > right[1] ? 1 : 0));
  return { nodes, edges };
}

function mapSection(map: DrawnMap): string[] {
  return [
    '<section id="map-section">',
    '<h2>Map</h2>',
    '<div class="toolbar">',
    '<button type="button" id="zoom-out" title="Zoom out">\u2212</button>',
    '<span id="zoom-level">100%</span>',
    '<button type="button" id="zoom-in" title="Zoom in">+</button>',
    '<button type="button" id="zoom-fit">Fit width</button>',
    '<button type="button" id="zoom-all">Whole map</button>',
    '<button type="button" id="zoom-reset">100%</button>',
    '<button type="button" id="clear-focus">Show all</button>',
    '<span id="focus-label">Drag to pan, scroll to zoom; click a service to focus it.</span>',
    '</div>',
    '<p id="map-status" role="status"></p>',
    '<div id="viewport"><div id="canvas"></div></div>',
    `<pre id="diagram-source">${escapeHtml(map.text)}</pre>`,
    ...map.notices.map((notice) => `<p class="notice">${escapeHtml(notice)}</p>`),
    '</section>',
  ];
}

function summaryLine(result: AnalysisResult): string {
  const { summary } = result;
  const counts = summary.interactions;
  return htmlText(
    `${plural(summary.findings.error, 'error')}, ${plural(summary.findings.warn, 'warning')} in ${plural(result.services.length, 'service')}: ` +
      `${plural(counts.http, 'HTTP call')}, ${plural(counts.produce, 'produce')}, ${plural(counts.consume, 'consume')} in ${plural(summary.files, 'file')}; ` +
      `${summary.unresolved.targets} unresolved targets, ${summary.unresolved.topics} unresolved topics.`,
  );
}

function findingsSection(groups: readonly RuleGroup[], rules: ReadonlyMap<string, RuleDescription>): string[] {
  const lines = ['<section id="findings">', '<h2>Findings</h2>'];
  if (groups.length === 0) return [...lines, '<p>None.</p>', '</section>'];
  lines.push('<table class="counts"><thead><tr><th>rule</th><th>severity</th><th>findings</th><th>what it reports</th></tr></thead><tbody>');
  for (const group of groups) {
    const rule = rules.get(group.ruleId);
    const name = rule === undefined ? htmlText(group.ruleId) : `<a href="${htmlText(rule.docsUrl)}" rel="noreferrer">${htmlText(group.ruleId)}</a>`;
    lines.push(`<tr><td>${name}</td><td class="${group.severity}">${group.severity === 'error' ? 'error' : 'warning'}</td><td>${group.findings.length}</td><td>${htmlText(rule?.description ?? '')}</td></tr>`);
  }
  lines.push('</tbody></table>');
  for (const group of groups) {
    lines.push(`<details><summary>${htmlText(group.ruleId)} (${group.findings.length})</summary>`, '<table><thead><tr><th>where</th><th>service</th><th>message</th></tr></thead><tbody>');
    for (const finding of group.findings) {
      lines.push(`<tr><td class="place">${place(finding.location)}</td><td>${htmlText(finding.service ?? '')}</td><td>${htmlText(finding.message)}</td></tr>`);
    }
    lines.push('</tbody></table></details>');
  }
  lines.push('</section>');
  return lines;
}

function unresolvedSection(entries: readonly UnresolvedEntry[]): string[] {
  if (entries.length === 0) return [];
  const lines = ['<section id="unresolved">', `<h2>Unresolved interactions (${entries.length})</h2>`];
  lines.push('<table><thead><tr><th>where</th><th>service</th><th>kind</th><th>not resolved</th><th>how to resolve it</th></tr></thead><tbody>');
  for (const entry of entries) {
    const values = entry.values.map(({ field, sourceText }) => `${htmlText(field)}: <code>${sourceText === '' ? '?' : htmlText(sourceText)}</code>`).join('<br>');
    lines.push(`<tr><td class="place">${place(entry.interaction.location)}</td><td>${htmlText(entry.interaction.service)}</td><td>${entry.kind}</td><td>${values}</td><td>${htmlText(entry.hint)}</td></tr>`);
  }
  lines.push('</tbody></table>', '</section>');
  return lines;
}

function notesSection(result: AnalysisResult): string[] {
  if (result.diagnostics.length === 0) return [];
  const items = result.diagnostics.map((diagnostic) => `<li>${htmlText(`${diagnostic.file}${diagnostic.line === undefined ? '' : `:${diagnostic.line}`}: ${diagnostic.message}`)}</li>`);
  return ['<section id="notes">', `<h2>Notes on the input (${result.diagnostics.length})</h2>`, '<ul>', ...items, '</ul>', '</section>'];
}

function place(location: Location): string {
  return htmlText(`${location.file}:${location.line}:${location.column}`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Untrusted text as HTML text or attribute value, control characters made visible first. */
export function htmlText(untrusted: string): string {
  return escapeHtml(printable(untrusted));
}

/** Text we wrote (the Mermaid map, whose labels went through `printable`; notices) as HTML text. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Script text that cannot end its `<script>` element early or switch the HTML parser into a state where our
 * own `</script>` would not end it: every `<!--`, `<script` and `</script` becomes `\x3C...`, which means the
 * same inside the strings and regular expressions where a bundle has them.
 */
export function scriptSafe(script: string): string {
  return script.replace(/<(?=!--|\/?script)/giu, '\\x3C');
}

/** JSON inside a `<script type="application/json">`: `<` written as `\u003c`, so no tag can start in it. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</gu, '\\u003c');
}

function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

const STYLE = `
:root { color-scheme: light; --ink: #202124; --muted: #5f6368; --line: #dadce0; --error: #d93025; --warn: #b06000; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main > section { padding: 12px 24px; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 8px 0; }
.summary { margin: 0; color: var(--muted); }
.toolbar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
.toolbar button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #f8f9fa; cursor: pointer; }
#zoom-level { min-width: 3.5em; text-align: center; color: var(--muted); }
#focus-label { color: var(--muted); margin-left: 8px; }
#viewport { position: relative; overflow: hidden; height: 75vh; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: grab; touch-action: none; }
#viewport:active { cursor: grabbing; }
#canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
#canvas g.node { cursor: pointer; }
#canvas .dimmed { opacity: 0.12; transition: opacity 0.15s; }
#diagram-source { white-space: pre; overflow: auto; max-height: 40vh; background: #f8f9fa; padding: 8px; border: 1px solid var(--line); }
#map-status:empty { display: none; }
#map-status { color: var(--error); }
.notice { color: var(--warn); }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f8f9fa; }
td.error { color: var(--error); font-weight: 600; }
td.warn { color: var(--warn); font-weight: 600; }
td.place, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
details { margin: 4px 0; }
summary { cursor: pointer; font-weight: 600; }
`;
