import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/model/result.js';

/*
 * Confinement: the one way the analyzer reads the analysed repository.
 *
 * The CLI runs in CI on pull requests, forks included, with the job's secrets in its environment, so the
 * repository is untrusted input. Its files name other files (a compose `env_file`, a `.env` that is a
 * symlink, a tsconfig `extends`, an import, a Kubernetes or nginx file); any of them may point at
 * `/proc/self/environ`, `../../secrets`, or `/dev/zero`. Every read therefore goes through `ProjectFiles`:
 *
 * - a file is read only when its real path (symlinks resolved) is inside the readable folder (the analysed
 *   folder, or a wider one the user names with `--root-dir`) and it is a regular file;
 * - at most `maxBytes` are read (1 MiB unless a reader says otherwise), so no file costs more than its cap;
 * - text is decoded as TypeScript's own `sys.readFile` does: a UTF-8 or UTF-16 (LE/BE) byte order mark
 *   decides, otherwise UTF-8;
 * - a refusal is never an exception: `readText` returns `undefined` and writes a note (a `Diagnostic`)
 *   naming the file inside the folder that holds the reference, and how it is written there. A file that
 *   does not exist is silent: most references are optional (`.env`, `tsconfig.json`).
 *
 * Rules for every reader, present and future (compose, env files, Kubernetes, nginx, package.json,
 * tsconfig, the TypeScript compiler host): never call `fs` on a repository path directly; ask `readText`
 * (or `locate`/`isFile`/`isDirectory` for existence, which answer `false` outside the folder); pass
 * `reference` when the path comes from another file's text, so the note says where it was written; parse
 * what comes back with bounded work (YAML with `yamlOptions`, a size cap before any super-linear parse).
 */

/** Larger files are generated or hostile; no file the analysis reads needs more. */
export const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

/** Why a file was not read. */
export type Refusal = 'missing' | 'outside' | 'special' | 'too-large' | 'unreadable';

export type ReadOutcome =
  | { readonly ok: true; readonly text: string; readonly realPath: string }
  | { readonly ok: false; readonly refusal: Refusal; readonly reason: string };

export interface ReadOptions {
  /** The cap for this read; default `MAX_PROJECT_FILE_BYTES`. */
  readonly maxBytes?: number;
  /**
   * When the path was written in another file: that file (absolute) and the words that name it there
   * (`env_file ../secrets.env`). The note is then about that file, which is the one to fix.
   */
  readonly reference?: { readonly from: string; readonly as: string };
  /** Say nothing when the file is refused (the caller writes its own note, or the read was a probe). */
  readonly quiet?: boolean;
}

/** The reasons, as they end a note. */
function reasonOf(refusal: Exclude<Refusal, 'missing' | 'unreadable' | 'too-large'>): string {
  return refusal === 'outside' ? 'outside the analysed folder, not read' : 'not a regular file, not read';
}

/**
 * Text of a file's bytes as `tsc` reads it: a UTF-16 byte order mark (either order) means UTF-16, a UTF-8
 * one is dropped, anything else is UTF-8.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Big-endian: swap each pair into a copy (an odd last byte is dropped, as tsc does) and read it as LE.
    const even = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    return Buffer.from(even).swap16().toString('utf16le');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : String(error));
}

function isInsideFolder(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** Where a file is, for `ProjectFiles.locate`: its real path and size, or why it is not read. */
type Located = { readonly ok: true; readonly realPath: string; readonly size: number } | { readonly ok: false; readonly refusal: Refusal; readonly reason: string };

export interface ProjectFilesOptions {
  /** The analysed folder; results name files relative to it. */
  readonly root: string;
  /** A folder holding `root` that may be read too (a monorepo analysed from a subfolder); default `root`. */
  readonly readableRoot?: string;
  /** Where notes go; the analysis's diagnostics. */
  readonly diagnostics: Diagnostic[];
}

/**
 * What a read or a probe saw (`read`: a hash of the text, or why it was not read; `locate`: the real path
 * or why not; `folder`: whether it is one), for a cache that must know when to analyse again (cache.ts).
 */
export interface Observation {
  readonly kind: 'read' | 'locate' | 'folder';
  readonly file: string;
  readonly seen: string;
}

/** The analysed folder's files, read only inside it (see the header of this module). */
export class ProjectFiles {
  /** Told of every read and probe while set. */
  observer: ((observation: Observation) => void) | undefined;
  /** Absolute analysed folder, as given (not resolved): paths in the result are relative to it. */
  readonly root: string;
  /** Absolute readable folder, as given. */
  readonly readableRoot: string;
  private readonly realReadableRoot: string;
  private readonly diagnostics: Diagnostic[];
  private readonly noted = new Set<string>();
  private readonly located = new Map<string, Located>();
  private readonly folders = new Map<string, boolean>();
  /** What each file read gave, with its hash once an observer asked for it: shared by the forks of one discovery. */
  private readonly texts = new Map<string, { readonly outcome: ReadOutcome; seen: string | undefined }>();
  /** The names in each folder looked in, or `null` when it cannot be listed (a missing one answers every name in it as missing). */
  private readonly listings = new Map<string, ReadonlySet<string> | null>();

