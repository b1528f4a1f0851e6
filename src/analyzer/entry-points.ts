import path from 'node:path';

/*
 * What a container's command starts, read the way a person reads it: `node orders/index.js`, `npm run
 * start:x` (followed into package.json), `npm start -w services/x`, `sh -c "npm run migrate && node dist/main.js"`,
 * `nest start orders`, an entrypoint script of the repository. Nothing is executed; scripts are read as
 * text, a bounded number of times.
 */

/** What a command starts. */
export type EntryPoint =
  /** Source files of the repository (absolute): the service's entries. */
  | { readonly kind: 'files'; readonly files: readonly string[] }
  /** A package of the repository, started by a tool that finds its own entry (`next start`, `vite`). */
  | { readonly kind: 'package'; readonly root: string }
  /** A command that starts no file of the repository (`sleep infinity`, `python app.py`). */
  | { readonly kind: 'none'; readonly command: string }
  /** Nothing could be read (a script that is not in the repository, a tool we do not know). */
  | { readonly kind: 'unknown' };

/** What reading a command needs from the repository; every path is absolute and inside the analysed root. */
export interface EntryReader {
  /** A file's text, or `undefined` when it is not a readable file inside the repository. */
  readText(file: string): string | undefined;
  isFile(file: string): boolean;
  isDirectory(file: string): boolean;
  /** Workspace packages, to find `-w name` and a package named by a word of the command. */
  readonly packages: readonly { readonly root: string; readonly name?: string }[];
}

const SOURCE_EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '.tsx', '.jsx'];
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Programs that run a JavaScript or TypeScript file given as an argument. */
const FILE_RUNNERS = new Set(['node', 'nodejs', 'nodemon', 'ts-node', 'ts-node-dev', 'tsnd', 'tsx', 'babel-node', 'node-dev', 'esno', 'esr', 'bun', 'pm2', 'pm2-runtime', 'forever', 'supervisor', 'fastify', 'micro', 'deno']);
/** Options of Node that take the next word as a value (`--watch` does not: it watches the file that follows). */
const NODE_OPTIONS_WITH_VALUE = ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--inspect-port', '-C', '--conditions', '--title'];
/** The same for the other runners, by program. */
const OPTIONS_WITH_VALUE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['node', new Set(NODE_OPTIONS_WITH_VALUE)],
  ['nodejs', new Set(NODE_OPTIONS_WITH_VALUE)],
  ['nodemon', new Set(['-w', '--watch', '-e', '--ext', '-x', '--exec', '-i', '--ignore', '--config', '--delay', '-d', '--signal', '-r', '--require'])],
  ['ts-node', new Set(['-r', '--require', '-P', '--project', '-O', '--compiler-options', '-C', '--compiler', '-I', '--ignore'])],
  ['ts-node-dev', new Set(['-r', '--require', '-P', '--project', '-O', '--compiler-options', '--ignore-watch', '--watch', '--respawn-delay'])],
  ['tsnd', new Set(['-r', '--require', '-P', '--project', '-O', '--compiler-options', '--ignore-watch', '--watch'])],
  ['tsx', new Set(['--tsconfig', '--import', '--require', '--env-file', '--include', '--exclude'])],
  ['pm2', new Set(['--name', '-n', '-i', '--instances', '--interpreter', '--node-args', '--log', '-l', '--output', '-o', '--error', '-e', '--env'])],
  ['pm2-runtime', new Set(['--name', '-n', '-i', '--instances', '--interpreter', '--node-args', '--env'])],
  ['fastify', new Set(['--port', '-p', '--prefix', '-x', '--log-level', '-l', '--address', '-a', '--options', '-o', '--plugin-timeout', '-T', '--body-limit'])],
]);
/** Programs that put the command after them (`exec node x`, `tini -- node x`, `cross-env A=1 node x`). */
const PREFIXES = new Set(['exec', 'env', 'cross-env', 'nice', 'tini', 'dumb-init', 'time', 'nohup', 'gosu', 'su-exec']);
/** Tools that start a package without naming a file: the package is the service. */
const PACKAGE_TOOLS = new Set(['next', 'vite', 'react-scripts', 'ng', 'nuxt', 'nuxi', 'remix', 'astro', 'webpack-dev-server', 'webpack', 'serve', 'http-server', 'craco', 'expo', 'gatsby', 'svelte-kit', 'parcel', 'turbo', 'nx', 'lerna', 'concurrently', 'npm-run-all', 'run-p', 'run-s', 'strapi', 'sails', 'moleculer-runner', 'nest']);
const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'npx', 'bunx']);

