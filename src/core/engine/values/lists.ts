import type ts from 'typescript';
import { mapParams, oneOfValues, unknownValue, type Value } from '../../model/value.js';
import { accessedName, parentOf, propertyNameText, returnedExpressions, shortText, type TS, unwrapExpression } from '../ast.js';
import { resolveIdentifier } from '../declarations.js';
import { condition } from './conditions.js';
import { EACH, type Evaluation, MAX_DEPTH } from './evaluation.js';
import { memberDeclaration } from './members.js';

/*
 * Lists: the elements of an array literal, of `Object.values/keys/entries(...)`, and of what `map`, `filter`,
 * `flatMap` and `concat` make of them; and the variables that walk one (`for (const topic of TOPICS)`,
 * `for (const { topic } of configs)`, `TOPICS.forEach((topic) => ...)`), which take one value per element.
 */

/** Array methods whose callback's first parameter takes every element in turn. */
const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap']);

/**
 * The iterating callbacks (and loops) an element was made under, each with the element its variable takes:
 * `t.topicName` inside `configs.map((t) => t.topicName)` is read with `t` bound to one config.
 */
type Scope = ReadonlyMap<object, ListElement>;

const NO_SCOPE: Scope = new Map();

/** One element of a list the code shows, read lazily: a path inside it is evaluated when asked for. */
export type ListElement =
  /** An expression, read with the parameters of the callbacks that made it bound to their elements. */
  | { readonly kind: 'node'; readonly node: ts.Expression; readonly scope: Scope }
  /** A value computed for the element (a key of `Object.keys`, an enum member's value). */
  | { readonly kind: 'value'; readonly value: Value }
  /** `[key, value]` of `Object.entries`. */
  | { readonly kind: 'pair'; readonly key: ListElement; readonly value: ListElement }
  /**
   * Elements a filter keeps or drops by a test that cannot be read: each is a candidate, and the list has
   * this one element standing for them (`filter((t) => t.enabled)` with `enabled` read at run time).
   */
  | { readonly kind: 'oneOf'; readonly options: readonly ListElement[]; readonly text: string };

/**
 * The elements of a list: an array literal or a name for one (spreads expanded; an unreadable spread is one
 * unknown element), `Object.values/keys/entries` of an object literal or a string enum, and `map`, `filter`,
 * `flatMap`, `concat` of such lists. `undefined` when the expression is not a list the evaluator can see.
 */
export function listElements(ev: Evaluation, expression: ts.Expression, scope: Scope = NO_SCOPE, depth = 0): ListElement[] | undefined {
  const t = ev.t;
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrapExpression(t, expression);
  const made = t.isCallExpression(node) ? (objectElements(ev, node, depth + 1) ?? methodElements(ev, node, scope, depth + 1)) : undefined;
  if (made) return made;
  // `const bankTopics: string[] = Object.values(BANK_TOPICS)`: a name for a list made by a call.
  const named = t.isIdentifier(node) ? listNamed(ev, node, scope, depth + 1) : undefined;
  if (named) return named;
  const inScope = scopedElement(ev, node, scope, depth + 1);
  if (inScope) return listInElement(ev, inScope.element, inScope.path, depth + 1);
  const container = t.isArrayLiteralExpression(node) ? { kind: 'array' as const, node } : ev.container(node, depth + 1);
  if (container?.kind !== 'array') return undefined;
  const elements: ListElement[] = [];
  for (const element of container.node.elements) {
    if (t.isOmittedExpression(element)) continue;
    if (t.isSpreadElement(element)) {
      elements.push(...(listElements(ev, element.expression, scope, depth + 1) ?? [{ kind: 'value', value: unknownValue(shortText(element), 'a list built elsewhere') }]));
    } else {
      elements.push({ kind: 'node', node: element, scope });
    }
  }
  return elements;
}

/** The list a `const` holds when its initializer is a call that makes one (`Object.values(X)`, `list.map(...)`). */
function listNamed(ev: Evaluation, name: ts.Identifier, scope: Scope, depth: number): ListElement[] | undefined {
  const t = ev.t;
  const origin = resolveIdentifier(ev.context, name);
  const declaration = origin?.kind === 'declaration' ? origin.node : undefined;
  if (declaration === undefined || !t.isVariableDeclaration(declaration) || declaration.initializer === undefined) return undefined;
  if ((declaration.parent.flags & t.NodeFlags.Const) === 0) return undefined;
  const initializer = unwrapExpression(t, declaration.initializer);
  return t.isCallExpression(initializer) ? listElements(ev, initializer, scope, depth) : undefined;
}

