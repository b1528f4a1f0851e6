import type ts from 'typescript';
import { stringValue, type Value } from '../model/value.js';
import type { ClientKindTable, ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import { readRequest } from './fetch.js';
import {
  type BaseOption,
  calledClients,
  clientMethodCalls,
  methodOption,
  requestBase,
  resolveAgainst,
  withBase,
} from './http-client-calls.js';

const LIBRARY = 'ky';
const MODULES = [LIBRARY, 'ky-universal'];
const INSTANCE = 'ky.instance';
const INSTANCES: ReadonlySet<string> = new Set([INSTANCE]);

/** The shorthands, whose method wins over the options' own (`query` is ky 2's). */
const SHORTHANDS: ReadonlyMap<string, string> = new Map([
  ['get', 'GET'],
  ['post', 'POST'],
  ['put', 'PUT'],
  ['patch', 'PATCH'],
  ['delete', 'DELETE'],
  ['head', 'HEAD'],
  ['query', 'QUERY'],
]);

/**
 * ky 1's `prefixUrl` and ky 2's `prefix` are joined to the input with one slash; ky 2's `baseUrl` resolves
 * the input as `new URL(input, baseUrl)` does. `extend` keeps the parent's options unless it sets its own;
 * `create` starts from ky's defaults.
 */
const PREFIX: BaseOption = { names: ['prefixUrl', 'prefix'], inheritedBy: ['extend'] };
const BASE_URL: BaseOption = { names: ['baseUrl'], inheritedBy: ['extend'] };

const CLIENTS: ClientKindTable = {
  values: [
    { module: LIBRARY, name: 'default', kind: INSTANCE },
    { module: 'ky-universal', name: 'default', kind: INSTANCE },
  ],
  types: [{ module: LIBRARY, name: 'KyInstance', kind: INSTANCE }],
  factories: [
    { on: INSTANCE, method: 'create', kind: INSTANCE },
    { on: INSTANCE, method: 'extend', kind: INSTANCE },
  ],
};

/**
 * ky: the default export and `ky.create()` / `ky.extend()` instances wherever they are kept; `ky(input,
 * options)` and the shorthands `get/post/put/patch/delete/head/query`, with `prefixUrl` (ky 1), `prefix`
 * and `baseUrl` (ky 2) from the request or the instance.
 */
export const kyDetector: Detector = {
  library: LIBRARY,
  modules: MODULES,
  clientOf: { kind: 'http', helpers: ['HTTPError', 'TimeoutError'] },
  clients: CLIENTS,
  detect(scan) {
    for (const { call, client } of calledClients(scan, MODULES, CLIENTS, INSTANCES)) emitKyCall(scan, call, client, undefined);
    for (const { call, client, method } of clientMethodCalls(scan, MODULES, CLIENTS, SHORTHANDS.keys(), INSTANCES)) {
      emitKyCall(scan, call, client, SHORTHANDS.get(method));
    }
  },
};

function emitKyCall(scan: DetectorScan, call: ts.CallExpression, client: ClientRef, shorthand: string | undefined): void {
  const t = scan.ts;
  const [input, options] = call.arguments;
  if (input === undefined) return;
  const inputDefinition = scan.definition(input);
  const fallbackMethod = shorthand === undefined ? stringValue('GET') : stringValue(shorthand);
  let url: Value;
  let method: Value;
  if (t.isNewExpression(inputDefinition) && t.isIdentifier(inputDefinition.expression) && ['Request', 'URL'].includes(inputDefinition.expression.text)) {
    // A `Request` or `URL` object: ky applies neither prefix nor base to it.
    const request = readRequest(scan, input, undefined);
    url = request.url;
    method = shorthand === undefined ? methodOption(scan, options, request.method) : fallbackMethod;
  } else {
    const prefix = requestBase(scan, options, client, PREFIX);
    const baseUrl = requestBase(scan, options, client, BASE_URL);
    const prefixed = withBase(prefix, scan.evaluate(input));
    url = baseUrl ? resolveAgainst(baseUrl, prefixed) : prefixed;
    method = shorthand === undefined ? methodOption(scan, options, fallbackMethod) : fallbackMethod;
  }
  scan.emit.http({ library: LIBRARY, node: call, method, url, ...(options ? { options } : {}) });
}
