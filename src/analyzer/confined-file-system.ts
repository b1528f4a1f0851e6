import fs from 'node:fs';
import path from 'node:path';
import type { ts } from '@ts-morph/common';
import { compilerModule } from './compiler.js';
import type { ProjectFiles } from './files.js';

/**
 * The file system the compiler sees: the analysed folder through `ProjectFiles`, read-only. Module
 * resolution, `package.json` lookups and the source files the type checker pulls in all come through here,
 * so an import of `../../../outside/secret` finds nothing, a file we may not read is "not found" (a note
 * says why when it is ours), and a UTF-16 source is decoded as `tsc` decodes it. TypeScript's lib files are
 * served from memory (ts-morph's copy of them, in a folder that does not exist on disk) and never reach the
 * disk. A file read before (files-that-matter.ts reads every file before the program is built) is served
 * from `texts`; a file in `refused` is not there.
 */
export type ConfinedHost = Required<Pick<ts.CompilerHost, 'fileExists' | 'readFile' | 'directoryExists' | 'realpath' | 'getDirectories' | 'getCurrentDirectory'>>;

export function confinedHost(files: ProjectFiles, refused: ReadonlySet<string>, texts: ReadonlyMap<string, string>): ConfinedHost {
  const isRefused = (file: string) => refused.has(path.resolve(file));
  return {
    fileExists: (file) => libTexts().has(file) || (!isRefused(file) && files.isFile(file)),
    readFile: (file) => readText(files, isRefused, texts, file),
    directoryExists: (folder) => folder === LIB_FOLDER || files.isDirectory(folder),
    // A link is resolved only when it stays inside; TypeScript then treats the file as itself.
    realpath: (file) => {
      if (libTexts().has(file)) return file;
      const located = files.locate(file);
      return located.ok ? located.realPath : file;
    },
    getCurrentDirectory: () => process.cwd(),
    getDirectories: (folder) => (files.isDirectory(folder) ? fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (files.isDirectory(path.join(folder, entry.name)) ? [path.join(folder, entry.name)] : [])) : []),
  };
}

/** The text of a file the compiler asks for: a lib file, one read before, or one read now (`undefined`: not there). */
function readText(files: ProjectFiles, isRefused: (file: string) => boolean, texts: ReadonlyMap<string, string>, file: string): string | undefined {
  const lib = libTexts().get(file);
  if (lib !== undefined) return lib;
  if (isRefused(file)) return undefined;
  const known = texts.get(path.resolve(file));
  if (known !== undefined) return known;
  const outcome = files.read(file);
  return outcome.ok ? outcome.text : undefined;
}

/**
 * Where the compiler looks for its lib files: ts-morph's `libFolderInMemoryPath`, written out so that
 * naming it does not load the compiler (a test holds them equal).
 */
export const LIB_FOLDER = '/node_modules/typescript/lib';
let libTextsByPath: ReadonlyMap<string, string> | undefined;

/** The lib files' texts by path, made once, when the compiler first asks for one. */
function libTexts(): ReadonlyMap<string, string> {
  libTextsByPath ??= new Map(compilerModule().getLibFiles().map((file) => [`${LIB_FOLDER}/${file.fileName}`, file.text]));
  return libTextsByPath;
}

/** True for one of the compiler's own lib files. */
export function isLibFile(file: string): boolean {
  return libTexts().has(file);
}
