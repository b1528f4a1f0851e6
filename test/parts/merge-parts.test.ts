import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePart, analyzeProject } from '../../src/analyzer/analyze.js';
import { discoverProject } from '../../src/analyzer/discover.js';
import { mergeParts, mergeProblem, packageFolders } from '../../src/analyzer/part.js';
import { renderJson } from '../../src/reporters/json.js';
import { generateMonorepo } from '../../scripts/bench/generate-monorepo.mjs';
import { tempRepo } from '../helpers/temp-repo.js';

/**
 * Issue 9 item 3: for every whole-repository fixture, the parts of every package merged give the same JSON,
 * byte for byte, as one analysis of the repository.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const FAMILIES = path.join(FIXTURES, 'families');
const REPOSITORIES = [
  path.join(FIXTURES, 'shop'),
  ...fs.readdirSync(FAMILIES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).flatMap((family) =>
    fs.readdirSync(path.join(FAMILIES, family.name), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((member) => path.join(FAMILIES, family.name, member.name)),
  ),
];

async function mergedParts(root: string) {
  const folders = packageFolders(await discoverProject({ root }));
  const parts = [];
  for (const folder of folders) parts.push(await analyzePart({ root, package: folder }));
  expect(mergeProblem(parts.map((part, i) => ({ name: folders[i]!, part })))).toBeUndefined();
  return { folders, merged: mergeParts(parts) };
}

describe('merging the parts of every package', () => {
  it.each(REPOSITORIES.map((root) => [path.relative(FIXTURES, root), root]))('%s: the same JSON as one analysis', async (_name, root) => {
    const whole = renderJson(await analyzeProject({ root })).output;
    const { merged } = await mergedParts(root);
    expect(renderJson(merged).output).toBe(whole);
  });
});

describe('merging the parts of the generated monorepo', () => {
  it('1,000 files, seed 1: the same JSON as one analysis', async () => {
    const root = tempRepo(generateMonorepo({ files: 1000, seed: 1 }).files);
    const whole = renderJson(await analyzeProject({ root })).output;
    const { folders, merged } = await mergedParts(root);
    expect(folders.length).toBeGreaterThan(10);
    expect(renderJson(merged).output).toBe(whole);
  }, 300_000);
});
