import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matmulInto, matmulTransAInto, matmulTransBInto } from '../../src/nn/kernels.ts';
import { matmulPlain, rand, transpose, zeros, type Matrix } from '../../src/nn/index.ts';

function expectClose(actual: Matrix, expected: Matrix): void {
  expect([actual.rows, actual.cols]).toEqual([expected.rows, expected.cols]);
  for (let i = 0; i < expected.data.length; i++) {
    expect(Math.abs(actual.data[i] - expected.data[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected.data[i])));
  }
}

const dims = fc.tuple(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.integer());

describe('fast kernels equal the plain version', () => {
  it('matmulInto(A, B) equals matmulPlain(A, B) for random shapes', () => {
    fc.assert(fc.property(dims, ([m, k, n, seed]) => {
      const A = rand(m, k, seed), B = rand(k, n, seed + 1);
      expectClose(matmulInto(A, B, zeros(m, n)), matmulPlain(A, B));
    }), { numRuns: 60 });
  });

  it('matmulTransAInto(A, B) equals matmulPlain(Aᵀ, B)', () => {
    fc.assert(fc.property(dims, ([m, k, n, seed]) => {
      const A = rand(m, k, seed), B = rand(m, n, seed + 1);
      expectClose(matmulTransAInto(A, B, zeros(k, n)), matmulPlain(transpose(A), B));
    }), { numRuns: 60 });
  });

  it('matmulTransBInto(A, B) equals matmulPlain(A, Bᵀ)', () => {
    fc.assert(fc.property(dims, ([m, k, n, seed]) => {
      const A = rand(m, k, seed), B = rand(n, k, seed + 1);
      expectClose(matmulTransBInto(A, B, zeros(m, n)), matmulPlain(A, transpose(B)));
    }), { numRuns: 60 });
  });

  it('kernels overwrite a reused output buffer rather than adding to it', () => {
    const A = rand(40, 30, 1), B = rand(30, 20, 2), out = rand(40, 20, 3);
    expectClose(matmulInto(A, B, out), matmulPlain(A, B));
    const small = rand(4, 3, 1), W = rand(3, 4, 2), out2 = rand(4, 4, 3);
    expectClose(matmulInto(small, W, out2), matmulPlain(small, W));
    const o3 = rand(3, 4, 9);
    expectClose(matmulTransAInto(small, rand(4, 4, 5), o3), matmulPlain(transpose(small), rand(4, 4, 5)));
  });

  it('long rows are summed in chunks and still match, even into a buffer holding NaN', () => {
    for (const [m, k, n] of [[5, 600, 7], [64, 2048, 10], [3, 257, 4]]) {
      const A = rand(m, k, 1), B = rand(n, k, 2);
      const out = zeros(m, n);
      out.data.fill(NaN);
      expectClose(matmulTransBInto(A, B, out), matmulPlain(A, transpose(B)));
      const At = rand(k, m, 3), Bt = rand(k, n, 4), out2 = zeros(m, n);
      out2.data.fill(NaN);
      expectClose(matmulTransAInto(At, Bt, out2), matmulPlain(transpose(At), Bt));
    }
  });
});
