// `npm test`: the static checks (types, lint, import boundaries, format: tests/static-checks.mjs),
// then build the site, run the unit and content tests (Vitest), then the browser tests
// (Playwright, against the built site). Ends with each stage's wall time and one closing line,
// "N passed, N failed", after the names of the tests that failed and the first lines of their errors
// (a CI log is often read from its tail). A failed static check or build stops the run there.
//
// Browser tests need Chromium at CHROME_PATH or /usr/bin/chromium. Without one they are skipped
// with a loud message, except under CI=true, where a missing browser is a failure: CI must
// prove the pages work.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const ci = process.env.CI === 'true';
mkdirSync('test-results', { recursive: true });
const tally = { passed: 0, failed: 0, skipped: 0 };
/** Each failed test's file, name and the first lines of its error, for the list at the end. */
const failures = [];
/** The first `lines` lines of an error message, with terminal colours removed. */
const firstLines = (message = '', lines = 6) =>
  stripVTControlCharacters(message).split('\n').slice(0, lines).join('\n      ');
/** Each stage's name, wall time in seconds and outcome, for the table at the end. */
const stages = [];
let current = null;
/**
 * Runs a command in the current stage, its output streaming as it comes; resolves to its status
 * and, with `keep`, the last `keep` lines it printed (stdout and stderr then go through a pipe,
 * not straight to the terminal). When Vitest fails with no failed test (an error outside any
 * test, a worker that crashed or did not close), its own words are all that says why, and they
 * may be far up the log.
 */
const run = (command, args, { keep = 0 } = {}) =>
  new Promise((resolve) => {
    const start = performance.now();
    const lines = [];
    const partial = { stdout: '', stderr: '' }; // each stream's unfinished line
    const child = spawn(command, args, { stdio: keep > 0 ? ['inherit', 'pipe', 'pipe'] : 'inherit' });
    for (const name of keep > 0 ? ['stdout', 'stderr'] : []) {
      child[name].on('data', (chunk) => {
        process[name].write(chunk);
        const parts = (partial[name] + chunk.toString()).split('\n');
        partial[name] = parts.pop();
        lines.push(...parts);
        if (lines.length > 4 * keep) lines.splice(0, lines.length - keep);
      });
    }
    // A command that cannot start says so, and still closes (with a negative code, or none).
    child.on('error', (error) => console.error(`${command}: ${error.message}`));
    child.on('close', (code) => {
      current.seconds += (performance.now() - start) / 1000;
      const status = code === null || code < 0 ? 1 : code;
      if (status !== 0) current.outcome = 'failed';
      resolve({
        status,
        tail: [...lines, partial.stdout, partial.stderr].slice(-keep).map((line) => stripVTControlCharacters(line)),
      });
    });
  });
/**
 * Vitest's words on a failure outside any test: the start of its "Unhandled Errors" block, else
 * the last lines it printed.
 */
const vitestFailureText = (tail) => {
  const from = tail.findIndex((line) => /Unhandled (Errors?|Rejection)/.test(line));
  const lines = (from >= 0 ? tail.slice(from) : tail.slice(-12)).filter((line) => line.trim() !== '');
  // Vitest names the test an error came from after its stack: kept, however far down.
  const source = lines.slice(14).filter((line) => /originated in|latest test that might/.test(line));
  return [...lines.slice(0, 14), ...source].join('\n      ');
};
const stage = (name) => {
  console.log(`\n— ${name} —`);
  current = { name, seconds: 0, outcome: 'ok' };
  stages.push(current);
};
/** Prints the stages' times, e.g. "build  142.3 s  ok", with the total. */
const printTimes = () => {
  const width = Math.max(...stages.map((s) => s.name.length), 'total'.length);
  const total = stages.reduce((sum, s) => sum + s.seconds, 0);
  console.log('\nstage times (wall clock):');
  for (const s of stages) console.log(`  ${s.name.padEnd(width)}  ${s.seconds.toFixed(1).padStart(6)} s  ${s.outcome}`);
  console.log(`  ${'total'.padEnd(width)}  ${total.toFixed(1).padStart(6)} s`);
};

