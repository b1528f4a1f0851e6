import { calleeReceiver } from '../engine/ast.js';
import type { Detector } from '../engine/detector.js';
import { AXIOS_METHODS, emitAxiosStyleCall } from './axios.js';

const HTTP_SERVICE = 'nest-axios.http-service';

/**
 * `@nestjs/axios` `HttpService`, usually injected by constructor: the axios methods returning
 * Observables, and `.axiosRef`, a plain axios instance the axios detector then handles.
 */
export const nestjsAxiosDetector: Detector = {
  library: '@nestjs/axios',
  modules: ['@nestjs/axios'],
  clientOf: { kind: 'http' },
  clients: {
    types: [{ module: '@nestjs/axios', name: 'HttpService', kind: HTTP_SERVICE }],
    properties: [{ on: HTTP_SERVICE, property: 'axiosRef', kind: 'axios.instance' }],
  },
  detect(scan) {
    for (const name of [...AXIOS_METHODS.keys(), 'request']) {
      for (const call of scan.calls(name)) {
        const receiver = calleeReceiver(scan.ts, call);
        if (receiver === undefined || scan.classify(receiver)?.kind !== HTTP_SERVICE) continue;
        emitAxiosStyleCall(scan, '@nestjs/axios', call, name, undefined);
      }
    }
  },
};