const MAX_DEPTH = 6;
const MAX_COMMAND_CHARS = 8 * 1024;

/** A command line cut into words, honouring quotes and backslashes; `&&`, `||`, `;`, `|`, `&` and new lines separate commands. */
export function shellCommands(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const source = text.slice(0, MAX_COMMAND_CHARS);
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < source.length) word += source[++i] ?? '';
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && source[i + 1] === '\n') {
      i++;
    } else if (char === '\\' && i + 1 < source.length) {
      word += source[++i] ?? '';
      inWord = true;
    } else if (char === '#' && !inWord) {
      // A comment runs to the end of the line.
      while (i + 1 < source.length && source[i + 1] !== '\n') i++;
    } else if (char === ';' || char === '&' || char === '|' || char === '\n') {
      endCommand();
    } else if (char === ' ' || char === '\t' || char === '\r') {
      endWord();
    } else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

interface Reading {
  readonly reader: EntryReader;
  /** The analysed root: nothing outside it is read. */
  readonly root: string;
  /** Maps an absolute path in the container to the repository, when a mount or a copy puts it there. */
  readonly toRepository: (containerPath: string) => string | undefined;
}

/**
 * What a container runs: `argv` as Docker assembles it from `ENTRYPOINT` and `CMD`, started in `workdir`
 * (a path in the container).
 */
export function entryPointOf(argv: readonly string[], workdir: string, reading: Reading, context: string): EntryPoint {
  // Without a copy or a mount telling otherwise, the working directory holds the build context (`COPY . .`).
  const directory = reading.toRepository(workdir) ?? context;
  return commandEntry([...argv], { ...reading, container: true, directory, workdir }, 0);
}

/**
 * What a package.json script of the repository starts (`node demo-order-flow.js`, `npm run seed`), read as
 * commands in `directory`, the package's folder.
 */
export function scriptEntryPoint(script: string, directory: string, reader: EntryReader, root: string): EntryPoint {
  return sequenceEntry(shellCommands(script), { reader, root, toRepository: () => undefined, container: false, directory, workdir: directory, strict: true }, 0);
}

interface Place extends Reading {
  /**
   * Only programs that run a file start one (`node x.js`), never a word that merely names a file: a
   * package.json script may lint or format files (`eslint demo.js`) without running them.
   */
  readonly strict?: boolean;
  /** Paths of the command are container paths (mapped to the repository), or repository paths. */
  readonly container: boolean;
  /** The working directory in the repository. */
  readonly directory: string;
  /** The working directory in the container (when `container`). */
  readonly workdir: string;
}

function commandEntry(words: string[], place: Place, depth: number): EntryPoint {
  if (depth > MAX_DEPTH || words.length === 0) return { kind: 'unknown' };
  const found = readCommand(words, place, depth);
  if (found.kind === 'files' || found.kind === 'package' || place.strict === true) return found;
  // `npm run microservice -- user/index.js` with no such script, an entrypoint script that is not in the
  // repository followed by `orders 6000`: a word naming a source file or a package still says what runs.
  const named = namedByAWord(words, place);
  return named ?? found;
}

