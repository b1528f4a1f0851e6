import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_VERSION } from '../../src/package-info.js';
import { run } from '../helpers/run-cli.js';

/**
 * Issue 9 item 2: `--cache` keeps each package's part with what it read; a warm run is the cold run, byte
 * for byte, and a changed constant in an imported file analyses its importers again.
 */
const SHOP = path.resolve(import.meta.dirname, '../../fixtures/shop');

function shopCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-cache-'));
  fs.cpSync(SHOP, root, { recursive: true });
  return root;
}

const analyze = (root: string, ...flags: string[]) => run(['analyze', root, '--format', 'json', '--fail-on', 'never', ...flags]);
const reusedOf = (stderr: string) => /cache: (\d+) of (\d+) parts unchanged/u.exec(stderr)!.slice(1).map(Number);

describe('--cache', () => {
  it('gives the bytes of a run without it, cold and warm, and again after a constant changes in an imported package', async () => {
    const root = shopCopy();
    const uncached = await analyze(root, '-q');
    const cold = await analyze(root, '--cache');
    expect(cold.stdout).toBe(uncached.stdout);
    const [coldReused, parts] = reusedOf(cold.stderr);
    expect(coldReused).toBe(0);
    expect(fs.readdirSync(path.join(root, 'node_modules', '.cache', 'service-map'))).toHaveLength(parts!);
    const warm = await analyze(root, '--cache');
    expect(warm.stdout).toBe(uncached.stdout);
    expect(reusedOf(warm.stderr)).toEqual([parts, parts]);

    // A topic renamed in the contracts package: every service importing it reads another value.
    const topics = path.join(root, 'packages/contracts/src/topics.ts');
    fs.writeFileSync(topics, fs.readFileSync(topics, 'utf8').replace("StockLow: 'inventory.stock-low'", "StockLow: 'inventory.stock-running-low'"));
    const edited = await analyze(root, '--cache');
    const reference = await analyze(root, '-q');
    expect(reference.stdout).toContain('inventory.stock-running-low');
    expect(reference.stdout).not.toBe(uncached.stdout);
    expect(edited.stdout).toBe(reference.stdout);
    const [reusedAfterEdit] = reusedOf(edited.stderr);
    // The contracts part and the parts of the services importing it again; the others from the cache.
    expect(reusedAfterEdit).toBeGreaterThan(0);
    expect(reusedAfterEdit).toBeLessThan(parts!);
  }, 240_000);

  it('takes every part on the first warm run of a checkout with nothing installed (the cache made node_modules, not the repository)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-bare-'));
    fs.cpSync(SHOP, root, { recursive: true, filter: (source) => !source.split(path.sep).includes('node_modules') });
    expect(fs.existsSync(path.join(root, 'node_modules'))).toBe(false);
    // A file of the root folder's own part looks for an installed package first, before the cache exists.
    fs.writeFileSync(path.join(root, 'tools.ts'), "import axios from 'axios';\nexport const ping = () => axios.get('http://orders:3000/health');\n");
    const cold = await analyze(root, '--cache');
    const [, parts] = reusedOf(cold.stderr);
    const warm = await analyze(root, '--cache');
    expect(warm.stdout).toBe(cold.stdout);
    expect(reusedOf(warm.stderr)).toEqual([parts, parts]);
  }, 240_000);

  it('notes and ignores a corrupt entry, an entry of another version, and a folder it cannot write', async () => {
    const root = shopCopy();
    const cacheFolder = path.join(root, 'node_modules', '.cache', 'service-map');
    const reference = await analyze(root, '--cache', '-q');
    const [first, second] = fs.readdirSync(cacheFolder).sort();
    fs.writeFileSync(path.join(cacheFolder, first!), '{ "format": "service-map-cache-1", "version": ');
    const entry = JSON.parse(fs.readFileSync(path.join(cacheFolder, second!), 'utf8')) as { version: string };
    fs.writeFileSync(path.join(cacheFolder, second!), JSON.stringify({ ...entry, version: '0.0.1' }));
    const damaged = await analyze(root, '--cache');
    expect(damaged.stdout).toBe(reference.stdout);
    expect(damaged.stderr).toContain(`node_modules/.cache/service-map/${first!}: not a cache entry of service-map ${PACKAGE_VERSION} (corrupt, or another version's), analysed again`);
    expect(damaged.stderr).toContain(`${second!}: not a cache entry`);

    // A cache location that is a file: nothing can be written there, and the run is the same.
    const blocker = path.join(os.tmpdir(), `service-map-not-a-folder-${process.pid}`);
    fs.writeFileSync(blocker, '');
    const unwritable = await analyze(root, '--cache-location', path.join(blocker, 'cache'));
    expect(unwritable.exitCode).toBe(0);
    expect(unwritable.stdout).toBe(reference.stdout);
    expect(unwritable.stderr).toMatch(/cannot be written \(ENOTDIR\), the run goes on without it/u);
  }, 240_000);

  it('never reads or writes through a default cache folder that links out of the analysed folder', async () => {
    const root = shopCopy();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'service-map-outside-'));
    fs.mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'node_modules', '.cache', 'service-map'));
    const reference = await analyze(root, '-q');
    const linked = await analyze(root, '--cache');
    expect(linked.stdout).toBe(reference.stdout);
    expect(linked.stderr).toMatch(/cache node_modules\/\.cache\/service-map: cannot be written \(outside the analysed folder\)/u);
    expect(fs.readdirSync(outside)).toEqual([]);
  }, 240_000);
});
