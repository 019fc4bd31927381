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
import { checkPairing, lossValue, outputDeltaInto, type LossName } from './losses.ts';
import { argmaxRows, clone, isMatrix, shapeText, toMatrix, zeros, type Matrix } from './matrix.ts';
import { createRng, nextRandom, randomNormal, randomUniform, shuffle, DEFAULT_SEED } from './random.ts';
import { learningRateAt, type LearningRateSchedule } from './schedules.ts';

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

/** A new network; weights drawn layer by layer, row by row, from one seeded stream. */
export function createNetwork(options: NetworkOptions): Network {
  const { inputSize, layers, biases = true, init = 'xavier', seed = DEFAULT_SEED } = options;
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new Error(`createNetwork: inputSize must be a whole number ≥ 1, got ${inputSize}`);
  }
  if (!Array.isArray(layers) || layers.length === 0) throw new Error('createNetwork: give at least one layer');
  const rng = createRng(seed);
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

/** A deep copy: training the copy leaves the original alone. */
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
 * zₗ = aₗ₋₁·Wₗ + bₗ, aₗ = fₗ(zₗ) for every layer, a₀ = X. Pass a previous trace of the same
 * shapes as `reuse` to write into its matrices instead of allocating (the training loop does).
 */
export function forward(net: Network, X: Matrix | number[][], reuse?: Trace): Trace {
  const input = toMatrix(X, 'forward');
  const first = net.layers[0].W;
  if (input.cols !== first.rows) {
    throw new Error(`forward: X has ${input.cols} columns but the first layer expects ${first.rows} (X ${shapeText(input)} · W ${shapeText(first)})`);
  }
  const fits = reuse !== undefined && reuse.zs.length === net.layers.length && reuse.zs[0].rows === input.rows;
  const zs: Matrix[] = [];
  const as: Matrix[] = [];
  let a = input;
  net.layers.forEach((layer, l) => {
    if (layer.W.rows !== a.cols) {
      throw new Error(`forward: layer ${l} expects ${layer.W.rows} inputs but gets ${a.cols} (a ${shapeText(a)} · W ${shapeText(layer.W)})`);
    }
    const z = matmulInto(a, layer.W, fits ? reuse.zs[l] : zeros(a.rows, layer.W.cols)); // z = a·W
    if (layer.b) addRowInto(z, layer.b); //                                                    + b
    a = activateInto(layer.activation, z, fits ? reuse.as[l] : zeros(z.rows, z.cols)); //  a = f(z)
    zs.push(z);
    as.push(a);
  });
  return { input, zs, as, output: a };
}

/** Z ← Z + b, the 1×n bias row added to every row. */
function addRowInto(Z: Matrix, b: Matrix): void {
  const n = Z.cols, z = Z.data, bias = b.data;
  for (let i = 0; i < Z.rows; i++) for (let j = 0; j < n; j++) z[i * n + j] += bias[j];
}

/** ŷ for inputs X: the output of the forward pass. */
export function predict(net: Network, X: Matrix | number[][]): Matrix {
  return forward(net, X).output;
}

