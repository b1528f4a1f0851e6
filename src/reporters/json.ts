import type { AnalysisResult } from '../core/model/result.js';
import type { ReportOutput } from './reporter.js';

/** The JSON model as it is, two-space indented, with a final newline. */
export function renderJson(result: AnalysisResult): ReportOutput {
  return { output: `${JSON.stringify(result, null, 2)}\n` };
}
