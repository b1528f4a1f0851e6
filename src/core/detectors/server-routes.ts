import type ts from 'typescript';
import { concatValues, stringValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, parentOf, propertyInitializer, returnedExpressions, unwrapAwait, unwrapExpression } from '../engine/ast.js';
import { isModuleExports } from '../engine/commonjs.js';
import type { DetectorScan } from '../engine/detector.js';
import { requiredModule } from '../engine/file-index.js';

/**
 * What the server detectors (express, fastify, koa, hono, NestJS controllers) share: method tables, path
 * values and joins, and the identity of a router, sub-app or plugin. A route's `owner` and a mount's
 * `child` must be the very same node when they name the same router, whichever file each is in, so both
 * sides ask `identityOf` and never build the identity their own way.
 */

/** Registration methods shared by the routers that name methods in lower case, and the method they serve. */
export const ROUTE_METHODS: ReadonlyMap<string, string> = new Map([
  ['get', 'GET'],
  ['post', 'POST'],
  ['put', 'PUT'],
  ['patch', 'PATCH'],
  ['delete', 'DELETE'],
  ['head', 'HEAD'],
  ['options', 'OPTIONS'],
  ['all', 'ALL'],
]);

export function upperCaseMethod(value: Value): Value {
  return value.kind === 'string' ? stringValue(value.value.toUpperCase()) : value;
}

/** The values an argument gives (paths, methods): one per element of a visible array or of a loop over one. */
export function eachValue(scan: DetectorScan, expression: ts.Expression): readonly Value[] {
  return scan.evaluateList(expression) ?? scan.evaluateEach(expression);
}

/** True when a value is (or ends up as) a path a router could be registered under. */
export function looksLikePath(scan: DetectorScan, expression: ts.Expression): boolean {
  const t = scan.ts;
  const node = scan.definition(expression);
  if (t.isArrayLiteralExpression(node)) {
    const first = node.elements[0];
    return first !== undefined && !t.isSpreadElement(first) && looksLikePath(scan, first);
  }
  if (t.isStringLiteralLike(node) || t.isTemplateExpression(node) || t.isRegularExpressionLiteral(node)) return true;
  if (t.isCallExpression(node) || t.isNewExpression(node) || t.isObjectLiteralExpression(node) || t.isFunctionLike(node)) return false;
  if (scan.classify(expression) !== undefined) return false;
  // A constant, an environment variable, a parameter of a function that mounts routers.
  return scan.evaluate(expression).kind !== 'unknown';
}

/** Removes the slashes at both ends of the known text of a value. */
function trimSlashes(value: Value): Value {
  if (value.kind === 'string') return stringValue(value.value.replace(/^\/+|\/+$/g, ''));
  if (value.kind !== 'concat') return value;
  const parts = [...value.parts];
  const first = parts[0];
  if (first?.kind === 'string') parts[0] = stringValue(first.value.replace(/^\/+/, ''));
  const last = parts.at(-1);
  if (last?.kind === 'string') parts[parts.length - 1] = stringValue(last.value.replace(/\/+$/, ''));
  return concatValues(parts);
}

/**
 * Joins path segments the way NestJS does: a leading `/`, exactly one `/` between segments, no trailing
 * `/` (`'orders'` + `':id'` gives `/orders/:id`, `''` + `''` gives `/`). Unknown parts stay as they are.
 */
export function joinPath(segments: readonly Value[]): Value {
  const parts: Value[] = [];
  for (const segment of segments) {
    const trimmed = trimSlashes(segment);
    if (trimmed.kind === 'string' && trimmed.value === '') continue;
    parts.push(stringValue('/'), trimmed);
  }
  return parts.length === 0 ? stringValue('/') : concatValues(parts);
}

/**
 * A router's own prefix before a path it registers (koa-router `prefix`, Hono `basePath`): `/orders` and
 * `/:id` give `/orders/:id`, `/orders` and `/` give `/orders`. A regular expression path keeps no prefix
 * (the frameworks match it on the whole URL).
 */
