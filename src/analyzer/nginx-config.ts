/*
 * A small reader of nginx configuration: enough to know where a request path is proxied. It tokenises the
 * text (words, quoted strings, `{`, `}`, `;`, comments), builds the directive tree, and keeps `upstream`
 * blocks and each `server`'s `listen`, `server_name`, `root` and `location` blocks with their `proxy_pass`
 * and `rewrite` directives. Its work is bounded (characters, tokens, nesting), `include` is not followed,
 * and regular expressions of the configuration run only when they look safe to run.
 */

export interface NginxRewrite {
  readonly regex: string;
  readonly replacement: string;
  /** `break`, `last`, `redirect`, `permanent`, or none. */
  readonly flag?: string;
}

export interface NginxLocation {
  /** `''` for a prefix, `=` exact, `^~` prefix that stops the regex search, `~` / `~*` regex. */
  readonly modifier: '' | '=' | '^~' | '~' | '~*';
  readonly path: string;
  /** The `proxy_pass` URL as written. */
  readonly proxyPass?: string;
  readonly rewrites: readonly NginxRewrite[];
}

export interface NginxServer {
  readonly names: readonly string[];
  readonly ports: readonly number[];
  /** `root` of the server, or of its `/` location: the folder it serves files from. */
  readonly root?: string;
  readonly locations: readonly NginxLocation[];
  /** `rewrite` directives at the server level, applied before a location is chosen. */
  readonly rewrites: readonly NginxRewrite[];
}

export interface NginxConfig {
  /** `upstream name { server host:port; ... }`: the hosts of each upstream. */
  readonly upstreams: ReadonlyMap<string, readonly string[]>;
  readonly servers: readonly NginxServer[];
}

interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  readonly block?: readonly Directive[];
}

const MAX_CHARS = 512 * 1024;
const MAX_TOKENS = 100_000;
const MAX_DEPTH = 24;

type Token = { kind: 'word'; text: string } | { kind: '{' | '}' | ';' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const source = text.slice(0, MAX_CHARS);
  let i = 0;
  while (i < source.length && tokens.length < MAX_TOKENS) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (char === '{' || char === '}' || char === ';') {
      tokens.push({ kind: char });
      i++;
    } else if (char === '"' || char === "'") {
      let word = '';
      i++;
      while (i < source.length && source[i] !== char) {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        word += source[i] ?? '';
        i++;
      }
      i++;
      tokens.push({ kind: 'word', text: word });
    } else {
      let word = '';
      // `${var}` may hold braces that are not blocks.
      while (i < source.length && !/[\s;{}]/.test(source[i]!)) {
        if (source[i] === '$' && source[i + 1] === '{') {
          const end = source.indexOf('}', i);
          if (end < 0) break;
          word += source.slice(i, end + 1);
          i = end + 1;
          continue;
        }
        word += source[i] ?? '';
        i++;
      }
      tokens.push({ kind: 'word', text: word });
    }
  }
  return tokens;
}

/** The directive tree; a block left open at the end of the text is closed there, a stray `}` ends its block. */
function directives(tokens: readonly Token[]): Directive[] {
  let at = 0;
  const block = (depth: number): Directive[] => {
    const found: Directive[] = [];
    let words: string[] = [];
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token.kind === 'word') {
        words.push(token.text);
      } else if (token.kind === ';') {
        if (words.length > 0) found.push({ name: words[0]!, args: words.slice(1) });
        words = [];
      } else if (token.kind === '{') {
        const inner = depth < MAX_DEPTH ? block(depth + 1) : skipBlock();
        if (words.length > 0) found.push({ name: words[0]!, args: words.slice(1), block: inner });
        words = [];
      } else {
        return found;
      }
    }
    return found;
  };
  const skipBlock = (): Directive[] => {
    let open = 1;
    while (at < tokens.length && open > 0) {
      const kind = tokens[at++]!.kind;
      if (kind === '{') open++;
      else if (kind === '}') open--;
    }
    return [];
  };
  return block(0);
}

function rewritesOf(block: readonly Directive[]): NginxRewrite[] {
  return block
    .filter((directive) => directive.name === 'rewrite' && directive.args.length >= 2)
    .map((directive) => ({ regex: directive.args[0]!, replacement: directive.args[1]!, ...(directive.args[2] !== undefined ? { flag: directive.args[2] } : {}) }));
}

function locationsOf(block: readonly Directive[], depth = 0): NginxLocation[] {
  const found: NginxLocation[] = [];
  for (const directive of block) {
    if (directive.name !== 'location' || directive.block === undefined || directive.args.length === 0) continue;
    const [first, second] = directive.args;
    const modifier = first === '=' || first === '^~' || first === '~' || first === '~*' ? first : '';
    const path = modifier === '' ? first! : second;
    // Named locations (`@fallback`) are reached only by internal redirects.
    if (path === undefined || path.startsWith('@')) continue;
    const proxyPass = directive.block.find((inner) => inner.name === 'proxy_pass')?.args[0];
    found.push({ modifier, path, ...(proxyPass !== undefined ? { proxyPass } : {}), rewrites: rewritesOf(directive.block) });
    // Locations nested in a location are matched as if they were beside it: close enough for prefixes.
    if (depth < 4) found.push(...locationsOf(directive.block, depth + 1));
  }
  return found;
}

