import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type * as Common from '@ts-morph/common';

/*
 * The compiler the CLI analyses with: TypeScript as ts-morph bundles it (`@ts-morph/common`, 12 MB of
 * CommonJS), loaded the first time a part is analysed rather than when the CLI starts (a `--cache` run that
 * finds every part unchanged never loads it), and compiled by V8 from a code cache kept beside this package.
 *
 * Why the code cache: compiling `typescript.js` costs about 0.12 s of every run's start, and a code cache cuts
 * that to about 0.02 s (Node 22's `module.enableCompileCache` does the same; Node 20 has no such switch).
 * Where it lives is a question of trust, since V8 runs the code a cache holds: never in the analysed folder
 * (a pull request could write it) nor in a shared temporary folder (another user could), but in this
 * package's own folder, which only whoever installed the package can write, and who could change its code
 * anyway. Its name carries the package version, Node's version and architecture and the file's size, so
 * an updated package or Node never reads another's cache; V8 itself refuses data from another V8 or other
 * flags. Where the folder cannot be written (a read-only install) the files are compiled as `require` does.
 */

const requireHere = createRequire(import.meta.url);

/** `<package>/.code-cache`: dist/analyzer (or src/analyzer) is two folders below the package root. */
const CODE_CACHE_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.code-cache');

let common: typeof Common | undefined;

/** `@ts-morph/common`: its `ts` (the compiler) and its lib files. Loaded once per process. */
export function compilerModule(): typeof Common {
  if (common === undefined) {
    const commonFile = requireHere.resolve('@ts-morph/common');
    const version = (requireHere('@ts-morph/common/package.json') as { version: string }).version;
    // typescript.js first, into the module cache, so ts-morph-common's `require('./typescript')` finds it there.
    const typescriptFile = path.join(path.dirname(commonFile), 'typescript.js');
    requireWithCodeCache(typescriptFile, (size) => cacheFileOf(typescriptFile, version, size));
    common = requireWithCodeCache(commonFile, (size) => cacheFileOf(commonFile, version, size)).exports as typeof Common;
  }
  return common;
}

/** The compiler itself. */
export function compiler(): typeof Common.ts {
  return compilerModule().ts;
}

/** What became of a file's code cache: read and taken, none there yet, refused by V8 (then written again), or not needed (the file was loaded before). */
export type CodeCacheUse = 'used' | 'none' | 'refused' | 'loaded before';

/** The cache of `file` (`typescript.js`): the package version, Node and the file's size in its name. */
function cacheFileOf(file: string, version: string, size: number): string {
  return path.join(CODE_CACHE_FOLDER, `${path.basename(file, '.js')}-${version}-${process.version}-${process.arch}-${size}.bin`);
}

/**
 * `require(file)` for a CommonJS file of one of our dependencies, compiled with V8's code cache `cacheFile`
 * when it is there; when it was not (or V8 refused it), it is written as the process ends, holding every
 * function compiled by then (the parser and checker included, not only the file's top level).
 */
export function requireWithCodeCache(file: string, cacheFile: (size: number) => string): { readonly exports: unknown; readonly codeCache: CodeCacheUse } {
  const known = requireHere.cache[file];
  if (known !== undefined) return { exports: known.exports, codeCache: 'loaded before' };
  const source = fs.readFileSync(file, 'utf8');
  const cachePath = cacheFile(source.length);
  const cachedData = readIfThere(cachePath);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const loaded = new Module(file);
  loaded.filename = file;
  requireHere.cache[file] = loaded;
  try {
    const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    run.call(loaded.exports, loaded.exports, createRequire(file), loaded, file, path.dirname(file));
  } catch (error) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the module cache is keyed by file name, as Node's own loader leaves it on a throw
    delete requireHere.cache[file];
    throw error;
  }
  loaded.loaded = true;
  const codeCache: CodeCacheUse = cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'refused' : 'used';
  if (codeCache !== 'used') {
    process.once('exit', () => {
      writeAtomically(cachePath, `${path.basename(file, '.js')}-`, () => script.createCachedData());
    });
  }
  return { exports: loaded.exports, codeCache };
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written under a name of its own, then renamed: two runs at once never read half a file. The caches of
 * other versions of the same file go (they would never be read again). Failing is not an error.
 */
function writeAtomically(file: string, prefix: string, data: () => Buffer): void {
  const folder = path.dirname(file);
  const partial = `${file}.${process.pid}.partial`;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(partial, data());
    fs.renameSync(partial, file);
    for (const name of fs.readdirSync(folder)) {
      if (name.startsWith(prefix) && name.endsWith('.bin') && name !== path.basename(file)) fs.rmSync(path.join(folder, name), { force: true });
    }
  } catch {
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // Nothing was written where nothing can be.
    }
  }
}
