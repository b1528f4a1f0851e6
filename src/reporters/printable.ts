/**
 * Text from the analysed repository (file names, topics, URLs, messages quoting its source) is untrusted: a
 * file named `a\n::error::x.ts` would forge a CI annotation line, and an escape sequence would repaint a
 * terminal. Every human-facing channel (text, stderr, Markdown, Mermaid, HTML) writes such text through
 * `printable`; JSON keeps the exact string, since its encoding already escapes control characters.
 */

// C0 controls (tab kept out too: it misaligns columns), DEL, C1 controls, and the Unicode line and paragraph
// separators and bidirectional overrides that reorder what a reader sees.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with every control character written as a visible escape (`\n`, `\u001b`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