export function prefixPath(prefix: Value, path: Value): Value {
  if (prefix.kind === 'string' && prefix.value === '') return path;
  if (path.kind === 'regexp') return path;
  if (path.kind === 'string' && (path.value === '' || path.value === '/')) return prefix;
  return joinPath([prefix, path]);
}

/**
 * The instance a chain of calls starts from: `router` for `router.get(...).post(...)`, `app` for
 * `app.register(a).register(b)`, where each method returns the instance it is called on.
 */
export function chainBase(scan: DetectorScan, expression: ts.Expression, chainable: ReadonlySet<string>): ts.Expression {
  const t = scan.ts;
  let node = unwrapAwait(t, expression);
  for (let depth = 0; depth < 64 && t.isCallExpression(node); depth++) {
    const name = calleeName(t, node);
    const receiver = calleeReceiver(t, node);
    if (name === undefined || receiver === undefined || !chainable.has(name)) break;
    node = unwrapAwait(t, receiver);
  }
  return node;
}

export function isRelativeModule(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/');
}

/**
 * True when an expression is made of something a package gives (`cors()`, `express.static('public')`,
 * `helmet`, `require('@fastify/cors')`): middleware and plugins of others, never a router of this service.
 */
export function fromPackage(scan: DetectorScan, expression: ts.Expression): boolean {
  const t = scan.ts;
  let node = unwrapAwait(t, expression);
  for (let depth = 0; depth < 16; depth++) {
    const required = requiredModule(t, node);
    if (required) return !isRelativeModule(required.module);
    if (t.isCallExpression(node) || t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) {
      node = unwrapAwait(t, node.expression);
      continue;
    }
    break;
  }
  if (!t.isIdentifier(node)) return false;
  const binding = scan.index.imports.get(node.text);
  return binding !== undefined && !isRelativeModule(binding.module);
}

