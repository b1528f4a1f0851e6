import type { TSESLint } from '@typescript-eslint/utils';
import { FILE_CHECKS } from '../core/checks/file/index.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { ruleFromCheck } from './rule-from-check.js';

const PLUGIN_NAME = 'service-map';

const rules: Record<string, TSESLint.RuleModule<string, [object]>> = Object.fromEntries(
  FILE_CHECKS.map((check) => [check.id, ruleFromCheck(check)]),
);

const recommendedRules: TSESLint.FlatConfig.Rules = Object.fromEntries(
  FILE_CHECKS.filter((check) => check.recommended).map((check) => [`${PLUGIN_NAME}/${check.id}`, check.defaultSeverity]),
);

interface ServiceMapPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: Record<'recommended' | 'recommended-type-checked', TSESLint.FlatConfig.Config>;
}

/**
 * The ESLint plugin. `recommended` works from syntax alone; `recommended-type-checked` turns on
 * typescript-eslint's project service so the same rules see types (a producer passed as a parameter,
 * a client injected by the constructor, a topic constant imported from another package).
 */
export const plugin: ServiceMapPlugin = {
  meta: { name: `eslint-plugin-${PLUGIN_NAME}`, version: PACKAGE_VERSION },
  rules,
  configs: {} as ServiceMapPlugin['configs'],
};

plugin.configs.recommended = {
  name: `${PLUGIN_NAME}/recommended`,
  plugins: { [PLUGIN_NAME]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules,
};

plugin.configs['recommended-type-checked'] = {
  name: `${PLUGIN_NAME}/recommended-type-checked`,
  plugins: { [PLUGIN_NAME]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  languageOptions: { parserOptions: { projectService: true } },
  rules: recommendedRules,
};
