import { compareStrings } from '../core/model/compare.js';
import path from 'node:path';
import type { ComposeService } from './compose.js';
import type { Container } from './containers.js';
import { bareName, type KubernetesManifests, selectedWorkloads } from './kubernetes.js';
import type { DevProxy, WorkspaceLayout, WorkspacePackage } from './workspace.js';

/** A service as the analyzer works with it: where its files are, how others reach it, what env it runs with. */
export interface ServiceDefinition {
  readonly name: string;
  /** Absolute folder. */
  readonly root: string;
  readonly source: string;
  readonly hosts: readonly string[];
  readonly environment: ReadonlyMap<string, string>;
  /**
   * The source files its container starts (absolute), when its compose command names them. When several
   * services share one folder, each owns what its entries reach through imports.
   */
  readonly entries?: readonly string[];
  /** Host ports that reach it: compose `ports` it publishes, Kubernetes `nodePort`s and `hostPort`s. */
  readonly publishedPorts?: readonly number[];
  /** Ports its package scripts make a dev server listen on (`next dev --port 3010`); code's `listen()` adds more. */
  readonly listenPorts?: readonly number[];
  /** Where its dev server proxies requests (Create React App's `proxy`): a second reading of its relative URLs. */
  readonly devProxies?: readonly DevProxy[];
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
export function isLibrary(pkg: WorkspacePackage, all: readonly WorkspacePackage[]): boolean {
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
 * Decides the services: applications of the workspace, compose services built from the repository (rooted
 * at the folder of the entry file their command starts when they share a build context, which also give
 * host names, environment and published ports), then the config file's declarations, which win. Files
 * outside every service belong to the repository itself (see `rootServiceOf`).
 */
export interface ServiceSources {
  readonly layout: WorkspaceLayout;
  readonly compose: readonly ComposeService[];
  /** What each compose service's container runs; matched to `compose` by service. */
  readonly containers?: readonly Container[];
  readonly kubernetes: KubernetesManifests;
  readonly configured: readonly ConfiguredService[];
  /** The variables of a `.env`-style file, empty when there is none. */
  readonly readEnvFile: (file: string) => ReadonlyMap<string, string>;
  /** Told when the sources disagree in a way the user should know about (two services with one name). */
  readonly note?: (folder: string, message: string) => void;
}

interface Draft {
  root: string;
  name: string;
  source: string;
  hosts: Set<string>;
  environment: Map<string, string>;
  entries?: readonly string[];
  publishedPorts: Set<number>;
  listenPorts?: readonly number[];
  devProxies?: readonly DevProxy[];
}

/** Where a compose service's code is, and the entry files that tell it apart from others in one folder. */
type ComposePlace = { root: string; entries?: readonly string[] } | { none: string };

/**
 * A compose service built from the repository: when its command starts files of a workspace package inside
 * the build context, that package; when it shares the build context with other compose services, the
 * folder of its entry file; otherwise the build context (`composeRoot`). A command that starts no file of
 * the repository, in a shared build context, makes no service of its own.
 */
function composePlace(container: Container | undefined, service: ComposeService, all: readonly ComposeService[], layout: WorkspaceLayout): ComposePlace | undefined {
  const context = service.buildContext;
  if (context === undefined) return undefined;
  const shared = all.some((other) => other !== service && other.buildContext === context);
  const entry = container?.entry;
  const packageHolding = (file: string) =>
    layout.packages
      .filter((pkg) => pkg.root !== context && isInside(context, pkg.root) && isInside(pkg.root, file))
      .sort((a, b) => b.root.length - a.root.length)[0]?.root;
  if (entry?.kind === 'files') {
    const [first] = entry.files;
    const holder = first === undefined ? undefined : packageHolding(first);
    if (holder !== undefined) return { root: holder, entries: entry.files };
    if (shared && first !== undefined) return { root: path.dirname(first), entries: entry.files };
    const root = composeRoot(service, layout.packages);
    return root === undefined ? undefined : { root, entries: entry.files };
  }
  if (entry?.kind === 'package' && entry.root !== context && isInside(context, entry.root)) return { root: entry.root };
  if (entry?.kind === 'none' && shared) return { none: entry.command };
  // An image built from a package folder the Dockerfile copies (a web app copied, built and served by nginx).
  const copied = (container?.copiedFolders ?? []).filter((folder) => folder !== context && layout.packages.some((pkg) => pkg.root === folder && !isLibrary(pkg, layout.packages)));
  if (copied.length === 1 && (entry === undefined || entry.kind === 'unknown')) return { root: copied[0]! };
  const root = composeRoot(service, layout.packages);
  return root === undefined ? undefined : { root };
}

export function defineServices(root: string, sources: ServiceSources): ServiceDefinition[] {
  const { layout, configured } = sources;
  const drafts = new Map<string, Draft>();
  for (const pkg of layout.packages) {
    if (isLibrary(pkg, layout.packages)) continue;
    drafts.set(pkg.root, {
      root: pkg.root,
      name: pkg.name ? unscoped(pkg.name) : path.basename(pkg.root),
      source: pkg.source,
      hosts: new Set(),
      environment: new Map(),
      publishedPorts: new Set(),
      ...(pkg.scriptPorts && pkg.scriptPorts.length > 0 ? { listenPorts: pkg.scriptPorts } : {}),
      ...(pkg.devProxies && pkg.devProxies.length > 0 ? { devProxies: pkg.devProxies } : {}),
    });
  }
  addComposeServices(root, drafts, sources);
  dropSharedCode(drafts, sources);
  for (const service of configured) {
    const existing = drafts.get(service.root);
    drafts.set(service.root, {
      ...(existing ?? { publishedPorts: new Set<number>() }),
      root: service.root,
      name: service.name,
      source: 'config',
      hosts: new Set([...(existing?.hosts ?? []), ...(service.hosts ?? []).map((host) => host.toLowerCase())]),
      environment: new Map([...(existing?.environment ?? []), ...Object.entries(service.environment ?? {})]),
    });
  }
  renameDuplicates(root, drafts, sources.note);
  return [...drafts.values()]
    .map((service) => {
      const { environment, hosts, ports } = deployment(service.root, service, sources);
      return {
        name: service.name,
        root: service.root,
        source: service.source,
        hosts: [...new Set([service.name.toLowerCase(), ...service.hosts, ...hosts])].sort(),
        environment,
        ...(service.entries ? { entries: service.entries } : {}),
        publishedPorts: [...new Set([...service.publishedPorts, ...ports])].sort((a, b) => a - b),
        ...(service.listenPorts ? { listenPorts: service.listenPorts } : {}),
        ...(service.devProxies ? { devProxies: service.devProxies } : {}),
      };
    })
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.root, b.root));
}

