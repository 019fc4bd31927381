// `npm run bench:review`: how long the teacher's review page takes for a class.
// Generates 40 hand-in files for a 7-exercise assignment (EXERCISES=n or all for others) (real exercises from dist/exercises.json,
// each student's code the solution or, for about a quarter of the exercises, the starter), loads
// them all at once in /review/ in headless Chromium, and waits until the page says every file is
// checked. Prints the wall time, when each file's result arrived, the longest task that blocked
// the page, and whether every verdict came out as expected; then the same for a class of 200.
// The figures are printed, not asserted: they depend on the machine. Target on a 2-core machine:
// 40 files in 8 s or less. Needs `npm run build` first. STUDENTS=40,200 (default) are the class
// sizes; RUNS=n repeats the first size on fresh pages (default 3), RUNS_LARGE=n the others
// (default 1); OUT_DIR=path measures a site built there (as `OUT_DIR=path npm run build` writes
// it), e.g. to compare two builds.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

const dist = process.env.OUT_DIR ?? 'dist';
if (!existsSync(join(dist, 'exercises.json'))) {
  console.error(`No built site in ${dist}/: run \`npm run build\` first.`);
  process.exit(1);
}
const SIZES = String(process.env.STUDENTS ?? '40,200').split(',').map(Number).filter((n) => n > 0);
const RUNS = Number(process.env.RUNS ?? 3);
const RUNS_LARGE = Number(process.env.RUNS_LARGE ?? 1);

/** The first port from `from` on that nothing listens on, so the bench never meets another preview. */
async function freePort(from) {
  for (let port = from; port < from + 50; port++) {
    const free = await new Promise((resolve) => {
      const probe = createServer().once('error', () => resolve(false)).once('listening', () => probe.close(() => resolve(true)));
      probe.listen(port, '127.0.0.1');
    });
    if (free) return port;
  }
  throw new Error(`bench:review: no free port between ${from} and ${from + 49}`);
}

const PORT = await freePort(Number(process.env.BENCH_PORT ?? 4342)); // BENCH_PORT=n: start looking for a free port at n
const ORIGIN = `http://127.0.0.1:${PORT}`;
// --ignore-lock: a preview of this project may already be running (the browser tests start one);
// this one runs beside it on its own port and leaves that one's lock file alone.
const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--ignore-lock'], { stdio: 'ignore', detached: true });
const stop = () => { try { process.kill(-server.pid); } catch { /* already gone */ } };
process.on('exit', stop);
let up = false;
for (let i = 0; i < 150 && !up; i++) {
  try { up = (await fetch(`${ORIGIN}/review/`)).ok; } catch { /* not up yet */ }
  if (!up) await new Promise((r) => setTimeout(r, 200));
}
if (!up) {
  console.error(`bench:review: astro preview did not answer on ${ORIGIN} within 30 s`);
  process.exit(1);
}

