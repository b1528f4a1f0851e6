import { Command, CommanderError } from 'commander';
import { UsageError } from '../analyzer/errors.js';
import { BaselineError } from '../gate/baseline.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { printable } from '../reporters/printable.js';
import { addAnalyzeCommand } from './analyze-command.js';
import { addDiffCommand } from './diff-command.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { addRenderCommand } from './render-command.js';

export { EXIT } from './exit-codes.js';
export type { CliIo } from './io.js';

function buildProgram(io: CliIo, done: (exitCode: number) => void): Command {
  const program = new Command()
    .name('service-map')
    .description('Map HTTP calls and Kafka producers/consumers between services, flag event-driven anti-patterns, and gate CI on them.')
    .version(PACKAGE_VERSION, '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => undefined })
    .showSuggestionAfterError(true);
  addAnalyzeCommand(program, io, done);
  addDiffCommand(program, io, done);
  addRenderCommand(program, io, done);
  return program;
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. Never exits itself. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    // A call that names no command does nothing: in a script that is a mistake, so it says how to call and fails.
    io.stderr(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      if (error.exitCode === 0) return EXIT.clean;
      // One line: commander puts its "Did you mean ...?" on a second one.
      io.stderr(`service-map: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT.usage;
    }
    // Messages name files and folders of the analysed repository: one line, control characters escaped.
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
    if (process.env.SERVICE_MAP_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    else io.stderr('service-map: this is a bug of ours; rerun with SERVICE_MAP_DEBUG=1 for the stack trace, and report it\n');
    return EXIT.internal;
  }
}

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
