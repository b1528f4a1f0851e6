import type ts from 'typescript';
import { stringValue } from '../model/value.js';
import type { ClientKindTable, Detector, DetectorScan } from '../engine/detector.js';
import { calledClients, clientMethodCalls, upperCase } from './http-client-calls.js';

const LIBRARY = 'superagent';
const MODULES = [LIBRARY];
/** The module itself: a function (`superagent('GET', url)`) with the method shorthands. */
const REQUEST = 'superagent.request';
/** `superagent.agent()`: the shorthands, with cookies and defaults kept between requests. */
const AGENT = 'superagent.agent';

const SHORTHANDS: ReadonlyMap<string, string> = new Map([
  ['get', 'GET'],
  ['post', 'POST'],
  ['put', 'PUT'],
  ['patch', 'PATCH'],
  ['delete', 'DELETE'],
  ['del', 'DELETE'],
  ['head', 'HEAD'],
  ['options', 'OPTIONS'],
]);

/** Agent methods that set a default for its requests and return the agent. */
const AGENT_DEFAULTS = ['set', 'use', 'auth', 'accept', 'type', 'query', 'timeout', 'retry', 'redirects', 'ok', 'withCredentials', 'ca', 'key', 'cert', 'pfx'];

/** Type names under both spellings: `SuperAgentStatic`, and `request.SuperAgentStatic` through the default import. */
const typeNames = (name: string, kind: string) => [
  { module: LIBRARY, name, kind },
  { module: LIBRARY, name: `default.${name}`, kind },
];

const CLIENTS: ClientKindTable = {
  values: [
    { module: LIBRARY, name: 'default', kind: REQUEST },
    { module: LIBRARY, name: '*', kind: REQUEST },
  ],
  calls: [{ module: LIBRARY, name: 'agent', kind: AGENT }],
  types: [...typeNames('SuperAgentStatic', REQUEST), ...typeNames('SuperAgent', AGENT), ...typeNames('Agent', AGENT)],
  factories: [
    { on: REQUEST, method: 'agent', kind: AGENT },
    // An agent's defaults are set by chaining: `agent().set('x-api-key', key).use(plugin)` is the agent.
    ...AGENT_DEFAULTS.map((method) => ({ on: AGENT, method, kind: AGENT })),
  ],
};

/**
 * superagent, under whatever name it is imported (`superagent`, `request`): `get/post/put/patch/delete/
 * del/head/options(url)` on the module or on an `agent()`, and the module called as `superagent(method,
 * url)` or `superagent(url)`. The chained `.send()`, `.set()`, `.query()` do not change where the request
 * goes. supertest (`request(app).get(...)`) is another module and is not a call to a service.
 */
export const superagentDetector: Detector = {
  library: LIBRARY,
  modules: MODULES,
  clientOf: { kind: 'http' },
  clients: CLIENTS,
  detect(scan) {
    for (const { call } of calledClients(scan, MODULES, CLIENTS, new Set([REQUEST]))) emitCalledModule(scan, call);
    for (const { call, method } of clientMethodCalls(scan, MODULES, CLIENTS, SHORTHANDS.keys(), new Set([REQUEST, AGENT]))) {
      const url = call.arguments[0];
      if (url === undefined) continue;
      scan.emit.http({ library: LIBRARY, node: call, method: stringValue(SHORTHANDS.get(method)!), url: scan.evaluate(url) });
    }
  },
};

/** `superagent('GET', url)`, `superagent(url)`, `superagent(url, callback)`. */
function emitCalledModule(scan: DetectorScan, call: ts.CallExpression): void {
  const t = scan.ts;
  const [first, second] = call.arguments;
  if (first === undefined) return;
  const isCallback = (expression: ts.Expression) => t.isFunctionLike(scan.definition(expression));
  if (second === undefined || isCallback(second)) {
    scan.emit.http({ library: LIBRARY, node: call, method: stringValue('GET'), url: scan.evaluate(first) });
  } else {
    scan.emit.http({ library: LIBRARY, node: call, method: upperCase(scan.evaluate(first)), url: scan.evaluate(second) });
  }
}
