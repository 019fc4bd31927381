import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, categoricalCrossEntropy, categoricalCrossEntropyWithLogits, crossEntropyDelta, fromArray,
  lossValue, meanSquaredError, meanSquaredErrorPrime, sigmoid, softmax, sumOfSquares, sumOfSquaresPrime, toArray,
} from '../../src/nn/index.ts';
import { checkPairing } from '../../src/nn/losses.ts';

const Yhat = fromArray([[0.2, 0.8], [0.6, 0.4]]);
const Y = fromArray([[0, 1], [1, 0]]);

describe('losses', () => {
  it('sum of squares and mean squared error', () => {
    expect(sumOfSquares(Yhat, Y)).toBeCloseTo(0.04 + 0.04 + 0.16 + 0.16, 15);
    expect(meanSquaredError(Yhat, Y)).toBeCloseTo(0.4 / 4, 15);
    expect(toArray(sumOfSquaresPrime(Yhat, Y))[0]).toEqual([0.4, 2 * (0.8 - 1)]);
    expect(toArray(meanSquaredErrorPrime(Yhat, Y))[0][0]).toBeCloseTo(0.1, 15);
  });

  it('cross-entropies average −ln(probability of the truth) over samples', () => {
    expect(categoricalCrossEntropy(Yhat, Y)).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
    expect(binaryCrossEntropy(fromArray([[0.9], [0.2]]), fromArray([[1], [0]]))).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 15);
    expect(binaryCrossEntropy(fromArray([[0]]), fromArray([[0]]))).toBe(0); // 0·ln 0 counts as 0
    expect(binaryCrossEntropy(fromArray([[0]]), fromArray([[1]]))).toBe(Infinity);
  });

  it('losses name both shapes when they differ', () => {
    expect(() => sumOfSquares(Yhat, fromArray([[1, 2]]))).toThrow('sumOfSquares: shapes differ (predictions 2×2, targets 1×2)');
  });

  it('pairings: softmax only with crossEntropy, crossEntropy only after sigmoid or softmax', () => {
    expect(() => checkPairing('sumOfSquares', 'softmax')).toThrow('loss: a softmax output layer pairs only with crossEntropy loss, not sumOfSquares');
    expect(() => checkPairing('crossEntropy', 'tanh')).toThrow(
      'loss: crossEntropy needs outputs in (0, 1), so a sigmoid or softmax output layer, not tanh',
    );
    expect(lossValue('crossEntropy', Yhat, Y, 'softmax')).toBe(categoricalCrossEntropy(Yhat, Y));
    expect(lossValue('crossEntropy', Yhat, Y, 'sigmoid')).toBe(binaryCrossEntropy(Yhat, Y));
  });
});

// tests/nn/fixtures/cross_entropy_reference.py computes these with 1,100 significant digits.
interface Case { Z: number[][]; Y: number[][]; loss: number }
const reference = JSON.parse(readFileSync(new URL('./fixtures/cross-entropy-reference.json', import.meta.url), 'utf8')) as {
  binary: Case[];
  categorical: Case[];
};

/** |actual − exact| ≤ 1e-12·|exact| (a loss that underflows to 0 must come out as 0, give or take a subnormal). */
function expectRelative(actual: number, exact: number, label: string): void {
  expect(Math.abs(actual - exact), `${label}: ${actual} vs ${exact}`).toBeLessThanOrEqual(1e-12 * Math.abs(exact) + 1e-300);
}

describe('cross-entropy from logits is exact where probabilities round to 0 or 1', () => {
  it('binary: agrees with a 1,100-digit reference to 1e-12 relative, for logits up to ±1e3', () => {
    expect(reference.binary.length).toBeGreaterThanOrEqual(300);
    reference.binary.forEach((c, k) => expectRelative(binaryCrossEntropyWithLogits(fromArray(c.Z), fromArray(c.Y)), c.loss, `binary case ${k}`));
  });

  it('categorical: agrees with a 1,100-digit reference to 1e-12 relative, for logits up to ±1e3', () => {
    expect(reference.categorical.length).toBeGreaterThanOrEqual(300);
    reference.categorical.forEach((c, k) =>
      expectRelative(categoricalCrossEntropyWithLogits(fromArray(c.Z), fromArray(c.Y)), c.loss, `categorical case ${k}`));
  });

  it('the cases that were infinite or wrong: σ(40) against 0, [1000, 0, −1000] and [745, 0] against class 1', () => {
    // Through probabilities these were +∞, +∞ and 744.44; the exact losses are 40 + ln(1 + e⁻⁴⁰), 1000 and 745.
    expect(binaryCrossEntropy(sigmoid(fromArray([[40]])), fromArray([[0]]))).toBe(Infinity); // the textbook formula, honestly
    expect(binaryCrossEntropyWithLogits(fromArray([[40]]), fromArray([[0]]))).toBe(40);
    expect(categoricalCrossEntropyWithLogits(fromArray([[1000, 0, -1000]]), fromArray([[0, 1, 0]]))).toBe(1000);
    expect(categoricalCrossEntropyWithLogits(fromArray([[745, 0]]), fromArray([[0, 1]]))).toBe(745);
    expect(lossValue('crossEntropy', softmax(fromArray([[745, 0]])), fromArray([[0, 1]]), 'softmax', fromArray([[745, 0]]))).toBe(745);
  });

  it('where probabilities do not round, the logit forms equal the textbook forms', () => {
    const Z = fromArray([[0.3, -1.2, 2.5], [4, 0, -3]]);
    const Y = fromArray([[0, 0, 1], [0.2, 0.5, 0.3]]);
    expect(categoricalCrossEntropyWithLogits(Z, Y)).toBeCloseTo(categoricalCrossEntropy(softmax(Z), Y), 14);
    const B = fromArray([[1, 0, 0.25], [0, 1, 1]]);
    expect(binaryCrossEntropyWithLogits(Z, B)).toBeCloseTo(binaryCrossEntropy(sigmoid(Z), B), 14);
  });
});

