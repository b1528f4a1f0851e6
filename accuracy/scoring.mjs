// @ts-check
// Scores one analysis result against one label file: interactions per kind (precision, recall, and how
// their topic or target compares), and findings per rule. Every count is kept, so a percentage is never
// shown without the numbers it comes from. Works on results of older analyzers too (the first-run
// column): only fields every version has are read, and a finding's topic only when it points at its
// interaction.
import { pairOptimally } from './matching.mjs';

export const KINDS = /** @type {const} */ (['http', 'produce', 'consume']);
/** @typedef {typeof KINDS[number]} Kind */

/** Lines an interaction label and the tool may differ by (a call spread over lines, a decorator). */
export const INTERACTION_LINE_TOLERANCE = 1;
/** Findings are reported at a call, a decorator or an object's property: a little more slack. */
export const FINDING_LINE_TOLERANCE = 3;

/**
 * @typedef {object} LabelInteraction
 * @property {string} kind
 * @property {string} file
 * @property {number} line
 * @property {string | null} [topic]
 * @property {string | null} [target]
 * @property {string} [service] the service a line in a shared library is counted for
 * @property {string} [note]
 *
 * @typedef {object} LabelFinding
 * @property {string} ruleId
 * @property {string} file
 * @property {number} line
 * @property {string | null} [topic] older labels have none: then findings match without it
 * @property {string} [note]
 *
 * @typedef {object} LabelFile
 * @property {string} repo
 * @property {string} commit
 * @property {string} [set]
 * @property {string} [analyzedDir]
 * @property {ReadonlyArray<{ name: string, root: string }>} services
 * @property {readonly LabelInteraction[]} interactions
 * @property {readonly LabelFinding[]} [antiPatterns]
 * @property {{ commit: string }} [firstRun]
 * @property {ReadonlyArray<{ path: string, repo: string, commit: string }>} [submodules]
 */

/**
 * What is read of an analysis result: fields the analyzer has had since its first version.
 * @typedef {object} OutputInteraction
 * @property {string} [id]
 * @property {string} kind
 * @property {string} [service]
 * @property {string} [library]
 * @property {{ file: string, line: number }} location
 * @property {string | null} [topic]
 * @property {string} [topicPattern]
 * @property {string | null} [target]
 *
 * @typedef {object} OutputFinding
 * @property {string} ruleId
 * @property {{ file: string, line: number }} location
 * @property {string} [interactionId]
 *
 * @typedef {object} AnalysisOutput
 * @property {ReadonlyArray<{ name: string, root: string }>} services
 * @property {readonly OutputInteraction[]} interactions
 * @property {readonly OutputFinding[]} findings
 */

/**
 * An interaction on either side, with its value made comparable: a Kafka topic as written, an HTTP target
 * as `service:<folder>` or `host:<name>`; `null` when the labeller could not decide it or the tool did not
 * resolve it.
 * @typedef {object} ComparableInteraction
 * @property {string} file
 * @property {number} line
 * @property {string | null} value
 * @property {string | null} service `service:<folder>` of a label that names its service, else null
 * @property {string} [note]
 * @property {string} [library]
 */

/**
 * @typedef {object} ComparableFinding
 * @property {string} rule
 * @property {string} file
 * @property {number} line
 * @property {string | null} topic
 * @property {string} [note]
 * @property {number} [sendLine] the line of the send the finding concerns, when it is in the same file
 */

/**
 * How the values of matched pairs compare. `right` is over `named` only: a pair where neither side names
 * a value is counted as `bothUnknown`, never as right.
 * @typedef {object} ValueCounts
 * @property {number} named matched pairs whose label names a value
 * @property {number} right the tool names the same value
 * @property {number} wrong the tool names another value
 * @property {number} toolNone the label names a value, the tool has none
 * @property {number} bothUnknown the label says undecidable, the tool has none
 * @property {number} toolOnly the label says undecidable, the tool names a value
 */

/**
 * @typedef {object} Counts
 * @property {number} labels
 * @property {number} found
 * @property {number} matched
 *
 * @typedef {Counts & { labelsNamingValue: number, values: ValueCounts }} InteractionCounts
 */

/**
 * Something to look at by hand: a missed label, an extra output item, or a pair whose values disagree.
 * @typedef {object} Miss
 * @property {string} category a kind or a rule id
 * @property {'missed' | 'extra' | 'wrong' | 'toolNone' | 'toolOnly'} type
 * @property {string} file
 * @property {number} line
 * @property {string | null} [expected]
 * @property {string | null} [found]
 * @property {string} [detail]
 */

/**
 * @typedef {object} RepositoryScore
 * @property {Record<Kind, InteractionCounts>} kinds
 * @property {Record<string, Counts>} rules every rule the labels or the output name
 * @property {Miss[]} misses
 */

