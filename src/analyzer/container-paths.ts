import path from 'node:path';
import type { ComposeService } from './compose.js';
import type { ProjectFiles } from './files.js';
import { isInside } from './services.js';

/*
 * Where a relative `require` lands inside the container that runs a file. docker-compose mounts shared code
 * into containers (`./shared:/usr/src/app/shared`), so `require('./shared/kafka')` in payments/server.js
 * names no file on disk next to it but does in the container, where the build context sits at the
 * Dockerfile's WORKDIR. Only what compose and the Dockerfile say is used, and only files of the analysed
 * folder are named.
 */

/** One container's view of the repository: which folders of the repository are where in it. */
interface ContainerLayout {
  /** Longest container path first, so the innermost mount wins, as it does at run time. */
  readonly places: readonly { readonly source: string; readonly target: string }[];
}

/** Gives, for a relative module a file requires, the paths in the repository it names inside containers. */
export type ContainerModuleLocations = (containingFile: string, moduleName: string) => readonly string[];

/** The container layouts of the compose services built from the repository, as a module locator. */
export function containerModuleLocations(files: ProjectFiles, compose: readonly ComposeService[]): ContainerModuleLocations | undefined {
  const root = files.root;
  const layouts = compose.flatMap((service) => layoutOf(files, service) ?? []);
  if (layouts.length === 0) return undefined;
  return (containingFile, moduleName) => {
    const found = new Set<string>();
    for (const layout of layouts) {
      const from = containerPathOf(layout, containingFile);
      if (from === undefined) continue;
      const target = repositoryPathOf(layout, path.posix.join(path.posix.dirname(from), moduleName));
      if (target !== undefined && isInside(root, target)) found.add(target);
    }
    return [...found].sort();
  };
}

function layoutOf(files: ProjectFiles, service: ComposeService): ContainerLayout | undefined {
  const root = files.root;
  const places = service.mounts.filter((mount) => isInside(root, mount.source)).map((mount) => ({ source: mount.source, target: mount.target }));
  const context = service.buildContext;
  if (context !== undefined && isInside(root, context)) {
    // A relative `require` is resolved from the file's own folder, wherever the process runs: what matters
    // is where the Dockerfile copies the build context, not the working directory.
    const copiedTo = copiedContextPlace(files.readText(service.dockerfile ?? path.join(context, 'Dockerfile'), { maxBytes: MAX_DOCKERFILE_BYTES, quiet: true }));
    if (copiedTo !== undefined) places.push({ source: context, target: copiedTo });
  }
  if (places.length === 0) return undefined;
  return { places: places.sort((a, b) => b.target.length - a.target.length || a.source.localeCompare(b.source)) };
}

/** Where in the container a file of the repository is, by the place that holds it (the deepest source). */
function containerPathOf(layout: ContainerLayout, file: string): string | undefined {
  const holders = layout.places.filter((place) => isInside(place.source, file)).sort((a, b) => b.source.length - a.source.length);
  const holder = holders[0];
  if (holder === undefined) return undefined;
  const rest = path.relative(holder.source, file).split(path.sep).filter(Boolean);
  return path.posix.join(holder.target, ...rest);
}

/** The repository path a container path comes from, by the innermost place that covers it. */
function repositoryPathOf(layout: ContainerLayout, containerPath: string): string | undefined {
  const normalized = path.posix.normalize(containerPath);
  for (const place of layout.places) {
    const rest = path.posix.relative(place.target, normalized);
    if (rest.startsWith('..') || path.posix.isAbsolute(rest)) continue;
    return path.join(place.source, ...rest.split('/').filter(Boolean));
  }
  return undefined;
}

const MAX_DOCKERFILE_BYTES = 256 * 1024;


/**
 * The working directory of a Dockerfile's last stage, when that stage copies the whole build context there
 * (`WORKDIR /usr/src/app` then `COPY . .`): the place of the context in the image. `undefined` when the
 * Dockerfile does not say so plainly (variables, copies of parts only, another stage's files).
 */
export function copiedContextPlace(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let workdir = '/';
  let copied: string | undefined;
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of lines) {
    const [instruction = '', ...words] = line.trim().split(/\s+/);
    switch (instruction.toUpperCase()) {
      case 'FROM':
        workdir = '/';
        copied = undefined;
        break;
      case 'WORKDIR': {
        const folder = words.join(' ');
        workdir = folder.includes('$') || folder === '' ? '' : path.posix.resolve(workdir || '/', folder);
        break;
      }
      case 'COPY':
      case 'ADD': {
        // `COPY . .`, `COPY ./ /usr/src/app/`: the whole context, to one place (not from another stage).
        if (words.some((word) => word.startsWith('--from'))) break;
        const paths = words.filter((word) => !word.startsWith('--'));
        const destination = paths.at(-1);
        if (paths.length === 2 && (paths[0] === '.' || paths[0] === './') && destination !== undefined && workdir !== '' && !destination.includes('$')) {
          copied = path.posix.resolve(workdir, destination);
        }
        break;
      }
      default:
        break;
    }
  }
  return copied;
}
