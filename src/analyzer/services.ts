import { compareStrings } from '../core/model/compare.js';
import path from 'node:path';
import type { ComposeService } from './compose.js';
import { bareName, type KubernetesManifests, selectedWorkloads } from './kubernetes.js';
import type { WorkspaceLayout, WorkspacePackage } from './workspace.js';

/** A service as the analyzer works with it: where its files are, how others reach it, what env it runs with. */
export interface ServiceDefinition {
  readonly name: string;
  /** Absolute folder. */
  readonly root: string;
  readonly source: string;
  readonly hosts: readonly string[];
  readonly environment: ReadonlyMap<string, string>;
}

/** A service the user declares in the config file. */
export interface ConfiguredService {
  readonly name: string;
  /** Absolute folder. */
  readonly root: string;
  readonly hosts?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
}

function unscoped(name: string): string {
  return name.replace(/^@[^/]+\//, '');
}

/**
 * A package is a library (not drawn as a service) when Nx or the Nest CLI says so, or when another package
 * of the repository depends on it, the way apps depend on `@shop/contracts`.
 */
function isLibrary(pkg: WorkspacePackage, all: readonly WorkspacePackage[]): boolean {
  if (pkg.projectType) return pkg.projectType === 'library';
  const name = pkg.name;
  return name !== undefined && all.some((other) => other !== pkg && other.dependencies.has(name));
}

export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Where a compose service's code is. Usually its build context; when the context is the whole repository
 * (`context: .` with `dockerfile: services/x/Dockerfile`), the package holding the Dockerfile.
 */
function composeRoot(service: ComposeService, packages: readonly WorkspacePackage[]): string | undefined {
  const context = service.buildContext;
  if (context === undefined) return undefined;
  const packagesInContext = packages.filter((pkg) => isInside(context, pkg.root) && pkg.root !== context);
  if (service.dockerfile && packagesInContext.length > 0) {
    const holder = packagesInContext.filter((pkg) => isInside(pkg.root, service.dockerfile!)).sort((a, b) => b.root.length - a.root.length)[0];
    if (holder) return holder.root;
  }
  return context;
}

/**
 * Decides the services: applications of the workspace, compose build contexts (which also give host names
 * and environment), then the config file's declarations, which win. Files outside every service belong to
 * the repository itself (see `rootServiceOf`).
 */
export interface ServiceSources {
  readonly layout: WorkspaceLayout;
  readonly compose: readonly ComposeService[];
  readonly kubernetes: KubernetesManifests;
  readonly configured: readonly ConfiguredService[];
  /** The variables of a `.env`-style file, empty when there is none. */
  readonly readEnvFile: (file: string) => ReadonlyMap<string, string>;
  /** Told when the sources disagree in a way the user should know about (two services with one name). */
  readonly note?: (folder: string, message: string) => void;
}

export function defineServices(root: string, sources: ServiceSources): ServiceDefinition[] {
  const { layout, compose, configured } = sources;
  const byRoot = new Map<string, { name: string; source: string; hosts: Set<string>; environment: Map<string, string> }>();
  for (const pkg of layout.packages) {
    if (isLibrary(pkg, layout.packages)) continue;
    byRoot.set(pkg.root, {
      name: pkg.name ? unscoped(pkg.name) : path.basename(pkg.root),
      source: pkg.source,
      hosts: new Set(),
      environment: new Map(),
    });
  }
  for (const service of compose) {
    const serviceRoot = composeRoot(service, layout.packages);
    if (serviceRoot === undefined || !isInside(root, serviceRoot)) continue;
    const existing = byRoot.get(serviceRoot);
    byRoot.set(serviceRoot, {
      name: service.name,
      source: 'compose',
      hosts: new Set([...(existing?.hosts ?? []), ...service.hosts]),
      environment: new Map([...(existing?.environment ?? []), ...service.environment]),
    });
  }
  for (const service of configured) {
    const existing = byRoot.get(service.root);
    byRoot.set(service.root, {
      name: service.name,
      source: 'config',
      hosts: new Set([...(existing?.hosts ?? []), ...(service.hosts ?? []).map((host) => host.toLowerCase())]),
      environment: new Map([...(existing?.environment ?? []), ...Object.entries(service.environment ?? {})]),
    });
  }
  renameDuplicates(root, byRoot, sources.note);
  return [...byRoot.entries()]
    .map(([serviceRoot, service]) => {
      const { environment, hosts } = deployment(serviceRoot, service, sources);
      return {
        name: service.name,
        root: serviceRoot,
        source: service.source,
        hosts: [...new Set([service.name.toLowerCase(), ...service.hosts, ...hosts])].sort(),
        environment,
      };
    })
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root));
}

