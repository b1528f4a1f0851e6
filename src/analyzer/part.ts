import { createHash } from 'node:crypto';
import path from 'node:path';
import { PROJECT_CHECKS } from '../core/checks/index.js';
import { pairRequestsAndReplies } from '../core/graph/request-reply.js';
import { findingOf } from '../core/host.js';
import { compareStrings } from '../core/model/compare.js';
import type { AnalysisResult, Interaction, Location, Route, Service } from '../core/model/result.js';
import type { DiscoveredProject } from './discover.js';
import { UsageError } from './errors.js';
import type { HttpTarget, PortCandidate } from '../core/graph/http-target.js';
import { compareInteractions, type HttpLink, idNumbering, inFieldOrder } from './interactions.js';
import { decideByPort, type PortTable } from './placement.js';
import { rebasedPart, serviceOfHost } from './organisation.js';
import { rootReach } from './ownership.js';
import type { PartialResult } from './partial-result.js';
import { routeServing } from './routes.js';
import { finishResult } from './result.js';

/*
 * A partial result: what one package's files give (their interactions, routes, file findings and notes),
 * with what the project stage needs to join it with the others (`mergeParts`). A whole analysis is the
 * merge of one part holding every file, so the two paths share the project stage and cannot drift.
 */

export { PART_FORMAT, type PartialResult } from './partial-result.js';

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
export function filesOfPackage(project: DiscoveredProject, folder: string): readonly string[] {
  const folders = packageFolders(project);
  const normal = normalFolder(folder);
  if (!folders.includes(normal)) throw new UsageError(`--package ${folder}: not a package or service folder of ${project.root} (known: ${folders.join(', ')})`);
  return filesByFolder(project).get(normal) ?? [];
}

/** Every file under its package folder, worked out once per discovery (a `--cache` run asks for each part). */
const filesByFolderOf = new WeakMap<readonly string[], ReadonlyMap<string, readonly string[]>>();

function filesByFolder(project: DiscoveredProject): ReadonlyMap<string, readonly string[]> {
  let byFolder = filesByFolderOf.get(project.files);
  if (byFolder === undefined) {
    const folders = new Set(packageFolders(project));
    const grouped = new Map<string, string[]>();
    for (const file of project.files) {
      const folder = deepestFolder(folders, project.relative(file));
      const files = grouped.get(folder);
      if (files === undefined) grouped.set(folder, [file]);
      else files.push(file);
    }
    byFolder = grouped;
    filesByFolderOf.set(project.files, byFolder);
  }
  return byFolder;
}

/** A folder as `--package` names it: relative, with `/`, no trailing slash, `.` for the root. */
export function normalFolder(folder: string): string {
  return path.posix.normalize(folder.split(path.sep).join('/')).replace(/\/$/, '') || '.';
}

/**
 * The deepest of the package folders holding a file or folder (relative paths): the file's own folders,
 * deepest first, looked up in the set (work per file grows with its depth, not with the number of packages).
 */
export function deepestFolder(folders: ReadonlySet<string>, file: string): string {
  for (let folder = file; folder !== '.' && folder !== ''; folder = path.posix.dirname(folder)) {
    if (folders.has(folder)) return folder;
  }
  return '.';
}

/** Parts by repository, in name order (one repository for a monorepo's parts). */
function byRepository<T extends { readonly part: PartialResult }>(parts: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const entry of [...parts].sort((a, b) => compareStrings(a.part.repository, b.part.repository))) {
    groups.set(entry.part.repository, [...(groups.get(entry.part.repository) ?? []), entry]);
  }
  return groups;
}

