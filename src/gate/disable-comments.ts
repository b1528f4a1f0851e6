import type { ts } from '@ts-morph/common';
import { compiler } from '../analyzer/compiler.js';
import type { Location } from '../core/model/result.js';

/**
 * ESLint's disable comments, read from a file's text so the CLI honours the same comments the editor does:
 * `eslint-disable-next-line`, `eslint-disable-line`, block `eslint-disable` / `eslint-enable`, each with an
 * optional rule list and ` -- reason`. The same directives spelled `service-map-disable…` are ours alone:
 * ESLint ignores them, so they suit the checks that run in the CLI only (ESLint reports a comment naming a
 * rule it does not run as unknown or unused).
 *
 * Comments are found by TypeScript's scanner (a lexer: it runs nothing and reads the text once), with the
 * two decisions a lexer cannot take alone (is this `/` a RegExp? does this `}` resume a template?) taken
 * from the previous token, as parsers do. A wrong guess on odd code costs a comment, never a crash.
 */

export type DirectiveType = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface DisableDirective {
  readonly type: DirectiveType;
  /** The rules it names (ours, without the `service-map/` namespace); `null` when it names none: every rule. */
  readonly ruleIds: readonly string[] | null;
  /** The text after ` -- `, or `''`. */
  readonly justification: string;
  /** Where the comment starts. */
  readonly location: Location;
  /** The line the comment ends on (`disable-next-line` applies to the line after it). */
  readonly endLine: number;
}

const NAMESPACE = 'service-map/';

interface Comment {
  readonly kind: 'line' | 'block';
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** The token kinds the comment scan tells apart, made once, when the first file with a directive is read. */
interface TokenKinds {
  /** Tokens after which a `/` divides: they end an expression. After anything else it starts a RegExp. */
  readonly endsExpression: ReadonlySet<ts.SyntaxKind>;
  readonly trivia: ReadonlySet<ts.SyntaxKind>;
}
let tokenKinds: TokenKinds | undefined;

function kindsOf(t: typeof ts): TokenKinds {
  tokenKinds ??= {
    endsExpression: new Set<ts.SyntaxKind>([
      t.SyntaxKind.Identifier,
      t.SyntaxKind.PrivateIdentifier,
      t.SyntaxKind.NumericLiteral,
      t.SyntaxKind.BigIntLiteral,
      t.SyntaxKind.StringLiteral,
      t.SyntaxKind.RegularExpressionLiteral,
      t.SyntaxKind.NoSubstitutionTemplateLiteral,
      t.SyntaxKind.TemplateTail,
      t.SyntaxKind.CloseParenToken,
      t.SyntaxKind.CloseBracketToken,
      t.SyntaxKind.CloseBraceToken,
      t.SyntaxKind.PlusPlusToken,
      t.SyntaxKind.MinusMinusToken,
      t.SyntaxKind.ThisKeyword,
      t.SyntaxKind.SuperKeyword,
      t.SyntaxKind.NullKeyword,
      t.SyntaxKind.TrueKeyword,
      t.SyntaxKind.FalseKeyword,
    ]),
    trivia: new Set<ts.SyntaxKind>([t.SyntaxKind.WhitespaceTrivia, t.SyntaxKind.NewLineTrivia, t.SyntaxKind.ShebangTrivia, t.SyntaxKind.ConflictMarkerTrivia]),
  };
  return tokenKinds;
}

function regexCanStartAfter(t: typeof ts, previous: ts.SyntaxKind | undefined): boolean {
  if (previous === undefined) return true;
  if (kindsOf(t).endsExpression.has(previous)) return false;
  // Words past the reserved ones (`type`, `from`, `of`, `let`...) are mostly names; `await` and `yield` take an operand.
  if (previous > t.SyntaxKind.LastReservedWord && previous <= t.SyntaxKind.LastKeyword) {
    return previous === t.SyntaxKind.AwaitKeyword || previous === t.SyntaxKind.YieldKeyword;
  }
  return true;
}

/** Every comment of a JavaScript or TypeScript text, in order. */
function commentsOf(text: string, jsx: boolean): Comment[] {
  const t = compiler();
  const { trivia } = kindsOf(t);
  const scanner = t.createScanner(t.ScriptTarget.Latest, false, jsx ? t.LanguageVariant.JSX : t.LanguageVariant.Standard, text);
  const comments: Comment[] = [];
  let previous: ts.SyntaxKind | undefined;
  let braceDepth = 0;
  // The brace depth at each open `${`: the `}` that brings the depth back to it resumes the template.
  const substitutions: number[] = [];
  for (let token = scanner.scan(); token !== t.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === t.SyntaxKind.SingleLineCommentTrivia || token === t.SyntaxKind.MultiLineCommentTrivia) {
      const raw = scanner.getTokenText();
      const kind = token === t.SyntaxKind.SingleLineCommentTrivia ? 'line' : 'block';
      comments.push({ kind, value: kind === 'line' ? raw.slice(2) : raw.slice(2, -2), start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
      continue;
    }
    if (trivia.has(token)) continue;
    if ((token === t.SyntaxKind.SlashToken || token === t.SyntaxKind.SlashEqualsToken) && regexCanStartAfter(t, previous)) {
      token = scanner.reScanSlashToken();
    } else if (token === t.SyntaxKind.TemplateHead) {
      substitutions.push(braceDepth);
    } else if (token === t.SyntaxKind.OpenBraceToken) {
      braceDepth++;
    } else if (token === t.SyntaxKind.CloseBraceToken) {
      if (substitutions.at(-1) === braceDepth) {
        token = scanner.reScanTemplateToken(false);
        if (token === t.SyntaxKind.TemplateTail) substitutions.pop();
      } else {
        braceDepth = Math.max(0, braceDepth - 1);
      }
    }
    previous = token;
  }
  return comments;
}

/** Offsets where lines start, with the line breaks TypeScript counts (so lines match the findings'). */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|[\n\r\u2028\u2029]/g)) starts.push(match.index + match[0].length);
  return starts;
}

