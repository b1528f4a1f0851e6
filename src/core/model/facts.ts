import type ts from 'typescript';
import type { Value } from './value.js';

/**
 * What the engine records about one file, in one traversal. Facts keep the TypeScript nodes they came from
 * so checks can point at the exact place and look at payloads; they are turned into the plain JSON model
 * (`result.ts`) by the analyzer and into ESLint reports by the plugin. Facts say what a call does, never
 * which library detail made it so: checks read facts, detectors know libraries.
 */
export interface FileFacts {
  readonly fileName: string;
  readonly http: readonly HttpCallFact[];
  readonly produces: readonly ProduceFact[];
  readonly consumes: readonly ConsumeFact[];
  /** NestJS `subscribeToResponseOf(pattern)` and alike: the caller waits for replies on this pattern. */
  readonly replySubscriptions: readonly ReplySubscriptionFact[];
  /** Kafka transports this file configures or mentions (`Transport.KAFKA` gives `kafka`). */
  readonly transports: readonly string[];
  /**
   * Servers this file starts that receive messages (NestJS `createMicroservice` / `connectMicroservice`):
   * without one, a service's message handlers never run.
   */
  readonly messageServers: readonly MessageServerFact[];
  /** Places where a promise's resolver is stored for someone else to call (a pending-reply map). */
  readonly storedResolvers: readonly ts.Node[];
  /**
   * Functions a messaging library calls once per message received (kafkajs `eachMessage` / `eachBatch`,
   * rdkafka `on('data')`, NestJS `@EventPattern` handlers): code that runs because a message arrived.
   */
  readonly messageHandlers: readonly MessageHandlerFact[];
  /** Libraries whose calls this file makes (for the "understood" summary). */
  readonly libraries: readonly string[];
  /** Endpoints this file's server code exposes. */
  readonly routes: readonly RouteFact[];
  /** Routers, sub-apps and plugins mounted under a path prefix. */
  readonly mounts: readonly MountFact[];
  /** Environment files the code loads at start-up: their variables are the service's environment. */
  readonly envFiles: readonly EnvFileFact[];
  /** Servers this file starts listening for HTTP: the port each listens on. */
  readonly listens: readonly ListenFact[];
}

/**
 * `app.listen(process.env.PORT ?? 3002)`, `fastify.listen({ port })`, `serve({ fetch, port })`,
 * `http.createServer(handler).listen(8080)`: a server of this service listens on `port` (a value the host
 * reads with the service's environment). A call to `localhost` on that port reaches it.
 */
export interface ListenFact {
  readonly framework: string;
  readonly node: ts.Node;
  readonly port: Value;
}

/**
 * `ConfigModule.forRoot({ envFilePath })`, `dotenv.config({ path })`: the files a service reads its
 * environment from, beyond the `.env` of its folder.
 */
export interface EnvFileFact {
  readonly library: string;
  readonly node: ts.Node;
  /** Candidate files in the order the library reads them; the first file that sets a variable wins. */
  readonly files: readonly EnvFilePath[];
}

export interface EnvFilePath {
  readonly path: Value;
  /** A relative path is relative to the process's working directory (the service's folder), or to this file's folder (`__dirname`). */
  readonly relativeTo: 'working-directory' | 'file';
}

/**
 * An endpoint a server exposes: `app.get('/orders/:id', ...)`, `@Get(':id')` in `@Controller('orders')`.
 * `path` is what this file says; prefixes added where its router is mounted (often in another file) come
 * from mount facts, matched by the router's declaration.
 */
export interface RouteFact {
  readonly kind: 'route';
  readonly framework: string;
  /** The registration call, or the handler's method decorator. */
  readonly node: ts.Node;
  /** Upper-case method, or `ALL` for handlers of every method (`app.all`, `router.use`). */
  readonly method: Value;
  readonly path: Value;
  /**
   * The declaration of the router, sub-app or plugin function the route is registered on (a variable, a
   * function, a class), so a mount elsewhere can prefix it; `undefined` for the application itself.
   */
  readonly owner?: ts.Node;
}

