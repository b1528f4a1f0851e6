import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/main.js';
import type { AnalysisResult } from '../src/core/model/result.js';
import { run } from './helpers/run-cli.js';
import { tempRepo } from './helpers/temp-repo.js';

/** One send without a key (an error, require-partition-key) to a topic nobody consumes (a warning, no-orphan-topic). */
const orders = (before = '', send = "producer.send({ topic: 'order.created', messages: [{ value: id }] })") => `import { Kafka } from 'kafkajs';
${before}
const producer = new Kafka({ brokers: [] }).producer();

export async function created(id: string) {
  await ${send};
}
`;

const json = (stdout: string) => JSON.parse(stdout) as AnalysisResult;

describe('--fail-on and --max-warnings', () => {
  it('fails on errors by default, on warnings too with --fail-on warn, never with --fail-on never', async () => {
    const root = tempRepo({ 'src/orders.ts': orders() });
    const byDefault = await run(['analyze', root]);
    expect(byDefault.exitCode).toBe(EXIT.findings);
    expect(byDefault.stderr).toMatch(/^service-map: failed \(--fail-on error\): 1 error$/m);

    const never = await run(['analyze', root, '--fail-on', 'never']);
    expect(never.exitCode).toBe(EXIT.clean);
    expect(never.stdout).toMatch(/^flowchart TB$/m);
    expect(never.stderr).toMatch(/1 error, 1 warning/);
    expect(never.stderr).not.toMatch(/failed/);
  });

  it('counts warnings with --fail-on warn and --max-warnings', async () => {
    // Only the warning: the message has a key.
    const root = tempRepo({ 'src/orders.ts': orders('', "producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] })") });
    expect((await run(['analyze', root, '-q'])).exitCode).toBe(EXIT.clean);
    const warn = await run(['analyze', root, '--fail-on', 'warn']);
    expect(warn.exitCode).toBe(EXIT.findings);
    expect(warn.stderr).toMatch(/^service-map: failed \(--fail-on warn\): 1 warning$/m);
    const overMax = await run(['analyze', root, '--max-warnings', '0']);
    expect(overMax.exitCode).toBe(EXIT.findings);
    expect(overMax.stderr).toMatch(/1 warning \(more than --max-warnings 0\)/);
    expect((await run(['analyze', root, '--max-warnings', '1', '-q'])).exitCode).toBe(EXIT.clean);
    expect((await run(['analyze', root, '--max-warnings', '0', '--fail-on', 'never', '-q'])).exitCode).toBe(EXIT.clean);
  });

  it.each([
    [['--fail-on', 'sometimes'], /^service-map: option '--fail-on <level>' argument 'sometimes' is invalid\. Allowed choices are error, warn, never\.\n$/],
    [['--max-warnings', '-1'], /^service-map: option '--max-warnings <number>' argument '-1' is invalid\. expected a whole number, 0 or more\.\n$/],
    [['--max-warnings', 'ten'], /^service-map: option '--max-warnings <number>' argument 'ten' is invalid\. expected a whole number, 0 or more\.\n$/],
  ])('%j is a usage error', async (flags, message) => {
    const { exitCode, stderr } = await run(['analyze', '.', ...flags]);
    expect(exitCode).toBe(EXIT.usage);
    expect(stderr).toMatch(message);
  });
});

