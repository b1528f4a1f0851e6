// The CLI (`analyze DIR --format json`) against `tsc -p DIR --noEmit` on the same generated repository,
// paired and alternated run by run so that a burst of load on the machine hits both (their ratio is taken
// pair by pair), and the CLI's warm `--cache` run against its cold run once the CLI has that flag.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pairedRatio, progress, runTimed, summarize } from './run-timed.mjs';

/** What the CLI's `analyze --help` offers: the cache flags of issue 9 (item 2) once they exist. */
export function cacheSupport(bin) {
  const help = spawnSync(process.execPath, [bin, 'analyze', '--help'], { encoding: 'utf8' });
  const text = `${help.stdout}${help.stderr}`;
  return { cache: /--cache(?![-\w])/.test(text), location: /--cache-location\b/.test(text), watch: /--watch\b/.test(text) };
}

const interactionCount = (counts) => counts.http + counts.produce + counts.consume;

/** Reads the CLI's JSON result and says where it differs from what the generator wrote. */
function checkResult(file, expected) {
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  const problems = [];
  if (result.summary.files !== expected.files) problems.push(`the CLI read ${result.summary.files} files, the generator wrote ${expected.files}`);
  for (const kind of ['http', 'produce', 'consume']) {
    if (result.summary.interactions[kind] !== expected.interactions[kind]) problems.push(`${kind}: the CLI found ${result.summary.interactions[kind]}, the generator wrote ${expected.interactions[kind]}`);
  }
  return { found: interactionCount(result.summary.interactions), expected: interactionCount(expected.interactions), problems };
}

/**
 * One run of both tools on `repo`, back to back: run 1 is CLI then tsc, run 2 tsc then CLI, and so on. Both
 * are started as `node FILE` (tsc from this repository's typescript package: what `npx tsc` starts, without
 * npm's own start-up in the figure).
 */
export function measurePair({ timer, tools, repo, expected, run, runs, workDir }) {
  const commands = {
    cli: [tools.cliBin, 'analyze', repo, '--format', 'json', '--fail-on', 'never'],
    tsc: [tools.tscBin, '-p', repo, '--noEmit'],
  };
  const pair = {};
  for (const tool of run % 2 === 1 ? ['cli', 'tsc'] : ['tsc', 'cli']) {
    pair[tool] = runTimed(timer, { label: `${tool}-${expected.files}-${run}`, args: commands[tool], cwd: repo, workDir });
    progress(`${expected.files} files, run ${run}/${runs}: ${tool} ${pair[tool].seconds.toFixed(2)} s (CPU ${pair[tool].cpuSeconds.toFixed(2)} s), ${pair[tool].peakMiB.toFixed(0)} MiB`);
  }
  return pair;
}

/** The figures of one size from its pairs of runs, and the CLI's result checked against the generator's. */
export function summarizePairs(expected, pairs) {
  const of = (tool, figure) => pairs.map((pair) => pair[tool][figure]);
  const tool = (name) => ({ seconds: summarize(of(name, 'seconds')), cpuSeconds: summarize(of(name, 'cpuSeconds')), peakMiB: summarize(of(name, 'peakMiB')) });
  return {
    files: expected.files,
    services: expected.services,
    lines: expected.lines,
    interactions: checkResult(pairs[0].cli.stdoutFile, expected),
    cli: tool('cli'),
    tsc: tool('tsc'),
    ratio: { seconds: pairedRatio(of('cli', 'seconds'), of('tsc', 'seconds')), cpuSeconds: pairedRatio(of('cli', 'cpuSeconds'), of('tsc', 'cpuSeconds')) },
  };
}

/** The file the warm run finds changed: code that sends, the kind of file people edit. */
export function fileToTouch(repo) {
  const services = fs.readdirSync(path.join(repo, 'services')).sort();
  const events = path.join(repo, 'services', services[0], 'src', 'events');
  const file = fs.readdirSync(events).sort().find((name) => name.endsWith('-events.ts'));
  return path.join(events, file);
}

/**
 * Cold run (no cache folder), then one file edited (a comment appended: new content hash, same facts), then
 * the warm run; `runs` times, the file restored each time. The cache lives in `--cache-location` when the
 * CLI has it, else in its default place under the analysed folder's node_modules/.cache/service-map (the CLI
 * runs with the analysed folder as its working folder, so either reading of "default" is that folder).
 */
export function measureCache({ timer, tools, repo, expected, runs, workDir, support }) {
  const cacheDir = support.location ? path.join(workDir, `cache-${expected.files}`) : path.join(repo, 'node_modules', '.cache', 'service-map');
  const args = [tools.cliBin, 'analyze', repo, '--format', 'json', '--fail-on', 'never', '--cache', ...(support.location ? ['--cache-location', cacheDir] : [])];
  const touched = fileToTouch(repo);
  const original = fs.readFileSync(touched);
  const cold = [];
  const warm = [];
  const mismatches = [];
  try {
    for (let run = 1; run <= runs; run += 1) {
      fs.writeFileSync(touched, original);
      fs.rmSync(cacheDir, { recursive: true, force: true });
      const coldRun = runTimed(timer, { label: `cache-cold-${expected.files}-${run}`, args, cwd: repo, workDir });
      fs.appendFileSync(touched, `// edited by the benchmark, run ${run}\n`);
      const warmRun = runTimed(timer, { label: `cache-warm-${expected.files}-${run}`, args, cwd: repo, workDir });
      cold.push(coldRun.seconds);
      warm.push(warmRun.seconds);
      // A comment at the end moves nothing: the warm result must be the cold one, byte for byte.
      if (!fs.readFileSync(coldRun.stdoutFile).equals(fs.readFileSync(warmRun.stdoutFile))) mismatches.push(run);
      progress(`${expected.files} files, cache run ${run}/${runs}: cold ${coldRun.seconds.toFixed(2)} s, warm ${warmRun.seconds.toFixed(2)} s`);
    }
  } finally {
    fs.writeFileSync(touched, original);
  }
  return { files: expected.files, touched: path.relative(repo, touched).split(path.sep).join('/'), cold: summarize(cold), warm: summarize(warm), ratio: pairedRatio(warm, cold), mismatches };
}