/**
 * Adds the compose services built from the repository. Services placed in one folder with the same entries
 * (or none) are one service, named after the last (replicas, a service redefined); with different entries
 * they are several, each owning what its entries reach.
 */
function addComposeServices(root: string, drafts: Map<string, Draft>, sources: ServiceSources): void {
  const { compose, layout } = sources;
  const placed: { service: ComposeService; root: string; entries?: readonly string[] }[] = [];
  for (const service of compose) {
    const container = sources.containers?.find((candidate) => candidate.service === service);
    const place = composePlace(container, service, compose, layout);
    if (place === undefined) continue;
    if ('none' in place) {
      const sharing = compose.filter((other) => other !== service && other.buildContext === service.buildContext).map((other) => other.name);
      sources.note?.(
        path.relative(root, service.file).split(path.sep).join('/'),
        `compose service '${service.name}': its command (${place.none}) starts no file of the repository; not a service of its own (its build context is shared with ${sharing.join(', ')})`,
      );
      continue;
    }
    if (isInside(root, place.root)) placed.push({ service, root: place.root, ...(place.entries ? { entries: place.entries } : {}) });
  }
  const byRoot = new Map<string, typeof placed>();
  for (const entry of placed) byRoot.set(entry.root, [...(byRoot.get(entry.root) ?? []), entry]);
  for (const [serviceRoot, group] of byRoot) {
    const entrySets = new Set(group.map((entry) => (entry.entries ?? []).join('\0')));
    const split = entrySets.size > 1;
    const existing = drafts.get(serviceRoot);
    if (split) drafts.delete(serviceRoot);
    for (const { service, entries } of group) {
      const key = split ? `${serviceRoot}\0${(entries ?? []).join('\0')}` : serviceRoot;
      const earlier = drafts.get(key) ?? (split ? undefined : existing);
      drafts.set(key, {
        root: serviceRoot,
        name: service.name,
        source: 'compose',
        hosts: new Set([...(earlier?.hosts ?? []), ...service.hosts]),
        environment: new Map([...(earlier?.environment ?? []), ...service.environment]),
        ...(entries && entries.length > 0 ? { entries } : {}),
        publishedPorts: new Set([...(earlier?.publishedPorts ?? []), ...service.publishedPorts]),
        ...((earlier ?? existing)?.listenPorts ? { listenPorts: (earlier ?? existing)!.listenPorts! } : {}),
        ...((earlier ?? existing)?.devProxies ? { devProxies: (earlier ?? existing)!.devProxies! } : {}),
      });
    }
  }
}

