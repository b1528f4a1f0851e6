import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

/**
 * The user's `typescript`, loaded with `require` as typescript-eslint loads it, so both get the one module
 * Node has already compiled. An ES `import` of this 9 MB CommonJS file makes Node scan its whole text for
 * export names (cjs-module-lexer) on top of that: about 0.4 s added to every ESLint start.
 */
export const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;