/** The value at `path` inside an element (`[]` for the element itself). */
export function readElement(ev: Evaluation, element: ListElement, path: readonly string[], text: string, depth = 0): Value {
  if (depth > MAX_DEPTH) return unknownValue(text, 'too deep or circular');
  switch (element.kind) {
    case 'value':
      return path.length === 0 ? element.value : unknownValue(text, 'a property of a computed element');
    case 'pair': {
      const [index, ...rest] = path;
      if (index === '0') return readElement(ev, element.key, rest, text, depth + 1);
      if (index === '1') return readElement(ev, element.value, rest, text, depth + 1);
      return unknownValue(text, 'a pair of Object.entries');
    }
    case 'oneOf':
      return oneOfValues(element.options.map((option) => readElement(ev, option, path, text, depth + 1)), element.text);
    case 'node': {
      const value = path.length === 0 ? ev.evaluateAt(element.node, depth) : ev.evaluatePath(element.node, path);
      return bindScope(ev, value, element.scope, depth);
    }
  }
}

/** A value with the parameters of the scope's callbacks (and loops) replaced by what their elements hold. */
export function bindScope(ev: Evaluation, value: Value, scope: Scope, depth = 0): Value {
  if (scope.size === 0) return value;
  return ev.settle(
    mapParams(value, (param) => {
      const element = scope.get(param.owner);
      if (element === undefined) return param;
      if (param.index !== 0) return unknownValue(param.text, 'the position in a list');
      if (param.path.includes(EACH)) return unknownValue(param.text, 'a list inside a list');
      return readElement(ev, element, param.path, param.text, depth + 1);
    }),
  );
}

/**
 * The values of `value` with the parameters of `owner` (a loop, an iterating callback, or a function whose
 * argument is `element`) taken from one element: one value, or one per element of a list inside it where a
 * parameter's path walks one (`param(1.[].topic)` bound to a list of configs), leaving out those `keep`
 * turns away (a guard around the call). Parameters whose path walks a list inside a list of the list are
 * unknown.
 */
export function bindToElement(ev: Evaluation, value: Value, owner: object, index: number, element: ListElement, keep: (inner: ListElement) => boolean = () => true): Value[] {
  const prefixes = new Set<string>();
  mapParams(value, (param) => {
    if (param.owner === owner && param.index === index && param.path.includes(EACH)) prefixes.add(JSON.stringify(param.path.slice(0, param.path.indexOf(EACH))));
    return param;
  });
  const direct = (param: Extract<Value, { kind: 'param' }>) => readElement(ev, element, param.path, param.text);
  const [first] = prefixes;
  if (first === undefined || prefixes.size > 1) {
    return [ev.settle(mapParams(value, (param) => (param.owner !== owner || param.index !== index ? param : param.path.includes(EACH) ? unknownValue(param.text, 'a list inside a list') : direct(param))))];
  }
  const prefix = JSON.parse(first) as string[];
  const inner = listInElement(ev, element, prefix, 0);
  const each = (param: Extract<Value, { kind: 'param' }>, sub: ListElement | undefined) => {
    if (param.owner !== owner || param.index !== index) return param;
    if (!param.path.includes(EACH)) return direct(param);
    const rest = param.path.slice(param.path.indexOf(EACH) + 1);
    if (sub === undefined) return unknownValue(param.text, 'a list built at run time');
    return rest.includes(EACH) ? unknownValue(param.text, 'a list inside a list') : readElement(ev, sub, rest, param.text);
  };
  if (inner === undefined) return [ev.settle(mapParams(value, (param) => each(param, undefined)))];
  return inner.filter(keep).map((sub) => ev.settle(mapParams(value, (param) => each(param, sub))));
}

