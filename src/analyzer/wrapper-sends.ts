import type ts from 'typescript';
import type { FindingDraft } from '../core/checks/check.js';
import { FILE_CHECKS } from '../core/checks/index.js';
import { findProperty, propertyInitializer, propertyValueExpression, type TS, unwrapExpression } from '../core/engine/ast.js';
import type { Detector, MessageScan } from '../core/engine/detector.js';
import type { ValueEvaluator } from '../core/engine/values.js';
import { isCallback } from '../core/detectors/kafka-messages.js';
import { findingOf, isInFile } from '../core/host.js';
import type { FileFacts, InteractionFact, KeyPresence, MessageFact, ProduceFact } from '../core/model/facts.js';
import { knownString, type Value } from '../core/model/value.js';
import type { Finding, Interaction } from '../core/model/result.js';
import type { RuleSetting } from './config.js';
import { analyzerTs } from './project.js';
import { locationOf, type ScannedFile } from './scanned-file.js';
import type { Location } from '../core/model/result.js';

/*
 * What a wrapper's send becomes at each call of the wrapper: the messages the caller passes, and the
 * per-file checks run on the send as that caller makes it.
 */

/** A wrapper's send as one of its callers makes it: the caller's topic in place of the wrapper's parameter. */
export interface SendAtCallSite {
  readonly original: ProduceFact;
  readonly placed: ProduceFact;
}

/**
 * A send whose topic is fixed where it is written but whose message fields its callers fill in
 * (`createEvent(order, 'updateHttpResponse')` writing `{ eventType: event }`): the send as that caller makes
 * it, and the call. The interaction stays at the send; what only the caller's values make wrong is reported
 * at the call.
 */
export interface FieldsAtCallSite extends SendAtCallSite {
  readonly location: Location;
  readonly service: string;
}

/** A message field (or the key) of a send whose value its callers give: a parameter, or a member of one. */
export interface GivenField {
  readonly value: Value;
  readonly message: MessageFact;
  /** The property that sets the field, or `'key'`. */
  readonly field: ts.Node | 'key';
}

/**
 * The message fields and keys of a send that its callers give, where the code fixes no text for them: what
 * placing the send's fields at its callers binds, one field at a time.
 */
export function fieldsGivenByCallers(evaluator: ValueEvaluator, scan: MessageScan): (fact: ProduceFact) => GivenField[] {
  const t = scan.ts;
  const given = (message: MessageFact, field: ts.Node | 'key', expression: ts.Expression | undefined): GivenField[] => {
    const value = expression === undefined ? undefined : evaluator.evaluate(expression);
    return value?.kind === 'param' ? [{ value, message, field }] : [];
  };
  return (fact) =>
    fact.messages.flatMap((message) => [
      ...[message.payload, message.headerObject]
        .flatMap((object) => object?.properties ?? [])
        .filter((property) => message.fieldTexts?.has(property) !== true)
        .flatMap((property) => given(message, property, propertyValueExpression(t, property))),
      ...(message.keyText === undefined ? given(message, 'key', message.keyExpression) : []),
    ]);
}

/**
 * The messages of a send with what one caller gives `field`, and nothing else of that caller's: the field's
 * text, or for the key its text and whether the caller's value has one at all (`key: order.orderId` where a
 * caller passes `{ requestId, message }`: no key).
 */
export function withGivenField(fact: ProduceFact, given: GivenField, atCall: readonly MessageFact[], keyPresence: KeyPresence): MessageFact[] {
  return fact.messages.map((message, i) => {
    const called = atCall[i];
    if (message !== given.message || called === undefined) return message;
    if (given.field === 'key') {
      const key = keyPresence === 'unknown' ? message.key : keyPresence;
      if (called.keyText === undefined && key === message.key) return message;
      return { ...message, key, ...(called.keyText !== undefined ? { keyText: called.keyText } : {}) };
    }
    const text = called.fieldTexts?.get(given.field);
    return text === undefined ? message : { ...message, fieldTexts: new Map([...(message.fieldTexts ?? []), [given.field, text]]) };
  });
}

export type MessagesAtCalls = (fact: ProduceFact, calls: readonly ts.Node[]) => { messages: MessageFact[]; unknown: boolean } | undefined;

/**
 * The messages of a wrapper's send as a caller passes them: the parameter the send took them from is
 * followed out through the calls it was bound through (`produce(record)` called with `{ topic, messages:
 * [...] }`, or with a caller's own parameter, bound one call further out), and the expression found there is
 * read by the library's detector. `undefined` when the messages are not a parameter's or cannot be followed.
 */
