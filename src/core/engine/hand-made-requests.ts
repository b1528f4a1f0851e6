import type ts from 'typescript';
import type { HandMadeReply, HandMadeReplyForm, MessageFact, ProduceFact } from '../model/facts.js';
import type { Value } from '../model/value.js';
import { enclosingFunction, parentOf, type TS, unwrapExpression, walk } from './ast.js';
import { type CallSite, CallSites } from './call-sites.js';
import { type ResolutionContext, resolveIdentifier } from './declarations.js';
import type { FileIndex } from './file-index.js';
import { type StoreUse, storeUses } from './reply-waits.js';
import type { ValueEvaluator } from './values.js';

/*
 * Hand-made request-reply over a message bus: a send whose caller keeps something keyed by an id the message
 * carries (a pending resolver, an event to wait for, state to poll) that a consumer's handler answers. The
 * send and the wait are linked by that id: the same variable, followed through the parameters of the
 * functions in between (`createResponseWaiter(correlationId)` and `checkUsers(users, correlationId)` called
 * side by side). The answer must run because a message arrived: inside a message handler, or in a function a
 * handler calls (in another file too, when the host has them all).
 */

/** Calls followed outwards from a parameter, and from an answer to a handler. */
const MAX_DEPTH = 4;

/** Which store uses wait for which answers, by form. */
const PAIRS: readonly { form: HandMadeReplyForm; waits: StoreUse['kind']; answers: readonly StoreUse['kind'][] }[] = [
  { form: 'pending', waits: 'put', answers: ['call'] },
  { form: 'event', waits: 'wait', answers: ['emit'] },
  { form: 'polling', waits: 'poll', answers: ['write', 'put'] },
];

export class HandMadeRequests {
  private readonly t: TS;
  private readonly callSites: CallSites;
  private readonly handlers: ReadonlySet<ts.Node>;
  private readonly reached = new Map<ts.Node, boolean>();
  private readonly waits: readonly { form: HandMadeReplyForm; wait: StoreUse; answer: StoreUse }[];
  private readonly waitOrigins = new Map<StoreUse, Origins>();

  constructor(
    private readonly context: ResolutionContext,
    evaluator: ValueEvaluator,
    files: readonly FileIndex[],
    /** The message handlers the host knows of: this file's in ESLint, every file's in the CLI. */
    handlers: readonly ts.Node[],
    samePackage: (a: ts.SourceFile, b: ts.SourceFile) => boolean = () => true,
  ) {
    this.t = context.ts;
    this.callSites = new CallSites(context, evaluator, files, samePackage);
    this.handlers = new Set(handlers);
    const uses = handlers.length === 0 ? [] : files.flatMap((index) => storeUses(context, index));
    this.waits = this.pairedWaits(uses);
    this.parked = uses.flatMap((use) => (use.kind === 'put' ? parkedValue(this.t, use.node) : []));
  }

  /** The entries parked in stores (`pending.set(id, (reply) => {...})`): code in them runs when the reply comes. */
  private readonly parked: readonly ts.Node[];

  /**
   * A call through which a send is not part of asking: made in answering code (a handler's path, a parked
   * entry), such as a log line that repeats the correlation id once the reply is in.
   */
  private answersAt(site: ts.Node): boolean {
    return this.parked.some((entry) => isWithin(site, entry)) || this.runsOnMessage(site);
  }

  /**
   * The hand-made wait a send belongs to, if any. `calls` are the calls a host placed the send through (a
   * wrapper's call site, innermost first): the message's parameters are then read at those calls only.
   */
  of(produce: ProduceFact, calls: readonly ts.Node[] = []): HandMadeReply | undefined {
    if (this.waits.length === 0) return undefined;
    let carried: Origins | undefined;
    for (const { form, wait, answer } of this.waits) {
      if (!wait.key) {
        // A deferred with no key: the send is made where the promise is, and says it wants a reply.
        if (sameRequest(this.t, wait.node, produce.node) && carriesReplyFields(this.t, produce)) return { form, waits: wait.node, answers: answer.node, through: wait.storeText };
        continue;
      }
      const sent = (carried ??= this.sendOrigins(produce, calls));
      let origins = this.waitOrigins.get(wait);
      if (origins === undefined) {
        origins = this.origins(wait.key, wait.node, [], 0, false);
        this.waitOrigins.set(wait, origins);
      }
      for (const [origin, waitsAt] of origins) {
        const sentAt = sent.get(origin) ?? [];
        if (sentAt.some((send) => waitsAt.some((waits) => asksBeforeAnswer(this.t, form, send, waits)))) {
          return { form, waits: wait.node, answers: answer.node, through: wait.storeText };
        }
      }
    }
    return undefined;
  }

