import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../analyzer/errors.js';
import { SCHEMA_VERSION } from '../core/model/result.js';
import { CHANGE_KINDS, type ChangeKind, changedKinds, diffResults } from '../diff/diff-results.js';
import { DIFF_FORMATS, type DiffFormat, renderDiff } from '../diff/render-diff.js';
import type { CliIo } from './io.js';
import { EXIT } from './exit-codes.js';
import { checkWritable, writeAtomically } from './output-file.js';
import { readSavedResult } from './saved-result.js';

interface DiffFlags {
  format: DiffFormat;
  out?: string;
  failOnChange: ChangeKind[];
}

/** `--fail-on-change edges --fail-on-change topics` and `--fail-on-change edges,topics` alike. */
function changeKinds(value: string, previous: ChangeKind[]): ChangeKind[] {
  const kinds = value.split(',').map((kind) => kind.trim());
  for (const kind of kinds) {
    if (!(CHANGE_KINDS as readonly string[]).includes(kind)) throw new InvalidArgumentError(`'${kind}' is not one of ${CHANGE_KINDS.join(', ')}.`);
  }
  return [...new Set([...previous, ...(kinds as ChangeKind[])])];
}

function runDiff(baseFile: string, headFile: string, flags: DiffFlags, io: CliIo): number {
  if (flags.out !== undefined) checkWritable(flags.out, '--out');
  const base = readSavedResult(baseFile);
  const head = readSavedResult(headFile);
  if (base.schemaVersion !== head.schemaVersion) {
    throw new UsageError(`cannot compare ${baseFile} (schemaVersion ${base.schemaVersion}) with ${headFile} (schemaVersion ${head.schemaVersion}): analyse both with the same service-map`);
  }
  if (head.schemaVersion !== SCHEMA_VERSION) throw new UsageError(`${headFile}: schemaVersion ${head.schemaVersion}, this service-map reads ${SCHEMA_VERSION}`);
  const diff = diffResults(base.result, head.result);
  const output = renderDiff(diff, flags.format);
  if (flags.out === undefined) io.stdout(output);
  else writeAtomically(flags.out, output, '--out');
  const changed = changedKinds(diff, flags.failOnChange);
  if (changed.length > 0) io.stderr(`service-map: failed (--fail-on-change): ${changed.join(', ')} changed\n`);
  return changed.length > 0 ? EXIT.findings : EXIT.clean;
}

export function addDiffCommand(program: Command, io: CliIo, done: (exitCode: number) => void): void {
  program
    .command('diff')
    .description('compare two saved results (analyze --format json): services, topics, edges and findings added and removed')
    .argument('<base>', 'the result before (the base branch)')
    .argument('<head>', 'the result after (the pull request)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('text'))
    .option('-o, --out <file>', 'write the diff to this file instead of stdout')
    .addOption(
      new Option('--fail-on-change <kinds>', `exit 1 when these change: ${CHANGE_KINDS.join(', ')} (repeat it or give a comma list; findings: when one is added)`)
        .argParser(changeKinds)
        .default([]),
    )
    .action((baseFile: string, headFile: string, flags: DiffFlags) => {
      done(runDiff(baseFile, headFile, flags, io));
    });
}