/** Why parts cannot be merged: the files named, one line. */
export function mergeProblem(parts: readonly { readonly name: string; readonly part: PartialResult }[]): string | undefined {
  const first = parts[0];
  if (first === undefined) return 'no parts to merge';
  for (const { name, part } of parts.slice(1)) {
    if (part.version !== first.part.version || part.schemaVersion !== first.part.schemaVersion) {
      return `${name} was written by service-map ${part.version}, ${first.name} by ${first.part.version}: analyse every part with one version`;
    }
  }
  const serviceRepository = new Map<string, string>();
  for (const [repository, group] of byRepository(parts)) {
    const [head] = group;
    for (const { name, part } of group.slice(1)) {
      if (part.configHash !== head!.part.configHash) return `${name} and ${head!.name} were analysed with different configs (${part.configHash} vs ${head!.part.configHash}): analyse every part with one config`;
    }
    const owner = new Map<string, string>();
    for (const { name, part } of group) {
      for (const file of part.files) {
        const other = owner.get(file);
        if (other !== undefined) return `${name} and ${other} both hold ${file}: each file belongs to one part`;
        owner.set(file, name);
      }
    }
    for (const service of head!.part.services) {
      const other = serviceRepository.get(service.name);
      if (other !== undefined && other !== repository) return `service '${service.name}' is in repositories ${other} and ${repository} (${head!.name}): name one of them otherwise in its config`;
      serviceRepository.set(service.name, repository);
    }
  }
  return undefined;
}

/**
 * The project stage over parts: interactions of every part sorted as one analysis sorts them, requests
 * paired with replies across parts, the project checks run on the whole, notes and counts joined. Parts of
 * several repositories make one map of them all (organisation.ts); the project checks then run with the
 * rules of the first repository by name. The parts must agree (`mergeProblem`).
 */
export function mergeParts(parts: readonly PartialResult[]): AnalysisResult {
  const repositories = [...byRepository(parts.map((part) => ({ part })))];
  const organisation = repositories.length > 1;
  const groups = repositories.map(([repository, group]) => group.map(({ part }) => (organisation ? rebasedPart(part, repository) : part)));
  const everyPart = groups.flat();
  const rootNames = new Set(groups.map((group) => group[0]!.rootService.name));
  // A shared module that a service of some part runs is the repository's own code there only when the
  // repository's own files reach it too (ownership.ts).
  const served = new Set(everyPart.flatMap((part) => part.servedFiles));
  const rootRuns = rootReach(new Map(everyPart.flatMap((part) => part.rootImports)), (file) => served.has(file));
  const ownCode = (service: string | null, file: string) => service === null || !rootNames.has(service) || !served.has(file) || rootRuns.has(file);
  const routes = everyPart.flatMap((part) => part.routes).filter((route) => ownCode(route.service, route.location.file)).sort(compareRoutes);
  const elsewhere = organisation ? serviceOfHost(everyPart) : () => undefined;
  const placed = groups.flatMap((group) => {
    const links = new Map(group.flatMap((part) => part.httpLinks));
    // A loopback port is this machine: it reaches the services of the same repository only.
    const ports = portTableOf(group);
    return withoutLeftOverSends(group)
      .filter(({ interaction }) => ownCode(interaction.service, interaction.location.file))
      .map(({ part, interaction }) => ({ part, interaction: linked(interaction, links.get(interaction.id), routes, ports, elsewhere) }));
  });
  // Stable: interactions one part gives at one place stay in the order their ids were given.
  const { interactions: renumbered, idIn } = numberedAgain(placed.sort((a, b) => compareInteractions(a.interaction, b.interaction)));
  const interactions = pairRequestsAndReplies(renumbered).map(inFieldOrder);
  const serviceList = groups.flatMap((group) => servicesOf(group, served, interactions)).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root));
  const findings = everyPart.flatMap((part) =>
    part.fileFindings
      .filter((finding) => ownCode(finding.service, finding.location.file))
      .map((finding) => (finding.interactionId === undefined ? finding : { ...finding, interactionId: idIn(part, finding.interactionId) })),
  );
  const rules = new Map(everyPart[0]!.rules);
  for (const check of PROJECT_CHECKS) {
    const setting = rules.get(check.id);
    if (setting === undefined || setting.severity === 'off') continue;
    for (const draft of check.check({ result: { services: serviceList, interactions, routes }, options: setting.options })) {
      findings.push(findingOf(check, setting.severity, draft, draft));
    }
  }
  const seen = new Set<string>();
  const diagnostics = [...groups.flatMap((group) => group[0]!.discoveryDiagnostics), ...everyPart.flatMap((part) => part.diagnostics)].filter((diagnostic) => {
    const key = JSON.stringify(diagnostic);
    if (seen.has(key) || (diagnostic.silentClient !== undefined && !ownCode(diagnostic.silentClient.service, diagnostic.file))) return false;
    seen.add(key);
    return true;
  });
  const notUnderstood = new Map<string, number>();
  for (const part of everyPart) for (const entry of part.notUnderstood) notUnderstood.set(entry.library, (notUnderstood.get(entry.library) ?? 0) + entry.files);
  return finishResult(serviceList, interactions, routes, findings, diagnostics, {
    files: everyPart.reduce((sum, part) => sum + part.files.length, 0),
    notUnderstood: [...notUnderstood].map(([library, files]) => ({ library, files })).sort((a, b) => compareStrings(a.library, b.library)),
  });
}

