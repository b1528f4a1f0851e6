import path from 'node:path';
import ts from 'typescript';
import type { FileFacts } from '../../src/core/model/facts.js';
import { scanSourceFile } from '../../src/core/engine/scan-source-file.js';

/** A folder inside this repository, so that `kafkajs` and friends resolve from its node_modules. */
export const VIRTUAL_ROOT = path.resolve(import.meta.dirname, '../../test/.virtual');

/** Scans one file from syntax alone, the way ESLint sees it without type information. */
export function scanUntyped(code: string, fileName = 'file.ts'): FileFacts {
  const sourceFile = ts.createSourceFile(path.join(VIRTUAL_ROOT, fileName), code, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  return scanSourceFile({ ts, sourceFile, onDetectorError: rethrow });
}

/**
 * Scans `entry` with a type checker over in-memory `files` (relative names), with the real node_modules
 * of this repository for library types: the way ESLint with `projectService` and the CLI see it.
 */
export function scanTyped(files: Record<string, string>, entry = Object.keys(files)[0]!): FileFacts {
  const { program } = createVirtualProgram(files);
  const sourceFile = program.getSourceFile(path.join(VIRTUAL_ROOT, entry));
  if (!sourceFile) throw new Error(`no source file ${entry}`);
  return scanSourceFile({ ts, sourceFile, checker: program.getTypeChecker(), onDetectorError: rethrow });
}

/**
 * One in-memory program for many typed cases: building a program costs a second or two, so a test file
 * builds one over all its fixtures (each in its own folder) and scans entries from it. `errors` lists a
 * file's type errors, to show a fixture is code that compiles (with Node's types, as services have them).
 */
export function typedScanner(files: Record<string, string>): { scan: (entry: string) => FileFacts; errors: (entry: string) => string[]; program: ts.Program } {
  const { program } = createVirtualProgram(files, { types: ['node'] });
  const checker = program.getTypeChecker();
  const sourceFileOf = (entry: string) => {
    const sourceFile = program.getSourceFile(path.join(VIRTUAL_ROOT, entry));
    if (!sourceFile) throw new Error(`no source file ${entry}`);
    return sourceFile;
  };
  return {
    program,
    scan: (entry) => scanSourceFile({ ts, sourceFile: sourceFileOf(entry), checker, onDetectorError: rethrow }),
    errors: (entry) =>
      [...program.getSyntacticDiagnostics(sourceFileOf(entry)), ...program.getSemanticDiagnostics(sourceFileOf(entry))].map((diagnostic) =>
        ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
      ),
  };
}

export function createVirtualProgram(files: Record<string, string>, options: ts.CompilerOptions = {}): { program: ts.Program } {
  const absolute = new Map(Object.entries(files).map(([name, text]) => [path.join(VIRTUAL_ROOT, name), text]));
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    strict: true,
    skipLibCheck: true,
    allowJs: true,
    noEmit: true,
    types: [],
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => absolute.get(name) ?? readFile(name);
  host.fileExists = (name) => absolute.has(name) || fileExists(name);
  // Module resolution skips folders that do not exist: the virtual files' folders exist only here.
  const directoryExists = host.directoryExists?.bind(host);
  const virtualDirectories = new Set([...absolute.keys()].flatMap((name) => ancestorsOf(name)));
  host.directoryExists = (name) => virtualDirectories.has(path.resolve(name)) || (directoryExists?.(name) ?? ts.sys.directoryExists(name));
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = absolute.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true, scriptKindOf(name));
    return getSourceFile(name, languageVersion, onError, shouldCreate);
  };
  const program = ts.createProgram({ rootNames: [...absolute.keys()], options: compilerOptions, host });
  return { program };
}

function ancestorsOf(fileName: string): string[] {
  const found: string[] = [];
  for (let dir = path.dirname(fileName); dir !== path.dirname(dir); dir = path.dirname(dir)) found.push(dir);
  return found;
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith('.json')) return ts.ScriptKind.JSON;
  if (/\.[cm]?jsx?$/.test(fileName)) return fileName.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function rethrow(error: unknown): never {
  throw error;
}

/** A readable summary of facts for assertions: kind, library, line, values. */
export function summarize(facts: FileFacts): string[] {
  const sourceFile = (facts.http[0] ?? facts.produces[0] ?? facts.consumes[0])?.node.getSourceFile();
  const line = (node: ts.Node) => (sourceFile ? sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1 : 0);
  const show = showValue;
  return [
    ...facts.http.map((fact) => `http ${fact.library} L${line(fact.node)} ${show(fact.method)} ${show(fact.url)}`),
    ...facts.produces.map(
      (fact) =>
        `produce ${fact.library} L${line(fact.node)} ${show(fact.topic)} key=${fact.messagesUnknown ? 'unknown' : fact.messages.map((m) => m.key).join(',')}${fact.expectsReply ? ' reply' : ''}${fact.transport ? ` ${fact.transport}` : ''}`,
    ),
    ...facts.consumes.map((fact) => `consume ${fact.library} L${line(fact.node)} ${show(fact.topic)} ${fact.role}${fact.transport ? ` ${fact.transport}` : ''}`),
  ];
}

/** A value as `summarize` writes it: `"x"`, `env(X??"d")`, `param(0.topic)`, `?(text)`, parts joined by `+`. */
export function showValue(value: import('../../src/core/model/value.js').Value): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'concat':
      return value.parts.map(showValue).join('+');
    case 'env':
      return `env(${value.name}${value.fallback ? `??${showValue(value.fallback)}` : ''})`;
    case 'param':
      return `param(${value.index}${value.path.map((p) => `.${p}`).join('')}${value.fallback ? `??${showValue(value.fallback)}` : ''})`;
    case 'regexp':
      return value.text;
    case 'unknown':
      return `?(${value.text})`;
    case 'apply':
      return `apply(${value.text})`;
    case 'oneOf':
      return `oneOf(${value.options.map(showValue).join(' | ')})`;
    case 'transform':
      return `${value.operation.name}(${showValue(value.subject)})`;
  }
}
