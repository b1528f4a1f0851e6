import { createHash } from 'node:crypto';
import path from 'node:path';
import { PROJECT_CHECKS } from '../core/checks/index.js';
import { pairRequestsAndReplies } from '../core/graph/request-reply.js';
import { findingOf } from '../core/host.js';
import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Diagnostic, Finding, Interaction, Location, Route, Service } from '../core/model/result.js';
import type { RuleSetting } from './config.js';
import type { DiscoveredProject } from './discover.js';
import { UsageError } from './errors.js';
import type { HttpTarget, PortCandidate } from '../core/graph/http-target.js';
import { compareInteractions, type HttpLink, inFieldOrder } from './interactions.js';
import type { DisableDirective } from '../gate/disable-comments.js';
import { decideByPort, type PortTable } from './placement.js';
import { routeServing } from './routes.js';
import { finishResult } from './result.js';

/*
 * A partial result: what one package's files give (their interactions, routes, file findings and notes),
 * with what the project stage needs to join it with the others (`mergeParts`). A whole analysis is the
 * merge of one part holding every file, so the two paths share the project stage and cannot drift.
 */

/** Marks a JSON document as a part written by this tool. */
export const PART_FORMAT = 'service-map-part';

export interface PartialResult {
  readonly format: typeof PART_FORMAT;
  /** The tool version that wrote it: parts of different versions are not merged. */
  readonly version: string;
  /** A hash of the config and rules: parts analysed with different settings are not merged. */
  readonly configHash: string;
  /** The package folder relative to the repository (`.` for the root package), or `null` for every file. */
  readonly package: string | null;
  /** Files of this part that were scanned, relative to the repository. */
  readonly files: readonly string[];
  /** The services discovery found (the same in every part), sorted, and the repository's own. */
  readonly services: readonly Service[];
  readonly rootService: Service;
  /** Files of this part that run in the repository's own service, as far as this part knows. */
  readonly rootFiles: readonly string[];
  /** Files of other parts that a service of this part runs (a shared module it imports). */
  readonly servedFiles: readonly string[];
  readonly rules: readonly (readonly [string, RuleSetting])[];
  /** Interactions placed in this part's files, with their ids, before request/reply pairing. */
  readonly interactions: readonly Interaction[];
  /** How HTTP calls were linked, by interaction id: merge links them again with every part's routes and ports. */
  readonly httpLinks: readonly (readonly [string, HttpLink])[];
  /** Ports published (discovery) and listened on by this part's services. */
  readonly ports: { readonly published: readonly (readonly [number, PortCandidate])[]; readonly listening: readonly (readonly [number, PortCandidate])[] };
  readonly routes: readonly Route[];
  readonly fileFindings: readonly Finding[];
  /** Notes of discovery (the same in every part). */
  readonly discoveryDiagnostics: readonly Diagnostic[];
  /** Notes of this part's files, and notes on files no part scans (the same wherever they were made). */
  readonly diagnostics: readonly Diagnostic[];
  /** The disable comments (`eslint-disable-next-line service-map/...`) in this part's files, by file. */
  readonly disableDirectives: readonly (readonly [string, readonly DisableDirective[]])[];
  /** Files of this part importing each library no detector understands. */
  readonly notUnderstood: readonly { readonly library: string; readonly files: number }[];
}

/** A hash of the settings an analysis depends on: the config as loaded and the rules it gives. */
export function configHashOf(project: DiscoveredProject): string {
  const rules = [...project.rules].sort(([a], [b]) => compareStrings(a, b));
  return createHash('sha256').update(JSON.stringify([project.config, rules])).digest('hex').slice(0, 16);
}

/**
 * The folders a repository's files are divided into for `--package`: the root, every workspace package and
 * every service folder. A file belongs to the deepest of them holding it. Relative, sorted.
 */
export function packageFolders(project: DiscoveredProject): string[] {
  const roots = new Set(['.', ...project.layout.packages.map((pkg) => project.relative(pkg.root) || '.'), ...project.services.map((service) => project.relative(service.root) || '.')]);
  return [...roots].sort(compareStrings);
}

