import { describe, expect, it } from 'vitest';
import { createRng, DEFAULT_SEED, nextRandom, rand, randomInt, randomNormal, shuffle, toArray } from '../../src/nn/index.ts';

describe('random', () => {
  it('the same seed gives the same sequence', () => {
    const a = createRng(7), b = createRng(7);
    const xs = Array.from({ length: 5 }, () => nextRandom(a));
    expect(Array.from({ length: 5 }, () => nextRandom(b))).toEqual(xs);
    expect(nextRandom(createRng(8))).not.toBe(xs[0]);
  });

  it('mulberry32 produces its known first values (pinned, so the Python port stays in step)', () => {
    const rng = createRng(1);
    expect([nextRandom(rng), nextRandom(rng), nextRandom(rng)]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });

  it('rand is uniform in [0, 1) with mean near 1/2', () => {
    const M = rand(100, 100, 3);
    let s = 0;
    for (const v of M.data) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      s += v;
    }
    expect(s / M.data.length).toBeCloseTo(0.5, 2);
  });

  it('rand without a seed uses DEFAULT_SEED, so output is reproducible', () => {
    expect(toArray(rand(2, 3))).toEqual(toArray(rand(2, 3, DEFAULT_SEED)));
  });

  it('rand continues a generator that is passed in', () => {
    const rng = createRng(5);
    const a = rand(1, 2, rng), b = rand(1, 2, rng);
    expect(toArray(rand(1, 4, 5))[0]).toEqual([...toArray(a)[0], ...toArray(b)[0]]);
  });

  it('a generator survives structured clone and continues the same sequence', () => {
    const rng = createRng(9);
    nextRandom(rng);
    const copy = structuredClone(rng);
    expect(nextRandom(copy)).toBe(nextRandom(rng));
  });

  it('randomNormal has mean 0 and standard deviation 1', () => {
    const rng = createRng(2);
    const xs = Array.from({ length: 20000 }, () => randomNormal(rng));
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('shuffle is a seeded permutation', () => {
    const a = shuffle([0, 1, 2, 3, 4, 5, 6, 7], createRng(4));
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(shuffle([0, 1, 2, 3, 4, 5, 6, 7], createRng(4))).toEqual(a);
    expect(randomInt(createRng(1), 10)).toBe(6);
  });

  it('rejects a seed that is not a whole number, and reduces whole numbers to 32 bits', () => {
    expect(() => createRng(NaN)).toThrow('createRng: seed must be a whole number between −(2⁵³ − 1) and 2⁵³ − 1, got NaN');
    // 0.9, 1e300 and 0 used to start the same sequence.
    expect(() => createRng(0.9)).toThrow('createRng: seed must be a whole number between −(2⁵³ − 1) and 2⁵³ − 1, got 0.9');
    expect(() => createRng(1e300)).toThrow('createRng: seed must be a whole number between −(2⁵³ − 1) and 2⁵³ − 1, got 1e+300');
    expect(() => rand(2, 2, 0.5)).toThrow('rand: seed must be a whole number');
    expect(() => rand(2, 2, 'one' as never)).toThrow('rand: expected a seed (a whole number) or a generator from createRng, got one');
    expect(createRng(2 ** 32 + 5)).toEqual(createRng(5));
    expect(createRng(-1)).toEqual(createRng(2 ** 32 - 1));
  });
});