export function messagesAtCalls(detectors: readonly Detector[], evaluator: ValueEvaluator, scan: MessageScan): MessagesAtCalls {
  const t = scan.ts;
  const readers = new Map(detectors.flatMap((detector) => (detector.messagesAt ? [[detector.library, detector.messagesAt] as const] : [])));
  /** The expression at `path` inside an object literal, and how much of the path is left when it is not one. */
  const follow = (expression: ts.Expression, path: readonly string[]): { expression: ts.Expression; rest: readonly string[] } | undefined => {
    let current = expression;
    for (let i = 0; i < path.length; i++) {
      const object = scan.definition(current);
      if (!t.isObjectLiteralExpression(object)) return { expression: current, rest: path.slice(i) };
      const property = propertyInitializer(t, object, path[i]!);
      if (property === undefined) return undefined;
      current = property;
    }
    return { expression: current, rest: [] };
  };
  const keys = keysAtCalls(evaluator, scan);
  const texts = fieldTextsAtCalls(evaluator, scan, follow);
  return (fact, calls) => {
    if (calls.length === 0) return undefined;
    // Messages written in the wrapper, with a key its callers give (`key: options?.key`) and fields they fill in
    // (`produceEvent('orders', 'created', order)` writing `{ action, order }`).
    const written = fact.messages.map((message) => {
      const keyed = message.keyFromCaller === true ? { ...message, key: keys(message, calls) } : message;
      const filled = texts(message, calls);
      return filled === undefined ? keyed : { ...keyed, ...filled };
    });
    if (written.some((message, i) => message !== fact.messages[i])) return { messages: written, unknown: fact.messagesUnknown };
    const read = readers.get(fact.library);
    if (read === undefined || fact.messagesSource === undefined) return undefined;
    let value = evaluator.evaluate(fact.messagesSource.expression);
    let path = fact.messagesSource.path;
    for (const [i, call] of calls.entries()) {
      if (value.kind !== 'param' || !(t.isCallExpression(call) || t.isNewExpression(call))) return undefined;
      const argument = call.arguments?.[value.index];
      if (argument === undefined || t.isSpreadElement(argument)) return undefined;
      const found = follow(argument, [...value.path, ...path]);
      if (found === undefined) return undefined;
      const passed = evaluator.evaluate(found.expression);
      // The caller passes its own parameter on: bound by the next call out, if there is one.
      if (passed.kind === 'param' && i < calls.length - 1) {
        value = passed;
        path = found.rest;
        continue;
      }
      return found.rest.length === 0 ? read(found.expression, scan) : undefined;
    }
    return undefined;
  };
}

/**
 * The texts of a message's payload and header fields, and of its key, at one call of its wrapper, where one is
 * the wrapper's parameter (or a member of it): what the outermost caller passes, followed outwards while a
 * caller passes its own parameter on. `undefined` when nothing gets a text this way.
 */
function fieldTextsAtCalls(
  evaluator: ValueEvaluator,
  scan: MessageScan,
  follow: (expression: ts.Expression, path: readonly string[]) => { expression: ts.Expression; rest: readonly string[] } | undefined,
): (message: MessageFact, calls: readonly ts.Node[]) => Pick<MessageFact, 'fieldTexts' | 'keyText'> | undefined {
  const t = scan.ts;
  const passed = (expression: ts.Expression, calls: readonly ts.Node[]): string | undefined => {
    let value = evaluator.evaluate(expression);
    for (const call of calls) {
      if (value.kind !== 'param') break;
      if (!(t.isCallExpression(call) || t.isNewExpression(call))) return undefined;
      const argument = call.arguments?.[value.index];
      if (argument === undefined || t.isSpreadElement(argument)) return undefined;
      const found = follow(argument, value.path);
      if (found === undefined || found.rest.length > 0) return undefined;
      value = evaluator.evaluate(found.expression);
    }
    return knownString(value);
  };
  return (message, calls) => {
    let texts: Map<ts.Node, string> | undefined;
    for (const object of [message.payload, message.headerObject]) {
      for (const property of object?.properties ?? []) {
        if (message.fieldTexts?.has(property) === true) continue;
        const written = propertyValueExpression(t, property);
        const text = written && passed(written, calls);
        if (text === undefined) continue;
        texts ??= new Map(message.fieldTexts);
        texts.set(property, text);
      }
    }
    const keyText = message.keyText === undefined && message.keyExpression !== undefined ? passed(message.keyExpression, calls) : undefined;
    if (texts === undefined && keyText === undefined) return undefined;
    return { ...(texts !== undefined ? { fieldTexts: texts } : {}), ...(keyText !== undefined ? { keyText } : {}) };
  };
}

