// Output that cannot freeze the page: a huge value is summarised within a budget and expands on
// demand, a long log keeps its first and last lines in a box of bounded height, and the cell's
// value is always shown. (How long the page is blocked is measured by `npm run bench:page`.)
import { expect, test, type Locator } from '@playwright/test';
import { checkCount, collectErrors, seriousViolations, typeCode } from './pages.ts';

const chapter = '/chapters/what-is-a-neural-network/';

test.beforeEach(async ({ page }) => {
  await page.goto(chapter);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

/** Elements under the cell's output box. */
const outputSize = (cell: Locator) => cell.locator('[data-output]').evaluate((el) => el.getElementsByTagName('*').length);

test('a 100×100×100 nested array shows a summary at once, each level expands on demand, and the page never stops answering', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 0)))');
  // A heartbeat on the page's main thread: the longest gap between beats is how long the page
  // (and its Stop button) could not answer. Before the budget it was about 30 s.
  await page.evaluate(() => {
    const w = window as unknown as { gap: number };
    w.gap = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.gap = Math.max(w.gap, now - last);
      last = now;
    }, 20);
  });
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // Generous, for a busy machine: the figure itself is measured by `npm run bench:page`.
  expect(await page.evaluate(() => (window as unknown as { gap: number }).gap)).toBeLessThan(2_000);
  const root = cell.locator('.nb-inspect > details.nb-node');
  await expect(root.locator('> summary')).toHaveText(/^\[\[Array\(100\), Array\(100\), Array\(100\), … 97 more\], .*, … 90 more\]$/);
  // The page holds the top level only: 100 entries, not a million numbers.
  expect(await outputSize(cell)).toBeLessThan(1_000);

  // A level opens when asked: its rows are a table, built only then.
  const last = root.locator('> ul > li').last().locator('> details.nb-node');
  await expect(last.locator('> summary')).toHaveText(/^\[\[0, 0, 0, … 97 more\], \[0, 0, 0, … 97 more\], .*, … 90 more\]$/);
  await expect(last.locator('table')).toHaveCount(0);
  await last.locator('> summary').click();
  await expect(last.locator('table caption')).toHaveText('100×100 array (showing 12 of 100 rows, 10 of 100 columns)');
  await expect(last.locator('table tr')).toHaveCount(13);
  expect(await outputSize(cell)).toBeLessThan(2_000);
  expect(await seriousViolations(page, '#cell-count-weights')).toEqual([]);

  expect(errors).toEqual([]);
});

test('ten thousand logged lines keep the first 50 and the last 200 in a box of bounded height, and the value shows', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'for (let i = 0; i < 10000; i++) console.log("line " + i);\n"done"');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  const output = cell.locator('[data-output]');
  const lines = output.locator('pre.nb-text');
  await expect(lines).toHaveCount(250);
  await expect(lines.first()).toHaveText('line 0');
  await expect(lines.nth(49)).toHaveText('line 49');
  await expect(output.locator('.nb-omitted')).toHaveText('… 9,750 lines not shown (a cell keeps its first 50 and last 200)');
  await expect(lines.nth(50)).toHaveText('line 9800');
  await expect(lines.last()).toHaveText('line 9999');
  // The box scrolls instead of growing, and it opens at the end: the last lines and the value.
  const height = await cell.evaluate((el) => el.getBoundingClientRect().height);
  expect(height).toBeLessThan(1_000);
  const value = output.locator('.nb-string');
  await expect(value).toHaveText('"done"');
  const clipped = await value.evaluate((el) => {
    const box = el.closest('[data-output]')!.getBoundingClientRect();
    const own = el.getBoundingClientRect();
    return own.top < box.top || own.bottom > box.bottom;
  });
  expect(clipped).toBe(false);
  // Bring the box's bottom onto the screen (this scrolls the page, not the box).
  await output.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await expect(value).toBeInViewport();
  await expect(lines.last()).toBeInViewport();
  // A scrolling region is reachable from the keyboard.
  await expect(output).toHaveAttribute('tabindex', '0');
  expect(await seriousViolations(page, '#cell-count-weights')).toEqual([]);
});

// Issue 17 (red team): a hundred charts, each within a chart's limits, built 403,000 SVG elements
// and held the main thread for 17 s; `new Array(2 ** 32 - 1)` stopped the runner at its time
// limit, blamed on a loop. A run's outputs share one total, and an array costs what it holds.
test('twenty charts in one run draw what one chart may, and one note in place says what was left out', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const cell = page.locator('#cell-count-weights');
  // The twenty charts take about 2.5 s; a CI run on a machine loaded 6 times over reached the
  // 10 s limit, and the cell was stopped. The limit is not what this test is about: it answers
  // "Keep waiting" as a reader would.
  await page.addLocatorHandler(cell.getByRole('button', { name: 'Keep waiting' }), (button) => button.click());
  await typeCode(page, cell, 'for (let k = 0; k < 20; k++) display(Plot.dot(Array.from({ length: 4000 }, (_, i) => [i, (i * 7919) % 1000])).plot({ height: 100 }));\n"end"');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'ran', { timeout: 60_000 });
  await expect(cell.locator('.nb-plot svg')).toHaveCount(1);
  await expect(cell.locator('.nb-literal')).toHaveText([/^19 charts not drawn: this run's outputs reached their total of 5,000 chart elements and 2,000,000 characters/]);
  await expect(cell.locator('[data-output] .nb-string').last()).toHaveText('"end"');
  expect(await outputSize(cell)).toBeLessThan(6_000);
  expect(errors).toEqual([]);
});

test('an array of four billion holes, or with one element at its last index, shows at once', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'const a: number[] = [];\na[4294967294] = 1;\nconsole.log(new Array(2 ** 32 - 1));\na');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'ran', { timeout: 5_000 });
  await expect(cell.locator('[data-output] .nb-text')).toHaveText('[<4294967295 empty items>]');
  await expect(cell.locator('.nb-inspect > details.nb-node > summary')).toHaveText('[<4294967294 empty items>, 1]');
});

test('“Check my answer” on an attempt that gives the checks { rows: 20,000 objects }: each check shows the value’s start and its length, opens it in the inspector on demand, and the checklist stays small', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await page.goto('/chapters/the-sigmoid/');
  const exercise = page.locator('#exercise-my-sigmoid');
  await typeCode(
    page,
    page.locator('#cell-ex-my-sigmoid'),
    'function mySigmoid(z: number): any {\n  return { rows: Array.from({ length: 20000 }, (_, i) => ({ i, v: [i, i] })) };\n}',
  );
  await exercise.getByRole('button', { name: 'Check my answer' }).click();
  const results = exercise.locator('[data-ex-results]');
  await expect(results).toContainText(`0 of ${checkCount('my-sigmoid')} checks passed.`, { timeout: 45_000 });
  const got = results.locator('.nb-check-got').first();
  await expect(got).toContainText('got {"rows":[{"i":0,"v":[0,0]},{"i":1,"v":[1,1]}');
  await expect(got).toContainText('… (20,000 items)');
  // The whole value opens in the inspector, built when opened.
  const value = results.locator('details.nb-check-value').first();
  await expect(value.locator('li')).toHaveCount(0);
  await value.locator('summary').click();
  await expect(value.locator('.nb-key').first()).toHaveText('rows');
  // Before the bound, each check's text was 400 KB (3.9 MB for the checklist), cut only by the page.
  expect(await results.evaluate((el) => el.textContent!.length)).toBeLessThan(20_000);
  expect(errors).toEqual([]);
});
