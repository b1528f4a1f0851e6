// Lints this repository itself with typescript-eslint's strictest type-checked rules. The fixtures are
// input for the analyzer, written the way other teams write code, so they are not held to our style.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'coverage/', 'test/.virtual/', 'test/rules/typed/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', '*.cjs', 'bin/*.js', 'scripts/*.mjs', 'accuracy/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Template literals with numbers are how messages are built here.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // The TypeScript AST is walked with `!` where the grammar guarantees a node.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // A file and a function a newcomer can read in one sitting. A longer function says why on the line above
    // it (`eslint-disable-next-line max-lines-per-function -- reason`). Tests are lists of cases in long
    // `describe` callbacks, so they are left out.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test-support.ts'],
    rules: {
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      // The user's `typescript` is loaded once, with require (src/eslint-plugin/typescript.ts): an ES import of
      // its 9 MB CommonJS file costs every ESLint start a scan of it for export names. The engine takes `ts` as
      // a parameter and imports types only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'typescript', message: 'Import types only; the value comes from src/eslint-plugin/typescript.ts or the host.', allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'bin/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
