import type ts from 'typescript';
import type { EnvFilePath } from '../model/facts.js';
import { concatValues, stringValue } from '../model/value.js';
import { calleeReceiver, type TS, unwrapExpression } from '../engine/ast.js';
import type { DetectorScan } from '../engine/detector.js';
import { importedCallee } from './http-client-calls.js';

const PATH_MODULES = ['path', 'node:path'];

/**
 * The files an env-file option names, in the order they are read: a string, a list (`['.env.local',
 * '.env']`), both branches of a conditional (`NODE_ENV ? [...] : ['.env.development']`: the branch the
 * host can read is the one used), `path.resolve(__dirname, '../.env')` relative to this file and
 * `path.join(process.cwd(), '.env')` relative to the working directory.
 */
export function envFilePaths(scan: DetectorScan, expression: ts.Expression, depth = 0): EnvFilePath[] {
  const t = scan.ts;
  if (depth > 4) return [];
  const node = scan.definition(expression);
  if (t.isConditionalExpression(node)) return [...envFilePaths(scan, node.whenTrue, depth + 1), ...envFilePaths(scan, node.whenFalse, depth + 1)];
  if (t.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => (t.isSpreadElement(element) ? [] : envFilePaths(scan, element, depth + 1)));
  if (t.isCallExpression(node) && isPathJoin(scan, node)) {
    const [first, ...rest] = node.arguments;
    const relativeTo = first === undefined ? undefined : baseOf(t, first);
    const parts = (relativeTo === undefined ? node.arguments : rest).map((argument) => scan.evaluate(argument));
    const joined = concatValues(parts.flatMap((part, i) => (i === 0 ? [part] : [stringValue('/'), part])));
    return [{ path: joined, relativeTo: relativeTo ?? 'working-directory' }];
  }
  return [{ path: scan.evaluate(node), relativeTo: 'working-directory' }];
}

/** `path.resolve(...)` / `path.join(...)` of Node's `path` module, however it is imported. */
function isPathJoin(scan: DetectorScan, call: ts.CallExpression): boolean {
  const entity = importedCallee(scan, call.expression);
  if (entity) return PATH_MODULES.includes(entity.module) && (entity.name === 'resolve' || entity.name === 'join');
  // `path` as a global of CommonJS code that never imports it is not Node's: only imports count.
  return false;
}

/** `__dirname` (this file's folder) or `process.cwd()` (the working directory) as the first segment. */
function baseOf(t: TS, expression: ts.Expression): EnvFilePath['relativeTo'] | undefined {
  const node = unwrapExpression(t, expression);
  if (t.isIdentifier(node) && node.text === '__dirname') return 'file';
  if (t.isCallExpression(node) && node.arguments.length === 0) {
    const receiver = calleeReceiver(t, node);
    const callee = unwrapExpression(t, node.expression);
    if (receiver && t.isIdentifier(receiver) && receiver.text === 'process' && t.isPropertyAccessExpression(callee) && callee.name.text === 'cwd') {
      return 'working-directory';
    }
  }
  return undefined;
}
