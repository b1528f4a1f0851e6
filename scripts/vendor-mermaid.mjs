// Copies the one file of the pinned `mermaid` that the HTML report inlines (its browser bundle) and its
// licence into dist/vendor/, so the published package carries it without depending on mermaid and its
// 150 MB of dependencies. Run by `npm run build`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const bundle = require.resolve('mermaid/dist/mermaid.min.js');
const licence = path.join(path.dirname(require.resolve('mermaid/package.json')), 'LICENSE');
const target = path.resolve(import.meta.dirname, '../dist/vendor');
fs.mkdirSync(target, { recursive: true });
fs.copyFileSync(bundle, path.join(target, 'mermaid.min.js'));
fs.copyFileSync(licence, path.join(target, 'mermaid.LICENSE'));
