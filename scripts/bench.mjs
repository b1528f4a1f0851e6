#!/usr/bin/env node
// `npm run bench [-- --write]`: measures the built CLI and ESLint plugin (dist/, so `npm run build` first) and
// prints the figures; `--write` also puts them into docs/performance.md with the machine they came from.
// Never asserts anything: the floors of issue 9 are judged in the output, not enforced.
//
//   1. CLI `analyze DIR --format json` vs `tsc -p DIR --noEmit` on generated monorepos of BENCH_SIZES files
//      (default 1000,4000,8000), BENCH_RUNS runs each (default 3), paired and alternated, medians;
//   2. warm vs cold `--cache` run, once `analyze --help` lists `--cache`;
//   3. ESLint with no rules vs with the plugin, untyped and typed, on the generated repository of
//      BENCH_ESLINT_SIZE files (default: the smallest size; 0 skips it);
//   4. the CLI on fixtures/shop, in place and as a copy without node_modules.
// BENCH_SEED (default 1) picks the generated repository, BENCH_FILES_PER_SERVICE (default 50) how many services it
// has, BENCH_REACH (default 0) how many plain files each file that talks imports (generate-monorepo.mjs);
// BENCH_KEEP=1 keeps the temp folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { cacheSupport, fileToTouch, measureCache, measurePair, summarizePairs } from './bench/cli-vs-tsc.mjs';
import { measureWatch } from './bench/watch.mjs';
import { eslintTools, measureEslintOverhead } from './bench/eslint-overhead.mjs';
import { DEFAULT_FILES_PER_SERVICE, MIN_FILES, writeMonorepo } from './bench/generate-monorepo.mjs';
import { renderMarkdown, renderText, replaceGenerated } from './bench/report.mjs';
import { progress, runTimed, summarize, timerKind } from './bench/run-timed.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const DOC = path.join(root, 'docs', 'performance.md');

class UsageError extends Error {}

function whole(env, name, fallback, minimum) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < minimum) throw new UsageError(`${name}=${raw}: expected a whole number, ${minimum} or more`);
  return Number(raw);
}

function settingsFrom(argv, env) {
  const unknown = argv.filter((argument) => argument !== '--write');
  if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]}; usage: node scripts/bench.mjs [--write]`);
  const sizes = (env.BENCH_SIZES ?? '1000,4000,8000').split(',').map((size) => size.trim());
  if (sizes.some((size) => !/^\d+$/.test(size) || Number(size) < MIN_FILES)) throw new UsageError(`BENCH_SIZES=${env.BENCH_SIZES}: expected file counts of ${MIN_FILES} or more, separated by commas`);
  const sorted = [...new Set(sizes.map(Number))].sort((a, b) => a - b);
  const eslintSize = env.BENCH_ESLINT_SIZE === '0' ? 0 : whole(env, 'BENCH_ESLINT_SIZE', sorted[0], MIN_FILES);
  return {
    write: argv.includes('--write'),
    sizes: sorted,
    runs: whole(env, 'BENCH_RUNS', 3, 1),
    seed: whole(env, 'BENCH_SEED', 1, 0),
    filesPerService: whole(env, 'BENCH_FILES_PER_SERVICE', DEFAULT_FILES_PER_SERVICE, 20),
    reach: whole(env, 'BENCH_REACH', 0, 0),
    eslintSize,
    keep: env.BENCH_KEEP === '1',
  };
}

/** The built files the benchmark runs; a missing or stale dist/ would time another program than src/. */
function checkBuild() {
  const built = path.join(root, 'dist', 'index.js');
  if (!fs.existsSync(built) || !fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) throw new UsageError('dist/ is missing: run `npm run build` first (the benchmark measures the built CLI and plugin)');
  const sources = fs.readdirSync(path.join(root, 'src'), { recursive: true }).filter((file) => file.endsWith('.ts'));
  const newest = sources.reduce((latest, file) => Math.max(latest, fs.statSync(path.join(root, 'src', file)).mtimeMs), 0);
  if (newest > fs.statSync(built).mtimeMs) progress('WARNING: src/ has changes newer than dist/: run `npm run build` to measure them');
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadStart: os.loadavg()[0],
  };
}

function commit() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return undefined;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' with uncommitted changes' : ''}`;
}

