import { parseYamlDocuments } from './bounded-yaml.js';
import type { ProjectFiles } from './files.js';
import type { FolderTree } from './tree.js';

/** A Deployment, StatefulSet, Job... : the names it goes by, its labels, and its containers' literal env. */
export interface KubernetesWorkload {
  readonly names: readonly string[];
  readonly labels: ReadonlyMap<string, string>;
  readonly environment: ReadonlyMap<string, string>;
  /** `hostPort`s of its containers: ports of the node (the machine) that reach it. */
  readonly hostPorts: readonly number[];
}

/** A Kubernetes Service: its name is a host other pods reach the selected workloads by. */
export interface KubernetesService {
  readonly name: string;
  readonly selector: ReadonlyMap<string, string>;
  /** `nodePort`s of a `NodePort` or `LoadBalancer` Service: ports of every node that reach it. */
  readonly nodePorts: readonly number[];
}

/**
 * One path of an Ingress rule: requests for `host` whose path matches go to the Service `service`. Rules
 * without a host (any host) are not kept: a URL's host alone cannot tell that it points at this cluster.
 */
export interface IngressPath {
  /** Lower-case; `*.example.com` matches one label in place of the star. */
  readonly host: string;
  readonly path: string;
  readonly pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  /** ingress-nginx's `use-regex` (or `rewrite-target`) annotation: every path of the Ingress is a regex. */
  readonly regex: boolean;
  readonly service: string;
}

export interface KubernetesManifests {
  readonly workloads: readonly KubernetesWorkload[];
  readonly services: readonly KubernetesService[];
  readonly ingressPaths: readonly IngressPath[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'DeploymentConfig', 'Rollout']);
const NOT_MANIFESTS = ['**/docker-compose*.y*ml', '**/compose*.y*ml', '**/.github/**', '**/pnpm-*.yaml', '**/*lock*.y*ml'];

type Yaml = Record<string, unknown>;

const asObject = (value: unknown): Yaml | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Yaml) : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function stringMap(value: unknown): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, entry] of Object.entries(asObject(value) ?? {})) {
    if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean') map.set(key, String(entry));
  }
  return map;
}

/** The pod template of any workload kind (a CronJob nests it two levels deeper). */
function podSpecOf(document: Yaml): Yaml | undefined {
  const spec = asObject(document.spec);
  if (document.kind === 'Pod') return spec;
  if (document.kind === 'CronJob') return asObject(asObject(asObject(asObject(spec?.jobTemplate)?.spec)?.template)?.spec);
  return asObject(asObject(spec?.template)?.spec);
}

function readWorkload(document: Yaml): KubernetesWorkload {
  const metadata = asObject(document.metadata);
  const template = asObject(asObject(document.spec)?.template);
  const labels = new Map([...stringMap(metadata?.labels), ...stringMap(asObject(template?.metadata)?.labels)]);
  const names = new Set<string>();
  const name = asString(metadata?.name);
  if (name) names.add(name);
  const environment = new Map<string, string>();
  const hostPorts: number[] = [];
  for (const container of asArray(podSpecOf(document)?.containers)) {
    const object = asObject(container);
    for (const port of asArray(object?.ports)) {
      const hostPort = asObject(port)?.hostPort;
      if (typeof hostPort === 'number') hostPorts.push(hostPort);
    }
    const containerName = asString(object?.name);
    if (containerName) names.add(containerName);
    // `image: acme/statusservice:1.0` names the folder it is built from, when the Deployment is `status`.
    const image = imageName(asString(object?.image));
    if (image) names.add(image);
    for (const variable of asArray(object?.env)) {
      const entry = asObject(variable);
      const key = asString(entry?.name);
      // `valueFrom` (secrets, config maps, field refs) is not in the manifest: left unknown.
      if (key && (typeof entry?.value === 'string' || typeof entry?.value === 'number')) environment.set(key, String(entry.value));
    }
  }
  for (const label of ['app', 'app.kubernetes.io/name', 'component']) {
    const value = labels.get(label);
    if (value) names.add(value);
  }
  return { names: [...names], labels, environment, hostPorts };
}

/** `networking.k8s.io/v1` (`backend.service.name`) and the older `v1beta1` (`backend.serviceName`). */
function readIngress(document: Yaml): IngressPath[] {
  const found: IngressPath[] = [];
  const annotations = stringMap(asObject(document.metadata)?.annotations);
  const regex = annotations.get('nginx.ingress.kubernetes.io/use-regex') === 'true' || annotations.has('nginx.ingress.kubernetes.io/rewrite-target');
  for (const rule of asArray(asObject(document.spec)?.rules)) {
    const host = asString(asObject(rule)?.host)?.toLowerCase();
    if (!host) continue;
    for (const entry of asArray(asObject(asObject(rule)?.http)?.paths)) {
      const object = asObject(entry);
      const backend = asObject(object?.backend);
      const service = asString(asObject(backend?.service)?.name) ?? asString(backend?.serviceName);
      const pathType = asString(object?.pathType);
      if (service === undefined) continue;
      found.push({
        host,
        path: asString(object?.path) ?? '/',
        pathType: pathType === 'Exact' || pathType === 'Prefix' ? pathType : 'ImplementationSpecific',
        regex,
        service: service.toLowerCase(),
      });
    }
  }
  return found;
}

