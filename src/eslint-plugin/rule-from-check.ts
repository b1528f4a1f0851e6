import type { TSESLint } from '@typescript-eslint/utils';
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';
import { ts } from './typescript.js';
import { z } from 'zod';
import type { FileCheck } from '../core/checks/check.js';
import { isInFile } from '../core/host.js';
import { ruleDocsUrl } from '../package-info.js';
import { lintedFileOf } from './file-facts.js';

export interface ServiceMapRuleDocs {
  readonly recommended: boolean;
  readonly requiresTypeChecking: false;
}

// The URL is derived from package.json's `repository`, so it points where the package says it lives.
const createRule = RuleCreator<ServiceMapRuleDocs>(ruleDocsUrl);

/**
 * An ESLint rule is a check with ESLint's clothes on: meta, messages and schema, and a report for each
 * finding. Facts come from the shared per-file scan, so ten rules never mean ten passes.
 */
export function ruleFromCheck<Options extends object>(check: FileCheck<Options>): TSESLint.RuleModule<string, [Options]> {
  const schema = z.toJSONSchema(check.options, { target: 'draft-4', io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  return createRule<[Options], string>({
    name: check.id,
    meta: {
      type: 'problem',
      docs: { description: check.description, recommended: check.recommended, requiresTypeChecking: false },
      messages: check.messages,
      schema: [schema as never],
      defaultOptions: [check.defaultOptions],
    },
    create(context, [options]) {
      return {
        Program() {
          const { sourceFile, facts } = lintedFileOf(context);
          const sourceCode = context.sourceCode;
          for (const finding of check.check({ ts, facts, options })) {
            if (sourceFile === undefined || !isInFile(finding, sourceFile)) continue;
            context.report({
              loc: {
                start: sourceCode.getLocFromIndex(finding.node.getStart(sourceFile)),
                end: sourceCode.getLocFromIndex(finding.node.getEnd()),
              },
              messageId: finding.messageId,
              data: finding.data ?? {},
            });
          }
        },
      };
    },
  });
}
