// Activation functions, each with its derivative right beneath it.
//
// Every function works on a single number (for trying things in a cell: sigmoid(0) is 0.5) and
// on a Matrix (applied to every entry, returning a new matrix).
//
// Convention, the article's and ours: each derivative takes the activation's OUTPUT a = f(z),
// not its input z. For the functions used here the slope is a simple function of a
// (σ'(z) = a(1 − a), tanh'(z) = 1 − a²), and backpropagation already has a from the forward
// pass, so nothing needs recomputing. Do not pass z to sigmoidPrime: sigmoidPrime(0) is 0,
// while σ'(0) = 0.25 = sigmoidPrime(sigmoid(0)).
//
// Each formula and each slope is written once, as a one-line function (sigmoidOf,
// sigmoidSlope, …). The readable functions (sigmoid, sigmoidPrime, …), the training loop's
// in-place forms (activateInto, multiplyBySlopeInto), the output layer's delta (losses.ts) and
// the article's fused loop (article-fast.ts) all call them, so a change to a formula reaches
// every path. The one exception is the WebAssembly sigmoid (kernels-wasm.ts), a SIMD rewrite
// that tests/nn/kernels-wasm.test.ts proves equal to sigmoidOf, bit for bit.

import { sigmoidKernel } from './kernels.ts';
import { isMatrix, zeros, type Matrix } from './matrix.ts';
import { exp, tanh as portableTanh } from './portable-math.ts';

export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'identity' | 'softmax';

/** Every activation the general network accepts, in the order the book introduces them. */
export const ACTIVATIONS: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'identity', 'softmax'];

/**
 * Throws unless Z is a Matrix without NaN, naming the first bad entry. ±Infinity is refused too
 * when `finite` (softmax: e^∞ / e^∞ has no value), and allowed otherwise (σ(∞) = 1, as for sigmoid(Z)).
 */
function checkActivationInput(operation: string, Z: Matrix, finite: boolean): void {
  if (!isMatrix(Z)) throw new Error(`${operation}: expected a Matrix, got ${Array.isArray(Z) ? 'an array (use fromArray)' : typeof Z}`);
  for (let i = 0; i < Z.data.length; i++) {
    if (finite ? !Number.isFinite(Z.data[i]) : Number.isNaN(Z.data[i])) {
      throw new Error(`${operation}: non-finite value ${Z.data[i]} at row ${Math.floor(i / Z.cols)}, column ${i % Z.cols}`);
    }
  }
}

/** Applies a scalar function to a number, or to every entry of a matrix (reporting NaN results). */
function elementwise(name: string, x: number | Matrix, f: (v: number) => number): number | Matrix {
  if (typeof x === 'number') return f(x);
  if (!isMatrix(x)) {
    const got = Array.isArray(x) ? 'an array (make a Matrix with fromArray([[…], […]]))' : x === null ? 'null' : `a ${typeof x}`;
    throw new Error(`${name}: expected a number or a Matrix, got ${got}`);
  }
  const out = zeros(x.rows, x.cols);
  for (let i = 0; i < out.data.length; i++) {
    const v = f(x.data[i]);
    if (Number.isNaN(v)) {
      throw new Error(`${name}: non-finite value ${x.data[i]} at row ${Math.floor(i / x.cols)}, column ${i % x.cols}`);
    }
    out.data[i] = v;
  }
  return out;
}

/** σ(z) = 1 / (1 + e^(−z)) for one number: the one definition every path uses. */
export const sigmoidOf = (z: number): number => 1 / (1 + exp(-z));
/** σ'(z) = a(1 − a), given a = σ(z): the one definition every path uses. */
export const sigmoidSlope = (a: number): number => a * (1 - a);

/**
 * σ(z) = 1 / (1 + e^(−z)), range (0, 1): squashes any number into a probability-like value.
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function sigmoid(z: number): number;
export function sigmoid(Z: Matrix): Matrix;
export function sigmoid(z: number | Matrix): number | Matrix {
  return elementwise('sigmoid', z, sigmoidOf);
}
/**
 * σ'(z) = σ(z)(1 − σ(z)) = a(1 − a), given a = σ(z); range (0, 0.25].
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function sigmoidPrime(a: number): number;
export function sigmoidPrime(A: Matrix): Matrix;
export function sigmoidPrime(a: number | Matrix): number | Matrix {
  return elementwise('sigmoidPrime', a, sigmoidSlope);
}

// The portable tanh (portable-math.ts): the engines' Math.tanh differ in the last bit, and a
// training run amplifies that. Wrapping it gives the formula one name that every path calls.
const tanhOf = (z: number): number => portableTanh(z);
const tanhSlope = (a: number): number => 1 - a * a;

/**
 * tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), range (−1, 1): a sigmoid centred on 0.
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function tanh(z: number): number;
export function tanh(Z: Matrix): Matrix;
export function tanh(z: number | Matrix): number | Matrix {
  return elementwise('tanh', z, tanhOf);
}
/**
 * tanh'(z) = 1 − tanh²(z) = 1 − a², given a = tanh(z); range (0, 1].
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function tanhPrime(a: number): number;
export function tanhPrime(A: Matrix): Matrix;
export function tanhPrime(a: number | Matrix): number | Matrix {
  return elementwise('tanhPrime', a, tanhSlope);
}

// Written !(z <= 0) rather than z > 0 so that NaN passes through (and is reported) instead of
// being silently turned into 0.
const reluOf = (z: number): number => (!(z <= 0) ? z : 0);
const reluSlope = (a: number): number => (a > 0 ? 1 : 0);

/**
 * relu(z) = max(0, z), range [0, ∞): cheap, and its slope does not fade for large z.
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function relu(z: number): number;
export function relu(Z: Matrix): Matrix;
export function relu(z: number | Matrix): number | Matrix {
  return elementwise('relu', z, reluOf);
}
/**
 * relu'(z) = 1 if z > 0 else 0, read from a = relu(z) (a > 0 exactly when z > 0).
 * At z = 0 the derivative does not exist; we use 0 there, as most libraries do.
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function reluPrime(a: number): number;
export function reluPrime(A: Matrix): Matrix;
export function reluPrime(a: number | Matrix): number | Matrix {
  return elementwise('reluPrime', a, reluSlope);
}

const identityOf = (z: number): number => z;
const identitySlope = (_a: number): number => 1;

/**
 * identity(z) = z, range (−∞, ∞): a linear output layer, for regression.
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function identity(z: number): number;
export function identity(Z: Matrix): Matrix;
export function identity(z: number | Matrix): number | Matrix {
  return elementwise('identity', z, identityOf);
}
/**
 * identity'(z) = 1, whatever a is.
 * On a Matrix (any shape, applied entry by entry) it throws at the first NaN, naming its row and column.
 */
