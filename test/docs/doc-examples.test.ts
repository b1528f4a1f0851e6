import { describe, expect, it } from 'vitest';
import { announcedReports, examplesIn, filesOf, repositoryOf } from './doc-examples.js';

const doc = [
  '# some-rule',
  '',
  '## Why',
  '',
  '```ts',
  'not an example',
  '```',
  '',
  '## Bad',
  '',
  '```ts',
  "send({ topic: 'a' }); // missingKey: no key",
  '```',
  '',
  '<!-- example not checked: pseudo-code of another broker -->',
  '```js',
  'publish()',
  '```',
  '',
  '## Good',
  '',
  '<!-- example not checked: -->',
  '```ts',
  "send({ topic: 'a', key: 'k' });",
  '```',
  '',
  '## Options',
  '',
  '```json',
  '{}',
  '```',
].join('\n');

describe('reading the example blocks of a rule doc', () => {
  it('takes the blocks under Bad and Good only, with their line and an opt-out that gives a reason', () => {
    expect(examplesIn('some-rule', doc)).toEqual([
      { rule: 'some-rule', heading: 'Bad', lang: 'ts', code: "send({ topic: 'a' }); // missingKey: no key\n", line: 11 },
      { rule: 'some-rule', heading: 'Bad', lang: 'js', code: 'publish()\n', line: 16, notChecked: 'pseudo-code of another broker' },
      // A marker without a reason does not opt out.
      { rule: 'some-rule', heading: 'Good', lang: 'ts', code: "send({ topic: 'a', key: 'k' });\n", line: 23 },
    ]);
  });

  it('rejects a block that is never closed', () => {
    expect(() => examplesIn('some-rule', '## Bad\n\n```ts\ncode\n')).toThrow('rules/some-rule.md:3: code block never closed');
  });

  it('reads the reports a block announces in trailing comments, and nothing in strings or whole-line comments', () => {
    const code = [
      "send({ topic: 'a' }); // missingKey: no key",
      '// missingKey on a line of its own is prose',
      "fetch('http://users:3000'); // not a report",
      "emit('x'); // imperativeTopic",
    ].join('\n');
    expect(announcedReports(code, ['missingKey', 'imperativeTopic'])).toEqual(['1 missingKey', '4 imperativeTopic']);
  });
});

describe('the repository of a whole-project check block', () => {
  const example = (code: string) => ({ rule: 'no-sync-call-cycle', heading: 'Bad' as const, lang: 'ts', code, line: 17 });

  it('splits the block at the comments naming files, and refuses a block whose first line names none', () => {
    expect(filesOf(example('// services/a/src/x.ts: note\nconst a = 1;\n\n// services/b/src/y.ts\nconst b = 2;\n'))).toEqual({
      'services/a/src/x.ts': '// services/a/src/x.ts: note\nconst a = 1;\n',
      'services/b/src/y.ts': '// services/b/src/y.ts\nconst b = 2;\n',
    });
    expect(() => filesOf(example('const a = 1;\n'))).toThrow('rules/no-sync-call-cycle.md:17 (Bad): the block must start with a comment naming its file');
    expect(() => filesOf(example('// services/a/src/x.ts\n// services/a/src/x.ts\n'))).toThrow('services/a/src/x.ts is named twice');
  });

  it('adds package.json files named as imported, a workspace root, and compose with the URLs the code reads', () => {
    const repository = repositoryOf(
      example(
        [
          '// packages/contracts/src/index.ts',
          "export const Topics = { A: 'a' } as const;",
          '// services/orders/src/a.ts',
          "import axios from 'axios';",
          "import { Topics } from '@acme/contracts';",
          'axios.get(`${process.env.BILLING_URL}/x`, { params: Topics });',
          'void process.env.UNRELATED_URL;',
          '// services/billing/src/b.ts',
          'export {};',
        ].join('\n'),
      ),
    );
    expect(Object.keys(repository).sort()).toEqual([
      'docker-compose.yml',
      'package.json',
      'packages/contracts/package.json',
      'packages/contracts/src/index.ts',
      'services/billing/package.json',
      'services/billing/src/b.ts',
      'services/orders/package.json',
      'services/orders/src/a.ts',
    ]);
    expect(JSON.parse(repository['package.json']!)).toEqual({ name: 'example', private: true, workspaces: ['packages/*', 'services/*'] });
    expect(JSON.parse(repository['packages/contracts/package.json']!)).toEqual({ name: '@acme/contracts', version: '1.0.0', dependencies: {} });
    expect(JSON.parse(repository['services/orders/package.json']!)).toEqual({ name: 'orders', version: '1.0.0', dependencies: { '@acme/contracts': '*', axios: '*' } });
    expect(repository['docker-compose.yml']).toBe(
      'services:\n  billing:\n    build: ./services/billing\n  orders:\n    build: ./services/orders\n    environment:\n      BILLING_URL: http://billing:3000\n',
    );
  });
});
