import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { FILE_CHECKS, PROJECT_CHECKS } from '../../src/core/checks/index.js';
import { plugin } from '../../src/eslint-plugin/plugin.js';
import { scanUntyped } from '../helpers/scan.js';
import { tempRepo } from '../helpers/temp-repo.js';
import { TYPED_FILE, TYPED_ROOT } from '../rules/tester.js';
import { announcedReports, type DocExample, examplesOf, filesOf, repositoryOf, ruleDocIds, where } from './doc-examples.js';

/**
 * The Bad and Good examples of every rule doc, run. A Bad block must report exactly what its trailing
 * comments announce (`// commandField`: a report with that messageId on that line; `// no-orphan-topic` for
 * a whole-project check), and must announce something. A Good block must report nothing, and must contain
 * something the tool recognises (a Good block the rule never looks at would pass whatever the rule does).
 * ESLint rules lint each block from syntax alone and with type information; whole-project checks analyse
 * the repository the block's file comments describe.
 */

const JAVASCRIPT = new Set(['js', 'jsx', 'mjs', 'cjs']);
const TYPESCRIPT = new Set(['ts', 'tsx', 'mts', 'cts']);

const linter = new Linter({ configType: 'flat', cwd: TYPED_ROOT });

/**
 * Lints a block with its rule alone, at `error`. TypeScript goes through typescript-eslint's parser, typed
 * through the project service of test/rules/typed (whose `file.ts` stands for the block); JavaScript through
 * ESLint's default parser, which has no type information to give.
 */
function lint(example: DocExample, typed: boolean): Linter.LintMessage[] {
  const javascript = JAVASCRIPT.has(example.lang);
  const extension = javascript ? 'js' : 'ts';
  const config: Linter.Config[] = [
    {
      files: [`**/*.${extension}`],
      plugins: { 'service-map': plugin as never },
      ...(javascript ? {} : { languageOptions: { parser: tseslint.parser, parserOptions: typed ? { projectService: true, tsconfigRootDir: TYPED_ROOT } : {} } }),
      rules: { [`service-map/${example.rule}`]: 'error' },
    },
  ];
  return linter.verify(example.code, config, typed ? TYPED_FILE : path.join(TYPED_ROOT, `example.${extension}`));
}

/** `line:column ruleId message`, so a failure shows what was reported and where in the block. */
const show = (messages: Linter.LintMessage[]) => messages.map((message) => `${message.line}:${message.column} ${message.ruleId ?? 'fatal'} ${message.message}`);

/** How many HTTP calls, sends and subscriptions the engine finds in a block, from syntax alone. */
function recognised(example: DocExample): number {
  const facts = scanUntyped(example.code, JAVASCRIPT.has(example.lang) ? 'example.js' : 'example.ts');
  return facts.http.length + facts.produces.length + facts.consumes.length;
}

const title = (example: DocExample) => `${where(example)} ${example.heading === 'Bad' ? 'reports' : 'reports nothing'}`;

describe('the rule docs', () => {
  it('are one per check', () => {
    expect(ruleDocIds()).toEqual([...FILE_CHECKS, ...PROJECT_CHECKS].map((check) => check.id).sort());
  });

  it.each(ruleDocIds())('rules/%s.md: has checked Bad and Good examples, all in TypeScript or JavaScript', (rule) => {
    const examples = examplesOf(rule);
    expect(examples.filter((example) => example.notChecked === undefined).map((example) => example.heading)).toEqual(expect.arrayContaining(['Bad', 'Good']));
    for (const example of examples) expect(TYPESCRIPT.has(example.lang) || JAVASCRIPT.has(example.lang), `${where(example)}: \`\`\`${example.lang}`).toBe(true);
  });
});

for (const example of FILE_CHECKS.flatMap((check) => examplesOf(check.id))) {
  if (example.notChecked !== undefined) {
    it.skip(`${where(example)}: not checked (${example.notChecked})`, () => undefined);
    continue;
  }
  const modes = JAVASCRIPT.has(example.lang) ? [false] : [false, true];
  describe(title(example), () => {
    it.each(modes.map((typed) => [typed ? 'typed' : 'untyped', typed] as const))('%s', (_mode, typed) => {
      const messages = lint(example, typed);
      expect(show(messages.filter((message) => message.ruleId !== `service-map/${example.rule}`)), 'parse errors').toEqual([]);
      if (example.heading === 'Good') {
        expect(show(messages)).toEqual([]);
        return;
      }
      const announced = announcedReports(example.code, Object.keys(plugin.rules[example.rule]!.meta.messages));
      expect(announced, 'reports announced by the block').not.toEqual([]);
      expect(messages.map((message) => `${message.line} ${message.messageId ?? ''}`).sort(), show(messages).join('\n')).toEqual(announced.sort());
    });

    if (example.heading === 'Good') {
      it('shows something the rule looks at', () => {
        expect(recognised(example)).toBeGreaterThan(0);
      });
    }
  });
}

for (const example of PROJECT_CHECKS.flatMap((check) => examplesOf(check.id))) {
  if (example.notChecked !== undefined) {
    it.skip(`${where(example)}: not checked (${example.notChecked})`, () => undefined);
    continue;
  }
  it(`${title(example)}, analysed as the repository its file comments describe`, async () => {
    const result = await analyzeProject({ root: tempRepo(repositoryOf(example)) });
    expect(result.diagnostics, 'notes on the input').toEqual([]);
    expect(result.summary.unresolved, 'values left unresolved').toEqual({ topics: 0, targets: 0 });
    expect(result.interactions.length, 'interactions recognised').toBeGreaterThan(0);
    const findings = result.findings.filter((finding) => finding.ruleId === example.rule);
    const shown = findings.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.message}`).join('\n');
    const announced = Object.entries(filesOf(example)).flatMap(([file, text]) => announcedReports(text, [example.rule]).map((report) => `${file}:${report}`));
    if (example.heading === 'Bad') expect(announced, 'findings announced by the block').not.toEqual([]);
    expect(findings.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.ruleId}`).sort(), shown).toEqual(announced.sort());
  });
}