/** The list at `path` inside an element (`group.topics` of one group). */
function listInElement(ev: Evaluation, element: ListElement, path: readonly string[], depth: number): ListElement[] | undefined {
  switch (element.kind) {
    case 'node': {
      const at = expressionAt(ev, element.node, path, depth);
      return at && listElements(ev, at, element.scope, depth + 1);
    }
    case 'pair': {
      const [index, ...rest] = path;
      if (index === '0') return listInElement(ev, element.key, rest, depth + 1);
      return index === '1' ? listInElement(ev, element.value, rest, depth + 1) : undefined;
    }
    case 'oneOf': {
      const lists = element.options.map((option) => listInElement(ev, option, path, depth + 1));
      return lists.every((list) => list !== undefined) ? lists.flat() : undefined;
    }
    default:
      return undefined;
  }
}

/** The expression at `path` inside object literals: `topics` of `{ name: 'g', topics: [...] }`. */
function expressionAt(ev: Evaluation, expression: ts.Expression, path: readonly string[], depth: number): ts.Expression | undefined {
  const t = ev.t;
  let current = expression;
  for (const name of path) {
    const container = ev.container(current, depth + 1);
    if (container?.kind !== 'object') return undefined;
    const property = container.node.properties.find((each) => each.name !== undefined && propertyNameText(t, each.name) === name);
    if (property === undefined) return undefined;
    if (t.isPropertyAssignment(property)) current = property.initializer;
    else if (t.isShorthandPropertyAssignment(property)) current = property.name;
    else return undefined;
  }
  return current;
}

/**
 * A name (or a member of one) that is the variable of a loop or callback in `scope`: its element, and the
 * path inside it (`group.topics` in `GROUPS.map((group) => group.topics.map(...))`).
 */
function scopedElement(ev: Evaluation, node: ts.Expression, scope: Scope, depth: number): { element: ListElement; path: readonly string[] } | undefined {
  if (scope.size === 0) return undefined;
  const value = ev.evaluateAt(node, depth);
  if (value.kind !== 'param' || value.index !== 0) return undefined;
  const element = scope.get(value.owner);
  return element && { element, path: value.path };
}

/** `Object.values(X)`, `Object.keys(X)`, `Object.entries(X)` of an object literal or a string enum. */
function objectElements(ev: Evaluation, call: ts.CallExpression, depth: number): ListElement[] | undefined {
  const t = ev.t;
  const callee = unwrapExpression(t, call.expression);
  if (!t.isPropertyAccessExpression(callee) || !t.isIdentifier(callee.expression) || callee.expression.text !== 'Object' || call.arguments.length !== 1) return undefined;
  const method = callee.name.text;
  if (method !== 'values' && method !== 'keys' && method !== 'entries') return undefined;
  const entries = objectEntries(ev, call.arguments[0]!, depth);
  if (entries === undefined) return undefined;
  return entries.map(([key, value]) => {
    const keyElement: ListElement = { kind: 'value', value: { kind: 'string', value: key } };
    return method === 'keys' ? keyElement : method === 'values' ? value : { kind: 'pair', key: keyElement, value };
  });
}

/** The properties of an object literal (spreads of readable objects included) or the members of a string enum, in order. */
function objectEntries(ev: Evaluation, expression: ts.Expression, depth: number): [string, ListElement][] | undefined {
  const t = ev.t;
  if (depth > MAX_DEPTH) return undefined;
  const container = ev.container(expression, depth + 1);
  if (container?.kind === 'enum') {
    const entries = container.node.members.map((member): [string, Value] => [propertyNameText(t, member.name) ?? '', memberDeclaration(ev, member, shortText(member), depth)]);
    // A numeric enum maps values back to names too: `Object.values` then holds both.
    const stringEnum = entries.every(([name, value]) => name !== '' && value.kind === 'string' && value.value !== '' && Number.isNaN(Number(value.value)));
    return stringEnum ? entries.map(([name, value]) => [name, { kind: 'value', value }]) : undefined;
  }
  if (container?.kind !== 'object') return undefined;
  const entries = new Map<string, ListElement>();
  for (const property of container.node.properties) {
    if (t.isSpreadAssignment(property)) {
      const spread = objectEntries(ev, property.expression, depth + 1);
      if (spread === undefined) return undefined;
      for (const [key, value] of spread) entries.set(key, value);
      continue;
    }
    const key = propertyNameText(t, property.name);
    // A computed key or a method makes the list uncertain.
    if (key === undefined) return undefined;
    if (t.isPropertyAssignment(property)) entries.set(key, { kind: 'node', node: property.initializer, scope: NO_SCOPE });
    else if (t.isShorthandPropertyAssignment(property)) entries.set(key, { kind: 'node', node: property.name, scope: NO_SCOPE });
    else return undefined;
  }
  return [...entries];
}

