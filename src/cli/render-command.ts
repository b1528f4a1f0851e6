import { type Command, Option } from 'commander';
import { UsageError } from '../analyzer/errors.js';
import { SCHEMA_VERSION } from '../core/model/result.js';
import { REPORTERS } from '../reporters/index.js';
import { type CliIo, useColor } from './io.js';
import { EXIT } from './exit-codes.js';
import { checkWritable, writeAtomically } from './output-file.js';
import { readSavedResult } from './saved-result.js';

interface RenderFlags {
  format: string;
  out?: string;
}

/** One analysis, several outputs: a CI job saves the JSON once and renders the other formats from it. */
function runRender(file: string, flags: RenderFlags, io: CliIo): number {
  if (flags.out !== undefined) checkWritable(flags.out, '--out');
  const { result, schemaVersion } = readSavedResult(file);
  if (schemaVersion !== SCHEMA_VERSION) throw new UsageError(`${file}: schemaVersion ${schemaVersion}, this service-map reads ${SCHEMA_VERSION}`);
  const reporter = REPORTERS[flags.format]!;
  const { output } = reporter(result, { color: flags.out === undefined && useColor(io.stdoutIsTTY, io.env) });
  if (flags.out === undefined) io.stdout(output);
  else writeAtomically(flags.out, output, '--out');
  return EXIT.clean;
}

export function addRenderCommand(program: Command, io: CliIo, done: (exitCode: number) => void): void {
  program
    .command('render')
    .description('render a saved result (analyze --format json) in another format, without analysing again')
    .argument('<result>', 'the saved result')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(REPORTERS)).default('mermaid'))
    .option('-o, --out <file>', 'write the output to this file instead of stdout')
    .action((file: string, flags: RenderFlags) => {
      done(runRender(file, flags, io));
    });
}
