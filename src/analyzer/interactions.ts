import type ts from 'typescript';
import { type HttpTarget, isStaticAsset, settlePathParameters } from '../core/graph/http-target.js';
import { compareStrings } from '../core/model/compare.js';
import type { ConsumeFact, HandMadeReply, HttpCallFact, InteractionFact, KeyPresence, MessageFact, ProduceFact } from '../core/model/facts.js';
import type { Interaction, ProduceInteraction } from '../core/model/result.js';
import { describeValue, knownString, readingsOf, type Value } from '../core/model/value.js';
import { type Placed, type Placer, portDecisions } from './placement.js';
import { compareLocations, type ScannedFile } from './scanned-file.js';
import type { RepliesAtCalls } from './replies.js';
import { type FieldsAtCallSite, type GivenField, type MessagesAtCalls, type SendAtCallSite, withGivenField } from './wrapper-sends.js';

/*
 * The fourth stage: the interactions of the model, one per placed fact, sorted by place and given stable
 * ids.
 */

type Pair = [InteractionFact, Interaction];

/**
 * How an HTTP call's target and route were decided, kept beside the model so that a merge of parts decides
 * them again with what every part knows: the path it asks for (behind an nginx, the path it proxies to),
 * and for a loopback URL the target before the port table decided it.
 */
export interface HttpLink {
  readonly requestPath: string | null;
  readonly beforePort?: HttpTarget;
}

export const httpLinks = new WeakMap<Interaction, HttpLink>();

/** How a wrapper's send is read again at each call that places it: its messages, and the wait it belongs to. */
export interface AtCalls {
  readonly messagesAt: MessagesAtCalls;
  readonly repliesAt: RepliesAtCalls;
  /** The message fields a send's callers give (`fieldsGivenByCallers`). */
  readonly fieldsGiven: (fact: ProduceFact) => GivenField[];
  /** Whether a message has a key at a call of the function it is in, its key given by that call (`keysAtCalls`). */
  readonly keyAt: (message: MessageFact, calls: readonly ts.Node[]) => KeyPresence;
  /** Sends left where they are written whose fields callers fill in, one per call (see `FieldsAtCallSite`). */
  readonly fieldSites: FieldsAtCallSite[];
}

/**
 * The interactions of a file's facts, each paired with the fact it stands for. A send placed at its
 * wrapper's call sites stands for a copy of the fact with the caller's values, recorded in `callSites` so
 * that the checks can look at each call as the caller makes it.
 */
export function toInteractions(file: ScannedFile, placer: Placer, callSites: SendAtCallSite[], atCalls: AtCalls): Pair[] {
  return [
    ...file.facts.http.flatMap((fact) => httpInteractions(file, fact, placer)),
    ...file.facts.produces.flatMap((fact) => produceInteractions(file, fact, placer, callSites, atCalls)),
    ...file.facts.consumes.flatMap((fact) => consumeInteractions(file, fact, placer)),
  ];
}

/** What every interaction has: who makes it, with which library, where (the id comes with sorting). */
function common(fact: InteractionFact, placed: Placed) {
  return {
    id: '',
    service: placed.service.name,
    library: fact.library,
    location: placed.location,
    ...(placed.via ? { via: placed.via } : {}),
  };
}

