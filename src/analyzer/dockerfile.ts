import path from 'node:path';

/*
 * A small reader of Dockerfiles: enough to know what a container runs (`CMD`, `ENTRYPOINT`), where
 * (`WORKDIR`) and which files of the build context end up where (`COPY`, `ADD`), stage by stage. It never
 * runs anything and reads a bounded amount of text; instructions it does not need are passed over.
 */

/** A command as Docker holds it: the exec form (a JSON list) or the shell form (run by `/bin/sh -c`). */
export type DockerCommand = { readonly exec: readonly string[] } | { readonly shell: string };

/** `COPY src... dest` (or `ADD`): paths in the build context (or in an earlier stage, `--from`) copied to `dest`. */
export interface DockerCopy {
  readonly sources: readonly string[];
  /** Absolute in the image, resolved against the stage's `WORKDIR` at that point. */
  readonly destination: string;
  /** The stage (name or index) the sources come from; absent for the build context. */
  readonly from?: string;
}

export interface DockerStage {
  readonly name?: string;
  /** The image or earlier stage it starts from. */
  readonly base: string;
  /** The working directory at the end of the stage (absolute; `/` when never set). */
  readonly workdir: string;
  readonly copies: readonly DockerCopy[];
  readonly cmd?: DockerCommand;
  readonly entrypoint?: DockerCommand;
}

/** Larger files are not hand-written Dockerfiles. */
const MAX_CHARS = 256 * 1024;
const MAX_INSTRUCTIONS = 5000;

/** Joins continuation lines and drops comments and parser directives; one string per instruction. */
function instructions(text: string): string[] {
  const lines = text.slice(0, MAX_CHARS).split(/\r?\n/);
  const found: string[] = [];
  let current = '';
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) continue;
    if (trimmed.endsWith('\\')) {
      current += `${trimmed.slice(0, -1)} `;
      continue;
    }
    current += trimmed;
    if (current.trim() !== '') found.push(current.trim());
    current = '';
    if (found.length >= MAX_INSTRUCTIONS) break;
  }
  if (current.trim() !== '') found.push(current.trim());
  return found;
}

/** `["node", "main.js"]` is the exec form; anything else the shell form. */
function commandOf(argument: string): DockerCommand | undefined {
  if (argument.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(argument);
      if (Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string')) return { exec: parsed };
    } catch {
      // Not valid JSON: Docker then runs the text with a shell too.
    }
  }
  return argument === '' ? undefined : { shell: argument };
}

/** `${NAME}`, `$NAME` and `${NAME:-default}` from the stage's `ARG` and `ENV` values; unknown names stay as written. */
function substitute(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, fallback?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    return variables.get(name) ?? fallback ?? whole;
  });
}

/** The words of `COPY`/`ADD` arguments, without flags, in exec or shell form. */
function copyWords(argument: string): { words: string[]; from?: string } {
  let rest = argument;
  let from: string | undefined;
  for (;;) {
    const flag = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest);
    if (flag === null) break;
    if (flag[1] === 'from' && flag[2] !== undefined) from = flag[2];
    rest = rest.slice(flag[0].length);
  }
  const exec = commandOf(rest);
  const words = exec && 'exec' in exec ? [...exec.exec] : rest.split(/\s+/).filter((word) => word !== '');
  return from === undefined ? { words } : { words, from };
}

