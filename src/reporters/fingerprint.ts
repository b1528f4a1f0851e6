import { createHash } from 'node:crypto';
import type { Finding } from '../core/model/result.js';

/**
 * A finding's identity that survives line shifts and unrelated edits: its rule, its file and its message with
 * whitespace and position-like numbers (`:12:3`, `line 12`) normalised away, hashed. Two identical findings in
 * one file share it; `findingFingerprints` tells them apart by their order.
 */
export function findingFingerprint(finding: Pick<Finding, 'ruleId' | 'message' | 'location'>): string {
  const identity = [finding.ruleId, finding.location.file, normaliseMessage(finding.message)].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

export function normaliseMessage(message: string): string {
  return message
    .replace(/:\d+(?::\d+)?\b/gu, '')
    .replace(/\bline \d+\b/giu, 'line')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The fingerprint of each finding, in the order given, with `:N` (the N-th finding with that fingerprint in
 * this order, from 1) so that twins stay distinct. Give the findings sorted by location: the N-th of a file
 * stays the N-th when lines move.
 */
export function findingFingerprints(findings: readonly Pick<Finding, 'ruleId' | 'message' | 'location'>[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const fingerprint = findingFingerprint(finding);
    const occurrence = (seen.get(fingerprint) ?? 0) + 1;
    seen.set(fingerprint, occurrence);
    return `${fingerprint}:${occurrence}`;
  });
}
