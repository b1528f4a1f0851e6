import type { Route } from '../model/result.js';

/** `:id`, `{id}`, `:id{[0-9]+}`, `*`: a route segment that matches any value. */
const isParameter = (segment: string) => segment.startsWith(':') || /^\{.*\}$/.test(segment) || segment === '*' || segment.startsWith('*');
/** A call's path segment built from a run-time value (`{order.id}`), or containing one. */
const isComputed = (segment: string) => segment.includes('{');

const segments = (path: string) => path.split('/').filter((segment) => segment !== '');

/**
 * How well a call's path fits a route's path: literal segment equal to literal scores 2, anything against
 * a parameter 1, a computed segment against a literal 0 (possible, not certain); `undefined` when it cannot
 * match. A trailing `*` takes the rest.
 */
function fit(callPath: string, routePath: string): number | undefined {
  const call = segments(callPath);
  const route = segments(routePath);
  let score = 0;
  for (let i = 0; i < route.length; i++) {
    const routeSegment = route[i]!;
    if (routeSegment === '*' && i === route.length - 1) return call.length >= i ? score + 1 : undefined;
    const callSegment = call[i];
    if (callSegment === undefined) return undefined;
    if (isParameter(routeSegment)) score += 1;
    else if (callSegment === routeSegment) score += 2;
    else if (!isComputed(callSegment)) return undefined;
  }
  return call.length === route.length ? score : undefined;
}

/** The route of `routes` an HTTP call with this method and path lands on: the best fit, if any. */
export function matchRoute(method: string | null, path: string, routes: readonly Route[]): Route | undefined {
  let best: { route: Route; score: number } | undefined;
  for (const route of routes) {
    if (method !== null && route.method !== 'ALL' && route.method !== method) continue;
    const score = fit(path, route.path);
    if (score !== undefined && (best === undefined || score > best.score)) best = { route, score };
  }
  return best?.route;
}
