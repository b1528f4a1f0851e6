import { type AnalysisResult, type Diagnostic, type Finding, type Interaction, type Route, SCHEMA_VERSION, type Service } from '../core/model/result.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import { pairRequestsAndReplies } from '../core/graph/request-reply.js';
import { compareStrings } from '../core/model/compare.js';
import { readDisableDirectives } from '../gate/disable-comments.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { type AnalyzeOptions, type DiscoveredProject, discoverProject } from './discover.js';
import { readEnvFile } from './dotenv.js';
import type { Observation } from './files.js';
import { httpLinks, identify, inFieldOrder, toInteractions } from './interactions.js';
import { configHashOf, deepestFolder, filesOfPackage, mergeParts, normalFolder, packageFolders, PART_FORMAT, type PartialResult } from './part.js';
import { type PortTable, preparePlacement } from './placement.js';
import { analyzerTs } from './project.js';
import { notUnderstood } from './result.js';
import { scanServiceFacts } from './service-facts.js';
import { silentClientNotes } from './silent-clients.js';
import { withProjectReplies } from './replies.js';
import type { ScannedFile } from './scanned-file.js';
import type { UnparsedFile } from './service-facts.js';
import type { ServiceDefinition } from './services.js';
import { fieldsGivenByCallers, fileFindings, keysAtCalls, messagesAtCalls, type SendAtCallSite } from './wrapper-sends.js';

export type { AnalyzeOptions } from './discover.js';

export interface AnalyzePartOptions extends AnalyzeOptions {
  /** A package or service folder relative to the root: only its files are analysed (and what they import, for values). */
  readonly package?: string;
  /** Told of every file the part's analysis reads or probes after discovery (cache.ts keys parts by them). */
  readonly observe?: (observation: Observation) => void;
}

/**
 * Analyses a repository: finds its services, scans every source file that can have facts once with the
 * shared engine (files-that-matter.ts),
 * resolves values with each service's environment, links calls to services, runs the checks.
 * Never executes the analysed code and never writes anything. It is the project stage (part.ts) over one
 * part holding every file, so a merge of per-package parts goes through the same code.
 */
export async function analyzeProject(options: AnalyzeOptions): Promise<AnalysisResult> {
  return mergeParts([await analyzePart(options)]);
}

/**
 * The part of one package (`options.package`), or of every file: each stage has its own file: discover
 * (config, workspace, compose, Kubernetes, services, files), service facts (each file scanned once, env
 * files its service loads, transports), placement (wrapper parameters bound at their callers, targets,
 * routes), interactions (sorted, with ids). Discovery runs on the whole repository in every part; the
 * program holds the part's files and what they import. Only discovery and the env-file reader read the
 * disk, and only through `ProjectFiles` (files.ts): nothing outside the analysed folder is read.
 */
export async function analyzePart(options: AnalyzePartOptions, discovered?: DiscoveredProject): Promise<PartialResult> {
  const project = discovered === undefined ? await discoverProject(options) : forPart(discovered);
  const discoveryNotes = project.diagnostics.length;
  project.projectFiles.observer = options.observe;
  const own = options.package === undefined ? project.files : filesOfPackage(project, options.package);
  const scanned = scanServiceFacts(project, (file, reference) => readEnvFile(project.projectFiles, file, reference), own);
  const { files, repliesAt } = withProjectReplies(project, scanned);
  const facts = { ...scanned, files };
  const { placer, routes, ports } = preparePlacement(project, facts);
  const callSites: SendAtCallSite[] = [];
  const atCalls = {
    messagesAt: messagesAtCalls(facts.detectors, facts.resolution.evaluator, facts.resolution.messageScan),
    repliesAt,
    fieldsGiven: fieldsGivenByCallers(facts.resolution.evaluator, facts.resolution.messageScan),
    keyAt: keysAtCalls(facts.resolution.evaluator, facts.resolution.messageScan),
    fieldSites: [],
  };
  const placed = identify(facts.files.flatMap((file) => toInteractions(file, placer, callSites, atCalls)));
  const { interactionIds } = placed;
  const interactions = pairRequestsAndReplies(placed.interactions).map(inFieldOrder);
  const findings = fileFindings(facts.files, project.rules, interactions, interactionIds, callSites, atCalls.fieldSites);
  project.diagnostics.push(...silentClientNotes(facts.files, interactions, facts.detectors, facts.resolution.context.checker));

  project.projectFiles.observer = undefined;
  return partOf(project, options.package, own, { scanned: facts.scanned, files: facts.files, interactions: placed.interactions, routes, findings, ports, discoveryNotes, rootImports: facts.rootImports, unparsed: facts.unparsed });
}

/**
 * A project already discovered, for one more part (cache.ts analyses every package of one discovery): its
 * own notes, what discovery found shared. Discovering again per part made a cold `--cache` run quadratic.
 */
function forPart(discovered: DiscoveredProject): DiscoveredProject {
  const diagnostics = [...discovered.diagnostics];
  return { ...discovered, diagnostics, projectFiles: discovered.projectFiles.fork(diagnostics) };
}

interface PartStages {
  readonly scanned: readonly ScannedFile[];
  readonly files: readonly ScannedFile[];
  readonly interactions: readonly Interaction[];
  readonly routes: readonly Route[];
  readonly findings: readonly Finding[];
  readonly ports: PortTable;
  readonly discoveryNotes: number;
  readonly rootImports: ReadonlyMap<string, readonly string[]>;
  readonly unparsed: readonly UnparsedFile[];
}

/**
 * What a part keeps of its program's results. The program also holds files of other parts (what its files
 * import), where only its own services are known completely: something placed for a service is kept by
 * the part of that service's folder, something of the repository's own service by the part of the file it
 * is in (merge drops those of a file another part's service turns out to run).
 */
