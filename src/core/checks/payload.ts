import type ts from 'typescript';
import type { FileFacts, MessageFact, ProduceFact } from '../model/facts.js';
import { knownString, noEnv, readingsOf, substituteEnv, type Value } from '../model/value.js';
import { propertyNameText, type TS } from '../engine/ast.js';

/** The properties of a message's payload and headers, by name, with the node that sets each. */
export function messageFields(t: TS, message: MessageFact): MessageField[] {
  const fields: MessageField[] = [];
  for (const object of [message.payload, message.headerObject]) {
    if (object === undefined) continue;
    for (const property of object.properties) {
      if (property.name === undefined) continue;
      const name = propertyNameText(t, property.name);
      if (name === undefined) continue;
      const text = message.fieldTexts?.get(property);
      fields.push({ name, node: property, ...(text !== undefined ? { text } : {}) });
    }
  }
  return fields;
}

export interface MessageField {
  readonly name: string;
  /** The property that sets the field. */
  readonly node: ts.Node;
  /** The field's text when the code fixes it (`MessageFact.fieldTexts`: a literal, a constant, or a caller's argument). */
  readonly text?: string;
}

/** `replyTo`, `reply_to`, `Reply-To` all read as `replyto`. */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Payload or header fields that mark a message as expecting a reply (`no-request-reply-over-kafka`'s default). */
export const DEFAULT_CORRELATION_FIELDS: readonly string[] = ['correlationId', 'replyTo', 'replyTopic', 'responseTopic', 'kafka_correlationId', 'kafka_replyTopic'];

/**
 * The field that makes a Kafka send a hand-made request: a correlation id or reply topic in its payload or
 * headers while the same file stores a promise's resolver for a consumer to call. `undefined` otherwise.
 */
export function requestMarker(
  t: TS,
  facts: FileFacts,
  produce: ProduceFact,
  correlationFields: readonly string[],
): { name: string; node: ts.Node } | undefined {
  if (produce.transport !== 'kafka' || produce.expectsReply || produce.handMadeReply !== undefined || facts.storedResolvers.length === 0) return undefined;
  const markers = new Set(correlationFields.map(normalizeFieldName));
  return produce.messages.flatMap((message) => messageFields(t, message)).find((field) => markers.has(normalizeFieldName(field.name)));
}

/**
 * A topic's names when the code fixes them: a literal, a constant, or the fallback of an environment variable
 * (`process.env.TOPIC ?? 'order.confirmed'`), which is the name the code uses when nothing overrides it. One
 * per reading of a topic the code gives in several ways (`ok ? 'order.paid' : 'order.failed'`), `undefined`
 * for a reading that is not known; one for most topics.
 */
export function topicNames(topic: Value): (string | undefined)[] {
  return readingsOf(substituteEnv(topic, noEnv)).map(knownString);
}
