import { subscribes } from '../core/model/topics.js';
import { compareStrings } from '../core/model/compare.js';
import type {
  AnalysisResult,
  ConsumeInteraction,
  Finding,
  HttpInteraction,
  Interaction,
  ProduceInteraction,
} from '../core/model/result.js';
import type { ReportOutput } from './reporter.js';
import { printable } from './printable.js';

/**
 * Mermaid flowchart of the service map: services as rectangles, Kafka topics as hexagons between their
 * producers and consumers, external hosts as stadiums, unresolved targets drawn with the `unresolved` class.
 *
 * Byte-stable: nodes are keyed by what they stand for (never by array position), every set is sorted with a
 * locale-independent comparison, and ids are assigned from sorted names, so shuffling the result's arrays
 * gives the same bytes.
 */
export function renderMermaid(result: AnalysisResult): ReportOutput {
  const graph = buildDiagramGraph(result);
  return { output: formatDiagram(graph, result.schemaVersion) };
}

type NodeClass = 'service' | 'topic' | 'external' | 'unresolved';
type NodeShape = 'rectangle' | 'hexagon' | 'stadium' | 'parallelogram';
type Arrow = '-->' | '-.->';

interface DiagramNode {
  /** Identity of what the node stands for, e.g. `topic\0orders.created`. */
  readonly key: string;
  /** The id before de-duplication: prefix plus the sanitised name. */
  readonly idBase: string;
  readonly label: string;
  readonly shape: NodeShape;
  readonly nodeClass: NodeClass;
  /** Rule ids of findings about the node itself (no interaction). */
  readonly findingRuleIds: Set<string>;
  hasErrorFinding: boolean;
}

interface DiagramEdge {
  readonly fromKey: string;
  readonly toKey: string;
  readonly arrow: Arrow;
  /** `METHOD path`, `request`, `handles request`: what travels along the edge. */
  readonly descriptions: Set<string>;
  readonly findingRuleIds: Set<string>;
}

interface DiagramGraph {
  readonly nodes: Map<string, DiagramNode>;
  readonly edges: Map<string, DiagramEdge>;
}

/**
 * Classes in the order of their `classDef` and `class` lines. `finding` comes last in both: Mermaid compiles a
 * node's styles in the order its classes were assigned, so the red stroke overrides the base class's stroke.
 */
const CLASS_STYLES: readonly (readonly [NodeClass | 'finding', string])[] = [
  ['service', 'fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b'],
  ['topic', 'fill:#fff4e5,stroke:#e8710a,color:#4a2600'],
  ['external', 'fill:#f1f3f4,stroke:#5f6368,color:#202124,stroke-dasharray:4 2'],
  ['unresolved', 'fill:#ffffff,stroke:#9aa0a6,color:#5f6368,stroke-dasharray:2 2'],
  ['finding', 'stroke:#d93025,stroke-width:3px'],
];

const MAX_SOURCE_TEXT_LENGTH = 60;
const KEY_SEPARATOR = '\u0000';
const WARNING_SIGN = '\u26a0';

function buildDiagramGraph(result: AnalysisResult): DiagramGraph {
  // Every topic name, so a RegExp subscription can be drawn from each topic it receives.
  const topics = new Set(result.interactions.flatMap((i) => (i.kind !== 'http' && i.topic !== null ? [i.topic] : [])));
  const builder = new DiagramGraphBuilder(topics);
  for (const service of result.services) builder.serviceNode(service.name);
  for (const interaction of result.interactions) builder.addInteraction(interaction);
  // After every interaction, so a finding can find its edge whatever the array order.
  for (const finding of result.findings) builder.addFinding(finding);
  return { nodes: builder.nodes, edges: builder.edges };
}

type NodeDraft = Omit<DiagramNode, 'findingRuleIds' | 'hasErrorFinding'>;

/** Collects nodes and edges keyed by what they stand for; every method returns or touches keys, never ids. */
class DiagramGraphBuilder {
  readonly nodes = new Map<string, DiagramNode>();
  readonly edges = new Map<string, DiagramEdge>();
  // Interaction ids should be unique, but a set per id keeps the output independent of array order if not.
  private readonly edgeKeysByInteractionId = new Map<string, Set<string>>();
  private readonly ownerKeysByInteractionId = new Map<string, Set<string>>();

