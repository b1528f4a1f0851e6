import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../core/checks/index.js';
import { formatMessage } from '../core/checks/check.js';
import { explainMessage, ruleInfo } from './rule-info.js';

const SAMPLE = 'sample.value-42';
/** Every placeholder filled with the sample. */
const filled = (template: string) => formatMessage(template, new Proxy<Record<string, string>>({}, { get: () => SAMPLE }));

describe('explainMessage', () => {
  const messages = ALL_CHECKS.flatMap((check) => Object.entries(check.messages).map(([id, template]) => [`${check.id}.${id}`, check.id, template] as const));

  it.each(messages)('%s: the headline carries what differs, the explanation only what every finding shares', (_name, ruleId, template) => {
    const message = filled(template);
    const { headline, explanation } = explainMessage(ruleId, message);
    if (template.includes('{{')) expect(headline).toContain(SAMPLE);
    expect(explanation).not.toContain(SAMPLE);
    expect(message.startsWith(headline)).toBe(true);
    expect(message.endsWith(explanation)).toBe(true);
  });

  it('cuts every message that has a shared part in two (so no rule repeats its explanation per finding)', () => {
    const uncut = messages.filter(([, ruleId, template]) => explainMessage(ruleId, filled(template)).explanation === '');
    // Every clause of this one names the topic: it is all headline.
    expect(uncut.map(([name]) => name)).toEqual(['no-unhandled-request.handlerDoesNotReply']);
  });

  it('leaves a message it does not know whole', () => {
    expect(explainMessage('require-partition-key', 'Something else: entirely.')).toEqual({ headline: 'Something else: entirely.', explanation: '' });
    expect(explainMessage('no-such-rule', 'A: b.')).toEqual({ headline: 'A: b.', explanation: '' });
  });
});

it('ruleInfo gives the description and the docs URL of package.json\'s repository', () => {
  expect(ruleInfo('no-orphan-topic')).toEqual({
    description: 'Report topics produced but never consumed, and consumed but never produced, in the repository',
    url: 'https://github.com/service-map/eslint-plugin-service-map/blob/main/rules/no-orphan-topic.md',
  });
  expect(ruleInfo('no-such-rule')).toBeUndefined();
});
