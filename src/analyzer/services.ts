import { compareStrings } from '../core/model/compare.js';
import path from 'node:path';
import type { ComposeService } from './compose.js';
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

function isInside(folder: string, file: string): boolean {
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
export function defineServices(
  root: string,
  layout: WorkspaceLayout,
  compose: readonly ComposeService[],
  configured: readonly ConfiguredService[],
): ServiceDefinition[] {
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
      hosts: new Set([...(existing?.hosts ?? []), ...(service.hosts ?? [])]),
      environment: existing?.environment ?? new Map<string, string>(),
    });
  }
  return [...byRoot.entries()]
    .map(([serviceRoot, service]) => ({
      name: service.name,
      root: serviceRoot,
      source: service.source,
      hosts: [...new Set([service.name.toLowerCase(), ...service.hosts])].sort(),
      environment: service.environment,
    }))
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root));
}

/** The service that owns a file: the deepest service folder holding it. */
export function serviceOfFile(services: readonly ServiceDefinition[], file: string): ServiceDefinition | undefined {
  let owner: ServiceDefinition | undefined;
  for (const service of services) {
    if (isInside(service.root, file) && (owner === undefined || service.root.length > owner.root.length)) owner = service;
  }
  return owner;
}
