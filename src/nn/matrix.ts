// Matrices: the one data structure of the book.
//
// A matrix is a plain object { rows, cols, data } with its numbers in a Float64Array, row by
// row (row-major: entry (i, j) lives at data[i * cols + j]). Plain data, not a class, so it
// survives postMessage (structured clone) between the page and a Web Worker unchanged, and a
// cell can build one by hand.
//
// Every operation checks its shapes first and throws an Error naming the operation and both
// shapes, e.g. "matmul: inner dimensions differ (4×3 · 4×1)". Non-finite numbers (NaN,
// ±Infinity) are reported where they first appear instead of silently spreading: we scan each
// result once (cheap next to computing it) and only when it holds a non-finite number do we
// search the operands for the culprit.

import { matmulInto, transposeData } from './kernels.ts';
import { nextRandom, toRng, type Rng } from './random.ts';

/** A rows×cols matrix of float64 numbers, stored row by row. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** True for anything shaped like a Matrix (also one that went through structured clone). */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Matrix>;
  return (
    Number.isInteger(m.rows) && Number.isInteger(m.cols) &&
    m.data instanceof Float64Array && m.data.length === (m.rows as number) * (m.cols as number)
  );
}

/** "4×3" for a 4-row, 3-column M: how shapes appear in error messages and printouts. */
export function shapeText(M: Matrix): string {
  return `${M.rows}×${M.cols}`;
}

/** [rows, cols] of M, like NumPy's `.shape`. */
export function shape(M: Matrix): [number, number] {
  return [M.rows, M.cols];
}

// ── Creating and converting ──────────────────────────────────────────────────────────────────

/** A rows×cols matrix of zeros. Throws unless rows and cols are whole numbers ≥ 0. */
export function zeros(rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`zeros: rows and columns must be whole numbers ≥ 0, got ${rows}×${cols}`);
  }
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** A rows×cols matrix with every entry `value`. Throws as zeros() does. */
export function full(rows: number, cols: number, value: number): Matrix {
  const M = zeros(rows, cols);
  M.data.fill(value);
  return M;
}

/**
 * Mᵢⱼ ~ Uniform[0, 1), like NumPy's `np.random.rand(rows, cols)`, drawn row by row.
 * Pass a seed for a fresh sequence, a generator to continue one, or nothing for DEFAULT_SEED.
 * Throws for a seed that is not a whole number (see createRng) or sizes zeros() refuses.
 */
export function rand(rows: number, cols: number, seedOrRng?: number | Rng): Matrix {
  const rng = toRng(seedOrRng, 'rand');
  const M = zeros(rows, cols);
  for (let i = 0; i < M.data.length; i++) M.data[i] = nextRandom(rng);
  return M;
}

/**
 * A matrix from nested arrays, one inner array per row: fromArray([[1, 2], [3, 4]]) is 2×2.
 * Throws, naming the row (and column), for an empty array, rows of different lengths, and
 * entries that are not finite numbers.
 */
export function fromArray(rows: readonly (readonly number[])[]): Matrix {
  return fromRows(rows, 'fromArray', null);
}

/**
 * fromArray() for an argument of another operation: its errors name that operation and the
 * argument ("predict: non-finite value NaN in X at row 0, column 0"), which is what the reader
 * called, rather than fromArray, which they did not.
 */
function fromRows(rows: readonly (readonly number[])[], operation: string, name: string | null): Matrix {
  const of = name === null ? '' : ` ${name}`;
  if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(rows[0])) {
    throw new Error(`${operation}: expected a non-empty array of rows${name === null ? '' : ` for ${name}`}, e.g. [[1, 2], [3, 4]]`);
  }
  const cols = rows[0].length;
  const M = zeros(rows.length, cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== cols) {
      const got = Array.isArray(row) ? `${row.length} values` : `a ${typeof row}`;
      throw new Error(`${operation}:${of} row ${i} has ${got}, but row 0 has ${cols} (rows must all be the same length)`);
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`${operation}: non-finite value ${String(v)}${name === null ? '' : ` in ${name}`} at row ${i}, column ${j}`);
      }
      M.data[i * cols + j] = v;
    }
  }
  return M;
}

/**
 * Accepts either form the public API takes: nested arrays or a Matrix. `operation` and `name`
 * (the argument, e.g. 'X') are what an error about the arrays names.
 */
