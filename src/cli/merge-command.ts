import fs from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { UsageError } from '../analyzer/errors.js';
import { mergeParts, mergeProblem, PART_FORMAT, type PartialResult } from '../analyzer/part.js';
import { FAIL_ON } from '../gate/gate.js';
import { suppressByDirectives } from '../gate/suppress.js';
import { printable } from '../reporters/printable.js';
import { type DeliverFlags, deliverResult } from './analyze-command.js';
import type { CliIo } from './io.js';
import { checkWritable } from './output-file.js';
import { addReportOptions, imageRendererFor } from './report-flags.js';

/**
 * What is checked of a part before merging: enough to say "not a part" or "another version" with the
 * file's name rather than fail on a missing field; the rest is trusted to be what `analyze --package` wrote.
 */
const partSchema = z.looseObject({
  format: z.literal(PART_FORMAT),
  version: z.string(),
  schemaVersion: z.number(),
  repository: z.string(),
  configHash: z.string(),
  package: z.string().nullable(),
  files: z.array(z.string()),
  services: z.array(z.looseObject({ name: z.string(), root: z.string() })),
  rootService: z.looseObject({ name: z.string() }),
  rootFiles: z.array(z.string()),
  servedFiles: z.array(z.string()),
  rootImports: z.array(z.tuple([z.string(), z.array(z.string())])),
  rules: z.array(z.tuple([z.string(), z.looseObject({ severity: z.string() })])),
  interactions: z.array(z.looseObject({ id: z.string(), kind: z.enum(['http', 'produce', 'consume']), service: z.string(), location: z.looseObject({ file: z.string() }) })),
  httpLinks: z.array(z.tuple([z.string(), z.looseObject({})])),
  ports: z.looseObject({ published: z.array(z.tuple([z.number(), z.looseObject({ name: z.string() })])), listening: z.array(z.tuple([z.number(), z.looseObject({ name: z.string() })])) }),
  routes: z.array(z.looseObject({ service: z.string() })),
  fileFindings: z.array(z.looseObject({ ruleId: z.string() })),
  discoveryDiagnostics: z.array(z.looseObject({ file: z.string() })),
  diagnostics: z.array(z.looseObject({ file: z.string() })),
  disableDirectives: z.array(z.tuple([z.string(), z.array(z.looseObject({}))])),
  notUnderstood: z.array(z.looseObject({ library: z.string(), files: z.number() })),
});

/** Reads one part, or says in one line why the file is not one. */
export function readPart(file: string): PartialResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${printable(file)}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${printable(file)}: not valid JSON (${error instanceof Error ? error.message : String(error)}); expected the output of service-map analyze --package`);
  }
  const parsed = partSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${printable(file)}: not a service-map part (${issue.path.join('.') || '(root)'}: ${issue.message}); expected the output of service-map analyze --package`);
  }
  return parsed.data as unknown as PartialResult;
}

async function runMerge(files: readonly string[], flags: DeliverFlags, io: CliIo): Promise<number> {
  if (flags.out !== undefined) checkWritable(flags.out, '--out');
  const imageRenderer = await imageRendererFor(flags);
  const named = files.map((file) => ({ name: printable(file), part: readPart(file) }));
  const problem = mergeProblem(named);
  if (problem !== undefined) throw new UsageError(problem);
  const parts = named.map(({ part }) => part);
  const directives = new Map(parts.flatMap((part) => part.disableDirectives));
  const result = suppressByDirectives(mergeParts(parts), (file) => directives.get(file) ?? []);
  return deliverResult(result, flags, io, imageRenderer);
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

export function addMergeCommand(program: Command, io: CliIo, done: (exitCode: number) => void): void {
  const command = program
    .command('merge')
    .description('join the partial results of analyze --package into the whole map, and gate on its findings')
    .argument('<parts...>', 'partial results (JSON), one per package');
  addReportOptions(command)
    .option('-o, --out <file>', 'write the output to this file (whole or not at all) instead of stdout')
    .option('-q, --quiet', 'print nothing on stderr: no findings, no summary')
    .addOption(new Option('--fail-on <level>', 'which findings make the exit code 1').choices(FAIL_ON).default('error'))
    .addOption(new Option('--max-warnings <number>', 'also exit 1 when more warnings than this remain').argParser(nonNegativeInteger))
    .action(async (files: string[], flags: DeliverFlags) => {
      done(await runMerge(files, flags, io));
    });
}
