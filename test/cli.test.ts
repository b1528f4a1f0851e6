import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/analyzer/errors.js';
import { EXIT } from '../src/cli/main.js';
import { useColor } from '../src/cli/io.js';
import { writeAtomically } from '../src/cli/output-file.js';
import { readExpected } from './analyzer/expected-md.js';
import { GOLDEN, REPO_ROOT, SHOP } from './helpers/paths.js';
import { run as runWith } from './helpers/run-cli.js';
import { tempRepo } from './helpers/temp-repo.js';

const run = (...argv: string[]) => runWith(argv);

const clean = `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const publish = (id: string) => producer.send({ topic: 'order.created', messages: [{ key: id, value: id }] });
`;

describe('service-map analyze', () => {
  it('prints the Mermaid map on stdout and the findings on stderr, exit 1 with an error-level finding', async () => {
    const { exitCode, stdout, stderr } = await run('analyze', SHOP);
    expect(exitCode).toBe(EXIT.findings);
    expect(stdout).toBe(fs.readFileSync(path.join(GOLDEN, 'shop.mmd'), 'utf8'));
    // Findings grouped by file: every finding of EXPECTED.md, where it is reported, and no other.
    const reported: string[] = [];
    let file = '';
    for (const line of stderr.split('\n')) {
      if (/^\S+\.[cm]?[jt]sx?$/.test(line)) file = line;
      const at = /^ {2}(\d+:\d+) +(?:error|warning) /.exec(line);
      if (at) reported.push(`${file}:${at[1]!}`);
    }
    expect(reported.sort()).toEqual(readExpected(path.join(SHOP, 'EXPECTED.md')).findings.map((finding) => finding.at).sort());
    expect(stderr).toMatch(/^services\/inventory\/src\/stock-alerts\.ts\n {2}16:39 +error +Message to 'inventory\.stock-low' has no partition key +require-partition-key$/m);
    expect(stderr).toMatch(/^9 services, 9 HTTP calls, 7 produces, 12 consumes in 50 files/m);
    expect(stderr).toMatch(/^service-map: failed \(--fail-on error\): 5 errors$/m);
  });

  it('writes JSON with --format json, and --quiet keeps stderr empty', async () => {
    const { stdout, stderr } = await run('analyze', SHOP, '--format', 'json', '--quiet');
    // The analysis's golden model, with what the gate adds: nothing of the shop is suppressed.
    const golden = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'shop.json'), 'utf8')) as object;
    expect(stdout).toBe(`${JSON.stringify({ ...golden, suppressedFindings: [] }, null, 2)}\n`);
    expect(stderr).toBe('');
  });

  it('exits 0 when there is no error-level finding', async () => {
    expect((await run('analyze', tempRepo({ 'src/a.ts': clean }), '-q')).exitCode).toBe(EXIT.clean);
  });

  it('writes to --out and nothing to stdout', async () => {
    const root = tempRepo({ 'src/a.ts': clean });
    const out = path.join(root, 'map.mmd');
    const { exitCode, stdout } = await run('analyze', root, '--out', out, '-q');
    expect(exitCode).toBe(EXIT.clean);
    expect(stdout).toBe('');
    const written = fs.readFileSync(out, 'utf8');
    expect(written).toMatch(/^%% service-map schemaVersion 1\nflowchart TB\n/);
    expect(written).toBe((await run('analyze', root, '-q')).stdout);
  });

  it.each([
    [['analyze', '/no/such/dir'], /^service-map: no such directory: \/no\/such\/dir\n$/],
    [['analyze', '.', '--format', 'pdf'], /^service-map: option '-f, --format <format>' argument 'pdf' is invalid\. Allowed choices are mermaid, json, text, sarif, markdown, html, svg, png\.\n$/],
    [['analyze', '.', '--frmat', 'json'], /^service-map: unknown option '--frmat'.*\n$/],
    [['analize'], /^service-map: unknown command 'analize'.*\n$/],
    [['analyze', '.', '--out', '/no/such/dir/map.mmd'], /^service-map: cannot write --out \/no\/such\/dir\/map\.mmd: folder \/no\/such\/dir does not exist\n$/],
  ])('%j is a usage error: exit 2 with one line', async (argv, message) => {
    const { exitCode, stdout, stderr } = await run(...argv);
    expect(exitCode).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a bad config file as a usage error naming the file and the path', async () => {
    const root = tempRepo({ 'service-map.config.json': '{ "ignore": "dist" }' });
    const { exitCode, stderr } = await run('analyze', root);
    expect(exitCode).toBe(EXIT.usage);
    expect(stderr).toBe('service-map: service-map.config.json: ignore: Invalid input: expected array, received string\n');
  });

  it('shows help with exit 0', async () => {
    const { exitCode, stdout } = await run('analyze', '--help');
    expect(exitCode).toBe(EXIT.clean);
    expect(stdout).toMatch(/--format <format>/);
    expect(stdout).toMatch(/--fail-on <level>/);
    expect(stdout).toMatch(/--baseline <file>/);
  });
});

