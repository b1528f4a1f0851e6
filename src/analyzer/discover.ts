import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { Diagnostic } from '../core/model/result.js';
import { readComposeProject } from './compose.js';
import { type ContainerModuleLocations, containerModuleLocations } from './container-paths.js';
import { loadConfig, type RuleSetting, type ServiceMapConfig } from './config.js';
import { readEnvFile } from './dotenv.js';
import { UsageError } from './errors.js';
import { type KubernetesManifests, readKubernetesManifests } from './kubernetes.js';
import { defineServices, type ServiceDefinition } from './services.js';
import { ALWAYS_IGNORED, readWorkspace, type WorkspaceLayout } from './workspace.js';

/*
 * The first stage of an analysis, and the only one that looks around the folder: the config, the
 * workspace's packages, compose and Kubernetes files, the services they define, and the source files to
 * scan. Everything after works on what this stage found.
 */

export interface AnalyzeOptions {
  /** The folder to analyse. */
  readonly root: string;
  /** A config file other than `<root>/service-map.config.json`. */
  readonly configFile?: string;
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
  readonly layout: WorkspaceLayout;
  readonly kubernetes: KubernetesManifests;
  /** Where relative modules land inside the containers compose runs (`volumes` mounting shared code). */
  readonly containerModules?: ContainerModuleLocations;
  readonly services: readonly ServiceDefinition[];
  /** The repository itself, for files outside every service. */
  readonly rootService: ServiceDefinition;
  /** Absolute paths of the source files to scan, sorted. */
  readonly files: readonly string[];
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
const NOT_SOURCE = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.js'];

/** Larger files are generated or bundled code; reading them costs much and says nothing about services. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Reads the config and the folder's layout, defines the services, and lists the source files to scan. */
export async function discoverProject(options: AnalyzeOptions): Promise<DiscoveredProject> {
  const root = path.resolve(options.root);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`no such directory: ${options.root}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`not a directory: ${options.root}`);

  const { config, rules } = await loadConfig(root, options.configFile);
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const diagnostics: Diagnostic[] = [];
  const ignore = [...ALWAYS_IGNORED, ...NOT_SOURCE, ...(config.includeTests ? [] : NOT_PRODUCTION), ...(config.ignore ?? [])];

  const layout = readWorkspace(root, config.ignore ?? [], relative, diagnostics);
  const kubernetes = readKubernetesManifests(root, config.ignore ?? []);
  const compose = readComposeProject(root, relative, diagnostics);
  const containerModules = containerModuleLocations(root, compose);
  const services = defineServices(root, {
    layout,
    compose,
    kubernetes,
    configured: (config.services ?? []).map((service) => ({ ...service, root: path.resolve(root, service.root) })),
    readEnvFile,
    note: (folder, message) => diagnostics.push({ file: folder, message }),
  });
  const rootService: ServiceDefinition = {
    name: layout.rootName ? layout.rootName.replace(/^@[^/]+\//, '') : path.basename(root),
    root,
    source: 'root',
    hosts: [],
    environment: new Map(),
  };
  const files = sourceFiles(root, ignore, relative, diagnostics);
  return { root, config, rules, relative, diagnostics, layout, kubernetes, ...(containerModules ? { containerModules } : {}), services, rootService, files };
}

/** The source files under `root`, sorted, without those too large to be written by hand. */
function sourceFiles(root: string, ignore: readonly string[], relative: (file: string) => string, diagnostics: Diagnostic[]): string[] {
  const files = globSync([SOURCE_GLOB], { cwd: root, ignore: [...ignore], absolute: true, followSymbolicLinks: false, dot: false })
    .map((file) => path.normalize(file))
    .sort();
  return files.filter((file) => {
    const size = fs.statSync(file).size;
    if (size <= MAX_FILE_BYTES) return true;
    diagnostics.push({ file: relative(file), message: `skipped: ${Math.round(size / 1024)} KiB is larger than 1 MiB (generated or bundled code?)` });
    return false;
  });
}
