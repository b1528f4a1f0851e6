import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'web/api.ts': `import ky from 'ky';

export const api = ky.create({ prefixUrl: process.env.GATEWAY_URL ?? 'http://gateway:8080/api', timeout: 5000 });
// extend keeps the parent's prefixUrl unless it sets its own; create starts from ky's defaults.
export const adminApi = api.extend({ headers: { 'x-admin': '1' } });
export const billingApi = api.extend({ prefixUrl: 'http://billing:7000' });
export const fresh = api.create({ timeout: 1000 });
export const withHook = api.extend((parent: object) => ({ ...parent, prefixUrl: 'http://hooks:5000/' }));
export const withHeaders = api.extend((parent: object) => ({ ...parent, headers: { 'x-trace': '1' } }));
`,
  'web/orders.ts': `import { adminApi, api, billingApi, fresh, withHeaders, withHook } from './api';

export async function orders(id: string) {
  const list = await api.get('orders').json();
  await adminApi.post(\`orders/\${id}/cancel\`);
  await billingApi('invoices', { method: 'post', json: { id } });
  await fresh.get('health');
  await withHook.put(\`hooks/\${id}\`);
  await withHeaders.get('traced');
  return list;
}
`,
  'web/users.service.ts': `import ky, { type KyInstance } from 'ky';

export class UsersService {
  private readonly http = ky.extend({ prefixUrl: process.env.USERS_URL ?? 'http://users:3000' });

  constructor(private readonly injected: KyInstance) {}

  find(id: string) {
    return this.http.get(\`users/\${id}\`).json();
  }

  remove(id: string) {
    return this.http.delete(\`users/\${id}\`);
  }

  ping() {
    return this.injected.head('ping');
  }
}
`,
  'web/forms.ts': `import ky from 'ky';

export async function forms(id: string) {
  // ky 2: baseUrl resolves like new URL(input, baseUrl); prefix joins with one slash.
  const v2 = ky.create({ baseUrl: 'http://gateway:8080/api/' });
  await v2.get('orders');
  await v2.get('/health');
  await v2.get(\`orders/\${id}\`);
  const prefixed = ky.extend({ prefix: 'http://gateway:8080/api' });
  await prefixed.get('/orders');
  await ky.post('events', { prefixUrl: 'http://audit:9000', json: { id } });
  await ky('http://search:9200/_refresh', { method: 'post' });
  await ky(new Request('http://search:9200/products', { method: 'PUT' }));
}
`,
  'negative/lookalikes.ts': `const ky = {
  get: (url: string) => url,
  extend: (options: object) => options,
};

export function run(settings: { extend(options: object): object }) {
  ky.get('http://not-a-request/');
  ky.extend({ prefixUrl: 'http://not-a-client' });
  settings.extend({ prefixUrl: 'http://not-a-client' });
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/** ky is not installed here: code that imports it compiles with it as `any`. */
const errors = (entry: string) => program().errors(entry).filter((message) => !message.includes("Cannot find module 'ky'"));

describe('ky', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(errors(entry), entry).toEqual([]);
  });

  it('instances from ky.create and extend in a clients module, used in another file', () => {
    expect(untyped('web/orders.ts')).toEqual([]);
    expect(typed('web/orders.ts')).toEqual([
      'http ky L4 "GET" env(GATEWAY_URL??"http://gateway:8080/api")+"/orders"',
      'http ky L5 "POST" env(GATEWAY_URL??"http://gateway:8080/api")+"/orders/"+param(0)+"/cancel"',
      'http ky L6 "POST" "http://billing:7000/invoices"',
      // create starts from ky's defaults: no prefix.
      'http ky L7 "GET" "health"',
      'http ky L8 "PUT" "http://hooks:5000/hooks/"+param(0)',
      'http ky L9 "GET" env(GATEWAY_URL??"http://gateway:8080/api")+"/traced"',
    ]);
    expect(typed('web/api.ts')).toEqual([]);
  });

  it('a service with an instance field, and an injected KyInstance whose prefix is not known', () => {
    const expected = [
      'http ky L9 "GET" env(USERS_URL??"http://users:3000")+"/users/"+param(0)',
      'http ky L13 "DELETE" env(USERS_URL??"http://users:3000")+"/users/"+param(0)',
      'http ky L17 "HEAD" "ping"',
    ];
    expect(untyped('web/users.service.ts')).toEqual(expected);
    expect(typed('web/users.service.ts')).toEqual(expected);
  });

  it('ky 2 baseUrl and prefix, prefixUrl per request, the method option, a Request', () => {
    const expected = [
      'http ky L6 "GET" "http://gateway:8080/api/orders"',
      'http ky L7 "GET" "http://gateway:8080/health"',
      'http ky L8 "GET" "http://gateway:8080/api/orders/"+param(0)',
      'http ky L10 "GET" "http://gateway:8080/api/orders"',
      'http ky L11 "POST" "http://audit:9000/events"',
      'http ky L12 "POST" "http://search:9200/_refresh"',
      'http ky L13 "PUT" "http://search:9200/products"',
    ];
    expect(untyped('web/forms.ts')).toEqual(expected);
    expect(typed('web/forms.ts')).toEqual(expected);
  });

  it('an object named ky and other extend methods are not ky', () => {
    expect(untyped('negative/lookalikes.ts')).toEqual([]);
    expect(typed('negative/lookalikes.ts')).toEqual([]);
  });
});
