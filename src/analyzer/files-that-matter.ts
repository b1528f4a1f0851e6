import path from 'node:path';
import type { TS } from '../core/engine/ast.js';

/*
 * Which source files the program must hold. Parsing and binding are most of what an analysis costs, and
 * most files of a repository (records, validators, mappers) neither call a library nor lead to a file that
 * does: they can have no facts. Before any parse, each file's text is read and its imports listed with the
 * compiler's pre-processor (a scan of tokens, no syntax tree). A file **may have facts** when its text names
 * a module a detector knows or one the summary names as not understood, a global client (`fetch`,
 * `EventSource`), a configured wrapper, or when it has a `require` the analysis must note (computed, or
 * naming no file). A file **matters** when it may have facts or imports, through any chain, one that does
 * (the callers of a wrapper, of a wrapper's wrapper). The program holds what matters and everything those
 * files import, for values (a helper given a client by its caller has facts too); a script that declares
 * globals and a module that augments them stay in too, since any file may read them. The rest is counted,
 * owned and read for disable comments, never parsed: it cannot change the map or a finding (so a syntax
 * error in it is not a note either).
 */

/** What the pre-pass knows of one file. */
interface Listed {
  readonly text: string;
  /** The project files it imports (ES imports, re-exports, `require` and `import()` of a literal). */
  readonly imports: readonly string[];
}

export interface FilesThatMatterInput {
  /** Where to start: every source file, or the files of one part (what they import is followed). */
  readonly files: readonly string[];
  /** The text of a file, or `undefined` when it is not read (refused, unreadable). */
  readonly read: (file: string) => string | undefined;
  /** The project file a module name resolves to from a file, as the program resolves it. */
  readonly resolve: (name: string, containingFile: string) => string | undefined;
  /** True for a source file of the project (what the pre-pass follows; libraries are not). */
  readonly isSourceFile: (file: string) => boolean;
  /** Whether a file's text names something a detector or a note reads. */
  readonly mayHaveFacts: (text: string) => boolean;
  /** What earlier pre-passes of the same discovery read from each text (the parts of a `--cache` run share files). */
  readonly known?: TextListings;
}

/**
 * What the pre-pass reads from a file's text alone (the module names it imports, whether it may have facts
 * or declares globals), kept by file for the text it was read from: each part of a `--cache` run follows
 * its imports into the packages every part imports, which were listed once.
 */
export type TextListings = Map<string, { readonly text: string; readonly names: readonly string[]; readonly seed: boolean }>;

export interface FilesThatMatter {
  /** The files the program is built from: those that matter and what they import. */
  readonly roots: ReadonlySet<string>;
  /** The project files each file read imports (as the pre-processor lists them, type-only imports too). */
  readonly imports: ReadonlyMap<string, readonly string[]>;
}

export function filesThatMatter(t: TS, input: FilesThatMatterInput): FilesThatMatter {
  const listed = new Map<string, Listed>();
  const seeds = new Set<string>();
  const queue = [...input.files];
  const queued = new Set(queue);
  // The queue grows as it is walked: an array's iterator reads its length at every step.
  for (const file of queue) {
    const text = input.read(file);
    if (text === undefined) continue;
    const textListing = textListingOf(t, input, file, text);
    const { imports, unresolvedRequire } = importsOf(input, file, text, textListing.names);
    listed.set(file, { text, imports });
    if (unresolvedRequire || textListing.seed) seeds.add(file);
    for (const imported of imports) {
      if (queued.has(imported)) continue;
      queued.add(imported);
      queue.push(imported);
    }
  }
  const importers = new Map<string, string[]>();
  for (const [file, { imports }] of listed) {
    for (const imported of imports) {
      const list = importers.get(imported);
      if (list === undefined) importers.set(imported, [file]);
      else list.push(file);
    }
  }
  const matters = closure(seeds, (file) => importers.get(file) ?? []);
  // A computed `require` may load any file of its folder and below (`require(path.join(__dirname, name))`).
  const folders = [...seeds].filter((file) => COMPUTED_REQUIRE.test(listed.get(file)!.text)).map((file) => path.dirname(file) + path.sep);
  if (folders.length > 0) for (const file of listed.keys()) if (folders.some((folder) => file.startsWith(folder))) matters.add(file);
  // A file imported but not read (refused once read: minified, too large) is not one of them.
  const roots = new Set([...closure(matters, (file) => listed.get(file)?.imports ?? [])].filter((file) => listed.has(file)));
  return { roots, imports: new Map([...listed].map(([file, { imports }]) => [file, imports])) };
}

