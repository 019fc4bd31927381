import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './pages.ts';

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

  // Progress survives a reload, in the exercise and in the sidebar.
  await page.waitForTimeout(400);
  await page.reload();
  await expect(exercise.locator('[data-ex-status]')).toHaveText('passed');
  await expect(page.locator(`.sidebar [data-chapter="${first.chapter}"] [data-progress-text]`)).toHaveText(/^[1-9]\d*\/\d+$/);
  expect(errors).toEqual([]);
});

test('teacher → assignment link → student checklist and banner → hand-in → review table', async ({ page, context }) => {
  test.setTimeout(90_000);
  // The teacher picks the first exercise and makes a link.
  await page.goto('/teachers/');
  await shot(page, 'teachers-guide');
  await page.getByLabel('Title').fill('Week 1: neurons');
  await page.getByLabel('Due date (optional)').fill('2026-12-01');
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
  await shot(page, 'assignment-checklist');
  await page.getByRole('link', { name: first.title }).click();
  await expect(page.locator('[data-assignment-banner]')).toContainText('Assigned in “Week 1: neurons”');
  await typeInto(page, `#cell-ex-${first.id}`, first.solution);
  await page.locator(`#exercise-${first.id}`).getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator(`#exercise-${first.id} [data-ex-status]`)).toHaveText('passed');
  await expect(page.locator('[data-assignment-banner]')).toContainText('1 of 1 exercise in this chapter passed');
  await page.waitForTimeout(400);

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
  await expect(rows.nth(1).locator('td.v-failed, td.v-error')).toHaveCount(1);
  await expect(rows.nth(1).locator('.flag')).toHaveCount(1); // recorded "passed" is not trusted
  await review.locator('#student-1 > summary').click();
  await expect(review.locator('#student-1')).toContainText('The rerun does not confirm that pass.');
  await shot(review, 'review-table');
  const [csv] = await Promise.all([review.waitForEvent('download'), review.getByRole('button', { name: 'Export the table as CSV' }).click()]);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\r\n')[0]).toBe(`student,handed in,${first.title.includes(',') ? `"${first.title}"` : first.title},passed,recorded passes not confirmed`);
  expect(text).toContain('Ada Lovelace');
  expect(text).toMatch(/Charles Babbage,[^,]+,(failed|error),0,1/);
});

test('progress can be saved as a file and loaded back', async ({ page }) => {
  await page.evaluate(({ chapter, id }) => {
    localStorage.setItem(`nnfs:v1:exercise:${chapter}:${id}`, JSON.stringify({ status: 'passed', updated: '2026-11-24T00:00:00Z' }));
  }, first);
  await page.goto('/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save my progress as a file' }).click()]);
  const file = readFileSync((await download.path())!, 'utf8');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('[data-import-progress]').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.locator('[data-progress-message]')).toHaveText(/^Loaded 1 entry from progress\.json\.$/);
  await expect(page.locator(`.chapter-card [data-chapter="${first.chapter}"] [data-progress-text]`)).toHaveText(/^1 of \d+ exercises? passed$/);
  await page.locator('[data-import-progress]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('nope') });
  await expect(page.locator('[data-progress-message]')).toHaveText('This file is not a progress file (it is not JSON).');
});
