#!/usr/bin/env node
// Runs the CLI and the ESLint rules over a folder of parser test fixtures and prints files, notes, crashes
// and time: `npm run corpus -- DIR` (after `npm run build`). The fixtures are other projects' code, odd on
// purpose (every syntax a parser must accept or reject); nothing here may crash on them. Suitable folders,
// from each project's repository (never commit them here):
//   babel:             packages/babel-parser/test/fixtures
//   typescript-eslint: packages/typescript-estree/tests/fixtures, packages/ast-spec/src (fixtures)
//   prettier:          tests/format
//   biome:             crates/biome_js_parser/test_data
//
// A crash is the CLI exiting 3 (or on a signal), or a rule throwing (ESLint's "Oops! Something went
// wrong"); a note is a file the CLI skipped or ESLint could not parse. Exit code: 1 when anything crashed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const TYPESCRIPT = /\.(?:[cm]?tsx?)$/;

const folder = process.argv[2];
if (folder === undefined || !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: npm run corpus -- DIR   (a folder of parser fixtures; see scripts/corpus.mjs)');
  process.exit(2);
}
const root = path.resolve(folder);

function sourceFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...sourceFiles(full));
    else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found.sort();
}

/** The CLI on the whole folder as one project, tests included (fixture suites live under test folders). */
function runCli() {
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-corpus-')), 'config.json');
  fs.writeFileSync(config, JSON.stringify({ includeTests: true }));
  const started = Date.now();
  const child = spawnSync(process.execPath, [path.join(REPO, 'bin/service-map.js'), 'analyze', root, '--format', 'json', '--fail-on', 'never', '--config', config, '--quiet'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, SERVICE_MAP_DEBUG: '1' },
  });
  const seconds = (Date.now() - started) / 1000;
  const crashed = child.status !== 0 || child.signal !== null;
  let result;
  if (!crashed) result = JSON.parse(child.stdout);
  return { seconds, crashed, status: child.status, signal: child.signal, stderr: child.stderr, result };
}

/** Every rule of the plugin on each file alone, so a crash names its file. */
async function runRules(files) {
  const { ESLint } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  const plugin = (await import(path.join(REPO, 'dist/index.js'))).default;
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    ignore: false,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
      { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      plugin.configs.recommended,
    ],
  });
  const crashes = [];
  let unparsed = 0;
  let findings = 0;
  const started = Date.now();
  for (const file of files) {
    try {
      const [lint] = await eslint.lintFiles([file]);
      if (lint.messages.some((message) => message.fatal)) unparsed++;
      findings += lint.messages.filter((message) => !message.fatal).length;
    } catch (error) {
      crashes.push({ file: path.relative(root, file), message: String(error?.message ?? error).split('\n').slice(0, 3).join(' | ') });
    }
  }
  return { seconds: (Date.now() - started) / 1000, crashes, unparsed, findings };
}

const files = sourceFiles(root);
const typescriptFiles = files.filter((file) => TYPESCRIPT.test(file)).length;
console.log(`corpus: ${root}`);
console.log(`files: ${files.length} (${typescriptFiles} TypeScript, ${files.length - typescriptFiles} JavaScript)`);

const cli = runCli();
if (cli.crashed) {
  console.log(`cli: CRASHED (exit ${cli.status ?? cli.signal}) after ${cli.seconds.toFixed(1)} s`);
  console.log(cli.stderr.split('\n').slice(0, 12).join('\n'));
} else {
  const notes = cli.result.diagnostics;
  const reasons = new Map();
  for (const note of notes) {
    const reason = note.message.replace(/:.*$/s, '');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  console.log(`cli: ${cli.result.summary.files} files analysed, ${notes.length} notes, ${cli.result.interactions.length} interactions, 0 crashes, ${cli.seconds.toFixed(1)} s`);
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${count} × ${reason}`);
}

const rules = await runRules(files);
console.log(`rules: ${files.length} files linted, ${rules.unparsed} not parsed by ESLint's parser, ${rules.findings} findings, ${rules.crashes.length} crashes, ${rules.seconds.toFixed(1)} s`);
for (const crash of rules.crashes.slice(0, 20)) console.log(`  crash: ${crash.file}: ${crash.message}`);

process.exit(cli.crashed || rules.crashes.length > 0 ? 1 : 0);
