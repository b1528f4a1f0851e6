/**
 * The plain, versioned JSON model every reporter reads: `service-map analyze --format json` writes it and
 * `render` could read it back. Changing a field's meaning needs a new `schemaVersion`.
 */
export const SCHEMA_VERSION = 1 as const;

export type Severity = 'error' | 'warn';

export interface Location {
  /** Relative to the analyzed directory, with `/`. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface Service {
  readonly name: string;
  /** Folder relative to the analyzed directory, `.` for the root. */
  readonly root: string;
  /** Why this folder is a service: `workspace`, `package`, `compose`, `nx`, `nest-cli`, `config`, `root`. */
  readonly source: string;
  /** Host names that reach this service (compose service names, aliases). */
  readonly hosts: readonly string[];
  /** In a map of several repositories (`merge` of their parts): the repository the service is in. */
  readonly repository?: string;
}

interface InteractionBase {
  /** Stable identity inside one result: findings point at it. */
  readonly id: string;
  readonly service: string;
  readonly library: string;
  readonly location: Location;
  /** Source text of each value that could not be resolved, by field name. */
  readonly unresolved?: Readonly<Record<string, string>>;
  /**
   * The readings of a value the code gives in several ways (`onServer ? 'http://orders:3000' : '/api'`, a
   * `let` assigned in a branch, a list filtered by a test that cannot be read), in the order the code gives
   * them. For an HTTP call whose readings do not name one target (then unresolved): each reading's target
   * (a service or an external host), or its URL as written when it has none. For a topic: every topic the
   * send or subscription may use, each of which has an interaction of its own; an unknown one as
   * `{source text}`.
   */
  readonly candidates?: readonly string[];
  /**
   * The library call itself, when the interaction is placed at the call of a wrapper that passes the
   * topic or URL down (`broker.publish({ topic })` -> `producer.send(...)`).
   */
  readonly via?: Location;
}

export interface HttpInteraction extends InteractionBase {
  readonly kind: 'http';
  readonly method: string | null;
  readonly url: string | null;
  /** The path part when it is known, even when the host is not (`/charges`). */
  readonly path: string | null;
  /** A service name, an external host, or `null` when unresolved. */
  readonly target: string | null;
  /** `service`, `external` or `unresolved`: how to read `target`. */
  readonly targetKind: 'service' | 'external' | 'unresolved';
  /**
   * How the target was decided (the analyzer always sets it): `host` (the URL's host names it), `env` (a
   * config link for the environment variable the URL is read from), `link` (a config link for its URL
   * prefix or host), `ingress` (a Kubernetes Ingress rule), `proxy` (an nginx `location` that proxies it),
   * `published-port` (the one service publishing the `localhost` port it calls), `listen-port` (the one
   * service listening on it), `none` (not decided).
   */
  readonly targetVia?: TargetVia;
  /** For an unresolved target, the services it may reach, when several could (two services on one port). */
  readonly candidates?: readonly string[];
  /**
   * The endpoint of the target service the call lands on; `null` when the target service has routes and
   * none matches; absent when the target's routes are not known.
   */
  readonly route?: RouteRef | null;
}

export type TargetVia = 'host' | 'env' | 'link' | 'ingress' | 'proxy' | 'published-port' | 'listen-port' | 'readings' | 'none';

/** A route an HTTP call was matched to. */
export interface RouteRef {
  readonly method: string;
  readonly path: string;
  readonly location: Location;
}

/** An endpoint a service exposes, with the prefixes of the routers it is mounted under. */
export interface Route {
  readonly service: string;
  readonly framework: string;
  /** Upper case, or `ALL`. */
  readonly method: string;
  /** The full path as the server matches it (`:param` kept as written); unknown parts as `{expression}`. */
  readonly path: string;
  readonly location: Location;
}

