import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, draftSaved, scheduledSavesRan, seriousViolations } from './pages.ts';
import { hashSource } from '../../src/notebook/hash.ts';

// These tests take their exercise from the built manifest, so they follow the book's content:
// the first exercise of the book, its own solution (must pass) and its starter (must fail).
interface Entry { chapter: string; id: string; title: string; starter: string; solution: string }
const manifest = JSON.parse(readFileSync(new URL('../../dist/exercises.json', import.meta.url), 'utf8')) as { contentVersion: string; exercises: Entry[] };
const first = manifest.exercises[0];
const shot = (page: Page, name: string) => (process.env.SCREENSHOTS ? page.screenshot({ path: `screenshots/${name}.png`, fullPage: true }) : Promise.resolve());

async function typeInto(page: Page, cellSelector: string, code: string) {
  const cell = page.locator(cellSelector);
  await cell.locator('[data-code]').click();
  await expect(cell.locator('.cm-content')).toBeVisible();
  await cell.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

test('an exercise: a wrong answer fails with a useful message, hints come one at a time, a right one passes', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`/chapters/${first.chapter}/#exercise-${first.id}`);
  const exercise = page.locator(`#exercise-${first.id}`);
  await expect(exercise.locator('[data-ex-status]')).toHaveText('not started');
  await exercise.getByRole('button', { name: 'Check my answer' }).click();
  await expect(exercise.locator('[data-ex-results]')).toContainText(/checks passed|could not run/);
  await expect(exercise.locator('[data-ex-results] .nb-fail, [data-ex-results] .ex-error').first()).toBeVisible();
  await expect(exercise.locator('[data-ex-status]')).toHaveText('attempted');

  const hints = exercise.locator('.ex-hint');
  if (await hints.count() > 1) {
    await expect(hints.nth(1)).toBeHidden();
    await hints.nth(0).locator('summary').click();
    await expect(hints.nth(1)).toBeVisible();
  }

  await typeInto(page, `#cell-ex-${first.id}`, first.solution);
  await exercise.getByRole('button', { name: 'Check my answer' }).click();
  await expect(exercise.locator('.nb-checks-summary')).toContainText(/^All \d+ checks passed\.$/);
  await expect(exercise.locator('[data-ex-status]')).toHaveText('passed');
  await shot(page, 'exercise-passed');

  // The solution is shown beside the attempt, never over it.
  await exercise.locator('[data-ex-solution] > summary').click();
  await expect(exercise.locator('[data-ex-solution] pre')).toBeVisible();
  await expect(page.locator(`#cell-ex-${first.id} .cm-content`)).toContainText(first.solution.split('\n')[0]);

  // Progress survives a reload, in the exercise and in the sidebar. The pass is stored at once;
  // the code that passed is saved a moment after typing, and "passed" needs that code on screen.
  await draftSaved(page, `ex-${first.id}`, first.solution.split('\n')[0]);
  await page.reload();
  await expect(exercise.locator('[data-ex-status]')).toHaveText('passed');
  await expect(page.locator(`.sidebar [data-chapter="${first.chapter}"] [data-progress-text]`)).toHaveText(/^[1-9]\d*\/\d+$/);
  expect(errors).toEqual([]);
});

// Red team 56: a student whose clock was past the due day was not told that a hand-in would be late.
test('an assignment past its due day says so on the checklist, before the student hands in', async ({ page }) => {
  await page.goto('/teachers/');
  await page.getByLabel('Title').fill('Week 0');
  await page.getByLabel('Due date (optional)').fill('2020-01-01');
  await page.locator(`input[name="exercise"][value="${first.chapter}/${first.id}"]`).check();
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.goto(await page.locator('[data-assign-link]').inputValue());
  await expect(page.locator('.assign-due [data-assign-past-due]')).toHaveText('It is past due: work handed in now is marked late.');
});

