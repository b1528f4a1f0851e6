// Measures service-map against the hand-written labels in accuracy/labels/: each labelled repository is
// checked out at its labelled commit (and its submodules at theirs) from a local mirror (the `fetch` tool of
// the workplace puts them under /work/.mirror/<owner>+<name>/repo, or set SERVICE_MAP_MIRRORS), then
// analysed twice: by the analyzer of its `firstRun.commit`, built from history (accuracy/first-run.mjs),
// and by this checkout's build (`npm run build` first). Both are scored against the current labels
// (accuracy/scoring.mjs); the tables come from accuracy/report.mjs. The repositories' code is never
// committed.
//
//   node accuracy/run.mjs                  all labelled repositories: the tables on stdout
//   node accuracy/run.mjs --write          also put them between the markers of docs/accuracy.md
//   node accuracy/run.mjs --misses         also list every missed, extra and wrongly valued item and finding
//   node accuracy/run.mjs --now-only       skip the first-run builds (quicker while working)
//   node accuracy/run.mjs owner__name      only the label files whose name starts so
//
// Exit code 0 when every run was measured, 2 for a mistake of set-up (no build, no mirror, a bad label
// file: one line naming it, and the other repositories are still measured), 3 when this checkout's
// analyzer threw on a repository.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzerAt } from './first-run.mjs';
import { extractLabelled, mirrors } from './mirrors.mjs';
import { missLines, renderAccuracy, replaceGenerated } from './report.mjs';
import { scoreRepository } from './scoring.mjs';

const root = path.resolve(import.meta.dirname, '..');
const DOC = 'docs/accuracy.md';
const UNASSIGNED = 'unassigned';
const args = process.argv.slice(2);
const options = { misses: args.includes('--misses'), write: args.includes('--write'), nowOnly: args.includes('--now-only') };
const unknown = args.filter((arg) => arg.startsWith('--') && !['--misses', '--write', '--now-only'].includes(arg));
const only = args.filter((arg) => !arg.startsWith('--'));

/** Set-up mistakes: said in one line each, and the exit code becomes 2. */
let setupProblems = 0;
let ownAnalyzerFailed = false;
function problem(message) {
  setupProblems++;
  console.error(`accuracy: ${message}`);
}

if (unknown.length > 0) {
  console.error(`accuracy: unknown option ${unknown.join(', ')} (known: --misses, --write, --now-only)`);
  process.exit(2);
}
if (options.write && (only.length > 0 || options.nowOnly)) {
  console.error(`accuracy: --write measures every labelled repository with both analyzers; drop ${only.length > 0 ? only.join(' ') : '--now-only'}`);
  process.exit(2);
}

const currentEntry = path.join(root, 'dist/analyzer/analyze.js');
if (!fs.existsSync(currentEntry)) {
  console.error(`accuracy: ${path.relative(process.cwd(), currentEntry)} is missing: run \`npm run build\` first`);
  process.exit(2);
}
const { analyzeProject: analyzeNow } = await import(pathToFileURL(currentEntry).href);
// Messages quoting the analysed repositories (an analyzer's error, a missed file's name) are untrusted text.
const { printable } = await import(pathToFileURL(path.join(root, 'dist/reporters/printable.js')).href);
if (execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() !== '') {
  console.error('accuracy: src/ has uncommitted changes: "now" is measured on them, not on a commit');
}

/** A label file, checked for the fields the runner needs; undefined (with a message) when it is not usable. */
function readLabels(name) {
  const file = path.join('accuracy/labels', name);
  let labels;
  try {
    labels = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  } catch (error) {
    problem(`${file}: not readable JSON (${error.message})`);
    return undefined;
  }
  const wrong = [
    typeof labels.repo !== 'string' && 'repo',
    !/^[0-9a-f]{40}$/.test(labels.commit ?? '') && 'commit (40 hex digits)',
    !Array.isArray(labels.services) && 'services',
    !Array.isArray(labels.interactions) && 'interactions',
    labels.antiPatterns !== undefined && !Array.isArray(labels.antiPatterns) && 'antiPatterns',
    labels.set !== undefined && typeof labels.set !== 'string' && 'set',
    labels.firstRun !== undefined && typeof labels.firstRun?.commit !== 'string' && 'firstRun.commit',
  ].filter(Boolean);
  if (wrong.length > 0) {
    problem(`${file}: missing or malformed ${wrong.join(', ')} (see accuracy/LABELS.md)`);
    return undefined;
  }
  if (labels.set === undefined) {
    // Measured all the same, so a new file works before anyone decides its round.
    console.error(`accuracy: ${file} names no set: reported under "${UNASSIGNED}"`);
    return { ...labels, set: UNASSIGNED };
  }
  return labels;
}

