// @ts-check
// Turns measurements into the Markdown that stands between the markers of docs/accuracy.md (and that the
// runner prints): a headline, then per set and per repository the first run and now side by side, every
// percentage with the counts it comes from. Pure: same measurements, same bytes.
import { addScore, emptyScore, KINDS } from './scoring.mjs';

export const BEGIN_MARKER = '<!-- accuracy:generated:begin -->';
export const END_MARKER = '<!-- accuracy:generated:end -->';

/**
 * One analyzer run on one repository: a score, or why there is none.
 * @typedef {object} Run
 * @property {string} commit the service-map commit measured (short), or `now`
 * @property {import('./scoring.mjs').RepositoryScore} [score]
 * @property {string} [error]
 * @property {string[]} [notes] for a first run: pinned versions that differ from those it was built with
 */

/**
 * @typedef {object} Measurement
 * @property {string} repo
 * @property {string} commit the labelled commit of the repository
 * @property {string} set
 * @property {Set<string>} labelledRules the rules the label file lists at least once
 * @property {Run | undefined} firstRun undefined when the label file names no first-run commit
 * @property {Run} now
 */

const CATEGORY_TITLES = { http: 'HTTP calls', produce: 'Kafka produces', consume: 'Kafka consumes' };
const VALUE_NAMES = { http: 'target', produce: 'topic', consume: 'topic' };

/**
 * `98.8% (159/161)`; a dash when there is nothing to divide by.
 * @param {number} part
 * @param {number} whole
 */
export function percentCell(part, whole) {
  return whole === 0 ? `- (0/0)` : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`;
}

/** @param {string} text Markdown table cells cannot hold a pipe or a line break. */
const cell = (text) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * The sum of the runs that have a score, and how many of `runs` that is.
 * @param {ReadonlyArray<Run | undefined>} runs
 */
function total(runs) {
  const sum = emptyScore();
  let measured = 0;
  for (const run of runs) {
    if (run?.score === undefined) continue;
    addScore(sum, run.score);
    measured++;
  }
  return { score: sum, measured, of: runs.length };
}

/**
 * A row label for a run: `first run`, or `first run (5 of 6 repositories)` when some could not be measured.
 * @param {string} name
 * @param {{ measured: number, of: number }} summed
 */
const runName = (name, summed) => (summed.measured === summed.of ? name : `${name} (${summed.measured} of ${repositories(summed.of)})`);

/**
 * The interactions table of a set of runs (one repository or many).
 * @param {ReadonlyArray<{ name: string, summed: ReturnType<typeof total>, error?: string | undefined }>} runs
 * @returns {string[]}
 */
function interactionTable(runs) {
  const lines = [
    '| category | run | precision | recall | value right (labels naming one) | both unknown | value where the label has none | no value where the label names one | wrong value |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const labelled = runs.find((run) => run.summed.measured > 0)?.summed.score;
  for (const kind of KINDS) {
    const counts = labelled?.kinds[kind];
    const title = counts === undefined ? CATEGORY_TITLES[kind] : `${CATEGORY_TITLES[kind]} (${counts.labels} labels, ${counts.labelsNamingValue} name a ${VALUE_NAMES[kind]})`;
    runs.forEach((run, index) => {
      const first = index === 0 ? title : '';
      if (run.summed.measured === 0) {
        lines.push(`| ${first} | ${run.name} | not measured${run.error === undefined ? '' : `: ${cell(run.error)}`} | | | | | | |`);
        return;
      }
      const { matched, found, labels, values } = run.summed.score.kinds[kind];
      lines.push(
        `| ${first} | ${runName(run.name, run.summed)} | ${percentCell(matched, found)} | ${percentCell(matched, labels)} | ${percentCell(values.right, values.named)} | ${values.bothUnknown} | ${values.toolOnly} | ${values.toolNone} | ${values.wrong} |`,
      );
    });
  }
  return lines;
}

/**
 * The findings table, one block of rows per rule either side names.
 * @param {ReadonlyArray<{ name: string, summed: ReturnType<typeof total>, error?: string | undefined }>} runs
 * @param {(rule: string) => string} labelledIn
 * @returns {string[]}
 */
function findingTable(runs, labelledIn) {
  const rules = [...new Set(runs.flatMap((run) => Object.keys(run.summed.score.rules)))].sort();
  if (rules.length === 0) return ['No finding labelled or reported.'];
  const lines = ['| rule | labels list it in | run | precision | recall |', '|---|---|---|---|---|'];
  for (const rule of rules) {
    runs.forEach((run, index) => {
      const first = index === 0 ? `| \`${rule}\` | ${labelledIn(rule)} ` : '| | ';
      if (run.summed.measured === 0) {
        lines.push(`${first}| ${run.name} | not measured | |`);
        return;
      }
      const counts = run.summed.score.rules[rule] ?? { labels: 0, found: 0, matched: 0 };
      lines.push(`${first}| ${runName(run.name, run.summed)} | ${percentCell(counts.matched, counts.found)} | ${percentCell(counts.matched, counts.labels)} |`);
    });
  }
  return lines;
}

