/**
 * Issue 7, faults and exit codes: what the machine refuses is exit 2 with the path, one line; exit 3 is
 * kept for bugs of ours and says how to get the stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/main.js';
import { run } from '../helpers/run-cli.js';
import { tempRepo } from '../helpers/temp-repo.js';

const failure = vi.hoisted((): { error: Error | undefined } => ({ error: undefined }));

// The analysis fails the way a test asks; without a failure set it runs as usual.
vi.mock('../../src/analyzer/analyze.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/analyzer/analyze.js')>();
  return {
    ...original,
    analyzeProject: (...args: Parameters<typeof original.analyzeProject>) => {
      if (failure.error !== undefined) return Promise.reject(failure.error);
      return original.analyzeProject(...args);
    },
  };
});

function failWith(error: Error | undefined): void {
  failure.error = error;
}

describe('faults and exit codes', () => {
  it('a full disk under --out is exit 2 naming the file (here /dev/full), never a bug of ours', async () => {
    failWith(undefined);
    const root = tempRepo({ 'a.ts': 'export {};\n' });
    const result = await run(['analyze', root, '--out', '/dev/full']);
    expect(result.exitCode).toBe(EXIT.usage);
    expect(result.stderr).toBe('service-map: cannot write --out /dev/full: ENOSPC\n');
    // A device is written as it is: renaming a temporary file over /dev/full would have replaced the device.
    expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('--out through a link replaces the file it points to, and the link stays', async () => {
    failWith(undefined);
    const root = tempRepo({ 'a.ts': 'export {};\n', 'maps/map.mmd': 'old\n' });
    fs.symlinkSync(path.join(root, 'maps/map.mmd'), path.join(root, 'link.mmd'));
    expect((await run(['analyze', root, '--out', path.join(root, 'link.mmd'), '-q'])).exitCode).toBe(EXIT.clean);
    expect(fs.lstatSync(path.join(root, 'link.mmd')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(root, 'maps/map.mmd'), 'utf8')).toMatch(/^%% service-map/);
  });

  it.each([
    ['EACCES', 'open', 'permission denied'],
    ['EISDIR', 'read', 'is a folder'],
    ['ENOSPC', 'write', 'no space left on the device'],
    ['EMFILE', 'open', 'too many open files'],
  ])('a file-system error %s with a path is exit 2 naming the path', async (code, syscall, words) => {
    const error = Object.assign(new Error(`${code}: ${syscall} '/work/x\n::error::y'`), { code, syscall, path: '/work/x\n::error::y' });
    failWith(error);
    const result = await run(['analyze', tempRepo({})]);
    expect(result.exitCode).toBe(EXIT.usage);
    expect(result.stderr).toBe(`service-map: cannot ${syscall} /work/x\\n::error::y: ${code} (${words})\n`);
  });

  it('anything else is exit 3, one line, with the way to the stack trace', async () => {
    failWith(new TypeError("Cannot read properties of undefined (reading 'x')"));
    const saved = process.env.SERVICE_MAP_DEBUG;
    delete process.env.SERVICE_MAP_DEBUG;
    try {
      const result = await run(['analyze', tempRepo({})]);
      expect(result.exitCode).toBe(EXIT.internal);
      expect(result.stderr).toBe(
        "service-map: internal error: Cannot read properties of undefined (reading 'x')\n" +
          'service-map: this is a bug of ours; rerun with SERVICE_MAP_DEBUG=1 for the stack trace, and report it\n',
      );
    } finally {
      if (saved !== undefined) process.env.SERVICE_MAP_DEBUG = saved;
    }
  });
});
