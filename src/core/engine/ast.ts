import type ts from 'typescript';

/** The TypeScript module in use: passed in by each host so the engine never mixes two compilers. */
export type TS = typeof ts;

/** Strips syntax that does not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrapExpression(t: TS, expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (
      t.isParenthesizedExpression(current) ||
      t.isAsExpression(current) ||
      t.isSatisfiesExpression(current) ||
      t.isNonNullExpression(current) ||
      t.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** Also strips `await`, for expressions whose awaited value is what matters (a client being created). */
export function unwrapAwait(t: TS, expression: ts.Expression): ts.Expression {
  let current = unwrapExpression(t, expression);
  while (t.isAwaitExpression(current)) current = unwrapExpression(t, current.expression);
  return current;
}

/** The static text of a property name (`a`, `'a'`, `1`, `['a']`), or `undefined` when computed. */
export function propertyNameText(t: TS, name: ts.PropertyName | ts.MemberName | ts.BindingName): string | undefined {
  if (t.isIdentifier(name) || t.isPrivateIdentifier(name)) return name.text;
  if (t.isStringLiteralLike(name) || t.isNumericLiteral(name)) return name.text;
  if (t.isComputedPropertyName(name)) {
    const inner = unwrapExpression(t, name.expression);
    if (t.isStringLiteralLike(inner) || t.isNumericLiteral(inner)) return inner.text;
  }
  return undefined;
}

/** The property an access reads: `b` for `a.b`, `a['b']`, `a?.b`; `undefined` when computed. */
export function accessedName(t: TS, expression: ts.Expression): string | undefined {
  if (t.isPropertyAccessExpression(expression)) return expression.name.text;
  if (t.isElementAccessExpression(expression)) {
    const argument = unwrapExpression(t, expression.argumentExpression);
    if (t.isStringLiteralLike(argument) || t.isNumericLiteral(argument)) return argument.text;
  }
  return undefined;
}

/** The name a call is made by: `send` for `producer.send()`, `fetch` for `fetch()`. */
export function calleeName(t: TS, call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrapExpression(t, call.expression);
  if (t.isIdentifier(callee)) return callee.text;
  // `super(...)` calls the base class constructor: indexed under `super`.
  if (callee.kind === t.SyntaxKind.SuperKeyword) return 'super';
  return accessedName(t, callee);
}

