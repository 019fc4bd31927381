import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWasmKernels, peakModuleBytes, wasmModuleBytes, type WasmKernels } from '../../src/nn/kernels-wasm.ts';
import { kernelBackend, matmulInto, matmulTransAInto, matmulTransBInto } from '../../src/nn/kernels.ts';
import { activate, matmulPlain, rand, transpose, zeros, type Matrix } from '../../src/nn/index.ts';
import { exp as portableExp } from '../../src/nn/portable-math.ts';

function expectClose(actual: Matrix, expected: Matrix): void {
  expect([actual.rows, actual.cols]).toEqual([expected.rows, expected.cols]);
  // One assertion for the worst entry (an expect per entry made these tests many times slower).
  const off = Array.from(expected.data, (e, i) => ({ i, error: Math.abs(actual.data[i] - e), allowed: 1e-12 * Math.max(1, Math.abs(e)) }))
    .filter(({ error, allowed }) => !(error <= allowed));
  expect(off.slice(0, 3), `${off.length} of ${expected.data.length} entries differ beyond 1e-12 (relative)`).toEqual([]);
}

/** Entries in [−1, 1), so that sums can cancel (rand alone is all positive). */
function signed(rows: number, cols: number, seed: number): Matrix {
  const M = rand(rows, cols, seed);
  for (let i = 0; i < M.data.length; i++) M.data[i] = 2 * M.data[i] - 1;
  return M;
}

const wasm = createWasmKernels() as WasmKernels;
const sizes = fc.integer({ min: 1, max: 45 });
const dims = fc.tuple(sizes, sizes, sizes, fc.integer({ min: 0, max: 1e6 }));

// Shapes where the 4×4 blocks, the packing and the leftover columns all have edge cases.
const EDGE_SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [1, 1, 9], [9, 1, 1], [1, 64, 10], [10, 64, 1], [2048, 1, 3], [3, 5, 2], [4, 4, 4],
  [5, 3, 7], [6, 2, 6], [7, 9, 5], [8, 8, 8], [13, 17, 11], [33, 3, 31], [64, 2048, 10], [2048, 64, 10], [257, 3, 4],
];

