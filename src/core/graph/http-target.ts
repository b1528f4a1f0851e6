import type { TargetVia } from '../model/result.js';
import { concatValues, describeValue, eachReading, hasParam, unknownValue, type Value } from '../model/value.js';

export interface HttpTarget {
  /** The URL with unknown parts written `{expression}`; `null` when its host is not known. */
  readonly url: string | null;
  /** The path with unknown parts written `{expression}`, without query or fragment; `null` when unknown. */
  readonly path: string | null;
  readonly target: string | null;
  readonly targetKind: 'service' | 'external' | 'unresolved';
  /** How the target was decided (`none` when it was not). */
  readonly via: TargetVia;
  /** Why the target is unresolved, with the source text, when it is. */
  readonly unresolved?: string;
  /** When it is unresolved because its readings (or the services a port may reach) name several: those. */
  readonly candidates?: readonly string[];
  /** The URL's host name, lower case, when it is known. */
  readonly host?: string;
  /** For a loopback host (`localhost:4001`), the port called: 80 or 443 by the scheme when none is written. */
  readonly loopbackPort?: number;
  /** The path the target receives when a proxy changes it (`location /api/` + `proxy_pass http://api/`). */
  readonly upstreamPath?: string;
}

/** What a port of this machine reaches: services that publish it (or listen on it), by name. */
export interface PortCandidate {
  readonly name: string;
  /** `external` for an image-only compose service (a database, adminer): a node named by its compose name. */
  readonly kind: 'service' | 'external';
}

/**
 * Decides a loopback call's target by its port: exactly one service (or image-only compose service) that
 * publishes the port names it; when nothing publishes it, exactly one service listening on it does. Two or
 * more candidates name none, and are listed.
 */
export function targetByPort(
  port: number,
  published: readonly PortCandidate[],
  listening: readonly PortCandidate[],
): { target: PortCandidate; via: 'published-port' | 'listen-port' } | { candidates: readonly string[]; reason: string } {
  const unique = (candidates: readonly PortCandidate[]) => [...new Map(candidates.map((candidate) => [candidate.name, candidate])).values()];
  const publishers = unique(published);
  if (publishers.length === 1) return { target: publishers[0]!, via: 'published-port' };
  if (publishers.length > 1) return { candidates: publishers.map((candidate) => candidate.name).sort(), reason: `port ${port} is published by several services` };
  const listeners = unique(listening);
  if (listeners.length === 1) return { target: listeners[0]!, via: 'listen-port' };
  if (listeners.length > 1) return { candidates: listeners.map((candidate) => candidate.name).sort(), reason: `port ${port} is listened on by several services` };
  return { candidates: [], reason: `no service publishes or listens on port ${port}` };
}

/** Hosts that only say "this machine": the port decides, when one service publishes or listens on it. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]', '::1', 'host.docker.internal']);

/** Kubernetes' in-cluster suffixes: `payment.default.svc.cluster.local` reaches the Service `payment`. */
const CLUSTER_SUFFIX = /\.[a-z0-9-]+\.svc(?:\.cluster\.local)?$|\.svc(?:\.cluster\.local)?$/;

/** Writes a value as a URL template: known text as is, each unknown part as `{source text}`. */
export function template(value: Value): string {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'concat') return value.parts.map((part) => (part.kind === 'string' ? part.value : `{${describeValue(part)}}`)).join('');
  return `{${describeValue(value)}}`;
}

/** Files a browser page or a WebAssembly loader fetches beside itself: not an API. */
const STATIC_ASSET = /\.(?:html?|css|js|mjs|json|wasm|svg|png|jpe?g|gif|webp|ico|txt|md|xml|csv|woff2?|ttf|map)$/iu;

/**
 * `fetch('./components/order.html')`, `fetch('restaurants.json')`: a URL known in full, relative to the page (no
 * scheme, no host, not an absolute path) and naming a file by its extension. An absolute path (`/api/x.json`)
 * may be an endpoint of the page's own server, so it stays an interaction.
 */
