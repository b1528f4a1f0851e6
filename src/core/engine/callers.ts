import path from 'node:path';
import type ts from 'typescript';
import { describeValue, mapParams, unknownValue, type Value } from '../model/value.js';
import { calleeReceiver, enclosingClass, enclosingFunction, findProperty, parentOf, type TS, unwrapAwait, unwrapExpression } from './ast.js';
import { baseClass, classMember, type ResolutionContext, resolveIdentifier } from './declarations.js';
import type { FileIndex } from './file-index.js';
import type { ValueEvaluator } from './values.js';
import { bindAtSeams, bindParameters } from './values/functions.js';

export type CallSite = ts.CallExpression | ts.NewExpression;

/** Where an interaction is placed once its parameters are bound, and the calls it went through. */
export interface Placement {
  /** The call site where the values became visible (the library call itself when nothing was bound). */
  readonly at: ts.Node;
  readonly values: readonly Value[];
  /** The calls between `at` and the library call, innermost first; empty when `at` is the library call. */
  readonly via: readonly ts.Node[];
}

const MAX_DEPTH = 4;
/** A wrapper called from very many places is still drawn, but not once per combination beyond this. */
const MAX_PLACEMENTS = 200;

type Visit = (at: ts.Node, current: readonly Value[], via: readonly ts.Node[], depth: number) => void;

/** What a parameter value may belong to: a function, a class (members left to subclasses), or a `for...of` loop. */
type ParamOwner = ts.SignatureDeclaration | ts.ClassLikeDeclaration | ts.ForOfStatement;

function isSignature(t: TS, owner: ParamOwner): owner is ts.SignatureDeclaration {
  return !t.isClassLike(owner) && !t.isForOfStatement(owner);
}

/**
 * Follows values that are parameters of a wrapper (`publish(topic, event)`, `send(method, url)`,
 * `constructor(baseURL)`) to the places that call it, across files, and binds them there. Calls are
 * matched by the checker's resolved signature; without one, by a name the project declares only once.
 */
export class CallerBinder {
  private readonly t: TS;
  private readonly callsByName = new Map<string, CallSite[]>();
  private readonly declarationCounts = new Map<string, number>();
  private readonly subclassesByBaseName = new Map<string, ts.ClassLikeDeclaration[]>();
  /** Files that import another file's default export, with the local names they call it by. */
  private readonly defaultImports: { readonly index: FileIndex; readonly module: string; readonly local: string }[] = [];

  constructor(
    private readonly context: ResolutionContext,
    private readonly evaluator: ValueEvaluator,
    files: readonly FileIndex[],
    /** Whether two files belong to one package or service; the host knows, the engine does not. */
    private readonly samePackage: (a: ts.SourceFile, b: ts.SourceFile) => boolean = () => true,
  ) {
    this.t = context.ts;
    for (const index of files) {
      for (const [name, calls] of index.callsByName) this.add(name, calls);
      for (const [name, news] of index.newsByName) this.add(name, news);
      for (const [name, subclasses] of index.classesByBaseName) {
        this.subclassesByBaseName.set(name, [...(this.subclassesByBaseName.get(name) ?? []), ...subclasses]);
      }
      for (const [name, declarations] of index.functionsByName) {
        this.declarationCounts.set(name, (this.declarationCounts.get(name) ?? 0) + declarations.length);
      }
      for (const [local, binding] of index.imports) {
        if (binding.name === 'default' && binding.module.startsWith('.')) this.defaultImports.push({ index, module: binding.module, local });
      }
    }
  }

  private add(name: string, sites: readonly CallSite[]): void {
    const list = this.callsByName.get(name);
    if (list) list.push(...sites);
    else this.callsByName.set(name, [...sites]);
  }

