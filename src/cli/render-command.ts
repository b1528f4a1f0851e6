import type { Command } from 'commander';
import { UsageError } from '../analyzer/errors.js';
import { SCHEMA_VERSION } from '../core/model/result.js';
import { printable } from '../reporters/printable.js';
import { type CliIo, useColor } from './io.js';
import { EXIT } from './exit-codes.js';
import { checkWritable, writeAtomically } from './output-file.js';
import { addReportOptions, imageRendererFor, type ReportFlags, renderReport } from './report-flags.js';
import { readSavedResult } from './saved-result.js';

/** One analysis, several outputs: a CI job saves the JSON once and renders the other formats from it. */
async function runRender(file: string, flags: ReportFlags, io: CliIo): Promise<number> {
  if (flags.out !== undefined) checkWritable(flags.out, '--out');
  const imageRenderer = await imageRendererFor(flags);
  const { result, schemaVersion } = readSavedResult(file);
  if (schemaVersion !== SCHEMA_VERSION) throw new UsageError(`${printable(file)}: schemaVersion ${schemaVersion}, this service-map reads ${SCHEMA_VERSION}`);
  const report = renderReport(result, flags, flags.out === undefined && useColor(io.stdoutIsTTY, io.env));
  for (const notice of report.notices ?? []) io.stderr(`service-map: ${notice}\n`);
  if (flags.out === undefined) io.stdout(report.output);
  else writeAtomically(flags.out, imageRenderer === undefined ? report.output : await imageRenderer(report.output), '--out');
  return EXIT.clean;
}

export function addRenderCommand(program: Command, io: CliIo, done: (exitCode: number) => void): void {
  const command = program
    .command('render')
    .description('render a saved result (analyze --format json) in another format, without analysing again')
    .argument('<result>', 'the saved result');
  addReportOptions(command)
    .option('-o, --out <file>', 'write the output to this file instead of stdout')
    .action(async (file: string, flags: ReportFlags) => {
      done(await runRender(file, flags, io));
    });
}
