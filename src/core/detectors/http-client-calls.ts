import type ts from 'typescript';
import { concatValues, eachReading, stringValue, unknownValue, type Value } from '../model/value.js';
import { calleeName, calleeReceiver, propertyNameText, returnedExpressions, shortText, type TS, unwrapExpression } from '../engine/ast.js';
import { findLocalDeclaration } from '../engine/declarations.js';
import type { ClientKindTable, ClientRef, DetectorScan } from '../engine/detector.js';
import { importedEntity, requiredModule } from '../engine/file-index.js';
import { joinUrl } from '../engine/values/urls.js';

/**
 * What the HTTP client detectors (got, ky, undici, superagent, ofetch, node-fetch, Node's http, EventSource,
 * axios) share: finding the calls that belong to a library (functions it exports, clients it creates,
 * clients called as functions), reading options from object literals (spreads, parameters, options built
 * elsewhere), and the base URL an instance was created with, inherited through `extend`-style factories.
 */

/** `http.request` of `import http from 'http'` is named `default.request`: the CommonJS module's member. */
function withoutDefault(name: string): string {
  return name.startsWith('default.') ? name.slice('default.'.length) : name;
}

function rootIdentifier(t: TS, expression: ts.Expression): ts.Identifier | undefined {
  let node = unwrapExpression(t, expression);
  while (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) node = unwrapExpression(t, node.expression);
  return t.isIdentifier(node) ? node : undefined;
}

/**
 * The library export an expression names (`request` of `undici.request`, of `import { request } from
 * 'undici'` and of `require('undici').request`), unless a local declaration (a parameter, a variable of an
 * inner scope) shadows the import: a `http` parameter is not the `http` module.
 */
export function importedCallee(scan: DetectorScan, expression: ts.Expression): { module: string; name: string } | undefined {
  const t = scan.ts;
  const root = rootIdentifier(t, expression);
  if (root !== undefined) {
    const binding = scan.index.imports.get(root.text);
    if (binding === undefined) return undefined;
    // A `require` binding is a local declaration itself: that one is the import.
    const local = findLocalDeclaration(t, root);
    if (local !== undefined && local !== binding.node) return undefined;
  }
  const entity = importedEntity(t, scan.index, expression);
  return entity && { module: entity.module, name: withoutDefault(entity.name) };
}

/** True when the file imports or requires one of the modules: without that nothing of the library is here. */
export function importsAny(scan: DetectorScan, modules: readonly string[]): boolean {
  if (modules.some((module) => scan.imports(module))) return true;
  // `require('http').get(...)` written inline binds no name.
  return scan.calls('require').some((call) => {
    const required = requiredModule(scan.ts, call);
    return required !== undefined && modules.includes(required.module);
  });
}

export interface ImportedCall {
  readonly call: ts.CallExpression;
  readonly module: string;
  /** The export called, `default` and `*` for the module itself (`fetch` of `node-fetch`). */
  readonly name: string;
}

/**
 * Calls of functions the modules export: `request(...)` of `import { request as r } from 'undici'` (under
 * its local name), `http.get(...)`, `require('https').request(...)`.
 */
export function importedCalls(scan: DetectorScan, modules: readonly string[], names: readonly string[]): ImportedCall[] {
  if (!importsAny(scan, modules)) return [];
  // `ns.default(...)` is indexed under `default`; the module itself only under its local names.
  const callNames = new Set(names.filter((name) => name !== '*'));
  for (const [local, binding] of scan.index.imports) {
    if (modules.includes(binding.module) && names.includes(withoutDefault(binding.name))) callNames.add(local);
  }
  const found: ImportedCall[] = [];
  for (const callName of callNames) {
    for (const call of scan.calls(callName)) {
      const entity = importedCallee(scan, call.expression);
      if (entity && modules.includes(entity.module) && names.includes(entity.name)) found.push({ call, ...entity });
    }
  }
  return found;
}

export interface ImportedConstruction {
  readonly node: ts.NewExpression;
  readonly module: string;
  readonly name: string;
}

/** `new X(...)` of classes the modules export, under any local name. */
export function importedConstructions(scan: DetectorScan, modules: readonly string[], names: readonly string[]): ImportedConstruction[] {
  if (!importsAny(scan, modules)) return [];
  const constructorNames = new Set(names.filter((name) => name !== '*'));
  for (const [local, binding] of scan.index.imports) {
    if (modules.includes(binding.module) && names.includes(withoutDefault(binding.name))) constructorNames.add(local);
  }
  const found: ImportedConstruction[] = [];
  for (const constructorName of constructorNames) {
    for (const node of scan.index.newsByName.get(constructorName) ?? []) {
      const entity = importedCallee(scan, node.expression);
      if (entity && modules.includes(entity.module) && names.includes(entity.name)) found.push({ node, ...entity });
    }
  }
  return found;
}

