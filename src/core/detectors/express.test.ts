import { describe, expect, it } from 'vitest';
import { scanUntyped, typedScanner } from '../../../test/helpers/scan.js';
import { errorsBesidesMissingTypes, summarizeServer } from './server-routes.test-support.js';

const FILES: Record<string, string> = {
  'shop/app.ts': `import express from 'express';
import cors from 'cors';
import { API_PREFIX } from './config';
import { authenticate } from './middleware';
import { adminRouter } from './routes/admin';
import { healthRoutes } from './routes/health';
import { ordersRouter } from './routes/orders';
import usersRouter from './routes/users';

export const app = express();

app.use(express.json());
app.use(cors());
app.use('/static', express.static('public'));
app.use(\`\${API_PREFIX}/orders\`, ordersRouter);
app.use('/users', authenticate, usersRouter);
app.use('/admin', adminRouter(process.env.ADMIN_SECRET ?? ''));
app.use(healthRoutes);
app.get('/', (req, res) => res.send('ok'));
app.use('/status', (req, res) => res.json({ up: true }));
app.use((req, res, next) => next());
app.set('port', 3000);
app.listen(app.get('port'));
`,
  'shop/config.ts': `export const API_PREFIX = '/api/v1';
`,
  'shop/middleware.ts': `export function authenticate(req: { headers: Record<string, string> }, res: unknown, next: () => void) {
  if (req.headers['authorization']) next();
}
`,
  'shop/routes/orders.ts': `import { Router } from 'express';

export const ordersRouter = Router();

const list = (req: unknown, res: { json(body: unknown): void }) => res.json([]);

ordersRouter.get('/', list);
ordersRouter.get('/:id', (req, res) => res.json({ id: req.params.id }));
ordersRouter.post('/', (req, res) => res.status(201).end());
ordersRouter.route('/:id/items').get(list).put(list).delete(list);
ordersRouter.all(['/legacy', '/old'], (req, res) => res.redirect('/'));

const cache = new Map<string, string>();
cache.get('/orders');
`,
  'shop/routes/users.ts': `import express from 'express';

const router = express.Router({ mergeParams: true });
const ID = '/:userId';

router.get(ID, (req, res) => res.json({}));
router.patch(\`\${ID}/email\`, (req, res) => res.json({}));

export default router;
`,
  'shop/routes/admin.ts': `import { Router } from 'express';

export function adminRouter(secret: string) {
  const router = Router();
  router.delete('/cache', (req, res) => res.send(secret.length > 0));
  return router;
}
`,
  'shop/routes/health.ts': `import express, { type Router } from 'express';

export const healthRoutes = express.Router();
healthRoutes.head('/health', (req, res) => res.end());

export function registerPing(router: Router) {
  router.get('/ping', (req, res) => res.send('pong'));
}

export function registerMore(router: express.Router) {
  router.options('/more', (req, res) => res.end());
}
`,
  'shop/controllers/products.ts': `import { Router } from 'express';

export class ProductsController {
  public readonly router = Router();

  constructor() {
    this.router.get('/', (req, res) => res.json([]));
    this.router.post('/', this.create);
  }

  private readonly create = (req: unknown, res: { status(code: number): { end(): void } }) => {
    res.status(201).end();
  };
}
`,
  'shop/class-app.ts': `import express from 'express';
import { ProductsController } from './controllers/products';
import * as orders from './routes/orders';

const app = express();
const products = new ProductsController();

app.use('/products', products.router);
app.use('/orders', orders.ordersRouter);
`,
  'shop/routes/api.ts': `import { Router } from 'express';
import { ordersRouter } from './orders';

export const api = Router();
api.use(['/orders', '/purchases'], ordersRouter);
`,
  'shop/late.ts': `import { app } from './app';

app.post('/webhooks/stripe', (req, res) => res.sendStatus(204));
`,
  'js/app.js': `const express = require('express');
const ordersRouter = require('./routes/orders');

const app = express();
app.use('/orders', ordersRouter);
app.use('/users', require('./routes/users'));
app.get('/health', (req, res) => res.send('ok'));

module.exports = app;
`,
  'js/routes/orders.js': `const express = require('express');
const router = express.Router();

router.get('/:id', (req, res) => res.json({ id: req.params.id }));

module.exports = router;
`,
  'js/routes/users.js': `const { Router } = require('express');
const router = Router();

router.post('/', (req, res) => res.status(201).end());

module.exports = router;
`,
  'js/inline.js': `const app = require('express')();
const api = require('express').Router();

api.put('/things/:id', (req, res) => res.end());
app.use('/api', api);
`,
  'negative/clients.ts': `import axios from 'axios';
import http from 'node:http';

const cache = new Map<string, string>();
cache.get('/orders');
const router = { get: (path: string, handler: () => void) => [path, handler] };
router.get('/orders', () => undefined);

export async function load() {
  await axios.get('http://orders:3000/orders');
  http.get('http://orders:3000/orders', () => undefined);
}
`,
  'negative/no-import.js': `const app = makeApp();
app.get('/orders', (req, res) => res.send([]));
app.use('/api', router);
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarizeServer(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarizeServer(program().scan(entry));

describe('express', () => {
  it('fixtures are code that compiles (but for the framework types this repository does not install)', () => {
    for (const entry of Object.keys(FILES).filter((name) => name.endsWith('.ts'))) {
      expect(errorsBesidesMissingTypes(program().errors(entry)), entry).toEqual([]);
    }
  });

  it('routers in their own files: routes owned by the router declaration, routes() chains, path lists', () => {
    const expected = [
      'route express L7 "GET" "/" owner=ordersRouter@orders.ts:3',
      'route express L8 "GET" "/:id" owner=ordersRouter@orders.ts:3',
      'route express L9 "POST" "/" owner=ordersRouter@orders.ts:3',
      'route express L10 "GET" "/:id/items" owner=ordersRouter@orders.ts:3',
      'route express L10 "PUT" "/:id/items" owner=ordersRouter@orders.ts:3',
      'route express L10 "DELETE" "/:id/items" owner=ordersRouter@orders.ts:3',
      'route express L11 "ALL" "/legacy" owner=ordersRouter@orders.ts:3',
      'route express L11 "ALL" "/old" owner=ordersRouter@orders.ts:3',
    ];
    expect(untyped('shop/routes/orders.ts')).toEqual(expected);
    expect(typed('shop/routes/orders.ts')).toEqual(expected);
    const users = ['route express L6 "GET" "/:userId" owner=router@users.ts:3', 'route express L7 "PATCH" "/:userId/email" owner=router@users.ts:3'];
    expect(untyped('shop/routes/users.ts')).toEqual(users);
    expect(typed('shop/routes/users.ts')).toEqual(users);
  });

  it('a parameter typed Router (also express.Router) owns its routes; a router made in a factory', () => {
    const expected = [
      'route express L4 "HEAD" "/health" owner=healthRoutes@health.ts:3',
      'route express L7 "GET" "/ping" owner=router@health.ts:6',
      'route express L11 "OPTIONS" "/more" owner=router@health.ts:10',
    ];
    expect(untyped('shop/routes/health.ts')).toEqual(expected);
    expect(typed('shop/routes/health.ts')).toEqual(expected);
    expect(typed('shop/routes/admin.ts')).toEqual(['route express L5 "DELETE" "/cache" owner=router@admin.ts:4']);
  });

  it('the application: its routes have no owner, mounts name the router declarations of other files', () => {
    expect(typed('shop/app.ts')).toEqual([
      'route express L19 "GET" "/"',
      'route express L20 "ALL" "/status"',
      'mount express L15 "/api/v1/orders" child=ordersRouter@orders.ts:3',
      // `authenticate(req, res, next)` is middleware: with types it is seen to be a function that passes on.
      'mount express L16 "/users" child=router@users.ts:3',
      'mount express L17 "/admin" child=router@admin.ts:4',
      'mount express L18 "" child=healthRoutes@health.ts:3',
    ]);
    // An app imported from the file that creates it is still the application.
    expect(typed('shop/late.ts')).toEqual(['route express L3 "POST" "/webhooks/stripe"']);
  });

  it('a mount child is the very node the routes in the other file report as owner', () => {
    const app = program().scan('shop/app.ts');
    const orders = program().scan('shop/routes/orders.ts');
    const users = program().scan('shop/routes/users.ts');
    const admin = program().scan('shop/routes/admin.ts');
    const childOf = (prefix: string) => app.mounts.find((mount) => mount.prefix.kind === 'string' && mount.prefix.value === prefix)?.child;
    expect(childOf('/api/v1/orders')).toBeDefined();
    expect(childOf('/api/v1/orders')).toBe(orders.routes[0]?.owner);
    expect(childOf('/users')).toBe(users.routes[0]?.owner);
    expect(childOf('/admin')).toBe(admin.routes[0]?.owner);
    expect(app.mounts.every((mount) => mount.parent === undefined)).toBe(true);
  });

  it('without types, mounts of routers imported from other files still name what is mounted', () => {
    // The ESLint host sees one file: the imported names are what it can point at (nothing in another
    // file's routes is owned by them, so a host can never link them wrongly).
    expect(untyped('shop/app.ts')).toEqual([
      'route express L19 "GET" "/"',
      'route express L20 "ALL" "/status"',
      'mount express L15 ?(API_PREFIX)+"/orders" child=ordersRouter@app.ts:15',
      'mount express L16 "/users" child=authenticate@app.ts:16',
      'mount express L16 "/users" child=usersRouter@app.ts:16',
      'mount express L17 "/admin" child=adminRouter(process.env.ADMIN_@app.ts:17',
      'mount express L18 "" child=healthRoutes@app.ts:18',
    ]);
  });

  it('a router mounted in a router under a list of paths: the parent is the outer router', () => {
    expect(typed('shop/routes/api.ts')).toEqual([
      'mount express L5 "/orders" child=ordersRouter@orders.ts:3 parent=api@api.ts:4',
      'mount express L5 "/purchases" child=ordersRouter@orders.ts:3 parent=api@api.ts:4',
    ]);
  });

  it('routers held by classes and reached through namespace imports', () => {
    const products = ['route express L7 "GET" "/" owner=router@products.ts:4', 'route express L8 "POST" "/" owner=router@products.ts:4'];
    expect(untyped('shop/controllers/products.ts')).toEqual(products);
    expect(typed('shop/controllers/products.ts')).toEqual(products);
    expect(typed('shop/class-app.ts')).toEqual(['mount express L8 "/products" child=router@products.ts:4', 'mount express L9 "/orders" child=ordersRouter@orders.ts:3']);
    const app = program().scan('shop/class-app.ts');
    expect(app.mounts[0]?.child).toBe(program().scan('shop/controllers/products.ts').routes[0]?.owner);
    expect(app.mounts[1]?.child).toBe(program().scan('shop/routes/orders.ts').routes[0]?.owner);
  });

  it('JavaScript: require("express"), routers exported with module.exports and required by the app', () => {
    const app = ['route express L7 "GET" "/health"', 'mount express L5 "/orders" child=router@orders.js:2', 'mount express L6 "/users" child=router@users.js:2'];
    expect(typed('js/app.js')).toEqual(app);
    expect(untyped('js/routes/orders.js')).toEqual(['route express L4 "GET" "/:id" owner=router@orders.js:2']);
    expect(typed('js/routes/users.js')).toEqual(['route express L4 "POST" "/" owner=router@users.js:2']);
    const facts = program().scan('js/app.js');
    expect(facts.mounts[0]?.child).toBe(program().scan('js/routes/orders.js').routes[0]?.owner);
    expect(facts.mounts[1]?.child).toBe(program().scan('js/routes/users.js').routes[0]?.owner);
    const inline = ['route express L4 "PUT" "/things/:id" owner=api@inline.js:2', 'mount express L5 "/api" child=api@inline.js:2'];
    expect(untyped('js/inline.js')).toEqual(inline);
    expect(typed('js/inline.js')).toEqual(inline);
  });

  it('HTTP clients, Map.get, object methods and files that do not import express give no routes', () => {
    for (const entry of ['negative/clients.ts', 'negative/no-import.js']) {
      expect(untyped(entry), entry).toEqual([]);
      expect(typed(entry), entry).toEqual([]);
    }
  });
});
