/** The README's instructions for users, run as a user would: the config, the workflow, the quick start's exit code. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/main.js';
import { REPO_ROOT, SHOP } from './helpers/paths.js';
import { run } from './helpers/run-cli.js';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function block(name: string, language: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n\`\`\`${language}\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(readme);
  if (!match) throw new Error(`README has no ${name} block`);
  return match[1]!;
}

describe('the type-checked eslint.config.mjs of the README', () => {
  it('lints the scoped services with types in a project that installed the package, and nothing else', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-eslint-user-'));
    try {
      fs.mkdirSync(path.join(project, 'node_modules'));
      // What `npm i -D eslint-plugin-service-map eslint typescript typescript-eslint kafkajs` gives.
      fs.symlinkSync(REPO_ROOT, path.join(project, 'node_modules/eslint-plugin-service-map'), 'dir');
      for (const name of ['eslint', 'typescript', 'typescript-eslint', 'kafkajs']) fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(project, 'node_modules', name), 'dir');
      const files: Record<string, string> = {
        'package.json': '{ "name": "shop", "type": "module", "private": true }',
        'eslint.config.mjs': block('type-checked-config', 'js'),
        'tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "types": [] }, "include": ["services", "scripts"] }',
        // A producer passed as a parameter; the project service must find tsconfig.json for this file, or
        // ESLint reports a parsing error instead of the finding.
        'services/orders/src/publish.ts': "import type { Producer } from 'kafkajs';\nexport async function publish(bus: Producer, id: string) {\n  await bus.send({ topic: 'order.created', messages: [{ value: id }] });\n}\n",
        'scripts/seed.ts': "import type { Producer } from 'kafkajs';\nexport async function seed(bus: Producer) {\n  await bus.send({ topic: 'order.created', messages: [{ value: 'x' }] });\n}\n",
      };
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
        fs.writeFileSync(path.join(project, name), text);
      }
      const results = await new ESLint({ cwd: project }).lintFiles(['.']);
      const messages = results.flatMap((result) => result.messages.map((message) => `${path.relative(project, result.filePath)}:${message.line} ${message.ruleId ?? message.message}`));
      expect(messages).toEqual(['services/orders/src/publish.ts:3 service-map/require-partition-key']);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('the GitHub Actions workflow of the README', () => {
  const workflow = parse(block('workflow', 'yaml')) as { jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }> };
  const commands = Object.values(workflow.jobs)
    .flatMap((job) => job.steps.flatMap((step) => step.run?.split('\n') ?? []))
    .filter((line) => line.startsWith('npx service-map '));

  it('is valid YAML with the jobs a team needs', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['gate', 'drift']);
    expect(workflow.jobs.gate?.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    expect(commands.length).toBeGreaterThanOrEqual(6);
  });

  it('calls service-map only with commands and flags it has', async () => {
    for (const line of commands) {
      const [command, ...rest] = line.replace(/^npx service-map /, '').replace(/\s*>>.*$/, '').split(/\s+/);
      const help = await run([command!, '--help']);
      expect(help.exitCode, line).toBe(EXIT.clean);
      for (const flag of rest.filter((word) => word.startsWith('--'))) expect(help.stdout, `${line}: ${flag}`).toContain(`${flag} `);
    }
  });

  it('gates on the baseline, uploads SARIF, writes the step summary and diffs the maps', () => {
    const text = commands.join('\n');
    expect(text).toMatch(/analyze \. --format json --out service-map\.json --baseline \.service-map-baseline\.json/);
    expect(text).toMatch(/render service-map\.json --format sarif --out service-map\.sarif/);
    expect(text).toMatch(/render service-map\.json --format markdown >> "\$GITHUB_STEP_SUMMARY"/);
    expect(text).toMatch(/diff .*base\.json.* .*head\.json.* --fail-on-change edges,topics/);
  });
});

describe('the quick start', () => {
  it('says the example exits 1 on purpose, and 0 with --fail-on never, as it does', async () => {
    expect(readme).toContain('exits with 1\nbecause the example contains each anti-pattern on purpose');
    expect(readme).toContain('Add `--fail-on never`\nto draw the map and exit 0 whatever the findings.');
    const { exitCode, stdout } = await run(['analyze', SHOP, '--fail-on', 'never', '--quiet']);
    expect(exitCode).toBe(EXIT.clean);
    expect(stdout).toMatch(/^%% service-map schemaVersion 1\nflowchart TB\n/);
  });
});
