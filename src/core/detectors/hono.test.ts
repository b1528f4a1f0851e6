import { describe, expect, it } from 'vitest';
import { scanUntyped, typedScanner } from '../../../test/helpers/scan.js';
import { errorsBesidesMissingTypes, summarizeServer } from './server-routes.test-support.js';

const FILES: Record<string, string> = {
  'edge/index.ts': `import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { authors } from './routes/authors';
import books from './routes/books';

const app = new Hono();
const api = app.basePath('/api');

app.get('/', (c) => c.text('ok'));
api.route('/books', books);
api.route('/authors', authors);
app.on(['PUT', 'DELETE'], '/cache', (c) => c.body(null, 204));
app.on('purge', ['/cdn', '/edge'], (c) => c.body(null, 204));
api.all('/echo', (c) => c.json({ user: c.get('user') }));

serve({ fetch: app.fetch, port: 3000 });
`,
  'edge/routes/books.ts': `import { Hono } from 'hono';

const books = new Hono();

books.get('/', (c) => c.json([]));
books.get('/:id', (c) => c.json({ id: c.req.param('id') }));
books.post('/', async (c) => c.json(await c.req.json(), 201));

export default books;
`,
  'edge/routes/authors.ts': `import { Hono } from 'hono';

export const authors = new Hono().basePath('/v2');

authors
  .get('/:id', (c) => c.json({}))
  .delete('/:id', (c) => c.body(null, 204));
`,
  'edge/routes/status.ts': `import type { Hono } from 'hono';

export function registerStatus(app: Hono) {
  app.get('/status', (c) => c.text('up'));
}
`,
  'worker/index.js': `import { Hono } from 'hono';

const app = new Hono();
app.get('/hello', (c) => c.text('hi'));

export default app;
`,
  'worker/cjs.js': `const { Hono } = require('hono');

const app = new Hono();
app.post('/events', (c) => c.body(null, 202));

module.exports = app;
`,
  'negative/other.ts': `import { Hono } from 'hono';

const cache = new Map<string, string>();
cache.get('/books');
export const app = new Hono();
app.use('/books/*', async (c, next) => {
  await next();
});
export const list = (items: { get(key: string, value: string): void }) => items.get('/x', 'y');
`,
  'negative/no-import.js': `app.get('/books', (c) => c.json([]));
app.route('/api', api);
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarizeServer(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarizeServer(program().scan(entry));

describe('hono', () => {
  it('fixtures are code that compiles (but for the framework types this repository does not install)', () => {
    for (const entry of Object.keys(FILES).filter((name) => name.endsWith('.ts'))) {
      expect(errorsBesidesMissingTypes(program().errors(entry)), entry).toEqual([]);
    }
  });

  it('the served app: basePath prefixes, on() with method and path lists, route() mounts of sub-apps', () => {
    expect(typed('edge/index.ts')).toEqual([
      'route hono L9 "GET" "/"',
      'route hono L12 "PUT" "/cache"',
      'route hono L12 "DELETE" "/cache"',
      'route hono L13 "PURGE" "/cdn"',
      'route hono L13 "PURGE" "/edge"',
      'route hono L14 "ALL" "/api/echo"',
      'mount hono L10 "/api/books" child=books@books.ts:3',
      'mount hono L11 "/api/authors" child=authors@authors.ts:3',
    ]);
    const index = program().scan('edge/index.ts');
    expect(index.mounts[0]?.child).toBe(program().scan('edge/routes/books.ts').routes[0]?.owner);
    expect(index.mounts[1]?.child).toBe(program().scan('edge/routes/authors.ts').routes[0]?.owner);
    expect(untyped('edge/index.ts').filter((line) => line.startsWith('mount'))).toEqual([
      'mount hono L10 "/api/books" child=books@index.ts:10',
      'mount hono L11 "/api/authors" child=authors@index.ts:11',
    ]);
  });

  it('sub-apps in their own files are owned by their declaration; a basePath of their own; typed parameters', () => {
    const cases: Record<string, string[]> = {
      'edge/routes/books.ts': [
        'route hono L5 "GET" "/" owner=books@books.ts:3',
        'route hono L6 "GET" "/:id" owner=books@books.ts:3',
        'route hono L7 "POST" "/" owner=books@books.ts:3',
      ],
      'edge/routes/authors.ts': ['route hono L5 "GET" "/v2/:id" owner=authors@authors.ts:3', 'route hono L5 "DELETE" "/v2/:id" owner=authors@authors.ts:3'],
      'edge/routes/status.ts': ['route hono L4 "GET" "/status" owner=app@status.ts:3'],
    };
    for (const [entry, expected] of Object.entries(cases)) {
      expect(untyped(entry), entry).toEqual(expected);
      expect(typed(entry), entry).toEqual(expected);
    }
  });

  it('JavaScript: an app exported as the module (a host takes an owner nobody mounts as the application)', () => {
    expect(untyped('worker/index.js')).toEqual(['route hono L4 "GET" "/hello" owner=app@index.js:3']);
    expect(typed('worker/cjs.js')).toEqual(['route hono L4 "POST" "/events" owner=app@cjs.js:3']);
  });

  it('middleware, Context.get, Map.get and files that do not import hono give no routes', () => {
    for (const entry of ['negative/other.ts', 'negative/no-import.js']) {
      expect(untyped(entry), entry).toEqual([]);
      expect(typed(entry), entry).toEqual([]);
    }
  });
});
