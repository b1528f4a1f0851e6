import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { FileDirectives, readDisableDirectives } from './disable-comments.js';

/** Positions (1-based) of every `FLAG` in the text: where the test rule reports. */
function flags(text: string): { line: number; column: number }[] {
  const found: { line: number; column: number }[] = [];
  text.split(/\r\n|\n/).forEach((line, index) => {
    for (const match of line.matchAll(/FLAG/g)) found.push({ line: index + 1, column: match.index + 1 });
  });
  return found;
}

/** What ESLint itself keeps: the test rule reports each `FLAG` as `service-map/<rule>`. */
function eslintKeeps(text: string, rule: string): string[] {
  const reportFlags: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          for (const { line, column } of flags(context.sourceCode.text)) context.report({ loc: { line, column: column - 1 }, message: 'flag' });
        },
      };
    },
  };
  const rules = Object.fromEntries(['require-partition-key', 'no-orphan-topic'].map((id) => [id, id === rule ? reportFlags : { meta: { schema: [] }, create: () => ({}) }]));
  const messages = new Linter().verify(text, [
    { plugins: { 'service-map': { rules } }, rules: { [`service-map/${rule}`]: 'error' }, linterOptions: { reportUnusedDisableDirectives: 'off' } },
  ]);
  return messages.filter((message) => message.ruleId === `service-map/${rule}`).map((message) => `${message.line}:${message.column}`);
}

function weKeep(text: string, rule: string): string[] {
  const directives = new FileDirectives(readDisableDirectives('a.js', text));
  return flags(text)
    .filter((at) => directives.suppressing(rule, at).length === 0)
    .map((at) => `${at.line}:${at.column}`);
}

const CASES: Record<string, string> = {
  'next-line with a rule list and a reason': `// eslint-disable-next-line service-map/require-partition-key -- keyed downstream
FLAG();
FLAG();`,
  'next-line naming another rule': `// eslint-disable-next-line service-map/no-orphan-topic
FLAG();`,
  'next-line naming another tool\'s rule only': `// eslint-disable-next-line no-console
FLAG();`,
  'next-line without rules': `// eslint-disable-next-line
FLAG();`,
  'a list with quotes and spaces': `/* eslint-disable-next-line no-console , "service-map/require-partition-key" */
FLAG();`,
  'disable-line at the end of the line': `FLAG(); // eslint-disable-line service-map/require-partition-key
FLAG();`,
  'disable-line in a block comment over two lines is ignored': `FLAG(); /* eslint-disable-line
*/ FLAG();`,
  'next-line in a block comment over lines applies after its end': `/* eslint-disable-next-line
   service-map/require-partition-key */
FLAG();
FLAG();`,
  'block disable and enable': `FLAG();
/* eslint-disable service-map/require-partition-key */
FLAG();
/* eslint-enable service-map/require-partition-key */
FLAG();`,
  'disable everything, enable one rule': `/* eslint-disable */
FLAG();
/* eslint-enable service-map/require-partition-key */
FLAG();`,
  'disable in a line comment is not a directive': `// eslint-disable
FLAG();`,
  'a block disable before the finding on its line': `FLAG(); /* eslint-disable */ FLAG();`,
  'comment text inside strings, templates and RegExps': `const a = "// eslint-disable-next-line";
FLAG();
const b = \`\${'/* eslint-disable */'} \${{ x: 1 }.x}\`;
FLAG();
const c = /\\/\\/ eslint-disable-line/.test(a) ? 1 : 2 / 3; // not a directive either: eslint-disable-line is not first
FLAG();`,
  'a RegExp after a keyword and a division after a name': `function f(x) { return /\\/*/.test(x) }
const d = x / 2 /* eslint-disable-line */ ; FLAG();
FLAG();`,
  'CRLF line ends': '// eslint-disable-next-line\r\nFLAG();\r\nFLAG();',
  'a template with nested substitutions': `const t = \`a\${ \`b\${ "}" }\` }// eslint-disable-line\`; FLAG();
FLAG(); // eslint-disable-line`,
};

describe('disable comments, as ESLint reads them', () => {
  it.each(Object.entries(CASES))('%s', (_name, text) => {
    for (const rule of ['require-partition-key', 'no-orphan-topic']) expect(weKeep(text, rule)).toEqual(eslintKeeps(text, rule));
  });

  it('the cases are not trivial: ESLint suppresses something in most of them', () => {
    const suppressing = Object.values(CASES).filter((text) => eslintKeeps(text, 'require-partition-key').length < flags(text).length);
    expect(suppressing.length).toBeGreaterThanOrEqual(10);
  });
});

describe('readDisableDirectives', () => {
  it('keeps the reason, the place and the rules without their namespace', () => {
    const [directive] = readDisableDirectives('src/a.ts', '\uFEFFx();  // eslint-disable-line service-map/no-orphan-topic, no-console -- the partner team consumes it\n');
    expect(directive).toEqual({
      type: 'disable-line',
      ruleIds: ['no-orphan-topic'],
      justification: 'the partner team consumes it',
      location: { file: 'src/a.ts', line: 1, column: 7 },
      endLine: 1,
    });
  });

  it('reads service-map-disable comments, which ESLint ignores, with or without the namespace', () => {
    const text = '// service-map-disable-next-line no-orphan-topic -- consumed by the partner\nFLAG();\n// service-map-disable-next-line service-map/no-orphan-topic\nFLAG();\n';
    const directives = new FileDirectives(readDisableDirectives('a.ts', text));
    expect(directives.suppressing('no-orphan-topic', { line: 2, column: 1 })).toHaveLength(1);
    expect(directives.suppressing('no-orphan-topic', { line: 4, column: 1 })).toHaveLength(1);
    expect(directives.suppressing('require-partition-key', { line: 2, column: 1 })).toHaveLength(0);
    expect(eslintKeeps(text, 'no-orphan-topic')).toEqual(['2:1', '4:1']);
  });

  it('reads TypeScript and JSX without running or parsing them whole', () => {
    const text = [
      'type T = Array<number>; const n = (1 as number) / 2; // eslint-disable-line service-map/a',
      'const el = <div className="x">{`${n}`}</div>; // eslint-disable-line service-map/b',
      'class C { #p = 1; m() { return this.#p / 1; } } // eslint-disable-line service-map/c',
    ].join('\n');
    expect(readDisableDirectives('a.tsx', text).map((directive) => [directive.location.line, directive.ruleIds])).toEqual([
      [1, ['a']],
      [2, ['b']],
      [3, ['c']],
    ]);
  });

  it('survives text that is not code at all', () => {
    expect(() => readDisableDirectives('a.ts', '`unterminated ${ { { /* eslint-disable */ " \' /')).not.toThrow();
    expect(readDisableDirectives('a.ts', '')).toEqual([]);
  });
});
