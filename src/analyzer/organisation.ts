import type { PartialResult } from './partial-result.js';

/*
 * An organisation's map: parts of several repositories merged into one. Each repository's files, service
 * folders and interaction ids are written under its name (`payments/src/server.ts`), so two repositories'
 * `src/index.ts` stay two places, and its services carry their `repository`.
 */

/** A part with its files, folders and ids under its repository's name. */
export function rebasedPart(part: PartialResult, repository: string): PartialResult {
  const inRepository = (file: string) => (file === '.' ? repository : `${repository}/${file}`);
  const ids = new Map(part.interactions.map((interaction) => [interaction.id, interaction.id.replace(/^([a-z]+):/u, `$1:${repository}/`)]));
  // Every place in the model is a `file` field; every reference to an interaction is its id.
  const rebase = <T>(value: T, key?: string): T => {
    if (typeof value === 'string') return (key === 'file' ? inRepository(value) : (ids.get(value) ?? value)) as T;
    if (Array.isArray(value)) return value.map((element: unknown) => rebase(element)) as T;
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, rebase(field, name)])) as T;
    return value;
  };
  return {
    ...part,
    files: part.files.map(inRepository),
    rootFiles: part.rootFiles.map(inRepository),
    servedFiles: part.servedFiles.map(inRepository),
    rootImports: part.rootImports.map(([file, imported]) => [inRepository(file), imported.map(inRepository)]),
    services: part.services.map((service) => ({ ...service, root: inRepository(service.root), repository })),
    rootService: { ...part.rootService, root: inRepository(part.rootService.root), repository },
    interactions: rebase(part.interactions),
    httpLinks: part.httpLinks.map(([id, link]) => [ids.get(id) ?? id, link]),
    routes: rebase(part.routes),
    fileFindings: rebase(part.fileFindings),
    discoveryDiagnostics: rebase(part.discoveryDiagnostics),
    diagnostics: rebase(part.diagnostics),
    disableDirectives: part.disableDirectives.map(([file, directives]) => [inRepository(file), rebase(directives)]),
  };
}

/** Kubernetes' in-cluster suffixes: `payments.default.svc.cluster.local` is the Service `payments`. */
const CLUSTER_SUFFIX = /\.[a-z0-9-]+\.svc(?:\.cluster\.local)?$|\.svc(?:\.cluster\.local)?$/u;

/**
 * The service of another repository a host names: by its compose or Kubernetes names (a service's
 * `hosts`), in-cluster suffixes aside. `undefined` when none does, or more than one.
 */
export function serviceOfHost(parts: readonly PartialResult[]): (host: string) => string | undefined {
  const byHost = new Map<string, Set<string>>();
  for (const part of parts) {
    for (const service of part.services) {
      for (const host of service.hosts) byHost.set(host.toLowerCase(), (byHost.get(host.toLowerCase()) ?? new Set()).add(service.name));
    }
  }
  return (host) => {
    const names = byHost.get(host.toLowerCase()) ?? byHost.get(host.toLowerCase().replace(CLUSTER_SUFFIX, ''));
    return names?.size === 1 ? [...names][0] : undefined;
  };
}
