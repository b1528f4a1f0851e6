import { createRequire } from 'node:module';

interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly repository: { readonly url: string };
}

// From src/ and dist/ alike the package manifest is one folder up.
const manifest = createRequire(import.meta.url)('../package.json') as PackageManifest;

export const PACKAGE_NAME = manifest.name;
export const PACKAGE_VERSION = manifest.version;

/** The repository's web address, from package.json's `repository.url` (`git+https://….git` -> `https://…`). */
export const REPOSITORY_URL = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Where a rule's documentation is read on the web: ESLint's `meta.docs.url`, SARIF's `helpUri`, the text report. */
export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/rules/${ruleId}.md`;
}
