// Measures service-map against the hand-written labels in accuracy/labels/ and prints precision and recall
// per category. Runs the built analyzer (`npm run build` first) on each labelled repository, checked out at
// the labelled commit from a local mirror (the `fetch` tool of the workplace puts them under
// /work/.mirror/<owner>+<name>/repo, or set SERVICE_MAP_MIRRORS). The repositories' code is never committed.
//
//   node accuracy/run.mjs                  all labelled repositories, a table per repository and in total
//   node accuracy/run.mjs --misses         also list every missed and every extra interaction
//   node accuracy/run.mjs owner__name      one repository
//
// Matching: an interaction of the output matches a label of the same kind in the same file whose line is
// at most LINE_TOLERANCE away, preferring the same topic/target and the nearest line; each label matches
// once. "value ok" counts matched pairs whose topic (Kafka) or target (HTTP) is the same; targets are
// compared by the service's folder, since the labels name services their own way.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeProject } from '../dist/analyzer/analyze.js';

const LINE_TOLERANCE = 1;
const root = path.resolve(import.meta.dirname, '..');
const mirrors = process.env.SERVICE_MAP_MIRRORS ?? '/work/.mirror';
const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const only = args.filter((arg) => !arg.startsWith('--'));

const labelFiles = fs
  .readdirSync(path.join(root, 'accuracy/labels'))
  .filter((name) => name.endsWith('.json'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.startsWith(wanted)))
  .sort();

function extract(repo, commit, target) {
  const gitDir = path.join(mirrors, repo.replace('/', '+'), 'repo');
  if (!fs.existsSync(gitDir)) return false;
  fs.mkdirSync(target, { recursive: true });
  const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', target], { input: archive, maxBuffer: 1 << 30 });
  return true;
}

/** The labelled commit, with its git submodules checked out as `git clone --recursive` would. */
function checkout(labels) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-accuracy-'));
  const missing = [labels, ...(labels.submodules ?? [])].filter(
    (source, i) => !extract(source.repo, source.commit, i === 0 ? target : path.join(target, source.path)),
  );
  if (missing.length === 0) return target;
  fs.rmSync(target, { recursive: true, force: true });
  console.log(`${labels.repo}: no mirror of ${missing.map((source) => source.repo).join(', ')} under ${mirrors}; bring it with the fetch tool and run again`);
  return undefined;
}

/** The folder of a service named in the labels or in the output. */
function rootsByName(services) {
  return new Map(services.map((service) => [service.name, service.root.replace(/\/$/, '') || '.']));
}

function valueOf(item, kind, roots) {
  if (kind !== 'http') return item.topic ?? item.topicPattern ?? null;
  if (item.target === null || item.target === undefined) return null;
  return roots.has(item.target) ? `service:${roots.get(item.target)}` : `host:${item.target}`;
}

const KINDS = ['http', 'produce', 'consume'];
/** Totals per set: the repositories the tool was improved against, and the held-out ones it never was. */
const emptyTotals = () => ({
  kinds: Object.fromEntries(KINDS.map((kind) => [kind, { labels: 0, output: 0, matched: 0, valueOk: 0 }])),
  findings: { labels: 0, output: 0, matched: 0 },
  repositories: 0,
});
const sets = { tuned: emptyTotals(), heldOut: emptyTotals() };

