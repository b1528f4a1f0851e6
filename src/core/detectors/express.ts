import type ts from 'typescript';
import { stringValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, unwrapExpression } from '../engine/ast.js';
import type { ClientRef, Detector, DetectorScan } from '../engine/detector.js';
import { emitListens, fromPackage, functionOf, identityOf, looksLikePath, eachValue, ROUTE_METHODS } from './server-routes.js';

const FRAMEWORK = 'express';
const APP = 'express.app';
const ROUTER = 'express.router';
/** What `app.route('/x')` returns: its `.get(...)`, `.post(...)` register on that path. */
const ROUTE = 'express.route';

/** Names express types are imported by: `Router`, and `express.Router` through the default import. */
const typeNames = (name: string, kind: string) => [
  { module: 'express', name, kind },
  { module: 'express', name: `default.${name}`, kind },
];

/**
 * Express: `express()` applications (roots: their routes have no owner) and `Router()` /
 * `express.Router()` routers (their routes are owned by the router's declaration, which a mount names as
 * its child); `get/post/put/patch/delete/head/options/all(path, ...handlers)`, `route(path).get(...)`
 * chains, and `use([path,] ...)`: routers and sub-apps mounted under the path (or `''`), and handlers that
 * answer on a path without passing on (no `next` parameter) as `ALL` routes. Plain middleware is neither.
 */
export const expressDetector: Detector = {
  library: FRAMEWORK,
  modules: [FRAMEWORK],
  clients: {
    calls: [
      { module: FRAMEWORK, name: 'default', kind: APP },
      { module: FRAMEWORK, name: '*', kind: APP },
      { module: FRAMEWORK, name: 'Router', kind: ROUTER },
      { module: FRAMEWORK, name: 'default.Router', kind: ROUTER },
    ],
    types: [
      ...typeNames('Express', APP),
      ...typeNames('Application', APP),
      ...typeNames('Router', ROUTER),
      ...typeNames('IRouter', ROUTER),
    ],
    factories: [
      { on: APP, method: 'route', kind: ROUTE },
      { on: ROUTER, method: 'route', kind: ROUTE },
      ...[...ROUTE_METHODS.keys()].map((method) => ({ on: ROUTE, method, kind: ROUTE })),
    ],
  },
  detect(scan) {
    for (const [name, method] of ROUTE_METHODS) {
      for (const call of scan.calls(name)) {
        const receiver = calleeReceiver(scan.ts, call);
        const client = receiver && scan.classify(receiver);
        if (!receiver || !client) continue;
        if (client.kind === APP || client.kind === ROUTER) {
          // `app.get('env')` reads a setting: a route has a handler.
          const path = call.arguments[0];
          if (path === undefined || call.arguments.length < 2) continue;
          emitRoutes(scan, call, method, eachValue(scan, path), ownerOf(scan, receiver, client));
        } else if (client.kind === ROUTE && call.arguments.length > 0) {
          emitRouteChain(scan, call, method, client);
        }
      }
    }
    for (const call of scan.calls('use')) {
      const receiver = calleeReceiver(scan.ts, call);
      const client = receiver && scan.classify(receiver);
      if (receiver && (client?.kind === APP || client?.kind === ROUTER)) recordUse(scan, call, ownerOf(scan, receiver, client));
    }
    emitListens(scan, FRAMEWORK, new Set([APP]));
  },
};

/** The application is the root (no owner); a router is known by its declaration. */
function ownerOf(scan: DetectorScan, receiver: ts.Expression, client: ClientRef): ts.Node | undefined {
  if (client.kind === APP) return undefined;
  return identityOf(scan, receiver) ?? unwrapExpression(scan.ts, receiver);
}

function emitRoutes(scan: DetectorScan, node: ts.Node, method: string, paths: readonly Value[], owner: ts.Node | undefined): void {
  for (const path of paths) scan.emit.route({ framework: FRAMEWORK, node, method: stringValue(method), path, ...(owner ? { owner } : {}) });
}

/** `router.route('/orders/:id').get(h).put(h)`: each method call is a route on the path of `route(...)`. */
function emitRouteChain(scan: DetectorScan, call: ts.CallExpression, method: string, client: ClientRef): void {
  let creation = client.creation;
  for (let depth = 0; depth < 32 && creation !== undefined; depth++) {
    if (!scan.ts.isCallExpression(creation)) return;
    if (calleeName(scan.ts, creation) === 'route') {
      const path = creation.arguments[0];
      const base = calleeReceiver(scan.ts, creation);
      const baseClient = base && scan.classify(base);
      if (path === undefined || !base || !baseClient) return;
      emitRoutes(scan, call, method, eachValue(scan, path), ownerOf(scan, base, baseClient));
      return;
    }
    const receiver = calleeReceiver(scan.ts, creation);
    creation = receiver && scan.classify(receiver)?.creation;
  }
}

/** `use([path,] ...handlers)`: mounts of routers and sub-apps, and terminal handlers as `ALL` routes. */
function recordUse(scan: DetectorScan, call: ts.CallExpression, parent: ts.Node | undefined): void {
  const t = scan.ts;
  const [first, ...rest] = call.arguments;
  if (first === undefined) return;
  const hasPath = rest.length > 0 && looksLikePath(scan, first);
  const prefixes = hasPath ? eachValue(scan, first) : [stringValue('')];
  const handlers = (hasPath ? rest : call.arguments).flatMap((argument) => {
    const definition = unwrapExpression(t, argument);
    return t.isArrayLiteralExpression(definition) ? definition.elements.filter((element) => !t.isSpreadElement(element)) : [argument];
  });
  for (const handler of handlers) {
    const kind = scan.classify(handler)?.kind;
    const fn = kind === undefined ? functionOf(scan, handler) : undefined;
    if (fn) {
      // `app.use('/health', (req, res) => res.send('ok'))` answers every method; `(req, res, next)` passes on.
      if (hasPath && fn.parameters.length < 3) emitRoutes(scan, call, 'ALL', prefixes, parent);
      continue;
    }
    if (kind !== APP && kind !== ROUTER && !mountable(scan, handler)) continue;
    const child = identityOf(scan, handler) ?? unwrapExpression(t, handler);
    for (const prefix of prefixes) scan.emit.mount({ framework: FRAMEWORK, node: handler, prefix, child, ...(parent ? { parent } : {}) });
  }
}

/**
 * An argument that may be a router of this service though it could not be classified (a router imported
 * from another file without types, `require('./routes/orders')`, `ordersRouter(deps)`): a name or a call of
 * this service's own code, not a package's middleware (`cors()`, `express.static(...)`, `helmet`).
 */
function mountable(scan: DetectorScan, expression: ts.Expression): boolean {
  const t = scan.ts;
  const node = unwrapExpression(t, expression);
  const shaped = t.isIdentifier(node) || t.isPropertyAccessExpression(node) || t.isCallExpression(node);
  return shaped && !fromPackage(scan, node);
}
