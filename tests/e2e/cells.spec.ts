import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectErrors, draftSaved, typeCode, watchMetaElements } from './pages.ts';
// lz-string is CommonJS: Playwright's loader takes only its default export (share.ts packs links with it).
import LZString from 'lz-string';

const chapter = '/chapters/what-is-a-neural-network/';

async function ranState(cell: Locator, state = 'ran') {
  await expect(cell).toHaveAttribute('data-state', state, { timeout: 15_000 });
}

test.beforeEach(async ({ page }) => {
  await page.goto(chapter);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

test('a cell shows its code and the build’s output before anything runs', async ({ page }) => {
  const cell = page.locator('#cell-build-network');
  await expect(cell.locator('[data-code]')).toContainText('new NeuralNetwork(X, y, { seed: 1 })');
  await expect(cell.locator('.nb-table caption')).toHaveText('3×4 matrix');
  await expect(cell.locator('[data-state-label]')).toHaveText('not run');
});

test('rerunning unchanged code reproduces the pre-rendered output exactly', async ({ page }) => {
  const cell = page.locator('#cell-build-network');
  const before = await cell.locator('[data-output]').innerHTML();
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell);
  expect(await cell.locator('[data-output]').innerHTML()).toBe(before);
  await expect(cell.locator('[data-count]')).toHaveText(' [1]');
});

test('edit → run → new output, and the cells below that use it rerun', async ({ page }) => {
  const errors = collectErrors(page);
  const build = page.locator('#cell-build-network');
  const count = page.locator('#cell-count-weights');
  await count.getByRole('button', { name: 'Run cell' }).click();
  await ranState(count);
  await expect(build).toHaveAttribute('data-state', 'ran'); // ran first, because count needs it
  await expect(count.locator('[data-output]')).toHaveText('16');

  await typeCode(page, build, 'import { NeuralNetwork } from "nn";\nconst X = [[0, 0, 1], [0, 1, 1]];\nconst y = [[0], [1]];\nconst net = new NeuralNetwork(X, y, { hidden: 6, seed: 2 });\nnet.weights1');
  await expect(build.locator('[data-modified]')).toBeVisible();
  await build.getByRole('button', { name: 'Run cell' }).click();
  await ranState(build);
  await expect(build.locator('.nb-table caption')).toHaveText('3×6 matrix');
  await expect(count.locator('[data-output]')).toHaveText('24'); // reactive rerun: 3·6 + 6·1
  expect(errors).toEqual([]);
});

test('the module’s classes keep their names in the page, as the build printed them (not a minifier’s “Lt”)', async ({ page }) => {
  const build = page.locator('#cell-build-network');
  await typeCode(page, build, 'import { NeuralNetwork, TrainingDivergedError } from "nn";\nconst net = new NeuralNetwork([[0, 0, 1]], [[0]], { seed: 2 });\n[net.constructor.name, TrainingDivergedError.name, net]');
  await build.getByRole('button', { name: 'Run cell' }).click();
  await ranState(build);
  await expect(build.locator('[data-output]')).toContainText('"NeuralNetwork"');
  await expect(build.locator('[data-output]')).toContainText('"TrainingDivergedError"');
  await expect(build.locator('[data-output]')).toContainText('NeuralNetwork {');
});

test('Shift+Enter and Ctrl+Enter run the cell from the keyboard; Escape leaves the editor', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, '6 * 7');
  await page.keyboard.press('Shift+Enter');
  await ranState(cell);
  await expect(cell.locator('[data-output]')).toHaveText('42');
  await page.keyboard.insertText(' + 1');
  await page.keyboard.press('Control+Enter');
  await expect(cell.locator('[data-output]')).toHaveText('43');
  await page.keyboard.press('Escape');
  await expect(cell.getByRole('button', { name: 'Run cell' })).toBeFocused();
});

