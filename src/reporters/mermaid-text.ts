import { printable } from './printable.js';

/**
 * Text and ids for Mermaid flowcharts. Every label is untrusted (service names, topics, paths, source text of
 * the analysed repository): it goes through `printable` (control characters made visible), then is shortened
 * at a word boundary, then escaped for a quoted Mermaid label.
 */

const ELLIPSIS = '\u2026';
/** Letters, digits and `_` (any script): the characters a label is never cut between. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;

/**
 * The text cut to at most `maxLength` code points, at a word boundary, with an ellipsis; text that fits is
 * returned as it is. Never cuts inside a word: when even the first word is longer than the limit, the whole
 * first word is kept (up to twice the limit, past which a single word is cut, so a hostile 10 kB "word"
 * cannot blow a diagram's size).
 */
export function shortenLabel(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  const isWord = (index: number): boolean => WORD_CHARACTER.test(codePoints[index] ?? '');
  // A cut before `index` is between words when the characters on either side are not both word characters.
  for (let index = maxLength - 1; index > 0; index -= 1) {
    if (!(isWord(index - 1) && isWord(index))) return `${codePoints.slice(0, index).join('').trimEnd()}${ELLIPSIS}`;
  }
  let firstWordEnd = 1;
  while (firstWordEnd < codePoints.length && isWord(firstWordEnd)) firstWordEnd += 1;
  const kept = Math.min(firstWordEnd, maxLength * 2);
  return kept >= codePoints.length ? text : `${codePoints.slice(0, kept).join('')}${ELLIPSIS}`;
}

/**
 * Every character outside `[A-Za-z0-9_]` becomes `_`, one per code point, and the result is cut at 40: an id
 * is written on every edge of its node, so a long name must not multiply. Ids that collide get suffixes.
 */
export function sanitiseId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/gu, '_').slice(0, 40);
}

/**
 * Makes untrusted text safe inside a quoted Mermaid label, after `printable` and shortening. Mermaid turns
 * `#name;` and `#123;` into HTML entities, so `#` is escaped first (every `#` left afterwards starts an entity
 * written here); `"` would end the label; `<`/`>`/`&` would be read as HTML; `|` ends an edge label; a backtick
 * starts a markdown string; `%` could start a `%%{init: ...}%%` directive, which Mermaid looks for anywhere in
 * the text. Remaining whitespace runs become one space because a label is one line of the diagram.
 */
export function mermaidLabel(untrusted: string, maxLength: number): string {
  return escapeLabel(shortenLabel(printable(untrusted).replace(/\s+/gu, ' ').trim(), maxLength));
}

/** Escapes text we wrote ourselves (counts, fixed words) the same way, without shortening it. */
export function escapeLabel(text: string): string {
  return text
    .replace(/#/gu, '#35;')
    .replace(/&/gu, '#38;')
    .replace(/"/gu, '#quot;')
    .replace(/</gu, '#lt;')
    .replace(/>/gu, '#gt;')
    .replace(/\|/gu, '#124;')
    .replace(/`/gu, '#96;')
    .replace(/%/gu, '#37;');
}

/**
 * Joins escaped label lines with `<br/>`. Before parsing, Mermaid drops the last `;` of any line matching
 * `style.*:\S*#.*;` or `classDef.*:\S*#.*;` (meant for colours in style lines), which would turn an edge
 * `svc_style_api -->|"GET /x/:id#quot;"|` into a literal `#quot`. Those patterns need a `:` followed, without
 * whitespace, by a `#`; every `#` in a label is an entity written here, so such colons become `#58;`.
 */
export function joinLabelLines(escapedLines: readonly string[]): string {
  return escapedLines.join('<br/>').replace(/:(?=\S*#)/gu, '#58;');
}
