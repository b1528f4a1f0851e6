import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'web/src/store/baseApi.ts': `import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query/react';
import { logout } from './session';

const rawBaseQuery = fetchBaseQuery({
  baseUrl: process.env.REACT_APP_API_URL ?? 'http://gateway:8080/api',
  credentials: 'include',
});

// The usual re-authenticating wrapper: every endpoint still goes through rawBaseQuery.
const baseQueryWithReauth = async (args: unknown, api: { dispatch(action: unknown): void }, extraOptions: object) => {
  const result = await rawBaseQuery(args as never, api as never, extraOptions);
  if ((result as { error?: { status: number } }).error?.status === 401) api.dispatch(logout());
  return result;
};

export const baseApi = createApi({
  reducerPath: 'api',
  baseQuery: baseQueryWithReauth,
  tagTypes: ['Order'],
  endpoints: () => ({}),
});
`,
  'web/src/store/session.ts': `export const logout = () => ({ type: 'session/logout' });
`,
  'web/src/store/ordersApi.ts': `import { baseApi } from './baseApi';

interface Order {
  id: string;
}

export const ordersApi = baseApi.injectEndpoints({
  endpoints: (build) => ({
    listOrders: build.query<Order[], { page: number }>({
      query: ({ page }) => ({ url: '/orders', params: { page } }),
      providesTags: ['Order'],
    }),
    getOrder: build.query<Order, string>({
      query: (id) => \`orders/\${id}\`,
    }),
    placeOrder: build.mutation<Order, Omit<Order, 'id'>>({
      query: (body) => ({ url: '/orders', method: 'post', body }),
      invalidatesTags: ['Order'],
    }),
    cancelOrder: build.mutation<void, string>({
      query(id) {
        return { url: \`/orders/\${id}/cancel\`, method: 'PATCH' };
      },
    }),
    // A queryFn sends its own request: whatever it calls is found by that library's detector.
    orderCount: build.query<number, void>({
      queryFn: async () => ({ data: 0 }),
    }),
  }),
});

export const { useListOrdersQuery, usePlaceOrderMutation } = ordersApi;
`,
  'web/src/store/catalogApi.ts': `import { createApi, fetchBaseQuery, retry } from '@reduxjs/toolkit/query/react';

export const catalogApi = createApi({
  reducerPath: 'catalog',
  baseQuery: retry(fetchBaseQuery({ baseUrl: 'http://catalog:3000/' }), { maxRetries: 2 }),
  endpoints(builder) {
    return {
      products: builder.query<string[], void>({ query: () => 'products' }),
      product: builder.query<string, string>({ query: (sku) => ({ url: \`products/\${sku}\` }) }),
      // An absolute URL is sent as it is.
      health: builder.query<string, void>({ query: () => 'http://status.example.com/catalog' }),
    };
  },
});
`,
  'web/src/store/searchApi.ts': `import { createApi, fetchBaseQuery } from '@reduxjs/toolkit/query';

// No baseUrl: requests go to the page's own origin.
export const searchApi = createApi({
  baseQuery: fetchBaseQuery(),
  endpoints: (builder) => ({
    search: builder.query<string[], string>({ query: (term) => ({ url: '/search', params: { term } }) }),
  }),
});
`,
  'negative/db.ts': `// Query builders and clients that have nothing to do with RTK Query.
interface Db {
  query(sql: string): Promise<unknown>;
}

export function configure(options: { endpoints: (builder: Db) => unknown }) {
  return options;
}

export const settings = configure({ endpoints: (builder) => builder.query('SELECT 1') });

export async function count(db: Db) {
  return db.query('SELECT count(*) FROM orders');
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));
/**
 * Redux Toolkit is not installed here: code that imports it compiles with it as `any`, so the endpoint
 * builder's parameters, typed by it in a real project, are implicitly `any`.
 */
const LIBRARY_MISSING = [/Cannot find module '@reduxjs\/toolkit/, /implicitly has an 'any' type/, /Untyped function calls may not accept type arguments/];
const errors = (entry: string) => program().errors(entry).filter((message) => !LIBRARY_MISSING.some((pattern) => pattern.test(message)));

describe('RTK Query', () => {
  it('fixtures are code that compiles', () => {
    for (const entry of Object.keys(FILES)) expect(errors(entry), entry).toEqual([]);
  });

  it('endpoints injected into an api made in another file, whose baseQuery wraps fetchBaseQuery', () => {
    // Without types the api imported from './baseApi' cannot be followed.
    expect(untyped('web/src/store/ordersApi.ts')).toEqual([]);
    expect(typed('web/src/store/ordersApi.ts')).toEqual([
      'http @reduxjs/toolkit/query L9 "GET" env(REACT_APP_API_URL??"http://gateway:8080/api")+"/orders"',
      'http @reduxjs/toolkit/query L13 "GET" env(REACT_APP_API_URL??"http://gateway:8080/api")+"/orders/"+?(id)',
      'http @reduxjs/toolkit/query L16 "POST" env(REACT_APP_API_URL??"http://gateway:8080/api")+"/orders"',
      'http @reduxjs/toolkit/query L20 "PATCH" env(REACT_APP_API_URL??"http://gateway:8080/api")+"/orders/"+?(id)+"/cancel"',
    ]);
  });

  it('endpoints of createApi itself: retry(fetchBaseQuery(...)), a method-style endpoints, string and absolute queries', () => {
    const expected = [
      'http @reduxjs/toolkit/query L8 "GET" "http://catalog:3000/products"',
      'http @reduxjs/toolkit/query L9 "GET" "http://catalog:3000/products/"+?(sku)',
      'http @reduxjs/toolkit/query L11 "GET" "http://status.example.com/catalog"',
    ];
    expect(untyped('web/src/store/catalogApi.ts')).toEqual(expected);
    expect(typed('web/src/store/catalogApi.ts')).toEqual(expected);
  });

  it('fetchBaseQuery without a baseUrl leaves the URL relative to the page', () => {
    const expected = ['http @reduxjs/toolkit/query L7 "GET" "/search"'];
    expect(untyped('web/src/store/searchApi.ts')).toEqual(expected);
    expect(typed('web/src/store/searchApi.ts')).toEqual(expected);
  });

  it('a builder that is not an RTK Query endpoint builder is not one', () => {
    expect(untyped('negative/db.ts')).toEqual([]);
    expect(typed('negative/db.ts')).toEqual([]);
  });
});
