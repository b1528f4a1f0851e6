import fs from 'node:fs';
import path from 'node:path';
import { ParsedFiles } from './project.js';
import type { Diagnostic } from '../core/model/result.js';
import { type ComposeService, readComposeProject } from './compose.js';
import { type Container, readContainers, repositoryReader } from './containers.js';
import { workspaceRootScripts } from './dev-scripts.js';
import { type NginxProxy, readProxies } from './proxies.js';
import { type ContainerModuleLocations, containerModuleLocations } from './container-paths.js';
import { loadConfig, type RuleSetting, type ServiceMapConfig } from './config.js';
import { readEnvFile } from './dotenv.js';
import { UsageError } from './errors.js';
import { MAX_PROJECT_FILE_BYTES, ProjectFiles } from './files.js';
import { type KubernetesManifests, readKubernetesManifests } from './kubernetes.js';
import { defineServices, type ServiceDefinition } from './services.js';
import { readWorkspace, type WorkspaceLayout } from './workspace.js';
import { FolderTree } from './tree.js';

/*
 * The first stage of an analysis, and the only one that looks around the folder: the config, the
 * workspace's packages, compose and Kubernetes files, the services they define, and the source files to
 * scan. Everything after works on what this stage found.
 */

export interface AnalyzeOptions {
  /** The folder to analyse. */
  readonly root: string;
  /** A config file other than `<root>/service-map.config.json`: the user's own, trusted (`--config`). */
  readonly configFile?: string;
  /**
   * A folder holding `root` whose files may be read too (`--root-dir`): a package analysed from a monorepo
   * whose tsconfig `extends` or env files live above it. Default: `root`; nothing outside is ever read.
   */
  readonly readableRoot?: string;
}

/** What the analysed folder holds, before any source file is read. */
export interface DiscoveredProject {
  /** Absolute. */
  readonly root: string;
  readonly config: ServiceMapConfig;
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** A path relative to the root, with `/` separators: how files are named in the result. */
  readonly relative: (file: string) => string;
  /** Problems with the input, collected by every stage; the run goes on. */
  readonly diagnostics: Diagnostic[];
  /** The only way later stages read the folder's files (files.ts). */
  readonly projectFiles: ProjectFiles;
  readonly layout: WorkspaceLayout;
  readonly kubernetes: KubernetesManifests;
  /** Every compose service (built here or from an image), for the ports and proxies they give. */
  readonly compose: readonly ComposeService[];
  /** What the compose services built from the repository run, and which files their containers hold. */
  readonly containers: readonly Container[];
  /** nginx servers of the compose services, with the configurations of the repository they run. */
  readonly proxies: readonly NginxProxy[];
  /** Where relative modules land inside the containers compose runs (`volumes` mounting shared code). */
  readonly containerModules?: ContainerModuleLocations;
  readonly services: readonly ServiceDefinition[];
  /** The repository itself, for files outside every service. */
  readonly rootService: ServiceDefinition;
  /** Absolute paths of the source files to scan, sorted. */
  readonly files: readonly string[];
  /** Source files parsed for the programs of this discovery, shared by its parts (project.ts). */
  readonly parsed: ParsedFiles;
  /** The folders the walk found files in (the root included): what `analyze --watch` watches. */
  readonly folders: () => readonly string[];
}

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
/**
 * What does not run in production: tests and mocks, end-to-end suites, stories, and the scripts that seed
 * data or set up a demo. Their calls would draw edges no deployed service makes.
 */
const NOT_PRODUCTION = [
  '**/*.{test,spec}.*',
  '**/*{-,_}test.*',
  '**/test{-,_}*.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  '**/cypress/**',
  '**/playwright/**',
  '**/*.stories.*',
  '**/scripts/**',
  '**/seed*.*',
  '**/seeds/**',
  '**/seeders/**',
];
/** Folders that hold tests (as `NOT_PRODUCTION` leaves them out), by path segment. */
const TEST_FOLDERS = /(^|\/)(test|tests|e2e|__tests__|__mocks__|cypress|playwright)(\/|$)/;
const NOT_SOURCE = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.js'];