/** `require(name)`, `require(\`./${x}\`)`, `require(__dirname + ...)`: a module named at run time. */
const COMPUTED_REQUIRE = /\brequire\s*\(\s*(?!['"][^'"`]*['"]\s*\))/;
/** Extensions a `require` loads as code or data (requires.ts notes one that names no file). */
const FOLLOWED = /(^|\/)[^/.]+$|\.(c|m)?(j|t)sx?$|\.json$/;

/**
 * The project files a file imports, as the compiler's pre-processor lists them (`require` calls of any
 * file included: the analysis follows them in TypeScript files too), and whether a relative `require`
 * names no file (a note the scan makes).
 */
function importsOf(input: FilesThatMatterInput, file: string, text: string, names: readonly string[]): { imports: string[]; unresolvedRequire: boolean } {
  const imports = new Set<string>();
  let unresolvedRequire = false;
  const hasRequire = text.includes('require');
  for (const name of names) {
    const resolved = input.resolve(name, file);
    if (resolved !== undefined && input.isSourceFile(resolved)) imports.add(resolved);
    else if (resolved === undefined && hasRequire && (name.startsWith('./') || name.startsWith('../')) && FOLLOWED.test(name)) unresolvedRequire = true;
  }
  if (hasRequire && COMPUTED_REQUIRE.test(text)) unresolvedRequire = true;
  return { imports: [...imports], unresolvedRequire };
}

/** The module names a text imports (the compiler's pre-processor) and whether it may have facts or declares globals. */
function textListingOf(t: TS, input: FilesThatMatterInput, file: string, text: string): { readonly names: readonly string[]; readonly seed: boolean } {
  const known = input.known?.get(file);
  if (known?.text === text) return known;
  const names = t.preProcessFile(text, true, text.includes('require')).importedFiles.map((imported) => imported.fileName);
  const listing = { text, names, seed: input.mayHaveFacts(text) || declaresGlobals(text) };
  input.known?.set(file, listing);
  return listing;
}

/**
 * A file whose declarations any other may read without importing it: a script (no import, export or
 * `require`: its top-level names are global, as in browser code loaded by several `<script>` tags) or a
 * module that augments the globals or another module.
 */
function declaresGlobals(text: string): boolean {
  if (text.includes('declare global') || text.includes('declare module')) return true;
  return !/\b(?:import|export)\b|\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]/.test(text);
}

function closure(start: ReadonlySet<string>, next: (file: string) => Iterable<string>): Set<string> {
  const reached = new Set(start);
  const queue = [...start];
  for (const file of queue) {
    for (const other of next(file)) {
      if (reached.has(other)) continue;
      reached.add(other);
      queue.push(other);
    }
  }
  return reached;
}

/**
 * Whether a text names something the scan reads: one of `modules` in quotes (an import, a `require`, a
 * JSDoc `import('kafkajs')` type, a subpath, `node:` or not), a global client, or one of `names` (the
 * configured wrappers) as a word. One regular expression, built once per analysis.
 */
export function mentionTest(modules: readonly string[], globals: readonly string[], names: readonly string[]): (text: string) => boolean {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const bare = [...new Set(modules.map((module) => module.replace(/^node:/, '')))].sort();
  const quoted = `(['"\`])(?:node:)?(?:${bare.map(escape).join('|')})(?:/[^'"\`]*)?\\1`;
  const words = [...globals, ...names].length > 0 ? `|\\b(?:${[...globals, ...names].map(escape).join('|')})\\b` : '';
  const pattern = new RegExp(`${quoted}${words}`);
  return (text) => pattern.test(text);
}
