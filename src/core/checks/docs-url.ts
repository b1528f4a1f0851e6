/** Where each rule's documentation lives: one place for the ESLint rules' `meta.docs.url` and SARIF's `helpUri`. */
export const RULE_DOCS_BASE_URL = 'https://github.com/service-map/eslint-plugin-service-map/blob/main/rules';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}/${ruleId}.md`;
}
