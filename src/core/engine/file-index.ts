import type ts from 'typescript';
import { accessedName, calleeName, type TS, unwrapExpression, walk } from './ast.js';
import { dirnameRelativeModule } from './module-paths.js';

/** A local name bound by an import or a `require`. */
export interface ImportBinding {
  readonly module: string;
  /** `default`, `*` (namespace or whole CommonJS module), or the exported name. */
  readonly name: string;
  readonly node: ts.Node;
  /** The string naming the module (`'./kafka'` in `require('./kafka')`), where a checker resolves it to a file. */
  readonly specifier?: ts.StringLiteralLike;
}

/**
 * Everything the detectors look up in a file, collected in ONE walk of its AST. Detectors run after the
 * walk over these lists, so a call early in the file can use an assignment made later in it.
 */
export interface FileIndex {
  readonly sourceFile: ts.SourceFile;
  /** Local name -> import binding (ES imports, `import x = require()`, CommonJS `require`). */
  readonly imports: ReadonlyMap<string, ImportBinding>;
  readonly importedModules: ReadonlySet<string>;
  /** Calls by the name they are made by (`send` for `producer.send()`). */
  readonly callsByName: ReadonlyMap<string, readonly ts.CallExpression[]>;
  /** Calls of a member whose name is computed (`axios[method](url)`): no name to index them by. */
  readonly computedMemberCalls: readonly ts.CallExpression[];
  /** `new X()` by constructor name. */
  readonly newsByName: ReadonlyMap<string, readonly ts.NewExpression[]>;
  /** Decorators written as calls (`@EventPattern('x')`), by decorator name. */
  readonly decoratorsByName: ReadonlyMap<string, readonly ts.Decorator[]>;
  /** `x = value` assignments to a plain identifier, by name. */
  readonly assignmentsByName: ReadonlyMap<string, readonly ts.Expression[]>;
  /**
   * Identifiers changed other than by `x = value`: `x += '/v2'`, `x++`, `[x, y] = pair`, `({ x } = o)`. A
   * variable changed so has readings the code does not spell out.
   */
  readonly updatesByName: ReadonlyMap<string, readonly ts.Identifier[]>;
  /** `A.B` reads where `A` is an identifier, by `A` (`Transport.KAFKA` under `Transport`). */
  readonly memberReadsByObject: ReadonlyMap<string, readonly ts.PropertyAccessExpression[]>;
  /** `new Promise(executor)` whose executor hands its `resolve` to something else (stores it). */
  readonly storedResolvers: readonly ts.NewExpression[];
  /** `x[key]` where the key is not a literal: entries of maps kept in plain objects (`callbacks[requestId]`). */
  readonly keyedAccesses: readonly ts.ElementAccessExpression[];
  /** Functions and methods the file declares, by name (`publish` for a class method or a const arrow). */
  readonly functionsByName: ReadonlyMap<string, readonly ts.SignatureDeclaration[]>;
  /** Classes by the name of the class they extend (`OrderConsumer` under `BaseConsumer`). */
  readonly classesByBaseName: ReadonlyMap<string, readonly ts.ClassLikeDeclaration[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An import of a module's whole export: a default import, `const x = require('./x')`, `import x = require('./x')`. */
export function takesWholeExport(t: TS, binding: ImportBinding): boolean {
  if (binding.name === 'default') return true;
  return binding.name === '*' && (t.isVariableDeclaration(binding.node) || t.isImportEqualsDeclaration(binding.node));
}

/** What a `require` or `import()` names: the module, and the literal naming it when there is one. */
export interface RequiredModule {
  readonly module: string;
  readonly viaDefault: boolean;
  /** Absent for a name built from `__dirname` (`require(path.join(__dirname, '../shared/kafka'))`). */
  readonly specifier?: ts.StringLiteralLike;
}

/**
 * `require('m')`, `require('m').default`, `await import('m')`, and `require(path.join(__dirname, './m'))`:
 * the module name, else `undefined`.
 */
export function requiredModule(t: TS, expression: ts.Expression): RequiredModule | undefined {
  let node = unwrapExpression(t, expression);
  let viaDefault = false;
  if (t.isPropertyAccessExpression(node) && node.name.text === 'default') {
    node = unwrapExpression(t, node.expression);
    viaDefault = true;
  }
  if (t.isAwaitExpression(node)) node = unwrapExpression(t, node.expression);
  if (!t.isCallExpression(node) || node.arguments.length !== 1) return undefined;
  const argument = node.arguments[0]!;
  const callee = node.expression;
  const isRequire = t.isIdentifier(callee) && callee.text === 'require';
  const isDynamicImport = callee.kind === t.SyntaxKind.ImportKeyword;
  if (!isRequire && !isDynamicImport) return undefined;
  if (t.isStringLiteralLike(argument)) return { module: argument.text, viaDefault, specifier: argument };
  const built = dirnameRelativeModule(t, argument);
  return built !== undefined ? { module: built, viaDefault } : undefined;
}

function recordImportDeclaration(t: TS, node: ts.ImportDeclaration, imports: Map<string, ImportBinding>): void {
  if (!t.isStringLiteral(node.moduleSpecifier) || node.importClause === undefined) return;
  const module = node.moduleSpecifier.text;
  const specifier = node.moduleSpecifier;
  const clause = node.importClause;
  if (clause.name) imports.set(clause.name.text, { module, name: 'default', node: clause, specifier });
  const bindings = clause.namedBindings;
  if (bindings === undefined) return;
  if (t.isNamespaceImport(bindings)) {
    imports.set(bindings.name.text, { module, name: '*', node: bindings, specifier });
  } else {
    for (const element of bindings.elements) {
      const imported = element.propertyName ? propertyNameTextOf(t, element.propertyName) : element.name.text;
      imports.set(element.name.text, { module, name: imported, node: element, specifier });
    }
  }
}

function propertyNameTextOf(t: TS, name: ts.ModuleExportName): string {
  return t.isIdentifier(name) ? name.text : name.text;
}

/**
 * What a `require` expression names: `*` for `require('m')`, `default` for `require('m').default`, and a
 * member path for `require('m').KafkaJS` (`KafkaJS`), named the way `importedEntity` names members.
 */
function requiredBinding(t: TS, expression: ts.Expression): { module: string; name: string; specifier?: ts.StringLiteralLike } | undefined {
  const required = requiredModule(t, expression);
  if (required) return { module: required.module, name: required.viaDefault ? 'default' : '*', ...(required.specifier ? { specifier: required.specifier } : {}) };
  const node = unwrapExpression(t, expression);
  if (!t.isPropertyAccessExpression(node)) return undefined;
  const owner = requiredBinding(t, node.expression);
  if (owner === undefined) return undefined;
  return { ...owner, name: owner.name === '*' ? node.name.text : `${owner.name}.${node.name.text}` };
}

/** `const X = require('m')`, `const { a, b: c } = require('m')` and `const { Kafka } = require('m').KafkaJS`. */
function recordRequire(t: TS, declaration: ts.VariableDeclaration, imports: Map<string, ImportBinding>): void {
  if (declaration.initializer === undefined) return;
  const required = requiredBinding(t, declaration.initializer);
  if (required === undefined) return;
  const { module, name } = required;
  const specifier = required.specifier ? { specifier: required.specifier } : {};
  if (t.isIdentifier(declaration.name)) {
    imports.set(declaration.name.text, { module, name, node: declaration, ...specifier });
  } else if (t.isObjectBindingPattern(declaration.name)) {
    // Destructuring the module (or its default export, as CommonJS interop gives it) names its exports.
    const prefix = name === '*' || name === 'default' ? '' : `${name}.`;
    for (const element of declaration.name.elements) {
      if (!t.isIdentifier(element.name)) continue;
      const imported = element.propertyName ? accessedNameOfBinding(t, element.propertyName) : element.name.text;
      if (imported !== undefined) imports.set(element.name.text, { module, name: prefix + imported, node: element, ...specifier });
    }
  }
}

function accessedNameOfBinding(t: TS, name: ts.PropertyName): string | undefined {
  if (t.isIdentifier(name) || t.isStringLiteralLike(name)) return name.text;
  return undefined;
}

/** Calls that take a resolver to call it soon themselves, not to keep it for someone else. */
const RUNS_ITS_CALLBACK = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'then', 'catch', 'finally']);

