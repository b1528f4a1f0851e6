import fs from 'node:fs';

/**
 * Reads fixtures/shop/EXPECTED.md, the hand-written truth of the bundled example, into plain rows, so the
 * shop test takes its expectations from the document itself and the two cannot drift apart. Only the
 * columns a test compares are read; the others are notes for people. A table that changes shape fails
 * here, loudly, rather than being read wrong.
 */

export interface ExpectedService {
  readonly name: string;
  readonly root: string;
}

export interface ExpectedRoute {
  readonly id: string;
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly at: string;
}

export interface ExpectedHttp {
  readonly id: string;
  readonly at: string;
  readonly method: string;
  readonly url: string;
  readonly path: string;
  /** A service name or an external host. */
  readonly target: string;
  readonly external: boolean;
  /** The route the call lands on; undefined for an external host. */
  readonly route: ExpectedRoute | undefined;
  readonly via: string | undefined;
}

export interface ExpectedProduce {
  readonly id: string;
  readonly at: string;
  readonly topic: string;
  readonly key: 'present' | 'absent';
  readonly replyTopic: string | undefined;
  readonly via: string | undefined;
}

export interface ExpectedConsume {
  readonly id: string;
  readonly at: string;
  readonly topic: string;
  readonly role: 'event' | 'request';
  readonly via: string | undefined;
}

export interface ExpectedFinding {
  readonly ruleId: string;
  readonly file: string;
  /** `file:line` of the send the finding belongs to. */
  readonly send: string;
  /** `file:line:column` where it is reported. */
  readonly at: string;
}

/** An edge of the "Service map (edges)" section: `from -> to` between services, hosts and topics. */
export type ExpectedEdge = string;

export interface ExpectedShop {
  readonly services: readonly ExpectedService[];
  readonly http: readonly ExpectedHttp[];
  readonly produces: readonly ExpectedProduce[];
  readonly consumes: readonly ExpectedConsume[];
  readonly routes: readonly ExpectedRoute[];
  readonly findings: readonly ExpectedFinding[];
  /** The counts the section headings state: `## HTTP calls (9)`. */
  readonly counts: { readonly http: number; readonly produce: number; readonly consume: number };
  readonly edges: readonly ExpectedEdge[];
}

type Row = Record<string, string>;

export function readExpected(file: string): ExpectedShop {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const services = table(lines, '## Services').map((row) => ({ name: cell(row, 'name'), root: code(cell(row, 'root')) }));
  const routes = table(lines, '## Routes').map((row) => ({
    id: cell(row, '#'),
    service: cell(row, 'service'),
    method: cell(row, 'method'),
    path: code(cell(row, 'full path')),
    at: `${code(cell(row, 'file'))}:${number(cell(row, 'line'))}`,
  }));
  const landing = new Map(table(lines, 'Where each HTTP call lands:').map((row) => [cell(row, 'call'), cell(row, 'lands on')]));
  const http = table(lines, '## HTTP calls').map((row) => {
    const id = cell(row, '#');
    const lands = landing.get(id);
    if (lands === undefined) throw new Error(`EXPECTED.md: ${id} is not in "Where each HTTP call lands"`);
    const routeId = /^(R\d+) /.exec(lands)?.[1];
    const route = routes.find((candidate) => candidate.id === routeId);
    if (routeId !== undefined && route === undefined) throw new Error(`EXPECTED.md: ${id} lands on ${routeId}, which is not in Routes`);
    const target = cell(row, 'target');
    return {
      id,
      at: at(row),
      method: cell(row, 'method'),
      url: code(cell(row, 'URL (compose)')),
      path: code(cell(row, 'path')),
      target: target.split(' ')[0]!,
      external: target.endsWith('(external)'),
      route,
      via: via(row),
    };
  });
  const produces = table(lines, '## Kafka produces').map((row) => ({
    id: cell(row, '#'),
    at: at(row),
    topic: code(cell(row, 'topic')),
    key: oneOf(cell(row, 'keyed'), { yes: 'present', '**no**': 'absent' } as const),
    replyTopic: cell(row, 'waits for a reply on') === '—' ? undefined : code(cell(row, 'waits for a reply on')),
    via: via(row),
  }));
  const consumes = table(lines, '## Kafka consumes').map((row) => ({
    id: cell(row, '#'),
    at: at(row),
    topic: code(cell(row, 'topic')),
    role: oneOf(cell(row, 'role'), { event: 'event', request: 'request' } as const),
    via: via(row),
  }));
  const findings = table(lines, '## Anti-patterns').map((row) => {
    const file = code(cell(row, 'file'));
    const reported = /^(\d+):(\d+)$/.exec(cell(row, 'at'));
    if (!reported) throw new Error(`EXPECTED.md: anti-pattern "at" must be line:column, not ${cell(row, 'at')}`);
    return { ruleId: code(cell(row, 'rule')), file, send: `${file}:${number(cell(row, 'send'))}`, at: `${file}:${reported[1]!}:${reported[2]!}` };
  });
  return {
    services,
    http,
    produces,
    consumes,
    routes,
    findings,
    counts: { http: headingCount(lines, '## HTTP calls'), produce: headingCount(lines, '## Kafka produces'), consume: headingCount(lines, '## Kafka consumes') },
    edges: edges(lines),
  };
}

