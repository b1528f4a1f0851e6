import type { Detector } from '../engine/detector.js';
import { emitFetchCall } from './fetch.js';
import { importedCalls } from './http-client-calls.js';

/**
 * Packages whose export is a `fetch(input, init)` with the standard API, and the names it is exported by:
 * the default export (`import fetch from 'node-fetch'`), the CommonJS module itself (`require('node-fetch')`
 * in node-fetch 2), and `cross-fetch`'s named `fetch`.
 */
const FETCH_EXPORTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['node-fetch', ['default', '*']],
  ['cross-fetch', ['default', '*', 'fetch']],
  ['isomorphic-fetch', ['default', '*']],
]);

/**
 * `node-fetch` (and `cross-fetch`, `isomorphic-fetch`, which have the same API): the imported or required
 * `fetch(url, init)` and `fetch(new Request(url, init))`, read as the global fetch is. A `require` of the
 * polyfill that installs a global `fetch` leaves the calls to the global fetch detector.
 */
export const nodeFetchDetector: Detector = {
  library: 'node-fetch',
  modules: [...FETCH_EXPORTS.keys()],
  clientOf: { kind: 'http', helpers: ['Headers', 'Response', 'Request', 'FetchError', 'AbortError', 'FormData', 'Blob', 'File', 'isRedirect'] },
  detect(scan) {
    for (const [module, names] of FETCH_EXPORTS) {
      for (const { call } of importedCalls(scan, [module], names)) emitFetchCall(scan, module, call);
    }
  },
};
