import fc from 'fast-check';

/*
 * Property-based tests run with a fixed seed and a small number of runs in `npm test`, so a failure is
 * reproducible and the suite stays quick. A longer search:
 *
 *   SERVICE_MAP_FUZZ_SCALE=50 npx vitest run test/properties src/reporters/mermaid.property.test.ts
 *
 * multiplies every run count by 50; SERVICE_MAP_FUZZ_SEED=<n> changes the seed (fast-check prints the seed
 * and the path of a failing case, which `fc.assert` options `{ seed, path }` replay).
 */

const scale = Number(process.env.SERVICE_MAP_FUZZ_SCALE ?? '1');
const seed = Number(process.env.SERVICE_MAP_FUZZ_SEED ?? '20260607');

/** Options for `fc.assert`: the fixed seed, and `runs` times the scale. */
export function fuzzOptions(runs: number): { seed: number; numRuns: number } {
  return { seed, numRuns: Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1))) };
}

/** What breaks renderers: quotes, brackets, keywords, comments, HTML, entities, arrows, separators. */
const HOSTILE_PIECES = [
  'end', 'END', 'o', 'x', 'subgraph', 'style', 'classDef', 'click', 'flowchart', 'graph',
  '%%', '%%{init: {"theme":"dark"}}%%', '"', "'", '`', '[', ']', '(', ')', '{', '}', '{{', '}}', '|', '||',
  '<', '>', '<b>x</b>', '<br/>', '<script>alert(1)</script>', '&', '&amp;', '&#35;', '#', '#quot;', '#35;', ';',
  ':', '::error::', '-->', '-.->', '==>', '---', '\\', '\n', '\r\n', '\t', '\u0000', '\u001b[31m', '\u2028',
  '\u202e', '\u200b', 'é', '日本', '😀', '\ud800', '/', '?', '=', '*', '.', '-', ' ',
];

/** Any text: arbitrary code points (controls, lone surrogates, astral) and the pieces above, mixed. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom(...HOSTILE_PIECES),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 6 }).map((parts) => parts.join('')),
);

/** A test's time limit grown with the scale, so a longer search is not cut short by vitest. */
export function fuzzTimeout(milliseconds: number): number {
  return Math.round(milliseconds * Math.max(1, Number.isFinite(scale) ? scale : 1));
}
