import type ts from 'typescript';
import { calleeName, enclosingClass, propertyNameText, unwrapExpression } from '../engine/ast.js';
import type { DetectorScan } from '../engine/detector.js';

/**
 * The function an expression given as a message handler stands for: an inline arrow or function, a function
 * declared elsewhere (`eachMessage: handleMessage`), a method of the class (`this.onMessage`, also through
 * `.bind(this)`), or an arrow that calls one (`(payload) => this.onMessage(payload)` is itself the function).
 */
export function handlerFunction(scan: DetectorScan, expression: ts.Expression, depth = 0): ts.SignatureDeclaration | undefined {
  const t = scan.ts;
  let node = unwrapExpression(t, expression);
  // `this.onMessage.bind(this)`
  if (t.isCallExpression(node) && calleeName(t, node) === 'bind' && t.isPropertyAccessExpression(node.expression)) node = unwrapExpression(t, node.expression.expression);
  if (t.isArrowFunction(node) || t.isFunctionExpression(node)) return node;
  if (depth > 3) return undefined;
  if (t.isPropertyAccessExpression(node) && node.expression.kind === t.SyntaxKind.ThisKeyword) {
    const classNode = enclosingClass(t, node);
    const method = classNode?.members.find((member) => member.name !== undefined && propertyNameText(t, member.name) === node.name.text);
    if (method === undefined) return undefined;
    if (t.isMethodDeclaration(method)) return method;
    if (t.isPropertyDeclaration(method) && method.initializer) return handlerFunction(scan, method.initializer, depth + 1);
    return undefined;
  }
  const definition = scan.definition(node);
  if (definition !== node) return handlerFunction(scan, definition, depth + 1);
  const declaration = scan.declarationOf(node);
  if (declaration !== undefined && (t.isFunctionDeclaration(declaration) || t.isMethodDeclaration(declaration))) return declaration;
  return undefined;
}

/**
 * The handlers of an options object (`consumer.run({ eachMessage, eachBatch })`): each named property's
 * function, written as a property, a shorthand or a method.
 */
export function handlersIn(scan: DetectorScan, options: ts.Expression, names: readonly string[]): ts.SignatureDeclaration[] {
  const t = scan.ts;
  const object = scan.definition(options);
  if (!t.isObjectLiteralExpression(object)) return [];
  const found: ts.SignatureDeclaration[] = [];
  for (const property of object.properties) {
    const name = property.name === undefined ? undefined : propertyNameText(t, property.name);
    if (name === undefined || !names.includes(name)) continue;
    if (t.isMethodDeclaration(property)) found.push(property);
    else if (t.isPropertyAssignment(property)) {
      const fn = handlerFunction(scan, property.initializer);
      if (fn) found.push(fn);
    } else if (t.isShorthandPropertyAssignment(property)) {
      const fn = handlerFunction(scan, property.name);
      if (fn) found.push(fn);
    }
  }
  return found;
}
