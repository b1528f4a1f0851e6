/**
 * A symbolic value read from source code: a topic, a URL, an HTTP method, a key.
 *
 * The engine never guesses. What it can read statically becomes `string`; what depends on the
 * environment stays `env` so each host can substitute what it knows (the CLI reads docker-compose, ESLint
 * knows nothing and uses the fallback); a parameter of the enclosing function stays `param` so a wrapper's
 * call sites can fill it in; anything else is `unknown` and keeps the source text it came from.
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
  | { readonly kind: 'unknown'; readonly text: string; readonly reason: string };

export const stringValue = (value: string): Value => ({ kind: 'string', value });

export const unknownValue = (text: string, reason: string): Value => ({ kind: 'unknown', text, reason });

/** Joins parts, folding adjacent known strings so `'a' + 'b'` is the plain string `ab`. */
export function concatValues(parts: readonly Value[]): Value {
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

/** The known leading text of a value (`http://payment:8080` for `'http://payment:8080' + path`). */
export function knownPrefix(value: Value): string {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'concat' && value.parts[0]?.kind === 'string') return value.parts[0].value;
  return '';
}

/** The known trailing text of a value (`/charges` for `${base}/charges`). */
export function knownSuffix(value: Value): string {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'concat') {
    const last = value.parts.at(-1);
    if (last?.kind === 'string') return last.value;
  }
  return '';
}

/** True when some part of the value is a parameter of a function, to be bound by its callers. */
export function hasParam(value: Value): boolean {
  if (value.kind === 'apply') return value.args.some((arg) => arg !== undefined && hasParam(arg));
  return value.kind === 'param' || (value.kind === 'concat' && value.parts.some(hasParam));
}

/** Replaces every parameter part by what `bind` returns for it. */
export function mapParams(value: Value, bind: (param: Extract<Value, { kind: 'param' }>) => Value): Value {
  if (value.kind === 'param') return bind(value);
  if (value.kind === 'concat') return concatValues(value.parts.map((part) => mapParams(part, bind)));
  if (value.kind === 'apply') return { ...value, args: value.args.map((arg) => arg && mapParams(arg, bind)) };
  return value;
}
