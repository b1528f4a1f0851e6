import { concatValues, eachReading, stringValue, type Value } from '../../model/value.js';

/**
 * Joins a base URL and a path the way `new URL(path, base)` and axios' `baseURL` do for the common cases;
 * a base or path with several readings gives each joined.
 */
export function joinUrl(base: Value, path: Value): Value {
  return eachReading(base, (oneBase) => eachReading(path, (onePath) => joinOne(oneBase, onePath)));
}

function joinOne(base: Value, path: Value): Value {
  if (path.kind === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(path.value)) return path;
  if (path.kind === 'string' && path.value === '') return base;
  const baseEndsWithSlash = base.kind === 'string' ? base.value.endsWith('/') : base.kind === 'concat' && lastString(base)?.endsWith('/') === true;
  const pathStartsWithSlash = path.kind === 'string' ? path.value.startsWith('/') : path.kind === 'concat' && path.parts[0]?.kind === 'string' && path.parts[0].value.startsWith('/');
  if (baseEndsWithSlash && pathStartsWithSlash) return concatValues([base, dropLeadingSlash(path)]);
  if (!baseEndsWithSlash && !pathStartsWithSlash) return concatValues([base, stringValue('/'), path]);
  return concatValues([base, path]);
}

function lastString(value: Extract<Value, { kind: 'concat' }>): string | undefined {
  const last = value.parts.at(-1);
  return last?.kind === 'string' ? last.value : undefined;
}

/** The path without its leading `/`, so that a base ending in `/` and the path meet with one slash. */
export function dropLeadingSlash(path: Value): Value {
  if (path.kind === 'oneOf') return eachReading(path, dropLeadingSlash);
  if (path.kind === 'string') return stringValue(path.value.slice(1));
  if (path.kind === 'concat' && path.parts[0]?.kind === 'string') {
    return concatValues([stringValue(path.parts[0].value.slice(1)), ...path.parts.slice(1)]);
  }
  return path;
}