  constructor(options: ProjectFilesOptions) {
    this.root = path.resolve(options.root);
    this.readableRoot = path.resolve(options.readableRoot ?? options.root);
    this.realReadableRoot = fs.realpathSync(this.readableRoot);
    this.diagnostics = options.diagnostics;
  }

  /**
   * The same folder for another part of the analysis (cache.ts): its own notes, going to `diagnostics`, and
   * its own observer, while what lookups found so far is shared, so parts do not probe every path again.
   */
  fork(diagnostics: Diagnostic[]): ProjectFiles {
    const copy = Object.create(ProjectFiles.prototype) as ProjectFiles;
    return Object.assign(copy, this, { observer: undefined, diagnostics, noted: new Set(this.noted) });
  }

  /** A path relative to the analysed folder, with `/` separators: how files are named in the result. */
  relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  /** Whether `file`, as written (before symlinks are resolved), is inside the readable folder. */
  isInside(file: string): boolean {
    return isInsideFolder(this.readableRoot, path.resolve(file)) || isInsideFolder(this.realReadableRoot, path.resolve(file));
  }

  /**
   * The real path of a regular file inside the readable folder, or why it is not one. Looked up once per
   * path: module resolution asks about the same candidates (`x.ts`, `x.tsx`, `x/index.ts`, package.json
   * files up the tree) thousands of times, and each `realpath` costs an `lstat` per folder of the path.
   * `read` still checks the open file itself, so a file that changed since costs at most its cap.
   * The observer (cache.ts) is told of every lookup, cached or not.
   */
  locate(file: string): Located {
    const located = this.locateUnobserved(file);
    this.observer?.({ kind: 'locate', file: path.resolve(file), seen: located.ok ? `at ${located.realPath}` : located.refusal });
    return located;
  }

  private locateUnobserved(file: string): Located {
    const absolute = path.resolve(file);
    let located = this.located.get(absolute);
    if (located === undefined) {
      located = this.locateUncached(absolute);
      this.located.set(absolute, located);
    }
    return located;
  }

