/**
 * The engine never throws on a program that parses: whatever expression stands where a topic, URL, key or
 * handler goes, a detector records a value (resolved or not) or nothing, in ESLint's untyped view and with
 * the type checker. Detector errors are rethrown here (`scanUntyped`), so a bug cannot hide in a note.
 */
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { scanSourceFile } from '../../src/core/engine/scan-source-file.js';
import { fuzzOptions, fuzzTimeout } from '../helpers/fuzz.js';
import { createVirtualProgram, scanUntyped, VIRTUAL_ROOT } from '../helpers/scan.js';
import { program } from './programs.js';

function syntaxErrors(code: string): string[] {
  const sourceFile = ts.createSourceFile('generated.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return (sourceFile as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
}

describe('the engine on generated programs (property-based)', () => {
  it('the generator writes programs that parse, so the property below is about the engine', () => {
    for (const code of fc.sample(program, { seed: fuzzOptions(1).seed, numRuns: 100 })) expect(syntaxErrors(code), code).toEqual([]);
  });

  it('never throws without type information (the ESLint view)', () => {
    fc.assert(
      fc.property(program, (code) => {
        scanUntyped(code);
      }),
      fuzzOptions(100),
    );
  }, fuzzTimeout(60_000));

  it('never throws with the type checker over the same program', () => {
    // One program holds many generated files: building it is the costly part.
    const count = fuzzOptions(8).numRuns;
    const files = Object.fromEntries(fc.sample(program, { seed: fuzzOptions(1).seed + 1, numRuns: count }).map((code, index) => [`generated/g${index}.ts`, code]));
    const { program: checked } = createVirtualProgram(files);
    const checker = checked.getTypeChecker();
    for (const name of Object.keys(files)) {
      const sourceFile = checked.getSourceFile(path.join(VIRTUAL_ROOT, name))!;
      const scan = () =>
        scanSourceFile({
          ts,
          sourceFile,
          checker,
          onDetectorError: (error) => {
            throw error;
          },
        });
      expect(scan, `${name}:\n${files[name]!}`).not.toThrow();
    }
  }, fuzzTimeout(60_000));
});
