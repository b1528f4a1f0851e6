import type ts from 'typescript';
import { stringValue } from '../model/value.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { isGlobalReference } from './fetch.js';
import { importedCalls, importedConstructions, methodOption } from './http-client-calls.js';

/** Packages with an `EventSource` class, and the names it is exported by. */
const EVENT_SOURCE_EXPORTS: ReadonlyMap<string, readonly string[]> = new Map([
  // `import EventSource from 'eventsource'` (1 and 2, CommonJS), `import { EventSource } from 'eventsource'` (3+).
  ['eventsource', ['default', '*', 'EventSource']],
  ['event-source-polyfill', ['EventSourcePolyfill', 'NativeEventSource', 'EventSource']],
]);

const FETCH_EVENT_SOURCE = '@microsoft/fetch-event-source';

/**
 * Server-sent events: an HTTP GET that streams. The browser's global `EventSource` (`new EventSource(url)`,
 * `new window.EventSource(url)`, only when the name is neither imported nor declared in the file), the
 * `eventsource` and `event-source-polyfill` packages, and `fetchEventSource(url, { method })` of
 * `@microsoft/fetch-event-source`, which may use any method.
 */
export const eventSourceDetector: Detector = {
  library: 'EventSource',
  modules: [...EVENT_SOURCE_EXPORTS.keys(), FETCH_EVENT_SOURCE],
  detect(scan) {
    for (const node of scan.index.newsByName.get('EventSource') ?? []) {
      if (isGlobalReference(scan, node.expression, 'EventSource')) emitEventSource(scan, node, 'EventSource');
    }
    for (const [module, names] of EVENT_SOURCE_EXPORTS) {
      for (const { node } of importedConstructions(scan, [module], names)) emitEventSource(scan, node, module);
    }
    for (const { call } of importedCalls(scan, [FETCH_EVENT_SOURCE], ['fetchEventSource'])) {
      const [url, options] = call.arguments;
      if (url === undefined) continue;
      const method = methodOption(scan, options, stringValue('GET'));
      scan.emit.http({ library: FETCH_EVENT_SOURCE, node: call, method, url: scan.evaluate(url), ...(options ? { options } : {}) });
    }
  },
};

function emitEventSource(scan: DetectorScan, node: ts.NewExpression, library: string): void {
  const [url, options] = node.arguments ?? [];
  if (url === undefined) return;
  scan.emit.http({ library, node, method: stringValue('GET'), url: scan.evaluate(url), ...(options ? { options } : {}) });
}