/** `setTimeout(resolve, ms)`, `promise.then(resolve)`: a resolver handed to the runtime, which calls it. */
function isHandedToRuntime(t: TS, resolver: ts.Identifier): boolean {
  const call = resolver.parent;
  if (!t.isCallExpression(call) || !call.arguments.includes(resolver)) return false;
  const name = calleeName(t, call);
  return name !== undefined && RUNS_ITS_CALLBACK.has(name);
}

/** True when the Promise executor passes its first parameter (`resolve`) somewhere other than a call. */
function storesResolver(t: TS, promise: ts.NewExpression): boolean {
  const executor = promise.arguments?.[0];
  if (executor === undefined || !(t.isArrowFunction(executor) || t.isFunctionExpression(executor))) return false;
  const resolveParameter = executor.parameters[0]?.name;
  if (resolveParameter === undefined || !t.isIdentifier(resolveParameter)) return false;
  const resolveName = resolveParameter.text;
  let stored = false;
  walk(t, executor.body, (node) => {
    if (stored) return false;
    if (t.isIdentifier(node) && node.text === resolveName && node !== resolveParameter) {
      const parent = node.parent;
      const isCalled = t.isCallExpression(parent) && parent.expression === node;
      const isPropertyName = t.isPropertyAccessExpression(parent) && parent.name === node;
      if (!isCalled && !isPropertyName && !isHandedToRuntime(t, node)) stored = true;
    }
    return true;
  });
  return stored;
}

