import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup-rule-tester.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files share their worker's module cache instead of loading TypeScript, ts-morph and ESLint afresh
    // for each of 70 files: the suite spent more time importing and setting up than testing. The tests keep
    // no state in modules (each builds its own project or temp folder), so sharing the cache changes nothing
    // they assert; measured on 2 cores under load, the detectors' tests went from 272 s to 78 s.
    isolate: false,
    // One worker per core, not vitest's default of one fewer: many tests wait on a child process (the CLI,
    // Chromium, mermaid-cli), so on 2 cores a single worker left a core idle. Measured on 2 cores: the suite
    // went from 146 s to 129 s.
    maxWorkers: os.availableParallelism(),
  },
});
