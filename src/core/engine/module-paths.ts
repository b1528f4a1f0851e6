import path from 'node:path';
import type ts from 'typescript';
import { type TS, unwrapExpression } from './ast.js';

/*
 * Relative module names as paths: which files `./broker` may name from a file (the extensions and folder
 * index files Node and bundlers try), and module names built from `__dirname`
 * (`require(path.join(__dirname, '../shared/kafka'))`), which are as fixed as a literal.
 */

const SOURCE_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '/index.ts', '/index.tsx', '/index.js', '/index.mjs', '/index.cjs'];

/** The files a relative module name written in `fileName` may name, most likely first. */
export function candidateFiles(fileName: string, module: string): string[] {
  const joined = path.posix.join(path.posix.dirname(fileName), module);
  const base = joined.replace(/\.[cm]?js$/, '');
  return [joined, ...SOURCE_EXTENSIONS.map((extension) => `${base}${extension}`)];
}

/** Whether a relative module name written in `fileName` names the file `target`. */
export function namesFile(fileName: string, module: string, target: string): boolean {
  return candidateFiles(fileName, module).includes(target);
}

/**
 * The relative module name a `require` argument built from `__dirname` stands for: `path.join(__dirname,
 * '../x')`, `path.resolve(__dirname, 'x')`, `` `${__dirname}/x` ``, `__dirname + '/x'`. `undefined` for
 * anything else (a variable part, an absolute path).
 */
export function dirnameRelativeModule(t: TS, expression: ts.Expression): string | undefined {
  const node = unwrapExpression(t, expression);
  let parts: string[] | undefined;
  if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && ['join', 'resolve'].includes(node.expression.name.text)) {
    const [first, ...rest] = node.arguments;
    const literals = rest.filter((argument) => t.isStringLiteralLike(argument));
    if (first !== undefined && isDirname(t, first) && literals.length === rest.length) parts = literals.map((argument) => argument.text);
  } else if (t.isTemplateExpression(node) && node.head.text === '' && node.templateSpans.length === 1 && isDirname(t, node.templateSpans[0]!.expression)) {
    parts = [node.templateSpans[0]!.literal.text];
  } else if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.PlusToken && isDirname(t, node.left) && t.isStringLiteralLike(node.right)) {
    parts = [node.right.text];
  }
  // `path.resolve(__dirname, '/x')` starts again at the root: not a module of the project we can place.
  if (parts === undefined || parts.some((part, i) => part.startsWith('/') && (i > 0 || t.isCallExpression(node)))) return undefined;
  const joined = path.posix.join('.', ...parts.map((part) => part.replace(/^\//, '')));
  return joined.startsWith('..') ? joined : `./${joined}`;
}

function isDirname(t: TS, expression: ts.Expression): boolean {
  const node = unwrapExpression(t, expression);
  return t.isIdentifier(node) && node.text === '__dirname';
}
