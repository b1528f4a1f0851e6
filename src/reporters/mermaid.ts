import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult } from '../core/model/result.js';
import { buildMapGraph, type MapEdge, type MapGraph, type MapNode, type NodeShape } from './map-graph.js';
import { legendLines, type LegendContent } from './map-legend.js';
import { focusOn, withTopics, type TopicsView } from './map-view.js';
import { escapeLabel, joinLabelLines, mermaidLabel, sanitiseId } from './mermaid-text.js';
import { type GroupBy, type ReportOptions, type ReportOutput } from './reporter.js';

/**
 * Mermaid flowchart of the service map: services as rectangles, Kafka topics as hexagons between their
 * producers and consumers (or, above the limits, dotted service-to-service edges counting them), external
 * hosts as stadiums, unresolved targets as parallelograms; a `⚠ N` badge on a service with findings in its
 * code, and the edges those findings are about drawn red (an error) or amber (warnings).
 *
 * Byte-stable: nodes are keyed by what they stand for (never by array position), every set is sorted with a
 * locale-independent comparison, and ids are assigned from sorted names, so shuffling the result's arrays
 * gives the same bytes.
 */
export function renderMermaid(result: AnalysisResult, options: ReportOptions = {}): ReportOutput {
  const map = drawMap(result, options);
  return { output: map.text, notices: map.notices };
}

/** Mermaid's defaults: above these a renderer draws only an error ("Maximum text size in diagram exceeded"). */
export const MERMAID_LIMITS = { maxTextSize: 50_000, maxEdges: 500 } as const;

/** With `--topics` left to `auto`, topics are collapsed above this many (a column of hexagons stops reading). */
export const AUTO_COLLAPSE_TOPICS = 30;

/** Longest label line, in code points, before it is shortened at a word boundary. */
const MAX_NODE_LABEL = 48;
const MAX_EDGE_LABEL = 48;
/** Calls between two nodes written on their edge; past this, the rest is counted (`+5 more`). */
const MAX_EDGE_LINES = 3;
const WARNING_SIGN = '\u26a0';

export interface DrawnMap {
  readonly text: string;
  readonly notices: string[];
  /** The graph as drawn (after focus and collapse), with each node's Mermaid id. */
  readonly graph: MapGraph;
  readonly idsByKey: ReadonlyMap<string, string>;
  readonly topicsView: TopicsView;
}

/** The map as the options ask for it, with `auto` topics resolved and notices about size. */
export function drawMap(result: AnalysisResult, options: ReportOptions): DrawnMap {
  const complete = buildMapGraph(result);
  const focus = (graph: MapGraph): MapGraph => (options.focus === undefined ? graph : focusOn(graph, options.focus, options.depth ?? 1));
  const groupBy = options.groupBy ?? 'none';
  const mode = options.topics ?? 'auto';
  const notices: string[] = [];
  let view: TopicsView = mode === 'auto' ? 'all' : mode;
  let graph = focus(withTopics(complete, view));
  let formatted = formatMap(graph, { groupBy, topicsView: view, schemaVersion: result.schemaVersion });
  if (mode === 'auto' && graph.topicCount > 0 && (graph.topicCount > AUTO_COLLAPSE_TOPICS || overLimits(formatted))) {
    const reason = graph.topicCount > AUTO_COLLAPSE_TOPICS ? `more than ${AUTO_COLLAPSE_TOPICS}` : "over Mermaid's limits when drawn one by one";
    const topicCount = graph.topicCount;
    view = 'collapse';
    graph = focus(withTopics(complete, view));
    formatted = formatMap(graph, { groupBy, topicsView: view, schemaVersion: result.schemaVersion, collapsedTopics: topicCount });
    notices.push(`the map draws its ${topicCount} topics as counts on service-to-service edges (${reason}); --topics all draws each topic`);
  }
  if (overLimits(formatted)) {
    notices.push(
      `warning: the map has ${formatted.text.length} characters and ${formatted.edgeCount} edges, over Mermaid's defaults ` +
        `(${MERMAID_LIMITS.maxTextSize} characters, ${MERMAID_LIMITS.maxEdges} edges): renderers will refuse it; ` +
        'draw part of it with --focus SERVICE, or --topics collapse or none',
    );
  }
  return { text: formatted.text, notices, graph, idsByKey: formatted.idsByKey, topicsView: view };
}

