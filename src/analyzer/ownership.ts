import path from 'node:path';
import type ts from 'typescript';
import { walk } from '../core/engine/ast.js';
import { analyzerTs } from './project.js';
import type { ServiceDefinition } from './services.js';

/*
 * Which services a file belongs to. The folder decides (the deepest service folder holding it), except
 * where a folder cannot: several services started from one folder (compose services sharing a build
 * context, told apart by their entry files) each own what their entries reach through imports, and a file
 * outside every service folder (a `shared/` module) belongs to every service that imports it. Files no
 * service reaches stay with the folder rule, and so do the files of library packages (`@acme/events`,
 * depended on by name): a package of its own, written once for whoever calls it.
 */

/** The project files a file imports: ES imports and re-exports, `require` and `import()` of a literal; type-only imports left out. */
export function importedFiles(sourceFile: ts.SourceFile, checker: ts.TypeChecker, known: ReadonlySet<string>): string[] {
  const t = analyzerTs();
  const specifiers: ts.StringLiteralLike[] = [];
  for (const statement of sourceFile.statements) {
    if (t.isImportDeclaration(statement) && statement.importClause?.phaseModifier !== t.SyntaxKind.TypeKeyword && t.isStringLiteralLike(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings;
      const onlyTypes = bindings !== undefined && t.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly) && statement.importClause?.name === undefined;
      if (!onlyTypes) specifiers.push(statement.moduleSpecifier);
    } else if (t.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier && t.isStringLiteralLike(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier);
    } else if (t.isImportEqualsDeclaration(statement) && !statement.isTypeOnly && t.isExternalModuleReference(statement.moduleReference) && t.isStringLiteralLike(statement.moduleReference.expression)) {
      specifiers.push(statement.moduleReference.expression);
    }
  }
  const text = sourceFile.text;
  if (text.includes('require(') || text.includes('import(')) {
    walk(t, sourceFile, (node) => {
      if (t.isCallExpression(node) && node.arguments.length >= 1 && t.isStringLiteralLike(node.arguments[0]!)) {
        const isRequire = t.isIdentifier(node.expression) && node.expression.text === 'require';
        if (isRequire || node.expression.kind === t.SyntaxKind.ImportKeyword) specifiers.push(node.arguments[0]);
      }
      return true;
    });
  }
  const found = new Set<string>();
  for (const specifier of specifiers) {
    const file = resolvedByChecker(specifier, checker) ?? resolvedRelative(sourceFile.fileName, specifier.text, known);
    if (file !== undefined && known.has(file)) found.add(file);
  }
  return [...found].sort();
}

