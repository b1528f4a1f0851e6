import type ts from 'typescript';
import type { MessageFact } from '../model/facts.js';
import { propertyNameText, type TS } from '../engine/ast.js';

/** The properties of a message's payload and headers, by name, with the node that sets each. */
export function messageFields(t: TS, message: MessageFact): { name: string; node: ts.Node; initializer?: ts.Expression }[] {
  const fields: { name: string; node: ts.Node; initializer?: ts.Expression }[] = [];
  for (const object of [message.payload, message.headerObject]) {
    if (object === undefined) continue;
    for (const property of object.properties) {
      if (property.name === undefined) continue;
      const name = propertyNameText(t, property.name);
      if (name === undefined) continue;
      fields.push({ name, node: property, ...(t.isPropertyAssignment(property) ? { initializer: property.initializer } : {}) });
    }
  }
  return fields;
}

/** `replyTo`, `reply_to`, `Reply-To` all read as `replyto`. */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
