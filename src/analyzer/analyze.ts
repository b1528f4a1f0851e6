import type { AnalysisResult } from '../core/model/result.js';
import { type AnalyzeOptions, discoverProject } from './discover.js';
import { readEnvFile } from './dotenv.js';
import { identify, inFieldOrder, toInteractions } from './interactions.js';
import { preparePlacement } from './placement.js';
import { resultOf } from './result.js';
import { scanServiceFacts } from './service-facts.js';
import { silentClientNotes } from './silent-clients.js';
import { withProjectReplies } from './replies.js';
import { pairRequestsAndReplies } from '../core/graph/request-reply.js';
import { fileFindings, messagesAtCalls, type SendAtCallSite } from './wrapper-sends.js';

export type { AnalyzeOptions } from './discover.js';

/**
 * Analyses a repository: finds its services, scans every source file once with the shared engine,
 * resolves values with each service's environment, links calls to services, runs the checks.
 * Never executes the analysed code and never writes anything.
 *
 * Each stage has its own file: discover (config, workspace, compose, Kubernetes, services, files), service
 * facts (each file scanned once, env files its service loads, transports), placement (wrapper parameters
 * bound at their callers, targets, routes), interactions (sorted, with ids), result (project checks,
 * summary). Only discovery and the env-file reader passed to the service facts read the disk, and only
 * through `ProjectFiles` (files.ts): nothing outside the analysed folder is read.
 */
export async function analyzeProject(options: AnalyzeOptions): Promise<AnalysisResult> {
  const project = await discoverProject(options);
  const scanned = scanServiceFacts(project, (file, reference) => readEnvFile(project.projectFiles, file, reference));
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
  return resultOf(project, facts.scanned, interactions, routes, findings);
}
