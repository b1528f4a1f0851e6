import path from 'node:path';
import type ts from 'typescript';
import { CallerBinder, type Placement } from '../core/engine/callers.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import { type HttpTarget, type PortCandidate, resolveHttpTarget, targetByPort, targetOfReadings, template } from '../core/graph/http-target.js';
import { compareStrings } from '../core/model/compare.js';
import type { Location, Route, RouteRef } from '../core/model/result.js';
import { concatValues, describeValue, hasParam, knownPrefix, knownString, MAX_READINGS, readingsOf, stringValue, substituteEnv, type Value } from '../core/model/value.js';
import type { DiscoveredProject } from './discover.js';
import { type IngressPath, ingressService } from './kubernetes.js';
import { type NginxProxy, routeThroughProxy } from './proxies.js';
import { analyzerTs } from './project.js';
import { resolveRoutes, routeServing } from './routes.js';
import { compareLocations, locationOf, type ScannedFile } from './scanned-file.js';
import type { ServiceFacts } from './service-facts.js';
import type { ServiceDefinition } from './services.js';
import type { ServiceMapConfig } from './config.js';

/*
 * The third stage: where each fact lands. A value that is a wrapper's parameter is placed at each call of
 * the wrapper, in the caller's service and with the caller's environment; an HTTP call's URL is linked to
 * the service it reaches, and to the route that serves it.
 */

/** ingress-nginx's controller Service, as pods address it (`ingress-nginx-controller.ingress-nginx.svc.cluster.local`). */
const INGRESS_CONTROLLER = /^ingress-nginx-controller(\.[a-z0-9-]+)?(\.svc(\.cluster\.local)?)?$/;

/** Where an interaction lands: its file, service and the environment its values are read with. */
export interface Placed {
  readonly location: Location;
  readonly via?: Location;
  readonly service: ServiceDefinition;
  /** The calls the values were bound through, from the library call outwards; empty when placed at it. */
  readonly calls: readonly ts.Node[];
  /** The values with the service's environment substituted. */
  readonly values: readonly Value[];
  /** The same before substitution: which environment variables they read. */
  readonly rawValues: readonly Value[];
  /** Why the values stay unknown when several were given and none decided anything. */
  readonly undecided?: string;
  /** Made where the library is called by a client a construction configured (`Placement.construction`). */
  readonly constructed?: boolean;
}

type Link = NonNullable<ServiceMapConfig['links']>[number];

/** What each port of this machine reaches: services publishing it, and services listening on it. */
export interface PortTable {
  readonly published: ReadonlyMap<number, readonly PortCandidate[]>;
  readonly listening: ReadonlyMap<number, readonly PortCandidate[]>;
}

/** The routes the services serve, and a placer for the facts of the scanned files. */
export function preparePlacement(project: DiscoveredProject, facts: ServiceFacts): { placer: Placer; routes: Route[]; ports: PortTable } {
  const { services, config, kubernetes } = project;
  const { context, evaluator } = facts.resolution;
  const binder = new CallerBinder(
    context,
    evaluator,
    facts.scanned.map((file) => fileIndexOf(analyzerTs(), file.sourceFile)),
    samePackage(project),
  );
  // A router module shared by several services serves its routes in each of them.
  const routes = resolveRoutes(
    facts.files.flatMap((file) => file.services.map((service) => ({ facts: file.facts, serviceName: service.name, locate: (node: ts.Node) => locationOf(file.relativePath, file.sourceFile, node) }))),
  ).sort((a, b) => compareLocations(a.location, b.location) || compareStrings(a.method, b.method) || compareStrings(a.path, b.path));
  const ports = portTable(project, facts);
  const placer = new Placer(facts.files, binder, services, config.links ?? [], routes, kubernetes.ingressPaths, ports, project.proxies);
  return { placer, routes, ports };
}

/**
 * The ports of this machine: what compose publishes (a built service under its name, an image-only one as
 * an external node) and Kubernetes `nodePort`s/`hostPort`s; what each service listens on (its servers'
 * `listen(...)` read with its environment, a `--port` its package scripts give a dev server).
 */
