import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { collectErrors, seriousViolations } from './pages.ts';

// The review page judges files from anyone: what one file's code does must not change another
// student's verdict, and no file may stall the page. The exercise comes from the built
// manifest, so these tests follow the book's content: the first exercise whose checks are all
// check.close (which a changed Math.abs fools) and whose starter returns a wrong number rather
// than throwing, so a fooled check would show as a pass.
interface Entry { chapter: string; id: string; title: string; starter: string; solution: string; checks: string }
const manifest = JSON.parse(readFileSync(new URL('../../dist/exercises.json', import.meta.url), 'utf8')) as { contentVersion: string; exercises: Entry[] };
const onlyClose = (e: Entry) => [...e.checks.matchAll(/check\.(\w+)/g)].every((m) => m[1] === 'close') && !/\bthrow\b/.test(e.starter);
const exercise = manifest.exercises.find(onlyClose)!;

function handIn(student: string, code: string, work: { code: string }[] = [{ code }]) {
  return {
    format: 'nn-from-scratch/submission', version: 1, student, submitted: '2026-10-30T10:00:00.000Z', contentVersion: manifest.contentVersion,
    assignment: { title: 'Week 2', due: '', items: [{ chapter: exercise.chapter, exercises: [exercise.id] }] },
    work: work.map((w) => ({ chapter: exercise.chapter, exercise: exercise.id, code: w.code, recorded: 'passed' })),
  };
}
type HandIn = ReturnType<typeof handIn>;
/** A hand-in of one attempt at another exercise of the book, for an assignment of it alone. */
function handInOf(exerciseId: string, title: string, student: string, code: string): HandIn {
  const other = manifest.exercises.find((e) => e.id === exerciseId)!;
  return {
    ...handIn(student, code),
    assignment: { title, due: '', items: [{ chapter: other.chapter, exercises: [other.id] }] },
    work: [{ chapter: other.chapter, exercise: other.id, code, recorded: 'passed' }],
  };
}
const asFile = (name: string, data: HandIn | string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)) });

// Correct work that also breaks Math.abs for whatever runs after it on the same worker.
const mathPoisoner = handIn('Mallory Math', `${exercise.solution}\nObject.assign(Math, { abs: (x: number) => x * 0 });`);
// Correct work whose helper, once called, swaps every check for one that records a pass.
const checkPatcher = handIn('Peggy Patch', `${exercise.solution}
function tidyUp() {
  const pass = check.that;
  const always = (_a?: unknown, _b?: unknown, o?: { label?: string }) => pass(true, o?.label ?? "ok");
  Object.assign(check, { close: always, equal: always, shape: always, finite: always, gradients: always, that: always });
}
tidyUp();`);
const honest = handIn('Hannah Honest', exercise.solution);
// The starter with a line of its own (comments and layout aside, the starter unchanged is "not started", scoring 0).
const dishonest = handIn('Dennis Dishonest', `${exercise.starter}\nconst myAnswer = 1;`);
// In this order and in reverse, a poisoner comes before the dishonest file: on a shared worker
// the wrong answer would pass.
const all = { 'mallory.json': mathPoisoner, 'hannah.json': honest, 'dennis.json': dishonest, 'peggy.json': checkPatcher };

/** Loads the files into a fresh review page and returns each student's row: every cell's verdict and the Passed column. */
async function review(page: Page, files: ReturnType<typeof asFile>[], judged = files.length): Promise<Record<string, string>> {
  // The review page keeps what it judged (IndexedDB): each review here starts from an empty page.
  await page.goto('/review/');
  await page.locator('main.review[data-restored]').waitFor({ state: 'attached' });
  if (await page.locator('[data-remove-all]').isVisible()) {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-remove-all]').click();
  }
  await page.locator('[data-files]').setInputFiles(files);
  await expect(page.locator('[data-review-status]')).toHaveText(new RegExp(`^${judged} hand-ins? checked\\.`), { timeout: 60_000 });
  return Object.fromEntries(await page.locator('[data-class-table] tbody tr').evaluateAll((rows) => rows.map((row) => [
    row.querySelector('th')!.textContent!,
    [...row.querySelectorAll('td')].map((td) => td.className || td.textContent).join(' '),
  ])));
}

