import type ts from 'typescript';
import { propertyNameText, type TS, unwrapExpression } from './ast.js';

/*
 * CommonJS as the code writes it: what a module gives `require` (`module.exports = X`, `exports.x = X`,
 * `module.exports.x = X`, `Object.assign(module.exports, {...})`), read from syntax alone. The checker
 * understands most of this in JavaScript files (allowJs) and is asked first (declarations.ts); this reading
 * covers what it does not follow (`Object.assign`), and hosts without a checker.
 */

/** `module.exports`. */
export function isModuleExports(t: TS, expression: ts.Expression): boolean {
  const node = unwrapExpression(t, expression);
  return t.isPropertyAccessExpression(node) && node.name.text === 'exports' && t.isIdentifier(node.expression) && node.expression.text === 'module';
}

/** `module.exports` or the `exports` shorthand: the object a CommonJS module gives. */
function isExportsObject(t: TS, expression: ts.Expression): boolean {
  const node = unwrapExpression(t, expression);
  return isModuleExports(t, node) || (t.isIdentifier(node) && node.text === 'exports');
}

/** `exports.x` or `module.exports.x`: the name of the export, else `undefined`. */
export function exportsMemberName(t: TS, expression: ts.Expression): string | undefined {
  const node = unwrapExpression(t, expression);
  if (!t.isPropertyAccessExpression(node) && !t.isElementAccessExpression(node)) return undefined;
  if (!isExportsObject(t, node.expression)) return undefined;
  if (t.isPropertyAccessExpression(node)) return node.name.text;
  const argument = unwrapExpression(t, node.argumentExpression);
  return t.isStringLiteralLike(argument) ? argument.text : undefined;
}

/** `module.exports = X`, `exports.x = X`, `module.exports.x = X`. */
export function isCommonJsExportAssignment(t: TS, node: ts.Node): node is ts.BinaryExpression {
  return (
    t.isBinaryExpression(node) &&
    node.operatorToken.kind === t.SyntaxKind.EqualsToken &&
    (isModuleExports(t, node.left) || exportsMemberName(t, node.left) !== undefined)
  );
}

/**
 * The assignment a CommonJS export declaration stands for. The checker declares `exports.x = X` by its
 * left side (`exports.x`) and `module.exports = X` by the assignment: both give the assignment.
 */
export function commonJsExportAssignment(t: TS, declaration: ts.Node): ts.BinaryExpression | undefined {
  if (isCommonJsExportAssignment(t, declaration)) return declaration;
  const parent = declaration.parent as ts.Node | undefined;
  if (parent !== undefined && isCommonJsExportAssignment(t, parent) && parent.left === declaration) return parent;
  return undefined;
}

/**
 * The expression a declaration gives the name it declares when it is an export of a whole value:
 * `export default X` / `export = X`, and CommonJS `module.exports = X` or `exports.x = X`.
 */
export function exportedExpression(t: TS, declaration: ts.Node): ts.Expression | undefined {
  if (t.isExportAssignment(declaration)) return declaration.expression;
  return commonJsExportAssignment(t, declaration)?.right;
}

/**
 * The expression a declaration binds its name to: a variable's or property's initializer, or an export's
 * value. `undefined` for declarations with no expression of their own (functions, classes, parameters).
 */
export function declaredExpression(t: TS, declaration: ts.Node): ts.Expression | undefined {
  if (t.isVariableDeclaration(declaration) || t.isPropertyAssignment(declaration)) return declaration.initializer;
  return exportedExpression(t, declaration);
}

/** What a module's code gives `require`, as its top-level statements write it. */
export interface CommonJsExports {
  /** The last `module.exports = X`. */
  readonly whole?: ts.Expression;
  /** `exports.x = X` and `module.exports.x = X`, the last of each name. */
  readonly named: ReadonlyMap<string, ts.BinaryExpression>;
  /** Objects merged into the exports: `Object.assign(module.exports, { a, b })`. */
  readonly merged: readonly ts.ObjectLiteralExpression[];
}

const exportsCache = new WeakMap<ts.SourceFile, CommonJsExports>();

/** The CommonJS exports of a file, from its top-level statements (memoised per source file). */
export function commonJsExports(t: TS, sourceFile: ts.SourceFile): CommonJsExports {
  const cached = exportsCache.get(sourceFile);
  if (cached) return cached;
  let whole: ts.Expression | undefined;
  const named = new Map<string, ts.BinaryExpression>();
  const merged: ts.ObjectLiteralExpression[] = [];
  // `require('./config.json')` gives the document itself.
  const json = sourceFile.fileName.toLowerCase().endsWith('.json') ? sourceFile.statements[0] : undefined;
  if (json !== undefined && t.isExpressionStatement(json)) whole = json.expression;
  for (const statement of json === undefined ? sourceFile.statements : []) {
    if (!t.isExpressionStatement(statement)) continue;
    const expression = unwrapExpression(t, statement.expression);
    if (isCommonJsExportAssignment(t, expression)) {
      const name = exportsMemberName(t, expression.left);
      if (name !== undefined) named.set(name, expression);
      // A new `module.exports` object drops what was hung on the old one.
      else {
        whole = expression.right;
        named.clear();
        merged.length = 0;
      }
    } else if (t.isCallExpression(expression) && isObjectAssign(t, expression) && expression.arguments[0] && isExportsObject(t, expression.arguments[0])) {
      for (const source of expression.arguments.slice(1)) {
        const object = unwrapExpression(t, source);
        if (t.isObjectLiteralExpression(object)) merged.push(object);
      }
    }
  }
  const found: CommonJsExports = { ...(whole ? { whole } : {}), named, merged };
  exportsCache.set(sourceFile, found);
  return found;
}

function isObjectAssign(t: TS, call: ts.CallExpression): boolean {
  const callee = unwrapExpression(t, call.expression);
  return t.isPropertyAccessExpression(callee) && callee.name.text === 'assign' && t.isIdentifier(callee.expression) && callee.expression.text === 'Object';
}

/**
 * The declaration of a named CommonJS export, by syntax: an `exports.x =` assignment, or the property of an
 * object merged into the exports or assigned as them. `undefined` when the file does not say (a property of
 * a value built at run time, or a whole export of another module: the caller follows `whole`).
 */
export function commonJsExportNamed(t: TS, exports: CommonJsExports, name: string): ts.Node | undefined {
  const assigned = exports.named.get(name);
  if (assigned) return assigned;
  for (const object of [...exports.merged].reverse()) {
    const property = ownProperty(t, object, name);
    if (property) return property;
  }
  const whole = exports.whole && unwrapExpression(t, exports.whole);
  return whole && t.isObjectLiteralExpression(whole) ? ownProperty(t, whole, name) : undefined;
}

/** A property an object literal declares itself (no spread), the last of its name. */
function ownProperty(t: TS, object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (t.isSpreadAssignment(property)) return undefined;
    if (propertyNameText(t, property.name) === name) return property;
  }
  return undefined;
}
