import { describe, expect, it } from 'vitest';
import type { ConsumeInteraction, Interaction, ProduceInteraction } from '../model/result.js';
import { effectiveTopics, pairRequestsAndReplies } from './request-reply.js';

const location = { file: 'x.ts', line: 1, column: 1 };
const produce = (id: string, service: string, topic: string | null, extra: Partial<ProduceInteraction> = {}): ProduceInteraction => ({
  id,
  kind: 'produce',
  service,
  library: 'kafkajs',
  topic,
  key: 'present',
  location,
  ...extra,
});
const consume = (id: string, service: string, topic: string): ConsumeInteraction => ({ id, kind: 'consume', service, library: 'kafkajs', topic, role: 'event', location });
const request = (id: string, service: string, topic: string, replyTopic?: string): ProduceInteraction =>
  produce(id, service, topic, { expectsReply: true, handMadeReply: { form: 'pending', waits: location, answers: location }, ...(replyTopic ? { replyTopic } : {}) });

const pairsOf = (interactions: Interaction[]) =>
  pairRequestsAndReplies(interactions).flatMap((i) => (i.kind === 'produce' && i.pairedWith ? [`${i.id} <-> ${i.pairedWith.join(',')}`] : []));

describe('request/reply pairs across services', () => {
  it('a reply to the address the request carries answers every request to a topic its service consumes', () => {
    expect(
      pairsOf([
        request('quote', 'api', 'pricing.quotes', 'pricing.quote-replies'),
        consume('c1', 'pricing', 'pricing.quotes'),
        produce('answer', 'pricing', null, { toReplyAddress: true }),
        consume('c2', 'api', 'pricing.quote-replies'),
      ]),
    ).toEqual(['quote <-> answer', 'answer <-> quote']);
  });

  it('a named reply topic pairs only with sends to it; with none named, with topics only the asker consumes', () => {
    expect(
      pairsOf([
        request('quote', 'api', 'pricing.quotes', 'pricing.quote-replies'),
        request('stock', 'api', 'pricing.stock-checks'),
        consume('c1', 'pricing', 'pricing.quotes'),
        consume('c2', 'pricing', 'pricing.stock-checks'),
        produce('quoted', 'pricing', 'pricing.quote-replies'),
        produce('stocked', 'pricing', 'pricing.stock-replies'),
        // Consumed by api and by reporting: an event, not a reply to api.
        produce('priced', 'pricing', 'pricing.changed'),
        consume('c3', 'api', 'pricing.quote-replies'),
        consume('c4', 'api', 'pricing.stock-replies'),
        consume('c5', 'api', 'pricing.changed'),
        consume('c6', 'reporting', 'pricing.changed'),
      ]),
    ).toEqual(['quote <-> quoted', 'stock <-> stocked', 'quoted <-> quote', 'stocked <-> stock']);
  });

  it('not paired: a send of the asking service itself, a service that does not consume the request, a request it makes', () => {
    expect(
      pairsOf([
        request('ask', 'api', 'jobs.requested'),
        consume('c1', 'worker', 'jobs.requested'),
        produce('self', 'api', 'jobs.done'),
        produce('elsewhere', 'billing', 'jobs.done'),
        request('nested', 'worker', 'jobs.done'),
        consume('c2', 'api', 'jobs.done'),
      ]),
    ).toEqual([]);
  });

  it('a reply to the carried address reaches the reply topics its requests name, when they all name one', () => {
    const interactions = pairRequestsAndReplies([
      request('quote', 'api', 'pricing.quotes', 'pricing.quote-replies'),
      consume('c1', 'pricing', 'pricing.quotes'),
      produce('answer', 'pricing', null, { toReplyAddress: true }),
    ]);
    const byId = new Map(interactions.map((i) => [i.id, i]));
    const answer = byId.get('answer') as ProduceInteraction;
    expect(effectiveTopics(answer, byId)).toEqual(['pricing.quote-replies']);
    expect(effectiveTopics(produce('unpaired', 'pricing', null, { toReplyAddress: true }), byId)).toEqual([]);
  });
});