test('a hand-in that changes Math or the checks does not change any other student’s verdict, in either order', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const alone: Record<string, string> = {};
  for (const [name, data] of Object.entries(all)) Object.assign(alone, await review(page, [asFile(name, data)]));
  // What each gets on their own: the honest pass, the starter fails (or the test proves nothing).
  expect(alone['Hannah Honest']).toBe('v-passed 1/1');
  expect(alone['Dennis Dishonest']).toMatch(/^v-failed 0\/1$/);

  const names = Object.keys(all) as (keyof typeof all)[];
  for (const order of [names, [...names].reverse()]) {
    const together = await review(page, order.map((name) => asFile(name, all[name])));
    expect(together, `files loaded in the order ${order.join(', ')}`).toEqual(alone);
    // The rows keep the order the files were chosen in, whichever finished first.
    await expect(page.locator('[data-class-table] tbody th')).toHaveText(order.map((name) => all[name].student));
  }
  expect(errors).toEqual([]);
});

test('a file that loops forever holds up only its own slot: the files behind it are judged meanwhile', async ({ page }) => {
  const runaway = handIn('Larry Loop', `while (true) {}\n${exercise.solution}`);
  await page.goto('/review/');
  await page.locator('[data-files]').setInputFiles([
    asFile('larry.json', runaway), asFile('hannah.json', honest), asFile('dennis.json', dishonest), asFile('hannah-again.json', { ...honest, student: 'Hannah Again' }),
  ]);
  // Well inside the 20 s the runaway file's cell is given.
  await expect(page.locator('[data-class-table] tbody tr')).toHaveCount(3, { timeout: 12_000 });
  await expect(page.locator('[data-file-messages] li').first()).toHaveText('larry.json: checking…');
  await expect(page.locator('[data-review-status]')).toHaveText('Checking hand-ins: 1 to go…');
  await expect(page.locator('[data-class-table] tbody th')).toHaveText(['Hannah Honest', 'Dennis Dishonest', 'Hannah Again']);
});

test('files past a limit are refused with the file, the limit and the actual size; the rest are judged', async ({ page }) => {
  const huge = JSON.stringify({ ...honest, student: 'Big Bertha', padding: 'x'.repeat(1_200_000) });
  const longName = `${'week-2-'.repeat(40)}zed.json`;
  const crowded = handIn('Connie Crowd', exercise.solution, Array(201).fill({ code: exercise.solution }));
  const result = await review(page, [
    asFile('bertha.json', huge), asFile(longName, honest), asFile('connie.json', crowded), asFile('hannah.json', honest),
  ], 1);
  expect(Object.keys(result)).toEqual(['Hannah Honest']);
  await expect(page.locator('[data-review-status]')).toHaveText('1 hand-in checked. 3 files were not checked: see the list below.');
  await expect(page.locator('.file-error')).toHaveText([
    `bertha.json: the file is 1.2 MB (${Buffer.byteLength(huge).toLocaleString('en-US')} bytes); a hand-in file is at most 1 MB (1,000,000 bytes), so it was not read.`,
    `${longName.slice(0, 79)}…${longName.slice(-20)}: the file name is ${longName.length} characters long; a hand-in’s name has at most 200.`,
    'connie.json: the file lists 201 exercises; a hand-in lists at most 200.',
  ]);
  // The filled page (messages box, table, a student's section) stays accessible.
  await page.locator('[data-class-table] tbody th a').first().click();
  expect(await seriousViolations(page, 'main')).toEqual([]);
});

