import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Finding, SuppressedFinding } from '../core/model/result.js';

/** Findings in the model's order: file, line, column, then rule and message, so output is byte-stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

/**
 * The result with `kept` as its findings (what the gate judges) and `suppressed` added to those already set
 * aside; `summary.findings` counts the kept ones, as the summary of a plain analysis counts all.
 */
export function withFindings(result: AnalysisResult, kept: readonly Finding[], suppressed: readonly SuppressedFinding[]): AnalysisResult {
  const findings = [...kept].sort(compareFindings);
  return {
    ...result,
    findings,
    summary: {
      ...result.summary,
      findings: {
        error: findings.filter((finding) => finding.severity === 'error').length,
        warn: findings.filter((finding) => finding.severity === 'warn').length,
      },
    },
    suppressedFindings: [...(result.suppressedFindings ?? []), ...suppressed].sort(compareFindings),
  };
}
