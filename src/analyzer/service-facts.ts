import path from 'node:path';
import { createResolution, scanSourceFile } from '../core/engine/scan-source-file.js';
import type { Detector } from '../core/engine/detector.js';
import { detectorsWith } from '../core/host.js';
import { knownString, substituteEnv } from '../core/model/value.js';
import type { DiscoveredProject } from './discover.js';
import { analyzerTs, createAnalysisProject } from './project.js';
import { unfollowedRequires } from './requires.js';
import type { ScannedFile } from './scanned-file.js';
import { isInside, type ServiceDefinition, serviceOfFile } from './services.js';

/*
 * The second stage: every source file scanned once with the shared engine, in the service that owns it,
 * and what the service as a whole says about its files (the env files its code loads, the transports it
 * speaks and listens on).
 */

/** Reads an env file's variables (`KEY=value`), in file order; empty when there is no such file. */
export type EnvFileReader = (file: string) => ReadonlyMap<string, string>;

export interface ServiceFacts {
  /** Every scanned file, with its service's environment as deployment files define it. */
  readonly scanned: readonly ScannedFile[];
  /** The same files with the env files their service's code loads and its transports applied. */
  readonly files: readonly ScannedFile[];
  readonly detectors: readonly Detector[];
  /** The engine's cross-file resolution over the same program. */
  readonly resolution: ReturnType<typeof createResolution>;
}

/** Scans the discovered source files and applies what each service's code says about all of its files. */
export function scanServiceFacts(project: DiscoveredProject, readEnvFile: EnvFileReader): ServiceFacts {
  const { root, relative, diagnostics, services, rootService } = project;
  const analysisProject = createAnalysisProject(root, project.files, project.layout.packages, project.containerModules);
  const program = analysisProject.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const projectSourceFiles = project.files.flatMap((file) => program.getSourceFile(file) ?? []);
  const detectors = detectorsWith(project.config.wrappers);
  const projectFiles = () => projectSourceFiles;
  const scanned: ScannedFile[] = [];
  for (const file of project.files) {
    const sourceFile = program.getSourceFile(file);
    const relativePath = relative(file);
    if (sourceFile === undefined) {
      diagnostics.push({ file: relativePath, message: 'could not be read' });
      continue;
    }
    const syntaxError = program.getSyntacticDiagnostics(sourceFile)[0];
    if (syntaxError) {
      const line = sourceFile.getLineAndCharacterOfPosition(syntaxError.start).line + 1;
      const message = analyzerTs.flattenDiagnosticMessageText(syntaxError.messageText, ' ');
      diagnostics.push({ file: relativePath, line, message: `does not parse, skipped: ${message}` });
      continue;
    }
    const facts = scanSourceFile({
      projectFiles,
      detectors,
      ts: analyzerTs,
      // typescript-eslint sees two declarations of TypeScript's enums here (ts-morph's bundled copy and the
      // `typescript` package); both are 6.0 with the same values (project.ts).
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
      sourceFile,
      checker,
      onDetectorError: (error, detector) =>
        diagnostics.push({ file: relativePath, message: `the ${detector.library} detector failed on this file: ${error instanceof Error ? error.message : String(error)}` }),
    });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
    diagnostics.push(...unfollowedRequires(sourceFile, relativePath, checker, (name) => program.getSourceFile(name) !== undefined));
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
    scanned.push({ relativePath, sourceFile, service: serviceOfFile(services, file) ?? rootService, facts });
  }
  const withEnvFiles = withEnvironments(scanned, envFilesLoadedByCode(root, scanned, readEnvFile));
  return {
    scanned,
    files: applyServiceTransports(withEnvFiles),
    detectors,
    resolution: createResolution(analyzerTs, checker, detectors, projectFiles),
  };
}

/**
 * The variables of the env files a service's code loads (`ConfigModule.forRoot({ envFilePath })`,
 * `dotenv.config({ path })`). Within the files the first that sets a variable wins, as both libraries do.
 * Paths that still depend on an unknown variable are skipped, and files outside the repository are never read.
 */
function envFilesLoadedByCode(root: string, files: readonly ScannedFile[], readEnvFile: EnvFileReader): Map<ServiceDefinition, Map<string, string>> {
  const loaded = new Map<ServiceDefinition, Map<string, string>>();
  for (const file of files) {
    for (const fact of file.facts.envFiles) {
      const variables = loaded.get(file.service) ?? new Map<string, string>();
      loaded.set(file.service, variables);
      for (const candidate of fact.files) {
        const known = knownString(substituteEnv(candidate.path, (name) => file.service.environment.get(name)));
        if (known === undefined || known === '') continue;
        const base = candidate.relativeTo === 'file' ? path.dirname(file.sourceFile.fileName) : file.service.root;
        const envFile = path.resolve(base, known);
        if (!isInside(root, envFile)) continue;
        for (const [key, value] of readEnvFile(envFile)) if (!variables.has(key)) variables.set(key, value);
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
    const service = withFiles.get(file.service);
    return service ? { ...file, service } : file;
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
    const mentioned = mentions.get(file.service.name) ?? new Set<string>();
    for (const transport of file.facts.transports) mentioned.add(transport);
    mentions.set(file.service.name, mentioned);
    const started = servers.get(file.service.name) ?? new Set<string | undefined>();
    for (const server of file.facts.messageServers) started.add(server.transport);
    servers.set(file.service.name, started);
  }
  return files.map((file) => {
    const speaksKafka = mentions.get(file.service.name)?.has('kafka') === true;
    const started = servers.get(file.service.name) ?? new Set<string | undefined>();
    const listensOnKafka = started.has('kafka') || (started.has(undefined) && speaksKafka);
    const produces = file.facts.produces.flatMap((fact) => (fact.transport !== undefined ? [fact] : speaksKafka ? [{ ...fact, transport: 'kafka' }] : []));
    const consumes = file.facts.consumes.flatMap((fact) => (fact.transport !== undefined ? [fact] : listensOnKafka ? [{ ...fact, transport: 'kafka' }] : []));
    return { ...file, facts: { ...file.facts, produces, consumes } };
  });
}
