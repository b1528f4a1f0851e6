import picomatch from 'picomatch';
import { z } from 'zod';
import { describeValue } from '../../model/value.js';
import type { FileCheck, FindingDraft } from '../check.js';
import { topicNames } from '../payload.js';

const options = z
  .object({
    /** Topics where order does not matter (metrics, logs): glob patterns such as `metrics.*`. */
    ignoreTopics: z.array(z.string()).optional(),
  })
  .strict();

export type RequirePartitionKeyOptions = z.infer<typeof options>;

/** Mistake 3 of the article: a Kafka message sent without a key loses per-entity ordering. */
export const requirePartitionKey: FileCheck<RequirePartitionKeyOptions> = {
  id: 'require-partition-key',
  description: 'Require a partition key on every Kafka message, so events of one entity stay in order',
  defaultSeverity: 'error',
  recommended: true,
  messages: {
    missingKey:
      "Message to '{{topic}}' has no partition key: Kafka spreads un-keyed messages over partitions, so events of one entity can be processed out of order. Key it by the entity id (`key: order.id`).",
  },
  options,
  defaultOptions: {},
  check({ ts, facts, options: { ignoreTopics = [] } }) {
    const ignored = ignoreTopics.length > 0 ? picomatch(ignoreTopics, { dot: true }) : () => false;
    const findings: FindingDraft[] = [];
    for (const produce of facts.produces) {
      if (produce.transport !== 'kafka') continue;
      // A topic given in several ways is left alone only when every reading is one to ignore.
      if (topicNames(produce.topic).every((topic) => topic !== undefined && ignored(topic))) continue;
      for (const message of produce.messages) {
        if (message.key !== 'absent') continue;
        // `orders.map((order) => ({ value }))`: point at the message object, not its parentheses.
        let node = message.node;
        while (ts.isParenthesizedExpression(node)) node = node.expression;
        findings.push({ node, messageId: 'missingKey', data: { topic: describeValue(produce.topic) }, subject: produce });
      }
    }
    return findings;
  },
};
