// Fast kernels: the same products as the readable definitions in matrix.ts, arranged for speed.
//
// Every function here computes exactly what `matmulPlain` (the triple loop in matrix.ts) and
// `transpose` compute, up to the order in which floating-point sums are added (so results agree
// to about 1e-15 relative, not bit for bit). tests/nn/kernels.test.ts checks them against the
// plain version on random shapes. Nothing here checks shapes or finiteness: the callers in
// matrix.ts and network.ts do that once, outside the hot loops.
//
// Why these shapes of loop are fast in JavaScript:
// - The inner loop of a dot product walks two rows that are contiguous in memory, so every
//   cache line fetched is used completely. A·B walks a column of B; we transpose B once into a
//   scratch buffer and compute A·(Bᵀ)ᵀ as row-by-row dot products instead.
// - A 2×4 register block computes eight outputs at once: each pass of the inner loop loads 6
//   numbers and does 16 floating-point operations, instead of 2 loads per 2 operations.
//   Eight separate accumulators also break the chain of dependent additions, so the CPU can
//   overlap them.
// - Callers pass the output buffer (`…Into`), so a training loop allocates nothing per step.
//
// Large products go to the WebAssembly SIMD kernel of kernels-wasm.ts when the engine can run
// it (two float64 multiply-adds per instruction; the same sums in the same order). Small ones
// stay here: copying the operands into WebAssembly memory would cost more than it saves.

import type { Matrix } from './matrix.ts';
import { createWasmKernels, type WasmKernels } from './kernels-wasm.ts';

// The WebAssembly module is compiled the first time a product or sigmoid is large enough to
// need it, not when this file is imported: the widgets import src/nn on the page's main
// thread, and most pages never multiply anything large there. Null once we know WebAssembly
// SIMD is unavailable; then every product uses the loops below.
let wasm: WasmKernels | null | undefined;
function wasmKernels(): WasmKernels | null {
  if (wasm === undefined) wasm = createWasmKernels();
  return wasm;
}

/**
 * Which code computes the large products: 'wasm-simd' or, where that cannot run, 'js'.
 * Asking compiles the WebAssembly module if nothing has yet.
 */
export function kernelBackend(): 'wasm-simd' | 'js' {
  return wasmKernels() ? 'wasm-simd' : 'js';
}

// One scratch buffer per module instance (each Web Worker has its own), grown on demand.
let scratch = new Float64Array(1024);
let scratch2 = new Float64Array(1024);
function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, scratch.length * 2));
  return scratch;
}
function scratch2Of(size: number): Float64Array {
  if (scratch2.length < size) scratch2 = new Float64Array(Math.max(size, scratch2.length * 2));
  return scratch2;
}

/**
 * Tⱼᵢ = Mᵢⱼ for a rows×cols row-major M, written into T (cols×rows). Works through blocks of 64
 * rows so that each output row is written contiguously while the block's input rows stay in
 * cache (the naive order, writing one column of T at a time, strides through memory by whole
 * rows and was 2.5× slower for 2,048×64 matrices).
 */
export function transposeData(M: Float64Array, rows: number, cols: number, T: Float64Array): Float64Array {
  const BLOCK = 64;
  for (let i0 = 0; i0 < rows; i0 += BLOCK) {
    const iEnd = Math.min(i0 + BLOCK, rows);
    for (let j = 0; j < cols; j++) {
      const t = j * rows;
      for (let i = i0; i < iEnd; i++) T[t + i] = M[i * cols + j];
    }
  }
  return T;
}

/**
 * C = A·Bᵀ on raw row-major data: A is m×k, B is n×k, C is m×n.
 * Cᵢⱼ = Σₚ Aᵢₚ Bⱼₚ — both operands are read along their rows.
 * Long rows are cut into chunks of KC numbers, so that the six rows a 2×4 block reads
 * (6 × 256 × 8 bytes = 12 kB) stay in the L1 cache while the block is computed.
 */
export function gemmABt(
  A: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number,
): void {
  const KC = 256;
  for (let p0 = 0; p0 < k; p0 += KC) {
    gemmABtPanel(A, B, C, m, n, k, p0, Math.min(p0 + KC, k), p0 > 0);
  }
}

