import type ts from 'typescript';
import { z } from 'zod';
import type { FileCheck, FindingDraft } from '../check.js';
import { DEFAULT_CORRELATION_FIELDS, messageFields, normalizeFieldName, requestMarker, topicNames } from '../payload.js';
import { commandWordOf, DEFAULT_COMMAND_VERBS, readsAsFact } from '../vocabulary.js';

const options = z
  .object({
    /** Payload fields that by themselves instruct consumers (`action: 'SEND_EMAIL'`). */
    commandFields: z.array(z.string()).optional(),
    /** Payload fields that instruct when two or more appear together (`template` + `recipient`). */
    instructionFields: z.array(z.string()).optional(),
    /** Payload fields holding the event's name, judged like topic names. */
    typeFields: z.array(z.string()).optional(),
    /** Verbs that make a name an order (`send` in `SendWelcomeEmail`). */
    commandVerbs: z.array(z.string()).optional(),
    /** Topic or event names never reported. */
    allowNames: z.array(z.string()).optional(),
  })
  .strict();

export type NoCommandsInEventsOptions = z.infer<typeof options>;

/** The field lists used when an option is not given (each option replaces its list). */
export const DEFAULT_EVENT_FIELDS: Readonly<Record<'commandFields' | 'instructionFields' | 'typeFields', readonly string[]>> = {
  commandFields: ['action', 'command', 'cmd', 'instruction'],
  instructionFields: ['template', 'templateId', 'recipient', 'recipients'],
  typeFields: ['type', 'eventType', 'eventName', 'event'],
};

/**
 * Mistake 2 of the article: events that instruct rather than describe. The producer that says
 * `action: 'SEND_EMAIL'` knows what its consumers do, which is the coupling events exist to remove.
 */
export const noCommandsInEvents: FileCheck<NoCommandsInEventsOptions> = {
  id: 'no-commands-in-events',
  description: 'Disallow events that carry commands or are named as orders instead of facts',
  defaultSeverity: 'warn',
  recommended: true,
  messages: {
    commandField:
      "Event payload field '{{field}}' tells consumers what to do, so the producer now knows its consumers' work. Publish what happened (with its data) and let each consumer decide.",
    instructionFields:
      'Event payload carries delivery instructions ({{fields}}): that is a command to one consumer, not a fact. Publish what happened and let the consumer choose its template and recipient.',
    imperativeType:
      "Event type '{{name}}' is an order ('{{verb}}'), not a fact: name events after what happened ('UserRegistered'), not what someone should do.",
    imperativeKey:
      "Message key '{{name}}' is a fixed name, not the id of what the message is about, and names the event as an order ('{{verb}}'), not a fact: name events after what happened ('order.created'), and key messages by the entity they are about.",
    imperativeTopic:
      "Topic '{{name}}' is named as an order ('{{verb}}'), not a fact: name event topics after what happened ('user.registered'), and send commands to their owner over HTTP/gRPC.",
  },
  options,
  defaultOptions: {},
  check({ ts, facts, options: userOptions }) {
    const commandFields = new Set((userOptions.commandFields ?? DEFAULT_EVENT_FIELDS.commandFields).map(normalizeFieldName));
    const instructionFields = new Set((userOptions.instructionFields ?? DEFAULT_EVENT_FIELDS.instructionFields).map(normalizeFieldName));
    const typeFields = new Set((userOptions.typeFields ?? DEFAULT_EVENT_FIELDS.typeFields).map(normalizeFieldName));
    const verbs = new Set((userOptions.commandVerbs ?? DEFAULT_COMMAND_VERBS).map((verb) => verb.toLowerCase()));
    const allowed = new Set(userOptions.allowNames ?? []);
    const commandWord = (name: string) => (allowed.has(name) ? undefined : commandWordOf(name, verbs));

    const findings: FindingDraft[] = [];
    for (const produce of facts.produces) {
      // A request (NestJS `send`, or a hand-made one with a correlation id and a pending promise) is a
      // command by design; no-request-reply-over-kafka speaks to it, with its default correlation fields.
      if (produce.expectsReply || produce.handMadeReply !== undefined || requestMarker(ts, facts, produce, DEFAULT_CORRELATION_FIELDS)) continue;
      // Each reading of a topic given in several ways is a topic the send may use; one finding for the send
      // names the first reading that is an order (`email.send.retry.1` of `RETRY_TOPICS[attempt - 1]`).
      const ordering = topicNames(produce.topic).flatMap((topic) => {
        const verb = topic === undefined ? undefined : commandWord(topic);
        return topic !== undefined && verb !== undefined ? [{ name: topic, verb }] : [];
      })[0];
      if (ordering !== undefined) findings.push({ node: produce.node, messageId: 'imperativeTopic', data: ordering, subject: produce });
      for (const message of produce.messages) {
        // A payload declared in another file (seen with types) is reported where this file sends it.
        const here = (node: ts.Node): ts.Node => (node.getSourceFile() === produce.node.getSourceFile() ? node : (message.value ?? message.node));
        const fields = messageFields(ts, message);
        const instructions = fields.filter((field) => instructionFields.has(normalizeFieldName(field.name)));
        for (const field of fields) {
          const normalized = normalizeFieldName(field.name);
          if (commandFields.has(normalized)) {
            // `action: 'opened'` (GitHub webhooks, audit logs) says what happened; any other value instructs.
            // The text may be a constant's, or what a wrapper's caller passes (`produceEvent(topic, 'created', order)`).
            if (field.text !== undefined && readsAsFact(field.text)) continue;
            findings.push({ node: here(field.node), messageId: 'commandField', data: { field: field.name }, subject: produce });
          } else if (typeFields.has(normalized) && field.text !== undefined) {
            const verb = commandWord(field.text);
            if (verb) findings.push({ node: here(field.node), messageId: 'imperativeType', data: { name: field.text, verb }, subject: produce });
          }
        }
        // A key that is the same for every message names the kind of message (`key: OrderEvent.CREATE_ORDER`).
        const keyVerb = message.keyText === undefined ? undefined : commandWord(message.keyText);
        if (keyVerb !== undefined && message.keyExpression !== undefined) {
          findings.push({ node: here(message.keyExpression), messageId: 'imperativeKey', data: { name: message.keyText!, verb: keyVerb }, subject: produce });
        }
        if (instructions.length >= 2) {
          findings.push({
            node: here(instructions[0]!.node),
            messageId: 'instructionFields',
            data: { fields: instructions.map((field) => field.name).join(', ') },
            subject: produce,
          });
        }
      }
    }
    return findings;
  },
};
