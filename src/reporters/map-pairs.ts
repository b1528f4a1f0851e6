import { compareStrings } from '../core/model/compare.js';
import type { ConsumeInteraction, Interaction, ProduceInteraction } from '../core/model/result.js';
import { subscribes } from '../core/model/topics.js';

/**
 * A hand-made request/reply exchange between two services, drawn as one two-way edge (`A <-.-> B`) instead of
 * two one-way trips through topics: A sends `requestTopic` and waits; B consumes it and answers on
 * `replyTopic`, which A consumes. The pairs come from the analysis (`pairedWith`, core/graph/request-reply.ts).
 */
export interface RequestReplyEdge {
  readonly requester: string;
  readonly answerer: string;
  readonly requestTopic: string;
  readonly replyTopic: string;
}

export interface RequestReplyDrawing {
  readonly edges: readonly RequestReplyEdge[];
  /** The interactions the two-way edges stand for (the request, the answer, their consumers): indexes into `edges`. */
  readonly edgesOfInteraction: ReadonlyMap<string, readonly number[]>;
}

interface Pair extends RequestReplyEdge {
  readonly request: ProduceInteraction;
  readonly answer: ProduceInteraction;
}

/**
 * The exchanges to draw as two-way edges. A pair is drawn so only when both its topics carry nothing else: every
 * producer of each is a half of such a pair, and every consumer of each is the other side of one. A topic
 * also used by a third service, or read by a RegExp subscription, keeps its hexagon and its one-way edges,
 * and so do the pairs through it: one exchange is never drawn twice.
 */
export function requestReplyDrawing(interactions: readonly Interaction[]): RequestReplyDrawing {
  const pairs = pairsOf(interactions);
  if (pairs.length === 0) return { edges: [], edgesOfInteraction: new Map() };
  const drawnTopics = new Set([...new Set(pairs.flatMap((pair) => [pair.requestTopic, pair.replyTopic]))].filter((topic) => onlyInPairs(topic, pairs, interactions)));
  const drawn = pairs.filter((pair) => drawnTopics.has(pair.requestTopic) && drawnTopics.has(pair.replyTopic));
  const keyOf = (pair: RequestReplyEdge): string => [pair.requester, pair.answerer, pair.requestTopic, pair.replyTopic].join('\u0000');
  const edgeKeys = [...new Set(drawn.map(keyOf))].sort(compareStrings);
  const edges = edgeKeys.map((key) => drawn.find((pair) => keyOf(pair) === key)!).map(({ requester, answerer, requestTopic, replyTopic }) => ({ requester, answerer, requestTopic, replyTopic }));
  const edgesOfInteraction = new Map<string, number[]>();
  const add = (id: string, index: number): void => {
    const known = edgesOfInteraction.get(id) ?? [];
    if (!known.includes(index)) edgesOfInteraction.set(id, [...known, index]);
  };
  const consumes = interactions.filter((interaction): interaction is ConsumeInteraction => interaction.kind === 'consume');
  for (const pair of drawn) {
    const index = edgeKeys.indexOf(keyOf(pair));
    add(pair.request.id, index);
    add(pair.answer.id, index);
    for (const consume of consumes) {
      if (consume.service === pair.answerer && consume.topic === pair.requestTopic) add(consume.id, index);
      if (consume.service === pair.requester && consume.topic === pair.replyTopic) add(consume.id, index);
    }
  }
  return { edges, edgesOfInteraction };
}

function pairsOf(interactions: readonly Interaction[]): Pair[] {
  const byId = new Map(interactions.map((interaction) => [interaction.id, interaction]));
  const pairs: Pair[] = [];
  for (const request of interactions) {
    if (request.kind !== 'produce' || request.handMadeReply === undefined || request.topic === null) continue;
    for (const id of request.pairedWith ?? []) {
      const answer = byId.get(id);
      if (answer?.kind !== 'produce' || answer.service === request.service) continue;
      // An answer sent to the address the request carried lands on the reply topic the request names.
      const replyTopic = answer.topic ?? (answer.toReplyAddress === true ? request.replyTopic : undefined);
      if (replyTopic === undefined) continue;
      pairs.push({ request, answer, requester: request.service, answerer: answer.service, requestTopic: request.topic, replyTopic });
    }
  }
  return pairs;
}

function onlyInPairs(topic: string, pairs: readonly Pair[], interactions: readonly Interaction[]): boolean {
  const asRequest = pairs.filter((pair) => pair.requestTopic === topic);
  const asReply = pairs.filter((pair) => pair.replyTopic === topic);
  const pairedSends = new Set([...asRequest.map((pair) => pair.request.id), ...asReply.map((pair) => pair.answer.id)]);
  const readers = new Set([...asRequest.map((pair) => pair.answerer), ...asReply.map((pair) => pair.requester)]);
  for (const interaction of interactions) {
    if (interaction.kind === 'produce' && interaction.topic === topic && !pairedSends.has(interaction.id)) return false;
    if (interaction.kind === 'consume' && subscribes(interaction, topic) && (interaction.topic !== topic || !readers.has(interaction.service))) return false;
  }
  // A send to a reply address (`topic: null`) reaches the reply topic only through its pair, counted above.
  return true;
}
