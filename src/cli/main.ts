import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { analyzeProject } from '../analyzer/analyze.js';
import { UsageError } from '../analyzer/errors.js';
import type { AnalysisResult } from '../core/model/result.js';
import { renderHtml } from '../reporters/html.js';
import { renderJson } from '../reporters/json.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { renderMermaid } from '../reporters/mermaid.js';
import { ReportOptionError, type GroupBy, type ReportOptions, type Reporter, type TopicsMode } from '../reporters/reporter.js';
import { renderSarif } from '../reporters/sarif.js';
import { renderText } from '../reporters/text.js';
import { mermaidBrowserBundle, ruleDescriptions, toolVersion } from './report-context.js';

const REPORTERS: Record<string, Reporter> = {
  mermaid: renderMermaid,
  json: renderJson,
  text: renderText,
  sarif: renderSarif,
  markdown: renderMarkdown,
  html: renderHtml,
};
/** Drawn from the Mermaid map in a browser (render-image.ts), loaded only when asked for. */
const IMAGE_FORMATS = ['svg', 'png'] as const;
type ImageFormat = (typeof IMAGE_FORMATS)[number];
const isImageFormat = (format: string): format is ImageFormat => (IMAGE_FORMATS as readonly string[]).includes(format);

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

interface AnalyzeFlags extends MapFlags {
  format: string;
  out?: string;
  config?: string;
  quiet?: boolean;
}

/** Flags of the map and the formats drawn from it. */
interface MapFlags {
  topics?: Exclude<TopicsMode, 'auto'>;
  focus?: string;
  depth?: number;
  groupBy?: GroupBy;
  browser?: string;
}

async function runAnalyze(directory: string, flags: AnalyzeFlags, io: CliIo): Promise<number> {
  if (flags.out !== undefined) {
    const parent = path.dirname(path.resolve(flags.out));
    if (!fs.existsSync(parent)) throw new UsageError(`cannot write --out ${flags.out}: folder ${path.dirname(flags.out)} does not exist`);
  }
  // An image needs a browser: say so before a long analysis, not after.
  const imageRenderer = isImageFormat(flags.format) ? await imageRendererFor(flags) : undefined;
  const result: AnalysisResult = await analyzeProject({ root: directory, ...(flags.config !== undefined ? { configFile: flags.config } : {}) });
  const report = renderReport(result, flags);
  for (const notice of report.notices ?? []) io.stderr(`service-map: ${notice}\n`);
  if (imageRenderer !== undefined && flags.out !== undefined) {
    fs.writeFileSync(flags.out, await imageRenderer(report.output));
  } else if (flags.out !== undefined) fs.writeFileSync(flags.out, report.output);
  else io.stdout(report.output);
  // The findings and a summary go to stderr, so stdout stays a clean diagram or JSON document.
  if (!flags.quiet && flags.format !== 'text') io.stderr(renderText(result).output);
  return report.exitCode;
}

function renderReport(result: AnalysisResult, flags: AnalyzeFlags): ReturnType<Reporter> {
  const options: ReportOptions = {
    ...(flags.topics === undefined ? {} : { topics: flags.topics }),
    ...(flags.focus === undefined ? {} : { focus: flags.focus }),
    ...(flags.depth === undefined ? {} : { depth: flags.depth }),
    ...(flags.groupBy === undefined ? {} : { groupBy: flags.groupBy }),
    rules: ruleDescriptions(),
    toolVersion: toolVersion(),
    ...(flags.format === 'html' ? { mermaidScript: mermaidBrowserBundle() } : {}),
  };
  const reporter = isImageFormat(flags.format) ? renderMermaid : REPORTERS[flags.format]!;
  try {
    return reporter(result, options);
  } catch (error) {
    if (error instanceof ReportOptionError) throw new UsageError(error.message);
    throw error;
  }
}

/** Finds the browser and the renderer's packages now, and returns what draws a map with them. */
async function imageRendererFor(flags: AnalyzeFlags): Promise<(mermaidText: string) => Promise<Uint8Array>> {
  const format = flags.format as ImageFormat;
  if (flags.out === undefined) throw new UsageError(`--format ${format} writes a file: give --out map.${format}`);
  const { findBrowser, loadRenderer, renderImage } = await import('./render-image.js');
  const browser = findBrowser(flags.browser === undefined ? {} : { browser: flags.browser });
  await loadRenderer();
  return (mermaidText) => renderImage(mermaidText, format, browser);
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of hops, 1 or more');
  return number;
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
    .addOption(new Option('-f, --format <format>', 'output format').choices([...Object.keys(REPORTERS), ...IMAGE_FORMATS]).default('mermaid'))
    .option('-o, --out <file>', 'write the output to this file instead of stdout')
    .addOption(new Option('--topics <mode>', 'map: draw every topic, collapse them into service-to-service edges counting them, or leave Kafka out (default: every topic, collapsed above 30 or over Mermaid\'s limits)').choices(['all', 'collapse', 'none']))
    .option('--focus <service>', 'map: only this service and the services within --depth hops of it')
    .addOption(new Option('--depth <hops>', 'map: hops around --focus').argParser(positiveInteger).default(1))
    .addOption(new Option('--group-by <how>', 'map: subgraphs by the folder holding each service, or by how it is declared (docker-compose, workspace...)').choices(['folder', 'compose', 'none']))
    .option('--browser <path>', 'svg/png: the Chromium to draw with (default: PUPPETEER_EXECUTABLE_PATH, then /usr/bin/chromium)')
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
