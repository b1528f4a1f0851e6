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
  },
});
