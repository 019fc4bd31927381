// Types in the editor (src/notebook/page/types.ts, src/notebook/types/): loaded on the first
// focus of an editor, type errors underlined and listed, completion of nn with its docs, hover,
// types flowing from one cell to the next, and the keyboard and screen readers served.
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, typeCode } from './pages.ts';

const chapter = '/chapters/what-is-a-neural-network/';
// TypeScript's first start in a fresh worker: allow for a busy 2-core machine.
const COLD = { timeout: 20_000 };

test.beforeEach(async ({ page }) => {
  await page.goto(chapter);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

const typesWorkerStarted = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('types-worker')));

test('nothing of the types loads before an editor is focused', async ({ page }) => {
  await page.mouse.wheel(0, 3000);
  await page.waitForTimeout(1500);
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
  expect(scripts.filter((s) => /types|typescript/i.test(s))).toEqual([]);
  expect(await typesWorkerStarted(page)).toBe(false);
});

test('a type error is underlined with the compiler message, announced, and listed above the output of a run', async ({ page }) => {
  const errors = collectErrors(page);
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'const a: number = "hello";\nconst b: string = a * 2;\nb');
  const underlines = cell.locator('.cm-lintRange-error');
  await expect(underlines).toHaveCount(2, COLD);
  await expect(underlines.first()).toHaveText('a');
  await expect(page.locator('[data-type-status]')).toHaveText(
    "2 type errors. Line 1, column 7: Type 'string' is not assignable to type 'number'. Line 2, column 7: Type 'number' is not assignable to type 'string'.",
  );
  // The errors inform, they do not block: the cell runs, and its output lists them first.
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  const listed = cell.locator('[data-output] [data-type-errors]');
  await expect(listed).toContainText('2 type errors (the code ran anyway)');
  await expect(listed.locator('li')).toHaveText([
    "line 1, column 7: Type 'string' is not assignable to type 'number'. (TS2322)",
    "line 2, column 7: Type 'number' is not assignable to type 'string'. (TS2322)",
  ]);
  await expect(cell.locator('[data-output] .nb-out').last()).toHaveText('NaN');
  expect(errors).toEqual([]);
});

test('types flow from one cell to the next: names of cells above, with their types', async ({ page }) => {
  const first = page.locator('#cell-build-network');
  const below = page.locator('#cell-count-weights');
  await typeCode(page, below, 'const shapeName: string = net.weights1;\nnet.');
  await expect(below.locator('.cm-lintRange-error').first()).toHaveText('shapeName', COLD);
  // The completion after `net.` offers NeuralNetwork's members, from the cell above.
  await page.keyboard.press('Control+Space');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await expect(options.filter({ hasText: /^feedforward/ })).toHaveCount(1, COLD);
  await page.keyboard.press('Escape');
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);

  // Change the cell above: the cell below follows its new type.
  await typeCode(page, first, 'const net = { weights1: "three by four" };');
  await below.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('weights1');
  await expect(below.locator('.cm-lintRange-error')).toHaveCount(0, COLD);
});

test('completing an nn import shows each name with its signature and docstring, by keyboard', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'import { ');
  await expect(page.locator('[data-type-status]')).toBeAttached(COLD); // the types have loaded
  await page.keyboard.type('zer'); // as a reader types: completion opens by itself
  const popup = page.locator('.cm-tooltip-autocomplete');
  await expect(popup.locator('li', { hasText: /^zeros/ })).toHaveCount(1, COLD);
  // Arrow to it, and its docs show beside the list.
  for (let i = 0; i < 10 && !(await popup.locator('li[aria-selected] ', { hasText: /^zeros/ }).count()); i++) await page.keyboard.press('ArrowDown');
  const info = page.locator('.cm-completionInfo');
  await expect(info.locator('.nb-type-signature')).toContainText('zeros(rows: number, cols: number): Matrix', COLD);
  await expect(info).toContainText('A rows×cols matrix of zeros.');
  // The list is a listbox the editor points at, for screen readers.
  await expect(popup.locator('[role="listbox"]')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(cell.locator('.cm-content')).toHaveText('import { zeros');
  // Escape closes the popup first; the next Escape leaves the editor, and Tab is never taken.
  await page.keyboard.insertText(' } from "nn";\n');
  await page.keyboard.type('zer');
  await expect(popup).toHaveCount(1, COLD);
  await page.keyboard.press('Escape');
  await expect(popup).toHaveCount(0);
  await expect(cell.locator('.cm-content')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(cell.locator('.cm-content')).not.toBeFocused();
});

test('hovering a name shows its signature and docstring', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'import { sigmoid } from "nn";\nsigmoid(0)');
  await expect(cell.locator('.cm-content')).toContainText('sigmoid(0)');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('types-worker')), null, COLD);
  const name = cell.locator('.cm-line').nth(1);
  const box = (await name.boundingBox())!;
  await page.mouse.move(box.x + 12, box.y + box.height / 2);
  const tooltip = page.locator('.cm-tooltip-hover .nb-type-docs');
  await expect(tooltip.locator('.nb-type-signature')).toContainText('sigmoid(', COLD);
});
