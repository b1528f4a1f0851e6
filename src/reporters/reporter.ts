import type { AnalysisResult } from '../core/model/result.js';

export interface ReportOutput {
  readonly output: string;
  /** 1 when the result holds an error-level finding, else 0. */
  readonly exitCode: number;
}

/** A reporter is pure: the same result gives the same bytes. It reads only the JSON model. */
export type Reporter = (result: AnalysisResult) => ReportOutput;

export function exitCodeOf(result: AnalysisResult): number {
  return result.findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}
