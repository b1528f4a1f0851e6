import type ts from 'typescript';
import { describeValue, mapParams, unknownValue, type Value } from '../model/value.js';
import { enclosingFunction, parentOf, type TS } from './ast.js';
import { type CallSite, CallSites, functionName, isAncestor } from './call-sites.js';
import type { ResolutionContext } from './declarations.js';
import type { FileIndex } from './file-index.js';
import { SubclassBinder } from './subclass-binding.js';
import type { ValueEvaluator } from './values.js';
import { reachedWhen } from './values/conditions.js';
import { EACH } from './values/evaluation.js';
import { bindParameters } from './values/functions.js';
import { bindScope, bindToElement, type ListElement } from './values/lists.js';

/** Where an interaction is placed once its parameters are bound, and the calls it went through. */
export interface Placement {
  /** The call site where the values became visible (the library call itself when nothing was bound). */
  readonly at: ts.Node;
  readonly values: readonly Value[];
  /** The calls between `at` and the library call, innermost first; empty when `at` is the library call. */
  readonly via: readonly ts.Node[];
  /**
   * Kept at the library call because a construction configured the client (the request is made there):
   * the call furthest out that gave the construction's arguments, which says who runs it.
   */
  readonly construction?: ts.Node;
}

const MAX_DEPTH = 4;
/** A wrapper called from very many places is still drawn, but not once per combination beyond this. */
const MAX_PLACEMENTS = 200;

/**
 * `construction`: a client's construction was bound on the way (the call furthest out that gave its
 * arguments); the request stays where the library is called.
 */
type Visit = (at: ts.Node, current: readonly Value[], via: readonly ts.Node[], depth: number, construction?: ts.Node) => void;

/** A loop (or iterating callback) over a list that the callers of `fn` give, holding the call at `at`. */
interface Walk {
  readonly fn: object;
  readonly loop: ts.Node;
  readonly at: ts.Node;
}

/** What a parameter value may belong to: a function, a class (members left to subclasses), or a `for...of` loop. */
type ParamOwner = ts.SignatureDeclaration | ts.ClassLikeDeclaration | ts.ForOfStatement;

function isSignature(t: TS, owner: ParamOwner): owner is ts.SignatureDeclaration {
  return !t.isClassLike(owner) && !t.isForOfStatement(owner);
}

/**
 * Follows values that are parameters of a wrapper (`publish(topic, event)`, `send(method, url)`,
 * `constructor(baseURL)`) to the places that call it, across files, and binds them there: at each call
 * (`call-sites.ts` finds them), at each element of a list a loop walks, at each subclass setting a member
 * its base class reads (`subclass-binding.ts`).
 */
export class CallerBinder {
  private readonly t: TS;
  private readonly callSites: CallSites;
  private readonly subclasses: SubclassBinder;

  constructor(
    context: ResolutionContext,
    private readonly evaluator: ValueEvaluator,
    files: readonly FileIndex[],
    /** Whether two files belong to one package or service; the host knows, the engine does not. */
    samePackage: (a: ts.SourceFile, b: ts.SourceFile) => boolean = () => true,
  ) {
    this.t = context.ts;
    this.callSites = new CallSites(context, evaluator, files, samePackage);
    this.subclasses = new SubclassBinder(context, evaluator, this.callSites, files, samePackage);
  }

