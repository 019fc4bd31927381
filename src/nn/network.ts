// The general network the later chapters build: any number of layers, an activation per layer,
// optional biases, three losses, a learning rate and its schedule, full-batch or mini-batch
// gradient descent.
//
// For layer l = 1…L, with a₀ = X (one row per sample):
//   forward:   zₗ = aₗ₋₁·Wₗ + bₗ        aₗ = fₗ(zₗ)          ŷ = a_L
//   backward:  δ_L = ∂L/∂z_L  (losses.ts)
//              ∂L/∂Wₗ = aₗ₋₁ᵀ·δₗ        ∂L/∂bₗ = Σ over samples of δₗ
//              δₗ₋₁ = (δₗ·Wₗᵀ) ⊙ f'ₗ₋₁(aₗ₋₁)
//   update:    Wₗ ← Wₗ − η ∂L/∂Wₗ,  bₗ ← bₗ − η ∂L/∂bₗ
// The article's network is the special case L = 2, sigmoid, no biases, sum of squares, η = 1
// (tests/nn/network.test.ts checks that they agree).
//
// A Network is plain data ({ layers: [{ W, b, activation }] }), so it can be sent to a Web
// Worker and back. forward() and backward() return every intermediate number, so a diagram can
// show exactly what the code computed.

import { activateInto, ACTIVATIONS, multiplyBySlopeInto, type ActivationName } from './activations.ts';
import { matmulInto, matmulTransAInto, matmulTransBInto } from './kernels.ts';
import { checkPairing, checkTargets, lossValue, outputDeltaInto, type LossName } from './losses.ts';
import { argmaxRows, checkFiniteMatrix, clone, isMatrix, shapeText, toMatrix, zeros, type Matrix } from './matrix.ts';
import { createRng, nextRandom, randomNormal, randomUniform, shuffle, DEFAULT_SEED } from './random.ts';
import { checkSchedule, learningRateAt, type LearningRateSchedule } from './schedules.ts';

export interface Layer {
  /** Weights, nₗ₋₁×nₗ: column j holds the weights into neuron j. */
  W: Matrix;
  /** Biases, 1×nₗ, or null for a layer without them. */
  b: Matrix | null;
  activation: ActivationName;
}

export interface Network {
  layers: Layer[];
}

/**
 * How the starting weights are drawn (biases always start at 0):
 * - 'uniform': Wᵢⱼ ~ U[0, 1), the article's np.random.rand. All positive, so it only suits tiny nets.
 * - 'xavier':  Wᵢⱼ ~ U(−r, r), r = √(6 / (n_in + n_out)) (Glorot & Bengio 2010): keeps the
 *              variance of signals roughly constant through sigmoid and tanh layers.
 * - 'he':      Wᵢⱼ ~ N(0, 2 / n_in) (He et al. 2015): the same idea for ReLU, which zeroes half its inputs.
 */
export type InitName = 'uniform' | 'xavier' | 'he';

export interface NetworkOptions {
  inputSize: number;
  layers: { size: number; activation: ActivationName }[];
  /** Add a bias to every layer (default true). */
  biases?: boolean;
  /** Default 'xavier'. */
  init?: InitName;
  /** Seed for the starting weights (default DEFAULT_SEED). */
  seed?: number;
}

/**
 * A new network for inputs of `inputSize` columns: layer l gets W (nₗ₋₁×nₗ) drawn by `init`
 * (see InitName) and, unless `biases: false`, b (1×nₗ) of zeros. Weights are drawn layer by
 * layer, row by row, from one stream seeded by `seed` (a whole number; see createRng), so
 * the same options give the same network. Throws for sizes that are not whole numbers ≥ 1,
 * no layers, an unknown activation or init, softmax before the last layer, or a bad seed.
 */
