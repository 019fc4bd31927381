// Loss functions, each with its derivative ∂L/∂ŷ right beneath it.
//
// Ŷ (the network's output) and Y (the targets) are m×n: one row per sample, one column per
// output. Every loss here returns one number for the whole batch. Each throws, naming itself,
// when Ŷ or Y is not a Matrix, Y holds NaN or ±Infinity, or the shapes differ. Ŷ's values are
// left alone: a non-finite prediction gives a non-finite loss, which is how train() sees divergence.
//
// Cross-entropy comes twice. `binaryCrossEntropy` and `categoricalCrossEntropy` are the
// textbook formulas, on probabilities ŷ: read them to learn what the loss is. The network
// computes the same losses from the output layer's pre-activation z (the "logits"), with
// `binaryCrossEntropyWithLogits` and `categoricalCrossEntropyWithLogits`, because a probability
// is a rounded number: σ(40) is exactly 1 in float64, so the textbook formula takes ln(1 − 1)
// and answers +∞ for a loss whose true value is 40. Written with z, the same loss needs no
// logarithm of a rounded probability, and is exact to a few ulps for any finite z
// (tests/nn/losses.test.ts checks it against a 1,100-digit reference).

import { multiplyBySlopeInto, type ActivationName } from './activations.ts';
import { checkFiniteMatrix, isMatrix, shapeText, zeros, type Matrix } from './matrix.ts';
import { exp, log, log1p } from './portable-math.ts';

export type LossName = 'sumOfSquares' | 'meanSquaredError' | 'crossEntropy';

/** Every loss the general network accepts. */
export const LOSSES: readonly LossName[] = ['sumOfSquares', 'meanSquaredError', 'crossEntropy'];

/**
 * Throws unless Ŷ (or the logits Z) and Y are matrices of one shape and Y is finite. Ŷ's
 * values are not checked: a non-finite prediction gives a non-finite loss, and that is how
 * train() sees that training diverged.
 */
function checkShapes(operation: string, Yhat: Matrix, Y: Matrix, first = 'predictions'): void {
  if (!isMatrix(Yhat)) {
    const got = Array.isArray(Yhat) ? 'an array (make a Matrix with fromArray([[…], […]]))' : Yhat === null ? 'null' : `a ${typeof Yhat}`;
    throw new Error(`${operation}: ${first} must be a Matrix, got ${got}`);
  }
  checkFiniteMatrix(operation, 'targets', Y);
  if (Yhat.rows !== Y.rows || Yhat.cols !== Y.cols) {
    throw new Error(`${operation}: shapes differ (predictions ${shapeText(Yhat)}, targets ${shapeText(Y)})`);
  }
}

/**
 * Cross-entropy compares probabilities, so its targets must be probabilities:
 * - after a sigmoid (binary), each target is a number in [0, 1] (usually 0 or 1);
 * - after a softmax (categorical), each row is a distribution: no negative entry, summing to 1
 *   (a one-hot row, or soft labels). A row of zeros would score 0 whatever the network says,
 *   and train it towards nothing.
 * Throws an Error naming `operation`, the first bad value and its place. Rows may miss 1 by
 * 1e-9, so soft labels computed in floating point pass.
 */
export function checkTargets(operation: string, outputActivation: 'sigmoid' | 'softmax', Y: Matrix): void {
  const y = Y.data, n = Y.cols;
  if (outputActivation === 'sigmoid') {
    for (let i = 0; i < y.length; i++) {
      if (!(y[i] >= 0 && y[i] <= 1)) {
        throw new Error(
          `${operation}: target ${y[i]} at row ${Math.floor(i / n)}, column ${i % n} is not in [0, 1] ` +
          '(cross-entropy after a sigmoid needs targets that are probabilities, usually 0 or 1)',
        );
      }
    }
    return;
  }
  for (let r = 0; r < Y.rows; r++) {
    let total = 0;
    for (let j = 0; j < n; j++) {
      const v = y[r * n + j];
      if (!(v >= 0)) {
        throw new Error(
          `${operation}: target ${v} at row ${r}, column ${j} is not a probability ` +
          '(cross-entropy after a softmax needs each target row to be a distribution: no negative entries, summing to 1)',
        );
      }
      total += v;
    }
    if (!(Math.abs(total - 1) <= 1e-9)) {
      throw new Error(
        `${operation}: target row ${r} sums to ${total}, not 1 ` +
        '(cross-entropy after a softmax needs each target row to be a distribution, e.g. one-hot: oneHot(labels))',
      );
    }
  }
}

