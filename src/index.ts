import { plugin } from './eslint-plugin/plugin.js';

export default plugin;
export { plugin };
export type { AnalysisResult, Finding, Interaction, Service } from './core/model/result.js';