  /**
   * Places an interaction found at `node` whose `values` may hold wrapper parameters. `settle` is applied at
   * every level before deciding whether to go on to the callers: it turns parameters that do not choose the
   * endpoint (an id in a URL path) into plain unknown parts, so the interaction stays where it is.
   */
  place(node: ts.Node, values: readonly Value[], settle: (values: readonly Value[]) => readonly Value[] = (same) => same): Placement[] {
    const placements: Placement[] = [];
    const seen = new Set<string>();
    const visit: Visit = (at, unsettled, via, depth) => {
      if (placements.length >= MAX_PLACEMENTS) return;
      const current = settle(unsettled);
      const owner = this.nextOwner(at, current);
      if (owner === undefined) {
        const key = `${at.pos}:${at.getSourceFile().fileName}:${current.map(describeValue).join('\u0000')}`;
        if (!seen.has(key)) {
          seen.add(key);
          placements.push({ at, values: current, via });
        }
        return;
      }
      if (this.t.isClassLike(owner)) {
        this.placeBySubclass(owner, at, current, via, depth, visit);
        return;
      }
      // A loop or an iterating callback over a visible list: its elements are the "callers", and the call
      // happens where it is written, once per element (`for (const service of SERVICES) fetch(service.url)`).
      const elements = this.iteratedElements(owner);
      if (elements !== undefined) {
        for (const element of elements) visit(at, current.map((value) => this.bindElement(value, owner, element)), via, depth + 1);
        return;
      }
      if (!isSignature(this.t, owner)) {
        visit(at, current.map((value) => this.unbind(value, owner, 'a loop over a list built at run time')), via, depth);
        return;
      }
      const sites = depth < MAX_DEPTH ? this.sitesOf(owner, at) : [];
      if (sites.length === 0) {
        const reason = depth < MAX_DEPTH ? `a parameter of ${functionName(this.t, owner) ?? 'a function'} that nothing calls` : 'a parameter bound too many calls away';
        visit(at, current.map((value) => this.unbind(value, owner, reason)), via, depth);
        return;
      }
      // A constructor's parameters, and a factory's captured by the functions it returns
      // (`createClient(baseUrl)` returning `{ get: (path) => fetch(baseUrl + path) }`), configure a client:
      // they are bound at each construction, and the request stays where the library is called.
      const isConstructor = this.t.isConstructorDeclaration(owner) || isReturnedBy(this.t, at, owner);
      for (const site of sites) {
        for (const choice of combinations(current.map((value) => this.bindEach(value, owner, site)))) {
          const bound = choice.map((alternative) => alternative.value);
          const subclassMember = choice.find((alternative) => alternative.place !== undefined)?.place;
          // A constructor binds configuration; the request still happens where the library is called.
          if (isConstructor) visit(at, bound, via, depth + 1);
          // Which subclass the caller passes is not in the code: each one, where it sets the member.
          else if (subclassMember) visit(subclassMember, bound, [site, at, ...via], depth + 1);
          else visit(site, bound, [at, ...via], depth + 1);
        }
      }
    };
    visit(node, values, [], 0);
    return placements;
  }

  /**
   * A member a class leaves to its subclasses (`abstract readonly topic: string` read as `this.topic`): one
   * placement per subclass, at the member the subclass sets (where the topic is visible) or at the subclass,
   * with the library call as `via`.
   */
  private placeBySubclass(owner: ts.ClassLikeDeclaration, at: ts.Node, current: readonly Value[], via: readonly ts.Node[], depth: number, visit: Visit): void {
    const t = this.t;
    const subclasses = depth < MAX_DEPTH ? this.subclassesOf(owner) : [];
    if (subclasses.length === 0) {
      const reason = depth < MAX_DEPTH ? `a member of ${owner.name?.text ?? 'a class'} that no subclass sets` : 'a parameter bound too many calls away';
      visit(at, current.map((value) => this.unbind(value, owner, reason)), via, depth);
      return;
    }
    for (const subclass of subclasses) {
      let place: ts.Node = subclass.name ?? subclass;
      const bound = current.map((value) =>
        bindAtSeams(value, (param) => {
          if (param.owner !== owner) return param;
          const declaration = param.path[0] === undefined ? undefined : classMember(t, subclass, param.path[0])?.declaration;
          if (declaration && t.isPropertyDeclaration(declaration)) place = declaration;
          return this.evaluator.evaluateMember(subclass, param.path);
        }, this.evaluator),
      );
      const keyed = this.keyedCallsOf(owner, at, bound);
      if (keyed.length > 0) {
        for (const site of keyed) visit(site, bound, [place, at, ...via], depth + 1);
      } else {
        visit(place, bound, [at, ...via], depth + 1);
      }
    }
  }

