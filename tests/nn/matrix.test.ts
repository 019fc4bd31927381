import { describe, expect, it } from 'vitest';
import {
  add, argmaxRows, clone, formatMatrix, fromArray, full, get, isMatrix, map, matmul, matmulPlain, multiply,
  rand, scale, shape, subtract, sum, sumRows, toArray, transpose, zeros,
} from '../../src/nn/index.ts';

const A = fromArray([[1, 2, 3], [4, 5, 6]]); // 2×3
const B = fromArray([[1, 0], [0, 1], [1, 1]]); // 3×2

describe('creating and converting', () => {
  it('fromArray and toArray round-trip, row-major', () => {
    expect(toArray(A)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(A.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shape(A)).toEqual([2, 3]);
    expect(get(A, 1, 2)).toBe(6);
  });

  it('zeros, full and clone', () => {
    expect(toArray(zeros(2, 2))).toEqual([[0, 0], [0, 0]]);
    expect(toArray(full(1, 2, 7))).toEqual([[7, 7]]);
    const C = clone(A);
    C.data[0] = 99;
    expect(A.data[0]).toBe(1);
  });

  it('fromArray reports a non-finite value with its position', () => {
    expect(() => fromArray([[0, 1], [2, 3], [NaN, 5]])).toThrow('fromArray: non-finite value NaN at row 2, column 0');
    expect(() => fromArray([[Infinity]])).toThrow('fromArray: non-finite value Infinity at row 0, column 0');
  });

  it('fromArray rejects ragged rows, naming the row', () => {
    expect(() => fromArray([[1, 2], [3, 4], [5]])).toThrow(
      'fromArray: row 2 has 1 values, but row 0 has 2 (rows must all be the same length)',
    );
    expect(() => fromArray([])).toThrow('fromArray: expected a non-empty array of rows, e.g. [[1, 2], [3, 4]]');
  });

  it('get reports a position outside the matrix', () => {
    expect(() => get(A, 2, 0)).toThrow('get: position (2, 0) is outside a 2×3 matrix');
  });

  it('isMatrix recognises matrices, also after structured clone, and nothing else', () => {
    expect(isMatrix(A)).toBe(true);
    expect(isMatrix(structuredClone(A))).toBe(true);
    expect(isMatrix({ rows: 2, cols: 2, data: new Float64Array(3) })).toBe(false);
    expect(isMatrix([[1]])).toBe(false);
    expect(isMatrix(null)).toBe(false);
  });
});

describe('finding a non-finite entry', () => {
  it('names the first NaN, +∞ or −∞ wherever it is: the first entry, the middle, the last of a length that is not a multiple of four', async () => {
    const { checkFiniteMatrix } = await import('../../src/nn/matrix.ts');
    for (const length of [1, 3, 4, 5, 7, 8, 13]) {
      for (let at = 0; at < length; at++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const M = zeros(1, length);
          M.data.fill(-0);
          M.data[at] = bad;
          if (at + 1 < length) M.data[length - 1] = NaN; // a later one is not the first
          expect(() => checkFiniteMatrix('test', 'M', M)).toThrow(`test: non-finite value ${bad} in M at row 0, column ${at}`);
        }
      }
      const fine = zeros(1, length);
      fine.data.fill(-1e308);
      expect(() => checkFiniteMatrix('test', 'M', fine)).not.toThrow();
    }
  });
});

describe('products', () => {
  it('matmul multiplies rows by columns', () => {
    expect(toArray(matmul(A, B))).toEqual([[4, 5], [10, 11]]);
    expect(toArray(matmulPlain(A, B))).toEqual([[4, 5], [10, 11]]);
  });

  it('matmul names both shapes when inner dimensions differ', () => {
    expect(() => matmul(zeros(4, 3), zeros(4, 1))).toThrow('matmul: inner dimensions differ (4×3 · 4×1)');
    expect(() => matmulPlain(zeros(4, 3), zeros(4, 1))).toThrow('matmulPlain: inner dimensions differ (4×3 · 4×1)');
  });

  it('matmul reports a non-finite operand, naming the operand and position', () => {
    const bad = fromArray([[1, 2], [3, 4]]);
    bad.data[3] = NaN;
    expect(() => matmul(zeros(2, 2), bad)).toThrow('matmul: non-finite value NaN in the right operand at row 1, column 1');
    bad.data[3] = Infinity;
    expect(() => matmul(bad, fromArray([[1], [1]]))).toThrow('matmul: non-finite value Infinity in the left operand at row 1, column 1');
  });

  it('matmul reports overflow of finite inputs', () => {
    const big = fromArray([[1e308, 1e308]]);
    expect(() => matmul(big, fromArray([[10], [10]]))).toThrow('matmul: result is Infinity at row 0, column 0 (the numbers overflowed)');
  });

  it('transpose swaps rows and columns', () => {
    expect(toArray(transpose(A))).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(shape(transpose(rand(37, 70)))).toEqual([70, 37]);
  });
});