/**
 * L = Σᵢⱼ (yᵢⱼ − ŷᵢⱼ)², range [0, ∞): the article's loss. Squaring makes every error count
 * positively, punishes large errors more than small ones, and is smooth at 0 (|·| is not).
 * Ŷ and Y are m×n; throws if their shapes differ.
 */
export function sumOfSquares(Yhat: Matrix, Y: Matrix): number {
  checkShapes('sumOfSquares', Yhat, Y);
  let L = 0;
  for (let i = 0; i < Y.data.length; i++) {
    const e = Y.data[i] - Yhat.data[i];
    L += e * e;
  }
  return L;
}
/** ∂L/∂ŷ = 2(ŷ − y) for the sum of squares, an m×n matrix like Ŷ; throws if shapes differ. */
export function sumOfSquaresPrime(Yhat: Matrix, Y: Matrix): Matrix {
  checkShapes('sumOfSquaresPrime', Yhat, Y);
  const G = zeros(Y.rows, Y.cols);
  for (let i = 0; i < G.data.length; i++) G.data[i] = 2 * (Yhat.data[i] - Y.data[i]);
  return G;
}

/**
 * L = (1 / (m·n)) Σᵢⱼ (yᵢⱼ − ŷᵢⱼ)², range [0, ∞): the sum of squares divided by the number of
 * entries, so the loss (and the step it suggests) does not grow with the size of the data set.
 * Ŷ and Y are m×n; throws if their shapes differ.
 */
export function meanSquaredError(Yhat: Matrix, Y: Matrix): number {
  checkShapes('meanSquaredError', Yhat, Y);
  return sumOfSquares(Yhat, Y) / Y.data.length;
}
/** ∂L/∂ŷ = 2(ŷ − y) / (m·n) for the mean squared error, m×n like Ŷ; throws if shapes differ. */
export function meanSquaredErrorPrime(Yhat: Matrix, Y: Matrix): Matrix {
  checkShapes('meanSquaredErrorPrime', Yhat, Y);
  const G = zeros(Y.rows, Y.cols);
  const k = 2 / Y.data.length;
  for (let i = 0; i < G.data.length; i++) G.data[i] = k * (Yhat.data[i] - Y.data[i]);
  return G;
}

/**
 * Binary cross-entropy, for sigmoid outputs (each column an independent yes/no):
 * L = −(1/m) Σᵢⱼ [yᵢⱼ ln ŷᵢⱼ + (1 − yᵢⱼ) ln(1 − ŷᵢⱼ)], range [0, ∞). Ŷ and Y are m×n, ŷ in
 * [0, 1], y in [0, 1].
 * A term whose weight y or 1 − y is 0 is skipped, so ŷ = 0 with y = 0 costs nothing rather
 * than 0·ln 0 = NaN. Because ŷ is a rounded probability, a confident answer can round to
 * exactly 0 or 1 and make this +∞ although the true loss is finite; the network therefore
 * uses binaryCrossEntropyWithLogits. Throws if shapes differ or a target is outside [0, 1].
 */
export function binaryCrossEntropy(Yhat: Matrix, Y: Matrix): number {
  checkShapes('binaryCrossEntropy', Yhat, Y);
  checkTargets('binaryCrossEntropy', 'sigmoid', Y);
  let L = 0;
  for (let i = 0; i < Y.data.length; i++) {
    const y = Y.data[i], p = Yhat.data[i];
    if (y !== 0) L -= y * log(p);
    if (y !== 1) L -= (1 - y) * log(1 - p);
  }
  return L / Y.rows;
}

/**
 * Categorical cross-entropy, for softmax outputs (each row a probability distribution):
 * L = −(1/m) Σᵢⱼ yᵢⱼ ln ŷᵢⱼ, range [0, ∞). With one-hot targets it is the average of
 * −ln(probability given to the right class). Ŷ and Y are m×n. A probability that rounded to
 * 0 makes this +∞; the network uses categoricalCrossEntropyWithLogits, which does not round
 * first. Throws if shapes differ or a row of Y is not a distribution (see checkTargets).
 */
export function categoricalCrossEntropy(Yhat: Matrix, Y: Matrix): number {
  checkShapes('categoricalCrossEntropy', Yhat, Y);
  checkTargets('categoricalCrossEntropy', 'softmax', Y);
  let L = 0;
  for (let i = 0; i < Y.data.length; i++) if (Y.data[i] !== 0) L -= Y.data[i] * log(Yhat.data[i]);
  return L / Y.rows;
}

