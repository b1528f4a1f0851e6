import type ts from 'typescript';
import type { Value } from '../model/value.js';
import { calleeReceiver, enclosingFunction, type TS, unwrapExpression } from './ast.js';
import { type CallSite, type CallSites, functionName } from './call-sites.js';
import { baseClass, classMember, type ResolutionContext, resolveIdentifier } from './declarations.js';
import type { FileIndex } from './file-index.js';
import type { ValueEvaluator } from './values.js';
import { bindAtSeams } from './values/functions.js';

/**
 * Members a class leaves to its subclasses (`abstract readonly topic: string` read as `this.topic` in a
 * base consumer): each subclass of the indexed files binds them with what it sets, and where it sets them
 * is where the interaction is drawn.
 */
export class SubclassBinder {
  private readonly t: TS;
  private readonly subclassesByBaseName = new Map<string, ts.ClassLikeDeclaration[]>();

  constructor(
    private readonly context: ResolutionContext,
    private readonly evaluator: ValueEvaluator,
    private readonly sites: CallSites,
    files: readonly FileIndex[],
    /** Whether two files belong to one package or service; the host knows, the engine does not. */
    private readonly samePackage: (a: ts.SourceFile, b: ts.SourceFile) => boolean,
  ) {
    this.t = context.ts;
    for (const index of files) {
      for (const [name, subclasses] of index.classesByBaseName) {
        this.subclassesByBaseName.set(name, [...(this.subclassesByBaseName.get(name) ?? []), ...subclasses]);
      }
    }
  }

  /** Classes that extend `owner` directly, in the indexed files. */
  subclassesOf(owner: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
    const name = owner.name?.text;
    if (name === undefined) return [];
    return (this.subclassesByBaseName.get(name) ?? []).filter((subclass) => baseClass(this.context, subclass) === owner);
  }

  /**
   * The values with the members `owner` leaves to its subclasses as `subclass` sets them; `place`, the
   * member the subclass sets (where the topic is visible) or else the subclass; and the calls that pick
   * this subclass by the value it set (see `keyedCallsOf`).
   */
  bind(owner: ts.ClassLikeDeclaration, subclass: ts.ClassLikeDeclaration, at: ts.Node, current: readonly Value[]): { place: ts.Node; bound: Value[]; keyed: CallSite[] } {
    const t = this.t;
    let place: ts.Node = subclass.name ?? subclass;
    const bound = current.map((value) =>
      bindAtSeams(value, (param) => {
        if (param.owner !== owner) return param;
        const declaration = param.path[0] === undefined ? undefined : classMember(t, subclass, param.path[0])?.declaration;
        if (declaration && t.isPropertyDeclaration(declaration)) place = declaration;
        return this.evaluator.evaluateMember(subclass, param.path);
      }, this.evaluator),
    );
    return { place, bound, keyed: this.keyedCallsOf(owner, at, bound) };
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
    return this.sites.named(name).filter((site) => {
      if (!t.isCallExpression(site)) return false;
      const receiver = calleeReceiver(t, site);
      const registryEntry = receiver && unwrapExpression(t, receiver);
      if (registryEntry === undefined || !t.isElementAccessExpression(registryEntry)) return false;
      const key = this.evaluator.evaluate(registryEntry.argumentExpression);
      return key.kind === 'string' && keys.has(key.value);
    });
  }

  /**
   * `registerListener(listener: Listener<any>)` subscribing to `listener.topic`, called with a listener the
   * code builds at run time: every subclass of the parameter's declared class in the caller's package may be
   * passed, each with the member it sets.
   */
  byParameterClass(value: Extract<Value, { kind: 'param' }>, owner: ts.SignatureDeclaration, site: CallSite): { value: Value; place: ts.Node }[] {
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
}
