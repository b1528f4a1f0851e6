import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../package-info.js';
import { addAnalyzeCommand } from './analyze-command.js';
import { addDiffCommand } from './diff-command.js';
import { addMergeCommand } from './merge-command.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { addRenderCommand } from './render-command.js';
import { reportFailure } from './report-failure.js';

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
  addMergeCommand(program, io, done);
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
    return reportFailure(error, io);
  }
}
