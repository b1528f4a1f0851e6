import type ts from 'typescript';
import { calleeReceiver } from '../engine/ast.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { AXIOS_METHODS, emitAxiosStyleCall } from './axios.js';
import { upperCase } from './http-client-calls.js';

const MODULE = '@angular/common/http';
const HTTP_CLIENT = 'angular.http-client';

/**
 * Angular's `HttpClient`, injected by constructor or with `inject(HttpClient)`: `get`/`delete`/`head`/
 * `options(url, options)`, `post`/`put`/`patch(url, body, options)` (axios' shapes), and
 * `request(method, url, options)`.
 */
export const angularHttpDetector: Detector = {
  library: MODULE,
  modules: [MODULE],
  clientOf: {
    kind: 'http',
    helpers: ['HttpHeaders', 'HttpParams', 'HttpErrorResponse', 'HttpResponse', 'HttpContext', 'HttpContextToken', 'HTTP_INTERCEPTORS', 'provideHttpClient', 'withInterceptors', 'withFetch', 'HttpClientModule', 'HttpEventType', 'HttpStatusCode'],
  },
  clients: {
    types: [{ module: MODULE, name: 'HttpClient', kind: HTTP_CLIENT }],
    injectors: [{ module: '@angular/core', name: 'inject' }],
  },
  detect(scan) {
    for (const name of AXIOS_METHODS.keys()) {
      for (const call of scan.calls(name)) {
        if (isHttpClientCall(scan, call)) emitAxiosStyleCall(scan, MODULE, call, name, undefined);
      }
    }
    for (const call of scan.calls('request')) {
      const [method, url, options] = call.arguments;
      if (method === undefined || url === undefined || !isHttpClientCall(scan, call)) continue;
      scan.emit.http({ library: MODULE, node: call, method: upperCase(scan.evaluate(method)), url: scan.evaluate(url), ...(options ? { options } : {}) });
    }
  },
};

function isHttpClientCall(scan: DetectorScan, call: ts.CallExpression): boolean {
  const receiver = calleeReceiver(scan.ts, call);
  return receiver !== undefined && scan.classify(receiver)?.kind === HTTP_CLIENT;
}
