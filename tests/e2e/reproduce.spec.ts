import { expect, test, type Page } from '@playwright/test';
import { builtPages } from './pages.ts';

// Rerunning unchanged code reproduces the printed output (issue 15, item 11). The build ran every
// cell in Node and printed what it got; here every cell of every chapter runs again in the
// browser, and each text output must be the same, digit for digit. Training runs are chaotic:
// one last-bit difference in an engine's Math.exp becomes other printed losses, which is why
// src/nn and the cells' Math use portable functions (src/nn/portable-math.ts).

const chapters = builtPages().filter((p) => p.startsWith('/chapters/') && p !== '/chapters/');

/** Each runnable cell's id and the text of its output (charts and their live parts aside). */
function outputs(page: Page) {
  return page.locator('[data-cell]:not([data-kind="display"])').evaluateAll((cells) => cells.map((cell) => {
    const output = cell.querySelector<HTMLElement>('[data-output]');
    const copy = output?.cloneNode(true) as HTMLElement | undefined;
    copy?.querySelectorAll('svg, figure, canvas, [data-no-copy], [data-outdated-note], button').forEach((el) => el.remove());
    // A cell the build leaves without output (an exercise's starter) says "(no output)" once run.
    const text = (copy?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { id: cell.id, text: text === '(no output)' ? '' : text };
  }));
}

for (const path of chapters) {
  test(`every cell of ${path} prints again what the book printed`, async ({ page }) => {
    test.setTimeout(600_000);
    await page.goto(path);
    const printed = await outputs(page);
    const controls = page.locator('[data-notebook-controls]');
    if (!printed.length) return;
    // A long honest run is let finish: this test is about the numbers, not the time limit.
    const keepWaiting = page.getByRole('button', { name: 'Keep waiting' });
    const waiter = setInterval(() => { void keepWaiting.first().click({ timeout: 200 }).catch(() => {}); }, 1000);
    try {
      await controls.getByRole('button', { name: 'Run all' }).click();
      for (const { id } of printed) {
        await expect(page.locator(`#${id}`)).toHaveAttribute('data-state', /^(ran|error)$/, { timeout: 300_000 });
      }
    } finally {
      clearInterval(waiter);
    }
    const rerun = await outputs(page);
    const differ = rerun.filter((cell, i) => cell.text !== printed[i].text).map((cell) => {
      const before = printed.find((p) => p.id === cell.id)!.text;
      let at = 0;
      while (at < before.length && before[at] === cell.text[at]) at++;
      return `${cell.id}: printed “…${before.slice(Math.max(0, at - 40), at + 60)}…”, rerun “…${cell.text.slice(Math.max(0, at - 40), at + 60)}…”`;
    });
    expect(differ).toEqual([]);
  });
}
