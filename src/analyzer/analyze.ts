import { compareStrings } from '../core/model/compare.js';
import fs from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
import { globSync } from 'tinyglobby';
import { formatMessage } from '../core/checks/check.js';
import { PROJECT_CHECKS } from '../core/checks/index.js';
import { configuredWrappersDetector } from '../core/detectors/configured-wrappers.js';
import { DETECTORS } from '../core/detectors/index.js';
import { NOT_UNDERSTOOD_LIBRARIES } from '../core/detectors/not-understood.js';
import { matchRoute } from '../core/graph/route-match.js';
import { CallerBinder } from '../core/engine/callers.js';
import { createResolution, fileIndexOf, scanSourceFile } from '../core/engine/scan-source-file.js';
import { type HttpTarget, resolveHttpTarget, settlePathParameters } from '../core/graph/http-target.js';
import type { InteractionFact, KeyPresence, ProduceFact } from '../core/model/facts.js';
import {
  type AnalysisResult,
  type AnalysisSummary,
  type Diagnostic,
  type Finding,
  type Interaction,
  type Location,
  type Route,
  type RouteRef,
  SCHEMA_VERSION,
  type Service,
} from '../core/model/result.js';
import { describeValue, hasParam, knownPrefix, knownString, substituteEnv, type Value } from '../core/model/value.js';
import { readComposeProject } from './compose.js';
import { readEnvFile } from './dotenv.js';
import { type IngressPath, ingressService, readKubernetesManifests } from './kubernetes.js';
import { resolveRoutes } from './routes.js';
import { loadConfig, type ServiceMapConfig } from './config.js';
import { UsageError } from './errors.js';
import { compareLocations, locationOf, type ScannedFile } from './scanned-file.js';
import { fileFindings, messagesAtCalls, type MessagesAtCalls, type SendAtCallSite } from './wrapper-sends.js';
import { analyzerTs, createAnalysisProject } from './project.js';
import { defineServices, isInside, type ServiceDefinition, serviceOfFile } from './services.js';
import { ALWAYS_IGNORED, readWorkspace } from './workspace.js';

export interface AnalyzeOptions {
  /** The folder to analyse. */
  readonly root: string;
  /** A config file other than `<root>/service-map.config.json`. */
  readonly configFile?: string;
}

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
/**
 * What does not run in production: tests and mocks, end-to-end suites, stories, and the scripts that seed
 * data or set up a demo. Their calls would draw edges no deployed service makes.
 */
const NOT_PRODUCTION = [
  '**/*.{test,spec}.*',
  '**/*{-,_}test.*',
  '**/test{-,_}*.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  '**/cypress/**',
  '**/playwright/**',
  '**/*.stories.*',
  '**/scripts/**',
  '**/seed*.*',
  '**/seeds/**',
  '**/seeders/**',
];
const NOT_SOURCE = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.js'];
/** ingress-nginx's controller Service, as pods address it (`ingress-nginx-controller.ingress-nginx.svc.cluster.local`). */
const INGRESS_CONTROLLER = /^ingress-nginx-controller(\.[a-z0-9-]+)?(\.svc(\.cluster\.local)?)?$/;

/** Larger files are generated or bundled code; reading them costs much and says nothing about services. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Analyses a repository: finds its services, scans every source file once with the shared engine,
 * resolves values with each service's environment, links calls to services, runs the checks.
 * Never executes the analysed code and never writes anything.
 */
