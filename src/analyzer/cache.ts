import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisResult } from '../core/model/result.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { analyzePart, discoveredHead } from './analyze.js';
import { type AnalyzeOptions, type DiscoveredProject, discoverProject } from './discover.js';
import { type Observation, type ProjectFiles, textHash } from './files.js';
import { tracksUnder } from './git-index.js';
import { configHashOf, filesOfPackage, mergeParts, packageFolders, type PartialResult } from './part.js';

/*
 * `--cache`: the analysis as parts, one per package folder (as `merge` joins them), each kept with what
 * it read. A later run discovers the repository again (cheap), and takes a kept part when its tool
 * version, config, discovery and every file its program read or probed are as they were; the others are
 * analysed again. Anything else in the cache folder (another version, a corrupt file, a folder that cannot
 * be written) is a note and an analysis, never a wrong result.
 */

const CACHE_FORMAT = 'service-map-cache-1';
/** A part of a large package can pass the 1 MiB a source file may have. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

export interface CacheOptions {
  /** The cache folder (`--cache-location`, trusted like `--config`); default `<root>/node_modules/.cache/service-map`. */
  readonly location?: string;
  /** Where the notes go (the CLI's stderr): the result is the same with or without a cache. */
  readonly note: (message: string) => void;
  /**
   * Parts kept in memory by the caller (`analyze --watch`) between runs: looked in first, and every part
   * analysed is put there. With `disk: false`, the only store (no folder is read or written).
   */
  readonly kept?: KeptParts;
  readonly disk?: boolean;
}

/** Parts kept in memory between runs of one process, by package folder (entries are checked as on disk). */
export type KeptParts = Map<string, unknown>;

interface CacheEntry {
  readonly format: typeof CACHE_FORMAT;
  readonly version: string;
  readonly configHash: string;
  readonly discoveryHash: string;
  readonly folder: string;
  readonly observations: readonly Observation[];
  readonly part: PartialResult;
}

/** What a run found, and how many parts it took from the cache. */
export interface CachedAnalysis {
  readonly result: AnalysisResult;
  readonly parts: number;
  readonly reused: number;
  /** The folders discovery found files in: what a watch watches. */
  readonly folders: readonly string[];
}

export async function analyzeWithCache(options: AnalyzeOptions, cache: CacheOptions): Promise<CachedAnalysis> {
  const project = await discoverProject(options);
  const store = withKept(cache.disk === false ? undefined : cacheStore(project, cache), cache.kept);
  const discoveryHash = hashOf(discoveryFingerprint(project));
  const configHash = configHashOf(project);
  const head = JSON.stringify(discoveredHead(project, project.diagnostics));
  const parts: PartialResult[] = [];
  const seen = new Map<string, boolean>();
  let reused = 0;
  for (const folder of packageFolders(project)) {
    const kept = store.read(folder);
    const own = filesOfPackage(project, folder);
    if (
      kept?.version === PACKAGE_VERSION &&
      kept.configHash === configHash &&
      kept.discoveryHash === discoveryHash &&
      kept.folder === folder &&
      holdsDiscovery(kept.part, head) &&
      readsEveryFile(kept.observations, own) &&
      (own.length > 0 || holdsNothing(kept.part)) &&
      unchanged(project.projectFiles, kept.observations, seen, store.folders)
    ) {
      parts.push(kept.part);
      reused += 1;
      continue;
    }
    const observed = new Map<string, Observation>();
    const part = await analyzePart({
      ...options,
      package: folder,
      observe: (observation) => {
        const key = `${observation.kind}\u0000${observation.file}`;
        if (!observed.has(key)) observed.set(key, observation);
      },
    }, project);
    parts.push(part);
    store.write(folder, { format: CACHE_FORMAT, version: PACKAGE_VERSION, configHash, discoveryHash, folder, observations: [...observed.values()], part });
  }
  return { result: mergeParts(parts), parts: parts.length, reused, folders: project.folders() };
}