/** The index of a file while its walk fills it. */
interface IndexInProgress {
  readonly imports: Map<string, ImportBinding>;
  readonly callsByName: Map<string, ts.CallExpression[]>;
  readonly computedMemberCalls: ts.CallExpression[];
  readonly newsByName: Map<string, ts.NewExpression[]>;
  readonly decoratorsByName: Map<string, ts.Decorator[]>;
  readonly assignmentsByName: Map<string, ts.Expression[]>;
  readonly updatesByName: Map<string, ts.Identifier[]>;
  readonly memberReadsByObject: Map<string, ts.PropertyAccessExpression[]>;
  readonly storedResolvers: ts.NewExpression[];
  readonly keyedAccesses: ts.ElementAccessExpression[];
  readonly functionsByName: Map<string, ts.SignatureDeclaration[]>;
  readonly classesByBaseName: Map<string, ts.ClassLikeDeclaration[]>;
}

/** Builds the index of a file in one walk of its AST. */
export function buildFileIndex(t: TS, sourceFile: ts.SourceFile): FileIndex {
  const index: IndexInProgress = {
    imports: new Map(),
    callsByName: new Map(),
    computedMemberCalls: [],
    newsByName: new Map(),
    decoratorsByName: new Map(),
    assignmentsByName: new Map(),
    updatesByName: new Map(),
    memberReadsByObject: new Map(),
    storedResolvers: [],
    keyedAccesses: [],
    functionsByName: new Map(),
    classesByBaseName: new Map(),
  };
  // Iterative (`walk`): a 5,000-term concatenation would exhaust the call stack, in ESLint stopping the whole run.
  walk(t, sourceFile, (node) => {
    // An import holds nothing else worth indexing.
    if (recordImport(t, node, index.imports)) return false;
    recordDeclaration(t, node, index);
    recordUse(t, node, index);
    return true;
  });

  return {
    sourceFile,
    imports: index.imports,
    importedModules: new Set([...index.imports.values()].map((binding) => binding.module)),
    callsByName: index.callsByName,
    computedMemberCalls: index.computedMemberCalls,
    newsByName: index.newsByName,
    decoratorsByName: index.decoratorsByName,
    assignmentsByName: index.assignmentsByName,
    updatesByName: index.updatesByName,
    memberReadsByObject: index.memberReadsByObject,
    storedResolvers: index.storedResolvers,
    keyedAccesses: index.keyedAccesses,
    functionsByName: index.functionsByName,
    classesByBaseName: index.classesByBaseName,
  };
}