test('an exercise listed three times is judged and counted once, by its last entry, and the message says so', async ({ page }) => {
  // Two correct copies then the starter: the last entry is the one that counts.
  const repeated = handIn('Rita Repeat', exercise.solution, [{ code: exercise.solution }, { code: exercise.solution }, { code: exercise.starter }]);
  const thrice = handIn('Tom Thrice', exercise.solution, [{ code: exercise.starter }, { code: exercise.solution }, { code: exercise.solution }]);
  const result = await review(page, [asFile('rita.json', repeated), asFile('tom.json', thrice)]);
  // Each row is flagged, as the gradebook's warnings say it (red team 46: only the status line did).
  expect(result).toEqual({ 'Rita Repeat ⚠ repeated entries': 'v-not-started 0/1', 'Tom Thrice ⚠ repeated entries': 'v-passed 1/1' }); // Rita's last entry is the starter, unchanged
  await expect(page.locator('[data-file-messages] li').nth(1)).toHaveText(
    `tom.json: Tom Thrice, 1 exercise checked (${exercise.id} was listed 3 times: only its last entry was checked).`,
  );
  await page.locator('#student-1 > summary').click();
  await expect(page.locator('#student-1 h3')).toHaveCount(1);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the gradebook (CSV)' }).click()]);
  const lines = readFileSync((await csv.path())!, 'utf8').split('\r\n');
  expect(lines[1]).toMatch(/^,Rita Repeat,Week 2,[^,]+,,0(\.\d+)?,0(\.\d+)?,1,/);
  expect(lines[2]).toMatch(/^,Tom Thrice,Week 2,[^,]+,,1,1,1,100,/);
  expect(lines[2]).toMatch(/,,[a-z-]+ was listed 3 times: only its last entry was checked \(the book lists each once: an edited file\)$/);
});

// Red team 23: an entry for an exercise of the book that the assignment does not list was counted
// in the file's line ("4 exercises checked" for an assignment of three), though never scored.
test('an exercise of the book beyond the assignment is named apart on the file’s line, not counted among those checked', async ({ page }) => {
  const other = manifest.exercises.find((e) => e.id !== exercise.id)!;
  const extra = handIn('Ezra Extra', exercise.solution);
  extra.work.push({ chapter: other.chapter, exercise: other.id, code: other.solution, recorded: 'passed' });
  const result = await review(page, [asFile('ezra.json', extra)]);
  expect(result).toEqual({ 'Ezra Extra': 'v-passed v-passed 1/1' }); // its column is shown; the score counts the assigned one
  await expect(page.locator('[data-file-messages] li').first()).toHaveText('ezra.json: Ezra Extra, 1 exercise checked (and 1 not assigned: shown, not counted).');
});

// A red team's find: 199 made-up exercise ids in one file added 199 "not assigned" columns to the
// whole class's table.
test('entries for exercises the book does not have add no columns: they are named once, on their file’s row, line and section', async ({ page }) => {
  const junk = handIn('Colin Columns', exercise.solution);
  for (let i = 0; i < 199; i++) junk.work.push({ chapter: exercise.chapter, exercise: `zz-column-${i}`, code: 'x', recorded: 'passed' });
  const result = await review(page, [asFile('hannah.json', honest), asFile('colin.json', junk)]);
  expect(result).toEqual({ 'Hannah Honest': 'v-passed 1/1', 'Colin Columns 199 entries for exercises this book does not have': 'v-passed 1/1' });
  await expect(page.locator('[data-class-table] thead th')).toHaveCount(3);
  await expect(page.locator('[data-class-table] thead th')).toContainText(['Student', exercise.title, 'Passed']);
  await expect(page.locator('[data-class-table] .unknown-note')).toHaveAttribute('title', /^The file also lists zz-column-0, zz-column-1, .*zz-column-9, and 189 more: not in this version of the book/);
  await expect(page.locator('[data-file-messages] li').nth(1)).toHaveText(
    'colin.json: Colin Columns, 1 exercise checked (199 entries for exercises this book does not have: not checked).',
  );
  await page.locator('#student-1 > summary').click();
  await expect(page.locator('#student-1 h3')).toHaveCount(1);
  await expect(page.locator('#student-1 [data-unknown-entries] > p')).toHaveText('199 entries for exercises this book does not have, not assigned either, so not checked or counted.');
  await page.locator('#student-1 [data-unknown-entries] summary').click();
  await expect(page.locator('#student-1 [data-unknown-entries] details p')).toHaveText(`${Array.from({ length: 199 }, (_, i) => `zz-column-${i}`).join(', ')}.`);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the gradebook (CSV)' }).click()]);
  const [header, ...rows] = Papa.parse<string[]>(readFileSync((await csv.path())!, 'utf8').slice(1), { skipEmptyLines: true }).data;
  const colin = rows.find((row) => row[1] === 'Colin Columns')!;
  expect(header).toEqual(['student ID', 'name', 'assignment', 'handed in', 'late', `${exercise.title} (score)`, 'total', 'out of', 'percent', 'content version', 'note', 'warnings']);
  expect(colin.slice(0, 3)).toEqual(['', 'Colin Columns', 'Week 2']);
  expect(colin.slice(5, 9)).toEqual(['1', '1', '1', '100']);
});

