import { describe, expect, it } from 'vitest';
import { fromArray, zeros, type Matrix } from '../../src/nn/index.ts';
import { CHECK_TEXT_BUDGET, createChecker, handedBack, MAX_DESCRIBED, PREDICTED_NOTE } from '../../src/notebook/checks.ts';
import { renderDisplay } from '../../src/notebook/render.ts';
import { inspectForChecks, type InspectNode } from '../../src/notebook/display.ts';

describe('exercise checks', () => {
  it('close passes within the tolerance and reports got and expected when it fails', () => {
    const round = createChecker('code');
    const { check } = round;
    check.close(0.25, 0.25, { label: 'exact' });
    check.close(0.2500001, 0.25, { tol: 1e-6, label: 'within tolerance' });
    check.close(0.3, 0.25, { label: 'too far' });
    expect(round.results()).toEqual([
      { label: 'exact', pass: true, got: '0.25', expected: '0.25', note: undefined },
      { label: 'within tolerance', pass: true, got: '0.25', expected: '0.25', note: undefined },
      { label: 'too far', pass: false, got: '0.3', expected: '0.25', note: 'allowed difference 1e-6' },
    ]);
  });

  it('close compares matrices and arrays element-wise and names the first bad position', () => {
    const round = createChecker('code');
    const { check } = round;
    check.close(fromArray([[1, 2], [3, 4]]), fromArray([[1, 2], [3, 4]]));
    check.close(fromArray([[1, 2], [3, 5]]), fromArray([[1, 2], [3, 4]]), { label: 'm' });
    check.close([1, 2, 3], [1, 2], { label: 'sizes' });
    check.close([[1, 2], [3, 4]], [[1, 2], [3, 4]], { label: 'rows' });
    const [ok, bad, sizes, rows] = round.results();
    expect(ok.pass).toBe(true);
    expect(bad).toMatchObject({ pass: false, got: '2×2 matrix [[1, 2], [3, 5]]', note: '1 of 4 entries differ; the first at row 1, column 1 (5 instead of 4); allowed difference 1e-6' });
    expect(sizes).toMatchObject({ pass: false, note: 'shape 3 numbers, expected 2 numbers', got: '3 numbers: [1, 2, 3]', expected: '2 numbers: [1, 2]' });
    expect(rows.pass).toBe(true);
  });

  // Red team 54: "got 0.5, expected 0.5" failed: six digits printed two numbers alike; and the
  // note named "position 16", the largest difference, counted from 1.
  it('close shows numbers that print alike in full, with their difference, and names the first entry off, from 0', () => {
    const round = createChecker('code');
    const { check } = round;
    check.close(0.500000025, 0.5, { tol: 1e-12, label: 'one' });
    check.close([0.1, 0.2, 0.500000025, 9], [0.1, 0.2, 0.5, 7], { tol: 1e-12, label: 'list' });
    check.close(fromArray([[0, 0], [0, 0]]), fromArray([[1, 0], [0, 2]]), { label: 'grid' });
    check.close(0.25, 0.5, { label: 'plain' });
    const [one, list, grid, plain] = round.results();
    expect(one).toMatchObject({ got: '0.500000025', expected: '0.5', note: 'they differ by 2.5e-8; allowed difference 1e-12' });
    expect(list.note).toBe('2 of 4 entries differ; the first at index 2 (0.500000025 instead of 0.5, a difference of 2.5e-8); allowed difference 1e-12');
    expect(grid.note).toBe('2 of 4 entries differ; the first at row 0, column 0 (0 instead of 1); allowed difference 1e-6');
    expect(plain).toMatchObject({ got: '0.25', expected: '0.5', note: 'allowed difference 1e-6' });
  });

  // Red team 54: a "predict without running" exercise showed "expected [3, 3]" on the first wrong
  // try; the student typed it and passed.
  it('a check of a predicted value shows what the reader gave, never what was expected, when it fails', () => {
    const round = createChecker('code');
    const { check } = round;
    check.equal([3, 4], [3, 3], { label: 'shape', predicted: true });
    check.close(1.5, 1, { label: 'loss', predicted: true });
    check.equal([3, 3], [3, 3], { label: 'right', predicted: true });
    const [shape, loss, right] = round.results();
    expect(shape).toEqual({ label: 'shape', pass: false, got: '[3, 4]', note: PREDICTED_NOTE });
    expect(loss).toEqual({ label: 'loss', pass: false, got: '1.5', note: PREDICTED_NOTE });
    expect(right).toMatchObject({ pass: true });
  });

  it('close fails on NaN and on a missing return value', () => {
    const round = createChecker('code');
    const { check } = round;
    check.close(NaN, 1, { label: 'nan' });
    check.close(undefined, 1, { label: 'nothing' });
    const [nan, nothing] = round.results();
    expect(nan).toMatchObject({ pass: false, got: 'NaN' });
    expect(nothing).toMatchObject({ pass: false, got: 'undefined (no value: did a function not return one, or is a name misspelt?)', note: 'expected numbers here' });
  });

  it('shape, finite, equal and that', () => {
    const round = createChecker('code');
    const { check } = round;
    check.shape(zeros(4, 3), [4, 3], { label: 'X' });
    check.shape(zeros(3, 4), [4, 3], { label: 'W' });
    check.finite(fromArray([[1, 2]]), { label: 'fine' });
    check.finite([1, Infinity], { label: 'blown up' });
    check.equal({ a: [1, 2] }, { a: [1, 2] }, { label: 'deep' });
    check.that(2 > 3, 'two is more than three', { got: 2, expected: 'more than 3' });
    const r = round.results();
    expect(r.map((x) => [x.label, x.pass])).toEqual([['X', true], ['W', false], ['fine', true], ['blown up', false], ['deep', true], ['two is more than three', false]]);
    expect(r[1]).toMatchObject({ got: '3×4', expected: '4×3' });
    expect(r[3].got).toBe('Infinity at position 2');
  });

  it('gradients accepts a correct gradient and rejects one with the wrong sign', () => {
    // L(w) = Σ w², so ∂L/∂w = 2w.
    const w: Matrix = fromArray([[0.5, -1.5], [2, 0.25]]);
    const lossOf = () => w.data.reduce((s, v) => s + v * v, 0);
    const right = fromArray([[1, -3], [4, 0.5]]);
    const wrong = fromArray([[-1, 3], [-4, -0.5]]);
    const round = createChecker('code');
    const { check } = round;
    check.gradients(lossOf, [w], [right], { label: 'right' });
    check.gradients(lossOf, [w], [wrong], { label: 'wrong' });
    check.gradients(lossOf, [w], [zeros(1, 2)], { label: 'shape' });
    const [good, bad, shape] = round.results();
    expect(good.pass).toBe(true);
    expect(bad.pass).toBe(false);
    expect(bad.got).toMatch(/^worst relative error 2 \(matrix 1, row \d, column \d: yours/);
    expect(shape).toMatchObject({ pass: false, got: 'gradient 1: 1×2', expected: '2×2, the shape of its parameter' });
    expect(w.data[0]).toBe(0.5); // parameters restored
  });

  it('a round displays as a checklist, and takes no checks once it is closed', () => {
    const round = createChecker('code');
    round.check.that(true, 'one');
    round.check.that(false, 'two');
    round.close();
    expect(() => round.check.that(true, 'late')).toThrow('check: these checks are over; a check made after they finished does not count');
    const html = renderDisplay({ kind: 'checks', results: round.results() });
    expect(html).toContain('<p class="nb-checks-summary">1 of 2 checks passed.</p>');
    expect(html).toContain('<span class="visually-hidden">Failed: </span><span class="nb-check-label">two</span>');
    expect(html).not.toContain('late');
  });

  it('the checklist counts in words: one check is not "All 1 checks"', () => {
    const summary = (passes: boolean[]) => {
      const html = renderDisplay({ kind: 'checks', results: passes.map((pass, i) => ({ label: `c${i}`, pass })) });
      return /<p class="nb-checks-summary">([^<]*)<\/p>/.exec(html)![1];
    };
    expect(summary([true])).toBe('The 1 check passed.');
    expect(summary([false])).toBe('0 of 1 check passed.');
    expect(summary([true, true, true, true, true])).toBe('All 5 checks passed.');
    expect(summary([true, false])).toBe('1 of 2 checks passed.');
    expect(summary([])).toBe('No checks ran.');
  });

  // A red team's answer raised an error at the sixth check; the checklist above the error said
  // "All 5 checks passed.", on the chapter page and on the review page.
  it('a checklist an error stopped counts the checks that ran and says the rest did not', () => {
    const summary = (passes: boolean[]) => {
      const html = renderDisplay({ kind: 'checks', results: passes.map((pass, i) => ({ label: `c${i}`, pass })), stopped: true });
      return /<p class="nb-checks-summary">([^<]*)<\/p>/.exec(html)![1];
    };
    expect(summary([true, true, true, true, true])).toBe('The checks stopped at an error after 5 checks: 5 passed, the rest did not run.');
    expect(summary([true, false])).toBe('The checks stopped at an error after 2 checks: 1 passed, the rest did not run.');
    expect(summary([true])).toBe('The checks stopped at an error after 1 check: 1 passed, the rest did not run.');
    expect(summary([])).toBe('The checks stopped at an error before any of them ran.');
  });

  it('close compares the shape of matrices before their numbers: a row is not a column', () => {
    const round = createChecker('code');
    round.check.close(fromArray([[1, 2, 3, 4]]), fromArray([[1], [2], [3], [4]]), { label: 'row for column' });
    round.check.close([[1, 2], [3, 4]], [[1, 2, 3, 4]], { label: 'arrays too' });
    round.check.close([[1, 2], [3]], [1, 2, 3], { label: 'ragged' });
    const [row, arrays, ragged] = round.results();
    expect(row).toMatchObject({ pass: false, note: 'shape 1×4, expected 4×1' });
    expect(arrays).toMatchObject({ pass: false, note: 'shape 2×2, expected 1×4' });
    expect(ragged).toMatchObject({ pass: false, note: 'expected numbers here' });
  });

  // A red team's forward pass returned its output's data, a flat list of the right numbers,
  // and passed "output matches yHat".
  it('close wants a grid where a matrix is expected: the same numbers in a flat list are not one', () => {
    const round = createChecker('code');
    round.check.close([0.1, 0.2, 0.3, 0.4], fromArray([[0.1], [0.2], [0.3], [0.4]]), { label: 'flat for column' });
    round.check.close(0.5, fromArray([[0.5]]), { label: 'number for 1×1' });
    round.check.close(fromArray([[0.1, 0.2]]), [0.1, 0.2], { label: 'a row where numbers are expected' });
    const [flat, single, row] = round.results();
    expect(flat).toMatchObject({ pass: false, note: 'an array of numbers, expected a matrix' });
    expect(single).toMatchObject({ pass: false, note: 'a number, expected a matrix' });
    expect(row).toMatchObject({ pass: false, note: 'a matrix, expected an array of numbers' });
  });

  // A red team's answers, each the right numbers in another holder than the prompt asks for.
  it('close and equal pass a value only of the kind expected: a number, a list, rows, a matrix, a typed array by its name', () => {
    const round = createChecker('code');
    const { check } = round;
    check.close([0.5], 0.5, { label: '[σ(z)] for σ(z)' });
    check.close([[0.95], [2.4]], [0.95, 2.4], { label: 'rows for a list' });
    check.close([[1, 2], [3, 4]], fromArray([[1, 2], [3, 4]]), { label: 'toArray(m) for m' });
    check.close(Float32Array.of(0.25, 0.75), [0.25, 0.75], { label: 'Float32Array for number[]' });
    check.close([Float32Array.of(0.5), Float32Array.of(1)], [[0.5], [1]], { label: 'Float32Array rows' });
    check.equal(Int32Array.of(2, 3), [2, 3], { label: 'Int32Array shape' });
    check.close(Float64Array.of(1, 2), Float64Array.of(1, 2), { label: 'the same typed kind' });
    check.equal([2, 3], [2, 3], { label: 'plain' });
    const results = round.results();
    expect(results.map((r) => [r.label, r.pass, r.note])).toEqual([
      ['[σ(z)] for σ(z)', false, 'an array of numbers, expected a number'],
      ['rows for a list', false, 'rows, each an array of numbers, expected an array of numbers'],
      ['toArray(m) for m', false, 'rows, each an array of numbers, expected a matrix'],
      ['Float32Array for number[]', false, 'a Float32Array, expected an array of numbers'],
      ['Float32Array rows', false, 'rows, each a Float32Array, expected rows, each an array of numbers'],
      ['Int32Array shape', false, undefined],
      ['the same typed kind', true, undefined],
      ['plain', true, undefined],
    ]);
    expect(results[0]).toMatchObject({ got: 'an array of numbers: [0.5]', expected: 'a number: 0.5' });
  });

  it('shape wants a matrix: rows of numbers of that shape are not one', () => {
    const round = createChecker('code');
    round.check.shape([[1], [2]], [2, 1], { label: 'rows' });
    round.check.shape(fromArray([[1], [2]]), [2, 1], { label: 'matrix' });
    const [rows, matrix] = round.results();
    expect(rows).toMatchObject({ pass: false, got: 'rows, each an array of numbers, 2×1', expected: 'a 2×1 matrix', note: 'expected a matrix' });
    expect(matrix.pass).toBe(true);
  });

  it('that passes only on true: a truthy object from the checked code is no answer', () => {
    const round = createChecker('code');
    round.check.that({} as unknown as boolean, 'an object');
    round.check.that(1 as unknown as boolean, 'a number');
    round.check.that(true, 'true');
    expect(round.results().map((r) => [r.pass, r.note])).toEqual([
      [false, 'the condition should be true or false'],
      [false, 'the condition should be true or false'],
      [true, undefined],
    ]);
  });

  it('results are copies: changing them changes nothing in the round', () => {
    const round = createChecker('code');
    round.check.that(false, 'fails');
    round.results()[0].pass = true;
    expect(round.results()[0].pass).toBe(false);
  });
});

describe('discount: a round whose answer changed what the checks compute from', () => {
  it('each check that passed fails, saying why; a failed one stays as it was', () => {
    const round = createChecker('code');
    round.check.close(1, 1, { label: 'one' });
    round.check.close(2, 3, { label: 'two' });
    round.discount('not counted: the answer changed its inputs');
    expect(round.results().map((r) => [r.label, r.pass, r.note])).toEqual([
      ['one', false, 'not counted: the answer changed its inputs'],
      ['two', false, 'allowed difference 1e-6'],
    ]);
  });
});

describe('checks read what they are given once, as plain data', () => {
  it('a Proxy that lies about its length, or an array with its own methods, cannot pass', () => {
    const round = createChecker('code');
    let reads = 0;
    const liar = new Proxy([] as number[], {
      get(target, key) {
        if (key === 'length') return reads++ < 2 ? 3 : 0;
        if (key === 'every') return () => true;
        if (key === 'reduce') return () => 1;
        if (key === 'findIndex') return () => -1;
        return Reflect.get(target, key);
      },
    });
    round.check.close(liar, [0.2, 0.3, 0.5], { label: 'proxy' });
    const ownEvery = Object.assign([0, 0, 0], { every: () => true });
    round.check.close(ownEvery, [0.2, 0.3, 0.5], { label: 'own every' });
    round.check.equal(ownEvery, [1, 2, 3], { label: 'equal' });
    round.check.finite(Object.assign([NaN], { findIndex: () => -1 }), { label: 'finite' });
    expect(round.results().map((r) => [r.label, r.pass])).toEqual([['proxy', false], ['own every', false], ['equal', false], ['finite', false]]);
  });

  it('a matrix whose data is a Proxy is not a matrix; a real one is copied through its typed array', () => {
    const real = fromArray([[1, 2]]);
    const fake = { rows: 1, cols: 2, data: new Proxy(real.data, { get: (t, k) => (k === 'length' ? 2 : 0) }) };
    const round = createChecker('code');
    round.check.close(fake, fromArray([[0, 0]]), { label: 'fake' });
    round.check.close(real, fromArray([[1, 2]]), { label: 'real' });
    expect(round.results().map((r) => r.pass)).toEqual([false, true]);
  });
});

// Issue 17, items 5 and 7: what a check shows of a value is summarised within a bound, and a
// round's results together within a total, so no attempt can send the page megabytes of text
// to lay out. (An attempt returning { rows: 20,000 objects } made 3.9 MB of results.)
describe('check.fresh: numbers the answer cannot know in advance', () => {
  it('draws within [low, high), differently each time, and refuses a range that is none', () => {
    const { check } = createChecker('code');
    const drawn = Array.from({ length: 1000 }, () => check.fresh(-2, 3));
    expect(drawn.every((x) => x >= -2 && x < 3)).toBe(true);
    expect(new Set(drawn).size).toBe(1000);
    // Spread over the range: each fifth of it gets some of the thousand.
    expect(new Set(drawn.map((x) => Math.floor(x + 2))).size).toBe(5);
    // The same code is checked at the same points; other code at others (see the kernel test).
    expect(createChecker('code').check.fresh(0, 1)).toBe(createChecker('code').check.fresh(0, 1));
    const round = createChecker('code');
    round.check.fresh(0, 1);
    round.check.freshMatrix(2, 3, 0, 1);
    expect(round.drew()).toBe(7); // one, and each entry of the matrix: the review's second run is for checks that drew
    expect(createChecker('code').check.fresh(0, 1)).not.toBe(createChecker('code ').check.fresh(0, 1));
    expect(() => check.fresh(1, 1)).toThrow('check.fresh: expected two finite numbers low < high, got 1 and 1');
    expect(() => check.fresh(0, Infinity)).toThrow('check.fresh: expected two finite numbers low < high, got 0 and Infinity');
    expect(() => check.fresh(NaN, 1)).toThrow(RangeError);
  });

  // A red team's answers read the chapter's X instead of their argument, or divided by 4 for
  // "the number of entries": every check had passed the page's own 4×1 data.
  it('freshMatrix draws data of the size asked, in hundredths within [low, high), and refuses sizes that are none', () => {
    const { check } = createChecker('code');
    const m = check.freshMatrix(7, 3, -1, 1);
    expect([m.rows, m.cols]).toEqual([7, 3]);
    const entries = Array.from(m.data);
    expect(entries.every((x) => x >= -1 && x < 1 && Number.isInteger(Math.round(x * 100)) && Math.abs(x * 100 - Math.round(x * 100)) < 1e-9)).toBe(true);
    expect(new Set(entries).size).toBeGreaterThan(10);
    expect(Array.from(check.freshMatrix(7, 3, -1, 1).data)).not.toEqual(entries);
    expect(() => check.freshMatrix(0, 3, 0, 1)).toThrow('check.freshMatrix: expected whole numbers of rows and cols from 1 to 100, got 0 and 3');
    expect(() => check.freshMatrix(2.5, 3, 0, 1)).toThrow('check.freshMatrix: expected whole numbers of rows and cols from 1 to 100, got 2.5 and 3');
    expect(() => check.freshMatrix(2, 3, 1, 1)).toThrow('check.freshMatrix: expected two finite numbers low < high, got 1 and 1');
  });

  // A failing check at drawn points said what the answer gave and what was expected, not where:
  // the reader could not call the answer there to see why.
  it('a check names the values it drew, each number in full, so the reader can call the answer there', () => {
    const round = createChecker('code');
    const { check } = round;
    const z = [check.fresh(-8, 8), check.fresh(-8, 8)];
    check.close(z.map(() => 42), z.map((v) => 1 / (1 + Math.exp(-v))), { label: 'drawn points', drawn: { z } });
    check.equal(3, 3, { label: 'a matrix and a seed', drawn: { A: fromArray([[0.1, -0], [1 / 3, 2e-300]]), seed: 482913 } });
    check.that(false, 'a condition at a drawn point', { drawn: { x: -0.5 } });
    const [close, equal, that] = round.results();
    expect(close.drawn).toBe(`z = [${String(z[0])}, ${String(z[1])}]`);
    expect(close.drawn!.match(/-?[\d.]+(e-?\d+)?/g)!.map(Number)).toEqual(z); // reads back as the same doubles
    expect(equal).toMatchObject({ pass: true, drawn: 'A = [[0.1, -0], [0.3333333333333333, 2e-300]]; seed = 482913' });
    expect(that.drawn).toBe('x = -0.5');
    // Shown when the check fails, first, before what it got.
    const html = renderDisplay({ kind: 'checks', results: round.results() });
    expect(html).toContain(`<span class="nb-check-drawn">drawn for this run: z = [${String(z[0])}, ${String(z[1])}]</span> <span class="nb-check-got">got [42, 42]</span>`);
    expect(html).not.toContain('drawn for this run: A =');
  });

  it('refuses drawn values that name nothing, naming the check', () => {
    const { check } = createChecker('code');
    expect(() => check.close(1, 1, { label: 'at a point', drawn: [0.5] as never })).toThrow('check.close "at a point": options.drawn must name the values drawn for this run, as { z: points }, got [0.5]');
    expect(() => check.that(true, 'empty', { drawn: {} })).toThrow('check.that "empty": options.drawn must name the values drawn for this run, as { z: points }, got {}');
  });
});

// What the kernel does to every value the attempt hands the checks (kernel.ts, guarded).
describe('handedBack: the checks get the answer\'s arrays as plain arrays', () => {
  it('an array with its own every, at, includes and iterator is judged by the real ones', () => {
    const node = { name: 'out' };
    const order: unknown[] = [1, node, 3];
    for (const [key, value] of [['every', () => true], ['at', () => node], ['includes', () => true], [Symbol.iterator, function* () {}]] as const) {
      Object.defineProperty(order, key, { value });
    }
    const plain = handedBack(order, 'myOrder(…)') as unknown[];
    expect(plain).not.toBe(order);
    expect(Object.getOwnPropertyNames(plain)).toEqual(['0', '1', '2', 'length']);
    expect(Object.getOwnPropertySymbols(plain)).toEqual([]);
    expect(plain.every((x) => typeof x === 'number')).toBe(false);
    expect(plain.at(-1)).toBe(3);
    expect([...plain]).toEqual([1, node, 3]);
    expect(plain[1]).toBe(node); // other objects keep their identity: the checks compare nodes
  });

  it('copies arrays inside arrays and typed arrays by their real kind, keeps cycles, and reads a hole as undefined', () => {
    const inner = [1, 2];
    Object.defineProperty(inner, 'every', { value: () => true });
    const cyclic: unknown[] = [inner, inner];
    cyclic.push(cyclic);
    const plain = handedBack(cyclic, 'f(…)') as unknown[][];
    expect(plain[0]).not.toBe(inner);
    expect(plain[0]).toBe(plain[1]);
    expect(plain[2]).toBe(plain);
    expect(Object.hasOwn(plain[0], 'every')).toBe(false);
    const forged = new Int8Array([-1, 2]);
    Object.setPrototypeOf(forged, Float64Array.prototype);
    const copied = handedBack(forged, 'f(…)');
    expect(Object.getPrototypeOf(copied)).toBe(Int8Array.prototype);
    expect(Array.from(copied as Int8Array)).toEqual([-1, 2]);
    // eslint-disable-next-line no-sparse-arrays
    expect(handedBack([1, , 3], 'f(…)')).toEqual([1, undefined, 3]);
  });

  it('refuses a value whose own conversion (valueOf, toString, Symbol.toPrimitive) a comparison would run, and keeps the built-in ones', () => {
    const refused = (kind: string, where = '') =>
      `f(…) handed the checks ${where}${kind}, which would run your code when the checks compare it; an answer hands back plain values (numbers, arrays, matrices), which the checks read as they are`;
    expect(() => handedBack({ valueOf: () => 0.5 }, 'f(…)')).toThrow(refused('an object with its own valueOf'));
    expect(() => handedBack([1, { toString: () => '1' }], 'f(…)')).toThrow(refused('an object with its own toString', 'an array whose item [1] is '));
    class Half { [Symbol.toPrimitive]() { return 0.5; } }
    expect(() => handedBack([[new Half()]], 'f(…)')).toThrow(refused('an object with its own Symbol.toPrimitive', 'an array whose item [0][0] is '));
    const byGetter = Object.create(null, { valueOf: { get: () => () => 1 } });
    expect(() => handedBack(byGetter, 'f(…)')).toThrow(refused('an object with its own valueOf'));
    const fn = Object.assign(() => 1, { valueOf: () => 2 });
    expect(() => handedBack(fn, 'f(…)')).toThrow(refused('an object with its own valueOf'));
    // The realm's own conversions run no code of an answer: plain objects, dates, boxed numbers,
    // functions, nodes and matrices go on as they are.
    for (const value of [{ a: 1 }, new Date(0), Object(0.5), () => 1, Object.create(null), { rows: 1, cols: 1, data: new Float64Array(1) }, { valueOf: 3 }]) {
      expect(handedBack(value, 'f(…)')).toBe(value);
    }
  });

  it('refuses an item behind a getter, and a length no answer has, naming the function and the place', () => {
    const rows = [[1], [2]];
    Object.defineProperty(rows[1], 0, { get: () => 5, enumerable: true });
    expect(() => handedBack(rows, 'myFilter(…)')).toThrow(
      'myFilter(…) handed the checks an array whose item [1][0] is a getter; an answer hands back plain values, which the checks read as they are',
    );
    const claims = new Proxy([], { getOwnPropertyDescriptor: (target, key) => (key === 'length' ? { value: 2 ** 32 - 1, writable: true, configurable: false, enumerable: false } : Reflect.getOwnPropertyDescriptor(target, key)) });
    expect(() => handedBack(claims, 'myOrder(…)')).toThrow('myOrder(…) handed the checks an array of 4294967295 items; an answer\'s arrays hold at most 10,000,000');
  });
});

describe('what a check shows of a value is bounded', () => {
  const big = () => Array.from({ length: 20_000 }, (_, i) => ({ i, v: [i, i] }));
  const chars = (results: ReturnType<ReturnType<typeof createChecker>['results']>) =>
    results.reduce((sum, r) => sum + r.label.length + (r.got?.length ?? 0) + (r.expected?.length ?? 0) + (r.note?.length ?? 0), 0);

  it('an object holding 20,000 objects: its start, then how much was left out', () => {
    const round = createChecker('code');
    round.check.close({ rows: big() }, 0.5, { label: 'rows' });
    round.check.equal({ rows: big() }, 0.5, { label: 'equal' });
    round.check.that(false, 'that', { got: { rows: big() }, expected: { rows: big() } });
    for (const r of round.results()) {
      expect(r.got!.length).toBeLessThanOrEqual(MAX_DESCRIBED + 100);
      expect(r.got).toMatch(/^\{"rows":\[\{"i":0,"v":\[0,0\]\},\{"i":1,"v":\[1,1\]\}/);
      expect(r.got).toMatch(/… \(20,000 items\)/);
    }
  });

  it('a failing check whose text left some of the value out carries it for the inspector, within one output’s budget for the round', () => {
    const round = createChecker('code', inspectForChecks);
    for (let k = 0; k < 8; k++) round.check.close({ rows: big() }, 0.5, { label: `rows ${k}` });
    round.check.equal([1, 2], [1, 2], { label: 'small pass' });
    round.check.equal({ a: 1 }, { a: 2 }, { label: 'small fail' });
    const results = round.results();
    const values = results.flatMap((r) => (r.gotValue ? [r.gotValue] : []));
    expect(results[0].gotValue!.summary).toBe('{rows: [{…}, {…}, {…}, … 19997 more]}');
    expect((results[0].gotValue as InspectNode).entries![0].key).toBe('rows');
    expect(values.length).toBeGreaterThanOrEqual(4); // each takes at most a quarter of the budget
    expect(JSON.stringify(values).length).toBeLessThanOrEqual(200_000 + 10_000);
    expect(results.at(-2)!.gotValue).toBeUndefined(); // a pass, and
    expect(results.at(-1)!.gotValue).toBeUndefined(); // a value the text shows whole
  });

  it('a huge string and a deeply nested array are cut, and say how long they were', () => {
    const round = createChecker('code');
    round.check.equal('x'.repeat(1_000_000), 'y', { label: 'string' });
    round.check.equal([[[Array.from({ length: 100_000 }, (_, i) => `item ${i}`)]]], 1, { label: 'nested' });
    const [string, nested] = round.results();
    expect(string.got!.length).toBeLessThanOrEqual(MAX_DESCRIBED + 100);
    expect(string.got).toMatch(/^"xxxx.*…" \(1,000,000 characters\)$/);
    expect(nested.got!.length).toBeLessThanOrEqual(MAX_DESCRIBED + 100);
    expect(nested.got).toMatch(/^\[\[\[\["item 0", "item 1"/);
  });

  it('small values read as before', () => {
    const round = createChecker('code');
    round.check.equal({ a: 1, b: [1, 2], c: 'x', d: undefined, e: null }, { a: 2 }, { label: 'object' });
    round.check.equal(Array.from({ length: 9 }, (_, i) => i), [], { label: 'array' });
    const [object, array] = round.results();
    expect(object).toMatchObject({ got: '{"a":1,"b":[1,2],"c":"x","e":null}', expected: '{"a":2}' });
    expect(array).toMatchObject({ got: '[0, 1, 2, 3, 4, 5, 6, 7, … (9 items)]', expected: '[]' });
  });

  it('a thousand failing checks of big values: the round’s texts stay within their total, and every verdict is kept', () => {
    const round = createChecker('code');
    for (let k = 0; k < 1_000; k++) round.check.equal('z'.repeat(5_000), 'y', { label: `check ${k}` });
    const results = round.results();
    expect(results).toHaveLength(1_000);
    expect(results.every((r) => r.pass === false)).toBe(true);
    expect(chars(results) - results.reduce((sum, r) => sum + r.label.length, 0)).toBeLessThanOrEqual(CHECK_TEXT_BUDGET + 1_000);
    const cut = results.findIndex((r) => r.note !== undefined);
    expect(cut).toBeGreaterThan(0);
    expect(results[cut].note).toMatch(/^What this check and the ones after it got is not shown: these checks’ results reached their total of 100,000 characters/);
    expect(results.slice(cut + 1).every((r) => r.got === undefined && r.expected === undefined && r.note === undefined)).toBe(true);
    expect(results.at(-1)!.label).toBe('check 999');
  });
});
