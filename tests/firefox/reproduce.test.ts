// The book's cells rerun in Firefox print what the build printed (issue 15, item 11): the same
// test as tests/e2e/reproduce.spec.ts, in another engine (firefox.ts says how Firefox runs).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtPages } from '../e2e/pages.ts';
import { cellOutputs, outputDifferences } from '../e2e/cell-outputs.ts';
import { dist, ready, skip, startFirefox, type Firefox } from './firefox.ts';

describe.skipIf(skip)('in Firefox', () => {
  let firefox: Firefox;
  beforeAll(async () => { firefox = await startFirefox(); }, 120_000);
  afterAll(async () => { await firefox?.close(); });

  const chapters = ready ? builtPages(dist).filter((p) => p.startsWith('/chapters/') && p !== '/chapters/') : ['(none)'];
  test.each(chapters)('every cell of %s prints again what the book printed', async (path) => {
    const { page } = await firefox.open(path);
    try {
      const printed = await page.evaluate(cellOutputs);
      if (!printed.length) return;
      // A long honest run is let finish: this test is about the numbers, not the time limit.
      await page.evaluate(() => { setInterval(() => document.querySelector<HTMLButtonElement>('[data-limit="wait"]')?.click(), 500); });
      await page.waitForSelector('[data-notebook-action="run-all"]');
      await page.click('[data-notebook-action="run-all"]');
      await page.waitForFunction(
        (ids: string[]) => ids.every((id) => /^(ran|error)$/.test(document.getElementById(id)?.dataset.state ?? '')),
        { timeout: 300_000, polling: 250 }, printed.map((c) => c.id),
      );
      expect(outputDifferences(printed, await page.evaluate(cellOutputs))).toEqual([]);
    } finally {
      await page.browserContext().close();
    }
  }, 360_000);
});
