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
    files: ['**/*.mjs', '**/*.cjs', 'bin/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