test('a runaway loop is stopped with Stop while the page keeps answering', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await page.locator('#cell-build-network').getByRole('button', { name: 'Run cell' }).click();
  await ranState(page.locator('#cell-build-network'));
  await typeCode(page, cell, 'while (true) {}');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await expect(cell).toHaveAttribute('data-state', 'running');
  await expect(cell.locator('[data-state-label]')).toContainText('running…');
  // The page is alive: the theme toggle still works during the loop.
  const html = page.locator('html');
  const theme = await html.getAttribute('data-theme');
  await page.locator('[data-theme-toggle]').click();
  await expect(html).not.toHaveAttribute('data-theme', theme!);
  await cell.getByRole('button', { name: 'Stop' }).click();
  await expect(cell.locator('[data-state-label]')).toHaveText('stopped');
  await expect(page.locator('#cell-build-network')).toHaveAttribute('data-state', 'stale');
  const rerun = cell.getByRole('button', { name: 'Rerun it' });
  await expect(rerun).toBeVisible();
  await rerun.click();
  await ranState(page.locator('#cell-build-network'));
});

test('a loop that allocates without bound is stopped, by the time limit or when its worker runs out of memory, when nobody keeps it waiting', async ({ page }) => {
  test.setTimeout(60_000);
  const cell = page.locator('#cell-first-prediction');
  // About 40 MB a second: the limit comes first. (A loop that allocates as fast as it can runs
  // the worker out of memory within seconds, and Chromium then ends the whole tab: see README,
  // "How cells work".)
  await typeCode(page, cell, 'const hoard = [];\nwhile (true) {\n  hoard.push(new Array(1e4).fill(1.5));\n  const t = Date.now();\n  while (Date.now() - t < 2) {}\n}');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  // Memory pressure slows the whole machine, so the wait is generous; the page must answer throughout.
  await expect(cell.locator('[data-state-label]')).toHaveText('stopped', { timeout: 45_000 });
  await expect(cell.locator('[data-output]')).toContainText(/Stopped after 10 s|crashed \(out of memory\?\)/);
  await expect(page.locator('[data-theme-toggle]')).toBeEnabled();
});

test('at the time limit, a cell awaiting a promise that never settles is told it was waiting; one looping through timers, that it was running (another cell’s ticking interval aside)', async ({ page }) => {
  test.setTimeout(90_000);
  const cell = page.locator('#cell-count-weights');
  const stoppedWith = async (code: string, message: string) => {
    await typeCode(page, cell, code);
    await cell.getByRole('button', { name: 'Run cell' }).click();
    await expect(cell.locator('[data-state-label]')).toHaveText('stopped', { timeout: 30_000 });
    await expect(cell.locator('[data-output]')).toContainText(message);
  };
  await stoppedWith('await new Promise(() => {});', 'Stopped after 10 s: the cell was waiting, with nothing left to run, for a promise that never settled');
  await stoppedWith(
    'while (true) {\n  await new Promise((resolve) => setTimeout(resolve, 5));\n}',
    'Stopped after 10 s: the cell was still running, in steps its timers keep going. Is there a loop that never ends?',
  );
  // Another cell's interval, ticking all the while, is not this cell's work: it was still waiting.
  // Each tick keeps the worker busy for a while, so at the limit a tick is most likely under way
  // (a CI run blamed an idle ticking interval, caught mid-tick, and left this cell "not run").
  const other = page.locator('#cell-first-prediction');
  await typeCode(page, other, 'setInterval(() => {\n  const t = Date.now();\n  while (Date.now() - t < 60) {}\n}, 20);\n"ticking"');
  await other.getByRole('button', { name: 'Run cell' }).click();
  await ranState(other);
  await stoppedWith('await new Promise(() => {});', 'Stopped after 10 s: the cell was waiting, with nothing left to run, for a promise that never settled');
});

test('an error appears in the cell with its line and column and a code frame', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'import { matmul, fromArray } from "nn";\nconst A = fromArray([[1, 2, 3]]);\nmatmul(A, A)');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell, 'error');
  const error = cell.locator('.nb-error');
  await expect(error).toContainText('matmul: inner dimensions differ (1×3 · 1×3)');
  await expect(error.locator('.nb-error-place')).toHaveText('(line 3, column 1)');
  await expect(error.locator('.nb-error-frame')).toContainText('> 3 | matmul(A, A)');
});

test('a syntax error is placed in the reader’s code', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'const a = 1;\nconst b = ;');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell, 'error');
  await expect(cell.locator('.nb-error-name')).toHaveText('SyntaxError');
  await expect(cell.locator('.nb-error-place')).toContainText('line 2');
});