function overLimits(formatted: FormattedMap): boolean {
  return formatted.text.length > MERMAID_LIMITS.maxTextSize || formatted.edgeCount > MERMAID_LIMITS.maxEdges;
}

interface FormatOptions {
  readonly groupBy: GroupBy;
  readonly topicsView: TopicsView;
  readonly schemaVersion: number;
  /** Set when topics were collapsed automatically: how many there were. */
  readonly collapsedTopics?: number;
}

interface FormattedMap {
  readonly text: string;
  readonly edgeCount: number;
  readonly idsByKey: Map<string, string>;
}

/**
 * Classes in the order of their `classDef` and `class` lines. `finding` and `warning` come last in both: Mermaid
 * compiles a node's styles in the order its classes were assigned, so their stroke overrides the base class's.
 */
const CLASS_STYLES: readonly (readonly [string, string])[] = [
  ['service', 'fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b'],
  ['topic', 'fill:#fff4e5,stroke:#e8710a,color:#4a2600'],
  ['external', 'fill:#f1f3f4,stroke:#5f6368,color:#202124,stroke-dasharray:4 2'],
  ['unresolved', 'fill:#ffffff,stroke:#9aa0a6,color:#5f6368,stroke-dasharray:2 2'],
  ['legend', 'fill:#ffffff,stroke:#9aa0a6,color:#3c4043'],
  ['warning', 'stroke:#e37400,stroke-width:3px'],
  ['finding', 'stroke:#d93025,stroke-width:3px'],
];
const EDGE_STYLES = { error: 'stroke:#d93025,stroke-width:2px', warn: 'stroke:#e37400,stroke-width:2px' } as const;

