import type ts from 'typescript';
import { calleeReceiver, enclosingClass, findProperty, parentOf, type TS, unwrapAwait, unwrapExpression } from './ast.js';
import { declaredExpression, exportedExpression, exportsMemberName, isModuleExports } from './commonjs.js';
import { baseClass, classMember, importedFile, type ResolutionContext, resolveIdentifier } from './declarations.js';
import { type FileIndex, type ImportBinding, takesWholeExport } from './file-index.js';
import { namesFile } from './module-paths.js';
import type { ValueEvaluator } from './values.js';

export type CallSite = ts.CallExpression | ts.NewExpression;

/**
 * The calls of the project's functions and constructors: every call and `new` of the indexed files by the
 * name it is made by, and which of them call a given function. Calls are matched by the checker's resolved
 * signature; without one, by the code (an import of the function's file, a function kept in an object), or
 * by a name the project declares only once.
 */
export class CallSites {
  private readonly t: TS;
  private readonly callsByName = new Map<string, CallSite[]>();
  private readonly declarationCounts = new Map<string, number>();
  /**
   * Files that take another file's whole export (`import x from './x'`, `const x = require('./x')`), with the
   * local names they call it by.
   */
  private readonly wholeImports: { readonly index: FileIndex; readonly binding: ImportBinding; readonly local: string }[] = [];
  /** The project file each of those imports names, once asked (`null`: none the checker knows). */
  private readonly importedFiles = new Map<ImportBinding, ts.SourceFile | null>();
  /**
   * The function each call names through code, once asked (`null`: the code does not say). Every wrapper
   * of one name asks about the same calls (a `publish` per service, each asking about every `publish(...)`
   * of the project): without this, the work grew with services times calls.
   */
  private readonly calledFunctions = new Map<CallSite, ts.SignatureDeclaration | null>();

  constructor(
    private readonly context: ResolutionContext,
    private readonly evaluator: ValueEvaluator,
    files: readonly FileIndex[],
    /** Whether two files belong to one package or service; the host knows, the engine does not. */
    private readonly samePackage: (a: ts.SourceFile, b: ts.SourceFile) => boolean,
  ) {
    this.t = context.ts;
    for (const index of files) {
      for (const [name, calls] of index.callsByName) this.add(name, calls);
      for (const [name, news] of index.newsByName) this.add(name, news);
      for (const [name, declarations] of index.functionsByName) {
        this.declarationCounts.set(name, (this.declarationCounts.get(name) ?? 0) + declarations.length);
      }
      for (const [local, binding] of index.imports) {
        if (takesWholeExport(this.t, binding)) this.wholeImports.push({ index, binding, local });
      }
    }
  }

  private add(name: string, sites: readonly CallSite[]): void {
    const list = this.callsByName.get(name);
    if (list) list.push(...sites);
    else this.callsByName.set(name, [...sites]);
  }

  /** Every call and `new` made by this name (`send` for `producer.send(...)`, `super` for `super(...)`). */
  named(name: string): readonly CallSite[] {
    return this.callsByName.get(name) ?? [];
  }

  /** Calls of `owner` in the project; for a constructor, the `new` expressions (or `super` calls). */
  of(owner: ts.SignatureDeclaration, at: ts.Node): CallSite[] {
    const t = this.t;
    if (t.isConstructorDeclaration(owner)) return this.constructionsOf(owner, at);
    const name = functionName(t, owner);
    const candidates = name === undefined ? [] : (this.callsByName.get(name) ?? []);
    const named = candidates.filter((site) => t.isCallExpression(site) && !isAncestor(owner, site) && this.calls(site, owner, name!));
    if (!isWholeExport(t, owner)) return named;
    // `export default (...) => {...}`, `module.exports = function start(...) {...}`: callers call it by
    // whatever name they import it as.
    const imported = this.wholeExportUses(owner, (index, local) => index.callsByName.get(local) ?? []);
    return [...new Set([...named, ...imported])];
  }

  /** The calls (or `new`s) of a module's whole export, by the names the files that import it give it. */
  private wholeExportUses(owner: ts.Node, uses: (index: FileIndex, local: string) => readonly CallSite[]): CallSite[] {
    const ownerFile = owner.getSourceFile();
    return this.wholeImports.flatMap(({ index, binding, local }) => {
      if (!this.names(index, binding, ownerFile)) return [];
      return uses(index, local).filter((site) => this.t.isIdentifier(unwrapExpression(this.t, site.expression)));
    });
  }

  /** Whether an import names a file: as the checker resolves it, else by the relative path it is written with. */
  private names(index: FileIndex, binding: ImportBinding, file: ts.SourceFile): boolean {
    let resolved = this.importedFiles.get(binding);
    if (resolved === undefined) {
      resolved = importedFile(this.context, binding, index.sourceFile) ?? null;
      this.importedFiles.set(binding, resolved);
    }
    if (resolved !== null) return resolved === file;
    return binding.module.startsWith('.') && namesFile(index.sourceFile.fileName, binding.module, file.fileName);
  }