function httpInteractions(file: ScannedFile, fact: HttpCallFact, placer: Placer): Pair[] {
  const result: Pair[] = [];
  const settle = ([method, url]: readonly Value[]) => [method!, settlePathParameters(url!)];
  // A caller decides a call when its reading names a target, or a page's own asset (dropped below).
  const decides = (placed: Placed) => isStaticAsset(placed.values[1]!) || placer.targetOf(placed.rawValues[1]!, placed.service).targetKind !== 'unresolved';
  for (const placed of placer.place(file, fact.node, [fact.method, fact.url], settle, decides)) {
    const [methodValue, url] = placed.values as [Value, Value];
    // A page loading its own template or data file talks to no service.
    if (isStaticAsset(url)) continue;
    // A method bound from a wrapper's caller (`request('post', url)`) is written as the caller wrote it.
    const method = resolved(methodValue);
    const methodText = method.text?.toUpperCase() ?? null;
    const target = placer.targetOf(placed.rawValues[1]!, placed.service);
    const route = placer.routeOf(methodText, target);
    const unresolved: Record<string, string> = {};
    if (method.source !== undefined) unresolved.method = method.source;
    if (target.targetKind === 'unresolved') unresolved.url = [target.unresolved ?? describeValue(url), placed.undecided].filter(Boolean).join(': ');
    const interaction: Interaction = {
        ...common(fact, placed),
        kind: 'http',
        method: methodText,
        url: target.url,
        path: target.path,
        target: target.target,
        targetKind: target.targetKind,
        targetVia: target.via,
        ...(target.candidates && target.candidates.length > 0 ? { candidates: target.candidates } : {}),
        ...(route !== undefined ? { route } : {}),
        ...(Object.keys(unresolved).length > 0 ? { unresolved } : {}),
        ...(target.candidates ? { candidates: target.candidates } : {}),
    };
    const requestPath = target.upstreamPath ?? target.path;
    const beforePort = portDecisions.get(target);
    if (beforePort !== undefined || (target.targetKind !== 'unresolved' && requestPath !== null)) httpLinks.set(interaction, { requestPath, ...(beforePort ? { beforePort } : {}) });
    result.push([fact, interaction]);
  }
  return result;
}

function produceInteractions(file: ScannedFile, fact: ProduceFact, placer: Placer, callSites: SendAtCallSite[], atCalls: AtCalls): Pair[] {
  const result: Pair[] = [];
  // The reply topic is placed with the topic: a wrapper's caller may give both.
  const placements = placer.place(file, fact.node, fact.replyTopic ? [fact.topic, fact.replyTopic] : [fact.topic]);
  const atCallSites = placements.some((placed) => placed.via !== undefined);
  for (const placed of placements) {
    const messages = atCallSites ? atCalls.messagesAt(fact, placed.calls) : undefined;
    // Each caller's own arguments decide whether its call is a request the caller waits on.
    const standsFor: ProduceFact = atCallSites
      ? atCalls.repliesAt(
          {
            ...fact,
            topic: placed.values[0]!,
            ...(placed.values[1] ? { replyTopic: placed.values[1] } : {}),
            ...(messages ? { messages: messages.messages, messagesUnknown: messages.unknown } : {}),
          },
          placed.calls,
        )
      : fact;
    if (atCallSites) callSites.push({ original: fact, placed: standsFor });
    else fieldsAtCalls(file, fact, placer, atCalls);
    // A topic with several readings is a send to each: one interaction per reading, all of one fact.
    for (const { topic, replyTopic, candidates } of topicReadings(placed.values[0]!, placed.values[1])) {
      result.push([
        standsFor,
        {
          ...common(fact, placed),
          kind: 'produce',
          topic: topic.text,
          key: keyOf(standsFor),
          ...(fact.expectsReply || standsFor.handMadeReply ? { expectsReply: true } : {}),
          ...(standsFor.handMadeReply ? { handMadeReply: handMadeReplyOf(standsFor.handMadeReply, placer) } : {}),
          ...replyTopicField(replyTopic),
          ...(standsFor.toReplyAddress ? { toReplyAddress: true } : {}),
          ...(topic.source !== undefined ? { unresolved: { topic: topic.source } } : {}),
          ...(candidates ? { candidates } : {}),
        },
      ]);
    }
  }
  return result;
}

/**
 * A send that stays where it is written, read at the calls that fill in its message's fields: each field is
 * placed on its own, so it is read at the call that fixes its text (`updateHttpResponse(p)` calling
 * `createEvent(p, 'updateHttpResponse')`), not further out where another field is given.
 */
