import type ts from 'typescript';
import { CASE_AND_TRIM_METHODS, type StringOperation } from '../model/string-operations.js';
import { concatValues, hasParam, LITERAL_REASON, oneOfValues, stringValue, transformValue, truthOf, unknownValue, type Value } from '../model/value.js';
import { accessedName, environmentVariableName, shortText, type TS, unwrapExpression } from './ast.js';
import { exportedExpression } from './commonjs.js';
import type { ListItem } from './detector.js';
import { exportedDeclaration, type Origin, type ResolutionContext, resolveIdentifier, wholeImportedModule } from './declarations.js';
import { condition } from './values/conditions.js';
import { bindingElement, container, readAnyMember, readPath } from './values/containers.js';
import { type Container, type Evaluation, MAX_DEPTH, parameterValue } from './values/evaluation.js';
import { applyFunction, functionOf, settle } from './values/functions.js';
import { evaluateEach, evaluateList, isLoopVariable, iterationOf, type ListElement, listElements, loopVariable, readElement } from './values/lists.js';
import { memberContainer, memberDeclaration, memberOf, thisMember } from './values/members.js';
import { joinUrl } from './values/urls.js';
import { changedInPlace, variableReadings } from './values/variables.js';

/**
 * Evaluates expressions to symbolic values: literals, templates, concatenation, `const`s, `as const`
 * objects, enums, class statics, imported constants (across files when a checker follows imports),
 * `process.env.X ?? 'fallback'`, parameters of the enclosing function. Everything else is `unknown` with
 * its source text: a value is never guessed.
 *
 * This file reads the forms of expressions; the parts it hands itself to read the rest (see
 * `values/evaluation.ts`): lists and loops (`values/lists.ts`), containers and paths in them
 * (`values/containers.ts`), class and enum members (`values/members.ts`), project functions and parameter
 * binding (`values/functions.ts`), URL joins (`values/urls.ts`), and environment validation schemas
 * (`../detectors/env-schemas.ts`).
 */
export class ValueEvaluator implements Evaluation {
  readonly t: TS;
  private readonly memo = new WeakMap<ts.Node, Value>();
  private readonly inProgress = new Set<ts.Node>();

  /** Libraries' meanings for calls (`configService.get('X')`), wired in by the engine after construction. */
  callValue: ((call: ts.CallExpression) => Value | undefined) | undefined;

  constructor(readonly context: ResolutionContext) {
    this.t = context.ts;
  }

  evaluate(expression: ts.Expression): Value {
    return this.evaluateAt(expression, 0);
  }

  /** The value at `path` inside an expression: `topic` of `{ topic: Topics.X, event }`. */
  evaluatePath(expression: ts.Expression, path: readonly string[]): Value {
    if (path.length === 0) return this.evaluate(expression);
    return readPath(this, container(this, expression), path, `${shortText(expression)}.${path.join('.')}`, 0);
  }

  /**
   * The values an expression takes: one for most expressions; one per element for a loop variable over an
   * array the evaluator can read (`for (const topic of TOPICS)`, `TOPICS.forEach((topic) => ...)`,
   * `Object.values(Topics).map((topic) => ...)`).
   */
  evaluateEach(expression: ts.Expression, throughMembers = false): Value[] {
    return evaluateEach(this, expression, throughMembers);
  }

  /**
   * The elements of a list: an array literal or a name for one, `Object.values/keys/entries(...)` of a
   * readable object or string enum, and `map`, `filter`, `flatMap`, `concat` of those. `undefined` when the
   * expression is not a list the evaluator can see.
   */
  evaluateList(expression: ts.Expression, depth = 0): Value[] | undefined {
    return evaluateList(this, expression, depth);
  }

  /** The same elements, read lazily: a path inside each is evaluated when asked for (`readElement`). */
  listElements(expression: ts.Expression): ListElement[] | undefined {
    return listElements(this, expression);
  }

  /** The same elements as detectors see them: the expression each is written as, and its values on demand. */
  listItems(expression: ts.Expression): ListItem[] | undefined {
    const text = shortText(expression);
    return listElements(this, expression)?.map((element) => ({
      node: element.kind === 'node' ? element.node : undefined,
      value: (path: readonly string[]) => readElement(this, element, path, path.length === 0 ? text : `${text}.${path.join('.')}`),
    }));
  }

  /**
   * The list whose elements a loop (`for (const x of LIST)`) or an iterating callback (`LIST.map((x) => ...)`)
   * binds its variable to, one per turn: `undefined` for any other function.
   */
  iterationOf(owner: ts.Node): ts.Expression | undefined {
    return iterationOf(this.t, owner);
  }

