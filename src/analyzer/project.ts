import path from 'node:path';
import type { ts } from '@ts-morph/common';
import { compiler } from './compiler.js';
import type { TS } from '../core/engine/ast.js';
import { confinedHost, isLibFile, LIB_FOLDER } from './confined-file-system.js';
import { filesThatMatter, type TextListings } from './files-that-matter.js';
import { CASE_SENSITIVE, type ProjectFiles } from './files.js';
import type { ContainerModuleLocations } from './container-paths.js';
import type { WorkspacePackage } from './workspace.js';

/**
 * ts-morph bundles its own TypeScript (in `@ts-morph/common`); the engine gets that module, never the
 * `typescript` package, so syntax kinds and type flags always match the AST it reads (TOOLCHAIN.md:
 * TypeFlags moved in 6.0). The analyzer uses its compiler API directly: a program of the files it needs.
 */
export function analyzerTs(): TS {
  return compiler() as unknown as TS;
}

/**
 * Source files parsed once and shared by every program of one discovery (each part of a cold `--cache`
 * run builds its own): a file whose text is the same is the same `SourceFile`, and once a checker has bound
 * it, later programs do not bind it again (as TypeScript's language service reuses files between programs).
 * Binding depends on the compiler options, which are the same for every program here.
 */
export class ParsedFiles {
  private readonly files = new Map<string, ts.SourceFile>();

  parse(fileName: string, text: string): ts.SourceFile {
    const known = this.files.get(fileName);
    if (known?.text === text) return known;
    // As ts-morph parsed them: the target's language version, parent pointers set, the kind from the extension.
    const parsed = compiler().createSourceFile(fileName, text, compiler().ScriptTarget.ES2022, true);
    this.files.set(fileName, parsed);
    return parsed;
  }
}

/** The compiler's lib files, parsed once per process: the same text for every analysis. */
const libFiles = new ParsedFiles();

/** The program, and every file read before it was built, with its text and the project files it imports. */
export interface AnalysisProgram {
  readonly program: ts.Program;
  readonly texts: ReadonlyMap<string, string>;
  readonly imports: ReadonlyMap<string, readonly string[]>;
}

/**
 * One program over the repository's sources: the files that matter (files-that-matter.ts) and what they
 * import. Workspace packages are mapped by name to their source entry
 * (`@shop/contracts` -> `packages/contracts/src/index.ts`), so imports of them resolve on a fresh clone with
 * no node_modules; installed libraries, when present, give the checker their types. Every file comes
 * through `ProjectFiles` (confined-file-system.ts); a source file that cannot be read, or that the compiler
 * cannot parse without running out of stack, is a note and stays out of the program.
 */
export function createAnalysisProgram(
  projectFiles: ProjectFiles,
  files: readonly string[],
  packages: readonly WorkspacePackage[],
  selection: { readonly sourceFiles: ReadonlySet<string>; readonly mayHaveFacts: (text: string) => boolean; readonly listings?: TextListings; readonly parsed: ParsedFiles },
  containerModules?: ContainerModuleLocations,
): AnalysisProgram {
  const refused = new Set<string>();
  const texts = new Map<string, string>();
  const options = compilerOptions(packages);
  const confined = confinedHost(projectFiles, refused, texts);
  const resolveOne = moduleResolver(projectFiles, confined, options, refused, containerModules);
  const { roots, imports } = filesThatMatter(analyzerTs(), {
    files,
    read: (file) => {
      const text = readSource(projectFiles, file, refused);
      if (text !== undefined) texts.set(file, text);
      return text;
    },
    resolve: (name, containingFile) => {
      const resolved = resolveOne(name, containingFile);
      return resolved === undefined ? undefined : path.resolve(resolved.resolvedFileName);
    },
    isSourceFile: (file) => selection.sourceFiles.has(file),
    mayHaveFacts: selection.mayHaveFacts,
    known: selection.listings,
  });
  // The given files first, in their order, then what they import; each parsed here, so a file too deep for
  // the parser is a note and stays out.
  const rootNames = [...new Set([...files.filter((file) => roots.has(file)), ...roots])].filter((file) => parseRoot(projectFiles, selection.parsed, file, texts.get(file)!, refused));
  const host: ts.CompilerHost = {
    ...confined,
    getSourceFile: (fileName) => {
      const text = confined.readFile(fileName);
      if (text === undefined) return undefined;
      if (isLibFile(fileName)) return libFiles.parse(fileName, text);
      try {
        return selection.parsed.parse(fileName, text);
      } catch (error) {
        // A library's declaration file too deep to parse: left out, as a refused file is.
        if (!(error instanceof RangeError)) throw error;
        return undefined;
      }
    },
    getDefaultLibFileName: () => `${LIB_FOLDER}/lib.d.ts`,
    getDefaultLibLocation: () => LIB_FOLDER,
    writeFile: () => {
      throw new Error('the analysis never writes');
    },
    getCanonicalFileName: canonicalFileName,
    useCaseSensitiveFileNames: () => CASE_SENSITIVE,
    getNewLine: () => '\n',
    resolveModuleNameLiterals: (literals, containingFile) => literals.map((literal) => ({ resolvedModule: resolveOne(literal.text, containingFile) })),
  };
  return { program: compiler().createProgram({ rootNames, options, host }), texts, imports };
}

