import { compareStrings } from '../model/compare.js';
import type { ConsumeInteraction, Interaction, ProduceInteraction } from '../model/result.js';
import { subscribes } from '../model/topics.js';

/**
 * Request/reply pairs across services, from the model alone: a hand-made request (A sends X and waits) and
 * the sends that answer it (B, another service consuming X, produces to the reply address the request
 * carries, to the reply topic the request names, or, when the request names none, to a topic only A
 * consumes). Each half gets `pairedWith`, the other half's ids, so a map can draw A and B joined by one
 * two-way edge instead of two one-way trips through topics. A reply sent to the address in the request's
 * headers also stands for a send to the request's named reply topic (`effectiveTopics`).
 *
 * NestJS `send` is left out: the library answers from the `@MessagePattern` handler's return value, with no
 * send of its own to pair (the map already draws `send` as a request and its handler as handling it).
 */
export function pairRequestsAndReplies(interactions: readonly Interaction[]): Interaction[] {
  const produces = interactions.filter((i): i is ProduceInteraction => i.kind === 'produce');
  const consumes = interactions.filter((i): i is ConsumeInteraction => i.kind === 'consume');
  const requests = produces.filter((p) => p.handMadeReply !== undefined && p.topic !== null);
  const namedReplyTopics = new Set(requests.flatMap((request) => (request.replyTopic !== undefined ? [request.replyTopic] : [])));
  const pairs = new Map<string, Set<string>>();
  const pair = (a: string, b: string) => {
    pairs.set(a, (pairs.get(a) ?? new Set()).add(b));
    pairs.set(b, (pairs.get(b) ?? new Set()).add(a));
  };
  for (const request of requests) {
    const topic = request.topic!;
    const answering = new Set(consumes.filter((c) => c.service !== request.service && subscribes(c, topic)).map((c) => c.service));
    for (const reply of produces) {
      if (!answering.has(reply.service) || reply.expectsReply === true) continue;
      if (answers(request, reply, consumes, namedReplyTopics)) pair(request.id, reply.id);
    }
  }
  if (pairs.size === 0) return [...interactions];
  return interactions.map((interaction) => {
    const paired = pairs.get(interaction.id);
    return paired === undefined ? interaction : { ...interaction, pairedWith: [...paired].sort(compareStrings) };
  });
}

function answers(request: ProduceInteraction, reply: ProduceInteraction, consumes: readonly ConsumeInteraction[], namedReplyTopics: ReadonlySet<string>): boolean {
  if (reply.toReplyAddress === true) return request.replyTopic !== undefined;
  if (reply.topic === null) return false;
  if (request.replyTopic !== undefined) return reply.topic === request.replyTopic;
  if (reply.topic === request.topic || namedReplyTopics.has(reply.topic)) return false;
  const receivers = consumes.filter((c) => subscribes(c, reply.topic!));
  return receivers.length > 0 && receivers.every((c) => c.service === request.service);
}

/**
 * The topics a send reaches: its own, or for a send to the reply address a request carried, the reply
 * topics its paired requests name (`[]` when it reaches a topic no one can tell).
 */
export function effectiveTopics(produce: ProduceInteraction, byId: ReadonlyMap<string, Interaction>): string[] {
  if (produce.topic !== null) return [produce.topic];
  if (produce.toReplyAddress !== true || produce.pairedWith === undefined) return [];
  const topics = produce.pairedWith.map((id) => {
    const request = byId.get(id);
    return request?.kind === 'produce' ? request.replyTopic : undefined;
  });
  return topics.every((topic) => topic !== undefined) ? [...new Set(topics)] : [];
}
