import { z } from 'zod';
import type { ConsumeInteraction, ProduceInteraction } from '../../model/result.js';
import { subscribes } from '../../model/topics.js';
import type { ProjectCheck, ProjectFindingDraft } from '../check.js';

const options = z.object({}).strict();

/**
 * A request sent over Kafka (NestJS `send`) waits for a reply on `<topic>.reply`. Without a handler
 * that replies, every call waits for its timeout: a failure the map can show before production does. A
 * hand-made request (a pending map, a reply event, polling) is answered by code: any consumer of its topic
 * may send the reply, so only a request nobody consumes is reported.
 */
export const noUnhandledRequest: ProjectCheck<z.infer<typeof options>> = {
  id: 'no-unhandled-request',
  description: 'Report requests over Kafka that no handler in the repository answers',
  defaultSeverity: 'error',
  messages: {
    noHandler:
      "Request '{{topic}}' has no handler in this repository: the caller waits on '{{topic}}.reply' until it times out. Add the @MessagePattern handler, or call the owner over HTTP.",
    noConsumer:
      "Request '{{topic}}' has no consumer in this repository: the caller waits for a reply that never comes, until it times out. Add the consumer that answers it, or call the owner over HTTP.",
    handlerDoesNotReply:
      "Request '{{topic}}' is only handled by an event handler (@EventPattern), which never replies: the caller waits on '{{topic}}.reply' until it times out.",
  },
  options,
  defaultOptions: {},
  check({ result }) {
    const consumes = result.interactions.filter((i): i is ConsumeInteraction => i.kind === 'consume');
    // A subscription whose topic is unknown might be the handler.
    if (consumes.some((consume) => consume.topic === null && consume.topicPattern === undefined)) return [];
    const findings: ProjectFindingDraft[] = [];
    for (const request of result.interactions.filter((i): i is ProduceInteraction => i.kind === 'produce' && i.expectsReply === true)) {
      const topic = request.topic;
      if (topic === null) continue;
      const handlers = consumes.filter((consume) => subscribes(consume, topic));
      if (handlers.some((handler) => handler.role === 'request')) continue;
      // A hand-made request is answered by whatever consumes it, with a send of its own.
      const handMade = request.handMadeReply !== undefined;
      if (handMade && handlers.length > 0) continue;
      findings.push({
        messageId: handMade ? 'noConsumer' : handlers.length > 0 ? 'handlerDoesNotReply' : 'noHandler',
        data: { topic },
        location: request.location,
        service: request.service,
        interactionId: request.id,
      });
    }
    return findings;
  },
};
