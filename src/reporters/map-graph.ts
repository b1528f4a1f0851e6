import { subscribes } from '../core/model/topics.js';
import { compareStrings } from '../core/model/compare.js';
import type {
  AnalysisResult,
  ConsumeInteraction,
  Finding,
  HttpInteraction,
  Interaction,
  ProduceInteraction,
  Severity,
} from '../core/model/result.js';
import { type RequestReplyDrawing, requestReplyDrawing } from './map-pairs.js';
import { sanitiseId } from './mermaid-text.js';

/**
 * The service map as a graph keyed by what each node stands for (never by array position), before it is cut
 * down (focus, collapsed topics) and written as Mermaid. Building it from shuffled arrays gives the same graph.
 */

export type NodeKind = 'service' | 'topic' | 'external' | 'unresolved';
export type NodeShape = 'rectangle' | 'hexagon' | 'stadium' | 'parallelogram';
/**
 * `-->` an HTTP call; `--o` an HTTP call whose target only a port names (`localhost:4001`, published by one
 * service); `-.->` Kafka through a topic; `<-.->` a request/reply exchange over Kafka, both ways.
 */
export type Arrow = '-->' | '--o' | '-.->' | '<-.->';

export interface MapNode {
  /** Identity of what the node stands for, e.g. `topic\0orders.created`. */
  readonly key: string;
  /** The id before de-duplication: prefix plus the sanitised name. */
  readonly idBase: string;
  /** Untrusted text (a name, a topic, source text): escaped when written. */
  readonly label: string;
  readonly shape: NodeShape;
  readonly kind: NodeKind;
  /** A topic node (also an unresolved topic or a RegExp subscription): Kafka travels through it. */
  readonly carriesTopics: boolean;
  /** The service a per-service node belongs to (an unresolved target is one per calling service). */
  readonly ownerKey?: string;
  /** For a service node: its folder and how it was found, for grouping. */
  readonly root?: string;
  readonly source?: string;
  /** For a service node of a map of several repositories: its repository. */
  readonly repository?: string;
  /** Findings about this service's own interactions, or about the service itself. */
  readonly findings: { error: number; warn: number };
  /** With topics collapsed: topics this service sends that nobody consumes, and receives that nobody sends. */
  readonly unpairedTopics?: { readonly unconsumed: number; readonly unproduced: number };
  /** Client libraries the service imports where nothing of their kind was found (no silent zero). */
  readonly silentClients?: readonly string[];
}

export interface MapEdge {
  readonly fromKey: string;
  readonly toKey: string;
  readonly arrow: Arrow;
  /** Untrusted: `METHOD path`, or ours: `request`, `handles request`. */
  readonly descriptions: Set<string>;
  /** The most severe finding about an interaction drawn by this edge. */
  severity: Severity | undefined;
  /** Kafka drawn between two services (a request/reply exchange): left out with the topics (`--topics none`). */
  readonly kafka?: boolean;
  /** For an edge that stands for topics between two services: the topics, by role. */
  readonly topics?: { readonly events: Set<string>; readonly requests: Set<string> };
}

export interface MapGraph {
  readonly nodes: ReadonlyMap<string, MapNode>;
  readonly edges: ReadonlyMap<string, MapEdge>;
  /** Topic nodes of the complete map (before any collapse): what `auto` compares with its threshold. */
  readonly topicCount: number;
  /** Findings that belong to no service: written nowhere on the map, counted in the legend. */
  readonly findingsOffMap: number;
}

const KEY_SEPARATOR = '\u0000';

export function joinKey(...parts: string[]): string {
  return parts.join(KEY_SEPARATOR);
}

export function serviceKey(name: string): string {
  return joinKey('service', name);
}

export function buildMapGraph(result: AnalysisResult): MapGraph {
  // Every topic name, so a RegExp subscription can be drawn from each topic it receives.
  const topics = new Set(result.interactions.flatMap((i) => (i.kind !== 'http' && i.topic !== null ? [i.topic] : [])));
  const builder = new MapGraphBuilder(topics, requestReplyDrawing(result.interactions));
  for (const service of result.services) builder.serviceNode(service.name, service.root, service.source, service.repository);
  for (const note of result.diagnostics) if (note.silentClient !== undefined) builder.silentClient(note.silentClient.service, note.silentClient.module);
  for (const interaction of result.interactions) builder.addInteraction(interaction);
  // After every interaction, so a finding can find its edge whatever the array order.
  let findingsOffMap = 0;
  for (const finding of result.findings) if (!builder.addFinding(finding)) findingsOffMap += 1;
  const topicCount = [...builder.nodes.values()].filter((node) => node.carriesTopics).length;
  return { nodes: builder.nodes, edges: builder.edges, topicCount, findingsOffMap };
}

