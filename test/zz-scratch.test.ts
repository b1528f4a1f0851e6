import { it } from 'vitest';
import ts from 'typescript';
import { scanUntyped, scanTyped, summarize } from './helpers/scan.js';
import { FILE_CHECKS } from '../src/core/checks/file/index.js';
import fs from 'node:fs';

const codes = JSON.parse(fs.readFileSync('/tmp/scratch/cases.json', 'utf8')) as { name: string; code: string; file?: string }[];
it('scratch', () => {
  for (const { name, code, file } of codes) {
    for (const mode of ['untyped', 'typed'] as const) {
      const facts = mode === 'untyped' ? scanUntyped(code, file) : scanTyped({ [file ?? 'file.ts']: code });
      const lines = summarize(facts);
      const findings = FILE_CHECKS.flatMap((check) => check.check({ ts, facts, options: {} }).map((f) => {
        const sf = f.node.getSourceFile();
        const p = sf.getLineAndCharacterOfPosition(f.node.getStart(sf));
        return `${check.id}:${f.messageId} L${p.line + 1}:${p.character + 1} ${JSON.stringify(f.data)}`;
      }));
      console.log(`== ${name} [${mode}] resolvers=${facts.storedResolvers.length} transports=${facts.transports.join(',')}\n  ${[...lines, ...findings].join('\n  ')}`);
    }
  }
});