function kindsOf(table: ClientKindTable): Set<string> {
  return new Set(
    [...(table.values ?? []), ...(table.constructors ?? []), ...(table.calls ?? []), ...(table.types ?? []), ...(table.factories ?? [])].map(
      (entry) => entry.kind,
    ),
  );
}

/**
 * The client an expression holds. The engine's classifier first; then the detector's own `values` table
 * for what the classifier does not follow (`const { default: fetch } = await import('node-fetch')`).
 */
export function clientOf(scan: DetectorScan, expression: ts.Expression, table: ClientKindTable): ClientRef | undefined {
  const client = scan.classify(expression);
  if (client) return client;
  // Only a name bound by an import of the library can be one of its values: skip the scope walk otherwise.
  const root = rootIdentifier(scan.ts, expression);
  const binding = root && scan.index.imports.get(root.text);
  const values = table.values ?? [];
  if (binding === undefined || !values.some((entry) => entry.module === binding.module)) return undefined;
  const entity = importedCallee(scan, expression);
  const kind = entity && values.find((entry) => entry.module === entity.module && withoutDefault(entry.name) === entity.name)?.kind;
  return kind === undefined ? undefined : { kind, via: 'trace' };
}

/**
 * Whether clients of the library can be in this file at all. Without a checker a client is always traced
 * back to an import of the library in this very file; with one it may come from another file.
 */
function mayHoldClients(scan: DetectorScan, modules: readonly string[]): boolean {
  return scan.checker !== undefined || importsAny(scan, modules);
}

export interface ClientCall {
  readonly call: ts.CallExpression;
  readonly client: ClientRef;
}

/**
 * Calls of clients that are functions themselves: `got(url)`, `api('users')` for a `got.extend()` instance,
 * `this.api('users')` for one kept in a field. Other member calls (`clients.api('users')`) are left out:
 * classifying every method call of a file would cost more than such rare code is worth.
 */
export function calledClients(scan: DetectorScan, modules: readonly string[], table: ClientKindTable, kinds: ReadonlySet<string> = kindsOf(table)): ClientCall[] {
  if (!mayHoldClients(scan, modules)) return [];
  const t = scan.ts;
  const found: ClientCall[] = [];
  for (const calls of scan.index.callsByName.values()) {
    for (const call of calls) {
      const callee = unwrapExpression(t, call.expression);
      const isField = t.isPropertyAccessExpression(callee) && callee.expression.kind === t.SyntaxKind.ThisKeyword;
      if (!t.isIdentifier(callee) && !isField) continue;
      const client = clientOf(scan, callee, table);
      if (client && kinds.has(client.kind)) found.push({ call, client });
    }
  }
  return found;
}

export interface MethodCall extends ClientCall {
  readonly method: string;
  readonly receiver: ts.Expression;
}

/**
 * `client.method(...)` for the given method names on clients of the given kinds; with `via`, methods of a
 * member of the client instead (`got.stream.post(...)` for `via: 'stream'`).
 */
export function clientMethodCalls(
  scan: DetectorScan,
  modules: readonly string[],
  table: ClientKindTable,
  methods: Iterable<string>,
  kinds: ReadonlySet<string>,
  via?: string,
): MethodCall[] {
  if (!mayHoldClients(scan, modules)) return [];
  const t = scan.ts;
  const found: MethodCall[] = [];
  for (const method of methods) {
    for (const call of scan.calls(method)) {
      let receiver = calleeReceiver(t, call);
      if (receiver !== undefined && via !== undefined) {
        const member = unwrapExpression(t, receiver);
        receiver = t.isPropertyAccessExpression(member) && member.name.text === via ? member.expression : undefined;
      }
      const client = receiver && clientOf(scan, receiver, table);
      if (receiver && client && kinds.has(client.kind)) found.push({ call, client, method, receiver });
    }
  }
  return found;
}

/** What an options object says about one option. */
export type OptionRead =
  | { readonly kind: 'set'; readonly value: Value; readonly expression: ts.Expression }
  | { readonly kind: 'absent' }
  /** The options (or a spread in them) are not visible: the value stands for what they hold. */
  | { readonly kind: 'unknown'; readonly value: Value };

const ABSENT: OptionRead = { kind: 'absent' };

/** An option of options that cannot be read: a parameter's member (callers bind it) or unknown. */
function unreadableOption(scan: DetectorScan, options: ts.Expression, name: string): OptionRead {
  const value = scan.evaluate(options);
  if (value.kind === 'param') return { kind: 'unknown', value: { ...value, path: [...value.path, name], text: `${value.text}.${name}` } };
  return { kind: 'unknown', value: unknownValue(`${shortText(options)}.${name}`, 'the options are built elsewhere') };
}

