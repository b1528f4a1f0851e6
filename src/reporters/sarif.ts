import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Finding, Location, Severity } from '../core/model/result.js';
import { findingFingerprints } from './fingerprint.js';
import { type ReportOptions, type ReportOutput, type RuleDescription } from './reporter.js';

/**
 * SARIF 2.1.0, for code scanning (GitHub uploads it with `github/codeql-action/upload-sarif`): one run, the
 * rules this tool has (from the options, plus any rule a finding names that they miss), one result per
 * finding with its region and a fingerprint that survives line shifts, and the notes on the input as tool
 * notifications. Messages and paths keep their exact text: JSON escapes what needs escaping.
 */
export function renderSarif(result: AnalysisResult, options: ReportOptions = {}): ReportOutput {
  const findings = [...result.findings].sort(compareFindings);
  const rules = ruleList(options.rules ?? [], findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const fingerprints = findingFingerprints(findings);
  const results = findings.map((finding, index) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? 0,
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [physicalLocation(finding.location)],
    // At a wrapper's call site, the library call inside the wrapper is where ESLint reports it.
    ...(finding.via === undefined
      ? {}
      : { relatedLocations: [{ id: 1, ...physicalLocation(finding.via), message: { text: 'the library call inside the wrapper' } }] }),
    partialFingerprints: { 'serviceMapFinding/v1': fingerprints[index] ?? '' },
    ...(finding.service === null ? {} : { properties: { service: finding.service } }),
  }));
  const notifications = [...result.diagnostics]
    .sort((left, right) => compareStrings(left.file, right.file) || (left.line ?? 0) - (right.line ?? 0) || compareStrings(left.message, right.message))
    .map((diagnostic) => ({
      level: 'note',
      message: { text: diagnostic.message },
      locations: [physicalLocation({ file: diagnostic.file, ...(diagnostic.line === undefined ? {} : { line: diagnostic.line }) })],
    }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'service-map',
            ...(options.toolVersion === undefined ? {} : { version: options.toolVersion, semanticVersion: options.toolVersion }),
            rules: rules.map(sarifRule),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return { output: `${JSON.stringify(log, null, 2)}\n` };
}

function compareFindings(left: Finding, right: Finding): number {
  return (
    compareStrings(left.location.file, right.location.file) ||
    left.location.line - right.location.line ||
    left.location.column - right.location.column ||
    compareStrings(left.ruleId, right.ruleId) ||
    compareStrings(left.message, right.message)
  );
}

/** The described rules, and a bare entry for each rule a finding names that they do not, sorted by id. */
function ruleList(described: readonly RuleDescription[], findings: readonly Finding[]): Partial<RuleDescription>[] {
  const byId = new Map<string, Partial<RuleDescription>>(described.map((rule) => [rule.id, rule]));
  for (const finding of findings) if (!byId.has(finding.ruleId)) byId.set(finding.ruleId, { id: finding.ruleId, defaultSeverity: finding.severity });
  return [...byId.values()].sort((left, right) => compareStrings(left.id ?? '', right.id ?? ''));
}

function sarifRule(rule: Partial<RuleDescription>): Record<string, unknown> {
  return {
    id: rule.id,
    ...(rule.description === undefined ? {} : { shortDescription: { text: rule.description } }),
    ...(rule.docsUrl === undefined ? {} : { helpUri: rule.docsUrl }),
    ...(rule.defaultSeverity === undefined ? {} : { defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) } }),
  };
}

function sarifLevel(severity: Severity): 'error' | 'warning' {
  return severity === 'error' ? 'error' : 'warning';
}

/** A repository-relative path as a URI reference: each segment percent-encoded, `/` kept. */
function artifactUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(location: Pick<Location, 'file'> & Partial<Location>): Record<string, unknown> {
  const region =
    location.line === undefined
      ? undefined
      : {
          startLine: location.line,
          ...(location.column === undefined ? {} : { startColumn: location.column }),
          ...(location.endLine === undefined ? {} : { endLine: location.endLine }),
          ...(location.endColumn === undefined ? {} : { endColumn: location.endColumn }),
        };
  return { physicalLocation: { artifactLocation: { uri: artifactUri(location.file) }, ...(region === undefined ? {} : { region }) } };
}