describe('disable comments', () => {
  it('honours eslint-disable-next-line for a file rule, and counts what it suppressed', async () => {
    const root = tempRepo({
      'src/orders.ts': orders('', "// eslint-disable-next-line service-map/require-partition-key -- ordering does not matter here\n  await producer.send({ topic: 'order.created', messages: [{ value: id }] })"),
    });
    const { exitCode, stderr } = await run(['analyze', root]);
    expect(exitCode).toBe(EXIT.clean);
    expect(stderr).toMatch(/0 errors, 1 warning \(1 suppressed by disable comments\)$/m);
    const result = json((await run(['analyze', root, '--format', 'json', '-q'])).stdout);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['no-orphan-topic']);
    expect(result.summary.findings).toEqual({ error: 0, warn: 1 });
    expect(result.suppressedFindings).toMatchObject([
      { ruleId: 'require-partition-key', suppressions: [{ kind: 'directive', justification: 'ordering does not matter here', location: { file: 'src/orders.ts', line: 6 } }] },
    ]);
  });

  it('honours comments for project checks at their location, in both spellings', async () => {
    for (const comment of ['// eslint-disable-next-line service-map/no-orphan-topic', '// service-map-disable-next-line no-orphan-topic -- the partner team consumes it']) {
      const root = tempRepo({ 'src/orders.ts': orders('', `${comment}\n  await producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] })`) });
      const result = json((await run(['analyze', root, '--format', 'json', '--fail-on', 'warn', '-q'])).stdout);
      expect(result.findings).toEqual([]);
      expect(result.suppressedFindings?.map((finding) => finding.ruleId)).toEqual(['no-orphan-topic']);
    }
  });

  it('does not suppress another rule, another line, or a comment inside a string', async () => {
    const root = tempRepo({
      'src/orders.ts': orders(
        "const note = '// eslint-disable-next-line';",
        "// eslint-disable-next-line service-map/no-orphan-topic\n\n  await producer.send({ topic: 'order.created', messages: [{ value: id }] })",
      ),
    });
    const result = json((await run(['analyze', root, '--format', 'json', '-q'])).stdout);
    expect(result.findings.map((finding) => finding.ruleId).sort()).toEqual(['no-orphan-topic', 'require-partition-key']);
  });

  it('honours a comment at the send inside a wrapper for every caller, as ESLint reports it there once', async () => {
    const root = tempRepo({
      'src/publisher.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export async function publish(topic: string, payload: object) {
  // eslint-disable-next-line service-map/require-partition-key -- the broker keys by tenant
  await producer.send({ topic, messages: [{ value: JSON.stringify(payload) }] });
}
`,
      'src/checkout.ts': `import { publish } from './publisher';
export const placed = (id: string) => publish('order.placed', { id });
export const paid = (id: string) => publish('order.paid', { id });
`,
    });
    const result = json((await run(['analyze', root, '--format', 'json', '-q'])).stdout);
    expect(result.findings.filter((finding) => finding.ruleId === 'require-partition-key')).toEqual([]);
    expect(result.suppressedFindings?.filter((finding) => finding.ruleId === 'require-partition-key').map((finding) => finding.location.file)).toEqual(['src/checkout.ts', 'src/checkout.ts']);
  });
});

describe('--baseline and --write-baseline', () => {
  it('writes a versioned baseline and passes; a later run knows those findings after lines move and unrelated edits', async () => {
    const root = tempRepo({ 'src/orders.ts': orders() });
    const baseline = path.join(root, 'service-map-baseline.json');
    const written = await run(['analyze', root, '--write-baseline', baseline]);
    expect(written.exitCode).toBe(EXIT.clean);
    expect(written.stderr).toMatch(/^service-map: wrote .*service-map-baseline\.json with 2 known findings$/m);
    expect(JSON.parse(fs.readFileSync(baseline, 'utf8'))).toEqual({
      tool: 'service-map',
      kind: 'baseline',
      version: 1,
      findings: [
        { ruleId: 'no-orphan-topic', file: 'src/orders.ts', identity: 'produce order.created', count: 1 },
        { ruleId: 'require-partition-key', file: 'src/orders.ts', identity: 'produce order.created', count: 1 },
      ],
    });

    // Ten lines up front and an unrelated edit: same findings, other lines.
    fs.writeFileSync(path.join(root, 'src/orders.ts'), orders(`${'// moved\n'.repeat(10)}export const unrelated = 42;`));
    const known = await run(['analyze', root, '--baseline', baseline, '--fail-on', 'warn']);
    expect(known.exitCode).toBe(EXIT.clean);
    expect(known.stderr).toMatch(/0 new errors, 0 new warnings \(2 known in the baseline\)$/m);
    expect(json((await run(['analyze', root, '--baseline', baseline, '--format', 'json', '-q'])).stdout).baseline).toEqual({
      file: baseline,
      known: 2,
      new: 0,
      stale: [],
    });
  });

  it('fails on a new finding, and counts identical findings (two need two entries)', async () => {
    const twice = "producer.send({ topic: 'order.created', messages: [{ value: id }] });\n  await producer.send({ topic: 'order.created', messages: [{ value: id }] })";
    const root = tempRepo({ 'src/orders.ts': orders('', twice) });
    const baseline = path.join(root, 'baseline.json');
    await run(['analyze', root, '--write-baseline', baseline, '-q']);
    expect(JSON.parse(fs.readFileSync(baseline, 'utf8'))).toMatchObject({ findings: [{ ruleId: 'no-orphan-topic', count: 2 }, { ruleId: 'require-partition-key', count: 2 }] });

    fs.writeFileSync(path.join(root, 'src/orders.ts'), orders('', `${twice};\n  await producer.send({ topic: 'order.created', messages: [{ value: id }] })`));
    const third = await run(['analyze', root, '--baseline', baseline]);
    expect(third.exitCode).toBe(EXIT.findings);
    expect(third.stderr).toMatch(/1 new error, 1 new warning \(4 known in the baseline\)$/m);
    // The third, by position, is the new one.
    expect(third.stderr).toMatch(/^ {2}8:\d+ +error +Message to 'order\.created' has no partition key +require-partition-key$/m);
  });

  it('lists stale entries, and fails on them with --strict-baseline', async () => {
    const root = tempRepo({ 'src/orders.ts': orders() });
    const baseline = path.join(root, 'baseline.json');
    await run(['analyze', root, '--write-baseline', baseline, '-q']);
    // The key is added: the partition-key finding is fixed, its entry stale.
    fs.writeFileSync(path.join(root, 'src/orders.ts'), orders('', "producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] })"));
    const lenient = await run(['analyze', root, '--baseline', baseline]);
    expect(lenient.exitCode).toBe(EXIT.clean);
    expect(lenient.stderr).toMatch(/^Stale baseline entries in .*baseline\.json \(fixed, or moved to another file\)\n {2}src\/orders\.ts {2}require-partition-key {2}produce order\.created$/m);
    expect(lenient.stderr).toMatch(/\(1 known in the baseline, 1 stale baseline entry\)$/m);
    const strict = await run(['analyze', root, '--baseline', baseline, '--strict-baseline']);
    expect(strict.exitCode).toBe(EXIT.findings);
    expect(strict.stderr).toMatch(/^service-map: failed \(--fail-on error\): 1 stale baseline entry \(--strict-baseline\)$/m);
  });

  const BAD_BASELINES: [string, string, RegExp][] = [
    ['not JSON', '{ "tool": ', /: not a baseline: not valid JSON \(/],
    ['ESLint\'s suppressions file', '{ "src/a.ts": { "no-console": { "count": 1 } } }', /: not a service-map baseline: expected "tool": "service-map" and "kind": "baseline" \(it looks like ESLint's eslint-suppressions\.json/],
    ['another tool\'s file', '{ "tool": "knip", "issues": [] }', /: not a service-map baseline: expected "tool": "service-map" and "kind": "baseline"$/],
    ['another version', '{ "tool": "service-map", "kind": "baseline", "version": 2, "findings": [] }', /: baseline version 2, this service-map reads version 1: write it again with --write-baseline$/],
    ['a corrupt entry', '{ "tool": "service-map", "kind": "baseline", "version": 1, "findings": [{ "ruleId": "x", "file": "a.ts", "identity": "", "count": "2" }] }', /: corrupt baseline: findings\[0\]\.count: /],
  ];

  it.each(BAD_BASELINES)('refuses %s: exit 2, one line naming the file, before analysing', async (_what, content, message) => {
    const root = tempRepo({ 'baseline.json': content });
    // The folder to analyse does not exist: the baseline's problem is found first.
    const { exitCode, stdout, stderr } = await run(['analyze', path.join(root, 'no-such-folder'), '--baseline', path.join(root, 'baseline.json')]);
    expect(exitCode).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/^service-map: .*baseline\.json: /);
    expect(stderr.trim()).toMatch(message);
  });

  it.each([
    [['--baseline', '/no/such/baseline.json'], /^service-map: \/no\/such\/baseline\.json: no such baseline file \(write one with --write-baseline\)\n$/],
    [['--baseline', 'a.json', '--write-baseline', 'b.json'], /^service-map: --baseline and --write-baseline go in separate runs/],
    [['--strict-baseline'], /^service-map: --strict-baseline needs --baseline FILE\n$/],
    [['--write-baseline', '/no/such/dir/baseline.json'], /^service-map: cannot write --write-baseline \/no\/such\/dir\/baseline\.json: folder \/no\/such\/dir does not exist\n$/],
  ])('%j is a usage error', async (flags, message) => {
    const { exitCode, stderr } = await run(['analyze', '.', ...flags]);
    expect(exitCode).toBe(EXIT.usage);
    expect(stderr).toMatch(message);
  });
});
