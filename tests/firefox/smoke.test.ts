// The book works in Firefox (issue 15, item 10): a chapter renders with its math, a cell runs, a
// runaway loop stops, an exercise checks, the digits trainer trains. firefox.ts says how.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MATHML_ARITY } from '../../src/markdown/remark-math-strict.mjs';
import { dist, ready, skip, startFirefox, stateOf, typeCode, type Firefox } from './firefox.ts';

const exercise = ready
  ? (JSON.parse(readFileSync(join(dist, 'exercises.json'), 'utf8')) as { exercises: { chapter: string; id: string; solution: string }[] }).exercises[0]
  : null;
const text = (page: import('puppeteer-core').Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

describe.skipIf(skip)('in Firefox', () => {
  let firefox: Firefox;
  beforeAll(async () => { firefox = await startFirefox(); }, 120_000);
  afterAll(async () => { await firefox?.close(); });

  test('a chapter renders with its math typeset, a cell runs, and a runaway loop is stopped', async () => {
    const { page, errors } = await firefox.open('/chapters/what-is-a-neural-network/');
    try {
      expect(await page.$eval('h1', (el) => el.textContent)).toBeTruthy();
      expect(await page.$$eval('.katex', (els) => els.length)).toBeGreaterThan(0);
      // The finished page's MathML is sound (firefox.ts sets aside what Firefox logs while parsing).
      const malformed = await page.evaluate((arity: Record<string, number>) =>
        Object.entries(arity).flatMap(([tag, n]) => [...document.getElementsByTagName(tag)].filter((el) => el.children.length !== n).map((el) => el.outerHTML)),
      MATHML_ARITY);
      expect(malformed).toEqual([]);
      await page.click('#cell-count-weights [data-action="run"]');
      await stateOf(page, 'cell-count-weights', /^ran$/);
      expect(await text(page, '#cell-count-weights [data-output]')).toBe('16');

      await typeCode(page, 'cell-count-weights', 'while (true) {}');
      await page.click('#cell-count-weights [data-action="run"]');
      await stateOf(page, 'cell-count-weights', /^running$/);
      await page.click('#cell-count-weights [data-action="stop"]');
      await page.waitForFunction(() => document.querySelector('#cell-count-weights [data-state-label]')?.textContent === 'stopped', { timeout: 30_000 });
      expect(errors).toEqual([]);
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  // Each run draws with a Plot of its own, evaluated from d3's and Plot's bundles in the worker
  // (plot-instance.ts): that needs the worker to build code from text, which its CSP allows.
  test('a chart cell draws in the worker, twice, each run with a Plot of its own', async () => {
    const { page, errors } = await firefox.open('/chapters/the-sigmoid/');
    try {
      for (let run = 0; run < 2; run++) {
        await page.click('#cell-plot [data-action="run"]');
        await stateOf(page, 'cell-plot', /^ran$/);
        expect(await page.$$eval('#cell-plot [data-output] svg path', (paths) => paths.filter((p) => /^M[\d.]+,[\d.]+L/.test(p.getAttribute('d') ?? '')).length)).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  test('an exercise checks: its solution passes', async () => {
    const { page, errors } = await firefox.open(`/chapters/${exercise!.chapter}/`);
    try {
      await typeCode(page, `cell-ex-${exercise!.id}`, exercise!.solution);
      await page.click(`#exercise-${exercise!.id} [data-ex-check]`);
      const status = `#exercise-${exercise!.id} [data-ex-status]`;
      await page.waitForFunction((selector: string) => document.querySelector(selector)?.textContent === 'passed', { timeout: 60_000, polling: 250 }, status)
        .catch(async (error: Error) => { throw new Error(`${error.message}: the exercise says “${await text(page, status)}”, “${await text(page, `#exercise-${exercise!.id} [data-ex-results]`)}”`); });
      expect(errors).toEqual([]);
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  test('the digits trainer trains in its worker to above 90% on the test digits', async () => {
    const { page, errors } = await firefox.open('/chapters/handwritten-digits/');
    try {
      await page.waitForSelector('digits-trainer button:not([disabled])');
      const train = await page.$$('digits-trainer button');
      const names = await Promise.all(train.map((b) => b.evaluate((el) => el.textContent?.trim())));
      await train[names.indexOf('Train')].click();
      // The status reads "Epoch 10 of 10" while the last epoch runs; the summary comes when it ends.
      await page.waitForFunction(() => document.querySelector('digits-trainer .dt-summary')?.textContent?.includes('Trained for 10 epochs in'), { timeout: 90_000, polling: 250 });
      const summary = await text(page, 'digits-trainer .dt-summary');
      expect(summary).toContain('Trained for 10 epochs in');
      expect(Number(/Test accuracy: ([\d.]+)%/.exec(summary)?.[1])).toBeGreaterThan(90);
      expect(errors).toEqual([]);
    } finally {
      await page.browserContext().close();
    }
  }, 150_000);
});
