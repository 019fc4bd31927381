// Types in the editor (src/notebook/page/types.ts, src/notebook/types/): loaded when the reader
// focuses a cell's code, never on a scroll or a run; type errors underlined and listed; completion of nn with
// its docs, hover, types flowing from one cell to the next, the keyboard and screen readers
// served; and the runner first: no type check while a cell runs, and the chapter's own code
// shows exactly what the build printed.
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, typeCode } from './pages.ts';
import { cellOutputs, outputDifferences } from './cell-outputs.ts';

const chapter = '/chapters/what-is-a-neural-network/';
// TypeScript's first start in a fresh worker: allow for a busy 2-core machine.
const COLD = { timeout: 20_000 };

test.beforeEach(async ({ page }) => {
  await page.goto(chapter);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

const typesWorkerStarted = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('types-worker')));

const typesScripts = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js') && /types|typescript/i.test(n)));

test("the types start when the reader focuses a cell's code, before the first keystroke; not on scrolling or running", async ({ page }) => {
  await page.mouse.wheel(0, 3000);
  const cell = page.locator('#cell-count-weights');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  // The page has had idle moments now, with a finished run: still nothing of the types.
  for (let i = 0; i < 3; i++) await page.evaluate(() => new Promise((idle) => requestIdleCallback(idle)));
  expect(await typesScripts(page)).toEqual([]);
  expect(await typesWorkerStarted(page)).toBe(false);
  // Focusing the code starts them, without a keystroke: TypeScript's start overlaps the typing.
  await cell.locator('[data-code]').click();
  await expect(cell.locator('.cm-content')).toBeFocused();
  await expect.poll(() => typesWorkerStarted(page), COLD).toBe(true);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('\nconst late: string = weightCount;');
  await expect(cell.locator('.cm-lintRange-error')).toHaveText('late', COLD);
});

test('code that does not parse is not underlined: the run says what is wrong', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'const label: string = 1;');
  await expect(cell.locator('.cm-lintRange-error')).toHaveText('label', COLD);
  await page.keyboard.insertText('\nMath.max(1,');
  await expect(cell.locator('.cm-lintRange-error')).toHaveCount(0, COLD);
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'error', { timeout: 15_000 });
  await expect(cell.locator('[data-output] [data-type-errors]')).toHaveCount(0);
  await expect(cell.locator('[data-output]')).toContainText('SyntaxError');
});

