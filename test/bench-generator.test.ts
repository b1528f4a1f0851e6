// The benchmark's generated monorepo (scripts/bench/generate-monorepo.mjs): the bench compares the CLI with
// `tsc --noEmit` on it, so it must be the same repository every time, valid TypeScript, and hold the
// interactions the generator says it holds. No timing here: `npm run bench` measures, tests never do.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateMonorepo, MIN_FILES } from '../scripts/bench/generate-monorepo.mjs';
import { analyzeProject } from '../src/analyzer/analyze.js';
import { tempRepo } from './helpers/temp-repo.js';

const SMALL = { files: 90, seed: 3 };

describe('the benchmark generator', () => {
  it('writes the same bytes for the same seed and size, and another repository for another seed', () => {
    const first = generateMonorepo(SMALL);
    const again = generateMonorepo(SMALL);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.stringify(generateMonorepo({ ...SMALL, seed: 4 }).files)).not.toBe(JSON.stringify(first.files));
  });

  it('writes exactly the number of source files asked for, at every size', () => {
    for (const files of [MIN_FILES, 90, 401, 1000]) {
      const { files: written, expected } = generateMonorepo({ files, seed: 1 });
      const sources = Object.keys(written).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
      expect(sources).toHaveLength(files);
      expect(expected.files).toBe(files);
    }
    expect(() => generateMonorepo({ files: MIN_FILES - 1, seed: 1 })).toThrow(/files/u);
  });

  it('scales services and interactions with the number of files', () => {
    const small = generateMonorepo({ files: 1000, seed: 1 }).expected;
    const large = generateMonorepo({ files: 4000, seed: 1 }).expected;
    expect(large.services).toBe(4 * small.services);
    const total = (facts: typeof small) => facts.interactions.http + facts.interactions.produce + facts.interactions.consume;
    expect(total(large) / total(small)).toBeGreaterThan(3);
    expect(total(large) / total(small)).toBeLessThan(5);
    // Larger services on demand: the same size split among fewer services.
    const sparse = generateMonorepo({ files: 1000, seed: 1, filesPerService: 200 }).expected;
    expect(sparse.services).toBe(5);
    expect(sparse.files).toBe(1000);
  });

  it('reaches plain files from the files that talk only when asked: without reach, the same bytes as before it existed', () => {
    const plain = generateMonorepo(SMALL).files;
    expect(JSON.stringify(generateMonorepo({ ...SMALL, reach: 0 }).files)).toBe(JSON.stringify(plain));
    const reaching = generateMonorepo({ ...SMALL, reach: 3 }).files;
    const changed = Object.keys(plain).filter((name) => reaching[name] !== plain[name]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((name) => !/\/src\/(routes|events|consumers)\//.test(name))).toEqual([]);
    for (const name of changed) expect(reaching[name]).toMatch(/^import \{ describe\w+ \} from '\.\.\/(domain|mappers|repositories|utils|validation)\//);
  });

  it.each([
    ['plain files apart', SMALL],
    ['plain files reached', { ...SMALL, reach: 3 }],
  ])('parses and type-checks with its own tsconfig and nothing installed, as tsc -p checks it (%s)', (_, options) => {
    const root = tempRepo(generateMonorepo(options).files);
    const configFile = path.join(root, 'tsconfig.json');
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, (name) => ts.sys.readFile(name)).config, ts.sys, root, undefined, configFile);
    expect(config.errors).toEqual([]);
    const program = ts.createProgram(config.fileNames, config.options);
    const messages = (diagnostics: readonly ts.Diagnostic[]) =>
      diagnostics.map((diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    expect(messages(program.getSyntacticDiagnostics())).toEqual([]);
    expect(messages([...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics()])).toEqual([]);
    // Every generated source file is in the program tsc checks, so both tools read the same files.
    expect(config.fileNames.filter((name) => !name.endsWith('.d.ts'))).toHaveLength(SMALL.files);
  });

  it.each([
    ['services of 50 files', SMALL],
    ['services of 20 files', { ...SMALL, filesPerService: 20 }],
    ['plain files reached', { ...SMALL, reach: 3 }],
  ])('holds the interactions, routes and services the CLI finds in it (%s)', async (_, options) => {
    const { files, expected } = generateMonorepo(options);
    const result = await analyzeProject({ root: tempRepo(files) });
    expect(result.summary.files).toBe(expected.files);
    expect(result.summary.interactions).toEqual(expected.interactions);
    expect(result.summary.unresolved).toEqual({ topics: 0, targets: 0 });
    expect(result.services).toHaveLength(expected.services);
    expect(result.routes).toHaveLength(expected.routes);
    // Each HTTP call lands on a route of the service it names, as the generator planned it.
    expect(result.interactions.filter((interaction) => interaction.kind === 'http' && interaction.route == null)).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });
});
