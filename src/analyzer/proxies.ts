import fs from 'node:fs';
import path from 'node:path';
import type { Container } from './containers.js';
import type { EntryReader } from './entry-points.js';
import { type NginxConfig, parseNginxConfig, proxiedPath } from './nginx-config.js';
import { isInside, type ServiceDefinition } from './services.js';

/*
 * nginx in front of services: a compose service that runs nginx with a configuration of the repository
 * (copied by its Dockerfile, mounted by compose, or `*.conf` beside its Dockerfile). Requests that reach it
 * (by its host names, the ports it publishes, or relative URLs of the app it serves) go where its
 * `location` blocks proxy them.
 */

export interface NginxProxy {
  /** The compose service running nginx. */
  readonly composeName: string;
  /** Host names that reach it: its compose names and aliases, and the `server_name`s of its configuration. */
  readonly hosts: readonly string[];
  readonly publishedPorts: readonly number[];
  /** Services whose pages it serves (the app built into its image, the folder its `root` comes from): their relative URLs go through it. */
  readonly serves: readonly string[];
  readonly configs: readonly NginxConfig[];
}

/**
 * Where a request through a proxy goes: the host it is passed to (an upstream's server, or `proxy_pass`'s
 * host), other names for it to try (the upstream's own name, the compose service of a container name), and
 * the path it receives.
 */
export interface ProxyRoute {
  readonly hosts: readonly string[];
  readonly path: string;
}

/** nginx's default document root: what `root` is when a configuration does not set it. */
const DEFAULT_ROOT = '/usr/share/nginx/html';

/** The nginx proxies of the compose services. */
export function readProxies(containers: readonly Container[], services: readonly ServiceDefinition[], reader: EntryReader): NginxProxy[] {
  const proxies: NginxProxy[] = [];
  for (const container of containers) {
    if (!container.runsNginx && container.nginxConfigs.length === 0) continue;
    const files = container.nginxConfigs.length > 0 ? container.nginxConfigs : confFilesBesideDockerfile(container, reader);
    const configs = files.flatMap((file) => {
      const text = reader.readText(file);
      return text === undefined ? [] : [parseNginxConfig(text)];
    });
    if (configs.every((config) => config.servers.every((server) => server.locations.every((location) => location.proxyPass === undefined)))) continue;
    const own = services.find((service) => service.source === 'compose' && service.name === container.service.name);
    const roots = configs.flatMap((config) => config.servers.map((server) => server.root ?? DEFAULT_ROOT));
    const served = roots.flatMap((root) => {
      const folder = root.includes('$') ? undefined : container.toRepository(root);
      const holder = folder === undefined ? undefined : deepestService(services, folder);
      return holder === undefined ? [] : [holder.name];
    });
    const serverNames = configs.flatMap((config) => config.servers.flatMap((server) => server.names)).filter((name) => /^[a-z0-9.-]+\.[a-z]{2,}$/.test(name) && name !== 'localhost');
    proxies.push({
      composeName: container.service.name,
      hosts: [...new Set([...container.service.hosts, ...serverNames])],
      publishedPorts: container.service.publishedPorts,
      serves: [...new Set([...(own ? [own.name] : []), ...served])].sort(),
      configs,
    });
  }
  return proxies;
}

/** `nginx.conf` and `*.conf` in the folder of the Dockerfile, or its `nginx/` folder. */
function confFilesBesideDockerfile(container: Container, reader: EntryReader): string[] {
  const context = container.service.buildContext;
  if (context === undefined) return [];
  const folder = path.dirname(container.service.dockerfile ?? path.join(context, 'Dockerfile'));
  return [folder, path.join(folder, 'nginx')].flatMap((directory) => {
    if (!reader.isDirectory(directory)) return [];
    try {
      return fs
        .readdirSync(directory)
        .filter((name) => name.endsWith('.conf'))
        .sort()
        .map((name) => path.join(directory, name))
        .filter((file) => reader.isFile(file));
    } catch {
      return [];
    }
  });
}

function deepestService(services: readonly ServiceDefinition[], folder: string): ServiceDefinition | undefined {
  let best: ServiceDefinition | undefined;
  for (const service of services) {
    if (isInside(service.root, folder) && (best === undefined || service.root.length > best.root.length)) best = service;
  }
  return best;
}

/**
 * Where a proxy sends `requestPath` (for `hostname`, when the request names one of its `server_name`s):
 * one answer when every server that could take the request proxies it to the same host and path.
 */
export function routeThroughProxy(proxy: NginxProxy, requestPath: string, hostname?: string): ProxyRoute | undefined {
  const servers = proxy.configs.flatMap((config) => config.servers.map((server) => ({ config, server })));
  const named = hostname === undefined ? [] : servers.filter(({ server }) => server.names.includes(hostname));
  const candidates = named.length > 0 ? named : servers;
  const routes = new Map<string, ProxyRoute>();
  for (const { config, server } of candidates) {
    const proxied = proxiedPath(server, requestPath);
    if (proxied === undefined) continue;
    // An upstream's servers (`host:port`), each a route of its own; replicas agree once their names are
    // normalised (compose v1 names containers `<project>_<service>_<n>`).
    const upstream = config.upstreams.get(proxied.host);
    const hosts = upstream?.map((entry) => entry.replace(/:\d+$/, '').toLowerCase()) ?? [proxied.host];
    for (const host of hosts) {
      const names = [...new Set([host, containerService(host), ...(upstream ? [proxied.host] : [])])];
      routes.set(`${containerService(host)} ${proxied.path}`, { hosts: names, path: proxied.path });
    }
  }
  const [only] = routes.values();
  return routes.size === 1 ? only : undefined;
}

/** `ticker_message-listener_1` (a compose v1 container name) is the service `message-listener`. */
function containerService(host: string): string {
  return host.replace(/^[a-z0-9]+_(.+)_\d+$/, '$1');
}