  constructor(private readonly topics: ReadonlySet<string>) {}

  serviceNode(name: string): string {
    return this.node({
      key: joinKey('service', name),
      idBase: `svc_${sanitiseId(name)}`,
      label: name,
      shape: 'rectangle',
      nodeClass: 'service',
    });
  }

  addInteraction(interaction: Interaction): void {
    const serviceKey = this.serviceNode(interaction.service);
    for (const edgeKey of this.interactionEdges(interaction, serviceKey)) addToSetMap(this.edgeKeysByInteractionId, interaction.id, edgeKey);
    addToSetMap(this.ownerKeysByInteractionId, interaction.id, serviceKey);
  }

  /**
   * A finding about an interaction annotates that interaction's edge; one about a service annotates the service.
   * An error marks the service that owns the interaction: for a consume edge that is the edge's target, because
   * a topic is shared by every producer and consumer and painting it red would blame the wrong code.
   */
  addFinding(finding: Finding): void {
    const { interactionId } = finding;
    const edgeKeys = interactionId === undefined ? undefined : this.edgeKeysByInteractionId.get(interactionId);
    if (interactionId !== undefined && edgeKeys !== undefined) {
      for (const edgeKey of edgeKeys) this.edges.get(edgeKey)?.findingRuleIds.add(finding.ruleId);
      if (finding.severity === 'error') {
        for (const ownerKey of this.ownerKeysByInteractionId.get(interactionId) ?? []) this.markError(ownerKey);
      }
      return;
    }
    // No interaction (or one this result does not hold): fall back to the service; a finding about no
    // service at all has no place in the diagram.
    if (finding.service === null) return;
    const serviceKey = this.serviceNode(finding.service);
    this.nodes.get(serviceKey)?.findingRuleIds.add(finding.ruleId);
    if (finding.severity === 'error') this.markError(serviceKey);
  }

  private interactionEdges(interaction: Interaction, serviceKey: string): string[] {
    switch (interaction.kind) {
      case 'http':
        return [this.edge(serviceKey, this.httpTargetNode(interaction), '-->', httpDescription(interaction))];
      case 'produce': {
        const description = interaction.expectsReply === true ? 'request' : undefined;
        return [this.edge(serviceKey, this.topicNode(interaction), '-.->', description)];
      }
      case 'consume': {
        const description = interaction.role === 'request' ? 'handles request' : undefined;
        return this.subscribedTopicNodes(interaction).map((topicKey) => this.edge(topicKey, serviceKey, '-.->', description));
      }
    }
  }

  /** A RegExp subscription is drawn from every topic of the result it matches, or from its pattern alone. */
  private subscribedTopicNodes(interaction: ConsumeInteraction): string[] {
    const pattern = interaction.topicPattern;
    if (interaction.topic !== null || pattern === undefined) return [this.topicNode(interaction)];
    const matched = sortedStrings(this.topics).filter((topic) => subscribes(interaction, topic));
    if (matched.length > 0) return matched.map((topic) => this.topicNode({ ...interaction, topic }));
    return [this.node({ key: joinKey('topic-pattern', pattern), idBase: `topic_${sanitiseId(pattern)}`, label: pattern, shape: 'hexagon', nodeClass: 'topic' })];
  }

  private httpTargetNode(interaction: HttpInteraction): string {
    const { target } = interaction;
    if (interaction.targetKind === 'service' && target !== null) return this.serviceNode(target);
    if (interaction.targetKind === 'external' && target !== null) {
      return this.node({
        key: joinKey('external', target),
        idBase: `ext_${sanitiseId(target)}`,
        label: target,
        shape: 'stadium',
        nodeClass: 'external',
      });
    }
    // One unresolved node per calling service and source text: the same `?` in two services is not one target.
    const sourceText = interaction.unresolved?.url ?? interaction.url ?? '';
    return this.node({
      key: joinKey('unresolved-target', interaction.service, sourceText),
      idBase: `unres_${sanitiseId(interaction.service)}_http`,
      label: unresolvedLabel(sourceText),
      shape: 'parallelogram',
      nodeClass: 'unresolved',
    });
  }

