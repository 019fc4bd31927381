import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy, categoricalCrossEntropy, checkPairing, fromArray, lossValue, meanSquaredError,
  meanSquaredErrorPrime, sumOfSquares, sumOfSquaresPrime, toArray,
} from '../../src/nn/index.ts';

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
