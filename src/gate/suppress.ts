import type { AnalysisResult, Finding, Location, SuppressedFinding, Suppression } from '../core/model/result.js';
import { type DisableDirective, FileDirectives, readDisableDirectives } from './disable-comments.js';
import { withFindings } from './findings.js';

/** Reads an analysed file's text by its path in the model; `undefined` when it cannot or must not be read. */
export type SourceReader = (file: string) => string | undefined;

function suppressionOf(directive: DisableDirective): Suppression {
  return { kind: 'directive', ...(directive.justification !== '' ? { justification: directive.justification } : {}), location: directive.location };
}

/**
 * Sets aside the findings a disable comment covers, at the finding's place or, for a finding reported at a
 * wrapper's call, at the send inside the wrapper (`via`), where ESLint reports the same problem once.
 * Only the files that hold findings are read.
 */
export function suppressByComments(result: AnalysisResult, readSource: SourceReader): AnalysisResult {
  return suppressByDirectives(result, (file) => {
    const text = readSource(file);
    return text === undefined ? [] : readDisableDirectives(file, text);
  });
}

/** The same with the directives of each file already read (a merge of parts: each part read its own files'). */
export function suppressByDirectives(result: AnalysisResult, directivesIn: (file: string) => readonly DisableDirective[]): AnalysisResult {
  const byFile = new Map<string, FileDirectives>();
  const directivesOf = (file: string): FileDirectives => {
    let directives = byFile.get(file);
    if (directives === undefined) {
      directives = new FileDirectives(directivesIn(file));
      byFile.set(file, directives);
    }
    return directives;
  };
  const suppressing = (finding: Finding, at: Location) => directivesOf(at.file).suppressing(finding.ruleId, at);

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of result.findings) {
    const directives = [...suppressing(finding, finding.location), ...(finding.via ? suppressing(finding, finding.via) : [])];
    if (directives.length === 0) kept.push(finding);
    else suppressed.push({ ...finding, suppressions: directives.map(suppressionOf) });
  }
  return withFindings(result, kept, suppressed);
}