export function createNetwork(options: NetworkOptions): Network {
  const { inputSize, layers, biases = true, init = 'xavier', seed = DEFAULT_SEED } = options;
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new Error(`createNetwork: inputSize must be a whole number ≥ 1, got ${inputSize}`);
  }
  if (!Array.isArray(layers) || layers.length === 0) throw new Error('createNetwork: give at least one layer');
  const rng = createRng(seed, 'createNetwork');
  let nIn = inputSize;
  const built = layers.map(({ size, activation }, l) => {
    if (!Number.isInteger(size) || size < 1) throw new Error(`createNetwork: layer ${l} size must be a whole number ≥ 1, got ${size}`);
    if (!ACTIVATIONS.includes(activation)) {
      throw new Error(`createNetwork: layer ${l} has unknown activation "${String(activation)}" (expected one of ${ACTIVATIONS.join(', ')})`);
    }
    if (activation === 'softmax' && l !== layers.length - 1) {
      throw new Error(`createNetwork: softmax can only be the output layer (layer ${l} of ${layers.length})`);
    }
    const W = zeros(nIn, size);
    const r = Math.sqrt(6 / (nIn + size));
    for (let i = 0; i < W.data.length; i++) {
      if (init === 'uniform') W.data[i] = nextRandom(rng);
      else if (init === 'xavier') W.data[i] = randomUniform(rng, -r, r);
      else if (init === 'he') W.data[i] = randomNormal(rng, 0, Math.sqrt(2 / nIn));
      else throw new Error(`createNetwork: unknown init "${String(init)}" (expected uniform, xavier or he)`);
    }
    nIn = size;
    return { W, b: biases ? zeros(1, size) : null, activation };
  });
  return { layers: built };
}

/** A deep copy of `net` (same shapes and numbers, no shared arrays): training the copy leaves the original alone. */
export function cloneNetwork(net: Network): Network {
  return { layers: net.layers.map((L) => ({ W: clone(L.W), b: L.b ? clone(L.b) : null, activation: L.activation })) };
}

// ── Forward pass ─────────────────────────────────────────────────────────────────────────────

/** Everything the forward pass computed: zs[l] and as[l] for each layer l (0-based). */
export interface Trace {
  input: Matrix;
  zs: Matrix[];
  as: Matrix[];
  output: Matrix;
}

/**
 * The forward pass: zₗ = aₗ₋₁·Wₗ + bₗ, aₗ = fₗ(zₗ) for every layer, with a₀ = X (m×n₀, one
 * row per sample). Returns every zₗ and aₗ (m×nₗ) and the output ŷ = a_L. Pass a previous
 * trace of the same shapes as `reuse` to write into its matrices instead of allocating.
 * Throws, naming the layer and the values, when X has no rows, X or the network holds NaN or
 * ±Infinity, X's columns do not match the first layer, or a layer's W or b does not fit; and
 * when finite X and weights overflow inside the network (X = [[10]] through two layers with
 * W = [[1e308]]: z = 1e309 is Infinity), naming the layer whose z or a is not finite.
 */
export function forward(net: Network, X: Matrix | number[][], reuse?: Trace): Trace {
  checkNetwork('forward', net);
  return forwardPass(net, checkInput('forward', net, X), reuse, 'forward');
}

/**
 * forward() without the checks on its arguments: train() checks its network and data once,
 * and judges a non-finite loss itself. Give `operation` to check each layer's z and a for
 * numbers that overflowed, as forward(), predict() and evaluateLoss() do.
 */
function forwardPass(net: Network, input: Matrix, reuse?: Trace, operation?: string): Trace {
  const fits = reuse !== undefined && reuse.zs.length === net.layers.length &&
    net.layers.every((layer, l) => reuse.zs[l].rows === input.rows && reuse.zs[l].cols === layer.W.cols);
  const zs: Matrix[] = [];
  const as: Matrix[] = [];
  let a = input;
  net.layers.forEach((layer, l) => {
    const z = matmulInto(a, layer.W, fits ? reuse.zs[l] : zeros(a.rows, layer.W.cols)); // z = a·W
    if (layer.b) addRowInto(z, layer.b); //                                                    + b
    a = activateInto(layer.activation, z, fits ? reuse.as[l] : zeros(z.rows, z.cols)); //  a = f(z)
    if (operation !== undefined) {
      assertNoOverflow(operation, `layer ${l}'s z = a·W${layer.b ? ' + b' : ''}`, z, 'X and the weights are finite');
      assertNoOverflow(operation, `layer ${l}'s a = ${layer.activation}(z)`, a, 'X and the weights are finite');
    }
    zs.push(z);
    as.push(a);
  });
  return { input, zs, as, output: a };
}

/**
 * Throws unless `net` is a network whose layers fit together: each W a finite matrix with as
 * many rows as the layer before has outputs, each b null or a finite 1×(W's columns) row, each
 * activation known and softmax only last. A wrong bias length would otherwise be read past its
 * end (NaN) or only in part, without a word.
 */