  /**
   * Places an interaction found at `node` whose `values` may hold wrapper parameters. `settle` is applied at
   * every level before deciding whether to go on to the callers: it turns parameters that do not choose the
   * endpoint (an id in a URL path) into plain unknown parts, so the interaction stays where it is.
   */
  place(node: ts.Node, values: readonly Value[], settle: (values: readonly Value[]) => readonly Value[] = (same) => same): Placement[] {
    const placements: Placement[] = [];
    const seen = new Set<string>();
    // Loops over a list a function's callers give, with the call inside them: their guards are read once
    // the callers' elements are known.
    const walks: Walk[] = [];
    const visit: Visit = (at, unsettled, via, depth, construction) => {
      if (placements.length >= MAX_PLACEMENTS) return;
      const current = settle(unsettled);
      const owner = this.nextOwner(at, current);
      if (owner === undefined) {
        const key = `${at.pos}:${at.getSourceFile().fileName}:${construction?.getSourceFile().fileName ?? ''}:${current.map(describeValue).join('\u0000')}`;
        if (!seen.has(key)) {
          seen.add(key);
          placements.push({ at, values: current, via, ...(construction ? { construction } : {}) });
        }
        return;
      }
      if (this.t.isClassLike(owner)) {
        this.placeBySubclass(owner, at, current, via, depth, construction, visit);
        return;
      }
      // A loop or an iterating callback over a visible list: its elements are the "callers", and the call
      // happens where it is written, once per element (`for (const service of SERVICES) fetch(service.url)`),
      // except for elements a guard around it turns away (`c.internal ? [] : [producer.send(...)]`).
      const elements = this.iteratedElements(owner);
      if (elements !== undefined) {
        for (const element of elements) {
          if (!reachedWhen(this.evaluator, at, owner, (value) => bindScope(this.evaluator, value, new Map([[owner, element]])))) continue;
          for (const choice of combinations(current.map((value) => bindToElement(this.evaluator, value, owner, 0, element)))) visit(at, choice, via, depth + 1, construction);
        }
        return;
      }
      // A loop over a list that is itself a parameter (`for (const topic of topics)` in
      // `createConsumer(group, topics)`): each element of what that parameter's binder gives.
      const walked = this.walkedParameter(owner);
      if (walked !== undefined) {
        walks.push({ fn: walked.owner, loop: owner, at });
        visit(at, current.map((value) => asElementOf(value, owner, walked)), via, depth, construction);
        return;
      }
      if (!isSignature(this.t, owner)) {
        visit(at, current.map((value) => this.unbind(value, owner, 'a loop over a list built at run time')), via, depth, construction);
        return;
      }
      const sites = depth < MAX_DEPTH ? this.callSites.of(owner, at) : [];
      if (sites.length === 0) {
        const uncalled = depth < MAX_DEPTH;
        const reason = uncalled ? `a parameter of ${functionName(this.t, owner) ?? 'a function'} that nothing calls` : 'a parameter bound too many calls away';
        const unbound = current.map((value) => this.unbind(value, owner, reason));
        // A closure that only forwards its own parameters (`(payload) => this.execute(payload)` handed to a
        // circuit breaker) shows nothing its callee did not: the request stays where it was before it.
        if (uncalled && via.length > 0 && isForwarder(this.t, owner, at)) visit(via[0]!, unbound, via.slice(1), depth, construction);
        else visit(at, unbound, via, depth, construction);
        return;
      }
      // A constructor's parameters, and a factory's captured by the functions it returns
      // (`createClient(baseUrl)` returning `{ get: (path) => fetch(baseUrl + path) }`), configure a client:
      // they are bound at each construction, and the request stays where the library is called.
      const isConstructor = this.t.isConstructorDeclaration(owner) || isReturnedBy(this.t, at, owner);
      for (const site of sites) {
        const reached = (element: ListElement) => walks.every((walk) => walk.fn !== owner || this.reaches(walk, element));
        for (const choice of combinations(current.map((value) => this.bindEach(value, owner, site, reached)))) {
          const bound = choice.map((alternative) => alternative.value);
          const subclassMember = choice.find((alternative) => alternative.place !== undefined)?.place;
          // A constructor binds configuration; the request still happens where the library is called, also
          // when the construction's arguments come from further out (a factory's callers).
          if (isConstructor || construction !== undefined) visit(at, bound, via, depth + 1, site);
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
  private placeBySubclass(owner: ts.ClassLikeDeclaration, at: ts.Node, current: readonly Value[], via: readonly ts.Node[], depth: number, construction: ts.Node | undefined, visit: Visit): void {
    const subclasses = depth < MAX_DEPTH ? this.subclasses.subclassesOf(owner) : [];
    if (subclasses.length === 0) {
      const reason = depth < MAX_DEPTH ? `a member of ${owner.name?.text ?? 'a class'} that no subclass sets` : 'a parameter bound too many calls away';
      visit(at, current.map((value) => this.unbind(value, owner, reason)), via, depth, construction);
      return;
    }
    for (const subclass of subclasses) {
      const { place, bound, keyed } = this.subclasses.bind(owner, subclass, at, current);
      if (keyed.length > 0) {
        for (const site of keyed) visit(site, bound, [place, at, ...via], depth + 1);
      } else {
        visit(place, bound, [at, ...via], depth + 1);
      }
    }
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

  /** The elements of the list a loop or iterating callback walks, when it is a list the code shows. */
  private iteratedElements(owner: ts.Node): ListElement[] | undefined {
    const list = this.evaluator.iterationOf(owner);
    return list && this.evaluator.listElements(list);
  }

  /** The parameter (of a function, or of an outer loop) whose list a loop or iterating callback walks. */
  private walkedParameter(owner: ts.Node): Extract<Value, { kind: 'param' }> | undefined {
    const list = this.evaluator.iterationOf(owner);
    const container = list && this.evaluator.container(list);
    return container?.kind === 'param' && container.owner !== owner ? { kind: 'param', owner: container.owner, index: container.index, path: container.path, text: container.text } : undefined;
  }

  /** The values with every parameter left unknown, for `reason`: a request no caller's reading decides. */
  unbound(values: readonly Value[], reason: string): Value[] {
    return values.map((value) => this.evaluator.settle(mapParams(value, (param) => unknownValue(param.text, reason))));
  }

  private unbind(value: Value, owner: ts.Node, reason: string): Value {
    return this.evaluator.settle(mapParams(value, (param) => (param.owner === owner ? unknownValue(param.text, reason) : param)));
  }

  private bind(value: Value, owner: ts.SignatureDeclaration, site: CallSite): Value {
    return bindParameters(this.t, this.evaluator, value, owner, site);
  }

  /**
   * A value that is one parameter taking a list (`subscribe({ topics })` with `topics` from the caller), or
   * that reads each element of one (`for (const topic of topics)`): one value per element of the list the
   * caller passes; any other value binds to one.
   */
  private bindEach(value: Value, owner: ts.SignatureDeclaration, site: CallSite, reached: (element: ListElement) => boolean): { value: Value; place?: ts.Node }[] {
    const walked = this.walkedIndex(value, owner);
    const walkedArgument = walked === undefined ? undefined : site.arguments?.[walked];
    if (walked !== undefined && walkedArgument !== undefined && !this.t.isSpreadElement(walkedArgument)) {
      const element: ListElement = { kind: 'node', node: walkedArgument, scope: new Map() };
      return bindToElement(this.evaluator, value, owner, walked, element, reached).map((each) => ({ value: this.bind(each, owner, site) }));
    }
    if (value.kind === 'param' && value.owner === owner) {
      const argument = site.arguments?.[value.index];
      if (argument !== undefined && !this.t.isSpreadElement(argument)) {
        const list = value.path.length === 0 ? this.evaluator.evaluateList(argument) : undefined;
        if (list !== undefined && list.length > 0) return list.map((element) => ({ value: element }));
      }
      const bound = this.bind(value, owner, site);
      if (bound.kind === 'unknown' && value.path.length === 1) {
        const bySubclass = this.subclasses.byParameterClass(value, owner, site);
        if (bySubclass.length > 0) return bySubclass;
      }
      return [{ value: bound }];
    }
    return [{ value: this.bind(value, owner, site) }];
  }

  /** Whether the call inside a loop over a caller's list runs for this element, as its guards tell. */
  private reaches(walk: Walk, element: ListElement): boolean {
    return reachedWhen(this.evaluator, walk.at, walk.loop, (value) => bindScope(this.evaluator, value, new Map([[walk.loop, element]])));
  }

  /** The index of a parameter of `owner` whose path walks a list (`param(1.[])`), if the value reads one. */
  private walkedIndex(value: Value, owner: ts.SignatureDeclaration): number | undefined {
    let found: number | undefined;
    mapParams(value, (param) => {
      if (param.owner === owner && param.path.includes(EACH)) found ??= param.index;
      return param;
    });
    return found;
  }
}

/**
 * A value with the variable of `loop` (a loop or iterating callback over the list `list` holds) written as
 * an element of that list: `topic` in `for (const topic of topics)` becomes `param(1.[])` of the function
 * whose second parameter is `topics`, for its callers to bind once per element.
 */
function asElementOf(value: Value, loop: ts.Node, list: Extract<Value, { kind: 'param' }>): Value {
  return mapParams(value, (param) => {
    if (param.owner !== loop) return param;
    if (param.index !== 0) return unknownValue(param.text, 'the position in a list');
    return { ...list, path: [...list.path, EACH, ...param.path], text: param.text };
  });
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

/** Whether `fn`'s whole body is the call `at`, passing `fn`'s own parameters unchanged. */
function isForwarder(t: TS, fn: ts.SignatureDeclaration, at: ts.Node): boolean {
  if (!t.isCallExpression(at) || !('body' in fn) || fn.body === undefined) return false;
  const parameters = new Set(fn.parameters.map((parameter) => (t.isIdentifier(parameter.name) ? parameter.name.text : undefined)));
  const forwarded = at.arguments.every((argument) => {
    const inner = t.isSpreadElement(argument) ? argument.expression : argument;
    return t.isIdentifier(inner) && parameters.has(inner.text);
  });
  if (!forwarded) return false;
  let body: ts.Node = fn.body;
  if (t.isBlock(body)) {
    if (body.statements.length !== 1) return false;
    const only = body.statements[0]!;
    if (t.isReturnStatement(only) && only.expression !== undefined) body = only.expression;
    else if (t.isExpressionStatement(only)) body = only.expression;
    else return false;
  }
  while (t.isAwaitExpression(body) || t.isParenthesizedExpression(body)) body = body.expression;
  return body === at;
}