test('teacher → assignment link → student checklist and banner → hand-in → review table', async ({ page, context }) => {
  test.setTimeout(90_000);
  // The teacher picks the first exercise and makes a link.
  await page.goto('/teachers/');
  await shot(page, 'teachers-guide');
  await page.getByLabel('Title').fill('Week 1: neurons');
  // Far ahead, so the hand-in made below is on time (a fixed 2026-12-01 made it 'late' from December 2).
  await page.getByLabel('Due date (optional)').fill('2099-12-01');
  await page.locator(`input[name="exercise"][value="${first.chapter}/${first.id}"]`).check();
  await expect(page.locator(`input[name="chapter"][value="${first.chapter}"]`)).toBeChecked();
  await page.getByRole('button', { name: 'Create link' }).click();
  const link = await page.locator('[data-assign-link]').inputValue();
  expect(link).toContain('/assignment/#a=');
  await shot(page, 'teachers-link');

  // The student opens it: a checklist with live status.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Week 1: neurons');
  await expect(page.locator('[data-assign-summary]')).toHaveText('0 of 1 exercise passed.');
  await expect(page.locator('[data-assign-past-due]')).toHaveCount(0);
  await shot(page, 'assignment-checklist');
  await page.getByRole('link', { name: first.title }).click();
  await expect(page.locator('[data-assignment-banner]')).toContainText('Assigned in “Week 1: neurons”');
  await typeInto(page, `#cell-ex-${first.id}`, first.solution);
  await page.locator(`#exercise-${first.id}`).getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator(`#exercise-${first.id} [data-ex-status]`)).toHaveText('passed');
  await expect(page.locator('[data-assignment-banner]')).toContainText('1 of 1 exercise in this chapter passed');
  await draftSaved(page, `ex-${first.id}`, first.solution.split('\n')[0]); // the checklist reads the saved code

  await page.goto('/assignment/');
  await expect(page.locator('[data-assign-summary]')).toHaveText('1 of 1 exercise passed.');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my work' }).click()]);
  const handedIn = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(handedIn).toMatchObject({ format: 'nn-from-scratch/submission', student: 'Ada Lovelace', contentVersion: manifest.contentVersion });
  expect(handedIn.work).toEqual([{ chapter: first.chapter, exercise: first.id, code: first.solution, recorded: 'passed' }]);

  // A second student's file claims a pass for the untouched starter; a third file is not a hand-in.
  const tampered = { ...handedIn, student: 'Charles Babbage', work: [{ ...handedIn.work[0], code: first.starter, recorded: 'passed' }] };
  const review = await context.newPage();
  await review.goto('/review/');
  await review.locator('[data-files]').setInputFiles([
    { name: 'ada.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(handedIn)) },
    { name: 'charles.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) },
    { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') },
  ]);
  await expect(review.locator('[data-review-status]')).toHaveText('2 hand-ins checked. 1 file was not checked: see the list below.', { timeout: 60_000 });
  await expect(review.locator('.file-error')).toHaveText('notes.json: not a hand-in file from this book.');
  const rows = review.locator('[data-class-table] tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Ada Lovelace');
  await expect(rows.nth(0).locator('td.v-passed')).toHaveCount(1);
  // The untouched starter is not started, and scores 0, whatever the file records; its recorded "passed" is flagged.
  await expect(rows.nth(1).locator('td.v-not-started')).toHaveText(/^— not started ⚠0\/\d+$/);
  await expect(rows.nth(1).locator('.flag')).toHaveCount(1);
  await review.locator('#student-1 > summary').click();
  await expect(review.locator('#student-1')).toContainText('The rerun does not confirm that pass.');
  await shot(review, 'review-table');
  const [csv] = await Promise.all([review.waitForEvent('download'), review.getByRole('button', { name: 'Download the gradebook (CSV)' }).click()]);
  const lines = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
  const column = `${first.title} (score)`;
  expect(lines[0]).toBe(`student ID,name,assignment,handed in,late,${column.includes(',') ? `"${column}"` : column},total,out of,percent,content version,note,warnings`);
  expect(lines[1]).toMatch(/^,Ada Lovelace,Week 1: neurons,[^,]+,,1,1,1,100,[^,]+,,$/);
  // The recorded pass the table flags is in the gradebook's warnings too.
  expect(lines[2]).toMatch(/^,Charles Babbage,Week 1: neurons,[^,]+,,0(\.\d+)?,0(\.\d+)?,1,\d+(\.\d)?,[^,]+,,1 recorded pass does not hold on the rerun$/);
});

test('progress can be saved as a file and loaded back', async ({ page }) => {
  // A pass is the pass of some code: the record keeps its fingerprint, the draft the code.
  await page.evaluate(({ chapter, id, solution, starter, passed }) => {
    localStorage.setItem(`nnfs:v1:exercise:${chapter}:${id}`, JSON.stringify({ status: 'passed', updated: '2026-11-24T00:00:00Z', passed }));
    localStorage.setItem(`nnfs:v1:draft:${chapter}:ex-${id}`, JSON.stringify({ code: solution, base: 'b', original: starter, saved: '2026-11-24T00:00:00Z' }));
  }, { ...first, passed: hashSource(first.solution) });
  await page.goto('/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save my progress as a file' }).click()]);
  const file = readFileSync((await download.path())!, 'utf8');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('[data-import-progress]').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.locator('[data-progress-message]')).toHaveText(/^Loaded 2 entries from progress\.json\.$/);
  await expect(page.locator(`.chapter-card [data-chapter="${first.chapter}"] [data-progress-text]`)).toHaveText(/^1 of \d+ exercises? passed$/);
  await page.locator('[data-import-progress]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('nope') });
  await expect(page.locator('[data-progress-message]')).toHaveText('This file is not a progress file (it is not JSON).');
});

