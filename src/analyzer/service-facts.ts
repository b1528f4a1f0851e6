import path from 'node:path';
import { packageOfDeclarationFile } from '../core/engine/client-tables.js';
import { createResolution, scanSourceFile } from '../core/engine/scan-source-file.js';
import type { Detector } from '../core/engine/detector.js';
import { detectorsWith } from '../core/host.js';
import { knownString, substituteEnv } from '../core/model/value.js';
import type { DiscoveredProject } from './discover.js';
import { analyzerTs, createAnalysisProgram } from './project.js';
import { unfollowedRequires } from './requires.js';
import type { ScannedFile } from './scanned-file.js';
import { importedFiles, ownersOfFiles, rootGraphOf } from './ownership.js';
import { isLibrary, type ServiceDefinition } from './services.js';
import { mentionTest, type TextListings } from './files-that-matter.js';
import { NOT_UNDERSTOOD_LIBRARIES } from '../core/detectors/not-understood.js';
import { GLOBAL_CLIENTS } from '../core/detectors/fetch.js';
import type { WrapperSpec } from '../core/detectors/configured-wrappers.js';

/*
 * The second stage: every source file scanned once with the shared engine, in the service that owns it,
 * and what the service as a whole says about its files (the env files its code loads, the transports it
 * speaks and listens on).
 */

/**
 * Reads an env file's variables (`KEY=value`), in file order; empty when there is no such file or it may not
 * be read. `reference` says where the path was written, for the note when it is refused.
 */
export type EnvFileReader = (file: string, reference?: { readonly from: string; readonly as: string }) => ReadonlyMap<string, string>;

/** A file read but not parsed (files-that-matter.ts): it can have no facts, but it is counted, owned and read for disable comments. */
export interface UnparsedFile {
  readonly relativePath: string;
  readonly text: string;
  readonly services: readonly ServiceDefinition[];
}

export interface ServiceFacts {
  /** Every scanned file, with its service's environment as deployment files define it. */
  readonly scanned: readonly ScannedFile[];
  /**
   * The files read but left out of the program, since they can have no facts (files-that-matter.ts), with
   * the services that own them.
   */
  readonly unparsed: readonly UnparsedFile[];
  /** The same files with the env files their service's code loads and its transports applied. */
  readonly files: readonly ScannedFile[];
  readonly detectors: readonly Detector[];
  /** The engine's cross-file resolution over the same program. */
  readonly resolution: ReturnType<typeof createResolution>;
  /** The files the repository's own service may run, with those of them each imports (ownership.ts). */
  readonly rootImports: ReadonlyMap<string, readonly string[]>;
}

