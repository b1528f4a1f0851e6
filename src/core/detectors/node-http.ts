import type ts from 'typescript';
import { concatValues, describeValue, stringValue, unknownValue, type Value } from '../model/value.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { importedCalls, methodOption, readOption } from './http-client-calls.js';
import { emitListens } from './server-routes.js';

const MODULES = ['http', 'https', 'node:http', 'node:https'];
const SERVER = 'node-http.server';

/**
 * Node's `http` and `https` (also as `node:http`): `request(url[, options][, callback])`,
 * `request(options[, callback])` and `get(...)` alike, imported as a module (`http.get`), by name
 * (`import { request } from 'https'`) or required. An options object becomes a URL from its `protocol`
 * (else the module's), `hostname` or `host` (else `localhost`), `port` and `path` (else `/`). Anything else
 * called `http` (an injected `HttpService`, an object literal) is not the module. Servers made by
 * `createServer(...)` listen on the port their `listen(port)` gives.
 */
export const nodeHttpDetector: Detector = {
  library: 'node:http',
  modules: MODULES,
  clients: {
    calls: MODULES.flatMap((module) => ['createServer', 'default.createServer'].map((name) => ({ module, name, kind: SERVER }))),
  },
  detect(scan) {
    for (const { call, module, name } of importedCalls(scan, MODULES, ['request', 'get'])) {
      const library = module.startsWith('node:') ? module : `node:${module}`;
      emitNodeRequest(scan, call, library, name);
    }
    emitListens(scan, 'node:http', new Set([SERVER]));
  },
};

function emitNodeRequest(scan: DetectorScan, call: ts.CallExpression, library: string, name: string): void {
  const t = scan.ts;
  const [first, second, third] = call.arguments;
  if (first === undefined) return;
  const isOptions = (expression: ts.Expression | undefined): expression is ts.Expression =>
    expression !== undefined && t.isObjectLiteralExpression(scan.definition(expression));
  let url: Value;
  let options: ts.Expression | undefined;
  if (isOptions(first)) {
    options = first;
    url = urlOfOptions(scan, first, library === 'node:https' ? 'https:' : 'http:');
  } else {
    // A string or a `URL`; options after it add to it (the method, mostly).
    url = scan.evaluate(first);
    options = second !== undefined && isOptionsArgument(scan, second, third !== undefined, name) ? second : undefined;
  }
  // `get` only differs from `request` by ending the request for the caller: both default to GET.
  const method = methodOption(scan, options, stringValue('GET'));
  scan.emit.http({ library, node: call, method, url, ...(options ? { options } : {}) });
}

/** `{ protocol, hostname | host, port, path }` as Node builds a request from them. */
function urlOfOptions(scan: DetectorScan, options: ts.Expression, defaultProtocol: string): Value {
  const read = (names: string[], fallback: Value | undefined) => {
    const option = readOption(scan, options, names);
    return option.kind === 'absent' ? fallback : option.value;
  };
  const protocol = read(['protocol'], stringValue(defaultProtocol))!;
  const socketPath = read(['socketPath'], undefined);
  // `hostname` wins over `host` in Node: read it first, then `host`.
  const host = socketPath
    ? unknownValue(`unix:${describeValue(socketPath)}`, 'a Unix domain socket')
    : (read(['hostname'], undefined) ?? read(['host'], stringValue('localhost'))!);
  const port = read(['port'], undefined);
  const path = read(['path'], stringValue('/'))!;
  return concatValues([protocol, stringValue('//'), host, ...(port ? [stringValue(':'), port] : []), path]);
}

/**
 * Whether the argument after a URL is options rather than the callback. Followed by a callback it must be;
 * a function or an object literal says it; else the checker's type. With nothing to tell, `get(url, x)` is
 * taken as a callback (`get` is for GETs) and `request(url, x)` as options, whose method stays unknown.
 */
function isOptionsArgument(scan: DetectorScan, argument: ts.Expression, followed: boolean, name: string): boolean {
  const t = scan.ts;
  if (followed) return true;
  const definition = scan.definition(argument);
  if (t.isFunctionLike(definition)) return false;
  if (t.isObjectLiteralExpression(definition)) return true;
  const callable = callableByType(scan, argument);
  return callable === undefined ? name !== 'get' : !callable;
}

function callableByType(scan: DetectorScan, expression: ts.Expression): boolean | undefined {
  const checker = scan.checker;
  if (checker === undefined) return undefined;
  try {
    const type = checker.getTypeAtLocation(expression);
    if (type.flags & (scan.ts.TypeFlags.Any | scan.ts.TypeFlags.Unknown)) return undefined;
    return type.getCallSignatures().length > 0;
  } catch {
    return undefined;
  }
}
