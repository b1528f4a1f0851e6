import path from 'node:path';
import { type InvalidTestCase, RuleTester, type TestCaseError, type ValidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import * as espree from 'espree';
import { plugin } from '../../src/eslint-plugin/plugin.js';

/**
 * Shared pieces of the rule suites. Every case runs twice, the way users run the plugin: from syntax alone
 * (`recommended`) and with typescript-eslint's project service (`recommended-type-checked`). Cases where
 * types decide are listed apart, once per mode, with what each mode must report.
 */

export type Rule = TSESLint.RuleModule<string, [object]>;
export type Valid = ValidTestCase<[object]>;
export type Invalid = InvalidTestCase<string, [object]>;
export type Expected = TestCaseError<string>;

/** The folder with its own tsconfig.json that typed runs lint `file.ts` in; its other files are imports. */
export const TYPED_ROOT = path.resolve(import.meta.dirname, 'typed');
export const TYPED_FILE = path.join(TYPED_ROOT, 'file.ts');

export const untypedTester = new RuleTester();
export const typedTester = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: TYPED_ROOT } },
});

/** The rule as the plugin exports it. */
export function ruleOf(id: string): Rule {
  const rule = plugin.rules[id];
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
}

/** Points the cases at `typed/file.ts`, so the project service lints them with type information. */
export function typed<T extends Valid | Invalid>(cases: readonly T[]): T[] {
  return cases.map((testCase) => ({ ...testCase, name: `${testCase.name ?? testCase.code} [typed]`, filename: TYPED_FILE }));
}

/** Plain JavaScript through ESLint's default parser: the plugin parses the text itself. */
export function javascript<T extends Valid | Invalid>(testCase: T): T {
  return {
    ...testCase,
    filename: path.resolve(import.meta.dirname, testCase.filename ?? 'service.js'),
    languageOptions: { ...testCase.languageOptions, parser: espree as never },
  };
}

/** Strips the common indentation of a template, so lines and columns read as in a file of its own. */
export function code(strings: TemplateStringsArray, ...values: readonly string[]): string {
  const text = strings.reduce((all, part, i) => all + part + (values[i] ?? ''), '');
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

/**
 * Where `text` is in `source` (its `occurrence`-th appearance), as ESLint reports it: 1-based lines and
 * columns, the end exclusive. Naming the node's text says WHICH node a report must point at.
 */
export function span(source: string, text: string, occurrence = 1): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = source.indexOf(text, index + 1);
    if (index < 0) throw new Error(`'${text}' (occurrence ${occurrence}) not in:\n${source}`);
  }
  const position = (offset: number) => {
    const before = source.slice(0, offset).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  };
  const start = position(index);
  const end = position(index + text.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** The start of `text` in `source`. */
export function at(source: string, text: string, occurrence = 1): { line: number; column: number } {
  const { line, column } = span(source, text, occurrence);
  return { line, column };
}

/** An invalid case whose expected reports are located in its own code: `(source) => [...]`. */
export function invalid(name: string, source: string, errors: (source: string) => Expected[], extra: Partial<Invalid> = {}): Invalid {
  return { name, code: source, errors: errors(source), ...extra };
}

/** The code of invalid cases, expected to be valid in another mode (where types show nothing is wrong, or hide it). */
export function asValid(cases: readonly Invalid[]): Valid[] {
  return cases.map((testCase) => ({ name: testCase.name, code: testCase.code, ...(testCase.options ? { options: testCase.options } : {}) }));
}