  private calls(site: CallSite, owner: ts.SignatureDeclaration, name: string): boolean {
    // `MessageBroker.publish(...)` where `const MessageBroker = { publish, ... }`: the code says which function.
    let named = this.calledFunctions.get(site);
    if (named === undefined) {
      named = this.functionCalledBy(site) ?? null;
      this.calledFunctions.set(site, named);
    }
    if (named !== null) return named === owner;
    const checker = this.context.checker;
    if (checker) {
      try {
        const declaration = checker.getResolvedSignature(site)?.getDeclaration();
        // A signature with a body is the function, and one in a library's `.d.ts` is that library's; one
        // without a body in the sources (an interface member the object was typed with, an overload) says
        // nothing about which function runs.
        if (declaration !== undefined && !(declaration.flags & this.t.NodeFlags.Synthesized)) {
          if (hasBody(declaration) || declaration.getSourceFile().isDeclarationFile) return declaration === owner;
        }
      } catch {
        // Fall through to the name-based match.
      }
    }
    // Without a usable signature (JavaScript, an untyped receiver), the call must fit the function's
    // parameters and form, and the caller must import the function's file, or the name must be declared
    // once in the project and the caller be in the same package (Fastify's `reply.send(x)` in one service
    // is not the `HttpClient.send(method, path)` of another).
    if (!fitsArguments(this.t, site, owner) || !fitsForm(this.t, site, owner)) return false;
    const siteFile = site.getSourceFile();
    const ownerFile = owner.getSourceFile();
    if (siteFile === ownerFile || importsFile(this.context.indexOf(siteFile), siteFile.fileName, ownerFile.fileName)) return true;
    return this.declarationCounts.get(name) === 1 && this.samePackage(siteFile, ownerFile);
  }

  /**
   * The function a call names through code alone: a local or imported function (`publish(...)`), or a
   * function kept in an object (`MessageBroker.publish(...)` with `const MessageBroker = { publish }`).
   * `undefined` when the code does not say (a method of an instance, a parameter).
   */
  private functionCalledBy(site: CallSite): ts.SignatureDeclaration | undefined {
    const t = this.t;
    if (!t.isCallExpression(site)) return undefined;
    const callee = unwrapExpression(t, site.expression);
    if (t.isIdentifier(callee)) return this.functionOf(callee, 0);
    if (!t.isPropertyAccessExpression(callee)) return undefined;
    const container = this.evaluator.container(callee.expression);
    if (container?.kind !== 'object') return undefined;
    const property = findProperty(t, container.node, callee.name.text);
    if (!property.found) return undefined;
    if (t.isMethodDeclaration(property.node)) return property.node;
    return this.functionOf(property.initializer, 0);
  }

  private functionOf(expression: ts.Expression, depth: number): ts.SignatureDeclaration | undefined {
    const t = this.t;
    const node = unwrapExpression(t, expression);
    if (t.isArrowFunction(node) || t.isFunctionExpression(node)) return node;
    if (!t.isIdentifier(node) || depth > 4) return undefined;
    const origin = resolveIdentifier(this.context, node);
    if (origin?.kind !== 'declaration') return undefined;
    const declaration = origin.node;
    if (t.isFunctionDeclaration(declaration)) return declaration;
    // `const f = ...`, and `exports.publish = async function publish(...) {...}`, `module.exports = fn` or
    // `module.exports = { publish: async () => {...} }` required here.
    const assigned = declaredExpression(t, declaration);
    return assigned ? this.functionOf(assigned, depth + 1) : undefined;
  }

  /**
   * `new C(...)` sites for a constructor of C (and `super(...)` in its subclasses). When the interaction sits
   * in a method called on a known instance (`this.inventory = new InventoryClient(url)`), only that instance.
   */
  private constructionsOf(owner: ts.ConstructorDeclaration, at: ts.Node): CallSite[] {
    const t = this.t;
    const classNode = owner.parent;
    // `class Bus {}`, or `exports.Bus = class {...}` named by its export.
    const parent = parentOf(classNode);
    const className = classNode.name?.text ?? (parent && t.isBinaryExpression(parent) && parent.right === classNode ? exportsMemberName(t, parent.left) : undefined);
    const named = className === undefined ? [] : (this.callsByName.get(className) ?? []).filter((site) => t.isNewExpression(site) && this.constructs(site, classNode, className));
    // `module.exports = class {...}` is constructed by whatever name its importers give it.
    const imported = isWholeExport(t, classNode) ? this.wholeExportUses(classNode, (index, local) => index.newsByName.get(local) ?? []) : [];
    const direct = [...new Set([...named, ...imported])];
    const viaSuper = (this.callsByName.get('super') ?? []).filter((site) => {
      const subclass = enclosingClass(t, site);
      return subclass !== undefined && baseClass(this.context, subclass) === classNode;
    });
    const all = [...direct, ...viaSuper];
    // `payments.get('/x')` where `const payments = new HttpClient(PAYMENT_URL)`: that instance only.
    const receiver = t.isCallExpression(at) ? calleeReceiver(t, at) : undefined;
    const known = receiver ? this.instancesOf(receiver, 0).filter((site) => direct.includes(site)) : [];
    return known.length > 0 ? known : all;
  }

