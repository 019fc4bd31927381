// What a cell shows in WebKit is what the build printed (issue 15, item 12): a runtime error's
// line, column and code frame (JavaScriptCore's stack has no place for code run by eval, as cells
// are: src/notebook/locate.ts), and the module's class names, not the minifier's (astro.config's
// keepNames). webkit.ts says how WebKit runs.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { click, skip, startWebKit, stateOf, text, trailOnFailure, typeCode, type WebKit } from './webkit.ts';

describe.skipIf(skip)('in WebKit', () => {
  let webkit: WebKit;
  beforeAll(async () => { webkit = await startWebKit(); }, 120_000);
  afterAll(async () => { await webkit?.close(); });
  trailOnFailure({ beforeEach, afterEach });

  test('the shape error, thrown in the module, shows the line and code frame the build printed', async () => {
    const { driver, errors } = await webkit.open('/chapters/data-as-matrices/');
    try {
      const printed = await text(driver, '#cell-shape-error .nb-error');
      expect(printed).toContain('matmul: inner dimensions differ (4×3 · 4×1) (line 2, column 1)');
      await click(driver, '#cell-shape-error [data-action="run"]');
      await stateOf(driver, 'cell-shape-error', /^error$/);
      expect(await text(driver, '#cell-shape-error .nb-error')).toBe(printed);
      expect(await errors()).toEqual([]);
    } finally {
      await driver.quit();
    }
  }, 120_000);

  test('a throw inside a function, and a TypeError in a callback, show their line and code frame', async () => {
    const { driver } = await webkit.open('/chapters/what-is-a-neural-network/');
    try {
      await typeCode(driver, 'cell-count-weights', 'function limit(x: number) {\n  if (x > 1) {\n    throw new RangeError(`x is ${x}, expected at most 1`);\n  }\n}\nlimit(2);');
      await click(driver, '#cell-count-weights [data-action="run"]');
      await stateOf(driver, 'cell-count-weights', /^error$/);
      // As V8 places it (tests/notebook/kernel.test.ts): at `new`, line 3, column 11.
      expect(await text(driver, '#cell-count-weights .nb-error-message')).toBe('RangeError: x is 2, expected at most 1 (line 3, column 11)');
      expect(await text(driver, '#cell-count-weights .nb-error-frame')).toBe('  2 |   if (x > 1) {\n> 3 |     throw new RangeError(`x is ${x}, expected at most 1`);\n    |           ^\n  4 |   }');

      await typeCode(driver, 'cell-count-weights', 'const xs = [1, null];\nxs.map((x) => x!.toFixed(1));');
      await click(driver, '#cell-count-weights [data-action="run"]');
      await stateOf(driver, 'cell-count-weights', /^error$/);
      expect(await text(driver, '#cell-count-weights .nb-error-message')).toMatch(/^TypeError: .* \(line 2, column 18\)$/);
    } finally {
      await driver.quit();
    }
  }, 120_000);

  test('the module’s classes keep their names, as the build printed them (not a minifier’s “Lt”)', async () => {
    const { driver } = await webkit.open('/chapters/what-is-a-neural-network/');
    try {
      await typeCode(driver, 'cell-build-network', 'import { NeuralNetwork, TrainingDivergedError } from "nn";\nconst net = new NeuralNetwork([[0, 0, 1]], [[0]], { seed: 2 });\n[net.constructor.name, TrainingDivergedError.name, net]');
      await click(driver, '#cell-build-network [data-action="run"]');
      await stateOf(driver, 'cell-build-network', /^ran$/);
      const output = await text(driver, '#cell-build-network [data-output]');
      expect(output).toContain('"NeuralNetwork"');
      expect(output).toContain('"TrainingDivergedError"');
      expect(output).toContain('NeuralNetwork {');
    } finally {
      await driver.quit();
    }
  }, 120_000);
});
