import { defineConfig } from 'vitest/config';

// Unit and content tests only; the browser tests in tests/e2e run through Playwright.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
  },
});
