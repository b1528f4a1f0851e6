import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../analyzer/errors.js';
import type { AnalysisResult } from '../core/model/result.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { REPORTERS } from '../reporters/index.js';
import { renderMermaid } from '../reporters/mermaid.js';
import { type GroupBy, ReportOptionError, type ReportOptions, type ReportOutput, type TopicsMode } from '../reporters/reporter.js';
import { ruleDescriptions } from '../reporters/rule-info.js';
import { mermaidBrowserBundle } from './report-context.js';

/**
 * The output flags `analyze` and `render` share: the format, and how a map is drawn. svg and png are drawn
 * from the Mermaid map in a browser (render-image.ts), loaded only when asked for.
 */
export const IMAGE_FORMATS = ['svg', 'png'] as const;
type ImageFormat = (typeof IMAGE_FORMATS)[number];
const isImageFormat = (format: string): format is ImageFormat => (IMAGE_FORMATS as readonly string[]).includes(format);

export interface ReportFlags {
  format: string;
  out?: string;
  topics?: Exclude<TopicsMode, 'auto'>;
  focus?: string;
  depth?: number;
  groupBy?: GroupBy;
  browser?: string;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of hops, 1 or more');
  return number;
}

/** Adds `--format` and the map's flags to a command. */
export function addReportOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices([...Object.keys(REPORTERS), ...IMAGE_FORMATS]).default('mermaid'))
    .addOption(
      new Option('--topics <mode>', "map: draw every topic, collapse them into service-to-service edges counting them, or leave Kafka out (default: every topic, collapsed above 30 or over Mermaid's limits)").choices([
        'all',
        'collapse',
        'none',
      ]),
    )
    .option('--focus <service>', 'map: only this service and the services within --depth hops of it')
    .addOption(new Option('--depth <hops>', 'map: hops around --focus').argParser(positiveInteger).default(1))
    .addOption(
      new Option('--group-by <how>', 'map: subgraphs by the folder holding each service, by how it is declared (docker-compose, workspace...), or by repository (a merge of several)').choices([
        'folder',
        'compose',
        'repository',
        'none',
      ]),
    )
    .option('--browser <path>', 'svg/png: the Chromium to draw with (default: PUPPETEER_EXECUTABLE_PATH, then /usr/bin/chromium)');
}

/** Draws an image from Mermaid text; made before the analysis so a missing browser is said at once. */
export type ImageRenderer = (mermaidText: string) => Promise<Uint8Array>;

/** For svg/png: the browser and the renderer's packages, found now, or a usage error naming what to install. */
export async function imageRendererFor(flags: ReportFlags): Promise<ImageRenderer | undefined> {
  if (!isImageFormat(flags.format)) return undefined;
  const format = flags.format;
  if (flags.out === undefined) throw new UsageError(`--format ${format} writes a file: give --out map.${format}`);
  const { findBrowser, loadRenderer, renderImage } = await import('./render-image.js');
  const browser = findBrowser(flags.browser === undefined ? {} : { browser: flags.browser });
  await loadRenderer();
  return (mermaidText) => renderImage(mermaidText, format, browser);
}

/** The report of `result` in the asked format (the Mermaid map for an image); a bad map option is a usage error. */
export function renderReport(result: AnalysisResult, flags: ReportFlags, color: boolean): ReportOutput {
  const options: ReportOptions = {
    color,
    ...(flags.topics === undefined ? {} : { topics: flags.topics }),
    ...(flags.focus === undefined ? {} : { focus: flags.focus }),
    ...(flags.depth === undefined ? {} : { depth: flags.depth }),
    ...(flags.groupBy === undefined ? {} : { groupBy: flags.groupBy }),
    rules: ruleDescriptions(),
    toolVersion: PACKAGE_VERSION,
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
