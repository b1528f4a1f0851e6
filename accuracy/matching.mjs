// @ts-check
// The best one-to-one pairing between labels and output items. A greedy pass in output order can pair an
// item with a label a later item needed, and lose a match; a maximum-weight bipartite matching (the
// Hungarian algorithm on the negated weights) finds the pairing with the most matches, then the most
// preferred ones, whatever the order the items come in.

/**
 * One item on either side: a label, or something the tool reported.
 * @typedef {object} Located
 * @property {string} file
 * @property {number} line
 */

/**
 * How two items may pair. `group` puts items that can ever pair in one bucket (same kind or rule, same
 * file); `compatible` says whether a label and an output item may pair at all; `preferences` are scores,
 * each an integer from 0 to its `max`, compared in order: the first decides, the next breaks its ties.
 * @template {Located} L
 * @template {Located} O
 * @typedef {object} PairingRules
 * @property {(item: L | O) => string} group
 * @property {(label: L, output: O) => boolean} compatible
 * @property {ReadonlyArray<{ max: number, score: (label: L, output: O) => number }>} preferences
 */

/**
 * @template L, O
 * @typedef {object} Pairing
 * @property {Array<[L, O]>} pairs
 * @property {L[]} missed labels no output item pairs with
 * @property {O[]} extra output items no label pairs with
 */

/**
 * Assigns each row a distinct column at the least total cost (rows <= columns): the Hungarian algorithm
 * with potentials, O(rows^2 * columns). Costs are integers small enough to stay exact in a double.
 * @param {number[][]} cost rows x columns
 * @returns {number[]} the column of each row
 */
export function minCostAssignment(cost) {
  const rows = cost.length;
  const columns = cost[0]?.length ?? 0;
  if (rows > columns) throw new Error(`minCostAssignment needs rows <= columns, got ${rows} x ${columns}`);
  // 1-based as in the textbook form; column 0 is the virtual start of each augmenting path. Every index
  // below is in bounds, so reads go through `num`, which only tells the checker so.
  const num = (/** @type {number | undefined} */ value) => /** @type {number} */ (value);
  const rowPotential = Array.from({ length: rows + 1 }, () => 0);
  const columnPotential = Array.from({ length: columns + 1 }, () => 0);
  /** The row assigned to each column, 0 for none. */
  const rowOfColumn = Array.from({ length: columns + 1 }, () => 0);
  /** The column before each column on the current augmenting path. */
  const previous = Array.from({ length: columns + 1 }, () => 0);
  for (let row = 1; row <= rows; row++) {
    rowOfColumn[0] = row;
    let column = 0;
    const slack = Array.from({ length: columns + 1 }, () => Infinity);
    const used = Array.from({ length: columns + 1 }, () => false);
    do {
      used[column] = true;
      const currentRow = num(rowOfColumn[column]);
      const costs = /** @type {number[]} */ (cost[currentRow - 1]);
      let delta = Infinity;
      let nextColumn = 0;
      for (let candidate = 1; candidate <= columns; candidate++) {
        if (used[candidate] === true) continue;
        const reduced = num(costs[candidate - 1]) - num(rowPotential[currentRow]) - num(columnPotential[candidate]);
        if (reduced < num(slack[candidate])) {
          slack[candidate] = reduced;
          previous[candidate] = column;
        }
        if (num(slack[candidate]) < delta) {
          delta = num(slack[candidate]);
          nextColumn = candidate;
        }
      }
      for (let candidate = 0; candidate <= columns; candidate++) {
        if (used[candidate] === true) {
          const assigned = num(rowOfColumn[candidate]);
          rowPotential[assigned] = num(rowPotential[assigned]) + delta;
          columnPotential[candidate] = num(columnPotential[candidate]) - delta;
        } else {
          slack[candidate] = num(slack[candidate]) - delta;
        }
      }
      column = nextColumn;
    } while (rowOfColumn[column] !== 0);
    do {
      const before = num(previous[column]);
      rowOfColumn[column] = num(rowOfColumn[before]);
      column = before;
    } while (column !== 0);
  }
  const columnOfRow = Array.from({ length: rows }, () => -1);
  rowOfColumn.forEach((row, column) => {
    if (column !== 0 && row !== 0) columnOfRow[row - 1] = column - 1;
  });
  return columnOfRow;
}

