import type { AnalysisResult } from '../core/model/result.js';
import { exitCodeOf, type ReportOutput } from './reporter.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line a finding and a summary: what a terminal or a CI log wants to show. */
export function renderText(result: AnalysisResult): ReportOutput {
  const lines: string[] = [];
  for (const diagnostic of result.diagnostics) {
    lines.push(`${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ''}  note  ${diagnostic.message}`);
  }
  for (const finding of result.findings) {
    const { file, line, column } = finding.location;
    // At a wrapper's call site, the send inside the wrapper is where the fix may go.
    const via = finding.via ? `  via ${finding.via.file}:${finding.via.line}:${finding.via.column}` : '';
    lines.push(`${file}:${line}:${column}  ${finding.severity === 'error' ? 'error' : 'warning'}  ${finding.message}  ${finding.ruleId}${via}`);
  }
  const { summary } = result;
  const counts = summary.interactions;
  lines.push(
    `${plural(result.services.length, 'service')}, ${plural(counts.http, 'HTTP call')}, ${plural(counts.produce, 'produce')}, ${plural(counts.consume, 'consume')} in ${plural(summary.files, 'file')}` +
      ` (${summary.unresolved.targets} unresolved targets, ${summary.unresolved.topics} unresolved topics);` +
      ` ${plural(summary.findings.error, 'error')}, ${plural(summary.findings.warn, 'warning')}` +
      (result.diagnostics.length > 0 ? `; ${plural(result.diagnostics.length, 'note')} on the input` : ''),
  );
  return { output: `${lines.join('\n')}\n`, exitCode: exitCodeOf(result) };
}
