// Gradient checking: is backpropagation right? Compare each analytic derivative with a numeric
// one, obtained by nudging that single parameter and watching the loss.
//
// Central differences (the default, `points: 4`, is the fourth-order one):
//   points 2:  ∂L/∂θ ≈ [L(θ + h) − L(θ − h)] / 2h                                  error ~ h²
//   points 4:  ∂L/∂θ ≈ [L(θ − 2h) − 8L(θ − h) + 8L(θ + h) − L(θ + 2h)] / 12h       error ~ h⁴
// A smaller h cuts the formula's error but magnifies rounding in L (≈ 1e-16·|L| / h), so
// each has a sweet spot: h = 1e-5 for two points, h = 1e-3 for four, where the four-point
// estimate is good to about 1e-11: enough to tell a correct gradient from a nearly correct one.
//
// Agreement is measured by the relative error |a − n| / max(|a|, |n|, floor). The floor
// (default 1e-6) stops a derivative that is zero in theory (a dead ReLU, a saturated sigmoid)
// from turning rounding noise of 1e-15 into a huge "relative" error.
//
// Near a ReLU's kink (z ≈ 0) the loss is not differentiable and no finite difference agrees
// with the derivative; a check that crosses a kink fails for that reason, not because the
// backward pass is wrong.

import type { NeuralNetwork } from './article.ts';
import type { LossName } from './losses.ts';
import { scale, type Matrix } from './matrix.ts';
import { backward, evaluateLoss, forward, type Network } from './network.ts';

export interface GradCheckOptions {
  /** The step h (default 1e-3 with 4 points, 1e-5 with 2). */
  epsilon?: number;
  /** 2 or 4 evaluations of the loss per parameter (default 4). */
  points?: 2 | 4;
  /** Smallest denominator of the relative error (default 1e-6). */
  floor?: number;
}

/** One parameter's comparison. */
export interface GradientComparison {
  /** Index into `params` (checkGradient) — for gradCheck, the layer. */
  param: number;
  row: number;
  col: number;
  analytic: number;
  numeric: number;
  relativeError: number;
}

export interface CheckGradientResult {
  maxRelativeError: number;
  /** The worst-agreeing entry of all. */
  worst: GradientComparison;
  /** The worst-agreeing entry of each parameter matrix. */
  perParam: GradientComparison[];
}

/** |a − n| / max(|a|, |n|, floor): 0 for perfect agreement, about 1 for unrelated numbers. */
export function relativeError(analytic: number, numeric: number, floor = 1e-6): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
}

/**
 * Checks a reader's own gradients: `grads[k]` should be ∂(lossOf())/∂(params[k]). Each entry of
 * each parameter is nudged in place, lossOf() is called, and the entry is restored exactly.
 * Each grads[k] must have the shape of params[k]. Returns the worst relative error overall and
 * per parameter (see the top of the file for the method, after Numerical Recipes §5.7 and
 * CS231n's notes on gradient checking). Throws when the lists differ in length or a gradient's
 * shape differs from its parameter's.
 */
export function checkGradient(
  lossOf: () => number, params: Matrix[], grads: Matrix[], options: GradCheckOptions = {},
): CheckGradientResult {
  const points = options.points ?? 4;
  const h = options.epsilon ?? (points === 4 ? 1e-3 : 1e-5);
  const floor = options.floor ?? 1e-6;
  if (params.length !== grads.length) {
    throw new Error(`checkGradient: ${params.length} parameters but ${grads.length} gradients`);
  }
  const perParam: GradientComparison[] = params.map((P, k) => {
    const G = grads[k];
    if (P.rows !== G.rows || P.cols !== G.cols) {
      throw new Error(`checkGradient: parameter ${k} is ${P.rows}×${P.cols} but its gradient is ${G.rows}×${G.cols}`);
    }
    let worst: GradientComparison | null = null;
    for (let idx = 0; idx < P.data.length; idx++) {
      const theta = P.data[idx];
      const at = (delta: number) => {
        P.data[idx] = theta + delta;
        return lossOf();
      };
      const numeric =
        points === 4
          ? (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h)
          : (at(h) - at(-h)) / (2 * h);
      P.data[idx] = theta;
      const analytic = G.data[idx];
      const e = relativeError(analytic, numeric, floor);
      if (worst === null || !(e <= worst.relativeError)) {
        worst = { param: k, row: Math.floor(idx / P.cols), col: idx % P.cols, analytic, numeric, relativeError: e };
      }
    }
    return worst ?? { param: k, row: 0, col: 0, analytic: 0, numeric: 0, relativeError: 0 };
  });
  const worst = perParam.reduce((a, b) => (!(b.relativeError <= a.relativeError) ? b : a));
  return { maxRelativeError: worst.relativeError, worst, perParam };
}

/** A GradientComparison named by layer and parameter. */
export interface LayerComparison extends GradientComparison {
  layer: number;
  which: 'W' | 'b';
}

export interface GradCheckResult {
  maxRelativeError: number;
  worst: LayerComparison;
  /** The worst entry of each layer's W and b (b is null for a layer without biases). */
  layers: { W: LayerComparison; b: LayerComparison | null }[];
}

/**
 * Checks backward() for a general network on inputs X (m×n₀) and targets Y (m×n_L) against
 * finite differences of evaluateLoss, for every weight and bias. Returns the worst relative
 * error, overall and per layer. Throws as forward(), backward() and evaluateLoss() do for a
 * network, data or targets they refuse.
 */
export function gradCheck(
  net: Network, X: Matrix, Y: Matrix, loss: LossName, options: GradCheckOptions = {},
): GradCheckResult {
  const grads = backward(net, forward(net, X), Y, loss);
  const params: Matrix[] = [];
  const gs: Matrix[] = [];
  const names: { layer: number; which: 'W' | 'b' }[] = [];
  net.layers.forEach((layer, l) => {
    params.push(layer.W);
    gs.push(grads.dW[l]);
    names.push({ layer: l, which: 'W' });
    if (layer.b) {
      params.push(layer.b);
      gs.push(grads.db[l]!);
      names.push({ layer: l, which: 'b' });
    }
  });
  const result = checkGradient(() => evaluateLoss(net, X, Y, loss), params, gs, options);
  const named = result.perParam.map((c, k) => ({ ...c, ...names[k] }));
  const layers = net.layers.map((_, l) => ({
    W: named.find((c) => c.layer === l && c.which === 'W')!,
    b: named.find((c) => c.layer === l && c.which === 'b') ?? null,
  }));
  return { maxRelativeError: result.maxRelativeError, worst: named[result.worst.param], layers };
}

/**
 * Checks the article's NeuralNetwork. Its weightChanges() are −∂L/∂W (it adds them), so we
 * compare their negation with the numeric gradient of L = Σ (y − ŷ)². Leaves the network's
 * weights as they were (its layer1/output fields hold a fresh feedforward afterwards). Throws
 * as checkGradient does (it cannot, for a network built by the NeuralNetwork constructor).
 */
export function gradCheckArticle(nn: NeuralNetwork, options: GradCheckOptions = {}): CheckGradientResult {
  nn.feedforward();
  const { dWeights1, dWeights2 } = nn.weightChanges();
  const lossOf = () => {
    nn.feedforward();
    return nn.loss();
  };
  const result = checkGradient(lossOf, [nn.weights1, nn.weights2], [scale(dWeights1, -1), scale(dWeights2, -1)], options);
  nn.feedforward();
  return result;
}
