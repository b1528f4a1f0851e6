import type ts from 'typescript';
import { type CheckDefinition, type FindingDraft, formatMessage } from './checks/check.js';
import { configuredWrappersDetector, type WrapperSpec } from './detectors/configured-wrappers.js';
import { DETECTORS } from './detectors/index.js';
import type { Detector } from './engine/detector.js';
import type { Finding, Location, Severity } from './model/result.js';

/*
 * What both hosts (the ESLint plugin and the analyzer) do the same way, so they stay thin and cannot drift:
 * which detectors run, which findings a file may show, and how a check's draft becomes a `Finding`.
 */

/** The built-in detectors, plus one for the team's own wrappers when the configuration declares some. */
export function detectorsWith(wrappers: readonly WrapperSpec[] | undefined): readonly Detector[] {
  return wrappers && wrappers.length > 0 ? [...DETECTORS, configuredWrappersDetector(wrappers)] : DETECTORS;
}

/**
 * Whether a check's draft belongs to `sourceFile`: positions only mean something in the file they come
 * from, and a check reading facts that reach into another file (a wrapper's send) must not point there.
 */
export function isInFile(draft: FindingDraft, sourceFile: ts.SourceFile): boolean {
  return draft.node.getSourceFile() === sourceFile;
}

/** Where a finding is shown and what it is about. */
export interface FindingPlace {
  readonly service: string | null;
  readonly location: Location;
  /** For a finding at a wrapper's call site, the library call inside the wrapper. */
  readonly via?: Location;
  readonly interactionId?: string;
}

/** A `Finding` of `check` with its message filled in the way ESLint fills it (`{{name}}` from the draft's data). */
export function findingOf(
  check: Pick<CheckDefinition<object>, 'id' | 'messages'>,
  severity: Severity,
  draft: { readonly messageId: string; readonly data?: Readonly<Record<string, string>> },
  place: FindingPlace,
): Finding {
  return {
    ruleId: check.id,
    severity,
    message: formatMessage(check.messages[draft.messageId] ?? draft.messageId, draft.data),
    service: place.service,
    location: place.location,
    ...(place.via ? { via: place.via } : {}),
    ...(place.interactionId ? { interactionId: place.interactionId } : {}),
  };
}
