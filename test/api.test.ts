import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyze, BaselineError, baselineOf, UsageError } from '../src/api.js';
import { REPO_ROOT } from './helpers/paths.js';
import { run } from './helpers/run-cli.js';
import { tempRepo } from './helpers/temp-repo.js';

const ORDERS = `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export async function created(id: string) {
  // eslint-disable-next-line service-map/require-partition-key -- one partition
  await producer.send({ topic: 'order.created', messages: [{ value: id }] });
  await producer.send({ topic: 'order.paid', messages: [{ value: id }] });
}
`;

describe('analyze() from the API', () => {
  it('gives the model the CLI writes with --format json, disable comments honoured', async () => {
    const root = tempRepo({ 'src/orders.ts': ORDERS });
    const result = await analyze({ root });
    expect(result.findings.filter((finding) => finding.ruleId === 'require-partition-key').map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^Message to 'order\.paid'/) as unknown,
    ]);
    expect(result.suppressedFindings?.map((finding) => [finding.ruleId, finding.suppressions[0]?.justification])).toEqual([['require-partition-key', 'one partition']]);
    const cli = await run(['analyze', root, '--format', 'json', '-q']);
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('leaves disable comments alone when asked, and takes a baseline as an object or a file', async () => {
    const root = tempRepo({ 'src/orders.ts': ORDERS });
    const raw = await analyze({ root, disableComments: false });
    expect(raw.findings.filter((finding) => finding.ruleId === 'require-partition-key')).toHaveLength(2);
    expect(raw.suppressedFindings).toBeUndefined();

    const baseline = baselineOf(raw);
    const known = await analyze({ root, disableComments: false, baseline });
    expect(known.findings).toEqual([]);
    expect(known.baseline).toMatchObject({ known: raw.findings.length, new: 0, stale: [] });

    const file = path.join(root, 'baseline.json');
    fs.writeFileSync(file, JSON.stringify(baseline));
    expect((await analyze({ root, disableComments: false, baseline: file })).findings).toEqual([]);
  });

  it('rejects with a UsageError or a BaselineError that says what is wrong', async () => {
    await expect(analyze({ root: '/no/such/folder' })).rejects.toThrow(new UsageError('no such directory: /no/such/folder'));
    const root = tempRepo({ 'baseline.json': '[]' });
    const rejected = analyze({ root, baseline: path.join(root, 'baseline.json') });
    await expect(rejected).rejects.toBeInstanceOf(BaselineError);
    await expect(rejected).rejects.toThrow(/not a service-map baseline/);
  });
});

/** A project elsewhere that depends on this package, as `npm i -D eslint-plugin-service-map` would make it. */
function consumerProject(files: Record<string, string>): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-consumer-'));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(REPO_ROOT, path.join(project, 'node_modules', 'eslint-plugin-service-map'), 'dir');
  fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(project, name), text);
  return project;
}

describe("the package's ./api entry (built dist/)", () => {
  it('is importable by its package name and returns the model', () => {
    const project = consumerProject({
      'main.mjs': `import { analyze } from 'eslint-plugin-service-map/api';
const result = await analyze({ root: process.argv[2] });
console.log(JSON.stringify({ schemaVersion: result.schemaVersion, findings: result.findings.length, suppressed: result.suppressedFindings.length }));
`,
    });
    try {
      const root = tempRepo({ 'src/orders.ts': ORDERS });
      const { status, stdout, stderr } = spawnSync(process.execPath, ['main.mjs', root], { cwd: project, encoding: 'utf8' });
      expect(stderr).toBe('');
      expect(status).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ schemaVersion: 1, findings: 3, suppressed: 1 });
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('is typed: a consumer type-checks, and a wrong use does not', () => {
    const project = consumerProject({
      'good.ts': `import { analyze, type AnalysisResult, type Finding } from 'eslint-plugin-service-map/api';
const result: AnalysisResult = await analyze({ root: '.', configFile: 'service-map.config.json', baseline: 'baseline.json' });
const first: Finding | undefined = result.findings[0];
export const where: string = first ? \`\${first.location.file}:\${first.location.line}\` : '';
`,
      'bad.ts': `import { analyze } from 'eslint-plugin-service-map/api';
const result = await analyze({ rot: '.' });
export const nope: number = result.findings[0]?.ruleId ?? 0;
`,
    });
    try {
      const errorsOf = (file: string) => {
        const program = ts.createProgram([path.join(project, file)], {
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          target: ts.ScriptTarget.ES2022,
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        });
        return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      };
      expect(errorsOf('good.ts')).toEqual([]);
      const bad = errorsOf('bad.ts');
      expect(bad.some((message) => message.includes("'rot' does not exist in type 'AnalyzeOptions'"))).toBe(true);
      expect(bad.some((message) => message.includes("Type 'string' is not assignable to type 'number'"))).toBe(true);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