/**
 * Whether a message's key is there at one call of its wrapper, when the key is the wrapper's parameter or
 * its `key` option (`publishEvent(topic, payload, { key })` with `key: options?.key`): present where the
 * caller passes one, absent where it passes none (or an options object without it), followed outwards while
 * a caller passes its own parameter on.
 */
export function keysAtCalls(evaluator: ValueEvaluator, scan: MessageScan): (message: MessageFact, calls: readonly ts.Node[]) => KeyPresence {
  const t = scan.ts;
  /** The presence of `path` inside what a caller passes: a value, an object literal (through names), or a parameter to follow. */
  const presenceIn = (expression: ts.Expression, path: readonly string[]): KeyPresence | Extract<Value, { kind: 'param' }> => {
    let current = expression;
    for (const [i, name] of path.entries()) {
      const value = evaluator.evaluate(current);
      if (value.kind === 'param') return { ...value, path: [...value.path, ...path.slice(i)] };
      const object = scan.definition(current);
      if (!t.isObjectLiteralExpression(object)) return keyFromType(scan, current, path.slice(i));
      const property = findProperty(t, object, name);
      if (!property.found) return property.maybe ? 'unknown' : 'absent';
      current = property.initializer;
    }
    const value = evaluator.evaluate(current);
    if (value.kind === 'param') return value;
    const node = unwrapExpression(t, current);
    const nullish = node.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(node) && node.text === 'undefined');
    return nullish ? 'absent' : 'present';
  };
  return (message, calls) => {
    if (message.keyExpression === undefined) return message.key;
    let value = evaluator.evaluate(message.keyExpression);
    for (const [i, call] of calls.entries()) {
      if (value.kind !== 'param' || !(t.isCallExpression(call) || t.isNewExpression(call))) return 'unknown';
      // The outermost caller passes a parameter of its own: a required one is a value (`credit(walletId)`).
      if (i > 0 && value.path.length === 0 && isRequired(t, value.owner, value.index)) return 'present';
      const argument = call.arguments?.[value.index];
      if (argument !== undefined && t.isSpreadElement(argument)) return 'unknown';
      // A caller that leaves the argument out gets the parameter's default, or nothing.
      const passed = argument ?? defaultOf(t, value.owner, value.index);
      if (passed === undefined) return 'absent';
      const presence = presenceIn(passed, value.path);
      if (typeof presence === 'string') return presence;
      value = presence;
    }
    // What the outermost caller passes comes from its own parameter: a required one is a value, and so is a
    // member of what a library hands a callback (`payment.id` built from an Express handler's `req`), as
    // `key: order.id` is; an optional one, or a member of the caller's own options, may be unset.
    if (value.kind !== 'param') return 'unknown';
    if (value.path.length === 0) return isRequired(t, value.owner, value.index) ? 'present' : 'unknown';
    return isCallback(t, value.owner as ts.Node) ? 'present' : 'unknown';
  };
}

/** A parameter every call must pass (no `?`, no default, not a rest parameter). */
function isRequired(t: TS, owner: object, index: number): boolean {
  const fn = owner as ts.Node;
  const parameter = t.isFunctionLike(fn) ? fn.parameters[index] : undefined;
  return parameter !== undefined && parameter.questionToken === undefined && parameter.initializer === undefined && parameter.dotDotDotToken === undefined;
}

/** The default a function gives its parameter at `index` (`options = {}`), when it has one. */
function defaultOf(t: TS, owner: object, index: number): ts.Expression | undefined {
  const fn = owner as ts.Node;
  if (!t.isFunctionLike(fn)) return undefined;
  return fn.parameters[index]?.initializer;
}

/** What a value's type says of `key` when it is not an object literal the code shows (`publish(t, p, opts)`). */
function keyFromType(scan: MessageScan, expression: ts.Expression, path: readonly string[]): KeyPresence {
  if (path.length !== 1) return 'unknown';
  switch (scan.typeProperty(expression, path[0]!)) {
    case 'required':
      return 'present';
    case 'absent':
      return 'absent';
    default:
      return 'unknown';
  }
}

/**
 * Runs the per-file checks. A send inside a wrapper that takes its topic from its callers is checked once
 * per call, with that caller's values, and reported at the call (`via` the send, where ESLint reports it):
 * every call that passes through has the problem, and a topic named by a caller can be the problem itself.
 */
