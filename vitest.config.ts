import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit and content tests only; the browser tests in tests/e2e run through Playwright.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: on a two-core machine, one file at a
    // time. Two at once took the suite from 324 s to 236 s here (many files wait on a browser or
    // a worker thread); the tests of timing wait for events, so they hold under the contention.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
