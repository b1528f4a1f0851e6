import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOP = path.join(REPO_ROOT, 'fixtures/shop');
export const GOLDEN = path.join(REPO_ROOT, 'test/golden');

/** Set UPDATE_GOLDEN=1 to rewrite golden files after a reviewed, intended change of output. */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