/** The CLI on the bundled example where it is (library types installed above it) and on a bare copy. */
function measureShop({ timer, tools, runs, temp, workDir }) {
  const shop = path.join(root, 'fixtures', 'shop');
  const copy = path.join(temp, 'shop-copy');
  fs.cpSync(shop, copy, { recursive: true });
  return [
    { label: 'fixtures/shop (library types installed)', dir: shop },
    { label: 'fixtures/shop copy (no node_modules)', dir: copy },
  ].map(({ label, dir }) => {
    const measured = [];
    for (let run = 1; run <= runs; run += 1) {
      measured.push(runTimed(timer, { label: `shop-${path.basename(dir)}-${run}`, args: [tools.cliBin, 'analyze', dir, '--format', 'json', '--fail-on', 'never'], cwd: dir, workDir }));
    }
    const files = JSON.parse(fs.readFileSync(measured[0].stdoutFile, 'utf8')).summary.files;
    progress(`${label}: ${measured.map((run) => run.seconds.toFixed(2)).join(', ')} s`);
    return { label, files, seconds: summarize(measured.map((run) => run.seconds)), peakMiB: summarize(measured.map((run) => run.peakMiB)) };
  });
}

async function measureAll(settings, timer, temp) {
  const workDir = path.join(temp, 'runs');
  const tools = {
    cliBin: path.join(root, 'bin', 'service-map.js'),
    tscBin: path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'),
    ...eslintTools(root, (specifier) => require.resolve(specifier)),
  };
  const support = cacheSupport(tools.cliBin);
  progress(support.cache ? `the CLI has --cache${support.location ? ' and --cache-location' : ''}: warm/cold runs included` : 'no --cache yet: warm/cold skipped');
  const repos = new Map();
  const repoOf = (files) => {
    if (!repos.has(files)) {
      const dir = path.join(temp, `repo-${files}`);
      progress(`generating ${files} files (seed ${settings.seed}, ${settings.filesPerService} files per service, reach ${settings.reach}) in ${dir}`);
      repos.set(files, { dir, expected: writeMonorepo(dir, { files, seed: settings.seed, filesPerService: settings.filesPerService, reach: settings.reach }) });
    }
    return repos.get(files);
  };
  for (const files of settings.sizes) repoOf(files);
  // Round by round over the sizes, so a change of load on the machine spreads over every size instead of
  // landing on one and bending the per-file figures.
  const pairs = new Map(settings.sizes.map((files) => [files, []]));
  for (let run = 1; run <= settings.runs; run += 1) {
    for (const files of settings.sizes) {
      const { dir, expected } = repoOf(files);
      pairs.get(files).push(measurePair({ timer, tools, repo: dir, expected, run, runs: settings.runs, workDir }));
    }
  }
  const sizes = settings.sizes.map((files) => summarizePairs(repoOf(files).expected, pairs.get(files)));
  const cacheRows = support.cache ? settings.sizes.map((files) => measureCache({ timer, tools, repo: repoOf(files).dir, expected: repoOf(files).expected, runs: settings.runs, workDir, support })) : [];
  if (support.watch) {
    for (const row of cacheRows) {
      const { dir, expected } = repoOf(row.files);
      row.watch = await measureWatch({ tools, repo: dir, expected, runs: settings.runs, workDir, touched: fileToTouch(dir) });
    }
  }
  let eslint = { skipped: 'ESLint overhead skipped (BENCH_ESLINT_SIZE=0).' };
  if (settings.eslintSize > 0) {
    const { dir } = repoOf(settings.eslintSize);
    eslint = measureEslintOverhead({ timer, tools, repo: dir, files: settings.eslintSize, runs: settings.runs, configDir: temp, workDir });
  }
  const shop = measureShop({ timer, tools, runs: settings.runs, temp, workDir });
  return { sizes, cache: { supported: support.cache, rows: cacheRows }, eslint, shop };
}

async function main() {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  checkBuild();
  const timer = timerKind();
  const host = machine();
  const started = new Date();
  // The code measured is the code at the start: edits made while the benchmark runs are not in dist/ anyway.
  const measuredCommit = commit();
  progress(`sizes ${settings.sizes.join(', ')}, ${settings.runs} runs each; ${timer.label}; load ${host.loadStart.toFixed(2)} on ${host.cores} cores`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-bench-'));
  let measured;
  try {
    measured = await measureAll(settings, timer, temp);
  } finally {
    if (settings.keep) progress(`kept ${temp}`);
    else fs.rmSync(temp, { recursive: true, force: true });
  }
  const figures = {
    date: `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    commit: measuredCommit,
    machine: { ...host, loadEnd: os.loadavg()[0] },
    timer: timer.label,
    seed: settings.seed,
    filesPerService: settings.filesPerService,
    reach: settings.reach,
    runs: settings.runs,
    ...measured,
  };
  process.stdout.write(renderText(figures));
  if (settings.write) {
    fs.writeFileSync(DOC, replaceGenerated(fs.readFileSync(DOC, 'utf8'), renderMarkdown(figures)));
    progress(`wrote ${path.relative(root, DOC)}`);
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
