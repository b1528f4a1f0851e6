import type ts from 'typescript';
import type { Value } from '../../model/value.js';
import type { TS } from '../ast.js';
import type { Origin, ResolutionContext } from '../declarations.js';

/*
 * The vocabulary the parts of value evaluation share (lists, containers, members, functions, environment
 * schemas): what they see of the evaluator, and what a readable "container" is. The evaluator
 * (`../values.ts`) implements `Evaluation` and hands itself to each part, so the parts call one another
 * through it instead of importing each other in a circle.
 */

/** How deep evaluation follows names, members and calls before it calls a value `too deep or circular`. */
export const MAX_DEPTH = 24;

/**
 * A step of a parameter's path that stands for every element of a list (`topics` of `createConsumer(group,
 * topics)` walked by `for (const topic of topics)` is `param(1.[])`): whoever binds the parameter to a list
 * the code shows gives one value per element.
 */
export const EACH = '[]';

/** Something whose members can be read: an object literal, an enum, a class's statics, a module. */
export type Container =
  | { readonly kind: 'object'; readonly node: ts.ObjectLiteralExpression }
  | { readonly kind: 'enum'; readonly node: ts.EnumDeclaration }
  | { readonly kind: 'class'; readonly node: ts.ClassLikeDeclaration }
  /** An instance the code constructs (`export const config = new Config()`): its fields, set where declared or by the constructor. */
  | { readonly kind: 'instance'; readonly node: ts.ClassLikeDeclaration; readonly construction?: ts.NewExpression }
  | { readonly kind: 'module'; readonly node: ts.SourceFile }
  | { readonly kind: 'array'; readonly node: ts.ArrayLiteralExpression }
  | { readonly kind: 'env'; /** A validation schema's fields (`z.object({...})`), for their defaults. */ readonly schema?: ts.ObjectLiteralExpression }
  | { readonly kind: 'param'; readonly owner: object; readonly index: number; readonly path: readonly string[]; readonly text: string };

/** What the parts of evaluation see of the evaluator. */
export interface Evaluation {
  readonly t: TS;
  readonly context: ResolutionContext;
  /** The value of an expression, `depth` steps into one evaluation (memoised, and guarded against cycles). */
  evaluateAt(expression: ts.Expression, depth: number): Value;
  /** The value a name's origin gives it, as read at `at`. */
  valueOf(origin: Origin | undefined, at: ts.Node, depth: number): Value;
  /** The container an expression stands for, when it can be read. */
  container(expression: ts.Expression, depth?: number): Container | undefined;
  /** The value at `path` inside an expression: `topic` of `{ topic: Topics.X, event }`. */
  evaluatePath(expression: ts.Expression, path: readonly string[]): Value;
  /** Evaluates the deferred calls of a value whose arguments are now known. */
  settle(value: Value): Value;
  /** `TABLE[key]` once its key is known (a wrapper's caller gave it): the member it names, or each one its readings name. */
  lookUp(node: ts.ElementAccessExpression, key: Value, text: string): Value;
}

/** A function's parameter (or a member of one) as a value, for callers to bind. */
export function parameterValue(parameter: ts.ParameterDeclaration, path: readonly string[], text: string): Extract<Value, { kind: 'param' }> {
  const fn = parameter.parent;
  const index = fn.parameters.indexOf(parameter);
  return { kind: 'param', owner: fn, index, path, text };
}
