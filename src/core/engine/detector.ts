import type ts from 'typescript';
import type { ConsumeFact, EnvFileFact, HttpCallFact, ListenFact, MessageFact, MessageHandlerFact, MessageServerFact, MountFact, ProduceFact, ReplySubscriptionFact, RouteFact } from '../model/facts.js';
import type { Value } from '../model/value.js';
import type { TS } from './ast.js';
import type { FileIndex } from './file-index.js';

/**
 * The knowledge of one library, as tables the engine uses to recognise its clients wherever they travel
 * (variables, class fields, constructor injection, other files), plus a `detect` step that turns calls on
 * those clients into facts. A detector never reports problems: checks do that from the facts.
 */
export interface Detector {
  /** The library name written in the output (`kafkajs`, `axios`). */
  readonly library: string;
  /** Package names whose imports belong to this library. */
  readonly modules: readonly string[];
  readonly clients?: ClientKindTable;
  detect(scan: DetectorScan): void;
  /**
   * The value of a call this library gives meaning to (`configService.get('PAYMENT_URL')` reads
   * `process.env.PAYMENT_URL`), or `undefined` for calls it does not know.
   */
  readonly valueOfCall?: (call: ts.CallExpression, scan: ValueScan) => Value | undefined;
  /**
   * Reads the messages of one of this library's sends from the expression a wrapper's caller passes where
   * the send took them from a parameter (`ProduceFact.messagesSource`), in the caller's file.
   */
  readonly messagesAt?: (expression: ts.Expression, scan: MessageScan) => { messages: MessageFact[]; unknown: boolean };
  /**
   * What a file that imports this library uses it for, as a client of other services: a service whose files
   * import it while nothing of that kind is found in the service gets a note (no silent empty map).
   */
  readonly clientOf?: ClientUse;
}

/** How a library is used as a client, and the uses that make no interaction (types, admin, helpers). */
export interface ClientUse {
  /** The interactions its clients make. */
  readonly kind: 'kafka' | 'http';
  /** Exports or members that make nothing on their own (`isAxiosError`): a file using only these is not a client. */
  readonly helpers?: readonly string[];
  /**
   * Calls, constructions or members of an administration client (`admin` for `kafka.admin()`): a file that
   * names one of these and none of `messaging` creates topics, it sends and receives nothing.
   */
  readonly admin?: readonly string[];
  readonly messaging?: readonly string[];
  /**
   * Names the file must also use for the library to be this kind of client: `@nestjs/microservices` speaks
   * TCP, Redis or Kafka, and is a Kafka client only where the file names Kafka.
   */
  readonly onlyWith?: readonly string[];
}

/** What reading messages needs: enough to read them wherever a caller writes them. */
export interface MessageScan {
  readonly ts: TS;
  evaluate(expression: ts.Expression): Value;
  definition(expression: ts.Expression): ts.Expression;
  typeProperty(expression: ts.Expression, name: string): TypeProperty | undefined;
}

/** What a library's value hook may use. */
export interface ValueScan {
  readonly ts: TS;
  classify(expression: ts.Expression): ClientRef | undefined;
  evaluate(expression: ts.Expression): Value;
  /** The value at `path` inside an object expression. */
  evaluatePath(expression: ts.Expression, path: readonly string[]): Value;
  definition(expression: ts.Expression): ts.Expression;
  /** Every source file's index, when the host has the whole project (the CLI); empty in ESLint. */
  projectFiles(): readonly FileIndex[];
  importedEntity(index: FileIndex, expression: ts.Expression): { module: string; name: string } | undefined;
}

/** A client an expression holds: its kind and, when seen, the expression that created it. */
export interface ClientRef {
  readonly kind: string;
  /** `axios.create({ baseURL })`, `new Kafka({...})`: where options such as a base URL are read. */
  readonly creation?: ts.Expression;
  /** `type` when the checker decided, `trace` when declarations did. */
  readonly via: 'type' | 'trace';
  /**
   * Factory calls the client came out of, innermost first (`createServiceClient(EVENT_URL)` returning
   * `axios.create({ baseURL })`): their arguments are what the creation's parameters stand for.
   */
  readonly madeBy?: readonly { readonly fn: ts.SignatureDeclaration; readonly call: ts.CallExpression | ts.NewExpression }[];
}

