import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_CHECKS, PROJECT_CHECKS } from '../src/core/checks/index.js';
import { GOLDEN, REPO_ROOT, UPDATE_GOLDEN } from './helpers/paths.js';

const readmePath = path.join(REPO_ROOT, 'README.md');
const readme = () => fs.readFileSync(readmePath, 'utf8');

/** The rule table, generated from the checks so the README cannot drift from the code. */
function ruleTable(): string {
  const rows = [
    ...FILE_CHECKS.map((check) => `| [${check.id}](rules/${check.id}.md) | ${check.description} | ${check.defaultSeverity} | yes | yes |`),
    ...PROJECT_CHECKS.map((check) => `| [${check.id}](rules/${check.id}.md) | ${check.description} | ${check.defaultSeverity} | no (needs every file) | yes |`),
  ];
  return ['| rule | what it reports | default | in ESLint | in the CLI |', '|---|---|---|---|---|', ...rows].join('\n');
}

describe('README', () => {
  it('lists every rule as the code defines it', () => {
    const table = ruleTable();
    const current = readme();
    const block = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/;
    if (UPDATE_GOLDEN) fs.writeFileSync(readmePath, current.replace(block, `<!-- rules:start -->\n${table}\n<!-- rules:end -->`));
    expect(block.exec(readme())?.[1]).toBe(table);
  });

  it('shows the map the example really produces', () => {
    const golden = fs.readFileSync(path.join(GOLDEN, 'shop.mmd'), 'utf8');
    const diagram = golden
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('%%') && !/^\s*(classDef|class) /.test(line))
      .join('\n');
    const block = /```mermaid\n[\s\S]*?\n```/;
    if (UPDATE_GOLDEN) fs.writeFileSync(readmePath, readme().replace(block, `\`\`\`mermaid\n${diagram}\n\`\`\``));
    expect(readme()).toContain(`\`\`\`mermaid\n${diagram}\n\`\`\``);
  });

  it('gives the two quick-start commands', () => {
    expect(readme()).toContain('```sh\nnpm ci && node bin/service-map.js analyze fixtures/shop\nnpm test\n```');
    expect(fs.readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