export function toMatrix(value: Matrix | readonly (readonly number[])[], operation = 'toMatrix', name: string | null = null): Matrix {
  if (isMatrix(value)) return value;
  if (Array.isArray(value)) return fromRows(value, operation, name);
  throw new Error(`${operation}: expected a Matrix or an array of rows${name === null ? '' : ` for ${name}`}, got ${typeof value}`);
}

/** Nested arrays, one per row (rows arrays of cols numbers): what you would print or send to a chart. */
export function toArray(M: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < M.rows; i++) out.push(Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
  return out;
}

/** A copy of M (same shape and numbers) that shares nothing with it. */
export function clone(M: Matrix): Matrix {
  return { rows: M.rows, cols: M.cols, data: M.data.slice() };
}

/** Mᵢⱼ, counting rows i and columns j from 0. Throws for a position outside M. */
export function get(M: Matrix, i: number, j: number): number {
  if (i < 0 || i >= M.rows || j < 0 || j >= M.cols || !Number.isInteger(i) || !Number.isInteger(j)) {
    throw new Error(`get: position (${i}, ${j}) is outside a ${shapeText(M)} matrix`);
  }
  return M.data[i * M.cols + j];
}

// ── Finiteness checks (cheap: one pass over a result) ────────────────────────────────────────

/**
 * Throws unless M is a Matrix. A reader's nested arrays are the likely mistake, so the message
 * says how to make one.
 */
function checkMatrix(operation: string, M: unknown): void {
  if (isMatrix(M)) return;
  const got = Array.isArray(M) ? 'an array (make a Matrix with fromArray([[…], […]]))' : M === null ? 'null' : `a ${typeof M}`;
  throw new Error(`${operation}: expected a Matrix, got ${got}`);
}

/**
 * Throws unless M is a Matrix holding only finite numbers: "accuracy: non-finite value NaN in
 * predictions at row 0, column 1", or, for nested arrays, how to make a Matrix. For the
 * functions outside this file that take a reader's Matrix (data preparation, accuracy).
 */
export function checkFiniteMatrix(operation: string, name: string, M: unknown): void {
  if (!isMatrix(M)) {
    const got = Array.isArray(M) ? 'an array (make a Matrix with fromArray([[…], […]]))' : M === null ? 'null' : `a ${typeof M}`;
    throw new Error(`${operation}: ${name} must be a Matrix, got ${got}`);
  }
  const k = firstNonFinite(M);
  if (k >= 0) throw new Error(`${operation}: non-finite value ${M.data[k]} in ${name} at ${at(M, k)}`);
}

/** Position of the first non-finite entry, or -1. */
function firstNonFinite(M: Matrix): number {
  const d = M.data;
  // x·0 is 0 for every finite x and NaN for NaN and ±∞, so sums of x·0 tell at once whether all
  // are finite, the usual case; four sums let the additions overlap, about three times faster
  // than testing each entry (every product's result is checked, so this is on the hot path).
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const whole = d.length - (d.length % 4);
  for (let i = 0; i < whole; i += 4) {
    s0 += d[i] * 0;
    s1 += d[i + 1] * 0;
    s2 += d[i + 2] * 0;
    s3 += d[i + 3] * 0;
  }
  for (let i = whole; i < d.length; i++) s0 += d[i] * 0;
  if (s0 + s1 + s2 + s3 === 0) return -1;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

function at(M: Matrix, index: number): string {
  return `row ${Math.floor(index / M.cols)}, column ${index % M.cols}`;
}

/** Throws if any operand holds NaN or ±Infinity, naming the operation, operand and position. */
function assertFiniteOperands(operation: string, operands: [string, Matrix][]): void {
  for (const [name, M] of operands) {
    const k = firstNonFinite(M);
    if (k >= 0) throw new Error(`${operation}: non-finite value ${M.data[k]} in the ${name} operand at ${at(M, k)}`);
  }
}

/**
 * Called with a freshly computed result: if it holds a non-finite number, blame an operand if
 * one is non-finite, otherwise report the overflow in the result itself.
 */
function checkResult(operation: string, result: Matrix, operands: [string, Matrix][]): Matrix {
  const k = firstNonFinite(result);
  if (k < 0) return result;
  assertFiniteOperands(operation, operands);
  throw new Error(`${operation}: result is ${result.data[k]} at ${at(result, k)} (the numbers overflowed)`);
}

// ── Products ─────────────────────────────────────────────────────────────────────────────────

function checkInner(operation: string, A: Matrix, B: Matrix): void {
  if (!isMatrix(A) || !isMatrix(B)) throw new Error(`${operation}: both operands must be matrices`);
  if (A.cols !== B.rows) {
    throw new Error(`${operation}: inner dimensions differ (${shapeText(A)} · ${shapeText(B)})`);
  }
}

/**
 * The definition of the matrix product, written as plainly as possible:
 *   Cᵢⱼ = Σₖ Aᵢₖ Bₖⱼ,   A is m×n, B is n×p, C is m×p.
 * This is the reference the fast kernels are tested against. Throws when A's columns differ
 * from B's rows ("matmulPlain: inner dimensions differ (4×3 · 4×1)"), and names the operand
 * and position of a NaN or ±Infinity in the result.
 */
export function matmulPlain(A: Matrix, B: Matrix): Matrix {
  checkInner('matmulPlain', A, B);
  const C = zeros(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let sum = 0;
      for (let k = 0; k < A.cols; k++) sum += A.data[i * A.cols + k] * B.data[k * B.cols + j];
      C.data[i * C.cols + j] = sum;
    }
  }
  return checkResult('matmulPlain', C, [['left', A], ['right', B]]);
}

