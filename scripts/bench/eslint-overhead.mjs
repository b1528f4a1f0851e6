// What the ESLint plugin adds to an ESLint run: ESLint with typescript-eslint's parser and no rules, against
// the same with the plugin's recommended rules; untyped (`recommended`) and typed (`recommended-type-checked`,
// typescript-eslint's project service building the program). A third run has one rule of its own that does
// nothing: ESLint does more work as soon as any rule runs (it walks every file's tree and its code paths),
// which no plugin can avoid, so the plugin's own cost is also given against that. ESLint, the parser and the
// plugin are this repository's (the plugin from dist/); the configs are written into the benchmark's temp folder.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pairedRatio, progress, runTimed, summarize } from './run-timed.mjs';

const VARIANTS = {
  untyped: { base: 'untyped-no-rules', empty: 'untyped-one-empty-rule', plugin: 'untyped-recommended' },
  typed: { base: 'typed-no-rules', empty: 'typed-one-empty-rule', plugin: 'typed-recommended-type-checked' },
};

function configText(name, tools, repo) {
  const typed = name.startsWith('typed');
  const empty = name.endsWith('one-empty-rule');
  const withPlugin = !name.endsWith('no-rules') && !empty;
  const parserOptions = typed ? `{ projectService: true, tsconfigRootDir: ${JSON.stringify(repo)} }` : '{}';
  return [
    `// ${name}: written by scripts/bench/eslint-overhead.mjs`,
    `import parser from ${JSON.stringify(tools.parserUrl)};`,
    withPlugin ? `import serviceMap from ${JSON.stringify(tools.pluginUrl)};` : '',
    '',
    'export default [',
    `  { files: ['**/*.ts'], languageOptions: { parser, parserOptions: ${parserOptions} } },`,
    withPlugin ? `  { files: ['**/*.ts'], ...serviceMap.configs[${JSON.stringify(typed ? 'recommended-type-checked' : 'recommended')}] },` : '',
    empty ? "  { files: ['**/*.ts'], plugins: { bench: { rules: { empty: { create: () => ({ Program() {} }) } } } }, rules: { 'bench/empty': 'error' } }," : '',
    '];',
    '',
  ].join('\n');
}

/** Problems ESLint reported; a file it could not parse stops the benchmark (it would time nothing). */
function problemsIn(file) {
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  let problems = 0;
  for (const result of results) {
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`ESLint could not parse ${result.filePath}: ${fatal.message}`);
    problems += result.messages.length;
  }
  return { problems, files: results.length };
}

/**
 * Runs the six configurations `runs` times on `repo`, the three of a kind (no rules, one empty rule, plugin)
 * back to back, in alternating order. ESLint exits 1 when the plugin reports errors: that is a normal run here.
 */
export function measureEslintOverhead({ timer, tools, repo, files, runs, configDir, workDir }) {
  // The configs sit above the repository and ESLint runs there: with `--config`, `files` patterns are
  // matched from there (a config beside the outputs would leave the repository outside its base path).
  const configs = {};
  for (const name of Object.values(VARIANTS).flatMap((variant) => [variant.base, variant.empty, variant.plugin])) {
    configs[name] = path.join(configDir, `eslint-${name}.config.mjs`);
    fs.writeFileSync(configs[name], configText(name, tools, repo));
  }
  const times = Object.fromEntries(Object.keys(configs).map((name) => [name, []]));
  const cpu = Object.fromEntries(Object.keys(configs).map((name) => [name, []]));
  const reported = {};
  for (let run = 1; run <= runs; run += 1) {
    for (const variant of Object.values(VARIANTS)) {
      const order = run % 2 === 1 ? [variant.base, variant.empty, variant.plugin] : [variant.plugin, variant.empty, variant.base];
      for (const name of order) {
        const output = path.join(workDir, `eslint-${name}-${run}.json`);
        const args = [tools.eslintBin, '--config', configs[name], '--format', 'json', '--output-file', output, repo];
        const measured = runTimed(timer, { label: `eslint-${name}-${run}`, args, cwd: configDir, workDir, okCodes: [0, 1] });
        times[name].push(measured.seconds);
        cpu[name].push(measured.cpuSeconds);
        reported[name] ??= problemsIn(output);
        progress(`ESLint ${name}, run ${run}/${runs}: ${measured.seconds.toFixed(2)} s (CPU ${measured.cpuSeconds.toFixed(2)} s)`);
      }
    }
  }
  const rows = Object.entries(VARIANTS).map(([kind, variant]) => {
    const base = summarize(times[variant.base]);
    const empty = summarize(times[variant.empty]);
    const plugin = summarize(times[variant.plugin]);
    // Pair by pair: the two runs of a pair ran back to back, under the same load.
    return {
      kind,
      base,
      empty,
      plugin,
      ratio: pairedRatio(times[variant.plugin], times[variant.base]),
      emptyRatio: pairedRatio(times[variant.empty], times[variant.base]),
      overEmpty: pairedRatio(times[variant.plugin], times[variant.empty]),
      cpuRatio: pairedRatio(cpu[variant.plugin], cpu[variant.base]),
      lintedFiles: reported[variant.base].files,
      problems: reported[variant.plugin].problems,
      baseProblems: reported[variant.base].problems,
    };
  });
  return { files, rows };
}

/** Where ESLint, typescript-eslint's parser and the built plugin are, from this repository. */
export function eslintTools(root, resolve) {
  return {
    eslintBin: path.join(path.dirname(resolve('eslint/package.json')), 'bin', 'eslint.js'),
    parserUrl: pathToFileURL(resolve('@typescript-eslint/parser')).href,
    pluginUrl: pathToFileURL(path.join(root, 'dist', 'index.js')).href,
  };
}