describe('service-map itself', () => {
  it('prints the usage on stderr and exits 2 when called without a command', async () => {
    const { exitCode, stdout, stderr } = await run();
    expect(exitCode).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: service-map \[options\] \[command\]\n/);
    expect(stderr).toMatch(/^ {2}analyze \[options\] \[dir\]/m);
    expect(stderr).toMatch(/^ {2}diff \[options\] <base> <head>/m);
  });

  it('prints the same usage on stdout with --help, exit 0', async () => {
    const { exitCode, stdout } = await run('--help');
    expect(exitCode).toBe(EXIT.clean);
    expect(stdout).toMatch(/^Usage: service-map \[options\] \[command\]\n/);
  });

  it('prints the version of package.json with --version and -v', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) expect(await run(flag)).toEqual({ exitCode: EXIT.clean, stdout: `${version}\n`, stderr: '' });
  });
});

describe('--out', () => {
  it.each([
    ['a folder', (root: string) => root, /: it is a folder\n$/],
    ['in a folder that is a file', (root: string) => path.join(root, 'src/a.ts', 'map.mmd'), /: .*src\/a\.ts is not a folder\n$/],
    ['in a missing folder', (root: string) => path.join(root, 'missing', 'map.mmd'), /: folder .*missing does not exist\n$/],
  ])('naming %s is refused before analysing: exit 2 naming it', async (_what, outOf, message) => {
    const root = tempRepo({ 'src/a.ts': clean });
    const out = outOf(root);
    // The folder to analyse does not exist: the --out problem is found first.
    const { exitCode, stdout, stderr } = await run('analyze', path.join(root, 'no-such-folder'), '--out', out);
    expect(exitCode).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`service-map: cannot write --out ${out}: `)).toBe(true);
    expect(stderr).toMatch(message);
  });

  it('replaces the old file whole and leaves no temporary file', async () => {
    const root = tempRepo({ 'src/a.ts': clean, 'out/map.mmd': 'the old map' });
    const out = path.join(root, 'out/map.mmd');
    fs.chmodSync(out, 0o640);
    expect((await run('analyze', root, '--out', out, '-q')).exitCode).toBe(EXIT.clean);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^%% service-map schemaVersion 1\nflowchart TB\n[\s\S]*\n$/);
    expect(fs.statSync(out).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['map.mmd']);
  });

  it('keeps the old file when the new one cannot be put in its place', () => {
    const root = tempRepo({ 'out/map.mmd': 'the old map' });
    const out = path.join(root, 'out/map.mmd');
    const rename = vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    });
    try {
      expect(() => {
        writeAtomically(out, 'the new map', '--out');
      }).toThrow(new UsageError(`cannot write --out ${out}: ENOSPC`));
    } finally {
      rename.mockRestore();
    }
    expect(fs.readFileSync(out, 'utf8')).toBe('the old map');
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['map.mmd']);
  });
});