function portTable(project: DiscoveredProject, facts: ServiceFacts): PortTable {
  const published = new Map<number, PortCandidate[]>();
  const listening = new Map<number, PortCandidate[]>();
  const add = (table: Map<number, PortCandidate[]>, port: number, candidate: PortCandidate) => table.set(port, [...(table.get(port) ?? []), candidate]);
  for (const service of project.services) {
    for (const port of service.publishedPorts ?? []) add(published, port, { name: service.name, kind: 'service' });
    for (const port of service.listenPorts ?? []) add(listening, port, { name: service.name, kind: 'service' });
  }
  for (const compose of project.compose) {
    if (compose.buildContext !== undefined) continue;
    for (const port of compose.publishedPorts) add(published, port, { name: compose.name, kind: 'external' });
  }
  for (const file of facts.files) {
    for (const fact of file.facts.listens) {
      for (const service of file.services) {
        const port = knownString(substituteEnv(fact.port, (name) => service.environment.get(name)));
        if (port !== undefined && /^\d{1,5}$/.test(port.trim())) add(listening, Number(port), { name: service.name, kind: 'service' });
      }
    }
  }
  return { published, listening };
}

/** Whether two files belong to one package or service (the deepest workspace package or service root holding each). */
export function samePackage(project: DiscoveredProject): (a: ts.SourceFile, b: ts.SourceFile) => boolean {
  const { root, layout, services } = project;
  const packageRoots = [root, ...layout.packages.map((pkg) => pkg.root), ...services.map((service) => service.root)];
  const packageOf = (sourceFile: ts.SourceFile) => nearestRoot(packageRoots, path.normalize(sourceFile.fileName));
  return (a, b) => packageOf(a) === packageOf(b);
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

/**
 * The targets a port decided, with the target before: a merge of parts decides them again with the ports
 * every part's servers listen on (part.ts).
 */
export const portDecisions = new WeakMap<HttpTarget, HttpTarget>();

/** A loopback call (`localhost:4001`): the one service that publishes the port, else the one listening on it. */
export function decideByPort(resolved: HttpTarget, port: number, ports: PortTable): HttpTarget {
  const decided = targetByPort(port, ports.published.get(port) ?? [], ports.listening.get(port) ?? []);
  if ('target' in decided) {
    const { url, path, host, loopbackPort } = resolved;
    return { url, path, host, loopbackPort, target: decided.target.name, targetKind: decided.target.kind, via: decided.via };
  }
  const named = decided.candidates.length > 0 ? `: ${decided.candidates.join(', ')}` : '';
  return {
    ...resolved,
    unresolved: `${resolved.unresolved ?? ''}; ${decided.reason}${named}`,
    ...(decided.candidates.length > 0 ? { candidates: decided.candidates } : {}),
  };
}

/**
 * Places facts: where a value is a wrapper's parameter, at each call of the wrapper (with the library call
 * as `via`), in the caller's service and with the caller's environment.
 */
export class Placer {
  private readonly bySourceFile: ReadonlyMap<ts.SourceFile, ScannedFile>;
  private readonly hosts = new Map<string, string>();
  /** Hosts a config `links` entry names (their targets are decided by the config, `link`). */
  private readonly linkHosts = new Set<string>();
  private readonly envLinks: ReadonlyMap<string, string>;
  private readonly urlLinks: readonly Extract<Link, { url: string }>[];

  constructor(
    files: readonly ScannedFile[],
    private readonly binder: CallerBinder,
    services: readonly ServiceDefinition[],
    links: readonly Link[],
    private readonly routes: readonly Route[],
    private readonly ingressPaths: readonly IngressPath[],
    private readonly ports: PortTable = { published: new Map(), listening: new Map() },
    private readonly proxies: readonly NginxProxy[] = [],
  ) {
    this.bySourceFile = new Map(files.map((file) => [file.sourceFile, file]));
    for (const service of services) for (const host of service.hosts) this.hosts.set(host, service.name);
    for (const link of links) {
      if (!('host' in link)) continue;
      this.hosts.set(link.host.toLowerCase(), link.service);
      this.linkHosts.add(link.host.toLowerCase());
    }
    this.envLinks = new Map(links.flatMap((link) => ('env' in link ? [[link.env, link.service] as const] : [])));
    this.urlLinks = links.flatMap((link) => ('url' in link ? [link] : []));
  }

  /** Where a node is, in the model's terms (its file relative to the analysed folder). */
  locate(node: ts.Node): Location {
    const sourceFile = node.getSourceFile();
    const file = this.bySourceFile.get(sourceFile);
    return locationOf(file?.relativePath ?? sourceFile.fileName, sourceFile, node);
  }

  /**
   * Places a fact: at the node itself, or at each call of the wrapper it is in; then once for every service
   * that runs the file of that place (a shared module imported by several services), with that service's
   * environment. A wrapper's send left where it is (nothing binds its parameters) stays with one service.
   */
  place(
    file: ScannedFile,
    node: ts.Node,
    values: readonly Value[],
    settle: (values: readonly Value[]) => readonly Value[] = (same) => same,
    /**
     * Whether a placement's values decide something (an HTTP call's target). When given, the placements at
     * the library call that decide nothing (clients constructed with a peer's address, a URL from a
     * database) are one request with an unknown target, not one undecided copy per construction.
     */
    decides?: (placed: Placed) => boolean,
  ): Placed[] {
    // Parameters that do not choose the endpoint (an id in a path) leave the call fixed where it is written.
    const settled = settle(values);
    const wrapped = settled.some(hasParam);
    const placements = wrapped ? this.binder.place(node, values, settle) : [{ at: node, values: settled, via: [] }];
    const placed = this.placedAt(file, node, placements, wrapped);
    if (decides === undefined || !wrapped) return placed;
    // Per service: the constructions one service runs are its requests' only readings.
    const undecided = new Map<ServiceDefinition, Placed[]>();
    for (const one of placed) if (one.via === undefined && !decides(one)) undecided.set(one.service, [...(undecided.get(one.service) ?? []), one]);
    const mergedAway = new Set<Placed>();
    const merged: Placed[] = [];
    for (const [service, ones] of undecided) {
      const given = new Set(ones.map((one) => one.rawValues.map(describeValue).join('\u0000'))).size;
      if (given < 2) continue;
      for (const one of ones) mergedAway.add(one);
      const reason = `the ${given} values it is given are known only at run time`;
      const unbound = settle(this.binder.unbound(values, reason));
      const placement = { at: node, values: unbound, via: [], ...(ones.some((one) => one.constructed === true) ? { construction: node } : {}) };
      merged.push(...this.placedAt(file, node, [placement], wrapped).filter((one) => one.service === service).map((one) => ({ ...one, undecided: reason })));
    }
    return [...placed.filter((one) => !mergedAway.has(one)), ...merged];
  }

  private placedAt(file: ScannedFile, node: ts.Node, placements: readonly Placement[], wrapped: boolean): Placed[] {
    return placements.flatMap((placement) => {
      const site = this.bySourceFile.get(placement.at.getSourceFile()) ?? file;
      const location = locationOf(site.relativePath, site.sourceFile, placement.at);
      const via = placement.via.length > 0 ? { via: locationOf(file.relativePath, file.sourceFile, node) } : {};
      const calls = placement.via.length > 0 ? [...[...placement.via].reverse().slice(1), placement.at] : [];
      return this.servicesOf(site, placement, wrapped).map((service) => ({
        location,
        ...via,
        calls,
        service,
        ...(placement.construction !== undefined ? { constructed: true } : {}),
        values: placement.values.map((value) => substituteEnv(value, (name) => service.environment.get(name))),
        rawValues: placement.values,
      }));
    });
  }

  /**
   * Who makes a placed call: every service running the file of its place; for a constructed client's request,
   * those of them that also run the construction; a wrapper's call left where it is because nothing binds
   * it, once.
   */
  private servicesOf(site: ScannedFile, placement: Placement, wrapped: boolean): readonly ServiceDefinition[] {
    if (placement.construction !== undefined) {
      const constructing = this.bySourceFile.get(placement.construction.getSourceFile());
      const both = constructing === undefined ? site.services : site.services.filter((service) => constructing.services.includes(service));
      return both.length > 0 ? both : [site.service];
    }
    return wrapped && placement.via.length === 0 ? [site.service] : site.services;
  }

  /**
   * Where a call goes, its URL read with the environment of `from` (the service making it). A URL with several
   * readings (`onServer ? 'http://orders:3000' : 'http://localhost:4100'`) goes where every reading goes,
   * each reading resolved on its own (its own environment variables and links); otherwise its target is
   * unresolved with the candidates listed.
   */
  targetOf(rawUrl: Value, from: ServiceDefinition): HttpTarget {
    const env = (name: string) => from.environment.get(name);
    const readings = readingsOf(rawUrl).flatMap((raw) => readingsOf(substituteEnv(raw, env)).map((url) => ({ raw, url })));
    if (readings.length === 1) return this.target(readings[0]!.raw, readings[0]!.url, from);
    if (readings.length > MAX_READINGS) {
      return { url: null, path: null, target: null, targetKind: 'unresolved', via: 'none', unresolved: `more than ${MAX_READINGS} readings: ${describeValue(rawUrl)}` };
    }
    // A copy: a target decided by several readings is not one port's decision (portDecisions).
    return { ...targetOfReadings(readings.map(({ raw, url }) => ({ written: template(url), target: this.target(raw, url, from) }))) };
  }

  /**
   * Where a call goes: a configured link (environment variable, URL prefix) first, then the URL's host, and
   * for a host an Ingress serves, the Service its rules send the path to. A relative URL is browser code
   * fetching from the page's own origin: when the calling service is served by an Ingress, that origin is
   * the Ingress's host.
   */
  target(rawUrl: Value, url: Value, from: ServiceDefinition): HttpTarget {
    const resolved = this.decide(rawUrl, url, from);
    const prefix = knownPrefix(url);
    const devProxy = /^\/(?!\/)/.test(prefix) && resolved.path !== null ? this.devProxyOf(from, resolved.path) : undefined;
    if (devProxy === undefined) return resolved;
    // In development the page's dev server proxies the request (Create React App's `proxy`): a second reading.
    const inDevelopment = this.decide(stringValue(''), concatValues([stringValue(devProxy.replace(/\/+$/, '')), url]), { ...from, devProxies: [] });
    if (resolved.targetKind === 'unresolved') return inDevelopment;
    if (inDevelopment.targetKind === resolved.targetKind && inDevelopment.target === resolved.target) return resolved;
    const candidates = [...new Set([resolved.target, inDevelopment.target].filter((name): name is string => name !== null))].sort();
    return {
      url: resolved.url,
      path: resolved.path,
      target: null,
      targetKind: 'unresolved',
      via: 'none',
      unresolved: `relative URL '${prefix}' reaches ${resolved.target ?? '?'} when deployed and ${inDevelopment.target ?? 'an unknown target'} through the dev server's proxy (${devProxy})`,
      candidates,
    };
  }

  /** The dev server proxy target for a relative path of a service's pages: the longest prefix that matches. */
  private devProxyOf(from: ServiceDefinition, requestPath: string): string | undefined {
    const matching = (from.devProxies ?? []).filter((proxy) => requestPath === proxy.prefix || requestPath.startsWith(proxy.prefix.endsWith('/') ? proxy.prefix : `${proxy.prefix}/`) || proxy.prefix === '/');
    return matching.sort((a, b) => b.prefix.length - a.prefix.length)[0]?.target;
  }

  /** One reading of where a URL goes. */
  private decide(rawUrl: Value, url: Value, from: ServiceDefinition): HttpTarget {
    let resolved = this.throughProxy(resolveHttpTarget(url, this.hosts), knownPrefix(url), from);
    if (resolved.via === 'proxy') {
      // An nginx of the repository decided it.
    } else if (resolved.targetKind === 'service' && resolved.host !== undefined && this.linkHosts.has(resolved.host)) {
      resolved = { ...resolved, via: 'link' };
    } else if (resolved.targetKind === 'external' && resolved.target !== null && resolved.path !== null) {
      // Server-side rendering calls the controller in the cluster, passing the browser's Host header on.
      const publicHosts = INGRESS_CONTROLLER.test(resolved.target) ? [...new Set(this.ingressPaths.map((entry) => entry.host))] : [resolved.target];
      const service = this.throughIngress(publicHosts, resolved.path);
      if (service !== undefined) resolved = { ...resolved, target: service, targetKind: 'service', via: 'ingress' };
    } else if (resolved.targetKind === 'unresolved' && resolved.path !== null && /^\/(?!\/)/.test(knownPrefix(url))) {
      const servedAt = [...new Set(this.ingressPaths.filter((entry) => from.hosts.includes(entry.service)).map((entry) => entry.host))];
      const service = servedAt.length > 0 ? this.throughIngress(servedAt, resolved.path) : undefined;
      if (service !== undefined) resolved = { url: null, path: resolved.path, target: service, targetKind: 'service', via: 'ingress' };
    } else if (resolved.loopbackPort !== undefined) {
      resolved = this.byPort(resolved, resolved.loopbackPort);
    }
    const byEnv = environmentNames(rawUrl).map((name) => this.envLinks.get(name)).find((service) => service !== undefined);
    const text = knownPrefix(url);
    const byUrl = this.urlLinks.find((link) => text.startsWith(link.url))?.service;
    if (byEnv !== undefined) return { url: resolved.url, path: resolved.path, target: byEnv, targetKind: 'service', via: 'env' };
    if (byUrl !== undefined) return { url: resolved.url, path: resolved.path, target: byUrl, targetKind: 'service', via: 'link' };
    return resolved;
  }

  /**
   * A request an nginx of the repository receives, sent where its `location` blocks proxy it: a URL whose host
   * is the nginx's (its compose name, a `server_name`), a loopback URL on a port it publishes, or a relative
   * URL of an app it serves. Unchanged when no nginx takes it, or its locations proxy it nowhere.
   */
  private throughProxy(resolved: HttpTarget, prefix: string, from: ServiceDefinition): HttpTarget {
    if (resolved.path === null || this.proxies.length === 0) return resolved;
    const relative = /^\/(?!\/)/.test(prefix);
    const proxies = relative
      ? this.proxies.filter((proxy) => proxy.serves.includes(from.name))
      : resolved.loopbackPort !== undefined
        ? this.proxies.filter((proxy) => proxy.publishedPorts.includes(resolved.loopbackPort!))
        : this.proxies.filter((proxy) => resolved.host !== undefined && proxy.hosts.includes(resolved.host));
    const hostname = relative || resolved.loopbackPort !== undefined ? undefined : resolved.host;
    const routes = proxies.flatMap((proxy) => routeThroughProxy(proxy, resolved.path!, hostname) ?? []);
    const [route] = routes;
    if (route === undefined || routes.some((other) => other.path !== route.path || other.hosts[0] !== route.hosts[0])) return resolved;
    const service = route.hosts.map((host) => this.hosts.get(host)).find((name) => name !== undefined);
    const { url, path, host } = resolved;
    return {
      url,
      path,
      ...(host !== undefined ? { host } : {}),
      target: service ?? route.hosts[0]!,
      targetKind: service !== undefined ? 'service' : 'external',
      via: 'proxy',
      upstreamPath: route.path,
    };
  }

  /** A loopback call (`localhost:4001`): decided by the port table, remembered with what it was before. */
  private byPort(resolved: HttpTarget, port: number): HttpTarget {
    const decided = decideByPort(resolved, port, this.ports);
    portDecisions.set(decided, resolved);
    return decided;
  }

  /**
   * The service an Ingress sends `requestPath` to on `publicHosts` (the request's host, or any host the
   * request may carry): the hosts that route the path at all must agree on one service.
   */
  private throughIngress(publicHosts: readonly string[], requestPath: string): string | undefined {
    const backends = publicHosts.flatMap((host) => ingressService(this.ingressPaths, host, requestPath) ?? []);
    const reached = new Set(backends.map((backend) => this.hosts.get(backend)));
    const [only] = reached;
    return reached.size === 1 ? only : undefined;
  }

  /** The route a call to a service lands on: `null` when that service's routes are known and none fits. */
  routeOf(method: string | null, target: HttpTarget): RouteRef | null | undefined {
    const requestPath = target.upstreamPath ?? target.path;
    if (target.targetKind !== 'service' || requestPath === null) return undefined;
    return routeServing(method, requestPath, target.target, this.routes);
  }
}

/** The environment variables a value reads. */
function environmentNames(value: Value): string[] {
  switch (value.kind) {
    case 'env':
      return [value.name, ...(value.fallback ? environmentNames(value.fallback) : [])];
    case 'concat':
      return value.parts.flatMap(environmentNames);
    case 'oneOf':
      return value.options.flatMap(environmentNames);
    case 'transform':
      return environmentNames(value.subject);
    default:
      return [];
  }
}
