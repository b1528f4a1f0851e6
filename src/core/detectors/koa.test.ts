import { describe, expect, it } from 'vitest';
import { scanUntyped, typedScanner } from '../../../test/helpers/scan.js';
import { errorsBesidesMissingTypes, summarizeServer } from './server-routes.test-support.js';

const FILES: Record<string, string> = {
  'shop/app.ts': `import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import mount from 'koa-mount';
import { adminApp } from './admin';
import { apiRouter } from './routes/api';
import ordersRouter from './routes/orders';

const app = new Koa();

app.use(bodyParser());
app.use(apiRouter.routes()).use(apiRouter.allowedMethods());
app.use(mount('/admin', adminApp));
app.use(mount('/legacy', ordersRouter.routes()));
app.use(async (ctx, next) => {
  ctx.set('X-Served-By', ctx.get('Host'));
  await next();
});

app.listen(3000);
`,
  'shop/routes/api.ts': `import Router from '@koa/router';
import ordersRouter from './orders';
import { usersRouter } from './users';

export const apiRouter = new Router({ prefix: '/api' });

apiRouter.get('/health', (ctx) => {
  ctx.body = 'ok';
});
apiRouter.use('/orders', ordersRouter.routes(), ordersRouter.allowedMethods());
apiRouter.use(usersRouter.routes());
`,
  'shop/routes/orders.ts': `import Router from '@koa/router';

const router = new Router();

router
  .get('order', '/:id', async (ctx) => {
    ctx.body = { id: ctx.params.id };
  })
  .post('/', async (ctx) => {
    ctx.status = 201;
  })
  .del('/:id', async (ctx) => {
    ctx.status = 204;
  });
router.all(['/legacy', '/old'], (ctx) => ctx.redirect('/'));

export default router;
`,
  'shop/routes/users.ts': `import Router from '@koa/router';

const PREFIX = '/users';

export const usersRouter = new Router({ prefix: PREFIX });
usersRouter.put('/:id', (ctx) => {
  ctx.status = 204;
});

export function registerExtra(router: Router) {
  router.patch('/extra', (ctx) => {
    ctx.status = 204;
  });
}
`,
  'shop/admin.ts': `import Koa from 'koa';
import Router from 'koa-router';

export const adminApp = new Koa();
const adminRouter = new Router();

adminRouter.get('/stats', (ctx) => {
  ctx.body = {};
});
adminApp.use(adminRouter.routes());
`,
  'js/server.js': `const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router({ prefix: '/v1' });

router.get('/items', (ctx) => {
  ctx.body = [];
});
app.use(router.routes());
app.listen(3000);
`,
  'negative/middleware.ts': `import type { Context, Next } from 'koa';
import axios from 'axios';

export async function audit(ctx: Context, next: Next) {
  const type = ctx.get('Content-Type');
  await axios.get('http://audit:3000/events');
  await next();
  return type;
}
`,
  'negative/no-import.js': `router.get('/orders', (ctx) => {
  ctx.body = [];
});
app.use(router.routes());
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarizeServer(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarizeServer(program().scan(entry));

describe('koa', () => {
  it('fixtures are code that compiles (but for the framework types this repository does not install)', () => {
    for (const entry of Object.keys(FILES).filter((name) => name.endsWith('.ts'))) {
      expect(errorsBesidesMissingTypes(program().errors(entry)), entry).toEqual([]);
    }
  });

  it('routers: named routes, chains, del, path lists, the constructor prefix; typed Router parameters', () => {
    // A chain's calls all start where the chain does (line 5).
    const orders = [
      'route koa L5 "GET" "/:id" owner=router@orders.ts:3',
      'route koa L5 "POST" "/" owner=router@orders.ts:3',
      'route koa L5 "DELETE" "/:id" owner=router@orders.ts:3',
      'route koa L15 "ALL" "/legacy" owner=router@orders.ts:3',
      'route koa L15 "ALL" "/old" owner=router@orders.ts:3',
    ];
    expect(untyped('shop/routes/orders.ts')).toEqual(orders);
    expect(typed('shop/routes/orders.ts')).toEqual(orders);
    const users = ['route koa L6 "PUT" "/users/:id" owner=usersRouter@users.ts:5', 'route koa L11 "PATCH" "/extra" owner=router@users.ts:10'];
    expect(untyped('shop/routes/users.ts')).toEqual(users);
    expect(typed('shop/routes/users.ts')).toEqual(users);
  });

  it('routers nested with router.use(path, other.routes()) across files; the very declarations', () => {
    expect(typed('shop/routes/api.ts')).toEqual([
      'route koa L7 "GET" "/api/health" owner=apiRouter@api.ts:5',
      'mount koa L10 "/orders" child=router@orders.ts:3 parent=apiRouter@api.ts:5',
      'mount koa L11 "" child=usersRouter@users.ts:5 parent=apiRouter@api.ts:5',
    ]);
    const api = program().scan('shop/routes/api.ts');
    expect(api.mounts[0]?.child).toBe(program().scan('shop/routes/orders.ts').routes[0]?.owner);
    expect(api.mounts[1]?.child).toBe(program().scan('shop/routes/users.ts').routes[0]?.owner);
    expect(untyped('shop/routes/api.ts')).toEqual([
      'route koa L7 "GET" "/api/health" owner=apiRouter@api.ts:5',
      'mount koa L10 "/orders" child=ordersRouter@api.ts:10 parent=apiRouter@api.ts:5',
      'mount koa L11 "" child=usersRouter@api.ts:11 parent=apiRouter@api.ts:5',
    ]);
  });

  it('the application: app.use(router.routes()) and koa-mount prefixes', () => {
    expect(typed('shop/app.ts')).toEqual([
      'mount koa L11 "" child=apiRouter@api.ts:5',
      'mount koa L12 "/admin" child=adminApp@admin.ts:4',
      'mount koa L13 "/legacy" child=router@orders.ts:3',
    ]);
    expect(program().scan('shop/app.ts').mounts[0]?.child).toBe(program().scan('shop/routes/api.ts').routes[0]?.owner);
    // A sub-application is an application too: its routers are mounted without a parent.
    expect(typed('shop/admin.ts')).toEqual(['route koa L7 "GET" "/stats" owner=adminRouter@admin.ts:5', 'mount koa L10 "" child=adminRouter@admin.ts:5']);
  });

  it('JavaScript: require("koa") and require("@koa/router")', () => {
    const expected = ['route koa L7 "GET" "/v1/items" owner=router@server.js:5', 'mount koa L10 "" child=router@server.js:5'];
    expect(untyped('js/server.js')).toEqual(expected);
    expect(typed('js/server.js')).toEqual(expected);
  });

  it('ctx.get, HTTP clients and files that do not import koa give no routes', () => {
    for (const entry of ['negative/middleware.ts', 'negative/no-import.js']) {
      expect(untyped(entry), entry).toEqual([]);
      expect(typed(entry), entry).toEqual([]);
    }
  });
});
