import type ts from 'typescript';
import type { ConsumeFact, EnvFileFact, FileFacts, HttpCallFact, ListenFact, MessageHandlerFact, MessageServerFact, MountFact, ProduceFact, ReplySubscriptionFact, RouteFact } from '../model/facts.js';
import { describeValue } from '../model/value.js';
import type { FactSink } from './detector.js';
import type { FileIndex } from './file-index.js';

/**
 * The facts the detectors emit for one file, each once: two routes to the same fact (a traced client and a
 * shape match) give one fact. `facts()` sorts them by position into the file's `FileFacts`.
 */
export class FactCollector {
  private readonly http: HttpCallFact[] = [];
  private readonly produces: ProduceFact[] = [];
  private readonly consumes: ConsumeFact[] = [];
  private readonly replySubscriptions: ReplySubscriptionFact[] = [];
  private readonly transports = new Set<string>();
  private readonly routes: RouteFact[] = [];
  private readonly mounts: MountFact[] = [];
  private readonly messageServers: MessageServerFact[] = [];
  private readonly envFiles: EnvFileFact[] = [];
  private readonly listens: ListenFact[] = [];
  private readonly messageHandlers: MessageHandlerFact[] = [];
  private readonly libraries = new Set<string>();
  private readonly seen = new Set<string>();

  /** What the detectors emit to. */
  readonly emit: FactSink = {
    http: (fact) => {
      if (this.firstTime('http', fact.node, describeValue(fact.url))) {
        this.http.push({ kind: 'http', ...fact });
        this.libraries.add(fact.library);
      }
    },
    produce: (fact) => {
      if (this.firstTime('produce', fact.node, describeValue(fact.topic))) {
        this.produces.push({ kind: 'produce', ...fact });
        this.libraries.add(fact.library);
      }
    },
    consume: (fact) => {
      if (this.firstTime('consume', fact.node, describeValue(fact.topic))) {
        this.consumes.push({ kind: 'consume', ...fact });
        this.libraries.add(fact.library);
      }
    },
    replySubscription: (fact) => {
      if (this.firstTime('reply', fact.node, describeValue(fact.topic))) this.replySubscriptions.push(fact);
    },
    transport: (name) => {
      this.transports.add(name);
    },
    route: (fact) => {
      if (this.firstTime('route', fact.node, `${describeValue(fact.method)} ${describeValue(fact.path)}`)) {
        this.routes.push({ kind: 'route', ...fact });
        this.libraries.add(fact.framework);
      }
    },
    messageServer: (fact) => {
      if (this.firstTime('server', fact.node, fact.transport ?? '')) this.messageServers.push(fact);
    },
    mount: (fact) => {
      if (this.firstTime('mount', fact.node, describeValue(fact.prefix))) this.mounts.push(fact);
    },
    envFile: (fact) => {
      if (this.firstTime('env-file', fact.node, '')) this.envFiles.push(fact);
    },
    listen: (fact) => {
      if (this.firstTime('listen', fact.node, describeValue(fact.port))) this.listens.push(fact);
    },
    messageHandler: (fact) => {
      if (this.firstTime('handler', fact.node, '')) this.messageHandlers.push(fact);
    },
  };

  private firstTime(kind: string, node: ts.Node, detail: string): boolean {
    const key = `${kind}:${node.pos}:${node.end}:${detail}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /** The file's facts, sorted by position; each send completed by `completeProduce` (its payloads read). */
  facts(fileName: string, index: FileIndex, completeProduce: (fact: ProduceFact) => ProduceFact): FileFacts {
    const byPosition = <T extends { node: ts.Node }>(facts: T[]) => facts.sort((a, b) => a.node.pos - b.node.pos);
    return {
      fileName,
      http: byPosition(this.http),
      produces: byPosition(this.produces.map(completeProduce)),
      consumes: byPosition(this.consumes),
      replySubscriptions: byPosition(this.replySubscriptions),
      transports: [...this.transports].sort(),
      storedResolvers: index.storedResolvers,
      libraries: [...this.libraries].sort(),
      routes: byPosition(this.routes),
      mounts: byPosition(this.mounts),
      messageServers: byPosition(this.messageServers),
      envFiles: byPosition(this.envFiles),
      listens: byPosition(this.listens),
      messageHandlers: byPosition(this.messageHandlers),
    };
  }
}
