import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'checkout/clients.ts': `import axios from 'axios';

export const paymentsApi = axios.create({ baseURL: process.env.PAYMENTS_URL ?? 'http://payments:8080', timeout: 5000 });
export const inventoryApi = axios.create({ baseURL: 'http://inventory:3000/api/' });
`,
  'checkout/checkout.ts': `import { inventoryApi, paymentsApi } from './clients';

export async function checkout(orderId: string, sku: string) {
  await inventoryApi.post('/reservations', { sku });
  const { data } = await paymentsApi.post(\`/charges/\${orderId}\`, { orderId });
  await paymentsApi.get('status', { params: { orderId } });
  return data;
}
`,
  'users/users.client.ts': `import axios from 'axios';

const USERS_URL = process.env.USERS_URL ?? 'http://users:3000';

axios.defaults.headers.common['Authorization'] = \`Bearer \${process.env.TOKEN}\`;
axios.defaults.timeout = 2000;
axios.interceptors.request.use((config) => config);

export async function loadUser(id: string) {
  const res = await axios.get<{ id: string }>(\`\${USERS_URL}/users/\${id}\`);
  await axios({ method: 'post', url: USERS_URL + '/audit', data: { id } });
  await axios.request({ url: \`\${USERS_URL}/ping\` });
  await axios(\`\${USERS_URL}/health\`);
  await axios.delete(\`\${USERS_URL}/users/\${id}\`, { timeout: 1000 });
  await axios.post('/events', { id }, { baseURL: 'http://audit:9000' });
  return res.data;
}
`,
  'catalog/catalog.ts': `import axios, { type AxiosRequestConfig } from 'axios';

const config: AxiosRequestConfig = { baseURL: 'http://catalog:8080', timeout: 2000 };
const catalog = axios.create(config);

export async function sync(id: string, method: string) {
  await catalog.get(\`/products/\${id}\`);
  await catalog.request({ method: 'PATCH', url: '/products' });
  await catalog('/products/count');
  await axios.request({ method, url: 'http://search:9200/_refresh' });
  const options = { method: 'delete', url: 'http://search:9200/products' };
  await axios(options);
  await axios.post(new URL('/reindex', 'http://search:9200').toString());
  const verb = 'put';
  await catalog[verb](\`/products/\${id}\`, { id });
  await catalog[method.toLowerCase() as 'get'](\`/products/\${id}/stock\`);
}
`,
  'js/client.js': `const axios = require('axios');

const api = axios.create({ baseURL: process.env.API_URL || 'http://api:8080' });

async function run(id) {
  await api.get('/things/' + id);
  await axios.post('http://audit:9000/events', { id });
}

module.exports = { run };
`,
  'js/default-require.js': `const axios = require('axios').default;

exports.ping = () => axios.get('http://health:8080/ping');
`,
  'negative/server.ts': `import express from 'express';
import request from 'supertest';
import { get } from 'lodash';

const app = express();
app.get('/orders/:id', (req, res) => {
  res.send({ id: req.params.id });
});
app.post('/orders', (req, res) => {
  res.status(201).send(req.body);
});
const cache = new Map<string, string>();
cache.get('orders');
get({ a: { b: 1 } }, 'a.b');

export async function smoke() {
  await request(app).post('/orders').send({ sku: 'x' });
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('axios', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES).filter((name) => !name.startsWith('negative/'))) expect(program().errors(entry), entry).toEqual([]);
  });

  it('instances made by axios.create({ baseURL }) in a clients module, used in another file', () => {
    // Without types `paymentsApi` is just an import of a local module.
    expect(untyped('checkout/checkout.ts')).toEqual([]);
    expect(typed('checkout/checkout.ts')).toEqual([
      'http axios L4 "POST" "http://inventory:3000/api/reservations"',
      'http axios L5 "POST" env(PAYMENTS_URL??"http://payments:8080")+"/charges/"+param(0)',
      'http axios L6 "GET" env(PAYMENTS_URL??"http://payments:8080")+"/status"',
    ]);
    // Creating instances is not a request.
    expect(typed('checkout/clients.ts')).toEqual([]);
  });

  it('the default export: shorthands, config objects, the instance called, a per-request baseURL', () => {
    // `axios.defaults...` assignments and interceptors are configuration, not requests.
    const expected = [
      'http axios L10 "GET" env(USERS_URL??"http://users:3000")+"/users/"+param(0)',
      'http axios L11 "POST" env(USERS_URL??"http://users:3000")+"/audit"',
      'http axios L12 "GET" env(USERS_URL??"http://users:3000")+"/ping"',
      'http axios L13 "GET" env(USERS_URL??"http://users:3000")+"/health"',
      'http axios L14 "DELETE" env(USERS_URL??"http://users:3000")+"/users/"+param(0)',
      'http axios L15 "POST" "http://audit:9000/events"',
    ];
    expect(untyped('users/users.client.ts')).toEqual(expected);
    expect(typed('users/users.client.ts')).toEqual(expected);
    const facts = scanUntyped(FILES['users/users.client.ts']!, 'users/users.client.ts');
    expect(facts.http[4]?.options?.getText()).toBe('{ timeout: 1000 }');
  });

  it('a config variable for create, request(config), a run-time method, a config built elsewhere', () => {
    const expected = [
      'http axios L7 "GET" "http://catalog:8080/products/"+param(0)',
      'http axios L8 "PATCH" "http://catalog:8080/products"',
      'http axios L9 "GET" "http://catalog:8080/products/count"',
      'http axios L10 param(1) "http://search:9200/_refresh"',
      'http axios L12 "DELETE" "http://search:9200/products"',
      'http axios L13 "POST" "http://search:9200/reindex"',
      // A computed member: a constant is the shorthand; a run-time value is the method.
      'http axios L15 "PUT" "http://catalog:8080/products/"+param(0)',
      'http axios L16 toLowerCase(param(1)) "http://catalog:8080/products/"+param(0)+"/stock"',
    ];
    expect(untyped('catalog/catalog.ts')).toEqual(expected);
    expect(typed('catalog/catalog.ts')).toEqual(expected);
  });

  it('JavaScript: `const axios = require("axios")` used directly and through create', () => {
    // The direct `axios.post` used to be missed without types: the required module itself is the client.
    const expected = ['http axios L6 "GET" env(API_URL??"http://api:8080")+"/things/"+param(0)', 'http axios L7 "POST" "http://audit:9000/events"'];
    expect(untyped('js/client.js')).toEqual(expected);
    expect(typed('js/client.js')).toEqual(expected);
  });

  it('JavaScript: `require("axios").default`', () => {
    const expected = ['http axios L3 "GET" "http://health:8080/ping"'];
    expect(untyped('js/default-require.js')).toEqual(expected);
    expect(typed('js/default-require.js')).toEqual(expected);
  });

  it('Express handlers, res.send, Map.get, lodash get and supertest are not requests to services', () => {
    // (Test files are left out by the CLI anyway; supertest here stands for any chained `.send`.)
    expect(untyped('negative/server.ts')).toEqual([]);
    expect(typed('negative/server.ts')).toEqual([]);
  });
});
