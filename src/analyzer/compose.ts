import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../core/model/result.js';
import { interpolate, readEnvFile } from './dotenv.js';

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_FILE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/** One service of a compose file, with paths made absolute. */
export interface ComposeService {
  readonly name: string;
  readonly file: string;
  /** Absolute build context, when the service is built from this repository. */
  readonly buildContext?: string;
  /** Absolute Dockerfile path, when given. */
  readonly dockerfile?: string;
  /** Environment as the container sees it: `env_file` entries, then `environment`, interpolated. */
  readonly environment: ReadonlyMap<string, string>;
  /** Names other containers reach it by: the service name, `hostname`, `container_name`, network aliases. */
  readonly hosts: readonly string[];
  /** Bind mounts of this repository's files: absolute `source` on disk, absolute `target` in the container. */
  readonly mounts: readonly ComposeMount[];
}

export interface ComposeMount {
  readonly source: string;
  readonly target: string;
}

interface RawService {
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, unknown> | string[];
  env_file?: string | (string | { path: string })[];
  hostname?: string;
  container_name?: string;
  volumes?: unknown;
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
}

/** Reads the compose files at the top of the analyzed folder (and their override files). */
export function readComposeProject(root: string, relative: (file: string) => string, diagnostics: Diagnostic[]): ComposeService[] {
  const services = new Map<string, ComposeService>();
  for (const fileName of [...COMPOSE_FILE_NAMES, ...OVERRIDE_FILE_NAMES]) {
    const file = path.join(root, fileName);
    if (!fs.existsSync(file)) continue;
    for (const service of readComposeFile(file, relative, diagnostics)) {
      const earlier = services.get(service.name);
      // An override file adds to the service it names.
      services.set(service.name, earlier ? mergeServices(earlier, service) : service);
    }
  }
  return [...services.values()];
}

function mergeServices(base: ComposeService, override: ComposeService): ComposeService {
  return {
    ...base,
    ...override,
    buildContext: override.buildContext ?? base.buildContext,
    dockerfile: override.dockerfile ?? base.dockerfile,
    environment: new Map([...base.environment, ...override.environment]),
    hosts: [...new Set([...base.hosts, ...override.hosts])],
    mounts: [...override.mounts, ...base.mounts],
  };
}

function readComposeFile(file: string, relative: (file: string) => string, diagnostics: Diagnostic[]): ComposeService[] {
  const directory = path.dirname(file);
  let document: unknown;
  try {
    document = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    diagnostics.push({ file: relative(file), message: `not valid YAML: ${firstLine(error)}` });
    return [];
  }
  const rawServices = (document as { services?: unknown } | null)?.services;
  if (rawServices === undefined || rawServices === null) return [];
  if (typeof rawServices !== 'object' || Array.isArray(rawServices)) {
    diagnostics.push({ file: relative(file), message: '`services` is not a mapping' });
    return [];
  }
  // Compose interpolates `${VAR}` from the `.env` beside the compose file.
  const projectEnv = readEnvFile(path.join(directory, '.env'));
  const lookup = (name: string) => projectEnv.get(name);
  const services: ComposeService[] = [];
  for (const [name, value] of Object.entries(rawServices as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') continue;
    const raw = value as RawService;
    const environment = new Map<string, string>();
    for (const envFile of envFilesOf(raw.env_file)) {
      for (const [key, entry] of readEnvFile(path.resolve(directory, envFile))) {
        const interpolated = interpolate(entry, lookup);
        if (interpolated !== undefined) environment.set(key, interpolated);
      }
    }
    for (const [key, entry] of environmentEntries(raw.environment)) {
      if (entry === undefined) continue;
      const interpolated = interpolate(entry, lookup);
      if (interpolated !== undefined) environment.set(key, interpolated);
      else environment.delete(key);
    }
    const build = typeof raw.build === 'string' ? { context: raw.build } : raw.build;
    const context = build?.context !== undefined ? interpolate(build.context, lookup) : undefined;
    const buildContext = context !== undefined ? path.resolve(directory, context) : undefined;
    const dockerfile = build?.dockerfile !== undefined && buildContext ? path.resolve(buildContext, build.dockerfile) : undefined;
    const hosts = [name, raw.hostname, raw.container_name, ...aliasesOf(raw.networks)].filter(
      (host): host is string => typeof host === 'string' && host !== '',
    );
    services.push({
      name,
      file,
      ...(buildContext ? { buildContext } : {}),
      ...(dockerfile ? { dockerfile } : {}),
      environment,
      hosts: [...new Set(hosts.map((host) => host.toLowerCase()))],
      mounts: bindMountsOf(raw.volumes, directory, lookup),
    });
  }
  return services;
}

function envFilesOf(envFile: RawService['env_file']): string[] {
  if (envFile === undefined) return [];
  const list = Array.isArray(envFile) ? envFile : [envFile];
  return list.map((entry) => (typeof entry === 'string' ? entry : entry.path)).filter((entry) => typeof entry === 'string');
}

function environmentEntries(environment: RawService['environment']): [string, string | undefined][] {
  if (environment === undefined) return [];
  if (Array.isArray(environment)) {
    return environment.map((text) => {
      const at = text.indexOf('=');
      // `- KEY` alone passes the host's value through: unknown here.
      return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
    });
  }
  // YAML gives numbers and booleans for `PORT: 8080`; the container sees their text.
  return Object.entries(environment).map(([key, value]) => [key, typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined]);
}

function aliasesOf(networks: RawService['networks']): string[] {
  if (networks === undefined || Array.isArray(networks)) return [];
  return Object.values(networks).flatMap((network) => network?.aliases ?? []);
}

/**
 * Bind mounts of files of this repository: `./shared:/app/shared[:ro]` and the long syntax with `type: bind`.
 * Named volumes (`pgdata:/var/lib/postgresql/data`) hold no code of the repository.
 */
function bindMountsOf(volumes: unknown, directory: string, lookup: (name: string) => string | undefined): ComposeMount[] {
  if (!Array.isArray(volumes)) return [];
  const mounts: ComposeMount[] = [];
  for (const entry of volumes) {
    let source: string | undefined;
    let target: string | undefined;
    if (typeof entry === 'string') {
      const parts = (interpolate(entry, lookup) ?? '').split(':');
      if (parts.length < 2) continue;
      [source, target] = parts;
    } else if (entry !== null && typeof entry === 'object') {
      const long = entry as { type?: unknown; source?: unknown; target?: unknown };
      if (long.type !== 'bind' || typeof long.source !== 'string' || typeof long.target !== 'string') continue;
      source = interpolate(long.source, lookup);
      target = long.target;
    }
    if (source === undefined || target === undefined || !/^(\.{1,2}(\/|$)|\/)/.test(source) || !target.startsWith('/')) continue;
    mounts.push({ source: path.resolve(directory, source), target: path.posix.normalize(target) });
  }
  return mounts;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