/** One command, its program recognised. */
function readCommand(words: string[], place: Place, depth: number): EntryPoint {
  let rest = words;
  // `PORT=3000 node x`, `exec node x`, `tini -- node x`, `cross-env NODE_ENV=production node x`.
  let afterPrefix = false;
  for (;;) {
    const first = rest[0];
    if (first === undefined) return { kind: 'unknown' };
    const skip = /^[A-Za-z_][A-Za-z0-9_]*=/.test(first) || (afterPrefix && first.startsWith('-')) || PREFIXES.has(programOf(first));
    if (!skip) break;
    afterPrefix = afterPrefix || PREFIXES.has(programOf(first));
    rest = rest.slice(1);
  }
  const program = programOf(rest[0]!);
  const args = rest.slice(1);
  if (SHELLS.has(program)) {
    const script = args[args.indexOf('-c') + 1];
    if (args.includes('-c') && script !== undefined) return sequenceEntry(shellCommands(script), place, depth + 1);
    const file = args.find((arg) => !arg.startsWith('-'));
    return file === undefined ? { kind: 'unknown' } : scriptEntry(file, place, depth);
  }
  if (FILE_RUNNERS.has(program)) return runnerEntry(program, args, place);
  if (PACKAGE_MANAGERS.has(program)) return packageManagerEntry(program, args, place, depth);
  if (PACKAGE_TOOLS.has(program)) return program === 'nest' ? nestEntry(args, place) : { kind: 'package', root: place.directory };
  const file = resolvePath(rest[0]!, place);
  if (file !== undefined) {
    if (isSource(file)) return { kind: 'files', files: [file] };
    if (/\.(sh|bash)$/.test(file) || place.reader.isFile(file)) return scriptEntry(rest[0]!, place, depth);
  }
  // `wait-for-it.sh kafka:9092 -- node index.js`: what comes after `--` is the command.
  const separator = args.indexOf('--');
  if (separator >= 0) return commandEntry(args.slice(separator + 1), place, depth + 1);
  if (/\.(sh|bash)$/.test(program) || rest[0]!.includes('/')) return { kind: 'unknown' };
  return { kind: 'none', command: words.join(' ') };
}

/** The last command of a sequence that starts something of the repository (`npm run migrate && node dist/main.js`). */
function sequenceEntry(commands: readonly string[][], place: Place, depth: number): EntryPoint {
  let result: EntryPoint = { kind: 'none', command: commands.map((command) => command.join(' ')).join(' && ') };
  for (const command of commands) {
    const entry = commandEntry(command, place, depth);
    if (entry.kind === 'files' || entry.kind === 'package') result = entry;
    else if (entry.kind === 'unknown' && result.kind === 'none') result = entry;
  }
  return result;
}

/** A shell script of the repository (`./docker-entrypoint.sh`), read as the commands it runs. */
function scriptEntry(word: string, place: Place, depth: number): EntryPoint {
  const file = resolvePath(word, place);
  const text = file === undefined ? undefined : place.reader.readText(file);
  if (text === undefined) return { kind: 'unknown' };
  return sequenceEntry(shellCommands(text), place, depth + 1);
}

/** `node [options] file [args]`, `nodemon --watch src src/index.ts`, `pm2-runtime start app.js`. */
function runnerEntry(program: string, args: readonly string[], place: Place): EntryPoint {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
      if (program === 'node') return { kind: 'none', command: [program, ...args].join(' ') };
    }
    if (arg.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.get(program)?.has(arg) === true) i++;
      continue;
    }
    // `pm2 start app.js`, `bun run src/index.ts`, `fastify start index.js`.
    if (['start', 'run', 'serve'].includes(arg) && i === 0) continue;
    const file = resolvePath(arg, place);
    if (file !== undefined && isSource(file) && !/(^|\/)(ecosystem|pm2|process)\.config\.[cm]?js$/.test(file)) return { kind: 'files', files: [file] };
    if (file !== undefined && place.reader.isDirectory(file)) {
      const entry = packageMain(file, place.reader);
      if (entry !== undefined) return { kind: 'files', files: [entry] };
    }
    // The first word that is not an option is the file: when it is not in the repository, nothing more to find.
    return { kind: 'unknown' };
  }
  // `nodemon` alone starts the package's `main`; `node` alone is a prompt.
  if (program === 'node' || program === 'nodejs') return { kind: 'none', command: [program, ...args].join(' ') };
  const main = packageMain(place.directory, place.reader);
  return main === undefined ? { kind: 'unknown' } : { kind: 'files', files: [main] };
}

/**
 * `npm start`, `npm run x [-- args]`, `npm run x -w services/orders`, `npm --prefix dir start`, `yarn x`,
 * `yarn workspace @acme/orders start`, `pnpm --filter orders start`, `npx ts-node src/x.ts`: the script of
 * that package, read as a command in the package's folder, with the arguments after `--` appended.
 */