/**
 * First run and now of a group of measurements, for the tables.
 * @param {ReadonlyArray<Measurement>} group
 */
function bothRuns(group) {
  const firstRuns = group.map((measurement) => measurement.firstRun);
  const single = group.length === 1 ? group[0] : undefined;
  return [
    { name: 'first run', summed: total(firstRuns), error: single?.firstRun?.error ?? (single !== undefined && single.firstRun === undefined ? 'the label file names no first-run commit' : undefined) },
    { name: 'now', summed: total(group.map((measurement) => measurement.now)), error: single?.now.error },
  ];
}

/**
 * @param {ReadonlyArray<Measurement>} group
 * @returns {(rule: string) => string}
 */
const labelledInOf = (group) => (rule) => {
  const count = group.filter((measurement) => measurement.labelledRules.has(rule)).length;
  return group.length === 1 ? (count === 1 ? 'yes' : 'no') : `${count} of ${repositories(group.length)}`;
};

/**
 * The headline: per set and over all, HTTP targets and Kafka topics over the labels that name one, and
 * findings over every rule.
 * @param {ReadonlyArray<[string, ReadonlyArray<Measurement>]>} groups
 */
function headline(groups) {
  const lines = [
    '| set | run | HTTP precision | HTTP recall | HTTP target right | Kafka precision | Kafka recall | Kafka topic right | findings precision | findings recall |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, group] of groups) {
    bothRuns(group).forEach((run, index) => {
      const first = index === 0 ? `${name} (${group.length})` : '';
      if (run.summed.measured === 0) {
        lines.push(`| ${first} | ${run.name} | not measured | | | | | | | |`);
        return;
      }
      const { http, produce, consume } = run.summed.score.kinds;
      const kafka = { matched: produce.matched + consume.matched, found: produce.found + consume.found, labels: produce.labels + consume.labels };
      const topics = { right: produce.values.right + consume.values.right, named: produce.values.named + consume.values.named };
      const rules = Object.values(run.summed.score.rules);
      const findings = rules.reduce((sum, counts) => ({ matched: sum.matched + counts.matched, found: sum.found + counts.found, labels: sum.labels + counts.labels }), { matched: 0, found: 0, labels: 0 });
      lines.push(
        `| ${first} | ${runName(run.name, run.summed)} | ${percentCell(http.matched, http.found)} | ${percentCell(http.matched, http.labels)} | ${percentCell(http.values.right, http.values.named)} | ${percentCell(kafka.matched, kafka.found)} | ${percentCell(kafka.matched, kafka.labels)} | ${percentCell(topics.right, topics.named)} | ${percentCell(findings.matched, findings.found)} | ${percentCell(findings.matched, findings.labels)} |`,
      );
    });
  }
  return lines;
}