// ---------- a hand-in never silently drops work ----------
// A tester found that with storage full or blocked, "Download my work" handed in the starter:
// it read drafts from storage, not the code on screen. These runs break storage in the page
// before any script runs, then do what a student does.

/** Makes every page's storage full (setItem throws QuotaExceededError) or blocked (reading `localStorage` throws SecurityError). */
async function breakStorage(page: Page, how: 'full' | 'blocked') {
  await page.addInitScript((how) => {
    if (how === 'full') {
      Storage.prototype.setItem = function setItem() {
        throw new DOMException("Failed to execute 'setItem' on 'Storage': the quota has been exceeded.", 'QuotaExceededError');
      };
    } else {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });
    }
  }, how);
}

const week1 = { title: 'Week 1: neurons', due: '', items: [{ chapter: first.chapter, exercises: [first.id] }] };

/** The teacher's link for week1, made on the teacher's guide. */
async function week1Link(page: Page): Promise<string> {
  await page.goto('/teachers/');
  await page.getByLabel('Title').fill(week1.title);
  await page.locator(`input[name="exercise"][value="${first.chapter}/${first.id}"]`).check();
  await page.getByRole('button', { name: 'Create link' }).click();
  return new URL(await page.locator('[data-assign-link]').inputValue()).hash;
}

/**
 * The JSON file `click` downloads; when none comes, fails with what the page said instead and
 * the page's errors meanwhile (a CI run once had a click on the notice's button bring neither a
 * file nor a message).
 */
async function downloadJson(page: Page, click: () => Promise<void>) {
  const said = () => page.locator('[data-banner-message], [data-handin-message], [data-save-notice]').allInnerTexts();
  const errors = collectErrors(page);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }).catch(async (error: Error) => {
      throw new Error(`no download: ${error.message}\nthe page says: ${JSON.stringify(await said())}\nthe page's errors: ${JSON.stringify(errors)}`);
    }),
    click(),
  ]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

/** From the checklist to the exercise: edit it to `code` and check it. */
async function solveFromChecklist(page: Page, link: string, code: string, expected: 'passed' | 'attempted') {
  await page.goto(`/assignment/${link}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Week 1: neurons');
  await page.getByRole('link', { name: first.title }).click();
  await expect(page.locator('[data-assignment-banner]')).toContainText('Assigned in “Week 1: neurons”');
  await typeInto(page, `#cell-ex-${first.id}`, code);
  await page.locator(`#exercise-${first.id}`).getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator(`#exercise-${first.id} [data-ex-status]`)).toHaveText(expected);
}

