import path from 'node:path';
import ts from 'typescript';
import type { FileFacts } from '../model/facts.js';
import { showValue } from '../../../test/helpers/scan.js';

/**
 * A readable label for an owner, child or parent node: its name (or what it is when it has none) and
 * where it is, so assertions show which declaration a route is owned by without comparing nodes.
 */
export function nodeLabel(node: ts.Node): string {
  const sourceFile = node.getSourceFile();
  const line = sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const named = (node as { name?: ts.Node }).name;
  let what: string;
  if (named && ts.isIdentifier(named)) what = named.text;
  else if (ts.isExportAssignment(node)) what = 'export default';
  else if (ts.isBinaryExpression(node)) what = node.left.getText();
  else if (ts.isFunctionLike(node)) what = 'function';
  else what = node.getText().replace(/\s+/g, ' ').slice(0, 30);
  return `${what}@${path.basename(sourceFile.fileName)}:${line}`;
}

/** Routes and mounts of a file as lines: `route express L4 "GET" "/:id" owner=router@orders.ts:2`. */
export function summarizeServer(facts: FileFacts): string[] {
  const line = (node: ts.Node) => node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
  return [
    ...facts.routes.map(
      (route) => `route ${route.framework} L${line(route.node)} ${showValue(route.method)} ${showValue(route.path)}${route.owner ? ` owner=${nodeLabel(route.owner)}` : ''}`,
    ),
    ...facts.mounts.map(
      (mount) =>
        `mount ${mount.framework} L${line(mount.node)} ${showValue(mount.prefix)}${mount.child ? ` child=${nodeLabel(mount.child)}` : ''}${mount.parent ? ` parent=${nodeLabel(mount.parent)}` : ''}`,
    ),
  ];
}

/**
 * Type errors of a fixture other than those the missing types of a framework this repository does not
 * install cause: the module not found, and handler parameters that its types would have typed.
 */
export function errorsBesidesMissingTypes(errors: readonly string[]): string[] {
  return errors.filter((message) => !message.startsWith('Cannot find module') && !/^Parameter '\w+' implicitly has an 'any' type\.$/.test(message));
}