/** Client kinds are namespaced strings (`kafkajs.producer`); a table may refer to another library's kinds. */
export interface ClientKindTable {
  /** `new X(...)` where `X` is exported by `module`. */
  readonly constructors?: readonly { module: string; name: string; kind: string }[];
  /** `X(...)` where `X` is exported by `module` and returns a client without `new` (`express()`, `Router()`). */
  readonly calls?: readonly { module: string; name: string; kind: string }[];
  /**
   * Dependency-injection functions that return an instance of the token they are given
   * (`inject(HttpClient)` in Angular): the token's type decides the client.
   */
  readonly injectors?: readonly { module: string; name: string }[];
  /** An imported binding that is itself a client (`axios`'s default export). */
  readonly values?: readonly { module: string; name: string; kind: string }[];
  /** Types whose values are clients: read from annotations, or from the checker when there is one. */
  readonly types?: readonly { module: string; name: string; kind: string }[];
  /** `client.method(...)` on a client of kind `on` returns a client of `kind`. */
  readonly factories?: readonly { on: string; method: string; kind: string }[];
  /** `client.property` on a client of kind `on` is a client of `kind`. */
  readonly properties?: readonly { on: string; property: string; kind: string }[];
}

/** What a detector sees of the file being scanned. */
export interface DetectorScan extends MessageScan {
  readonly ts: TS;
  readonly sourceFile: ts.SourceFile;
  readonly index: FileIndex;
  readonly checker: ts.TypeChecker | undefined;
  /** True when the file imports (or requires) the module or one of its subpaths. */
  imports(module: string): boolean;
  calls(name: string): readonly ts.CallExpression[];
  /** The client an expression holds, by tracing declarations (and types when there is a checker). */
  classify(expression: ts.Expression): ClientRef | undefined;
  evaluate(expression: ts.Expression): Value;
  /** Every value an expression takes: one per element for a loop variable over a known list. */
  /** One value per element for a loop variable (see values/lists.ts); `throughMembers` for `element.topic` too, in facts the host never places. */
  evaluateEach(expression: ts.Expression, throughMembers?: boolean): readonly Value[];
  /** The value at `path` inside an object expression: `topic` of `{ topic: Topics.X, event }`. */
  evaluatePath(expression: ts.Expression, path: readonly string[]): Value;
  /** The elements of a list expression (spreads and `Object.values` included); `undefined` when not a visible list. */
  evaluateList(expression: ts.Expression): readonly Value[] | undefined;
  /**
   * The same elements, each with the expression it is written as (when it is one) and its values read on
   * demand: for lists of records (`Object.entries(T).map(([, topic]) => ({ topic, messages }))`).
   */
  listItems(expression: ts.Expression): readonly ListItem[] | undefined;
  /** The expression a name stands for (`messages` -> its array literal), following consts and imports. */
  definition(expression: ts.Expression): ts.Expression;
  /**
   * Whether the checker says a value's type has a property, and whether it must be there; `undefined`
   * without a checker, or when the type is `any`, `unknown` or unresolved.
   */
  typeProperty(expression: ts.Expression, name: string): TypeProperty | undefined;
  /**
   * True when the checker resolves the call to a function or method whose body is in the scanned sources:
   * a wrapper, whose own library calls are found inside it and bound to this call by the host.
   */
  callsSourceFunction(call: ts.CallExpression): boolean;
  /**
   * The declaration an expression names (a variable, function, class, parameter), following imports into
   * other files when there is a checker: a stable identity for a router or plugin across files.
   */
  declarationOf(expression: ts.Expression): ts.Node | undefined;
  /** A value read from a client's creation, with the parameters of the factories that made it bound. */
  boundToFactories(value: Value, client: ClientRef): Value;
  readonly emit: FactSink;
}

export type TypeProperty = 'required' | 'optional' | 'absent';

/** An element of a list the code shows. */
export interface ListItem {
  /** The expression the element is written as (an object literal a callback returns, say); `undefined` when computed. */
  readonly node: ts.Expression | undefined;
  /** The value at `path` inside the element, read with the callbacks that made it bound to their elements. */
  value(path: readonly string[]): Value;
}

export interface FactSink {
  http(fact: Omit<HttpCallFact, 'kind'>): void;
  produce(fact: Omit<ProduceFact, 'kind'>): void;
  consume(fact: Omit<ConsumeFact, 'kind'>): void;
  replySubscription(fact: ReplySubscriptionFact): void;
  transport(name: string, node: ts.Node): void;
  route(fact: Omit<RouteFact, 'kind'>): void;
  messageServer(fact: MessageServerFact): void;
  mount(fact: MountFact): void;
  envFile(fact: EnvFileFact): void;
  listen(fact: ListenFact): void;
  messageHandler(fact: MessageHandlerFact): void;
}