  /**
   * Calls of the base class's method holding the library call, made on a registry entry keyed by the value
   * a subclass set: `publishers[Topics.OrderCreated].publish(id, data)` belongs to the subclass whose
   * `topic = Topics.OrderCreated`. That call raises the event; the subclass only configures it.
   */
  private keyedCallsOf(owner: ts.ClassLikeDeclaration, at: ts.Node, bound: readonly Value[]): CallSite[] {
    const t = this.t;
    const method = enclosingFunction(t, at);
    if (method === undefined || !t.isMethodDeclaration(method) || method.parent !== owner) return [];
    const name = functionName(t, method);
    const keys = new Set(bound.flatMap((value) => (value.kind === 'string' ? [value.value] : [])));
    if (name === undefined || keys.size === 0) return [];
    return (this.callsByName.get(name) ?? []).filter((site) => {
      if (!t.isCallExpression(site)) return false;
      const receiver = calleeReceiver(t, site);
      const registryEntry = receiver && unwrapExpression(t, receiver);
      if (registryEntry === undefined || !t.isElementAccessExpression(registryEntry)) return false;
      const key = this.evaluator.evaluate(registryEntry.argumentExpression);
      return key.kind === 'string' && keys.has(key.value);
    });
  }

  /** Classes that extend `owner` directly, in the indexed files. */
  private subclassesOf(owner: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
    const name = owner.name?.text;
    if (name === undefined) return [];
    return (this.subclassesByBaseName.get(name) ?? []).filter((subclass) => baseClass(this.context, subclass) === owner);
  }

  /**
   * The function (or class, for members its subclasses set) whose parameters to bind next: the one
   * enclosing `at` first, so locations move outwards.
   */
  private nextOwner(at: ts.Node, values: readonly Value[]): ParamOwner | undefined {
    const owners: ParamOwner[] = [];
    for (const value of values) {
      mapParams(value, (param) => {
        owners.push(param.owner as ParamOwner);
        return param;
      });
    }
    if (owners.length === 0) return undefined;
    const enclosing = owners.find((owner) => isAncestor(owner, at));
    return enclosing ?? owners.find((owner) => !this.t.isConstructorDeclaration(owner)) ?? owners[0];
  }

  /** The elements of the list a loop or iterating callback walks, when it is an array literal the code shows. */
  private iteratedElements(owner: ts.Node): ts.Expression[] | undefined {
    const list = this.evaluator.iterationOf(owner);
    const container = list && this.evaluator.container(list);
    if (container?.kind !== 'array') return undefined;
    const elements = container.node.elements;
    return elements.some((element) => this.t.isSpreadElement(element) || this.t.isOmittedExpression(element)) ? undefined : [...elements];
  }

  /** A value with the loop's variable (or the callback's first parameter) replaced by one element. */
  private bindElement(value: Value, owner: ts.Node, element: ts.Expression): Value {
    const bound = mapParams(value, (param) => {
      if (param.owner !== owner) return param;
      return param.index === 0 ? this.evaluator.evaluatePath(element, param.path) : unknownValue(param.text, 'the position in a list');
    });
    return this.evaluator.settle(bound);
  }

  private unbind(value: Value, owner: ts.Node, reason: string): Value {
    return this.evaluator.settle(mapParams(value, (param) => (param.owner === owner ? unknownValue(param.text, reason) : param)));
  }

  private bind(value: Value, owner: ts.SignatureDeclaration, site: CallSite): Value {
    return bindParameters(this.t, this.evaluator, value, owner, site);
  }

  /**
   * A value that is one parameter taking a list (`subscribe({ topics })` with `topics` from the caller):
   * one value per element of the list the caller passes; any other value binds to one.
   */
  private bindEach(value: Value, owner: ts.SignatureDeclaration, site: CallSite): { value: Value; place?: ts.Node }[] {
    if (value.kind === 'param' && value.owner === owner) {
      const argument = site.arguments?.[value.index];
      if (argument !== undefined && !this.t.isSpreadElement(argument)) {
        const list = value.path.length === 0 ? this.evaluator.evaluateList(argument) : undefined;
        if (list !== undefined && list.length > 0) return list.map((element) => ({ value: element }));
      }
      const bound = this.bind(value, owner, site);
      if (bound.kind === 'unknown' && value.path.length === 1) {
        const bySubclass = this.bySubclassOfParameter(value, owner, site);
        if (bySubclass.length > 0) return bySubclass;
      }
      return [{ value: bound }];
    }
    return [{ value: this.bind(value, owner, site) }];
  }