/** Ours, the same for every file; `paths` maps the workspace packages by name. */
function compilerOptions(packages: readonly WorkspacePackage[]): ts.CompilerOptions {
  const paths: Record<string, string[]> = {};
  for (const pkg of packages) {
    if (pkg.name === undefined) continue;
    if (pkg.sourceEntry) paths[pkg.name] = [pkg.sourceEntry];
    paths[`${pkg.name}/*`] = [`${pkg.root}/src/*`, `${pkg.root}/*`];
  }
  return {
    target: compiler().ScriptTarget.ES2022,
    module: compiler().ModuleKind.Preserve,
    moduleResolution: compiler().ModuleResolutionKind.Bundler,
    allowJs: true,
    checkJs: false,
    jsx: compiler().JsxEmit.Preserve,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    // No ambient @types: only what files import is loaded, which keeps big repositories fast.
    types: [],
    // The DOM's declarations are the largest lib file and decide nothing here.
    lib: ['lib.es2023.d.ts'],
    paths,
  };
}

/**
 * How the program and the pre-pass resolve a module name: each file with its own tsconfig's `baseUrl` and
 * `paths` on top of ours (`import { X } from 'src/utils/x'` in a Nest app means its own `src/`), one
 * resolution cache per set of options (the files of a folder resolve a name once, and package.json lookups
 * up the tree are shared, as in tsc's own host), then the container a relative name may name a file in.
 */
function moduleResolver(
  projectFiles: ProjectFiles,
  host: ts.ModuleResolutionHost,
  options: ts.CompilerOptions,
  refused: ReadonlySet<string>,
  containerModules: ContainerModuleLocations | undefined,
): (name: string, containingFile: string) => ts.ResolvedModuleFull | undefined {
  const optionsFor = nearestConfigOptions(projectFiles, host, () => options);
  const caches = new Map<ts.CompilerOptions, ts.ModuleResolutionCache>();
  const cacheFor = (fileOptions: ts.CompilerOptions) => {
    let cache = caches.get(fileOptions);
    if (cache === undefined) {
      cache = compiler().createModuleResolutionCache(process.cwd(), canonicalFileName, fileOptions);
      caches.set(fileOptions, cache);
    }
    return cache;
  };
  return (name, containingFile) => {
    noteImportOutside(projectFiles, name, containingFile);
    const fileOptions = optionsFor(containingFile);
    const found = (candidate: string) => {
      const resolved = compiler().resolveModuleName(candidate, containingFile, fileOptions, host, cacheFor(fileOptions)).resolvedModule;
      // A file refused after its name was resolved (minified) stays out, as if it were not there.
      return resolved !== undefined && refused.has(path.resolve(resolved.resolvedFileName)) ? undefined : resolved;
    };
    return found(name) ?? inContainer(name, containingFile, found, containerModules);
  };
}

/** How the resolution cache compares paths: as the confined file system does (case-insensitive on macOS and Windows). */
function canonicalFileName(file: string): string {
  return CASE_SENSITIVE ? file : file.toLowerCase();
}

/** The text of a source file, or a note on why it is not read (and it stays out of the program). */
function readSource(projectFiles: ProjectFiles, file: string, refused: Set<string>): string | undefined {
  const outcome = projectFiles.read(file);
  if (!outcome.ok) {
    refused.add(file);
    projectFiles.noteRefusal(file, outcome.reason);
    return undefined;
  }
  if (isMinified(file, outcome.text)) {
    refused.add(file);
    projectFiles.note(file, 'skipped: minified or generated JavaScript (lines of more than 500 characters on average), not code a team writes');
    return undefined;
  }
  return outcome.text;
}

/** Parses a root of the program, or notes why it cannot be: true when it can. */
function parseRoot(projectFiles: ProjectFiles, parsed: ParsedFiles, file: string, text: string, refused: Set<string>): boolean {
  try {
    parsed.parse(file, text);
    return true;
  } catch (error) {
    // TypeScript's parser recurses once per nesting level: `((((...))))` 100,000 deep exhausts the stack.
    // That costs this file only; anything else is a bug of ours and goes up.
    if (!(error instanceof RangeError)) throw error;
    refused.add(file);
    projectFiles.note(file, `too deeply nested for the compiler, skipped: ${error.message}`);
    return false;
  }
}

