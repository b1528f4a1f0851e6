import path from 'node:path';
import type ts from 'typescript';
import { CallerBinder } from '../core/engine/callers.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import { type HttpTarget, resolveHttpTarget } from '../core/graph/http-target.js';
import { matchRoute } from '../core/graph/route-match.js';
import { compareStrings } from '../core/model/compare.js';
import type { Location, Route, RouteRef } from '../core/model/result.js';
import { hasParam, knownPrefix, substituteEnv, type Value } from '../core/model/value.js';
import type { DiscoveredProject } from './discover.js';
import { type IngressPath, ingressService } from './kubernetes.js';
import { analyzerTs } from './project.js';
import { resolveRoutes } from './routes.js';
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
}

type Link = NonNullable<ServiceMapConfig['links']>[number];

/** The routes the services serve, and a placer for the facts of the scanned files. */
export function preparePlacement(project: DiscoveredProject, facts: ServiceFacts): { placer: Placer; routes: Route[] } {
  const { services, config, kubernetes } = project;
  const { context, evaluator } = facts.resolution;
  const binder = new CallerBinder(
    context,
    evaluator,
    facts.scanned.map((file) => fileIndexOf(analyzerTs, file.sourceFile)),
    samePackage(project),
  );
  const routes = resolveRoutes(
    facts.files.map((file) => ({ facts: file.facts, serviceName: file.service.name, locate: (node) => locationOf(file.relativePath, file.sourceFile, node) })),
  ).sort((a, b) => compareLocations(a.location, b.location) || compareStrings(a.method, b.method) || compareStrings(a.path, b.path));
  const placer = new Placer(facts.files, binder, services, config.links ?? [], routes, kubernetes.ingressPaths);
  return { placer, routes };
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
 * Places facts: where a value is a wrapper's parameter, at each call of the wrapper (with the library call
 * as `via`), in the caller's service and with the caller's environment.
 */
export class Placer {
  private readonly bySourceFile: ReadonlyMap<ts.SourceFile, ScannedFile>;
  private readonly hosts = new Map<string, string>();
  private readonly envLinks: ReadonlyMap<string, string>;
  private readonly urlLinks: readonly Extract<Link, { url: string }>[];

  constructor(
    files: readonly ScannedFile[],
    private readonly binder: CallerBinder,
    services: readonly ServiceDefinition[],
    links: readonly Link[],
    private readonly routes: readonly Route[],
    private readonly ingressPaths: readonly IngressPath[],
  ) {
    this.bySourceFile = new Map(files.map((file) => [file.sourceFile, file]));
    for (const service of services) for (const host of service.hosts) this.hosts.set(host, service.name);
    for (const link of links) if ('host' in link) this.hosts.set(link.host.toLowerCase(), link.service);
    this.envLinks = new Map(links.flatMap((link) => ('env' in link ? [[link.env, link.service] as const] : [])));
    this.urlLinks = links.flatMap((link) => ('url' in link ? [link] : []));
  }

  /** Where a node is, in the model's terms (its file relative to the analysed folder). */
  locate(node: ts.Node): Location {
    const sourceFile = node.getSourceFile();
    const file = this.bySourceFile.get(sourceFile);
    return locationOf(file?.relativePath ?? sourceFile.fileName, sourceFile, node);
  }

  place(file: ScannedFile, node: ts.Node, values: readonly Value[], settle?: (values: readonly Value[]) => readonly Value[]): Placed[] {
    const placements = values.some(hasParam) ? this.binder.place(node, values, settle) : [{ at: node, values, via: [] }];
    return placements.map((placement) => {
      const site = this.bySourceFile.get(placement.at.getSourceFile()) ?? file;
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
  }

  /**
   * Where a call goes: a configured link (environment variable, URL prefix) first, then the URL's host, and
   * for a host an Ingress serves, the Service its rules send the path to. A relative URL is browser code
   * fetching from the page's own origin: when the calling service is served by an Ingress, that origin is
   * the Ingress's host.
   */
  target(rawUrl: Value, url: Value, from: ServiceDefinition): HttpTarget {
    let resolved = resolveHttpTarget(url, this.hosts);
    if (resolved.targetKind === 'external' && resolved.target !== null && resolved.path !== null) {
      // Server-side rendering calls the controller in the cluster, passing the browser's Host header on.
      const publicHosts = INGRESS_CONTROLLER.test(resolved.target) ? [...new Set(this.ingressPaths.map((entry) => entry.host))] : [resolved.target];
      const service = this.throughIngress(publicHosts, resolved.path);
      if (service !== undefined) resolved = { ...resolved, target: service, targetKind: 'service' };
    } else if (resolved.targetKind === 'unresolved' && resolved.path !== null && /^\/(?!\/)/.test(knownPrefix(url))) {
      const servedAt = [...new Set(this.ingressPaths.filter((entry) => from.hosts.includes(entry.service)).map((entry) => entry.host))];
      const service = servedAt.length > 0 ? this.throughIngress(servedAt, resolved.path) : undefined;
      if (service !== undefined) resolved = { url: null, path: resolved.path, target: service, targetKind: 'service' };
    }
    const byEnv = environmentNames(rawUrl).map((name) => this.envLinks.get(name)).find((service) => service !== undefined);
    const text = knownPrefix(url);
    const byUrl = this.urlLinks.find((link) => text.startsWith(link.url))?.service;
    const linked = byEnv ?? byUrl;
    if (linked === undefined) return resolved;
    return { url: resolved.url, path: resolved.path, target: linked, targetKind: 'service' };
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
    if (target.targetKind !== 'service' || target.path === null) return undefined;
    const candidates = this.routes.filter((route) => route.service === target.target);
    if (candidates.length === 0) return undefined;
    const route = matchRoute(method, target.path, candidates);
    return route ? { method: route.method, path: route.path, location: route.location } : null;
  }
}

/** The environment variables a value reads. */
function environmentNames(value: Value): string[] {
  if (value.kind === 'env') return [value.name, ...(value.fallback ? environmentNames(value.fallback) : [])];
  if (value.kind === 'concat') return value.parts.flatMap(environmentNames);
  return [];
}