function formatMap(graph: MapGraph, options: FormatOptions): FormattedMap {
  const lines = [`%% service-map schemaVersion ${options.schemaVersion}`];
  if (options.collapsedTopics !== undefined) {
    lines.push(`%% ${options.collapsedTopics} topics drawn as counts on service-to-service edges (--topics all draws each one)`);
  }
  lines.push('flowchart TB');
  const groups = groupsOf(graph, options.groupBy);
  const idsByKey = assignIds([...graph.nodes.values()].map((node) => ({ key: node.key, idBase: node.idBase })).concat(groups.map((group) => ({ key: group.key, idBase: group.idBase }))));
  const idOf = (key: string): string => {
    const id = idsByKey.get(key);
    if (id === undefined) throw new Error(`service-map mermaid reporter: no id for node ${JSON.stringify(key)}`);
    return id;
  };
  if (graph.nodes.size === 0) {
    // A diagram needs at least one statement to say something; this one says why it is empty.
    lines.push('  note_empty["no services found"]');
  }

  const nodes = [...graph.nodes.values()].map((node) => ({ node, id: idOf(node.key) })).sort((left, right) => compareStrings(left.id, right.id));
  const groupOfNode = new Map(groups.flatMap((group) => group.nodeKeys.map((key) => [key, group.key] as const)));
  for (const { node, id } of nodes) if (!groupOfNode.has(node.key)) lines.push(`  ${nodeLine(id, node)}`);
  for (const group of groups) {
    lines.push(`  subgraph ${idOf(group.key)}["${mermaidLabel(group.label, MAX_NODE_LABEL)}"]`);
    for (const { node, id } of nodes) if (groupOfNode.get(node.key) === group.key) lines.push(`    ${nodeLine(id, node)}`);
    lines.push('  end');
  }
  // Mermaid's default cluster fill is a strong yellow; groups are context, so they stay pale.
  for (const group of groups) lines.push(`  style ${idOf(group.key)} fill:#f8f9fa,stroke:#bdc1c6`);

  const edges = [...graph.edges.values()].map((edge) => {
    const from = idOf(edge.fromKey);
    const to = idOf(edge.toKey);
    const labelLines = edgeLabelLines(edge, options.topicsView);
    const label = labelLines.length === 0 ? '' : `|"${joinLabelLines(labelLines)}"|`;
    return { edge, from, to, label, text: `  ${from} ${edge.arrow}${label} ${to}` };
  });
  edges.sort(
    (left, right) =>
      compareStrings(left.from, right.from) || compareStrings(left.to, right.to) || compareStrings(left.edge.arrow, right.edge.arrow) || compareStrings(left.label, right.label),
  );
  for (const edge of edges) lines.push(edge.text);

  const legend = graph.nodes.size === 0 ? { lines: [], edgeCount: 0, classes: [] } : legendLines(legendContent(graph, options.topicsView), topNodeIds(nodes, edges));
  lines.push(...legend.lines);

  for (const [className, style] of CLASS_STYLES) lines.push(`  classDef ${className} ${style}`);
  const classIds = new Map<string, string[]>(CLASS_STYLES.map(([className]) => [className, []]));
  for (const { node, id } of nodes) {
    classIds.get(node.kind)?.push(id);
    if (node.findings.error > 0) classIds.get('finding')?.push(id);
    else if (node.findings.warn > 0) classIds.get('warning')?.push(id);
  }
  for (const [id, className] of legend.classes) classIds.get(className)?.push(id);
  // `class  service` with no ids is a syntax error, so empty classes are skipped.
  for (const [className, ids] of classIds) if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${className}`);
  for (const severity of ['error', 'warn'] as const) {
    // linkStyle counts edges in the order they are written: the map's edges come before the legend's.
    const indexes = edges.flatMap(({ edge }, index) => (edge.severity === severity ? [index] : []));
    if (indexes.length > 0) lines.push(`  linkStyle ${indexes.join(',')} ${EDGE_STYLES[severity]}`);
  }
  return { text: `${lines.join('\n')}\n`, edgeCount: edges.length + legend.edgeCount, idsByKey };
}

/**
 * The nodes the layout is likely to put on its first rank: those with the fewest incoming edges (none, unless
 * every node is in a cycle), so the legend linked above them stays clear of the map.
 */
function topNodeIds(nodes: readonly { id: string }[], edges: readonly { from: string; to: string }[]): string[] {
  const incoming = new Map(nodes.map(({ id }) => [id, 0]));
  for (const { from, to } of edges) if (from !== to) incoming.set(to, (incoming.get(to) ?? 0) + 1);
  const fewest = Math.min(...incoming.values());
  return nodes.map(({ id }) => id).filter((id) => incoming.get(id) === fewest);
}

function nodeLine(id: string, node: MapNode): string {
  const labelLines = [mermaidLabel(node.label, MAX_NODE_LABEL)];
  const count = node.findings.error + node.findings.warn;
  if (count > 0) labelLines.push(escapeLabel(`${WARNING_SIGN} ${count}`));
  const { unconsumed = 0, unproduced = 0 } = node.unpairedTopics ?? {};
  if (unconsumed > 0) labelLines.push(escapeLabel(`${plural(unconsumed, 'topic')} with no consumer`));
  if (unproduced > 0) labelLines.push(escapeLabel(`${plural(unproduced, 'topic')} with no producer`));
  for (const module of node.silentClients ?? []) labelLines.push(mermaidLabel(`? ${module} imported, no calls found`, MAX_NODE_LABEL));
  return `${id}${shapeLabel(node.shape, joinLabelLines(labelLines))}`;
}

/**
 * What travels along an edge: its calls (at most three lines), or the topics it stands for. With topics
 * collapsed the map is an overview, so several calls are counted too (`2 calls`): their paths made the edge
 * labels the widest things on a big map.
 */
function edgeLabelLines(edge: MapEdge, topicsView: TopicsView): string[] {
  if (edge.topics !== undefined) {
    const { events, requests } = edge.topics;
    const lines: string[] = [];
    if (events.size === 1) lines.push(mermaidLabel([...events][0] ?? '', MAX_EDGE_LABEL));
    if (events.size > 1) lines.push(escapeLabel(`${events.size} topics`));
    if (requests.size === 1) lines.push(mermaidLabel(`request ${[...requests][0] ?? ''}`, MAX_EDGE_LABEL));
    if (requests.size > 1) lines.push(escapeLabel(`${requests.size} requests`));
    return lines;
  }
  const descriptions = [...edge.descriptions].sort(compareStrings);
  if (topicsView === 'collapse' && (edge.arrow === '-->' || edge.arrow === '--o') && descriptions.length > 1) return [escapeLabel(`${descriptions.length} calls`)];
  const shown = descriptions.length > MAX_EDGE_LINES ? descriptions.slice(0, MAX_EDGE_LINES - 1) : descriptions;
  const lines = shown.map((description) => mermaidLabel(description, MAX_EDGE_LABEL));
  if (shown.length < descriptions.length) lines.push(escapeLabel(`+${descriptions.length - shown.length} more`));
  return lines;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function shapeLabel(shape: NodeShape, quotedContent: string): string {
  switch (shape) {
    case 'rectangle':
      return `["${quotedContent}"]`;
    case 'hexagon':
      return `{{"${quotedContent}"}}`;
    case 'stadium':
      return `(["${quotedContent}"])`;
    case 'parallelogram':
      return `[/"${quotedContent}"/]`;
  }
}

function legendContent(graph: MapGraph, topicsView: TopicsView): LegendContent {
  const nodes = [...graph.nodes.values()];
  const edges = [...graph.edges.values()];
  return {
    http: edges.some((edge) => edge.arrow === '-->'),
    httpByPort: edges.some((edge) => edge.arrow === '--o'),
    requestReply: edges.some((edge) => edge.arrow === '<-.->'),
    topics: topicsView === 'all' && nodes.some((node) => node.carriesTopics),
    collapsedTopics: edges.some((edge) => edge.topics !== undefined),
    external: nodes.some((node) => node.kind === 'external'),
    unresolved: nodes.some((node) => node.kind === 'unresolved'),
    findings: nodes.some((node) => node.findings.error + node.findings.warn > 0),
  };
}

interface Group {
  readonly key: string;
  readonly idBase: string;
  /** Untrusted (a folder name). */
  readonly label: string;
  readonly nodeKeys: string[];
}

/** Where each service goes for `--group-by`; a per-service node (an unresolved target) goes with its service. */
const SOURCE_GROUP_LABELS: Readonly<Record<string, string>> = {
  compose: 'docker-compose',
  workspace: 'workspace packages',
  package: 'packages',
  nx: 'Nx projects',
  'nest-cli': 'Nest CLI apps',
  config: 'service-map config',
  root: 'repository root',
};

function groupsOf(graph: MapGraph, groupBy: GroupBy): Group[] {
  if (groupBy === 'none') return [];
  const groupLabelOf = (node: MapNode): string | undefined => {
    if (groupBy === 'compose') return node.source === undefined ? undefined : (SOURCE_GROUP_LABELS[node.source] ?? node.source);
    if (groupBy === 'repository') return node.repository;
    if (node.root === undefined || node.root === '.') return undefined;
    const parent = node.root.split('/').slice(0, -1).join('/');
    return parent === '' ? undefined : parent;
  };
  const groups = new Map<string, Group>();
  for (const node of graph.nodes.values()) {
    const owner = node.kind === 'service' ? node : node.ownerKey === undefined ? undefined : graph.nodes.get(node.ownerKey);
    const label = owner === undefined ? undefined : groupLabelOf(owner);
    if (label === undefined) continue;
    const key = `group\u0000${label}`;
    const group = groups.get(key) ?? { key, idBase: `grp_${sanitiseId(label)}`, label, nodeKeys: [] };
    group.nodeKeys.push(node.key);
    groups.set(key, group);
  }
  return [...groups.values()].sort((left, right) => compareStrings(left.key, right.key));
}

/**
 * Gives every node an id of `[A-Za-z0-9_]` that no other node has. When names collide after sanitising, the
 * first name (in code-unit order) keeps the plain id and the others get `_2`, `_3`, ... skipping ids that any
 * node claims as its plain id, so a service really named `a_b_2` keeps `svc_a_b_2` next to `a.b` and `a-b`.
 */
function assignIds(nodes: readonly { key: string; idBase: string }[]): Map<string, string> {
  const sorted = [...nodes].sort((left, right) => compareStrings(left.idBase, right.idBase) || compareStrings(left.key, right.key));
  const idsByKey = new Map<string, string>();
  const takenIds = new Set<string>();
  const needsSuffix: { key: string; idBase: string }[] = [];
  for (const node of sorted) {
    if (takenIds.has(node.idBase)) {
      needsSuffix.push(node);
    } else {
      takenIds.add(node.idBase);
      idsByKey.set(node.key, node.idBase);
    }
  }
  for (const node of needsSuffix) {
    let suffix = 2;
    while (takenIds.has(`${node.idBase}_${suffix}`)) suffix += 1;
    const id = `${node.idBase}_${suffix}`;
    takenIds.add(id);
    idsByKey.set(node.key, id);
  }
  return idsByKey;
}
