import type ts from 'typescript';
import { stringValue, unknownValue, type Value } from '../model/value.js';
import { calleeReceiver, propertyInitializer, shortText, unwrapExpression } from '../engine/ast.js';
import { isModuleExports } from '../engine/commonjs.js';
import type { Detector, DetectorScan } from '../engine/detector.js';
import {
  chainBase,
  emitListens,
  fromPackage,
  functionIdentity,
  functionOf,
  identityOf,
  eachValue,
  ROUTE_METHODS,
  upperCaseMethod,
} from './server-routes.js';

const FRAMEWORK = 'fastify';
const INSTANCE = 'fastify.instance';
const PLUGIN_MODULE = 'fastify-plugin';

/** Instance methods that return the instance, so calls chain (`app.register(a).register(b)`). */
const CHAINABLE = new Set([
  ...ROUTE_METHODS.keys(),
  'route',
  'register',
  'addHook',
  'decorate',
  'decorateRequest',
  'decorateReply',
  'addSchema',
  'setErrorHandler',
  'setNotFoundHandler',
  'after',
]);

/** Types of variables holding a plugin function: their first parameter is the instance. */
const PLUGIN_TYPES = new Set(['FastifyPluginAsync', 'FastifyPluginCallback', 'FastifyPlugin']);

/**
 * Fastify: `fastify()` / `Fastify()` / `require('fastify')(...)` instances (roots: their routes have no
 * owner), shorthand routes `get/post/...(path, [options,] handler)`, `route({ method, url | path })` with a
 * method or a list of methods, and plugins: `register(plugin, { prefix })` mounts the plugin (its
 * declaration, across files with a checker) under the prefix, or `''`. Routes registered on the first
 * parameter of a plugin function are owned by that function: the first parameter counts when it is typed
 * `FastifyInstance`, or, in a file importing fastify or fastify-plugin, when the function is registered,
 * wrapped in `fastifyPlugin(...)`, typed `FastifyPluginAsync`, or is the module's default export.
 */
export const fastifyDetector: Detector = {
  library: FRAMEWORK,
  modules: [FRAMEWORK, PLUGIN_MODULE],
  clients: {
    calls: [
      { module: FRAMEWORK, name: 'default', kind: INSTANCE },
      { module: FRAMEWORK, name: '*', kind: INSTANCE },
      { module: FRAMEWORK, name: 'fastify', kind: INSTANCE },
      { module: FRAMEWORK, name: 'default.fastify', kind: INSTANCE },
    ],
    types: [
      { module: FRAMEWORK, name: 'FastifyInstance', kind: INSTANCE },
      { module: FRAMEWORK, name: 'default.FastifyInstance', kind: INSTANCE },
    ],
    factories: [...CHAINABLE].map((method) => ({ on: INSTANCE, method, kind: INSTANCE })),
  },
  detect(scan) {
    const plugins = scan.imports(FRAMEWORK) || scan.imports(PLUGIN_MODULE) ? pluginFunctions(scan) : new Set<ts.Node>();
    for (const [name, method] of ROUTE_METHODS) {
      for (const call of scan.calls(name)) {
        const path = call.arguments[0];
        const instance = call.arguments.length >= 2 && path ? instanceOf(scan, calleeReceiver(scan.ts, call), plugins) : undefined;
        if (instance && path) emitRoutes(scan, call, [stringValue(method)], eachValue(scan, path), instance.owner);
      }
    }
    for (const call of scan.calls('route')) {
      const instance = instanceOf(scan, calleeReceiver(scan.ts, call), plugins);
      const options = call.arguments[0] && scan.definition(call.arguments[0]);
      if (!instance || !options || !scan.ts.isObjectLiteralExpression(options)) continue;
      const method = propertyInitializer(scan.ts, options, 'method');
      const url = propertyInitializer(scan.ts, options, 'url') ?? propertyInitializer(scan.ts, options, 'path');
      if (!method || !url) continue;
      emitRoutes(scan, call, eachValue(scan, method).map(upperCaseMethod), eachValue(scan, url), instance.owner);
    }
    for (const call of scan.calls('register')) {
      const instance = instanceOf(scan, calleeReceiver(scan.ts, call), plugins);
      const plugin = call.arguments[0];
      if (!instance || !plugin) continue;
      const child = pluginIdentity(scan, plugin);
      if (!child) continue;
      const prefix = prefixOf(scan, call.arguments[1]);
      scan.emit.mount({ framework: FRAMEWORK, node: call, prefix, child, ...(instance.owner ? { parent: instance.owner } : {}) });
    }
    emitListens(scan, FRAMEWORK, new Set([INSTANCE]));
  },
};

function emitRoutes(scan: DetectorScan, node: ts.Node, methods: readonly Value[], paths: readonly Value[], owner: ts.Node | undefined): void {
  for (const method of methods) {
    for (const path of paths) scan.emit.route({ framework: FRAMEWORK, node, method, path, ...(owner ? { owner } : {}) });
  }
}

