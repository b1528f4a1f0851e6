import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'notify/notify.ts': `const BASE = process.env.NOTIFY_URL ?? 'http://notifications:5000';

export async function notify(userId: string) {
  await fetch(\`\${BASE}/notify\`, { method: 'POST', body: JSON.stringify({ userId }) });
  const request = new Request(new URL('/users/' + userId, BASE), { method: 'put' });
  await fetch(request);
  await fetch(new Request(BASE + '/ping'));
  await globalThis.fetch(BASE + '/global');
  const response = await fetch(BASE + '/with-timeout', { signal: AbortSignal.timeout(1000) });
  const init: RequestInit = { method: 'PATCH' };
  await fetch(\`\${BASE}/init\`, init);
  await fetch(new Request(\`\${BASE}/override\`, { method: 'POST' }), { method: 'DELETE' });
  return response.ok;
}
`,
  'gateway/gateway.js': `async function forward(path, options) {
  const res = await fetch(\`\${process.env.UPSTREAM_URL}\${path}\`, options);
  return res.json();
}

module.exports = { forward };
`,
  'negative/node-fetch.ts': `import fetch from 'node-fetch';

export async function load() {
  return fetch('http://not-global/imported');
}
`,
  'negative/my-fetch.ts': `export async function fetch(url: string) {
  return url;
}

export async function load() {
  return fetch('http://not-global/declared');
}
`,
  'negative/imported-fetch.ts': `import { fetch } from './my-fetch';

export async function load() {
  return fetch('http://not-global/from-module');
}
`,
  'negative/shadowed.ts': `export async function load(fetch: (url: string) => Promise<string>) {
  const window = { fetch: (url: string) => url };
  window.fetch('http://not-global/window');
  return fetch('http://not-global/parameter');
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('fetch', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES).filter((name) => name !== 'negative/node-fetch.ts')) expect(program().errors(entry), entry).toEqual([]);
  });

  it('the global fetch with a URL, a Request, new URL(path, base), init objects', () => {
    const expected = [
      'http fetch L4 "POST" env(NOTIFY_URL??"http://notifications:5000")+"/notify"',
      'http fetch L6 "PUT" env(NOTIFY_URL??"http://notifications:5000")+"/users/"+param(0)',
      'http fetch L7 "GET" env(NOTIFY_URL??"http://notifications:5000")+"/ping"',
      'http fetch L8 "GET" env(NOTIFY_URL??"http://notifications:5000")+"/global"',
      'http fetch L9 "GET" env(NOTIFY_URL??"http://notifications:5000")+"/with-timeout"',
      'http fetch L11 "PATCH" env(NOTIFY_URL??"http://notifications:5000")+"/init"',
      // The init given to fetch wins over the Request's own.
      'http fetch L12 "DELETE" env(NOTIFY_URL??"http://notifications:5000")+"/override"',
    ];
    expect(untyped('notify/notify.ts')).toEqual(expected);
    expect(typed('notify/notify.ts')).toEqual(expected);
    const withTimeout = scanUntyped(FILES['notify/notify.ts']!, 'notify/notify.ts').http[4]!;
    expect(withTimeout.options?.getText()).toBe('{ signal: AbortSignal.timeout(1000) }');
  });

  it('JavaScript: a forwarding gateway whose path and options come from its caller', () => {
    const expected = ['http fetch L2 ?(options.method) env(UPSTREAM_URL)+param(0)'];
    expect(untyped('gateway/gateway.js')).toEqual(expected);
    expect(typed('gateway/gateway.js')).toEqual(expected);
  });

  it('a fetch imported from a package or a module, declared in the file, or a parameter is not the global one', () => {
    for (const entry of ['negative/my-fetch.ts', 'negative/imported-fetch.ts', 'negative/shadowed.ts']) {
      expect(untyped(entry), entry).toEqual([]);
      expect(typed(entry), entry).toEqual([]);
    }
    // node-fetch's own detector has it, once.
    expect(untyped('negative/node-fetch.ts')).toEqual(['http node-fetch L4 "GET" "http://not-global/imported"']);
  });
});