function serverOf(block: readonly Directive[]): NginxServer {
  const ports = block
    .filter((directive) => directive.name === 'listen')
    .flatMap((directive) => {
      const port = /(?:^|:)(\d{1,5})$/.exec(directive.args[0] ?? '');
      return port ? [Number(port[1])] : [];
    });
  const names = block.filter((directive) => directive.name === 'server_name').flatMap((directive) => directive.args.map((name) => name.toLowerCase()));
  const rootLocation = block.find((directive) => directive.name === 'location' && directive.args.at(-1) === '/');
  const root = (block.find((directive) => directive.name === 'root') ?? rootLocation?.block?.find((directive) => directive.name === 'root'))?.args[0];
  return { names, ports, ...(root !== undefined ? { root } : {}), locations: locationsOf(block), rewrites: rewritesOf(block) };
}

/** Reads an nginx configuration file's text. */
export function parseNginxConfig(text: string): NginxConfig {
  const upstreams = new Map<string, string[]>();
  const servers: NginxServer[] = [];
  const visit = (block: readonly Directive[], depth: number): void => {
    for (const directive of block) {
      if (directive.name === 'upstream' && directive.block && directive.args[0] !== undefined) {
        const hosts = directive.block.filter((inner) => inner.name === 'server' && inner.args[0] !== undefined).map((inner) => inner.args[0]!);
        upstreams.set(directive.args[0], hosts);
      } else if (directive.name === 'server' && directive.block) {
        servers.push(serverOf(directive.block));
      } else if (directive.block && depth < 4) {
        visit(directive.block, depth + 1);
      }
    }
  };
  visit(directives(tokenize(text)), 0);
  return { upstreams, servers };
}

/**
 * A regular expression of the configuration, compiled when it is small and has no nested quantifier nor
 * back-reference (the shapes that can take exponential time on a crafted path); `undefined` otherwise.
 */
export function safeRegExp(source: string, caseInsensitive: boolean): RegExp | undefined {
  if (source.length > 256 || /\\[1-9]|\(\?[<=!]/.test(source) || /\([^()]*[*+}][^()]*\)[*+{?]/.test(source)) return undefined;
  try {
    return new RegExp(source, caseInsensitive ? 'i' : '');
  } catch {
    return undefined;
  }
}

/** The location nginx chooses for a path: exact, then the longest prefix (`^~` stops there), then the first regex, then the longest prefix. */
export function chooseLocation(locations: readonly NginxLocation[], requestPath: string): { location: NginxLocation; match?: RegExpExecArray } | undefined {
  const exact = locations.find((location) => location.modifier === '=' && location.path === requestPath);
  if (exact) return { location: exact };
  let longest: NginxLocation | undefined;
  for (const location of locations) {
    if ((location.modifier === '' || location.modifier === '^~') && requestPath.startsWith(location.path) && (longest === undefined || location.path.length > longest.path.length)) longest = location;
  }
  if (longest?.modifier === '^~') return { location: longest };
  for (const location of locations) {
    if (location.modifier !== '~' && location.modifier !== '~*') continue;
    const match = safeRegExp(location.path, location.modifier === '~*')?.exec(requestPath);
    if (match) return { location, match };
  }
  return longest ? { location: longest } : undefined;
}

/** `rewrite` directives applied in order: the first that matches changes the path; `break`/`last` stop. */
function rewritten(rewrites: readonly NginxRewrite[], requestPath: string): { path: string; changed: boolean; last: boolean } {
  let current = requestPath;
  let changed = false;
  for (const rewrite of rewrites) {
    const regex = safeRegExp(rewrite.regex, false);
    const match = regex?.exec(current);
    if (!match) continue;
    // A redirect goes back to the browser: what it asks next is not known here.
    if (rewrite.flag === 'redirect' || rewrite.flag === 'permanent' || /^https?:\/\//.test(rewrite.replacement)) return { path: current, changed: false, last: true };
    current = rewrite.replacement.replace(/\$(\d)/g, (_, index: string) => match[Number(index)] ?? '').replace(/\?.*$/, '');
    changed = true;
    if (rewrite.flag === 'break' || rewrite.flag === 'last') return { path: current, changed, last: rewrite.flag === 'last' };
  }
  return { path: current, changed, last: false };
}

/** Where a server proxies a request path: the `proxy_pass` URL's host and the path it receives there. */
export interface Proxied {
  /** The host of `proxy_pass` (an upstream's name or a host name), lower case, without its port. */
  readonly host: string;
  readonly path: string;
}

/**
 * Where `server` sends `requestPath`: `undefined` when the location chosen proxies nowhere (files, a
 * redirect) or the `proxy_pass` is built from variables. A `proxy_pass` with a URI part replaces the
 * matched prefix (`location /api/` + `proxy_pass http://api:3000/` sends `/api/x` as `/x`); a path changed by
 * `rewrite ... break` is sent as it is.
 */
export function proxiedPath(server: NginxServer, requestPath: string): Proxied | undefined {
  let current = rewritten(server.rewrites, requestPath).path;
  for (let round = 0; round < 4; round++) {
    const chosen = chooseLocation(server.locations, current);
    if (chosen === undefined) return undefined;
    const { location } = chosen;
    const rewrite = rewritten(location.rewrites, current);
    if (rewrite.changed && rewrite.last) {
      current = rewrite.path;
      continue;
    }
    if (location.proxyPass === undefined) return undefined;
    const target = /^(?:https?):\/\/([^/:$]+)(?::\d+)?(\/[^$]*)?$/i.exec(location.proxyPass);
    if (target === null) return undefined;
    const host = target[1]!.toLowerCase();
    const uri = target[2];
    if (rewrite.changed) return { host, path: rewrite.path };
    if (uri !== undefined && (location.modifier === '' || location.modifier === '^~' || location.modifier === '=')) {
      const rest = current.slice(location.path.length);
      return { host, path: `${uri}${uri.endsWith('/') && rest.startsWith('/') ? rest.slice(1) : rest}` || '/' };
    }
    return { host, path: current };
  }
  return undefined;
}