/** The part of C = A·Bᵀ from p = p0 … p1 − 1, written to C (or added to it when `accumulate`). */
function gemmABtPanel(
  A: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number,
  p0: number, p1: number, accumulate: boolean,
): void {
  const keep = accumulate; // add to C, or overwrite whatever a reused buffer held
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const c0 = i * n;
    const c1 = c0 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = p0; p < p1; p++) {
        const x0 = A[a0 + p];
        const x1 = A[a1 + p];
        const y0 = B[b0 + p];
        const y1 = B[b1 + p];
        const y2 = B[b2 + p];
        const y3 = B[b3 + p];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      if (keep) {
        C[c0 + j] += s00; C[c0 + j + 1] += s01; C[c0 + j + 2] += s02; C[c0 + j + 3] += s03;
        C[c1 + j] += s10; C[c1 + j + 1] += s11; C[c1 + j + 2] += s12; C[c1 + j + 3] += s13;
      } else {
        C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
        C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
      }
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s0 = 0, s1 = 0;
      for (let p = p0; p < p1; p++) {
        const y = B[b0 + p];
        s0 += A[a0 + p] * y;
        s1 += A[a1 + p] * y;
      }
      C[c0 + j] = keep ? C[c0 + j] + s0 : s0;
      C[c1 + j] = keep ? C[c1 + j] + s1 : s1;
    }
  }
  if (i < m) {
    // The last row when m is odd: four dot products at a time.
    const a0 = i * k;
    const c0 = i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = p0; p < p1; p++) {
        const x = A[a0 + p];
        s0 += x * B[b0 + p]; s1 += x * B[b1 + p]; s2 += x * B[b2 + p]; s3 += x * B[b3 + p];
      }
      C[c0 + j] = keep ? C[c0 + j] + s0 : s0; C[c0 + j + 1] = keep ? C[c0 + j + 1] + s1 : s1;
      C[c0 + j + 2] = keep ? C[c0 + j + 2] + s2 : s2; C[c0 + j + 3] = keep ? C[c0 + j + 3] + s3 : s3;
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = p0; p < p1; p++) s += A[a0 + p] * B[b0 + p];
      C[c0 + j] = keep ? C[c0 + j] + s : s;
    }
  }
}

/**
 * C = A·B on raw data for small operands (A m×k, B k×n): the textbook loop, one dot product
 * per entry. For a 4×3 times 3×4 product, transposing first would cost more than it saves.
 */
export function gemmSmall(
  A: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number,
): void {
  for (let i = 0; i < m; i++) {
    const a0 = i * k;
    const c0 = i * n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[a0 + p] * B[p * n + j];
      C[c0 + j] = s;
    }
  }
}

/** C = Aᵀ·B on raw data for small operands (A m×k, B m×n, C k×n). */
export function gemmSmallAtB(
  A: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number,
): void {
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += A[i * k + p] * B[i * n + j];
      C[p * n + j] = s;
    }
  }
}

// Below about this many multiply-adds, the simple loop beats transpose-then-dot.
const SMALL = 4096;
// From this many multiply-adds on, the WebAssembly kernel beats the JavaScript ones.
const WASM = 4096;
// From this many entries on, the WebAssembly sigmoid beats the JavaScript loop.
const WASM_SIGMOID = 256;

/**
 * a[i] = σ(z[i]) = 1 / (1 + e^(−z[i])) in WebAssembly when that is available and worth it
 * (the same numbers, bit for bit: kernels-wasm.ts runs the portable exp's algorithm two at a
 * time). Returns false when it did nothing, and the caller computes σ itself.
 */
export function sigmoidKernel(z: Float64Array, a: Float64Array): boolean {
  const kernels = z.length >= WASM_SIGMOID ? wasmKernels() : null;
  if (!kernels) return false;
  kernels.sigmoidInto(z, a);
  return true;
}

/** out = A·B (A m×k, B k×n, out m×n). Same result as `matmulPlain(A, B)`. */
export function matmulInto(A: Matrix, B: Matrix, out: Matrix): Matrix {
  const m = A.rows, k = A.cols, n = B.cols;
  if (m * n * k <= SMALL) {
    gemmSmall(A.data, B.data, out.data, m, n, k);
    return out;
  }
  const kernels = m * n * k >= WASM ? wasmKernels() : null;
  if (kernels) return kernels.matmulInto(A, B, out);
  const Bt = transposeData(B.data, k, n, scratchOf(k * n));
  gemmABt(A.data, Bt, out.data, m, n, k);
  return out;
}

/** out = A·Bᵀ (A m×k, B n×k, out m×n) without forming Bᵀ. Same as `matmulPlain(A, transpose(B))`. */
export function matmulTransBInto(A: Matrix, B: Matrix, out: Matrix): Matrix {
  const kernels = A.rows * B.rows * A.cols >= WASM ? wasmKernels() : null;
  if (kernels) return kernels.matmulTransBInto(A, B, out);
  gemmABt(A.data, B.data, out.data, A.rows, B.rows, A.cols);
  return out;
}

/**
 * out = Aᵀ·B (A m×k, B m×n, out k×n). Same as `matmulPlain(transpose(A), B)`.
 * This is the gradient product aᵀ·δ, summed over the m samples. Both operands are read down
 * their columns, so we transpose them into scratch buffers and take row-by-row dot products.
 */
export function matmulTransAInto(A: Matrix, B: Matrix, out: Matrix): Matrix {
  const m = A.rows, k = A.cols, n = B.cols;
  if (m * n * k <= SMALL) {
    gemmSmallAtB(A.data, B.data, out.data, m, n, k);
    return out;
  }
  const kernels = m * n * k >= WASM ? wasmKernels() : null;
  if (kernels) return kernels.matmulTransAInto(A, B, out);
  const At = transposeData(A.data, m, k, scratchOf(m * k));
  const Bt = transposeData(B.data, m, n, scratch2Of(m * n));
  gemmABt(At, Bt, out.data, k, n, m);
  return out;
}
