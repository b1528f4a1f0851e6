import type ts from 'typescript';
import { stringValue, unknownValue, type Value } from '../model/value.js';
import { propertyInitializer, shortText, unwrapExpression } from '../engine/ast.js';
import { findLocalDeclaration } from '../engine/declarations.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { upperCase } from './axios.js';

const GLOBAL_OWNERS = new Set(['globalThis', 'window', 'self', 'global']);

/** The globals a detector reads as clients (`isGlobalReference`): a file naming none of them and no library has no client. */
export const GLOBAL_CLIENTS: readonly string[] = ['fetch', 'EventSource'];

/** The global `fetch(url, init)` of browsers and Node 18+ (not a `fetch` imported or declared locally). */
export const fetchDetector: Detector = {
  library: 'fetch',
  modules: [],
  detect(scan) {
    for (const call of scan.calls('fetch')) {
      if (isGlobalFetch(scan, call)) emitFetchCall(scan, 'fetch', call);
    }
  },
};

/**
 * Records a call of a function with the fetch API (`fetch(input, init)`): the global one, and the
 * `node-fetch`, `cross-fetch`, `undici` and `ofetch.native` ones.
 */
export function emitFetchCall(scan: DetectorScan, library: string, call: ts.CallExpression): void {
  const input = call.arguments[0];
  if (input === undefined) return;
  const init = call.arguments[1];
  const { url, method } = readRequest(scan, input, init);
  scan.emit.http({ library, node: call, method, url, ...(init ? { options: init } : {}) });
}

function isGlobalFetch(scan: DetectorScan, call: ts.CallExpression): boolean {
  return isGlobalReference(scan, call.expression, 'fetch');
}

/**
 * True when an expression names the global `name` (`fetch`, `globalThis.fetch`, `window.EventSource`), not
 * one imported or declared in the file.
 */
export function isGlobalReference(scan: DetectorScan, expression: ts.Expression, name: string): boolean {
  const t = scan.ts;
  const node = unwrapExpression(t, expression);
  if (t.isIdentifier(node)) {
    return node.text === name && !scan.index.imports.has(name) && findLocalDeclaration(t, node) === undefined;
  }
  if (t.isPropertyAccessExpression(node) && node.name.text === name) {
    const owner = unwrapExpression(t, node.expression);
    return t.isIdentifier(owner) && GLOBAL_OWNERS.has(owner.text) && findLocalDeclaration(t, owner) === undefined;
  }
  return false;
}

/** Reads `fetch(url, init)` and `fetch(new Request(url, init))`. */
export function readRequest(scan: DetectorScan, input: ts.Expression, init: ts.Expression | undefined): { url: Value; method: Value } {
  const t = scan.ts;
  const definition = scan.definition(input);
  if (t.isNewExpression(definition) && t.isIdentifier(definition.expression) && definition.expression.text === 'Request' && definition.arguments?.[0]) {
    const inner = readRequest(scan, definition.arguments[0], definition.arguments[1]);
    return init ? { url: inner.url, method: methodOf(scan, init, inner.method) } : inner;
  }
  return { url: scan.evaluate(input), method: init ? methodOf(scan, init, stringValue('GET')) : stringValue('GET') };
}

function methodOf(scan: DetectorScan, init: ts.Expression, fallback: Value): Value {
  const t = scan.ts;
  const definition = scan.definition(init);
  if (!t.isObjectLiteralExpression(definition)) return unknownValue(`${shortText(init)}.method`, 'the request options are built elsewhere');
  const method = propertyInitializer(t, definition, 'method');
  return method ? upperCase(scan.evaluate(method)) : fallback;
}
