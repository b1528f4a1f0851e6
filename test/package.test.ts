import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../src/analyzer/config.js';
import { plugin } from '../src/eslint-plugin/plugin.js';
import { REPO_ROOT } from './helpers/paths.js';

interface Manifest {
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  exports: Record<string, { types: string; default: string } | string>;
  files: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

describe('package.json', () => {
  it('says where the project lives', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/service-map/eslint-plugin-service-map.git' });
    expect(manifest.homepage).toBe(`${repository}#readme`);
    expect(manifest.bugs.url).toBe(`${repository}/issues`);
  });

  it("gives every rule's docs URL from it, pointing at a page of the package", () => {
    for (const [id, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta.docs?.url).toBe(`${repository}/blob/main/rules/${id}.md`);
      expect(fs.existsSync(path.join(REPO_ROOT, 'rules', `${id}.md`))).toBe(true);
    }
    expect(configJsonSchema().$id).toBe(`${repository}/blob/main/schema/service-map.config.schema.json`);
  });

  it('exports the API with its types, from files the package ships', () => {
    expect(manifest.exports['./api']).toEqual({ types: './dist/api.d.ts', default: './dist/api.js' });
    expect(manifest.files).toContain('dist');
    expect(fs.existsSync(path.join(REPO_ROOT, 'src/api.ts'))).toBe(true);
  });
});
