import path from 'node:path';
import { compareStrings } from '../core/model/compare.js';
import { type EntryReader, readManifest, scriptEntryPoint } from './entry-points.js';
import { isInside, type ServiceDefinition } from './services.js';
import { manifestWorkspaces, type WorkspaceLayout } from './workspace.js';

/**
 * The development scripts of workspace roots: files that a package.json declaring `workspaces` (the analysed
 * folder's, or one in a subfolder) starts from its own scripts (`"demo": "node demo-order-flow.js"`, `"seed":
 * "tsx tools/seed.ts"`), outside every service but the root's own. A workspace root is not deployed; what
 * its scripts start by hand drives the services (end-to-end demos, seeders, smoke checks) and would draw
 * edges no deployed service makes. Left out like `scripts/`, each with a note; `includeTests` keeps them.
 * Absolute paths, each with the package.json and script that start it.
 */
export function workspaceRootScripts(root: string, layout: WorkspaceLayout, services: readonly ServiceDefinition[], reader: EntryReader): Map<string, string> {
  const found = new Map<string, string>();
  for (const folder of [root, ...layout.packages.map((pkg) => pkg.root)]) {
    const manifest = readManifest(folder, reader);
    if (manifestWorkspaces(manifest) === undefined && !reader.isFile(path.join(folder, 'pnpm-workspace.yaml'))) continue;
    for (const [name, command] of scriptsOf(manifest)) {
      const entry = scriptEntryPoint(command, folder, reader, root);
      if (entry.kind !== 'files') continue;
      for (const file of entry.files) {
        const owner = services.filter((service) => isInside(service.root, file)).sort((a, b) => b.root.length - a.root.length)[0];
        if (found.has(file) || (owner !== undefined && owner.root !== folder)) continue;
        found.set(file, `${path.relative(root, path.join(folder, 'package.json')).split(path.sep).join('/')} "${name}"`);
      }
    }
  }
  return found;
}

/** The scripts of a package.json, in name order. */
function scriptsOf(manifest: { scripts?: unknown } | undefined): [string, string][] {
  const scripts = manifest?.scripts;
  if (scripts === null || typeof scripts !== 'object' || Array.isArray(scripts)) return [];
  return Object.entries(scripts as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => compareStrings(a, b));
}