/**
 * A package folder inside a build context that compose services share, told apart by their entry files, is
 * code those services share (`services/shared/package.json` listing the dependencies every image installs)
 * when nothing starts it: no compose service is rooted there and its package.json names no way to start.
 */
function dropSharedCode(drafts: Map<string, Draft>, sources: ServiceSources): void {
  const splitContexts = new Set(
    (sources.containers ?? [])
      .filter((container) => container.entry?.kind === 'files' && sources.compose.some((other) => other !== container.service && other.buildContext === container.service.buildContext))
      .flatMap((container) => container.service.buildContext ?? []),
  );
  for (const pkg of sources.layout.packages) {
    const draft = drafts.get(pkg.root);
    if (draft === undefined || draft.source === 'compose' || draft.source === 'config' || pkg.startable === true) continue;
    if ([...splitContexts].some((context) => isInside(context, pkg.root))) drafts.delete(pkg.root);
  }
}

/**
 * Two services with one name (a package.json copied from another service and not renamed) would merge in
 * the map: every one but the service whose folder has that name takes its folder's name, when that name is
 * free, and the user is told.
 */
function renameDuplicates(root: string, drafts: Map<string, Draft>, note: ServiceSources['note']): void {
  const byName = new Map<string, string[]>();
  for (const [key, service] of drafts) byName.set(service.name, [...(byName.get(service.name) ?? []), key]);
  const taken = new Set(byName.keys());
  const rootOf = (key: string) => drafts.get(key)!.root;
  for (const [name, keys] of [...byName].sort(([a], [b]) => compareStrings(a, b))) {
    if (keys.length < 2) continue;
    const sorted = [...keys].sort((a, b) => compareStrings(rootOf(a), rootOf(b)) || compareStrings(a, b));
    const keeper = sorted.find((key) => path.basename(rootOf(key)) === name) ?? sorted[0]!;
    for (const key of sorted) {
      const folder = path.basename(rootOf(key));
      if (key === keeper || taken.has(folder)) continue;
      taken.add(folder);
      drafts.set(key, { ...drafts.get(key)!, name: folder });
      const relative = path.relative(root, rootOf(key)).split(path.sep).join('/');
      note?.(relative, `has the same service name as '${path.relative(root, rootOf(keeper)).split(path.sep).join('/')}' ('${name}'); named '${folder}' after its folder`);
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
): { environment: Map<string, string>; hosts: string[]; ports: number[] } {
  const names = new Set([service.name, ...service.hosts].map(bareName));
  const workloads = sources.kubernetes.workloads.filter((workload) => workload.names.some((name) => names.has(bareName(name))));
  const k8sServices = sources.kubernetes.services.filter(
    (k8sService) => names.has(bareName(k8sService.name)) || selectedWorkloads(k8sService, sources.kubernetes.workloads).some((workload) => workloads.includes(workload)),
  );
  const hosts = k8sServices.map((k8sService) => k8sService.name.toLowerCase());
  const ports = [...workloads.flatMap((workload) => workload.hostPorts), ...k8sServices.flatMap((k8sService) => k8sService.nodePorts)];
  const environment = new Map<string, string>();
  for (const file of ['.env.sample', '.env.example', '.env']) {
    for (const [key, value] of sources.readEnvFile(path.join(serviceRoot, file))) environment.set(key, value);
  }
  for (const workload of workloads) for (const [key, value] of workload.environment) environment.set(key, value);
  for (const [key, value] of service.environment) environment.set(key, value);
  return { environment, hosts, ports };
}