/** Scans the discovered source files and applies what each service's code says about all of its files. */
export function scanServiceFacts(project: DiscoveredProject, readEnvFile: EnvFileReader, programFiles: readonly string[] = project.files): ServiceFacts {
  const { relative, diagnostics, services, rootService } = project;
  const detectors = detectorsWith(project.config.wrappers);
  // A part's program holds its own files that matter; the compiler adds the project files they import, which are scanned too.
  const { sourceFiles, mayHaveFacts, listings } = selectionOf(project);
  const { program, texts, imports: listedImports } = createAnalysisProgram(
    project.projectFiles,
    programFiles,
    project.layout.packages,
    { sourceFiles, mayHaveFacts, listings, parsed: project.parsed },
    project.containerModules,
  );
  const checker = program.getTypeChecker();
  const projectSourceFiles = project.files.flatMap((file) => program.getSourceFile(file) ?? []);
  const projectFiles = () => projectSourceFiles;
  // Which packages' declaration files the checker can see: none when node_modules is absent, and then
  // the engine does not ask it about library types.
  const declaredPackages = new Set(program.getSourceFiles().flatMap((file) => packageOfDeclarationFile(file.fileName) ?? []));
  const scannedFiles: Omit<ScannedFile, 'service' | 'services'>[] = [];
  for (const file of project.files) {
    const sourceFile = program.getSourceFile(file);
    // Not in the program: another part's file that this one does not import, a file that cannot have facts
    // (files-that-matter.ts), or unreadable, refused or too deep to parse, and createAnalysisProgram said why.
    if (sourceFile === undefined) continue;
    const relativePath = relative(file);
    const syntaxError = program.getSyntacticDiagnostics(sourceFile)[0];
    if (syntaxError) {
      const line = sourceFile.getLineAndCharacterOfPosition(syntaxError.start).line + 1;
      const message = analyzerTs().flattenDiagnosticMessageText(syntaxError.messageText, ' ');
      diagnostics.push({ file: relativePath, line, message: `does not parse, skipped: ${message}` });
      continue;
    }
    const facts = scanWithinStack(relativePath, diagnostics, () => scanSourceFile({
      projectFiles,
      declaredPackages,
      detectors,
      ts: analyzerTs(),
      // typescript-eslint sees two declarations of TypeScript's enums here (ts-morph's bundled copy and the
      // `typescript` package); both are 6.0 with the same values (project.ts).
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
      sourceFile,
      checker,
      onDetectorError: (error, detector) =>
        diagnostics.push({ file: relativePath, message: `the ${detector.library} detector failed on this file: ${error instanceof Error ? error.message : String(error)}` }),
    }));
    if (facts === undefined) continue;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
    diagnostics.push(...unfollowedRequires(sourceFile, relativePath, checker, (name) => program.getSourceFile(name) !== undefined || texts.has(path.resolve(name))));
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
    scannedFiles.push({ relativePath, sourceFile, facts });
  }
  // Files read but not parsed are code a service runs all the same: they take part in who owns what.
  const unparsedFiles = [...texts.keys()].filter((file) => sourceFiles.has(file) && program.getSourceFile(file) === undefined);
  const known = new Set([...scannedFiles.map((file) => path.normalize(file.sourceFile.fileName)), ...unparsedFiles]);
  const imports = new Map([
    ...unparsedFiles.map((file) => [file, (listedImports.get(file) ?? []).filter((imported) => known.has(imported))] as const),
    ...scannedFiles.map((file) => [path.normalize(file.sourceFile.fileName), importedFiles(file.sourceFile, checker, known)] as const),
  ]);
  const libraryRoots = project.layout.packages.filter((pkg) => isLibrary(pkg, project.layout.packages)).map((pkg) => pkg.root);
  const owners = ownersOfFiles([...known], (file) => imports.get(file) ?? [], services, rootService, libraryRoots);
  const rootImports = new Map(
    [...rootGraphOf([...known], (file) => imports.get(file) ?? [], services, libraryRoots)].map(([file, imported]) => [relative(file), imported.map(relative)] as const),
  );
  const scanned: ScannedFile[] = scannedFiles.map((file) => {
    const fileOwners = owners.get(path.normalize(file.sourceFile.fileName)) ?? [rootService];
    return { ...file, service: fileOwners[0]!, services: fileOwners };
  });
  const withEnvFiles = withEnvironments(scanned, envFilesLoadedByCode(scanned, readEnvFile));
  return {
    scanned,
    unparsed: unparsedFiles.map((file) => ({ relativePath: relative(file), text: texts.get(file)!, services: owners.get(file) ?? [rootService] })),
    files: applyServiceTransports(withEnvFiles),
    detectors,
    resolution: createResolution(analyzerTs(), checker, detectors, projectFiles, declaredPackages),
    rootImports,
  };
}

interface Selection {
  readonly sourceFiles: ReadonlySet<string>;
  readonly mayHaveFacts: (text: string) => boolean;
  readonly listings: TextListings;
}

const selections = new WeakMap<DiscoveredProject['parsed'], Selection>();

/** The project's source files and the test of what is worth parsing, once per discovery (a `--cache` run has a part per package). */
function selectionOf(project: DiscoveredProject): Selection {
  let selection = selections.get(project.parsed);
  if (selection === undefined) {
    selection = { sourceFiles: new Set(project.files), mayHaveFacts: mayHaveFactsOf(project), listings: new Map() };
    selections.set(project.parsed, selection);
  }
  return selection;
}

/** What makes a file's text worth parsing: a module a detector knows or one not understood, a global client, a configured wrapper. */
export function mayHaveFactsOf(project: DiscoveredProject): (text: string) => boolean {
  const wrappers: readonly WrapperSpec[] = project.config.wrappers ?? [];
  const detectors = detectorsWith(wrappers);
  const tables = detectors.flatMap((detector) => [detector.clients?.constructors, detector.clients?.calls, detector.clients?.injectors, detector.clients?.values, detector.clients?.types]);
  const modules = [...detectors.flatMap((detector) => detector.modules), ...tables.flatMap((table) => (table ?? []).map((entry) => entry.module)), ...NOT_UNDERSTOOD_LIBRARIES];
  return mentionTest(modules, GLOBAL_CLIENTS, wrappers.map((wrapper) => wrapper.function.split('.').at(-1)!));
}

