// @ts-check
// Builds service-map as it was at an older commit, so the first-run column is measured again from history
// rather than copied from an old document. The commit's src/ and build configuration are taken with
// `git archive` into node_modules/.cache/service-map-first-run/<commit>/ and compiled with this checkout's
// TypeScript; module resolution walks up from there to this checkout's node_modules, so the commit runs on
// the dependencies installed now. A difference between the versions it pinned and those installed is
// returned as a note; a dependency that is not installed at all, or a build that fails, is an error that
// says so, never a figure. The analyzer of every first-run commit imports `ts-morph`, which the CLI no longer
// needs (stop 18: it uses `@ts-morph/common` directly): it stays a devDependency, pinned as they pinned it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the build needs from a commit; everything else (tests, fixtures, docs) stays out. */
const BUILD_INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/**
 * @typedef {(options: { root: string }) => unknown} AnalyzeProject
 * The analyzer's entry point; synchronous before c05b1e5, a promise since: callers await either.
 */

/**
 * @typedef {object} BuiltAnalyzer
 * @property {string} commit the full commit id
 * @property {AnalyzeProject} analyzeProject
 * @property {string[]} notes dependency versions that differ from the commit's own
 */

/**
 * @param {string} root this checkout
 * @param {string[]} args
 */
function git(root, args) {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

/**
 * The installed version of each package the commit's package.json pins, compared with its pin.
 * @param {string} root
 * @param {string} commitPackageJson
 * @returns {{ missing: string[], notes: string[] }}
 */
function compareDependencies(root, commitPackageJson) {
  /** @type {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string> }} */
  const manifest = JSON.parse(fs.readFileSync(commitPackageJson, 'utf8'));
  /** @type {string[]} */
  const missing = [];
  /** @type {string[]} */
  const notes = [];
  for (const [field, pins] of /** @type {const} */ ([['dependencies', manifest.dependencies ?? {}], ['devDependencies', manifest.devDependencies ?? {}]])) {
    for (const [name, pinned] of Object.entries(pins).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const installedManifest = path.join(root, 'node_modules', name, 'package.json');
      if (!fs.existsSync(installedManifest)) {
        // Only what the built code imports at run time must be there; a missing tool of the commit's own
        // tests does not change what its analyzer reports.
        if (field === 'dependencies') missing.push(`${name}@${pinned}`);
        else notes.push(`${name}@${pinned} (dev) not installed`);
        continue;
      }
      /** @type {{ version: string }} */
      const installed = JSON.parse(fs.readFileSync(installedManifest, 'utf8'));
      if (installed.version !== pinned.replace(/^[\^~=]/, '')) notes.push(`${name} ${installed.version} installed, ${pinned} pinned`);
    }
  }
  return { missing, notes };
}

/**
 * Builds (or takes from the cache) the analyzer of `commit` and loads it.
 * @param {string} root this checkout of service-map
 * @param {string} commit any name git accepts for a commit of this repository
 * @returns {Promise<BuiltAnalyzer>}
 */
export async function analyzerAt(root, commit) {
  let full;
  try {
    full = git(root, ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`]).trim();
  } catch {
    throw new Error(`service-map commit ${commit} is not in this repository's history (a shallow clone?)`);
  }
  const folder = path.join(root, 'node_modules/.cache/service-map-first-run', full);
  const stamp = path.join(folder, 'built.json');
  const entry = path.join(folder, 'dist/analyzer/analyze.js');
  if (!fs.existsSync(stamp) || !fs.existsSync(entry)) {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder, { recursive: true });
    const present = BUILD_INPUTS.filter((input) => git(root, ['ls-tree', '--name-only', full, input]).trim() !== '');
    const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', full, ...present], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', folder], { input: archive, maxBuffer: 1 << 30 });
    if (!present.includes('package.json') || !present.includes('tsconfig.build.json')) {
      throw new Error(`service-map commit ${full.slice(0, 7)} has no package.json or tsconfig.build.json to build from`);
    }
    const { missing, notes } = compareDependencies(root, path.join(folder, 'package.json'));
    if (missing.length > 0) throw new Error(`service-map commit ${full.slice(0, 7)} needs ${missing.join(', ')}, not installed here; install them to measure it`);
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const output = /** @type {{ stdout?: string }} */ (error).stdout ?? String(error);
      throw new Error(`service-map commit ${full.slice(0, 7)} does not build with the dependencies installed now: ${output.split('\n').slice(0, 3).join(' ').trim()}`, { cause: error });
    }
    fs.writeFileSync(stamp, `${JSON.stringify({ commit: full, notes }, null, 2)}\n`);
  }
  /** @type {{ notes: string[] }} */
  const built = JSON.parse(fs.readFileSync(stamp, 'utf8'));
  /** @type {{ analyzeProject?: unknown }} */
  const module = await import(pathToFileURL(entry).href);
  if (typeof module.analyzeProject !== 'function') throw new Error(`service-map commit ${full.slice(0, 7)}: dist/analyzer/analyze.js exports no analyzeProject`);
  return { commit: full, analyzeProject: /** @type {AnalyzeProject} */ (module.analyzeProject), notes: built.notes };
}