  /**
   * `this.<path>` as an instance of `classNode` sees it: for a subclass whose base reads a member the
   * subclass sets (`readonly topic = Topics.OrderCreated` for a base consumer's `this.topic`).
   */
  evaluateMember(classNode: ts.ClassLikeDeclaration, path: readonly string[]): Value {
    const [name, ...rest] = path;
    const text = `this.${path.join('.')}`;
    if (name === undefined) return unknownValue(text, 'an object, not a value');
    if (rest.length === 0) return memberOf(this, classNode, name, text, 0);
    return readPath(this, memberContainer(this, classNode, name, text, 0), rest, text, 0);
  }

  /** Resolves an expression to something whose members can be read. */
  container(expression: ts.Expression, depth = 0): Container | undefined {
    return container(this, expression, depth);
  }

  /**
   * Evaluates the deferred calls of a value whose arguments are now free of parameters (after a wrapper's
   * caller bound them).
   */
  settle(value: Value): Value {
    return settle(this, value);
  }

  /** The value of an expression `depth` steps into one evaluation: memoised, and `unknown` when too deep or circular. */
  evaluateAt(expression: ts.Expression, depth: number): Value {
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
    if (node.kind === t.SyntaxKind.TrueKeyword || node.kind === t.SyntaxKind.FalseKeyword || node.kind === t.SyntaxKind.NullKeyword) {
      return unknownValue(node.getText(), LITERAL_REASON);
    }
    if (t.isBinaryExpression(node)) return this.binary(node, depth);
    if (t.isConditionalExpression(node)) {
      // A test the code decides takes its branch; any other gives both as readings.
      const holds = condition(this, node.condition, undefined, depth);
      if (holds !== undefined) return this.evaluateAt(holds ? node.whenTrue : node.whenFalse, depth);
      return oneOfValues([this.evaluateAt(node.whenTrue, depth), this.evaluateAt(node.whenFalse, depth)], shortText(node));
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
      // `options.dlqTopic ?? `${options.topic}.dlq``: a caller that passes no `dlqTopic` gets the right side.
      if (left.kind === 'param' && left.fallback === undefined) return { ...left, fallback: this.evaluateAt(node.right, depth), text: shortText(node) };
      return fallbackReadings(left, () => this.evaluateAt(node.right, depth), operator === t.SyntaxKind.QuestionQuestionToken, shortText(node));
    }
    return unknownValue(shortText(node), 'computed at run time');
  }

  private identifier(node: ts.Identifier, depth: number): Value {
    if (node.text === 'undefined') return unknownValue('undefined', 'undefined');
    const origin = resolveIdentifier(this.context, node);
    return this.valueOf(origin, node, depth);
  }

  /** The value a name's origin gives it: a constant's initializer, a parameter, a destructured property, a member. */
  valueOf(origin: Origin | undefined, at: ts.Node, depth: number): Value {
    const t = this.t;
    const text = shortText(at);
    if (origin === undefined) return unknownValue(text, 'not declared in this file');
    if (origin.kind === 'import') return unknownValue(text, `imported from '${origin.binding.module}'`);
    if (origin.kind === 'module') return unknownValue(text, 'a module namespace');
    const declaration = origin.node;
    if (t.isVariableDeclaration(declaration)) return this.variable(declaration, at, text, depth);
    if (t.isParameter(declaration)) return parameterValue(declaration, [], text);
    if (t.isBindingElement(declaration)) return bindingElement(this, declaration, text, depth);
    if (t.isEnumMember(declaration) || t.isPropertyAssignment(declaration) || t.isPropertyDeclaration(declaration)) {
      return memberDeclaration(this, declaration, text, depth);
    }
    if (t.isShorthandPropertyAssignment(declaration)) return this.evaluateAt(declaration.name, depth);
    // `export default 'orders'` read through a default import; CommonJS `exports.TOPIC = 'orders'` through a `require`.
    const exported = exportedExpression(t, declaration);
    if (exported) return this.evaluateAt(exported, depth);
    return unknownValue(text, 'not a constant');
  }

