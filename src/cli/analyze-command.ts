import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { analyzePart, analyzeProject } from '../analyzer/analyze.js';
import { analyzeWithCache, type KeptParts } from '../analyzer/cache.js';
import { UsageError } from '../analyzer/errors.js';
import type { AnalysisResult } from '../core/model/result.js';
import { type Baseline, baselineOf, BaselineError, compareWithBaseline, formatBaseline, readBaselineFile } from '../gate/baseline.js';
import { FAIL_ON, type FailOn, judge } from '../gate/gate.js';
import { sourceReaderFor } from '../gate/source-reader.js';
import { suppressByComments } from '../gate/suppress.js';
import { printable } from '../reporters/printable.js';
import { renderText } from '../reporters/text.js';
import { type CliIo, useColor } from './io.js';
import { checkWritable, writeAtomically } from './output-file.js';
import { EXIT } from './exit-codes.js';
import { addReportOptions, type ImageRenderer, imageRendererFor, type ReportFlags, renderReport } from './report-flags.js';
import { watchAndRun } from './watch.js';

/** The flags of delivering a result: its report and the gate. */
export interface DeliverFlags extends ReportFlags {
  quiet?: boolean;
  failOn: FailOn;
  maxWarnings?: number;
  writeBaseline?: string;
  strictBaseline?: boolean;
}