for (const [how, reason] of [['full', "the browser's storage for this site is full"], ['blocked', 'this browser blocks storage for this site']] as const) {
  test(`storage ${how}: the hand-in holds the code on screen, the notice stays, and the checklist hands in no starter`, async ({ page }) => {
    test.setTimeout(120_000);
    const link = await week1Link(page);
    await breakStorage(page, how);
    const errors = collectErrors(page);
    await solveFromChecklist(page, link, first.solution, 'passed');
    const banner = page.locator('[data-assignment-banner]');
    await expect(banner).toContainText('1 of 1 exercise in this chapter passed');

    // The notice is under the code, polite, and still there after the run and after every save
    // the page had scheduled has been tried (and failed) again.
    const notice = page.locator(`#cell-ex-${first.id} [data-save-notice]`);
    await expect(notice).toHaveAttribute('aria-live', 'polite');
    await expect(notice).toContainText(`Your browser is not saving your work: ${reason}. Download it before you leave this page.`);
    await scheduledSavesRan(page);
    await expect(notice).toBeVisible();

    // The banner's "Download my work" hands in the code on screen, recorded as the pass it earned.
    await banner.getByLabel('Your name').fill('Ada Lovelace');
    const handedIn = await downloadJson(page, () => banner.getByRole('button', { name: 'Download my work' }).click());
    expect(handedIn).toMatchObject({ format: 'nn-from-scratch/submission', student: 'Ada Lovelace', contentVersion: manifest.contentVersion, assignment: week1 });
    expect(handedIn.work).toEqual([{ chapter: first.chapter, exercise: first.id, code: first.solution, recorded: 'passed' }]);
    await expect(banner.locator('[data-banner-message]')).toContainText('with the code shown on this page. Hand this file in.');
    // No id can be kept: the student is told to say which file counts, not that a new one replaces it.
    expect(handedIn).not.toHaveProperty('browser');
    await expect(banner.locator('[data-banner-message]')).toContainText('tell your teacher which file counts');

    // So does the notice's own button, and it says so beside it.
    const again = await downloadJson(page, () => notice.getByRole('button', { name: 'Download my work' }).click());
    expect(again.work).toEqual(handedIn.work);
    await expect(notice).toContainText('Hand this file in.');
    await expect(notice).toContainText('Your browser is not saving your work');
    await shot(page, `save-notice-${how}`);
    // Readable and labelled in both themes (the toggle works without storage; it only forgets).
    expect(await seriousViolations(page, '[data-assignment-banner]', `#exercise-${first.id} .ex-attempt`), 'light').toEqual([]);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await seriousViolations(page, '[data-assignment-banner]', `#exercise-${first.id} .ex-attempt`), 'dark').toEqual([]);
    // On a phone, last: after a change of width the editors above re-measure their wrapped lines a
    // few frames later, and a click in that moment (a CI run, and 3 in 48 loaded runs here) went
    // down on the button and came up 108 px lower, on no button, so nothing was handed in.
    // The notice must fit the phone's width, message and button. Scrolled and measured by script:
    // Playwright's scrollIntoViewIfNeeded waits for animation frames, and in a CI run the resized
    // page drew none for the 70 s left of the test.
    await page.setViewportSize({ width: 412, height: 900 });
    const fits = await notice.evaluate((element) => {
      element.scrollIntoView({ block: 'center' });
      const parts = [element, ...element.querySelectorAll('button')].map((part) => part.getBoundingClientRect());
      return parts.every((box) => box.width > 0 && box.left >= 0 && box.right <= document.documentElement.clientWidth);
    });
    expect(fits, 'the storage notice or its button is wider than a 412 px phone').toBe(true);
    await shot(page, `save-notice-${how}-412-dark`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Leaving with unsaved work asks first; the student goes to the checklist anyway.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.type()); void dialog.accept(); });
    await page.goto(`/assignment/${link}`);
    expect(dialogs).toEqual(['beforeunload']);

    // The checklist cannot see that work: it says so, names the exercise, and hands in no starter.
    await expect(page.locator('[data-handin-warning]')).toContainText('Your browser is not saving your work');
    await page.getByLabel('Your name').fill('Ada Lovelace');
    const downloads: unknown[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByRole('button', { name: 'Download my work' }).click();
    const message = page.locator('[data-handin-message]');
    await expect(message).toContainText('Nothing downloaded: this page does not have your code for these exercises.');
    await expect(message.getByRole('link', { name: first.title })).toHaveAttribute('href', new RegExp(`/chapters/${first.chapter}/\\?a=.+#exercise-${first.id}$`));
    expect(downloads).toEqual([]);
    await shot(page, `handin-checklist-${how}`);
    expect(await seriousViolations(page, '[data-handin]')).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('storage working: a hand-in holds the latest code, and says "passed" only for the code that passed', async ({ page }) => {
  test.setTimeout(120_000);
  const link = await week1Link(page);
  const errors = collectErrors(page);
  await solveFromChecklist(page, link, first.solution, 'passed');
  await expect(page.locator(`#cell-ex-${first.id} [data-save-notice]`)).toBeEmpty();

  // An edit after the pass: the file holds it, as "attempted", and the student is told why.
  const later = `${first.solution}\n// tidied after it passed`;
  await typeInto(page, `#cell-ex-${first.id}`, later);
  const banner = page.locator('[data-assignment-banner]');
  await banner.getByLabel('Your name').fill('Ada Lovelace');
  let handedIn = await downloadJson(page, () => banner.getByRole('button', { name: 'Download my work' }).click());
  expect(handedIn.work).toEqual([{ chapter: first.chapter, exercise: first.id, code: later, recorded: 'attempted' }]);
  await expect(banner.locator('[data-banner-message]')).toContainText('changed since it passed');

  // Checked again, it is "passed" with that code.
  await page.locator(`#exercise-${first.id}`).getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator(`#exercise-${first.id} .nb-checks-summary`)).toContainText(/^All \d+ checks passed\.$/);
  handedIn = await downloadJson(page, () => banner.getByRole('button', { name: 'Download my work' }).click());
  expect(handedIn.work).toEqual([{ chapter: first.chapter, exercise: first.id, code: later, recorded: 'passed' }]);
  await expect(banner.locator('[data-banner-message]')).toContainText('download again in this browser and hand in the new file: it takes the old one’s place');

  // The last keystrokes are saved even when the student leaves at once; the checklist hands them in.
  const last = `${later}\n// one more thought`;
  await typeInto(page, `#cell-ex-${first.id}`, last);
  await page.goto(`/assignment/${link}`);
  await expect(page.locator('[data-handin-warning]')).toBeHidden();
  await page.getByLabel('Your name').fill('Ada Lovelace');
  handedIn = await downloadJson(page, () => page.getByRole('button', { name: 'Download my work' }).click());
  expect(handedIn.work).toEqual([{ chapter: first.chapter, exercise: first.id, code: last, recorded: 'attempted' }]);
  expect(handedIn).not.toHaveProperty('unavailable');
  expect(handedIn.browser).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.locator('[data-handin-message]')).toContainText('it takes the old one’s place');
  expect(errors).toEqual([]);
});

