import { describe, expect, it } from 'vitest';
import { folderOwnerLookup, ownersOfFiles } from '../../src/analyzer/ownership.js';
import type { ServiceDefinition } from '../../src/analyzer/services.js';

function service(name: string, root: string, entries?: string[]): ServiceDefinition {
  return { name, root, source: 'test', hosts: [], environment: new Map(), ...(entries ? { entries } : {}) };
}

describe('folderOwnerLookup', () => {
  const outer = service('outer', '/repo/apps');
  const inner = service('inner', '/repo/apps/inner');
  const twinA = service('a', '/repo/shared-context');
  const twinB = service('b', '/repo/shared-context');
  const lookup = folderOwnerLookup([outer, inner, twinA, twinB]);

  it('finds the deepest service folder holding a file', () => {
    expect(lookup('/repo/apps/inner/src/x.ts')).toEqual([inner]);
    expect(lookup('/repo/apps/other/x.ts')).toEqual([outer]);
  });

  it('gives every service of a shared folder, in the order the services come', () => {
    expect(lookup('/repo/shared-context/src/a.ts')).toEqual([twinA, twinB]);
  });

  it('gives none for a file outside every service folder, and does not take a sibling with a longer name', () => {
    expect(lookup('/repo/shared/x.ts')).toEqual([]);
    expect(lookup('/repo/apps-old/x.ts')).toEqual([]);
  });
});

describe('ownersOfFiles', () => {
  it('splits a shared build context by entries and gives a shared module to every importer', () => {
    const a = service('a', '/repo/ctx', ['/repo/ctx/a.ts']);
    const b = service('b', '/repo/ctx', ['/repo/ctx/b.ts']);
    const c = service('c', '/repo/c');
    const root = service('repo', '/repo');
    const imports: Record<string, string[]> = {
      '/repo/ctx/a.ts': ['/repo/ctx/a-only.ts', '/repo/shared/util.ts'],
      '/repo/ctx/b.ts': ['/repo/shared/util.ts'],
      '/repo/c/main.ts': ['/repo/shared/util.ts'],
    };
    const files = ['/repo/ctx/a.ts', '/repo/ctx/a-only.ts', '/repo/ctx/b.ts', '/repo/c/main.ts', '/repo/shared/util.ts', '/repo/lib/x.ts', '/repo/loose.ts'];
    const owners = ownersOfFiles(files, (file) => imports[file] ?? [], [a, b, c], root, ['/repo/lib']);
    const names = (file: string) => owners.get(file)?.map((owner) => owner.name);
    expect(names('/repo/ctx/a-only.ts')).toEqual(['a']);
    expect(names('/repo/ctx/b.ts')).toEqual(['b']);
    expect(names('/repo/c/main.ts')).toEqual(['c']);
    expect(names('/repo/shared/util.ts')).toEqual(['a', 'b', 'c']);
    expect(names('/repo/lib/x.ts')).toEqual(['repo']);
    expect(names('/repo/loose.ts')).toEqual(['repo']);
  });

  it('gives a shared module to the repository too when a file only the repository runs reaches it, not through a library', () => {
    const web = service('web', '/repo/webui');
    const root = service('repo', '/repo');
    const imports: Record<string, string[]> = {
      '/repo/src/index.ts': ['/repo/src/api.ts', '/repo/lib/x.ts'],
      '/repo/webui/main.ts': ['/repo/src/api.ts', '/repo/src/ui-only.ts'],
      '/repo/lib/x.ts': ['/repo/src/through-library.ts'],
    };
    const files = ['/repo/src/index.ts', '/repo/src/api.ts', '/repo/src/ui-only.ts', '/repo/webui/main.ts', '/repo/lib/x.ts', '/repo/src/through-library.ts'];
    const owners = ownersOfFiles(files, (file) => imports[file] ?? [], [web], root, ['/repo/lib']);
    const names = (file: string) => owners.get(file)?.map((owner) => owner.name);
    expect(names('/repo/src/api.ts')).toEqual(['web', 'repo']);
    expect(names('/repo/src/ui-only.ts')).toEqual(['web']);
    expect(names('/repo/src/index.ts')).toEqual(['repo']);
    expect(names('/repo/src/through-library.ts')).toEqual(['repo']);
  });
});
