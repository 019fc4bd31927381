// Preparing data for a network: labels to one-hot rows, a seeded train/test split, and
// rescaling the inputs.

import { checkFiniteMatrix, shapeText, zeros, type Matrix } from '../matrix.ts';
import { createRng, shuffle, DEFAULT_SEED } from '../random.ts';

/**
 * One row per label with a 1 in the label's column: label 2 of 4 classes → [0, 0, 1, 0].
 * This is the target a softmax output is trained towards. Returns labels.length × classes
 * (classes defaults to the largest label + 1). Throws for `classes` that is not a whole number
 * ≥ 1, and for a label that is not a whole number
 * in 0..classes − 1, naming it and its position.
 */
export function oneHot(labels: readonly number[], classes?: number): Matrix {
  if (!Array.isArray(labels)) throw new Error(`oneHot: labels must be an array of class numbers, got ${labels === null ? 'null' : typeof labels}`);
  if (classes !== undefined && (!Number.isInteger(classes) || classes < 1)) {
    throw new Error(`oneHot: classes must be a whole number ≥ 1, got ${classes}`);
  }
  // Each label is checked before the largest one sizes Y, so 1.5 is named as the bad label.
  const k = classes ?? Math.max(-1, ...labels.filter(Number.isInteger)) + 1;
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new Error(`oneHot: label ${label} at position ${i} is not a whole number in 0..${k - 1}`);
    }
  });
  const Y = zeros(labels.length, k);
  labels.forEach((label, i) => (Y.data[i * k + label] = 1));
  return Y;
}

/** The rows of M (m×n) listed in `indices`, in that order: indices.length×n. Throws for an index outside 0..m − 1. */
export function takeRows(M: Matrix, indices: readonly number[]): Matrix {
  const out = zeros(indices.length, M.cols);
  indices.forEach((i, r) => {
    if (!Number.isInteger(i) || i < 0 || i >= M.rows) throw new Error(`takeRows: row ${i} is outside a ${shapeText(M)} matrix`);
    out.data.set(M.data.subarray(i * M.cols, (i + 1) * M.cols), r * M.cols);
  });
  return out;
}

export interface SplitOptions {
  /** Fraction of the samples held out for testing (default 0.25). */
  testFraction?: number;
  /** Default DEFAULT_SEED. */
  seed?: number;
  /**
   * Class labels to stratify by: each class is split in the same proportion, so a rare class
   * cannot end up missing from the test set by bad luck.
   */
  labels?: readonly number[];
}

export interface Split {
  XTrain: Matrix;
  YTrain: Matrix;
  XTest: Matrix;
  YTest: Matrix;
  /** Which original rows went where (ascending), e.g. to pick out labels or images. */
  trainIndex: number[];
  testIndex: number[];
}

/**
 * A seeded random split into training and test rows. The test set is what tells us whether the
 * network learned the pattern or only memorised its training samples. X (m×n) and Y (m×k)
 * are split by rows; about testFraction·m rows (rounded per class when stratified by `labels`)
 * go to the test set. Throws when X and Y have different row counts, testFraction is not
 * strictly between 0 and 1, labels has the wrong length, or the seed is not a whole number.
 */
export function trainTestSplit(X: Matrix, Y: Matrix, options: SplitOptions = {}): Split {
  const { testFraction = 0.25, seed = DEFAULT_SEED, labels } = options;
  if (X.rows !== Y.rows) throw new Error(`trainTestSplit: X and Y need one row per sample, got X ${shapeText(X)} and Y ${shapeText(Y)}`);
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`trainTestSplit: testFraction must be between 0 and 1, got ${testFraction}`);
  if (labels && labels.length !== X.rows) throw new Error(`trainTestSplit: ${X.rows} samples but ${labels.length} labels`);
  const rng = createRng(seed, 'trainTestSplit');
  // Without labels every sample is in one group; with labels, one group per class.
  const groups = new Map<number, number[]>();
  for (let i = 0; i < X.rows; i++) {
    const key = labels ? labels[i] : 0;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  }
  const testIndex: number[] = [];
  const trainIndex: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = shuffle(groups.get(key)!, rng);
    const nTest = Math.round(members.length * testFraction);
    testIndex.push(...members.slice(0, nTest));
    trainIndex.push(...members.slice(nTest));
  }
  trainIndex.sort((a, b) => a - b);
  testIndex.sort((a, b) => a - b);
  return {
    XTrain: takeRows(X, trainIndex), YTrain: takeRows(Y, trainIndex),
    XTest: takeRows(X, testIndex), YTest: takeRows(Y, testIndex),
    trainIndex, testIndex,
  };
}

