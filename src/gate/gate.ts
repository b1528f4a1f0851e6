import type { AnalysisResult } from '../core/model/result.js';

/** Which findings fail the run: error-level ones (the default), warnings too, or none. */
export type FailOn = 'error' | 'warn' | 'never';

export const FAIL_ON: readonly FailOn[] = ['error', 'warn', 'never'];

export interface GatePolicy {
  readonly failOn: FailOn;
  /** Fail when more warnings than this remain (ESLint's `--max-warnings`). */
  readonly maxWarnings?: number;
  /** Fail when the baseline has entries no finding matches any more. */
  readonly strictBaseline?: boolean;
}

export interface GateVerdict {
  readonly failed: boolean;
  /** Why it failed, one short phrase each (`3 errors`); empty when it passed. */
  readonly reasons: readonly string[];
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/**
 * The gate reads the findings that remain after disable comments and the baseline (`result.findings`), never
 * the ones set aside. `never` passes whatever remains: for drawing the map without failing.
 */
export function judge(result: AnalysisResult, policy: GatePolicy): GateVerdict {
  if (policy.failOn === 'never') return { failed: false, reasons: [] };
  const { error, warn } = result.summary.findings;
  const reasons: string[] = [];
  if (error > 0) reasons.push(plural(error, 'error'));
  if (policy.failOn === 'warn' && warn > 0) reasons.push(plural(warn, 'warning'));
  else if (policy.maxWarnings !== undefined && warn > policy.maxWarnings) reasons.push(`${plural(warn, 'warning')} (more than --max-warnings ${policy.maxWarnings})`);
  const stale = (result.baseline?.stale ?? []).reduce((sum, entry) => sum + entry.count, 0);
  if (policy.strictBaseline && stale > 0) reasons.push(`${plural(stale, 'stale baseline entry', 'stale baseline entries')} (--strict-baseline)`);
  return { failed: reasons.length > 0, reasons };
}
