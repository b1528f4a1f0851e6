import type ts from 'typescript';
import { concatValues, stringValue, unknownValue, type Value } from '../model/value.js';
import {
  accessedName,
  enclosingClass,
  environmentVariableName,
  findProperty,
  isEnvironmentObject,
  propertyNameText,
  returnedExpressions,
  shortText,
  type TS,
  unwrapExpression,
} from './ast.js';
import { baseClass, classMember, exportedDeclaration, type Origin, type ResolutionContext, resolveIdentifier } from './declarations.js';

/** Something whose members can be read: an object literal, an enum, a class's statics, a module. */
type Container =
  | { readonly kind: 'object'; readonly node: ts.ObjectLiteralExpression }
  | { readonly kind: 'enum'; readonly node: ts.EnumDeclaration }
  | { readonly kind: 'class'; readonly node: ts.ClassLikeDeclaration }
  | { readonly kind: 'module'; readonly node: ts.SourceFile }
  | { readonly kind: 'array'; readonly node: ts.ArrayLiteralExpression }
  | { readonly kind: 'env' }
  | { readonly kind: 'param'; readonly owner: object; readonly index: number; readonly path: readonly string[]; readonly text: string };

const MAX_DEPTH = 24;

/**
 * Evaluates expressions to symbolic values: literals, templates, concatenation, `const`s, `as const`
 * objects, enums, class statics, imported constants (across files when a checker follows imports),
 * `process.env.X ?? 'fallback'`, parameters of the enclosing function. Everything else is `unknown` with
 * its source text: a value is never guessed.
 */
export class ValueEvaluator {
  private readonly t: TS;
  private readonly memo = new WeakMap<ts.Node, Value>();
  private readonly inProgress = new Set<ts.Node>();

  constructor(private readonly context: ResolutionContext) {
    this.t = context.ts;
  }

  evaluate(expression: ts.Expression): Value {
    return this.evaluateAt(expression, 0);
  }

  /** The value at `path` inside an expression: `topic` of `{ topic: Topics.X, event }`. */
  evaluatePath(expression: ts.Expression, path: readonly string[]): Value {
    if (path.length === 0) return this.evaluate(expression);
    return this.readPath(this.container(expression), path, `${shortText(expression)}.${path.join('.')}`, 0);
  }

  private evaluateAt(expression: ts.Expression, depth: number): Value {
    const cached = this.memo.get(expression);
    if (cached) return cached;
    if (depth > MAX_DEPTH || this.inProgress.has(expression)) {
      return unknownValue(shortText(expression), 'too deep or circular');
    }
    this.inProgress.add(expression);
    try {
      const value = this.compute(expression, depth + 1);
      this.memo.set(expression, value);
      return value;
    } finally {
      this.inProgress.delete(expression);
    }
  }

