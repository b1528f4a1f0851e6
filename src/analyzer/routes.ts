import type ts from 'typescript';
import type { FileFacts, MountFact } from '../core/model/facts.js';
import { matchRoute } from '../core/graph/route-match.js';
import type { Location, Route, RouteRef } from '../core/model/result.js';
import { describeValue, knownString, type Value } from '../core/model/value.js';

export interface RouteSource {
  readonly facts: FileFacts;
  readonly serviceName: string;
  readonly locate: (node: ts.Node) => Location;
}

/** A value as a path template: known text as is, unknown parts `{expression}`. */
function pathText(value: Value): string {
  const known = knownString(value);
  if (known !== undefined) return known;
  if (value.kind === 'concat') return value.parts.map((part) => (part.kind === 'string' ? part.value : `{${describeValue(part)}}`)).join('');
  return `{${describeValue(value)}}`;
}

/** Joins path pieces with exactly one `/` between them and a leading `/`. */
export function joinPaths(...pieces: readonly string[]): string {
  const joined = pieces
    .flatMap((piece) => piece.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${joined}`;
}

const MAX_MOUNT_DEPTH = 8;

/**
 * Every route of every service with its full path: the route's own path under the prefixes of the routers
 * it is mounted in, followed across files by declaration identity, and a service-wide prefix (NestJS
 * `setGlobalPrefix`). A router mounted twice gives its routes twice.
 */
export function resolveRoutes(sources: readonly RouteSource[]): Route[] {
  const mountsByChild = new Map<ts.Node, MountFact[]>();
  const servicePrefixes = new Map<string, string[]>();
  for (const source of sources) {
    for (const mount of source.facts.mounts) {
      if (mount.child === undefined) {
        const list = servicePrefixes.get(source.serviceName) ?? [];
        list.push(pathText(mount.prefix));
        servicePrefixes.set(source.serviceName, list);
        continue;
      }
      const list = mountsByChild.get(mount.child) ?? [];
      list.push(mount);
      mountsByChild.set(mount.child, list);
    }
  }
  /** The prefixes an owner's routes get, outermost first. */
  const prefixesOf = (owner: ts.Node | undefined, depth: number): string[] => {
    if (owner === undefined || depth > MAX_MOUNT_DEPTH) return [''];
    const mounts = mountsByChild.get(owner);
    if (mounts === undefined) return [''];
    return mounts.flatMap((mount) => prefixesOf(mount.parent, depth + 1).map((outer) => joinPaths(outer, pathText(mount.prefix))));
  };
  const routes: Route[] = [];
  for (const source of sources) {
    const global = servicePrefixes.get(source.serviceName) ?? [''];
    for (const route of source.facts.routes) {
      const method = knownString(route.method)?.toUpperCase() ?? 'ALL';
      for (const prefix of prefixesOf(route.owner, 0)) {
        for (const servicePrefix of global) {
          routes.push({
            service: source.serviceName,
            framework: route.framework,
            method,
            path: joinPaths(servicePrefix, prefix, pathText(route.path)),
            location: source.locate(route.node),
          });
        }
      }
    }
  }
  return routes;
}

/** The route a call to a service lands on: `null` when that service's routes are known and none fits. */
export function routeServing(method: string | null, requestPath: string, service: string | null, routes: readonly Route[]): RouteRef | null | undefined {
  const candidates = routes.filter((route) => route.service === service);
  if (candidates.length === 0) return undefined;
  const route = matchRoute(method, requestPath, candidates);
  return route ? { method: route.method, path: route.path, location: route.location } : null;
}
