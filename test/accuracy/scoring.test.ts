import { describe, expect, it } from 'vitest';
import { minCostAssignment, pairOptimally } from '../../accuracy/matching.mjs';
import { compareValues, scoreRepository, type AnalysisOutput, type LabelFile } from '../../accuracy/scoring.mjs';

interface Item {
  readonly file: string;
  readonly line: number;
  readonly value: string;
}

/** The pairing rules the harness uses for interactions, on plain items: same file, one line apart, same value preferred. */
const itemPairing = {
  group: (item: Item) => item.file,
  compatible: (label: Item, output: Item) => Math.abs(label.line - output.line) <= 1,
  preferences: [
    { max: 1, score: (label: Item, output: Item) => (label.value === output.value ? 1 : 0) },
    { max: 1, score: (label: Item, output: Item) => 1 - Math.abs(label.line - output.line) },
  ],
};

const at = (line: number, value: string, file = 'a.ts'): Item => ({ file, line, value });
const shown = (pairs: readonly (readonly [Item, Item])[]) => pairs.map(([label, output]) => `${label.value}@${label.line}=${output.value}@${output.line}`);

/** Every assignment of rows to distinct columns, for checking the Hungarian algorithm on small matrices. */
function bruteForceMinimum(cost: number[][]): number {
  const columns = cost[0]?.length ?? 0;
  const walk = (row: number, used: Set<number>): number => {
    const costs = cost[row];
    if (costs === undefined) return 0;
    let best = Infinity;
    for (let column = 0; column < columns; column++) {
      if (used.has(column)) continue;
      used.add(column);
      best = Math.min(best, costs[column]! + walk(row + 1, used));
      used.delete(column);
    }
    return best;
  };
  return walk(0, new Set());
}

describe('minCostAssignment', () => {
  it('finds the least total cost of every small matrix, as trying every assignment does', () => {
    // A fixed linear congruential sequence: the same matrices on every run.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 21;
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + (trial % 4);
      const columns = rows + ((trial >> 2) % 3);
      const cost = Array.from({ length: rows }, () => Array.from({ length: columns }, () => next() - 10));
      const assignment = minCostAssignment(cost);
      expect(new Set(assignment).size).toBe(rows);
      const total = assignment.reduce((sum, column, row) => sum + cost[row]![column]!, 0);
      expect(total).toBe(bruteForceMinimum(cost));
    }
  });

  it('refuses more rows than columns', () => {
    expect(() => minCostAssignment([[1], [2]])).toThrow('rows <= columns');
  });
});

describe('pairOptimally', () => {
  it('keeps both matches where pairing in output order by value first loses one', () => {
    // Output 11 "b" has label 12 "b"'s value, so a greedy pass gives it that label; output 13 then has no
    // label within one line. The best pairing matches both, with no value in common.
    const labels = [at(10, 'a'), at(12, 'b')];
    const outputs = [at(11, 'b'), at(13, 'c')];
    const { pairs, missed, extra } = pairOptimally(labels, outputs, itemPairing);
    expect(shown(pairs)).toEqual(['a@10=b@11', 'b@12=c@13']);
    expect(missed).toEqual([]);
    expect(extra).toEqual([]);
  });

  it('among pairings with the most matches, takes the one with the most equal values, then the nearest lines', () => {
    const labels = [at(10, 'x'), at(10, 'y'), at(20, 'z')];
    const outputs = [at(10, 'y'), at(11, 'x'), at(20, 'q'), at(21, 'z')];
    const { pairs, extra } = pairOptimally(labels, outputs, itemPairing);
    expect(shown(pairs)).toEqual(['x@10=x@11', 'y@10=y@10', 'z@20=z@21']);
    expect(extra).toEqual([at(20, 'q')]);
  });

  it('gives the same pairs whatever order the items come in', () => {
    const labels = [at(5, 'a'), at(6, 'b'), at(7, 'c'), at(5, 'd', 'b.ts')];
    const outputs = [at(6, 'a'), at(6, 'c'), at(7, 'b'), at(5, 'd', 'b.ts'), at(9, 'e')];
    const expected = shown(pairOptimally(labels, outputs, itemPairing).pairs);
    expect(shown(pairOptimally([...labels].reverse(), [...outputs].reverse(), itemPairing).pairs)).toEqual(expected);
    expect(expected).toEqual(['a@5=a@6', 'b@6=b@7', 'c@7=c@6', 'd@5=d@5']);
  });

  it('never pairs across files or beyond the tolerance', () => {
    const { pairs, missed, extra } = pairOptimally([at(10, 'a'), at(30, 'b')], [at(10, 'a', 'other.ts'), at(32, 'b')], itemPairing);
    expect(pairs).toEqual([]);
    expect(missed).toHaveLength(2);
    expect(extra).toHaveLength(2);
  });
});