/**
 * The ids again over every part: a shared module that several services' parts each analyse gives one
 * interaction per service at the same place, numbered `#2`, `#3` in sorted order as one analysis numbers
 * them. `idIn` turns the id a part gave into the merged one, for the findings that point at it.
 */
function numberedAgain(sorted: readonly { part: PartialResult; interaction: Interaction }[]): { interactions: Interaction[]; idIn: (part: PartialResult, id: string) => string } {
  const nextId = idNumbering();
  const renamed = new Map<PartialResult, Map<string, string>>();
  const interactions = sorted.map(({ part, interaction }) => {
    const id = nextId(interaction);
    if (id === interaction.id) return interaction;
    renamed.set(part, (renamed.get(part) ?? new Map<string, string>()).set(interaction.id, id));
    return { ...interaction, id };
  });
  return { interactions, idIn: (part, id) => renamed.get(part)?.get(id) ?? id };
}

/** The services of one repository's parts: those discovery found, and the repository itself when it is one. */
function servicesOf(group: readonly PartialResult[], served: ReadonlySet<string>, interactions: readonly Interaction[]): Service[] {
  const { services, rootService } = group[0]!;
  const rootServiceRuns = group.some((part) => part.rootFiles.some((file) => !served.has(file)));
  // The repository itself is a service when it has no other, or when code outside them talks to something.
  const rootIsService = rootServiceRuns && (services.length === 0 || interactions.some((i) => i.service === rootService.name));
  return [...services, ...(rootIsService ? [rootService] : [])];
}

/**
 * A wrapper's library call that nothing in its own part calls is left where it is; when another part calls
 * the wrapper, its calls place it there (with the library call as `via`), as one analysis of the whole
 * would, and the one left over is dropped.
 */
function withoutLeftOverSends(parts: readonly PartialResult[]): { part: PartialResult; interaction: Interaction }[] {
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
    part.interactions
      .filter((interaction) => interaction.via !== undefined || [...(placedBy.get(key(interaction.kind, interaction.location)) ?? [])].every((other) => other === index))
      .map((interaction) => ({ part, interaction })),
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
function linked(interaction: Interaction, link: HttpLink | undefined, routes: readonly Route[], ports: PortTable, elsewhere: (host: string) => string | undefined): Interaction {
  if (interaction.kind !== 'http' || link === undefined) return interaction;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the route is linked again below
  const { url, path: urlPath, target, targetKind, targetVia, route: _route, unresolved, candidates, ...rest } = interaction;
  const inRepository: HttpTarget =
    link.beforePort?.loopbackPort !== undefined ? decideByPort(link.beforePort, link.beforePort.loopbackPort, ports) : { url, path: urlPath, target, targetKind, via: targetVia ?? 'none', ...(candidates ? { candidates } : {}) };
  // A host its own repository does not know may be another repository's service.
  const otherService = inRepository.targetKind === 'external' && inRepository.target !== null ? elsewhere(inRepository.target) : undefined;
  const decided: HttpTarget = otherService !== undefined ? { ...inRepository, target: otherService, targetKind: 'service', via: 'host' } : inRepository;
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