describe('element-wise operations', () => {
  it('add and subtract match shapes element by element', () => {
    expect(toArray(add(A, A))).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(toArray(subtract(A, A))).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('add and subtract broadcast a 1×n row to every row (how biases are added)', () => {
    const b = fromArray([[10, 20, 30]]);
    expect(toArray(add(A, b))).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(toArray(subtract(A, b))).toEqual([[-9, -18, -27], [-6, -15, -24]]);
  });

  it('add, subtract and multiply name both shapes when they differ', () => {
    expect(() => add(zeros(4, 3), zeros(4, 1))).toThrow('add: shapes differ (4×3 + 4×1)');
    expect(() => subtract(zeros(4, 3), zeros(1, 2))).toThrow('subtract: shapes differ (4×3 − 1×2)');
    expect(() => multiply(zeros(4, 3), zeros(1, 3))).toThrow('multiply: shapes differ (4×3 ⊙ 1×3)');
  });

  it('add reports NaN in an operand instead of spreading it', () => {
    const bad = zeros(2, 3);
    bad.data[4] = NaN;
    expect(() => add(A, bad)).toThrow('add: non-finite value NaN in the right operand at row 1, column 1');
    expect(() => subtract(bad, A)).toThrow('subtract: non-finite value NaN in the left operand at row 1, column 1');
    expect(() => multiply(bad, A)).toThrow('multiply: non-finite value NaN in the left operand at row 1, column 1');
    expect(() => sum(bad)).toThrow('sum: non-finite value NaN in the matrix operand at row 1, column 1');
    expect(() => scale(bad, 2)).toThrow('scale: non-finite value NaN in the matrix operand at row 1, column 1');
  });

  it('multiply is the element-wise product; scale multiplies by a number', () => {
    expect(toArray(multiply(A, A))).toEqual([[1, 4, 9], [16, 25, 36]]);
    expect(toArray(scale(A, -1))).toEqual([[-1, -2, -3], [-4, -5, -6]]);
    expect(() => scale(A, NaN)).toThrow('scale: non-finite factor NaN');
  });

  it('map applies a function to every entry and reports a non-finite result', () => {
    expect(toArray(map(A, (v, i, j) => v * 10 + i + j))).toEqual([[10, 21, 32], [41, 52, 63]]);
    expect(() => map(fromArray([[1, 0]]), Math.log)).toThrow('map: the function returned -Infinity at row 0, column 1 (input value 0)');
  });

  it('sum, sumRows and argmaxRows reduce', () => {
    expect(sum(A)).toBe(21);
    expect(toArray(sumRows(A))).toEqual([[5, 7, 9]]);
    expect(argmaxRows(fromArray([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]))).toEqual([1, 0]);
  });
});

describe('formatMatrix', () => {
  it('prints aligned columns like NumPy', () => {
    expect(formatMatrix(fromArray([[0.0101, 1], [-0.5, 12.25]]), 2)).toBe('[[ 0.01,  1.00],\n [-0.50, 12.25]]');
  });

  it('elides the middle of large matrices', () => {
    const text = formatMatrix(zeros(100, 3), 1, 4);
    expect(text).toBe('[[0.0, 0.0, 0.0],\n [0.0, 0.0, 0.0],\n ...,\n [0.0, 0.0, 0.0],\n [0.0, 0.0, 0.0]]');
  });

  it('never prints negative zero', () => {
    expect(formatMatrix(fromArray([[-0.0001]]))).toBe('[[0.000]]');
  });
});