function packageManagerEntry(program: string, args: readonly string[], place: Place, depth: number): EntryPoint {
  if (program === 'npx' || program === 'bunx') {
    const command = args.filter((arg, i) => !(arg.startsWith('-') && i === 0));
    return command.length === 0 ? { kind: 'unknown' } : commandEntry(command, place, depth + 1);
  }
  let directory = place.directory;
  let script: string | undefined;
  const extra: string[] = [];
  let afterSeparator = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (afterSeparator) {
      extra.push(arg);
      continue;
    }
    if (arg === '--') {
      afterSeparator = true;
      continue;
    }
    const option = /^(--workspace|-w|--prefix|-C|--dir|--cwd|--filter|-F)(?:=(.*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? args[++i];
      const found = value === undefined ? undefined : packageFolder(value, place);
      if (found !== undefined) directory = found;
      continue;
    }
    if (arg.startsWith('-')) continue;
    words.push(arg);
  }
  // `yarn workspace <name> <script>`.
  if (program === 'yarn' && words[0] === 'workspace' && words[1] !== undefined) {
    const found = packageFolder(words[1], place);
    if (found !== undefined) directory = found;
    words.splice(0, 2);
  }
  const [verb, ...others] = words;
  if (verb === undefined) return { kind: 'unknown' };
  if (['run', 'run-script', 'rum', 'urn'].includes(verb)) script = others[0];
  else if (['start', 'test', 'restart', 'stop'].includes(verb)) script = verb;
  else if (verb === 'exec' || verb === 'dlx' || verb === 'node') return commandEntry(verb === 'node' ? ['node', ...others] : others, { ...place, directory }, depth + 1);
  else if (program !== 'npm') script = verb;
  else return { kind: 'unknown' };
  if (script === undefined) return { kind: 'unknown' };
  const manifest = readManifest(directory, place.reader);
  const text = manifest?.scripts?.[script];
  // npm's own default: `npm start` with no start script runs `node server.js`.
  const command = typeof text === 'string' ? text : script === 'start' && place.reader.isFile(path.join(directory, 'server.js')) ? 'node server.js' : undefined;
  if (command === undefined) return { kind: 'unknown' };
  const withArgs = extra.length > 0 ? `${command} ${extra.map((arg) => `'${arg.replace(/'/g, '')}'`).join(' ')}` : command;
  // Scripts run in the package's folder, with paths of the repository.
  return sequenceEntry(shellCommands(withArgs), { ...place, container: false, directory }, depth + 1);
}

/** `nest start [project]`: the project's `sourceRoot` and `entryFile` in nest-cli.json (default `src/main.ts`). */
function nestEntry(args: readonly string[], place: Place): EntryPoint {
  if (args[0] !== 'start') return { kind: 'package', root: place.directory };
  const project = args.slice(1).find((arg) => !arg.startsWith('-'));
  let config: { sourceRoot?: unknown; entryFile?: unknown; projects?: Record<string, { sourceRoot?: unknown; entryFile?: unknown }> } | undefined;
  try {
    const text = place.reader.readText(path.join(place.directory, 'nest-cli.json'));
    config = text === undefined ? undefined : (JSON.parse(text) as typeof config);
  } catch {
    config = undefined;
  }
  const chosen = project !== undefined ? config?.projects?.[project] : config;
  const sourceRoot = typeof chosen?.sourceRoot === 'string' ? chosen.sourceRoot : project !== undefined ? `apps/${project}/src` : 'src';
  const entryFile = typeof chosen?.entryFile === 'string' ? chosen.entryFile : 'main';
  const file = sourceFileAt(path.join(place.directory, sourceRoot, entryFile), place.reader);
  return file === undefined ? { kind: 'package', root: place.directory } : { kind: 'files', files: [file] };
}