function resolvedByChecker(specifier: ts.StringLiteralLike, checker: ts.TypeChecker): string | undefined {
  try {
    const symbol = checker.getSymbolAtLocation(specifier);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return declaration !== undefined && analyzerTs().isSourceFile(declaration) ? path.normalize(declaration.fileName) : undefined;
  } catch {
    return undefined;
  }
}

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** A relative specifier the checker does not follow (`require` in a TypeScript file): as Node finds it among the project files. */
function resolvedRelative(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.[cm]?js$/, '');
  for (const candidate of [...EXTENSIONS.map((extension) => base + extension), ...EXTENSIONS.slice(1).map((extension) => stem + extension), ...EXTENSIONS.slice(1).map((extension) => path.join(base, `index${extension}`))]) {
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The services with the deepest folder holding a file (several when services share that folder): a map of
 * service folders walked from the file's own folder upwards, so each lookup costs the file's depth, not the
 * number of services (comparing every file with every service root grew with the square of the repository).
 */
export function folderOwnerLookup<Owner extends { readonly root: string }>(services: readonly Owner[]): (file: string) => readonly Owner[] {
  const byRoot = new Map<string, Owner[]>();
  for (const service of services) {
    const root = path.resolve(service.root);
    byRoot.set(root, [...(byRoot.get(root) ?? []), service]);
  }
  return (file) => {
    for (let folder = path.resolve(file); ; ) {
      const found = byRoot.get(folder);
      if (found !== undefined) return found;
      const parent = path.dirname(folder);
      if (parent === folder) return [];
      folder = parent;
    }
  };
}

/**
 * The owners of each file (absolute path -> services, the first being the one its folder names or the
 * first by name), given each file's imports. `rootService` owns what nothing else does, and shares what
 * the files only it holds reach.
 */
export function ownersOfFiles(
  files: readonly string[],
  importsOf: (file: string) => readonly string[],
  services: readonly ServiceDefinition[],
  rootService: ServiceDefinition,
  libraryRoots: readonly string[] = [],
): Map<string, ServiceDefinition[]> {
  const folderOwners = folderOwnerLookup(services);
  const byFolder = new Map(files.map((file) => [file, [...folderOwners(file)]]));
  const libraryOf = folderOwnerLookup(libraryRoots.map((root) => ({ root })));
  const inLibrary = (file: string) => libraryOf(file).length > 0;
  // Where a service's reach may go: its own folder, a folder it shares, or outside every service.
  const mayEnter = (service: ServiceDefinition, file: string) => {
    const owners = byFolder.get(file) ?? [];
    return owners.length === 0 || owners.includes(service);
  };
  // Where each service's reach starts: its entry files and the files its folder alone holds.
  const startsOf = new Map<ServiceDefinition, string[]>(services.map((service) => [service, []]));
  const entryOwners = new Map<string, ServiceDefinition[]>();
  for (const service of services) {
    for (const entry of new Set(service.entries ?? [])) entryOwners.set(entry, [...(entryOwners.get(entry) ?? []), service]);
  }
  for (const file of files) {
    const owners = byFolder.get(file)!;
    const starters = new Set([...(owners.length === 1 ? owners : []), ...(entryOwners.get(file) ?? [])]);
    for (const service of starters) startsOf.get(service)?.push(file);
  }
  const reached = new Map<string, Set<ServiceDefinition>>();
  for (const service of services) {
    const starts = startsOf.get(service)!;
    const seen = new Set<string>(starts);
    const queue = [...starts];
    while (queue.length > 0) {
      const file = queue.pop()!;
      reached.set(file, (reached.get(file) ?? new Set()).add(service));
      for (const imported of importsOf(file)) {
        if (seen.has(imported) || !mayEnter(service, imported)) continue;
        seen.add(imported);
        queue.push(imported);
      }
    }
  }
  // The repository's own code (a root package whose `src/` the services also import) reaches the same
  // way, from the files no service holds or reaches: what both reach runs in both.
  const rootReached = rootReach(rootGraphOf(files, importsOf, services, libraryRoots), (file) => reached.has(file));
  const owners = new Map<string, ServiceDefinition[]>();
  for (const file of files) {
    const folder = byFolder.get(file)!;
    if (folder.length === 1 || (folder.length === 0 && inLibrary(file))) {
      owners.set(file, folder.length === 1 ? folder : [rootService]);
      continue;
    }
    const reachers = [...services.filter((service) => reached.get(file)?.has(service) === true), ...(rootReached.has(file) ? [rootService] : [])];
    if (reachers.length > 0) owners.set(file, reachers);
    else if (folder.length > 1) owners.set(file, [folder.find((service) => path.basename(service.root) === service.name) ?? folder[0]!]);
    else owners.set(file, [rootService]);
  }
  return owners;
}

/**
 * The files the repository's own service may run (in no service's folder, in no library package), each
 * with the files of the same kind it imports: the graph its reach walks. A part keeps its own files' share
 * of it, so a merge walks it again over every part.
 */
export function rootGraphOf(
  files: readonly string[],
  importsOf: (file: string) => readonly string[],
  services: readonly ServiceDefinition[],
  libraryRoots: readonly string[] = [],
): Map<string, string[]> {
  const folderOwners = folderOwnerLookup(services);
  const libraryOf = folderOwnerLookup(libraryRoots.map((root) => ({ root })));
  const candidates = new Set(files.filter((file) => folderOwners(file).length === 0 && libraryOf(file).length === 0));
  return new Map([...candidates].map((file) => [file, importsOf(file).filter((imported) => candidates.has(imported))]));
}

/** What the root reaches in `graph`, starting from the files no service runs. */
export function rootReach(graph: ReadonlyMap<string, readonly string[]>, served: (file: string) => boolean): Set<string> {
  const seen = new Set([...graph.keys()].filter((file) => !served(file)));
  const queue = [...seen];
  while (queue.length > 0) {
    for (const imported of graph.get(queue.pop()!) ?? []) {
      if (seen.has(imported)) continue;
      seen.add(imported);
      queue.push(imported);
    }
  }
  return seen;
}