/**
 * Two services with one name (a package.json copied from another service and not renamed) would merge in
 * the map: every one but the service whose folder has that name takes its folder's name, when that name is
 * free, and the user is told.
 */
function renameDuplicates(root: string, byRoot: Map<string, { name: string; source: string }>, note: ServiceSources['note']): void {
  const byName = new Map<string, string[]>();
  for (const [serviceRoot, service] of byRoot) byName.set(service.name, [...(byName.get(service.name) ?? []), serviceRoot]);
  const taken = new Set(byName.keys());
  for (const [name, roots] of [...byName].sort(([a], [b]) => compareStrings(a, b))) {
    if (roots.length < 2) continue;
    const sorted = [...roots].sort(compareStrings);
    const keeper = sorted.find((serviceRoot) => path.basename(serviceRoot) === name) ?? sorted[0]!;
    for (const serviceRoot of sorted) {
      const folder = path.basename(serviceRoot);
      if (serviceRoot === keeper || taken.has(folder)) continue;
      taken.add(folder);
      byRoot.set(serviceRoot, { ...byRoot.get(serviceRoot)!, name: folder });
      const relative = path.relative(root, serviceRoot).split(path.sep).join('/');
      note?.(relative, `has the same service name as '${path.relative(root, keeper).split(path.sep).join('/')}' ('${name}'); named '${folder}' after its folder`);
    }
  }
}

/**
 * What a service runs with, lowest priority first: `.env.example` / `.env.sample` and `.env` in its folder,
 * the literal env of Kubernetes workloads named like it, then docker-compose's `env_file` and `environment`.
 * Also the Kubernetes Service names that select those workloads: hosts other pods reach it by.
 */
function deployment(
  serviceRoot: string,
  service: { name: string; hosts: Set<string>; environment: Map<string, string> },
  sources: ServiceSources,
): { environment: Map<string, string>; hosts: string[] } {
  const names = new Set([service.name, ...service.hosts].map(bareName));
  const workloads = sources.kubernetes.workloads.filter((workload) => workload.names.some((name) => names.has(bareName(name))));
  const hosts = sources.kubernetes.services
    .filter((k8sService) => names.has(bareName(k8sService.name)) || selectedWorkloads(k8sService, sources.kubernetes.workloads).some((workload) => workloads.includes(workload)))
    .map((k8sService) => k8sService.name.toLowerCase());
  const environment = new Map<string, string>();
  for (const file of ['.env.sample', '.env.example', '.env']) {
    for (const [key, value] of sources.readEnvFile(path.join(serviceRoot, file))) environment.set(key, value);
  }
  for (const workload of workloads) for (const [key, value] of workload.environment) environment.set(key, value);
  for (const [key, value] of service.environment) environment.set(key, value);
  return { environment, hosts };
}

/** The service that owns a file: the deepest service folder holding it. */
export function serviceOfFile(services: readonly ServiceDefinition[], file: string): ServiceDefinition | undefined {
  let owner: ServiceDefinition | undefined;
  for (const service of services) {
    if (isInside(service.root, file) && (owner === undefined || service.root.length > owner.root.length)) owner = service;
  }
  return owner;
}
