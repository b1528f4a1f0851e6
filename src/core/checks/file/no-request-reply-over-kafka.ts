import { z } from 'zod';
import { describeValue, hasParam, type Value } from '../../model/value.js';
import type { HandMadeReplyForm } from '../../model/facts.js';
import { type FileCheck, type FindingDraft, placeText } from '../check.js';
import { DEFAULT_CORRELATION_FIELDS, requestMarker, topicNames } from '../payload.js';

/** How the caller waits, by the form of the hand-made request. */
const WAITS: Record<HandMadeReplyForm, (through: string) => string> = {
  pending: (through) => `a pending entry in \`${through}\` waits for its reply`,
  event: (through) => `it awaits the reply's event on \`${through}\``,
  polling: (through) => `a loop polls \`${through}\` for the reply`,
};

const options = z
  .object({
    /** Payload or header fields that mark a message as expecting a reply. */
    correlationFields: z.array(z.string()).optional(),
  })
  .strict();

export type NoRequestReplyOverKafkaOptions = z.infer<typeof options>;

/**
 * Mistake 1 of the article: synchronous request-response built on topics. NestJS `send` (with
 * `subscribeToResponseOf`), and hand-made versions: a send that carries a correlation id or reply topic
 * while a pending promise waits for a consumer to resolve it.
 */
export const noRequestReplyOverKafka: FileCheck<NoRequestReplyOverKafkaOptions> = {
  id: 'no-request-reply-over-kafka',
  description: 'Disallow request-response over Kafka topics: use HTTP or gRPC for a query, events for a fact',
  defaultSeverity: 'error',
  recommended: true,
  messages: {
    sendWaitsForReply:
      "`send('{{topic}}')` over Kafka waits for a reply on '{{topic}}.reply': synchronous request-response on an asynchronous channel (the latency of async with the coupling of sync). Call the owner over HTTP/gRPC when you need the answer, or `emit` an event and stop waiting.",
    replySubscription:
      "`subscribeToResponseOf('{{topic}}')` sets up request-response over Kafka. Call the owner over HTTP/gRPC when you need the answer, or publish an event and stop waiting.",
    handMadeRequest:
      "This send to '{{topic}}' is a request made by hand: {{waits}} ({{waitsAt}}) until a consumer answers it ({{answersAt}}). The caller waits on an asynchronous channel, with the latency of async and the coupling of sync, and a restart loses every reply in flight. Call the owner over HTTP/gRPC when you need the answer, or publish an event and stop waiting.",
    correlatedReply:
      "This message to '{{topic}}' carries '{{field}}' while a pending promise waits for a consumer to resolve it: request-response built on topics. Call the owner over HTTP/gRPC when you need the answer.",
  },
  options,
  defaultOptions: {},
  check({ ts, facts, fileName, options: { correlationFields = DEFAULT_CORRELATION_FIELDS } }) {
    const findings: FindingDraft[] = [];
    const kafkaProduces = facts.produces.filter((produce) => produce.transport === 'kafka');
    // The patterns the file's requests name (each reading of one given in several ways); a pattern the code does
    // not fix (a wrapper's parameter) names none, whatever its parameter is called.
    const requested = new Set<string>();
    const patternsOf = (topic: Value): string[] => [
      ...topicNames(topic).flatMap((name) => (name === undefined ? [] : [name])),
      ...(hasParam(topic) ? [] : [describeValue(topic)]),
    ];
    for (const produce of kafkaProduces) {
      if (!produce.expectsReply) continue;
      for (const pattern of patternsOf(produce.topic)) requested.add(pattern);
      findings.push({ node: produce.node, messageId: 'sendWaitsForReply', data: { topic: describeValue(produce.topic) }, subject: produce });
    }
    for (const subscription of facts.replySubscriptions) {
      if (patternsOf(subscription.topic).some((pattern) => requested.has(pattern))) continue;
      findings.push({ node: subscription.node, messageId: 'replySubscription', data: { topic: describeValue(subscription.topic) } });
    }
    for (const produce of kafkaProduces) {
      const reply = produce.handMadeReply;
      if (reply !== undefined) {
        const data = { topic: describeValue(produce.topic), waits: WAITS[reply.form](reply.through), waitsAt: placeText(produce.node, reply.waits, fileName), answersAt: placeText(produce.node, reply.answers, fileName) };
        findings.push({ node: produce.node, messageId: 'handMadeRequest', data, subject: produce });
        continue;
      }
      const marker = requestMarker(ts, facts, produce, correlationFields);
      if (marker) {
        findings.push({ node: produce.node, messageId: 'correlatedReply', data: { topic: describeValue(produce.topic), field: marker.name }, subject: produce });
      }
    }
    return findings;
  },
};