  private topicNode(interaction: ProduceInteraction | ConsumeInteraction): string {
    if (interaction.topic !== null) {
      return this.node({
        key: joinKey('topic', interaction.topic),
        idBase: `topic_${sanitiseId(interaction.topic)}`,
        label: interaction.topic,
        shape: 'hexagon',
        nodeClass: 'topic',
      });
    }
    // A producer and a consumer in one service with the same source text share the node: likely one topic.
    const sourceText = interaction.unresolved?.topic ?? '';
    return this.node({
      key: joinKey('unresolved-topic', interaction.service, sourceText),
      idBase: `unres_${sanitiseId(interaction.service)}_topic`,
      label: unresolvedLabel(sourceText),
      shape: 'hexagon',
      nodeClass: 'unresolved',
    });
  }

  private node(draft: NodeDraft): string {
    if (!this.nodes.has(draft.key)) {
      this.nodes.set(draft.key, { ...draft, findingRuleIds: new Set(), hasErrorFinding: false });
    }
    return draft.key;
  }

  /** All interactions between one pair of nodes with one arrow style share an edge. */
  private edge(fromKey: string, toKey: string, arrow: Arrow, description: string | undefined): string {
    const edgeKey = joinKey(fromKey, toKey, arrow);
    let edge = this.edges.get(edgeKey);
    if (edge === undefined) {
      edge = { fromKey, toKey, arrow, descriptions: new Set(), findingRuleIds: new Set() };
      this.edges.set(edgeKey, edge);
    }
    if (description !== undefined) edge.descriptions.add(description);
    return edgeKey;
  }

  private markError(nodeKey: string): void {
    const node = this.nodes.get(nodeKey);
    if (node !== undefined) node.hasErrorFinding = true;
  }
}

/** `METHOD path`, with the path of the route the call lands on when it is known; `(no route)` when none fits. */
function httpDescription(interaction: HttpInteraction): string {
  const method = interaction.method ?? '?';
  const { route } = interaction;
  if (route) return `${route.method === 'ALL' ? method : route.method} ${route.path}`;
  return `${method} ${interaction.path ?? '?'}${route === null ? ' (no route)' : ''}`;
}

