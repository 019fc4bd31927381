import { describe, expect, it } from 'vitest';
import { createNetwork, learningRateAt, toArray, train, xorData } from '../../src/nn/index.ts';

describe('learning-rate schedules', () => {
  it('constant, step decay and exponential decay', () => {
    expect(learningRateAt(undefined, 0.5, 100)).toBe(0.5);
    expect(learningRateAt({ type: 'constant' }, 0.5, 100)).toBe(0.5);
    expect([0, 9, 10, 25].map((t) => learningRateAt({ type: 'step', every: 10, factor: 0.5 }, 1, t))).toEqual([1, 1, 0.5, 0.25]);
    expect(learningRateAt({ type: 'exponential', decay: 0.9 }, 2, 2)).toBeCloseTo(1.62, 15);
  });

  it('schedules are plain data that survive structured clone', () => {
    const s = structuredClone({ type: 'step', every: 5, factor: 0.1 } as const);
    expect(learningRateAt(s, 1, 5)).toBeCloseTo(0.1, 15);
  });

  it('rejects a bad schedule with a clear message', () => {
    expect(() => learningRateAt({ type: 'step', every: 0, factor: 0.5 }, 1, 1)).toThrow(
      'schedule: a step schedule needs "every", a whole number of steps ≥ 1, got 0',
    );
    expect(() => learningRateAt({ type: 'cosine' } as never, 1, 1)).toThrow(
      'schedule: unknown type "cosine" (expected constant, step or exponential)',
    );
  });

  it('a missing factor or decay, factor 0 and a negative decay are refused, not turned into NaN or 0 rates', () => {
    // Each of these used to give NaN (or 0, or sign-flipping) learning rates, and then a
    // misleading "try a smaller learning rate" from train.
    expect(() => learningRateAt({ type: 'step', every: 10 } as never, 1, 10)).toThrow(
      'schedule: a step schedule needs "factor" between 0 (excluded) and 1, got undefined',
    );
    expect(() => learningRateAt({ type: 'step', every: 10, factor: 0 }, 1, 10)).toThrow(
      'schedule: a step schedule needs "factor" between 0 (excluded) and 1, got 0',
    );
    expect(() => learningRateAt({ type: 'exponential' } as never, 1, 3)).toThrow(
      'schedule: an exponential schedule needs "decay" between 0 (excluded) and 1, got undefined',
    );
    expect(() => learningRateAt({ type: 'exponential', decay: -0.9 }, 1, 3)).toThrow(
      'schedule: an exponential schedule needs "decay" between 0 (excluded) and 1, got -0.9',
    );
    expect(() => learningRateAt({ type: 'step', every: 2.5, factor: 0.5 }, 1, 3)).toThrow('got 2.5');
    const net = createNetwork({ inputSize: 2, layers: [{ size: 1, activation: 'sigmoid' }] });
    const before = toArray(net.layers[0].W);
    const { X, Y } = xorData();
    expect(() => train(net, X, Y, { loss: 'sumOfSquares', learningRate: 1, iterations: 5, schedule: { type: 'step', every: 1, factor: 0 } })).toThrow(
      'train: a step schedule needs "factor" between 0 (excluded) and 1, got 0',
    );
    expect(toArray(net.layers[0].W)).toEqual(before); // refused before the first step
  });
});
