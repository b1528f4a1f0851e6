import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../core/model/result.js';

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
}

export interface WorkspaceLayout {
  readonly rootName?: string;
  readonly packages: readonly WorkspacePackage[];
}

/** Folders never part of the analysed sources. */
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/.next/**', '**/coverage/**', '**/.turbo/**', '**/.nx/**'];

interface PackageJson {
  name?: string;
  main?: string;
  types?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  exports?: unknown;
}

function readJson(file: string, relative: (file: string) => string, diagnostics: Diagnostic[]): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    diagnostics.push({ file: relative(file), message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

/** Workspace globs from package.json `workspaces`, `pnpm-workspace.yaml` and `lerna.json`. */
function workspacePatterns(root: string, manifest: PackageJson | undefined, relative: (file: string) => string, diagnostics: Diagnostic[]): string[] | undefined {
  const fromManifest = Array.isArray(manifest?.workspaces) ? manifest.workspaces : manifest?.workspaces?.packages;
  if (fromManifest && fromManifest.length > 0) return fromManifest;
  const pnpmFile = path.join(root, 'pnpm-workspace.yaml');
  if (fs.existsSync(pnpmFile)) {
    try {
      const pnpm = parseYaml(fs.readFileSync(pnpmFile, 'utf8')) as { packages?: string[] } | null;
      if (pnpm?.packages && pnpm.packages.length > 0) return pnpm.packages;
    } catch (error) {
      diagnostics.push({ file: relative(pnpmFile), message: `not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    }
  }
  const lerna = readJson(path.join(root, 'lerna.json'), relative, diagnostics) as { packages?: string[] } | undefined;
  if (lerna?.packages && lerna.packages.length > 0) return lerna.packages;
  return undefined;
}

/** Guesses where a package's source entry is: `src/index.ts`, or the `.ts` twin of `main`. */
function sourceEntryOf(root: string, manifest: PackageJson): string | undefined {
  const candidates = ['src/index.ts', 'src/index.tsx', 'index.ts', 'src/index.js', 'index.js', 'src/main.ts'];
  for (const declared of [manifest.types, manifest.main, mainExport(manifest.exports)]) {
    if (typeof declared !== 'string') continue;
    const withoutExtension = declared.replace(/^\.\//, '').replace(/\.(d\.ts|js|cjs|mjs|ts)$/, '');
    // `dist/index.js` is built from `src/index.ts`.
    candidates.unshift(`${withoutExtension.replace(/^(dist|build|lib|out)\//, 'src/')}.ts`, `${withoutExtension}.ts`, `${withoutExtension}.js`);
  }
  return candidates.map((candidate) => path.join(root, candidate)).find((file) => fs.existsSync(file));
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

function packageFrom(root: string, manifest: PackageJson, source: WorkspacePackage['source']): WorkspacePackage {
  const sourceEntry = sourceEntryOf(root, manifest);
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
  };
}

/**
 * Finds the packages of a repository: declared workspaces when there are any, otherwise every folder with a
 * package.json; Nx `project.json` and `nest-cli.json` projects on top, with their application/library type.
 */
export function readWorkspace(root: string, ignore: readonly string[], relative: (file: string) => string, diagnostics: Diagnostic[]): WorkspaceLayout {
  const rootManifest = readJson(path.join(root, 'package.json'), relative, diagnostics) as PackageJson | undefined;
  const patterns = workspacePatterns(root, rootManifest, relative, diagnostics);
  const manifestGlobs = patterns
    ? patterns.map((pattern) => (pattern.startsWith('!') ? pattern : `${pattern.replace(/\/+$/, '')}/package.json`))
    : ['**/package.json'];
  const packages = new Map<string, WorkspacePackage>();
  for (const file of globSync(manifestGlobs, { cwd: root, ignore: [...ALWAYS_IGNORED, ...ignore], absolute: true, followSymbolicLinks: false }).sort()) {
    const directory = path.dirname(file);
    if (directory === root) continue;
    const manifest = readJson(file, relative, diagnostics) as PackageJson | undefined;
    if (manifest) packages.set(directory, packageFrom(directory, manifest, patterns ? 'workspace' : 'package'));
  }
  for (const file of globSync(['**/project.json'], { cwd: root, ignore: [...ALWAYS_IGNORED, ...ignore], absolute: true, followSymbolicLinks: false }).sort()) {
    const project = readJson(file, relative, diagnostics) as { name?: string; projectType?: string } | undefined;
    if (!project || (project.projectType !== 'application' && project.projectType !== 'library')) continue;
    const directory = path.dirname(file);
    const existing = packages.get(directory);
    packages.set(directory, {
      ...(existing ?? { root: directory, dependencies: new Set<string>(), source: 'nx' as const }),
      ...(project.name && !existing?.name ? { name: project.name } : {}),
      projectType: project.projectType,
    });
  }
  const nest = readJson(path.join(root, 'nest-cli.json'), relative, diagnostics) as { projects?: Record<string, { type?: string; root?: string }> } | undefined;
  for (const [name, project] of Object.entries(nest?.projects ?? {})) {
    if (typeof project.root !== 'string' || (project.type !== 'application' && project.type !== 'library')) continue;
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
