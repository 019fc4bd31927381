// The book works in WebKit (issue 15, item 10): a chapter renders with its math, a cell runs, a
// runaway loop stops, an exercise checks, the digits trainer trains. webkit.ts says how.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { By } from 'selenium-webdriver';
import { click, dist, ready, skip, startWebKit, stateOf, text, typeCode, waitInPage, type WebKit } from './webkit.ts';

const exercise = ready
  ? (JSON.parse(readFileSync(join(dist, 'exercises.json'), 'utf8')) as { exercises: { chapter: string; id: string; solution: string }[] }).exercises[0]
  : null;

describe.skipIf(skip)('in WebKit', () => {
  let webkit: WebKit;
  beforeAll(async () => { webkit = await startWebKit(); }, 120_000);
  afterAll(async () => { await webkit?.close(); });

  test('a chapter renders with its math typeset, a cell runs, and a runaway loop is stopped', async () => {
    const { driver, errors } = await webkit.open('/chapters/what-is-a-neural-network/');
    try {
      expect(await text(driver, 'h1')).toBeTruthy();
      expect(await driver.executeScript('return document.querySelectorAll(".katex").length')).toBeGreaterThan(0);
      await click(driver, '#cell-count-weights [data-action="run"]');
      await stateOf(driver, 'cell-count-weights', /^ran$/);
      expect(await text(driver, '#cell-count-weights [data-output]')).toBe('16');

      await typeCode(driver, 'cell-count-weights', 'while (true) {}');
      await click(driver, '#cell-count-weights [data-action="run"]');
      await stateOf(driver, 'cell-count-weights', /^running$/);
      await click(driver, '#cell-count-weights [data-action="stop"]');
      await waitInPage(driver, 'return document.querySelector("#cell-count-weights [data-state-label]")?.textContent === "stopped"', [], 30_000, 'the cell to say “stopped”');
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 120_000);

  test('an exercise checks: its solution passes', async () => {
    const { driver, errors } = await webkit.open(`/chapters/${exercise!.chapter}/`);
    try {
      await typeCode(driver, `cell-ex-${exercise!.id}`, exercise!.solution);
      await click(driver, `#exercise-${exercise!.id} [data-ex-check]`);
      const status = `#exercise-${exercise!.id} [data-ex-status]`;
      await waitInPage(driver, 'return document.querySelector(arguments[0])?.textContent === "passed"', [status], 60_000, 'the exercise to pass')
        .catch(async (error: Error) => { throw new Error(`${error.message}: the exercise says “${await text(driver, status)}”, “${await text(driver, `#exercise-${exercise!.id} [data-ex-results]`)}”`); });
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 120_000);

  test('the digits trainer trains in its worker to above 90% on the test digits', async () => {
    const { driver, errors } = await webkit.open('/chapters/handwritten-digits/');
    try {
      await waitInPage(driver, 'return !!document.querySelector("digits-trainer button:not([disabled])")', [], 60_000, 'the trainer to be ready');
      const buttons = await driver.findElements(By.css('digits-trainer button'));
      const names = await Promise.all(buttons.map((b) => b.getText()));
      await buttons[names.findIndex((name) => name.trim() === 'Train')].click();
      // The status reads "Epoch 10 of 10" while the last epoch runs; the summary comes when it ends.
      await waitInPage(driver, 'return !!document.querySelector("digits-trainer .dt-summary")?.textContent?.includes("Trained for 10 epochs in")', [], 90_000, 'the summary of 10 epochs');
      const summary = await text(driver, 'digits-trainer .dt-summary');
      expect(summary).toContain('Trained for 10 epochs in');
      expect(Number(/Test accuracy: ([\d.]+)%/.exec(summary)?.[1])).toBeGreaterThan(90);
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 150_000);
});