/**
 * softplus(z) = ln(1 + e^z) = −ln(1 − σ(z)), written so that it neither overflows (e^z for
 * z = 1000) nor loses the small part (ln(1 + tiny) when z is very negative):
 * max(z, 0) + ln(1 + e^(−|z|)), with log1p for the second term. Both terms are ≥ 0, so adding
 * them loses nothing.
 */
function softplus(z: number): number {
  return Math.max(z, 0) + log1p(exp(-Math.abs(z)));
}

/**
 * Binary cross-entropy from the sigmoid layer's pre-activation Z (m×n), ŷ = σ(z):
 * L = (1/m) Σᵢⱼ [yᵢⱼ softplus(−zᵢⱼ) + (1 − yᵢⱼ) softplus(zᵢⱼ)],
 * the same loss as binaryCrossEntropy(σ(Z), Y), since −ln σ(z) = softplus(−z) and
 * −ln(1 − σ(z)) = softplus(z). Finite for every finite z, and exact to a few ulps (PyTorch's
 * BCEWithLogitsLoss uses the same identity). Throws if shapes differ or a target is outside [0, 1].
 */
export function binaryCrossEntropyWithLogits(Z: Matrix, Y: Matrix): number {
  checkShapes('binaryCrossEntropyWithLogits', Z, Y, 'logits');
  checkTargets('binaryCrossEntropyWithLogits', 'sigmoid', Y);
  let L = 0;
  for (let i = 0; i < Y.data.length; i++) {
    const y = Y.data[i], z = Z.data[i];
    if (y !== 0) L += y * softplus(-z);
    if (y !== 1) L += (1 - y) * softplus(z);
  }
  return L / Y.rows;
}

/**
 * Categorical cross-entropy from the softmax layer's pre-activation Z (m×n), ŷ = softmax(z):
 * for each row, with M = maxⱼ zⱼ and s = Σⱼ e^(zⱼ − M) (the log-sum-exp trick),
 *   −Σⱼ yⱼ ln ŷⱼ = Σⱼ yⱼ (M − zⱼ) + (Σⱼ yⱼ) ln s,
 * and L is the mean over rows. Every term is ≥ 0 (M − zⱼ ≥ 0, s ≥ 1), so nothing cancels, and
 * ln s is taken as log1p(s − 1) with s − 1 summed directly, so a loss of 1e-20 keeps its digits.
 * Equals categoricalCrossEntropy(softmax(Z), Y) wherever that is finite, and stays exact where
 * a probability rounds to 0 (logits [1000, 0, −1000], class 1: 1000, as PyTorch's
 * cross_entropy gives). Throws if shapes differ or a row of Y is not a distribution (see checkTargets).
 */
export function categoricalCrossEntropyWithLogits(Z: Matrix, Y: Matrix): number {
  checkShapes('categoricalCrossEntropyWithLogits', Z, Y, 'logits');
  checkTargets('categoricalCrossEntropyWithLogits', 'softmax', Y);
  const z = Z.data, y = Y.data, n = Z.cols;
  let L = 0;
  for (let r = 0; r < Z.rows; r++) {
    const row = r * n;
    let top = 0;
    for (let j = 1; j < n; j++) if (z[row + j] > z[row + top]) top = j;
    const M = z[row + top];
    let rest = 0; //    s − 1 = Σ over j ≠ top of e^(zⱼ − M)
    let weight = 0; //  Σⱼ yⱼ
    let margin = 0; //  Σⱼ yⱼ (M − zⱼ)
    for (let j = 0; j < n; j++) {
      if (j !== top) rest += exp(z[row + j] - M);
      weight += y[row + j];
      if (y[row + j] !== 0) margin += y[row + j] * (M - z[row + j]);
    }
    L += margin + weight * log1p(rest);
  }
  return L / Z.rows;
}

/**
 * ∂L/∂z for cross-entropy on its natural output layer, sigmoid or softmax: (ŷ − y) / m, an m×n
 * matrix. The derivative of the loss and of the activation cancel each other's awkward parts
 * (σ'(z) = ŷ(1 − ŷ) against ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) / m), which is why these pairs are used.
 * `outputActivation` says which layer ŷ came from, because the targets must suit it, as for the
 * loss (see checkTargets): after a sigmoid each y in [0, 1], after a softmax each row a
 * distribution (a row [0, 0] would give a gradient that pulls towards no class at all).
 * Throws if shapes differ, the activation is neither, or the targets do not suit it.
 */
