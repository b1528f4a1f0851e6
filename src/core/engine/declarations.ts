import type ts from 'typescript';
import { parentOf, propertyNameText, type TS, unwrapExpression, walk } from './ast.js';
import { commonJsExportAssignment, commonJsExportNamed, commonJsExports } from './commonjs.js';
import { type FileIndex, type ImportBinding, requiredModule, takesWholeExport } from './file-index.js';
import { candidateFiles } from './module-paths.js';

/**
 * Where a name comes from. Declarations may live in another file when a type checker is available to
 * follow imports; without one an import of another module stays an `import` origin.
 */
export type Origin =
  | { readonly kind: 'declaration'; readonly node: ts.Node }
  | { readonly kind: 'import'; readonly binding: ImportBinding }
  | { readonly kind: 'module'; readonly sourceFile: ts.SourceFile };

/** What resolution needs from the engine: the TS module, an optional checker, and file indexes. */
export interface ResolutionContext {
  readonly ts: TS;
  readonly checker: ts.TypeChecker | undefined;
  /** Modules that are libraries we know: their imports are leaves, never followed into `.d.ts` files. */
  readonly libraryModules: ReadonlySet<string>;
  indexOf(sourceFile: ts.SourceFile): FileIndex;
  /** Every source file of the project, when the host has them all (the CLI); absent in ESLint. */
  readonly projectFiles?: () => readonly ts.SourceFile[];
  /**
   * The packages whose files the program holds under `node_modules` (`kafkajs`, `@types/node` as `node`),
   * when the host knows them all (the CLI); absent when it does not (ESLint), and the checker is then
   * always asked about types.
   */
  readonly declaredPackages?: ReadonlySet<string>;
}

function bindingNameDeclares(t: TS, name: ts.BindingName, wanted: string): ts.Node | undefined {
  if (t.isIdentifier(name)) return name.text === wanted ? name.parent : undefined;
  for (const element of name.elements) {
    if (t.isOmittedExpression(element)) continue;
    const found = bindingNameDeclares(t, element.name, wanted);
    if (found) return found;
  }
  return undefined;
}

/** A declaration of `name` made directly by one statement (not inside nested blocks). */
function statementDeclares(t: TS, statement: ts.Node, name: string): ts.Node | undefined {
  if (t.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      const found = bindingNameDeclares(t, declaration.name, name);
      if (found) return found;
    }
    return undefined;
  }
  if (
    (t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement) || t.isEnumDeclaration(statement)) &&
    statement.name?.text === name
  ) {
    return statement;
  }
  if (t.isModuleDeclaration(statement) && t.isIdentifier(statement.name) && statement.name.text === name) {
    return statement;
  }
  return undefined;
}

/** Finds the declaration of an identifier by walking its enclosing scopes, without a checker. */
export function findLocalDeclaration(t: TS, identifier: ts.Identifier): ts.Node | undefined {
  const name = identifier.text;
  for (let scope = parentOf(identifier); scope !== undefined; scope = parentOf(scope)) {
    if (t.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        const found = bindingNameDeclares(t, parameter.name, name);
        if (found) return found;
      }
      if ((t.isFunctionExpression(scope) || t.isClassExpression(scope)) && scope.name?.text === name) return scope;
    }
    if (t.isSourceFile(scope) || t.isBlock(scope) || t.isModuleBlock(scope) || t.isCaseClause(scope) || t.isDefaultClause(scope)) {
      for (const statement of scope.statements) {
        const found = statementDeclares(t, statement, name);
        if (found) return found;
      }
    }
    if ((t.isForOfStatement(scope) || t.isForInStatement(scope) || t.isForStatement(scope)) && scope.initializer) {
      if (t.isVariableDeclarationList(scope.initializer)) {
        for (const declaration of scope.initializer.declarations) {
          const found = bindingNameDeclares(t, declaration.name, name);
          if (found) return found;
        }
      }
    }
    if (t.isCatchClause(scope) && scope.variableDeclaration) {
      const found = bindingNameDeclares(t, scope.variableDeclaration.name, name);
      if (found) return found;
    }
  }
  return undefined;
}

function isRelative(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/');
}

/**
 * Follows an import into the file that declares it, with the checker. Library modules we know stay
 * leaves: their meaning is in the detectors' tables, not in their `.d.ts` files.
 */
function followImport(context: ResolutionContext, identifier: ts.Identifier, binding: ImportBinding, depth: number): Origin {
  const leaf: Origin = { kind: 'import', binding };
  const { checker, ts: t } = context;
  if (checker === undefined || context.libraryModules.has(binding.module) || context.libraryModules.has(packageOf(binding.module))) {
    return leaf;
  }
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(identifier);
    if (symbol && symbol.flags & t.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  } catch {
    return leaf;
  }
  // What the checker cannot follow (a name merged in by `Object.assign(module.exports, ...)`, a require of a
  // path built from `__dirname`, which leaves the name its own declaration), the module's own code may say.
  let declaration: ts.Node | undefined = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (declaration === undefined || declaration === binding.node) declaration = exportedBySyntax(context, binding, identifier.getSourceFile());
  if (declaration === undefined) return leaf;
  if (t.isSourceFile(declaration)) return { kind: 'module', sourceFile: declaration };
  // A `.d.ts` of an unknown package says nothing about values.
  if (declaration.getSourceFile().isDeclarationFile && !isRelative(binding.module)) return leaf;
  // `module.exports = { createProducer }`: the name's own declaration in that module, as the checker gives it.
  // The depth bounds modules that re-export each other's names in a circle.
  if (t.isShorthandPropertyAssignment(declaration)) return (depth < MAX_REEXPORTS ? resolveIdentifier(context, declaration.name, depth + 1) : undefined) ?? leaf;
  return { kind: 'declaration', node: commonJsExportAssignment(t, declaration) ?? declaration };
}

