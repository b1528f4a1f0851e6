import fs from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../analyzer/errors.js';
import type { AnalysisResult } from '../core/model/result.js';

/**
 * The parts of a saved result that `diff` and `render` read, checked enough to fail with a reason rather
 * than a crash on a file that is not one: the rest is trusted to be what `analyze --format json` wrote.
 */
const savedResultSchema = z.looseObject({
  schemaVersion: z.number(),
  services: z.array(z.looseObject({ name: z.string() })),
  interactions: z.array(z.looseObject({ id: z.string(), kind: z.enum(['http', 'produce', 'consume']), service: z.string() })),
  findings: z.array(z.looseObject({ ruleId: z.string(), severity: z.enum(['error', 'warn']), message: z.string(), location: z.looseObject({ file: z.string() }) })),
  routes: z.array(z.unknown()),
  diagnostics: z.array(z.unknown()),
  summary: z.looseObject({}),
});

/** Reads a saved result; the caller checks its `schemaVersion` before reading more than the checked parts. */
export function readSavedResult(file: string): { readonly result: AnalysisResult; readonly schemaVersion: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a folder, not a saved result` : `${file}: cannot be read (${code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}); expected the output of service-map analyze --format json`);
  }
  const parsed = savedResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: not a service-map result (${issue.path.join('.') || '(root)'}: ${issue.message}); expected the output of service-map analyze --format json`);
  }
  return { result: parsed.data as unknown as AnalysisResult, schemaVersion: parsed.data.schemaVersion };
}
