import type ts from 'typescript';
import { knownString, MAX_READINGS, oneOfValues, readingsOf, unknownValue, type Value } from '../../model/value.js';
import { environmentVariable, validationSchema } from '../../detectors/env-schemas.js';
import { accessedName, enclosingClass, isEnvironmentObject, propertyIndexOf, propertyNameText, returnedExpressions, shortText, type TS, unwrapExpression } from '../ast.js';
import { commonJsExports, exportedExpression } from '../commonjs.js';
import { classMember, classNamed, exportedDeclaration, requiredFile, resolveIdentifier, wholeImportedModule } from '../declarations.js';
import { type Container, type Evaluation, MAX_DEPTH, parameterValue } from './evaluation.js';
import { functionOf } from './functions.js';
import { isLoopVariable, loopVariable } from './lists.js';
import { instanceField, memberContainer, memberDeclaration, withConstruction } from './members.js';

/*
 * Containers: what an expression names whose members can be read (an object literal, an array, an enum, a
 * class's statics, a constructed instance, a module, the environment, or a parameter for callers to bind),
 * and reading a path inside one (`config.kafka.topic`, `const { topic } = config`).
 */

/** What a property of an object literal is set to (see `objectProperty`). */
type ObjectPropertySource =
  | ts.Expression
  | 'absent'
  | 'unknown'
  | { readonly fromEnvironment: Extract<Container, { kind: 'env' }> }
  | { readonly fromParameter: Extract<Container, { kind: 'param' }> };

/** Resolves an expression to something whose members can be read. */
export function container(ev: Evaluation, expression: ts.Expression, depth = 0): Container | undefined {
  const t = ev.t;
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrapExpression(t, expression);
  if (t.isObjectLiteralExpression(node)) return { kind: 'object', node };
  if (t.isArrayLiteralExpression(node)) return { kind: 'array', node };
  if (t.isNewExpression(node)) {
    const classNode = classNamed(ev.context, node.expression);
    return classNode ? { kind: 'instance', node: classNode, construction: node } : undefined;
  }
  if (isEnvironmentObject(t, node)) return { kind: 'env' };
  if (t.isIdentifier(node)) return namedContainer(ev, node, depth);
  if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) return accessedContainer(ev, node, depth);
  if (t.isCallExpression(node)) return requiredContainer(ev, node, depth) ?? returnedContainer(ev, node, depth);
  return undefined;
}

/**
 * What `require('./x')` gives: the value of its `module.exports = X` when that is all the module exports
 * (an object, an instance, another module), else the module, read export by export.
 */
function requiredContainer(ev: Evaluation, node: ts.CallExpression, depth: number): Container | undefined {
  const file = requiredFile(ev.context, node);
  return file && moduleContainer(ev, file, depth);
}

/** A module read as a container: what its `module.exports = X` is when that is all it exports, else its exports one by one. */
function moduleContainer(ev: Evaluation, file: ts.SourceFile, depth: number): Container {
  const { whole, named, merged } = commonJsExports(ev.t, file);
  const onlyWhole = whole !== undefined && named.size === 0 && merged.length === 0;
  return (onlyWhole ? container(ev, whole, depth + 1) : undefined) ?? { kind: 'module', node: file };
}

/** The container a name stands for, by its declaration. */
function namedContainer(ev: Evaluation, node: ts.Identifier, depth: number): Container | undefined {
  const t = ev.t;
  const origin = resolveIdentifier(ev.context, node);
  if (origin === undefined || origin.kind === 'import') return undefined;
  if (origin.kind === 'module') return moduleContainer(ev, origin.sourceFile, depth);
  if (t.isParameter(origin.node)) {
    const fn = origin.node.parent;
    return { kind: 'param', owner: fn, index: fn.parameters.indexOf(origin.node), path: [], text: shortText(node) };
  }
  if (t.isBindingElement(origin.node)) {
    const value = bindingElement(ev, origin.node, shortText(node), depth + 1);
    if (value.kind === 'param') return value;
    return bindingContainer(ev, origin.node, depth + 1);
  }
  if (t.isVariableDeclaration(origin.node) && isLoopVariable(t, origin.node)) return loopVariable(ev, origin.node, [], shortText(node), depth + 1);
  return containerOfDeclaration(ev, origin.node, depth + 1);
}