/** Reads the config and the folder's layout, defines the services, and lists the source files to scan. */
export async function discoverProject(options: AnalyzeOptions): Promise<DiscoveredProject> {
  const root = path.resolve(options.root);
  checkFolder(root, options.root, '');
  const readableRoot = options.readableRoot === undefined ? root : path.resolve(options.readableRoot);
  if (options.readableRoot !== undefined) {
    checkFolder(readableRoot, options.readableRoot, '--root-dir ');
    if (path.relative(fs.realpathSync(readableRoot), fs.realpathSync(root)).startsWith('..')) throw new UsageError(`--root-dir ${options.readableRoot} does not hold ${options.root}`);
  }
  const diagnostics: Diagnostic[] = [];
  const projectFiles = new ProjectFiles({ root, readableRoot, diagnostics });

  const { config, rules } = await loadConfig(projectFiles, options.configFile);
  const relative = (file: string) => projectFiles.relative(file);
  const tree = new FolderTree(root, config.ignore ?? []);
  const layout = readWorkspace(projectFiles, tree);
  const kubernetes = readKubernetesManifests(projectFiles, tree);
  const compose = readComposeProject(projectFiles, config.ignore ?? []);
  const reader = repositoryReader(projectFiles, layout.packages);
  const containers = readContainers(root, compose, reader);
  const containerModules = containerModuleLocations(projectFiles, compose);
  const defined = defineServices(root, {
    layout,
    compose,
    containers,
    kubernetes,
    configured: (config.services ?? []).map((service) => ({ ...service, root: path.resolve(root, service.root) })),
    readEnvFile: (file) => readEnvFile(projectFiles, file),
    note: (folder, message) => diagnostics.push({ file: folder, message }),
  });
  // A package or container of end-to-end tests (`e2e/`) is not a deployed service: its files are left out too.
  const services = config.includeTests ? defined : defined.filter((service) => service.source === 'config' || !TEST_FOLDERS.test(relative(service.root)));
  const proxies = readProxies(containers, services, reader);
  const rootService: ServiceDefinition = {
    name: layout.rootName ? layout.rootName.replace(/^@[^/]+\//, '') : path.basename(root),
    root,
    source: 'root',
    hosts: [],
    // As every service reads its folder's env files (services.ts): the repository's own code runs at the root.
    environment: new Map(['.env.sample', '.env.example', '.env'].flatMap((file) => [...readEnvFile(projectFiles, path.join(root, file))])),
  };
  const devScripts = config.includeTests ? new Map<string, string>() : workspaceRootScripts(root, layout, services, reader);
  const files = sourceFiles(projectFiles, tree.matching([SOURCE_GLOB], [...NOT_SOURCE, ...(config.includeTests ? [] : NOT_PRODUCTION)])).filter((file) => {
    const script = devScripts.get(file);
    if (script !== undefined) projectFiles.note(file, `left out: a development script, started by ${script} of a workspace root, not a deployed service ("includeTests": true analyses it)`);
    return script === undefined;
  });
  return { root, config, rules, relative, diagnostics, projectFiles, layout, kubernetes, compose, containers, proxies, ...(containerModules ? { containerModules } : {}), services, rootService, files, parsed: new ParsedFiles(), folders: () => tree.folders() };
}

/** A folder to analyse or read: there, a folder, and one we may list. `flag` prefixes the message. */
function checkFolder(folder: string, shown: string, flag: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
    if (stat.isDirectory()) fs.accessSync(folder, fs.constants.R_OK | fs.constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `${flag}no such directory: ${shown}` : `${flag}cannot read directory ${shown}: ${code ?? String(error)}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${flag}not a directory: ${shown}`);
}

/**
 * The source files under the root, sorted: regular files inside the readable folder (a link out of it or to
 * a device is a note), without those too large to be written by hand.
 */
function sourceFiles(projectFiles: ProjectFiles, listed: readonly string[]): string[] {
  return listed.filter((file) => {
    const located = projectFiles.locate(file);
    if (!located.ok) {
      if (located.refusal !== 'missing') projectFiles.note(file, `skipped: ${located.reason}`);
      return false;
    }
    if (located.size <= MAX_PROJECT_FILE_BYTES) return true;
    projectFiles.note(file, `skipped: ${Math.round(located.size / 1024)} KiB is larger than 1 MiB (generated or bundled code?)`);
    return false;
  });
}