/**
 * The declaration of an imported name by reading the CommonJS exports of the module it comes from; for the
 * whole module, its `module.exports = X` when it has one, else the module.
 */
function exportedBySyntax(context: ResolutionContext, binding: ImportBinding, from: ts.SourceFile): ts.Node | undefined {
  const file = importedFile(context, binding, from);
  if (file === undefined || binding.name === 'default' || binding.name.includes('.')) return undefined;
  if (binding.name !== '*') return commonJsExportByName(context, file, binding.name, 0);
  const whole = commonJsExports(context.ts, file).whole;
  return whole?.parent ?? file;
}

/**
 * The project file a module name written in `from` names: as the checker resolves its literal, or for a name
 * built from `__dirname`, the project file at that path (the CLI has every file; ESLint does not).
 */
export function importedFile(context: ResolutionContext, imported: { module: string; specifier?: ts.StringLiteralLike }, from: ts.SourceFile): ts.SourceFile | undefined {
  const { checker, ts: t } = context;
  if (imported.specifier !== undefined) {
    if (checker === undefined) return undefined;
    try {
      const declaration = checker.getSymbolAtLocation(imported.specifier)?.valueDeclaration;
      return declaration && t.isSourceFile(declaration) && !declaration.isDeclarationFile ? declaration : undefined;
    } catch {
      return undefined;
    }
  }
  if (!isRelative(imported.module)) return undefined;
  const byName = projectFilesByName(context);
  return byName && candidateFiles(from.fileName, imported.module).map((file) => byName.get(file)).find((file) => file !== undefined);
}

const filesByName = new WeakMap<readonly ts.SourceFile[], Map<string, ts.SourceFile>>();

function projectFilesByName(context: ResolutionContext): ReadonlyMap<string, ts.SourceFile> | undefined {
  const files = context.projectFiles?.();
  if (files === undefined) return undefined;
  let byName = filesByName.get(files);
  if (byName === undefined) {
    byName = new Map(files.map((file) => [file.fileName, file]));
    filesByName.set(files, byName);
  }
  return byName;
}

/** The file a `require('./x')` (or `import('./x')`) call loads, when it is one of the project's. */
export function requiredFile(context: ResolutionContext, expression: ts.Expression): ts.SourceFile | undefined {
  const required = requiredModule(context.ts, expression);
  return required && !required.viaDefault ? importedFile(context, required, expression.getSourceFile()) : undefined;
}

/**
 * A named CommonJS export by syntax (`commonjs.ts`), through `module.exports = require('./x')` re-exports.
 * The depth bounds a circle of re-exports.
 */
function commonJsExportByName(context: ResolutionContext, file: ts.SourceFile, name: string, depth: number): ts.Node | undefined {
  const t = context.ts;
  const exports = commonJsExports(t, file);
  const found = commonJsExportNamed(t, exports, name);
  if (found !== undefined || exports.whole === undefined || depth > MAX_REEXPORTS) return found;
  const reexported = requiredFile(context, exports.whole);
  return reexported && commonJsExportByName(context, reexported, name, depth + 1);
}

