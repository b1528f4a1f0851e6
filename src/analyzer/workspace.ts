import path from 'node:path';
import type { FolderTree } from './tree.js';
import { parseYaml } from './bounded-yaml.js';
import type { ProjectFiles } from './files.js';
import { shellCommands } from './entry-points.js';

/** A folder with its own manifest: an npm/pnpm/yarn workspace package, an Nx project, a Nest CLI project. */
export interface WorkspacePackage {
  /** Absolute folder. */
  readonly root: string;
  /** The package.json (or project.json) name. */
  readonly name?: string;
  /** Names of the packages it depends on (all dependency kinds). */
  readonly dependencies: ReadonlySet<string>;
  /** Where its entry point's source lives, for resolving imports of it by name without node_modules. */
  readonly sourceEntry?: string;
  /** Declared as an application or a library by Nx or the Nest CLI; `undefined` for plain packages. */
  readonly projectType?: 'application' | 'library';
  readonly source: 'workspace' | 'package' | 'nx' | 'nest-cli';
  /** Its package.json says how it starts: a `main`, a `bin`, or a `start`/`dev`/`serve` script. */
  readonly startable?: boolean;
  /** Ports its start scripts give a dev server (`next dev --port 3010`, `PORT=3001 react-scripts start`). */
  readonly scriptPorts?: readonly number[];
  /** Create React App's `proxy`: where its dev server sends requests for paths under `prefix`. */
  readonly devProxies?: readonly DevProxy[];
}

export interface DevProxy {
  readonly prefix: string;
  readonly target: string;
}

/** `"proxy": "http://localhost:3001"` (every path) or `{ "/api": { "target": "http://localhost:3001" } }`. */
function devProxiesOf(proxy: unknown): DevProxy[] {
  if (typeof proxy === 'string') return /^https?:\/\//.test(proxy) ? [{ prefix: '/', target: proxy }] : [];
  if (proxy === null || typeof proxy !== 'object') return [];
  return Object.entries(proxy as Record<string, unknown>).flatMap(([prefix, entry]) => {
    const target = typeof entry === 'string' ? entry : (entry as { target?: unknown } | null)?.target;
    return typeof target === 'string' && /^https?:\/\//.test(target) && prefix.startsWith('/') ? [{ prefix, target }] : [];
  });
}

/** Scripts that start a package, and the tools that listen on a port they are given on the command line. */
const START_SCRIPTS = ['start', 'dev', 'serve', 'preview', 'start:dev', 'start:prod'];
const PORT_TAKING_TOOLS = new Set(['next', 'vite', 'nuxt', 'nuxi', 'astro', 'remix', 'serve', 'http-server', 'react-scripts', 'craco', 'ng', 'webpack-dev-server', 'webpack', 'live-server', 'gatsby', 'svelte-kit', 'parcel', 'fastify', 'nest']);

