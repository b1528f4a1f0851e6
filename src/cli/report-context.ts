import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Mermaid's browser bundle (about 3.6 MB), which the HTML report inlines so it draws with no network. The
 * build copies that one file of the pinned `mermaid` (MIT) into dist/vendor/ (scripts/vendor-mermaid.mjs), so
 * users do not install mermaid's 150 MB of dependencies for it; from the sources (tests), the devDependency's
 * own copy is read.
 */
export function mermaidBrowserBundle(): string {
  const vendored = fileURLToPath(new URL('../vendor/mermaid.min.js', import.meta.url));
  if (fs.existsSync(vendored)) return fs.readFileSync(vendored, 'utf8');
  return fs.readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
}
