import { compareStrings } from '../core/model/compare.js';
import { joinKey, moreSevere, serviceKey, type MapEdge, type MapGraph, type MapNode } from './map-graph.js';
import { printable } from './printable.js';
import { ReportOptionError } from './reporter.js';

/**
 * Ways to cut a complete map down to what reads: topics drawn as counts on service-to-service edges, or left
 * out; only the services around one. Each takes a graph and returns a new one; none changes its input.
 */

export type TopicsView = 'all' | 'collapse' | 'none';

/** The map with its topics as they are, as service-to-service edges (`collapse`), or without Kafka (`none`). */
export function withTopics(graph: MapGraph, view: TopicsView): MapGraph {
  if (view === 'all') return graph;
  const nodes = new Map([...graph.nodes].filter(([, node]) => !node.carriesTopics));
  const edges = new Map([...graph.edges].filter(([, edge]) => nodes.has(edge.fromKey) && nodes.has(edge.toKey) && (view !== 'none' || edge.kafka !== true)));
  if (view === 'collapse') collapseTopics(graph, nodes, edges);
  return { ...graph, nodes, edges };
}

/**
 * Every producer and consumer of a topic become one edge between the two services, which collects the topic's
 * name (`12 topics` when written). A topic that nobody in the repository consumes (or produces) is counted on
 * its producer (consumer) instead, so it is still seen without an edge across the whole map; an unresolved
 * topic keeps its `? source text` as its name.
 */
function collapseTopics(graph: MapGraph, nodes: Map<string, MapNode>, edges: Map<string, MapEdge>): void {
  const incoming = new Map<string, MapEdge[]>();
  const outgoing = new Map<string, MapEdge[]>();
  for (const edge of graph.edges.values()) {
    if (graph.nodes.get(edge.toKey)?.carriesTopics === true) pushTo(incoming, edge.toKey, edge);
    if (graph.nodes.get(edge.fromKey)?.carriesTopics === true) pushTo(outgoing, edge.fromKey, edge);
  }
  const countUnpaired = (serviceKey: string, side: 'unconsumed' | 'unproduced'): void => {
    const node = nodes.get(serviceKey);
    if (node === undefined) return;
    const counts = node.unpairedTopics ?? { unconsumed: 0, unproduced: 0 };
    nodes.set(serviceKey, { ...node, unpairedTopics: { ...counts, [side]: counts[side] + 1 } });
  };
  const topicNodes = [...graph.nodes.values()].filter((node) => node.carriesTopics).sort((left, right) => compareStrings(left.key, right.key));
  for (const topic of topicNodes) {
    const producers = incoming.get(topic.key) ?? [];
    const consumers = outgoing.get(topic.key) ?? [];
    for (const producer of new Set(consumers.length === 0 ? producers.map((edge) => edge.fromKey) : [])) countUnpaired(producer, 'unconsumed');
    for (const consumer of new Set(producers.length === 0 ? consumers.map((edge) => edge.toKey) : [])) countUnpaired(consumer, 'unproduced');
    for (const from of producers) {
      for (const to of consumers) {
        const isRequest = from.descriptions.has('request') || to.descriptions.has('handles request');
        const edge = topicsEdge(edges, from.fromKey, to.toKey);
        (isRequest ? edge.topics.requests : edge.topics.events).add(topic.label);
        edge.severity = moreSevere(edge.severity, moreSevere(from.severity, to.severity));
      }
    }
  }
}

type TopicsEdge = MapEdge & { readonly topics: NonNullable<MapEdge['topics']> };

function topicsEdge(edges: Map<string, MapEdge>, fromKey: string, toKey: string): TopicsEdge {
  const key = joinKey(fromKey, toKey, 'topics');
  const known = edges.get(key);
  if (known?.topics !== undefined) return known as TopicsEdge;
  const edge: TopicsEdge = { fromKey, toKey, arrow: '-.->', descriptions: new Set(), severity: undefined, topics: { events: new Set(), requests: new Set() } };
  edges.set(key, edge);
  return edge;
}