/** The ports a package's start scripts make its dev server listen on. */
function scriptPortsOf(manifest: PackageJson): number[] {
  const ports = new Set<number>();
  for (const script of START_SCRIPTS) {
    const text = manifest.scripts?.[script];
    if (typeof text !== 'string') continue;
    for (const words of shellCommands(text)) {
      const program = words.findIndex((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
      const tool = words[program] === 'npx' ? words[program + 1] : words[program];
      if (tool === undefined || !PORT_TAKING_TOOLS.has(tool.replace(/^.*\//, ''))) continue;
      for (const [i, word] of words.entries()) {
        const assigned = /^PORT=(\d{1,5})$/.exec(word);
        const option = /^--port=(\d{1,5})$/.exec(word);
        const next = (word === '--port' || word === '-p') && i > program ? /^(\d{1,5})$/.exec(words[i + 1] ?? '') : null;
        const port = (i < program ? assigned : null) ?? option ?? next;
        if (port) ports.add(Number(port[1]));
      }
    }
  }
  return [...ports].sort((a, b) => a - b);
}

export interface WorkspaceLayout {
  readonly rootName?: string;
  readonly packages: readonly WorkspacePackage[];
}

/** An object, not an array or a scalar: what a manifest must be before its fields are read. */
function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Folders never part of the analysed sources. */

interface PackageJson {
  name?: string;
  main?: string;
  bin?: unknown;
  scripts?: Record<string, unknown>;
  proxy?: unknown;
  types?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  exports?: unknown;
}

/** A JSON object, array or value; `undefined` (with a note when it is there but refused or broken) otherwise. */
function readJson(files: ProjectFiles, file: string): unknown {
  const text = files.readText(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    files.note(file, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Only a list of strings is a list of globs: a hostile or broken manifest may hold anything there. */
function globList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string') ? value : undefined;
}

/** Workspace globs from package.json `workspaces`, `pnpm-workspace.yaml` and `lerna.json`. */
/** The workspace globs a package.json declares (`workspaces`, or yarn's `workspaces.packages`). */
export function manifestWorkspaces(manifest: { readonly workspaces?: unknown } | undefined): string[] | undefined {
  const workspaces = manifest?.workspaces as PackageJson['workspaces'] | undefined;
  return globList(Array.isArray(workspaces) ? workspaces : workspaces?.packages);
}

function workspacePatterns(files: ProjectFiles, manifest: PackageJson | undefined): string[] | undefined {
  const fromManifest = manifestWorkspaces(manifest);
  if (fromManifest) return fromManifest;
  const pnpmFile = path.join(files.root, 'pnpm-workspace.yaml');
  const pnpmText = files.readText(pnpmFile);
  if (pnpmText !== undefined) {
    const pnpm = parseYaml(pnpmText);
    if (!pnpm.ok) files.note(pnpmFile, `not valid YAML: ${pnpm.error}`);
    const packages = pnpm.ok ? globList((pnpm.value as { packages?: unknown } | null)?.packages) : undefined;
    if (packages) return packages;
  }
  const lerna = readJson(files, path.join(files.root, 'lerna.json')) as { packages?: unknown } | undefined;
  return globList(lerna?.packages);
}

/** Guesses where a package's source entry is: `src/index.ts`, or the `.ts` twin of `main`. */
function sourceEntryOf(files: ProjectFiles, root: string, manifest: PackageJson): string | undefined {
  const candidates = ['src/index.ts', 'src/index.tsx', 'index.ts', 'src/index.js', 'index.js', 'src/main.ts'];
  for (const declared of [manifest.types, manifest.main, mainExport(manifest.exports)]) {
    if (typeof declared !== 'string') continue;
    const withoutExtension = declared.replace(/^\.\//, '').replace(/\.(d\.ts|js|cjs|mjs|ts)$/, '');
    // `dist/index.js` is built from `src/index.ts`.
    candidates.unshift(`${withoutExtension.replace(/^(dist|build|lib|out)\//, 'src/')}.ts`, `${withoutExtension}.ts`, `${withoutExtension}.js`);
  }
  return candidates.map((candidate) => path.join(root, candidate)).find((file) => files.isFile(file));
}

/**
 * The file package.json `exports` gives for the package's own name: `"exports": "./lib/index.js"`, or the
 * `"."` entry, as a path or by condition (`require` first, for the CommonJS services this mostly serves).
 */
function mainExport(exports: unknown): string | undefined {
  const entry = exports !== null && typeof exports === 'object' && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports;
  if (typeof entry === 'string') return entry;
  if (entry === null || typeof entry !== 'object') return undefined;
  const conditions = entry as Record<string, unknown>;
  return ['require', 'node', 'default', 'import'].map((condition) => conditions[condition]).find((target): target is string => typeof target === 'string');
}

function packageFrom(files: ProjectFiles, root: string, manifest: PackageJson, source: WorkspacePackage['source']): WorkspacePackage {
  const sourceEntry = sourceEntryOf(files, root, manifest);
  return {
    root,
    ...(typeof manifest.name === 'string' ? { name: manifest.name } : {}),
    dependencies: new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.devDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]),
    ...(sourceEntry ? { sourceEntry } : {}),
    source,
    startable: typeof manifest.main === 'string' || manifest.bin !== undefined || START_SCRIPTS.some((script) => typeof manifest.scripts?.[script] === 'string'),
    scriptPorts: scriptPortsOf(manifest),
    devProxies: devProxiesOf(manifest.proxy),
  };
}

/**
 * Finds the packages of a repository: declared workspaces when there are any, otherwise every folder with a
 * package.json; Nx `project.json` and `nest-cli.json` projects on top, with their application/library type.
 */
export function readWorkspace(files: ProjectFiles, tree: FolderTree): WorkspaceLayout {
  const root = files.root;
  const rootManifest = asObject(readJson(files, path.join(root, 'package.json'))) as PackageJson | undefined;
  const patterns = workspacePatterns(files, rootManifest);
  const manifestGlobs = patterns
    ? patterns.map((pattern) => (pattern.startsWith('!') ? pattern : `${pattern.replace(/\/+$/, '')}/package.json`))
    : ['**/package.json'];
  const packages = new Map<string, WorkspacePackage>();
  for (const file of tree.matching(manifestGlobs)) {
    const directory = path.dirname(file);
    if (directory === root) continue;
    const manifest = asObject(readJson(files, file)) as PackageJson | undefined;
    if (manifest) packages.set(directory, packageFrom(files, directory, manifest, patterns ? 'workspace' : 'package'));
  }
  for (const file of tree.matching(['**/project.json'])) {
    const project = asObject(readJson(files, file)) as { name?: string; projectType?: string } | undefined;
    if (!project || (project.projectType !== 'application' && project.projectType !== 'library')) continue;
    const directory = path.dirname(file);
    const existing = packages.get(directory);
    packages.set(directory, {
      ...(existing ?? { root: directory, dependencies: new Set<string>(), source: 'nx' as const }),
      ...(project.name && !existing?.name ? { name: project.name } : {}),
      projectType: project.projectType,
    });
  }
  const nest = asObject(readJson(files, path.join(root, 'nest-cli.json'))) as { projects?: Record<string, { type?: string; root?: string } | null> } | undefined;
  for (const [name, project] of Object.entries(asObject(nest?.projects) ?? {}) as [string, { type?: string; root?: string } | null][]) {
    if (project === null || typeof project.root !== 'string' || (project.type !== 'application' && project.type !== 'library')) continue;
    const directory = path.resolve(root, project.root);
    const existing = packages.get(directory);
    packages.set(directory, {
      ...(existing ?? { root: directory, dependencies: new Set<string>(), source: 'nest-cli' as const }),
      ...(existing?.name ? {} : { name }),
      projectType: project.type,
    });
  }
  return { ...(typeof rootManifest?.name === 'string' ? { rootName: rootManifest.name } : {}), packages: [...packages.values()] };
}