/**
 * Standardising: x' = (x − μ) / σ per column, so every input has mean 0 and standard deviation 1
 * and no input dominates the first layer just by being measured in bigger numbers. A constant
 * column (σ = 0, e.g. a digit pixel that is always blank) is only centred (σ taken as 1).
 * Apply the returned mean and std to test data with applyStandardize: statistics come from the
 * training set only. X is m×n; mean and std are 1×n rows. Throws if X is not a Matrix, has no
 * rows, or holds NaN or ±Infinity (naming the entry).
 */
export function standardize(X: Matrix): { X: Matrix; mean: Matrix; std: Matrix } {
  checkFiniteMatrix('standardize', 'X', X);
  if (X.rows === 0) throw new Error(`standardize: X has no rows (${shapeText(X)}); a mean of nothing is undefined`);
  const mean = zeros(1, X.cols);
  const std = zeros(1, X.cols);
  for (let j = 0; j < X.cols; j++) {
    let s = 0;
    for (let i = 0; i < X.rows; i++) s += X.data[i * X.cols + j];
    const mu = s / X.rows;
    let v = 0;
    for (let i = 0; i < X.rows; i++) v += (X.data[i * X.cols + j] - mu) ** 2;
    const sigma = Math.sqrt(v / X.rows);
    mean.data[j] = mu;
    std.data[j] = sigma > 0 ? sigma : 1;
  }
  return { X: applyStandardize(X, mean, std), mean, std };
}

/**
 * x' = (x − mean) / std per column, with the 1×n statistics from standardize; X is m×n.
 * Throws when mean or std do not have X's number of columns, or any of them is not a finite Matrix.
 */
export function applyStandardize(X: Matrix, mean: Matrix, std: Matrix): Matrix {
  checkFiniteMatrix('applyStandardize', 'X', X);
  checkFiniteMatrix('applyStandardize', 'mean', mean);
  checkFiniteMatrix('applyStandardize', 'std', std);
  if (mean.cols !== X.cols || std.cols !== X.cols) {
    throw new Error(`applyStandardize: X has ${X.cols} columns but mean and std have ${mean.cols} and ${std.cols}`);
  }
  const out = zeros(X.rows, X.cols);
  for (let i = 0; i < X.data.length; i++) {
    const j = i % X.cols;
    out.data[i] = (X.data[i] - mean.data[j]) / std.data[j];
  }
  return out;
}

/**
 * Normalising: x' = (x − min) / (max − min) per column, into [0, 1]. A constant column maps to 0.
 * X is m×n; min and max are 1×n rows. Throws if X is not a Matrix, has no rows, or holds NaN
 * or ±Infinity (naming the entry).
 */
export function normalize(X: Matrix): { X: Matrix; min: Matrix; max: Matrix } {
  checkFiniteMatrix('normalize', 'X', X);
  if (X.rows === 0) throw new Error(`normalize: X has no rows (${shapeText(X)}); a range of nothing is undefined`);
  const min = zeros(1, X.cols);
  const max = zeros(1, X.cols);
  for (let j = 0; j < X.cols; j++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < X.rows; i++) {
      const v = X.data[i * X.cols + j];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    min.data[j] = lo;
    max.data[j] = hi;
  }
  const out = zeros(X.rows, X.cols);
  for (let i = 0; i < X.data.length; i++) {
    const j = i % X.cols;
    const range = max.data[j] - min.data[j];
    out.data[i] = range > 0 ? (X.data[i] - min.data[j]) / range : 0;
  }
  return { X: out, min, max };
}
