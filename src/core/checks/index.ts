import { FILE_CHECKS } from './file/index.js';
import { PROJECT_CHECKS } from './project/index.js';

export { FILE_CHECKS, PROJECT_CHECKS };

/** Every check, file and project alike: what the config file's `rules` may name. */
export const ALL_CHECKS = [...FILE_CHECKS, ...PROJECT_CHECKS];
