import { concatValues, stringValue, unknownValue, type Value } from '../model/value.js';
import type { ClientKindTable, ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import { clientMethodCalls, optionValue, readOption, upperCase } from './http-client-calls.js';

const MODULES = ['http2', 'node:http2'];
const SESSION = 'node-http2.session';

const CLIENTS: ClientKindTable = {
  calls: MODULES.flatMap((module) => ['connect', 'default.connect'].map((name) => ({ module, name, kind: SESSION }))),
};

/**
 * Node's `http2` client: `http2.connect(authority)` opens a session to an origin, and each
 * `session.request(headers)` is a request to that origin, at the `:path` header (else `/`), with the
 * `:method` header (else GET). Only the authority's origin counts: its path, if any, is not the request's.
 */
export const nodeHttp2Detector: Detector = {
  library: 'node:http2',
  modules: MODULES,
  clientOf: { kind: 'http' },
  clients: CLIENTS,
  detect(scan) {
    for (const { call, client } of clientMethodCalls(scan, MODULES, CLIENTS, ['request'], new Set([SESSION]))) {
      const headers = call.arguments[0];
      const path = optionValue(readOption(scan, headers, [':path'])) ?? stringValue('/');
      const method = optionValue(readOption(scan, headers, [':method']));
      scan.emit.http({ library: 'node:http2', node: call, method: method ? upperCase(method) : stringValue('GET'), url: concatValues([originOf(scan, client), path]) });
    }
  },
};

/** The origin a session was opened to, from its `connect(authority)` call. */
function originOf(scan: DetectorScan, session: ClientRef): Value {
  const creation = session.creation;
  const authority = creation !== undefined && scan.ts.isCallExpression(creation) ? creation.arguments[0] : undefined;
  if (authority === undefined) return unknownValue('authority', 'a session made elsewhere');
  return withoutPath(scan.boundToFactories(scan.evaluate(authority), session));
}

/** `https://ksql:8088/query-stream` and `${ENDPOINT}/query-stream` without their path. */
function withoutPath(value: Value): Value {
  if (value.kind === 'string') return stringValue(cutPath(value.value) ?? value.value);
  if (value.kind !== 'concat') return value;
  const kept: Value[] = [];
  for (const part of value.parts) {
    if (part.kind !== 'string') {
      kept.push(part);
      continue;
    }
    const cut = cutPath(part.value, kept.length > 0);
    kept.push(stringValue(cut ?? part.value));
    if (cut !== undefined) break;
  }
  return concatValues(kept);
}

/** The text before the path starts, or `undefined` when no path starts in it. */
function cutPath(text: string, afterHost = false): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  const from = scheme ? scheme[0].length : 0;
  const slash = text.indexOf('/', from);
  if (slash < 0) return undefined;
  return scheme || afterHost || slash > 0 ? text.slice(0, slash) : '';
}
