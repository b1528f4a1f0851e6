import { applyStringOperation, type StringOperation } from './string-operations.js';

/**
 * A symbolic value read from source code: a topic, a URL, an HTTP method, a key.
 *
 * The engine never guesses. What it can read statically becomes `string`; what depends on the
 * environment stays `env` so each host can substitute what it knows (the CLI reads docker-compose, ESLint
 * knows nothing and uses the fallback); a parameter of the enclosing function stays `param` so a wrapper's
 * call sites can fill it in; a value the code gives in branches (a ternary, a `let` assigned in an `if`) is
 * `oneOf` its readings; anything else is `unknown` and keeps the source text it came from.
 */
export type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'concat'; readonly parts: readonly Value[] }
  | { readonly kind: 'env'; readonly name: string; readonly fallback?: Value; readonly text: string }
  | {
      readonly kind: 'param';
      /**
       * The function (a TypeScript node) whose parameter this is: callers bind it. Or a class, with index
       * -1 and a path starting with a member's name, for a member the class declares and leaves to its
       * subclasses to set (`abstract readonly topic: string`): each subclass binds it. Or a `for...of` loop
       * over a visible list, whose variable each element binds in turn.
       */
      readonly owner: object;
      readonly index: number;
      readonly path: readonly string[];
      readonly text: string;
      /** What the library assumes when the caller passes nothing there (fetch's `GET` for `options.method`). */
      readonly fallback?: Value;
    }
  | { readonly kind: 'regexp'; readonly source: string; readonly flags: string; readonly text: string }
  /**
   * A call of one of the project's functions (`buildUrl(base, path)`) whose arguments are still parameters
   * of a wrapper: evaluated once callers bind them.
   */
  | { readonly kind: 'apply'; readonly fn: object; readonly args: readonly (Value | undefined)[]; readonly text: string }
  /**
   * Several readings: at run time the value is one of `options` (`onServer ? 'http://orders:3000' : '/api'`,
   * a `let` assigned in a branch, a function returning in branches). Built by `oneOfValues` only, which
   * keeps it normal: two to `MAX_READINGS` options, none itself a `oneOf` and no two alike. It is never a
   * part of a `concat` (`${base}/x` with two bases is two URLs: `concatValues` distributes).
   */
  | { readonly kind: 'oneOf'; readonly options: readonly Value[]; readonly text: string }
  /**
   * A string method on a value known later (`topic.toLowerCase()` with `topic` a parameter or an
   * environment variable): applied once substitution or binding makes the subject known. Built by
   * `transformValue` only.
   */
  | { readonly kind: 'transform'; readonly operation: StringOperation; readonly subject: Value; readonly text: string }
  | { readonly kind: 'unknown'; readonly text: string; readonly reason: string };

/**
 * How many readings a value may have. Past it the value is `unknown` ("more than 16 readings"): branches
 * combined with branches grow fast, and a map with that many edges for one call says nothing anyway.
 */
export const MAX_READINGS = 16;

/** The reason of a literal that is not a string (`true`, `false`, `null`): unknown as text, known as a truth. */
export const LITERAL_REASON = 'a literal, not a string';

export const stringValue = (value: string): Value => ({ kind: 'string', value });

export const unknownValue = (text: string, reason: string): Value => ({ kind: 'unknown', text, reason });

/**
 * Joins parts, folding adjacent known strings so `'a' + 'b'` is the plain string `ab`. A part with several
 * readings makes the whole one of several concatenations.
 */
export function concatValues(parts: readonly Value[]): Value {
  const choice = parts.findIndex((part) => part.kind === 'oneOf');
  if (choice >= 0) {
    const options = (parts[choice] as Extract<Value, { kind: 'oneOf' }>).options;
    const text = describeValue({ kind: 'concat', parts });
    return oneOfValues(
      options.map((option) => concatValues([...parts.slice(0, choice), option, ...parts.slice(choice + 1)])),
      text,
    );
  }
  const folded: Value[] = [];
  for (const part of parts.flatMap((p) => (p.kind === 'concat' ? p.parts : [p]))) {
    if (part.kind === 'string' && part.value === '') continue;
    const last = folded.at(-1);
    if (part.kind === 'string' && last?.kind === 'string') {
      folded[folded.length - 1] = stringValue(last.value + part.value);
    } else {
      folded.push(part);
    }
  }
  if (folded.length === 0) return stringValue('');
  if (folded.length === 1) return folded[0]!;
  return { kind: 'concat', parts: folded };
}

/**
 * One value of several readings: flattened, with repeated readings dropped, one reading left as itself, and
 * more than `MAX_READINGS` given up as unknown.
 */
export function oneOfValues(options: readonly Value[], text: string): Value {
  const distinct: Value[] = [];
  for (const option of options.flatMap((each) => (each.kind === 'oneOf' ? each.options : [each]))) {
    if (!distinct.some((seen) => equalValues(seen, option))) distinct.push(option);
  }
  if (distinct.length === 0) return unknownValue(text, 'no reading');
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.length > MAX_READINGS) return unknownValue(text, `more than ${MAX_READINGS} readings`);
  return { kind: 'oneOf', options: distinct, text };
}