describe('the text report on stderr', () => {
  const twoFiles = {
    'src/a.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const a = (id: string) => producer.send({ topic: 'a.created', messages: [{ value: id }] });
export const b = (id: string) => producer.send({ topic: 'b.created', messages: [{ value: id }] });
`,
    'src/b.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const c = (id: string) => producer.send({ topic: 'c.created', messages: [{ value: id }] });
export const d = (url: string) => fetch(\`\${process.env.BILLING_URL}/charges\`);
`,
  };

  it('groups findings by file and gives each rule its explanation once, with its counts', async () => {
    const { stderr } = await run('analyze', tempRepo(twoFiles), '--fail-on', 'never');
    expect(stderr).toMatch(/^src\/a\.ts\n {2}3:\d+ .*'a\.created'.*\n {2}3:\d+ .*\n {2}4:\d+ .*\n {2}4:\d+ .*\n\nsrc\/b\.ts\n {2}3:\d+ /m);
    const explanation = 'Kafka spreads un-keyed messages over partitions';
    expect(stderr.split(explanation)).toHaveLength(2);
    expect(stderr).toMatch(/^ {2}require-partition-key: 3 errors\. Require a partition key on every Kafka message, so events of one entity stay in order\.$/m);
    expect(stderr).toMatch(/^ {2}no-orphan-topic: 3 warnings\. /m);
    expect(stderr).toMatch(/^ {4}https:\/\/github\.com\/service-map\/eslint-plugin-service-map\/blob\/main\/rules\/require-partition-key\.md$/m);
  });

  it('lists unresolved interactions with the reason and the config entry that places them', async () => {
    const { stderr } = await run('analyze', tempRepo(twoFiles), '--fail-on', 'never');
    expect(stderr).toMatch(/^Not on the map \(1 unresolved\)\n {2}src\/b\.ts:4:\d+ {2}.*: GET \/charges {2}URL '\{process\.env\.BILLING_URL\}\/charges' is computed at run time\n {4}config: "links": \[\{ "env": "BILLING_URL", "service": "<the service it reaches>" \}\]$/m);
  });

  it('writes untrusted text through printable()', async () => {
    const root = tempRepo({
      'src/evil\u001b[2J.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const a = (id: string) => producer.send({ topic: 'x\\n::error::forged', messages: [{ value: id }] });
`,
    });
    const { stderr } = await run('analyze', root, '--fail-on', 'never');
    expect(stderr).toContain('src/evil\\u001b[2J.ts');
    expect(stderr).toContain("'x\\n::error::forged'");
    expect(stderr).not.toContain('\u001b');
    expect(stderr).not.toMatch(/^::error::/m);
  });

  it('never lets a file name forge a CI annotation: not in the map, the text, the notes or an error', async () => {
    const forged = 'a\n::error::INJECTED\nb';
    const root = tempRepo({
      [`src/${forged}.ts`]: `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export const a = (id: string) => producer.send({ topic: 'x\\u001b]0;title\\u0007\\n::error::T', messages: [{ value: id }] });
`,
      // It names a library, so it is parsed (a file that cannot have facts is not: files-that-matter.ts).
      [`src/${forged}-broken.ts`]: "import axios from 'axios';\nexport const x = (;\n",
    });
    const outputs = [
      await run('analyze', root, '--fail-on', 'never'),
      await run('analyze', root, '--fail-on', 'never', '--format', 'text'),
      await run('analyze', path.join(root, forged)),
    ];
    for (const { stdout, stderr } of outputs) {
      expect(`${stdout}${stderr}`).not.toMatch(/^::error::/m);
      // eslint-disable-next-line no-control-regex -- no control character but the line ends may reach a terminal
      expect(`${stdout}${stderr}`).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    }
    expect(outputs[1]!.stdout).toContain('src/a\\n::error::INJECTED\\nb-broken.ts:2  does not parse');
    expect(outputs[2]!.stderr).toBe(`service-map: no such directory: ${root}/a\\n::error::INJECTED\\nb\n`);
    // JSON keeps the exact name: its encoding escapes it.
    const json = JSON.parse((await run('analyze', root, '--format', 'json')).stdout) as { interactions: { location: { file: string } }[] };
    expect(json.interactions.map((interaction) => interaction.location.file)).toEqual([`src/${forged}.ts`]);
  });

  it('is coloured on a terminal, and as NO_COLOR and FORCE_COLOR say', async () => {
    const root = tempRepo(twoFiles);
    const red = '\u001b[31m';
    const colours = async (io: Parameters<typeof runWith>[1]) => (await runWith(['analyze', root, '--fail-on', 'never'], io)).stderr.includes(red);
    expect(await colours({ stderrIsTTY: true })).toBe(true);
    expect(await colours({ stderrIsTTY: false })).toBe(false);
    expect(await colours({ stderrIsTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(await colours({ stderrIsTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    // Colour on stderr never leaks into the map on stdout.
    const piped = await runWith(['analyze', root, '--fail-on', 'never', '--format', 'json'], { stderrIsTTY: true, stdoutIsTTY: false });
    expect(piped.stdout).not.toContain('\u001b');
  });

  it('decides colour the way Node and most tools do', () => {
    expect(useColor(true, {})).toBe(true);
    expect(useColor(false, {})).toBe(false);
    expect(useColor(true, { NO_COLOR: '' })).toBe(true);
    expect(useColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(true, { TERM: 'dumb' })).toBe(false);
    expect(useColor(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(false, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('shows a progress line only on a terminal stderr, and not with --quiet', async () => {
    const root = tempRepo({ 'src/a.ts': clean });
    const labels: string[] = [];
    const startProgress = (label: string) => {
      labels.push(label);
      return { stop: () => Promise.resolve() };
    };
    await runWith(['analyze', root], { stderrIsTTY: false, startProgress });
    await runWith(['analyze', root, '--quiet'], { stderrIsTTY: true, startProgress });
    expect(labels).toEqual([]);
    await runWith(['analyze', root], { stderrIsTTY: true, startProgress });
    expect(labels).toEqual([`service-map: analysing ${root}…`]);
  });
});
