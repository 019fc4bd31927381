import { expect, test } from '@playwright/test';
import { builtPages } from './pages.ts';
import { cellOutputs, outputDifferences } from './cell-outputs.ts';

// Rerunning unchanged code reproduces the printed output (issue 15, item 11). The build ran every
// cell in Node and printed what it got; here every cell of every chapter runs again in the
// browser, and each text output must be the same, digit for digit. Training runs are chaotic:
// one last-bit difference in an engine's Math.exp becomes other printed losses, which is why
// src/nn and the cells' Math use portable functions (src/nn/portable-math.ts). The same test
// runs in Firefox: tests/firefox/reproduce.test.ts.

const chapters = builtPages().filter((p) => p.startsWith('/chapters/') && p !== '/chapters/');

for (const path of chapters) {
  test(`every cell of ${path} prints again what the book printed`, async ({ page }) => {
    test.setTimeout(600_000);
    await page.goto(path);
    const printed = await page.evaluate(cellOutputs);
    if (!printed.length) return;
    // A long honest run is let finish: this test is about the numbers, not the time limit.
    await page.evaluate(() => setInterval(() => document.querySelector<HTMLButtonElement>('[data-limit="wait"]')?.click(), 500));
    await page.locator('[data-notebook-controls]').getByRole('button', { name: 'Run all' }).click();
    for (const { id } of printed) {
      await expect(page.locator(`#${id}`)).toHaveAttribute('data-state', /^(ran|error)$/, { timeout: 300_000 });
    }
    expect(outputDifferences(printed, await page.evaluate(cellOutputs))).toEqual([]);
  });
}