test('an edit survives a reload, shows as modified, and Revert restores the original', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, '1 + 1 // my edit');
  await draftSaved(page, 'count-weights', '1 + 1 // my edit');
  await page.reload();
  await expect(cell.locator('[data-modified]')).toBeVisible();
  await expect(cell.locator('[data-code]')).toContainText('1 + 1 // my edit');
  await cell.getByRole('button', { name: 'Revert' }).click();
  await expect(cell.locator('[data-code]')).toContainText('net.weights1.rows');
  await expect(cell.locator('[data-modified]')).toBeHidden();
  await page.reload();
  await expect(cell.locator('[data-code]')).toContainText('net.weights1.rows');
});

test('a draft made from an older version of the chapter shows the difference and both choices', async ({ page }) => {
  await page.evaluate(() => {
    localStorage.setItem('nnfs:v1:draft:what-is-a-neural-network:count-weights', JSON.stringify({
      code: 'weights1.rows * 4', base: '00000000', original: 'old chapter code', saved: '2026-01-01T00:00:00Z',
    }));
  });
  await page.reload();
  const cell = page.locator('#cell-count-weights');
  await expect(cell.locator('[data-notice]')).toContainText('This cell changed in the chapter since you edited it');
  await expect(cell.locator('.nb-diff-removed')).toContainText('old chapter code');
  await cell.getByRole('button', { name: 'Use the chapter’s new version' }).click();
  await expect(cell.locator('[data-code]')).toContainText('net.weights1.rows');
  // The reader's code is not lost: it is kept under the cell, and can be used again.
  const previous = cell.getByRole('group', { name: 'Your previous version' });
  await previous.getByText('Show your previous version').click();
  await expect(previous.locator('pre')).toHaveText('weights1.rows * 4');
});

test('corrupted storage never breaks the page', async ({ page }) => {
  const errors = collectErrors(page);
  await page.evaluate(() => localStorage.setItem('nnfs:v1:draft:what-is-a-neural-network:count-weights', '{broken'));
  await page.reload();
  const cell = page.locator('#cell-count-weights');
  await expect(cell.locator('[data-modified]')).toBeHidden();
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell);
  expect(errors).toEqual([]);
});

test('a full storage: the cell says its edit is not saved, keeps saying so after a run, and offers the edits as a progress file', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function setItem() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.reload();
  const errors = collectErrors(page);
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, 'const edited = 42;\nedited');
  const notice = cell.locator('[data-save-notice]');
  await expect(notice).toContainText("Your browser is not saving your work: the browser's storage for this site is full. Download it before you leave this page.");
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell);
  await expect(notice).toContainText('Your browser is not saving your work');
  // Not an assigned chapter: the button saves a progress file with the edit in it.
  const [download] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Download my work' }).click()]);
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(file.format).toBe('nn-from-scratch/progress');
  expect(JSON.parse(file.items['nnfs:v1:draft:what-is-a-neural-network:count-weights']).code).toBe('const edited = 42;\nedited');
  await expect(notice).toContainText('Load a progress file');
  expect(errors).toEqual([]);
});

test('Copy link shares the edited cells; opening it loads them with a notice and runs nothing', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const cell = page.locator('#cell-count-weights');
  await typeCode(page, cell, '"shared " + 40 + 2');
  await cell.getByRole('button', { name: 'Copy link' }).click();
  const link = await cell.locator('.nb-link').inputValue();
  expect(link).toContain('#cells=');
  await draftSaved(page, 'count-weights', '"shared " + 40 + 2'); // or it lands after the clear
  await page.evaluate(() => localStorage.clear());

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.locator('[data-notebook-banner]')).toContainText('Opened from a shared link: 1 cell shows');
  const shared = other.locator('#cell-count-weights');
  await expect(shared.locator('[data-code]')).toContainText('"shared " + 40 + 2');
  await expect(shared.locator('[data-state-label]')).toContainText('not run');
  await shared.getByRole('button', { name: 'Run cell' }).click();
  await ranState(shared);
  await expect(shared.locator('[data-output]')).toHaveText('"shared 402"');
});