/**
 * The pairing with the most pairs, then the best first preference, then the next: one weight per pair,
 * each tier scaled above the largest sum the tiers below it can reach in a group of this size.
 * @template {Located} L
 * @template {Located} O
 * @param {readonly L[]} labels
 * @param {readonly O[]} outputs
 * @param {PairingRules<L, O>} rules
 * @returns {Array<[L, O]>}
 */
function pairGroup(labels, outputs, rules) {
  if (labels.length === 0 || outputs.length === 0) return [];
  const most = Math.min(labels.length, outputs.length);
  /** @type {number[]} the multiplier of each preference, last one 1 */
  const scales = [];
  let scale = 1;
  for (let tier = rules.preferences.length - 1; tier >= 0; tier--) {
    scales[tier] = scale;
    scale *= most * /** @type {{ max: number }} */ (rules.preferences[tier]).max + 1;
  }
  const pairScale = scale;
  if (pairScale * (most + 1) > Number.MAX_SAFE_INTEGER) throw new Error('matching weights exceed exact integers');
  /** @param {L} label @param {O} output */
  const weight = (label, output) => {
    if (!rules.compatible(label, output)) return 0;
    let total = pairScale;
    rules.preferences.forEach((preference, tier) => (total += preference.score(label, output) * /** @type {number} */ (scales[tier])));
    return total;
  };
  const labelsAreRows = labels.length <= outputs.length;
  const cost = labelsAreRows
    ? labels.map((label) => outputs.map((output) => -weight(label, output)))
    : outputs.map((output) => labels.map((label) => -weight(label, output)));
  /** @type {Array<[L, O]>} */
  const pairs = [];
  minCostAssignment(cost).forEach((column, row) => {
    const label = /** @type {L} */ (labelsAreRows ? labels[row] : labels[column]);
    const output = /** @type {O} */ (labelsAreRows ? outputs[column] : outputs[row]);
    // A row assigned to a column it cannot pair with only filled the square: not a pair.
    if (rules.compatible(label, output)) pairs.push([label, output]);
  });
  return pairs;
}

/** @param {Located} a @param {Located} b */
const byPlace = (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

/**
 * Pairs labels with output items one to one, optimally under `rules`. Items are put in file and line order
 * first (stably), so the pairing does not depend on the order the tool or the labeller wrote them in.
 * @template {Located} L
 * @template {Located} O
 * @param {readonly L[]} labels
 * @param {readonly O[]} outputs
 * @param {PairingRules<L, O>} rules
 * @returns {Pairing<L, O>}
 */
export function pairOptimally(labels, outputs, rules) {
  /** @type {Map<string, { labels: L[], outputs: O[] }>} */
  const groups = new Map();
  const groupOf = (/** @type {L | O} */ item) => {
    const key = rules.group(item);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { labels: [], outputs: [] }));
    return group;
  };
  for (const label of [...labels].sort(byPlace)) groupOf(label).labels.push(label);
  for (const output of [...outputs].sort(byPlace)) groupOf(output).outputs.push(output);
  /** @type {Array<[L, O]>} */
  const pairs = [];
  for (const group of groups.values()) pairs.push(...pairGroup(group.labels, group.outputs, rules));
  const pairedLabels = new Set(pairs.map(([label]) => label));
  const pairedOutputs = new Set(pairs.map(([, output]) => output));
  pairs.sort(([a], [b]) => byPlace(a, b));
  return {
    pairs,
    missed: labels.filter((label) => !pairedLabels.has(label)).sort(byPlace),
    extra: outputs.filter((output) => !pairedOutputs.has(output)).sort(byPlace),
  };
}