/** `app.use('/api', ordersRouter)`, `fastify.register(plugin, { prefix })`, `app.setGlobalPrefix('api')`. */
export interface MountFact {
  readonly framework: string;
  readonly node: ts.Node;
  readonly prefix: Value;
  /** The declaration of what is mounted; `undefined` when the prefix applies to every route of the service. */
  readonly child?: ts.Node;
  /** The declaration of the router or app it is mounted on; `undefined` for the application itself. */
  readonly parent?: ts.Node;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface HttpCallFact {
  readonly kind: 'http';
  readonly library: string;
  /** The call (or `new` expression) that sends the request. */
  readonly node: ts.Node;
  /** Upper-case method; `unknown` when computed at run time. */
  readonly method: Value;
  /** The whole URL, base URL included when the client has one. */
  readonly url: Value;
  /** Where the request options are, for checks that look at timeouts or signals. */
  readonly options?: ts.Expression;
}

/** Whether the messages of a send carry a partition key. */
export type KeyPresence = 'present' | 'absent' | 'unknown';

export interface MessageFact {
  /** The message (an object literal, a mapped object, or the data argument). */
  readonly node: ts.Node;
  readonly key: KeyPresence;
  /** The key expression when present. */
  readonly keyExpression?: ts.Expression;
  /**
   * The key is a parameter of the wrapper the send is in, or its `key` option (`key: options?.key`): each
   * caller decides whether there is one, so `key` is `unknown` here and the host decides it at each call.
   */
  readonly keyFromCaller?: boolean;
  /** The payload expression (`value`, or the whole data for NestJS). */
  readonly value?: ts.Expression;
  readonly headers?: ts.Expression;
  /**
   * The payload as an object literal, when the engine could see one through `JSON.stringify(...)`,
   * `Buffer.from(...)` and names: what checks read to judge what a message says.
   */
  readonly payload?: ts.ObjectLiteralExpression;
  /** The headers as an object literal, likewise. */
  readonly headerObject?: ts.ObjectLiteralExpression;
  /**
   * The text of payload and header properties whose value the code fixes, by property: a literal, a constant
   * of another file, an enum member, or (at a wrapper's call) what that caller passes for the wrapper's
   * parameter (`produceEvent('orders', 'created', order)` writing `{ action, order }`).
   */
  readonly fieldTexts?: ReadonlyMap<ts.Node, string>;
  /**
   * The key's text when the code fixes it (a literal, a constant, or what a wrapper's caller passes): a key that
   * is the same for every message names the kind of message (`key: data.event` given `'create_order'`), not an entity.
   */
  readonly keyText?: string;
}

export interface ProduceFact {
  readonly kind: 'produce';
  readonly library: string;
  readonly node: ts.Node;
  readonly topic: Value;
  /** Messages of the send when they can be read; empty when the messages come from elsewhere. */
  readonly messages: readonly MessageFact[];
  /** The messages could not be read at all (a variable from another file, a parameter). */
  readonly messagesUnknown: boolean;
  /**
   * Where the messages come from when they could not be read here, or their key could not be decided: the
   * expression, and the path inside it (`record` and `['messages']` for `producer.send(record)`). When that is
   * a wrapper's parameter, the host re-reads the messages from what each caller passes (`messagesAt`).
   */
  readonly messagesSource?: { readonly expression: ts.Expression; readonly path: readonly string[] };
  /** The library waits for a reply to this message (NestJS `ClientKafka.send`). */
  readonly expectsReply: boolean;
  /** Where that reply comes back, when the library fixes it (NestJS: `<pattern>.reply`). */
  readonly replyTopic?: Value;
  /** `kafka` when the transport is known to be Kafka; `undefined` when a generic client is used. */
  readonly transport?: string;
  /**
   * The send is a request made by hand (a pending map, a reply event, polling), with where it waits and
   * where a consumer answers. The library does not wait (`expectsReply` is about that); the code does.
   */
  readonly handMadeReply?: HandMadeReply;
  /**
   * The topic is the reply address of a request this code received (`headers.replyTo`, `message.replyTopic`):
   * the send answers a request.
   */
  readonly toReplyAddress?: boolean;
}

export type ConsumeRole = 'event' | 'request';

export interface ConsumeFact {
  readonly kind: 'consume';
  readonly library: string;
  /** The subscribe call or the decorator. */
  readonly node: ts.Node;
  readonly topic: Value;
  /** `request` for handlers whose return value is sent back as a reply (NestJS `@MessagePattern`). */
  readonly role: ConsumeRole;
  /** Where a request handler's result is sent, when the library fixes it (NestJS: `<pattern>.reply`). */
  readonly replyTopic?: Value;
  readonly transport?: string;
}

export interface MessageHandlerFact {
  readonly library: string;
  /** The function (an arrow, a function expression or declaration, a method). */
  readonly node: ts.SignatureDeclaration;
}

/** How a hand-made request waits for its reply. */
export type HandMadeReplyForm = 'pending' | 'event' | 'polling';

/**
 * The evidence that a send is a request made by hand: the caller keeps something keyed by an id the message
 * carries, and a consumer's handler answers it. `pending`: an entry (a resolver, a callback) parked in a map
 * or object and called by the handler; `event`: `once(emitter, id)` awaited and emitted by the handler;
 * `polling`: a loop reading state the handler writes.
 */
export interface HandMadeReply {
  readonly form: HandMadeReplyForm;
  /** Where the caller waits: the entry parked, the `once(...)`, the read in the polling loop. */
  readonly waits: ts.Node;
  /** Where a consumer answers: the entry called, the event emitted, the state written. */
  readonly answers: ts.Node;
  /** The map, object or emitter both go through, as written (`pending`, `this.pendingRequests`). */
  readonly through: string;
}

export interface ReplySubscriptionFact {
  readonly library: string;
  readonly node: ts.Node;
  readonly topic: Value;
}

export interface MessageServerFact {
  readonly library: string;
  readonly node: ts.Node;
  /** `kafka` for `Transport.KAFKA`; `undefined` when the options are built elsewhere. */
  readonly transport?: string;
}

export type InteractionFact = HttpCallFact | ProduceFact | ConsumeFact;