  /** The `new` expressions an expression may hold: through consts, and fields assigned in their class. */
  private instancesOf(expression: ts.Expression, depth: number): ts.NewExpression[] {
    const t = this.t;
    if (depth > 6) return [];
    const node = unwrapAwait(t, expression);
    if (t.isNewExpression(node)) return [node];
    if (t.isIdentifier(node)) {
      const origin = resolveIdentifier(this.context, node);
      if (origin?.kind === 'declaration' && t.isVariableDeclaration(origin.node) && origin.node.initializer) {
        return this.instancesOf(origin.node.initializer, depth + 1);
      }
      return [];
    }
    if (t.isPropertyAccessExpression(node) && node.expression.kind === t.SyntaxKind.ThisKeyword) {
      const classNode = enclosingClass(t, node);
      const member = classNode && classMember(t, classNode, node.name.text);
      if (member === undefined) return [];
      const initializer = member.declaration && t.isPropertyDeclaration(member.declaration) ? member.declaration.initializer : undefined;
      return [...(initializer ? [initializer] : []), ...member.assignments].flatMap((assigned) => this.instancesOf(assigned, depth + 1));
    }
    return [];
  }

  private constructs(site: ts.NewExpression, classNode: ts.ClassLikeDeclaration, className: string): boolean {
    const checker = this.context.checker;
    if (checker) {
      try {
        const symbol = checker.getSymbolAtLocation(unwrapExpression(this.t, site.expression));
        const resolved = symbol && symbol.flags & this.t.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        // `exports.Bus = class {...}` is declared by its export: the class is what it assigns.
        if (resolved?.declarations?.length) return resolved.declarations.some((declaration) => declaration === classNode || exportedExpression(this.t, declaration) === classNode);
      } catch {
        // Fall through.
      }
    }
    return this.declarationCounts.get(className) === undefined || this.declarationCounts.get(className) === 1;
  }
}

/** Whether `ancestor` is `node` or holds it. */
export function isAncestor(ancestor: ts.Node, node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current !== undefined; current = parentOf(current)) {
    if (current === ancestor) return true;
  }
  return false;
}

/** The name a function is called by: its own, or the variable or property it is assigned to. */
export function functionName(t: TS, fn: ts.SignatureDeclaration): string | undefined {
  if ((t.isFunctionDeclaration(fn) || t.isMethodDeclaration(fn) || t.isFunctionExpression(fn)) && fn.name && t.isIdentifier(fn.name)) return fn.name.text;
  if (t.isConstructorDeclaration(fn)) return fn.parent.name?.text;
  const parent = fn.parent;
  if ((t.isVariableDeclaration(parent) || t.isPropertyAssignment(parent) || t.isPropertyDeclaration(parent)) && t.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  // `exports.publish = async (topic, event) => {...}`, `module.exports.publish = ...`.
  if (t.isBinaryExpression(parent) && parent.right === fn) return exportsMemberName(t, parent.left);
  return undefined;
}


function hasBody(declaration: ts.Node): boolean {
  return (declaration as { body?: ts.Node }).body !== undefined;
}

/** The call passes at least the parameters the function requires, and no more than it takes. */
function fitsArguments(t: TS, site: CallSite, owner: ts.SignatureDeclaration): boolean {
  const args = site.arguments ?? [];
  if (args.some((argument) => t.isSpreadElement(argument))) return true;
  const required = owner.parameters.filter((parameter) => !parameter.questionToken && !parameter.initializer && !parameter.dotDotDotToken).length;
  const takesRest = owner.parameters.some((parameter) => parameter.dotDotDotToken);
  return args.length >= required && (takesRest || args.length <= owner.parameters.length);
}

/** A method is called on something (`x.send()`), never as a bare name. */
function fitsForm(t: TS, site: CallSite, owner: ts.SignatureDeclaration): boolean {
  const isMember = t.isMethodDeclaration(owner) || t.isPropertyDeclaration(owner.parent) || t.isPropertyAssignment(owner.parent);
  const callee = unwrapExpression(t, site.expression);
  return !isMember || t.isPropertyAccessExpression(callee) || t.isElementAccessExpression(callee);
}

/** Whether a file imports another by a relative path (`./broker`, `../kafka/broker.js`). */
function importsFile(index: FileIndex, fileName: string, target: string): boolean {
  for (const module of index.importedModules) {
    if (module.startsWith('.') && namesFile(fileName, module, target)) return true;
  }
  return false;
}

/**
 * A module's whole export: `export default (...) => ...`, `export default function (...) {...}`,
 * `export = X`, and CommonJS `module.exports = X`.
 */
function isWholeExport(t: TS, node: ts.SignatureDeclaration | ts.ClassLikeDeclaration): boolean {
  const parent = parentOf(node);
  if (parent !== undefined && t.isExportAssignment(parent)) return true;
  if (parent !== undefined && t.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === t.SyntaxKind.EqualsToken && isModuleExports(t, parent.left)) {
    return true;
  }
  return (t.isFunctionDeclaration(node) || t.isClassDeclaration(node)) && (node.modifiers ?? []).some((modifier) => modifier.kind === t.SyntaxKind.DefaultKeyword);
}