/** @param {ReadonlyArray<{ name: string, root: string }>} services */
function foldersByName(services) {
  return new Map(services.map((service) => [service.name, service.root.replace(/\/$/, '') || '.']));
}

/**
 * @param {string} kind
 * @param {{ topic?: string | null, topicPattern?: string, target?: string | null }} item
 * @param {Map<string, string>} folders
 * @returns {string | null}
 */
function comparableValue(kind, item, folders) {
  if (kind !== 'http') return item.topic ?? item.topicPattern ?? null;
  if (item.target === null || item.target === undefined) return null;
  const folder = folders.get(item.target);
  return folder === undefined ? `host:${item.target}` : `service:${folder}`;
}

/** @returns {ValueCounts} */
export const emptyValueCounts = () => ({ named: 0, right: 0, wrong: 0, toolNone: 0, bothUnknown: 0, toolOnly: 0 });

/**
 * Sorts each matched pair into one value category.
 * @param {ReadonlyArray<[{ value: string | null }, { value: string | null }]>} pairs
 * @returns {ValueCounts}
 */
export function compareValues(pairs) {
  const counts = emptyValueCounts();
  for (const [label, output] of pairs) {
    if (label.value === null) {
      counts[output.value === null ? 'bothUnknown' : 'toolOnly']++;
    } else {
      counts.named++;
      counts[output.value === null ? 'toolNone' : output.value === label.value ? 'right' : 'wrong']++;
    }
  }
  return counts;
}

/** @type {import('./matching.mjs').PairingRules<ComparableInteraction, ComparableInteraction>} */
const interactionPairing = {
  group: (item) => item.file,
  compatible: (label, output) => Math.abs(label.line - output.line) <= INTERACTION_LINE_TOLERANCE,
  preferences: [
    // Several labels on one line (a multi-topic subscription, a library line counted per service): each
    // pairs with the item that has its value, then its service.
    { max: 1, score: (label, output) => (label.value === output.value ? 1 : 0) },
    { max: 1, score: (label, output) => (label.service !== null && label.service === output.service ? 1 : 0) },
    { max: INTERACTION_LINE_TOLERANCE, score: (label, output) => INTERACTION_LINE_TOLERANCE - Math.abs(label.line - output.line) },
  ],
};

/** @type {import('./matching.mjs').PairingRules<ComparableFinding, ComparableFinding>} */
const findingPairing = {
  group: (item) => `${item.rule}\u0000${item.file}`,
  compatible: (label, output) =>
    findingDistance(label, output) <= FINDING_LINE_TOLERANCE && (label.topic === null || output.topic === null || label.topic === output.topic),
  preferences: [{ max: FINDING_LINE_TOLERANCE, score: (label, output) => FINDING_LINE_TOLERANCE - findingDistance(label, output) }],
};

/**
 * How far a finding is from a label: from the line the rule reports (a message object, a payload field) or
 * from the send it concerns, whichever is nearer. Labels put findings on the send's line (LABELS.md), while a
 * rule may point at the message or field inside it, several lines below.
 * @param {ComparableFinding} label
 * @param {ComparableFinding} output
 */
function findingDistance(label, output) {
  const atReport = Math.abs(label.line - output.line);
  return output.sendLine === undefined ? atReport : Math.min(atReport, Math.abs(label.line - output.sendLine));
}

/**
 * @param {Kind} kind
 * @param {LabelFile} labels
 * @param {AnalysisOutput} output
 * @param {Miss[]} misses
 * @returns {InteractionCounts}
 */
function scoreKind(kind, labels, output, misses) {
  const labelFolders = foldersByName(labels.services);
  const outputFolders = foldersByName(output.services);
  /** @param {string | undefined} name @param {Map<string, string>} folders */
  const serviceOf = (name, folders) => (name === undefined ? null : `service:${folders.get(name) ?? name}`);
  /** @type {ComparableInteraction[]} */
  const expected = labels.interactions
    .filter((item) => item.kind === kind)
    .map((item) => ({ file: item.file, line: item.line, value: comparableValue(kind, item, labelFolders), service: serviceOf(item.service, labelFolders), ...(item.note === undefined ? {} : { note: item.note }) }));
  /** @type {ComparableInteraction[]} */
  const found = output.interactions
    .filter((item) => item.kind === kind)
    .map((item) => ({ file: item.location.file, line: item.location.line, value: comparableValue(kind, item, outputFolders), service: serviceOf(item.service, outputFolders), ...(item.library === undefined ? {} : { library: item.library }) }));
  const { pairs, missed, extra } = pairOptimally(expected, found, interactionPairing);
  for (const label of missed) misses.push({ category: kind, type: 'missed', file: label.file, line: label.line, expected: label.value, ...(label.note === undefined ? {} : { detail: label.note }) });
  for (const item of extra) misses.push({ category: kind, type: 'extra', file: item.file, line: item.line, found: item.value, ...(item.library === undefined ? {} : { detail: item.library }) });
  for (const [label, item] of pairs) {
    if (label.value === item.value) continue;
    const type = label.value === null ? 'toolOnly' : item.value === null ? 'toolNone' : 'wrong';
    misses.push({ category: kind, type, file: label.file, line: label.line, expected: label.value, found: item.value });
  }
  return {
    labels: expected.length,
    found: found.length,
    matched: pairs.length,
    labelsNamingValue: expected.filter((label) => label.value !== null).length,
    values: compareValues(pairs),
  };
}

