import type ts from 'typescript';
import { stringValue, unknownValue, type Value } from '../model/value.js';
import { calleeReceiver, propertyInitializer, shortText, unwrapExpression } from '../engine/ast.js';
import type { ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import { type BaseOption, clientBase, upperCase, withBase } from './http-client-calls.js';

const INSTANCE = 'axios.instance';

/** Where axios-style methods take their URL, body and config. HttpService of @nestjs/axios mirrors it. */
export const AXIOS_METHODS: ReadonlyMap<string, { method: string; configAt: number }> = new Map([
  ['get', { method: 'GET', configAt: 1 }],
  ['delete', { method: 'DELETE', configAt: 1 }],
  ['head', { method: 'HEAD', configAt: 1 }],
  ['options', { method: 'OPTIONS', configAt: 1 }],
  ['post', { method: 'POST', configAt: 2 }],
  ['put', { method: 'PUT', configAt: 2 }],
  ['patch', { method: 'PATCH', configAt: 2 }],
  ['postForm', { method: 'POST', configAt: 2 }],
  ['putForm', { method: 'PUT', configAt: 2 }],
  ['patchForm', { method: 'PATCH', configAt: 2 }],
]);

/**
 * axios: the default export and `axios.create({ baseURL })` instances, wherever they are kept; method
 * calls (`get`, `post`, ...), `request(config)` and calling the instance itself (`axios(config)`,
 * `axios(url, config)`).
 */
export const axiosDetector: Detector = {
  library: 'axios',
  modules: ['axios'],
  clientOf: { kind: 'http', helpers: ['isAxiosError', 'AxiosError', 'AxiosHeaders', 'isCancel', 'CanceledError', 'HttpStatusCode', 'toFormData', 'formToJSON'] },
  clients: {
    values: [
      { module: 'axios', name: 'default', kind: INSTANCE },
      { module: 'axios', name: '*', kind: INSTANCE },
      { module: 'axios', name: 'axios', kind: INSTANCE },
    ],
    types: [
      { module: 'axios', name: 'AxiosInstance', kind: INSTANCE },
      { module: 'axios', name: 'AxiosStatic', kind: INSTANCE },
      { module: 'axios', name: 'Axios', kind: INSTANCE },
    ],
    factories: [{ on: INSTANCE, method: 'create', kind: INSTANCE }],
  },
  detect(scan) {
    for (const name of [...AXIOS_METHODS.keys(), 'request']) {
      for (const call of scan.calls(name)) {
        const receiver = calleeReceiver(scan.ts, call);
        const client = receiver && scan.classify(receiver);
        if (client?.kind !== INSTANCE) continue;
        emitAxiosStyleCall(scan, 'axios', call, name, baseUrlOf(scan, client));
      }
    }
    // `axios(config)` / `api('/x')`: the instance called as a function.
    for (const calls of scan.index.callsByName.values()) {
      for (const call of calls) {
        const callee = unwrapExpression(scan.ts, call.expression);
        if (!scan.ts.isIdentifier(callee)) continue;
        const client = scan.classify(callee);
        if (client?.kind !== INSTANCE) continue;
        emitAxiosStyleCall(scan, 'axios', call, 'call', baseUrlOf(scan, client));
      }
    }
    // `axios[method](url, body)`: the method is a value, often a hook's parameter that its callers bind.
    for (const call of scan.index.computedMemberCalls) {
      const callee = unwrapExpression(scan.ts, call.expression);
      if (!scan.ts.isElementAccessExpression(callee)) continue;
      const client = scan.classify(callee.expression);
      if (client?.kind !== INSTANCE) continue;
      const method = scan.evaluate(callee.argumentExpression);
      const form = method.kind === 'string' ? method.value.toLowerCase() : undefined;
      if (form !== undefined && (AXIOS_METHODS.has(form) || form === 'request')) {
        emitAxiosStyleCall(scan, 'axios', call, form, baseUrlOf(scan, client));
      } else if (call.arguments[0] !== undefined) {
        scan.emit.http({ library: 'axios', node: call, method: upperCase(method), url: withBase(baseUrlOf(scan, client), scan.evaluate(call.arguments[0])) });
      }
    }
  },
};

/** An instance's `create` keeps its `baseURL` unless the new config sets one. */
const AXIOS_BASE: BaseOption = { names: ['baseURL'], inheritedBy: ['create'] };

/** The `baseURL` of an instance made by `axios.create({ baseURL })`; `undefined` when it has none. */
export function baseUrlOf(scan: DetectorScan, client: ClientRef): Value | undefined {
  return clientBase(scan, client, AXIOS_BASE);
}

/**
 * Records one axios-style request. `form` is the method name, `request` for `request(config)`, or `call`
 * for the instance called as a function.
 */
export function emitAxiosStyleCall(scan: DetectorScan, library: string, call: ts.CallExpression, form: string, baseUrl: Value | undefined): void {
  const t = scan.ts;
  const args = call.arguments;
  let url: Value | undefined;
  let method: Value;
  let config: ts.Expression | undefined;
  const shorthand = AXIOS_METHODS.get(form);
  if (shorthand) {
    if (args[0] === undefined) return;
    url = scan.evaluate(args[0]);
    method = stringValue(shorthand.method);
    config = args[shorthand.configAt];
  } else {
    // `request(config)`, `axios(config)` or `axios(url, config)`.
    const first = args[0];
    if (first === undefined) return;
    const firstDefinition = scan.definition(first);
    if (form === 'call' && !t.isObjectLiteralExpression(firstDefinition)) {
      url = scan.evaluate(first);
      config = args[1];
    } else {
      config = first;
    }
    method = stringValue('GET');
  }
  const configObject = config && scan.definition(config);
  if (configObject && t.isObjectLiteralExpression(configObject)) {
    const methodExpression = propertyInitializer(t, configObject, 'method');
    if (methodExpression) method = upperCase(scan.evaluate(methodExpression));
    const urlExpression = propertyInitializer(t, configObject, 'url');
    if (url === undefined && urlExpression) url = scan.evaluate(urlExpression);
    const ownBase = propertyInitializer(t, configObject, 'baseURL');
    if (ownBase) baseUrl = scan.evaluate(ownBase);
  } else if (config !== undefined && !shorthand) {
    // The whole request is described by an object built elsewhere.
    method = unknownValue(`${shortText(config)}.method`, 'the request config is built elsewhere');
    url ??= unknownValue(`${shortText(config)}.url`, 'the request config is built elsewhere');
  }
  if (url === undefined) return;
  scan.emit.http({
    library,
    node: call,
    method,
    url: withBase(baseUrl, url),
    ...(config ? { options: config } : {}),
  });
}

// Kept here for the detectors that import it from axios.
export { upperCase };
