// The 8×8 handwritten digits: 1,797 samples, each 64 pixel counts from 0 (blank) to 16 (full).
//
// Source: the test set of the "Optical Recognition of Handwritten Digits" data set from the UCI
// Machine Learning Repository (E. Alpaydin and C. Kaynak, Bogazici University, 1998),
// https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits
// We take it as scikit-learn ships it (sklearn/datasets/data/digits.csv.gz; its description,
// digits.rst, says it is "a copy of the test set of the UCI ML hand-written digits datasets").
// Writers drew on a form; NIST's programs cut each 32×32 bitmap into 4×4 blocks and counted the
// ink in each, giving 8×8 values of 0..16.
//
// Licence: neither scikit-learn's description (digits.rst) nor Debian's copyright file for
// python3-sklearn names a licence for this data; Debian's file covers the package as a whole
// (BSD-3-Clause). The UCI repository, which hosts the original, lists its data sets under
// Creative Commons Attribution 4.0 (CC BY 4.0), which asks for the attribution above. (That
// last point could not be checked from the copies on the build machine; confirm it on the UCI
// page above before relying on it.)
//
// src/nn/data/build_digits.py regenerates digits-data.ts from the CSV.

import { zeros, type Matrix } from '../matrix.ts';
import { DIGITS_ENCODED } from './digits-data.ts';
import { oneHot } from './prepare.ts';

export interface DigitsData {
  /** 1,797×64, pixel counts 0..16, each row an image read row by row. */
  X: Matrix;
  /** The digit each row shows, 0..9. */
  labels: number[];
  /** One-hot targets, 1,797×10. */
  Y: Matrix;
}

let cached: { X: Float64Array; labels: number[] } | null = null;

/**
 * The 1,797 digits: X (1,797×64 pixel counts, 0..16), labels (0..9) and one-hot Y (1,797×10);
 * source and licence at the top of this file. Decodes once; later calls copy the cached
 * numbers, so callers may modify theirs.
 */
export function loadDigits(): DigitsData {
  if (!cached) {
    const lines = DIGITS_ENCODED.trim().split('\n');
    const X = new Float64Array(lines.length * 64);
    const labels = lines.map((line, i) => {
      for (let j = 0; j < 64; j++) X[i * 64 + j] = parseInt(line[j + 1], 17);
      return parseInt(line[0], 17);
    });
    cached = { X, labels };
  }
  const X = zeros(cached.labels.length, 64);
  X.data.set(cached.X);
  return { X, labels: cached.labels.slice(), Y: oneHot(cached.labels, 10) };
}

/**
 * Row i of the digits' X (m×64) as an 8×8 image matrix, for display; pixel values 0..16.
 * Throws unless X has 64 columns and i is a row of it.
 */
export function digitImage(X: Matrix, i: number): Matrix {
  if (X.cols !== 64) throw new Error(`digitImage: expected 64 columns (8×8 pixels), got ${X.cols}`);
  if (!Number.isInteger(i) || i < 0 || i >= X.rows) throw new Error(`digitImage: row ${i} is outside 0..${X.rows - 1}`);
  return { rows: 8, cols: 8, data: X.data.slice(i * 64, (i + 1) * 64) };
}
