import path from 'node:path';
import { parseYaml } from './bounded-yaml.js';
import { interpolate, readEnvFile } from './dotenv.js';
import type { ProjectFiles } from './files.js';

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
}

interface RawService {
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, unknown> | string[];
  env_file?: string | (string | { path: string })[];
  hostname?: string;
  container_name?: string;
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
}

/**
 * Reads the compose files at the top of the analyzed folder (and their override files), and the env files
 * they name, through `files` (confined to the folder, 1 MiB each).
 */
export function readComposeProject(files: ProjectFiles): ComposeService[] {
  const services = new Map<string, ComposeService>();
  for (const fileName of [...COMPOSE_FILE_NAMES, ...OVERRIDE_FILE_NAMES]) {
    const file = path.join(files.root, fileName);
    for (const service of readComposeFile(file, files)) {
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
  };
}

function readComposeFile(file: string, files: ProjectFiles): ComposeService[] {
  const directory = path.dirname(file);
  const text = files.readText(file);
  if (text === undefined) return [];
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    files.note(file, `not valid YAML: ${parsed.error}`);
    return [];
  }
  const rawServices = (parsed.value as { services?: unknown } | null)?.services;
  if (rawServices === undefined || rawServices === null) return [];
  if (typeof rawServices !== 'object' || Array.isArray(rawServices)) {
    files.note(file, '`services` is not a mapping');
    return [];
  }
  // Compose interpolates `${VAR}` from the `.env` beside the compose file.
  const projectEnv = readEnvFile(files, path.join(directory, '.env'));
  const lookup = (name: string) => projectEnv.get(name);
  const services: ComposeService[] = [];
  for (const [name, value] of Object.entries(rawServices as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') continue;
    const raw = value as RawService;
    const environment = new Map<string, string>();
    for (const envFile of envFilesOf(raw.env_file)) {
      for (const [key, entry] of readEnvFile(files, path.resolve(directory, envFile), { from: file, as: `env_file ${envFile}` })) {
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
    const context = typeof build?.context === 'string' ? interpolate(build.context, lookup) : undefined;
    const buildContext = context !== undefined ? path.resolve(directory, context) : undefined;
    const dockerfile = typeof build?.dockerfile === 'string' && buildContext ? path.resolve(buildContext, build.dockerfile) : undefined;
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
    });
  }
  return services;
}

function envFilesOf(envFile: RawService['env_file']): string[] {
  if (envFile === undefined) return [];
  const list = Array.isArray(envFile) ? envFile : [envFile];
  // YAML gives whatever is written (`- ~`, `- 3`): only strings and `{ path }` name files.
  return list.map((entry: unknown) => (typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path)).filter((entry) => typeof entry === 'string');
}

function environmentEntries(environment: RawService['environment']): [string, string | undefined][] {
  if (environment === undefined) return [];
  if (Array.isArray(environment)) {
    return environment.filter((text: unknown) => typeof text === 'string').map((text) => {
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