  /**
   * `registerListener(listener: Listener<any>)` subscribing to `listener.topic`, called with a listener the
   * code builds at run time: every subclass of the parameter's declared class in the caller's package may be
   * passed, each with the member it sets.
   */
  private bySubclassOfParameter(value: Extract<Value, { kind: 'param' }>, owner: ts.SignatureDeclaration, site: CallSite): { value: Value; place: ts.Node }[] {
    const t = this.t;
    const type = owner.parameters[value.index]?.type;
    if (type === undefined || !t.isTypeReferenceNode(type) || !t.isIdentifier(type.typeName)) return [];
    const origin = resolveIdentifier(this.context, type.typeName);
    if (origin?.kind !== 'declaration' || !t.isClassLike(origin.node)) return [];
    const member = value.path[0]!;
    return this.subclassesOf(origin.node)
      .filter((subclass) => this.samePackage(subclass.getSourceFile(), site.getSourceFile()))
      .map((subclass) => ({
        value: this.evaluator.evaluateMember(subclass, value.path),
        place: classMember(t, subclass, member)?.declaration ?? subclass.name ?? subclass,
      }))
      .filter((alternative) => alternative.value.kind !== 'unknown');
  }

  /** Calls of `owner` in the project; for a constructor, the `new` expressions (or `super` calls). */
  private sitesOf(owner: ts.SignatureDeclaration, at: ts.Node): CallSite[] {
    const t = this.t;
    if (t.isConstructorDeclaration(owner)) return this.constructionsOf(owner, at);
    const name = functionName(t, owner);
    if (name === undefined) return isDefaultExport(t, owner) ? this.defaultImportCalls(owner) : [];
    const candidates = this.callsByName.get(name) ?? [];
    return candidates.filter((site) => t.isCallExpression(site) && !isAncestor(owner, site) && this.calls(site, owner, name));
  }

  /** `export default (...) => {...}` has no name: its callers call it by whatever they import it as. */
  private defaultImportCalls(owner: ts.SignatureDeclaration): CallSite[] {
    const ownerFile = owner.getSourceFile().fileName;
    return this.defaultImports.flatMap(({ index, module, local }) => {
      if (!importsModuleFile(index.sourceFile.fileName, module, ownerFile)) return [];
      return (index.callsByName.get(local) ?? []).filter((site) => this.t.isIdentifier(unwrapExpression(this.t, site.expression)));
    });
  }

  private calls(site: CallSite, owner: ts.SignatureDeclaration, name: string): boolean {
    // `MessageBroker.publish(...)` where `const MessageBroker = { publish, ... }`: the code says which function.
    const named = this.functionCalledBy(site);
    if (named !== undefined) return named === owner;
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
    if (t.isVariableDeclaration(declaration) && declaration.initializer) return this.functionOf(declaration.initializer, depth + 1);
    return undefined;
  }

  /**
   * `new C(...)` sites for a constructor of C (and `super(...)` in its subclasses). When the interaction sits
   * in a method called on a known instance (`this.inventory = new InventoryClient(url)`), only that instance.
   */
  private constructionsOf(owner: ts.ConstructorDeclaration, at: ts.Node): CallSite[] {
    const t = this.t;
    const classNode = owner.parent;
    const className = classNode.name?.text;
    if (className === undefined) return [];
    const direct = (this.callsByName.get(className) ?? []).filter((site) => t.isNewExpression(site) && this.constructs(site, classNode, className));
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
        if (resolved?.declarations?.length) return resolved.declarations.includes(classNode);
      } catch {
        // Fall through.
      }
    }
    return this.declarationCounts.get(className) === undefined || this.declarationCounts.get(className) === 1;
  }
}

