// The article's network, faithfully: two layers, sigmoid on both, no biases, sum-of-squares
// loss, and the update W ← W + ΔW with a learning rate of 1.
//
// Shapes for the article's data (m = 4 samples, 3 inputs, 4 hidden units, 1 output):
//   input X: 4×3   weights1 W₁: 3×4   layer1 a₁ = σ(X·W₁): 4×4
//   y: 4×1         weights2 W₂: 4×1   output ŷ = σ(a₁·W₂): 4×1
//
// The book corrects two things the article glosses over, without changing its numbers:
// - The constant third input column (always 1) gives the hidden layer a bias in disguise;
//   the output layer has none.
// - The article's d_weights are the NEGATIVE gradient of the loss: ΔW = −∂L/∂W. That is why it
//   adds them: W + ΔW = W − 1·∂L/∂W is gradient descent with learning rate 1.
//
// tests/nn/article.test.ts checks this class against the article's own NumPy code
// (tests/nn/fixtures/article_reference.py) to 1e-9 after 1,500 iterations.

import { trainArticleInPlace } from './article-fast.ts';
import { sigmoid, sigmoidPrime } from './activations.ts';
import {
  add, clone, matmul, multiply, rand, scale, shapeText, subtract, sum, toMatrix, transpose, zeros,
  type Matrix,
} from './matrix.ts';
import { createRng, DEFAULT_SEED } from './random.ts';

export interface NeuralNetworkOptions {
  /** Hidden units; the article uses 4. */
  hidden?: number;
  /** Seed for the starting weights (default DEFAULT_SEED). Ignored for weights you pass. */
  seed?: number;
  /** Starting weights, e.g. to reproduce a run exactly; copied, never modified. */
  weights1?: Matrix | number[][];
  weights2?: Matrix | number[][];
}

type Rows = Matrix | number[][];

/**
 * The article's network (James Loy, "How to build your own Neural Network from scratch in
 * Python", 2018): x is m×k (one row per sample), y m×1 (or m×n), weights1 k×h, weights2 h×n.
 * The constructor draws the weights like np.random.rand from one seeded stream, or copies the
 * ones you pass. It throws when x and y differ in rows, the weights do not fit the data, an
 * input holds NaN or ±Infinity, `hidden` is not a whole number ≥ 1, or the seed is not a whole number.
 */
export class NeuralNetwork {
  input: Matrix;
  y: Matrix;
  weights1: Matrix;
  weights2: Matrix;
  layer1: Matrix;
  output: Matrix;

  constructor(x: Rows, y: Rows, options: NeuralNetworkOptions = {}) {
    this.input = toMatrix(x, 'NeuralNetwork', 'x');
    this.y = toMatrix(y, 'NeuralNetwork', 'y');
    if (this.input.rows !== this.y.rows) {
      throw new Error(`NeuralNetwork: x and y need one row per sample, got x ${shapeText(this.input)} and y ${shapeText(this.y)}`);
    }
    const hidden = options.hidden ?? 4;
    if (!Number.isInteger(hidden) || hidden < 1) throw new Error(`NeuralNetwork: hidden must be a whole number ≥ 1, got ${hidden}`);
    for (const [name, M] of [['x', this.input], ['y', this.y]] as const) {
      const k = M.data.findIndex((v) => !Number.isFinite(v));
      if (k >= 0) throw new Error(`NeuralNetwork: non-finite value ${M.data[k]} in ${name} at row ${Math.floor(k / M.cols)}, column ${k % M.cols}`);
    }
    // Like np.random.rand: weights1 first, then weights2, from one seeded stream.
    const rng = createRng(options.seed ?? DEFAULT_SEED, 'NeuralNetwork');
    this.weights1 = options.weights1 ? clone(toMatrix(options.weights1, 'NeuralNetwork', 'weights1')) : rand(this.input.cols, hidden, rng);
    this.weights2 = options.weights2 ? clone(toMatrix(options.weights2, 'NeuralNetwork', 'weights2')) : rand(this.weights1.cols, this.y.cols, rng);
    if (this.weights1.rows !== this.input.cols || this.weights2.rows !== this.weights1.cols || this.weights2.cols !== this.y.cols) {
      throw new Error(
        `NeuralNetwork: weights do not fit the data (x ${shapeText(this.input)}, weights1 ${shapeText(this.weights1)}, ` +
        `weights2 ${shapeText(this.weights2)}, y ${shapeText(this.y)})`,
      );
    }
    this.layer1 = zeros(this.input.rows, this.weights1.cols);
    this.output = zeros(this.y.rows, this.y.cols);
  }

