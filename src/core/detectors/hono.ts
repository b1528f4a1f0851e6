import type ts from 'typescript';
import { stringValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, unwrapAwait, unwrapExpression } from '../engine/ast.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import { identityOf, listenPort, looksLikePath, eachValue, prefixPath, ROUTE_METHODS, upperCaseMethod } from './server-routes.js';

const FRAMEWORK = 'hono';
const APP = 'hono.app';
const NODE_SERVER = '@hono/node-server';
const NODE_SERVER_DEFAULT_PORT = 3000;

/** Methods that return a Hono app, so calls chain (`app.get(...).post(...)`); `basePath` adds a prefix. */
const CHAINABLE = new Set([...ROUTE_METHODS.keys(), 'on', 'use', 'route', 'basePath', 'onError', 'notFound', 'mount']);

/** Calls that serve an app: `serve(app)` (@hono/node-server), `handle(app)` (the platform adapters). */
const SERVE_CALLS = new Set(['serve', 'handle', 'fire']);

/**
 * Hono: `new Hono()` apps (also from `hono/tiny`, `hono/quick` and `OpenAPIHono`), `basePath('/api')`
 * (its prefix is part of each route's path, and the derived app shares the routes of the one it comes
 * from), `get/post/put/patch/delete/options/all(path, ...handlers)`, `on(method | methods, path | paths,
 * ...)`, and `route('/prefix', subApp)` mounts. Every app looks alike, so routes are owned by the app's
 * declaration unless this file serves it (`serve(app)`, `app.fetch`): a host takes an owner nobody
 * mounts as the application.
 */
export const honoDetector: Detector = {
  library: FRAMEWORK,
  modules: [FRAMEWORK, '@hono/zod-openapi', NODE_SERVER],
  clients: {
    constructors: [
      ...['hono', 'hono/tiny', 'hono/quick'].map((module) => ({ module, name: 'Hono', kind: APP })),
      { module: '@hono/zod-openapi', name: 'OpenAPIHono', kind: APP },
    ],
    types: [
      { module: FRAMEWORK, name: 'Hono', kind: APP },
      { module: '@hono/zod-openapi', name: 'OpenAPIHono', kind: APP },
    ],
    factories: [...CHAINABLE].map((method) => ({ on: APP, method, kind: APP })),
  },
  detect(scan) {
    const served = servedApps(scan);
    const owned = (identity: ts.Node) => (served.has(identity) ? {} : { owner: identity });
    for (const [name, method] of ROUTE_METHODS) {
      for (const call of scan.calls(name)) {
        const [path] = call.arguments;
        const app = appOf(scan, calleeReceiver(scan.ts, call));
        if (!app || path === undefined || call.arguments.length < 2 || !looksLikePath(scan, path)) continue;
        for (const value of eachValue(scan, path)) {
          scan.emit.route({ framework: FRAMEWORK, node: call, method: stringValue(method), path: prefixPath(app.prefix, value), ...owned(app.identity) });
        }
      }
    }
    for (const call of scan.calls('on')) {
      const [methods, path] = call.arguments;
      const app = appOf(scan, calleeReceiver(scan.ts, call));
      if (!app || methods === undefined || path === undefined || call.arguments.length < 3) continue;
      for (const method of eachValue(scan, methods).map(upperCaseMethod)) {
        for (const value of eachValue(scan, path)) {
          scan.emit.route({ framework: FRAMEWORK, node: call, method, path: prefixPath(app.prefix, value), ...owned(app.identity) });
        }
      }
    }
    for (const call of scan.calls('route')) {
      const [path, sub] = call.arguments;
      const app = appOf(scan, calleeReceiver(scan.ts, call));
      if (!app || path === undefined || sub === undefined) continue;
      const child = appOf(scan, sub)?.identity ?? identityOf(scan, sub) ?? unwrapExpression(scan.ts, sub);
      const parent = served.has(app.identity) ? {} : { parent: app.identity };
      scan.emit.mount({ framework: FRAMEWORK, node: call, prefix: prefixPath(app.prefix, scan.evaluate(path)), child, ...parent });
    }
    emitNodeServerListens(scan);
  },
};

/** @hono/node-server's `serve({ fetch, port })` (or `serve(app)`): its port, 3000 when none is given. */
function emitNodeServerListens(scan: DetectorScan): void {
  const binding = scan.index.imports.get('serve');
  if (binding?.module !== NODE_SERVER || binding.name !== 'serve') return;
  for (const call of scan.calls('serve')) {
    if (!scan.ts.isIdentifier(call.expression)) continue;
    const options = call.arguments[0];
    const port = options !== undefined && scan.ts.isObjectLiteralExpression(scan.definition(options)) ? listenPort(scan, options) : undefined;
    scan.emit.listen({ framework: FRAMEWORK, node: call, port: port ?? stringValue(String(NODE_SERVER_DEFAULT_PORT)) });
  }
}

/**
 * The app an expression holds: its identity (the declaration of the app it derives from through
 * `basePath` and chained calls) and the `basePath` prefixes on the way. `undefined` when it is no app.
 */
function appOf(scan: DetectorScan, expression: ts.Expression | undefined): { identity: ts.Node; prefix: Value } | undefined {
  const t = scan.ts;
  if (expression === undefined || scan.classify(expression)?.kind !== APP) return undefined;
  let node = unwrapAwait(t, expression);
  let declared: ts.Node | undefined;
  let prefix: Value = stringValue('');
  for (let depth = 0; depth < 64; depth++) {
    if (t.isCallExpression(node)) {
      const name = calleeName(t, node);
      const receiver = calleeReceiver(t, node);
      if (name === undefined || receiver === undefined || !CHAINABLE.has(name)) break;
      if (name === 'basePath' && node.arguments[0]) prefix = prefixPath(scan.evaluate(node.arguments[0]), prefix);
      node = unwrapAwait(t, receiver);
      continue;
    }
    // `const api = app.basePath('/api')` shares the routes of `app`.
    const declaration = t.isIdentifier(node) ? scan.declarationOf(node) : undefined;
    if (declaration && t.isVariableDeclaration(declaration) && declaration.initializer && (declaration.parent.flags & t.NodeFlags.Const) !== 0) {
      const initializer = unwrapAwait(t, declaration.initializer);
      if (t.isCallExpression(initializer) && CHAINABLE.has(calleeName(t, initializer) ?? '')) {
        declared = declaration;
        node = initializer;
        continue;
      }
    }
    break;
  }
  const identity = t.isNewExpression(node) && declared ? declared : (identityOf(scan, node) ?? node);
  return { identity, prefix };
}

/** Apps this file serves: read as `app.fetch`, or given to `serve(app)` / `handle(app)`. */
function servedApps(scan: DetectorScan): Set<ts.Node> {
  const t = scan.ts;
  const served = new Set<ts.Node>();
  const add = (expression: ts.Expression) => {
    const app = appOf(scan, expression);
    if (app) served.add(app.identity);
  };
  for (const reads of scan.index.memberReadsByObject.values()) {
    for (const read of reads) if (read.name.text === 'fetch') add(read.expression);
  }
  for (const name of SERVE_CALLS) {
    for (const call of scan.calls(name)) {
      const argument = call.arguments[0];
      if (argument && !t.isObjectLiteralExpression(unwrapExpression(t, argument))) add(argument);
    }
  }
  return served;
}
