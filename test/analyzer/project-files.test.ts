import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Observation, ProjectFiles, textHash } from '../../src/analyzer/files.js';
import { tempRepo } from '../helpers/temp-repo.js';

/*
 * A file is read once per discovery, and every part of a `--cache` run is still told of each read it makes:
 * a part whose observations missed a file it read could be kept after that file changed.
 */
describe('ProjectFiles reads', () => {
  it('reads a file once for all its forks, and tells each fork that reads it what it saw', () => {
    const root = tempRepo({ 'src/a.ts': 'export const topic = "orders";\n' });
    const file = path.join(root, 'src/a.ts');
    const files = new ProjectFiles({ root, diagnostics: [] });
    const seenBy = (fork: ProjectFiles) => {
      const seen: Observation[] = [];
      fork.observer = (observation) => seen.push(observation);
      return seen;
    };
    const first = files.fork([]);
    const second = files.fork([]);
    const firstSaw = seenBy(first);
    const secondSaw = seenBy(second);
    const read = first.read(file);
    expect(read.ok && read.text).toBe('export const topic = "orders";\n');
    // Changed on disk after the first read: the discovery keeps one view of the folder.
    fs.writeFileSync(file, 'export const topic = "payments";\n');
    const again = second.read(file);
    expect(again.ok && again.text).toBe('export const topic = "orders";\n');
    const expected = { kind: 'read', file, seen: textHash('export const topic = "orders";\n') };
    expect(firstSaw.filter((observation) => observation.kind === 'read')).toEqual([expected]);
    expect(secondSaw.filter((observation) => observation.kind === 'read')).toEqual([expected]);
    // A new discovery reads it again.
    const fresh = new ProjectFiles({ root, diagnostics: [] }).read(file);
    expect(fresh.ok && fresh.text).toBe('export const topic = "payments";\n');
  });

  it('keeps a refusal the same way: a part reading a file too large is told so too', () => {
    const root = tempRepo({ 'src/big.ts': `export const x = '${'x'.repeat(1024 * 1024)}';\n` });
    const file = path.join(root, 'src/big.ts');
    const files = new ProjectFiles({ root, diagnostics: [] });
    expect(files.fork([]).read(file).ok).toBe(false);
    const fork = files.fork([]);
    const seen: Observation[] = [];
    fork.observer = (observation) => seen.push(observation);
    expect(fork.read(file).ok).toBe(false);
    expect(seen.filter((observation) => observation.kind === 'read')).toEqual([{ kind: 'read', file, seen: 'too-large' }]);
  });
});