/** The parts kept in memory in front of the cache folder (or alone), checked as any entry is. */
function withKept(disk: CacheStore | undefined, kept: KeptParts | undefined): CacheStore {
  if (kept === undefined) {
    if (disk === undefined) throw new Error('a cache run needs its folder or parts kept in memory');
    return disk;
  }
  return {
    folders: disk?.folders ?? new Set(),
    read(folder) {
      let entry = kept.get(folder) as CacheEntry | undefined;
      if (entry === undefined) {
        entry = disk?.read(folder);
        // Checked as any entry is before it is taken; one that is not is replaced by the part analysed again.
        if (entry !== undefined) kept.set(folder, entry);
      }
      return entry;
    },
    write(folder, entry) {
      kept.set(folder, entry);
      disk?.write(folder, entry);
    },
  };
}

/** Whether a kept part holds what discovery found now (services, notes, rules), as every part of this discovery does. */
function holdsDiscovery(part: PartialResult, head: string): boolean {
  const { repository, services, rootService, rules, discoveryDiagnostics } = part;
  return JSON.stringify({ repository, services, rootService, rules, discoveryDiagnostics }) === head;
}

/** A part with no files finds nothing: an entry for one that holds anything is not taken. */
function holdsNothing(part: PartialResult): boolean {
  const lists = [part.files, part.interactions, part.httpLinks, part.routes, part.fileFindings, part.diagnostics, part.disableDirectives, part.notUnderstood, part.rootFiles, part.servedFiles, part.rootImports, part.ports.listening];
  return lists.every((list) => Array.isArray(list) && list.length === 0);
}

/**
 * Whether an entry says it read each file of its part, as every analysis of a part does: one that does not
 * (cut short, or written by hand with no observations, which `unchanged` would take as nothing to check) is
 * not taken. (A part with no files reads nothing and must hold nothing; what git tracks is checked apart, in
 * `cacheStore`.)
 */
function readsEveryFile(observations: readonly Observation[], files: readonly string[]): boolean {
  const read = new Set(observations.flatMap((observation) => (observation.kind === 'read' ? [observation.file] : [])));
  return files.every((file) => read.has(path.resolve(file)));
}

/**
 * Whether every read and probe a part made would see the same now; `seen` keeps what this run saw, as parts
 * share files. Whether the cache's own folders exist (`node_modules`, `node_modules/.cache` of a checkout with
 * nothing installed) says nothing of the repository: the cache made them, so that probe is not compared (else
 * the first warm run after a cold one re-analysed every part that had looked for an installed package).
 */
function unchanged(projectFiles: ProjectFiles, observations: readonly Observation[], seen: Map<string, boolean>, cacheFolders: ReadonlySet<string>): boolean {
  return observations.every((observation) => {
    if (observation.kind === 'folder' && cacheFolders.has(observation.file)) return true;
    const key = `${observation.kind}\u0000${observation.file}\u0000${observation.seen}`;
    let same = seen.get(key);
    if (same === undefined) {
      same = sameNow(projectFiles, observation);
      seen.set(key, same);
    }
    return same;
  });
}

function sameNow(projectFiles: ProjectFiles, observation: Observation): boolean {
  switch (observation.kind) {
    case 'read': {
      const outcome = projectFiles.read(observation.file);
      return (outcome.ok ? textHash(outcome.text) : outcome.refusal) === observation.seen;
    }
    case 'locate': {
      const located = projectFiles.locate(observation.file);
      return (located.ok ? `at ${located.realPath}` : located.refusal) === observation.seen;
    }
    case 'folder':
      return String(projectFiles.isDirectory(observation.file)) === observation.seen;
  }
}

/**
 * Everything discovery found (config, workspace, compose, Kubernetes, services with their environments,
 * the list of source files, its notes): a part depends on all of it, so a change anywhere there analyses
 * every part again.
 */
