// Proves a change to the engine keeps the output byte for byte: runs the built CLI
// `analyze DIR --format json --fail-on never` on every fixture repository and on the labelled real
// repositories (accuracy/labels/*.json, checked out from the mirrors under /work/.mirror or
// SERVICE_MAP_MIRRORS at their labelled commit, submodules too), and records or compares the JSON.
//
//   node scripts/same-output.mjs --record DIR    write one JSON per repository into DIR (the baseline)
//   node scripts/same-output.mjs --compare DIR   run again and name every repository whose JSON differs
//   node scripts/same-output.mjs ... --only NAME only the repositories whose name contains NAME
//
// The real repositories are extracted once into SAME_OUTPUT_CHECKOUTS (default: a folder under the
// system's temporary folder) and reused, so the paths in the JSON stay the same between runs. Their code
// is never committed. Exit code 0 when everything matched (or was recorded), 1 on a difference, 2 on a
// set-up mistake.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractLabelled, mirrors } from '../accuracy/mirrors.mjs';

const root = path.resolve(import.meta.dirname, '..');
const checkouts = process.env.SAME_OUTPUT_CHECKOUTS ?? path.join(os.tmpdir(), 'service-map-same-output');
const args = process.argv.slice(2);
const mode = args.includes('--record') ? 'record' : args.includes('--compare') ? 'compare' : undefined;
const store = args[args.indexOf(mode === 'record' ? '--record' : '--compare') + 1];
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (mode === undefined || store === undefined) {
  console.error('same-output: usage: node scripts/same-output.mjs --record DIR | --compare DIR [--only NAME]');
  process.exit(2);
}
const bin = path.join(root, 'bin/service-map.js');
if (!fs.existsSync(path.join(root, 'dist/cli/main.js'))) {
  console.error('same-output: dist/ is missing: run `npm run build` first');
  process.exit(2);
}

/** Every folder of fixtures/ that is a whole repository: the shop and each family case. */
function fixtureRepositories() {
  const families = path.join(root, 'fixtures/families');
  const cases = fs
    .readdirSync(families, { withFileTypes: true })
    .filter((family) => family.isDirectory())
    .flatMap((family) =>
      fs
        .readdirSync(path.join(families, family.name), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => ({ name: `fixture-${family.name}-${entry.name}`, dir: path.join(families, family.name, entry.name) })),
    );
  return [{ name: 'fixture-shop', dir: path.join(root, 'fixtures/shop') }, ...cases];
}

/** The labelled repositories, each extracted once (with its submodules) and reused afterwards. */
function realRepositories() {
  const labelDir = path.join(root, 'accuracy/labels');
  const found = [];
  for (const file of fs.readdirSync(labelDir).filter((name) => name.endsWith('.json')).sort()) {
    const labels = JSON.parse(fs.readFileSync(path.join(labelDir, file), 'utf8'));
    const name = `repo-${file.replace(/\.json$/, '')}`;
    const target = path.join(checkouts, `${name}-${labels.commit.slice(0, 12)}`);
    if (!fs.existsSync(path.join(target, '.same-output-complete'))) {
      fs.rmSync(target, { recursive: true, force: true });
      if (extractLabelled(labels, target).length > 0) {
        console.error(`same-output: ${labels.repo}: a mirror is missing under ${mirrors}; skipped`);
        fs.rmSync(target, { recursive: true, force: true });
        continue;
      }
      fs.writeFileSync(path.join(target, '.same-output-complete'), '');
    }
    found.push({ name, dir: path.join(target, labels.analyzedDir ?? '.') });
  }
  return found;
}

const repositories = [...fixtureRepositories(), ...realRepositories()].filter(
  (repository) => only === undefined || repository.name.includes(only),
);
fs.mkdirSync(store, { recursive: true });
let differences = 0;
for (const repository of repositories) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'analyze', repository.dir, '--format', 'json', '--fail-on', 'never'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const output = `${run.stdout}\n--- exit ${String(run.status)}\n--- stderr\n${run.stderr}`;
  const file = path.join(store, `${repository.name}.out`);
  if (mode === 'record') {
    fs.writeFileSync(file, output);
    console.log(`recorded ${repository.name} (${seconds} s, exit ${String(run.status)})`);
  } else if (!fs.existsSync(file)) {
    console.log(`NEW ${repository.name}: no baseline`);
    differences++;
  } else if (fs.readFileSync(file, 'utf8') !== output) {
    fs.writeFileSync(`${file}.now`, output);
    console.log(`DIFF ${repository.name}: see diff ${file} ${file}.now`);
    differences++;
  } else {
    console.log(`same ${repository.name} (${seconds} s)`);
  }
}
console.log(`${repositories.length} repositories, ${differences} differing`);
process.exit(differences > 0 ? 1 : 0);