/** `list.map(fn)`, `list.filter(fn)`, `list.flatMap(fn)`, `list.concat(...)` of a list the evaluator can see. */
function methodElements(ev: Evaluation, call: ts.CallExpression, scope: Scope, depth: number): ListElement[] | undefined {
  const t = ev.t;
  const callee = unwrapExpression(t, call.expression);
  if (!t.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (!['map', 'filter', 'flatMap', 'concat'].includes(method)) return undefined;
  const source = listElements(ev, callee.expression, scope, depth + 1);
  if (source === undefined) return undefined;
  if (method === 'concat') {
    const added = call.arguments.map((argument) => listElements(ev, argument, scope, depth + 1) ?? [{ kind: 'node' as const, node: argument, scope }]);
    return [...source, ...added.flat()];
  }
  const fn = callback(t, call.arguments[0]);
  const body = fn && onlyReturned(t, fn);
  if (fn === undefined || body === undefined) return undefined;
  const within = (element: ListElement): Scope => new Map(scope).set(fn, element);
  if (method === 'map') return source.map((element) => ({ kind: 'node', node: body, scope: within(element) }));
  if (method === 'flatMap') return flatElements(ev, source, body, within, depth);
  return filteredElements(ev, source, body, within, shortText(call));
}

/**
 * `filter(fn)`: the elements whose test holds; those whose test cannot be read stay as one element whose
 * options are all of them (each a candidate).
 */
function filteredElements(ev: Evaluation, source: readonly ListElement[], test: ts.Expression, within: (element: ListElement) => Scope, text: string): ListElement[] {
  const kept: ListElement[] = [];
  const undecided: ListElement[] = [];
  for (const element of source) {
    const holds = condition(ev, test, (value) => bindScope(ev, value, within(element)));
    if (holds === true) kept.push(element);
    else if (holds === undefined) undecided.push(element);
  }
  if (undecided.length === 0) return kept;
  return [...kept, undecided.length === 1 ? undecided[0]! : { kind: 'oneOf', options: undecided, text }];
}

/** `flatMap(fn)`: what `fn` returns for each element, a list (`[x]`, `c ? [] : [x]`) spread into the result. */
function flatElements(ev: Evaluation, source: readonly ListElement[], body: ts.Expression, within: (element: ListElement) => Scope, depth: number): ListElement[] | undefined {
  const t = ev.t;
  const result: ListElement[] = [];
  for (const element of source) {
    const scope = within(element);
    let returned = unwrapExpression(t, body);
    while (t.isConditionalExpression(returned)) {
      const holds = condition(ev, returned.condition, (value) => bindScope(ev, value, scope));
      if (holds === undefined) return undefined;
      returned = unwrapExpression(t, holds ? returned.whenTrue : returned.whenFalse);
    }
    result.push(...(listElements(ev, returned, scope, depth + 1) ?? [{ kind: 'node', node: returned, scope }]));
  }
  return result;
}

/** An inline callback: an arrow or function expression. */
function callback(t: TS, argument: ts.Expression | undefined): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const fn = argument && unwrapExpression(t, argument);
  return fn && (t.isArrowFunction(fn) || t.isFunctionExpression(fn)) ? fn : undefined;
}

/** The one expression a callback returns (`(t) => t.topic`, `(t) => { return t.topic; }`). */
function onlyReturned(t: TS, fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  const returned = returnedExpressions(t, fn);
  return returned.length === 1 ? returned[0] : undefined;
}

/**
 * The values an expression takes: one for most expressions; one per element for a loop variable (or a
 * destructured part of one) over a list the evaluator can read (`for (const topic of TOPICS)`,
 * `for (const { topic } of configs)`, `TOPICS.forEach((topic) => ...)`, `Object.values(Topics).map(...)`).
 */