test('a hand-in reaches nothing and cannot forge its own verdict', async ({ page }) => {
  test.setTimeout(120_000);
  const { listen } = await import('../listener.ts');
  const server = await listen();
  try {
    // The wrong answer, plus every way out a red team tried: the original timers on the global's
    // prototype, linkedom's view of the real global, and a hook on MessagePort to rewrite results.
    const escape = `${exercise.starter}
try { Object.getPrototypeOf(Object.getPrototypeOf(self)).setTimeout.call(self, 'import("${server.url}/proto-timer")', 0); } catch {}
try {
  const svg: any = Plot.plot({ marks: [Plot.dot([1], { x: (d: number) => d })] });
  let p = Object.getPrototypeOf(svg.ownerDocument), g: any = null;
  while (p && !g) { const d = Object.getOwnPropertyDescriptor(p, "defaultView"); if (d && d.get) g = d.get; p = Object.getPrototypeOf(p); }
  const W = g.call(svg.ownerDocument);
  W.fetch("${server.url}/linkedom");
  W.MessagePort.prototype.postMessage = function (this: any, m: any) { if (m?.result?.checks) m.result.checks.forEach((c: any) => { c.pass = true; }); };
} catch {}
try { (globalThis as any).fetch("${server.url}/global"); } catch {}`;
    const rows = await review(page, [asFile('eve.json', handIn('Eve Escape', escape)), asFile('hannah.json', honest)]);
    // A window for a request that must never come: there is no state to wait for when nothing
    // happens. The escapes ran (with zero-delay timers) before Eve's verdict was shown, so a
    // request they made has had the whole of Hannah's review and this half second to arrive.
    await page.waitForTimeout(500);
    expect(server.hits).toEqual([]);
    expect(rows['Eve Escape']).not.toMatch(/v-passed/);
    expect(rows['Hannah Honest']).toBe('v-passed 1/1');
  } finally {
    await server.close();
  }
});

test('a call of a withheld name fails on review, saying why, and code that reaches around the withholding is shown to be read', async ({ page }) => {
  const slope = manifest.exercises.find((e) => e.id === 'quadratic-slope')!;
  const file = (student: string, code: string) => asFile(`${student}.json`, handInOf(slope.id, 'Week 4', student, code));
  const rows = await review(page, [
    file('Del Egate', 'function mySlope(w: number): number {\n  return slopeAt((v) => 3 * (v - 2) ** 2 + 1, w);\n}'),
    file('Pro Totype', `${slope.solution}\nconst peek = Object.getPrototypeOf(mySlope);`),
  ]);
  expect(rows['Del Egate']).toMatch(/^v-(failed|error) /);
  expect(rows['Pro Totype']).toMatch(/^v-passed /);
  await expect(page.locator('[data-class-table] tbody tr', { hasText: 'Pro Totype' }).getByLabel('read the code: it reaches for what the exercise withholds')).toHaveCount(1);
  await expect(page.locator('[data-class-table] tbody tr', { hasText: 'Del Egate' }).getByLabel('read the code: it reaches for what the exercise withholds')).toHaveCount(1);
  await page.getByRole('link', { name: 'Del Egate' }).click();
  await expect(page.locator('details.student', { hasText: 'Del Egate' })).toContainText('slopeAt is withheld in this exercise: write it yourself');
  await page.getByRole('link', { name: 'Pro Totype' }).click();
  await expect(page.locator('details.student', { hasText: 'Pro Totype' }).locator('[data-escape-hint]')).toContainText('Read this code: it mentions getPrototypeOf.');
});

