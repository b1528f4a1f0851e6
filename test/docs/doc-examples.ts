import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * The example code blocks of the rule docs (rules/*.md), as typescript-eslint lints the examples of its own
 * docs: every fenced block under an example heading is code a reader may copy, so a test runs it.
 */

/** The headings whose code blocks are examples: what the rule must report, and what it must leave alone. */
export const EXAMPLE_HEADINGS = ['Bad', 'Good'] as const;
export type ExampleHeading = (typeof EXAMPLE_HEADINGS)[number];

/**
 * The one way a doc may leave an example unchecked: this comment on the line right above the block, with
 * the reason after the colon (`<!-- example not checked: pseudo-code of another language -->`).
 */
export const OPT_OUT = /^<!-- example not checked: (.*\S.*) -->$/;

export interface DocExample {
  readonly rule: string;
  readonly heading: ExampleHeading;
  /** The fence's language: `ts`, `js`, ... */
  readonly lang: string;
  readonly code: string;
  /** The line of the opening fence in the doc, 1-based: how a failure names the block. */
  readonly line: number;
  /** The reason given by an opt-out marker, when the block has one. */
  readonly notChecked?: string;
}

export function ruleDocIds(): string[] {
  return fs
    .readdirSync(path.join(REPO_ROOT, 'rules'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => name.slice(0, -'.md'.length))
    .sort();
}

/** Every fenced block under a `## Bad` or `## Good` heading of `rules/<rule>.md`, in order. */
export function examplesOf(rule: string): DocExample[] {
  return examplesIn(rule, fs.readFileSync(path.join(REPO_ROOT, 'rules', `${rule}.md`), 'utf8'));
}

/** The example blocks of a rule doc's text. */
export function examplesIn(rule: string, markdown: string): DocExample[] {
  const lines = markdown.split('\n');
  const examples: DocExample[] = [];
  let heading: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) heading = line.slice(3).trim();
    const fence = /^```(\S*)$/.exec(line);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`rules/${rule}.md:${i + 1}: code block never closed`);
    if (isExampleHeading(heading)) {
      const marker = OPT_OUT.exec(lines[i - 1] ?? '');
      examples.push({
        rule,
        heading,
        lang: fence[1]!,
        code: lines.slice(i + 1, end).join('\n') + '\n',
        line: i + 1,
        ...(marker ? { notChecked: marker[1]! } : {}),
      });
    }
    i = end;
  }
  return examples;
}

function isExampleHeading(heading: string | undefined): heading is ExampleHeading {
  return (EXAMPLE_HEADINGS as readonly (string | undefined)[]).includes(heading);
}

/**
 * Where a Bad block says it is reported: a trailing comment whose first word is one of `names` (a messageId
 * of the rule, or the id of a whole-project check), as in `action: 'SEND_EMAIL', // commandField`.
 * Returns `line name` for each, lines 1-based in `text`.
 */
export function announcedReports(text: string, names: readonly string[]): string[] {
  return text.split('\n').flatMap((line, i) => {
    const comment = /\s\/\/ ([\w-]+)/.exec(line);
    return comment && names.includes(comment[1]!) && !line.trimStart().startsWith('//') ? [`${i + 1} ${comment[1]!}`] : [];
  });
}

/** A line that names the file the following lines belong to: `// services/orders/src/events.ts` (a note may follow a colon). */
const FILE_COMMENT = /^\/\/ ((?:[\w@.-]+\/)+[\w.-]+\.[cm]?[jt]sx?)(?::.*)?$/;

/**
 * Splits a block of a whole-project check into the files its comments name. Every line belongs to the file
 * named last above it; a block whose first line names no file is an error, so a doc cannot leave the reader
 * guessing where code lives.
 */
export function filesOf(example: DocExample): Record<string, string> {
  const files: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of example.code.replace(/\n$/, '').split('\n')) {
    const named = FILE_COMMENT.exec(line);
    if (named) {
      const file = named[1]!;
      if (files[file]) throw new Error(`${where(example)}: ${file} is named twice`);
      current = files[file] = [line];
      continue;
    }
    if (!current) throw new Error(`${where(example)}: the block must start with a comment naming its file (// services/<name>/src/<file>.ts)`);
    current.push(line);
  }
  return Object.fromEntries(Object.entries(files).map(([file, text]) => [file, `${text.join('\n').trimEnd()}\n`]));
}

/** Folders that hold one package each, two levels deep (`services/orders`); any other file's package is its first folder. */
const PACKAGE_PARENTS = new Set(['services', 'apps', 'packages', 'libs']);

function packageFolderOf(file: string): string {
  const parts = file.split('/');
  return PACKAGE_PARENTS.has(parts[0]!) ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The bare module names a file imports (`kafkajs`, `@nestjs/microservices`, `@acme/contracts`). */
function importsOf(text: string): string[] {
  const names = [...text.matchAll(/\bfrom '([^'.][^']*)'|\brequire\('([^'.][^']*)'\)/g)].map((match) => (match[1] ?? match[2])!);
  return [...new Set(names.map((name) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/')))].sort();
}

/**
 * The repository a block of a whole-project check implies, written out as files: the block's own files, a
 * package.json for each package folder (named as the block imports it, depending on what its files import),
 * a root package.json declaring them as workspaces, and a docker-compose.yml that runs every service of
 * `services/` with the `<NAME>_URL` variables its code reads pointing at the service of that name.
 * Nothing here goes beyond what the block's text says; what it adds is what every such repository has.
 */
export function repositoryOf(example: DocExample): Record<string, string> {
  const files = filesOf(example);
  const folders = [...new Set(Object.keys(files).map(packageFolderOf))].sort();
  const textOf = (folder: string) =>
    Object.entries(files)
      .filter(([file]) => packageFolderOf(file) === folder)
      .map(([, text]) => text)
      .join('\n');
  const allImports = importsOf(Object.values(files).join('\n'));
  const nameOf = (folder: string) => allImports.find((name) => name.endsWith(`/${path.posix.basename(folder)}`) && name.startsWith('@')) ?? path.posix.basename(folder);
  const repository: Record<string, string> = { ...files };
  repository['package.json'] = json({ name: 'example', private: true, workspaces: [...new Set(folders.map((folder) => `${path.posix.dirname(folder)}/*`))] });
  for (const folder of folders) {
    const dependencies = Object.fromEntries(importsOf(textOf(folder)).map((name) => [name, '*']));
    repository[`${folder}/package.json`] = json({ name: nameOf(folder), version: '1.0.0', dependencies });
  }
  const services = folders.filter((folder) => folder.startsWith('services/')).map((folder) => path.posix.basename(folder));
  if (services.length > 0) {
    const compose = services.map((service) => {
      const urls = [...textOf(`services/${service}`).matchAll(/process\.env\.([A-Z][A-Z0-9_]*)_URL\b/g)]
        .map((match) => match[1]!)
        .filter((name) => services.includes(name.toLowerCase().replaceAll('_', '-')));
      const environment = [...new Set(urls)].sort().map((name) => `      ${name}_URL: http://${name.toLowerCase().replaceAll('_', '-')}:3000`);
      return [`  ${service}:`, `    build: ./services/${service}`, ...(environment.length > 0 ? ['    environment:', ...environment] : [])].join('\n');
    });
    repository['docker-compose.yml'] = `services:\n${compose.join('\n')}\n`;
  }
  return repository;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** How a failure names a block: `rules/no-orphan-topic.md:19 (Good)`. */
export function where(example: DocExample): string {
  return `rules/${example.rule}.md:${example.line} (${example.heading})`;
}