export function evaluateEach(ev: Evaluation, expression: ts.Expression, throughMembers = false): Value[] {
  const t = ev.t;
  let node = unwrapExpression(t, expression);
  // `element.topic` in `topics.forEach((element) => ...)`, when asked for: a member of the loop variable, read
  // from each element without the loop's guards (a fact the host places is bound per element instead, guards
  // and all, so only facts it never places ask).
  const members: string[] = [];
  while (throughMembers && (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) && members.length < 5) {
    const name = accessedName(t, node);
    if (name === undefined) break;
    members.unshift(name);
    node = unwrapExpression(t, node.expression);
  }
  if (t.isIdentifier(node)) {
    const origin = resolveIdentifier(ev.context, node);
    const walked = origin?.kind === 'declaration' ? walkedBy(t, origin.node) : undefined;
    const elements = walked && listElements(ev, walked.list);
    if (walked && elements) return elements.map((element) => readElement(ev, element, [...walked.path, ...members], shortText(expression)));
  }
  return [ev.evaluateAt(expression, 0)];
}

/**
 * The elements of a list, each read whole: `undefined` when the expression is not a list the evaluator can
 * see (see `listElements`).
 */
export function evaluateList(ev: Evaluation, expression: ts.Expression, depth = 0): Value[] | undefined {
  return listElements(ev, expression, NO_SCOPE, depth)?.map((element) => readElement(ev, element, [], shortText(expression)));
}

/**
 * A `for...of` variable (`for (const topic of TOPICS)`, and the parts of `for (const { topic } of configs)`)
 * as a parameter of the loop, when its list is one the evaluator can read or a parameter's list (which the
 * host binds at each caller): the loop binds it once per element.
 */
export function loopVariable(ev: Evaluation, declaration: ts.VariableDeclaration, path: readonly string[], text: string, depth: number): Extract<Value, { kind: 'param' }> | undefined {
  const t = ev.t;
  const loop = declaration.parent.parent;
  if (!t.isForOfStatement(loop)) return undefined;
  const walks = listElements(ev, loop.expression, NO_SCOPE, depth + 1) !== undefined || ev.container(loop.expression, depth + 1)?.kind === 'param';
  return walks ? { kind: 'param', owner: loop, index: 0, path, text } : undefined;
}

/**
 * The list whose elements a loop (`for (const x of LIST)`) or an iterating callback (`LIST.map((x) => ...)`)
 * binds its variable to, one per turn: `undefined` for any other function.
 */
export function iterationOf(t: TS, owner: ts.Node): ts.Expression | undefined {
  if (t.isForOfStatement(owner)) return owner.expression;
  if ((t.isArrowFunction(owner) || t.isFunctionExpression(owner)) && owner.parameters[0]) return iteratedBy(t, owner.parameters[0]);
  return undefined;
}

/** The list a loop variable, an iterating callback's parameter, or a part destructured from either walks, and the path to the part. */
function walkedBy(t: TS, declaration: ts.Node): { list: ts.Expression; path: readonly string[] } | undefined {
  const path: string[] = [];
  let current = declaration;
  while (t.isBindingElement(current)) {
    const pattern = current.parent;
    const key = t.isArrayBindingPattern(pattern)
      ? String(pattern.elements.indexOf(current))
      : current.propertyName
        ? propertyNameText(t, current.propertyName)
        : t.isIdentifier(current.name)
          ? current.name.text
          : undefined;
    if (key === undefined || current.dotDotDotToken) return undefined;
    path.unshift(key);
    current = pattern.parent;
  }
  const list = iteratedBy(t, current);
  return list && { list, path };
}

/** The list a loop variable or an iterating callback's first parameter walks over. */
function iteratedBy(t: TS, declaration: ts.Node): ts.Expression | undefined {
  if (t.isVariableDeclaration(declaration) && isLoopVariable(t, declaration)) {
    const loop = declaration.parent.parent;
    return t.isForOfStatement(loop) ? loop.expression : undefined;
  }
  if (t.isParameter(declaration)) {
    const fn = declaration.parent;
    const call = parentOf(fn);
    if (!(t.isArrowFunction(fn) || t.isFunctionExpression(fn)) || fn.parameters[0] !== declaration) return undefined;
    if (call === undefined || !t.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
    const callee = unwrapExpression(t, call.expression);
    if (t.isPropertyAccessExpression(callee) && ITERATING_METHODS.has(callee.name.text)) return callee.expression;
  }
  return undefined;
}

/** `for (const x of list)` and `for (const x in object)` declare `x` once per turn. */
export function isLoopVariable(t: TS, declaration: ts.VariableDeclaration): boolean {
  const list = declaration.parent;
  return t.isVariableDeclarationList(list) && (t.isForOfStatement(list.parent) || t.isForInStatement(list.parent));
}
