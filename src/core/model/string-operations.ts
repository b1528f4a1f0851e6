/**
 * The plain string methods a value read from code may go through (`name.toLowerCase()`,
 * `base.replace(/\/+$/, '')`), applied to known text. A regular expression from the analysed code is run
 * only when it is simple (no groups, alternatives, back-references or look-arounds, so no catastrophic
 * backtracking) and on short text: reading code must never hang on it.
 */
export type StringOperation =
  | { readonly name: 'toLowerCase' | 'toUpperCase' | 'trim' | 'trimStart' | 'trimEnd' }
  | {
      readonly name: 'replace' | 'replaceAll';
      readonly pattern: string | { readonly source: string; readonly flags: string };
      readonly replacement: string;
    };

export const CASE_AND_TRIM_METHODS: ReadonlySet<string> = new Set(['toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd']);

/** Longer text is not worth a regular expression's time: a topic or a URL is far shorter. */
const MAX_SUBJECT_LENGTH = 4096;
const MAX_PATTERN_LENGTH = 100;

/**
 * True for a pattern without groups, alternatives, back-references or look-arounds: each quantifier then
 * applies to one character or class, and matching stays cheap on short text.
 */
export function isSimpleRegex(source: string, flags: string): boolean {
  if (source.length > MAX_PATTERN_LENGTH || !/^[gimsuy]*$/.test(flags)) return false;
  const flattened = source.replace(/\\./g, 'x').replace(/\[(?:[^\]\\]|\\.)*\]/g, 'x');
  return !/[()|]/.test(flattened) && !/\\[1-9k]/.test(source);
}

/** The method applied to known text; `undefined` when it cannot be applied safely or throws. */
export function applyStringOperation(text: string, operation: StringOperation): string | undefined {
  switch (operation.name) {
    case 'toLowerCase':
      return text.toLowerCase();
    case 'toUpperCase':
      return text.toUpperCase();
    case 'trim':
      return text.trim();
    case 'trimStart':
      return text.trimStart();
    case 'trimEnd':
      return text.trimEnd();
    case 'replace':
    case 'replaceAll': {
      const { pattern, replacement } = operation;
      // `$&`, `$1`... in a replacement are not read.
      if (replacement.includes('$')) return undefined;
      if (typeof pattern === 'string') return operation.name === 'replace' ? text.replace(pattern, replacement) : text.replaceAll(pattern, replacement);
      if (text.length > MAX_SUBJECT_LENGTH || !isSimpleRegex(pattern.source, pattern.flags)) return undefined;
      try {
        const regex = new RegExp(pattern.source, pattern.flags);
        return operation.name === 'replace' ? text.replace(regex, replacement) : text.replaceAll(regex, replacement);
      } catch {
        // An invalid pattern, or `replaceAll` with a non-global one: JavaScript throws, so do we not.
        return undefined;
      }
    }
  }
}