/** `KEY=value KEY2="x y"` or the old `KEY value` form. */
function assignments(argument: string): [string, string][] {
  const pairs = [...argument.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)].map(([, key, value]) => [key!, value!.replace(/^(["'])(.*)\1$/, '$2')] as [string, string]);
  if (pairs.length > 0) return pairs;
  const old = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/.exec(argument);
  return old ? [[old[1]!, old[2]!.trim()]] : [];
}

/** Reads the stages of a Dockerfile's text. */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: { name?: string; base: string; workdir: string; copies: DockerCopy[]; cmd?: DockerCommand; entrypoint?: DockerCommand; variables: Map<string, string> }[] = [];
  const globalArgs = new Map<string, string>();
  for (const instruction of instructions(text)) {
    const match = /^([A-Za-z]+)\s*(.*)$/.exec(instruction);
    if (match === null) continue;
    const keyword = match[1]!.toUpperCase();
    const argument = match[2]!.trim();
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(argument);
      if (from === null) continue;
      const base = substitute(from[1]!, globalArgs);
      // A stage built on an earlier one keeps its working directory, command and copies.
      const parent = stages.find((stage) => stage.name?.toLowerCase() === base.toLowerCase());
      stages.push({
        ...(from[2] ? { name: from[2] } : {}),
        base,
        workdir: parent?.workdir ?? '/',
        copies: [...(parent?.copies ?? [])],
        ...(parent?.cmd ? { cmd: parent.cmd } : {}),
        ...(parent?.entrypoint ? { entrypoint: parent.entrypoint } : {}),
        variables: new Map([...globalArgs, ...(parent?.variables ?? [])]),
      });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) {
      if (keyword === 'ARG') for (const [key, value] of assignments(argument)) globalArgs.set(key, value);
      continue;
    }
    switch (keyword) {
      case 'ARG':
      case 'ENV':
        for (const [key, value] of assignments(argument)) stage.variables.set(key, substitute(value, stage.variables));
        break;
      case 'WORKDIR':
        stage.workdir = path.posix.resolve(stage.workdir, substitute(argument.replace(/^(["'])(.*)\1$/, '$2'), stage.variables));
        break;
      case 'COPY':
      case 'ADD': {
        const { words, from } = copyWords(argument);
        if (words.length < 2) break;
        const destination = substitute(words.at(-1)!, stage.variables);
        stage.copies.push({
          sources: words.slice(0, -1).map((source) => substitute(source, stage.variables)),
          // A destination ending in `/`, `.` (the working directory), or one taking several sources, is a folder.
          destination: path.posix.resolve(stage.workdir, destination) + (destination.endsWith('/') || destination === '.' || words.length > 2 ? '/' : ''),
          ...(from !== undefined ? { from } : {}),
        });
        break;
      }
      case 'CMD': {
        const command = commandOf(argument);
        if (command) stage.cmd = command;
        else delete stage.cmd;
        break;
      }
      case 'ENTRYPOINT': {
        const command = commandOf(argument);
        // A new ENTRYPOINT clears the CMD inherited from the base image (Docker's rule).
        delete stage.cmd;
        if (command) stage.entrypoint = command;
        else delete stage.entrypoint;
        break;
      }
      default:
        break;
    }
  }
  return stages.map(({ name, base, workdir, copies, cmd, entrypoint }) => ({ ...(name !== undefined ? { name } : {}), base, workdir, copies, ...(cmd ? { cmd } : {}), ...(entrypoint ? { entrypoint } : {}) }));
}

/** The stage a build produces: the one named by compose's `target`, else the last. */
export function finalStage(stages: readonly DockerStage[], target?: string): DockerStage | undefined {
  if (target !== undefined) {
    const named = stages.find((stage) => stage.name?.toLowerCase() === target.toLowerCase());
    if (named) return named;
  }
  return stages.at(-1);
}

/**
 * Where a path of the image comes from: a path relative to the build context (`services/orders/index.js`),
 * following `COPY --from` into earlier stages. The latest copy that covers the path wins, as in the image.
 * `undefined` when no copy puts anything there.
 */
export function contextPathOf(stages: readonly DockerStage[], stage: DockerStage, imagePath: string, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  for (const copy of [...stage.copies].reverse()) {
    for (const source of [...copy.sources].reverse()) {
      const inside = copiedPath(copy, source, imagePath);
      if (inside === undefined) continue;
      if (copy.from === undefined) return inside;
      const fromStage = /^\d+$/.test(copy.from) ? stages[Number(copy.from)] : stages.find((candidate) => candidate.name?.toLowerCase() === copy.from?.toLowerCase());
      // `--from=node:20` copies out of another image: not from this repository.
      if (fromStage === undefined) return undefined;
      return contextPathOf(stages, fromStage, path.posix.resolve('/', inside), depth + 1);
    }
  }
  return undefined;
}

/**
 * The source path (relative to the context, or absolute in the `--from` stage) a copy puts at `imagePath`,
 * when it does. A folder's contents land in the destination; a file (a name with an extension, or a
 * wildcard) lands at the destination, or inside it when the destination is a folder.
 */
function copiedPath(copy: DockerCopy, source: string, imagePath: string): string | undefined {
  const cleanSource = source.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
  const destination = copy.destination.replace(/\/+$/, '') || '/';
  const base = path.posix.basename(cleanSource);
  if (cleanSource !== '.' && (/\.[A-Za-z0-9]+$/.test(base) || base.includes('*'))) {
    // A file copied to a name without an extension goes into that folder (Docker: when it exists in the image).
    const intoFolder = copy.destination.endsWith('/') || !/\.[A-Za-z0-9]+$/.test(path.posix.basename(destination));
    const landsAt = intoFolder ? path.posix.join(destination, base) : destination;
    if (!base.includes('*')) return landsAt === imagePath ? cleanSource : undefined;
    const pattern = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    const name = path.posix.basename(imagePath);
    return path.posix.dirname(imagePath) === destination && pattern.test(name) ? path.posix.join(path.posix.dirname(cleanSource), name) : undefined;
  }
  const inside = path.posix.relative(destination, imagePath);
  if (inside.startsWith('..') || path.posix.isAbsolute(inside)) return undefined;
  return cleanSource === '.' ? inside || '.' : path.posix.join(cleanSource, inside);
}