  /** Each store use that waits, with a use of the same store that a message handler runs to answer it. */
  private pairedWaits(uses: readonly StoreUse[]): { form: HandMadeReplyForm; wait: StoreUse; answer: StoreUse }[] {
    const found: { form: HandMadeReplyForm; wait: StoreUse; answer: StoreUse }[] = [];
    for (const { form, waits, answers } of PAIRS) {
      for (const wait of uses.filter((use) => use.kind === waits)) {
        const answer = uses.find((use) => use.store === wait.store && answers.includes(use.kind) && use !== wait && this.runsOnMessage(use.node));
        // The caller's side is not itself run by a message (a put in a handler is a consumer writing a result).
        if (answer !== undefined && !this.runsOnMessage(wait.node)) found.push({ form, wait, answer });
      }
    }
    return found;
  }

  /** Whether code runs because a message arrived: inside a handler, or in a function a handler calls. */
  private runsOnMessage(node: ts.Node, depth = 0): boolean {
    const t = this.t;
    for (let fn = enclosingFunction(t, node); fn !== undefined; fn = enclosingFunction(t, fn)) {
      if (this.handlers.has(fn)) return true;
    }
    if (depth >= MAX_DEPTH) return false;
    for (let fn = enclosingFunction(t, node); fn !== undefined; fn = enclosingFunction(t, fn)) {
      const known = this.reached.get(fn);
      if (known !== undefined) {
        if (known) return true;
        continue;
      }
      // Cycles end here: a function on the way is taken as not reached until shown otherwise.
      this.reached.set(fn, false);
      const reached = this.callSites.of(fn, node).some((site) => this.runsOnMessage(site, depth + 1));
      this.reached.set(fn, reached);
      if (reached) return true;
    }
    return false;
  }

  /** The variables a send's messages carry (key, value, headers), followed outwards through parameters. */
  private sendOrigins(produce: ProduceFact, calls: readonly ts.Node[]): Origins {
    const carried: Origins = new Map();
    if (this.parked.some((entry) => isWithin(produce.node, entry))) return carried;
    const expressions = produce.messages.flatMap((message) => messageParts(message));
    if (produce.messagesSource) expressions.push(produce.messagesSource.expression);
    for (const expression of expressions) merge(carried, this.origins(expression, produce.node, calls, 0, true));
    return carried;
  }

  /**
   * The declarations of the variables an expression reads, each with where it is used in its own scope: `at`
   * (the send or the wait) for a variable of that scope, the call that passes it on for a parameter's caller.
   * A parameter is followed to what each caller passes there (only the `calls` given, when one of them calls
   * its function); with `contents` (the send's side), a local holding an object literal adds what the literal
   * reads (`const payload = { orderId }` sent as `payload`), and calls made by answering code are not followed.
   */
  private origins(expression: ts.Expression, at: ts.Node, calls: readonly ts.Node[], depth: number, contents: boolean): Origins {
    const t = this.t;
    const found: Origins = new Map();
    for (const identifier of identifiersIn(t, expression)) {
      const origin = resolveIdentifier(this.context, identifier);
      if (origin?.kind !== 'declaration') continue;
      const declaration = origin.node;
      const parameter = parameterOf(t, declaration);
      if (parameter === undefined && !t.isVariableDeclaration(declaration) && !t.isBindingElement(declaration)) continue;
      merge(found, new Map([[declaration, [at]]]));
      if (depth >= MAX_DEPTH) continue;
      if (parameter !== undefined) {
        const fn = parameter.parent;
        const index = fn.parameters.indexOf(parameter);
        const sites = this.callSites.of(fn, expression).filter((site) => !contents || !this.answersAt(site));
        const chosen = sites.filter((site) => calls.includes(site));
        for (const site of chosen.length > 0 ? chosen : sites) {
          const argument = argumentAt(t, site, index);
          if (argument !== undefined) merge(found, this.origins(argument, site, calls, depth + 1, contents));
        }
      } else if (contents && t.isVariableDeclaration(declaration) && declaration.initializer && isLiteralObject(t, declaration.initializer)) {
        merge(found, this.origins(declaration.initializer, at, calls, depth + 1, contents));
      }
    }
    return found;
  }
}

/** Variables by declaration, with the places in their own scope where the send or the wait uses them. */
type Origins = Map<ts.Node, ts.Node[]>;

