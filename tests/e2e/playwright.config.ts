import { defineConfig } from '@playwright/test';

// Browser tests run against the built site (dist/) served by `astro preview`, in the system's
// Chromium: we never download a browser. tests/run-all.mjs decides whether one is available.
const port = Number(process.env.E2E_PORT ?? 4329);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // A page's first check or first script can take more than expect's default 5 s on a loaded
  // 2-core machine (a CI run met both); waits end as soon as the state arrives, so a longer
  // limit costs a passing test nothing. Tests that mean a short limit give it themselves.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e.json' }]],
  outputDir: '../../test-results/e2e',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `npx astro preview --host 127.0.0.1 --port ${port}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
