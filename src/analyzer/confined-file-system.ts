import fs from 'node:fs';
import path from 'node:path';
import type { FileSystemHost, RuntimeDirEntry } from 'ts-morph';
import type { ProjectFiles } from './files.js';

/**
 * The file system ts-morph's compiler sees: the analysed folder through `ProjectFiles`, read-only. Module
 * resolution, `package.json` lookups and the source files the type checker pulls in all come through here,
 * so an import of `../../../outside/secret` finds nothing, a file we may not read is "not found" (a note
 * says why when it is ours), and a UTF-16 source is decoded as `tsc` decodes it. A file read before is served
 * from `texts`. TypeScript's lib files are
 * served by ts-morph from memory and never reach this host.
 */
export function confinedFileSystem(files: ProjectFiles, refused: ReadonlySet<string>, texts: ReadonlyMap<string, string> = new Map()): FileSystemHost {
  const notFound = (file: string): Error => Object.assign(new Error(`ENOENT: not readable here: ${file}`), { code: 'ENOENT' });
  const readOnly = (): never => {
    throw new Error('the analysis never writes into the analysed folder');
  };
  const readFileSync = (file: string): string => {
    // A file that already failed (too deep to parse, unreadable) stays out of the program for good.
    if (refused.has(path.resolve(file))) throw notFound(file);
    // Read already (files-that-matter.ts reads every file before the program is built).
    const text = texts.get(path.resolve(file));
    if (text !== undefined) return text;
    const outcome = files.read(file);
    if (!outcome.ok) throw notFound(file);
    return outcome.text;
  };
  const caseSensitive = process.platform !== 'win32' && process.platform !== 'darwin';
  return {
    isCaseSensitive: () => caseSensitive,
    readFileSync,
    readFile: (file) => Promise.resolve().then(() => readFileSync(file)),
    fileExistsSync: (file) => !refused.has(path.resolve(file)) && files.isFile(file),
    fileExists: (file) => Promise.resolve(!refused.has(path.resolve(file)) && files.isFile(file)),
    directoryExistsSync: (folder) => files.isDirectory(folder),
    directoryExists: (folder) => Promise.resolve(files.isDirectory(folder)),
    readDirSync: (folder): RuntimeDirEntry[] => {
      if (!files.isDirectory(folder)) throw notFound(folder);
      return fs.readdirSync(folder, { withFileTypes: true }).map((entry) => {
        const name = path.join(folder, entry.name);
        return { name, isFile: files.isFile(name), isDirectory: files.isDirectory(name), isSymlink: entry.isSymbolicLink() };
      });
    },
    // A link is resolved only when it stays inside; TypeScript then treats the file as itself.
    realpathSync: (file) => {
      const located = files.locate(file);
      return located.ok ? located.realPath : file;
    },
    getCurrentDirectory: () => process.cwd(),
    glob: () => Promise.resolve([]),
    globSync: () => [],
    delete: readOnly,
    deleteSync: readOnly,
    writeFile: readOnly,
    writeFileSync: readOnly,
    mkdir: readOnly,
    mkdirSync: readOnly,
    move: readOnly,
    moveSync: readOnly,
    copy: readOnly,
    copySync: readOnly,
  };
}
