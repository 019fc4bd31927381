// Loss functions, each with its derivative ∂L/∂ŷ right beneath it.
//
// Ŷ (the network's output) and Y (the targets) are m×n: one row per sample, one column per
// output. Every loss here returns one number for the whole batch.

import { shapeText, zeros, type Matrix } from './matrix.ts';
import type { ActivationName } from './activations.ts';

export type LossName = 'sumOfSquares' | 'meanSquaredError' | 'crossEntropy';

export const LOSSES: readonly LossName[] = ['sumOfSquares', 'meanSquaredError', 'crossEntropy'];

function checkShapes(operation: string, Yhat: Matrix, Y: Matrix): void {
  if (Yhat.rows !== Y.rows || Yhat.cols !== Y.cols) {
    throw new Error(`${operation}: shapes differ (predictions ${shapeText(Yhat)}, targets ${shapeText(Y)})`);
  }
}

/**
 * L = Σᵢⱼ (yᵢⱼ − ŷᵢⱼ)², range [0, ∞): the article's loss. Squaring makes every error count
 * positively, punishes large errors more than small ones, and is smooth at 0 (|·| is not).
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
/** ∂L/∂ŷ = 2(ŷ − y) for the sum of squares. */
export function sumOfSquaresPrime(Yhat: Matrix, Y: Matrix): Matrix {
  checkShapes('sumOfSquaresPrime', Yhat, Y);
  const G = zeros(Y.rows, Y.cols);
  for (let i = 0; i < G.data.length; i++) G.data[i] = 2 * (Yhat.data[i] - Y.data[i]);
  return G;
}

/**
 * L = (1 / (m·n)) Σᵢⱼ (yᵢⱼ − ŷᵢⱼ)², range [0, ∞): the sum of squares divided by the number of
 * entries, so the loss (and the step it suggests) does not grow with the size of the data set.
 */
export function meanSquaredError(Yhat: Matrix, Y: Matrix): number {
  checkShapes('meanSquaredError', Yhat, Y);
  return sumOfSquares(Yhat, Y) / Y.data.length;
}
/** ∂L/∂ŷ = 2(ŷ − y) / (m·n) for the mean squared error. */
export function meanSquaredErrorPrime(Yhat: Matrix, Y: Matrix): Matrix {
  checkShapes('meanSquaredErrorPrime', Yhat, Y);
  const G = zeros(Y.rows, Y.cols);
  const k = 2 / Y.data.length;
  for (let i = 0; i < G.data.length; i++) G.data[i] = k * (Yhat.data[i] - Y.data[i]);
  return G;
}

/**
 * Binary cross-entropy, for sigmoid outputs (each column an independent yes/no):
 * L = −(1/m) Σᵢⱼ [yᵢⱼ ln ŷᵢⱼ + (1 − yᵢⱼ) ln(1 − ŷᵢⱼ)], range [0, ∞).
 * A term whose weight y or 1 − y is 0 is skipped, so ŷ = 0 with y = 0 costs nothing rather
 * than 0·ln 0 = NaN. A confident wrong answer (ŷ = 0 with y = 1) costs +∞, honestly.
 */
export function binaryCrossEntropy(Yhat: Matrix, Y: Matrix): number {
  checkShapes('binaryCrossEntropy', Yhat, Y);
  let L = 0;
  for (let i = 0; i < Y.data.length; i++) {
    const y = Y.data[i], p = Yhat.data[i];
    if (y !== 0) L -= y * Math.log(p);
    if (y !== 1) L -= (1 - y) * Math.log(1 - p);
  }
  return L / Y.rows;
}

/**
 * Categorical cross-entropy, for softmax outputs (each row a probability distribution):
 * L = −(1/m) Σᵢⱼ yᵢⱼ ln ŷᵢⱼ, range [0, ∞). With one-hot targets it is the average of
 * −ln(probability given to the right class).
 */
export function categoricalCrossEntropy(Yhat: Matrix, Y: Matrix): number {
  checkShapes('categoricalCrossEntropy', Yhat, Y);
  let L = 0;
  for (let i = 0; i < Y.data.length; i++) if (Y.data[i] !== 0) L -= Y.data[i] * Math.log(Yhat.data[i]);
  return L / Y.rows;
}

/**
 * ∂L/∂z for cross-entropy on its natural output layer, sigmoid or softmax: (ŷ − y) / m.
 * The derivative of the loss and of the activation cancel each other's awkward parts
 * (σ'(z) = ŷ(1 − ŷ) against ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) / m), which is why these pairs are used.
 */
export function crossEntropyDelta(Yhat: Matrix, Y: Matrix): Matrix {
  checkShapes('crossEntropyDelta', Yhat, Y);
  return outputDeltaInto('crossEntropy', 'sigmoid', Yhat, Y, zeros(Y.rows, Y.cols));
}

/**
 * The network's loss by name. 'crossEntropy' means categorical cross-entropy after a softmax
 * layer and binary cross-entropy after a sigmoid layer.
 */
export function lossValue(loss: LossName, Yhat: Matrix, Y: Matrix, outputActivation: ActivationName = 'sigmoid'): number {
  switch (loss) {
    case 'sumOfSquares':
      return sumOfSquares(Yhat, Y);
    case 'meanSquaredError':
      return meanSquaredError(Yhat, Y);
    case 'crossEntropy':
      checkPairing(loss, outputActivation);
      return outputActivation === 'softmax' ? categoricalCrossEntropy(Yhat, Y) : binaryCrossEntropy(Yhat, Y);
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
 *   any other loss:                         δ = ∂L/∂ŷ ⊙ f'(z)   (f' read from ŷ, as everywhere)
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
  switch (outputActivation) {
    case 'sigmoid':
      for (let i = 0; i < len; i++) d[i] = k * (p[i] - y[i]) * (p[i] * (1 - p[i]));
      return out;
    case 'tanh':
      for (let i = 0; i < len; i++) d[i] = k * (p[i] - y[i]) * (1 - p[i] * p[i]);
      return out;
    case 'relu':
      for (let i = 0; i < len; i++) d[i] = p[i] > 0 ? k * (p[i] - y[i]) : 0;
      return out;
    default: // identity
      for (let i = 0; i < len; i++) d[i] = k * (p[i] - y[i]);
      return out;
  }
}
