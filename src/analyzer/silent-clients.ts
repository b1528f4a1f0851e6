import path from 'node:path';
import type ts from 'typescript';
import { clientImports } from '../core/engine/client-imports.js';
import type { Detector } from '../core/engine/detector.js';
import { walk } from '../core/engine/ast.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import type { Diagnostic, Interaction } from '../core/model/result.js';
import { analyzerTs } from './project.js';
import type { ScannedFile } from './scanned-file.js';

const WHAT: Record<'kafka' | 'http', string> = { kafka: 'Kafka produce or consume', http: 'HTTP call' };

/**
 * No silent zero: a file that imports a Kafka or HTTP client library, in a service where nothing of that
 * kind was found, gets a note naming the file and the import. An empty map then says why it may be empty
 * (a client built through a table, a method picked at run time) instead of passing for a service that talks
 * to nobody. Imports used only in types, through helpers or to administer topics are not clients
 * (`clientImports`).
 */
export function silentClientNotes(
  files: readonly ScannedFile[],
  interactions: readonly Interaction[],
  detectors: readonly Detector[],
  checker: ts.TypeChecker | undefined,
): Diagnostic[] {
  const kindsByService = new Map<string, Set<'kafka' | 'http'>>();
  for (const interaction of interactions) {
    const kinds = kindsByService.get(interaction.service) ?? new Set();
    kinds.add(interaction.kind === 'http' ? 'http' : 'kafka');
    kindsByService.set(interaction.service, kinds);
  }
  const servicesUsing = importingServices(files, checker);
  const notes: Diagnostic[] = [];
  for (const file of files) {
    const clients = clientImports(analyzerTs(), fileIndexOf(analyzerTs(), file.sourceFile), detectors);
    // Most files import no client: the walk over their importers is only made for those that do.
    if (clients.length === 0) continue;
    // Its own service found clients of each kind it imports: nothing can be silent here.
    if (clients.every((client) => kindsByService.get(file.service.name)?.has(client.kind) === true)) continue;
    // A shared module (a client factory in `shared/kafka.js`) is used by the services that import it.
    const services = servicesUsing(file);
    for (const client of clients) {
      if (services.some((service) => kindsByService.get(service)?.has(client.kind) === true)) continue;
      const line = file.sourceFile.getLineAndCharacterOfPosition(client.node.getStart(file.sourceFile)).line + 1;
      notes.push({
        file: file.relativePath,
        line,
        message: `imports ${client.module}, but no ${WHAT[client.kind]} was found in service '${file.service.name}': its clients are made or called in a way service-map cannot follow (a client or method picked at run time, a table of factories), so the map may be missing them`,
        silentClient: { service: file.service.name, module: client.module },
      });
    }
  }
  return notes;
}

/**
 * The services a file is code of: its own, and those of the files that import it, directly or through other
 * modules (re-exports of a shared package's index included), as the checker resolves the imports.
 */
function importingServices(files: readonly ScannedFile[], checker: ts.TypeChecker | undefined): (file: ScannedFile) => string[] {
  // Built when first asked: most runs find every client library in use and never ask.
  let importers: Map<string, ScannedFile[]> | undefined;
  const importersOf = () => {
    if (importers !== undefined) return importers;
    importers = new Map<string, ScannedFile[]>();
    const byPath = new Map(files.map((file) => [file.sourceFile.fileName, file]));
    if (checker !== undefined) {
      for (const file of files) {
        for (const imported of importedFiles(file.sourceFile, checker)) {
          if (!byPath.has(imported) || imported === file.sourceFile.fileName) continue;
          const list = importers.get(imported);
          if (list === undefined) importers.set(imported, [file]);
          else list.push(file);
        }
      }
    }
    return importers;
  };
  return (file) => {
    const services = new Set([file.service.name]);
    const seen = new Set([file.sourceFile.fileName]);
    const queue = [file.sourceFile.fileName];
    // for-of visits what the loop appends: a breadth-first walk without shifting the queue.
    for (const current of queue) {
      for (const importer of importersOf().get(current) ?? []) {
        if (seen.has(importer.sourceFile.fileName)) continue;
        seen.add(importer.sourceFile.fileName);
        services.add(importer.service.name);
        queue.push(importer.sourceFile.fileName);
      }
    }
    return [...services];
  };
}

/** The files a source file imports, re-exports or requires, as the checker resolves their specifiers. */
function importedFiles(sourceFile: ts.SourceFile, checker: ts.TypeChecker): string[] {
  const t = analyzerTs();
  const specifiers: ts.Expression[] = [];
  const paths: string[] = [];
  walk(t, sourceFile, (node) => {
    if ((t.isImportDeclaration(node) || t.isExportDeclaration(node)) && node.moduleSpecifier) specifiers.push(node.moduleSpecifier);
    else if (t.isImportEqualsDeclaration(node) && t.isExternalModuleReference(node.moduleReference)) specifiers.push(node.moduleReference.expression);
    else if (t.isCallExpression(node) && node.arguments.length === 1) {
      const callee = node.expression;
      const argument = node.arguments[0]!;
      const isRequire = (t.isIdentifier(callee) && callee.text === 'require') || callee.kind === t.SyntaxKind.ImportKeyword;
      if (isRequire && t.isStringLiteralLike(argument)) specifiers.push(argument);
      else if (isRequire) paths.push(...besideFile(sourceFile, argument));
    }
    return true;
  });
  const files: string[] = [...paths];
  for (const specifier of specifiers) {
    try {
      const declaration = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
      if (declaration !== undefined && t.isSourceFile(declaration)) files.push(declaration.fileName);
    } catch {
      // An import the checker cannot resolve says nothing.
    }
  }
  return files;
}

const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'];

/**
 * `require(path.join(__dirname, '../shared/kafka'))`: the candidate files a path built from the file's own
 * folder names (with the extensions and `index` files Node would try).
 */
function besideFile(sourceFile: ts.SourceFile, argument: ts.Expression): string[] {
  const t = analyzerTs();
  if (!t.isCallExpression(argument) || !t.isPropertyAccessExpression(argument.expression)) return [];
  if (!['join', 'resolve'].includes(argument.expression.name.text)) return [];
  const [first, ...rest] = argument.arguments;
  if (first === undefined || !t.isIdentifier(first) || first.text !== '__dirname' || !rest.every((part) => t.isStringLiteralLike(part))) return [];
  const base = path.posix.join(path.posix.dirname(sourceFile.fileName), ...rest.map((part) => (part).text));
  return [...EXTENSIONS.map((extension) => base + extension), ...EXTENSIONS.slice(1).map((extension) => `${base}/index${extension}`)];
}