/** A word of the command that names a source file or a workspace package of the repository. */
function namedByAWord(words: readonly string[], place: Place): EntryPoint | undefined {
  for (const word of [...words].reverse()) {
    if (word.startsWith('-') || word.includes('=') || word === '') continue;
    const file = resolvePath(word, place);
    if (file !== undefined && isSource(file) && place.reader.isFile(file)) return { kind: 'files', files: [file] };
  }
  for (const word of words) {
    const byName = place.reader.packages.find((pkg) => pkg.name !== undefined && (pkg.name === word || pkg.name.replace(/^@[^/]+\//, '') === word));
    const byFolder = place.reader.packages.filter((pkg) => path.basename(pkg.root) === word);
    const found = byName ?? (byFolder.length === 1 ? byFolder[0] : undefined);
    if (found !== undefined && isInside(place.root, found.root)) return { kind: 'package', root: found.root };
  }
  return undefined;
}

/** A folder given as `-w services/orders`, `--prefix ./api` or a workspace package's name. */
function packageFolder(value: string, place: Place): string | undefined {
  const asPath = path.resolve(place.directory, value);
  if (isInside(place.root, asPath) && place.reader.isDirectory(asPath)) return asPath;
  const named = place.reader.packages.find((pkg) => pkg.name === value || pkg.name?.replace(/^@[^/]+\//, '') === value);
  return named?.root;
}

/**
 * A path of the command in the repository: mapped from the container (bind mounts, then the Dockerfile's
 * copies) or taken in the package's folder, made a source file when it is one under another spelling
 * (`dist/main.js` built from `src/main.ts`, `index` for `index.js`). `undefined` outside the repository.
 */
function resolvePath(word: string, place: Place): string | undefined {
  if (/^[a-z]+:\/\//i.test(word) || word.includes('$')) return undefined;
  let candidate: string | undefined;
  if (place.container) {
    const inContainer = path.posix.resolve(place.workdir, word);
    candidate = place.toRepository(inContainer) ?? (path.posix.isAbsolute(word) ? undefined : path.resolve(place.directory, word));
  } else {
    candidate = path.resolve(place.directory, word);
  }
  if (candidate === undefined || !isInside(place.root, candidate)) return undefined;
  return sourceFileAt(candidate, place.reader) ?? (place.reader.isFile(candidate) || place.reader.isDirectory(candidate) ? candidate : undefined);
}

/** The source file a path names: itself, with an extension added, a folder's index, or the source a build output comes from. */
function sourceFileAt(file: string, reader: EntryReader): string | undefined {
  const direct = [file, ...SOURCE_EXTENSIONS.map((extension) => file + extension)].find((candidate) => isSource(candidate) && reader.isFile(candidate));
  if (direct !== undefined) return direct;
  if (reader.isDirectory(file)) {
    const index = SOURCE_EXTENSIONS.map((extension) => path.join(file, `index${extension}`)).find((candidate) => reader.isFile(candidate));
    if (index !== undefined) return index;
  }
  // `dist/main.js` from `src/main.ts`, `dist/src/main.js` from `src/main.ts`, `build/index.js` from `src/index.ts`.
  const built = /^(.*?)(?:^|\/)(dist|build|out|lib|\.build)\/(.*?)(?:\.[cm]?js)?$/.exec(file.split(path.sep).join('/'));
  if (built === null) return undefined;
  const [, before, , after] = built;
  const prefix = before === '' ? '' : `${before}/`;
  const stems = [`${prefix}src/${after}`, `${prefix}${after}`];
  for (const stem of stems) {
    const found = SOURCE_EXTENSIONS.map((extension) => stem.split('/').join(path.sep) + extension).find((candidate) => reader.isFile(candidate));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A package folder's `main` (or its `start` script's file, or `index`), as a source file. */
function packageMain(directory: string, reader: EntryReader): string | undefined {
  const manifest = readManifest(directory, reader);
  const main = typeof manifest?.main === 'string' ? sourceFileAt(path.resolve(directory, manifest.main), reader) : undefined;
  return main ?? sourceFileAt(path.join(directory, 'index'), reader);
}

/** A package.json of the repository, read through `reader`; `undefined` when there is none or it is not JSON. */
export function readManifest(directory: string, reader: EntryReader): { main?: unknown; scripts?: Record<string, unknown>; workspaces?: unknown } | undefined {
  const text = reader.readText(path.join(directory, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function programOf(word: string): string {
  return path.posix.basename(word);
}

function isSource(file: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(file)) && !/\.d\.[cm]?ts$/.test(file);
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