interface AnalyzeFlags extends DeliverFlags {
  config?: string;
  rootDir?: string;
  package?: string;
  part?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  watch?: boolean;
  baseline?: string;
  writeBaseline?: string;
  strictBaseline?: boolean;
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

/** Everything that can be wrong with the flags and files is found before minutes of analysis. */
function checkFlags(flags: AnalyzeFlags): Baseline | undefined {
  if (flags.baseline !== undefined && flags.writeBaseline !== undefined) throw new UsageError('--baseline and --write-baseline go in separate runs: write the baseline once, then compare with it');
  if (flags.strictBaseline && flags.baseline === undefined) throw new UsageError('--strict-baseline needs --baseline FILE');
  if (flags.out !== undefined) checkWritable(flags.out, '--out');
  if (flags.writeBaseline !== undefined) checkWritable(flags.writeBaseline, '--write-baseline');
  try {
    return flags.baseline === undefined ? undefined : readBaselineFile(path.resolve(flags.baseline), flags.baseline);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}

function analyzeOptions(directory: string, flags: AnalyzeFlags) {
  return {
    root: directory,
    ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    ...(flags.rootDir !== undefined ? { readableRoot: flags.rootDir } : {}),
  };
}

/** `--cache` as the flags give it, with parts kept in memory too when `kept` is given (`--watch`). */
function cacheOptions(flags: AnalyzeFlags, io: CliIo, kept?: KeptParts) {
  return {
    ...(flags.cacheLocation !== undefined ? { location: flags.cacheLocation } : {}),
    ...(kept !== undefined ? { kept, disk: flags.cache === true || flags.cacheLocation !== undefined } : {}),
    note: (message: string) => {
      if (!flags.quiet) io.stderr(`service-map: ${printable(message)}\n`);
    },
  };
}

async function analyzeWithProgress(directory: string, flags: AnalyzeFlags, io: CliIo): Promise<AnalysisResult> {
  // Never on a pipe or a file, never on stdout: a CI log or a redirected map stays clean.
  const progress = io.stderrIsTTY && !flags.quiet ? io.startProgress?.(`service-map: analysing ${printable(directory)}…`) : undefined;
  try {
    const options = analyzeOptions(directory, flags);
    if (flags.cache !== true && flags.cacheLocation === undefined) return await analyzeProject(options);
    const cached = await analyzeWithCache(options, cacheOptions(flags, io));
    if (!flags.quiet) io.stderr(`service-map: cache: ${cached.reused} of ${cached.parts} parts unchanged\n`);
    return cached.result;
  } finally {
    await progress?.stop();
  }
}

/**
 * `--package DIR`: the partial result of one package, as JSON, for `merge`; `--part`: of the whole
 * repository (one of an organisation's repositories). The gate and the map are the
 * merge's, so no report is drawn and the exit code is 0 whatever the findings.
 */
async function runPackage(directory: string, flags: AnalyzeFlags, command: Command, io: CliIo): Promise<number> {
  const mapFlags = ['format', 'baseline', 'writeBaseline', 'strictBaseline', 'maxWarnings', 'topics', 'focus', 'groupBy'].filter((name) => command.getOptionValueSource(name) === 'cli');
  if (mapFlags.length > 0) throw new UsageError(`${flags.part === true ? '--part' : '--package'} writes a partial result for merge; give ${mapFlags.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} to merge instead`);
  if (flags.out !== undefined) checkWritable(flags.out, '--out');
  if (flags.package !== undefined && flags.part === true) throw new UsageError('--part writes the whole repository as one part, --package one folder: give one of them');
  const part = await analyzePart({
    root: directory,
    ...(flags.package !== undefined ? { package: flags.package } : {}),
    ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    ...(flags.rootDir !== undefined ? { readableRoot: flags.rootDir } : {}),
  });
  const text = `${JSON.stringify(part, null, 2)}\n`;
  if (flags.out === undefined) io.stdout(text);
  else writeAtomically(flags.out, text, '--out');
  if (!flags.quiet) io.stderr(`service-map: part ${printable(part.package ?? `of ${part.repository}`)}: ${part.files.length} files, ${part.interactions.length} interactions\n`);
  return EXIT.clean;
}

/**
 * `--watch`: analyse, write `--out`, and again after every change until Ctrl-C (watch.ts); exit 0. The
 * findings and a line on what the run reused go to stderr each time; the gate does not end the watch.
 */
async function runWatch(directory: string, flags: AnalyzeFlags, io: CliIo): Promise<number> {
  if (flags.out === undefined) throw new UsageError('--watch writes the report to a file after every change: name it with --out');
  if (flags.writeBaseline !== undefined) throw new UsageError('--watch and --write-baseline go in separate runs: write the baseline once, then watch with --baseline');
  const baseline = checkFlags(flags);
  const imageRenderer = await imageRendererFor(flags);
  const kept: KeptParts = new Map();
  const stop = new AbortController();
  const onSignal = () => {
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let runs = 0;
  try {
    await watchAndRun({
      run: async () => {
        const started = performance.now();
        const cached = await analyzeWithCache(analyzeOptions(directory, flags), cacheOptions(flags, io, kept));
        let result = suppressByComments(cached.result, sourceReaderFor(directory));
        if (baseline !== undefined) result = compareWithBaseline(result, baseline, flags.baseline!);
        await deliverResult(result, flags, io, imageRenderer);
        runs += 1;
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        if (!flags.quiet) io.stderr(`service-map: ${runs === 1 ? 'analysed' : 'analysed again'} in ${seconds} s (${cached.reused} of ${cached.parts} parts unchanged); watching ${cached.folders.length} folders, Ctrl-C stops\n`);
        return cached.folders;
      },
      // The first run's mistakes (no such folder, a bad config) end the watch with exit 2, as a single run's do.
      isInputError: (error) => runs > 0 && error instanceof UsageError,
      reportInputError: (error) => {
        io.stderr(`service-map: ${printable((error as Error).message)}; waiting for the next change\n`);
      },
      stop: stop.signal,
      ignores: writtenByThisRun(flags.out),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return EXIT.clean;
}

/** The output file and the temporary file it is written through (output-file.ts): written by the watch itself. */
function writtenByThisRun(out: string): (file: string) => boolean {
  const absolute = path.resolve(out);
  const temporary = `.${path.basename(absolute)}.${process.pid}.`;
  return (file) => file === absolute || (path.dirname(file) === path.dirname(absolute) && path.basename(file).startsWith(temporary));
}

async function runAnalyze(directory: string, flags: AnalyzeFlags, command: Command, io: CliIo): Promise<number> {
  if (flags.package !== undefined || flags.part === true) {
    if (flags.watch === true) throw new UsageError(`--watch draws the whole map; ${flags.part === true ? '--part' : '--package'} writes a partial result once`);
    return runPackage(directory, flags, command, io);
  }
  if (flags.watch === true) return runWatch(directory, flags, io);
  const baseline = checkFlags(flags);
  // An image needs a browser: say so before a long analysis, not after.
  const imageRenderer = await imageRendererFor(flags);
  let result = suppressByComments(await analyzeWithProgress(directory, flags, io), sourceReaderFor(directory));
  if (flags.writeBaseline !== undefined) {
    // The findings of this run become the known ones: this run passes on them, as ESLint's --suppress-all does.
    const written = baselineOf(result);
    writeAtomically(flags.writeBaseline, formatBaseline(written), '--write-baseline');
    result = compareWithBaseline(result, written, flags.writeBaseline);
  } else if (baseline !== undefined) {
    result = compareWithBaseline(result, baseline, flags.baseline!);
  }

  return deliverResult(result, flags, io, imageRenderer);
}

/** What `analyze` and `merge` do with a result: write the report, the findings on stderr, and gate. */
export async function deliverResult(result: AnalysisResult, flags: DeliverFlags, io: CliIo, imageRenderer: ImageRenderer | undefined): Promise<number> {
  const toStdout = flags.out === undefined;
  const report = renderReport(result, flags, toStdout && useColor(io.stdoutIsTTY, io.env));
  for (const notice of report.notices ?? []) io.stderr(`service-map: ${notice}\n`);
  if (toStdout) io.stdout(report.output);
  else writeAtomically(flags.out!, imageRenderer === undefined ? report.output : await imageRenderer(report.output), '--out');
  // The findings and a summary go to stderr, so stdout stays a clean diagram or JSON document.
  const textOnStdout = flags.format === 'text' && toStdout;
  if (!flags.quiet && !textOnStdout) io.stderr(renderText(result, { color: useColor(io.stderrIsTTY, io.env) }).output);

  const verdict = judge(result, { failOn: flags.failOn, ...(flags.maxWarnings !== undefined ? { maxWarnings: flags.maxWarnings } : {}), strictBaseline: flags.strictBaseline === true });
  if (flags.writeBaseline !== undefined && !flags.quiet) io.stderr(`service-map: wrote ${printable(flags.writeBaseline)} with ${result.baseline?.known ?? 0} known findings\n`);
  if (verdict.failed && !flags.quiet) io.stderr(`service-map: failed (--fail-on ${flags.failOn}): ${verdict.reasons.join(', ')}\n`);
  return verdict.failed ? EXIT.findings : EXIT.clean;
}

export function addAnalyzeCommand(program: Command, io: CliIo, done: (exitCode: number) => void): void {
  const command = program
    .command('analyze')
    .description('analyse a repository: print its service map (Mermaid) or its model (JSON), and gate on its findings')
    .argument('[dir]', 'the repository or folder to analyse', '.');
  addReportOptions(command)
    .option('-o, --out <file>', 'write the output to this file (whole or not at all) instead of stdout')
    .option('-c, --config <file>', 'config file: JSON, or a JavaScript module you trust (default: <dir>/service-map.config.json when present)')
    .option('--root-dir <dir>', 'a folder holding <dir> whose files may be read too (a package of a monorepo); nothing outside it is read')
    .option('--package <dir>', 'analyse the files of one workspace package or service folder (relative to <dir>) and write its partial JSON result, for merge')
    .option('--cache', 'keep each package\'s part in node_modules/.cache/service-map under <dir>; a later run analyses again only the parts whose files changed')
    .option('--cache-location <dir>', 'the cache folder (implies --cache)')
    .option('--part', 'write the whole repository as one partial JSON result, to merge with other repositories\' parts')
    .option('-w, --watch', 'stay running: analyse again after every change, rewriting --out (unchanged packages are not analysed again); Ctrl-C stops')
    .option('-q, --quiet', 'print nothing on stderr: no findings, no summary, no progress')
    .addOption(new Option('--fail-on <level>', 'which findings make the exit code 1').choices(FAIL_ON).default('error'))
    .addOption(new Option('--max-warnings <number>', 'also exit 1 when more warnings than this remain').argParser(nonNegativeInteger))
    .option('--baseline <file>', 'findings this baseline knows do not fail; new ones do; stale entries are listed')
    .option('--write-baseline <file>', 'record the current findings as the baseline (this run then passes)')
    .option('--strict-baseline', 'with --baseline: also fail when the baseline has stale entries')
    .action(async (directory: string, flags: AnalyzeFlags, command: Command) => {
      done(await runAnalyze(directory, flags, command, io));
    });
}