function checkNetwork(operation: string, net: Network): void {
  if (typeof net !== 'object' || net === null || !Array.isArray(net.layers) || net.layers.length === 0) {
    throw new Error(`${operation}: expected a network from createNetwork ({ layers: [{ W, b, activation }, …] }), got ${net === null ? 'null' : typeof net}`);
  }
  const L = net.layers.length;
  net.layers.forEach((layer, l) => {
    if (!isMatrix(layer.W)) throw new Error(`${operation}: layer ${l}'s W is not a Matrix`);
    if (l > 0 && layer.W.rows !== net.layers[l - 1].W.cols) {
      throw new Error(
        `${operation}: layer ${l}'s W is ${shapeText(layer.W)} but layer ${l - 1} has ${net.layers[l - 1].W.cols} outputs, so it needs ${net.layers[l - 1].W.cols} rows`,
      );
    }
    assertFinite(operation, `layer ${l}'s W`, layer.W);
    if (layer.b !== null) {
      if (!isMatrix(layer.b) || layer.b.rows !== 1 || layer.b.cols !== layer.W.cols) {
        const got = isMatrix(layer.b) ? shapeText(layer.b) : String(layer.b);
        throw new Error(`${operation}: layer ${l}'s bias b is ${got} but W is ${shapeText(layer.W)}, so b must be 1×${layer.W.cols} (or null)`);
      }
      assertFinite(operation, `layer ${l}'s b`, layer.b);
    }
    if (!ACTIVATIONS.includes(layer.activation)) {
      throw new Error(`${operation}: layer ${l} has unknown activation "${String(layer.activation)}" (expected one of ${ACTIVATIONS.join(', ')})`);
    }
    if (layer.activation === 'softmax' && l !== L - 1) {
      throw new Error(`${operation}: softmax can only be the output layer (layer ${l} of ${L})`);
    }
  });
}

/** X as a Matrix, after checking it has samples, fits the first layer and is finite. */
function checkInput(operation: string, net: Network, X: Matrix | number[][]): Matrix {
  const input = toMatrix(X, operation, 'X');
  const first = net.layers[0].W;
  if (input.rows === 0) throw new Error(`${operation}: X has no rows (${shapeText(input)}); give at least one sample`);
  if (input.cols !== first.rows) {
    throw new Error(`${operation}: X has ${input.cols} columns but the first layer expects ${first.rows} (X ${shapeText(input)} · W ${shapeText(first)})`);
  }
  assertFinite(operation, 'X', input);
  return input;
}

/** Y as a Matrix, after checking it is finite, has one row per prediction and suits the loss. */
function checkTargetsFor(operation: string, net: Network, loss: LossName, Yin: Matrix | number[][], rows: number): Matrix {
  const Y = toMatrix(Yin, operation, 'Y');
  const out = net.layers[net.layers.length - 1].W.cols;
  if (Y.rows !== rows || Y.cols !== out) {
    throw new Error(`${operation}: targets Y are ${shapeText(Y)} but the network gives ${rows}×${out} predictions`);
  }
  assertFinite(operation, 'Y', Y);
  const activation = outputActivation(net);
  checkPairing(loss, activation);
  if (loss === 'crossEntropy') checkTargets(operation, activation as 'sigmoid' | 'softmax', Y);
  return Y;
}

/** Z ← Z + b, the 1×n bias row added to every row. */
function addRowInto(Z: Matrix, b: Matrix): void {
  const n = Z.cols, z = Z.data, bias = b.data;
  for (let i = 0; i < Z.rows; i++) for (let j = 0; j < n; j++) z[i * n + j] += bias[j];
}

/**
 * ŷ for inputs X (m×n₀): the output of the forward pass, m×n_L. Throws as forward() does.
 */
export function predict(net: Network, X: Matrix | number[][]): Matrix {
  checkNetwork('predict', net);
  return forwardPass(net, checkInput('predict', net, X), undefined, 'predict').output;
}

/**
 * The loss of the network on inputs X (m×n₀) and targets Y (m×n_L), one number (see
 * losses.ts). Cross-entropy is computed from the output layer's pre-activation, so it stays
 * finite and exact when a probability rounds to 0 or 1. Throws as forward() does, for
 * targets of the wrong shape, non-finite, or not probabilities under cross-entropy, and when
 * the loss of finite outputs and targets overflows (a sum of squares of errors near 1e200).
 */
