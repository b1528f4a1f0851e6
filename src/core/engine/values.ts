import type ts from 'typescript';
import { concatValues, hasParam, knownPrefix, knownSuffix, mapParams, stringValue, unknownValue, type Value } from '../model/value.js';
import {
  accessedName,
  enclosingClass,
  environmentVariableName,
  findProperty,
  isEnvironmentObject,
  parentOf,
  propertyInitializer,
  propertyNameText,
  returnedExpressions,
  shortText,
  type TS,
  unwrapExpression,
} from './ast.js';
import { baseClass, type ClassMember, classMember, classNamed, exportedDeclaration, type Origin, type ResolutionContext, resolveIdentifier } from './declarations.js';

/** Something whose members can be read: an object literal, an enum, a class's statics, a module. */
type Container =
  | { readonly kind: 'object'; readonly node: ts.ObjectLiteralExpression }
  | { readonly kind: 'enum'; readonly node: ts.EnumDeclaration }
  | { readonly kind: 'class'; readonly node: ts.ClassLikeDeclaration }
  /** An instance the code constructs (`export const config = new Config()`): its fields, set where declared or by the constructor. */
  | { readonly kind: 'instance'; readonly node: ts.ClassLikeDeclaration; readonly construction?: ts.NewExpression }
  | { readonly kind: 'module'; readonly node: ts.SourceFile }
  | { readonly kind: 'array'; readonly node: ts.ArrayLiteralExpression }
  | { readonly kind: 'env'; /** A validation schema's fields (`z.object({...})`), for their defaults. */ readonly schema?: ts.ObjectLiteralExpression }
  | { readonly kind: 'param'; readonly owner: object; readonly index: number; readonly path: readonly string[]; readonly text: string };

const MAX_DEPTH = 24;

