import { UsageError } from '../analyzer/errors.js';
import { BaselineError } from '../gate/baseline.js';
import { printable } from '../reporters/printable.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** What the machine refused, not what we got wrong: a path we may not read or write, a full disk. */
const ENVIRONMENT_CODES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'no such file or folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** An error of the file system that names its path: exit 2 with that path, not "a bug of ours". */
function environmentProblem(error: unknown): string | undefined {
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === undefined || path === undefined || !(code in ENVIRONMENT_CODES)) return undefined;
  return `cannot ${syscall ?? 'use'} ${path}: ${code} (${ENVIRONMENT_CODES[code]})`;
}

/**
 * Says why a command failed, in one line on stderr, and returns its exit code: 2 for a mistake in how it was
 * called or what it was given (a usage error, a bad baseline, a path the machine refuses), 3 for a bug of
 * ours, with how to get its stack trace. Messages name files of the analysed repository, so they go
 * through `printable`: a folder named `x\n::error::y` stays on one line.
 */
export function reportFailure(error: unknown, io: CliIo, debug: string | undefined = process.env.SERVICE_MAP_DEBUG): number {
  if (error instanceof UsageError || error instanceof BaselineError) {
    io.stderr(`service-map: ${printable(error.message)}\n`);
    return EXIT.usage;
  }
  const environment = environmentProblem(error);
  if (environment !== undefined) {
    io.stderr(`service-map: ${printable(environment)}\n`);
    return EXIT.usage;
  }
  io.stderr(`service-map: internal error: ${printable(error instanceof Error ? error.message : String(error))}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  else io.stderr('service-map: this is a bug of ours; rerun with SERVICE_MAP_DEBUG=1 for the stack trace, and report it\n');
  return EXIT.internal;
}