export function evaluateLoss(net: Network, X: Matrix | number[][], Y: Matrix | number[][], loss: LossName): number {
  checkNetwork('evaluateLoss', net);
  const input = checkInput('evaluateLoss', net, X);
  const T = checkTargetsFor('evaluateLoss', net, loss, Y, input.rows);
  const value = traceLoss(net, forwardPass(net, input, undefined, 'evaluateLoss'), T, loss);
  if (!Number.isFinite(value)) {
    throw new Error(
      `evaluateLoss: the ${loss} loss is ${value}: the numbers overflowed although the outputs ŷ and the targets Y are finite; ` +
      'rescale the targets (standardize) or use smaller weights',
    );
  }
  return value;
}

/** The loss of a forward pass: cross-entropy from the last z, the others from ŷ. */
function traceLoss(net: Network, trace: Trace, Y: Matrix, loss: LossName): number {
  return lossValue(loss, trace.output, Y, outputActivation(net), trace.zs[trace.zs.length - 1]);
}

function outputActivation(net: Network): ActivationName {
  return net.layers[net.layers.length - 1].activation;
}

// ── Backward pass ────────────────────────────────────────────────────────────────────────────

/** Every gradient the backward pass computed, per layer: ∂L/∂W, ∂L/∂b, and δ = ∂L/∂z. */
export interface Gradients {
  dW: Matrix[];
  db: (Matrix | null)[];
  deltas: Matrix[];
}

/**
 * Backpropagation: δ_L from the loss, then back through each layer (see the top of the file).
 * Takes the trace of forward(net, X) and the targets Y (m×n_L); returns ∂L/∂Wₗ (shaped like
 * Wₗ), ∂L/∂bₗ (1×nₗ, or null without biases) and δₗ = ∂L/∂zₗ (m×nₗ) for every layer.
 * These are true gradients (∂L/∂W), so descent subtracts them; the article's class adds its
 * d_weights because they are the negative gradient. Throws when the trace does not come from
 * this network (shapes), has no rows or holds NaN or ±Infinity, for targets of the wrong shape, non-finite, or not probabilities under
 * cross-entropy, and when a δ or gradient overflows, naming the layer.
 */
export function backward(net: Network, trace: Trace, Y: Matrix | number[][], loss: LossName, reuse?: Gradients): Gradients {
  checkNetwork('backward', net);
  const L = net.layers.length;
  const fits = (M: unknown, rows: number, cols: number) => isMatrix(M) && M.rows === rows && M.cols === cols;
  const fitsNet = typeof trace === 'object' && trace !== null && Array.isArray(trace.zs) && Array.isArray(trace.as) &&
    trace.zs.length === L && trace.as.length === L && isMatrix(trace.input) && trace.input.cols === net.layers[0].W.rows &&
    net.layers.every((layer, l) => fits(trace.zs[l], trace.input.rows, layer.W.cols) && fits(trace.as[l], trace.input.rows, layer.W.cols)) &&
    fits(trace.output, trace.input.rows, net.layers[L - 1].W.cols);
  if (!fitsNet) throw new Error('backward: the trace does not come from this network (pass forward(net, X) for the same net)');
  if (trace.input.rows === 0) {
    throw new Error(`backward: the trace has no rows (its input is ${shapeText(trace.input)}); pass forward(net, X) for at least one sample`);
  }
  // backward reads the input, every a and the output ŷ (forward's zs are there for the reader).
  assertFinite('backward', "the trace's input", trace.input);
  trace.as.forEach((a, l) => assertFinite('backward', `the trace's as[${l}]`, a));
  assertFinite('backward', "the trace's output", trace.output);
  const T = checkTargetsFor('backward', net, loss, Y, trace.input.rows);
  const grads = backwardPass(net, trace, T, loss, reuse);
  const finite = 'the trace, Y and the weights are finite';
  for (let l = L - 1; l >= 0; l--) { // in the order they were computed, so the first overflow is named
    assertNoOverflow('backward', `layer ${l}'s δ = ∂L/∂z`, grads.deltas[l], finite);
    assertNoOverflow('backward', `layer ${l}'s ∂L/∂W`, grads.dW[l], finite);
    if (grads.db[l]) assertNoOverflow('backward', `layer ${l}'s ∂L/∂b`, grads.db[l]!, finite);
  }
  return grads;
}

