import { describe, expect, it } from 'vitest';
import { digitImage, loadDigits, toArray } from '../../../src/nn/index.ts';

describe('the 8×8 digits', () => {
  const d = loadDigits();

  it('has 1,797 samples of 64 pixels in 0..16 and labels 0..9', () => {
    expect([d.X.rows, d.X.cols]).toEqual([1797, 64]);
    expect(d.labels).toHaveLength(1797);
    expect(Math.min(...d.X.data)).toBe(0);
    expect(Math.max(...d.X.data)).toBe(16);
    expect(d.X.data.every((v) => Number.isInteger(v))).toBe(true);
    const counts = Array.from({ length: 10 }, (_, k) => d.labels.filter((l) => l === k).length);
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect([d.Y.rows, d.Y.cols]).toEqual([1797, 10]);
  });

  it('matches scikit-learn\'s first image (a zero)', () => {
    expect(d.labels.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(toArray(digitImage(d.X, 0))[1]).toEqual([0, 0, 13, 15, 10, 15, 5, 0]);
  });

  it('each call returns a copy', () => {
    d.X.data[0] = 99;
    expect(loadDigits().X.data[0]).toBe(0);
  });
});