/** The files of one package folder: inside it and in no deeper package folder. */
export function filesOfPackage(project: DiscoveredProject, folder: string): string[] {
  const folders = packageFolders(project);
  const normal = normalFolder(folder);
  if (!folders.includes(normal)) throw new UsageError(`--package ${folder}: not a package or service folder of ${project.root} (known: ${folders.join(', ')})`);
  return project.files.filter((file) => deepestFolder(folders, project.relative(file)) === normal);
}

/** A folder as `--package` names it: relative, with `/`, no trailing slash, `.` for the root. */
export function normalFolder(folder: string): string {
  return path.posix.normalize(folder.split(path.sep).join('/')).replace(/\/$/, '') || '.';
}

/** The deepest of the package folders holding a file or folder (relative paths). */
export function deepestFolder(folders: readonly string[], file: string): string {
  let best = '.';
  for (const folder of folders) {
    if (folder !== '.' && (file === folder || file.startsWith(`${folder}/`)) && folder.length > best.length) best = folder;
  }
  return best;
}

/** Why parts cannot be merged: the files named, one line. */
export function mergeProblem(parts: readonly { readonly name: string; readonly part: PartialResult }[]): string | undefined {
  const first = parts[0];
  if (first === undefined) return 'no parts to merge';
  for (const { name, part } of parts.slice(1)) {
    if (part.version !== first.part.version) return `${name} was written by service-map ${part.version}, ${first.name} by ${first.part.version}: analyse every part with one version`;
    if (part.configHash !== first.part.configHash) return `${name} and ${first.name} were analysed with different configs (${part.configHash} vs ${first.part.configHash}): analyse every part with one config`;
  }
  const owner = new Map<string, string>();
  for (const { name, part } of parts) {
    for (const file of part.files) {
      const other = owner.get(file);
      if (other !== undefined) return `${name} and ${other} both hold ${file}: each file belongs to one part`;
      owner.set(file, name);
    }
  }
  return undefined;
}

/**
 * The project stage over parts: interactions of every part sorted as one analysis sorts them, requests
 * paired with replies across parts, the project checks run on the whole, notes and counts joined.
 * The parts must agree (`mergeProblem`).
 */
export function mergeParts(parts: readonly PartialResult[]): AnalysisResult {
  const first = parts[0]!;
  const rootName = first.rootService.name;
  // A shared module that a service of some part runs is not the repository's own code there.
  const served = new Set(parts.flatMap((part) => part.servedFiles));
  const ownCode = (service: string | null, file: string) => service !== rootName || !served.has(file);
  const routes = parts.flatMap((part) => part.routes).filter((route) => ownCode(route.service, route.location.file)).sort(compareRoutes);
  const links = new Map(parts.flatMap((part) => part.httpLinks));
  const ports = portTableOf(parts);
  const placed = withoutLeftOverSends(parts)
    .filter((interaction) => ownCode(interaction.service, interaction.location.file))
    .map((interaction) => linked(interaction, links.get(interaction.id), routes, ports));
  // Stable: interactions at one place are all in one part, in the order their ids were given.
  const interactions = pairRequestsAndReplies(placed.sort(compareInteractions)).map(inFieldOrder);
  const rootServiceRuns = parts.some((part) => part.rootFiles.some((file) => !served.has(file)));
  // The repository itself is a service when it has no other, or when code outside them talks to something.
  const rootIsService = rootServiceRuns && (first.services.length === 0 || interactions.some((i) => i.service === rootName));
  const serviceList = [...first.services, ...(rootIsService ? [first.rootService] : [])].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root));
  const findings = parts.flatMap((part) => part.fileFindings).filter((finding) => ownCode(finding.service, finding.location.file));
  const rules = new Map(first.rules);
  for (const check of PROJECT_CHECKS) {
    const setting = rules.get(check.id);
    if (setting === undefined || setting.severity === 'off') continue;
    for (const draft of check.check({ result: { services: serviceList, interactions, routes }, options: setting.options })) {
      findings.push(findingOf(check, setting.severity, draft, draft));
    }
  }
  const seen = new Set<string>();
  const diagnostics = [...first.discoveryDiagnostics, ...parts.flatMap((part) => part.diagnostics)].filter((diagnostic) => {
    const key = JSON.stringify(diagnostic);
    if (seen.has(key) || (diagnostic.silentClient !== undefined && !ownCode(diagnostic.silentClient.service, diagnostic.file))) return false;
    seen.add(key);
    return true;
  });
  const notUnderstood = new Map<string, number>();
  for (const part of parts) for (const entry of part.notUnderstood) notUnderstood.set(entry.library, (notUnderstood.get(entry.library) ?? 0) + entry.files);
  return finishResult(serviceList, interactions, routes, findings, diagnostics, {
    files: parts.reduce((sum, part) => sum + part.files.length, 0),
    notUnderstood: [...notUnderstood].map(([library, files]) => ({ library, files })).sort((a, b) => compareStrings(a.library, b.library)),
  });
}