/** backward() without the checks: for train(), which checks its network and data once. */
function backwardPass(net: Network, trace: Trace, T: Matrix, loss: LossName, reuse?: Gradients): Gradients {
  const L = net.layers.length;
  const fits = reuse !== undefined && reuse.deltas.length === L && reuse.deltas[0].rows === T.rows;
  const dW: Matrix[] = new Array(L);
  const db: (Matrix | null)[] = new Array(L);
  const deltas: Matrix[] = new Array(L);
  const deltaAt = (l: number) => (fits ? reuse.deltas[l] : zeros(trace.zs[l].rows, trace.zs[l].cols));

  // δ_L = ∂L/∂z_L
  deltas[L - 1] = outputDeltaInto(loss, net.layers[L - 1].activation, trace.output, T, deltaAt(L - 1));
  for (let l = L - 1; l >= 0; l--) {
    const { W, b } = net.layers[l];
    const aPrev = l === 0 ? trace.input : trace.as[l - 1];
    const delta = deltas[l];
    dW[l] = matmulTransAInto(aPrev, delta, fits ? reuse.dW[l] : zeros(W.rows, W.cols)); // ∂L/∂W = aₗ₋₁ᵀ·δ
    db[l] = b ? sumRowsInto(delta, (fits && reuse.db[l]) || zeros(1, W.cols)) : null; // ∂L/∂b = Σ δ
    if (l > 0) {
      const back = matmulTransBInto(delta, W, deltaAt(l - 1)); //   δₗ₋₁ = (δₗ·Wₗᵀ)
      deltas[l - 1] = multiplyBySlopeInto(net.layers[l - 1].activation, trace.as[l - 1], back); // ⊙ f'(aₗ₋₁)
    }
  }
  return { dW, db, deltas };
}

/** out = the column sums of δ, a 1×n row. */
function sumRowsInto(delta: Matrix, out: Matrix): Matrix {
  const n = delta.cols, d = delta.data, s = out.data;
  s.fill(0);
  for (let i = 0; i < delta.rows; i++) for (let j = 0; j < n; j++) s[j] += d[i * n + j];
  return out;
}

// ── Training ─────────────────────────────────────────────────────────────────────────────────

export interface TrainOptions {
  loss: LossName;
  /** η, the step size. */
  learningRate: number;
  /** Number of gradient steps (updates). */
  iterations: number;
  /** Samples per step; omit (or give ≥ the sample count) for full-batch gradient descent. */
  batchSize?: number;
  /** Seed for shuffling the samples into mini-batches (default DEFAULT_SEED). */
  seed?: number;
  schedule?: LearningRateSchedule;
  /**
   * Called at every step with the loss of the current weights, before they are updated (so
   * `net` is exactly the network that scored `loss`). Return false to stop there.
   */
  onStep?: (step: number, loss: number, net: Network) => boolean | void;
}

export interface TrainResult {
  /**
   * history[t] = the loss at step t, before update t (for mini-batches: on that step's batch,
   * so it jumps between batches; see TrainingDivergedError for how divergence is judged).
   */
  history: number[];
}

/**
 * How train() decides that training has diverged rather than merely bounced: a step's loss
 * rose above EXPLOSION × max(the loss of the same samples with the starting weights, 1). A loss
 * a million times its start (or a million, for a loss that started below 1) does not come back;
 * continuing would only waste steps until the numbers overflow. Gradient descent that is
 * working, even noisily, stays far below.
 */
const EXPLOSION = 1e6;

/** What train() saw when it stopped with a TrainingDivergedError. */
export type DivergenceReason = 'weights-not-finite' | 'loss-not-finite' | 'loss-exploded';

/**
 * Thrown by train() when training diverges: the steps were too big and the weights flew off.
 * A step's loss is judged like with like, against the loss the starting weights give on the
 * same samples: with full batches the loss of step 0; with mini-batches the same batch scored
 * again with the starting weights (batches differ, and one whose samples are hard is no sign of
 * divergence; only a batch loss that is not finite or above 10⁶ is scored again). `reason`
 * says which sign it saw:
 * - 'weights-not-finite': an update made a weight or bias NaN or ±Infinity;
 * - 'loss-not-finite': the loss, finite for these samples with the starting weights, overflowed
 *   to ±Infinity or became NaN after updates;
 * - 'loss-exploded': the loss rose above 10⁶ × max(the same samples' starting loss, 1) (see
 *   EXPLOSION).
 * `step` is the step that showed it, `loss` that step's loss (for mini-batches, on its batch),
 * `history` the losses of the steps before. The network passed to train() is put back to the
 * last weights that were still fine (before the bad update), and `network` holds a copy of
 * them. Samples whose loss is not finite even with the starting weights (a target of 1e200
 * under the mean squared error) are not divergence: train() throws a plain Error about the data
 * or the starting weights instead (with mini-batches, at the first batch that holds them, and
 * puts the network back to its starting weights). So is a loss or weight that overflows when
 * the same samples' starting loss was already above 10⁻⁶ × the largest double (1.8e302): there
 * any rise overflows, and a bounce cannot be told from divergence.
 */
