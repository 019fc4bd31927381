import { describe, expect, it } from 'vitest';
import { applyStandardize, fromArray, loadDigits, normalize, oneHot, standardize, toArray, trainTestSplit } from '../../../src/nn/index.ts';

describe('preparing data', () => {
  it('oneHot puts a 1 in each label\'s column and rejects bad labels', () => {
    expect(toArray(oneHot([2, 0], 3))).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(() => oneHot([3], 3)).toThrow('oneHot: label 3 at position 0 is not a whole number in 0..2');
  });

  it('trainTestSplit is seeded, disjoint and complete', () => {
    const { X, Y } = loadDigits();
    const a = trainTestSplit(X, Y, { seed: 1 });
    const b = trainTestSplit(X, Y, { seed: 1 });
    expect(a.testIndex).toEqual(b.testIndex);
    expect(a.testIndex).not.toEqual(trainTestSplit(X, Y, { seed: 2 }).testIndex);
    expect(a.testIndex.length + a.trainIndex.length).toBe(1797);
    expect(new Set([...a.testIndex, ...a.trainIndex]).size).toBe(1797);
    expect([a.XTest.rows, a.YTrain.rows]).toEqual([a.testIndex.length, a.trainIndex.length]);
  });

  it('a stratified split keeps each class in proportion', () => {
    const { X, Y, labels } = loadDigits();
    const s = trainTestSplit(X, Y, { testFraction: 0.2, labels, seed: 3 });
    for (let k = 0; k < 10; k++) {
      const total = labels.filter((l) => l === k).length;
      const inTest = s.testIndex.filter((i) => labels[i] === k).length;
      expect(inTest).toBe(Math.round(total * 0.2));
    }
  });

  it('bad input is named by the operation: NaN in X, nested arrays, a label of 1.5', () => {
    const bad = fromArray([[1, 2], [3, 4]]);
    bad.data[3] = NaN;
    // NaN used to flow through into the statistics (mean NaN, std NaN), silently.
    expect(() => standardize(bad)).toThrow('standardize: non-finite value NaN in X at row 1, column 1');
    expect(() => normalize(bad)).toThrow('normalize: non-finite value NaN in X at row 1, column 1');
    expect(() => applyStandardize(bad, fromArray([[0, 0]]), fromArray([[1, 1]]))).toThrow('applyStandardize: non-finite value NaN in X at row 1, column 1');
    expect(() => standardize([[1, 2]] as never)).toThrow('standardize: X must be a Matrix, got an array (make a Matrix with fromArray([[…], […]]))');
    // 1.5 used to size Y first: "zeros: rows and columns must be whole numbers ≥ 0, got 2×2.5".
    expect(() => oneHot([1.5, 0])).toThrow('oneHot: label 1.5 at position 0 is not a whole number in 0..0');
    expect(() => oneHot([0], 2.5)).toThrow('oneHot: classes must be a whole number ≥ 1, got 2.5');
  });

  it('standardize gives mean 0 and std 1 per column, and leaves constant columns centred', () => {
    const X = fromArray([[1, 5, 2], [3, 5, 4], [5, 5, 9]]);
    const s = standardize(X);
    const cols = toArray(s.X);
    expect(cols.reduce((a, r) => a + r[0], 0)).toBeCloseTo(0, 14);
    expect(Math.sqrt(cols.reduce((a, r) => a + r[0] ** 2, 0) / 3)).toBeCloseTo(1, 14);
    expect(cols.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(toArray(applyStandardize(X, s.mean, s.std))).toEqual(cols);
  });

  it('normalize maps each column onto [0, 1]', () => {
    expect(toArray(normalize(fromArray([[0, 7], [5, 7], [10, 7]])).X)).toEqual([[0, 0], [0.5, 0], [1, 0]]);
  });
});
