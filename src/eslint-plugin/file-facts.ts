import type { TSESLint } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { FileFacts } from '../core/model/facts.js';
import { scanSourceFile } from '../core/engine/scan-source-file.js';

export interface LintedFile {
  readonly sourceFile: ts.SourceFile;
  readonly facts: FileFacts;
}

// One scan per linted file, shared by every rule: keyed by ESLint's SourceCode object, which lives exactly
// as long as one lint of one file. Nothing crosses files, so caching and parallel lint stay correct.
const scans = new WeakMap<object, LintedFile>();

interface ParserServicesLike {
  readonly program?: ts.Program | null;
  readonly esTreeNodeToTSNodeMap?: { get(node: unknown): ts.Node | undefined };
}

/**
 * The TypeScript view of the file being linted: typescript-eslint's own AST (and its program when type
 * information is on), or, under another parser (plain JavaScript with espree), a parse of the same text.
 */
export function lintedFileOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LintedFile {
  const sourceCode = context.sourceCode;
  const cached = scans.get(sourceCode);
  if (cached) return cached;
  const services = sourceCode.parserServices as ParserServicesLike | undefined;
  const mapped = services?.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
  const program = services?.program ?? undefined;
  let sourceFile: ts.SourceFile;
  let checker: ts.TypeChecker | undefined;
  if (mapped && ts.isSourceFile(mapped)) {
    sourceFile = mapped;
    checker = program?.getTypeChecker();
  } else {
    sourceFile = ts.createSourceFile(context.filename, sourceCode.text, ts.ScriptTarget.Latest, true, scriptKindOf(context.filename));
  }
  const linted = { sourceFile, facts: scanSourceFile({ ts, sourceFile, checker }) };
  scans.set(sourceCode, linted);
  return linted;
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.(?:c|m)?tsx?$/.test(fileName)) return fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return fileName.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}