  /** a₁ = σ(X·W₁), ŷ = σ(a₁·W₂). */
  feedforward(): void {
    this.layer1 = sigmoid(matmul(this.input, this.weights1));
    this.output = sigmoid(matmul(this.layer1, this.weights2));
  }

  /**
   * The article's weight changes, without applying them (call feedforward first):
   *   e₂  = 2(y − ŷ) ⊙ σ'(ŷ)             the output error, scaled by the sigmoid's slope
   *   ΔW₂ = a₁ᵀ · e₂
   *   e₁  = (e₂ · W₂ᵀ) ⊙ σ'(a₁)          the error sent back through W₂ and the hidden sigmoid
   *   ΔW₁ = Xᵀ · e₁
   * Each ΔW is −∂L/∂W for L = Σ (y − ŷ)².
   */
  weightChanges(): { dWeights1: Matrix; dWeights2: Matrix } {
    const error2 = multiply(scale(subtract(this.y, this.output), 2), sigmoidPrime(this.output));
    const dWeights2 = matmul(transpose(this.layer1), error2);
    const error1 = multiply(matmul(error2, transpose(this.weights2)), sigmoidPrime(this.layer1));
    const dWeights1 = matmul(transpose(this.input), error1);
    return { dWeights1, dWeights2 };
  }

  /** W ← W + ΔW for both layers: one step of gradient descent with learning rate 1. */
  backprop(): void {
    const { dWeights1, dWeights2 } = this.weightChanges();
    this.weights1 = add(this.weights1, dWeights1);
    this.weights2 = add(this.weights2, dWeights2);
  }

  /** L = Σ (y − ŷ)² for the current output (call feedforward first). */
  loss(): number {
    const e = subtract(this.y, this.output);
    return sum(multiply(e, e));
  }

  /** ŷ = σ(σ(X·W₁)·W₂) for new inputs X, without touching the network's fields. */
  predict(x: Rows): Matrix {
    return sigmoid(matmul(sigmoid(matmul(toMatrix(x, 'predict', 'x'), this.weights1)), this.weights2));
  }

  /**
   * The article's training loop: `iterations` times, feedforward then backprop. Returns the
   * loss of every step, history[t] = L at the weights before update t (as the article plots
   * it). onStep(t, loss, net) runs between the two halves of each step; return false to stop.
   * Afterwards `output` is the last feedforward's, as in the article.
   *
   * Same arithmetic as feedforward() + backprop() (tests check it), but written into buffers
   * allocated once, because for 4×3 matrices allocating would cost more than computing.
   */
  train(iterations: number, onStep?: (step: number, loss: number, net: NeuralNetwork) => boolean | void): number[] {
    // Each step is feedforward() then backprop(), exactly as the article runs them. For the
    // article's shape (one output) the loop lives in article-fast.ts, fused into in-place
    // passes because this network is tiny and its time goes to overhead; it computes the same
    // numbers, bit for bit (tested). During onStep the fields hold the live state: weights
    // before this step's update, layer1 and output of this step's forward pass.
    if (this.y.cols !== 1) {
      const history: number[] = [];
      for (let step = 0; step < iterations; step++) {
        this.feedforward();
        const loss = this.loss();
        history.push(loss);
        if (onStep && onStep(step, loss, this) === false) break;
        this.backprop();
      }
      return history;
    }
    const X = this.input, Y = this.y;
    const W1 = (this.weights1 = clone(this.weights1));
    const W2 = (this.weights2 = clone(this.weights2));
    const a1 = (this.layer1 = zeros(X.rows, W1.cols));
    const out = (this.output = zeros(Y.rows, Y.cols));
    return trainArticleInPlace(
      X.data, Y.data, W1.data, W2.data, a1.data, out.data, X.rows, X.cols, W1.cols, iterations,
      onStep && ((step, loss) => onStep(step, loss, this)),
    );
  }
}
