// `npm test`: build the site, run the unit and content tests (Vitest), then the browser tests
// (Playwright, against the built site). Prints one closing line, "N passed, N failed".
//
// Browser tests need Chromium at CHROME_PATH or /usr/bin/chromium. Without one they are skipped
// with a loud message, except under CI=true, where a missing browser is a failure: CI must
// prove the pages work.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';

const ci = process.env.CI === 'true';
mkdirSync('test-results', { recursive: true });
const run = (command, args, env = {}) => spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
const tally = { passed: 0, failed: 0, skipped: 0 };

console.log('\n— building the site —');
if (run('npm', ['run', 'build', '--silent']) !== 0) {
  console.log('\nbuild: 0 passed, 1 failed');
  process.exit(1);
}

console.log('\n— unit and content tests (Vitest) —');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']);
if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
if (vitestStatus !== 0 && tally.failed === 0) tally.failed += 1; // a crash with no test counted

console.log('\n— browser tests (Playwright) —');
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
let browserStatus = 0;
if (!existsSync(chrome)) {
  const line = '='.repeat(78);
  console.log(`${line}\nNO BROWSER: Chromium not found at ${chrome}. Browser tests were NOT run.\n` +
    `Install it (apt-get install chromium) or set CHROME_PATH.${ci ? ' CI=true: this is a failure.' : ''}\n${line}`);
  if (ci) { tally.failed += 1; browserStatus = 1; }
} else {
  browserStatus = run('npx', ['playwright', 'test', '--config', 'tests/e2e/playwright.config.ts']);
  if (existsSync('test-results/e2e.json')) {
    const { stats } = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
    tally.passed += stats.expected + (stats.flaky ?? 0);
    tally.failed += stats.unexpected;
    tally.skipped += stats.skipped;
  }
  if (browserStatus !== 0 && tally.failed === 0) tally.failed += 1;
}

console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(vitestStatus !== 0 || browserStatus !== 0 || tally.failed > 0 ? 1 : 0);
