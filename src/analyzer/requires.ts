import type ts from 'typescript';
import { shortText, unwrapExpression } from '../core/engine/ast.js';
import { requiredModule } from '../core/engine/file-index.js';
import { candidateFiles } from '../core/engine/module-paths.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import type { Diagnostic } from '../core/model/result.js';
import { analyzerTs } from './project.js';

/*
 * `require` calls the analysis cannot follow into another file: a relative path that names no file (on disk
 * or in the container that runs it), or a module named at run time. The file is analysed all the same; the
 * note says what was not followed, so an empty map never hides why.
 */

/** Extensions of files a `require` loads as code or data the analysis reads; others (`.css`, `.node`) are not followed anyway. */
const FOLLOWED = /(^|\/)[^/.]+$|\.(c|m)?(j|t)sx?$|\.json$/;

/**
 * Notes on the `require` calls of a file that are not followed. `isProjectFile` tells a file of the program,
 * for names built from `__dirname`, which the checker does not resolve.
 */
export function unfollowedRequires(sourceFile: ts.SourceFile, relativePath: string, checker: ts.TypeChecker, isProjectFile: (fileName: string) => boolean): Diagnostic[] {
  const t = analyzerTs();
  const notes: Diagnostic[] = [];
  for (const call of fileIndexOf(t, sourceFile).callsByName.get('require') ?? []) {
    const callee = unwrapExpression(t, call.expression);
    if (!t.isIdentifier(callee) || call.arguments.length !== 1) continue;
    const line = sourceFile.getLineAndCharacterOfPosition(call.getStart(sourceFile)).line + 1;
    const required = requiredModule(t, call);
    if (required === undefined) {
      notes.push({ file: relativePath, line, message: `${shortText(call)}: the module is computed at run time, not followed` });
      continue;
    }
    const { module, specifier } = required;
    if (!(module.startsWith('./') || module.startsWith('../')) || !FOLLOWED.test(module)) continue;
    const found = specifier ? resolves(checker, specifier) : candidateFiles(sourceFile.fileName, module).some(isProjectFile);
    if (!found) notes.push({ file: relativePath, line, message: `${shortText(call)} names no file: not followed` });
  }
  return notes;
}

function resolves(checker: ts.TypeChecker, specifier: ts.StringLiteralLike): boolean {
  try {
    return checker.getSymbolAtLocation(specifier) !== undefined;
  } catch {
    return true;
  }
}
