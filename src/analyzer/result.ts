import { PROJECT_CHECKS } from '../core/checks/index.js';
import { NOT_UNDERSTOOD_LIBRARIES } from '../core/detectors/not-understood.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import { findingOf } from '../core/host.js';
import { compareStrings } from '../core/model/compare.js';
import { type AnalysisResult, type AnalysisSummary, type Diagnostic, type Finding, type Interaction, type Route, SCHEMA_VERSION, type Service } from '../core/model/result.js';
import type { DiscoveredProject } from './discover.js';
import { analyzerTs } from './project.js';
import { compareLocations, type ScannedFile } from './scanned-file.js';

/*
 * The last stage: the services drawn, the whole-project checks, and the result sorted and counted.
 */

/** The analysis result of the interactions and the per-file findings, with the project checks' findings added. */
export function resultOf(
  project: DiscoveredProject,
  scanned: readonly ScannedFile[],
  interactions: Interaction[],
  routes: Route[],
  fileFindings: Finding[],
): AnalysisResult {
  const { services, rootService, rules, relative } = project;
  // The repository itself is a service when it has no other, or when code outside them talks to something.
  const rootIsService = scanned.some((file) => file.services.includes(rootService)) && (services.length === 0 || interactions.some((i) => i.service === rootService.name));
  const serviceList: Service[] = [...services, ...(rootIsService ? [rootService] : [])]
    .map((service) => ({ name: service.name, root: relative(service.root) || '.', source: service.source, hosts: service.hosts }))
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root));

  const findings = [...fileFindings];
  for (const check of PROJECT_CHECKS) {
    const setting = rules.get(check.id);
    if (setting === undefined || setting.severity === 'off') continue;
    for (const draft of check.check({ result: { services: serviceList, interactions, routes }, options: setting.options })) {
      findings.push(findingOf(check, setting.severity, draft, draft));
    }
  }

  return finishResult(serviceList, interactions, routes, findings, project.diagnostics, {
    files: scanned.length,
    notUnderstood: notUnderstood(scanned.map((file) => fileIndexOf(analyzerTs, file.sourceFile).importedModules)),
  });
}

/** Libraries imported that no detector understands, with how many files import each. */
function notUnderstood(importsPerFile: readonly ReadonlySet<string>[]): { library: string; files: number }[] {
  return NOT_UNDERSTOOD_LIBRARIES.map((library) => ({
    library,
    files: importsPerFile.filter((modules) => [...modules].some((module) => module === library || module.startsWith(`${library}/`))).length,
  }))
    .filter((entry) => entry.files > 0)
    .sort((a, b) => compareStrings(a.library, b.library));
}

/** Sorts findings and diagnostics and counts what the result holds. */
function finishResult(
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
