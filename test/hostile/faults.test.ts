/**
 * Issue 7, faults and exit codes: what the machine refuses is exit 2 with the path, one line; exit 3 is
 * kept for bugs of ours and says how to get the stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/main.js';
import { reportFailure } from '../../src/cli/report-failure.js';
import { run } from '../helpers/run-cli.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** What `reportFailure` writes for `error`, and the code it returns. */
function reported(error: unknown, debug?: string): { exitCode: number; stderr: string } {
  let stderr = '';
  const exitCode = reportFailure(error, { stdout: () => undefined, stderr: (text) => (stderr += text) }, debug);
  return { exitCode, stderr };
}

describe('faults and exit codes', () => {
  it('a full disk under --out is exit 2 naming the file (here /dev/full), never a bug of ours', async () => {
    const root = tempRepo({ 'a.ts': 'export {};\n' });
    const result = await run(['analyze', root, '--out', '/dev/full']);
    expect(result.exitCode).toBe(EXIT.usage);
    expect(result.stderr).toBe('service-map: cannot write --out /dev/full: ENOSPC\n');
    // A device is written as it is: renaming a temporary file over /dev/full would have replaced the device.
    expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('--out through a link replaces the file it points to, and the link stays', async () => {
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
  ])('a file-system error %s with a path is exit 2 naming the path', (code, syscall, words) => {
    const error = Object.assign(new Error(`${code}: ${syscall} '/work/x\n::error::y'`), { code, syscall, path: '/work/x\n::error::y' });
    expect(reported(error)).toEqual({ exitCode: EXIT.usage, stderr: `service-map: cannot ${syscall} /work/x\\n::error::y: ${code} (${words})\n` });
  });

  it('anything else is exit 3, one line, with the way to the stack trace', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(reported(bug)).toEqual({
      exitCode: EXIT.internal,
      stderr:
        "service-map: internal error: Cannot read properties of undefined (reading 'x')\n" +
        'service-map: this is a bug of ours; rerun with SERVICE_MAP_DEBUG=1 for the stack trace, and report it\n',
    });
    expect(reported(bug, '1').stderr).toContain('    at ');
  });
});
