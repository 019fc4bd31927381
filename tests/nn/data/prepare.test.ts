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