export async function analyzeProject(options: AnalyzeOptions): Promise<AnalysisResult> {
  const root = path.resolve(options.root);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`no such directory: ${options.root}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`not a directory: ${options.root}`);

  const { config, rules } = await loadConfig(root, options.configFile);
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const diagnostics: Diagnostic[] = [];
  const ignore = [...ALWAYS_IGNORED, ...NOT_SOURCE, ...(config.includeTests ? [] : NOT_PRODUCTION), ...(config.ignore ?? [])];

  const layout = readWorkspace(root, config.ignore ?? [], relative, diagnostics);
  const kubernetes = readKubernetesManifests(root, config.ignore ?? []);
  const services = defineServices(root, {
    layout,
    compose: readComposeProject(root, relative, diagnostics),
    kubernetes,
    configured: (config.services ?? []).map((service) => ({ ...service, root: path.resolve(root, service.root) })),
    readEnvFile,
    note: (folder, message) => diagnostics.push({ file: folder, message }),
  });
  const rootService: ServiceDefinition = {
    name: layout.rootName ? layout.rootName.replace(/^@[^/]+\//, '') : path.basename(root),
    root,
    source: 'root',
    hosts: [],
    environment: new Map(),
  };

  const files = globSync([SOURCE_GLOB], { cwd: root, ignore, absolute: true, followSymbolicLinks: false, dot: false })
    .map((file) => path.normalize(file))
    .sort();
  const readable = files.filter((file) => {
    const size = fs.statSync(file).size;
    if (size <= MAX_FILE_BYTES) return true;
    diagnostics.push({ file: relative(file), message: `skipped: ${Math.round(size / 1024)} KiB is larger than 1 MiB (generated or bundled code?)` });
    return false;
  });

  const project = createAnalysisProject(root, readable, layout.packages);
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const projectSourceFiles = readable.flatMap((file) => program.getSourceFile(file) ?? []);
  const detectors = config.wrappers && config.wrappers.length > 0 ? [...DETECTORS, configuredWrappersDetector(config.wrappers)] : DETECTORS;
  const projectFiles = () => projectSourceFiles;
  const scanned: ScannedFile[] = [];
  for (const file of readable) {
    const sourceFile = program.getSourceFile(file);
    const relativePath = relative(file);
    if (sourceFile === undefined) {
      diagnostics.push({ file: relativePath, message: 'could not be read' });
      continue;
    }
    const syntaxError = program.getSyntacticDiagnostics(sourceFile)[0];
    if (syntaxError) {
      const line = sourceFile.getLineAndCharacterOfPosition(syntaxError.start).line + 1;
      const message = analyzerTs.flattenDiagnosticMessageText(syntaxError.messageText, ' ');
      diagnostics.push({ file: relativePath, line, message: `does not parse, skipped: ${message}` });
      continue;
    }
    const facts = scanSourceFile({
      projectFiles,
      detectors,
      ts: analyzerTs,
      // typescript-eslint sees two declarations of TypeScript's enums here (ts-morph's bundled copy and the
      // `typescript` package); both are 6.0 with the same values (project.ts).
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
      sourceFile,
      checker,
      onDetectorError: (error, detector) =>
        diagnostics.push({ file: relativePath, message: `the ${detector.library} detector failed on this file: ${error instanceof Error ? error.message : String(error)}` }),
    });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
    scanned.push({ relativePath, sourceFile, service: serviceOfFile(services, file) ?? rootService, facts });
  }

  const withTransports = applyServiceTransports(withEnvFilesLoadedByCode(root, scanned));
  const { context, evaluator, messageScan } = createResolution(analyzerTs, checker, detectors, projectFiles);
  const packageRoots = [root, ...layout.packages.map((pkg) => pkg.root), ...services.map((service) => service.root)];
  const packageOf = (sourceFile: ts.SourceFile) => nearestRoot(packageRoots, path.normalize(sourceFile.fileName));
  const binder = new CallerBinder(
    context,
    evaluator,
    scanned.map((file) => fileIndexOf(analyzerTs, file.sourceFile)),
    (a, b) => packageOf(a) === packageOf(b),
  );
  const routes = resolveRoutes(
    withTransports.map((file) => ({ facts: file.facts, serviceName: file.service.name, locate: (node) => locationOf(file.relativePath, file.sourceFile, node) })),
  ).sort((a, b) => compareLocations(a.location, b.location) || compareStrings(a.method, b.method) || compareStrings(a.path, b.path));
  const placeOf = placer(withTransports, binder, services, config.links ?? [], routes, kubernetes.ingressPaths);
  const callSites: SendAtCallSite[] = [];
  const messagesAt = messagesAtCalls(detectors, evaluator, messageScan);
  const { interactions, interactionIds } = identify(withTransports.flatMap((file) => toInteractions(file, placeOf, callSites, messagesAt)));
  const findings = fileFindings(withTransports, rules, interactions, interactionIds, callSites);

  // The repository itself is a service when it has no other, or when code outside them talks to something.
  const rootIsService = scanned.some((file) => file.service === rootService) && (services.length === 0 || interactions.some((i) => i.service === rootService.name));
  const serviceList: Service[] = [...services, ...(rootIsService ? [rootService] : [])]
    .map((service) => ({ name: service.name, root: relative(service.root) || '.', source: service.source, hosts: service.hosts }))
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root));

  for (const check of PROJECT_CHECKS) {
    const setting = rules.get(check.id);
    if (setting === undefined || setting.severity === 'off') continue;
    for (const draft of check.check({ result: { services: serviceList, interactions, routes }, options: setting.options })) {
      findings.push({
        ruleId: check.id,
        severity: setting.severity,
        message: formatMessage(check.messages[draft.messageId] ?? draft.messageId, draft.data),
        service: draft.service,
        location: draft.location,
        ...(draft.interactionId ? { interactionId: draft.interactionId } : {}),
      });
    }
  }

  return finishResult(serviceList, interactions, routes, findings, diagnostics, {
    files: scanned.length,
    notUnderstood: notUnderstood(scanned.map((file) => fileIndexOf(analyzerTs, file.sourceFile).importedModules)),
  });
}

/** The deepest of `roots` holding a file. */
function nearestRoot(roots: readonly string[], file: string): string | undefined {
  let best: string | undefined;
  for (const candidate of roots) {
    const relativePath = path.relative(candidate, file);
    if (!relativePath.startsWith('..') && !path.isAbsolute(relativePath) && (best === undefined || candidate.length > best.length)) best = candidate;
  }
  return best;
}

/** Libraries imported that no detector understands, with how many files import each. */
function notUnderstood(importsPerFile: readonly ReadonlySet<string>[]): { library: string; files: number }[] {
  return NOT_UNDERSTOOD_LIBRARIES.map((library) => ({
    library,
    files: importsPerFile.filter((modules) => [...modules].some((module) => module === library || module.startsWith(`${library}/`))).length,
  }))
    .filter((entry) => entry.files > 0)
    .sort((a, b) => compareStrings(a.library, b.library));
}

/**
 * Adds the variables of the env files a service's code loads (`ConfigModule.forRoot({ envFilePath })`,
 * `dotenv.config({ path })`) to its environment, below every other source: what a deployment sets wins
 * over a file. Within the files the first that sets a variable wins, as both libraries do. Paths that still
 * depend on an unknown variable are skipped, and files outside the repository are never read.
 */
function withEnvFilesLoadedByCode(root: string, files: readonly ScannedFile[]): ScannedFile[] {
  const loaded = new Map<ServiceDefinition, Map<string, string>>();
  for (const file of files) {
    for (const fact of file.facts.envFiles) {
      const variables = loaded.get(file.service) ?? new Map<string, string>();
      loaded.set(file.service, variables);
      for (const candidate of fact.files) {
        const known = knownString(substituteEnv(candidate.path, (name) => file.service.environment.get(name)));
        if (known === undefined || known === '') continue;
        const base = candidate.relativeTo === 'file' ? path.dirname(file.sourceFile.fileName) : file.service.root;
        const envFile = path.resolve(base, known);
        if (!isInside(root, envFile)) continue;
        for (const [key, value] of readEnvFile(envFile)) if (!variables.has(key)) variables.set(key, value);
      }
    }
  }
  const withFiles = new Map(
    [...loaded].map(([service, variables]) => [service, { ...service, environment: new Map([...variables, ...service.environment]) }] as const),
  );
  return files.map((file) => {
    const service = withFiles.get(file.service);
    return service ? { ...file, service } : file;
  });
}

/**
 * NestJS clients typed `ClientProxy` speak whatever transport the service registers elsewhere
 * (`ClientsModule.register`): Kafka when the service mentions Kafka. Handlers (`@EventPattern`) receive only
 * what the servers the service starts listen to (`createMicroservice` / `connectMicroservice` in main.ts):
 * with a Kafka server they are Kafka consumers; with none, or only other transports, they never run on
 * Kafka and are left out of the map.
 */
function applyServiceTransports(files: readonly ScannedFile[]): ScannedFile[] {
  const mentions = new Map<string, Set<string>>();
  const servers = new Map<string, Set<string | undefined>>();
  for (const file of files) {
    const mentioned = mentions.get(file.service.name) ?? new Set<string>();
    for (const transport of file.facts.transports) mentioned.add(transport);
    mentions.set(file.service.name, mentioned);
    const started = servers.get(file.service.name) ?? new Set<string | undefined>();
    for (const server of file.facts.messageServers) started.add(server.transport);
    servers.set(file.service.name, started);
  }
  return files.map((file) => {
    const speaksKafka = mentions.get(file.service.name)?.has('kafka') === true;
    const started = servers.get(file.service.name) ?? new Set<string | undefined>();
    const listensOnKafka = started.has('kafka') || (started.has(undefined) && speaksKafka);
    const produces = file.facts.produces.flatMap((fact) => (fact.transport !== undefined ? [fact] : speaksKafka ? [{ ...fact, transport: 'kafka' }] : []));
    const consumes = file.facts.consumes.flatMap((fact) => (fact.transport !== undefined ? [fact] : listensOnKafka ? [{ ...fact, transport: 'kafka' }] : []));
    return { ...file, facts: { ...file.facts, produces, consumes } };
  });
}

function keyOf(produce: ProduceFact): KeyPresence {
  if (produce.messages.length === 0) return 'unknown';
  if (produce.messages.some((message) => message.key === 'absent')) return 'absent';
  if (produce.messages.every((message) => message.key === 'present') && !produce.messagesUnknown) return 'present';
  return produce.messages.some((message) => message.key === 'unknown') || produce.messagesUnknown ? 'unknown' : 'present';
}

/** A value as the JSON model writes it: the string, or `null` with its source text kept aside. */
function resolved(value: Value): { text: string | null; source?: string } {
  const text = knownString(value);
  return text !== undefined ? { text } : { text: null, source: describeValue(value) };
}

/** Where an interaction lands: its file, service and the environment its values are read with. */
interface Placed {
  readonly location: Location;
  readonly via?: Location;
  readonly service: ServiceDefinition;
  /** The calls the values were bound through, from the library call outwards; empty when placed at it. */
  readonly calls: readonly ts.Node[];
  /** The values with the service's environment substituted. */
  readonly values: readonly Value[];
  /** The same before substitution: which environment variables they read. */
  readonly rawValues: readonly Value[];
}

type Link = NonNullable<ServiceMapConfig['links']>[number];

/**
 * Places facts: where a value is a wrapper's parameter, at each call of the wrapper (with the library call
 * as `via`), in the caller's service and with the caller's environment.
 */
function placer(
  files: readonly ScannedFile[],
  binder: CallerBinder,
  services: readonly ServiceDefinition[],
  links: readonly Link[],
  routes: readonly Route[],
  ingressPaths: readonly IngressPath[],
) {
  const bySourceFile = new Map(files.map((file) => [file.sourceFile, file]));
  const hosts = new Map<string, string>();
  for (const service of services) for (const host of service.hosts) hosts.set(host, service.name);
  for (const link of links) if ('host' in link) hosts.set(link.host.toLowerCase(), link.service);
  const envLinks = new Map(links.flatMap((link) => ('env' in link ? [[link.env, link.service] as const] : [])));
  const urlLinks = links.flatMap((link) => ('url' in link ? [link] : []));

  const place = (file: ScannedFile, node: ts.Node, values: readonly Value[], settle?: (values: readonly Value[]) => readonly Value[]): Placed[] => {
    const placements = values.some(hasParam) ? binder.place(node, values, settle) : [{ at: node, values, via: [] }];
    return placements.map((placement) => {
      const site = bySourceFile.get(placement.at.getSourceFile()) ?? file;
      const env = (name: string) => site.service.environment.get(name);
      return {
        location: locationOf(site.relativePath, site.sourceFile, placement.at),
        ...(placement.via.length > 0 ? { via: locationOf(file.relativePath, file.sourceFile, node) } : {}),
        calls: placement.via.length > 0 ? [...[...placement.via].reverse().slice(1), placement.at] : [],
        service: site.service,
        values: placement.values.map((value) => substituteEnv(value, env)),
        rawValues: placement.values,
      };
    });
  };

  /**
   * The service an Ingress sends `requestPath` to on `publicHosts` (the request's host, or any host the
   * request may carry): the hosts that route the path at all must agree on one service.
   */
  const throughIngress = (publicHosts: readonly string[], requestPath: string): string | undefined => {
    const backends = publicHosts.flatMap((host) => ingressService(ingressPaths, host, requestPath) ?? []);
    const reached = new Set(backends.map((backend) => hosts.get(backend)));
    const [only] = reached;
    return reached.size === 1 ? only : undefined;
  };
  /**
   * Where a call goes: a configured link (environment variable, URL prefix) first, then the URL's host, and
   * for a host an Ingress serves, the Service its rules send the path to. A relative URL is browser code
   * fetching from the page's own origin: when the calling service is served by an Ingress, that origin is
   * the Ingress's host.
   */
  const target = (rawUrl: Value, url: Value, from: ServiceDefinition): HttpTarget => {
    let resolved = resolveHttpTarget(url, hosts);
    if (resolved.targetKind === 'external' && resolved.target !== null && resolved.path !== null) {
      // Server-side rendering calls the controller in the cluster, passing the browser's Host header on.
      const publicHosts = INGRESS_CONTROLLER.test(resolved.target) ? [...new Set(ingressPaths.map((entry) => entry.host))] : [resolved.target];
      const service = throughIngress(publicHosts, resolved.path);
      if (service !== undefined) resolved = { ...resolved, target: service, targetKind: 'service' };
    } else if (resolved.targetKind === 'unresolved' && resolved.path !== null && /^\/(?!\/)/.test(knownPrefix(url))) {
      const servedAt = [...new Set(ingressPaths.filter((entry) => from.hosts.includes(entry.service)).map((entry) => entry.host))];
      const service = servedAt.length > 0 ? throughIngress(servedAt, resolved.path) : undefined;
      if (service !== undefined) resolved = { url: null, path: resolved.path, target: service, targetKind: 'service' };
    }
    const byEnv = environmentNames(rawUrl).map((name) => envLinks.get(name)).find((service) => service !== undefined);
    const text = knownPrefix(url);
    const byUrl = urlLinks.find((link) => text.startsWith(link.url))?.service;
    const linked = byEnv ?? byUrl;
    if (linked === undefined) return resolved;
    return { url: resolved.url, path: resolved.path, target: linked, targetKind: 'service' };
  };
  /** The route a call to a service lands on: `null` when that service's routes are known and none fits. */
  const routeOf = (method: string | null, target: HttpTarget): RouteRef | null | undefined => {
    if (target.targetKind !== 'service' || target.path === null) return undefined;
    const candidates = routes.filter((route) => route.service === target.target);
    if (candidates.length === 0) return undefined;
    const route = matchRoute(method, target.path, candidates);
    return route ? { method: route.method, path: route.path, location: route.location } : null;
  };
  return { place, target, routeOf };
}

/** The environment variables a value reads. */
function environmentNames(value: Value): string[] {
  if (value.kind === 'env') return [value.name, ...(value.fallback ? environmentNames(value.fallback) : [])];
  if (value.kind === 'concat') return value.parts.flatMap(environmentNames);
  return [];
}

type Place = ReturnType<typeof placer>;

/**
 * The interactions of a file's facts, each paired with the fact it stands for. A send placed at its
 * wrapper's call sites stands for a copy of the fact with the caller's values, recorded in `callSites` so
 * that the checks can look at each call as the caller makes it.
 */
function toInteractions(
  file: ScannedFile,
  { place, target: targetOf, routeOf }: Place,
  callSites: SendAtCallSite[],
  messagesAt: MessagesAtCalls,
): [InteractionFact, Interaction][] {
  const result: [InteractionFact, Interaction][] = [];
  const common = (fact: InteractionFact, placed: Placed) => ({
    id: '',
    service: placed.service.name,
    library: fact.library,
    location: placed.location,
    ...(placed.via ? { via: placed.via } : {}),
  });
  for (const fact of file.facts.http) {
    for (const placed of place(file, fact.node, [fact.method, fact.url], ([method, url]) => [method!, settlePathParameters(url!)])) {
      const [methodValue, url] = placed.values as [Value, Value];
      // A method bound from a wrapper's caller (`request('post', url)`) is written as the caller wrote it.
      const method = resolved(methodValue);
      const methodText = method.text?.toUpperCase() ?? null;
      const target = targetOf(placed.rawValues[1]!, url, placed.service);
      const route = routeOf(methodText, target);
      const unresolved: Record<string, string> = {};
      if (method.source !== undefined) unresolved.method = method.source;
      if (target.targetKind === 'unresolved') unresolved.url = target.unresolved ?? describeValue(url);
      result.push([
        fact,
        {
          ...common(fact, placed),
          kind: 'http',
          method: methodText,
          url: target.url,
          path: target.path,
          target: target.target,
          targetKind: target.targetKind,
          ...(route !== undefined ? { route } : {}),
          ...(Object.keys(unresolved).length > 0 ? { unresolved } : {}),
        },
      ]);
    }
  }
  for (const fact of file.facts.produces) {
    // The reply topic is placed with the topic: a wrapper's caller may give both.
    const placements = place(file, fact.node, fact.replyTopic ? [fact.topic, fact.replyTopic] : [fact.topic]);
    const atCallSites = placements.some((placed) => placed.via !== undefined);
    for (const placed of placements) {
      const topic = resolved(placed.values[0]!);
      const messages = atCallSites ? messagesAt(fact, placed.calls) : undefined;
      const standsFor: ProduceFact = atCallSites
        ? {
            ...fact,
            topic: placed.values[0]!,
            ...(placed.values[1] ? { replyTopic: placed.values[1] } : {}),
            ...(messages ? { messages: messages.messages, messagesUnknown: messages.unknown } : {}),
          }
        : fact;
      if (atCallSites) callSites.push({ original: fact, placed: standsFor });
      result.push([
        standsFor,
        {
          ...common(fact, placed),
          kind: 'produce',
          topic: topic.text,
          key: keyOf(standsFor),
          ...(fact.expectsReply ? { expectsReply: true } : {}),
          ...replyTopicField(placed.values[1]),
          ...(topic.source !== undefined ? { unresolved: { topic: topic.source } } : {}),
        },
      ]);
    }
  }
  for (const fact of file.facts.consumes) {
    for (const placed of place(file, fact.node, fact.replyTopic ? [fact.topic, fact.replyTopic] : [fact.topic])) {
      const value = placed.values[0]!;
      const pattern = value.kind === 'regexp' ? `/${value.source}/${value.flags}` : undefined;
      const topic = resolved(value);
      result.push([
        fact,
        {
          ...common(fact, placed),
          kind: 'consume',
          topic: topic.text,
          role: fact.role,
          ...(pattern !== undefined ? { topicPattern: pattern } : {}),
          ...replyTopicField(placed.values[1]),
          ...(topic.source !== undefined && pattern === undefined ? { unresolved: { topic: topic.source } } : {}),
        },
      ]);
    }
  }
  return result;
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

/**
 * Sorts interactions by place and gives each a stable id (`kind:file:line:column`, `#2` for a second one at
 * the same call), and remembers which fact became which id so findings can point at their interaction.
 */