/**
 * Reads an option (under any of `names`) from an options expression: an object literal or a name for one,
 * the last definition winning, spreads of visible objects looked into. `inherited` is a parameter whose
 * spread stands for the parent's options (`extend((parent) => ({ ...parent, ... }))`): it adds nothing.
 */
export function readOption(scan: DetectorScan, options: ts.Expression | undefined, names: readonly string[], inherited?: ts.Node, depth = 0): OptionRead {
  if (options === undefined) return ABSENT;
  const t = scan.ts;
  const object = scan.definition(options);
  const name = names[0]!;
  if (!t.isObjectLiteralExpression(object)) return unreadableOption(scan, options, name);
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (t.isSpreadAssignment(property)) {
      if (inherited !== undefined && scan.declarationOf(property.expression) === inherited) continue;
      const inner = depth < 8 ? readOption(scan, property.expression, names, inherited, depth + 1) : unreadableOption(scan, property.expression, name);
      if (inner.kind !== 'absent') return inner;
      continue;
    }
    const key = propertyNameText(t, property.name);
    if (key === undefined) return { kind: 'unknown', value: unknownValue(`${shortText(object)}.${name}`, 'a computed key may set it') };
    if (!names.includes(key)) continue;
    if (t.isPropertyAssignment(property)) return { kind: 'set', value: scan.evaluate(property.initializer), expression: property.initializer };
    if (t.isShorthandPropertyAssignment(property)) return { kind: 'set', value: scan.evaluate(property.name), expression: property.name };
    return { kind: 'unknown', value: unknownValue(shortText(property), 'computed at run time') };
  }
  return ABSENT;
}

/** The value of a read option, `undefined` when certainly absent. */
export function optionValue(read: OptionRead): Value | undefined {
  return read.kind === 'absent' ? undefined : read.value;
}

/** The upper-case method an options object gives, `fallback` when it gives none. */
export function methodOption(scan: DetectorScan, options: ts.Expression | undefined, fallback: Value): Value {
  const read = readOption(scan, options, ['method']);
  if (read.kind === 'absent') return fallback;
  // `request(path, options)` passing `options.method` down: a caller that gives none gets the default.
  return read.value.kind === 'param' ? { ...read.value, fallback } : upperCase(read.value);
}

export function upperCase(value: Value): Value {
  return eachReading(value, (reading) => (reading.kind === 'string' ? stringValue(reading.value.toUpperCase()) : reading));
}

/** Where a client keeps its base URL, and which factories pass it on to the instances they make. */
export interface BaseOption {
  /** Option names, any of which sets it: `prefixUrl`, `baseURL`. */
  readonly names: readonly string[];
  /**
   * Methods that make an instance from another one and keep the parent's option unless they set their own
   * (`got`'s and `ky`'s `extend`, `axios`' and `ofetch`'s `create`). `ky.create` starts afresh.
   */
  readonly inheritedBy: readonly string[];
}

function functionArgument(t: TS, expression: ts.Expression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const node = unwrapExpression(t, expression);
  return t.isArrowFunction(node) || t.isFunctionExpression(node) ? node : undefined;
}

/**
 * The base URL a client was created with: read from its creating call (`got.extend({ prefixUrl })`,
 * `axios.create(config)`), the last argument that sets it winning, an instance passed as an argument giving
 * its own (`got.extend(defaults, api)`), and the parent's when an inheriting factory sets none. A base in
 * options that cannot be read is an unknown value, never assumed absent. `undefined` when the client has
 * none or was not seen being created (a library's default export, an injected instance).
 */
export function clientBase(scan: DetectorScan, client: ClientRef | undefined, option: BaseOption): Value | undefined {
  const base = creationBase(scan, client, option, 0);
  return base && client ? scan.boundToFactories(base, client) : base;
}