/**
 * A scan that runs out of stack (a file nesting thousands of levels deep) costs that file only: a note, and
 * no facts from it. Anything else that goes wrong is a bug of ours and goes up.
 */
function scanWithinStack<T>(file: string, diagnostics: DiscoveredProject['diagnostics'], scan: () => T): T | undefined {
  try {
    return scan();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    diagnostics.push({ file, message: `too deeply nested to analyse, skipped: ${error.message}` });
    return undefined;
  }
}

/**
 * The variables of the env files a service's code loads (`ConfigModule.forRoot({ envFilePath })`,
 * `dotenv.config({ path })`). Within the files the first that sets a variable wins, as both libraries do.
 * Paths that still depend on an unknown variable are skipped; files outside the repository are never read
 * (the reader refuses them, with a note naming the file that loads them).
 */
function envFilesLoadedByCode(files: readonly ScannedFile[], readEnvFile: EnvFileReader): Map<ServiceDefinition, Map<string, string>> {
  const loaded = new Map<ServiceDefinition, Map<string, string>>();
  for (const file of files) {
    for (const service of file.services) {
      for (const fact of file.facts.envFiles) {
        const variables = loaded.get(service) ?? new Map<string, string>();
        loaded.set(service, variables);
        for (const candidate of fact.files) {
          const known = knownString(substituteEnv(candidate.path, (name) => service.environment.get(name)));
          if (known === undefined || known === '') continue;
          const base = candidate.relativeTo === 'file' ? path.dirname(file.sourceFile.fileName) : service.root;
          const envFile = path.resolve(base, known);
          const reference = { from: file.sourceFile.fileName, as: `env file ${known}` };
          for (const [key, value] of readEnvFile(envFile, reference)) if (!variables.has(key)) variables.set(key, value);
        }
      }
    }
  }
  return loaded;
}

/**
 * Adds the variables of the env files each service's code loads to its environment, below every other
 * source: what a deployment sets wins over a file.
 */
function withEnvironments(files: readonly ScannedFile[], loaded: ReadonlyMap<ServiceDefinition, ReadonlyMap<string, string>>): ScannedFile[] {
  const withFiles = new Map(
    [...loaded].map(([service, variables]) => [service, { ...service, environment: new Map([...variables, ...service.environment]) }] as const),
  );
  return files.map((file) => {
    const services = file.services.map((service) => withFiles.get(service) ?? service);
    return { ...file, service: services[0]!, services };
  });
}

/**
 * NestJS clients typed `ClientProxy` speak whatever transport the service registers elsewhere
 * (`ClientsModule.register`): Kafka when the service mentions Kafka. Handlers (`@EventPattern`) receive only
 * what the servers the service starts listen to (`createMicroservice` / `connectMicroservice` in main.ts):
 * with a Kafka server they are Kafka consumers; with none, or only other transports, they never run on
 * Kafka and are left out of the map.
 */
function applyServiceTransports(files: readonly ScannedFile[]): ScannedFile[] {
  const mentions = new Map<string, Set<string>>();
  const servers = new Map<string, Set<string | undefined>>();
  for (const file of files) {
    for (const service of file.services) {
      const mentioned = mentions.get(service.name) ?? new Set<string>();
      for (const transport of file.facts.transports) mentioned.add(transport);
      mentions.set(service.name, mentioned);
      const started = servers.get(service.name) ?? new Set<string | undefined>();
      for (const server of file.facts.messageServers) started.add(server.transport);
      servers.set(service.name, started);
    }
  }
  return files.map((file) => {
    // A shared module's sends and handlers count when one of the services running it speaks Kafka.
    const speaksKafka = file.services.some((service) => mentions.get(service.name)?.has('kafka') === true);
    const listensOnKafka = file.services.some((service) => {
      const started = servers.get(service.name) ?? new Set<string | undefined>();
      return started.has('kafka') || (started.has(undefined) && mentions.get(service.name)?.has('kafka') === true);
    });
    const produces = file.facts.produces.flatMap((fact) => (fact.transport !== undefined ? [fact] : speaksKafka ? [{ ...fact, transport: 'kafka' }] : []));
    const consumes = file.facts.consumes.flatMap((fact) => (fact.transport !== undefined ? [fact] : listensOnKafka ? [{ ...fact, transport: 'kafka' }] : []));
    return { ...file, facts: { ...file.facts, produces, consumes } };
  });
}