/** Array methods whose callback's first parameter takes every element in turn. */
const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap']);

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

  /** Libraries' meanings for calls (`configService.get('X')`), wired in by the engine after construction. */
  callValue: ((call: ts.CallExpression) => Value | undefined) | undefined;

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

  /**
   * The values an expression takes: one for most expressions; one per element for a loop variable over an
   * array the evaluator can read (`for (const topic of TOPICS)`, `TOPICS.forEach((topic) => ...)`,
   * `Object.values(Topics).map((topic) => ...)`).
   */
  evaluateEach(expression: ts.Expression): Value[] {
    const t = this.t;
    const node = unwrapExpression(t, expression);
    if (t.isIdentifier(node)) {
      const origin = resolveIdentifier(this.context, node);
      const iterated = origin?.kind === 'declaration' ? this.iteratedBy(origin.node) : undefined;
      const elements = iterated && this.evaluateList(iterated);
      if (elements) return elements;
    }
    return [this.evaluate(expression)];
  }

  /**
   * The elements of a list: an array literal or a name for one (each spread of a readable list expanded, an
   * unreadable spread as one unknown value), or `Object.values(...)` of a readable object or string enum.
   * `undefined` when the expression is not a list the evaluator can see.
   */
  evaluateList(expression: ts.Expression, depth = 0): Value[] | undefined {
    const t = this.t;
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapExpression(t, expression);
    if (t.isCallExpression(node)) return this.objectValues(node, depth + 1);
    const container = this.container(node, depth + 1);
    if (container?.kind !== 'array') return undefined;
    const values: Value[] = [];
    for (const element of container.node.elements) {
      if (t.isOmittedExpression(element)) continue;
      if (t.isSpreadElement(element)) {
        values.push(...(this.evaluateList(element.expression, depth + 1) ?? [unknownValue(shortText(element), 'a list built elsewhere')]));
      } else {
        values.push(this.evaluateAt(element, depth));
      }
    }
    return values;
  }

  /** `Object.values(Topics)`: the values of an object literal, or of an enum whose members are all strings. */
  private objectValues(call: ts.CallExpression, depth: number): Value[] | undefined {
    const t = this.t;
    const callee = unwrapExpression(t, call.expression);
    const isObjectValues =
      t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && callee.expression.text === 'Object' && callee.name.text === 'values';
    if (!isObjectValues || call.arguments.length !== 1) return undefined;
    const container = this.container(call.arguments[0]!, depth);
    if (container?.kind === 'enum') {
      const values = container.node.members.map((member) => this.memberDeclaration(member, shortText(member), depth));
      // A numeric enum maps values back to names too: `Object.values` then holds both.
      return values.every((value) => value.kind === 'string' && value.value !== '' && Number.isNaN(Number(value.value))) ? values : undefined;
    }
    if (container?.kind !== 'object') return undefined;
    const values: Value[] = [];
    for (const property of container.node.properties) {
      if (t.isPropertyAssignment(property)) values.push(this.evaluateAt(property.initializer, depth));
      else if (t.isShorthandPropertyAssignment(property)) values.push(this.evaluateAt(property.name, depth));
      // A spread or a method makes the list uncertain.
      else return undefined;
    }
    return values;
  }

  /** A `for...of` variable over an array literal the code shows, as a parameter of the loop. */
  private loopVariable(declaration: ts.VariableDeclaration, text: string, depth: number): Extract<Value, { kind: 'param' }> | undefined {
    const t = this.t;
    const loop = declaration.parent.parent;
    if (!t.isIdentifier(declaration.name) || !t.isForOfStatement(loop) || this.container(loop.expression, depth + 1)?.kind !== 'array') return undefined;
    return { kind: 'param', owner: loop, index: 0, path: [], text };
  }

  /**
   * The list whose elements a loop (`for (const x of LIST)`) or an iterating callback (`LIST.map((x) => ...)`)
   * binds its variable to, one per turn: `undefined` for any other function.
   */
  iterationOf(owner: ts.Node): ts.Expression | undefined {
    const t = this.t;
    if (t.isForOfStatement(owner)) return owner.expression;
    if ((t.isArrowFunction(owner) || t.isFunctionExpression(owner)) && owner.parameters[0]) return this.iteratedBy(owner.parameters[0]);
    return undefined;
  }

  /** The list a loop variable or an iterating callback's first parameter walks over. */
  private iteratedBy(declaration: ts.Node): ts.Expression | undefined {
    const t = this.t;
    if (t.isVariableDeclaration(declaration) && t.isIdentifier(declaration.name) && isLoopVariable(t, declaration)) {
      const loop = declaration.parent.parent;
      return t.isForOfStatement(loop) ? loop.expression : undefined;
    }
    if (t.isParameter(declaration) && t.isIdentifier(declaration.name)) {
      const fn = declaration.parent;
      const call = parentOf(fn);
      if (!(t.isArrowFunction(fn) || t.isFunctionExpression(fn)) || fn.parameters[0] !== declaration) return undefined;
      if (call === undefined || !t.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
      const callee = unwrapExpression(t, call.expression);
      if (t.isPropertyAccessExpression(callee) && ITERATING_METHODS.has(callee.name.text)) return callee.expression;
    }
    return undefined;
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
      // `process.env.A ?? process.env.B ?? 'x'`: the right side is the fallback of the last variable.
      if (left.kind === 'env') {
        const chained = withFallback(left, () => this.evaluateAt(node.right, depth));
        if (chained) return { ...chained, text: shortText(node) };
      }
      // A known non-empty string is never nullish nor falsy.
      if (left.kind === 'string' && (operator === t.SyntaxKind.QuestionQuestionToken || left.value !== '')) return left;
      // `options.dlqTopic ?? `${options.topic}.dlq``: a caller that passes no `dlqTopic` gets the right side.
      if (left.kind === 'param' && left.fallback === undefined) return { ...left, fallback: this.evaluateAt(node.right, depth), text: shortText(node) };
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
    // `export default 'orders'` read through a default import.
    if (t.isExportAssignment(declaration)) return this.evaluateAt(declaration.expression, depth);
    return unknownValue(text, 'not a constant');
  }

  private variable(declaration: ts.VariableDeclaration, text: string, depth: number): Value {
    const t = this.t;
    const isConst = (declaration.parent.flags & t.NodeFlags.Const) !== 0;
    const name = t.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    const assignments = name === undefined ? [] : (this.context.indexOf(declaration.getSourceFile()).assignmentsByName.get(name) ?? []);
    if (declaration.initializer && (isConst || assignments.length === 0)) return this.evaluateAt(declaration.initializer, depth);
    // `for (const target of TARGETS)`: one value per turn. Over a list that can be read it is a parameter
    // of the loop, which the list binds once per element (`evaluateEach`, and hosts placing interactions).
    if (isLoopVariable(t, declaration)) return this.loopVariable(declaration, text, depth) ?? unknownValue(text, 'a loop variable');
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
    const container = this.container(current.initializer, depth);
    // The default applies only where the property is certainly missing; an unknown property is not a
    // reason to believe the default.
    if (fallback && path.length === 1 && container?.kind === 'object' && this.objectProperty(container.node, path[0]!, depth) === 'absent') {
      return fallback;
    }
    return this.readPath(container, path, text, depth);
  }

  private memberDeclaration(declaration: ts.EnumMember | ts.PropertyAssignment | ts.PropertyDeclaration, text: string, depth: number): Value {
    const t = this.t;
    if (declaration.initializer) return this.evaluateAt(declaration.initializer, depth);
    if (t.isEnumMember(declaration)) {
      const members = declaration.parent.members;
      const position = members.indexOf(declaration);
      if (position === 0) return stringValue('0');
      // A member without initializer is the one before it plus one (`enum E { A = 5, B }` gives B = 6).
      const previous = this.memberDeclaration(members[position - 1]!, text, depth + 1);
      const number = previous.kind === 'string' && /^-?\d+$/.test(previous.value) ? Number(previous.value) : undefined;
      if (number !== undefined) return stringValue(String(number + 1));
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
    const start = enclosingClass(this.t, at);
    return start ? this.memberOf(start, name, text, depth) : unknownValue(text, 'a property set at run time');
  }

  /**
   * `this.<path>` as an instance of `classNode` sees it: for a subclass whose base reads a member the
   * subclass sets (`readonly topic = Topics.OrderCreated` for a base consumer's `this.topic`).
   */
  evaluateMember(classNode: ts.ClassLikeDeclaration, path: readonly string[]): Value {
    const [name, ...rest] = path;
    const text = `this.${path.join('.')}`;
    if (name === undefined) return unknownValue(text, 'an object, not a value');
    if (rest.length === 0) return this.memberOf(classNode, name, text, 0);
    return this.readPath(this.memberContainer(classNode, name, text, 0), rest, text, 0);
  }

  private memberOf(start: ts.ClassLikeDeclaration, name: string, text: string, depth: number): Value {
    const t = this.t;
    for (let classNode: ts.ClassLikeDeclaration | undefined = start; classNode !== undefined; classNode = baseClass(this.context, classNode)) {
      const member = classMember(t, classNode, name);
      if (member === undefined) continue;
      const sources = this.memberSources(member);
      if (sources.length === 0) return this.unsetMember(start, member, [name], text) ?? unknownValue(text, 'a property set at run time');
      const values = sources.map((source) => (t.isParameter(source) ? this.parameter(source, [], text) : this.evaluateAt(source, depth)));
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
  private unsetMember(start: ts.ClassLikeDeclaration, member: ClassMember, path: readonly string[], text: string): Extract<Value, { kind: 'param' }> | undefined {
    const declaration = member.declaration;
    if (declaration === undefined || !this.t.isPropertyDeclaration(declaration)) return undefined;
    return { kind: 'param', owner: start, index: -1, path, text };
  }

  /** The container `this.<name>` holds, as seen from `start`. */
  private memberContainer(start: ts.ClassLikeDeclaration, name: string, text: string, depth: number): Container | undefined {
    const t = this.t;
    for (let classNode: ts.ClassLikeDeclaration | undefined = start; classNode !== undefined; classNode = baseClass(this.context, classNode)) {
      const member = classMember(t, classNode, name);
      if (member === undefined) continue;
      // Only a field with one source is one container (`this.config.topic` with `constructor(private config)`).
      const sources = this.memberSources(member);
      if (sources.length === 0) return this.unsetMember(start, member, [name], text);
      if (sources.length !== 1) return undefined;
      const source = sources[0]!;
      if (!t.isParameter(source)) return this.container(source, depth + 1);
      // An injected service of the project (`constructor(private readonly config: AppConfigService)`): the
      // framework constructs it, so its fields and getters say what it holds.
      const injected = this.classOfType(source.type);
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
  private memberSources(member: ClassMember): (ts.Expression | ts.ParameterDeclaration)[] {
    const t = this.t;
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
        return rest.length === 0 ? this.environmentVariable(name, container.schema, text, depth) : unknownValue(text, 'computed at run time');
      case 'object': {
        const property = this.objectProperty(container.node, name, depth);
        if (property === 'absent') return unknownValue(text, `no property '${name}'`);
        if (property === 'unknown') return unknownValue(text, `'${name}' may come from a spread or a computed key`);
        if (typeof property === 'object' && 'fromEnvironment' in property) {
          return rest.length === 0 ? this.environmentVariable(name, property.fromEnvironment.schema, text, depth) : unknownValue(text, 'computed at run time');
        }
        if (typeof property === 'object' && 'fromParameter' in property) {
          const { owner, index, path } = property.fromParameter;
          return { kind: 'param', owner, index, path: [...path, ...rest], text: `${property.fromParameter.text}.${[name, ...rest].join('.')}` };
        }
        if (rest.length === 0) return this.evaluateAt(property, depth);
        return this.readPath(this.container(property, depth), rest, text, depth);
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
      case 'instance': {
        const source = this.instanceField(container, name);
        if (source === undefined) return unknownValue(text, `no field '${name}' set once`);
        if (rest.length === 0) return this.withConstruction(this.evaluateAt(source, depth), container);
        return this.readPath(this.container(source, depth), rest, text, depth);
      }
      case 'module': {
        const declaration = exportedDeclaration(this.context, container.node, name);
        if (declaration === undefined) return unknownValue(text, `no export '${name}'`);
        if (rest.length === 0) return this.origin({ kind: 'declaration', node: declaration }, declaration, depth);
        return this.readPath(this.containerOfDeclaration(declaration, depth), rest, text, depth);
      }
      case 'array': {
        const element = arrayElement(t, container.node, name);
        if (element === undefined) return unknownValue(text, 'an array element');
        if (rest.length === 0) return this.evaluateAt(element, depth);
        return this.readPath(this.container(element, depth), rest, text, depth);
      }
    }
  }

  /**
   * A property of an object literal: its expression, `absent` when certainly missing, `unknown` when a
   * spread or computed key might hold it. Spreads of objects the evaluator can read are looked into, so
   * `{ ...DEFAULTS, topic }` and `{ topic: 'a', ...OVERRIDES }` are both exact.
   */
  /**
   * The expression a property of an object literal is set to; `absent` when certainly not set, `unknown`
   * when a spread or computed key might set it, `env` when it comes from a spread of the environment
   * (`{ ...validatedEnv, extra }`).
   */
  private objectProperty(
    object: ts.ObjectLiteralExpression,
    name: string,
    depth: number,
  ):
    | ts.Expression
    | 'absent'
    | 'unknown'
    | { readonly fromEnvironment: Extract<Container, { kind: 'env' }> }
    | { readonly fromParameter: Extract<Container, { kind: 'param' }> } {
    const t = this.t;
    if (depth > MAX_DEPTH) return 'unknown';
    // The last definition wins at run time, so search from the end.
    for (let i = object.properties.length - 1; i >= 0; i--) {
      const property = object.properties[i]!;
      if (t.isSpreadAssignment(property)) {
        const spread = this.container(property.expression, depth + 1);
        if (spread?.kind === 'env') return { fromEnvironment: spread };
        // `{ ...options, fromBeginning: true }` with `options` a parameter: its member, for callers to bind.
        if (spread?.kind === 'param') return { fromParameter: { ...spread, path: [...spread.path, name] } };
        if (spread?.kind !== 'object') return 'unknown';
        const inner = this.objectProperty(spread.node, name, depth + 1);
        if (inner !== 'absent') return inner;
        continue;
      }
      const key = propertyNameText(t, property.name);
      if (key === undefined) return 'unknown';
      if (key !== name) continue;
      if (t.isPropertyAssignment(property)) return property.initializer;
      if (t.isShorthandPropertyAssignment(property)) return property.name;
      return 'unknown';
    }
    return 'absent';
  }

  private call(node: ts.CallExpression, depth: number): Value {
    const t = this.t;
    const known = this.callValue?.(node);
    if (known !== undefined) return known;
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
    // `base.replace(/\/+$/, '')`: the usual trim of a base URL's trailing slash.
    if (t.isPropertyAccessExpression(callee) && callee.name.text === 'replace' && isTrailingSlashTrim(t, node)) {
      const base = this.evaluateAt(callee.expression, depth);
      return base.kind === 'string' ? stringValue(base.value.replace(/\/+$/, '')) : base;
    }
    // One of the project's functions: `const topic = () => 'x'`, `buildUrl(base, path)`.
    const fn = this.functionOf(callee);
    if (fn) {
      const args = fn.parameters.map((parameter, i) => {
        const argument = node.arguments[i] ?? parameter.initializer;
        return argument && !t.isSpreadElement(argument) ? this.evaluateAt(argument, depth) : undefined;
      });
      const applied = this.applyFunction(fn, args, shortText(node), depth);
      // Arguments a wrapper's callers will give may decide a guard: evaluate the function once they are bound.
      if (applied.kind === 'unknown' && args.some((arg) => arg !== undefined && hasParam(arg))) return { kind: 'apply', fn, args, text: shortText(node) };
      return applied;
    }
    return unknownValue(shortText(node), 'computed at run time');
  }

  /**
   * What a project function returns for these arguments: its body read as guarded returns
   * (`if (path.startsWith('/')) return path; return `/${path}`;`). Guards it cannot decide, loops and other
   * control flow give `unknown`: a value is never guessed.
   */
  private applyFunction(fn: ts.SignatureDeclaration, args: readonly (Value | undefined)[], text: string, depth: number): Value {
    const t = this.t;
    const bind = (value: Value) =>
      bindAtSeams(
        value,
        (param) => {
          if (param.owner !== fn) return param;
          const arg = args[param.index];
          if (arg === undefined) return param.fallback ?? unknownValue(param.text, 'not passed by the caller');
          return param.path.length === 0 ? arg : unknownValue(param.text, 'a property of an argument');
        },
        this,
      );
    const body = (fn as { body?: ts.Node }).body;
    if (body === undefined) return unknownValue(text, 'a function without a body');
    if (!t.isBlock(body)) return bind(this.evaluateAt(body as ts.Expression, depth));
    for (const statement of body.statements) {
      if (t.isReturnStatement(statement)) return statement.expression ? bind(this.evaluateAt(statement.expression, depth)) : unknownValue(text, 'returns nothing');
      if (t.isVariableStatement(statement) || t.isExpressionStatement(statement) || t.isEmptyStatement(statement)) continue;
      if (!t.isIfStatement(statement)) return unknownValue(text, 'computed by statements that are not read');
      const whenTrue = returnOf(t, statement.thenStatement);
      const whenFalse = statement.elseStatement ? returnOf(t, statement.elseStatement) : undefined;
      // A guard that throws or logs is not a return: it does not choose the value.
      if (whenTrue === undefined && whenFalse === undefined) continue;
      const condition = this.condition(statement.expression, bind, depth);
      if (condition === undefined) return unknownValue(text, 'depends on a condition');
      if (condition && whenTrue) return bind(this.evaluateAt(whenTrue, depth));
      if (!condition && whenFalse) return bind(this.evaluateAt(whenFalse, depth));
    }
    return unknownValue(text, 'returns nothing');
  }

  /** A guard's truth when the values it tests are known far enough; `undefined` otherwise. */
  private condition(expression: ts.Expression, bind: (value: Value) => Value, depth: number): boolean | undefined {
    const t = this.t;
    const node = unwrapExpression(t, expression);
    if (t.isPrefixUnaryExpression(node) && node.operator === t.SyntaxKind.ExclamationToken) {
      const inner = this.condition(node.operand, bind, depth);
      return inner === undefined ? undefined : !inner;
    }
    if (t.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === t.SyntaxKind.AmpersandAmpersandToken || operator === t.SyntaxKind.BarBarToken) {
        const left = this.condition(node.left, bind, depth);
        const right = this.condition(node.right, bind, depth);
        if (operator === t.SyntaxKind.AmpersandAmpersandToken) return left === false || right === false ? false : left && right;
        return left === true || right === true ? true : left === undefined || right === undefined ? undefined : false;
      }
      const equal = [t.SyntaxKind.EqualsEqualsEqualsToken, t.SyntaxKind.EqualsEqualsToken].includes(operator);
      const different = [t.SyntaxKind.ExclamationEqualsEqualsToken, t.SyntaxKind.ExclamationEqualsToken].includes(operator);
      if (equal || different) {
        const left = bind(this.evaluateAt(node.left, depth));
        const right = bind(this.evaluateAt(node.right, depth));
        if (left.kind !== 'string' || right.kind !== 'string') return undefined;
        return (left.value === right.value) === equal;
      }
      return undefined;
    }
    if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && node.arguments.length === 1) {
      const method = node.expression.name.text;
      const probe = bind(this.evaluateAt(node.arguments[0]!, depth));
      if (probe.kind !== 'string' || !['startsWith', 'endsWith', 'includes'].includes(method)) return undefined;
      const subject = bind(this.evaluateAt(node.expression.expression, depth));
      if (subject.kind === 'string') {
        return method === 'startsWith' ? subject.value.startsWith(probe.value) : method === 'endsWith' ? subject.value.endsWith(probe.value) : subject.value.includes(probe.value);
      }
      // A partly known value decides by its known ends: `/rates/{pair}` starts with `/`.
      const prefix = knownPrefix(subject);
      const suffix = knownSuffix(subject);
      if (method === 'startsWith' && prefix.length >= probe.value.length) return prefix.startsWith(probe.value);
      if (method === 'endsWith' && suffix.length >= probe.value.length) return suffix.endsWith(probe.value);
      return undefined;
    }
    return undefined;
  }

  /**
   * Evaluates the deferred calls of a value whose arguments are now free of parameters (after a wrapper's
   * caller bound them).
   */
  settle(value: Value): Value {
    switch (value.kind) {
      case 'concat':
        return concatValues(value.parts.map((part) => this.settle(part)));
      case 'apply': {
        const args = value.args.map((arg) => arg && this.settle(arg));
        if (args.some((arg) => arg !== undefined && hasParam(arg))) return { ...value, args };
        return this.applyFunction(value.fn as ts.SignatureDeclaration, args, value.text, 0);
      }
      default:
        return value;
    }
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
    // `const f = () => ...`, and `export default () => ...` imported elsewhere.
    const initializer = t.isVariableDeclaration(declaration) ? declaration.initializer : t.isExportAssignment(declaration) ? declaration.expression : undefined;
    if (initializer) {
      const fn = unwrapExpression(t, initializer);
      if (t.isArrowFunction(fn) || t.isFunctionExpression(fn)) return fn;
    }
    return undefined;
  }

  /** An environment variable read through a validated environment: the schema's default is its fallback. */
  private environmentVariable(name: string, schema: ts.ObjectLiteralExpression | undefined, text: string, depth: number): Value {
    const field = schema && findProperty(this.t, schema, name);
    const fallback = field?.found ? this.schemaDefault(field.initializer, depth) : undefined;
    return { kind: 'env', name, ...(fallback ? { fallback } : {}), text };
  }

  /** `z.string().url().default('x')` (zod, joi, yup) or `url({ default: 'x' })` (envalid): the default. */
  private schemaDefault(field: ts.Expression, depth: number): Value | undefined {
    const t = this.t;
    for (let node = unwrapExpression(t, field); t.isCallExpression(node); ) {
      const callee = unwrapExpression(t, node.expression);
      if (t.isPropertyAccessExpression(callee) && callee.name.text === 'default' && node.arguments[0]) return this.evaluateAt(node.arguments[0], depth);
      const options = node.arguments[0] && unwrapExpression(t, node.arguments[0]);
      if (options && t.isObjectLiteralExpression(options)) {
        const fallback = propertyInitializer(t, options, 'default');
        if (fallback) return this.evaluateAt(fallback, depth);
      }
      if (!t.isPropertyAccessExpression(callee)) return undefined;
      node = unwrapExpression(t, callee.expression);
    }
    return undefined;
  }

  /**
   * The fields of the schema validating the environment: `envSchema.parse(process.env)` with
   * `envSchema = z.object({...})`, or `cleanEnv(process.env, {...})`.
   */
  private validationSchema(call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
    const t = this.t;
    const other = call.arguments.find((argument) => !isEnvironmentObject(t, argument));
    const spec = other && this.definitionOf(other);
    if (spec && t.isObjectLiteralExpression(spec)) return spec;
    const callee = unwrapExpression(t, call.expression);
    if (!t.isPropertyAccessExpression(callee)) return undefined;
    const schema = this.definitionOf(callee.expression);
    if (!t.isCallExpression(schema)) return undefined;
    const fields = schema.arguments[0] && unwrapExpression(t, schema.arguments[0]);
    return fields && t.isObjectLiteralExpression(fields) ? fields : undefined;
  }

  /** Follows names to their constant initializer. */
  private definitionOf(expression: ts.Expression, depth = 0): ts.Expression {
    const t = this.t;
    const node = unwrapExpression(t, expression);
    if (depth > 8 || !t.isIdentifier(node)) return node;
    const origin = resolveIdentifier(this.context, node);
    if (origin?.kind === 'declaration' && t.isVariableDeclaration(origin.node) && origin.node.initializer) return this.definitionOf(origin.node.initializer, depth + 1);
    return node;
  }

  /** Resolves an expression to something whose members can be read. */
  container(expression: ts.Expression, depth = 0): Container | undefined {
    const t = this.t;
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapExpression(t, expression);
    if (t.isObjectLiteralExpression(node)) return { kind: 'object', node };
    if (t.isArrayLiteralExpression(node)) return { kind: 'array', node };
    if (t.isNewExpression(node)) {
      const classNode = classNamed(this.context, node.expression);
      return classNode ? { kind: 'instance', node: classNode, construction: node } : undefined;
    }
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
      if (t.isVariableDeclaration(origin.node) && isLoopVariable(t, origin.node)) return this.loopVariable(origin.node, shortText(node), depth + 1);
      return this.containerOfDeclaration(origin.node, depth + 1);
    }
    if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) {
      const name = accessedName(t, node);
      if (name === undefined) return undefined;
      const owner = unwrapExpression(t, node.expression);
      if (owner.kind === t.SyntaxKind.ThisKeyword) {
        const start = enclosingClass(t, node);
        return start ? this.memberContainer(start, name, shortText(node), depth) : undefined;
      }
      const owned = this.container(owner, depth + 1);
      if (owned === undefined) return undefined;
      switch (owned.kind) {
        case 'param':
          return { ...owned, path: [...owned.path, name] };
        case 'object': {
          const property = this.objectProperty(owned.node, name, depth + 1);
          if (typeof property === 'object' && 'fromParameter' in property) return property.fromParameter;
          return typeof property === 'string' || 'fromEnvironment' in property ? undefined : this.container(property, depth + 1);
        }
        case 'array': {
          const element = arrayElement(t, owned.node, name);
          return element ? this.container(element, depth + 1) : undefined;
        }
        case 'class': {
          const declaration = classMember(t, owned.node, name)?.declaration;
          return declaration && t.isPropertyDeclaration(declaration) && declaration.initializer
            ? this.container(declaration.initializer, depth + 1)
            : undefined;
        }
        case 'instance': {
          const source = this.instanceField(owned, name);
          return source ? this.container(source, depth + 1) : undefined;
        }
        case 'module': {
          const declaration = exportedDeclaration(this.context, owned.node, name);
          return declaration ? this.containerOfDeclaration(declaration, depth + 1) : undefined;
        }
        case 'env':
          // `envSchema.safeParse(process.env).data`: the validated environment is still the environment.
          return name === 'data' || name === 'env' ? owned : undefined;
        default:
          return undefined;
      }
    }
    if (t.isCallExpression(node)) {
      // `envSchema.parse(process.env)`, `cleanEnv(process.env, {...})` (zod, envalid, joi): the environment,
      // validated.
      if (node.arguments.some((argument) => isEnvironmentObject(t, argument))) {
        const schema = this.validationSchema(node);
        return schema ? { kind: 'env', schema } : { kind: 'env' };
      }
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
    const property = this.objectProperty(owner.node, key, depth + 1);
    if (typeof property === 'object' && 'fromParameter' in property) return property.fromParameter;
    return typeof property === 'string' || 'fromEnvironment' in property ? undefined : this.container(property, depth + 1);
  }

  /**
   * What a field of a constructed instance holds: its initializer, or the one value the class assigns it
   * (`this.AUTH_URL = process.env.AUTH_URL ?? ''` in the constructor). `undefined` when it is set more than once.
   */
  private instanceField(instance: Extract<Container, { kind: 'instance' }>, name: string): ts.Expression | undefined {
    const t = this.t;
    for (let classNode: ts.ClassLikeDeclaration | undefined = instance.node; classNode !== undefined; classNode = baseClass(this.context, classNode)) {
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
  private classOfType(type: ts.TypeNode | undefined): ts.ClassLikeDeclaration | undefined {
    return type !== undefined && this.t.isTypeReferenceNode(type) ? classNamed(this.context, type.typeName) : undefined;
  }

  /** A field's value with the constructor's parameters bound to what the construction passes. */
  private withConstruction(value: Value, instance: Extract<Container, { kind: 'instance' }>): Value {
    const constructor = instance.node.members.find((member) => this.t.isConstructorDeclaration(member));
    if (constructor === undefined || instance.construction === undefined) return value;
    return bindParameters(this.t, this, value, constructor, instance.construction);
  }

  private containerOfDeclaration(declaration: ts.Node, depth: number): Container | undefined {
    const t = this.t;
    if (t.isEnumDeclaration(declaration)) return { kind: 'enum', node: declaration };
    if (t.isClassLike(declaration)) return { kind: 'class', node: declaration };
    if (t.isSourceFile(declaration)) return { kind: 'module', node: declaration };
    if ((t.isVariableDeclaration(declaration) || t.isPropertyAssignment(declaration) || t.isPropertyDeclaration(declaration)) && declaration.initializer) {
      return this.container(declaration.initializer, depth + 1);
    }
    if (t.isExportAssignment(declaration)) return this.container(declaration.expression, depth + 1);
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

/**
 * Gives the last environment variable of a `??`/`||` chain its fallback. `undefined` when the chain already
 * ends in something that may be empty or unknown, so the result would depend on a run-time value.
 */
function withFallback(value: Extract<Value, { kind: 'env' }>, fallback: () => Value): Extract<Value, { kind: 'env' }> | undefined {
  if (value.fallback === undefined) return { ...value, fallback: fallback() };
  if (value.fallback.kind === 'env') {
    const inner = withFallback(value.fallback, fallback);
    return inner ? { ...value, fallback: inner } : undefined;
  }
  // A non-empty known fallback is never nullish nor falsy: whatever follows it is never used.
  return value.fallback.kind === 'string' && value.fallback.value !== '' ? value : undefined;
}

/** `for (const x of list)` and `for (const x in object)` declare `x` once per turn. */
function isLoopVariable(t: TS, declaration: ts.VariableDeclaration): boolean {
  const list = declaration.parent;
  return t.isVariableDeclarationList(list) && (t.isForOfStatement(list.parent) || t.isForInStatement(list.parent));
}

/** The element at a numeric index of an array literal, when no spread or hole before it moves it. */
function arrayElement(t: TS, array: ts.ArrayLiteralExpression, name: string): ts.Expression | undefined {
  if (!/^\d+$/.test(name)) return undefined;
  const index = Number(name);
  const before = array.elements.slice(0, index + 1);
  if (before.length <= index || before.some((element) => t.isSpreadElement(element) || t.isOmittedExpression(element))) return undefined;
  return array.elements[index];
}

/** The expression a branch returns: `return x;` or `{ return x; }`. */
function returnOf(t: TS, statement: ts.Statement): ts.Expression | undefined {
  if (t.isReturnStatement(statement)) return statement.expression;
  if (t.isBlock(statement) && statement.statements.length === 1) return returnOf(t, statement.statements[0]!);
  return undefined;
}

/** `x.replace(/\/+$/, '')` and `x.replace(/\/$/, '')`. */
function isTrailingSlashTrim(t: TS, call: ts.CallExpression): boolean {
  const [pattern, replacement] = call.arguments;
  return (
    pattern !== undefined &&
    t.isRegularExpressionLiteral(pattern) &&
    /^\/\\\/[+*]?\$\/[a-z]*$/.test(pattern.text) &&
    replacement !== undefined &&
    t.isStringLiteralLike(replacement) &&
    replacement.text === ''
  );
}

/**
 * Replaces parameters by what `bind` gives, evaluating deferred calls as they become known, and joining
 * the pieces of a URL the way its author meant: a base ending in `/` and a path starting with `/` meet with
 * one slash (`${baseUrl}${path}` with `http://a/` and `/b`).
 */
export function bindAtSeams(value: Value, bind: (param: Extract<Value, { kind: 'param' }>) => Value, evaluator: ValueEvaluator): Value {
  if (value.kind !== 'concat') return evaluator.settle(mapParams(value, bind));
  const parts: Value[] = [];
  let previousBound = false;
  for (const part of value.parts) {
    const bindable = part.kind === 'param' || part.kind === 'apply';
    let next = bindable ? evaluator.settle(mapParams(part, bind)) : part;
    const previous = parts.at(-1);
    if ((bindable || previousBound) && previous !== undefined && knownSuffix(previous).endsWith('/') && knownPrefix(next).startsWith('/')) {
      next = dropLeadingSlash(next);
    }
    parts.push(next);
    previousBound = bindable;
  }
  return evaluator.settle(concatValues(parts));
}

/**
 * Replaces the parameters of `owner` in a value by what `site` passes for them (the parameter's default
 * when nothing is passed): a wrapper's topic at its caller, a client factory's base URL at the call that
 * made the client.
 */
export function bindParameters(t: TS, evaluator: ValueEvaluator, value: Value, owner: ts.SignatureDeclaration, site: ts.CallExpression | ts.NewExpression): Value {
  if (!hasParam(value)) return value;
  return bindAtSeams(value, (param) => {
    if (param.owner !== owner) return param;
    const args = site.arguments ?? [];
    const spreadAt = args.findIndex((argument) => t.isSpreadElement(argument));
    if (spreadAt >= 0 && spreadAt <= param.index) return unknownValue(param.text, 'passed through a spread argument');
    const argument = args[param.index] ?? owner.parameters[param.index]?.initializer;
    const passed = argument && evaluator.evaluatePath(argument, param.path);
    // The caller passes nothing there: the library's own default, when it has one.
    const absent = passed === undefined || (passed.kind === 'unknown' && passed.reason.startsWith('no property'));
    if (absent) return param.fallback ?? passed ?? unknownValue(param.text, 'not passed by the caller');
    return passed;
  }, evaluator);
}