  private variable(declaration: ts.VariableDeclaration, at: ts.Node, text: string, depth: number): Value {
    const t = this.t;
    const isConst = (declaration.parent.flags & t.NodeFlags.Const) !== 0;
    const name = t.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    const assignments = name === undefined ? [] : (this.context.indexOf(declaration.getSourceFile()).assignmentsByName.get(name) ?? []);
    // `x += '/v2'`, `x++`, `[x] = pair`: its readings are not spelled out.
    const changed = !isConst && changedInPlace(this, declaration);
    if (declaration.initializer && (isConst || (assignments.length === 0 && !changed))) return this.evaluateAt(declaration.initializer, depth);
    // `for (const target of TARGETS)`: one value per turn. Over a list that can be read it is a parameter
    // of the loop, which the list binds once per element (`evaluateEach`, and hosts placing interactions).
    if (isLoopVariable(t, declaration)) return loopVariable(this, declaration, [], text, depth) ?? unknownValue(text, 'a loop variable');
    if (changed) return unknownValue(text, 'a variable that is changed in place');
    // `let topic; ... topic = 'x'`: one assignment and no initializer is as good as a const.
    if (!declaration.initializer && assignments.length === 1) return this.evaluateAt(assignments[0]!, depth);
    // `let base = ''; if (req) base = 'https://...'`: the values that may reach this read.
    return variableReadings(this, declaration, at, text, depth);
  }

  lookUp(node: ts.ElementAccessExpression, key: Value, text: string): Value {
    const owned = container(this, unwrapExpression(this.t, node.expression), 0);
    return key.kind === 'string' ? readPath(this, owned, [key.value], text, 0) : readAnyMember(this, owned, key, text, 0);
  }

  private member(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): Value {
    const t = this.t;
    const text = shortText(node);
    let name = accessedName(t, node);
    const owner = unwrapExpression(t, node.expression);
    if (name === undefined && t.isElementAccessExpression(node)) {
      const key = this.evaluateAt(node.argumentExpression, depth);
      // A key its callers give (`EVENT_TO_TOPIC[eventType]` in a wrapper) is looked up at each call, once bound.
      if (hasParam(key)) return { kind: 'apply', fn: node, args: [key], text };
      if (key.kind !== 'string') return readAnyMember(this, container(this, owner, depth), key, text, depth);
      name = key.value;
    }
    if (name === undefined) return unknownValue(text, 'a computed property');
    if (owner.kind === t.SyntaxKind.ThisKeyword) return thisMember(this, node, name, text, depth);
    const owned = container(this, owner, depth);
    const value = readPath(this, owned, [name], text, depth);
    // `topics.PAYMENT_SETTLED` where the module adds `module.exports.PAYMENT_SETTLED = ...` to its object.
    if (value.kind === 'unknown') {
      const module = wholeImportedModule(this.context, owner);
      const declaration = module && exportedDeclaration(this.context, module, name);
      if (declaration) return this.valueOf({ kind: 'declaration', node: declaration }, node, depth);
    }
    // `new URL(x).href` and `url.toString()` read the URL itself.
    if (value.kind === 'unknown' && owned === undefined && (name === 'href' || name === 'url')) {
      const whole = this.evaluateAt(owner, depth);
      if (whole.kind !== 'unknown') return whole;
    }
    return value;
  }

