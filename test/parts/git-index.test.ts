import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexPaths, tracksUnder } from '../../src/analyzer/git-index.js';
import { ProjectFiles } from '../../src/analyzer/files.js';
import { run } from '../helpers/run-cli.js';

/*
 * A `--cache` entry committed to the repository (by a pull request, say) could stand for any result: the
 * cache folder inside the analysed folder is not used when git tracks a file in it. Read from `.git/index`
 * (git itself is never run by the tool; these tests run it to write real indexes).
 */

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'pipe' });

function repository(files: Record<string, string>, init: string[] = []): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-git-'));
  git(root, 'init', '-q', ...init);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  git(root, 'add', '-f', '.');
  return root;
}

const FILES = { 'src/a.ts': 'export {};\n', 'node_modules/.cache/service-map/abc.json': '{}\n', 'node_modules/.cache/service-mapper/x': 'x\n', 'z/long/path/name.ts': '\n' };
const TRACKED = Object.keys(FILES).sort();

describe('the paths of a git index', () => {
  it.each<[string, string[], string[]]>([
    ['version 2', [], []],
    ['version 3 (an intent-to-add entry sets the extended flags)', [], ['add-intent']],
    ['version 4 (paths compressed against the one before)', [], ['version-4']],
    ['SHA-256 object names', ['--object-format=sha256'], []],
  ])('reads %s', (_, init, steps) => {
    const root = repository(FILES, init);
    if (steps.includes('add-intent')) {
      fs.writeFileSync(path.join(root, 'later.ts'), '\n');
      git(root, 'add', '-N', 'later.ts');
    }
    if (steps.includes('version-4')) git(root, 'update-index', '--index-version', '4');
    const bytes = fs.readFileSync(path.join(root, '.git', 'index'));
    // The case reads the index version it is named after.
    expect(bytes.readUInt32BE(4)).toBe(steps.includes('version-4') ? 4 : steps.includes('add-intent') ? 3 : 2);
    const sha256 = init.includes('--object-format=sha256');
    const expected = steps.includes('add-intent') ? [...TRACKED, 'later.ts'].sort() : TRACKED;
    expect(indexPaths(bytes, sha256 ? 32 : 20)).toEqual(expected);
    const files = new ProjectFiles({ root, diagnostics: [] });
    expect(tracksUnder(files, path.join(root, 'node_modules/.cache/service-map'))).toBe(true);
    // A folder whose name only starts like it is another folder.
    expect(tracksUnder(files, path.join(root, 'node_modules/.cache/service'))).toBe(false);
  });

  it('knows nothing without a .git folder, from a malformed index, or from a split one', () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-nogit-'));
    expect(tracksUnder(new ProjectFiles({ root: plain, diagnostics: [] }), path.join(plain, 'node_modules/.cache/service-map'))).toBeUndefined();
    const root = repository(FILES);
    const index = path.join(root, '.git', 'index');
    const bytes = fs.readFileSync(index);
    expect(() => indexPaths(bytes.subarray(0, 40), 20)).toThrow();
    const huge = Buffer.from(bytes);
    huge.writeUInt32BE(0xffffffff, 8);
    expect(() => indexPaths(huge, 20)).toThrow('entry count');
    git(root, 'update-index', '--split-index');
    expect(() => indexPaths(fs.readFileSync(index), 20)).toThrow('split index');
    expect(tracksUnder(new ProjectFiles({ root, diagnostics: [] }), path.join(root, 'node_modules/.cache/service-map'))).toBeUndefined();
  });
});

const SHOP = path.resolve(import.meta.dirname, '../../fixtures/shop');
const analyze = (root: string, ...flags: string[]) => run(['analyze', root, '--format', 'json', '--fail-on', 'never', ...flags]);

describe('--cache entries the repository holds', () => {
  it('are never taken: committed to git, reading nothing, or holding what discovery and their files do not say', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-planted-'));
    fs.cpSync(SHOP, root, { recursive: true });
    const reference = await analyze(root, '-q');
    expect((JSON.parse(reference.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    await analyze(root, '--cache');
    const cacheFolder = path.join(root, 'node_modules', '.cache', 'service-map');
    // Every part forged: no interactions and no findings, and no reads to check.
    for (const name of fs.readdirSync(cacheFolder)) {
      const entry = JSON.parse(fs.readFileSync(path.join(cacheFolder, name), 'utf8')) as { part: Record<string, unknown> };
      fs.writeFileSync(path.join(cacheFolder, name), JSON.stringify({ ...entry, observations: [], part: { ...entry.part, interactions: [], fileFindings: [], httpLinks: [] } }));
    }
    const forged = await analyze(root, '--cache');
    expect(forged.stdout).toBe(reference.stdout);
    // Only the root folder's part, which holds no file (and so nothing to forge), is taken.
    expect(forged.stderr).toMatch(/cache: 1 of \d+ parts unchanged/u);

    // Entries whose reads check out but whose content was changed: a part with no files holding a finding,
    // a part holding another service list than discovery's. Neither is taken; the others are.
    fs.rmSync(cacheFolder, { recursive: true });
    await analyze(root, '--cache');
    const entries = fs.readdirSync(cacheFolder).map((name) => ({ file: path.join(cacheFolder, name), entry: JSON.parse(fs.readFileSync(path.join(cacheFolder, name), 'utf8')) as { part: { files: string[]; fileFindings: unknown[]; services: { name: string }[] } } }));
    const empty = entries.find(({ entry }) => entry.part.files.length === 0)!;
    const withFiles = entries.find(({ entry }) => entry.part.files.length > 0)!;
    const finding = entries.flatMap(({ entry }) => entry.part.fileFindings)[0];
    fs.writeFileSync(empty.file, JSON.stringify({ ...empty.entry, part: { ...empty.entry.part, fileFindings: [finding] } }));
    fs.writeFileSync(withFiles.file, JSON.stringify({ ...withFiles.entry, part: { ...withFiles.entry.part, services: withFiles.entry.part.services.slice(1) } }));
    const altered = await analyze(root, '--cache');
    expect(altered.stdout).toBe(reference.stdout);
    expect(altered.stderr).toContain(`cache: ${entries.length - 2} of ${entries.length} parts unchanged`);

    // Entries as a run writes them, then committed: the next run reads none of them and says why.
    fs.rmSync(cacheFolder, { recursive: true });
    await analyze(root, '--cache');
    git(root, 'init', '-q');
    git(root, 'add', '-f', 'node_modules/.cache/service-map');
    const committed = await analyze(root, '--cache');
    expect(committed.stdout).toBe(reference.stdout);
    expect(committed.stderr).toContain('cache node_modules/.cache/service-map: git tracks files in it, so a commit could have put them there: not read or written');
    expect(committed.stderr).toMatch(/cache: 0 of \d+ parts unchanged/u);
  }, 240_000);
});