/** The labelled commit, with its git submodules checked out as `git clone --recursive` would. */
function checkout(labels) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-accuracy-'));
  const missing = extractLabelled(labels, target);
  if (missing.length === 0) return target;
  fs.rmSync(target, { recursive: true, force: true });
  problem(`${labels.repo}: no mirror of ${missing.join(', ')} under ${mirrors}; bring it with the fetch tool and run again`);
  return undefined;
}

/** Runs one analyzer (sync or async, any version) and scores it; an analyzer that throws gives an error, not a figure. */
async function measure(analyze, labels, folder, commit) {
  const started = performance.now();
  try {
    const result = await analyze({ root: path.join(folder, labels.analyzedDir ?? '.') });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return { commit, score: scoreRepository(labels, result), seconds, files: result.summary?.files };
  } catch (error) {
    return { commit, error: printable(`the analyzer threw: ${String(error?.message ?? error).split('\n')[0]}`) };
  }
}

/** First-run analyzers, one build per commit for the whole run. */
const firstRunAnalyzers = new Map();
async function firstRunAnalyzer(commit) {
  if (!firstRunAnalyzers.has(commit)) {
    firstRunAnalyzers.set(
      commit,
      analyzerAt(root, commit).then(
        (built) => {
          for (const note of built.notes) console.error(`accuracy: first run at ${built.commit.slice(0, 7)}: ${note}`);
          return built;
        },
        (error) => ({ error: error.message }),
      ),
    );
  }
  return firstRunAnalyzers.get(commit);
}

const labelFiles = fs
  .readdirSync(path.join(root, 'accuracy/labels'))
  .filter((name) => name.endsWith('.json'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.startsWith(wanted)))
  .sort();
if (labelFiles.length === 0) problem(`no label file in accuracy/labels matches ${only.join(' ')}`);

const measurements = [];
for (const labelFile of labelFiles) {
  const labels = readLabels(labelFile);
  if (labels === undefined) continue;
  const folder = checkout(labels);
  if (folder === undefined) continue;
  try {
    const now = await measure(analyzeNow, labels, folder, 'now');
    if (now.error !== undefined) {
      ownAnalyzerFailed = true;
      console.error(`accuracy: ${labels.repo}: ${now.error}`);
    }
    let firstRun;
    if (labels.firstRun !== undefined && options.nowOnly) {
      firstRun = { commit: labels.firstRun.commit.slice(0, 7), error: 'skipped (--now-only)' };
    } else if (labels.firstRun !== undefined) {
      const built = await firstRunAnalyzer(labels.firstRun.commit);
      firstRun =
        built.error !== undefined
          ? { commit: labels.firstRun.commit.slice(0, 7), error: built.error }
          : { ...(await measure(built.analyzeProject, labels, folder, built.commit.slice(0, 7))), notes: built.notes };
      if (firstRun.error !== undefined) console.error(`accuracy: ${labels.repo}: first run: ${firstRun.error}`);
    }
    const timing = [firstRun?.seconds && `first run ${firstRun.seconds} s`, now.seconds && `now ${now.seconds} s, ${now.files} files`].filter(Boolean).join('; ');
    console.error(`measured ${labels.repo} (${timing})`);
    measurements.push({ repo: labels.repo, commit: labels.commit, set: labels.set, labelledRules: new Set((labels.antiPatterns ?? []).map((label) => label.ruleId)), firstRun, now });
    for (const run of options.misses ? [firstRun, now] : []) {
      if (run?.score === undefined || run.score.misses.length === 0) continue;
      console.log(`\n${labels.repo}: what ${run.commit === 'now' ? 'now' : `the first run (${run.commit})`} misses, adds or values differently`);
      console.log(missLines(run.score, printable).join('\n'));
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const block = renderAccuracy(measurements);
console.log(`\n${block}`);
if (options.write) {
  if (setupProblems > 0 || ownAnalyzerFailed) {
    console.error(`accuracy: ${DOC} not written: some repositories were not measured (see above)`);
  } else {
    const docPath = path.join(root, DOC);
    try {
      fs.writeFileSync(docPath, replaceGenerated(fs.readFileSync(docPath, 'utf8'), block, DOC));
      console.error(`accuracy: ${DOC} written`);
    } catch (error) {
      problem(error.message);
    }
  }
}
process.exitCode = ownAnalyzerFailed ? 3 : setupProblems > 0 ? 2 : 0;