function formatDiagram(graph: DiagramGraph, schemaVersion: number): string {
  const lines = [`%% service-map schemaVersion ${schemaVersion}`, 'flowchart LR'];
  const idsByKey = assignNodeIds([...graph.nodes.values()]);
  const idOf = (key: string): string => {
    const id = idsByKey.get(key);
    if (id === undefined) throw new Error(`service-map mermaid reporter: no id for node ${JSON.stringify(key)}`);
    return id;
  };

  if (graph.nodes.size === 0) {
    // A diagram needs at least one statement to say something; this one says why it is empty.
    lines.push('  note_empty["no services found"]');
  }

  const nodes = [...graph.nodes.values()].map((node) => ({ node, id: idOf(node.key) }));
  nodes.sort((left, right) => compareStrings(left.id, right.id));
  for (const { node, id } of nodes) {
    const labelLines = [escapeLabel(node.label), ...warningLines(node.findingRuleIds)];
    lines.push(`  ${id}${shapeLabel(node.shape, joinLabelLines(labelLines))}`);
  }

  const edgeLines = [...graph.edges.values()].map((edge) => {
    const from = idOf(edge.fromKey);
    const to = idOf(edge.toKey);
    const labelLines = [...sortedStrings(edge.descriptions).map(escapeLabel), ...warningLines(edge.findingRuleIds)];
    const label = labelLines.length === 0 ? '' : `|"${joinLabelLines(labelLines)}"|`;
    return { from, to, arrow: edge.arrow, label, text: `  ${from} ${edge.arrow}${label} ${to}` };
  });
  edgeLines.sort(
    (left, right) =>
      compareStrings(left.from, right.from) ||
      compareStrings(left.to, right.to) ||
      compareStrings(left.arrow, right.arrow) ||
      compareStrings(left.label, right.label),
  );
  for (const edge of edgeLines) lines.push(edge.text);

  for (const [className, style] of CLASS_STYLES) lines.push(`  classDef ${className} ${style}`);
  for (const [className] of CLASS_STYLES) {
    const ids = nodes
      .filter(({ node }) => (className === 'finding' ? node.hasErrorFinding : node.nodeClass === className))
      .map(({ id }) => id);
    // `class  service` with no ids is a syntax error, so skip empty classes.
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${className}`);
  }

  return `${lines.join('\n')}\n`;
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

function warningLines(ruleIds: ReadonlySet<string>): string[] {
  return sortedStrings(ruleIds).map((ruleId) => escapeLabel(`${WARNING_SIGN} ${ruleId}`));
}

/**
 * Gives every node an id of `[A-Za-z0-9_]` that no other node has. When names collide after sanitising, the
 * first name (in code-unit order) keeps the plain id and the others get `_2`, `_3`, ... skipping ids that any
 * node claims as its plain id, so a service really named `a_b_2` keeps `svc_a_b_2` next to `a.b` and `a-b`.
 */
function assignNodeIds(nodes: readonly DiagramNode[]): Map<string, string> {
  const sorted = [...nodes].sort(
    (left, right) => compareStrings(left.idBase, right.idBase) || compareStrings(left.key, right.key),
  );
  const idsByKey = new Map<string, string>();
  const takenIds = new Set<string>();
  const needsSuffix: DiagramNode[] = [];
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

/** Every character outside `[A-Za-z0-9_]` becomes `_`; one `_` per code point, not per UTF-16 unit. */
function sanitiseId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/gu, '_');
}

function unresolvedLabel(sourceText: string): string {
  const collapsed = sourceText.replace(/\s+/gu, ' ').trim();
  if (collapsed === '') return '?';
  const codePoints = Array.from(collapsed);
  const shown =
    codePoints.length > MAX_SOURCE_TEXT_LENGTH
      ? `${codePoints.slice(0, MAX_SOURCE_TEXT_LENGTH - 1).join('')}\u2026`
      : collapsed;
  return `? ${shown}`;
}

/**
 * Makes text safe inside a quoted Mermaid label. Mermaid turns `#name;` and `#123;` into HTML entities, so:
 * `#` is escaped first (every `#` left afterwards starts an entity written here), `"` would end the label,
 * `<`/`>`/`&` would be read as HTML, `|` ends an edge label, a backtick starts a markdown string. Line breaks
 * become spaces because a label is one line of the diagram; `<br/>` between lines is added by the caller.
 * Other control characters (an escape sequence in a topic name) are written visibly by `printable`: the
 * diagram is printed on terminals and in CI logs too. Found by mermaid.property.test.ts, as was the empty label.
 */
function escapeLabel(text: string): string {
  // Mermaid refuses an empty quoted label (`[""]`), which a topic `''` or a service named "" would give.
  if (text === '') return ' ';
  return printable(text.replace(/\s+/gu, ' '))
    .replace(/#/gu, '#35;')
    // Mermaid cuts `%%{...}%%` directives out of the whole text before parsing, labels included.
    .replace(/%/gu, '#37;')
    .replace(/&/gu, '#38;')
    .replace(/"/gu, '#quot;')
    .replace(/</gu, '#lt;')
    .replace(/>/gu, '#gt;')
    .replace(/\|/gu, '#124;')
    .replace(/`/gu, '#96;');
}

/**
 * Joins escaped label lines with `<br/>`. Before parsing, Mermaid drops the last `;` of any line matching
 * `style.*:\S*#.*;` or `classDef.*:\S*#.*;` (meant for colours in style lines), which would turn an edge
 * `svc_style_api -->|"GET /x/:id#quot;"|` into a literal `#quot`. Those patterns need a `:` followed, without
 * whitespace, by a `#`; every `#` in a label is an entity written here, so such colons become `#58;`.
 */
function joinLabelLines(escapedLines: readonly string[]): string {
  return escapedLines.join('<br/>').replace(/:(?=\S*#)/gu, '#58;');
}

function joinKey(...parts: string[]): string {
  return parts.join(KEY_SEPARATOR);
}

function addToSetMap(map: Map<string, Set<string>>, key: string, value: string): void {
  const values = map.get(key);
  if (values === undefined) map.set(key, new Set([value]));
  else values.add(value);
}


function sortedStrings(values: Iterable<string>): string[] {
  return [...values].sort(compareStrings);
}
