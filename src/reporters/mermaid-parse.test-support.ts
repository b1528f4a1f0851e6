import mermaid from 'mermaid';
import { expect } from 'vitest';
import type { AnalysisResult } from '../core/model/result.js';
import { renderMermaid } from './mermaid.js';
import type { ReportOptions } from './reporter.js';

/**
 * Reading a diagram back, with our own line shapes (for ids) and with Mermaid's parser (for validity). Test
 * files that use it need `// @vitest-environment jsdom`: mermaid.parse needs DOMPurify with a DOM.
 */

const NODE_LINE = /^ +([^\s[({]+)(?:\["|\{\{"|\(\["|\[\/")/u;
const EDGE_LINE = /^ +(\S+) (?:-->|--o|-\.->|<-\.->|~~~)(?:\|"[^"]*"\|)? (\S+)$/u;
export const VALID_ID = /^[A-Za-z0-9_]+$/u;

export function declaredNodeIds(diagram: string): string[] {
  return diagram.split('\n').flatMap((line) => {
    const match = NODE_LINE.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

export function subgraphIds(diagram: string): string[] {
  return diagram.split('\n').flatMap((line) => {
    const match = /^ +subgraph ([A-Za-z0-9_]+)\[/u.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

export function edgeEndpoints(diagram: string): { from: string; to: string }[] {
  return diagram.split('\n').flatMap((line) => {
    const match = EDGE_LINE.exec(line);
    return match?.[1] === undefined || match[2] === undefined ? [] : [{ from: match[1], to: match[2] }];
  });
}

export interface ParsedFlowchart {
  readonly vertexIds: string[];
  readonly edges: { from: string; to: string }[];
  /** Vertex and edge texts as Mermaid stored them, entities still encoded (`#quot;` is `ﬂ°quot¶ß`). */
  readonly texts: string[];
  /** Classes of each vertex in the order Mermaid applies them. */
  readonly classesById: Map<string, string[]>;
  /** Each edge with the styles `linkStyle` gave it, joined with `,` (empty when none). */
  readonly edgeStyles: { from: string; to: string; style: string }[];
}

/**
 * `mermaid.parse` accepts odd ids (see TOOLCHAIN.md), so also ask the parsed flowchart which vertices and edges
 * Mermaid understood: an id read as a keyword or an `o`/`x` arrow head would change these lists.
 */
/** The part of Mermaid's flowchart database the read-back uses (internal, so typed here). */
interface FlowchartDb {
  getVertices(): unknown;
  getEdges(): unknown;
}

export async function parseFlowchart(diagram: string): Promise<ParsedFlowchart> {
  await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  // Reading back what Mermaid built needs its internal API; parse() alone accepts odd ids (TOOLCHAIN.md).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const parsed = await mermaid.mermaidAPI.getDiagramFromText(diagram);
  const db = parsed.db as Partial<FlowchartDb>;
  if (typeof db.getVertices !== 'function' || typeof db.getEdges !== 'function') {
    throw new Error('the parsed diagram has no flowchart database');
  }
  const vertices: unknown = db.getVertices();
  const edges: unknown = db.getEdges();
  if (!(vertices instanceof Map) || !Array.isArray(edges)) throw new Error('unexpected flowchart database shape');
  const texts: string[] = [];
  const readText = (item: unknown): void => {
    if (typeof item === 'object' && item !== null && 'text' in item && typeof item.text === 'string') texts.push(item.text);
  };
  const classesById = new Map<string, string[]>();
  for (const [id, vertex] of vertices as Map<unknown, unknown>) {
    readText(vertex);
    const classes: unknown = typeof vertex === 'object' && vertex !== null && 'classes' in vertex ? vertex.classes : undefined;
    if (Array.isArray(classes)) classesById.set(String(id), classes.map(String));
  }
  const edgeStyles = edges.map((edge: unknown) => {
    const { start, end, style } = edge as { start: unknown; end: unknown; style?: unknown };
    return { from: String(start), to: String(end), style: Array.isArray(style) ? style.map(String).join(',') : '' };
  });
  return {
    edgeStyles,
    vertexIds: [...(vertices as Map<unknown, unknown>).keys()].map(String).sort(),
    edges: edges.map((edge: unknown) => {
      if (typeof edge !== 'object' || edge === null || !('start' in edge) || !('end' in edge)) {
        throw new Error('unexpected flowchart edge shape');
      }
      readText(edge);
      return { from: String(edge.start), to: String(edge.end) };
    }),
    texts,
    classesById,
  };
}

/** Renders, then proves the text is a flowchart Mermaid reads exactly as the reporter meant it. */
export async function renderAndParse(result: AnalysisResult, options: ReportOptions = {}): Promise<string> {
  const { output } = renderMermaid(result, options);
  const parsed = await parseFlowchart(output);
  // Mermaid's database also lists each subgraph (groups, the legend) among its vertices.
  const ids = [...declaredNodeIds(output), ...subgraphIds(output)];
  expect(parsed.vertexIds).toEqual([...ids].sort());
  expect(parsed.edges).toEqual(edgeEndpoints(output));
  // Every `#` the reporter writes starts an entity; one left over means Mermaid read it as plain text.
  for (const text of parsed.texts) expect(text).not.toContain('#');
  return output;
}