export function fileFindings(
  files: readonly ScannedFile[],
  rules: ReadonlyMap<string, RuleSetting>,
  interactions: readonly Interaction[],
  interactionIds: ReadonlyMap<InteractionFact, string>,
  callSites: readonly SendAtCallSite[],
  fieldSites: readonly FieldsAtCallSite[] = [],
): Finding[] {
  const byId = new Map(interactions.map((interaction) => [interaction.id, interaction]));
  const relativePaths = new Map(files.map((file) => [file.sourceFile, file.relativePath]));
  const callsOf = new Map<InteractionFact, ProduceFact[]>();
  for (const { original, placed } of callSites) callsOf.set(original, [...(callsOf.get(original) ?? []), placed]);
  const fieldSitesOf = new Map<InteractionFact, FieldsAtCallSite[]>();
  for (const site of fieldSites) fieldSitesOf.set(site.original, [...(fieldSitesOf.get(site.original) ?? []), site]);
  // Two library calls of one wrapper (a send and its retry) reached from one call are one problem there.
  const findings = new Map<string, Finding>();
  const keep = (finding: Finding): void => {
    const key = JSON.stringify([finding.ruleId, finding.location, finding.via, finding.message]);
    if (!findings.has(key)) findings.set(key, finding);
  };
  for (const file of files) {
    for (const check of FILE_CHECKS) {
      const setting = rules.get(check.id);
      const severity = setting?.severity;
      if (setting === undefined || severity === undefined || severity === 'off') continue;
      const report = (draft: FindingDraft, atCallSite: boolean): void => {
        // Positions only mean something in the file they come from (as in ESLint); at a wrapper's call, the
        // messages may be the caller's.
        const sourceFile = draft.node.getSourceFile();
        const relativePath = relativePaths.get(sourceFile);
        if (relativePath === undefined || (!atCallSite && !isInFile(draft, file.sourceFile))) return;
        const own = locationOf(relativePath, sourceFile, draft.node);
        const interactionId = draft.subject ? interactionIds.get(draft.subject) : undefined;
        const callSite = interactionId === undefined ? undefined : byId.get(interactionId);
        const atCall = callSite?.via !== undefined;
        keep(
          findingOf(check, severity, draft, {
            service: atCall ? callSite.service : file.service.name,
            location: atCall ? callSite.location : own,
            ...(atCall ? { via: own } : {}),
            ...(interactionId ? { interactionId } : {}),
          }),
        );
      };
      const fileName = (sourceFile: ts.SourceFile) => relativePaths.get(sourceFile) ?? sourceFile.fileName;
      const run = (facts: FileFacts) => check.check({ ts: analyzerTs(), facts, options: setting.options, fileName });
      // The file's own checks see its wrappers' sends as the callers make them too (a reply subscription whose
      // pattern a caller of the wrapper sends is answered); what those copies say is reported at the calls below.
      const copies = file.facts.produces.flatMap((send) => callsOf.get(send) ?? []);
      const copied = new Set<InteractionFact>(copies);
      for (const draft of run(copies.length === 0 ? file.facts : { ...file.facts, produces: [...file.facts.produces, ...copies] })) {
        if (draft.subject === undefined || (!callsOf.has(draft.subject) && !copied.has(draft.subject))) report(draft, false);
      }
      for (const send of file.facts.produces) {
        for (const placed of callsOf.get(send) ?? []) {
          for (const draft of run({ ...file.facts, produces: [placed] })) if (draft.subject === placed) report(draft, true);
        }
      }
      // What only a caller's values make wrong, at that call; what is wrong whatever they pass stays at the send.
      const said = (draft: FindingDraft) => JSON.stringify([draft.messageId, draft.data]);
      for (const send of file.facts.produces) {
        const sites = fieldSitesOf.get(send);
        if (sites === undefined) continue;
        const atSend = new Set(run({ ...file.facts, produces: [send] }).map(said));
        const interactionId = interactionIds.get(send);
        for (const site of sites) {
          for (const draft of run({ ...file.facts, produces: [site.placed] })) {
            if (draft.subject !== site.placed || atSend.has(said(draft))) continue;
            const sourceFile = draft.node.getSourceFile();
            keep(
              findingOf(check, severity, draft, {
                service: site.service,
                location: site.location,
                via: locationOf(fileName(sourceFile), sourceFile, draft.node),
                ...(interactionId ? { interactionId } : {}),
              }),
            );
          }
        }
      }
    }
  }
  return [...findings.values()];
}