  private call(node: ts.CallExpression, depth: number): Value {
    const t = this.t;
    const known = this.callValue?.(node);
    if (known !== undefined) return known;
    const callee = unwrapExpression(t, node.expression);
    // `String(x)`
    if (t.isIdentifier(callee) && callee.text === 'String' && node.arguments.length === 1) return this.evaluateAt(node.arguments[0]!, depth);
    // React's `useMemo(() => 'http://localhost:8080', [])`: the value its factory returns.
    const factory = memoFactory(t, callee, node.arguments);
    if (factory) return applyFunction(this, factory, [], shortText(node), depth);
    if (t.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === 'toString' && node.arguments.length === 0) return this.evaluateAt(callee.expression, depth);
      // `API_URL.concat('/orders')`: String's concat, on text (an array's concat is left alone).
      if (method === 'concat' && node.arguments.length > 0 && !node.arguments.some((arg) => t.isSpreadElement(arg))) {
        const text = this.evaluateAt(callee.expression, depth);
        if (isText(text)) return concatValues([text, ...node.arguments.map((arg) => this.evaluateAt(arg, depth))]);
      }
      // `name.toLowerCase()`, `base.replace(/\/+$/, '')`: applied to the text, now or once it is known.
      const operation = this.stringOperation(method, node.arguments, depth);
      if (operation) return transformValue(this.evaluateAt(callee.expression, depth), operation, shortText(node));
      // `['order', 'created'].join('.')`
      if (method === 'join') {
        const list = container(this, callee.expression, depth);
        if (list?.kind === 'array') {
          const separator = node.arguments[0] ? this.evaluateAt(node.arguments[0], depth) : stringValue(',');
          const parts: Value[] = [];
          list.node.elements.forEach((element, i) => {
            if (i > 0) parts.push(separator);
            parts.push(this.evaluateAt(element, depth));
          });
          return concatValues(parts);
        }
      }
    }
    // One of the project's functions: `const topic = () => 'x'`, `buildUrl(base, path)`.
    const fn = functionOf(this, callee);
    if (fn) {
      const args = fn.parameters.map((parameter, i) => {
        const argument = node.arguments[i] ?? parameter.initializer;
        return argument && !t.isSpreadElement(argument) ? this.evaluateAt(argument, depth) : undefined;
      });
      const applied = applyFunction(this, fn, args, shortText(node), depth);
      // Arguments a wrapper's callers will give may decide a guard: evaluate the function once they are bound.
      const undecided = applied.kind === 'unknown' || applied.kind === 'oneOf';
      if (undecided && args.some((arg) => arg !== undefined && hasParam(arg))) return { kind: 'apply', fn, args, text: shortText(node) };
      return applied;
    }
    return unknownValue(shortText(node), 'computed at run time');
  }

  /** A plain string method with arguments read from the code: `toLowerCase()`, `replace('a', 'b')`, `replace(/x$/, '')`. */
  private stringOperation(method: string, args: ts.NodeArray<ts.Expression>, depth: number): StringOperation | undefined {
    const t = this.t;
    if (CASE_AND_TRIM_METHODS.has(method)) return args.length === 0 ? ({ name: method } as StringOperation) : undefined;
    if ((method !== 'replace' && method !== 'replaceAll') || args.length !== 2) return undefined;
    const replacement = this.evaluateAt(args[1]!, depth);
    if (replacement.kind !== 'string') return undefined;
    const pattern = this.evaluateAt(args[0]!, depth);
    if (pattern.kind === 'string') return { name: method, pattern: pattern.value, replacement: replacement.value };
    const literal = unwrapExpression(t, args[0]!);
    if (pattern.kind === 'regexp' && t.isRegularExpressionLiteral(literal)) return { name: method, pattern: { source: pattern.source, flags: pattern.flags }, replacement: replacement.value };
    return undefined;
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

}

/**
 * `left ?? right` and `left || right` when the left side is not an environment variable or a parameter: the
 * left side when it is certainly set (known text, or text with a known non-empty part), the right side when
 * it is certainly not (`undefined`, `null`, and for `||` empty text or `false`), and otherwise both readings:
 * the left one as it is (unknown, or what it may be) and the fallback.
 */
function fallbackReadings(left: Value, right: () => Value, nullishOnly: boolean, text: string): Value {
  const readings = (left.kind === 'oneOf' ? left.options : [left]).flatMap((option) => {
    if (isNullish(option)) return [right()];
    const truth = truthOf(option);
    // For `??` any value that is certainly there stays, empty text and `false` included.
    if (nullishOnly ? option.kind === 'string' || truth !== undefined : truth === true) return [option];
    if (truth === false) return [right()];
    return [option, right()];
  });
  return oneOfValues(readings, text);
}

/** `undefined`, `null`, or a property certainly absent. */
function isNullish(value: Value): boolean {
  if (value.kind !== 'unknown') return false;
  if (value.reason.startsWith('no property')) return true;
  return (value.text === 'undefined' || value.text === 'null') && (value.reason === LITERAL_REASON || value.reason === 'undefined');
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

/**
 * The factory of a memoised value, `useMemo(() => value, [deps])` (React, Preact; also as `React.useMemo`):
 * what the factory returns is the value. Recognised by the name and by the shape of its arguments: a
 * factory taking nothing, and a list of dependencies.
 */
function memoFactory(t: TS, callee: ts.Expression, args: ts.NodeArray<ts.Expression>): ts.SignatureDeclaration | undefined {
  const name = t.isIdentifier(callee) ? callee.text : t.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name !== 'useMemo' || args.length !== 2 || !t.isArrayLiteralExpression(unwrapExpression(t, args[1]!))) return undefined;
  const fn = unwrapExpression(t, args[0]!);
  return (t.isArrowFunction(fn) || t.isFunctionExpression(fn)) && fn.parameters.length === 0 ? fn : undefined;
}

/** A value that is text, known or partly known (an array's `concat` would give none of these). */
function isText(value: Value): boolean {
  switch (value.kind) {
    case 'string':
    case 'concat':
    case 'env':
    case 'transform':
      return true;
    case 'oneOf':
      return value.options.every(isText);
    default:
      return false;
  }
}
