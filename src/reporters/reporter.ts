import type { AnalysisResult } from '../core/model/result.js';

/**
 * How a reporter is asked to present a result. Each format reads the options it understands and ignores the
 * others; the CLI fills them from its flags and from where the output goes (a TTY, a file).
 */
export interface ReportOptions {
  /** Write ANSI colours (text on a terminal). The CLI decides it from the stream, `NO_COLOR` and `FORCE_COLOR`. */
  readonly color?: boolean;
}

export interface ReportOutput {
  readonly output: string;
}

/**
 * A reporter is pure: the same result and options give the same bytes. It reads only the JSON model, and
 * never decides the exit code: the CLI's gate does, from the findings that remain after disable comments
 * and the baseline.
 */
export type Reporter = (result: AnalysisResult, options: ReportOptions) => ReportOutput;