/** The readings of a value: its options when it has several, else itself. */
export function readingsOf(value: Value): readonly Value[] {
  return value.kind === 'oneOf' ? value.options : [value];
}

/** Applies `change` to each reading of a value, and gathers the results as readings again. */
export function eachReading(value: Value, change: (reading: Value) => Value): Value {
  return value.kind === 'oneOf' ? oneOfValues(value.options.map(change), value.text) : change(value);
}

/** Whether two values say the same thing (parameters of the same function, the same text...). */
export function equalValues(a: Value, b: Value): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'string':
      return b.kind === 'string' && a.value === b.value;
    case 'concat':
      return b.kind === 'concat' && sameList(a.parts, b.parts);
    case 'oneOf':
      return b.kind === 'oneOf' && sameList(a.options, b.options);
    case 'env':
      return b.kind === 'env' && a.name === b.name && sameOptional(a.fallback, b.fallback);
    case 'param':
      return b.kind === 'param' && a.owner === b.owner && a.index === b.index && a.path.join('\u0000') === b.path.join('\u0000') && sameOptional(a.fallback, b.fallback);
    case 'regexp':
      return b.kind === 'regexp' && a.source === b.source && a.flags === b.flags;
    case 'apply':
      return b.kind === 'apply' && a.fn === b.fn && a.args.length === b.args.length && a.args.every((arg, i) => sameOptional(arg, b.args[i]));
    case 'transform':
      return b.kind === 'transform' && JSON.stringify(a.operation) === JSON.stringify(b.operation) && equalValues(a.subject, b.subject);
    case 'unknown':
      return b.kind === 'unknown' && a.text === b.text && a.reason === b.reason;
  }
}

function sameList(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((value, i) => equalValues(value, b[i]!));
}

function sameOptional(a: Value | undefined, b: Value | undefined): boolean {
  return a === undefined || b === undefined ? a === b : equalValues(a, b);
}

/**
 * A string method applied to a value: computed on known text; kept for later on a value that substitution or
 * binding will make known (an environment variable, a parameter); on partly known text, applied where the
 * method's effect can be seen (the case of every known part, a trailing slash trimmed off the last part).
 * On an unknown value it is that value, whose source text says what is missing.
 */
export function transformValue(subject: Value, operation: StringOperation, text: string): Value {
  switch (subject.kind) {
    case 'string': {
      const result = applyStringOperation(subject.value, operation);
      return result === undefined ? unknownValue(text, 'a string operation that is not read') : stringValue(result);
    }
    case 'oneOf':
      return oneOfValues(subject.options.map((option) => transformValue(option, operation, text)), subject.text);
    case 'unknown':
    case 'regexp':
      return subject;
    case 'concat':
      return isSettledText(subject) ? transformParts(subject.parts, operation, text) : { kind: 'transform', operation, subject, text };
    default:
      return { kind: 'transform', operation, subject, text };
  }
}

/** A concatenation of known text and unknown parts only: nothing left to substitute or bind. */
function isSettledText(value: Extract<Value, { kind: 'concat' }>): boolean {
  return value.parts.every((part) => part.kind === 'string' || part.kind === 'unknown');
}

function transformParts(parts: readonly Value[], operation: StringOperation, text: string): Value {
  const apply = (part: Value) => (part.kind === 'string' ? transformValue(part, operation, text) : part);
  switch (operation.name) {
    case 'toLowerCase':
    case 'toUpperCase':
      return concatValues(parts.map(apply));
    case 'trimStart':
      return concatValues([apply(parts[0]!), ...parts.slice(1)]);
    case 'trimEnd':
      return concatValues([...parts.slice(0, -1), apply(parts.at(-1)!)]);
    case 'trim':
      return transformParts(concatParts(transformParts(parts, { name: 'trimStart' }, text)), { name: 'trimEnd' }, text);
    default:
      return replaceInParts(parts, operation, apply, text);
  }
}

/**
 * `replace` on partly known text, each known part on its own: a global replacement in every known part; a
 * pattern anchored at the end (`/\/+$/`) in the last part, at the start in the first; any other in the first
 * known part that holds it, unless a part not known comes before it (which may hold it first). When no known
 * part holds it the text stays as it is.
 */
function replaceInParts(parts: readonly Value[], operation: Extract<StringOperation, { name: 'replace' | 'replaceAll' }>, apply: (part: Value) => Value, text: string): Value {
  const { pattern } = operation;
  const source = typeof pattern === 'string' ? undefined : pattern.source;
  if (operation.name === 'replaceAll' || (typeof pattern !== 'string' && pattern.flags.includes('g'))) return concatValues(parts.map(apply));
  if (source?.endsWith('$') && !source.endsWith('\\$')) return concatValues([...parts.slice(0, -1), apply(parts.at(-1)!)]);
  if (source?.startsWith('^')) return concatValues([apply(parts[0]!), ...parts.slice(1)]);
  const first = parts.findIndex((part) => part.kind === 'string' && applyStringOperation(part.value, operation) !== part.value);
  if (first < 0) return concatValues(parts);
  if (parts.slice(0, first).some((part) => part.kind !== 'string')) return unknownValue(text, 'a string operation on text not known');
  return concatValues([...parts.slice(0, first), apply(parts[first]!), ...parts.slice(first + 1)]);
}