type NodeDraft = Omit<MapNode, 'findings' | 'carriesTopics'> & { carriesTopics?: boolean };

/** Collects nodes and edges keyed by what they stand for; every method returns or touches keys, never ids. */
class MapGraphBuilder {
  readonly nodes = new Map<string, MapNode>();
  readonly edges = new Map<string, MapEdge>();
  // Interaction ids should be unique, but a set per id keeps the output independent of array order if not.
  private readonly edgeKeysByInteractionId = new Map<string, Set<string>>();
  private readonly ownerKeysByInteractionId = new Map<string, Set<string>>();

  constructor(
    private readonly topics: ReadonlySet<string>,
    private readonly requestReply: RequestReplyDrawing,
  ) {}

  /** A client library the service imports where nothing of its kind was found: said on the map too. */
  silentClient(service: string, module: string): void {
    const key = this.serviceNode(service);
    const node = this.nodes.get(key)!;
    const modules = new Set([...(node.silentClients ?? []), module]);
    this.nodes.set(key, { ...node, silentClients: [...modules].sort(compareStrings) });
  }

  serviceNode(name: string, root?: string, source?: string, repository?: string): string {
    const key = serviceKey(name);
    const known = this.nodes.get(key);
    const where = { ...(root === undefined ? {} : { root, source }), ...(repository === undefined ? {} : { repository }) };
    // A service seen first through an interaction gets its folder when `services` names it.
    if (known !== undefined && known.root === undefined && root !== undefined) this.nodes.set(key, { ...known, ...where });
    return this.node({
      key,
      idBase: `svc_${sanitiseId(name)}`,
      label: name,
      shape: 'rectangle',
      kind: 'service',
      ...where,
    });
  }

  addInteraction(interaction: Interaction): void {
    const ownerKey = this.serviceNode(interaction.service);
    for (const edgeKey of this.interactionEdges(interaction, ownerKey)) addToSetMap(this.edgeKeysByInteractionId, interaction.id, edgeKey);
    addToSetMap(this.ownerKeysByInteractionId, interaction.id, ownerKey);
  }

  /**
   * A finding counts on the service that owns its interaction (a producer for a send without a key, a consumer
   * for a subscription nobody feeds) and colours that interaction's edges; a finding with no interaction counts
   * on its service. Topics are shared by producers and consumers, so they never carry a count: it would blame
   * the wrong code. Returns false when the finding has no place on the map.
   */
  addFinding(finding: Finding): boolean {
    const { interactionId } = finding;
    const edgeKeys = interactionId === undefined ? undefined : this.edgeKeysByInteractionId.get(interactionId);
    if (interactionId !== undefined && edgeKeys !== undefined) {
      for (const edgeKey of edgeKeys) {
        const edge = this.edges.get(edgeKey);
        if (edge !== undefined) edge.severity = moreSevere(edge.severity, finding.severity);
      }
      for (const ownerKey of this.ownerKeysByInteractionId.get(interactionId) ?? []) this.count(ownerKey, finding.severity);
      return true;
    }
    if (finding.service === null) return false;
    this.count(this.serviceNode(finding.service), finding.severity);
    return true;
  }

  private count(nodeKey: string, severity: Severity): void {
    const node = this.nodes.get(nodeKey);
    if (node !== undefined) node.findings[severity] += 1;
  }

  private interactionEdges(interaction: Interaction, ownerKey: string): string[] {
    const exchanges = this.requestReply.edgesOfInteraction.get(interaction.id);
    if (exchanges !== undefined) return exchanges.map((index) => this.exchangeEdge(index));
    switch (interaction.kind) {
      case 'http': {
        const byPort = interaction.targetKind === 'service' && (interaction.targetVia === 'published-port' || interaction.targetVia === 'listen-port');
        return [this.edge(ownerKey, this.httpTargetNode(interaction, ownerKey), byPort ? '--o' : '-->', httpDescription(interaction))];
      }
      case 'produce': {
        const description = interaction.expectsReply === true ? 'request' : undefined;
        return [this.edge(ownerKey, this.topicNode(interaction, ownerKey), '-.->', description)];
      }
      case 'consume': {
        const description = interaction.role === 'request' ? 'handles request' : undefined;
        return this.subscribedTopicNodes(interaction, ownerKey).map((topicKey) => this.edge(topicKey, ownerKey, '-.->', description));
      }
    }
  }