function fieldsAtCalls(file: ScannedFile, fact: ProduceFact, placer: Placer, atCalls: AtCalls): void {
  for (const given of atCalls.fieldsGiven(fact)) {
    for (const placed of placer.place(file, fact.node, [given.value])) {
      const atCall = placed.via === undefined ? undefined : atCalls.messagesAt(fact, placed.calls);
      if (atCall === undefined) continue;
      const messages = withGivenField(fact, given, atCall.messages, given.field === 'key' ? atCalls.keyAt(given.message, placed.calls) : 'unknown');
      if (messages.every((message, i) => message === fact.messages[i])) continue;
      atCalls.fieldSites.push({ original: fact, placed: { ...fact, messages }, location: placed.location, service: placed.service.name });
    }
  }
}

function consumeInteractions(file: ScannedFile, fact: ConsumeFact, placer: Placer): Pair[] {
  const result: Pair[] = [];
  for (const placed of placer.place(file, fact.node, fact.replyTopic ? [fact.topic, fact.replyTopic] : [fact.topic])) {
    for (const { value, topic, replyTopic, candidates } of topicReadings(placed.values[0]!, placed.values[1])) {
      const pattern = value.kind === 'regexp' ? `/${value.source}/${value.flags}` : undefined;
      result.push([
        fact,
        {
          ...common(fact, placed),
          kind: 'consume',
          topic: topic.text,
          role: fact.role,
          ...(pattern !== undefined ? { topicPattern: pattern } : {}),
          ...replyTopicField(replyTopic),
          ...(topic.source !== undefined && pattern === undefined ? { unresolved: { topic: topic.source } } : {}),
          ...(candidates ? { candidates } : {}),
        },
      ]);
    }
  }
  return result;
}

/**
 * The readings of a topic: one for most topics; for a topic the code gives in several ways
 * (`isValid ? Topics.PAID : Topics.FAILED`), one per reading, each with its reply topic and the list of all
 * of them. A send or subscription on such a topic uses one of them at run time: the map draws each, and
 * `candidates` says that they are alternatives. When some reading is not known (`known ? row.topic :
 * Topics.OUTBOX`), the topic is not known either: one unresolved interaction, its candidates listed.
 */
function topicReadings(topic: Value, replyTopic: Value | undefined): { value: Value; topic: ReturnType<typeof resolved>; replyTopic: Value | undefined; candidates?: string[] }[] {
  const readings = readingsOf(topic);
  if (readings.length === 1) return [{ value: topic, topic: resolved(topic), replyTopic }];
  const candidates = readings.map((reading) => knownString(reading) ?? (reading.kind === 'regexp' ? describeValue(reading) : `{${describeValue(reading)}}`));
  if (!readings.every((reading) => reading.kind === 'string' || reading.kind === 'regexp')) return [{ value: topic, topic: resolved(topic), replyTopic, candidates }];
  const replies = replyTopic === undefined ? [] : readingsOf(replyTopic);
  return readings.map((reading, i) => ({ value: reading, topic: resolved(reading), replyTopic: replies.length === readings.length ? replies[i] : replyTopic, candidates }));
}

function keyOf(produce: ProduceFact): KeyPresence {
  if (produce.messages.length === 0) return 'unknown';
  if (produce.messages.some((message) => message.key === 'absent')) return 'absent';
  if (produce.messages.every((message) => message.key === 'present') && !produce.messagesUnknown) return 'present';
  return produce.messages.some((message) => message.key === 'unknown') || produce.messagesUnknown ? 'unknown' : 'present';
}

/** Where a hand-made request waits and where a consumer answers it, as places of the model. */
function handMadeReplyOf(reply: HandMadeReply, placer: Placer): NonNullable<ProduceInteraction['handMadeReply']> {
  return { form: reply.form, waits: placer.locate(reply.waits), answers: placer.locate(reply.answers) };
}

/** A value as the JSON model writes it: the string, or `null` with its source text kept aside. */
function resolved(value: Value): { text: string | null; source?: string } {
  const text = knownString(value);
  return text !== undefined ? { text } : { text: null, source: describeValue(value) };
}

/** The reply topic, when the library fixes one and it is known. */
function replyTopicField(replyTopic: Value | undefined): { replyTopic?: string } {
  const known = replyTopic && knownString(replyTopic);
  return known !== undefined ? { replyTopic: known } : {};
}