function percent(part, whole) {
  return whole === 0 ? '   -  ' : `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

function row(name, counts) {
  return `  ${name.padEnd(9)} labels ${String(counts.labels).padStart(4)}  found ${String(counts.output).padStart(4)}  matched ${String(counts.matched).padStart(4)}  precision ${percent(counts.matched, counts.output)}  recall ${percent(counts.matched, counts.labels)}${counts.valueOk === undefined ? '' : `  value ok ${percent(counts.valueOk, counts.matched)}`}`;
}

for (const labelFile of labelFiles) {
  const labels = JSON.parse(fs.readFileSync(path.join(root, 'accuracy/labels', labelFile), 'utf8'));
  const checkedOut = checkout(labels);
  if (checkedOut === undefined) continue;
  const set = labels.heldOut === true ? sets.heldOut : sets.tuned;
  set.repositories++;
  try {
    const started = performance.now();
    const result = await analyzeProject({ root: path.join(checkedOut, labels.analyzedDir ?? '.') });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const labelRoots = rootsByName(labels.services);
    const outputRoots = rootsByName(result.services);
    console.log(`\n${labels.repo}@${labels.commit.slice(0, 10)}${labels.heldOut === true ? ' [held out]' : ''}  (${result.summary.files} files, ${seconds} s, ${result.diagnostics.length} notes)`);
    for (const kind of KINDS) {
      const expected = labels.interactions.filter((item) => item.kind === kind).map((item) => ({ ...item, value: valueOf(item, kind, labelRoots) }));
      const found = result.interactions
        .filter((item) => item.kind === kind)
        .map((item) => ({ file: item.location.file, line: item.location.line, value: valueOf(item, kind, outputRoots), item }));
      const unmatched = new Set(expected);
      const pairs = [];
      const extra = [];
      // Same value first, then nearest line: a multi-topic subscription's labels pair with its own topics.
      for (const candidate of found) {
        let best;
        for (const label of unmatched) {
          if (label.file !== candidate.file) continue;
          const distance = Math.abs(label.line - candidate.line);
          if (distance > LINE_TOLERANCE) continue;
          const score = (label.value === candidate.value ? 0 : 10) + distance;
          if (best === undefined || score < best.score) best = { label, score };
        }
        if (best) {
          unmatched.delete(best.label);
          pairs.push([best.label, candidate]);
        } else {
          extra.push(candidate);
        }
      }
      const counts = { labels: expected.length, output: found.length, matched: pairs.length, valueOk: pairs.filter(([label, candidate]) => label.value === candidate.value).length };
      for (const key of Object.keys(counts)) set.kinds[kind][key] += counts[key];
      console.log(row(kind, counts));
      if (showMisses) {
        for (const label of unmatched) console.log(`      missed  ${label.file}:${label.line} ${label.value ?? 'null'}${label.note ? `  (${label.note})` : ''}`);
        for (const candidate of extra) console.log(`      extra   ${candidate.file}:${candidate.line} ${candidate.value ?? 'null'} ${candidate.item.library}`);
        for (const [label, candidate] of pairs) {
          if (label.value !== candidate.value) console.log(`      value   ${label.file}:${label.line} expected ${label.value ?? 'null'}, found ${candidate.value ?? 'null'}`);
        }
      }
    }
    // Anti-patterns: reported for information, the floors are on interactions.
    const expectedFindings = labels.antiPatterns ?? [];
    const foundFindings = result.findings.filter((finding) => expectedFindings.some((label) => label.ruleId === finding.ruleId) || ['require-partition-key', 'no-request-reply-over-kafka', 'no-commands-in-events'].includes(finding.ruleId));
    const open = new Set(expectedFindings);
    let matched = 0;
    for (const finding of foundFindings) {
      const label = [...open].find((candidate) => candidate.ruleId === finding.ruleId && candidate.file === finding.location.file && Math.abs(candidate.line - finding.location.line) <= 3);
      if (label) {
        open.delete(label);
        matched++;
      } else if (showMisses) {
        console.log(`      extra finding  ${finding.ruleId} ${finding.location.file}:${finding.location.line}`);
      }
    }
    if (showMisses) for (const label of open) console.log(`      missed finding ${label.ruleId} ${label.file}:${label.line}`);
    const antiCounts = { labels: expectedFindings.length, output: foundFindings.length, matched };
    for (const key of Object.keys(antiCounts)) set.findings[key] += antiCounts[key];
    console.log(row('findings', antiCounts));
  } finally {
    fs.rmSync(checkedOut, { recursive: true, force: true });
  }
}

for (const [name, title] of [['tuned', 'Repositories the tool was improved against'], ['heldOut', 'Held-out repositories (labelled independently; their first, untouched measurement is in docs/accuracy.md)']]) {
  const set = sets[name];
  if (set.repositories === 0) continue;
  console.log(`\n${title}: ${set.repositories}`);
  for (const kind of KINDS) console.log(row(kind, set.kinds[kind]));
  console.log(row('findings', set.findings));
}