  private compute(expression: ts.Expression, depth: number): Value {
    const t = this.t;
    const node = unwrapExpression(t, expression);
    if (t.isStringLiteralLike(node)) return stringValue(node.text);
    if (t.isNumericLiteral(node)) return stringValue(String(Number(node.text)));
    if (t.isTemplateExpression(node)) {
      const parts: Value[] = [stringValue(node.head.text)];
      for (const span of node.templateSpans) {
        parts.push(this.evaluateAt(span.expression, depth), stringValue(span.literal.text));
      }
      return concatValues(parts);
    }
    if (t.isRegularExpressionLiteral(node)) {
      const text = node.text;
      const end = text.lastIndexOf('/');
      return { kind: 'regexp', source: text.slice(1, end), flags: text.slice(end + 1), text };
    }
    const envName = environmentVariableName(t, node);
    if (envName !== undefined) return { kind: 'env', name: envName, text: shortText(node) };
    if (t.isBinaryExpression(node)) return this.binary(node, depth);
    if (t.isConditionalExpression(node)) {
      const whenTrue = this.evaluateAt(node.whenTrue, depth);
      const whenFalse = this.evaluateAt(node.whenFalse, depth);
      if (whenTrue.kind === 'string' && whenFalse.kind === 'string' && whenTrue.value === whenFalse.value) return whenTrue;
      return unknownValue(shortText(node), 'depends on a condition');
    }
    if (t.isIdentifier(node)) return this.identifier(node, depth);
    if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) return this.member(node, depth);
    if (t.isCallExpression(node)) return this.call(node, depth);
    if (t.isNewExpression(node)) return this.construct(node, depth);
    return unknownValue(shortText(node), 'computed at run time');
  }

  private binary(node: ts.BinaryExpression, depth: number): Value {
    const t = this.t;
    const operator = node.operatorToken.kind;
    if (operator === t.SyntaxKind.PlusToken) {
      return concatValues([this.evaluateAt(node.left, depth), this.evaluateAt(node.right, depth)]);
    }
    if (operator === t.SyntaxKind.QuestionQuestionToken || operator === t.SyntaxKind.BarBarToken) {
      const left = this.evaluateAt(node.left, depth);
      if (left.kind === 'env' && left.fallback === undefined) {
        return { ...left, fallback: this.evaluateAt(node.right, depth), text: shortText(node) };
      }
      // A known non-empty string is never nullish nor falsy.
      if (left.kind === 'string' && (operator === t.SyntaxKind.QuestionQuestionToken || left.value !== '')) return left;
      return unknownValue(shortText(node), 'depends on a run-time value');
    }
    return unknownValue(shortText(node), 'computed at run time');
  }

  private identifier(node: ts.Identifier, depth: number): Value {
    if (node.text === 'undefined') return unknownValue('undefined', 'undefined');
    const origin = resolveIdentifier(this.context, node);
    return this.origin(origin, node, depth);
  }

  private origin(origin: Origin | undefined, at: ts.Node, depth: number): Value {
    const t = this.t;
    const text = shortText(at);
    if (origin === undefined) return unknownValue(text, 'not declared in this file');
    if (origin.kind === 'import') return unknownValue(text, `imported from '${origin.binding.module}'`);
    if (origin.kind === 'module') return unknownValue(text, 'a module namespace');
    const declaration = origin.node;
    if (t.isVariableDeclaration(declaration)) return this.variable(declaration, text, depth);
    if (t.isParameter(declaration)) return this.parameter(declaration, [], text);
    if (t.isBindingElement(declaration)) return this.bindingElement(declaration, text, depth);
    if (t.isEnumMember(declaration) || t.isPropertyAssignment(declaration) || t.isPropertyDeclaration(declaration)) {
      return this.memberDeclaration(declaration, text, depth);
    }
    if (t.isShorthandPropertyAssignment(declaration)) return this.evaluateAt(declaration.name, depth);
    return unknownValue(text, 'not a constant');
  }

  private variable(declaration: ts.VariableDeclaration, text: string, depth: number): Value {
    const t = this.t;
    const isConst = (declaration.parent.flags & t.NodeFlags.Const) !== 0;
    const name = t.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    const assignments = name === undefined ? [] : (this.context.indexOf(declaration.getSourceFile()).assignmentsByName.get(name) ?? []);
    if (declaration.initializer && (isConst || assignments.length === 0)) return this.evaluateAt(declaration.initializer, depth);
    // `let topic; ... topic = 'x'`: one assignment and no initializer is as good as a const.
    if (!declaration.initializer && assignments.length === 1) return this.evaluateAt(assignments[0]!, depth);
    return unknownValue(text, 'a variable that is reassigned');
  }

  private parameter(parameter: ts.ParameterDeclaration, path: readonly string[], text: string): Value {
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    return { kind: 'param', owner: fn, index, path, text };
  }

  /** `const { TOPIC = 'x' } = process.env`, `const { topic } = config`, `({ topic }) => ...`. */
  private bindingElement(element: ts.BindingElement, text: string, depth: number): Value {
    const t = this.t;
    const path: string[] = [];
    let current: ts.Node = element;
    // Climb nested patterns: `{ a: { b } }` gives the path [a, b].
    while (t.isBindingElement(current)) {
      const pattern: ts.BindingPattern = current.parent;
      if (!t.isObjectBindingPattern(pattern)) return unknownValue(text, 'an array element');
      const key = current.propertyName ? propertyNameText(t, current.propertyName) : t.isIdentifier(current.name) ? current.name.text : undefined;
      if (key === undefined || current.dotDotDotToken) return unknownValue(text, 'a computed property');
      path.unshift(key);
      current = pattern.parent;
    }
    const fallback = element.initializer ? this.evaluateAt(element.initializer, depth) : undefined;
    if (t.isParameter(current)) return this.parameter(current, path, text);
    if (!t.isVariableDeclaration(current) || current.initializer === undefined) return unknownValue(text, 'not a constant');
    if (isEnvironmentObject(t, current.initializer) && path.length === 1) {
      return { kind: 'env', name: path[0]!, ...(fallback ? { fallback } : {}), text };
    }
    const value = this.readPath(this.container(current.initializer, depth), path, text, depth);
    if (fallback && value.kind === 'unknown') return fallback;
    return value;
  }

  private memberDeclaration(declaration: ts.EnumMember | ts.PropertyAssignment | ts.PropertyDeclaration, text: string, depth: number): Value {
    const t = this.t;
    if (declaration.initializer) return this.evaluateAt(declaration.initializer, depth);
    if (t.isEnumMember(declaration)) {
      const members = declaration.parent.members;
      const position = members.indexOf(declaration);
      // Only an enum with no initializer before this member counts from zero.
      if (members.slice(0, position).every((member) => member.initializer === undefined)) return stringValue(String(position));
    }
    return unknownValue(text, 'has no constant initializer');
  }

  private member(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): Value {
    const t = this.t;
    const text = shortText(node);
    let name = accessedName(t, node);
    if (name === undefined && t.isElementAccessExpression(node)) {
      const key = this.evaluateAt(node.argumentExpression, depth);
      if (key.kind === 'string') name = key.value;
    }
    if (name === undefined) return unknownValue(text, 'a computed property');
    const owner = unwrapExpression(t, node.expression);
    if (owner.kind === t.SyntaxKind.ThisKeyword) return this.thisMember(node, name, text, depth);
    const container = this.container(owner, depth);
    const value = this.readPath(container, [name], text, depth);
    // `new URL(x).href` and `url.toString()` read the URL itself.
    if (value.kind === 'unknown' && container === undefined && (name === 'href' || name === 'url')) {
      const whole = this.evaluateAt(owner, depth);
      if (whole.kind !== 'unknown') return whole;
    }
    return value;
  }

  private thisMember(at: ts.Node, name: string, text: string, depth: number): Value {
    const t = this.t;
    for (let classNode = enclosingClass(t, at); classNode !== undefined; classNode = baseClass(this.context, classNode)) {
      const member = classMember(t, classNode, name);
      if (member === undefined) continue;
      const declaration = member.declaration;
      if (declaration && t.isPropertyDeclaration(declaration) && declaration.initializer) {
        return this.evaluateAt(declaration.initializer, depth);
      }
      if (member.assignments.length === 1) return this.evaluateAt(member.assignments[0]!, depth);
      return unknownValue(text, 'a property set at run time');
    }
    return unknownValue(text, 'a property set at run time');
  }

  /** Reads `path` inside a container; `undefined` container means the owner could not be resolved. */
  private readPath(container: Container | undefined, path: readonly string[], text: string, depth: number): Value {
    const t = this.t;
    if (container === undefined) return unknownValue(text, 'computed at run time');
    if (path.length === 0) return unknownValue(text, 'an object, not a value');
    const [name, ...rest] = path as [string, ...string[]];
    switch (container.kind) {
      case 'param':
        return { kind: 'param', owner: container.owner, index: container.index, path: [...container.path, ...path], text };
      case 'env':
        return rest.length === 0 ? { kind: 'env', name, text } : unknownValue(text, 'computed at run time');
      case 'object': {
        const property = findProperty(t, container.node, name);
        if (!property.found) return unknownValue(text, `no property '${name}'`);
        if (rest.length === 0) return this.evaluateAt(property.initializer, depth);
        return this.readPath(this.container(property.initializer, depth), rest, text, depth);
      }
      case 'enum': {
        const member = container.node.members.find((candidate) => propertyNameText(t, candidate.name) === name);
        if (member === undefined || rest.length > 0) return unknownValue(text, `no member '${name}'`);
        return this.memberDeclaration(member, text, depth);
      }
      case 'class': {
        const member = classMember(t, container.node, name);
        const declaration = member?.declaration;
        if (declaration && t.isPropertyDeclaration(declaration) && declaration.initializer) {
          if (rest.length === 0) return this.evaluateAt(declaration.initializer, depth);
          return this.readPath(this.container(declaration.initializer, depth), rest, text, depth);
        }
        return unknownValue(text, `no static '${name}'`);
      }
      case 'module': {
        const declaration = exportedDeclaration(this.context, container.node, name);
        if (declaration === undefined) return unknownValue(text, `no export '${name}'`);
        if (rest.length === 0) return this.origin({ kind: 'declaration', node: declaration }, declaration, depth);
        return this.readPath(this.containerOfDeclaration(declaration, depth), rest, text, depth);
      }
      case 'array':
        return unknownValue(text, 'an array element');
    }
  }

  private call(node: ts.CallExpression, depth: number): Value {
    const t = this.t;
    const callee = unwrapExpression(t, node.expression);
    // `String(x)`
    if (t.isIdentifier(callee) && callee.text === 'String' && node.arguments.length === 1) return this.evaluateAt(node.arguments[0]!, depth);
    if (t.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      // `x.toString()`, `x.trim()`: the same text for our purpose.
      if ((method === 'toString' || method === 'trim') && node.arguments.length === 0) return this.evaluateAt(callee.expression, depth);
      // `['order', 'created'].join('.')`
      if (method === 'join') {
        const container = this.container(callee.expression, depth);
        if (container?.kind === 'array') {
          const separator = node.arguments[0] ? this.evaluateAt(node.arguments[0], depth) : stringValue(',');
          const parts: Value[] = [];
          container.node.elements.forEach((element, i) => {
            if (i > 0) parts.push(separator);
            parts.push(this.evaluateAt(element, depth));
          });
          return concatValues(parts);
        }
      }
    }
    // A local function with no parameters that returns one value: `const topic = () => 'x'`.
    const fn = this.functionOf(callee);
    if (fn?.parameters.length === 0) {
      const returned = returnedExpressions(t, fn);
      if (returned.length === 1) return this.evaluateAt(returned[0]!, depth);
    }
    return unknownValue(shortText(node), 'computed at run time');
  }

  /** `new URL(path, base)`: the joined URL. */
  private construct(node: ts.NewExpression, depth: number): Value {
    const t = this.t;
    const callee = unwrapExpression(t, node.expression);
    const args = node.arguments ?? [];
    if (t.isIdentifier(callee) && callee.text === 'URL' && args.length >= 1) {
      const path = this.evaluateAt(args[0]!, depth);
      if (args.length === 1) return path;
      return joinUrl(this.evaluateAt(args[1]!, depth), path);
    }
    if (t.isIdentifier(callee) && callee.text === 'RegExp' && args.length >= 1) {
      const source = this.evaluateAt(args[0]!, depth);
      const flags = args[1] ? this.evaluateAt(args[1], depth) : stringValue('');
      if (source.kind === 'string' && flags.kind === 'string') {
        return { kind: 'regexp', source: source.value, flags: flags.value, text: shortText(node) };
      }
    }
    return unknownValue(shortText(node), 'computed at run time');
  }

  private functionOf(callee: ts.Expression): ts.SignatureDeclaration | undefined {
    const t = this.t;
    if (!t.isIdentifier(callee)) return undefined;
    const origin = resolveIdentifier(this.context, callee);
    if (origin?.kind !== 'declaration') return undefined;
    const declaration = origin.node;
    if (t.isFunctionDeclaration(declaration)) return declaration;
    if (t.isVariableDeclaration(declaration) && declaration.initializer) {
      const initializer = unwrapExpression(t, declaration.initializer);
      if (t.isArrowFunction(initializer) || t.isFunctionExpression(initializer)) return initializer;
    }
    return undefined;
  }

  /** Resolves an expression to something whose members can be read. */
  container(expression: ts.Expression, depth = 0): Container | undefined {
    const t = this.t;
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapExpression(t, expression);
    if (t.isObjectLiteralExpression(node)) return { kind: 'object', node };
    if (t.isArrayLiteralExpression(node)) return { kind: 'array', node };
    if (isEnvironmentObject(t, node)) return { kind: 'env' };
    if (t.isIdentifier(node)) {
      const origin = resolveIdentifier(this.context, node);
      if (origin === undefined || origin.kind === 'import') return undefined;
      if (origin.kind === 'module') return { kind: 'module', node: origin.sourceFile };
      if (t.isParameter(origin.node)) {
        const fn = origin.node.parent;
        return { kind: 'param', owner: fn, index: fn.parameters.indexOf(origin.node), path: [], text: shortText(node) };
      }
      if (t.isBindingElement(origin.node)) {
        const value = this.bindingElement(origin.node, shortText(node), depth + 1);
        if (value.kind === 'param') return value;
        return this.bindingContainer(origin.node, depth + 1);
      }
      return this.containerOfDeclaration(origin.node, depth + 1);
    }
    if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) {
      const name = accessedName(t, node);
      if (name === undefined) return undefined;
      const owner = unwrapExpression(t, node.expression);
      if (owner.kind === t.SyntaxKind.ThisKeyword) {
        for (let classNode = enclosingClass(t, node); classNode !== undefined; classNode = baseClass(this.context, classNode)) {
          const member = classMember(t, classNode, name);
          const declaration = member?.declaration;
          if (declaration && t.isPropertyDeclaration(declaration) && declaration.initializer) {
            return this.container(declaration.initializer, depth + 1);
          }
          if (member?.assignments.length === 1) return this.container(member.assignments[0]!, depth + 1);
          if (member) return undefined;
        }
        return undefined;
      }
      const owned = this.container(owner, depth + 1);
      if (owned === undefined) return undefined;
      switch (owned.kind) {
        case 'param':
          return { ...owned, path: [...owned.path, name] };
        case 'object': {
          const property = findProperty(t, owned.node, name);
          return property.found ? this.container(property.initializer, depth + 1) : undefined;
        }
        case 'class': {
          const declaration = classMember(t, owned.node, name)?.declaration;
          return declaration && t.isPropertyDeclaration(declaration) && declaration.initializer
            ? this.container(declaration.initializer, depth + 1)
            : undefined;
        }
        case 'module': {
          const declaration = exportedDeclaration(this.context, owned.node, name);
          return declaration ? this.containerOfDeclaration(declaration, depth + 1) : undefined;
        }
        default:
          return undefined;
      }
    }
    if (t.isCallExpression(node)) {
      // `Object.freeze({...})`, and local factories with no parameters: `const config = () => ({...})`.
      const callee = unwrapExpression(t, node.expression);
      if (t.isPropertyAccessExpression(callee) && callee.name.text === 'freeze' && node.arguments[0]) {
        return this.container(node.arguments[0], depth + 1);
      }
      const fn = this.functionOf(callee);
      if (fn?.parameters.length === 0) {
        const returned = returnedExpressions(t, fn);
        if (returned.length === 1) return this.container(returned[0]!, depth + 1);
      }
    }
    return undefined;
  }

  private bindingContainer(element: ts.BindingElement, depth: number): Container | undefined {
    const t = this.t;
    const pattern = element.parent;
    const declaration = pattern.parent;
    if (!t.isObjectBindingPattern(pattern) || !t.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    const key = element.propertyName ? propertyNameText(t, element.propertyName) : t.isIdentifier(element.name) ? element.name.text : undefined;
    if (key === undefined) return undefined;
    const owner = this.container(declaration.initializer, depth + 1);
    if (owner?.kind !== 'object') return undefined;
    const property = findProperty(t, owner.node, key);
    return property.found ? this.container(property.initializer, depth + 1) : undefined;
  }

  private containerOfDeclaration(declaration: ts.Node, depth: number): Container | undefined {
    const t = this.t;
    if (t.isEnumDeclaration(declaration)) return { kind: 'enum', node: declaration };
    if (t.isClassLike(declaration)) return { kind: 'class', node: declaration };
    if (t.isSourceFile(declaration)) return { kind: 'module', node: declaration };
    if ((t.isVariableDeclaration(declaration) || t.isPropertyAssignment(declaration) || t.isPropertyDeclaration(declaration)) && declaration.initializer) {
      return this.container(declaration.initializer, depth + 1);
    }
    if (t.isModuleDeclaration(declaration)) return undefined;
    return undefined;
  }
}

