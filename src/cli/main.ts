import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { analyzeProject } from '../analyzer/analyze.js';
import { UsageError } from '../analyzer/errors.js';
import type { AnalysisResult } from '../core/model/result.js';
import { renderJson } from '../reporters/json.js';
import { renderMermaid } from '../reporters/mermaid.js';
import type { Reporter } from '../reporters/reporter.js';
import { renderText } from '../reporters/text.js';

const REPORTERS: Record<string, Reporter> = { mermaid: renderMermaid, json: renderJson, text: renderText };

/** Exit codes: 0 clean, 1 an error-level finding, 2 a usage or config mistake, 3 a bug of ours. */
export const EXIT = { clean: 0, findings: 1, usage: 2, internal: 3 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

interface AnalyzeFlags {
  format: string;
  out?: string;
  config?: string;
  quiet?: boolean;
}

async function runAnalyze(directory: string, flags: AnalyzeFlags, io: CliIo): Promise<number> {
  const reporter = REPORTERS[flags.format]!;
  if (flags.out !== undefined) {
    const parent = path.dirname(path.resolve(flags.out));
    if (!fs.existsSync(parent)) throw new UsageError(`cannot write --out ${flags.out}: folder ${path.dirname(flags.out)} does not exist`);
  }
  const result: AnalysisResult = await analyzeProject({ root: directory, ...(flags.config !== undefined ? { configFile: flags.config } : {}) });
  const report = reporter(result);
  if (flags.out !== undefined) fs.writeFileSync(flags.out, report.output);
  else io.stdout(report.output);
  // The findings and a summary go to stderr, so stdout stays a clean diagram or JSON document.
  if (!flags.quiet && flags.format !== 'text') io.stderr(renderText(result).output);
  return report.exitCode;
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. Never exits itself. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = new Command()
    .name('service-map')
    .description('Map HTTP calls and Kafka producers/consumers between services, and flag event-driven anti-patterns.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => undefined })
    .showSuggestionAfterError(true);
  program
    .command('analyze')
    .description('analyse a repository and print its service map (Mermaid) or its model (JSON)')
    .argument('[dir]', 'the repository or folder to analyse', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(REPORTERS)).default('mermaid'))
    .option('-o, --out <file>', 'write the output to this file instead of stdout')
    .option('-c, --config <file>', 'config file (default: <dir>/service-map.config.json when present)')
    .option('-q, --quiet', 'do not print findings and the summary on stderr')
    .action(async (directory: string, flags: AnalyzeFlags) => {
      exitCode = await runAnalyze(directory, flags, io);
    });
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
    if (error instanceof UsageError) {
      io.stderr(`service-map: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`service-map: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.SERVICE_MAP_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.internal;
  }
}