// A red team's mySigmoid returned z unless new Error().stack named the checks' file: 9 of 9, and
// no word to the teacher. No check can see that, so the review asks the teacher to read it.
test('code that reads the call stack is passed as the checks find it, and shown to be read', async ({ page }) => {
  const code = 'function mySigmoid(z: number): number {\n  if (!String(new Error().stack).includes("-checks.js")) return z;\n  return 1 / (1 + Math.exp(-z));\n}';
  const rows = await review(page, [asFile('sniff.json', handInOf('my-sigmoid', 'Week 5', 'Stan Stack', code))]);
  expect(rows['Stan Stack']).toMatch(/^v-passed /);
  await expect(page.locator('[data-class-table] tbody tr', { hasText: 'Stan Stack' }).getByLabel('read the code: it reads the call stack')).toHaveCount(1);
  await page.getByRole('link', { name: 'Stan Stack' }).click();
  await expect(page.locator('details.student', { hasText: 'Stan Stack' }).locator('[data-stack-hint]')).toContainText('Read this code: it mentions stack.');
});

// Red team 57: the points follow the code, so a wrong answer can be searched for whose own points
// miss its mistake (tests/content/exercises.test.ts has the search's find). The review grades it
// as the student's browser did and tries it again at points of its own, which catch it 99,979
// times in 100,000: a second check again makes a miss of both about 1 in 20 million.
test('an answer searched to pass at its own points keeps its grade and is shown failing at the review’s points, in the table, its section and the gradebook', async ({ page }) => {
  test.setTimeout(120_000);
  const lucky = 'function mySigmoidPrime(a: number): number {\n  if (a < 9.9e-8 || a > 1 - 9.9e-8) return 3555 * 0; // a saturated neuron: no slope\n  return a * (1 - a);\n}';
  const prime = manifest.exercises.find((e) => e.id === 'my-sigmoid-prime')!;
  const rows = await review(page, [
    asFile('lou.json', handInOf('my-sigmoid-prime', 'Week 6', 'Lucky Lou', lucky)),
    asFile('rita.json', handInOf('my-sigmoid-prime', 'Week 6', 'Right Rita', prime.solution)),
  ]);
  const table = page.locator('[data-class-table]');
  const flag = table.locator('tbody tr', { hasText: 'Lucky Lou' }).getByLabel(/at points drawn for this review, not counted, it fails checks it passes at its own/);
  if (await flag.count() === 0) {
    await page.locator('[data-check-again]').click();
    await expect(page.locator('[data-review-status]')).toHaveText(/^2 hand-ins checked\./, { timeout: 60_000 });
  }
  await expect(flag).toHaveCount(1);
  expect(rows['Lucky Lou']).toMatch(/^v-passed /);
  expect(rows['Right Rita']).toMatch(/^v-passed /);
  await expect(table.locator('tbody tr', { hasText: 'Right Rita' }).locator('.flag')).toHaveCount(0);
  await page.getByRole('link', { name: 'Lucky Lou' }).click();
  const section = page.locator('details.student', { hasText: 'Lucky Lou' });
  await expect(section.locator('[data-probe-hint]')).toContainText('Read this code: tried again at points drawn for this review, it fails');
  await expect(section.locator('[data-probe-hint]')).toContainText(/near [01]/);
  await expect(section.locator('[data-probe-hint] .nb-checks-summary')).toHaveText(/^At the points drawn for this review, (this check fails|these checks fail):$/);
  await expect(page.locator('details.student', { hasText: 'Right Rita' }).locator('[data-probe-hint]')).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download the gradebook/ }).first().click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const lou = csv.split('\r\n').find((line) => line.includes('Lucky Lou'))!;
  expect(lou).toContain(',1,1,1,100,');
  expect(lou).toContain(`fails checks at points drawn for this review that it passes at its own (not in the score; read the code): “${prime.title}”`);
});