/** The first table after the line that starts with `heading`, as rows keyed by the header's cells. */
function table(lines: readonly string[], heading: string): Row[] {
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`EXPECTED.md: no "${heading}"`);
  const first = lines.findIndex((line, i) => i > start && line.startsWith('|'));
  const header = cells(lines[first]!);
  const rows: Row[] = [];
  for (let i = first + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const values = cells(lines[i]!);
    if (values.length !== header.length) throw new Error(`EXPECTED.md:${i + 1}: ${values.length} cells under a header of ${header.length}`);
    rows.push(Object.fromEntries(header.map((name, j) => [name, values[j]!])));
  }
  return rows;
}

function cells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((value) => value.trim());
}

function cell(row: Row, column: string): string {
  const value = row[column];
  if (value === undefined) throw new Error(`EXPECTED.md: no column "${column}" in ${JSON.stringify(row)}`);
  return value;
}

/** The first code span of a cell: `` `order.confirmed` (`Topics.OrderConfirmed`) `` -> `order.confirmed`. */
function code(value: string): string {
  const span = /`([^`]+)`/.exec(value);
  if (!span) throw new Error(`EXPECTED.md: no code span in "${value}"`);
  return span[1]!;
}

function number(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`EXPECTED.md: "${value}" is not a line number`);
  return Number(value);
}

function at(row: Row): string {
  return `${code(cell(row, 'file'))}:${number(cell(row, 'line'))}`;
}

/** The `via` column: `—`, or the library call inside the wrapper as `file:line` in its first code span. */
function via(row: Row): string | undefined {
  const value = cell(row, 'via');
  if (value === '—') return undefined;
  const location = code(value);
  if (!/:\d+$/.test(location)) throw new Error(`EXPECTED.md: via "${value}" names no file:line`);
  return location;
}

function oneOf<T extends string>(value: string, choices: Readonly<Record<string, T>>): T {
  const choice = choices[value];
  if (choice === undefined) throw new Error(`EXPECTED.md: "${value}" is none of ${Object.keys(choices).join(', ')}`);
  return choice;
}

function headingCount(lines: readonly string[], heading: string): number {
  const line = lines.find((candidate) => candidate.startsWith(heading)) ?? '';
  const count = /\((\d+)\)$/.exec(line)?.[1];
  if (count === undefined) throw new Error(`EXPECTED.md: "${heading}" states no count`);
  return Number(count);
}

/**
 * The edges of "Service map (edges)": `order-api --HTTP POST /charges--> payment` is `order-api -> payment`;
 * a topic line `order-api --order.confirmed--> notification, analytics` is the producer to the topic and the
 * topic to each consumer; `(nobody)` consumes nothing.
 */
function edges(lines: readonly string[]): ExpectedEdge[] {
  const start = lines.findIndex((line) => line.startsWith('## Service map (edges)'));
  const open = lines.findIndex((line, i) => i > start && line === '```');
  const close = lines.findIndex((line, i) => i > open && line === '```');
  if (start < 0 || open < 0 || close < 0) throw new Error('EXPECTED.md: no edges block under "## Service map (edges)"');
  return lines.slice(open + 1, close).flatMap((line) => {
    const edge = /^(\S+)\s+--(.+?)-*> (.+)$/.exec(line);
    if (!edge) throw new Error(`EXPECTED.md: not an edge: ${line}`);
    const [, from, label, to] = edge as unknown as [string, string, string, string];
    if (/^HTTPS? /.test(label)) return [`${from} -> ${to}`];
    const topic = label.split(' ')[0]!;
    const consumers = to === '(nobody)' ? [] : to.split(', ');
    return [`${from} -> ${topic}`, ...consumers.map((consumer) => `${topic} -> ${consumer}`)];
  });
}