export class TrainingDivergedError extends Error {
  step: number;
  loss: number;
  reason: DivergenceReason;
  network: Network;
  history: number[];
  constructor(step: number, loss: number, reason: DivergenceReason, what: string, learningRate: number, network: Network, history: number[]) {
    super(`train diverged at step ${step}: ${what}; try a smaller learning rate (it was ${learningRate})`);
    this.name = 'TrainingDivergedError';
    this.step = step;
    this.loss = loss;
    this.reason = reason;
    this.network = network;
    this.history = history;
  }
}

/**
 * Gradient descent, in place on `net`, on inputs X (m×n₀) and targets Y (m×n_L). Each step:
 * forward on the batch, loss, backward, then W ← W − η·∂L/∂W and b ← b − η·∂L/∂b, with η from
 * `learningRate` and `schedule`. Mini-batches are drawn from a seeded shuffle of the samples;
 * when one pass runs out, the samples are reshuffled, so every batch is full and every sample
 * is used once per pass. Returns the loss of every step (see TrainResult).
 *
 * Throws a plain Error, before any step, for bad options or data (no rows, NaN, targets that
 * do not suit the loss, a bad schedule or seed) and when the starting network's loss is
 * already not finite (with mini-batches, when a batch's loss is not finite even with the
 * starting weights, at the step that draws it); throws TrainingDivergedError when training
 * diverges (a weight stops being finite, or a loss overflows or explodes compared with the
 * same samples' loss with the starting weights).
 */