test('no type check while a cell runs: the underline waits for the run to end', async ({ page }) => {
  const busy = page.locator('#cell-build-network');
  const typed = page.locator('#cell-count-weights');
  await typeCode(page, typed, 'const first: string = 1;');
  await expect(typed.locator('.cm-lintRange-error')).toHaveText('first', COLD); // the types are loaded and warm
  // Note, in the page, whether an underline ever shows while a cell is running.
  await page.evaluate(() => {
    const w = window as unknown as { underlinedWhileRunning: boolean };
    w.underlinedWhileRunning = false;
    new MutationObserver(() => {
      const second = [...document.querySelectorAll('#cell-count-weights .cm-lintRange-error')].some((e) => e.textContent === 'second');
      if (second && document.querySelector('[data-cell][data-state="running"]')) w.underlinedWhileRunning = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await typeCode(page, busy, 'const until = Date.now() + 4000;\nwhile (Date.now() < until) {}');
  await busy.getByRole('button', { name: 'Run cell' }).click();
  await expect(busy).toHaveAttribute('data-state', 'running');
  await typeCode(page, typed, 'const second: string = 2;');
  await expect(busy).toHaveAttribute('data-state', 'ran', { timeout: 30_000 });
  await expect(typed.locator('.cm-lintRange-error')).toHaveText('second', COLD);
  expect(await page.evaluate(() => (window as unknown as { underlinedWhileRunning: boolean }).underlinedWhileRunning)).toBe(false);
});

test("the chapter's own code shows exactly what the build printed, though a cell above now gives it type errors", async ({ page }) => {
  const above = page.locator('#cell-build-network');
  const below = page.locator('#cell-count-weights');
  const printed = (await page.evaluate(cellOutputs)).filter((c) => c.id === 'cell-count-weights');
  await below.getByRole('button', { name: 'Run cell' }).click();
  await expect(below).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  // Still 16 weights when run, but `"4" * 1` is a type error in the unchanged cell below.
  await typeCode(page, above, 'const net = { weights1: { rows: 3, cols: 4 }, weights2: { rows: "4", cols: 1 } };');
  await expect(page.locator('[data-type-status]')).toBeAttached(COLD); // the types have loaded
  await above.getByRole('button', { name: 'Run cell' }).click();
  await expect(below).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  await expect(below.locator('[data-output] [data-type-errors]')).toHaveCount(0);
  expect(outputDifferences(printed, (await page.evaluate(cellOutputs)).filter((c) => c.id === 'cell-count-weights'))).toEqual([]);
  // The same code, edited by the reader, lists the type error above its output.
  await typeCode(page, below, 'const n = net.weights2.rows * net.weights2.cols;\nn');
  await below.getByRole('button', { name: 'Run cell' }).click();
  await expect(below.locator('[data-output] [data-type-errors] li')).toHaveText([/^line 1, column 11: The left-hand side of an arithmetic operation/], COLD);
  await expect(below.locator('[data-output] .nb-out').last()).toHaveText('4');
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
  await typeCode(page, below, 'const shapeName: string = net.weights1;');
  await expect(below.locator('.cm-lintRange-error').first()).toHaveText('shapeName', COLD);
  await page.keyboard.insertText('\nnet.');
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

test('Escape leaves the editor while a completion is only being looked for, with no list on screen', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, '6 * 7');
  await expect(page.locator('[data-type-status]')).toBeAttached(COLD); // the types have loaded
  // A run elsewhere keeps every lookup waiting (the runner comes first, types.ts), so the one the
  // next keystrokes start stays pending: CodeMirror's own Escape would close that unseen lookup
  // and keep the reader in the editor (a CI run once hit the same with a run that ended quickly).
  const busy = page.locator('#cell-build-network');
  await typeCode(page, busy, 'const end = Date.now() + 3000;\nwhile (Date.now() < end);');
  await busy.getByRole('button', { name: 'Run cell' }).click();
  await expect(busy).toHaveAttribute('data-state', 'running');
  await cell.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(' + weigh');
  await page.keyboard.press('Escape');
  await expect(cell.getByRole('button', { name: 'Run cell' })).toBeFocused();
  // The lookup was dropped, not shown later over a cell the reader has left.
  await expect(busy).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);
});

test('a completion looked for as the reader leaves the editor is not shown over the cell they left', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, '6 * 7');
  await expect(page.locator('[data-type-status]')).toBeAttached(COLD); // the types have loaded
  // The reader types a name and at once clicks elsewhere (Run all, say): within the 50 ms before
  // CodeMirror starts the lookup, so the answer comes to an editor that no longer has the focus.
  await cell.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nMath.');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(2_000); // the lookup's answer: tens of milliseconds
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);
  // Back in the editor, the list comes as usual.
  await cell.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('a');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('abs', COLD);
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

test.describe('when the types worker cannot start', () => {
  // The service worker would answer from its cache; this test needs the network to fail once.
  test.use({ serviceWorkers: 'block' });

  // A worker whose script failed never answered: the editor waited on it forever, and no later
  // focus or edit tried again, so the types were gone until a reload.
  test('the editor stays a plain editor, the run is untouched, and the next focus starts a new worker', async ({ page }) => {
    // Refused until the test lets it load: typeCode clicks the code twice, and under load the
    // first refusal can land between the two clicks, so the second (a next focus, rightly) would
    // already start a worker that loads (a loaded run did so, with "refuse the first load" here).
    let refusing = true;
    let refused = 0;
    let served = 0;
    await page.route(/types-worker[^/]*\.js/, (route) => {
      if (refusing) {
        refused += 1;
        return route.abort();
      }
      served += 1;
      return route.continue();
    });
    const cell = page.locator('#cell-count-weights');
    await typeCode(page, cell, 'const first: string = 1;');
    await expect.poll(() => refused, COLD).toBeGreaterThan(0);
    await cell.getByRole('button', { name: 'Run cell' }).click();
    await expect(cell).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
    await expect(cell.locator('.cm-lintRange-error')).toHaveCount(0);
    refusing = false;
    await cell.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nconst second: string = 2;');
    await expect(cell.locator('.cm-lintRange-error').first()).toBeAttached(COLD);
    expect(served).toBeGreaterThanOrEqual(1);
  });
});
