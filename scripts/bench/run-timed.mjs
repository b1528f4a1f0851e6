// Runs one Node program in a child process and measures its wall time and peak resident memory, the way the
// benchmark compares the CLI with tsc and ESLint: every tool in its own fresh process, loading included.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const GNU_TIME = '/usr/bin/time';

/** Wall seconds, user and system CPU seconds, peak RSS in KiB. */
const FORMAT = '%e %U %S %M';

/**
 * How this machine measures: GNU time's `%e %U %S %M` (wall, user and system CPU seconds, peak RSS in KiB)
 * when it is there; else the wall clock around the child and its own `process.resourceUsage()` (CPU time and
 * maxRSS), written at exit by a `--require` hook (Node only; what a process does before the hook loads is not
 * counted).
 */
export function timerKind() {
  if (fs.existsSync(GNU_TIME)) {
    const probe = spawnSync(GNU_TIME, ['-f', FORMAT, 'true'], { encoding: 'utf8' });
    if (probe.status === 0 && /^[\d.]+ [\d.]+ [\d.]+ \d+\s*$/m.test(probe.stderr)) return { kind: 'gnu-time', label: `${GNU_TIME} -f '${FORMAT}' (wall, user and system CPU, peak RSS)` };
  }
  return { kind: 'node-hook', label: 'no GNU /usr/bin/time: wall clock around the process; CPU time and peak RSS from process.resourceUsage() at exit' };
}

const USAGE_HOOK = `
const fs = require('node:fs');
process.on('exit', () => {
  const usage = process.resourceUsage();
  fs.writeFileSync(process.env.BENCH_USAGE_FILE, ['0', usage.userCPUTime / 1e6, usage.systemCPUTime / 1e6, usage.maxRSS].join(' '));
});
`;

/**
 * Runs `node ...args` in `cwd`; stdout and stderr go to files in `workDir`. Returns wall and CPU seconds, peak MiB, the
 * exit code and the paths of the outputs. Throws when the exit code is not one of `okCodes`, with the end
 * of stderr: a benchmark of a failing run measures nothing.
 */
export function runTimed(timer, { label, args, cwd, workDir, okCodes = [0], env = {} }) {
  fs.mkdirSync(workDir, { recursive: true });
  const stem = path.join(workDir, label.replace(/[^A-Za-z0-9.-]+/g, '_'));
  const stdoutFile = `${stem}.stdout`;
  const stderrFile = `${stem}.stderr`;
  const measureFile = `${stem}.measure`;
  fs.rmSync(measureFile, { force: true });
  const stdout = fs.openSync(stdoutFile, 'w');
  const stderr = fs.openSync(stderrFile, 'w');
  let result;
  let wallMs;
  try {
    if (timer.kind === 'gnu-time') {
      result = spawnSync(GNU_TIME, ['-f', FORMAT, '-o', measureFile, process.execPath, ...args], { cwd, stdio: ['ignore', stdout, stderr], env: { ...process.env, ...env } });
    } else {
      const hook = path.join(workDir, 'usage-hook.cjs');
      if (!fs.existsSync(hook)) fs.writeFileSync(hook, USAGE_HOOK);
      const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(hook)}`.trim();
      const started = process.hrtime.bigint();
      result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', stdout, stderr], env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions, BENCH_USAGE_FILE: measureFile } });
      wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
  } finally {
    fs.closeSync(stdout);
    fs.closeSync(stderr);
  }
  const code = result.status;
  if (result.error !== undefined || !okCodes.includes(code)) {
    const tail = fs.readFileSync(stderrFile, 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(`${label}: exit ${code ?? result.signal ?? result.error?.message} (node ${args.join(' ')} in ${cwd})\n${tail}`);
  }
  // GNU time writes "Command exited with non-zero status N" above the figures when the code is not 0.
  const [wall, user, system, rss] = fs.readFileSync(measureFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  const seconds = timer.kind === 'gnu-time' ? wall : wallMs / 1000;
  return { seconds, cpuSeconds: user + system, peakMiB: rss / 1024, code, stdoutFile, stderrFile };
}

/** The median: the middle run, or the mean of the two middle runs. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min and max of the runs, and the runs themselves in the order they ran. */
export function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values };
}

/** Progress on stderr, so stdout carries only the table. */
export const progress = (message) => process.stderr.write(`[bench] ${message}\n`);

/**
 * The median of the ratios of runs taken back to back (`numerators[i] / denominators[i]`): when the load on
 * the machine changes during a benchmark, each pair saw the same load, the medians of each side need not.
 */
export function pairedRatio(numerators, denominators) {
  return median(numerators.map((value, index) => value / denominators[index]));
}
