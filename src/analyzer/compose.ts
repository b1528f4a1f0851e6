import path from 'node:path';
import { globSync } from 'tinyglobby';
import { parseYaml } from './bounded-yaml.js';
import { interpolate, readEnvFile } from './dotenv.js';
import type { ProjectFiles } from './files.js';
import { ALWAYS_IGNORED } from './tree.js';

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
  /** The image it runs when it is not built here (`nginx:1.27`), or the name given to the built image. */
  readonly image?: string;
  /** The build stage compose builds (`build.target`). */
  readonly target?: string;
  /** `command`: the exec form as a list, the shell form as a string (Docker runs it with `/bin/sh -c`). */
  readonly command?: readonly string[] | string;
  /** `entrypoint`, likewise. */
  readonly entrypoint?: readonly string[] | string;
  /** `working_dir`: where relative paths of the command are resolved in the container. */
  readonly workingDir?: string;
  /** Host ports it publishes (`ports: ["4001:3000"]` publishes 4001). */
  readonly publishedPorts: readonly number[];
  /** Bind mounts of this repository's files: absolute `source` on disk, absolute `target` in the container. */
  readonly mounts: readonly ComposeMount[];
}

export interface ComposeMount {
  readonly source: string;
  readonly target: string;
}

interface RawService {
  build?: string | { context?: string; dockerfile?: string; target?: string } | null;
  image?: string;
  command?: unknown;
  entrypoint?: unknown;
  working_dir?: string;
  ports?: unknown;
  volumes?: unknown;
  environment?: Record<string, unknown> | string[];
  env_file?: string | (string | { path: string })[];
  hostname?: string;
  container_name?: string;
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
}

/** Compose files anywhere in the repository (`docker/docker-compose.yml`, `deploy/compose.prod.yaml`). */
const NESTED_COMPOSE_GLOBS = ['**/{docker-,}compose*.{yml,yaml}'];

/**
 * Reads the compose files of the analyzed folder: those in sub-folders first (`docker/docker-compose.yml`,
 * `docker-composition/docker-compose-services.yml`), then the ones at the top and their override files, so a
 * service the top-level file defines wins. A service defined in several files is merged as compose merges
 * override files. Every file, and the env files they name, is read through `files` (confined to the folder,
 * 1 MiB each).
 */
export function readComposeProject(files: ProjectFiles, ignore: readonly string[] = []): ComposeService[] {
  const root = files.root;
  const services = new Map<string, ComposeService>();
  const topLevel = [...COMPOSE_FILE_NAMES, ...OVERRIDE_FILE_NAMES].map((fileName) => path.join(root, fileName));
  const nested = globSync(NESTED_COMPOSE_GLOBS, { cwd: root, ignore: [...ALWAYS_IGNORED, ...ignore], absolute: true, followSymbolicLinks: false, deep: 4 })
    .map((file) => path.normalize(file))
    .filter((file) => path.dirname(file) !== root)
    .sort();
  for (const file of [...nested, ...topLevel]) {
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
    publishedPorts: [...new Set([...base.publishedPorts, ...override.publishedPorts])],
    mounts: [...override.mounts, ...base.mounts],
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
    const build = typeof raw.build === 'string' ? { context: raw.build } : (raw.build ?? undefined);
    // `build:` with no context builds the folder of the compose file.
    const context = build !== undefined ? interpolate(typeof build.context === 'string' ? build.context : '.', lookup) : undefined;
    // A context that is not in the repository (a folder removed since, a URL) builds nothing we can read.
    const resolvedContext = context !== undefined ? path.resolve(directory, context) : undefined;
    const buildContext = resolvedContext !== undefined && files.isDirectory(resolvedContext) ? resolvedContext : undefined;
    const dockerfile = typeof build?.dockerfile === 'string' && buildContext ? path.resolve(buildContext, build.dockerfile) : undefined;
    const hosts = [name, raw.hostname, raw.container_name, ...aliasesOf(raw.networks)].filter(
      (host): host is string => typeof host === 'string' && host !== '',
    );
    const command = commandOf(raw.command);
    const entrypoint = commandOf(raw.entrypoint);
    services.push({
      name,
      file,
      ...(buildContext ? { buildContext } : {}),
      ...(dockerfile ? { dockerfile } : {}),
      environment,
      hosts: [...new Set(hosts.map((host) => host.toLowerCase()))],
      ...(typeof raw.image === 'string' ? { image: raw.image } : {}),
      ...(typeof build?.target === 'string' ? { target: build.target } : {}),
      ...(command !== undefined ? { command } : {}),
      ...(entrypoint !== undefined ? { entrypoint } : {}),
      ...(typeof raw.working_dir === 'string' ? { workingDir: raw.working_dir } : {}),
      publishedPorts: publishedPortsOf(raw.ports, lookup),
      mounts: bindMountsOf(raw.volumes, directory, lookup),
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

/** A command as written: a list of strings (exec form) or a string (shell form); anything else is ignored. */
function commandOf(value: unknown): readonly string[] | string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' || typeof entry === 'number')) return value.map(String);
  return undefined;
}

/** A port or port range as compose writes it (`4001`, `"5000-5002"`); every port of a range. */
function portsOf(text: string): number[] {
  const range = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (range === null) return [];
  const first = Number(range[1]);
  const last = range[2] === undefined ? first : Number(range[2]);
  // A range of more than a hundred ports is not a list of services' ports.
  if (last < first || last - first > 100 || last > 65535) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * The host ports a service publishes: the short syntax `[HOST_IP:]HOST:CONTAINER[/PROTOCOL]` (a lone
 * container port is published on a random host port: nothing fixed), and the long syntax's `published`.
 */
function publishedPortsOf(ports: unknown, lookup: (name: string) => string | undefined): number[] {
  if (!Array.isArray(ports)) return [];
  const published = new Set<number>();
  for (const entry of ports) {
    if (typeof entry === 'string') {
      const text = interpolate(entry, lookup) ?? '';
      // `[::1]:6001:6001` and `127.0.0.1:4002:3000/tcp`: the host port is the part before the container's.
      const parts = text.replace(/\/[a-z]+$/i, '').replace(/^\[[^\]]*\]:/, '').split(':');
      if (parts.length >= 2) for (const port of portsOf(parts.at(-2)!)) published.add(port);
    } else if (entry !== null && typeof entry === 'object') {
      const value = (entry as { published?: unknown }).published;
      const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? interpolate(value, lookup) : undefined;
      if (text !== undefined) for (const port of portsOf(text)) published.add(port);
    }
  }
  return [...published].sort((a, b) => a - b);
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
