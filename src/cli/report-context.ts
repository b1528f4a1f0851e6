import fs from 'node:fs';
import { createRequire } from 'node:module';
import { ALL_CHECKS } from '../core/checks/index.js';
import { ruleDocsUrl } from '../core/checks/docs-url.js';
import type { RuleDescription } from '../reporters/reporter.js';

/** What the CLI hands reporters besides the result: the rules' descriptions, this tool's version, assets. */

const require = createRequire(import.meta.url);

export function ruleDescriptions(): RuleDescription[] {
  return ALL_CHECKS.map((check) => ({ id: check.id, description: check.description, defaultSeverity: check.defaultSeverity, docsUrl: ruleDocsUrl(check.id) }));
}

export function toolVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(require.resolve('../../package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

/**
 * Mermaid's browser bundle (about 3.6 MB), which the HTML report inlines so it draws with no network. Read
 * from the pinned `mermaid` dependency, only when an HTML report is asked for.
 */
export function mermaidBrowserBundle(): string {
  return fs.readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');
}