function discoveryFingerprint(project: DiscoveredProject): unknown {
  const { root, config, rules, layout, kubernetes, compose, containers, proxies, services, rootService, files, diagnostics } = project;
  return { root, config, rules, layout, kubernetes, compose, containers, proxies, services, rootService, files, diagnostics };
}

function hashOf(value: unknown): string {
  const text = JSON.stringify(value, (_key, field: unknown) => {
    if (field instanceof Map) return [...(field as Map<unknown, unknown>)];
    if (field instanceof Set) return [...(field as Set<unknown>)];
    return typeof field === 'function' ? undefined : field;
  });
  return createHash('sha256').update(text).digest('hex');
}

interface CacheStore {
  /** The cache folder and its parents inside the analysed folder: made by the cache, not by the repository. */
  readonly folders: ReadonlySet<string>;
  read(folder: string): CacheEntry | undefined;
  write(folder: string, entry: CacheEntry): void;
}

/**
 * The cache folder. The default one is inside the analysed folder and is read like the repository's own
 * files (`ProjectFiles`: a link out of it is not followed); one the user names is trusted like `--config`.
 */
function cacheStore(project: DiscoveredProject, cache: CacheOptions): CacheStore {
  const trusted = cache.location !== undefined;
  const folder = path.resolve(cache.location ?? path.join(project.root, 'node_modules', '.cache', 'service-map'));
  const fileOf = (packageFolder: string) => path.join(folder, `${createHash('sha256').update(packageFolder).digest('hex').slice(0, 24)}.json`);
  // Entries the repository itself holds (committed, by a pull request perhaps) could stand for any result.
  const committed = !trusted && tracksUnder(project.projectFiles, folder) === true;
  if (committed) cache.note(`cache ${project.relative(folder)}: git tracks files in it, so a commit could have put them there: not read or written (--cache-location names a folder outside the checkout)`);
  let writable = !committed;
  const folders = new Set<string>();
  for (let current = folder; project.projectFiles.isInside(current) && current !== project.root && path.dirname(current) !== current; current = path.dirname(current)) folders.add(current);
  return {
    folders,
    read(packageFolder) {
      if (committed) return undefined;
      const file = fileOf(packageFolder);
      let text: string | undefined;
      if (trusted) {
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') cache.note(`cache ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}), analysed again`);
          return undefined;
        }
      } else {
        const outcome = project.projectFiles.read(file, MAX_ENTRY_BYTES);
        if (!outcome.ok) {
          if (outcome.refusal !== 'missing') cache.note(`cache ${project.relative(file)}: ${outcome.reason}, analysed again`);
          return undefined;
        }
        text = outcome.text;
      }
      const entry = entryOf(text);
      if (entry === undefined) cache.note(`cache ${trusted ? file : project.relative(file)}: not a cache entry of service-map ${PACKAGE_VERSION} (corrupt, or another version's), analysed again`);
      return entry;
    },
    write(packageFolder, entry) {
      if (!writable) return;
      try {
        fs.mkdirSync(folder, { recursive: true });
        // The default folder must stay inside the analysed one: a link out of it is not written through.
        if (!trusted && !project.projectFiles.isInside(fs.realpathSync(folder))) throw Object.assign(new Error('leads outside the analysed folder'), { code: 'outside the analysed folder' });
        const file = fileOf(packageFolder);
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, JSON.stringify(entry));
        fs.renameSync(temporary, file);
      } catch (error) {
        writable = false;
        cache.note(`cache ${trusted ? folder : project.relative(folder)}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}), the run goes on without it`);
      }
    },
  };
}

/** A cache entry of this version, or `undefined` for anything else. */
function entryOf(text: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(text) as Partial<CacheEntry> | null;
    if (entry === null || typeof entry !== 'object' || entry.format !== CACHE_FORMAT || entry.version !== PACKAGE_VERSION) return undefined;
    if (!Array.isArray(entry.observations) || typeof entry.part !== 'object') return undefined;
    return entry as CacheEntry;
  } catch {
    return undefined;
  }
}