function merge(into: Origins, from: Origins): void {
  for (const [declaration, places] of from) into.set(declaration, [...(into.get(declaration) ?? []), ...places]);
}

/**
 * Whether a send, where it uses the id (`send`), asks before the caller has its answer (`waits`, where the
 * wait uses the same id): sent before the loop polls or the event is awaited; for a pending entry, before
 * the promise the waiter returns is awaited (`const response = createResponseWaiter(id); await send(id);
 * await response;`). A log line that repeats the id after the answer is in is not the request.
 */
function asksBeforeAnswer(t: TS, form: HandMadeReplyForm, send: ts.Node, waits: ts.Node): boolean {
  if (send.getSourceFile() !== waits.getSourceFile()) return true;
  if (form !== 'pending') return send.getStart() < waits.getStart() || isWithin(waits, send) || isWithin(send, waits);
  const answered = answeredAt(t, waits);
  return answered === undefined || send.getStart() < answered.getStart();
}

/** Where the caller gets the answer a pending entry waits for: the first `await` of the waiter's promise in that scope. */
function answeredAt(t: TS, waits: ts.Node): ts.Node | undefined {
  let statement: ts.Node | undefined = waits;
  const inBlock = (node: ts.Node) => {
    const parent = parentOf(node);
    return t.isStatement(node) && parent !== undefined && (t.isBlock(parent) || t.isSourceFile(parent));
  };
  while (statement !== undefined && !inBlock(statement)) statement = parentOf(statement);
  if (statement === undefined) return undefined;
  for (let node: ts.Node | undefined = waits; node !== undefined && node !== statement; node = parentOf(node)) if (t.isAwaitExpression(node)) return node;
  if (!t.isVariableStatement(statement)) return undefined;
  const declared = statement.declarationList.declarations[0]?.name;
  if (declared === undefined || !t.isIdentifier(declared)) return undefined;
  const block = statement.parent;
  let found: ts.Node | undefined;
  walk(t, block, (node) => {
    if (found !== undefined) return false;
    if (t.isIdentifier(node) && node.text === declared.text && node.getStart() > statement.getEnd()) {
      const parent = parentOf(node);
      if (parent !== undefined && (t.isAwaitExpression(parent) || (t.isPropertyAccessExpression(parent) && parent.name.text === 'then'))) found = node;
    }
    return true;
  });
  return found;
}

/** What a put parks: the value of `store.set(id, value)` or `store[id] = value`. */
function parkedValue(t: TS, put: ts.Node): ts.Node[] {
  if (t.isCallExpression(put) && put.arguments[1] !== undefined) return [put.arguments[1]];
  if (t.isBinaryExpression(put)) return [put.right];
  return [];
}

function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current !== undefined; current = parentOf(current)) if (current === ancestor) return true;
  return false;
}

/** The expressions of a message a reply can be matched by. */
function messageParts(message: MessageFact): ts.Expression[] {
  return [message.keyExpression, message.value, message.headers, message.payload, message.headerObject].filter(
    (expression): expression is ts.Expression => expression !== undefined,
  );
}

function isLiteralObject(t: TS, expression: ts.Expression): boolean {
  const node = unwrapExpression(t, expression);
  return t.isObjectLiteralExpression(node) || t.isArrayLiteralExpression(node);
}

/** The parameter a declaration is, or is destructured from (`({ correlationId }) => ...`). */
function parameterOf(t: TS, declaration: ts.Node): ts.ParameterDeclaration | undefined {
  for (let current: ts.Node | undefined = declaration; current !== undefined; current = parentOf(current)) {
    if (t.isParameter(current)) return current;
    if (!t.isBindingElement(current) && !t.isObjectBindingPattern(current) && !t.isArrayBindingPattern(current)) return undefined;
  }
  return undefined;
}

function argumentAt(t: TS, site: CallSite, index: number): ts.Expression | undefined {
  const argument = site.arguments?.[index];
  return argument === undefined || t.isSpreadElement(argument) ? undefined : argument;
}

/** The names an expression reads as values: not property names, not inside functions it defines. */
function identifiersIn(t: TS, expression: ts.Expression): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  walk(t, expression, (node) => {
    if (t.isFunctionLike(node)) return false;
    if (t.isIdentifier(node)) {
      const parent = parentOf(node);
      const isName =
        parent !== undefined &&
        ((t.isPropertyAccessExpression(parent) && parent.name === node) || (t.isPropertyAssignment(parent) && parent.name === node));
      if (!isName) found.push(node);
      return false;
    }
    return true;
  });
  return found;
}

