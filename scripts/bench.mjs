// Times the analyzer (the CLI's whole job minus printing) and prints figures; never asserts anything.
// Runs on the built dist/: `npm run build && npm run bench`.
//   1. fixtures/shop where it is (library types from this repository's node_modules are loaded);
//   2. a copy with no node_modules above it (a fresh clone before install: syntax and imports decide);
//   3. that copy scaled to 20 times the services, to see the cost per file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeProject } from '../dist/analyzer/analyze.js';

const root = path.resolve(import.meta.dirname, '..');
const shop = path.join(root, 'fixtures/shop');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function measure(label, dir) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = await analyzeProject({ root: dir });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const { files, interactions } = result.summary;
  console.log(
    `${label.padEnd(44)} ${String(files).padStart(5)} files  first ${times.at(-1).toFixed(0).padStart(6)} ms  median ${median.toFixed(0).padStart(6)} ms  ` +
      `${(median / Math.max(files, 1)).toFixed(1).padStart(6)} ms/file  ${interactions.http + interactions.produce + interactions.consume} interactions`,
  );
}

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-bench-'));
try {
  const copy = path.join(temp, 'shop');
  fs.cpSync(shop, copy, { recursive: true });
  const scaled = path.join(temp, 'scaled');
  fs.cpSync(shop, scaled, { recursive: true });
  for (let i = 1; i < 20; i++) {
    for (const service of fs.readdirSync(path.join(shop, 'services'))) {
      fs.cpSync(path.join(shop, 'services', service), path.join(scaled, 'services', `${service}-${i}`), { recursive: true });
    }
  }
  console.log(`node ${process.version}, ${os.cpus().length} cpus, ${RUNS} runs each (first run includes loading TypeScript)`);
  await measure('fixtures/shop (library types installed)', shop);
  await measure('fixtures/shop copy (no node_modules)', copy);
  await measure('shop x20 services (no node_modules)', scaled);
} finally {
  fs.rmSync(temp, { recursive: true, force: true });
}
