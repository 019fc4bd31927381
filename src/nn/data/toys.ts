// Two-dimensional toy data sets for classification, small enough to plot and to train on in a
// page: two interleaved half moons, two nested circles, and a spiral of several arms. None of
// them can be separated by a straight line, which is the point: a hidden layer bends the boundary.
//
// Every generator is seeded, so the same options give the same points in every run, in every
// engine: the angles go through the portable sin and cos (portable-math.ts), not the engine's.

import { zeros, type Matrix } from '../matrix.ts';
import { cos, sin } from '../portable-math.ts';
import { createRng, randomNormal, type Rng } from '../random.ts';
import { oneHot } from './prepare.ts';

export interface ToyOptions {
  /** Number of samples (default 200). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
  /** Default 1. */
  seed?: number;
}

/** A labelled data set: X is n×2 (x, y coordinates), labels the class of each row, Y their one-hot rows. */
export interface LabelledData {
  X: Matrix;
  labels: number[];
  Y: Matrix;
}

function build(n: number, classes: number, rng: Rng, point: (i: number) => [number, number, number], noise: number): LabelledData {
  const X = zeros(n, 2);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y, label] = point(i);
    X.data[2 * i] = x + randomNormal(rng, 0, noise);
    X.data[2 * i + 1] = y + randomNormal(rng, 0, noise);
    labels.push(label);
  }
  return { X, labels, Y: oneHot(labels, classes) };
}

function checkN(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 2) throw new Error(`${name}: n must be a whole number ≥ 2, got ${n}`);
}

/**
 * Two interleaving half circles: class 0 is the upper arc (cos t, sin t), class 1 the lower arc
 * (1 − cos t, 0.5 − sin t), t ∈ [0, π]. Half the samples in each class (the odd one to class 0).
 * X is n×2 plus Gaussian noise of standard deviation `noise`; the same shape as scikit-learn's
 * make_moons. Throws for n not a whole number ≥ 2 or a seed that is not a whole number.
 */
export function moons({ n = 200, noise = 0.1, seed = 1 }: ToyOptions = {}): LabelledData {
  checkN('moons', n);
  const rng = createRng(seed, 'moons');
  const n0 = Math.ceil(n / 2);
  return build(n, 2, rng, (i) => {
    if (i < n0) {
      const t = (Math.PI * i) / Math.max(n0 - 1, 1);
      return [cos(t), sin(t), 0];
    }
    const t = (Math.PI * (i - n0)) / Math.max(n - n0 - 1, 1);
    return [1 - cos(t), 0.5 - sin(t), 1];
  }, noise);
}

export interface CirclesOptions extends ToyOptions {
  /** Radius of the inner circle relative to the outer one (radius 1); default 0.5. */
  factor?: number;
}

/**
 * Two concentric circles: class 0 on the outer circle (radius 1), class 1 on the inner one
 * (radius `factor`), as scikit-learn's make_circles; X is n×2 plus Gaussian noise. Throws for
 * n not a whole number ≥ 2, a factor outside (0, 1), or a seed that is not a whole number.
 */
export function circles({ n = 200, noise = 0.1, seed = 1, factor = 0.5 }: CirclesOptions = {}): LabelledData {
  checkN('circles', n);
  if (!(factor > 0 && factor < 1)) throw new Error(`circles: factor (the inner radius) must be between 0 and 1, got ${factor}`);
  const rng = createRng(seed, 'circles');
  const n0 = Math.ceil(n / 2);
  return build(n, 2, rng, (i) => {
    const outer = i < n0;
    const t = (2 * Math.PI * (outer ? i : i - n0)) / (outer ? n0 : n - n0);
    const r = outer ? 1 : factor;
    return [r * cos(t), r * sin(t), outer ? 0 : 1];
  }, noise);
}

export interface SpiralOptions extends ToyOptions {
  /** Number of arms, one class each (default 3). */
  classes?: number;
}

/**
 * A spiral with `classes` arms: arm k has points at radius r ∈ [0, 1] and angle
 * 4r + 2πk / classes (plus noise). Samples are dealt to the arms in turn; X is n×2, Y n×classes
 * (after CS231n's spiral). Throws for n not a whole number ≥ 2, fewer than 2 classes, or a
 * seed that is not a whole number.
 */
export function spiral({ n = 300, noise = 0.1, seed = 1, classes = 3 }: SpiralOptions = {}): LabelledData {
  checkN('spiral', n);
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`spiral: classes must be a whole number ≥ 2, got ${classes}`);
  const rng = createRng(seed, 'spiral');
  const perArm = Math.ceil(n / classes);
  return build(n, classes, rng, (i) => {
    const k = i % classes;
    const r = Math.floor(i / classes) / Math.max(perArm - 1, 1);
    const angle = 4 * r + (2 * Math.PI * k) / classes;
    return [r * sin(angle), r * cos(angle), k];
  }, noise);
}
