// The CLI (`analyze DIR --format json`) against `tsc -p DIR --noEmit` on the same generated repository,
// paired and alternated run by run so that a burst of load on the machine hits both, and the CLI's warm
// `--cache` run against its cold run once the CLI has that flag.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { progress, runTimed, summarize } from './run-timed.mjs';

/** What the CLI's `analyze --help` offers: the cache flags of issue 9 (item 2) once they exist. */
export function cacheSupport(bin) {
  const help = spawnSync(process.execPath, [bin, 'analyze', '--help'], { encoding: 'utf8' });
  const text = `${help.stdout}${help.stderr}`;
  return { cache: /--cache(?![-\w])/.test(text), location: /--cache-location\b/.test(text) };
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
 * Times both tools `runs` times on `repo`. Run 1 is CLI then tsc, run 2 tsc then CLI, and so on. Both are
 * started as `node FILE` (tsc from this repository's typescript package: what `npx tsc` starts, without npm's
 * own start-up in the figure).
 */
export function measureCliVsTsc({ timer, tools, repo, expected, runs, workDir }) {
  const cli = [];
  const tsc = [];
  const cliArgs = [tools.cliBin, 'analyze', repo, '--format', 'json', '--fail-on', 'never'];
  const tscArgs = [tools.tscBin, '-p', repo, '--noEmit'];
  let check;
  for (let run = 1; run <= runs; run += 1) {
    const order = run % 2 === 1 ? ['cli', 'tsc'] : ['tsc', 'cli'];
    for (const tool of order) {
      const measured =
        tool === 'cli'
          ? runTimed(timer, { label: `cli-${expected.files}-${run}`, args: cliArgs, cwd: repo, workDir })
          : runTimed(timer, { label: `tsc-${expected.files}-${run}`, args: tscArgs, cwd: repo, workDir });
      (tool === 'cli' ? cli : tsc).push(measured);
      if (tool === 'cli') check ??= checkResult(measured.stdoutFile, expected);
      progress(`${expected.files} files, run ${run}/${runs}: ${tool} ${measured.seconds.toFixed(2)} s, ${measured.peakMiB.toFixed(0)} MiB`);
    }
  }
  return {
    files: expected.files,
    services: expected.services,
    interactions: check,
    cli: { seconds: summarize(cli.map((run) => run.seconds)), peakMiB: summarize(cli.map((run) => run.peakMiB)) },
    tsc: { seconds: summarize(tsc.map((run) => run.seconds)), peakMiB: summarize(tsc.map((run) => run.peakMiB)) },
  };
}

/** The file the warm run finds changed: code that sends, the kind of file people edit. */
function fileToTouch(repo) {
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
  return { files: expected.files, touched: path.relative(repo, touched).split(path.sep).join('/'), cold: summarize(cold), warm: summarize(warm), mismatches };
}