/** The floors the tool is held to (issue 3), per interaction category: the generated table says where they hold. */
export const FLOORS = { precision: 0.95, recall: 0.9, valueRight: 0.95 };

/**
 * `yes`, `no`, or `-` when there is nothing to measure.
 * @param {number} part
 * @param {number} whole
 * @param {number} floor
 */
const meets = (part, whole, floor) => (whole === 0 ? '-' : part / whole >= floor ? 'yes' : 'no');

/**
 * Where each floor holds: per set and run, per category.
 * @param {ReadonlyArray<[string, ReadonlyArray<Measurement>]>} groups
 */
function floorTable(groups) {
  const short = { http: 'HTTP', produce: 'produce', consume: 'consume' };
  const header = KINDS.flatMap((kind) => [`${short[kind]} precision`, `${short[kind]} recall`, `${short[kind]} ${VALUE_NAMES[kind]} right`]);
  const lines = [`| set | run | ${header.join(' | ')} |`, `|---|---|${header.map(() => '---|').join('')}`];
  for (const [name, group] of groups) {
    bothRuns(group).forEach((run, index) => {
      const first = index === 0 ? `${name} (${group.length})` : '';
      if (run.summed.measured === 0) {
        lines.push(`| ${first} | ${run.name} | not measured |${header.slice(1).map(() => ' |').join('')}`);
        return;
      }
      const cells = KINDS.flatMap((kind) => {
        const { matched, found, labels, values } = run.summed.score.kinds[kind];
        return [meets(matched, found, FLOORS.precision), meets(matched, labels, FLOORS.recall), meets(values.right, values.named, FLOORS.valueRight)];
      });
      lines.push(`| ${first} | ${runName(run.name, run.summed)} | ${cells.join(' | ')} |`);
    });
  }
  return lines;
}

/**
 * How each first-run commit was built: with the versions it pins, with others (named), or not at all (why).
 * @param {ReadonlyArray<Measurement>} measurements
 * @returns {string[]}
 */
function firstRunBuilds(measurements) {
  /** @type {Map<string, string>} */
  const outcomes = new Map();
  for (const { firstRun } of measurements) {
    if (firstRun === undefined || outcomes.has(firstRun.commit)) continue;
    const outcome =
      firstRun.error !== undefined
        ? `not measured: ${firstRun.error}`
        : firstRun.notes === undefined || firstRun.notes.length === 0
          ? 'built from history with the TypeScript installed now; every package it pins is installed at the pinned version'
          : `built from history with the TypeScript installed now; installed versions differ from its pins: ${firstRun.notes.join('; ')}`;
    outcomes.set(firstRun.commit, outcome);
  }
  const missing = measurements.filter((measurement) => measurement.firstRun === undefined).map((measurement) => `\`${measurement.repo}\``);
  return [
    ...[...outcomes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([commit, outcome]) => `- \`${commit}\`: ${cell(outcome)}`),
    ...(missing.length === 0 ? [] : [`- no first-run commit recorded: ${missing.join(', ')}`]),
  ];
}

/**
 * The first-run commits of a group, for its heading: `b9ec49e` or `b9ec49e, f46b4a3`.
 * @param {ReadonlyArray<Measurement>} group
 */
const firstRunCommits = (group) =>
  [...new Set(group.map((measurement) => (measurement.firstRun === undefined ? 'none recorded' : `\`${measurement.firstRun.commit}\``)))].sort().join(', ');

/** @param {number} count */
const repositories = (count) => `${count} ${count === 1 ? 'repository' : 'repositories'}`;

/**
 * The generated part of docs/accuracy.md.
 * @param {ReadonlyArray<Measurement>} measurements
 * @returns {string}
 */