/**
 * A deferred's promise and a send belong to one request when the send is in the function that makes the
 * promise (its executor included), or in the executor itself.
 */
function sameRequest(t: TS, put: ts.Node, send: ts.Node): boolean {
  let promise: ts.Node | undefined = put;
  while (promise !== undefined && !(t.isNewExpression(promise) && t.isIdentifier(promise.expression) && promise.expression.text === 'Promise')) promise = parentOf(promise);
  if (promise === undefined) return false;
  const maker = enclosingFunction(t, promise);
  for (let fn = enclosingFunction(t, send); fn !== undefined; fn = enclosingFunction(t, fn)) {
    if (fn === maker) return true;
    if (parentOf(fn) === promise) return true;
  }
  return false;
}

/** Correlation fields of a request (`correlationId`, `requestId`) and the fields naming its reply topic. */
const CORRELATION_FIELDS = new Set(['correlationid', 'requestid', 'kafkacorrelationid']);

/** The message names where its reply goes, or carries a correlation id: it expects an answer. */
function carriesReplyFields(t: TS, produce: ProduceFact): boolean {
  return produce.messages.some((message) =>
    [message.headerObject, message.payload].some((object) =>
      (object?.properties ?? []).some((property) => {
        const name = property.name !== undefined && (t.isIdentifier(property.name) || t.isStringLiteralLike(property.name)) ? normalized(property.name.text) : undefined;
        return name !== undefined && (REPLY_FIELDS.has(name) || CORRELATION_FIELDS.has(name));
      }),
    ),
  );
}

/** Message fields that name where the reply goes, compared without case and punctuation (`reply-to`). */
const REPLY_FIELDS = new Set(['replyto', 'replytopic', 'responsetopic', 'kafkareplytopic']);

const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The reply topic a request's payload or headers name (`replyTo: 'pricing.quote-replies'`), as an expression. */
export function namedReplyTopic(t: TS, produce: ProduceFact): ts.Expression | undefined {
  for (const message of produce.messages) {
    for (const object of [message.headerObject, message.payload]) {
      for (const property of object?.properties ?? []) {
        if (!t.isPropertyAssignment(property) && !t.isShorthandPropertyAssignment(property)) continue;
        const name = t.isIdentifier(property.name) || t.isStringLiteralLike(property.name) ? property.name.text : undefined;
        if (name !== undefined && REPLY_FIELDS.has(normalized(name))) return t.isPropertyAssignment(property) ? property.initializer : property.name;
      }
    }
  }
  return undefined;
}

/**
 * Whether a topic is the reply address of a request received (`headers.replyTo.toString()`,
 * `headers['reply-to']`, `message.replyTopic`): a parameter's member, or source text, named like one.
 */
export function isReplyAddress(topic: Value): boolean {
  if (topic.kind === 'param') {
    const last = topic.path.at(-1);
    return last !== undefined && REPLY_FIELDS.has(normalized(last));
  }
  if (topic.kind !== 'unknown') return false;
  return /(?:\.|\[\s*['"`])(?:reply[-_]?to|reply[-_]?topic|response[-_]?topic|kafka_reply[-_]?topic)\b/i.test(topic.text);
}

/**
 * A send with what the code around it says of replies: the hand-made wait it belongs to (and the reply topic
 * its message names, when the library fixes none), and whether it answers a request at the address the
 * request carried. The same send object when there is nothing to add.
 */
export function withReplies(t: TS, produce: ProduceFact, requests: HandMadeRequests, evaluator: ValueEvaluator, calls: readonly ts.Node[] = []): ProduceFact {
  const reply = produce.expectsReply ? undefined : requests.of(produce, calls);
  const toReplyAddress = isReplyAddress(produce.topic);
  if (reply === undefined && !toReplyAddress && produce.handMadeReply === undefined) return produce;
  const named = reply !== undefined && produce.replyTopic === undefined ? namedReplyTopic(t, produce) : undefined;
  // What this look finds replaces what a narrower one (one file's scan) found.
  const rest: ProduceFact = { ...produce };
  delete (rest as { handMadeReply?: HandMadeReply }).handMadeReply;
  return {
    ...rest,
    ...(reply ? { handMadeReply: reply } : {}),
    ...(named ? { replyTopic: evaluator.evaluate(named) } : {}),
    ...(toReplyAddress ? { toReplyAddress: true } : {}),
  };
}