  private exchangeEdge(index: number): string {
    const exchange = this.requestReply.edges[index]!;
    const from = this.serviceNode(exchange.requester);
    const to = this.serviceNode(exchange.answerer);
    return this.edge(from, to, '<-.->', `request ${exchange.requestTopic}, reply ${exchange.replyTopic}`, true);
  }

  /** A RegExp subscription is drawn from every topic of the result it matches, or from its pattern alone. */
  private subscribedTopicNodes(interaction: ConsumeInteraction, ownerKey: string): string[] {
    const pattern = interaction.topicPattern;
    if (interaction.topic !== null || pattern === undefined) return [this.topicNode(interaction, ownerKey)];
    const matched = [...this.topics].sort(compareStrings).filter((topic) => subscribes(interaction, topic));
    if (matched.length > 0) return matched.map((topic) => this.topicNode({ ...interaction, topic }, ownerKey));
    return [
      this.node({
        key: joinKey('topic-pattern', pattern),
        idBase: `topic_${sanitiseId(pattern)}`,
        label: pattern,
        shape: 'hexagon',
        kind: 'topic',
        carriesTopics: true,
      }),
    ];
  }

  private httpTargetNode(interaction: HttpInteraction, ownerKey: string): string {
    const { target } = interaction;
    if (interaction.targetKind === 'service' && target !== null) return this.serviceNode(target);
    if (interaction.targetKind === 'external' && target !== null) {
      return this.node({ key: joinKey('external', target), idBase: `ext_${sanitiseId(target)}`, label: target, shape: 'stadium', kind: 'external' });
    }
    // One unresolved node per calling service and source text: the same `?` in two services is not one target.
    const sourceText = interaction.unresolved?.url ?? interaction.url ?? '';
    return this.node({
      key: joinKey('unresolved-target', interaction.service, sourceText),
      idBase: `unres_${sanitiseId(interaction.service)}_http`,
      label: unresolvedLabel(sourceText),
      shape: 'parallelogram',
      kind: 'unresolved',
      ownerKey,
    });
  }

  private topicNode(interaction: ProduceInteraction | ConsumeInteraction, ownerKey: string): string {
    if (interaction.topic !== null) {
      return this.node({
        key: joinKey('topic', interaction.topic),
        idBase: `topic_${sanitiseId(interaction.topic)}`,
        label: interaction.topic,
        shape: 'hexagon',
        kind: 'topic',
        carriesTopics: true,
      });
    }
    // A producer and a consumer in one service with the same source text share the node: likely one topic.
    const sourceText = interaction.unresolved?.topic ?? '';
    return this.node({
      key: joinKey('unresolved-topic', interaction.service, sourceText),
      idBase: `unres_${sanitiseId(interaction.service)}_topic`,
      label: unresolvedLabel(sourceText),
      shape: 'hexagon',
      kind: 'unresolved',
      carriesTopics: true,
      ownerKey,
    });
  }

  private node(draft: NodeDraft): string {
    if (!this.nodes.has(draft.key)) {
      this.nodes.set(draft.key, { carriesTopics: false, ...draft, findings: { error: 0, warn: 0 } });
    }
    return draft.key;
  }

  /** All interactions between one pair of nodes with one arrow style share an edge. */
  private edge(fromKey: string, toKey: string, arrow: Arrow, description: string | undefined, kafka = false): string {
    const edgeKey = joinKey(fromKey, toKey, arrow);
    let edge = this.edges.get(edgeKey);
    if (edge === undefined) {
      edge = { fromKey, toKey, arrow, descriptions: new Set(), severity: undefined, ...(kafka ? { kafka } : {}) };
      this.edges.set(edgeKey, edge);
    }
    if (description !== undefined) edge.descriptions.add(description);
    return edgeKey;
  }
}

export function moreSevere(left: Severity | undefined, right: Severity | undefined): Severity | undefined {
  if (left === 'error' || right === 'error') return 'error';
  return left ?? right;
}

/** `METHOD path`, with the path of the route the call lands on when it is known; `(no route)` when none fits. */
function httpDescription(interaction: HttpInteraction): string {
  const method = interaction.method ?? '?';
  const { route } = interaction;
  if (route) return `${route.method === 'ALL' ? method : route.method} ${route.path}`;
  return `${method} ${interaction.path ?? '?'}`.concat(route === null ? ' (no route)' : '');
}

function unresolvedLabel(sourceText: string): string {
  const collapsed = sourceText.replace(/\s+/gu, ' ').trim();
  return collapsed === '' ? '?' : `? ${collapsed}`;
}

function addToSetMap(map: Map<string, Set<string>>, key: string, value: string): void {
  const values = map.get(key);
  if (values === undefined) map.set(key, new Set([value]));
  else values.add(value);
}
