import { ALL_CHECKS } from '../core/checks/index.js';
import { ruleDocsUrl } from '../package-info.js';
import type { RuleDescription } from './reporter.js';

/**
 * What a report says about a rule besides its findings: its one-line description and where its
 * documentation is. And a finding's message cut in two, so a long report can give each finding its own part
 * (`Message to 'orders' has no partition key`) and each rule's explanation once, however many findings share it.
 */
export interface RuleInfo {
  readonly description: string;
  readonly url: string;
}

const CHECKS = new Map(ALL_CHECKS.map((check) => [check.id, check]));

export function ruleInfo(ruleId: string): RuleInfo | undefined {
  const check = CHECKS.get(ruleId);
  return check === undefined ? undefined : { description: check.description, url: ruleDocsUrl(ruleId) };
}

/** Every rule of the tool, as SARIF's `tool.driver.rules` describes them. */
export function ruleDescriptions(): RuleDescription[] {
  return ALL_CHECKS.map((check) => ({ id: check.id, description: check.description, defaultSeverity: check.defaultSeverity, docsUrl: ruleDocsUrl(check.id) }));
}

export interface ExplainedMessage {
  /** What this finding says about its place (topic, field, cycle). */
  readonly headline: string;
  /** The part every finding of this message shares (why it matters, how to fix it); `''` when there is none. */
  readonly explanation: string;
}

/**
 * A template is cut at the first `: ` or `. ` after its last placeholder: what follows is the same for every
 * finding of that message, so it says the why and the fix, not the where.
 */
function sharedTail(template: string): string | undefined {
  const lastPlaceholder = template.lastIndexOf('}}');
  const from = lastPlaceholder < 0 ? 0 : lastPlaceholder + 2;
  const cut = /[:.] /.exec(template.slice(from));
  if (cut === null) return undefined;
  const tail = template.slice(from + cut.index + 2);
  return tail.includes('{{') ? undefined : tail;
}

const TAILS = new Map(ALL_CHECKS.map((check) => [check.id, Object.values(check.messages).flatMap((template) => sharedTail(template) ?? [])]));

export function explainMessage(ruleId: string, message: string): ExplainedMessage {
  const tail = (TAILS.get(ruleId) ?? []).find((candidate) => message.endsWith(candidate) && message.length > candidate.length + 2);
  if (tail === undefined) return { headline: message, explanation: '' };
  return { headline: message.slice(0, message.length - tail.length - 2), explanation: tail };
}