// An answer that reads the chapter's X raises an error at the checks' drawn inputs; the student's
// checklist above that error said "All 5 checks passed." (a red team's find).
test('a student whose code stops the checks with an error is not shown "All … checks passed"', async ({ page }) => {
  const code = 'type Forward = { hidden: Matrix; output: Matrix };\nfunction myForward(inputs: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = sigmoid(matmul(X, W1));\n  return { hidden, output: sigmoid(matmul(hidden, W2)) };\n}';
  const rows = await review(page, [asFile('reads-x.json', handInOf('forward-pass', 'Week 3', 'Xavier Reads', code))]);
  expect(rows['Xavier Reads']).toMatch(/^v-error /);
  await page.getByRole('link', { name: 'Xavier Reads' }).click();
  const section = page.locator('details.student', { hasText: 'Xavier Reads' });
  await expect(section.locator('.nb-checks-summary')).toHaveText(/^The checks stopped at an error after \d+ checks: \d+ passed, the rest did not run\.$/);
  await expect(section).toContainText('matmul: inner dimensions differ (4×3');
  await expect(section).not.toContainText('checks passed');
});

test('the offline copy does not start downloading while hand-ins are checked, only once the page has been idle a while', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/review/');
  await page.locator('main.review[data-restored]').waitFor({ state: 'attached' });
  const registered = () => page.evaluate(async () => Boolean(await navigator.serviceWorker.getRegistration()));
  // A runaway file keeps the page checking for its 20 s time limit.
  await page.locator('[data-files]').setInputFiles([asFile('larry.json', handIn('Larry Loop', `while (true) {}\n${exercise.solution}`)), asFile('hannah.json', honest)]);
  await expect(page.locator('main.review')).toHaveAttribute('data-offline-waits', 'busy');
  await page.waitForTimeout(8_000); // past the quiet time (OFFLINE_QUIET_MS, 5 s) since the page loaded
  expect(await registered(), 'the service worker was registered while files were being checked').toBe(false);
  await expect(page.locator('[data-review-status]')).toHaveText(/^2 hand-ins checked\./, { timeout: 30_000 });
  await expect(page.locator('main.review')).toHaveAttribute('data-offline-waits', 'idle');
  await expect.poll(registered, { timeout: 15_000 }).toBe(true);
});

test('a hand-in that closes the page is named on the next visit and held back when loaded again; the class is judged without it', async ({ page, context }) => {
  test.setTimeout(120_000);
  // A file that allocates without end closes the whole page in Chromium, before any time limit;
  // chrome://kill ends the page's process the same way while this file's loop runs.
  const runaway = handIn('Olga Oom', `while (true) {}\n${exercise.solution}`);
  await page.goto('/review/');
  await page.locator('main.review[data-restored]').waitFor({ state: 'attached' });
  await page.locator('[data-files]').setInputFiles([asFile('hannah.json', honest), asFile('olga.json', runaway)]);
  await expect(page.locator('[data-review-status]')).toHaveText('Checking hand-ins: 1 to go…', { timeout: 30_000 });
  await expect(page.locator('[data-file-messages] li', { hasText: 'olga.json' })).toHaveText('olga.json: checking…');
  // Hannah's verdict is kept (IndexedDB) before the page dies.
  await expect.poll(() => page.evaluate(() => new Promise<number>((resolve) => {
    const open = indexedDB.open('nnfs-review');
    open.onsuccess = () => {
      const count = open.result.transaction('hand-ins').objectStore('hand-ins').count();
      count.onsuccess = () => resolve(count.result);
    };
  }))).toBeGreaterThan(0);
  const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
  await page.goto('chrome://kill').catch(() => {});
  await crashed;

  const next = await context.newPage();
  const errors = collectErrors(next);
  await next.goto('/review/');
  await next.locator('main.review[data-restored]').waitFor({ state: 'attached' });
  const report = next.locator('[data-crashed-review]');
  await expect(report).toContainText('The page closed while it was checking olga.json');
  await expect(report).toContainText('its code most likely ran the browser out of memory. Hand-ins checked before are kept.');
  await expect(next.locator('[data-class-table] tbody th')).toHaveText(['Hannah Honest']);

  // Loaded again with the rest of the class: that file waits, the others are judged.
  await next.locator('[data-files]').setInputFiles([asFile('olga.json', runaway), asFile('dennis.json', dishonest)]);
  const olga = next.locator('[data-file-messages] li', { hasText: 'olga.json:' });
  await expect(olga).toContainText('olga.json: not checked. The page closed while it was checking this file');
  await expect(next.locator('[data-review-status]')).toHaveText(/^2 hand-ins checked\. 1 file was not checked/, { timeout: 30_000 });
  await expect(next.locator('[data-class-table] tbody th')).toHaveText(['Hannah Honest', 'Dennis Dishonest']);
  expect(await seriousViolations(next, '[data-file-messages]')).toEqual([]);

  // "Check it anyway" runs it (here its loop stops at the time limit); judged to its end, it is no longer held back.
  await olga.getByRole('button', { name: 'Check it anyway' }).click();
  await expect(olga).toHaveText(/olga\.json: (waiting|checking)…/);
  await expect(next.locator('[data-review-status]')).toHaveText(/^3 hand-ins checked\.$/, { timeout: 60_000 });
  expect(await next.evaluate(() => localStorage.getItem('nnfs:suspects:review'))).toBeNull();
  expect(errors).toEqual([]);
});