test("the teacher's guide lists each exercise's checks as they ran, and the names it withholds", async ({ page }) => {
  await page.goto('/teachers/');
  const lists = page.locator('[data-guide-checks]');
  await expect(lists).toHaveCount(manifest.exercises.length);
  for (let i = 0; i < manifest.exercises.length; i++) expect(await lists.nth(i).locator('li').count()).toBeGreaterThan(0);
  const exercise = (id: string) => page.locator('.guide-exercises > li', { has: page.locator(`a[href$="#exercise-${id}"]`) });
  const slope = exercise('quadratic-slope');
  await expect(slope.locator('[data-guide-checks]')).toContainText('slope at w = -1 — expects -18');
  await expect(slope.locator('[data-guide-checks]')).not.toContainText('${');
  await expect(slope.locator('.guide-withheld')).toHaveText([
    'Withheld from the attempt (calling it fails the checks): slopeAt.',
    'From nn the attempt may use only the Matrix helpers, random numbers and the data sets; anything else it calls from nn fails the checks.',
  ]);
  await expect(exercise('pick-a-learning-rate').locator('[data-guide-checks] li')).toHaveText([
    'myEta is a positive number',
    'the loss is below 0.001 within 70 steps — expects at most 70 steps',
  ]);
});

test('an attempt that calls what the exercise withholds fails, saying why', async ({ page }) => {
  await page.goto('/chapters/gradient-descent/#exercise-quadratic-slope');
  const exercise = page.locator('#exercise-quadratic-slope');
  await typeInto(page, '#cell-ex-quadratic-slope', 'function mySlope(w: number): number {\n  return slopeAt((v) => 3 * (v - 2) ** 2 + 1, w);\n}');
  await exercise.getByRole('button', { name: 'Check my answer' }).click();
  await expect(exercise.locator('[data-ex-results]')).toContainText('slopeAt is withheld in this exercise: write it yourself');
  await expect(exercise.locator('[data-ex-status]')).toHaveText('attempted');
});

test('an assignment of chapters only says so, not "0 of 0 exercises"', async ({ page }) => {
  await page.goto('/teachers/');
  await page.getByLabel('Title').fill('Read ahead');
  await page.locator(`input[name="chapter"][value="${first.chapter}"]`).check();
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.goto(await page.locator('[data-assign-link]').inputValue());
  await expect(page.locator('[data-assign-summary]')).toHaveText('No exercises are assigned: read the chapters and run their cells.');
});
