import { describe, expect, it } from 'vitest';
import { articleData, toArray, xorData } from '../../../src/nn/index.ts';

describe('the article\'s data and XOR', () => {
  it('the article\'s X is 4×3 with a constant third column; y is the XOR of the first two', () => {
    const { X, y } = articleData();
    expect(toArray(X)).toEqual([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]);
    expect(toArray(y)).toEqual([[0], [1], [1], [0]]);
  });

  it('XOR is 4×2 → 4×1, and every call returns fresh matrices', () => {
    const a = xorData();
    a.X.data[0] = 9;
    expect(toArray(xorData().X)[0]).toEqual([0, 0]);
    expect(toArray(xorData().Y)).toEqual([[0], [1], [1], [0]]);
  });
});