/**
 * C = A·B (Cᵢⱼ = Σₖ Aᵢₖ Bₖⱼ; A m×n, B n×p, C m×p), computed by the fast kernels (the same
 * numbers as matmulPlain). Throws as matmulPlain does.
 */
export function matmul(A: Matrix, B: Matrix): Matrix {
  checkInner('matmul', A, B);
  const C = matmulInto(A, B, zeros(A.rows, B.cols));
  return checkResult('matmul', C, [['left', A], ['right', B]]);
}

/** Aᵀ, with (Aᵀ)ᵢⱼ = Aⱼᵢ: rows become columns (m×n becomes n×m). Throws if A is not a Matrix. */
export function transpose(A: Matrix): Matrix {
  checkMatrix('transpose', A);
  const T = zeros(A.cols, A.rows);
  transposeData(A.data, A.rows, A.cols, T.data);
  return T;
}

// ── Element-wise operations ──────────────────────────────────────────────────────────────────

/**
 * Shared by add and subtract. The right operand may be the same shape as the left, or a single
 * row (1×cols) that is added to every row: that is how a bias b joins z = a·W + b, one bias per
 * column (neuron) and the same for every sample (row).
 */
function broadcastRows(operation: string, symbol: string, A: Matrix, B: Matrix, sign: 1 | -1): Matrix {
  if (!isMatrix(A) || !isMatrix(B)) throw new Error(`${operation}: both operands must be matrices`);
  const sameShape = A.rows === B.rows && A.cols === B.cols;
  const rowVector = B.rows === 1 && B.cols === A.cols;
  if (!sameShape && !rowVector) {
    throw new Error(`${operation}: shapes differ (${shapeText(A)} ${symbol} ${shapeText(B)})`);
  }
  const C = zeros(A.rows, A.cols);
  const a = A.data, b = B.data, c = C.data, n = A.cols;
  if (sameShape) {
    for (let i = 0; i < c.length; i++) c[i] = a[i] + sign * b[i];
  } else {
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < n; j++) c[i * n + j] = a[i * n + j] + sign * b[j];
    }
  }
  return checkResult(operation, C, [['left', A], ['right', B]]);
}

/**
 * A + B, element by element (both m×n); B may also be a 1×n row added to every row of A.
 * Throws, naming both shapes, when neither fits, and names where a NaN or ±Infinity appears.
 */
export function add(A: Matrix, B: Matrix): Matrix {
  return broadcastRows('add', '+', A, B, 1);
}

/**
 * A − B, element by element (both m×n); B may also be a 1×n row subtracted from every row of A.
 * Throws, naming both shapes, when neither fits, and names where a NaN or ±Infinity appears.
 */
export function subtract(A: Matrix, B: Matrix): Matrix {
  return broadcastRows('subtract', '−', A, B, -1);
}

/**
 * A ⊙ B, the element-wise (Hadamard) product: (A ⊙ B)ᵢⱼ = Aᵢⱼ Bᵢⱼ, both m×n. Throws, naming
 * both shapes, when they differ, and names where a NaN or ±Infinity appears.
 */
export function multiply(A: Matrix, B: Matrix): Matrix {
  if (!isMatrix(A) || !isMatrix(B)) throw new Error('multiply: both operands must be matrices');
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw new Error(`multiply: shapes differ (${shapeText(A)} ⊙ ${shapeText(B)})`);
  }
  const C = zeros(A.rows, A.cols);
  for (let i = 0; i < C.data.length; i++) C.data[i] = A.data[i] * B.data[i];
  return checkResult('multiply', C, [['left', A], ['right', B]]);
}

