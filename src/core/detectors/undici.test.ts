import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'gateway/upstreams.ts': `import { Agent, Pool } from 'undici';

export const inventoryPool = new Pool(process.env.INVENTORY_URL ?? 'http://inventory:3000', { connections: 10 });
export const agent = new Agent({ keepAliveTimeout: 10_000 });
`,
  'gateway/proxy.ts': `import { agent, inventoryPool } from './upstreams';

export async function stock(sku: string) {
  const { body } = await inventoryPool.request({ path: \`/stock/\${sku}\`, method: 'GET' });
  await agent.request({ origin: 'http://pricing:4000', path: '/prices', method: 'POST', body: JSON.stringify({ sku }) });
  return body.json();
}
`,
  'gateway/direct.ts': `import { Client, fetch, getGlobalDispatcher, request, stream } from 'undici';
import { Writable } from 'node:stream';

const USERS = process.env.USERS_URL ?? 'http://users:3000';

export async function direct(id: string) {
  await request(\`\${USERS}/users/\${id}\`);
  await request(\`\${USERS}/users\`, { method: 'post', body: JSON.stringify({ id }) });
  await request(\`\${USERS}/users/\${id}\`, { body: 'x' });
  await request({ origin: USERS, path: '/ping', method: 'HEAD' });
  await request('http://audit:9000/ignored', { path: 'events', method: 'POST' });
  await fetch(\`\${USERS}/me\`, { method: 'PATCH' });
  await stream(\`\${USERS}/export\`, { method: 'GET' }, () => new Writable());
  const client = new Client('http://search:9200');
  await client.request({ path: '/_refresh', method: 'POST' });
  await getGlobalDispatcher().request({ origin: USERS, path: '/health', method: 'GET' });
}
`,
  'search/search.client.ts': `import { Pool } from 'undici';

export class SearchClient {
  constructor(private readonly pool: Pool) {}

  search(q: string) {
    return this.pool.request({ path: \`/search?q=\${q}\`, method: 'GET' });
  }
}

export class OrdersClient {
  private readonly pool = new Pool(process.env.ORDERS_URL ?? 'http://orders:8080');

  list() {
    return this.pool.request({ path: '/orders', method: 'GET' });
  }
}
`,
  'js/client.js': `const undici = require('undici');
const { request } = require('undici');

async function run(path) {
  await undici.request('http://a:1/x');
  await request('http://a:1/y', { method: 'DELETE' });
  const pool = new undici.Pool('http://b:2');
  await pool.request({ path, method: 'GET' });
}

module.exports = { run };
`,
  'negative/lookalikes.ts': `import { Pool } from 'pg';

function request(options: { path: string; method: string }) {
  return options;
}

export async function run() {
  request({ path: '/not-a-request', method: 'GET' });
  const pool = new Pool();
  await pool.query('select 1');
  const http = { request: (url: string) => url };
  http.request('http://not-a-request/');
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/** undici is not installed here: code that imports it compiles with it as `any`. */
const errors = (entry: string) => program().errors(entry).filter((message) => !message.includes("Cannot find module 'undici'"));

describe('undici', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES).filter((name) => !name.startsWith('negative/'))) expect(errors(entry), entry).toEqual([]);
  });

  it('a Pool and an Agent exported by one module, used in another: origin + path', () => {
    expect(untyped('gateway/proxy.ts')).toEqual([]);
    expect(typed('gateway/proxy.ts')).toEqual([
      'http undici L4 "GET" env(INVENTORY_URL??"http://inventory:3000")+"/stock/"+param(0)',
      'http undici L5 "POST" "http://pricing:4000/prices"',
    ]);
    expect(typed('gateway/upstreams.ts')).toEqual([]);
  });

  it('request, stream and fetch; a body makes the default method PUT; options.path replaces the path', () => {
    const expected = [
      'http undici L7 "GET" env(USERS_URL??"http://users:3000")+"/users/"+param(0)',
      'http undici L8 "POST" env(USERS_URL??"http://users:3000")+"/users"',
      'http undici L9 "PUT" env(USERS_URL??"http://users:3000")+"/users/"+param(0)',
      'http undici L10 "HEAD" env(USERS_URL??"http://users:3000")+"/ping"',
      'http undici L11 "POST" "http://audit:9000/events"',
      'http undici L12 "PATCH" env(USERS_URL??"http://users:3000")+"/me"',
      'http undici L13 "GET" env(USERS_URL??"http://users:3000")+"/export"',
      'http undici L15 "POST" "http://search:9200/_refresh"',
      'http undici L16 "GET" env(USERS_URL??"http://users:3000")+"/health"',
    ];
    expect(untyped('gateway/direct.ts')).toEqual(expected);
    expect(typed('gateway/direct.ts')).toEqual(expected);
  });

  it('a pool field, and an injected Pool whose origin is not known', () => {
    const expected = [
      'http undici L7 "GET" ?(this.pool.origin)+"/search?q="+param(0)',
      'http undici L15 "GET" env(ORDERS_URL??"http://orders:8080")+"/orders"',
    ];
    expect(untyped('search/search.client.ts')).toEqual(expected);
    expect(typed('search/search.client.ts')).toEqual(expected);
  });

  it('JavaScript: the required module and a destructured require', () => {
    const expected = ['http undici L5 "GET" "http://a:1/x"', 'http undici L6 "DELETE" "http://a:1/y"', 'http undici L8 "GET" "http://b:2"+param(0)'];
    expect(untyped('js/client.js')).toEqual(expected);
    expect(typed('js/client.js')).toEqual(expected);
  });

  it('an own request function, a pg Pool and an object with a request method are not undici', () => {
    expect(untyped('negative/lookalikes.ts')).toEqual([]);
    expect(typed('negative/lookalikes.ts')).toEqual([]);
  });
});
