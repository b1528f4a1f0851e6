import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'orders/clients.ts': `import got from 'got';

export const paymentsApi = got.extend({
  prefixUrl: process.env.PAYMENTS_URL ?? 'http://payments:8080/api',
  timeout: { request: 5000 },
  retry: { limit: 2 },
});
// A child instance: its own prefixUrl replaces the parent's, its other options keep the parent's.
export const paymentsV2 = paymentsApi.extend({ prefixUrl: 'http://payments:8080/api/v2/' });
export const paymentsWithAuth = paymentsApi.extend({ headers: { authorization: \`Bearer \${process.env.TOKEN}\` } });
`,
  'orders/orders.ts': `import { paymentsApi, paymentsV2, paymentsWithAuth } from './clients';

export async function pay(orderId: string, amount: number) {
  const charge = await paymentsApi.post('charges', { json: { orderId, amount } }).json();
  await paymentsV2.get(\`charges/\${orderId}\`);
  await paymentsWithAuth(\`refunds/\${orderId}\`, { method: 'post' });
  return charge;
}
`,
  'catalog/catalog.client.ts': `import got, { type Got } from 'got';

const CATALOG_URL = process.env.CATALOG_URL ?? 'http://catalog:3000';

export class CatalogClient {
  private readonly http: Got;

  constructor() {
    this.http = got.extend({ prefixUrl: CATALOG_URL, responseType: 'json' });
  }

  product(id: string) {
    return this.http.get(\`products/\${id}\`).json();
  }

  search(query: string) {
    return this.http('search', { searchParams: { q: query } });
  }

  reindex() {
    return this.http.stream.post('admin/reindex');
  }
}

export class InventoryClient {
  constructor(private readonly http: Got) {}

  reserve(sku: string) {
    return this.http.post(\`reservations/\${sku}\`);
  }
}
`,
  'misc/forms.ts': `import got from 'got';

const USERS = 'http://users:3000';

export async function forms(id: string) {
  await got('users', { prefixUrl: USERS });
  await got.paginate.all('http://users:3000/users');
  const client = got.extend({ prefixUrl: USERS + '/api/' });
  await client(\`users/\${id}\`);
  // got ignores prefixUrl for a URL object.
  await client(new URL('http://search:9200/_refresh'));
  await client.delete('sessions/1', { prefixUrl: 'http://auth:4000' });
  const options = { method: 'PATCH' };
  await got('http://users:3000/me', options);
  // Several options and instances: the last that sets prefixUrl wins.
  const merged = got.extend({ prefixUrl: 'http://old:1' }, { prefixUrl: 'http://orders:8080' }, { headers: { a: '1' } });
  await merged.get('orders');
  const fromInstance = got.extend(client, { timeout: { request: 1000 } });
  await fromInstance.get('me');
}
`,
  'js/client.js': `const got = require('got');

const api = got.extend({ prefixUrl: process.env.API_URL || 'http://api:8080/' });

async function run(id) {
  await api.get('things/' + id);
  await got.post('http://audit:9000/events', { json: { id } });
  await got({ url: 'http://audit:9000/ping', method: 'head' });
  return got.stream('http://files:7000/export.csv');
}

module.exports = { run };
`,
  'factory/http.ts': `import got from 'got';

// A factory whose options its callers give: the prefix is theirs to fill in.
export function createClient(options: { prefixUrl: string; token: string }) {
  const client = got.extend(options);
  return client.get('health');
}
`,
  'negative/lookalikes.ts': `import _ from 'lodash';

export function got(url: string) {
  return url;
}

export function run(cache: Map<string, string>) {
  got('http://not-a-request/');
  const merged = _.extend({}, { prefixUrl: 'http://not-a-client' });
  cache.get('users');
  return merged;
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/** got is not installed here: code that imports it compiles with it as `any`. */
const errors = (entry: string) => program().errors(entry).filter((message) => !message.includes("Cannot find module 'got'"));

describe('got', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES).filter((name) => !name.startsWith('negative/'))) expect(errors(entry), entry).toEqual([]);
  });

  it('instances made by got.extend in a clients module, their children, used in another file', () => {
    expect(untyped('orders/orders.ts')).toEqual([]);
    expect(typed('orders/orders.ts')).toEqual([
      'http got L4 "POST" env(PAYMENTS_URL??"http://payments:8080/api")+"/charges"',
      'http got L5 "GET" "http://payments:8080/api/v2/charges/"+param(0)',
      'http got L6 "POST" env(PAYMENTS_URL??"http://payments:8080/api")+"/refunds/"+param(0)',
    ]);
    // Creating instances is not a request.
    expect(typed('orders/clients.ts')).toEqual([]);
  });

  it('an API client class: an instance field, the instance called, got.stream; an injected instance has no known prefix', () => {
    const expected = [
      'http got L13 "GET" env(CATALOG_URL??"http://catalog:3000")+"/products/"+param(0)',
      'http got L17 "GET" env(CATALOG_URL??"http://catalog:3000")+"/search"',
      'http got L21 "POST" env(CATALOG_URL??"http://catalog:3000")+"/admin/reindex"',
      'http got L29 "POST" "reservations/"+param(0)',
    ];
    expect(untyped('catalog/catalog.client.ts')).toEqual(expected);
    expect(typed('catalog/catalog.client.ts')).toEqual(expected);
  });

  it('prefixUrl per request, paginate, URL objects, options in a variable', () => {
    const expected = [
      'http got L6 "GET" "http://users:3000/users"',
      'http got L7 "GET" "http://users:3000/users"',
      'http got L9 "GET" "http://users:3000/api/users/"+param(0)',
      'http got L11 "GET" "http://search:9200/_refresh"',
      'http got L12 "DELETE" "http://auth:4000/sessions/1"',
      'http got L14 "PATCH" "http://users:3000/me"',
      'http got L17 "GET" "http://orders:8080/orders"',
      'http got L19 "GET" "http://users:3000/api/me"',
    ];
    expect(untyped('misc/forms.ts')).toEqual(expected);
    expect(typed('misc/forms.ts')).toEqual(expected);
  });

  it('JavaScript: require("got"), got(options), shorthands and streams', () => {
    const expected = [
      // The fallback's trailing slash is dropped: got puts exactly one slash between prefix and path.
      'http got L6 "GET" env(API_URL??"http://api:8080")+"/things/"+param(0)',
      'http got L7 "POST" "http://audit:9000/events"',
      'http got L8 "HEAD" "http://audit:9000/ping"',
      'http got L9 "GET" "http://files:7000/export.csv"',
    ];
    expect(untyped('js/client.js')).toEqual(expected);
    expect(typed('js/client.js')).toEqual(expected);
  });

  it('a prefix from the options a factory is given stays its parameter, for its callers to bind', () => {
    const expected = ['http got L6 "GET" param(0.prefixUrl)+"/health"'];
    expect(untyped('factory/http.ts')).toEqual(expected);
    expect(typed('factory/http.ts')).toEqual(expected);
  });

  it('an own function called got, lodash extend and Map.get are not got', () => {
    expect(untyped('negative/lookalikes.ts')).toEqual([]);
    expect(typed('negative/lookalikes.ts')).toEqual([]);
  });
});