export function crossEntropyDelta(Yhat: Matrix, Y: Matrix, outputActivation: 'sigmoid' | 'softmax'): Matrix {
  if (outputActivation !== 'sigmoid' && outputActivation !== 'softmax') {
    throw new Error(`crossEntropyDelta: outputActivation must be 'sigmoid' or 'softmax' (the layer ŷ came from), got ${String(outputActivation)}`);
  }
  checkShapes('crossEntropyDelta', Yhat, Y);
  checkTargets('crossEntropyDelta', outputActivation, Y);
  return outputDeltaInto('crossEntropy', outputActivation, Yhat, Y, zeros(Y.rows, Y.cols));
}

/**
 * The network's loss by name, one number for the batch. 'crossEntropy' means categorical
 * cross-entropy after a softmax layer and binary cross-entropy after a sigmoid layer. Give the
 * output layer's pre-activation Z (m×n) and cross-entropy is computed from it, exactly (the
 * …WithLogits forms); without Z it is computed from Ŷ, the textbook way. Throws for an unknown
 * loss, a loss that does not pair with the output layer, shapes that differ or targets that
 * are not probabilities.
 */
export function lossValue(
  loss: LossName, Yhat: Matrix, Y: Matrix, outputActivation: ActivationName = 'sigmoid', Z?: Matrix,
): number {
  switch (loss) {
    case 'sumOfSquares':
      return sumOfSquares(Yhat, Y);
    case 'meanSquaredError':
      return meanSquaredError(Yhat, Y);
    case 'crossEntropy':
      checkPairing(loss, outputActivation);
      if (outputActivation === 'softmax') return Z ? categoricalCrossEntropyWithLogits(Z, Y) : categoricalCrossEntropy(Yhat, Y);
      return Z ? binaryCrossEntropyWithLogits(Z, Y) : binaryCrossEntropy(Yhat, Y);
  }
  throw new Error(`loss: unknown loss "${String(loss)}" (expected one of ${LOSSES.join(', ')})`);
}

/**
 * Which output layers each loss works with, and why:
 * - softmax pairs only with crossEntropy. Its derivative is a matrix per sample, not one slope
 *   per entry; with cross-entropy it collapses to ŷ − y, and that is the only case we implement.
 * - crossEntropy takes logarithms of ŷ and 1 − ŷ, so it needs outputs in (0, 1): sigmoid or softmax.
 */
export function checkPairing(loss: LossName, outputActivation: ActivationName): void {
  if (!LOSSES.includes(loss)) {
    throw new Error(`loss: unknown loss "${String(loss)}" (expected one of ${LOSSES.join(', ')})`);
  }
  if (outputActivation === 'softmax' && loss !== 'crossEntropy') {
    throw new Error(`loss: a softmax output layer pairs only with crossEntropy loss, not ${loss}`);
  }
  if (loss === 'crossEntropy' && outputActivation !== 'sigmoid' && outputActivation !== 'softmax') {
    throw new Error(`loss: crossEntropy needs outputs in (0, 1), so a sigmoid or softmax output layer, not ${outputActivation}`);
  }
}

/**
 * out = δ = ∂L/∂z for the output layer, where ŷ = f(z):
 *   cross-entropy with sigmoid or softmax:  δ = (ŷ − y) / m
 *   any other loss:                         δ = ∂L/∂ŷ ⊙ f'(z)   (f' read from ŷ, as everywhere,
 *                                           by the activation's one slope in activations.ts)
 */
export function outputDeltaInto(
  loss: LossName, outputActivation: ActivationName, Yhat: Matrix, Y: Matrix, out: Matrix,
): Matrix {
  checkPairing(loss, outputActivation);
  const p = Yhat.data, y = Y.data, d = out.data, len = p.length;
  if (loss === 'crossEntropy') {
    const k = 1 / Y.rows;
    for (let i = 0; i < len; i++) d[i] = k * (p[i] - y[i]);
    return out;
  }
  const k = loss === 'sumOfSquares' ? 2 : 2 / len;
  for (let i = 0; i < len; i++) d[i] = k * (p[i] - y[i]); //   ∂L/∂ŷ
  return multiplyBySlopeInto(outputActivation, Yhat, out); //   ⊙ f'(z)
}
