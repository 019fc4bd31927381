import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../src/nn/index.ts';

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
    expect(() => learningRateAt({ type: 'step', every: 0, factor: 0.5 }, 1, 1)).toThrow('schedule: "every" must be at least 1, got 0');
    expect(() => learningRateAt({ type: 'cosine' } as never, 1, 1)).toThrow(
      'schedule: unknown type "cosine" (expected constant, step or exponential)',
    );
  });
});
