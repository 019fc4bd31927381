import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { kernelBackend, matmulInto, matmulTransAInto, matmulTransBInto } from '../../src/nn/kernels.ts';

// This file tests the JavaScript loops: the register-blocked gemmABt and the small-product
// loops. Node has WebAssembly SIMD, which kernels.ts would otherwise use for every product above
// 4,096 multiply-adds, so these tests never reached gemmABt; here it is switched off, as in a
// browser without SIMD. The WebAssembly kernels have their own tests (kernels-wasm.test.ts).
vi.mock('../../src/nn/kernels-wasm.ts', () => ({ createWasmKernels: () => null }));
import { matmulPlain, rand, transpose, zeros, type Matrix } from '../../src/nn/index.ts';

function expectClose(actual: Matrix, expected: Matrix): void {
  expect([actual.rows, actual.cols]).toEqual([expected.rows, expected.cols]);
  // One assertion for the worst entry (an expect per entry made these tests many times slower).
  const off = Array.from(expected.data, (e, i) => ({ i, error: Math.abs(actual.data[i] - e), allowed: 1e-12 * Math.max(1, Math.abs(e)) }))
    .filter(({ error, allowed }) => !(error <= allowed));
  expect(off.slice(0, 3), `${off.length} of ${expected.data.length} entries differ beyond 1e-12 (relative)`).toEqual([]);
}

const dims = fc.tuple(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.integer());

describe('the JavaScript kernels equal the plain version', () => {
  it('run here: WebAssembly SIMD is off in this file', () => {
    expect(kernelBackend()).toBe('js');
  });

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