/** s·A: every entry of A (any shape) times the number s. Throws for a non-finite s or overflow. */
export function scale(A: Matrix, s: number): Matrix {
  checkMatrix('scale', A);
  if (typeof s !== 'number' || !Number.isFinite(s)) throw new Error(`scale: non-finite factor ${String(s)}`);
  const C = zeros(A.rows, A.cols);
  for (let i = 0; i < C.data.length; i++) C.data[i] = s * A.data[i];
  return checkResult('scale', C, [['matrix', A]]);
}

/**
 * f applied to every entry: (map(A, f))ᵢⱼ = f(Aᵢⱼ, i, j), the same shape as A. Throws where f
 * first returns a non-finite number, with the position and the input value.
 */
export function map(A: Matrix, f: (value: number, i: number, j: number) => number): Matrix {
  checkMatrix('map', A);
  if (typeof f !== 'function') throw new Error(`map: expected a function of (value, i, j), got ${typeof f}`);
  const C = zeros(A.rows, A.cols);
  const n = A.cols;
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < n; j++) C.data[i * n + j] = f(A.data[i * n + j], i, j);
  }
  const k = firstNonFinite(C);
  if (k >= 0) {
    throw new Error(`map: the function returned ${C.data[k]} at ${at(C, k)} (input value ${A.data[k]})`);
  }
  return C;
}

// ── Reductions ───────────────────────────────────────────────────────────────────────────────

/** Σᵢⱼ Aᵢⱼ, the sum of every entry of A. Throws when A holds NaN or ±Infinity, or the sum overflows. */
export function sum(A: Matrix): number {
  checkMatrix('sum', A);
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += A.data[i];
  if (!Number.isFinite(s)) {
    assertFiniteOperands('sum', [['matrix', A]]);
    throw new Error(`sum: result is ${s} (the numbers overflowed)`);
  }
  return s;
}

/**
 * The 1×cols row of column sums, sⱼ = Σᵢ Aᵢⱼ. Summing over samples (rows) is how a bias
 * gradient is formed: ∂L/∂b = Σᵢ δᵢ. A is m×n; throws where a NaN or ±Infinity appears.
 */
export function sumRows(A: Matrix): Matrix {
  checkMatrix('sumRows', A);
  const S = zeros(1, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) S.data[j] += A.data[i * A.cols + j];
  }
  return checkResult('sumRows', S, [['matrix', A]]);
}

/**
 * For each of A's m rows, the column of its largest entry (the first, on a tie): how a one-hot
 * or softmax row becomes a label. Returns m numbers.
 */
export function argmaxRows(A: Matrix): number[] {
  const out: number[] = [];
  for (let i = 0; i < A.rows; i++) {
    let best = 0;
    for (let j = 1; j < A.cols; j++) if (A.data[i * A.cols + j] > A.data[i * A.cols + best]) best = j;
    out.push(best);
  }
  return out;
}

// ── Printing ─────────────────────────────────────────────────────────────────────────────────

/**
 * NumPy-style text with aligned columns and `digits` decimals, e.g.
 *   [[0.010],
 *    [0.972]]
 * Large matrices show their first and last rows/columns with ... between (like NumPy), so a
 * 1,797×64 data set prints in a few lines. Throws if M is not a Matrix.
 */
export function formatMatrix(M: Matrix, digits = 3, maxRows = 10, maxCols = 10): string {
  checkMatrix('formatMatrix', M);
  const showRows = pick(M.rows, maxRows);
  const showCols = pick(M.cols, maxCols);
  const cell = (i: number, j: number) => {
    const v = M.data[i * M.cols + j];
    const s = v.toFixed(digits);
    return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s; // no "-0.000"
  };
  if (M.rows === 0 || M.cols === 0) return `[] (${shapeText(M)})`;
  let width = 1;
  for (const i of showRows) for (const j of showCols) if (i >= 0 && j >= 0) width = Math.max(width, cell(i, j).length);
  const rowText = (i: number) =>
    i < 0 ? '...' : '[' + showCols.map((j) => (j < 0 ? '...' : cell(i, j).padStart(width))).join(', ') + ']';
  return '[' + showRows.map(rowText).join(',\n ') + ']';
}

/** Indices to show: all of them, or the first and last few with -1 marking the gap. */
function pick(n: number, max: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  const half = Math.floor(max / 2);
  return [...all.slice(0, half), -1, ...all.slice(n - half)];
}