/**
 * A wrapper's library call that nothing in its own part calls is left where it is; when another part calls
 * the wrapper, its calls place it there (with the library call as `via`), as one analysis of the whole
 * would, and the one left over is dropped.
 */
function withoutLeftOverSends(parts: readonly PartialResult[]): Interaction[] {
  const key = (kind: string, at: Location) => `${kind}:${at.file}:${at.line}:${at.column}`;
  const placedBy = new Map<string, Set<number>>();
  parts.forEach((part, index) => {
    for (const interaction of part.interactions) {
      if (interaction.via === undefined) continue;
      const placedAt = key(interaction.kind, interaction.via);
      placedBy.set(placedAt, (placedBy.get(placedAt) ?? new Set()).add(index));
    }
  });
  return parts.flatMap((part, index) =>
    part.interactions.filter((interaction) => interaction.via !== undefined || [...(placedBy.get(key(interaction.kind, interaction.location)) ?? [])].every((other) => other === index)),
  );
}

/** Every part's ports, each candidate once per port. */
function portTableOf(parts: readonly PartialResult[]): PortTable {
  const table = (entries: readonly (readonly [number, PortCandidate])[]) => {
    const byPort = new Map<number, PortCandidate[]>();
    for (const [port, candidate] of entries) {
      const candidates = byPort.get(port) ?? [];
      if (!candidates.some((known) => known.name === candidate.name && known.kind === candidate.kind)) candidates.push(candidate);
      byPort.set(port, candidates);
    }
    return byPort;
  };
  return { published: table(parts.flatMap((part) => part.ports.published)), listening: table(parts.flatMap((part) => part.ports.listening)) };
}

/**
 * An HTTP call linked again with what every part knows: a loopback URL's target decided by every part's
 * ports, a call to a service linked to the route of that service that serves it.
 */
function linked(interaction: Interaction, link: HttpLink | undefined, routes: readonly Route[], ports: PortTable): Interaction {
  if (interaction.kind !== 'http' || link === undefined) return interaction;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the route is linked again below
  const { url, path: urlPath, target, targetKind, targetVia, route: _route, unresolved, candidates, ...rest } = interaction;
  const decided: HttpTarget =
    link.beforePort?.loopbackPort !== undefined ? decideByPort(link.beforePort, link.beforePort.loopbackPort, ports) : { url, path: urlPath, target, targetKind, via: targetVia ?? 'none', ...(candidates ? { candidates } : {}) };
  const requestPath = link.beforePort !== undefined ? (decided.upstreamPath ?? decided.path) : link.requestPath;
  const route = decided.targetKind === 'service' && requestPath !== null ? routeServing(interaction.method, requestPath, decided.target, routes) : undefined;
  const unresolvedFields = {
    ...(unresolved?.method !== undefined ? { method: unresolved.method } : {}),
    ...(decided.targetKind === 'unresolved' ? { url: link.beforePort !== undefined ? (decided.unresolved ?? '') : (unresolved?.url ?? '') } : {}),
  };
  return inFieldOrder({
    ...rest,
    url: decided.url,
    path: decided.path,
    target: decided.target,
    targetKind: decided.targetKind,
    targetVia: decided.via,
    ...(route !== undefined ? { route } : {}),
    ...(Object.keys(unresolvedFields).length > 0 ? { unresolved: unresolvedFields } : {}),
    ...(decided.candidates ? { candidates: decided.candidates } : {}),
  });
}

function compareRoutes(a: Route, b: Route): number {
  return compareStrings(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || compareStrings(a.method, b.method) || compareStrings(a.path, b.path);
}