export function isStaticAsset(url: Value): boolean {
  if (url.kind !== 'string') return false;
  const text = stripQuery(url.value);
  if (text.startsWith('/') || /^[a-z][a-z0-9+.-]*:/iu.test(text)) return false;
  return STATIC_ASSET.test(text);
}

function stripQuery(pathText: string): string {
  return pathText.replace(/[?#].*$/, '') || '/';
}

/**
 * Resolves where an HTTP call goes. `hosts` maps host names (compose service names, aliases, configured
 * hosts) to service names. Hosts that are not services are external nodes named by host; relative URLs,
 * loopback hosts and URLs whose host is computed are unresolved.
 */
export function resolveHttpTarget(url: Value, hosts: ReadonlyMap<string, string>): HttpTarget {
  const text = template(url);
  const leadingKnown = url.kind === 'string' ? url.value : url.kind === 'concat' && url.parts[0]?.kind === 'string' ? url.parts[0].value : '';
  // `//host/path` (protocol-relative: a page calling with its own scheme) has an origin too.
  const origin = /^(?:([a-z][a-z0-9+.-]*):)?\/\/([^/?#]*)/i.exec(leadingKnown);
  if (origin === null) {
    // `${BASE}/charges` or `/charges`: the path may still be known.
    const slash = text.indexOf('/', text.startsWith('{') ? text.indexOf('}') : 0);
    const knownPath = slash >= 0 && (text.startsWith('/') || text.startsWith('{')) ? stripQuery(text.slice(slash)) : null;
    const reason = text.startsWith('/') ? `relative URL '${text}'` : `URL '${text}' is computed at run time`;
    return { url: null, path: knownPath, target: null, targetKind: 'unresolved', via: 'none', unresolved: reason };
  }
  const authority = origin[2]!;
  const hostname = authority.replace(/^.*@/, '').replace(/:\d+$/, '').toLowerCase();
  const rest = text.slice(origin[0].length);
  const pathText = rest === '' ? '/' : stripQuery(rest.startsWith('/') ? rest : `/${rest}`);
  if (hostname === '' || hostname.includes('{')) {
    return { url: text, path: pathAfterComputedHost(rest), target: null, targetKind: 'unresolved', via: 'none', unresolved: `host of '${text}' is computed at run time` };
  }
  if (LOOPBACK.has(hostname)) {
    const written = /:(\d+)$/.exec(authority);
    const scheme = (origin[1] ?? '').toLowerCase();
    const port = written ? Number(written[1]) : scheme === 'https' || scheme === 'wss' ? 443 : 80;
    return { url: text, path: pathText, target: null, targetKind: 'unresolved', via: 'none', unresolved: `'${authority}' is this machine`, host: hostname, loopbackPort: port };
  }
  const service = hosts.get(hostname) ?? (CLUSTER_SUFFIX.test(hostname) ? hosts.get(hostname.replace(CLUSTER_SUFFIX, '')) : undefined);
  if (service !== undefined) return { url: text, path: pathText, target: service, targetKind: 'service', via: 'host', host: hostname };
  return { url: text, path: pathText, target: hostname, targetKind: 'external', via: 'host', host: hostname };
}

/** The path after a host the code computes (`{peer}:6512/ping`): from the first `/` outside a `{...}` part. */
function pathAfterComputedHost(rest: string): string {
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '{') depth++;
    else if (rest[i] === '}') depth--;
    else if (depth === 0 && (rest[i] === '/' || rest[i] === '?' || rest[i] === '#')) return rest[i] === '/' ? stripQuery(rest.slice(i)) : '/';
  }
  return '/';
}

/**
 * A wrapper's parameter decides the endpoint when it is the base URL or the whole path (`${base}${path}`);
 * once a path has started (`/stock/${sku}`), a parameter is a value inside it (an id), and the call belongs
 * where it is, not at each caller. Such parameters become unknown parts, written `{sku}`. So does a
 * parameter whose text is rewritten (`uuid.replace(/-/g, '_')`): a name computed from a value, not a URL
 * a caller passes (trimming its ends or its case keeps it one).
 */
export function settlePathParameters(url: Value): Value {
  if (url.kind === 'oneOf') return eachReading(url, settlePathParameters);
  if (url.kind === 'transform') return rewritesParameter(url) ? unknownValue(url.text, 'computed from a parameter') : url;
  if (url.kind !== 'concat') return url;
  let inPath = false;
  const parts = url.parts.map((part, i) => {
    if (part.kind === 'transform' && rewritesParameter(part)) return unknownValue(part.text, 'computed from a parameter');
    if (part.kind === 'string') {
      const afterScheme = part.value.includes('://') ? part.value.slice(part.value.indexOf('://') + 3) : part.value;
      if (afterScheme.includes('/') || (!part.value.includes('://') && part.value.startsWith('?'))) inPath = true;
      return part;
    }
    // `/stock/${sku}`, `?page=${page}`: a value that starts a segment or a query value. After `/api/v1` the
    // parameter continues the path (`${BASE}${path}`): it chooses the endpoint and is bound by callers.
    const before = url.parts[i - 1];
    const startsValue = before?.kind === 'string' && /[^A-Za-z0-9]$/.test(before.value);
    const bindable = part.kind === 'param' || (part.kind === 'transform' && hasParam(part));
    return inPath && startsValue && bindable ? unknownValue(part.text, 'a value inside the path') : part;
  });
  return concatValues(parts);
}

/** A `replace` on a parameter that is not anchored at an end of its text: it rewrites what it holds. */
function rewritesParameter(value: Extract<Value, { kind: 'transform' }>): boolean {
  const { operation } = value;
  if (!hasParam(value.subject) || (operation.name !== 'replace' && operation.name !== 'replaceAll')) return false;
  const pattern = operation.pattern;
  return typeof pattern === 'string' || !(pattern.source.startsWith('^') || pattern.source.endsWith('$'));
}

/** One reading of a URL with several, and where it goes. */
export interface TargetReading {
  /** The URL of this reading as a template (`http://localhost:4100/orders/{id}`). */
  readonly written: string;
  readonly target: HttpTarget;
}

/**
 * Where a call whose URL has several readings goes: the target every reading names (a service, or an
 * external host), with the URL and path they share (`null` where they differ); otherwise unresolved, with
 * each reading's target, or its URL when it has none, as the candidates.
 */
export function targetOfReadings(readings: readonly TargetReading[]): HttpTarget {
  const targets = readings.map((reading) => reading.target);
  const shared = <T>(values: readonly T[]): T | null => (values.every((value) => value === values[0]) ? (values[0] ?? null) : null);
  const url = shared(targets.map((target) => target.url));
  const path = shared(targets.map((target) => target.path));
  const first = targets[0];
  const decided = first !== undefined && first.targetKind !== 'unresolved' && targets.every((target) => target.targetKind === first.targetKind && target.target === first.target);
  // Each reading may name the target by other evidence (a host, a published port): one kind of evidence is
  // said as it is, several as `readings`.
  const vias = new Set(targets.map((target) => target.via));
  if (decided) return { url, path, target: first.target, targetKind: first.targetKind, via: vias.size === 1 ? first.via : 'readings' };
  // A reading without a target stands for itself by its URL without the query: readings that differ only
  // in what they ask (`?page=1` with or without `&type=x`) are one candidate.
  const candidates = [...new Set(readings.flatMap(({ written, target }) => (target.target !== null ? [target.target] : (target.candidates ?? [stripQuery(written)]))))];
  if (candidates.length === 1 && targets.every((target) => target.targetKind === 'unresolved')) return first!;
  const described = readings.map(({ written, target }) => `'${written}' (${target.target ?? target.unresolved ?? 'not known'})`);
  return { url, path, target: null, targetKind: 'unresolved', via: 'none', unresolved: `readings that do not name one target: ${described.join(', ')}`, candidates };
}