export interface ProduceInteraction extends InteractionBase {
  readonly kind: 'produce';
  readonly topic: string | null;
  readonly key: 'present' | 'absent' | 'unknown';
  /** The sender waits for a reply (request-response over Kafka): the library's (NestJS `send`) or a hand-made one. */
  readonly expectsReply?: boolean;
  /** Where the reply comes back, for a request (`<topic>.reply` with NestJS; the `replyTo` the message names). */
  readonly replyTopic?: string;
  /**
   * A request made by hand, not by the library: how the caller waits (`pending`: an entry parked in a map and
   * settled by a consumer; `event`: `once(emitter, id)` emitted by a consumer; `polling`: a loop reading
   * state a consumer writes), where it waits, and where the consumer answers. Any consumer of the topic may
   * answer such a request, by producing the reply itself.
   */
  readonly handMadeReply?: { readonly form: 'pending' | 'event' | 'polling'; readonly waits: Location; readonly answers: Location };
  /** The topic is the reply address a received request carries (`headers.replyTo`): this send answers requests. */
  readonly toReplyAddress?: boolean;
  /**
   * The other half of a request/reply pair, by interaction id: on a request, the sends that answer it; on an
   * answer, the requests it answers (`src/core/graph/request-reply.ts` says how pairs are found).
   */
  readonly pairedWith?: readonly string[];
}

export interface ConsumeInteraction extends InteractionBase {
  readonly kind: 'consume';
  readonly topic: string | null;
  /** `request` when the handler's result is sent back as a reply. */
  readonly role: 'event' | 'request';
  /** A RegExp subscription: the pattern (`/^orders\\./`); `topic` is then `null`. */
  readonly topicPattern?: string;
  /** Where a request handler's result is sent (`<topic>.reply` with NestJS). */
  readonly replyTopic?: string;
}

export type Interaction = HttpInteraction | ProduceInteraction | ConsumeInteraction;

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly service: string | null;
  /** Where the problem is seen: a send's call, or the call of the wrapper that passes its topic down. */
  readonly location: Location;
  /** For a finding at a wrapper's call site, the library call inside the wrapper (where ESLint reports it). */
  readonly via?: Location;
  /** The interaction this finding is about, when there is one. */
  readonly interactionId?: string;
}

/** Why a finding does not count for the gate. */
export interface Suppression {
  /**
   * `directive`: an `eslint-disable` comment (or `service-map-disable`) at the finding's place; `baseline`: a
   * known finding recorded in the baseline file.
   */
  readonly kind: 'directive' | 'baseline';
  /** The text after ` -- ` in the comment, when it gives one. */
  readonly justification?: string;
  /** Where the comment is, for a directive. */
  readonly location?: Location;
}

export interface SuppressedFinding extends Finding {
  readonly suppressions: readonly Suppression[];
}

/** An entry of the baseline file: `count` findings of `ruleId` in `file` with this identity. */
export interface BaselineEntry {
  readonly ruleId: string;
  readonly file: string;
  /** What the finding is about, without line numbers: `produce order.created`, `http POST http://payment/charges`. */
  readonly identity: string;
  readonly count: number;
}

/** How the findings compared with a baseline file. */
export interface BaselineComparison {
  /** The baseline file as it was given. */
  readonly file: string;
  /** Findings the baseline knows: moved to `suppressedFindings`. */
  readonly known: number;
  /** Findings the baseline does not know: they stay in `findings` and count for the gate. */
  readonly new: number;
  /** Entries (or parts of their counts) no finding matches any more: fixed, or the baseline is out of date. */
  readonly stale: readonly BaselineEntry[];
}

/** A problem with the input itself (a file that does not parse, a bad compose file): the run goes on. */
export interface Diagnostic {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
  /** A note that a client library is imported where nothing of its kind was found: the service and the module. */
  readonly silentClient?: { readonly service: string; readonly module: string };
}

export interface AnalysisResult {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly services: readonly Service[];
  readonly interactions: readonly Interaction[];
  readonly routes: readonly Route[];
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: AnalysisSummary;
  /**
   * Findings set aside by a disable comment or the baseline (the CLI and `analyze()` from the API fill it):
   * listed and counted, never judged by the gate. `findings` and `summary.findings` hold only the others.
   */
  readonly suppressedFindings?: readonly SuppressedFinding[];
  /** Present when a baseline file was given. */
  readonly baseline?: BaselineComparison;
}

export interface AnalysisSummary {
  readonly files: number;
  readonly filesWithInteractions: number;
  readonly interactions: { readonly http: number; readonly produce: number; readonly consume: number };
  readonly unresolved: { readonly topics: number; readonly targets: number };
  readonly findings: { readonly error: number; readonly warn: number };
  /**
   * Messaging and HTTP libraries the code imports that service-map does not understand (`kafka-node`,
   * `amqplib`): their calls are not on the map.
   */
  readonly notUnderstood: readonly { readonly library: string; readonly files: number }[];
}