/** The container a member of another container holds: `config.kafka`, `this.options`, `LIST[0]`. */
function accessedContainer(ev: Evaluation, node: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): Container | undefined {
  const t = ev.t;
  const name = accessedName(t, node);
  if (name === undefined) return undefined;
  const owner = unwrapExpression(t, node.expression);
  if (owner.kind === t.SyntaxKind.ThisKeyword) {
    const start = enclosingClass(t, node);
    return start ? memberContainer(ev, start, name, shortText(node), depth) : undefined;
  }
  const owned = container(ev, owner, depth + 1);
  const found = owned && ownedContainer(ev, owned, name, depth);
  if (found !== undefined) return found;
  // What a module hangs on its `module.exports` (`module.exports.config = {...}`), read through its importers.
  const module = wholeImportedModule(ev.context, owner);
  const declaration = module && exportedDeclaration(ev.context, module, name);
  return declaration ? containerOfDeclaration(ev, declaration, depth + 1) : undefined;
}

/** The container a member of a container holds. */
function ownedContainer(ev: Evaluation, owned: Container, name: string, depth: number): Container | undefined {
  const t = ev.t;
  switch (owned.kind) {
    case 'param':
      return { ...owned, path: [...owned.path, name] };
    case 'object': {
      const property = objectProperty(ev, owned.node, name, depth + 1);
      if (typeof property === 'object' && 'fromParameter' in property) return property.fromParameter;
      return typeof property === 'string' || 'fromEnvironment' in property ? undefined : container(ev, property, depth + 1);
    }
    case 'array': {
      const element = arrayElement(t, owned.node, name);
      return element ? container(ev, element, depth + 1) : undefined;
    }
    case 'class': {
      const declaration = classMember(t, owned.node, name)?.declaration;
      return declaration && t.isPropertyDeclaration(declaration) && declaration.initializer
        ? container(ev, declaration.initializer, depth + 1)
        : undefined;
    }
    case 'instance': {
      const source = instanceField(ev, owned, name);
      return source ? container(ev, source, depth + 1) : undefined;
    }
    case 'module': {
      const declaration = exportedDeclaration(ev.context, owned.node, name);
      return declaration ? containerOfDeclaration(ev, declaration, depth + 1) : undefined;
    }
    case 'env':
      // `envSchema.safeParse(process.env).data`: the validated environment is still the environment.
      return name === 'data' || name === 'env' ? owned : undefined;
    default:
      return undefined;
  }
}

/** The container a call gives back: the validated environment, a frozen object, a factory's result. */
function returnedContainer(ev: Evaluation, node: ts.CallExpression, depth: number): Container | undefined {
  const t = ev.t;
  // `envSchema.parse(process.env)`, `cleanEnv(process.env, {...})` (zod, envalid, joi): the environment,
  // validated.
  if (node.arguments.some((argument) => isEnvironmentObject(t, argument))) {
    const schema = validationSchema(ev, node);
    return schema ? { kind: 'env', schema } : { kind: 'env' };
  }
  // `Object.freeze({...})`, and local factories with no parameters: `const config = () => ({...})`.
  const callee = unwrapExpression(t, node.expression);
  if (t.isPropertyAccessExpression(callee) && callee.name.text === 'freeze' && node.arguments[0]) {
    return container(ev, node.arguments[0], depth + 1);
  }
  const fn = functionOf(ev, callee);
  if (fn?.parameters.length === 0) {
    const returned = returnedExpressions(t, fn);
    if (returned.length === 1) return container(ev, returned[0]!, depth + 1);
  }
  return undefined;
}