function interactionSortKey(interaction: Interaction): string {
  switch (interaction.kind) {
    case 'http':
      return `http ${interaction.method ?? ''} ${interaction.url ?? interaction.path ?? ''}`;
    default:
      return `${interaction.kind} ${interaction.topic ?? interaction.unresolved?.topic ?? ''}`;
  }
}

/** The order of interactions in a result: by place, then endpoint, then the wrapper's call, then service. */
export function compareInteractions(a: Interaction, b: Interaction): number {
  return (
    compareLocations(a.location, b.location) ||
    compareStrings(interactionSortKey(a), interactionSortKey(b)) ||
    compareLocations(a.via ?? a.location, b.via ?? b.location) ||
    compareStrings(a.service, b.service)
  );
}

/**
 * Sorts interactions by place and gives each a stable id (`kind:file:line:column`, `#2` for a second one at
 * the same call), and remembers which fact became which id so findings can point at their interaction.
 */
/**
 * Ids given in sorted order: `kind:file:line:column` for the first interaction at a place, then `#2`, `#3`
 * (a shared module run by several services). One rule for one analysis (`identify`) and for merged parts.
 */
export function idNumbering(): (interaction: Pick<Interaction, 'kind' | 'location'>) => string {
  const seen = new Map<string, number>();
  return ({ kind, location: { file, line, column } }) => {
    const base = `${kind}:${file}:${line}:${column}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  };
}

export function identify(pairs: Pair[]): { interactions: Interaction[]; interactionIds: Map<InteractionFact, string> } {
  const sorted = pairs.map(([fact, interaction]) => ({ fact, interaction })).sort((a, b) => compareInteractions(a.interaction, b.interaction));
  const nextId = idNumbering();
  const idBySameness = new Map<string, string>();
  const interactionIds = new Map<InteractionFact, string>();
  const interactions: Interaction[] = [];
  for (const { fact, interaction } of sorted) {
    const { file, line, column } = interaction.location;
    // One call site reaching one endpoint is one interaction, even when the wrapper it calls has two library
    // calls for it (a request and its retry): the first, by place of the library call, stands for both. A
    // shared module run by several services makes one interaction per service.
    const sameness = `${interaction.kind}:${file}:${line}:${column}:${interaction.service}:${sameEndpoint(interaction)}`;
    const existing = idBySameness.get(sameness);
    if (existing !== undefined) {
      if (!interactionIds.has(fact)) interactionIds.set(fact, existing);
      continue;
    }
    const id = nextId(interaction);
    idBySameness.set(sameness, id);
    if (!interactionIds.has(fact)) interactionIds.set(fact, id);
    const identified = inFieldOrder({ ...interaction, id });
    const link = httpLinks.get(interaction);
    if (link !== undefined) httpLinks.set(identified, link);
    interactions.push(identified);
  }
  return { interactions, interactionIds };
}

/** What makes two interactions at one place different: the endpoint or topic they reach, and how. */
function sameEndpoint(interaction: Interaction): string {
  switch (interaction.kind) {
    case 'http':
      return JSON.stringify([interaction.method, interaction.url, interaction.path, interaction.target, interaction.unresolved]);
    case 'produce':
      return JSON.stringify([interaction.topic, interaction.key, interaction.expectsReply, interaction.unresolved]);
    case 'consume':
      return JSON.stringify([interaction.topic, interaction.topicPattern, interaction.role, interaction.unresolved]);
  }
}

/** The same fields in the order the README documents them: identity, kind, who, what, where. */
export function inFieldOrder(interaction: Interaction): Interaction {
  const { id, kind, service, library, location, via, unresolved, candidates, ...specific } = interaction;
  return {
    id,
    kind,
    service,
    library,
    ...specific,
    location,
    ...(via ? { via } : {}),
    ...(unresolved ? { unresolved } : {}),
    ...(candidates ? { candidates } : {}),
  } as Interaction;
}

