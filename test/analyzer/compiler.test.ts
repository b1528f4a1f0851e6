/**
 * The compiler's loader (src/analyzer/compiler.ts): a CommonJS file compiled with V8's code cache, which is
 * written when missing or refused, never trusted blindly (V8 refuses data that is not its own), and never a
 * reason to fail. Each case runs in a fresh Node process over the built `dist/` (a module loads once per
 * process, and the cache is written as the process ends).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { libFolderInMemoryPath } from '@ts-morph/common';
import { describe, expect, it } from 'vitest';
import { LIB_FOLDER } from '../../src/analyzer/confined-file-system.js';
import { REPO_ROOT } from '../helpers/paths.js';

const LOADER = pathToFileURL(path.join(REPO_ROOT, 'dist/analyzer/compiler.js')).href;

function workFolder(): { file: string; cacheFile: string; folder: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-code-cache-'));
  const file = path.join(folder, 'lib', 'answer.js');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'exports.answer = 42;\nexports.twice = function twice(n) { return n * 2; };\nexports.twice(1);\n');
  return { file, cacheFile: path.join(folder, 'cache', 'answer-1.bin'), folder };
}

/** Loads `file` with the code cache `cacheFile` in a new process: what it exported and what became of the cache. */
function load(file: string, cacheFile: string): { answer: number; twice: number; codeCache: string } {
  const script = `import { requireWithCodeCache } from ${JSON.stringify(LOADER)};
const { exports, codeCache } = requireWithCodeCache(${JSON.stringify(file)}, () => ${JSON.stringify(cacheFile)});
console.log(JSON.stringify({ answer: exports.answer, twice: exports.twice(21), codeCache }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as { answer: number; twice: number; codeCache: string };
}

describe('the compiler loader', () => {
  it('writes the code cache when there is none, and compiles from it the next time', () => {
    const { file, cacheFile } = workFolder();
    expect(load(file, cacheFile)).toEqual({ answer: 42, twice: 42, codeCache: 'none' });
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(0);
    const written = fs.readFileSync(cacheFile);
    expect(load(file, cacheFile)).toEqual({ answer: 42, twice: 42, codeCache: 'used' });
    // Taken as it is: not written again.
    expect(fs.readFileSync(cacheFile).equals(written)).toBe(true);
  });

  it('compiles the file itself when V8 refuses the cache (not its own data), and writes a good one', () => {
    const { file, cacheFile } = workFolder();
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, Buffer.alloc(4096, 0x5a));
    expect(load(file, cacheFile)).toEqual({ answer: 42, twice: 42, codeCache: 'refused' });
    expect(load(file, cacheFile)).toEqual({ answer: 42, twice: 42, codeCache: 'used' });
  });

  it('runs without a cache where its folder cannot be made, and leaves nothing behind', () => {
    const { file, folder } = workFolder();
    const blocker = path.join(folder, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const cacheFile = path.join(blocker, 'answer-1.bin');
    expect(load(file, cacheFile)).toEqual({ answer: 42, twice: 42, codeCache: 'none' });
    expect(load(file, cacheFile)).toEqual({ answer: 42, twice: 42, codeCache: 'none' });
    expect(fs.readFileSync(blocker, 'utf8')).toBe('');
  });

  it("removes the caches of the file's other versions when it writes one", () => {
    const { file, cacheFile } = workFolder();
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const stale = path.join(path.dirname(cacheFile), 'answer-0.bin');
    const other = path.join(path.dirname(cacheFile), 'other-0.bin');
    fs.writeFileSync(stale, 'old');
    fs.writeFileSync(other, 'not ours to remove');
    load(file, cacheFile);
    expect(fs.readdirSync(path.dirname(cacheFile)).sort()).toEqual(['answer-1.bin', 'other-0.bin']);
  });

  it("names ts-morph's lib folder without loading the compiler", () => {
    expect(LIB_FOLDER).toBe(libFolderInMemoryPath);
  });
});
