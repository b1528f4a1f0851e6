import { NOT_UNDERSTOOD_LIBRARIES } from '../core/detectors/not-understood.js';
import { compareStrings } from '../core/model/compare.js';
import { type AnalysisResult, type AnalysisSummary, type Diagnostic, type Finding, type Interaction, type Route, SCHEMA_VERSION, type Service } from '../core/model/result.js';
import { compareLocations } from './scanned-file.js';

/*
 * The last stage: the result sorted and counted (the project checks run in part.ts, over every part).
 */

/** Libraries imported that no detector understands, with how many files import each. */
export function notUnderstood(importsPerFile: readonly ReadonlySet<string>[]): { library: string; files: number }[] {
  return NOT_UNDERSTOOD_LIBRARIES.map((library) => ({
    library,
    files: importsPerFile.filter((modules) => [...modules].some((module) => module === library || module.startsWith(`${library}/`))).length,
  }))
    .filter((entry) => entry.files > 0)
    .sort((a, b) => compareStrings(a.library, b.library));
}

/** Sorts findings and diagnostics and counts what the result holds. */
export function finishResult(
  services: Service[],
  interactions: Interaction[],
  routes: Route[],
  rawFindings: Finding[],
  diagnostics: Diagnostic[],
  input: { files: number; notUnderstood: AnalysisSummary['notUnderstood'] },
): AnalysisResult {
  const findings = [...rawFindings].sort(
    (a, b) =>
      compareLocations(a.location, b.location) ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.message, b.message) ||
      compareLocations(a.via ?? a.location, b.via ?? b.location),
  );
  const sortedDiagnostics = [...diagnostics].sort((a, b) => compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.message, b.message));
  return {
    schemaVersion: SCHEMA_VERSION,
    services,
    interactions,
    routes,
    findings,
    diagnostics: sortedDiagnostics,
    summary: {
      files: input.files,
      filesWithInteractions: new Set(interactions.map((interaction) => interaction.location.file)).size,
      interactions: {
        http: interactions.filter((i) => i.kind === 'http').length,
        produce: interactions.filter((i) => i.kind === 'produce').length,
        consume: interactions.filter((i) => i.kind === 'consume').length,
      },
      unresolved: {
        topics: interactions.filter((i) => i.kind !== 'http' && i.topic === null).length,
        targets: interactions.filter((i) => i.kind === 'http' && i.target === null).length,
      },
      findings: {
        error: findings.filter((finding) => finding.severity === 'error').length,
        warn: findings.filter((finding) => finding.severity === 'warn').length,
      },
      notUnderstood: input.notUnderstood,
    },
  };
}
