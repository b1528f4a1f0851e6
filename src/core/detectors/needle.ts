import { stringValue } from '../model/value.js';
import type { ClientKindTable, Detector } from '../engine/detector.js';
import { calledClients, clientMethodCalls, upperCase } from './http-client-calls.js';

const LIBRARY = 'needle';
const MODULES = [LIBRARY];
/** The module itself: a function (`needle('post', url, data)`) with the method shorthands. */
const REQUEST = 'needle.request';

/** `needle.get(url)`, `needle.post(url, data)`: the URL first, whatever follows; the method is the name. */
const SHORTHANDS: ReadonlyMap<string, string> = new Map(['get', 'head', 'post', 'put', 'patch', 'delete'].map((name) => [name, name.toUpperCase()]));

const CLIENTS: ClientKindTable = {
  values: [
    { module: LIBRARY, name: 'default', kind: REQUEST },
    { module: LIBRARY, name: '*', kind: REQUEST },
  ],
  types: [{ module: LIBRARY, name: 'NeedleStatic', kind: REQUEST }],
};

/**
 * needle, under whatever name it is imported: the shorthands `get/head/post/put/patch/delete(url, ...)`,
 * `needle.request(method, url, data, ...)`, and the module called as `needle(method, url, data, ...)`,
 * which always takes the method first. Callbacks, data and options do not change where the request goes.
 */
export const needleDetector: Detector = {
  library: LIBRARY,
  modules: MODULES,
  clientOf: { kind: 'http' },
  clients: CLIENTS,
  detect(scan) {
    for (const { call } of calledClients(scan, MODULES, CLIENTS, new Set([REQUEST]))) {
      const [method, url] = call.arguments;
      if (method === undefined || url === undefined) continue;
      scan.emit.http({ library: LIBRARY, node: call, method: upperCase(scan.evaluate(method)), url: scan.evaluate(url) });
    }
    for (const { call, method } of clientMethodCalls(scan, MODULES, CLIENTS, [...SHORTHANDS.keys(), 'request'], new Set([REQUEST]))) {
      const [first, second] = call.arguments;
      if (method === 'request') {
        if (first === undefined || second === undefined) continue;
        scan.emit.http({ library: LIBRARY, node: call, method: upperCase(scan.evaluate(first)), url: scan.evaluate(second) });
      } else if (first !== undefined) {
        scan.emit.http({ library: LIBRARY, node: call, method: stringValue(SHORTHANDS.get(method)!), url: scan.evaluate(first) });
      }
    }
  },
};
