// `analyze --watch` on the generated repository: the time from editing one file (the file the warm `--cache`
// run touches) to the watch having written its report again, as a user waits for it (the 100 ms the watch
// lets changes settle included). The report after each edit must be the first one, byte for byte: a comment
// changes no fact.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { progress, summarize } from './run-timed.mjs';

/** Resolves once `text()` holds `count` matches of `pattern`; rejects after `timeoutMs` or when the process ends. */
async function until(text, pattern, count, child, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while ((text().match(pattern) ?? []).length < count) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`--watch: waited for ${count} × ${pattern.source}; stderr:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function measureWatch({ tools, repo, expected, runs, workDir, touched }) {
  const out = path.join(workDir, `watch-${expected.files}.json`);
  const child = spawn(process.execPath, [tools.cliBin, 'analyze', repo, '--watch', '--out', out, '--format', 'json', '--fail-on', 'never'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const text = () => stderr;
  const again = /analysed again/g;
  const original = fs.readFileSync(touched);
  const seconds = [];
  const mismatches = [];
  try {
    await until(text, /analysed in/g, 1, child);
    const first = fs.readFileSync(out);
    for (let run = 1; run <= runs; run += 1) {
      const before = (stderr.match(again) ?? []).length;
      const started = performance.now();
      fs.appendFileSync(touched, `// edited by the benchmark, watch run ${run}\n`);
      await until(text, again, before + 1, child);
      seconds.push((performance.now() - started) / 1000);
      if (!fs.readFileSync(out).equals(first)) mismatches.push(run);
      progress(`${expected.files} files, --watch run ${run}/${runs}: ${seconds.at(-1).toFixed(2)} s after the edit`);
      fs.writeFileSync(touched, original);
      await until(text, again, before + 2, child);
    }
  } finally {
    fs.writeFileSync(touched, original);
    child.kill('SIGINT');
    await exited;
  }
  return { files: expected.files, seconds: summarize(seconds), mismatches };
}
