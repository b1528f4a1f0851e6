import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'web/live.ts': `const API = process.env.API_URL ?? 'http://gateway:8080';

export function follow(orderId: string, onUpdate: (data: string) => void) {
  const source = new EventSource(\`\${API}/orders/\${orderId}/events\`, { withCredentials: true });
  source.onmessage = (event) => onUpdate(String(event.data));
  const other = new window.EventSource(API + '/notifications');
  return [source, other];
}
`,
  'worker/stream.ts': `import { EventSource } from 'eventsource';
import { fetchEventSource } from '@microsoft/fetch-event-source';

export async function consume(prompt: string) {
  const events = new EventSource('http://llm:8000/stream');
  await fetchEventSource('http://llm:8000/chat', { method: 'post', body: JSON.stringify({ prompt }) });
  await fetchEventSource('http://llm:8000/status', { onmessage: () => undefined });
  return events;
}
`,
  'js/legacy.js': `const EventSource = require('eventsource');

module.exports = (url) => new EventSource(url + '/feed');
`,
  'negative/own-event-source.ts': `class EventSource {
  constructor(readonly url: string) {}
}

export function local() {
  return new EventSource('http://not-a-stream/');
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/** The packages are not installed here: code that imports them compiles with them as `any`. */
const errors = (entry: string) => program().errors(entry).filter((message) => !/Cannot find module '(eventsource|@microsoft\/fetch-event-source)'/.test(message));

describe('EventSource', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(errors(entry), entry).toEqual([]);
  });

  it('the browser EventSource, under window too: a GET that streams', () => {
    const expected = [
      'http EventSource L4 "GET" env(API_URL??"http://gateway:8080")+"/orders/"+param(0)+"/events"',
      'http EventSource L6 "GET" env(API_URL??"http://gateway:8080")+"/notifications"',
    ];
    expect(untyped('web/live.ts')).toEqual(expected);
    expect(typed('web/live.ts')).toEqual(expected);
  });

  it('the eventsource package, and fetchEventSource with its method', () => {
    const expected = [
      'http eventsource L5 "GET" "http://llm:8000/stream"',
      'http @microsoft/fetch-event-source L6 "POST" "http://llm:8000/chat"',
      'http @microsoft/fetch-event-source L7 "GET" "http://llm:8000/status"',
    ];
    expect(untyped('worker/stream.ts')).toEqual(expected);
    expect(typed('worker/stream.ts')).toEqual(expected);
  });

  it('JavaScript: eventsource required as its default export', () => {
    const expected = ['http eventsource L3 "GET" param(0)+"/feed"'];
    expect(untyped('js/legacy.js')).toEqual(expected);
    expect(typed('js/legacy.js')).toEqual(expected);
  });

  it('a class of the file called EventSource is not the browser one', () => {
    expect(untyped('negative/own-event-source.ts')).toEqual([]);
    expect(typed('negative/own-event-source.ts')).toEqual([]);
  });
});
