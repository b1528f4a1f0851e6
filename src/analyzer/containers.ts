import path from 'node:path';
import type { ComposeService } from './compose.js';
import { contextPathOf, type DockerCommand, type DockerStage, finalStage, parseDockerfile } from './dockerfile.js';
import { type EntryPoint, type EntryReader, entryPointOf } from './entry-points.js';
import type { ProjectFiles } from './files.js';

/*
 * What each compose service built from this repository runs, and which files of the repository its
 * container holds where: the bind mounts of compose first (they hide what the image has there), then the
 * Dockerfile's copies. Only files inside the analysed folder are read.
 */

/** A compose service as its container sees the repository. */
export interface Container {
  readonly service: ComposeService;
  /** What its command starts (compose `entrypoint`/`command` over the Dockerfile's `ENTRYPOINT`/`CMD`). */
  readonly entry?: EntryPoint;
  /** The repository path (absolute) a path of the container comes from, when a mount or a copy puts it there. */
  readonly toRepository: (containerPath: string) => string | undefined;
  /** Folders of the repository the Dockerfile copies from the build context, and the folders mounted. */
  readonly copiedFolders: readonly string[];
  /** Files of the repository that configure nginx in this container (copied or mounted under `/etc/nginx`, or `*.conf`). */
  readonly nginxConfigs: readonly string[];
  /** True when the container runs nginx (its image or the Dockerfile's last base image). */
  readonly runsNginx: boolean;
}

const MAX_TEXT_BYTES = 256 * 1024;

/** Reads files for the entry reader through the confined project files (files.ts): never outside the folder. */
export function repositoryReader(files: ProjectFiles, packages: EntryReader['packages']): EntryReader {
  return {
    packages,
    isFile: (file) => files.isFile(file),
    isDirectory: (file) => files.isDirectory(file),
    // Dockerfiles, entrypoint scripts and nginx configs are probed by name: a refusal is said by the note of the
    // reader that needs the file, not for every guess.
    readText: (file) => files.readText(file, { maxBytes: MAX_TEXT_BYTES, quiet: true }),
  };
}

function argvOf(command: readonly string[] | string | DockerCommand | undefined): string[] {
  if (command === undefined) return [];
  if (typeof command === 'string') return ['sh', '-c', command];
  if ('exec' in command) return [...command.exec];
  if ('shell' in command) return ['sh', '-c', command.shell];
  return [...command];
}

/** The containers of the compose services built from the repository. */
export function readContainers(root: string, compose: readonly ComposeService[], reader: EntryReader): Container[] {
  return compose.map((service) => containerOf(root, service, reader));
}

function containerOf(root: string, service: ComposeService, reader: EntryReader): Container {
  const context = service.buildContext;
  const dockerfile = context === undefined ? undefined : (service.dockerfile ?? path.join(context, 'Dockerfile'));
  const text = dockerfile === undefined ? undefined : reader.readText(dockerfile);
  const stages: DockerStage[] = text === undefined ? [] : parseDockerfile(text);
  const final = finalStage(stages, service.target);
  const insideRoot = (file: string) => {
    const relative = path.relative(root, file);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative)) ? file : undefined;
  };
  const mounts = [...service.mounts].sort((a, b) => b.target.length - a.target.length);
  const toRepository = (containerPath: string): string | undefined => {
    const normalized = path.posix.resolve('/', containerPath);
    for (const mount of mounts) {
      const rest = path.posix.relative(mount.target, normalized);
      if (rest.startsWith('..') || path.posix.isAbsolute(rest)) continue;
      return insideRoot(path.join(mount.source, ...rest.split('/').filter(Boolean)));
    }
    if (context === undefined || final === undefined) return undefined;
    const inContext = contextPathOf(stages, final, normalized);
    return inContext === undefined ? undefined : insideRoot(path.join(context, ...inContext.split('/').filter((part) => part !== '.' && part !== '')));
  };
  const entrypoint = service.entrypoint ?? final?.entrypoint;
  const command = service.command ?? (service.entrypoint !== undefined ? undefined : final?.cmd);
  const argv = [...argvOf(entrypoint), ...argvOf(command)];
  const workdir = service.workingDir ?? final?.workdir ?? '/';
  const entry =
    context !== undefined && argv.length > 0
      ? entryPointOf(argv, workdir, { reader, root, toRepository: (containerPath) => toRepository(containerPath) }, context)
      : undefined;
  const copiedFolders = [
    ...stages.flatMap((stage) => stage.copies.filter((copy) => copy.from === undefined).flatMap((copy) => copy.sources)),
  ]
    .flatMap((source) => (context === undefined ? [] : [insideRoot(path.resolve(context, source))]))
    .filter((folder): folder is string => folder !== undefined && reader.isDirectory(folder));
  const nginxConfigs = [
    ...service.mounts.filter((mount) => isNginxConfigPlace(mount.target, mount.source)).map((mount) => mount.source),
    ...(final?.copies ?? [])
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources.filter((source) => isNginxConfigPlace(copy.destination, source)).map((source) => (context === undefined ? undefined : insideRoot(path.resolve(context, source))))),
  ].filter((file): file is string => file !== undefined && reader.isFile(file));
  const runsNginx = /^(nginx|openresty|.*\/nginx|bitnami\/nginx)(:|@|$)/i.test(service.buildContext === undefined ? (service.image ?? '') : (final?.base ?? ''));
  return {
    service,
    ...(entry !== undefined ? { entry } : {}),
    toRepository,
    copiedFolders: [...new Set([...copiedFolders, ...service.mounts.map((mount) => mount.source).filter((source) => reader.isDirectory(source))])],
    nginxConfigs: [...new Set(nginxConfigs)],
    runsNginx,
  };
}

/** nginx reads its configuration under `/etc/nginx` (and templates under `/etc/nginx/templates`). */
function isNginxConfigPlace(destination: string, source: string): boolean {
  return destination.startsWith('/etc/nginx') || (/\.conf(\.template)?$/.test(source) && /nginx/i.test(`${destination} ${source}`));
}