function concatParts(value: Value): readonly Value[] {
  return value.kind === 'concat' ? value.parts : [value];
}

/** Looks up an environment variable; `undefined` when the host does not know it. */
export type EnvLookup = (name: string) => string | undefined;

export const noEnv: EnvLookup = () => undefined;

/**
 * Substitutes environment variables. A variable the lookup knows wins over the code's fallback (that is
 * how the process sees it at run time); a variable nobody knows falls back; without a fallback it stays
 * unknown, carrying the source text.
 */
export function substituteEnv(value: Value, env: EnvLookup): Value {
  switch (value.kind) {
    case 'env': {
      const fromEnv = env(value.name);
      if (fromEnv !== undefined) return stringValue(fromEnv);
      if (value.fallback) return substituteEnv(value.fallback, env);
      return unknownValue(value.text, `environment variable ${value.name} is not set`);
    }
    case 'concat':
      return concatValues(value.parts.map((part) => substituteEnv(part, env)));
    case 'apply':
      return { ...value, args: value.args.map((arg) => arg && substituteEnv(arg, env)) };
    case 'oneOf':
      return oneOfValues(value.options.map((option) => substituteEnv(option, env)), value.text);
    case 'transform':
      return transformValue(substituteEnv(value.subject, env), value.operation, value.text);
    default:
      return value;
  }
}

/** The string when the value is fully known, otherwise `undefined`. */
export function knownString(value: Value): string | undefined {
  return value.kind === 'string' ? value.value : undefined;
}

/**
 * Source-like text for any value: known strings as they are, unknown parts as `${text}`. Used to show
 * what could not be resolved (`${process.env.PAYMENT_URL}/charges`).
 */
export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'concat':
      return value.parts.map((part) => (part.kind === 'string' ? part.value : `\${${describeValue(part)}}`)).join('');
    case 'regexp':
      return `/${value.source}/${value.flags}`;
    default:
      return value.text;
  }
}

/** The known leading text of a value (`http://payment:8080` for `'http://payment:8080' + path`); of several readings, what they all start with. */
export function knownPrefix(value: Value): string {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'concat' && value.parts[0]?.kind === 'string') return value.parts[0].value;
  if (value.kind === 'oneOf') return value.options.map(knownPrefix).reduce(commonPrefix);
  return '';
}

/** The known trailing text of a value (`/charges` for `${base}/charges`); of several readings, what they all end with. */
export function knownSuffix(value: Value): string {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'concat') {
    const last = value.parts.at(-1);
    if (last?.kind === 'string') return last.value;
  }
  if (value.kind === 'oneOf') return value.options.map(knownSuffix).reduce(commonSuffix);
  return '';
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

function commonSuffix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return a.slice(a.length - i);
}

/** True when some part of the value is a parameter of a function, to be bound by its callers. */
export function hasParam(value: Value): boolean {
  switch (value.kind) {
    case 'param':
      return true;
    case 'apply':
      return value.args.some((arg) => arg !== undefined && hasParam(arg));
    case 'concat':
      return value.parts.some(hasParam);
    case 'oneOf':
      return value.options.some(hasParam);
    case 'transform':
      return hasParam(value.subject);
    default:
      return false;
  }
}

/** Replaces every parameter part by what `bind` returns for it. */
export function mapParams(value: Value, bind: (param: Extract<Value, { kind: 'param' }>) => Value): Value {
  switch (value.kind) {
    case 'param':
      return bind(value);
    case 'concat':
      return concatValues(value.parts.map((part) => mapParams(part, bind)));
    case 'apply':
      return { ...value, args: value.args.map((arg) => arg && mapParams(arg, bind)) };
    case 'oneOf':
      return oneOfValues(value.options.map((option) => mapParams(option, bind)), value.text);
    case 'transform':
      return transformValue(mapParams(value.subject, bind), value.operation, value.text);
    default:
      return value;
  }
}

/**
 * Whether a value is truthy, when that is known: known text (empty is falsy), `true`, `false`, `null`,
 * `undefined`, and a property certainly absent (`t.internal` of an element without `internal`).
 */
export function truthOf(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'string':
      return value.value !== '';
    case 'regexp':
      return true;
    case 'concat':
      return value.parts.some((part) => part.kind === 'string' && part.value !== '') ? true : undefined;
    case 'oneOf': {
      const truths = new Set(value.options.map(truthOf));
      return truths.size === 1 ? [...truths][0] : undefined;
    }
    case 'unknown':
      if (value.reason === LITERAL_REASON) return value.text === 'true';
      if (value.reason === 'undefined' || value.reason.startsWith('no property')) return false;
      return undefined;
    default:
      return undefined;
  }
}