describe('compareValues', () => {
  it('puts each matched pair in exactly one category; "right" only where the label names a value', () => {
    const pair = (label: string | null, output: string | null) => [{ value: label }, { value: output }] as [{ value: string | null }, { value: string | null }];
    expect(compareValues([pair('a', 'a'), pair('a', 'b'), pair('a', null), pair(null, null), pair(null, null), pair(null, 'c')])).toEqual({
      named: 3,
      right: 1,
      wrong: 1,
      toolNone: 1,
      bothUnknown: 2,
      toolOnly: 1,
    });
  });
});

const location = (file: string, line: number) => ({ file, line });

describe('scoreRepository', () => {
  const labels: LabelFile = {
    repo: 'someone/shop',
    commit: '0'.repeat(40),
    services: [
      { name: 'orders', root: 'apps/orders/' },
      { name: 'payments', root: 'apps/payments' },
    ],
    interactions: [
      { kind: 'http', file: 'apps/orders/src/pay.ts', line: 10, target: 'payments' },
      { kind: 'http', file: 'apps/orders/src/pay.ts', line: 20, target: 'api.stripe.com' },
      { kind: 'http', file: 'apps/orders/src/pay.ts', line: 30, target: null },
      { kind: 'http', file: 'apps/orders/src/pay.ts', line: 40, target: null },
      { kind: 'http', file: 'apps/orders/src/pay.ts', line: 50, target: 'payments' },
      { kind: 'http', file: 'apps/orders/src/pay.ts', line: 60, target: 'payments' },
      { kind: 'produce', file: 'apps/orders/src/events.ts', line: 5, topic: 'order.created' },
      { kind: 'produce', file: 'apps/orders/src/events.ts', line: 5, topic: 'order.paid' },
      { kind: 'consume', file: 'apps/payments/src/main.ts', line: 8, topic: '/^order\\./' },
    ],
    antiPatterns: [
      { ruleId: 'require-partition-key', file: 'apps/orders/src/events.ts', line: 5, topic: 'order.paid' },
      { ruleId: 'require-partition-key', file: 'apps/orders/src/events.ts', line: 6, topic: 'order.created' },
      // An older label without a topic matches a finding of any topic.
      { ruleId: 'no-commands-in-events', file: 'apps/orders/src/events.ts', line: 7 },
    ],
  };
  const output: AnalysisOutput = {
    // The tool names the payments service its own way; targets are compared by folder.
    services: [
      { name: 'orders', root: 'apps/orders' },
      { name: '@shop/payments', root: 'apps/payments' },
    ],
    interactions: [
      { id: 'h1', kind: 'http', location: location('apps/orders/src/pay.ts', 10), target: '@shop/payments' },
      { id: 'h2', kind: 'http', location: location('apps/orders/src/pay.ts', 21), target: 'api.stripe.com' },
      { id: 'h3', kind: 'http', location: location('apps/orders/src/pay.ts', 30), target: null },
      { id: 'h4', kind: 'http', location: location('apps/orders/src/pay.ts', 40), target: 'orders' },
      { id: 'h5', kind: 'http', location: location('apps/orders/src/pay.ts', 50), target: null },
      { id: 'h6', kind: 'http', location: location('apps/orders/src/pay.ts', 60), target: 'orders' },
      { id: 'h7', kind: 'http', location: location('apps/orders/src/other.ts', 1), target: 'payments' },
      { id: 'p1', kind: 'produce', location: location('apps/orders/src/events.ts', 5), topic: 'order.paid' },
      { id: 'p2', kind: 'produce', location: location('apps/orders/src/events.ts', 5), topic: 'order.created' },
      { id: 'c1', kind: 'consume', location: location('apps/payments/src/main.ts', 9), topic: null, topicPattern: '/^order\\./' },
    ],
    findings: [
      // Same line as the order.paid label, but about order.created: the topics disagree, so the label at
      // line 6 (order.created) takes it, and the order.paid label is missed.
      { ruleId: 'require-partition-key', location: location('apps/orders/src/events.ts', 5), interactionId: 'p2' },
      { ruleId: 'no-commands-in-events', location: location('apps/orders/src/events.ts', 5), interactionId: 'p1' },
      // A project check the labels do not list: counts against its precision.
      { ruleId: 'no-orphan-topic', location: location('apps/orders/src/events.ts', 5), interactionId: 'p1' },
      // Older analyzers have no interactionId: matched without a topic.
      { ruleId: 'no-sync-call-cycle', location: location('apps/orders/src/pay.ts', 10) },
    ],
  };

  it('counts HTTP targets right only where the label names one, comparing services by folder', () => {
    const score = scoreRepository(labels, output);
    expect(score.kinds.http).toEqual({
      labels: 6,
      found: 7,
      matched: 6,
      labelsNamingValue: 4,
      values: { named: 4, right: 2, wrong: 1, toolNone: 1, bothUnknown: 1, toolOnly: 1 },
    });
    expect(score.kinds.produce).toMatchObject({ labels: 2, found: 2, matched: 2, values: { named: 2, right: 2 } });
    expect(score.kinds.consume).toMatchObject({ labels: 1, found: 1, matched: 1, values: { named: 1, right: 1 } });
  });

  it('scores every rule either side names, matching on rule, file, line and topic', () => {
    const score = scoreRepository(labels, output);
    expect(score.rules).toEqual({
      'no-commands-in-events': { labels: 1, found: 1, matched: 1 },
      'no-orphan-topic': { labels: 0, found: 1, matched: 0 },
      'no-sync-call-cycle': { labels: 0, found: 1, matched: 0 },
      'require-partition-key': { labels: 2, found: 1, matched: 1 },
    });
    expect(score.misses.filter((miss) => miss.category === 'require-partition-key')).toEqual([
      { category: 'require-partition-key', type: 'missed', file: 'apps/orders/src/events.ts', line: 5, expected: 'order.paid' },
    ]);
  });

  it("matches a finding reported inside a send (at its message) with the label on the send's line", () => {
    const atMessage: AnalysisOutput = {
      ...output,
      interactions: [{ id: 'p9', kind: 'produce', location: location('apps/orders/src/events.ts', 20), topic: 'order.paid' }],
      findings: [{ ruleId: 'require-partition-key', location: location('apps/orders/src/events.ts', 27), interactionId: 'p9' }],
    };
    const onSendLine: LabelFile = { ...labels, antiPatterns: [{ ruleId: 'require-partition-key', file: 'apps/orders/src/events.ts', line: 20, topic: 'order.paid' }] };
    expect(scoreRepository(onSendLine, atMessage).rules).toEqual({ 'require-partition-key': { labels: 1, found: 1, matched: 1 } });
    // Without the send to go by, seven lines are too far.
    const withoutSend = { ruleId: 'require-partition-key', location: location('apps/orders/src/events.ts', 27) };
    expect(scoreRepository(onSendLine, { ...atMessage, findings: [withoutSend] }).rules).toEqual({ 'require-partition-key': { labels: 1, found: 1, matched: 0 } });
  });

  it('lists every miss, extra and disagreeing value for reading by hand', () => {
    const types = scoreRepository(labels, output).misses.map((miss) => `${miss.category} ${miss.type} ${miss.file}:${miss.line}`);
    expect(types).toEqual([
      'http extra apps/orders/src/other.ts:1',
      'http toolOnly apps/orders/src/pay.ts:40',
      'http toolNone apps/orders/src/pay.ts:50',
      'http wrong apps/orders/src/pay.ts:60',
      'require-partition-key missed apps/orders/src/events.ts:5',
      'no-orphan-topic extra apps/orders/src/events.ts:5',
      'no-sync-call-cycle extra apps/orders/src/pay.ts:10',
    ]);
  });
});