/**
 * The services within `depth` hops of `service` (a hop is an HTTP call, or a topic between a producer and a
 * consumer), with what connects them. Hosts, unresolved targets and topics reached only through the outermost
 * services are left out: they belong to the next hop.
 */
export function focusOn(graph: MapGraph, service: string, depth: number): MapGraph {
  const focusKey = serviceKey(service);
  if (graph.nodes.get(focusKey)?.kind !== 'service') throw new ReportOptionError(unknownServiceMessage(graph, service));
  const distances = serviceDistances(graph, focusKey, depth);
  const isInner = (key: string): boolean => (distances.get(key) ?? Infinity) < depth;
  const servicesAround = new Map<string, string[]>();
  for (const edge of graph.edges.values()) {
    pushTo(servicesAround, edge.fromKey, edge.toKey);
    pushTo(servicesAround, edge.toKey, edge.fromKey);
  }
  const keep = (node: MapNode): boolean => {
    if (node.kind === 'service') return distances.has(node.key);
    const around = servicesAround.get(node.key) ?? [];
    if (around.some(isInner)) return true;
    return node.carriesTopics && new Set(around.filter((key) => distances.has(key))).size >= 2;
  };
  const nodes = new Map([...graph.nodes].filter(([, node]) => keep(node)));
  const edges = new Map(
    [...graph.edges].filter(([, edge]) => {
      const from = nodes.get(edge.fromKey);
      const to = nodes.get(edge.toKey);
      if (from === undefined || to === undefined) return false;
      // A host or unresolved target is drawn only with the inner services' calls.
      if (!from.carriesTopics && from.kind !== 'service') return isInner(to.key);
      if (!to.carriesTopics && to.kind !== 'service') return isInner(from.key);
      return true;
    }),
  );
  return { ...graph, nodes, edges, topicCount: [...nodes.values()].filter((node) => node.carriesTopics).length };
}

/**
 * Breadth-first over services, where a topic joins each of its producers to each of its consumers in one hop
 * (two consumers of one topic do not talk to each other).
 */
function serviceDistances(graph: MapGraph, focusKey: string, depth: number): Map<string, number> {
  const neighbours = new Map<string, Set<string>>();
  const link = (left: string, right: string): void => {
    if (left === right) return;
    for (const [from, to] of [[left, right], [right, left]] as const) {
      const set = neighbours.get(from) ?? new Set<string>();
      set.add(to);
      neighbours.set(from, set);
    }
  };
  const producersOfTopic = new Map<string, string[]>();
  const consumersOfTopic = new Map<string, string[]>();
  for (const edge of graph.edges.values()) {
    const from = graph.nodes.get(edge.fromKey);
    const to = graph.nodes.get(edge.toKey);
    if (from?.kind === 'service' && to?.kind === 'service') link(from.key, to.key);
    else if (from?.kind === 'service' && to?.carriesTopics === true) pushTo(producersOfTopic, to.key, from.key);
    else if (to?.kind === 'service' && from?.carriesTopics === true) pushTo(consumersOfTopic, from.key, to.key);
  }
  for (const [topicKey, producers] of producersOfTopic) {
    for (const producer of producers) for (const consumer of consumersOfTopic.get(topicKey) ?? []) link(producer, consumer);
  }
  const distances = new Map([[focusKey, 0]]);
  let frontier = [focusKey];
  for (let hop = 1; hop <= depth && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const neighbour of neighbours.get(key) ?? []) {
        if (distances.has(neighbour)) continue;
        distances.set(neighbour, hop);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return distances;
}

function unknownServiceMessage(graph: MapGraph, service: string): string {
  const names = [...graph.nodes.values()].filter((node) => node.kind === 'service').map((node) => node.label).sort(compareStrings);
  const shown = names.slice(0, 10).map((name) => printable(name)).join(', ');
  const more = names.length > 10 ? `, and ${names.length - 10} more` : '';
  return `--focus ${printable(service)}: no such service in this repository (services: ${shown || 'none'}${more})`;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
