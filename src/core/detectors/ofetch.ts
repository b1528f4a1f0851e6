import type ts from 'typescript';
import { stringValue, type Value } from '../model/value.js';
import type { ClientKindTable, ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import { emitFetchCall, readRequest } from './fetch.js';
import { type BaseOption, calledClients, clientMethodCalls, methodOption, requestBase, withBase } from './http-client-calls.js';

const LIBRARY = 'ofetch';
/** `ohmyfetch` is ofetch's former name, with the same API. */
const MODULES = [LIBRARY, 'ofetch/node', 'ohmyfetch'];
const INSTANCE = 'ofetch.instance';
const INSTANCES: ReadonlySet<string> = new Set([INSTANCE]);

/** `create` merges the new defaults over the instance's: its `baseURL` stays unless replaced. */
const BASE_URL: BaseOption = { names: ['baseURL'], inheritedBy: ['create'] };

const CLIENTS: ClientKindTable = {
  values: MODULES.flatMap((module) => [
    { module, name: 'ofetch', kind: INSTANCE },
    { module, name: '$fetch', kind: INSTANCE },
  ]),
  types: [{ module: LIBRARY, name: '$Fetch', kind: INSTANCE }],
  factories: [{ on: INSTANCE, method: 'create', kind: INSTANCE }],
};

/**
 * ofetch: `ofetch` and `$fetch` as imported from it, `ofetch.create({ baseURL })` instances wherever they
 * are kept; `ofetch(request, { method, baseURL })`, `ofetch.raw(...)` and `ofetch.native(...)` (the plain
 * fetch underneath: no base URL). Nuxt's auto-imported `$fetch` is not an import and is left alone.
 */
export const ofetchDetector: Detector = {
  library: LIBRARY,
  modules: MODULES,
  clientOf: { kind: 'http', helpers: ['FetchError'] },
  clients: CLIENTS,
  detect(scan) {
    for (const { call, client } of calledClients(scan, MODULES, CLIENTS, INSTANCES)) emitOfetchCall(scan, call, client);
    for (const { call, client } of clientMethodCalls(scan, MODULES, CLIENTS, ['raw'], INSTANCES)) emitOfetchCall(scan, call, client);
    for (const { call } of clientMethodCalls(scan, MODULES, CLIENTS, ['native'], INSTANCES)) emitFetchCall(scan, LIBRARY, call);
  },
};

function emitOfetchCall(scan: DetectorScan, call: ts.CallExpression, client: ClientRef): void {
  const t = scan.ts;
  const [input, options] = call.arguments;
  if (input === undefined) return;
  const definition = scan.definition(input);
  let url: Value;
  let method: Value;
  if (t.isNewExpression(definition) && t.isIdentifier(definition.expression) && definition.expression.text === 'Request') {
    // ofetch applies `baseURL` to string requests only.
    const request = readRequest(scan, input, undefined);
    url = request.url;
    method = methodOption(scan, options, request.method);
  } else {
    url = withBase(requestBase(scan, options, client, BASE_URL), scan.evaluate(input));
    method = methodOption(scan, options, stringValue('GET'));
  }
  scan.emit.http({ library: LIBRARY, node: call, method, url, ...(options ? { options } : {}) });
}
