import { escapeLabel, joinLabelLines } from './mermaid-text.js';

/** What the map shows, so its legend explains only that. */
export interface LegendContent {
  readonly http: boolean;
  /** HTTP calls whose target only a port names. */
  readonly httpByPort: boolean;
  /** Request/reply exchanges over Kafka drawn as one two-way edge. */
  readonly requestReply: boolean;
  readonly topics: boolean;
  readonly collapsedTopics: boolean;
  readonly external: boolean;
  readonly unresolved: boolean;
  readonly findings: boolean;
}

export interface Legend {
  readonly lines: string[];
  readonly edgeCount: number;
  /** Node ids and the class each is drawn with. */
  readonly classes: (readonly [string, string])[];
}

/** Invisible links from the legend to the map's first nodes; past this many, the others may sit beside it. */
const MAX_LEGEND_LINKS = 12;

/**
 * A `Legend` subgraph with one sample of each shape and arrow the map uses, above the map. Its ids start with
 * `legend_`, a prefix no map node has (those start with `svc_`, `topic_`, `ext_`, `unres_`, `sink_`, `grp_`).
 * Unlinked, the layout puts the legend beside the first services and routes their edges across it; invisible
 * links (`~~~`) to the nodes nothing points at place it on a rank of its own, above them.
 */
export function legendLines(content: LegendContent, topNodeIds: readonly string[]): Legend {
  const nodes: string[] = ['legend_service["service"]'];
  const edges: string[] = [];
  const classes: (readonly [string, string])[] = [['legend_service', 'service']];
  // The HTTP sample points at the external host when the map has one, so no sample stands alone.
  const needsPeer = content.collapsedTopics || content.httpByPort || content.requestReply || (content.http && !content.external);
  if (needsPeer) {
    nodes.push('legend_peer["service"]');
    classes.push(['legend_peer', 'service']);
  }
  if (content.external) {
    nodes.push('legend_external(["external host"])');
    classes.push(['legend_external', 'external']);
  }
  if (content.http) edges.push(`legend_service -->|"HTTP call"| ${content.external ? 'legend_external' : 'legend_peer'}`);
  if (content.httpByPort) edges.push(`legend_service --o|"${escapeLabel('HTTP call, target known by its port only')}"| legend_peer`);
  if (content.requestReply) edges.push(`legend_service <-.->|"${escapeLabel('Kafka request and reply')}"| legend_peer`);
  if (content.collapsedTopics) edges.push(`legend_service -.->|"${escapeLabel('Kafka: 12 topics')}"| legend_peer`);
  if (content.topics) {
    nodes.push('legend_topic{{"Kafka topic"}}');
    classes.push(['legend_topic', 'topic']);
    edges.push('legend_service -.->|"produces"| legend_topic');
  }
  if (content.unresolved) {
    nodes.push('legend_unresolved[/"? not resolved, or not found"/]');
    classes.push(['legend_unresolved', 'unresolved']);
  }
  if (content.findings) {
    const label = joinLabelLines([escapeLabel('\u26a0 N: findings in its code'), escapeLabel('red: an error, amber: warnings'), escapeLabel('(and on the edges concerned)')]);
    nodes.push(`legend_findings["${label}"]`);
    classes.push(['legend_findings', 'legend'], ['legend_findings', 'finding']);
  }
  const links = topNodeIds.slice(0, MAX_LEGEND_LINKS).map((id) => `  legend ~~~ ${id}`);
  const lines = [
    '  subgraph legend["Legend"]',
    '    direction LR',
    ...nodes.map((node) => `    ${node}`),
    ...edges.map((edge) => `    ${edge}`),
    '  end',
    '  style legend fill:#fafafa,stroke:#dadce0',
    ...links,
  ];
  return { lines, edgeCount: edges.length + links.length, classes };
}
