import type ts from 'typescript';
import { stringValue, unknownValue, type Value } from '../../model/value.js';
import { enclosingClass, returnedExpressions } from '../ast.js';
import { baseClass, type ClassMember, classMember, classNamed } from '../declarations.js';
import { type Container, type Evaluation, parameterValue } from './evaluation.js';
import { bindParameters } from './functions.js';

/*
 * Members: what an enum member or a property declaration holds, and what `this.x` holds as an instance of
 * a class sees it (its field, getter, constructor parameter or assignments, up the base classes).
 */

/** The value of an enum member, object property or class property from its declaration. */
export function memberDeclaration(ev: Evaluation, declaration: ts.EnumMember | ts.PropertyAssignment | ts.PropertyDeclaration, text: string, depth: number): Value {
  const t = ev.t;
  if (declaration.initializer) return ev.evaluateAt(declaration.initializer, depth);
  if (t.isEnumMember(declaration)) {
    const members = declaration.parent.members;
    const position = members.indexOf(declaration);
    if (position === 0) return stringValue('0');
    // A member without initializer is the one before it plus one (`enum E { A = 5, B }` gives B = 6).
    const previous = memberDeclaration(ev, members[position - 1]!, text, depth + 1);
    const number = previous.kind === 'string' && /^-?\d+$/.test(previous.value) ? Number(previous.value) : undefined;
    if (number !== undefined) return stringValue(String(number + 1));
  }
  return unknownValue(text, 'has no constant initializer');
}

/** `this.<name>` read at `at`, inside a class. */
export function thisMember(ev: Evaluation, at: ts.Node, name: string, text: string, depth: number): Value {
  const start = enclosingClass(ev.t, at);
  return start ? memberOf(ev, start, name, text, depth) : unknownValue(text, 'a property set at run time');
}

/** `this.<name>` as an instance of `start` sees it, looking up the base classes. */
export function memberOf(ev: Evaluation, start: ts.ClassLikeDeclaration, name: string, text: string, depth: number): Value {
  const t = ev.t;
  for (let classNode: ts.ClassLikeDeclaration | undefined = start; classNode !== undefined; classNode = baseClass(ev.context, classNode)) {
    const member = classMember(t, classNode, name);
    if (member === undefined) continue;
    const sources = memberSources(ev, member);
    if (sources.length === 0) return unsetMember(ev, start, member, [name], text) ?? unknownValue(text, 'a property set at run time');
    const values = sources.map((source) => (t.isParameter(source) ? parameterValue(source, [], text) : ev.evaluateAt(source, depth)));
    // A field set in several places has one value only when every place sets the same string.
    const first = values[0]!;
    if (values.length === 1 || values.every((value) => value.kind === 'string' && first.kind === 'string' && value.value === first.value)) return first;
    return unknownValue(text, 'a property set in several places');
  }
  return unknownValue(text, 'a property set at run time');
}

/**
 * A property the class declares and never sets (`abstract readonly topic: string`, `topic!: string`):
 * each subclass sets it, so it is a parameter of the class, which the host binds once per subclass as it
 * binds a function's parameter once per call. Index -1 and a path starting with the member's name say so.
 */
function unsetMember(ev: Evaluation, start: ts.ClassLikeDeclaration, member: ClassMember, path: readonly string[], text: string): Extract<Value, { kind: 'param' }> | undefined {
  const declaration = member.declaration;
  if (declaration === undefined || !ev.t.isPropertyDeclaration(declaration)) return undefined;
  return { kind: 'param', owner: start, index: -1, path, text };
}

/** The container `this.<name>` holds, as seen from `start`. */
export function memberContainer(ev: Evaluation, start: ts.ClassLikeDeclaration, name: string, text: string, depth: number): Container | undefined {
  const t = ev.t;
  for (let classNode: ts.ClassLikeDeclaration | undefined = start; classNode !== undefined; classNode = baseClass(ev.context, classNode)) {
    const member = classMember(t, classNode, name);
    if (member === undefined) continue;
    // Only a field with one source is one container (`this.config.topic` with `constructor(private config)`).
    const sources = memberSources(ev, member);
    if (sources.length === 0) return unsetMember(ev, start, member, [name], text);
    if (sources.length !== 1) return undefined;
    const source = sources[0]!;
    if (!t.isParameter(source)) return ev.container(source, depth + 1);
    // An injected service of the project (`constructor(private readonly config: AppConfigService)`): the
    // framework constructs it, so its fields and getters say what it holds.
    const injected = classOfType(ev, source.type);
    if (injected) return { kind: 'instance', node: injected };
    const fn = source.parent;
    return { kind: 'param', owner: fn, index: fn.parameters.indexOf(source), path: [], text };
  }
  return undefined;
}

/**
 * Where a field gets its value: its initializer, the constructor parameter it is declared by
 * (`constructor(private readonly baseUrl: string)`), the single expression a getter returns, and every
 * `this.x = ...` in the class.
 */
function memberSources(ev: Evaluation, member: ClassMember): (ts.Expression | ts.ParameterDeclaration)[] {
  const t = ev.t;
  const declaration = member.declaration;
  const sources: (ts.Expression | ts.ParameterDeclaration)[] = [];
  if (declaration && t.isPropertyDeclaration(declaration) && declaration.initializer) sources.push(declaration.initializer);
  if (declaration && t.isParameter(declaration)) sources.push(declaration);
  if (declaration && t.isGetAccessorDeclaration(declaration)) {
    const returned = returnedExpressions(t, declaration);
    if (returned.length !== 1) return [];
    sources.push(returned[0]!);
  }
  sources.push(...member.assignments);
  return sources;
}

/**
 * What a field of a constructed instance holds: its initializer, or the one value the class assigns it
 * (`this.AUTH_URL = process.env.AUTH_URL ?? ''` in the constructor). `undefined` when it is set more than once.
 */
export function instanceField(ev: Evaluation, instance: Extract<Container, { kind: 'instance' }>, name: string): ts.Expression | undefined {
  const t = ev.t;
  for (let classNode: ts.ClassLikeDeclaration | undefined = instance.node; classNode !== undefined; classNode = baseClass(ev.context, classNode)) {
    const member = classMember(t, classNode, name);
    if (member === undefined) continue;
    const declaration = member.declaration;
    const initializer = declaration && t.isPropertyDeclaration(declaration) ? declaration.initializer : undefined;
    const returned = declaration && t.isGetAccessorDeclaration(declaration) ? returnedExpressions(t, declaration) : [];
    const sources = [...(initializer ? [initializer] : []), ...returned, ...member.assignments];
    return sources.length === 1 ? sources[0] : undefined;
  }
  return undefined;
}

/** The project class a type annotation names (`AppConfigService`), followed into other files with a checker. */
function classOfType(ev: Evaluation, type: ts.TypeNode | undefined): ts.ClassLikeDeclaration | undefined {
  return type !== undefined && ev.t.isTypeReferenceNode(type) ? classNamed(ev.context, type.typeName) : undefined;
}

/** A field's value with the constructor's parameters bound to what the construction passes. */
export function withConstruction(ev: Evaluation, value: Value, instance: Extract<Container, { kind: 'instance' }>): Value {
  const constructor = instance.node.members.find((member) => ev.t.isConstructorDeclaration(member));
  if (constructor === undefined || instance.construction === undefined) return value;
  return bindParameters(ev.t, ev, value, constructor, instance.construction);
}