/** `import ... from 'x'` and `import x = require('x')`: true when `node` is one. */
function recordImport(t: TS, node: ts.Node, imports: Map<string, ImportBinding>): boolean {
  switch (node.kind) {
    case t.SyntaxKind.ImportDeclaration:
      recordImportDeclaration(t, node as ts.ImportDeclaration, imports);
      return true;
    case t.SyntaxKind.ImportEqualsDeclaration: {
      const declaration = node as ts.ImportEqualsDeclaration;
      const reference = declaration.moduleReference;
      if (t.isExternalModuleReference(reference) && t.isStringLiteral(reference.expression)) {
        imports.set(declaration.name.text, { module: reference.expression.text, name: '*', node, specifier: reference.expression });
      }
      return true;
    }
    default:
      return false;
  }
}

/** Functions by the name they are called by, classes by the name of their base, and `require`s. */
function recordDeclaration(t: TS, node: ts.Node, index: IndexInProgress): void {
  switch (node.kind) {
    case t.SyntaxKind.VariableDeclaration: {
      const declaration = node as ts.VariableDeclaration;
      recordRequire(t, declaration, index.imports);
      const initializer = declaration.initializer && unwrapExpression(t, declaration.initializer);
      if (initializer && (t.isArrowFunction(initializer) || t.isFunctionExpression(initializer)) && t.isIdentifier(declaration.name)) {
        push(index.functionsByName, declaration.name.text, initializer);
      }
      break;
    }
    case t.SyntaxKind.FunctionDeclaration:
    case t.SyntaxKind.MethodDeclaration: {
      const declaration = node as ts.FunctionDeclaration | ts.MethodDeclaration;
      const name = declaration.name && (t.isIdentifier(declaration.name) || t.isStringLiteral(declaration.name)) ? declaration.name.text : undefined;
      if (name !== undefined) push(index.functionsByName, name, declaration);
      break;
    }
    case t.SyntaxKind.PropertyAssignment:
    case t.SyntaxKind.PropertyDeclaration: {
      // `publish: async (event) => ...` in an object, `send = (x) => ...` in a class.
      const declaration = node as ts.PropertyAssignment | ts.PropertyDeclaration;
      const initializer = declaration.initializer && unwrapExpression(t, declaration.initializer);
      if (initializer && (t.isArrowFunction(initializer) || t.isFunctionExpression(initializer)) && t.isIdentifier(declaration.name)) {
        push(index.functionsByName, declaration.name.text, initializer);
      }
      break;
    }
    case t.SyntaxKind.ClassDeclaration:
    case t.SyntaxKind.ClassExpression: {
      const declaration = node as ts.ClassLikeDeclaration;
      const base = declaration.heritageClauses?.find((clause) => clause.token === t.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      // `extends BaseConsumer` and `extends shared.BaseConsumer` both name the base `BaseConsumer`.
      const baseName = base && (t.isIdentifier(base) ? base.text : t.isPropertyAccessExpression(base) ? base.name.text : undefined);
      if (baseName !== undefined) push(index.classesByBaseName, baseName, declaration);
      break;
    }
    default:
      break;
  }
}

/** Calls, `new`s and decorators by the name they are made by, assignments by target, member reads by object. */
function recordUse(t: TS, node: ts.Node, index: IndexInProgress): void {
  switch (node.kind) {
    case t.SyntaxKind.CallExpression: {
      const call = node as ts.CallExpression;
      const name = calleeName(t, call);
      if (name !== undefined) push(index.callsByName, name, call);
      else if (t.isElementAccessExpression(unwrapExpression(t, call.expression))) index.computedMemberCalls.push(call);
      break;
    }
    case t.SyntaxKind.NewExpression: {
      const created = node as ts.NewExpression;
      const name = calleeName(t, created);
      if (name !== undefined) push(index.newsByName, name, created);
      if (name === 'Promise' && storesResolver(t, created)) index.storedResolvers.push(created);
      break;
    }
    case t.SyntaxKind.Decorator: {
      const decorator = node as ts.Decorator;
      if (t.isCallExpression(decorator.expression)) {
        const name = calleeName(t, decorator.expression);
        if (name !== undefined) push(index.decoratorsByName, name, decorator);
      }
      break;
    }
    case t.SyntaxKind.BinaryExpression: {
      const binary = node as ts.BinaryExpression;
      const operator = binary.operatorToken.kind;
      const target = unwrapExpression(t, binary.left);
      if (operator === t.SyntaxKind.EqualsToken && t.isIdentifier(target)) push(index.assignmentsByName, target.text, binary.right);
      else if (operator === t.SyntaxKind.EqualsToken) recordDestructuredUpdates(t, target, index);
      else if (operator >= t.SyntaxKind.FirstCompoundAssignment && operator <= t.SyntaxKind.LastCompoundAssignment && t.isIdentifier(target)) {
        push(index.updatesByName, target.text, target);
      }
      break;
    }
    case t.SyntaxKind.PrefixUnaryExpression:
    case t.SyntaxKind.PostfixUnaryExpression: {
      const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
      const operand = unwrapExpression(t, unary.operand);
      const changes = unary.operator === t.SyntaxKind.PlusPlusToken || unary.operator === t.SyntaxKind.MinusMinusToken;
      if (changes && t.isIdentifier(operand)) push(index.updatesByName, operand.text, operand);
      break;
    }
    case t.SyntaxKind.ElementAccessExpression: {
      const access = node as ts.ElementAccessExpression;
      const key = unwrapExpression(t, access.argumentExpression);
      if (!t.isStringLiteralLike(key) && !t.isNumericLiteral(key)) index.keyedAccesses.push(access);
      break;
    }
    case t.SyntaxKind.PropertyAccessExpression: {
      const access = node as ts.PropertyAccessExpression;
      if (t.isIdentifier(access.expression)) push(index.memberReadsByObject, access.expression.text, access);
      break;
    }
    default:
      break;
  }
}

/** `[a, b] = pair`, `({ a, b: c } = object)`: every identifier assigned by the pattern. */
function recordDestructuredUpdates(t: TS, target: ts.Expression, index: IndexInProgress): void {
  const visit = (node: ts.Node): void => {
    if (t.isIdentifier(node)) push(index.updatesByName, node.text, node);
    else if (t.isArrayLiteralExpression(node)) node.elements.forEach(visit);
    else if (t.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (t.isShorthandPropertyAssignment(property)) visit(property.name);
        else if (t.isPropertyAssignment(property)) visit(unwrapExpression(t, property.initializer));
        else if (t.isSpreadAssignment(property)) visit(unwrapExpression(t, property.expression));
      }
    } else if (t.isSpreadElement(node)) visit(unwrapExpression(t, node.expression));
    else if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken) visit(unwrapExpression(t, node.left));
  };
  if (t.isArrayLiteralExpression(target) || t.isObjectLiteralExpression(target)) visit(target);
}