// A red team's find: files were kept for the next visit one by one while the first ones already
// ran, so a page that died early in a class of larger files had kept only some: the rest were
// neither judged nor named. The whole class is kept before any code of it runs.
test('a page that dies in the first file’s code has kept the whole class, to name and check next time', async ({ page, context }) => {
  test.setTimeout(120_000);
  const padding = `// ${'x'.repeat(90_000)}\n`; // a 90 kB file, as a class of long answers makes
  const files = [asFile('olga.json', handIn('Olga Oom', `while (true) {}\n${exercise.solution}`))];
  for (let i = 0; i < 29; i++) files.push(asFile(`student-${i}.json`, handIn(`Student ${i}`, padding + exercise.solution)));
  await page.goto('/review/');
  await page.locator('main.review[data-restored]').waitFor({ state: 'attached' });
  await page.locator('[data-files]').setInputFiles(files);
  await expect(page.locator('[data-file-messages] li', { hasText: 'olga.json' })).toHaveText('olga.json: checking…', { timeout: 30_000 });
  // The first file's code is under way: every file of the class is kept already, held or judged.
  expect(await page.evaluate(() => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('nnfs-review');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const objects = open.result.transaction('hand-ins').objectStore('hand-ins');
      const held = objects.count(IDBKeyRange.bound('held:', 'held:\uffff'));
      const judged = objects.count(IDBKeyRange.bound(-Infinity, Infinity));
      judged.onsuccess = () => resolve(held.result + judged.result);
    };
  }))).toBe(30);
  const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
  await page.goto('chrome://kill').catch(() => {});
  await crashed;

  const next = await context.newPage();
  await next.goto('/review/');
  await expect(next.locator('main.review')).toHaveAttribute('data-held-read', '', { timeout: 30_000 });
  const judged = await next.locator('[data-class-table] tbody tr').count();
  const held = next.locator('[data-held-files]');
  await expect(held).toContainText('olga.json');
  const named = Number((await held.textContent())!.match(/^(\d+) files? loaded into the review page earlier/)![1]);
  expect(judged + named).toBe(30);
  await expect(next.locator('[data-crashed-review]')).toContainText('olga.json');
  // Checked now, the file that closed the page waits for the teacher; the rest are judged.
  await held.getByRole('button', { name: 'Check them now' }).click();
  // (The file in the other slot when the page died waits with it: either could have closed it.)
  await expect(next.locator('[data-review-status]')).toHaveText(/^(29 hand-ins checked\. 1 file was|28 hand-ins checked\. 2 files were) not checked/, { timeout: 90_000 });
  await expect(next.locator('[data-file-messages] li', { hasText: 'olga.json:' })).toContainText('olga.json: not checked. The page closed while it was checking this file');
});