describe('cross-entropy targets must be probabilities', () => {
  const P = fromArray([[0.5, 0.5]]);
  it('softmax targets: rows that do not sum to 1, or negative entries, are refused', () => {
    // [[0, 0]] used to give a loss of 0 and a wrong gradient, silently.
    expect(() => categoricalCrossEntropy(P, fromArray([[0, 0]]))).toThrow(
      'categoricalCrossEntropy: target row 0 sums to 0, not 1 (cross-entropy after a softmax needs each target row to be a distribution, e.g. one-hot: oneHot(labels))',
    );
    expect(() => categoricalCrossEntropyWithLogits(P, fromArray([[1, 0], [1, 1]].slice(0, 1).concat([[0.5, 0.6]])))).toThrow();
    expect(() => categoricalCrossEntropyWithLogits(fromArray([[1, 2], [3, 4]]), fromArray([[1, 0], [0.5, 0.6]]))).toThrow(
      'categoricalCrossEntropyWithLogits: target row 1 sums to 1.1, not 1',
    );
    expect(() => categoricalCrossEntropy(P, fromArray([[1.5, -0.5]]))).toThrow(
      'categoricalCrossEntropy: target -0.5 at row 0, column 1 is not a probability (cross-entropy after a softmax needs each target row to be a distribution: no negative entries, summing to 1)',
    );
    expect(categoricalCrossEntropy(P, fromArray([[0.1 + 0.2, 0.7]]))).toBeCloseTo(Math.log(2), 15); // 0.30000000000000004 + 0.7 passes
  });

  it('sigmoid targets: values outside [0, 1] are refused', () => {
    expect(() => binaryCrossEntropy(fromArray([[0.5]]), fromArray([[2]]))).toThrow(
      'binaryCrossEntropy: target 2 at row 0, column 0 is not in [0, 1] (cross-entropy after a sigmoid needs targets that are probabilities, usually 0 or 1)',
    );
    expect(() => binaryCrossEntropyWithLogits(fromArray([[0.5]]), fromArray([[-1]]))).toThrow('binaryCrossEntropyWithLogits: target -1 at row 0, column 0 is not in [0, 1]');
  });

  it('the losses name themselves for nested arrays and non-finite targets', () => {
    // Nested arrays used to fail inside ("Cannot read properties of undefined"), and a NaN
    // target gave a NaN loss silently.
    expect(() => sumOfSquares([[1]] as never, fromArray([[1]]))).toThrow(
      'sumOfSquares: predictions must be a Matrix, got an array (make a Matrix with fromArray([[…], […]]))',
    );
    expect(() => meanSquaredError(fromArray([[1]]), [[1]] as never)).toThrow('meanSquaredError: targets must be a Matrix, got an array');
    const nanY = fromArray([[1, 2]]);
    nanY.data[1] = NaN;
    expect(() => meanSquaredError(fromArray([[1, 2]]), nanY)).toThrow('meanSquaredError: non-finite value NaN in targets at row 0, column 1');
    expect(() => binaryCrossEntropyWithLogits('z' as never, fromArray([[1]]))).toThrow('binaryCrossEntropyWithLogits: logits must be a Matrix, got a string');
    // Predictions are left alone: a non-finite ŷ gives a non-finite loss, which train() reads as divergence.
    expect(sumOfSquares(fromArray([[1e200]]), fromArray([[0]]))).toBe(Infinity);
  });

  it('crossEntropyDelta checks its targets as the losses do', () => {
    // [[0, 0]] after a softmax used to give the gradient [[0.5, 0.5]], pulling towards no class, silently.
    expect(() => crossEntropyDelta(P, fromArray([[0, 0]]), 'softmax')).toThrow(
      'crossEntropyDelta: target row 0 sums to 0, not 1 (cross-entropy after a softmax needs each target row to be a distribution, e.g. one-hot: oneHot(labels))',
    );
    expect(() => crossEntropyDelta(fromArray([[0.5]]), fromArray([[2]]), 'sigmoid')).toThrow('crossEntropyDelta: target 2 at row 0, column 0 is not in [0, 1]');
    expect(() => crossEntropyDelta(P, fromArray([[1, 0]]), 'relu' as 'sigmoid')).toThrow(
      "crossEntropyDelta: outputActivation must be 'sigmoid' or 'softmax' (the layer ŷ came from), got relu",
    );
    expect(toArray(crossEntropyDelta(fromArray([[0.2, 0.8], [0.6, 0.4]]), fromArray([[0, 1], [1, 0]]), 'softmax'))).toEqual([[0.1, -0.09999999999999998], [-0.2, 0.2]]);
    expect(toArray(crossEntropyDelta(fromArray([[0.5, 0.25]]), fromArray([[0, 0]]), 'sigmoid'))).toEqual([[0.5, 0.25]]); // two independent "no"s
  });
});