function creationBase(scan: DetectorScan, client: ClientRef | undefined, option: BaseOption, depth: number): Value | undefined {
  const t = scan.ts;
  const creation = client?.creation;
  if (creation === undefined || depth > 8 || !(t.isCallExpression(creation) || t.isNewExpression(creation))) return undefined;
  const args = creation.arguments ?? [];
  for (let i = args.length - 1; i >= 0; i--) {
    const argument = args[i]!;
    const fn = functionArgument(t, argument);
    let read: OptionRead;
    if (fn) {
      // `ky.extend((parent) => ({ ...parent, prefixUrl }))`
      const returned = returnedExpressions(t, fn);
      read = returned.length === 1 ? readOption(scan, returned[0], option.names, fn.parameters[0]) : unreadableOption(scan, argument, option.names[0]!);
    } else {
      read = readOption(scan, argument, option.names);
      const instance = read.kind === 'unknown' ? scan.classify(argument) : undefined;
      if (instance !== undefined && instance.kind === client?.kind) {
        const inherited = creationBase(scan, instance, option, depth + 1);
        if (inherited) return scan.boundToFactories(inherited, instance);
        continue;
      }
    }
    if (read.kind !== 'absent') return read.value;
  }
  if (t.isCallExpression(creation)) {
    const receiver = calleeReceiver(t, creation);
    const method = calleeName(t, creation);
    if (receiver && method !== undefined && option.inheritedBy.includes(method)) {
      const parent = scan.classify(receiver);
      const inherited = creationBase(scan, parent, option, depth + 1);
      return inherited && parent ? scan.boundToFactories(inherited, parent) : inherited;
    }
  }
  return undefined;
}

/**
 * The base for one request: the request's own option when it sets one, else the client's. Request options
 * that cannot be read are taken not to override it (they usually carry headers and timeouts).
 */
export function requestBase(scan: DetectorScan, options: ts.Expression | undefined, client: ClientRef | undefined, option: BaseOption): Value | undefined {
  const own = readOption(scan, options, option.names);
  return own.kind === 'set' ? own.value : clientBase(scan, client, option);
}

/** True when an expression is a `URL` object (`new URL(...)` or a name for one): libraries skip prefixes for those. */
export function isUrlObject(scan: DetectorScan, expression: ts.Expression): boolean {
  const t = scan.ts;
  const node = scan.definition(expression);
  return t.isNewExpression(node) && t.isIdentifier(node.expression) && node.expression.text === 'URL';
}

/**
 * Joins a base onto a URL when there is one, with exactly one slash between them, as got's `prefixUrl`,
 * ky's `prefixUrl`/`prefix`, ofetch's and axios' `baseURL` do. An environment variable's fallback loses
 * its trailing slash so that `process.env.API_URL ?? 'http://api/'` plus `users` gives `http://api/users`
 * once substituted; a trailing slash in the variable's own value cannot be seen from the code.
 */
export function withBase(base: Value | undefined, url: Value): Value {
  return base === undefined ? url : joinUrl(withoutFallbackSlash(base), url);
}

function withoutFallbackSlash(base: Value): Value {
  return base.kind === 'env' ? withoutTrailingSlash(base) : base;
}

/** A base without its known trailing slashes (in an environment variable's fallback too). */
export function withoutTrailingSlash(base: Value): Value {
  if (base.kind === 'oneOf') return eachReading(base, withoutTrailingSlash);
  if (base.kind === 'string') return /[^/]\/+$/.test(base.value) ? stringValue(base.value.replace(/\/+$/, '')) : base;
  if (base.kind === 'env' && base.fallback) return { ...base, fallback: withoutTrailingSlash(base.fallback) };
  if (base.kind === 'concat') {
    const last = base.parts.at(-1)!;
    return concatValues([...base.parts.slice(0, -1), last.kind === 'string' ? stringValue(last.value.replace(/\/+$/, '')) : withoutTrailingSlash(last)]);
  }
  return base;
}

/**
 * Resolves a URL against a base the way `new URL(url, base)` does (`ky`'s `baseUrl`): an absolute URL
 * stays, `/path` replaces the base's path, `path` replaces its last segment. Exact when the base's known
 * text holds its origin and path; otherwise the two are joined with one slash, the common case of a base
 * that is an origin.
 */
export function resolveAgainst(base: Value, url: Value): Value {
  if (base.kind === 'oneOf' || url.kind === 'oneOf') return eachReading(base, (oneBase) => eachReading(url, (oneUrl) => resolveAgainst(oneBase, oneUrl)));
  const baseText = base.kind === 'string' ? base.value : undefined;
  const urlText = url.kind === 'string' ? url.value : url.kind === 'concat' && url.parts[0]?.kind === 'string' ? url.parts[0].value : undefined;
  if (urlText !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(urlText)) return url;
  if (baseText !== undefined && url.kind === 'string') {
    try {
      return stringValue(new URL(url.value, baseText).href);
    } catch {
      return joinUrl(base, url);
    }
  }
  const origin = baseText === undefined ? undefined : /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(baseText)?.[0];
  if (baseText !== undefined && origin !== undefined && urlText !== undefined && url.kind === 'concat') {
    const path = baseText.slice(origin.length).replace(/[?#].*$/, '');
    const directory = path.slice(0, path.lastIndexOf('/') + 1) || '/';
    return joinUrl(stringValue(urlText.startsWith('/') ? origin : origin + directory), url);
  }
  return joinUrl(base, url);
}
