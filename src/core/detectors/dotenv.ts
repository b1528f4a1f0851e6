import { findProperty } from '../engine/ast.js';
import type { Detector } from '../engine/detector.js';
import { envFilePaths } from './env-files.js';
import { importedCalls } from './http-client-calls.js';

const MODULE = 'dotenv';

/**
 * dotenv: `dotenv.config({ path })` (a path or, since dotenv 15, a list) loads those files into
 * `process.env`; a plain `config()` loads the `.env` of the working directory, which the host reads for
 * every service anyway.
 */
export const dotenvDetector: Detector = {
  library: MODULE,
  modules: [MODULE],
  detect(scan) {
    const t = scan.ts;
    for (const { call } of importedCalls(scan, [MODULE], ['config'])) {
      const options = call.arguments[0] && scan.definition(call.arguments[0]);
      if (options === undefined || !t.isObjectLiteralExpression(options)) continue;
      const path = findProperty(t, options, 'path');
      if (!path.found) continue;
      scan.emit.envFile({ library: MODULE, node: call, files: envFilePaths(scan, path.initializer) });
    }
  },
};