/** The object a method is called on: `producer` for `producer.send()`. */
export function calleeReceiver(t: TS, call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrapExpression(t, call.expression);
  if (t.isPropertyAccessExpression(callee) || t.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

export type ObjectProperty =
  | { readonly found: true; readonly initializer: ts.Expression; readonly node: ts.ObjectLiteralElementLike }
  | { readonly found: false; /** A spread or computed key might still supply it. */ readonly maybe: boolean };

/**
 * An object literal's properties by name, built once per literal: every lookup used to scan the properties
 * one by one, and big literals (route tables, topic maps) are asked about many names.
 */
export interface PropertyIndex {
  /** Positions in `properties` of those named so, ascending. */
  readonly byName: ReadonlyMap<string, readonly number[]>;
  /** Positions of spreads and computed keys, ascending: they may set any name. */
  readonly open: readonly number[];
}

const propertyIndexes = new WeakMap<ts.ObjectLiteralExpression, PropertyIndex>();

export function propertyIndexOf(t: TS, object: ts.ObjectLiteralExpression): PropertyIndex {
  let index = propertyIndexes.get(object);
  if (index === undefined) {
    const byName = new Map<string, number[]>();
    const open: number[] = [];
    object.properties.forEach((property, position) => {
      const key = t.isSpreadAssignment(property) ? undefined : propertyNameText(t, property.name);
      if (key === undefined) open.push(position);
      else {
        const positions = byName.get(key);
        if (positions === undefined) byName.set(key, [position]);
        else positions.push(position);
      }
    });
    index = { byName, open };
    propertyIndexes.set(object, index);
  }
  return index;
}

/**
 * Finds a property of an object literal. `maybe` tells a caller that a spread (`...base`) or a computed key
 * could hold the property, so its absence is not certain.
 */
export function findProperty(t: TS, object: ts.ObjectLiteralExpression, name: string): ObjectProperty {
  const index = propertyIndexOf(t, object);
  const positions = index.byName.get(name) ?? [];
  let maybe = index.open.length > 0;
  // The last definition wins at run time, so search from the end; a method or accessor of that name
  // makes the value unknowable, and an earlier assignment may still be the one.
  for (let i = positions.length - 1; i >= 0; i--) {
    const property = object.properties[positions[i]!]!;
    const initializer = propertyValueExpression(t, property);
    if (initializer !== undefined) return { found: true, initializer, node: property };
    maybe = true;
  }
  return { found: false, maybe };
}

/** The expression a property of an object literal gives its value by (`a: x` gives `x`, `{ a }` gives `a`); none for methods, accessors and spreads. */
export function propertyValueExpression(t: TS, property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (t.isPropertyAssignment(property)) return property.initializer;
  if (t.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** The expression of a property when it is certainly there, else `undefined`. */
export function propertyInitializer(t: TS, object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = findProperty(t, object, name);
  return property.found ? property.initializer : undefined;
}

/** A node's parent; typed as optional because a SourceFile has none, whatever the declarations say. */
export function parentOf(node: ts.Node): ts.Node | undefined {
  const parent: ts.Node | undefined = node.parent;
  return parent;
}

/** The nearest enclosing function-like node (function, arrow, method, constructor, accessor). */
export function enclosingFunction(t: TS, node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (t.isFunctionLike(current)) return current;
  }
  return undefined;
}

export function enclosingClass(t: TS, node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (t.isClassLike(current)) return current;
  }
  return undefined;
}

/** Expressions a function returns: the body of a concise arrow, or each `return` of its own body. */
export function returnedExpressions(t: TS, fn: ts.SignatureDeclaration): ts.Expression[] {
  const body = (fn as { body?: ts.Node }).body;
  if (body === undefined) return [];
  if (!t.isBlock(body)) return [body as ts.Expression];
  const found: ts.Expression[] = [];
  walk(t, body, (node) => {
    if (t.isReturnStatement(node)) {
      if (node.expression) found.push(node.expression);
      return false;
    }
    // Returns of nested functions belong to them.
    if (t.isFunctionLike(node)) return false;
    return true;
  });
  return found;
}

/** Short source text for messages: one line, at most 80 characters. */
export function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: the variable name, else `undefined`. */
export function environmentVariableName(t: TS, expression: ts.Expression): string | undefined {
  const node = unwrapExpression(t, expression);
  if (!t.isPropertyAccessExpression(node) && !t.isElementAccessExpression(node)) return undefined;
  const name = accessedName(t, node);
  if (name === undefined) return undefined;
  const owner = unwrapExpression(t, node.expression);
  if (!t.isPropertyAccessExpression(owner) || owner.name.text !== 'env') return undefined;
  const root = unwrapExpression(t, owner.expression);
  if (t.isIdentifier(root) && root.text === 'process') return name;
  if (t.isMetaProperty(root) && root.name.text === 'meta') return name;
  // `globalThis.process.env.X`
  if (t.isPropertyAccessExpression(root) && root.name.text === 'process') return name;
  return undefined;
}

/** `process.env` itself (the object destructured in `const { PORT = 3000 } = process.env`). */
export function isEnvironmentObject(t: TS, expression: ts.Expression): boolean {
  const node = unwrapExpression(t, expression);
  if (!t.isPropertyAccessExpression(node) || node.name.text !== 'env') return false;
  const root = unwrapExpression(t, node.expression);
  return (t.isIdentifier(root) && root.text === 'process') || t.isMetaProperty(root);
}

/**
 * Visits `root` and its descendants in source order, parents first; `visit` returns false to skip a node's
 * children. Iterative, with its own stack: a 5,000-term `'a' + 'b' + ...` is a tree 5,000 levels deep, and
 * one call-stack frame per level (or four, through `forEachChild`) would exhaust the stack.
 */
export function walk(t: TS, root: ts.Node, visit: (node: ts.Node) => boolean): void {
  const pending: ts.Node[] = [root];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): void => {
    children.push(child);
  };
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (!visit(node)) continue;
    children.length = 0;
    t.forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
}