export function identityPrime(a: number): number;
export function identityPrime(A: Matrix): Matrix;
export function identityPrime(a: number | Matrix): number | Matrix {
  return elementwise('identityPrime', a, identitySlope);
}

/**
 * softmax(z)ⱼ = e^(zⱼ) / Σₖ e^(zₖ), row by row; each row of the result is positive and sums
 * to 1, a probability for each class. Subtracting the row's maximum first changes nothing
 * mathematically (it cancels) but keeps e^z from overflowing.
 *
 * There is no element-wise softmaxPrime: each output depends on every input of its row. The
 * network only uses softmax on the output layer with cross-entropy loss, where the combined
 * derivative collapses to ∂L/∂z = ŷ − y (see losses.ts). Z is m×n, one row per sample;
 * the result has the same shape. Throws if Z is not a Matrix or holds NaN or ±Infinity.
 */
export function softmax(Z: Matrix): Matrix {
  checkActivationInput('softmax', Z, true);
  return softmaxInto(Z, zeros(Z.rows, Z.cols));
}

// ── Allocation-free forms used by the training loop (no checks; the loop checks the loss) ────

/** out = softmax(Z), row by row. */
export function softmaxInto(Z: Matrix, out: Matrix): Matrix {
  const n = Z.cols;
  for (let i = 0; i < Z.rows; i++) {
    const r = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, Z.data[r + j]);
    let total = 0;
    for (let j = 0; j < n; j++) {
      const e = exp(Z.data[r + j] - max);
      out.data[r + j] = e;
      total += e;
    }
    for (let j = 0; j < n; j++) out.data[r + j] /= total;
  }
  return out;
}

/** out = f(Z) for the named activation. `out` may be Z itself. */
export function activateInto(name: ActivationName, Z: Matrix, out: Matrix): Matrix {
  const z = Z.data, a = out.data, len = z.length;
  switch (name) {
    case 'sigmoid':
      if (sigmoidKernel(z, a)) return out; // large matrices: the same formula, two at a time (kernels.ts)
      for (let i = 0; i < len; i++) a[i] = sigmoidOf(z[i]);
      return out;
    case 'tanh':
      for (let i = 0; i < len; i++) a[i] = tanhOf(z[i]);
      return out;
    case 'relu':
      for (let i = 0; i < len; i++) a[i] = reluOf(z[i]);
      return out;
    case 'identity':
      for (let i = 0; i < len; i++) a[i] = identityOf(z[i]);
      return out;
    case 'softmax':
      return softmaxInto(Z, out);
  }
  throw new Error(`activate: unknown activation "${String(name)}" (expected one of ${ACTIVATIONS.join(', ')})`);
}

/**
 * A = f(Z) for the named activation, as a new matrix of Z's shape (m×n). Throws for an unknown
 * name, or if Z is not a Matrix or holds NaN (or ±Infinity, for softmax).
 */
export function activate(name: ActivationName, Z: Matrix): Matrix {
  checkActivationInput('activate', Z, name === 'softmax');
  return activateInto(name, Z, zeros(Z.rows, Z.cols));
}

/**
 * delta ← delta ⊙ f'(a), in place: the step of backpropagation that passes an error back
 * through an activation. Uses the same slopes as sigmoidPrime, tanhPrime, reluPrime above.
 */
export function multiplyBySlopeInto(name: ActivationName, A: Matrix, delta: Matrix): Matrix {
  const a = A.data, d = delta.data, len = a.length;
  switch (name) {
    case 'sigmoid':
      for (let i = 0; i < len; i++) d[i] *= sigmoidSlope(a[i]);
      return delta;
    case 'tanh':
      for (let i = 0; i < len; i++) d[i] *= tanhSlope(a[i]);
      return delta;
    case 'relu':
      for (let i = 0; i < len; i++) d[i] *= reluSlope(a[i]);
      return delta;
    case 'identity':
      for (let i = 0; i < len; i++) d[i] *= identitySlope(a[i]);
      return delta;
    case 'softmax':
      throw new Error('backward: softmax has no element-wise derivative; use it only on the output layer with crossEntropy loss');
  }
  throw new Error(`backward: unknown activation "${String(name)}" (expected one of ${ACTIVATIONS.join(', ')})`);
}