export function train(net: Network, Xin: Matrix | number[][], Yin: Matrix | number[][], options: TrainOptions): TrainResult {
  const { loss, learningRate, iterations, schedule, onStep } = options;
  checkNetwork('train', net);
  const X = checkInput('train', net, Xin);
  const Y = checkTargetsFor('train', net, loss, Yin, X.rows);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`train: learningRate must be a positive number, got ${learningRate}`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new Error(`train: iterations must be a whole number ≥ 0, got ${iterations}`);
  checkSchedule(schedule, 'train');

  const m = X.rows;
  const batchSize = Math.min(options.batchSize ?? m, m);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`train: batchSize must be a whole number ≥ 1, got ${options.batchSize}`);
  const fullBatch = batchSize === m;
  const rng = createRng(options.seed ?? DEFAULT_SEED, 'train');
  const order = Array.from({ length: m }, (_, i) => i);
  let next = m; // position in `order`; m means "reshuffle before the next batch"
  const Xb = fullBatch ? X : zeros(batchSize, X.cols);
  const Yb = fullBatch ? Y : zeros(batchSize, Y.cols);

  const lastGood = cloneNetwork(net); // the weights before the latest update
  const history: number[] = [];
  let trace: Trace | undefined;
  let grads: Gradients | undefined;
  let eta = learningRate;
  const diverged = (step: number, L: number, reason: DivergenceReason, what: string) => {
    copyNetworkInto(lastGood, net);
    return new TrainingDivergedError(step, L, reason, what, eta, cloneNetwork(net), history);
  };
  // Divergence is judged like with like: a step's loss against the loss the starting network
  // gives on the same samples. With full batches that is the loss of step 0. Mini-batches
  // differ (one sample with target 10⁴ scores 10⁸ where the others score 0.01), so a batch
  // whose loss could be divergence (not finite, or above EXPLOSION × 1, the least any limit
  // can be) is scored again with the starting weights, and judged against that. Batches that
  // score below 10⁶ cost nothing extra.
  const start = fullBatch ? null : cloneNetwork(net);
  let startTrace: Trace | undefined;
  const batchRows: number[] = []; // the samples in the current batch, for the messages
  const rescale = 'rescale the inputs or targets (standardize), or start from smaller weights';
  // A loss within EXPLOSION of the largest double has no room to show divergence: any rise
  // overflows, even a bounce that on smaller numbers would die away. Such an overflow blames
  // the data's scale, not the learning rate.
  const tooNearOverflow = (step: number, what: string, before: number) => {
    copyNetworkInto(lastGood, net);
    return new Error(
      `train: ${what}, but the loss with the starting weights was already ${before.toPrecision(3)}, within a factor of ` +
      `${EXPLOSION.toExponential(0)} of the largest double (${Number.MAX_VALUE.toPrecision(3)}), so the overflow says nothing ` +
      `about divergence; ${rescale}. The network is back at the weights before the last update`,
    );
  };
  for (let step = 0; step < iterations; step++) {
    if (!fullBatch) {
      batchRows.length = 0;
      for (let r = 0; r < batchSize; r++) {
        if (next === m) {
          shuffle(order, rng);
          next = 0;
        }
        const i = order[next++];
        batchRows.push(i);
        Xb.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols);
        Yb.data.set(Y.data.subarray(i * Y.cols, (i + 1) * Y.cols), r * Y.cols);
      }
    }
    trace = forwardPass(net, Xb, trace);
    const L = traceLoss(net, trace, Yb, loss);
    if (step === 0 && !Number.isFinite(L)) {
      throw new Error(`train: the loss of the starting network is ${L} before any update (the numbers overflowed); ${rescale}`);
    }
    // Could this be divergence? (With mini-batches: any batch's limit is at least EXPLOSION × 1.)
    const suspect = !Number.isFinite(L) || L > (fullBatch ? EXPLOSION * Math.max(history[0] ?? L, 1) : EXPLOSION);
    if (suspect) {
      // The loss of the same samples with the starting weights.
      const before = fullBatch ? history[0] : traceLoss(start!, (startTrace = forwardPass(start!, Xb, startTrace)), Yb, loss);
      if (!Number.isFinite(before)) {
        // Not divergence: these samples overflow the loss whatever the updates did.
        copyNetworkInto(start!, net);
        const samples = batchRows.length === 1 ? `sample ${batchRows[0]}` : `samples ${batchRows.slice(0, 5).join(', ')}${batchRows.length > 5 ? ', …' : ''}`;
        throw new Error(
          `train: the loss of the batch at step ${step} (${samples}) is ${before} even with the starting weights (the numbers ` +
          `overflowed), so the data, not the steps, are to blame; ${rescale}. The network is back at its starting weights`,
        );
      }
      const what = fullBatch ? 'the loss' : 'the loss of the batch';
      const limit = EXPLOSION * Math.max(before, 1);
      if (!Number.isFinite(L) && !Number.isFinite(limit)) throw tooNearOverflow(step, `${what} at step ${step} ${Number.isNaN(L) ? 'became NaN' : `overflowed to ${L}`}`, before);
      if (!Number.isFinite(L)) {
        throw diverged(step, L, 'loss-not-finite', `${what} ${Number.isNaN(L) ? 'became NaN' : `overflowed to ${L}`}${fullBatch ? '' : ` (with the starting weights it was ${before.toPrecision(3)})`}`);
      }
      if (L > limit) {
        throw diverged(
          step, L, 'loss-exploded',
          `${what} rose to ${L.toPrecision(3)}, more than ${EXPLOSION.toExponential(0)} × max(${before.toPrecision(3)}, 1), ` +
          (fullBatch ? 'the starting loss or 1' : 'its loss with the starting weights or 1'),
        );
      }
    }
    history.push(L);
    if (onStep && onStep(step, L, net) === false) break;
    copyNetworkInto(net, lastGood);
    grads = backwardPass(net, trace, Yb, loss, grads);
    eta = learningRateAt(schedule, learningRate, step);
    net.layers.forEach((layer, l) => {
      descend(layer.W, grads!.dW[l], eta); //  W ← W − η ∂L/∂W
      if (layer.b) descend(layer.b, grads!.db[l]!, eta); // b ← b − η ∂L/∂b
    });
    const bad = firstNonFiniteParameter(net);
    if (bad) {
      const before = fullBatch ? history[0] : traceLoss(start!, forwardPass(start!, Xb, startTrace), Yb, loss);
      if (!Number.isFinite(EXPLOSION * Math.max(before, 1))) throw tooNearOverflow(step, `the update at step ${step} made ${bad}`, before);
      throw diverged(step, L, 'weights-not-finite', `the update made ${bad}`);
    }
  }
  return { history };
}