/** Whether a request path matches an Ingress path the way ingress-nginx does (paths with regex characters as regexes). */
function pathMatches(ingress: IngressPath, requestPath: string): boolean {
  if (ingress.pathType === 'Exact') return requestPath === ingress.path;
  if ((ingress.regex || ingress.pathType === 'ImplementationSpecific') && /[()[\]*+?|^$\\]/.test(ingress.path)) {
    try {
      return new RegExp(`^(?:${ingress.path})`, 'i').test(requestPath);
    } catch {
      return false;
    }
  }
  // `Prefix` matches whole segments: `/api` matches `/api` and `/api/x`, not `/apis`.
  const prefix = ingress.path.replace(/\/+$/, '');
  return prefix === '' || requestPath === prefix || requestPath.startsWith(`${prefix}/`);
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === hostname;
  const suffix = pattern.slice(1);
  return hostname.endsWith(suffix) && !hostname.slice(0, -suffix.length).includes('.');
}

/**
 * The Service an Ingress sends a request for `hostname` and `requestPath` to: the longest matching path
 * wins (an Exact one before any other), as in ingress-nginx. `undefined` when no Ingress serves that host.
 */
export function ingressService(paths: readonly IngressPath[], hostname: string, requestPath: string): string | undefined {
  let best: IngressPath | undefined;
  for (const candidate of paths) {
    if (!hostMatches(candidate.host, hostname) || !pathMatches(candidate, requestPath)) continue;
    const better =
      best === undefined ||
      (candidate.pathType === 'Exact') > (best.pathType === 'Exact') ||
      ((candidate.pathType === 'Exact') === (best.pathType === 'Exact') && candidate.path.length > best.path.length);
    if (better) best = candidate;
  }
  return best?.service;
}

/**
 * Reads plain Kubernetes manifests (not Helm templates, which are not YAML until rendered): workloads'
 * literal container env, Service names, and Ingress rules with a host. Files that are not manifests are passed
 * over without a note: most YAML in a repository is something else; a manifest (`apiVersion:` and `kind:`
 * at the start of a line) that does not parse, or is refused (outside the folder, over 1 MiB), is a note.
 */
export function readKubernetesManifests(files: ProjectFiles, tree: FolderTree): KubernetesManifests {
  const workloads: KubernetesWorkload[] = [];
  const services: KubernetesService[] = [];
  const ingressPaths: IngressPath[] = [];
  const found = tree.matching(['**/*.{yaml,yml}'], NOT_MANIFESTS);
  for (const file of found) {
    const text = files.readText(file);
    if (text === undefined) continue;
    if (!/^kind:/m.test(text) || !/^apiVersion:/m.test(text) || text.includes('{{')) continue;
    const parsed = parseYamlDocuments(text);
    if (!parsed.ok) {
      files.note(file, `not valid YAML: ${parsed.error}`);
      continue;
    }
    for (const value of parsed.documents) {
      const document = asObject(value);
      const kind = asString(document?.kind);
      if (document === undefined || kind === undefined) continue;
      if (WORKLOAD_KINDS.has(kind)) workloads.push(readWorkload(document));
      if (kind === 'Service') {
        const name = asString(asObject(document.metadata)?.name);
        const nodePorts = asArray(asObject(document.spec)?.ports).flatMap((port) => {
          const nodePort = asObject(port)?.nodePort;
          return typeof nodePort === 'number' ? [nodePort] : [];
        });
        if (name) services.push({ name, selector: stringMap(asObject(document.spec)?.selector), nodePorts });
      }
      if (kind === 'Ingress') ingressPaths.push(...readIngress(document));
    }
  }
  return { workloads, services, ingressPaths };
}

/** The repository part of an image reference, without registry, owner, tag or digest: `statusservice`. */
function imageName(image: string | undefined): string | undefined {
  const name = image?.split('@')[0]!.split('/').pop()!.split(':')[0];
  // A templated reference (`${IMAGE}`, `{{ .Values.image }}`) names nothing.
  return name !== undefined && /^[a-z0-9][a-z0-9._-]*$/.test(name) ? name : undefined;
}

/** Names as teams decorate them in manifests: `orders-depl`, `orders-srv`, `orders-service` are `orders`. */
export function bareName(name: string): string {
  return name.toLowerCase().replace(/[-_](deployment|depl|deploy|dep|service|svc|srv|clusterip|statefulset|sts|pod|app)$/, '');
}

/** The workloads a Kubernetes Service selects. */
export function selectedWorkloads(service: KubernetesService, workloads: readonly KubernetesWorkload[]): KubernetesWorkload[] {
  if (service.selector.size === 0) return [];
  return workloads.filter((workload) => [...service.selector].every(([key, value]) => workload.labels.get(key) === value));
}
