import path from 'node:path';
import type { AnalysisResult, Service } from '../core/model/result.js';
import { fileIndexOf } from '../core/engine/scan-source-file.js';
import { pairRequestsAndReplies } from '../core/graph/request-reply.js';
import { compareStrings } from '../core/model/compare.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { type AnalyzeOptions, type DiscoveredProject, discoverProject } from './discover.js';
import { readEnvFile } from './dotenv.js';
import { identify, inFieldOrder, toInteractions } from './interactions.js';
import { configHashOf, filesOfPackage, mergeParts, PART_FORMAT, type PartialResult } from './part.js';
import { preparePlacement } from './placement.js';
import { analyzerTs } from './project.js';
import { notUnderstood } from './result.js';
import { scanServiceFacts } from './service-facts.js';
import { silentClientNotes } from './silent-clients.js';
import { withProjectReplies } from './replies.js';
import type { ServiceDefinition } from './services.js';
import { fileFindings, messagesAtCalls, type SendAtCallSite } from './wrapper-sends.js';

export type { AnalyzeOptions } from './discover.js';

export interface AnalyzePartOptions extends AnalyzeOptions {
  /** A package or service folder relative to the root: only its files are analysed (and what they import, for values). */
  readonly package?: string;
}

/**
 * Analyses a repository: finds its services, scans every source file once with the shared engine,
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
export async function analyzePart(options: AnalyzePartOptions): Promise<PartialResult> {
  const project = await discoverProject(options);
  const discoveryNotes = project.diagnostics.length;
  const own = options.package === undefined ? project.files : filesOfPackage(project, options.package);
  const scanned = scanServiceFacts(project, (file, reference) => readEnvFile(project.projectFiles, file, reference), own);
  const { files, repliesAt } = withProjectReplies(project, scanned);
  const facts = { ...scanned, files };
  const { placer, routes } = preparePlacement(project, facts);
  const callSites: SendAtCallSite[] = [];
  const atCalls = { messagesAt: messagesAtCalls(facts.detectors, facts.resolution.evaluator, facts.resolution.messageScan), repliesAt };
  const placed = identify(facts.files.flatMap((file) => toInteractions(file, placer, callSites, atCalls)));
  const { interactionIds } = placed;
  const interactions = pairRequestsAndReplies(placed.interactions).map(inFieldOrder);
  const findings = fileFindings(facts.files, project.rules, interactions, interactionIds, callSites);
  project.diagnostics.push(...silentClientNotes(facts.files, interactions, facts.detectors, facts.resolution.context.checker));

  const ownSet = new Set(own);
  const ownScanned = facts.scanned.filter((file) => ownSet.has(path.normalize(file.sourceFile.fileName)));
  const ownRelative = new Set(ownScanned.map((file) => file.relativePath));
  const ownFiles = new Set(own.map((file) => project.relative(file)));
  const everyFile = new Set(project.files.map((file) => project.relative(file)));
  // Notes on a file of another part are that part's to make; notes on other files (configs, env files) are the same wherever made.
  const inPart = (file: string) => ownFiles.has(file) || !everyFile.has(file);
  return {
    format: PART_FORMAT,
    version: PACKAGE_VERSION,
    configHash: configHashOf(project),
    package: options.package === undefined ? null : path.posix.normalize(options.package.split(path.sep).join('/')).replace(/\/$/, '') || '.',
    files: ownScanned.map((file) => file.relativePath),
    services: project.services.map((service) => serviceOf(project, service)).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root)),
    rootService: serviceOf(project, project.rootService),
    rootServiceRuns: ownScanned.some((file) => file.services.includes(project.rootService)),
    rules: [...project.rules].sort(([a], [b]) => compareStrings(a, b)),
    interactions: placed.interactions.filter((interaction) => ownRelative.has(interaction.location.file)),
    routes: routes.filter((route) => ownRelative.has(route.location.file)),
    fileFindings: findings.filter((finding) => ownRelative.has(finding.location.file)),
    discoveryDiagnostics: project.diagnostics.slice(0, discoveryNotes),
    diagnostics: project.diagnostics.slice(discoveryNotes).filter((diagnostic) => inPart(diagnostic.file)),
    notUnderstood: notUnderstood(ownScanned.map((file) => fileIndexOf(analyzerTs, file.sourceFile).importedModules)),
  };
}

function serviceOf(project: DiscoveredProject, service: ServiceDefinition): Service {
  return { name: service.name, root: project.relative(service.root) || '.', source: service.source, hosts: service.hosts };
}
