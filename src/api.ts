/**
 * The programmatic API: `import { analyze } from 'eslint-plugin-service-map/api'`.
 *
 * `analyze()` gives the JSON model `service-map analyze --format json` writes: services, interactions with
 * their locations, routes, findings, notes on the input and a summary. Like the CLI it honours disable
 * comments and, when given one, a baseline; findings they set aside are in `suppressedFindings`. It never
 * executes the analysed code, never uses the network and writes nothing.
 */
import path from 'node:path';
import { analyzeProject } from './analyzer/analyze.js';
import type { AnalysisResult } from './core/model/result.js';
import { type Baseline, compareWithBaseline, readBaselineFile } from './gate/baseline.js';
import { sourceReaderFor } from './gate/source-reader.js';
import { suppressByComments } from './gate/suppress.js';

export interface AnalyzeOptions {
  /** The folder to analyse (a repository, or a folder of one). */
  readonly root: string;
  /**
   * A config file other than `<root>/service-map.config.json`: JSON, or a JavaScript module, which is run
   * (trusted code, as ESLint runs eslint.config.js; never found by itself in the analysed folder).
   */
  readonly configFile?: string;
  /** A folder holding `root` whose files may be read too; default `root`. Nothing outside it is read. */
  readonly readableRoot?: string;
  /**
   * Honour `eslint-disable` comments (and `service-map-disable`) at the findings' places, as the CLI does.
   * Default `true`.
   */
  readonly disableComments?: boolean;
  /** A baseline: the path of a file `--write-baseline` wrote (relative to the working directory), or its content. */
  readonly baseline?: string | Baseline;
}

/**
 * Analyses a repository and returns its model. Rejects with a `UsageError` for a missing folder or an
 * invalid config, and a `BaselineError` for a baseline file that is not ours, corrupt or of another version.
 */
export async function analyze(options: AnalyzeOptions): Promise<AnalysisResult> {
  // Read the baseline first: a bad one should fail before minutes of analysis.
  const baseline = typeof options.baseline === 'string' ? { content: readBaselineFile(path.resolve(options.baseline), options.baseline), shown: options.baseline } : options.baseline ? { content: options.baseline, shown: '(baseline)' } : undefined;
  let result = await analyzeProject({
    root: options.root,
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.readableRoot !== undefined ? { readableRoot: options.readableRoot } : {}),
  });
  if (options.disableComments !== false) result = suppressByComments(result, sourceReaderFor(options.root));
  if (baseline) result = compareWithBaseline(result, baseline.content, baseline.shown);
  return result;
}

export { UsageError } from './analyzer/errors.js';
export { type Baseline, BaselineError, baselineOf, formatBaseline, parseBaseline } from './gate/baseline.js';
export { type FailOn, type GatePolicy, type GateVerdict, judge } from './gate/gate.js';
export { SCHEMA_VERSION } from './core/model/result.js';
export type {
  AnalysisResult,
  AnalysisSummary,
  BaselineComparison,
  BaselineEntry,
  ConsumeInteraction,
  Diagnostic,
  Finding,
  HttpInteraction,
  Interaction,
  Location,
  ProduceInteraction,
  Route,
  RouteRef,
  Service,
  Severity,
  SuppressedFinding,
  Suppression,
} from './core/model/result.js';