// The assignment: seven exercises spread evenly over the book, first to last, so the chapters'
// cells that run before each one (light early on, a training run later) are a fair mix.
const manifest = JSON.parse(readFileSync(join(dist, 'exercises.json'), 'utf8'));
const all = manifest.exercises;
// EXERCISES=n picks n exercises (7 by default); EXERCISES=all every exercise of the book, the
// longest assignment there can be (with STUDENTS=1 RUNS=1, how long one such file takes against
// the review's time budget per file, FILE_BUDGET_MS in review.ts).
const EXERCISES = process.env.EXERCISES === 'all' ? all.length : Number(process.env.EXERCISES ?? 7);
const picked = [...new Set(Array.from({ length: EXERCISES }, (_, k) => Math.round((k * (all.length - 1)) / Math.max(1, EXERCISES - 1))))].map((i) => all[i]);
const assignment = {
  title: `Bench: ${EXERCISES} exercises`,
  due: '',
  items: [...new Set(picked.map((p) => p.chapter))].map((chapter) => ({ chapter, exercises: picked.filter((p) => p.chapter === chapter).map((p) => p.id) })),
};
// Handed in yesterday: a date later than now is flagged on the page, and the flag would change the rows.
const submitted = new Date(Date.now() - 86_400_000).toISOString();
const name = (i) => `student-${String(i + 1).padStart(2, '0')}.json`;
const student = (i) => `Student ${String(i + 1).padStart(2, '0')}`;
// About one exercise in four is the untouched starter (which fails); the rest are solutions.
const passes = (i, j) => (i + j) % 4 !== 0;
const classOf = (size) => Array.from({ length: size }, (_, i) => ({
  name: name(i),
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({
    format: 'nn-from-scratch/submission', version: 1, student: student(i), submitted,
    contentVersion: manifest.contentVersion, assignment,
    work: picked.map((entry, j) => ({ chapter: entry.chapter, exercise: entry.id, code: passes(i, j) ? entry.solution : entry.starter, recorded: 'passed' })),
  })),
}));
const expectedOf = (size) => new Map(Array.from({ length: size }, (_, i) => [student(i), `${picked.filter((_, j) => passes(i, j)).length}/${picked.length}`]));

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function loadClass(STUDENTS) {
  const files = classOf(STUDENTS);
  const expected = expectedOf(STUDENTS);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/review/`, { waitUntil: 'networkidle' });
  // In the page: the moment the files are chosen, when each file's line says it was checked (or
  // refused), and every task that kept the page from answering for more than 50 ms.
  await page.evaluate(() => {
    const w = window;
    w.bench = { start: 0, done: {}, longTasks: [] };
    document.addEventListener('change', () => { w.bench.start = performance.now(); }, { capture: true });
    new PerformanceObserver((list) => { for (const t of list.getEntries()) w.bench.longTasks.push(t.duration); }).observe({ type: 'longtask', buffered: true });
    const messages = document.querySelector('[data-file-messages]');
    new MutationObserver(() => {
      for (const li of messages.querySelectorAll('li')) {
        const m = /^(student-\d+\.json): .*(checked|refused|not)/.exec(li.textContent ?? '');
        if (m && !(m[1] in w.bench.done)) w.bench.done[m[1]] = performance.now();
      }
    }).observe(messages, { childList: true, subtree: true, characterData: true });
  });
  // TRACE=file.json: a Chromium trace of the loading (every thread, with V8's CPU samples), for
  // tests/bench/review-profile.mjs to break down. Tracing slows the page: its wall times are not the bench's.
  if (process.env.TRACE) {
    await browser.startTracing(page, { path: process.env.TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'toplevel', '__metadata'] });
  }
  const cpu0 = browserCpuSeconds();
  const t0 = Date.now();
  await page.locator('[data-files]').setInputFiles(files);
  await page.waitForFunction((n) => document.querySelector('[data-review-status]')?.textContent?.startsWith(`${n} ${n === 1 ? "hand-in" : "hand-ins"} checked.`), STUDENTS, { timeout: 3_600_000, polling: 50 });
  if (process.env.TRACE) await browser.stopTracing();
  const outside = Date.now() - t0;
  const cpu = cpu0 === null ? null : browserCpuSeconds() - cpu0;
  const bench = await page.evaluate(() => window.bench);
  const rows = await page.locator('[data-class-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.lastElementChild?.textContent ?? '']));
  await context.close();
  const finished = Object.values(bench.done).map((t) => t - bench.start).sort((a, b) => a - b);
  const wrong = rows.filter(([who, passed]) => expected.get(who) !== passed);
  return {
    wall: Math.max(...finished, 0),
    cpu,
    outside,
    finished,
    order: rows.map(([who]) => who).join() === [...expected.keys()].join() ? 'in the order chosen' : 'NOT in the order chosen',
    wrong: wrong.length + Math.abs(rows.length - STUDENTS),
    longest: Math.max(0, ...bench.longTasks),
    longTasks: bench.longTasks.length,
  };
}

/**
 * CPU seconds the browser has used so far (its processes and threads, workers included), from
 * Linux's /proc; null elsewhere. On a shared machine the wall time depends on what else runs,
 * and the CPU time much less: it is the figure to compare between two builds.
 */
function browserCpuSeconds() {
  if (!existsSync('/proc/self/stat')) return null;
  const children = new Map();
  const used = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [ppid, utime, stime] = [Number(fields[1]), Number(fields[11]), Number(fields[12])];
      used.set(Number(entry), (utime + stime) / 100); // clock ticks, 100 a second on Linux
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* the process ended while we looked */ }
  }
  let total = 0;
  const add = (pid) => { total += used.get(pid) ?? 0; for (const child of children.get(pid) ?? []) add(child); };
  // The browser is this script's child; the preview server, the other child, is left out.
  for (const child of children.get(process.pid) ?? []) if (child !== server.pid) add(child);
  return total;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const startLoad = load();
const summary = [];
for (const [k, STUDENTS] of SIZES.entries()) {
  const runsOf = k === 0 ? RUNS : RUNS_LARGE;
  console.log(`\nReview page: ${STUDENTS} hand-ins × ${picked.length} exercises (${picked.map((p) => p.id).join(', ')}), ${runsOf} runs, ${ORIGIN}/review/, load average ${load()}`);
  const runs = [];
  for (let r = 0; r < runsOf; r++) {
    const run = await loadClass(STUDENTS);
    runs.push(run);
    const gaps = run.finished.slice(1).map((t, i) => t - run.finished[i]);
    console.log(`run ${r + 1}: all checked in ${s(run.wall)} (${s(run.outside)} seen from outside) · ${s(run.wall / STUDENTS)} per file on average` +
      ` · first file done at ${s(run.finished[0] ?? 0)}, median gap between files ${(median(gaps) || 0).toFixed(0)} ms, longest gap ${Math.max(0, ...gaps).toFixed(0)} ms` +
      (run.cpu === null ? '' : ` · browser CPU ${run.cpu.toFixed(1)} s (${((run.cpu / STUDENTS) * 1000).toFixed(0)} ms a file)`) +
      ` · rows ${run.order}, ${run.wrong} unexpected verdicts · longest blocking task ${run.longest.toFixed(0)} ms (${run.longTasks} over 50 ms) · load average ${load()}`);
  }
  const wall = median(runs.map((r) => r.wall));
  const cpus = runs.map((r) => r.cpu).filter((c) => c !== null);
  summary.push(`median wall time for ${STUDENTS} files: ${s(wall)}` + (cpus.length ? `, median browser CPU ${median(cpus).toFixed(1)} s` : '') + ` (${runs.length} runs)`);
}
await browser.close();
stop();
console.log(`\n${summary.join('\n')}\n(target: 40 files in ≤ 8 s on a 2-core machine; this one has ${availableParallelism()} cores, load average ${startLoad} at the start, ${load()} at the end)`);