function partOf(project: DiscoveredProject, packageFolder: string | undefined, own: readonly string[], stages: PartStages): PartialResult {
  const folders = new Set(packageFolders(project));
  const part = packageFolder === undefined ? null : normalFolder(packageFolder);
  const ownFiles = new Set(own.map((file) => project.relative(file)));
  const everyFile = relativeFiles(project);
  const root = project.rootService.name;
  const designated = new Set(part === null ? project.services.map((service) => service.name) : project.services.filter((service) => deepestFolder(folders, project.relative(service.root) || '.') === part).map((service) => service.name));
  const keeps = (service: string | null, file: string) => (service === root || service === null ? ownFiles.has(file) : designated.has(service));
  const ownScanned = stages.scanned.filter((file) => ownFiles.has(file.relativePath));
  // Files of every kind, sorted as discovery lists them: those scanned, and those read but not parsed
  // (files-that-matter.ts: they can have no facts, but they count, have owners and disable comments).
  const everyKind = [...stages.files.map((file) => ({ relativePath: file.relativePath, text: file.sourceFile.text, services: file.services })), ...stages.unparsed].sort((a, b) =>
    compareStrings(a.relativePath, b.relativePath),
  );
  const ownTexts = everyKind.filter((file) => ownFiles.has(file.relativePath));
  const servedFiles = everyKind.filter((file) => !ownFiles.has(file.relativePath) && file.services.some((service) => designated.has(service.name)));
  const head = discoveredHead(project, project.diagnostics.slice(0, stages.discoveryNotes));
  return {
    format: PART_FORMAT,
    version: PACKAGE_VERSION,
    schemaVersion: SCHEMA_VERSION,
    repository: head.repository,
    configHash: configHashOf(project),
    package: part,
    files: ownTexts.map((file) => file.relativePath),
    services: head.services,
    rootService: head.rootService,
    rootFiles: everyKind.filter((file) => ownFiles.has(file.relativePath) && file.services.some((service) => service.name === project.rootService.name && service.root === project.rootService.root)).map((file) => file.relativePath),
    servedFiles: servedFiles.map((file) => file.relativePath),
    rootImports: [...stages.rootImports].filter(([file]) => ownFiles.has(file)).sort(([a], [b]) => compareStrings(a, b)).map(([file, imported]) => [file, [...imported].sort(compareStrings)]),
    rules: head.rules,
    interactions: stages.interactions.filter((interaction) => keeps(interaction.service, interaction.location.file)),
    httpLinks: stages.interactions.flatMap((interaction) => {
      const link = httpLinks.get(interaction);
      return link !== undefined && keeps(interaction.service, interaction.location.file) ? [[interaction.id, link] as const] : [];
    }),
    ports: {
      published: [...stages.ports.published].flatMap(([port, candidates]) => candidates.map((candidate) => [port, candidate] as const)),
      // The servers of this part's services; another part's, seen through an import, may lack their env files.
      listening: [...stages.ports.listening].flatMap(([port, candidates]) => candidates.filter((candidate) => candidate.name === root || designated.has(candidate.name)).map((candidate) => [port, candidate] as const)),
    },
    routes: stages.routes.filter((route) => keeps(route.service, route.location.file)),
    fileFindings: stages.findings.filter((finding) => keeps(finding.service, finding.location.file)),
    discoveryDiagnostics: head.discoveryDiagnostics,
    // Notes on a file of another part are that part's to make; notes on other files (configs, env files) are the same wherever made.
    diagnostics: project.diagnostics
      .slice(stages.discoveryNotes)
      .filter((diagnostic) => (diagnostic.silentClient ? keeps(diagnostic.silentClient.service, diagnostic.file) && (ownFiles.has(diagnostic.file) || diagnostic.silentClient.service !== root) : ownFiles.has(diagnostic.file) || !everyFile.has(diagnostic.file))),
    disableDirectives: ownTexts.flatMap((file) => {
      const { text } = file;
      // Most files have none: only those that may are read for them.
      const directives = text.includes('eslint-disable') || text.includes('service-map') ? readDisableDirectives(file.relativePath, text) : [];
      return directives.length > 0 ? [[file.relativePath, directives] as const] : [];
    }),
    notUnderstood: notUnderstood(ownScanned.map((file) => fileIndexOf(analyzerTs(), file.sourceFile).importedModules)),
  };
}

/**
 * What every part of one discovery holds the same: discovery's services, its notes, the rules. A kept part
 * (cache.ts) must hold exactly this, whoever wrote it.
 */
export function discoveredHead(project: DiscoveredProject, discoveryDiagnostics: readonly Diagnostic[]): Pick<PartialResult, 'repository' | 'services' | 'rootService' | 'rules' | 'discoveryDiagnostics'> {
  return {
    repository: project.rootService.name,
    services: project.services.map((service) => serviceOf(project, service)).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root)),
    rootService: serviceOf(project, project.rootService),
    rules: [...project.rules].sort(([a], [b]) => compareStrings(a, b)),
    discoveryDiagnostics,
  };
}

const relativeFilesOf = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Every source file of the project by its relative path, once per discovery (not once per part). */
function relativeFiles(project: DiscoveredProject): ReadonlySet<string> {
  let files = relativeFilesOf.get(project.files);
  if (files === undefined) {
    files = new Set(project.files.map((file) => project.relative(file)));
    relativeFilesOf.set(project.files, files);
  }
  return files;
}

function serviceOf(project: DiscoveredProject, service: ServiceDefinition): Service {
  return { name: service.name, root: project.relative(service.root) || '.', source: service.source, hosts: service.hosts };
}