/** `fastifyPlugin(fn, options)` and `fp(fn)`: the plugin is `fn`, with its encapsulation lifted. */
function isPluginWrapper(scan: DetectorScan, call: ts.CallExpression): boolean {
  const callee = unwrapExpression(scan.ts, call.expression);
  return scan.ts.isIdentifier(callee) && scan.index.imports.get(callee.text)?.module === PLUGIN_MODULE;
}

function unwrapPlugin(scan: DetectorScan, expression: ts.Expression): ts.Expression {
  let node = unwrapExpression(scan.ts, expression);
  while (scan.ts.isCallExpression(node) && node.arguments[0] && isPluginWrapper(scan, node)) node = unwrapExpression(scan.ts, node.arguments[0]);
  return node;
}

/**
 * Functions this file shows to be plugins, whatever their parameters' types: registered, wrapped in
 * fastify-plugin, typed as a plugin, or exported as the module's default (`export default`,
 * `module.exports =`), the way a plugin file is loaded by `register(import('./routes'))` or autoload.
 */
function pluginFunctions(scan: DetectorScan): Set<ts.Node> {
  const t = scan.ts;
  const found = new Set<ts.Node>();
  const add = (expression: ts.Expression | undefined) => {
    const fn = expression && functionOf(scan, unwrapPlugin(scan, expression));
    if (fn) found.add(fn);
  };
  for (const call of scan.calls('register')) add(call.arguments[0]);
  for (const [name, binding] of scan.index.imports) {
    if (binding.module === PLUGIN_MODULE) for (const call of scan.calls(name)) add(call.arguments[0]);
  }
  for (const statement of scan.sourceFile.statements) {
    if (t.isExportAssignment(statement)) add(statement.expression);
    if (t.isFunctionDeclaration(statement) && statement.modifiers?.some((modifier) => modifier.kind === t.SyntaxKind.DefaultKeyword)) found.add(statement);
    if (t.isExpressionStatement(statement) && t.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      if (isModuleExports(t, statement.expression.left)) add(statement.expression.right);
    }
    if (t.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (declaration.initializer && declaration.type && isPluginType(scan, declaration.type)) add(declaration.initializer);
      }
    }
  }
  return found;
}

function isPluginType(scan: DetectorScan, type: ts.TypeNode): boolean {
  const t = scan.ts;
  if (!t.isTypeReferenceNode(type)) return false;
  const name = t.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  const local = t.isIdentifier(type.typeName) ? type.typeName.text : t.isIdentifier(type.typeName.left) ? type.typeName.left.text : undefined;
  const binding = local === undefined ? undefined : scan.index.imports.get(local);
  return binding?.module === FRAMEWORK && PLUGIN_TYPES.has(name);
}

/**
 * The instance a route or plugin is registered on, and who owns what is registered there: `undefined`
 * for the root instance, the plugin function for its first parameter. `undefined` as a whole when the
 * receiver is not a fastify instance.
 */
function instanceOf(scan: DetectorScan, receiver: ts.Expression | undefined, plugins: ReadonlySet<ts.Node>): { owner: ts.Node | undefined } | undefined {
  const t = scan.ts;
  if (receiver === undefined) return undefined;
  const base = chainBase(scan, receiver, CHAINABLE);
  const client = scan.classify(base);
  const declaration = t.isIdentifier(base) ? scan.declarationOf(base) : undefined;
  if (declaration && t.isParameter(declaration)) {
    const fn = declaration.parent;
    const typed = client?.kind === INSTANCE;
    if (!typed && !plugins.has(fn)) return undefined;
    if (fn.parameters[0] !== declaration) return { owner: declaration };
    return { owner: functionIdentity(scan, fn, (call) => isPluginWrapper(scan, call)) };
  }
  if (client?.kind !== INSTANCE) return undefined;
  // Created here by `fastify()` (not reached through a chain): the root.
  if (client.creation && t.isCallExpression(client.creation) && !CHAINABLE.has(calledName(scan, client.creation))) return { owner: undefined };
  return { owner: identityOf(scan, base) ?? base };
}

function calledName(scan: DetectorScan, call: ts.CallExpression): string {
  const callee = unwrapExpression(scan.ts, call.expression);
  return scan.ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
}

/** What a `register` call mounts: a plugin of this service; `undefined` for a package's plugin (`@fastify/cors`). */
function pluginIdentity(scan: DetectorScan, expression: ts.Expression): ts.Node | undefined {
  const t = scan.ts;
  const plugin = unwrapPlugin(scan, expression);
  if (t.isArrowFunction(plugin) || t.isFunctionExpression(plugin)) return functionIdentity(scan, plugin, (call) => isPluginWrapper(scan, call));
  if (fromPackage(scan, plugin)) return undefined;
  return identityOf(scan, plugin) ?? plugin;
}

function prefixOf(scan: DetectorScan, options: ts.Expression | undefined): Value {
  if (options === undefined) return stringValue('');
  const definition = scan.definition(options);
  if (!scan.ts.isObjectLiteralExpression(definition)) return unknownValue(`${shortText(options)}.prefix`, 'the plugin options are built elsewhere');
  const prefix = propertyInitializer(scan.ts, definition, 'prefix');
  return prefix ? scan.evaluate(prefix) : stringValue('');
}
