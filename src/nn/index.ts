// src/nn: the network module, as readers and the book's cells see it (import { … } from "nn").
// Pure TypeScript, no DOM; its one dependency is stdlib's portable math (portable-math.ts says why).
// Runs in Node, on the page and in a Web Worker.
//
// One line per module, and only what a reader should call: the fast kernels (kernels.ts,
// kernels-wasm.ts), the in-place forms the training loop uses (activateInto, outputDeltaInto, …)
// and the checks behind the errors stay inside, because they trust their callers to have
// checked shapes and finiteness. tests/nn/index.test.ts pins this list.
export { DEFAULT_SEED, createRng, nextRandom, randomUniform, randomNormal, randomInt, shuffle, type Rng } from './random.ts';
export {
  isMatrix, shape, shapeText, zeros, full, rand, fromArray, toArray, clone, get, matmulPlain, matmul, transpose, add, subtract,
  multiply, scale, map, sum, sumRows, argmaxRows, formatMatrix, type Matrix,
} from './matrix.ts';
export {
  ACTIVATIONS, sigmoid, sigmoidPrime, tanh, tanhPrime, relu, reluPrime, identity, identityPrime, softmax, activate,
  type ActivationName,
} from './activations.ts';
export {
  LOSSES, sumOfSquares, sumOfSquaresPrime, meanSquaredError, meanSquaredErrorPrime, binaryCrossEntropy, categoricalCrossEntropy,
  binaryCrossEntropyWithLogits, categoricalCrossEntropyWithLogits, crossEntropyDelta, lossValue, type LossName,
} from './losses.ts';
export { learningRateAt, type LearningRateSchedule } from './schedules.ts';
export { NeuralNetwork, type NeuralNetworkOptions } from './article.ts';
export {
  createNetwork, cloneNetwork, forward, predict, evaluateLoss, backward, train, TrainingDivergedError, accuracy,
  type Layer, type Network, type InitName, type NetworkOptions, type Trace, type Gradients, type TrainOptions, type TrainResult,
  type DivergenceReason,
} from './network.ts';
export {
  relativeError, checkGradient, gradCheck, gradCheckArticle,
  type GradCheckOptions, type GradientComparison, type CheckGradientResult, type LayerComparison, type GradCheckResult,
} from './gradcheck.ts';
export { scalar, plus, minus, times, squareOf, sigmoidOf, topologicalOrder, backpropagate, type Scalar } from './autograd.ts';
export { articleData } from './data/article.ts';
export { xorData } from './data/xor.ts';
export { moons, circles, spiral, type ToyOptions, type CirclesOptions, type SpiralOptions, type LabelledData } from './data/toys.ts';
export { loadDigits, digitImage, type DigitsData } from './data/digits.ts';
export { oneHot, takeRows, trainTestSplit, standardize, applyStandardize, normalize, type SplitOptions, type Split } from './data/prepare.ts';