/** Joins a base URL and a path the way `new URL(path, base)` and axios' `baseURL` do for the common cases. */
export function joinUrl(base: Value, path: Value): Value {
  if (path.kind === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(path.value)) return path;
  if (path.kind === 'string' && path.value === '') return base;
  const baseEndsWithSlash = base.kind === 'string' ? base.value.endsWith('/') : base.kind === 'concat' && lastString(base)?.endsWith('/') === true;
  const pathStartsWithSlash = path.kind === 'string' ? path.value.startsWith('/') : path.kind === 'concat' && path.parts[0]?.kind === 'string' && path.parts[0].value.startsWith('/');
  if (baseEndsWithSlash && pathStartsWithSlash) return concatValues([base, dropLeadingSlash(path)]);
  if (!baseEndsWithSlash && !pathStartsWithSlash) return concatValues([base, stringValue('/'), path]);
  return concatValues([base, path]);
}

function lastString(value: Extract<Value, { kind: 'concat' }>): string | undefined {
  const last = value.parts.at(-1);
  return last?.kind === 'string' ? last.value : undefined;
}

function dropLeadingSlash(path: Value): Value {
  if (path.kind === 'string') return stringValue(path.value.slice(1));
  if (path.kind === 'concat' && path.parts[0]?.kind === 'string') {
    return concatValues([stringValue(path.parts[0].value.slice(1)), ...path.parts.slice(1)]);
  }
  return path;
}