describe('WebAssembly SIMD kernels equal the plain product', () => {
  it('is available in this Node and is what kernels.ts uses', () => {
    expect(wasm).not.toBeNull();
    expect(kernelBackend()).toBe('wasm-simd');
    expect(wasmModuleBytes().length).toBeLessThan(4096); // small enough to compile on a browser's main thread
  });

  it('A·B, Aᵀ·B and A·Bᵀ match matmulPlain for random shapes', () => {
    fc.assert(fc.property(dims, ([m, k, n, seed]) => {
      const A = signed(m, k, seed), B = signed(k, n, seed + 1);
      expectClose(wasm.matmulInto(A, B, zeros(m, n)), matmulPlain(A, B));
      const At = signed(k, m, seed + 2);
      expectClose(wasm.matmulTransAInto(At, B, zeros(m, n)), matmulPlain(transpose(At), B));
      const Bt = signed(n, k, seed + 3);
      expectClose(wasm.matmulTransBInto(A, Bt, zeros(m, n)), matmulPlain(A, transpose(Bt)));
    }), { numRuns: 150 });
  });

  it('handles 1×n, n×1, odd sizes and long sums', () => {
    EDGE_SHAPES.forEach(([m, k, n], s) => {
      const A = signed(m, k, s), B = signed(k, n, s + 50), At = signed(k, m, s + 100), Bt = signed(n, k, s + 150);
      expectClose(wasm.matmulInto(A, B, zeros(m, n)), matmulPlain(A, B));
      expectClose(wasm.matmulTransAInto(At, B, zeros(m, n)), matmulPlain(transpose(At), B));
      expectClose(wasm.matmulTransBInto(A, Bt, zeros(m, n)), matmulPlain(A, transpose(Bt)));
    });
  });

  it('adds the same terms in the same order as matmulPlain, so results are identical', () => {
    for (const [m, k, n] of [[37, 29, 23], [64, 2048, 10], [2048, 64, 64]]) {
      const A = signed(m, k, 7), B = signed(k, n, 8);
      expect(wasm.matmulInto(A, B, zeros(m, n)).data).toEqual(matmulPlain(A, B).data);
    }
  });

  it('overwrites a reused output buffer, and leaves the operands alone', () => {
    const A = signed(30, 20, 1), B = signed(20, 14, 2);
    const a0 = A.data.slice(), b0 = B.data.slice();
    const out = zeros(30, 14);
    out.data.fill(NaN);
    expectClose(wasm.matmulInto(A, B, out), matmulPlain(A, B));
    expectClose(wasm.matmulInto(A, B, out), matmulPlain(A, B)); // twice: nothing left over from the first call
    expect(A.data).toEqual(a0);
    expect(B.data).toEqual(b0);
  });

  it('gives zeros for an empty sum (k = 0)', () => {
    const out = zeros(3, 2);
    out.data.fill(NaN);
    expect(Array.from(wasm.matmulInto(zeros(3, 0), zeros(0, 2), out).data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('kernels.ts routes large products here and still matches matmulPlain', () => {
    const A = signed(300, 40, 3), B = signed(40, 17, 4), D = signed(300, 17, 5);
    expectClose(matmulInto(A, B, zeros(300, 17)), matmulPlain(A, B));
    expectClose(matmulTransAInto(A, D, zeros(40, 17)), matmulPlain(transpose(A), D));
    expectClose(matmulTransBInto(D, B, zeros(300, 40)), matmulPlain(D, transpose(B)));
  });
});

describe('WebAssembly sigmoid equals 1 / (1 + exp(−z)) with the portable exp, bit for bit', () => {
  const reference = (z: number) => 1 / (1 + portableExp(-z));

  it('on random, tiny, huge and special inputs', () => {
    const special = [
      0, -0, 1, -1, 2, -2, 0.5, 20, -20, 36.7, -36.7, 707.9, -707.9, 708, -708, 709.5, -709.5, 710, -710, 745.2, -745.2, 800, -800,
      2 ** -28, -(2 ** -28), 2 ** -29, 1e-300, 5e-324, -5e-324, Infinity, -Infinity, NaN,
      0.34657359027997264, -0.34657359027997264, 0.3465735912322998, 1.0397207708399179, -1.0397207708399179,
    ];
    const values: number[] = [...special];
    const rng = rand(1, 40000, 99).data;
    for (let i = 0; i < rng.length; i += 4) {
      values.push(
        60 * rng[i] - 30, //                                            the usual range of z
        (rng[i + 1] - 0.5) * 1e-6, //                                   near 0
        1600 * rng[i + 2] - 800, //                                     beyond where e^x overflows
        (rng[i + 3] < 0.5 ? -1 : 1) * 0.3465735902799726 * (1 + (rng[i + 3] - 0.5) * 1e-7), // at the ½ln2 boundary
      );
    }
    const z = Float64Array.from(values), a = new Float64Array(z.length);
    wasm.sigmoidInto(z, a);
    for (let i = 0; i < z.length; i++) expect(Object.is(a[i], reference(z[i])), `σ(${z[i]})`).toBe(true);
  });

  it('works in place and on an odd count', () => {
    const z = Float64Array.from({ length: 1001 }, (_, i) => (i - 500) / 37);
    const expected = z.map(reference);
    wasm.sigmoidInto(z, z);
    expect(z).toEqual(expected);
  });

  it('is what activate("sigmoid") uses for large matrices, with the same numbers', () => {
    const Z = signed(300, 10, 6);
    for (let i = 0; i < Z.data.length; i++) Z.data[i] *= 12;
    expect(activate('sigmoid', Z).data).toEqual(Z.data.map(reference));
  });
});

describe('without WebAssembly SIMD the JavaScript kernels are used', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('createWasmKernels returns null when WebAssembly is missing, lacks SIMD, or may not compile', () => {
    expect(createWasmKernels(null)).toBeNull();
    const noSimd = { ...WebAssembly, validate: () => false } as unknown as typeof WebAssembly;
    expect(createWasmKernels(noSimd)).toBeNull();
    const forbidden = {
      ...WebAssembly, validate: () => true, Module: function Module() { throw new Error('CompileError: blocked by CSP'); },
    } as unknown as typeof WebAssembly;
    expect(createWasmKernels(forbidden)).toBeNull();
  });

  it('kernels.ts falls back to JavaScript, with the same results', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const kernels = await import('../../src/nn/kernels.ts');
    const activations = await import('../../src/nn/activations.ts');
    expect(kernels.kernelBackend()).toBe('js');
    const A = signed(300, 40, 3), B = signed(40, 17, 4), D = signed(300, 17, 5);
    expectClose(kernels.matmulInto(A, B, zeros(300, 17)), matmulPlain(A, B));
    expectClose(kernels.matmulTransAInto(A, D, zeros(40, 17)), matmulPlain(transpose(A), D));
    expectClose(kernels.matmulTransBInto(D, B, zeros(300, 40)), matmulPlain(D, transpose(B)));
    expect(kernels.sigmoidKernel(D.data, new Float64Array(D.data.length))).toBe(false);
    expect(activations.activate('sigmoid', D).data).toEqual(D.data.map((z) => 1 / (1 + portableExp(-z))));
  });
});

describe('the WebAssembly module is compiled on first use, not at import', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('importing src/nn and small work compile nothing; the first large product compiles once', async () => {
    const real = globalThis.WebAssembly;
    const compiled: string[] = [];
    // The real namespace, with its constructors counted: a page that imports src/nn on its main
    // thread must not pay for compiling until it multiplies something large.
    const counting = Object.create(real) as typeof WebAssembly;
    Object.defineProperty(counting, 'Module', {
      value: function Module(bytes: BufferSource) {
        compiled.push('Module');
        return new real.Module(bytes);
      },
    });
    vi.stubGlobal('WebAssembly', counting);
    vi.resetModules();
    const nn = await import('../../src/nn/index.ts');
    const kernels = await import('../../src/nn/kernels.ts');
    nn.matmul(nn.rand(4, 3, 1), nn.rand(3, 4, 2)); //  64 multiply-adds: the small loop
    nn.sigmoid(nn.rand(4, 4, 3));
    new nn.NeuralNetwork(nn.articleData().X, nn.articleData().y).train(10);
    expect(compiled).toEqual([]);
    const A = signed(64, 64, 1), B = signed(64, 64, 2);
    expectClose(kernels.matmulInto(A, B, zeros(64, 64)), matmulPlain(A, B));
    expect(compiled).toEqual(['Module']);
    kernels.matmulTransAInto(A, B, zeros(64, 64));
    nn.activate('sigmoid', A);
    expect(compiled).toEqual(['Module']);
    expect(kernels.kernelBackend()).toBe('wasm-simd');
  });
});

describe('the ceiling loop that npm run bench measures', () => {
  it('is valid WebAssembly and really computes its multiply-adds (so no engine may drop them)', () => {
    const { peak, memory } = new WebAssembly.Instance(new WebAssembly.Module(peakModuleBytes())).exports as {
      peak: (passes: number) => void; memory: WebAssembly.Memory;
    };
    // x = 0.5, 0.25, 0.5, 0.25 on the four rows, y0 = 1e-3 and y1 = 2e-3 swapping every pass:
    // after P passes the eight sums add up to (Σ x)·P·(y0 + y1) = 1.5 · 3 · 3e-3 in each lane.
    peak(3);
    const lanes = new Float64Array(memory.buffer, 0, 2);
    const expected = 1.5 * 3 * 3e-3;
    expect(lanes[0]).toBeCloseTo(expected, 15);
    expect(lanes[1]).toBeCloseTo(expected, 15);
  });
});
