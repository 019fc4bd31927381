import { describe, expect, it } from 'vitest';
import { circles, moons, spiral, toArray } from '../../../src/nn/index.ts';

describe('2-D toy data sets', () => {
  it('moons, circles and spiral have n×2 inputs, labels and one-hot targets', () => {
    for (const d of [moons({ n: 101 }), circles({ n: 101 }), spiral({ n: 101, classes: 3 })]) {
      expect([d.X.rows, d.X.cols]).toEqual([101, 2]);
      expect(d.labels).toHaveLength(101);
      expect(d.Y.rows).toBe(101);
      d.labels.forEach((label, i) => expect(d.Y.data[i * d.Y.cols + label]).toBe(1));
    }
    expect(moons({ n: 101 }).labels.filter((l) => l === 0)).toHaveLength(51);
    expect(new Set(spiral({ n: 90, classes: 4 }).labels)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('the same seed gives the same points; noise 0 lies exactly on the curves', () => {
    expect(toArray(moons({ seed: 3 }).X)).toEqual(toArray(moons({ seed: 3 }).X));
    expect(toArray(moons({ seed: 3 }).X)).not.toEqual(toArray(moons({ seed: 4 }).X));
    const c = circles({ n: 40, noise: 0, factor: 0.3 });
    toArray(c.X).forEach(([x, y], i) => expect(Math.hypot(x, y)).toBeCloseTo(c.labels[i] === 0 ? 1 : 0.3, 12));
  });

  it('rejects a bad n', () => {
    expect(() => moons({ n: 1 })).toThrow('moons: n must be a whole number ≥ 2, got 1');
  });
});