/** The loss of the network on (X, Y). */
export function evaluateLoss(net: Network, X: Matrix | number[][], Y: Matrix | number[][], loss: LossName): number {
  const out = forward(net, X).output;
  return lossValue(loss, out, toMatrix(Y, 'evaluateLoss'), outputActivation(net));
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
 * These are true gradients (∂L/∂W), so descent subtracts them; the article's class adds its
 * d_weights because they are the negative gradient.
 */
export function backward(net: Network, trace: Trace, Y: Matrix | number[][], loss: LossName, reuse?: Gradients): Gradients {
  const T = toMatrix(Y, 'backward');
  const L = net.layers.length;
  if (T.rows !== trace.output.rows || T.cols !== trace.output.cols) {
    throw new Error(`backward: shapes differ (predictions ${shapeText(trace.output)}, targets ${shapeText(T)})`);
  }
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
  /** history[t] = the loss at step t, before update t (for mini-batches: on that step's batch). */
  history: number[];
}

/**
 * Thrown by train() when the loss becomes NaN or ±Infinity: the steps were too big and the
 * weights flew off. The network passed to train() is left at its last finite state (the
 * weights of step `step − 1`), and `network` holds a copy of it.
 */
export class TrainingDivergedError extends Error {
  step: number;
  loss: number;
  network: Network;
  history: number[];
  constructor(step: number, loss: number, network: Network, history: number[]) {
    super(`loss became ${loss} at step ${step} — try a smaller learning rate`);
    this.name = 'TrainingDivergedError';
    this.step = step;
    this.loss = loss;
    this.network = network;
    this.history = history;
  }
}

/**
 * Gradient descent, in place on `net`. Each step: forward on the batch, loss, backward, then
 * W ← W − η·∂L/∂W and b ← b − η·∂L/∂b. Mini-batches are drawn from a seeded shuffle of the
 * samples; when one pass runs out, the samples are reshuffled, so every batch is full and every
 * sample is used once per pass.
 */
export function train(net: Network, Xin: Matrix | number[][], Yin: Matrix | number[][], options: TrainOptions): TrainResult {
  const X = toMatrix(Xin, 'train'), Y = toMatrix(Yin, 'train');
  const { loss, learningRate, iterations, schedule, onStep } = options;
  if (X.rows !== Y.rows) throw new Error(`train: X and Y need one row per sample, got X ${shapeText(X)} and Y ${shapeText(Y)}`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`train: learningRate must be a positive number, got ${learningRate}`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new Error(`train: iterations must be a whole number ≥ 0, got ${iterations}`);
  checkPairing(loss, outputActivation(net));
  assertFinite('train', 'X', X);
  assertFinite('train', 'Y', Y);

  const m = X.rows;
  const batchSize = Math.min(options.batchSize ?? m, m);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`train: batchSize must be a whole number ≥ 1, got ${options.batchSize}`);
  const fullBatch = batchSize === m;
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const order = Array.from({ length: m }, (_, i) => i);
  let next = m; // position in `order`; m means "reshuffle before the next batch"
  const Xb = fullBatch ? X : zeros(batchSize, X.cols);
  const Yb = fullBatch ? Y : zeros(batchSize, Y.cols);

  const lastFinite = cloneNetwork(net); // the weights whose loss was last seen finite
  const history: number[] = [];
  let trace: Trace | undefined;
  let grads: Gradients | undefined;
  for (let step = 0; step < iterations; step++) {
    if (!fullBatch) {
      for (let r = 0; r < batchSize; r++) {
        if (next === m) {
          shuffle(order, rng);
          next = 0;
        }
        const i = order[next++];
        Xb.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols);
        Yb.data.set(Y.data.subarray(i * Y.cols, (i + 1) * Y.cols), r * Y.cols);
      }
    }
    trace = forward(net, Xb, trace);
    const L = lossValue(loss, trace.output, Yb, outputActivation(net));
    if (!Number.isFinite(L)) {
      copyNetworkInto(lastFinite, net);
      throw new TrainingDivergedError(step, L, cloneNetwork(net), history);
    }
    history.push(L);
    if (onStep && onStep(step, L, net) === false) break;
    copyNetworkInto(net, lastFinite);
    grads = backward(net, trace, Yb, loss, grads);
    const eta = learningRateAt(schedule, learningRate, step);
    net.layers.forEach((layer, l) => {
      descend(layer.W, grads!.dW[l], eta); //  W ← W − η ∂L/∂W
      if (layer.b) descend(layer.b, grads!.db[l]!, eta); // b ← b − η ∂L/∂b
    });
  }
  return { history };
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
 */
export function accuracy(predictions: Matrix, targets: Matrix | number[]): number {
  const m = predictions.rows;
  const predicted = predictions.cols === 1 ? Array.from(predictions.data, (p) => (p >= 0.5 ? 1 : 0)) : argmaxRows(predictions);
  let actual: number[];
  if (isMatrix(targets)) {
    if (targets.rows !== m || targets.cols !== predictions.cols) {
      throw new Error(`accuracy: shapes differ (predictions ${shapeText(predictions)}, targets ${shapeText(targets)})`);
    }
    actual = targets.cols === 1 ? Array.from(targets.data, (t) => (t >= 0.5 ? 1 : 0)) : argmaxRows(targets);
  } else {
    if (targets.length !== m) throw new Error(`accuracy: ${m} predictions but ${targets.length} labels`);
    actual = targets;
  }
  let right = 0;
  for (let i = 0; i < m; i++) if (predicted[i] === actual[i]) right++;
  return m === 0 ? 0 : right / m;
}