/**
 * Findings of every rule and project check either side names, one pairing per rule.
 * @param {LabelFile} labels
 * @param {AnalysisOutput} output
 * @param {Miss[]} misses
 * @returns {Record<string, Counts>}
 */
function scoreFindings(labels, output, misses) {
  const interactionsById = new Map(output.interactions.map((item) => [item.id, item]));
  /** @type {ComparableFinding[]} */
  const expected = (labels.antiPatterns ?? []).map((label) => ({ rule: label.ruleId, file: label.file, line: label.line, topic: label.topic ?? null, ...(label.note === undefined ? {} : { note: label.note }) }));
  /** @type {ComparableFinding[]} */
  const found = output.findings.map((finding) => {
    const interaction = finding.interactionId === undefined ? undefined : interactionsById.get(finding.interactionId);
    const topic = interaction === undefined || interaction.kind === 'http' ? null : (interaction.topic ?? interaction.topicPattern ?? null);
    const sendLine = interaction !== undefined && interaction.location.file === finding.location.file ? interaction.location.line : undefined;
    return { rule: finding.ruleId, file: finding.location.file, line: finding.location.line, topic, ...(sendLine === undefined ? {} : { sendLine }) };
  });
  const { pairs, missed, extra } = pairOptimally(expected, found, findingPairing);
  /** @type {Record<string, Counts>} */
  const rules = {};
  const countsOf = (/** @type {string} */ rule) => (rules[rule] ??= { labels: 0, found: 0, matched: 0 });
  for (const label of expected) countsOf(label.rule).labels++;
  for (const finding of found) countsOf(finding.rule).found++;
  for (const [label] of pairs) countsOf(label.rule).matched++;
  for (const label of missed) misses.push({ category: label.rule, type: 'missed', file: label.file, line: label.line, expected: label.topic, ...(label.note === undefined ? {} : { detail: label.note }) });
  for (const finding of extra) misses.push({ category: finding.rule, type: 'extra', file: finding.file, line: finding.line, found: finding.topic });
  return Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Scores one analysis result against its labels.
 * @param {LabelFile} labels
 * @param {AnalysisOutput} output
 * @returns {RepositoryScore}
 */
export function scoreRepository(labels, output) {
  /** @type {Miss[]} */
  const misses = [];
  const kinds = /** @type {Record<Kind, InteractionCounts>} */ (Object.fromEntries(KINDS.map((kind) => [kind, scoreKind(kind, labels, output, misses)])));
  const rules = scoreFindings(labels, output, misses);
  return { kinds, rules, misses };
}

/** @returns {InteractionCounts} */
const emptyInteractionCounts = () => ({ labels: 0, found: 0, matched: 0, labelsNamingValue: 0, values: emptyValueCounts() });

/** @returns {RepositoryScore} */
export function emptyScore() {
  return { kinds: { http: emptyInteractionCounts(), produce: emptyInteractionCounts(), consume: emptyInteractionCounts() }, rules: {}, misses: [] };
}

/**
 * Adds `score` into `total` (misses are not summed: they are read per repository).
 * @param {RepositoryScore} total
 * @param {RepositoryScore} score
 */
export function addScore(total, score) {
  for (const kind of KINDS) {
    const into = total.kinds[kind];
    const from = score.kinds[kind];
    into.labels += from.labels;
    into.found += from.found;
    into.matched += from.matched;
    into.labelsNamingValue += from.labelsNamingValue;
    for (const key of /** @type {Array<keyof ValueCounts>} */ (Object.keys(into.values))) into.values[key] += from.values[key];
  }
  for (const [rule, counts] of Object.entries(score.rules)) {
    const into = (total.rules[rule] ??= { labels: 0, found: 0, matched: 0 });
    into.labels += counts.labels;
    into.found += counts.found;
    into.matched += counts.matched;
  }
  total.rules = Object.fromEntries(Object.entries(total.rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
