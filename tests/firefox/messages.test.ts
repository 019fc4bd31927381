// A runtime error in Firefox shows the line, column and code frame the build printed (issue 15,
// item 12), as tests/webkit/messages.test.ts checks in WebKit. firefox.ts says how Firefox runs.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { skip, startFirefox, stateOf, typeCode, type Firefox } from './firefox.ts';

const text = (page: import('puppeteer-core').Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

describe.skipIf(skip)('in Firefox', () => {
  let firefox: Firefox;
  beforeAll(async () => { firefox = await startFirefox(); }, 120_000);
  afterAll(async () => { await firefox?.close(); });

  test('the shape error, thrown in the module, shows the line and code frame the build printed', async () => {
    const { page, errors } = await firefox.open('/chapters/data-as-matrices/');
    try {
      const printed = await text(page, '#cell-shape-error .nb-error');
      expect(printed).toContain('matmul: inner dimensions differ (4×3 · 4×1) (line 2, column 1)');
      await page.click('#cell-shape-error [data-action="run"]');
      await stateOf(page, 'cell-shape-error', /^error$/);
      expect(await text(page, '#cell-shape-error .nb-error')).toBe(printed);
      expect(errors).toEqual([]);
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  test('a throw inside a function shows its line and code frame', async () => {
    const { page } = await firefox.open('/chapters/what-is-a-neural-network/');
    try {
      await typeCode(page, 'cell-count-weights', 'function limit(x: number) {\n  if (x > 1) {\n    throw new RangeError(`x is ${x}, expected at most 1`);\n  }\n}\nlimit(2);');
      await page.click('#cell-count-weights [data-action="run"]');
      await stateOf(page, 'cell-count-weights', /^error$/);
      // As V8 places it (tests/notebook/kernel.test.ts): at `new`, line 3, column 11.
      expect(await text(page, '#cell-count-weights .nb-error-message')).toBe('RangeError: x is 2, expected at most 1 (line 3, column 11)');
      expect(await text(page, '#cell-count-weights .nb-error-frame')).toBe('  2 |   if (x > 1) {\n> 3 |     throw new RangeError(`x is ${x}, expected at most 1`);\n    |           ^\n  4 |   }');
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);
});
