import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'app/api.ts': `import { ofetch } from 'ofetch';

export const api = ofetch.create({ baseURL: process.env.API_URL ?? 'http://api:8080/v1', retry: 1 });
// create merges its defaults over the instance's: the baseURL stays unless replaced.
export const authed = api.create({ headers: { authorization: 'Bearer x' } });
export const search = api.create({ baseURL: 'http://search:9200' });
`,
  'app/cart.ts': `import { api, authed, search } from './api';

export async function cart(id: string) {
  const cart = await api(\`/carts/\${id}\`);
  await authed(\`/carts/\${id}/items\`, { method: 'post', body: { sku: 'x' } });
  await search.raw('/products/_search', { method: 'POST', body: { query: {} } });
  return cart;
}
`,
  'app/direct.ts': `import { $fetch, ofetch } from 'ofetch';

export async function direct(id: string) {
  await ofetch('http://users:3000/users', { query: { id } });
  await ofetch('/users/' + id, { baseURL: 'http://users:3000/', method: 'delete' });
  await $fetch('http://users:3000/ping', { method: 'HEAD' });
  await ofetch.native('http://users:3000/raw', { method: 'PUT' });
}
`,
  'app/profile.service.ts': `import { ofetch, type $Fetch } from 'ofetch';

export class ProfileService {
  private readonly http: $Fetch;

  constructor(private readonly injected: $Fetch) {
    this.http = ofetch.create({ baseURL: process.env.PROFILE_URL ?? 'http://profile:4000' });
  }

  load(id: string) {
    return this.http(\`profiles/\${id}\`);
  }

  audit(id: string) {
    return this.injected(\`/audit/\${id}\`, { method: 'POST' });
  }
}
`,
  'negative/nuxt-page.ts': `// Nuxt auto-imports $fetch: not an import of ofetch, so not this detector's.
declare const $fetch: (url: string) => Promise<unknown>;

export function load() {
  return $fetch('/api/local');
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/** ofetch is not installed here: code that imports it compiles with it as `any`. */
const errors = (entry: string) => program().errors(entry).filter((message) => !message.includes("Cannot find module 'ofetch'"));

describe('ofetch', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(errors(entry), entry).toEqual([]);
  });

  it('instances from ofetch.create in a clients module, their children, used in another file', () => {
    expect(untyped('app/cart.ts')).toEqual([]);
    expect(typed('app/cart.ts')).toEqual([
      'http ofetch L4 "GET" env(API_URL??"http://api:8080/v1")+"/carts/"+param(0)',
      'http ofetch L5 "POST" env(API_URL??"http://api:8080/v1")+"/carts/"+param(0)+"/items"',
      'http ofetch L6 "POST" "http://search:9200/products/_search"',
    ]);
  });

  it('ofetch and $fetch imported: baseURL and method per request, native', () => {
    const expected = [
      'http ofetch L4 "GET" "http://users:3000/users"',
      'http ofetch L5 "DELETE" "http://users:3000/users/"+param(0)',
      'http ofetch L6 "HEAD" "http://users:3000/ping"',
      'http ofetch L7 "PUT" "http://users:3000/raw"',
    ];
    expect(untyped('app/direct.ts')).toEqual(expected);
    expect(typed('app/direct.ts')).toEqual(expected);
  });

  it('an instance field, and an injected $Fetch whose base is not known', () => {
    const expected = [
      'http ofetch L11 "GET" env(PROFILE_URL??"http://profile:4000")+"/profiles/"+param(0)',
      'http ofetch L15 "POST" "/audit/"+param(0)',
    ];
    expect(untyped('app/profile.service.ts')).toEqual(expected);
    expect(typed('app/profile.service.ts')).toEqual(expected);
  });

  it('a $fetch that is not imported from ofetch is not ofetch', () => {
    expect(untyped('negative/nuxt-page.ts')).toEqual([]);
    expect(typed('negative/nuxt-page.ts')).toEqual([]);
  });
});