export function renderAccuracy(measurements) {
  const sorted = [...measurements].sort((a, b) => (a.repo.toLowerCase() < b.repo.toLowerCase() ? -1 : a.repo.toLowerCase() > b.repo.toLowerCase() ? 1 : 0));
  const setNames = [...new Set(sorted.map((measurement) => measurement.set))].sort();
  /** @type {Array<[string, ReadonlyArray<Measurement>]>} */
  const groups = [...setNames.map((name) => /** @type {[string, Measurement[]]} */ ([`\`${name}\``, sorted.filter((measurement) => measurement.set === name)])), ['all', sorted]];
  const out = [
    BEGIN_MARKER,
    '',
    '_Generated by `npm run accuracy` (`node accuracy/run.mjs --write`) from the labels and the analyzers; edit the text outside these markers, never the figures. "first run" is each repository\'s `firstRun.commit` of service-map, built from history and measured against the current labels; "now" is the analyzer of the commit that holds this file. A percentage is followed by its counts: precision (matched/found), recall (matched/labelled), value right (right/matched pairs whose label names a value)._',
    '',
    'First-run builds:',
    '',
    ...firstRunBuilds(sorted),
    '',
    '### Headline',
    '',
    ...headline(groups),
    '',
    `### Floors: precision >= ${FLOORS.precision}, recall >= ${FLOORS.recall}, topic or target right for >= ${FLOORS.valueRight} of the matched pairs whose label names one`,
    '',
    ...floorTable(groups),
  ];
  for (const [name, group] of groups) {
    out.push('', `### ${name === 'all' ? 'All repositories' : `Set ${name}`}: ${repositories(group.length)}, first run at ${firstRunCommits(group)}`, '');
    if (name !== 'all') out.push(group.map((measurement) => `\`${measurement.repo}\``).join(', '), '');
    const runs = bothRuns(group);
    out.push(...interactionTable(runs), '', ...findingTable(runs, labelledInOf(group)));
  }
  out.push('', '### Per repository');
  for (const measurement of sorted) {
    const runs = bothRuns([measurement]);
    out.push('', `#### \`${measurement.repo}\` @ \`${measurement.commit.slice(0, 10)}\` (set \`${measurement.set}\`, first run at ${firstRunCommits([measurement])})`, '');
    out.push(...interactionTable(runs), '', ...findingTable(runs, labelledInOf([measurement])));
  }
  out.push('', END_MARKER);
  return out.join('\n');
}

/**
 * `doc` with the text between its markers replaced by `block` (which carries the markers itself).
 * @param {string} doc
 * @param {string} block
 * @param {string} docName for the error message
 */
export function replaceGenerated(doc, block, docName) {
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) throw new Error(`${docName}: no ${BEGIN_MARKER} ... ${END_MARKER} pair to put the figures between`);
  return doc.slice(0, begin) + block + doc.slice(end + END_MARKER.length);
}

/**
 * Lines listing what to read by hand for one run: missed labels, extra output items, disagreeing values.
 * File names, topics and targets come from the analysed repository: `printable` (the reporters' escape of
 * control characters) makes them safe for a terminal.
 * @param {import('./scoring.mjs').RepositoryScore} score
 * @param {(text: string) => string} printable
 * @returns {string[]}
 */
export function missLines(score, printable) {
  const words = { missed: 'missed ', extra: 'extra  ', wrong: 'wrong  ', toolNone: 'no value', toolOnly: 'value where the label has none' };
  return score.misses.map((miss) => {
    const values = miss.type === 'missed' ? ` ${miss.expected ?? 'null'}` : miss.type === 'extra' ? ` ${miss.found ?? 'null'}` : ` expected ${miss.expected ?? 'null'}, found ${miss.found ?? 'null'}`;
    return printable(`      ${miss.category.padEnd(28)} ${words[miss.type]} ${miss.file}:${miss.line}${values}${miss.detail === undefined ? '' : `  (${miss.detail})`}`);
  });
}