/** The package a module specifier belongs to: `@nestjs/microservices` for `@nestjs/microservices/x`. */
export function packageOf(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const MAX_REEXPORTS = 8;

/** Resolves an identifier to where it comes from. */
export function resolveIdentifier(context: ResolutionContext, identifier: ts.Identifier, depth = 0): Origin | undefined {
  const t = context.ts;
  const local = findLocalDeclaration(t, identifier);
  const index = context.indexOf(identifier.getSourceFile());
  if (local !== undefined) {
    // `const { kafka } = require('../shared/kafka')` declares a local name that is an import in all but
    // syntax: followed into the module like one. Where it cannot be followed (a library, no checker, a
    // missing file), the local declaration still says what it is (`require('kafkajs')`).
    const required = index.imports.get(identifier.text);
    if (required?.node === local) {
      const followed = followImport(context, identifier, required, depth);
      if (followed.kind !== 'import') return followed;
    }
    return { kind: 'declaration', node: local };
  }
  const binding = index.imports.get(identifier.text);
  if (binding === undefined) return undefined;
  return followImport(context, identifier, binding, depth);
}

/**
 * The module whose whole export a name is (`import kafka from './kafka.cjs'`, `const kafka = require('./kafka')`):
 * its other exports read as members of the name (`module.exports = kafka; module.exports.TOPIC = 'x'` gives
 * `kafka.TOPIC`), even where the value itself is a library's object the evaluator cannot read.
 */
export function wholeImportedModule(context: ResolutionContext, expression: ts.Expression): ts.SourceFile | undefined {
  const t = context.ts;
  const node = unwrapExpression(t, expression);
  if (!t.isIdentifier(node)) return undefined;
  const binding = context.indexOf(node.getSourceFile()).imports.get(node.text);
  if (binding === undefined || !takesWholeExport(t, binding)) return undefined;
  // The name must be that import here, not a local of the same name.
  const local = findLocalDeclaration(t, node);
  if (local !== undefined && local !== binding.node) return undefined;
  const file = importedFile(context, binding, node.getSourceFile());
  // A default import of an ES module is its default export, whose members are not the module's exports.
  if (file === undefined || (binding.name === 'default' && !givesCommonJsExports(t, file))) return undefined;
  return file;
}

/** Whether a module gives CommonJS exports (`module.exports`, `exports.x`, a `.json` document). */
function givesCommonJsExports(t: TS, file: ts.SourceFile): boolean {
  const { whole, named, merged } = commonJsExports(t, file);
  return whole !== undefined || named.size > 0 || merged.length > 0;
}

/** An exported declaration of a module file, following `export { X } from` and `export *` with the checker. */
export function exportedDeclaration(context: ResolutionContext, sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
  const { checker, ts: t } = context;
  if (checker === undefined) return undefined;
  try {
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
    let symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((candidate) => candidate.name === name);
    if (symbol && symbol.flags & t.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (declaration !== undefined) return commonJsExportAssignment(t, declaration) ?? declaration;
  } catch {
    // Fall through to the module's own code.
  }
  return commonJsExportByName(context, sourceFile, name, 0);
}

/** The members a class declares under a name, and what `this.name = ...` assigns anywhere in the class. */
export interface ClassMember {
  /** Property declaration or constructor parameter property. */
  readonly declaration?: ts.PropertyDeclaration | ts.ParameterDeclaration | ts.GetAccessorDeclaration;
  readonly assignments: readonly ts.Expression[];
}

const classMemberCache = new WeakMap<ts.ClassLikeDeclaration, Map<string, ClassMember>>();

function collectClassMembers(t: TS, classNode: ts.ClassLikeDeclaration): Map<string, ClassMember> {
  const members = new Map<string, { declaration?: ClassMember['declaration']; assignments: ts.Expression[] }>();
  const entry = (name: string) => {
    let member = members.get(name);
    if (!member) {
      member = { assignments: [] };
      members.set(name, member);
    }
    return member;
  };
  for (const member of classNode.members) {
    if (t.isPropertyDeclaration(member) || t.isGetAccessorDeclaration(member)) {
      const name = propertyNameText(t, member.name);
      if (name !== undefined) entry(name).declaration = member;
    }
    if (t.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        const isProperty = parameter.modifiers?.some((modifier) =>
          [t.SyntaxKind.PrivateKeyword, t.SyntaxKind.PublicKeyword, t.SyntaxKind.ProtectedKeyword, t.SyntaxKind.ReadonlyKeyword].includes(modifier.kind),
        );
        if (isProperty && t.isIdentifier(parameter.name)) entry(parameter.name.text).declaration = parameter;
      }
    }
  }
  // `this.x = value` anywhere in the class body, outside nested classes.
  const visit = (node: ts.Node): boolean => {
    if (t.isClassLike(node) && node !== classNode) return false;
    if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      const target = unwrapExpression(t, node.left);
      if ((t.isPropertyAccessExpression(target) || t.isElementAccessExpression(target)) && target.expression.kind === t.SyntaxKind.ThisKeyword) {
        const name = t.isPropertyAccessExpression(target) ? target.name.text : undefined;
        if (name !== undefined) entry(name).assignments.push(node.right);
      }
    }
    return true;
  };
  for (const member of classNode.members) walk(t, member, visit);
  return members;
}

/** What a class (not its bases) says about a member. */
export function classMember(t: TS, classNode: ts.ClassLikeDeclaration, name: string): ClassMember | undefined {
  let members = classMemberCache.get(classNode);
  if (members === undefined) {
    members = collectClassMembers(t, classNode);
    classMemberCache.set(classNode, members);
  }
  return members.get(name);
}

/** The project class a name stands for (`new ApiClient()`, `config: AppConfig`), followed into other files with a checker. */
export function classNamed(context: ResolutionContext, name: ts.Node): ts.ClassLikeDeclaration | undefined {
  const t = context.ts;
  if (!t.isIdentifier(name)) return undefined;
  const origin = resolveIdentifier(context, name);
  return origin?.kind === 'declaration' && t.isClassLike(origin.node) ? origin.node : undefined;
}

/** The declaration of the class a class extends, when it can be found. */
export function baseClass(context: ResolutionContext, classNode: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined {
  const t = context.ts;
  const heritage = classNode.heritageClauses?.find((clause) => clause.token === t.SyntaxKind.ExtendsKeyword);
  const base = heritage?.types[0]?.expression;
  return base === undefined ? undefined : classNamed(context, base);
}
