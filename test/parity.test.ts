import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeProject } from '../src/analyzer/analyze.js';
import { FILE_CHECKS } from '../src/core/checks/index.js';
import type { AnalysisResult } from '../src/core/model/result.js';
import { plugin } from '../src/eslint-plugin/plugin.js';
import { readExpected } from './analyzer/expected-md.js';
import { SHOP } from './helpers/paths.js';

/** `file:line:column rule` for every finding, as both hosts see the same file. */
type FindingKeys = string[];

async function lintShop(typed: boolean): Promise<FindingKeys> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: typed ? { projectService: true, tsconfigRootDir: SHOP } : {},
      },
    },
    plugin.configs.recommended as Linter.Config,
  ];
  const eslint = new ESLint({ cwd: SHOP, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(['services/**/*.ts', 'packages/**/*.ts']);
  return results.flatMap((result) =>
    result.messages.map((message) => {
      if (message.ruleId === null) throw new Error(`${result.filePath}: ${message.message}`);
      return `${path.relative(SHOP, result.filePath)}:${message.line}:${message.column} ${message.ruleId.replace('service-map/', '')}`;
    }),
  );
}

describe('ESLint and the CLI report the same per-file findings on the shop example', () => {
  let analysis: AnalysisResult;
  let cliFindings: FindingKeys;
  beforeAll(async () => {
    analysis = await analyzeProject({ root: SHOP });
    // Per-file checks only: whole-project checks (no-orphan-topic, ...) are the CLI's alone by design.
    const fileRules = new Set(FILE_CHECKS.map((check) => check.id));
    cliFindings = analysis.findings
      .filter((f) => fileRules.has(f.ruleId))
      .map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`);
  });

  it('compares the per-file findings of EXPECTED.md', () => {
    const fileRules = new Set(FILE_CHECKS.map((check) => check.id));
    const expected = readExpected(path.join(SHOP, 'EXPECTED.md')).findings.filter((finding) => fileRules.has(finding.ruleId));
    expect([...cliFindings].sort()).toEqual(expected.map((finding) => `${finding.at} ${finding.ruleId}`).sort());
  });

  it('with type information (projectService)', async () => {
    expect((await lintShop(true)).sort()).toEqual([...cliFindings].sort());
  });

  it('from syntax alone', async () => {
    expect((await lintShop(false)).sort()).toEqual([...cliFindings].sort());
  });
});
