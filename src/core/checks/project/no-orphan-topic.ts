import picomatch from 'picomatch';
import { z } from 'zod';
import type { ConsumeInteraction, ProduceInteraction } from '../../model/result.js';
import { subscribes } from '../../model/topics.js';
import { effectiveTopics } from '../../graph/request-reply.js';
import type { ProjectCheck, ProjectFindingDraft } from '../check.js';

const options = z
  .object({
    /** Topics exchanged with systems outside this repository: glob patterns such as `partner.*`. */
    ignoreTopics: z.array(z.string()).optional(),
  })
  .strict();

export type NoOrphanTopicOptions = z.infer<typeof options>;

/**
 * Events published that nobody acts on, and handlers waiting for events nobody publishes: on the map they
 * are dead ends, in production usually a renamed topic or a forgotten consumer. A send or subscription
 * whose topic could not be resolved might be the missing side, so while one exists that side is not
 * reported. A reply sent to the address its request carried counts as a send to the reply topic the request
 * names. Requests are no-unhandled-request's business.
 */
export const noOrphanTopic: ProjectCheck<NoOrphanTopicOptions> = {
  id: 'no-orphan-topic',
  description: 'Report topics produced but never consumed, and consumed but never produced, in the repository',
  defaultSeverity: 'warn',
  messages: {
    neverConsumed: "Topic '{{topic}}' is produced here but no service of this repository consumes it: a renamed topic, a forgotten consumer, or an event nobody needs.",
    neverProduced: "Topic '{{topic}}' is consumed here but no service of this repository produces it: a renamed topic, or a producer outside the repository (then list it in ignoreTopics).",
  },
  options,
  defaultOptions: {},
  check({ result, options: { ignoreTopics = [] } }) {
    const ignored = ignoreTopics.length > 0 ? picomatch(ignoreTopics, { dot: true }) : () => false;
    const produces = result.interactions.filter((i): i is ProduceInteraction => i.kind === 'produce' && i.expectsReply !== true);
    const consumes = result.interactions.filter((i): i is ConsumeInteraction => i.kind === 'consume');
    const someConsumeUnresolved = consumes.some((consume) => consume.topic === null && consume.topicPattern === undefined);
    // A reply sent to the address its request carried reaches the reply topic that request names.
    const byId = new Map(result.interactions.map((interaction) => [interaction.id, interaction]));
    const reached = produces.map((produce) => effectiveTopics(produce, byId));
    const someProduceUnresolved = reached.some((topics) => topics.length === 0);
    // A request's topic is produced too: its consumers are not orphans.
    const requests = result.interactions.filter((i): i is ProduceInteraction => i.kind === 'produce' && i.expectsReply === true && i.topic !== null);
    const producedTopics = new Set([...reached.flat(), ...requests.map((request) => request.topic!)]);
    const findings: ProjectFindingDraft[] = [];
    if (!someConsumeUnresolved) {
      for (const produce of produces) {
        const topic = produce.topic;
        if (topic === null || ignored(topic) || consumes.some((consume) => subscribes(consume, topic))) continue;
        findings.push({ messageId: 'neverConsumed', data: { topic }, location: produce.location, service: produce.service, interactionId: produce.id });
      }
    }
    if (!someProduceUnresolved) {
      for (const consume of consumes) {
        const topic = consume.topic;
        // Requests are the business of no-unhandled-request; patterns may match topics of other systems.
        if (topic === null || consume.role === 'request' || ignored(topic) || producedTopics.has(topic)) continue;
        findings.push({ messageId: 'neverProduced', data: { topic }, location: consume.location, service: consume.service, interactionId: consume.id });
      }
    }
    return findings;
  },
};