stage('static checks');
if ((await run('node', ['tests/static-checks.mjs'])).status !== 0) {
  printTimes();
  console.log('\nstatic checks: 0 passed, 1 failed');
  process.exit(1);
}

stage('build');
if ((await run('npm', ['run', 'build', '--silent'])).status !== 0) {
  printTimes();
  console.log('\nbuild: 0 passed, 1 failed');
  process.exit(1);
}

stage('unit and content tests (Vitest)');
const vitest = await run(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  { keep: 200 },
);
const vitestStatus = vitest.status;
if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failed)
      failures.push({ where: relative('.', file.name), name: t.fullName, error: firstLines(t.failureMessages?.[0]) });
    // A file that failed to load has no failed test, only a message.
    if (file.status === 'failed' && failed.length === 0)
      failures.push({ where: relative('.', file.name), name: '(the file)', error: firstLines(file.message) });
  }
}
if (vitestStatus !== 0 && tally.failed === 0) {
  // A failure with no failed test (an unhandled error, a crash): counted, and said in Vitest's words.
  tally.failed += 1;
  failures.push({
    where: 'Vitest',
    name: `exited with status ${vitestStatus}, though no test failed`,
    error: vitestFailureText(vitest.tail),
  });
}

stage('browser tests (Playwright)');
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
let browserStatus = 0;
if (!existsSync(chrome)) {
  const line = '='.repeat(78);
  console.log(
    `${line}\nNO BROWSER: Chromium not found at ${chrome}. Browser tests were NOT run.\n` +
      `Install it (apt-get install chromium) or set CHROME_PATH.${ci ? ' CI=true: this is a failure.' : ''}\n${line}`,
  );
  current.outcome = 'skipped: no browser';
  if (ci) {
    tally.failed += 1;
    browserStatus = 1;
    current.outcome = 'failed: no browser';
  }
} else {
  browserStatus = (await run('npx', ['playwright', 'test', '--config', 'tests/e2e/playwright.config.ts'])).status;
  if (existsSync('test-results/e2e.json')) {
    const { stats } = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
    tally.passed += stats.expected + (stats.flaky ?? 0);
    tally.failed += stats.unexpected;
    tally.skipped += stats.skipped;
    /** Playwright nests suites (file, describe) around specs; walks them all. */
    const walk = (suite, titles) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status !== 'unexpected') continue;
          const last = test.results?.at(-1);
          failures.push({
            where: `tests/e2e/${spec.file}:${spec.line}`,
            name: [...titles, spec.title].join(' › '),
            error: firstLines(last?.error?.message),
          });
        }
      }
      for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
    };
    for (const suite of JSON.parse(readFileSync('test-results/e2e.json', 'utf8')).suites ?? []) walk(suite, []);
  }
  if (browserStatus !== 0 && failures.every((f) => !f.where.startsWith('tests/e2e/'))) {
    // As for Vitest: a failure with no failed test (a global setup that threw, a server that never
    // started, a command that could not run) is counted, in Playwright's words where it left any.
    const errors = existsSync('test-results/e2e.json')
      ? (JSON.parse(readFileSync('test-results/e2e.json', 'utf8')).errors ?? [])
      : [];
    tally.failed += 1;
    failures.push({
      where: 'Playwright',
      name: `exited with status ${browserStatus}, though no test failed`,
      error: errors.length > 0 ? firstLines(errors.map((e) => e.message).join('\n'), 14) : 'see its output above',
    });
  }
}

if (failures.length > 0) {
  console.log(`\nfailed (${failures.length}):`);
  for (const f of failures) console.log(`  ✘ ${f.where} › ${f.name}\n      ${f.error}`);
}
printTimes();
console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(vitestStatus !== 0 || browserStatus !== 0 || tally.failed > 0 ? 1 : 0);