function identify(pairs: [InteractionFact, Interaction][]): { interactions: Interaction[]; interactionIds: Map<InteractionFact, string> } {
  const sorted = pairs
    .map(([fact, interaction]) => ({ fact, interaction, key: interactionSortKey(interaction) }))
    .sort(
      (a, b) =>
        compareLocations(a.interaction.location, b.interaction.location) ||
        compareStrings(a.key, b.key) ||
        compareLocations(a.interaction.via ?? a.interaction.location, b.interaction.via ?? b.interaction.location),
    );
  const seen = new Map<string, number>();
  const idBySameness = new Map<string, string>();
  const interactionIds = new Map<InteractionFact, string>();
  const interactions: Interaction[] = [];
  for (const { fact, interaction } of sorted) {
    const { file, line, column } = interaction.location;
    // One call site reaching one endpoint is one interaction, even when the wrapper it calls has two library
    // calls for it (a request and its retry): the first, by place of the library call, stands for both.
    const sameness = `${interaction.kind}:${file}:${line}:${column}:${sameEndpoint(interaction)}`;
    const existing = idBySameness.get(sameness);
    if (existing !== undefined) {
      if (!interactionIds.has(fact)) interactionIds.set(fact, existing);
      continue;
    }
    const base = `${interaction.kind}:${file}:${line}:${column}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const id = count === 1 ? base : `${base}#${count}`;
    idBySameness.set(sameness, id);
    if (!interactionIds.has(fact)) interactionIds.set(fact, id);
    interactions.push(inFieldOrder({ ...interaction, id }));
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
function inFieldOrder(interaction: Interaction): Interaction {
  const { id, kind, service, library, location, via, unresolved, ...specific } = interaction;
  return {
    id,
    kind,
    service,
    library,
    ...specific,
    location,
    ...(via ? { via } : {}),
    ...(unresolved ? { unresolved } : {}),
  } as Interaction;
}

/** Sorts findings and diagnostics and counts what the result holds. */
function finishResult(
  services: Service[],
  interactions: Interaction[],
  routes: Route[],
  rawFindings: Finding[],
  diagnostics: Diagnostic[],
  input: { files: number; notUnderstood: AnalysisSummary['notUnderstood'] },
): AnalysisResult {
  const findings = [...rawFindings].sort(
    (a, b) =>
      compareLocations(a.location, b.location) ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.message, b.message) ||
      compareLocations(a.via ?? a.location, b.via ?? b.location),
  );
  const sortedDiagnostics = [...diagnostics].sort((a, b) => compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.message, b.message));
  return {
    schemaVersion: SCHEMA_VERSION,
    services,
    interactions,
    routes,
    findings,
    diagnostics: sortedDiagnostics,
    summary: {
      files: input.files,
      filesWithInteractions: new Set(interactions.map((interaction) => interaction.location.file)).size,
      interactions: {
        http: interactions.filter((i) => i.kind === 'http').length,
        produce: interactions.filter((i) => i.kind === 'produce').length,
        consume: interactions.filter((i) => i.kind === 'consume').length,
      },
      unresolved: {
        topics: interactions.filter((i) => i.kind !== 'http' && i.topic === null).length,
        targets: interactions.filter((i) => i.kind === 'http' && i.target === null).length,
      },
      findings: {
        error: findings.filter((finding) => finding.severity === 'error').length,
        warn: findings.filter((finding) => finding.severity === 'warn').length,
      },
      notUnderstood: input.notUnderstood,
    },
  };
}