/**
 * Replaces parameters as `mapParams` does, and where a bound value meets its neighbour with a `/` on both
 * sides, drops one. A parameter is often one side of a URL join the engine could not finish
 * (`axios.create({ baseURL })` with `get(path)`, `new URL(path, base)`): it put a `/` between the two
 * unknown ends, as axios does, and a caller's `/charges` must not make that `//charges`.
 */
function isAncestor(ancestor: ts.Node, node: ts.Node): boolean {
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
  return undefined;
}


/**
 * Whether `node` sits in a function that `owner` returns (`return { get: (path) => fetch(...) }`,
 * `(baseUrl) => (path) => fetch(...)`): code that runs later, with `owner`'s parameters captured. A
 * callback `owner` passes on while it runs (`retry(() => send(...))`) is not returned.
 */
function isReturnedBy(t: TS, node: ts.Node, owner: ts.SignatureDeclaration): boolean {
  const inner = enclosingFunction(t, node);
  if (inner === undefined || inner === owner) return false;
  // `function resolve() {...}` (or `const resolve = () => ...`) declared in `owner` and returned by name.
  const name = functionName(t, inner);
  if (name !== undefined && enclosingFunction(t, inner) === owner && returnsName(t, owner, name)) return true;
  let passedToCall = false;
  for (let current: ts.Node | undefined = inner; current !== undefined && current !== owner; current = parentOf(current)) {
    const parent = parentOf(current);
    if (parent === undefined) return false;
    // `new Promise((resolve) => ...)`, `retry(() => ...)`: a function handed to a call runs as part of it.
    if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && parent.arguments?.includes(current as ts.Expression)) passedToCall = true;
    if (t.isReturnStatement(parent) && enclosingFunction(t, parent) === owner) return !passedToCall;
    if (parent === owner && t.isArrowFunction(owner) && owner.body === current) return !passedToCall;
    // Only the functions on the way out from `node` matter: stop at the first one that is not returned.
    if (t.isFunctionLike(current) && current !== inner && passedToCall) return false;
  }
  return false;
}

/** Whether a return of `owner` (not of a nested function) mentions `name`: `return { resolve }`, `return resolve`. */
function returnsName(t: TS, owner: ts.SignatureDeclaration, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node, inReturn: boolean): void => {
    if (found) return;
    if (t.isFunctionLike(node) && node !== owner) return;
    if (inReturn && t.isIdentifier(node) && node.text === name) found = true;
    t.forEachChild(node, (child) => { visit(child, inReturn || t.isReturnStatement(node)); });
  };
  const body = (owner as { body?: ts.Node }).body;
  if (body) visit(body, !t.isBlock(body));
  return found;
}

/** Every way of picking one value from each list: `[[a, b], [c]]` gives `[a, c]` and `[b, c]`. */
function combinations<T>(choices: readonly (readonly T[])[]): T[][] {
  return choices.reduce<T[][]>((sofar, options) => sofar.flatMap((picked) => options.map((option) => [...picked, option])), [[]]);
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

const SOURCE_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.mjs'];

/** Whether a file imports another by a relative path (`./broker`, `../kafka/broker.js`). */
function importsFile(index: FileIndex, fileName: string, target: string): boolean {
  for (const module of index.importedModules) {
    if (module.startsWith('.') && importsModuleFile(fileName, module, target)) return true;
  }
  return false;
}

/** Whether a relative module specifier written in `fileName` names the file `target`. */
function importsModuleFile(fileName: string, module: string, target: string): boolean {
  const joined = path.posix.join(path.posix.dirname(fileName), module);
  const base = joined.replace(/\.[cm]?js$/, '');
  return joined === target || SOURCE_EXTENSIONS.some((extension) => `${base}${extension}` === target);
}

/** `export default (...) => ...`, `export default function (...) {...}`. */
function isDefaultExport(t: TS, fn: ts.SignatureDeclaration): boolean {
  const parent = parentOf(fn);
  if (parent !== undefined && t.isExportAssignment(parent) && !parent.isExportEquals) return true;
  return t.isFunctionDeclaration(fn) && fn.name === undefined && (fn.modifiers ?? []).some((modifier) => modifier.kind === t.SyntaxKind.DefaultKeyword);
}