function bindingContainer(ev: Evaluation, element: ts.BindingElement, depth: number): Container | undefined {
  const t = ev.t;
  const pattern = element.parent;
  const declaration = pattern.parent;
  if (!t.isObjectBindingPattern(pattern) || !t.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const key = element.propertyName ? propertyNameText(t, element.propertyName) : t.isIdentifier(element.name) ? element.name.text : undefined;
  if (key === undefined) return undefined;
  const owner = container(ev, declaration.initializer, depth + 1);
  if (owner?.kind !== 'object') return undefined;
  const property = objectProperty(ev, owner.node, key, depth + 1);
  if (typeof property === 'object' && 'fromParameter' in property) return property.fromParameter;
  return typeof property === 'string' || 'fromEnvironment' in property ? undefined : container(ev, property, depth + 1);
}

export function containerOfDeclaration(ev: Evaluation, declaration: ts.Node, depth: number): Container | undefined {
  const t = ev.t;
  if (t.isEnumDeclaration(declaration)) return { kind: 'enum', node: declaration };
  if (t.isClassLike(declaration)) return { kind: 'class', node: declaration };
  if (t.isSourceFile(declaration)) return { kind: 'module', node: declaration };
  if ((t.isVariableDeclaration(declaration) || t.isPropertyAssignment(declaration) || t.isPropertyDeclaration(declaration)) && declaration.initializer) {
    return container(ev, declaration.initializer, depth + 1);
  }
  if (t.isShorthandPropertyAssignment(declaration)) return container(ev, declaration.name, depth + 1);
  // `export default {...}`, and CommonJS `module.exports = {...}` or `exports.config = {...}`.
  const exported = exportedExpression(t, declaration);
  return exported ? container(ev, exported, depth + 1) : undefined;
}

/**
 * `const { TOPIC = 'x' } = process.env`, `const { topic } = config`, `({ topic }) => ...`, `([, topic]) => ...`,
 * `for (const { topic } of configs)`.
 */
export function bindingElement(ev: Evaluation, element: ts.BindingElement, text: string, depth: number): Value {
  const t = ev.t;
  const path: string[] = [];
  let fromArray = false;
  let current: ts.Node = element;
  // Climb nested patterns: `{ a: { b } }` gives the path [a, b], `[, b]` the path [1].
  while (t.isBindingElement(current)) {
    const pattern: ts.BindingPattern = current.parent;
    const key = t.isArrayBindingPattern(pattern)
      ? String(pattern.elements.indexOf(current))
      : current.propertyName
        ? propertyNameText(t, current.propertyName)
        : t.isIdentifier(current.name)
          ? current.name.text
          : undefined;
    if (key === undefined || current.dotDotDotToken) return unknownValue(text, 'a computed property');
    fromArray ||= t.isArrayBindingPattern(pattern);
    path.unshift(key);
    current = pattern.parent;
  }
  const fallback = element.initializer ? ev.evaluateAt(element.initializer, depth) : undefined;
  if (t.isParameter(current)) return parameterValue(current, path, text);
  if (t.isVariableDeclaration(current) && isLoopVariable(t, current)) return loopVariable(ev, current, path, text, depth) ?? unknownValue(text, 'a loop variable');
  if (!t.isVariableDeclaration(current) || current.initializer === undefined) return unknownValue(text, 'not a constant');
  if (!fromArray && isEnvironmentObject(t, current.initializer) && path.length === 1) {
    return { kind: 'env', name: path[0]!, ...(fallback ? { fallback } : {}), text };
  }
  const destructured = container(ev, current.initializer, depth);
  // The default applies only where the property is certainly missing; an unknown property is not a
  // reason to believe the default.
  if (fallback && path.length === 1 && destructured?.kind === 'object' && objectProperty(ev, destructured.node, path[0]!, depth) === 'absent') {
    return fallback;
  }
  return readPath(ev, destructured, path, text, depth);
}

/**
 * `RETRY_TOPICS[attempt - 1]`, `ROUTES[kind]`: a member picked at run time from a list or table the code
 * writes out. Each member the key may name is a reading (the members its readings name, or every member when
 * the key is not known); unknown when the owner is not written out or any member's value is not known.
 */
export function readAnyMember(ev: Evaluation, owner: Container | undefined, key: Value, text: string, depth: number): Value {
  const t = ev.t;
  // A key with readings names those members only (`OUTCOMES[ok ? 'paid' : 'failed']`).
  const named = key.kind === 'oneOf' ? readingsOf(key).map(knownString) : [];
  let names: readonly string[] | undefined = named.length > 0 && named.every((name) => name !== undefined) ? named : undefined;
  if (names === undefined) {
    if (owner?.kind === 'array' && !owner.node.elements.some((element) => t.isSpreadElement(element) || t.isOmittedExpression(element))) {
      names = owner.node.elements.map((_, i) => String(i));
    } else if (owner?.kind === 'object' && propertyIndexOf(t, owner.node).open.length === 0) {
      names = [...propertyIndexOf(t, owner.node).byName.keys()];
    } else if (owner?.kind === 'enum') {
      names = owner.node.members.flatMap((member) => propertyNameText(t, member.name) ?? []);
    }
  }
  if (names === undefined || names.length === 0 || names.length > MAX_READINGS) return unknownValue(text, 'a computed property');
  const readings = names.map((name) => readPath(ev, owner, [name], text, depth + 1));
  return readings.some((reading) => reading.kind === 'unknown') ? unknownValue(text, 'a computed property') : oneOfValues(readings, text);
}

/** Reads `path` inside a container; `undefined` container means the owner could not be resolved. */
export function readPath(ev: Evaluation, owner: Container | undefined, path: readonly string[], text: string, depth: number): Value {
  const t = ev.t;
  if (owner === undefined) return unknownValue(text, 'computed at run time');
  if (path.length === 0) return unknownValue(text, 'an object, not a value');
  const [name, ...rest] = path as [string, ...string[]];
  switch (owner.kind) {
    case 'param':
      return { kind: 'param', owner: owner.owner, index: owner.index, path: [...owner.path, ...path], text };
    case 'env':
      return rest.length === 0 ? environmentVariable(ev, name, owner.schema, text, depth) : unknownValue(text, 'computed at run time');
    case 'object':
      return readObjectPath(ev, owner.node, name, rest, text, depth);
    case 'enum': {
      const member = owner.node.members.find((candidate) => propertyNameText(t, candidate.name) === name);
      if (member === undefined || rest.length > 0) return unknownValue(text, `no member '${name}'`);
      return memberDeclaration(ev, member, text, depth);
    }
    case 'class': {
      const member = classMember(t, owner.node, name);
      const declaration = member?.declaration;
      if (declaration && t.isPropertyDeclaration(declaration) && declaration.initializer) {
        if (rest.length === 0) return ev.evaluateAt(declaration.initializer, depth);
        return readPath(ev, container(ev, declaration.initializer, depth), rest, text, depth);
      }
      return unknownValue(text, `no static '${name}'`);
    }
    case 'instance': {
      const source = instanceField(ev, owner, name);
      if (source === undefined) return unknownValue(text, `no field '${name}' set once`);
      if (rest.length === 0) return withConstruction(ev, ev.evaluateAt(source, depth), owner);
      return readPath(ev, container(ev, source, depth), rest, text, depth);
    }
    case 'module': {
      const declaration = exportedDeclaration(ev.context, owner.node, name);
      if (declaration === undefined) return unknownValue(text, `no export '${name}'`);
      if (rest.length === 0) return ev.valueOf({ kind: 'declaration', node: declaration }, declaration, depth);
      return readPath(ev, containerOfDeclaration(ev, declaration, depth), rest, text, depth);
    }
    case 'array': {
      const element = arrayElement(t, owner.node, name);
      if (element === undefined) return unknownValue(text, 'an array element');
      if (rest.length === 0) return ev.evaluateAt(element, depth);
      return readPath(ev, container(ev, element, depth), rest, text, depth);
    }
  }
}

/** Reads `name`, then `rest`, inside an object literal. */
function readObjectPath(ev: Evaluation, object: ts.ObjectLiteralExpression, name: string, rest: readonly string[], text: string, depth: number): Value {
  const property = objectProperty(ev, object, name, depth);
  if (property === 'absent') return unknownValue(text, `no property '${name}'`);
  if (property === 'unknown') return unknownValue(text, `'${name}' may come from a spread or a computed key`);
  if (typeof property === 'object' && 'fromEnvironment' in property) {
    return rest.length === 0 ? environmentVariable(ev, name, property.fromEnvironment.schema, text, depth) : unknownValue(text, 'computed at run time');
  }
  if (typeof property === 'object' && 'fromParameter' in property) {
    const { owner, index, path } = property.fromParameter;
    return { kind: 'param', owner, index, path: [...path, ...rest], text: `${property.fromParameter.text}.${[name, ...rest].join('.')}` };
  }
  if (rest.length === 0) return ev.evaluateAt(property, depth);
  return readPath(ev, container(ev, property, depth), rest, text, depth);
}

/**
 * The expression a property of an object literal is set to; `absent` when certainly not set, `unknown`
 * when a spread or computed key might set it, `fromEnvironment` when it comes from a spread of the
 * environment (`{ ...validatedEnv, extra }`), `fromParameter` when from a spread of a parameter. Spreads of
 * objects the evaluator can read are looked into, so `{ ...DEFAULTS, topic }` and
 * `{ topic: 'a', ...OVERRIDES }` are both exact.
 */
export function objectProperty(ev: Evaluation, object: ts.ObjectLiteralExpression, name: string, depth: number): ObjectPropertySource {
  const t = ev.t;
  if (depth > MAX_DEPTH) return 'unknown';
  const index = propertyIndexOf(t, object);
  const positions = index.byName.get(name);
  const last = positions?.[positions.length - 1] ?? -1;
  // The last definition wins at run time: the spreads and computed keys after it come first, from the end.
  for (let i = index.open.length - 1; i >= 0 && index.open[i]! > last; i--) {
    const property = object.properties[index.open[i]!]!;
    if (!t.isSpreadAssignment(property)) return 'unknown';
    const spread = container(ev, property.expression, depth + 1);
    if (spread?.kind === 'env') return { fromEnvironment: spread };
    // `{ ...options, fromBeginning: true }` with `options` a parameter: its member, for callers to bind.
    if (spread?.kind === 'param') return { fromParameter: { ...spread, path: [...spread.path, name] } };
    if (spread?.kind !== 'object') return 'unknown';
    const inner = objectProperty(ev, spread.node, name, depth + 1);
    if (inner !== 'absent') return inner;
  }
  if (last < 0) return 'absent';
  const property = object.properties[last]!;
  if (t.isPropertyAssignment(property)) return property.initializer;
  if (t.isShorthandPropertyAssignment(property)) return property.name;
  return 'unknown';
}

/** The element at a numeric index of an array literal, when no spread or hole before it moves it. */
function arrayElement(t: TS, array: ts.ArrayLiteralExpression, name: string): ts.Expression | undefined {
  if (!/^\d+$/.test(name)) return undefined;
  const index = Number(name);
  const before = array.elements.slice(0, index + 1);
  if (before.length <= index || before.some((element) => t.isSpreadElement(element) || t.isOmittedExpression(element))) return undefined;
  return array.elements[index];
}