/** "layer 0's W non-finite (Infinity at row 1, column 2)" for the first non-finite weight or bias, or null. */
function firstNonFiniteParameter(net: Network): string | null {
  for (let l = 0; l < net.layers.length; l++) {
    const { W, b } = net.layers[l];
    for (const [name, P] of [['W', W], ['b', b]] as const) {
      if (!P) continue;
      for (let k = 0; k < P.data.length; k++) {
        if (!Number.isFinite(P.data[k])) return `layer ${l}'s ${name} non-finite (${P.data[k]} at row ${Math.floor(k / P.cols)}, column ${k % P.cols})`;
      }
    }
  }
  return null;
}

function descend(P: Matrix, G: Matrix, eta: number): void {
  const p = P.data, g = G.data;
  for (let i = 0; i < p.length; i++) p[i] -= eta * g[i];
}

function copyNetworkInto(from: Network, to: Network): void {
  from.layers.forEach((layer, l) => {
    to.layers[l].W.data.set(layer.W.data);
    if (layer.b) to.layers[l].b!.data.set(layer.b.data);
  });
}

/**
 * Throws at the first NaN or ±Infinity in M, a result computed from finite numbers: "forward:
 * layer 1's z = a·W is Infinity at row 0, column 0: the numbers overflowed although X and the
 * weights are finite; …". `finite` names what was finite.
 */
function assertNoOverflow(operation: string, name: string, M: Matrix, finite: string): void {
  for (let k = 0; k < M.data.length; k++) {
    if (!Number.isFinite(M.data[k])) {
      throw new Error(
        `${operation}: ${name} is ${M.data[k]} at row ${Math.floor(k / M.cols)}, column ${k % M.cols}: the numbers overflowed ` +
        `although ${finite}; rescale the inputs (standardize) or use smaller weights`,
      );
    }
  }
}

/** Throws "operation: non-finite value NaN in name at row i, column j" at M's first NaN or ±Infinity. */
function assertFinite(operation: string, name: string, M: Matrix): void {
  for (let k = 0; k < M.data.length; k++) {
    if (!Number.isFinite(M.data[k])) {
      throw new Error(`${operation}: non-finite value ${M.data[k]} in ${name} at row ${Math.floor(k / M.cols)}, column ${k % M.cols}`);
    }
  }
}

// ── Scoring ──────────────────────────────────────────────────────────────────────────────────

/**
 * The fraction of samples classified correctly, in [0, 1].
 * - One output column: the prediction is 1 when ŷ ≥ 0.5, else 0; targets are 0/1.
 * - Several columns: the predicted class is the column with the largest ŷ (argmax); targets
 *   are one-hot rows or a list of class numbers.
 * predictions is m×n (m ≥ 1). Throws for no samples, targets of another shape or length, and
 * NaN or ±Infinity in either (a NaN prediction would count as class 0, or as no class, silently).
 */
export function accuracy(predictions: Matrix, targets: Matrix | number[]): number {
  if (!isMatrix(predictions)) throw new Error('accuracy: predictions must be a Matrix, e.g. predict(net, X)');
  checkFiniteMatrix('accuracy', 'predictions', predictions);
  const m = predictions.rows;
  if (m === 0) throw new Error(`accuracy: no samples (predictions are ${shapeText(predictions)}); a fraction of 0 samples means nothing`);
  const predicted = predictions.cols === 1 ? Array.from(predictions.data, (p) => (p >= 0.5 ? 1 : 0)) : argmaxRows(predictions);
  let actual: number[];
  if (isMatrix(targets)) {
    if (targets.rows !== m || targets.cols !== predictions.cols) {
      throw new Error(`accuracy: shapes differ (predictions ${shapeText(predictions)}, targets ${shapeText(targets)})`);
    }
    checkFiniteMatrix('accuracy', 'targets', targets);
    actual = targets.cols === 1 ? Array.from(targets.data, (t) => (t >= 0.5 ? 1 : 0)) : argmaxRows(targets);
  } else {
    if (!Array.isArray(targets)) throw new Error(`accuracy: targets must be a Matrix or an array of class numbers, got ${targets === null ? 'null' : typeof targets}`);
    if (targets.length !== m) throw new Error(`accuracy: ${m} predictions but ${targets.length} labels`);
    const k = targets.findIndex((t) => !Number.isFinite(t));
    if (k >= 0) throw new Error(`accuracy: label ${targets[k]} at position ${k} is not a finite number`);
    actual = targets;
  }
  let right = 0;
  for (let i = 0; i < m; i++) if (predicted[i] === actual[i]) right++;
  return right / m;
}