  private locateUncached(absolute: string): Located {
    // Module resolution probes many names that are not there (`x.ts`, `x.tsx`, `x.d.ts`...): one listing of
    // the folder answers them all, where `realpath` would fail once per name.
    if (this.notListed(absolute)) return { ok: false, refusal: 'missing', reason: 'does not exist' };
    let realPath: string;
    try {
      // The system call: Node's own `realpathSync` makes one `lstat` per folder of the path, per file.
      realPath = fs.realpathSync.native(absolute);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, refusal: 'missing', reason: 'does not exist' };
      // A dangling or looping link, or a folder we may not enter: say so without looking further.
      return { ok: false, refusal: 'unreadable', reason: `cannot be read: ${code}` };
    }
    if (!isInsideFolder(this.realReadableRoot, realPath)) {
      // Name what the reader sees: a link inside the folder, or a path that leaves it.
      return { ok: false, refusal: 'outside', reason: this.isInside(absolute) ? 'a link to outside the analysed folder, not read' : reasonOf('outside') };
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(realPath);
    } catch (error) {
      return { ok: false, refusal: 'unreadable', reason: `cannot be read: ${errnoCode(error)}` };
    }
    if (!stat.isFile()) return { ok: false, refusal: 'special', reason: stat.isDirectory() ? 'is a folder, not read' : reasonOf('special') };
    return { ok: true, realPath, size: stat.size };
  }

  /**
   * True when the file's folder can be listed and does not hold its name. Only where names are compared
   * exactly (not on macOS and Windows, whose file systems ignore case); anything else is looked up as before.
   */
  private notListed(absolute: string): boolean {
    if (!CASE_SENSITIVE) return false;
    const folder = path.dirname(absolute);
    let names = this.listings.get(folder);
    if (names === undefined) {
      try {
        names = new Set(fs.readdirSync(folder));
      } catch {
        names = null;
      }
      this.listings.set(folder, names);
    }
    return names !== null && !names.has(path.basename(absolute));
  }

  /** True for a regular file inside the readable folder. */
  isFile(file: string): boolean {
    return this.locate(file).ok;
  }

  /** True for a folder inside the readable folder (symlinks resolved); looked up once per path, as `locate`. */
  isDirectory(folder: string): boolean {
    const isFolder = this.isDirectoryUnobserved(folder);
    this.observer?.({ kind: 'folder', file: path.resolve(folder), seen: String(isFolder) });
    return isFolder;
  }

  private isDirectoryUnobserved(folder: string): boolean {
    const absolute = path.resolve(folder);
    let isFolder = this.folders.get(absolute);
    if (isFolder === undefined) {
      try {
        const realPath = fs.realpathSync.native(absolute);
        isFolder = isInsideFolder(this.realReadableRoot, realPath) && fs.statSync(realPath).isDirectory();
      } catch {
        isFolder = false;
      }
      this.folders.set(absolute, isFolder);
    }
    return isFolder;
  }

  /**
   * Reads a file under the rules of this module; the outcome says why when it was not read. A file is read
   * once per discovery (the parts of a `--cache` run read the files they share once, and the cache's check
   * reads what the part it re-analyses reads again); the observer is told of every read, kept or not.
   */
  read(file: string, maxBytes = MAX_PROJECT_FILE_BYTES): ReadOutcome {
    const absolute = path.resolve(file);
    const keep = maxBytes === MAX_PROJECT_FILE_BYTES;
    let known = keep ? this.texts.get(absolute) : undefined;
    if (known === undefined) {
      known = { outcome: this.readUnobserved(file, maxBytes), seen: undefined };
      if (keep) this.texts.set(absolute, known);
    }
    if (this.observer !== undefined) {
      known.seen ??= known.outcome.ok ? textHash(known.outcome.text) : known.outcome.refusal;
      this.observer({ kind: 'read', file: absolute, seen: known.seen });
    }
    return known.outcome;
  }

  private readUnobserved(file: string, maxBytes: number): ReadOutcome {
    const outcome = this.readBytes(file, maxBytes);
    return outcome.ok ? { ok: true, text: decodeText(outcome.bytes), realPath: outcome.realPath } : outcome;
  }

  /** The bytes of a file (not decoded: git's index), under the same rules as `read`, unobserved. */
  readBytes(file: string, maxBytes: number): { readonly ok: true; readonly bytes: Buffer; readonly realPath: string } | Extract<ReadOutcome, { ok: false }> {
    const located = this.locate(file);
    if (!located.ok) return located;
    if (located.size > maxBytes) return { ok: false, refusal: 'too-large', reason: tooLarge(located.size, maxBytes) };
    let fd: number | undefined;
    try {
      fd = fs.openSync(located.realPath, 'r');
      // The size is read again on the open file: a file that grew since still costs at most its cap.
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return { ok: false, refusal: 'special', reason: reasonOf('special') };
      if (stat.size > maxBytes) return { ok: false, refusal: 'too-large', reason: tooLarge(stat.size, maxBytes) };
      const buffer = Buffer.alloc(stat.size);
      let filled = 0;
      while (filled < buffer.length) {
        const count = fs.readSync(fd, buffer, filled, buffer.length - filled, filled);
        if (count === 0) break;
        filled += count;
      }
      return { ok: true, bytes: buffer.subarray(0, filled), realPath: located.realPath };
    } catch (error) {
      return { ok: false, refusal: 'unreadable', reason: `cannot be read: ${errnoCode(error)}` };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /**
   * The text of a file, or `undefined` when it does not exist or is refused; a refusal (outside the folder,
   * not a regular file, too large, unreadable) is written as a note unless `quiet`.
   */
  readText(file: string, options: ReadOptions = {}): string | undefined {
    const outcome = this.read(file, options.maxBytes);
    if (outcome.ok) return outcome.text;
    if (outcome.refusal !== 'missing' && options.quiet !== true) this.noteRefusal(file, outcome.reason, options.reference);
    return undefined;
  }

  /** A note on the input, once per file and message. `file` is absolute, or already relative to the root. */
  note(file: string, message: string, line?: number): void {
    const shown = path.isAbsolute(file) ? this.relative(file) : file;
    const key = `${shown}\0${line ?? ''}\0${message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.diagnostics.push(line === undefined ? { file: shown, message } : { file: shown, line, message });
  }

  /** Notes why a file was not read, on the file that names it when there is one. */
  noteRefusal(file: string, reason: string, reference?: ReadOptions['reference']): void {
    if (reference !== undefined) this.note(reference.from, `${reference.as}: ${reason}`);
    // A path outside the folder is named the way the folder reaches it (`../x`), never as an absolute path.
    else if (this.isInside(file)) this.note(file, reason);
    else this.note('.', `${this.relative(path.resolve(file))}: ${reason}`);
  }
}

/** Whether file names are compared exactly: not on macOS and Windows, whose file systems ignore case. */
export const CASE_SENSITIVE = process.platform !== 'win32' && process.platform !== 'darwin';

/** A short hash of a text: two texts with one hash are taken for the same. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

function tooLarge(size: number, maxBytes: number): string {
  return `${Math.ceil(size / 1024)} KiB is larger than ${formatBytes(maxBytes)}, not read`;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