test('reader code cannot reach the page: no document, no localStorage, no network', async ({ page }) => {
  const cell = page.locator('#cell-count-weights');
  const attempts: [string, RegExp][] = [
    ['document.title', /document is not available in code cells/],
    ['localStorage.getItem("x")', /localStorage is not available in code cells/],
    ['await fetch("/")', /fetch is not available in code cells/],
    ['new XMLHttpRequest()', /XMLHttpRequest is not available in code cells/],
    ['importScripts("/x.js")', /importScripts is not available in code cells/],
    // Building code from a string is the one road to import(url): every entrance is closed.
    ['eval("1 + 1")', /eval is not available in code cells: cells cannot build code from strings/],
    ['new Function("return 1")()', /Function is not available in code cells: cells cannot build code from strings/],
    ['new Function("return import(\'https://example.org/x.js\')")()', /The text "import\(" cannot appear in a code cell/],
    ['(async () => {}).constructor("return 1")', /Function.prototype.constructor is not a valid constructor. \(cells cannot build code from strings/],
    ['(function* () {}).constructor("yield 1")', /Function.prototype.constructor is not a valid constructor. \(cells cannot build code from strings/],
    ['setTimeout("1", 0)', /setTimeout with a string is not available in code cells/],
  ];
  for (const [code, message] of attempts) {
    await typeCode(page, cell, code);
    await cell.getByRole('button', { name: 'Run cell' }).click();
    await ranState(cell, 'error');
    await expect(cell.locator('.nb-error')).toContainText(message);
  }
  // Ordinary code still works after all that, including instanceof Function.
  await typeCode(page, cell, '[typeof Math.max, (() => 1) instanceof Function, [3, 1, 2].sort().join()]');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell);
  await expect(cell.locator('[data-output]')).toContainText('function');
  await expect(cell.locator('[data-output]')).toContainText('1,2,3');
});

test('the page has a Content-Security-Policy that allows only its own origin', async ({ page }) => {
  const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain("'unsafe-eval'");
});

test('a cell fits and runs on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  const cell = page.locator('#cell-count-weights');
  await cell.scrollIntoViewIfNeeded();
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

/** The playground with nothing stored: its first cell only. */
async function freshPlayground(page: Page) {
  await page.goto('/playground/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}

/** Adds a playground cell (`id`, the next one) and types `code` into it, as a reader would. */
async function addPlaygroundCell(page: Page, id: string, code: string) {
  await page.getByRole('button', { name: '+ Add a cell' }).click();
  await expect(page.locator(`#cell-${id} .cm-content`)).toBeFocused();
  await page.keyboard.insertText(code);
}

/** Opens a shared link of `cells` in this very tab, as a link pasted into its address bar: only the hash changes. */
async function openLinkHere(page: Page, cells: Record<string, string>) {
  await page.evaluate((hash) => { location.hash = hash; }, `#cells=${LZString.compressToEncodedURIComponent(JSON.stringify(cells))}`);
}

test('the playground runs a new cell and keeps it after a reload', async ({ page }) => {
  await freshPlayground(page);
  await page.getByRole('button', { name: '+ Add a cell' }).click();
  const cell = page.locator('#cell-p2');
  await expect(cell.locator('.cm-content')).toBeFocused();
  await page.keyboard.insertText('const doubled = net.output.data.map((v) => 2 * v);\ndoubled.length');
  await page.keyboard.press('Shift+Enter');
  await ranState(cell);
  await expect(cell.locator('[data-output]')).toHaveText('4');
  await expect(page.locator('#cell-p1')).toHaveAttribute('data-state', 'ran'); // run first: p2 needs net
  await draftSaved(page, 'p2', 'doubled.length');
  await page.reload();
  await expect(page.locator('#cell-p2 [data-code]')).toContainText('doubled.length');
});

test('the playground’s Start over removes the added cells and brings back the first cell’s code, also after a reload', async ({ page }) => {
  const errors = collectErrors(page);
  await freshPlayground(page);
  const first = page.locator('#cell-p1');
  await typeCode(page, first, '"my own code"');
  await addPlaygroundCell(page, 'p2', '1 + 1');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.locator('#cell-p2')).toHaveCount(0);
  await expect(first.locator('[data-code]')).not.toContainText('my own code');
  await expect(first.locator('[data-modified]')).toBeHidden(); // the code is the playground's own again
  await page.reload();
  await expect(page.locator('[data-cell]')).toHaveCount(1);
  await expect(page.locator('#cell-p1 [data-code]')).not.toContainText('my own code');
  expect(errors).toEqual([]);
});

test('a playground with added cells round-trips through a shared link, running nothing on open', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await freshPlayground(page);
  await addPlaygroundCell(page, 'p2', 'const answer = 6 * 7;\nanswer');
  await page.locator('#cell-p2').getByRole('button', { name: 'Copy link' }).click();
  const link = await page.locator('#cell-p2 .nb-link').inputValue();

  const other = await context.newPage();
  await other.goto('/playground/');
  await other.evaluate(() => localStorage.clear());
  await other.goto('about:blank');
  await other.goto(link); // a fresh load of the link, with nothing stored
  await expect(other.locator('[data-notebook-banner]')).toContainText('Opened from a shared link');
  const shared = other.locator('#cell-p2');
  await expect(shared.locator('[data-code]')).toContainText('const answer = 6 * 7;');
  await expect(shared.locator('[data-state-label]')).toContainText('not run');
  await shared.getByRole('button', { name: 'Run cell' }).click();
  await expect(shared).toHaveAttribute('data-state', 'ran', { timeout: 15_000 });
  await expect(shared.locator('[data-output]')).toHaveText('42');
});

// Red team 42: Delete took a playground cell's code and every version kept of it at once, with
// no confirmation and no way back.
test('a deleted playground cell keeps its code to restore, also after a reload, and a new cell never takes its number', async ({ page }) => {
  const errors = collectErrors(page);
  await freshPlayground(page);
  await addPlaygroundCell(page, 'p2', 'const kept = "my work";');
  await page.getByRole('button', { name: 'Delete cell 2' }).click(); // at once: before the save delay
  await expect(page.locator('#cell-p2')).toHaveCount(0);
  const bar = page.locator('[data-deleted-cells]');
  await expect(bar).toContainText('Deleted cell, kept in this browser:');
  await page.getByRole('button', { name: '+ Add a cell' }).click();
  await expect(page.locator('#cell-p3')).toHaveCount(1);
  await page.reload();
  await expect(page.locator('#cell-p2')).toHaveCount(0);
  await bar.getByRole('button', { name: 'Restore cell 2' }).click();
  const restored = page.locator('#cell-p2');
  await expect(restored.locator('[data-code]')).toContainText('const kept = "my work";');
  await expect(restored.locator('[data-notice]')).toHaveText('Showing your saved code.');
  // Its output is empty: nothing there to call the chapter's (the screenshot showed it did).
  await expect(restored.locator('[data-outdated-note]')).toHaveCount(0);
  await expect(bar).toBeHidden();
  // In its place, between the first cell and the third.
  expect(await page.locator('[data-cell]').evaluateAll((els) => els.map((el) => el.id))).toEqual(['cell-p1', 'cell-p2', 'cell-p3']);
  await page.reload();
  await expect(page.locator('#cell-p2 [data-code]')).toContainText('const kept = "my work";');
  expect(errors).toEqual([]);
});

// Red team 42: a link pasted into an open playground gave its first cell the sender's code and
// dropped the cell the page had not, saying it was "no longer on this page".
test('a link opened in a playground already open brings the cells it has and the page has not', async ({ page }) => {
  await freshPlayground(page);
  await addPlaygroundCell(page, 'p2', '"my own second cell"');
  await draftSaved(page, 'p2', 'my own second cell');
  await openLinkHere(page, { p1: '"their first"', p3: '"their third"' });
  await expect(page.locator('#cell-p3 [data-code]')).toContainText('"their third"');
  await expect(page.locator('#cell-p1 [data-code]')).toContainText('"their first"');
  await expect(page.locator('#cell-p2 [data-code]')).toContainText('"my own second cell"');
  const banner = page.locator('[data-notebook-banner]');
  await expect(banner).toContainText('Opened from a shared link: 2 cells show the sender’s code');
  await expect(banner).not.toContainText('no longer on this page');
  await draftSaved(page, 'p3', 'their third');
  await page.reload();
  await expect(page.locator('#cell-p3 [data-code]')).toContainText('"their third"');
});

// Red team 44: a link's cell id p999999999999999999999 made the next added cell "p1e+21", and
// the playground's list of cells, no longer valid, was dropped at the next load with the cells'
// work; p9007199254740992 (2^53) gave two cells one id.
test('a link naming cells the playground cannot have makes none, and the reader’s cells stay', async ({ page }) => {
  await freshPlayground(page);
  await addPlaygroundCell(page, 'p2', '"my second cell"');
  await draftSaved(page, 'p2', 'my second cell');
  const cells = { p999999999999999999999: '"huge"', p9007199254740992: '"2^53"', p0: '"zero"', p01: '"leading zero"', p5: '"five"' };
  await openLinkHere(page, cells);
  await expect(page.locator('#cell-p5 [data-code]')).toContainText('"five"');
  await page.getByRole('button', { name: '+ Add a cell' }).click();
  const ids = () => page.locator('[data-cell]').evaluateAll((els) => els.map((el) => el.id));
  expect(await ids()).toEqual(['cell-p1', 'cell-p2', 'cell-p5', 'cell-p6']);
  await page.reload();
  expect(await ids()).toEqual(['cell-p1', 'cell-p2', 'cell-p5', 'cell-p6']);
  await expect(page.locator('#cell-p2 [data-code]')).toContainText('"my second cell"');
});

test('rerunning an unchanged chart reproduces the pre-rendered one exactly: the build and the page sanitise alike', async ({ page }) => {
  await page.goto('/chapters/the-sigmoid/');
  const output = page.locator('#cell-plot [data-output]');
  const before = await output.innerHTML();
  expect(before).toContain('<figure');
  await page.locator('#cell-plot').getByRole('button', { name: 'Run cell' }).click();
  await ranState(page.locator('#cell-plot'));
  expect(await output.innerHTML()).toBe(before);
});

test('a chart whose markup the reader rewrote stays in its output box and cannot redirect the page', async ({ page }) => {
  const path = '/chapters/the-sigmoid/';
  await page.goto(path);
  const origin = new URL(page.url()).origin;
  const offSite: string[] = [];
  // The code runner's own worker starts from a blob: URL of this origin (public/kernel/host.js).
  page.on('request', (request) => { if (!request.url().startsWith(origin) && !request.url().startsWith(`blob:${origin}/`)) offSite.push(request.url()); });
  const metaAdded = await watchMetaElements(page);
  const cell = page.locator('#cell-plot');
  // Plot builds the chart in the worker; the reader can still replace what is inside it.
  await typeCode(page, cell, [
    'const el = Plot.plot({ marks: [Plot.dot([[1, 2]])] });',
    'el.innerHTML = \'<div style="position:fixed;inset:0;background:red;z-index:99999">pwned</div>\' +',
    '  \'<meta http-equiv="refresh" content="0;url=https://example.org">\';',
    'el',
  ].join('\n'));
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await ranState(cell);
  await expect(cell.locator('[data-output]')).toContainText('pwned'); // the text stays, as text in the box
  expect(await metaAdded()).toEqual([]); // so no refresh can come
  expect(new URL(page.url()).pathname).toBe(path);
  await expect(page.locator('meta[http-equiv="refresh" i]')).toHaveCount(0);
  const corners = () => page.evaluate(() => {
    const output = document.querySelector('#cell-plot [data-output]')!;
    const { innerWidth: w, innerHeight: h } = window;
    return [[2, 2], [w - 20, 2], [2, h - 2], [w - 20, h - 2]]
      .filter(([x, y]) => output.contains(document.elementFromPoint(x, y)))
      .map(([x, y]) => `${x},${y}`);
  });
  expect(await corners()).toEqual([]);
  // Were the sanitiser ever to let a fixed overlay through, the output box still holds it.
  await page.evaluate(() => {
    const overlay = document.createElement('div');
    overlay.style.cssText = 'position:fixed;inset:0;background:red;z-index:99999';
    document.querySelector('#cell-plot [data-output]')!.append(overlay);
  });
  expect(await corners()).toEqual([]);
  expect(offSite).toEqual([]);
});