/** The imported entity an expression names: `Kafka` (named import), `kafkajs.Kafka` (namespace). */
export function importedEntity(
  t: TS,
  index: FileIndex,
  expression: ts.Expression,
): { module: string; name: string } | undefined {
  const node = unwrapExpression(t, expression);
  if (t.isIdentifier(node)) {
    const binding = index.imports.get(node.text);
    return binding ? { module: binding.module, name: binding.name } : undefined;
  }
  if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) {
    const owner = unwrapExpression(t, node.expression);
    const name = accessedName(t, node);
    if (name === undefined) return undefined;
    if (t.isIdentifier(owner)) {
      const binding = index.imports.get(owner.text);
      // `import * as k from 'kafkajs'; k.Kafka` or CommonJS `const k = require('kafkajs'); k.Kafka`.
      if (binding?.name === '*') return { module: binding.module, name };
      // `import axios from 'axios'; axios.default` is rare; `pkg.KafkaJS.Kafka` is handled by nesting.
      if (binding) return { module: binding.module, name: `${binding.name}.${name}` };
    }
    const inner = importedEntity(t, index, owner);
    if (inner) return { module: inner.module, name: inner.name === '*' ? name : `${inner.name}.${name}` };
    const required = requiredModule(t, owner);
    if (required) return { module: required.module, name };
  }
  return undefined;
}
