import type ts from 'typescript';
import { stringValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, propertyInitializer, unwrapExpression } from '../engine/ast.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { chainBase, emitListens, fromPackage, functionOf, identityOf, looksLikePath, eachValue, prefixPath, ROUTE_METHODS } from './server-routes.js';

const FRAMEWORK = 'koa';
const APP = 'koa.app';
const ROUTER = 'koa.router';
/** `router.routes()` / `router.middleware()`: the middleware that serves a router's routes. */
const ROUTES = 'koa.routes';
const ROUTER_MODULES = ['@koa/router', 'koa-router'];
const MOUNT_MODULE = 'koa-mount';

/** koa-router's registration methods: the shared ones and `del`, its alias for `delete`. */
const METHODS: ReadonlyMap<string, string> = new Map([...ROUTE_METHODS, ['del', 'DELETE']]);
/** Router methods that return the router, so calls chain (`router.get(...).post(...)`). */
const CHAINABLE = new Set([...METHODS.keys(), 'use', 'prefix', 'param', 'redirect', 'register']);

/**
 * Koa with `@koa/router` / `koa-router`: `new Router({ prefix })` routers (the prefix is part of each
 * route's path; the routes are owned by the router's declaration), `get/post/.../del/all([name,] path,
 * ...middleware)`, and mounts: `router.use([path,] other.routes())` nests a router under the path,
 * `app.use(router.routes())` puts one on the application, `app.use(mount('/v1', router.routes()))` with
 * koa-mount under a prefix. The Koa application itself registers no routes.
 */
export const koaDetector: Detector = {
  library: FRAMEWORK,
  modules: [FRAMEWORK, ...ROUTER_MODULES, MOUNT_MODULE],
  clients: {
    constructors: [
      { module: FRAMEWORK, name: 'default', kind: APP },
      { module: FRAMEWORK, name: '*', kind: APP },
      ...ROUTER_MODULES.flatMap((module) => ['default', '*', 'Router'].map((name) => ({ module, name, kind: ROUTER }))),
    ],
    types: [
      { module: FRAMEWORK, name: 'default', kind: APP },
      ...ROUTER_MODULES.flatMap((module) => ['default', 'Router'].map((name) => ({ module, name, kind: ROUTER }))),
    ],
    factories: [
      ...[...CHAINABLE].map((method) => ({ on: ROUTER, method, kind: ROUTER })),
      { on: ROUTER, method: 'routes', kind: ROUTES },
      { on: ROUTER, method: 'middleware', kind: ROUTES },
      { on: APP, method: 'use', kind: APP },
    ],
  },
  detect(scan) {
    for (const [name, method] of METHODS) {
      for (const call of scan.calls(name)) {
        const receiver = calleeReceiver(scan.ts, call);
        if (receiver === undefined || scan.classify(receiver)?.kind !== ROUTER || call.arguments.length < 2) continue;
        const [first, second] = call.arguments;
        // `router.get('order', '/orders/:id', handler)` names the route first.
        const named = call.arguments.length >= 3 && second !== undefined && functionOf(scan, second) === undefined && looksLikePath(scan, second);
        const path = named ? second : first;
        if (path === undefined) continue;
        const router = chainBase(scan, receiver, CHAINABLE);
        const prefix = routerPrefix(scan, router);
        const owner = identityOf(scan, router) ?? router;
        for (const value of eachValue(scan, path)) {
          scan.emit.route({ framework: FRAMEWORK, node: call, method: stringValue(method), path: prefixPath(prefix, value), owner });
        }
      }
    }
    for (const call of scan.calls('use')) {
      const receiver = calleeReceiver(scan.ts, call);
      const kind = receiver && scan.classify(receiver)?.kind;
      if (!receiver || (kind !== APP && kind !== ROUTER)) continue;
      const [first, ...rest] = call.arguments;
      if (first === undefined) continue;
      const hasPath = kind === ROUTER && rest.length > 0 && looksLikePath(scan, first);
      const prefixes = hasPath ? eachValue(scan, first) : [stringValue('')];
      const base = chainBase(scan, receiver, CHAINABLE);
      const parent = kind === ROUTER ? (identityOf(scan, base) ?? base) : undefined;
      for (const argument of hasPath ? rest : call.arguments) {
        const mounted = mountedBy(scan, argument);
        if (mounted === undefined) continue;
        for (const prefix of prefixes) {
          scan.emit.mount({
            framework: FRAMEWORK,
            node: argument,
            prefix: mounted.prefix ? prefixPath(prefix, mounted.prefix) : prefix,
            child: mounted.child,
            ...(parent ? { parent } : {}),
          });
        }
      }
    }
    emitListens(scan, FRAMEWORK, new Set([APP]));
  },
};

/** `new Router({ prefix: '/orders' })`: the prefix the router puts before its routes. */
function routerPrefix(scan: DetectorScan, router: ts.Expression): Value {
  const t = scan.ts;
  const creation = scan.classify(router)?.creation;
  const options = creation && t.isNewExpression(creation) ? creation.arguments?.[0] : undefined;
  const definition = options && scan.definition(options);
  const prefix = definition && t.isObjectLiteralExpression(definition) ? propertyInitializer(t, definition, 'prefix') : undefined;
  return prefix ? scan.evaluate(prefix) : stringValue('');
}

/** What a `use` argument mounts: a router through its `routes()` middleware, or koa-mount's `mount(prefix, x)`. */
function mountedBy(scan: DetectorScan, argument: ts.Expression): { child: ts.Node; prefix?: Value } | undefined {
  const t = scan.ts;
  const node = unwrapExpression(t, argument);
  if (!t.isCallExpression(node)) return undefined;
  const callee = unwrapExpression(t, node.expression);
  if (t.isIdentifier(callee) && scan.index.imports.get(callee.text)?.module === MOUNT_MODULE) {
    const [first, second] = node.arguments;
    const target = second ?? first;
    if (target === undefined) return undefined;
    const inner = mountedBy(scan, target) ?? appMounted(scan, target);
    if (inner === undefined) return undefined;
    return { child: inner.child, prefix: second && first ? scan.evaluate(first) : stringValue('') };
  }
  const name = calleeName(t, node);
  const router = calleeReceiver(t, node);
  if ((name !== 'routes' && name !== 'middleware') || router === undefined || node.arguments.length > 0) return undefined;
  // Typed, or (without types) a router of this service's own code: not a package's `routes()`.
  if (scan.classify(node)?.kind !== ROUTES && fromPackage(scan, router)) return undefined;
  const base = chainBase(scan, router, CHAINABLE);
  return { child: identityOf(scan, base) ?? base };
}

/** A Koa application given to koa-mount (`mount('/admin', adminApp)`). */
function appMounted(scan: DetectorScan, target: ts.Expression): { child: ts.Node } | undefined {
  if (scan.classify(target)?.kind !== APP && fromPackage(scan, target)) return undefined;
  return { child: identityOf(scan, target) ?? unwrapExpression(scan.ts, target) };
}