/**
 * Bundled or minified JavaScript committed to the repository (a vendored library, Emscripten's glue loading a
 * `.wasm`), not named `.min.js`: its calls are a library's, not the team's. Told by its lines, hundreds of
 * characters long on average; JSX and TypeScript are left alone (an SVG drawn in JSX has long lines too).
 */
function isMinified(file: string, text: string): boolean {
  if (!/\.[cm]?js$/.test(file) || text.length < 10_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 500;
}

/** A relative import that leaves the readable folder is never followed; the note says which one. */
function noteImportOutside(projectFiles: ProjectFiles, name: string, containingFile: string): void {
  if (!name.startsWith('.')) return;
  if (projectFiles.isInside(path.resolve(path.dirname(containingFile), name))) return;
  projectFiles.note(containingFile, `import '${name}': outside the analysed folder, not read`);
}

/**
 * A relative module that names no file next to the one requiring it may name one inside its container
 * (compose mounts shared code there): resolved at the first place the container holds it. Only when exactly
 * one file is found, so a guess between two is never made.
 */
function inContainer(
  name: string,
  containingFile: string,
  resolve: (name: string) => ts.ResolvedModuleFull | undefined,
  containerModules: ContainerModuleLocations | undefined,
): ts.ResolvedModuleFull | undefined {
  if (containerModules === undefined || !(name.startsWith('./') || name.startsWith('../'))) return undefined;
  const found = new Map<string, ts.ResolvedModuleFull>();
  for (const location of containerModules(containingFile, name)) {
    const resolved = resolve(location);
    if (resolved !== undefined) found.set(resolved.resolvedFileName, resolved);
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}

/**
 * The compiler options a file resolves imports with: ours, with `baseUrl` and `paths` of the nearest
 * tsconfig.json or jsconfig.json (its `extends` followed) between the file and the analysed root. Read once
 * per folder.
 */
function nearestConfigOptions(projectFiles: ProjectFiles, host: ts.ModuleResolutionHost, getBase: () => ts.CompilerOptions) {
  const root = projectFiles.root;
  const byFolder = new Map<string, ts.CompilerOptions>();
  // The same object for every folder without a config of its own, so they share one resolution cache.
  let baseOptions: ts.CompilerOptions | undefined;
  const base = () => (baseOptions ??= getBase());
  const read = (folder: string): ts.CompilerOptions => {
    const cached = byFolder.get(folder);
    if (cached) return cached;
    // A JavaScript project says the same in jsconfig.json (`"paths": { "~/*": ["./*"] }` of a Vite or CRA app),
    // which TypeScript's own editor support reads when there is no tsconfig.json.
    const file = ['tsconfig.json', 'jsconfig.json'].map((name) => path.join(folder, name)).find((candidate) => host.fileExists(candidate));
    let options: ts.CompilerOptions;
    if (file !== undefined) {
      options = withConfig(projectFiles, base(), file);
    } else {
      const parent = path.dirname(folder);
      options = folder === root || parent === folder || !folder.startsWith(root) ? base() : read(parent);
    }
    byFolder.set(folder, options);
    return options;
  };
  return (containingFile: string) => read(path.dirname(containingFile));
}

function withConfig(projectFiles: ProjectFiles, options: ts.CompilerOptions, file: string): ts.CompilerOptions {
  const read = compiler().readConfigFile(file, (name) => projectFiles.readText(name));
  if (read.error !== undefined || read.config === undefined) return options;
  const parsed = compiler().parseJsonConfigFileContent(read.config, configHost(projectFiles, file), path.dirname(file), undefined, file);
  // `baseUrl` is deprecated in TypeScript 6, not gone; real repositories still use it.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const { baseUrl, paths } = parsed.options;
  if (baseUrl === undefined && paths === undefined) return options;
  return {
    ...options,
    ignoreDeprecations: '6.0',
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    paths: { ...options.paths, ...paths },
    ...(paths !== undefined ? { pathsBasePath: parsed.options.pathsBasePath ?? path.dirname(file) } : {}),
  };
}

/**
 * What `parseJsonConfigFileContent` reads through: `extends` chains inside the readable folder only (a base
 * config elsewhere is a note on the tsconfig that names it), and no directory listing, since only the
 * options are used, never the file list.
 */
function configHost(projectFiles: ProjectFiles, configFile: string): ts.ParseConfigHost {
  const reference = (file: string) => ({ from: configFile, as: `extends ${path.relative(path.dirname(configFile), file).split(path.sep).join('/')}` });
  return {
    useCaseSensitiveFileNames: true,
    readDirectory: () => [],
    fileExists: (file) => {
      const located = projectFiles.locate(file);
      if (!located.ok && located.refusal !== 'missing') projectFiles.noteRefusal(file, located.reason, reference(file));
      return located.ok;
    },
    readFile: (file) => projectFiles.readText(file, { reference: reference(file) }),
  };
}
