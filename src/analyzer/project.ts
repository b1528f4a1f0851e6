import path from 'node:path';
import { Project, ts as morphTs } from 'ts-morph';
import type { TS } from '../core/engine/ast.js';
import { confinedFileSystem } from './confined-file-system.js';
import { filesThatMatter } from './files-that-matter.js';
import type { ProjectFiles } from './files.js';
import type { ContainerModuleLocations } from './container-paths.js';
import type { WorkspacePackage } from './workspace.js';

/**
 * ts-morph bundles its own TypeScript; the engine gets that module, never the `typescript` package, so
 * syntax kinds and type flags always match the AST it reads (TOOLCHAIN.md: TypeFlags moved in 6.0).
 */
export const analyzerTs = morphTs as unknown as TS;

/** The program, and the files it leaves out (files-that-matter.ts), with their text. */
export interface AnalysisProject {
  readonly project: Project;
  /** Every file read before the program was built, and its text (the program's own are in it too). */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * One program over the repository's sources: the files that matter (files-that-matter.ts) and what they
 * import. Workspace packages are mapped by name to their source entry
 * (`@shop/contracts` -> `packages/contracts/src/index.ts`), so imports of them resolve on a fresh clone with
 * no node_modules; installed libraries, when present, give the checker their types. Every file comes
 * through `ProjectFiles` (confined-file-system.ts); a source file that cannot be read, or that the compiler
 * cannot parse without running out of stack, is a note and stays out of the program.
 */
export function createAnalysisProject(
  projectFiles: ProjectFiles,
  files: readonly string[],
  packages: readonly WorkspacePackage[],
  selection: { readonly sourceFiles: ReadonlySet<string>; readonly mayHaveFacts: (text: string) => boolean },
  containerModules?: ContainerModuleLocations,
): AnalysisProject {
  const refused = new Set<string>();
  const texts = new Map<string, string>();
  const paths: Record<string, string[]> = {};
  for (const pkg of packages) {
    if (pkg.name === undefined) continue;
    if (pkg.sourceEntry) paths[pkg.name] = [pkg.sourceEntry];
    paths[`${pkg.name}/*`] = [`${pkg.root}/src/*`, `${pkg.root}/*`];
  }
  let resolveOne: ((name: string, containingFile: string) => morphTs.ResolvedModuleFull | undefined) | undefined;
  const project = new Project({
    compilerOptions: {
      target: morphTs.ScriptTarget.ES2022,
      module: morphTs.ModuleKind.Preserve,
      moduleResolution: morphTs.ModuleResolutionKind.Bundler,
      allowJs: true,
      checkJs: false,
      jsx: morphTs.JsxEmit.Preserve,
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
    },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    fileSystem: confinedFileSystem(projectFiles, refused, texts),
    resolutionHost: (moduleResolutionHost, getCompilerOptions) => {
      const optionsFor = nearestConfigOptions(projectFiles, moduleResolutionHost, getCompilerOptions);
      // One resolution cache per set of options (ours, or ours with one tsconfig's `paths`): the files of a
      // folder resolve a name once, and package.json lookups up the tree are shared, as in tsc's own host.
      const caches = new Map<morphTs.CompilerOptions, morphTs.ModuleResolutionCache>();
      const cacheFor = (options: morphTs.CompilerOptions) => {
        let cache = caches.get(options);
        if (cache === undefined) {
          cache = morphTs.createModuleResolutionCache(process.cwd(), canonicalFileName, options);
          caches.set(options, cache);
        }
        return cache;
      };
      // Each file resolves its imports with its own tsconfig's `baseUrl` and `paths` on top of ours:
      // `import { X } from 'src/utils/x'` in a Nest app means its own `src/`. The pre-pass resolves with the
      // same caches, so the program finds every answer there.
      const resolve = (name: string, containingFile: string) => {
        const options = optionsFor(containingFile);
        const found = (candidate: string) => {
          const resolved = morphTs.resolveModuleName(candidate, containingFile, options, moduleResolutionHost, cacheFor(options)).resolvedModule;
          // A file refused after its name was resolved (minified) stays out, as if it were not there.
          return resolved !== undefined && refused.has(path.resolve(resolved.resolvedFileName)) ? undefined : resolved;
        };
        return found(name) ?? inContainer(name, containingFile, found, containerModules);
      };
      resolveOne = (name, containingFile) => {
        noteImportOutside(projectFiles, name, containingFile);
        return resolve(name, containingFile);
      };
      return { resolveModuleNames: (moduleNames, containingFile) => moduleNames.map((name) => resolveOne!(name, containingFile)) };
    },
  });
  const resolveFile = (name: string, containingFile: string) => {
    const resolved = resolveOne?.(name, containingFile);
    return resolved === undefined ? undefined : path.resolve(resolved.resolvedFileName);
  };
  const roots = filesThatMatter(analyzerTs, {
    files,
    read: (file) => {
      const text = readSource(projectFiles, file, refused);
      if (text !== undefined) texts.set(file, text);
      return text;
    },
    resolve: resolveFile,
    isSourceFile: (file) => selection.sourceFiles.has(file),
    mayHaveFacts: selection.mayHaveFacts,
  });
  // The given files first, in their order, then what they import.
  for (const file of new Set([...files.filter((file) => roots.has(file)), ...roots])) addSourceFile(project, projectFiles, file, refused);
  return { project, texts };
}

/** How the resolution cache compares paths: as the confined file system does (case-insensitive on macOS and Windows). */
function canonicalFileName(file: string): string {
  return process.platform === 'win32' || process.platform === 'darwin' ? file.toLowerCase() : file;
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

/** Parses one source file into the project, or notes why it cannot be. */
function addSourceFile(project: Project, projectFiles: ProjectFiles, file: string, refused: Set<string>): void {
  try {
    // Its text comes from the pre-pass (confined-file-system.ts); parsed once.
    project.addSourceFileAtPath(file);
  } catch (error) {
    // TypeScript's parser recurses once per nesting level: `((((...))))` 100,000 deep exhausts the stack.
    // That costs this file only; anything else is a bug of ours and goes up.
    if (!(error instanceof RangeError)) throw error;
    refused.add(file);
    projectFiles.note(file, `too deeply nested for the compiler, skipped: ${error.message}`);
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
  resolve: (name: string) => morphTs.ResolvedModuleFull | undefined,
  containerModules: ContainerModuleLocations | undefined,
): morphTs.ResolvedModuleFull | undefined {
  if (containerModules === undefined || !(name.startsWith('./') || name.startsWith('../'))) return undefined;
  const found = new Map<string, morphTs.ResolvedModuleFull>();
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
function nearestConfigOptions(projectFiles: ProjectFiles, host: morphTs.ModuleResolutionHost, getBase: () => morphTs.CompilerOptions) {
  const root = projectFiles.root;
  const byFolder = new Map<string, morphTs.CompilerOptions>();
  // The same object for every folder without a config of its own, so they share one resolution cache.
  let baseOptions: morphTs.CompilerOptions | undefined;
  const base = () => (baseOptions ??= getBase());
  const read = (folder: string): morphTs.CompilerOptions => {
    const cached = byFolder.get(folder);
    if (cached) return cached;
    // A JavaScript project says the same in jsconfig.json (`"paths": { "~/*": ["./*"] }` of a Vite or CRA app),
    // which TypeScript's own editor support reads when there is no tsconfig.json.
    const file = ['tsconfig.json', 'jsconfig.json'].map((name) => path.join(folder, name)).find((candidate) => host.fileExists(candidate));
    let options: morphTs.CompilerOptions;
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

function withConfig(projectFiles: ProjectFiles, options: morphTs.CompilerOptions, file: string): morphTs.CompilerOptions {
  const read = morphTs.readConfigFile(file, (name) => projectFiles.readText(name));
  if (read.error !== undefined || read.config === undefined) return options;
  const parsed = morphTs.parseJsonConfigFileContent(read.config, configHost(projectFiles, file), path.dirname(file), undefined, file);
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
function configHost(projectFiles: ProjectFiles, configFile: string): morphTs.ParseConfigHost {
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