/** The function an expression is: inline, or the declaration a name stands for. */
export function functionOf(scan: DetectorScan, expression: ts.Expression): ts.SignatureDeclaration | undefined {
  const t = scan.ts;
  const node = unwrapExpression(t, expression);
  if (t.isArrowFunction(node) || t.isFunctionExpression(node)) return node;
  if (!t.isIdentifier(node)) return undefined;
  const declaration = scan.declarationOf(node);
  if (declaration === undefined) return undefined;
  if (t.isFunctionDeclaration(declaration)) return declaration;
  if (t.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = unwrapExpression(t, declaration.initializer);
    if (t.isArrowFunction(initializer) || t.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

const MAX_DEPTH = 8;

/**
 * The identity of the router, sub-app or plugin an expression holds: the declaration of the variable
 * (`const router = Router()`), followed through aliases, `require('./routes/orders')` / `import('./x')`
 * of another file of the service (to what it exports) and local factories (`createOrdersRouter()` gives
 * the variable its body returns). For a member (`this.router`), the place the router was created.
 * `undefined` when it cannot be told; callers then fall back to the expression itself, which matches
 * nothing, rather than to `undefined`, which would mean the application.
 */
export function identityOf(scan: DetectorScan, expression: ts.Expression, depth = 0): ts.Node | undefined {
  const t = scan.ts;
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrapAwait(t, expression);
  const exported = moduleExportOf(scan, node);
  if (exported) return followDeclaration(scan, exported, depth);
  if (t.isIdentifier(node)) {
    const declaration = scan.declarationOf(node);
    return declaration && followDeclaration(scan, declaration, depth);
  }
  if (t.isCallExpression(node)) {
    const fn = functionOf(scan, node.expression);
    if (fn === undefined || fn === node.expression) return undefined;
    const identities = new Set(returnedExpressions(t, fn).map((returned) => identityOf(scan, returned, depth + 1)));
    const [only] = identities;
    return identities.size === 1 ? only : undefined;
  }
  // `orders.router` (a namespace import), `this.router`, `controller.router`: the member's declaration.
  const member = t.isPropertyAccessExpression(node) ? memberDeclaration(scan, node) : undefined;
  if (member) return followDeclaration(scan, member, depth);
  const creation = scan.classify(node)?.creation;
  if (creation === undefined) return undefined;
  const parent = parentOf(creation);
  const holds = parent && (t.isVariableDeclaration(parent) || t.isPropertyDeclaration(parent)) && parent.initializer === creation;
  return holds ? parent : creation;
}

/** The declaration of a member, with a checker: a property, a module's export, an object's property. */
function memberDeclaration(scan: DetectorScan, access: ts.PropertyAccessExpression): ts.Node | undefined {
  const t = scan.ts;
  const checker = scan.checker;
  if (checker === undefined) return undefined;
  try {
    let symbol = checker.getSymbolAtLocation(access.name);
    if (symbol && symbol.flags & t.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || declaration.getSourceFile().isDeclarationFile) return undefined;
    const named = t.isVariableDeclaration(declaration) || t.isPropertyDeclaration(declaration) || t.isPropertyAssignment(declaration) || t.isFunctionDeclaration(declaration);
    return named ? declaration : undefined;
  } catch {
    return undefined;
  }
}

/** A declaration, or what its variable holds when that has an identity of its own (an alias, a require). */
function followDeclaration(scan: DetectorScan, declaration: ts.Node, depth: number): ts.Node {
  const t = scan.ts;
  if (t.isVariableDeclaration(declaration) && declaration.initializer && (declaration.parent.flags & t.NodeFlags.Const) !== 0) {
    const initializer = unwrapAwait(t, declaration.initializer);
    if (t.isIdentifier(initializer) || t.isCallExpression(initializer) || moduleExportOf(scan, initializer) !== undefined) {
      const inner = identityOf(scan, initializer, depth + 1);
      if (inner) return inner;
    }
  }
  return declaration;
}

/**
 * What `require('./x')`, `require('./x').default` or `import('./x')` gives, with a checker: the declaration
 * behind `module.exports = ...` / `export =`, or the default export. `undefined` for packages.
 */
export function moduleExportOf(scan: DetectorScan, expression: ts.Expression): ts.Node | undefined {
  const t = scan.ts;
  const checker = scan.checker;
  const required = requiredModule(t, expression);
  if (checker === undefined || required === undefined || !isRelativeModule(required.module)) return undefined;
  let node = unwrapExpression(t, expression);
  if (t.isPropertyAccessExpression(node)) node = unwrapExpression(t, node.expression);
  if (t.isAwaitExpression(node)) node = unwrapExpression(t, node.expression);
  if (!t.isCallExpression(node) || node.arguments[0] === undefined) return undefined;
  const isDynamicImport = node.expression.kind === t.SyntaxKind.ImportKeyword;
  try {
    const moduleSymbol = checker.getSymbolAtLocation(node.arguments[0]);
    if (moduleSymbol === undefined) return undefined;
    let symbol: ts.Symbol | undefined;
    if (!required.viaDefault && !isDynamicImport) {
      // `module.exports = router` and `export = router`.
      symbol = moduleSymbol.exports?.get(t.InternalSymbolName.ExportEquals);
    }
    symbol ??= checker.getExportsOfModule(moduleSymbol).find((candidate) => candidate.name === 'default');
    if (symbol && symbol.flags & t.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  } catch {
    return undefined;
  }
}

/**
 * The identity of a plugin function (fastify), the same node `identityOf` gives for a name of it
 * elsewhere: the function declaration; for a function expression, the variable, `export default` or
 * `module.exports =` it is bound to, through wrappers such as `fastifyPlugin(fn)`; the function itself
 * when it is written inline where it is used.
 */
export function functionIdentity(scan: DetectorScan, fn: ts.SignatureDeclaration, isWrapper: (call: ts.CallExpression) => boolean): ts.Node {
  const t = scan.ts;
  if (t.isFunctionDeclaration(fn)) return fn;
  let top: ts.Node = fn;
  for (let parent = parentOf(top); parent !== undefined; parent = parentOf(top)) {
    const wrapped = t.isCallExpression(parent) && parent.arguments[0] === top && isWrapper(parent);
    const transparent = t.isParenthesizedExpression(parent) || t.isAsExpression(parent) || t.isSatisfiesExpression(parent) || t.isTypeAssertionExpression(parent);
    if (!wrapped && !transparent) break;
    top = parent;
  }
  const parent = parentOf(top);
  if (parent === undefined) return fn;
  if (t.isVariableDeclaration(parent) && parent.initializer === top) return parent;
  if (t.isExportAssignment(parent)) return parent;
  // `module.exports = async function (fastify) {...}`: the assignment is what `require` resolves to.
  if (t.isBinaryExpression(parent) && parent.right === top && parent.operatorToken.kind === t.SyntaxKind.EqualsToken && isModuleExports(t, parent.left)) {
    return parent;
  }
  return fn;
}

/** Conversions a port goes through on its way to `listen` (`Number(process.env.PORT ?? 3002)`). */
const PORT_CONVERSIONS = new Set(['Number', 'parseInt', 'parseFloat', 'String']);

/**
 * The port a server is given: the argument itself (`listen(3000)`, `listen(PORT)`), or its `port` property
 * (`listen({ port, host })`, `serve({ fetch, port })`), through `Number(...)`, `parseInt(...)` and `+x`.
 * `undefined` when there is none.
 */
export function listenPort(scan: DetectorScan, argument: ts.Expression | undefined): Value | undefined {
  const t = scan.ts;
  if (argument === undefined) return undefined;
  const definition = scan.definition(argument);
  if (t.isObjectLiteralExpression(definition)) {
    const port = propertyInitializer(t, definition, 'port');
    return port === undefined ? undefined : portValue(scan, port);
  }
  if (t.isFunctionLike(definition)) return undefined;
  return portValue(scan, argument);
}

function portValue(scan: DetectorScan, expression: ts.Expression): Value {
  const t = scan.ts;
  let node = expression;
  for (let depth = 0; depth < 8; depth++) {
    const unwrapped = unwrapExpression(t, node);
    const definition = t.isIdentifier(unwrapped) ? scan.definition(unwrapped) : unwrapped;
    if (t.isCallExpression(definition) && t.isIdentifier(definition.expression) && PORT_CONVERSIONS.has(definition.expression.text) && definition.arguments[0]) {
      node = definition.arguments[0];
      continue;
    }
    if (t.isPrefixUnaryExpression(definition) && definition.operator === t.SyntaxKind.PlusToken) {
      node = definition.operand;
      continue;
    }
    // `parseInt(process.env.PORT, 10) || 3000`: the variable, with the default when it is not set.
    const fallback = t.isBinaryExpression(definition) && [t.SyntaxKind.BarBarToken, t.SyntaxKind.QuestionQuestionToken].includes(definition.operatorToken.kind);
    if (fallback) {
      const left = portValue(scan, definition.left);
      if (left.kind === 'env' && left.fallback === undefined) return { ...left, fallback: portValue(scan, definition.right) };
    }
    break;
  }
  return scan.evaluate(node);
}

/** `x.listen(port)` on a server whose client kind is one of `kinds` (an Express app, a Fastify instance...). */
export function emitListens(scan: DetectorScan, framework: string, kinds: ReadonlySet<string>): void {
  for (const call of scan.calls('listen')) {
    const receiver = calleeReceiver(scan.ts, call);
    const kind = receiver && scan.classify(receiver)?.kind;
    if (kind === undefined || !kinds.has(kind)) continue;
    const port = listenPort(scan, call.arguments[0]);
    if (port !== undefined) scan.emit.listen({ framework, node: call, port });
  }
}
