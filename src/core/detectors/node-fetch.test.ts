import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'notify/notify.ts': `import fetch, { Request } from 'node-fetch';

const BASE = process.env.NOTIFY_URL ?? 'http://notifications:5000';

export async function notify(userId: string) {
  await fetch(\`\${BASE}/notify\`, { method: 'POST', body: JSON.stringify({ userId }) });
  await fetch(new Request(\`\${BASE}/users/\${userId}\`, { method: 'put' }));
  const response = await fetch(BASE + '/health');
  return response.ok;
}
`,
  'notify/aliased.ts': `import nodeFetch from 'node-fetch';
import { fetch as crossFetch } from 'cross-fetch';

export async function both() {
  await nodeFetch('http://a:1/node', { method: 'DELETE' });
  await crossFetch('http://a:1/cross');
}
`,
  'js/client.js': `const fetch = require('node-fetch');

async function run(id, init) {
  await fetch('http://users:3000/users/' + id);
  await fetch('http://users:3000/users', init);
}

async function later() {
  const { default: fetchEsm } = await import('node-fetch');
  return fetchEsm('http://users:3000/esm');
}

module.exports = { run, later };
`,
  'js/isomorphic.js': `const fetch = require('isomorphic-fetch');

exports.ping = () => fetch('http://health:8080/ping');
`,
  'js/polyfill.js': `require('isomorphic-fetch');

// The polyfill installs a global fetch: the global fetch detector's call.
exports.ping = () => fetch('http://health:8080/global');
`,
  'negative/own-fetch.ts': `import { fetch } from './http';

export function load() {
  return fetch('http://not-node-fetch/');
}
`,
  'negative/http.ts': `export async function fetch(url: string) {
  return url;
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/** The packages are not installed here: code that imports them compiles with them as `any`. */
// The libraries may be absent, or present without types (node-fetch 2 comes with a devDependency's tree).
const errors = (entry: string) =>
  program()
    .errors(entry)
    .filter((message) => !/(Cannot find module|Could not find a declaration file for module) '(node-fetch|cross-fetch|isomorphic-fetch)'/.test(message));

describe('node-fetch', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(errors(entry), entry).toEqual([]);
  });

  it('the default import: URLs, init objects and a node-fetch Request, read as the global fetch is', () => {
    const expected = [
      'http node-fetch L6 "POST" env(NOTIFY_URL??"http://notifications:5000")+"/notify"',
      'http node-fetch L7 "PUT" env(NOTIFY_URL??"http://notifications:5000")+"/users/"+param(0)',
      'http node-fetch L8 "GET" env(NOTIFY_URL??"http://notifications:5000")+"/health"',
    ];
    expect(untyped('notify/notify.ts')).toEqual(expected);
    expect(typed('notify/notify.ts')).toEqual(expected);
  });

  it('other local names, and cross-fetch', () => {
    const expected = ['http node-fetch L5 "DELETE" "http://a:1/node"', 'http cross-fetch L6 "GET" "http://a:1/cross"'];
    expect(untyped('notify/aliased.ts')).toEqual(expected);
    expect(typed('notify/aliased.ts')).toEqual(expected);
  });

  it('JavaScript: require, init from the caller, a dynamic import; isomorphic-fetch', () => {
    const expected = [
      'http node-fetch L4 "GET" "http://users:3000/users/"+param(0)',
      'http node-fetch L5 ?(init.method) "http://users:3000/users"',
      'http node-fetch L10 "GET" "http://users:3000/esm"',
    ];
    expect(untyped('js/client.js')).toEqual(expected);
    expect(typed('js/client.js')).toEqual(expected);
    expect(untyped('js/isomorphic.js')).toEqual(['http isomorphic-fetch L3 "GET" "http://health:8080/ping"']);
    expect(untyped('js/polyfill.js')).toEqual(['http fetch L4 "GET" "http://health:8080/global"']);
  });

  it("a fetch of the team's own module is not node-fetch", () => {
    expect(untyped('negative/own-fetch.ts')).toEqual([]);
    expect(typed('negative/own-fetch.ts')).toEqual([]);
  });
});
