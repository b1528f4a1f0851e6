import type ts from 'typescript';
import { concatValues, stringValue, unknownValue, type Value } from '../model/value.js';
import { shortText } from '../engine/ast.js';
import type { ClientKindTable, ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import { emitFetchCall } from './fetch.js';
import { clientMethodCalls, importedCalls, optionValue, readOption, resolveAgainst, upperCase, withoutTrailingSlash } from './http-client-calls.js';

const LIBRARY = 'undici';
const MODULES = [LIBRARY];
/** A dispatcher bound to one origin, given when it is created: `new Pool(origin)`, `new Client(origin)`. */
const POOL = 'undici.pool';
/** A dispatcher for any origin, given by each request: `new Agent()`, `getGlobalDispatcher()`. */
const AGENT = 'undici.agent';
const DISPATCHERS: ReadonlySet<string> = new Set([POOL, AGENT]);

/** Exports under both spellings: `Pool`, and `undici.Pool` through a default import. */
const names = (name: string, kind: string) => [
  { module: LIBRARY, name, kind },
  { module: LIBRARY, name: `default.${name}`, kind },
];

const CLIENTS: ClientKindTable = {
  constructors: [
    ...names('Pool', POOL),
    ...names('Client', POOL),
    ...names('BalancedPool', POOL),
    ...names('Agent', AGENT),
    ...names('ProxyAgent', AGENT),
    ...names('EnvHttpProxyAgent', AGENT),
  ],
  calls: names('getGlobalDispatcher', AGENT),
  types: [...names('Pool', POOL), ...names('Client', POOL), ...names('Agent', AGENT), ...names('Dispatcher', AGENT), ...names('ProxyAgent', AGENT)],
};

/** Dispatcher methods that send a request described by one options object. */
const DISPATCHER_METHODS = ['request', 'stream', 'pipeline'];

/**
 * undici: the functions `request(url, options)`, `stream(...)`, `pipeline(...)` and `fetch(input, init)`;
 * dispatchers `new Pool(origin)` / `new Client(origin)` (URL = origin + `path`) and `new Agent()` /
 * `getGlobalDispatcher()` (URL = the request's `origin` + `path`) with `request/stream/pipeline({ path,
 * method })`, wherever they are kept.
 */
export const undiciDetector: Detector = {
  library: LIBRARY,
  modules: MODULES,
  clientOf: { kind: 'http', helpers: ['errors', 'Headers', 'FormData', 'Agent', 'ProxyAgent', 'MockAgent', 'setGlobalDispatcher', 'getGlobalDispatcher', 'interceptors'] },
  clients: CLIENTS,
  detect(scan) {
    for (const { call, name } of importedCalls(scan, MODULES, ['request', 'stream', 'pipeline', 'fetch'])) {
      if (name === 'fetch') emitFetchCall(scan, LIBRARY, call);
      else emitShortcut(scan, call);
    }
    for (const { call, client, receiver } of clientMethodCalls(scan, MODULES, CLIENTS, DISPATCHER_METHODS, DISPATCHERS)) {
      emitDispatcherCall(scan, call, client, receiver);
    }
  },
};

/**
 * `request(url, options)`: the URL (a string, a `URL`, or a `{ origin, path }` object), whose path
 * `options.path` replaces; the method defaults to PUT when there is a body and GET otherwise.
 */
function emitShortcut(scan: DetectorScan, call: ts.CallExpression): void {
  const t = scan.ts;
  const [target, second] = call.arguments;
  if (target === undefined) return;
  let options = second !== undefined && !t.isFunctionLike(scan.definition(second)) ? second : undefined;
  let url: Value;
  if (t.isObjectLiteralExpression(scan.definition(target))) {
    url = urlObject(scan, target);
    // Without options, the URL object is the options too.
    options ??= target;
  } else {
    url = scan.evaluate(target);
    const path = optionValue(readOption(scan, options, ['path']));
    if (path) url = resolveAgainst(url, withLeadingSlash(path));
  }
  scan.emit.http({ library: LIBRARY, node: call, method: shortcutMethod(scan, options), url, ...(options ? { options } : {}) });
}

function shortcutMethod(scan: DetectorScan, options: ts.Expression | undefined): Value {
  const method = readOption(scan, options, ['method']);
  if (method.kind !== 'absent') return upperCase(method.value);
  const body = readOption(scan, options, ['body']);
  if (body.kind === 'set') return stringValue('PUT');
  if (body.kind === 'absent') return stringValue('GET');
  return unknownValue(`${options ? shortText(options) : ''}.method`, 'PUT when the options carry a body, GET otherwise');
}

/** `{ origin, path }` (or `pathname`) as undici reads a URL object. */
function urlObject(scan: DetectorScan, target: ts.Expression): Value {
  const origin = readOption(scan, target, ['origin']);
  const path = optionValue(readOption(scan, target, ['path', 'pathname']));
  const base = origin.kind === 'absent' ? unknownValue(`${shortText(target)}.origin`, 'no origin given') : origin.value;
  return path ? originAndPath(base, path) : base;
}

function withLeadingSlash(path: Value): Value {
  const first = path.kind === 'concat' ? path.parts[0] : path;
  if (first?.kind === 'string' && !first.value.startsWith('/')) return concatValues([stringValue('/'), path]);
  return path;
}

/** undici's URL: the origin (never with a trailing slash) and the path, which starts with one. */
function originAndPath(origin: Value, path: Value): Value {
  return concatValues([withoutTrailingSlash(origin), withLeadingSlash(path)]);
}

/** `pool.request({ path, method })`: the pool's origin (or the request's, for an agent) and the path. */
function emitDispatcherCall(scan: DetectorScan, call: ts.CallExpression, client: ClientRef, receiver: ts.Expression): void {
  const t = scan.ts;
  const options = call.arguments[0];
  if (options === undefined) return;
  let origin: Value;
  if (client.kind === POOL) {
    const creation = client.creation;
    const originArgument = creation && t.isNewExpression(creation) ? creation.arguments?.[0] : undefined;
    origin = originArgument ? scan.evaluate(originArgument) : unknownValue(`${shortText(receiver)}.origin`, 'the pool is created elsewhere');
  } else {
    const read = readOption(scan, options, ['origin']);
    origin = read.kind === 'absent' ? unknownValue(`${shortText(options)}.origin`, 'the request gives no origin') : read.value;
  }
  const path = readOption(scan, options, ['path']);
  const method = readOption(scan, options, ['method']);
  scan.emit.http({
    library: LIBRARY,
    node: call,
    // undici requires both: a request without them throws before anything is sent.
    method: method.kind === 'absent' ? unknownValue(`${shortText(options)}.method`, 'the request gives no method') : upperCase(method.value),
    url: path.kind === 'absent' ? origin : originAndPath(origin, path.value),
    options,
  });
}
