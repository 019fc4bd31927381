// The article's training loop, fused for speed.
//
// NeuralNetwork.train() runs thousands of steps of a network with a handful of numbers; at
// that size the time goes to calls and passes over tiny arrays, not to arithmetic. This loop
// does each step in place in one pass per layer. It computes exactly what feedforward() and
// backprop() in article.ts compute: every sum adds the same terms in the same order, so the
// results are identical to the last bit (tests/nn/article.test.ts checks it). Read article.ts
// for the mathematics; this file only arranges it for the machine. The sigmoid and its slope
// are activations.ts's own one-line definitions, called here (V8 inlines them).

import { sigmoidOf, sigmoidSlope } from './activations.ts';

/**
 * Trains in place for `iterations` steps the article's shape of network, one output: x (m×k
 * inputs), t (m×1 targets), w1 (k×h), w2 (h×1), with a1 (m×h) and out (m×1) receiving the last
 * step's activations. Returns the loss before each step's update; `onStep(step, loss)` may stop
 * training early by returning false.
 */
export function trainArticleInPlace(
  x: Float64Array, t: Float64Array, w1: Float64Array, w2: Float64Array, a1: Float64Array, out: Float64Array,
  m: number, k: number, h: number, iterations: number, onStep?: (step: number, loss: number) => boolean | void,
): number[] {
  const e2 = new Float64Array(m);
  const e1 = new Float64Array(m * h);
  const g1 = new Float64Array(k * h);
  const g2 = new Float64Array(h);
  const history: number[] = [];
  for (let step = 0; step < iterations; step++) {
    // a₁ = σ(X·W₁)
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < h; j++) {
        let z = 0;
        for (let q = 0; q < k; q++) z += x[i * k + q] * w1[q * h + j];
        a1[i * h + j] = sigmoidOf(z);
      }
    }
    // ŷ = σ(a₁·W₂), and L = Σ (y − ŷ)²
    let L = 0;
    for (let i = 0; i < m; i++) {
      let z = 0;
      for (let j = 0; j < h; j++) z += a1[i * h + j] * w2[j];
      const p = sigmoidOf(z);
      out[i] = p;
      L += (t[i] - p) * (t[i] - p);
    }
    history.push(L);
    if (onStep && onStep(step, L) === false) break;
    // e₂ = 2(y − ŷ) ⊙ ŷ(1 − ŷ)
    for (let i = 0; i < m; i++) e2[i] = 2 * (t[i] - out[i]) * sigmoidSlope(out[i]);
    // ΔW₂ = a₁ᵀ·e₂
    for (let j = 0; j < h; j++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += a1[i * h + j] * e2[i];
      g2[j] = g;
    }
    // e₁ = (e₂·W₂ᵀ) ⊙ a₁(1 − a₁); with one output, e₂·W₂ᵀ is one product per entry
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < h; j++) {
        e1[i * h + j] = (0 + e2[i] * w2[j]) * sigmoidSlope(a1[i * h + j]);
      }
    }
    // ΔW₁ = Xᵀ·e₁
    for (let q = 0; q < k; q++) {
      for (let j = 0; j < h; j++) {
        let g = 0;
        for (let i = 0; i < m; i++) g += x[i * k + q] * e1[i * h + j];
        g1[q * h + j] = g;
      }
    }
    // W ← W + ΔW (the article's sign: ΔW is the negative gradient)
    for (let i = 0; i < w1.length; i++) w1[i] += g1[i];
    for (let j = 0; j < h; j++) w2[j] += g2[j];
  }
  return history;
}
