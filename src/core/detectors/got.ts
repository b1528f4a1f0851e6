import type ts from 'typescript';
import { stringValue, type Value } from '../model/value.js';
import type { ClientKindTable, ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import {
  type BaseOption,
  calledClients,
  clientMethodCalls,
  isUrlObject,
  methodOption,
  optionValue,
  readOption,
  requestBase,
  withBase,
} from './http-client-calls.js';

const LIBRARY = 'got';
const MODULES = [LIBRARY];
const INSTANCE = 'got.instance';
const INSTANCES: ReadonlySet<string> = new Set([INSTANCE]);

/** The shorthands, whose method wins over the options' own. */
const SHORTHANDS: ReadonlyMap<string, string> = new Map([
  ['get', 'GET'],
  ['post', 'POST'],
  ['put', 'PUT'],
  ['patch', 'PATCH'],
  ['delete', 'DELETE'],
  ['head', 'HEAD'],
]);

/**
 * `extend` keeps the parent's `prefixUrl` unless its options set one, which then replaces it: got merges
 * options, it never appends one prefix to another.
 */
const PREFIX: BaseOption = { names: ['prefixUrl'], inheritedBy: ['extend'] };

const CLIENTS: ClientKindTable = {
  values: [
    { module: LIBRARY, name: 'default', kind: INSTANCE },
    // `const got = require('got')` (got 11 is CommonJS) and `import { got } from 'got'`.
    { module: LIBRARY, name: '*', kind: INSTANCE },
    { module: LIBRARY, name: 'got', kind: INSTANCE },
  ],
  types: [{ module: LIBRARY, name: 'Got', kind: INSTANCE }],
  factories: [{ on: INSTANCE, method: 'extend', kind: INSTANCE }],
};

/**
 * got: the default export and `got.extend({ prefixUrl })` instances wherever they are kept; `got(url,
 * options)`, `got(options)` with `url` and `method` (got 11 to 14), the shorthands `get/post/put/patch/
 * delete/head`, `got.stream(...)` and `got.stream.post(...)`, `got.paginate(...)`, `.paginate.all/each`.
 */
export const gotDetector: Detector = {
  library: LIBRARY,
  modules: MODULES,
  clientOf: { kind: 'http', helpers: ['HTTPError', 'RequestError', 'TimeoutError'] },
  clients: CLIENTS,
  detect(scan) {
    for (const { call, client } of calledClients(scan, MODULES, CLIENTS, INSTANCES)) emitGotCall(scan, call, client, undefined);
    for (const { call, client, method } of clientMethodCalls(scan, MODULES, CLIENTS, SHORTHANDS.keys(), INSTANCES)) {
      emitGotCall(scan, call, client, SHORTHANDS.get(method));
    }
    // Request functions with got's own signature hanging off an instance.
    for (const { call, client } of clientMethodCalls(scan, MODULES, CLIENTS, ['stream', 'paginate'], INSTANCES)) emitGotCall(scan, call, client, undefined);
    for (const { call, client, method } of clientMethodCalls(scan, MODULES, CLIENTS, SHORTHANDS.keys(), INSTANCES, 'stream')) {
      emitGotCall(scan, call, client, SHORTHANDS.get(method));
    }
    for (const { call, client } of clientMethodCalls(scan, MODULES, CLIENTS, ['all', 'each'], INSTANCES, 'paginate')) emitGotCall(scan, call, client, undefined);
  },
};

function emitGotCall(scan: DetectorScan, call: ts.CallExpression, client: ClientRef, shorthand: string | undefined): void {
  const t = scan.ts;
  const [first, second] = call.arguments;
  if (first === undefined) return;
  // `got(options)`: the options object carries the URL.
  const optionsOnly = t.isObjectLiteralExpression(scan.definition(first));
  const options = optionsOnly ? first : second;
  let url: Value | undefined;
  let urlObject: boolean;
  if (optionsOnly) {
    const urlOption = readOption(scan, first, ['url']);
    url = optionValue(urlOption);
    urlObject = urlOption.kind === 'set' && isUrlObject(scan, urlOption.expression);
  } else {
    url = scan.evaluate(first);
    urlObject = isUrlObject(scan, first);
  }
  if (url === undefined) return;
  const method = shorthand === undefined ? methodOption(scan, options, stringValue('GET')) : stringValue(shorthand);
  // A `prefixUrl` of the request replaces the instance's; got ignores it for a URL object.
  const prefix = urlObject ? undefined : requestBase(scan, options, client, PREFIX);
  scan.emit.http({ library: LIBRARY, node: call, method, url: withBase(prefix, url), ...(options ? { options } : {}) });
}