function positionAt(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}

const MAY_HOLD_DIRECTIVE = /(?:eslint|service-map)-(?:disable|enable)/;
const DIRECTIVE = /^(eslint|service-map)-(disable|enable|disable-line|disable-next-line)(?:\s|$)/;

/**
 * The directive a comment holds, read the way ESLint reads it (`@eslint/plugin-kit`'s ConfigCommentParser):
 * the justification starts at the first run of two or more dashes between spaces; rules are separated by
 * commas and may be quoted. `undefined` when the comment is not a directive, or names only other tools' rules.
 */
function directiveOf(comment: Comment): Omit<DisableDirective, 'location' | 'endLine'> | undefined {
  const separator = /\s-{2,}\s/.exec(comment.value);
  const directivePart = (separator ? comment.value.slice(0, separator.index) : comment.value).trim();
  const justification = separator ? comment.value.slice(separator.index + separator[0].length).trim() : '';
  const match = DIRECTIVE.exec(directivePart);
  if (!match) return undefined;
  const ours = match[1] === 'service-map';
  const type = match[2] as DirectiveType;
  // As in ESLint, a line comment can only hold the two line directives.
  if (comment.kind === 'line' && type !== 'disable-line' && type !== 'disable-next-line') return undefined;
  const named = directivePart
    .slice(match[0].length)
    .split(',')
    .map((name) => name.trim().replace(/^(['"]?)(.*)\1$/s, '$2'))
    .filter((name) => name !== '');
  if (named.length === 0) return { type, ruleIds: null, justification };
  const ruleIds = named.flatMap((name) => (name.startsWith(NAMESPACE) ? [name.slice(NAMESPACE.length)] : ours && !name.includes('/') ? [name] : []));
  return ruleIds.length > 0 ? { type, ruleIds, justification } : undefined;
}

/** The disable directives of a file, in order. `file` is the path the findings use. */
export function readDisableDirectives(file: string, text: string): DisableDirective[] {
  // TypeScript and ESLint both drop a byte-order mark before counting columns.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Every directive names itself: a text without one of these words has none, and is not scanned.
  if (!MAY_HOLD_DIRECTIVE.test(source)) return [];
  const lineStarts = lineStartsOf(source);
  const directives: DisableDirective[] = [];
  for (const comment of commentsOf(source, /\.[jt]sx$/.test(file))) {
    const directive = directiveOf(comment);
    if (directive === undefined) continue;
    const start = positionAt(lineStarts, comment.start);
    const endLine = positionAt(lineStarts, comment.end).line;
    // ESLint ignores a disable-line comment that spans lines (and reports it).
    if (directive.type === 'disable-line' && endLine !== start.line) continue;
    directives.push({ ...directive, location: { file, line: start.line, column: start.column }, endLine });
  }
  return directives;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

interface Ranged {
  readonly type: 'disable' | 'enable';
  readonly at: Position;
  readonly ruleIds: readonly string[] | null;
  readonly source: DisableDirective;
}

/**
 * ESLint's two passes, kept apart as it keeps them: block comments by position, then the line comments as
 * disable/enable pairs around their line. In each pass, for the problem's rule, a disable before the problem
 * adds itself and an enable clears the list; the problem is suppressed by what is left.
 */
function disablingIn(ranged: readonly Ranged[], ruleId: string, at: Position): DisableDirective[] {
  let active: DisableDirective[] = [];
  for (const directive of ranged) {
    if (compare(directive.at, at) > 0) break;
    if (directive.ruleIds !== null && !directive.ruleIds.includes(ruleId)) continue;
    if (directive.type === 'disable') active.push(directive.source);
    else active = [];
  }
  return active;
}

/** A file's directives, ready to ask which of them suppress a finding. */
export class FileDirectives {
  private readonly block: Ranged[];
  private readonly lines: Ranged[];

  constructor(directives: readonly DisableDirective[]) {
    const sorted = (list: Ranged[]) => list.sort((a, b) => compare(a.at, b.at));
    this.block = sorted(
      directives.flatMap((directive) =>
        directive.type === 'disable' || directive.type === 'enable' ? [{ type: directive.type, at: directive.location, ruleIds: directive.ruleIds, source: directive }] : [],
      ),
    );
    this.lines = sorted(
      directives.flatMap((directive): Ranged[] => {
        if (directive.type !== 'disable-line' && directive.type !== 'disable-next-line') return [];
        const line = directive.type === 'disable-line' ? directive.location.line : directive.endLine + 1;
        return [
          { type: 'disable', at: { line, column: 1 }, ruleIds: directive.ruleIds, source: directive },
          { type: 'enable', at: { line: line + 1, column: 0 }, ruleIds: directive.ruleIds, source: directive },
        ];
      }),
    );
  }

  /** The directives that suppress a finding of `ruleId` at `at`; empty when none does. */
  suppressing(ruleId: string, at: Position): DisableDirective[] {
    return [...disablingIn(this.block, ruleId, at), ...disablingIn(this.lines, ruleId, at)];
  }
}
