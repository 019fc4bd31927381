// The digits trainer's training run (chapter 11), shared by the server render
// (DigitsTrainer.astro, which trains once at build time for the first state) and the Web Worker
// (digits-trainer-worker.ts, which trains when the reader presses Train). Pure: no DOM. The
// browser's main thread never imports this file, so the 1,797 digits (about 120 kB) and the
// training code load only with the worker, on the first press of Train.
//
// The recipe is the chapter's: a stratified split with seed 1 (so every run is scored on the
// same test digits), inputs standardised with the training set's statistics, one-hot
// targets, a 64 → hidden (sigmoid) → 10 (softmax) network, cross-entropy, mini-batches of 32.

import { accuracy, createNetwork, predict, train, type Network } from '../../src/nn/network.ts';
import { argmaxRows, type Matrix } from '../../src/nn/matrix.ts';
import { loadDigits } from '../../src/nn/data/digits.ts';
import { applyStandardize, standardize, trainTestSplit } from '../../src/nn/data/prepare.ts';

export interface TrainerConfig {
  /** Neurons in the hidden layer. */
  hidden: number;
  /** η. */
  learningRate: number;
  /** Passes through the training set. */
  epochs: number;
  /** Samples per gradient step. */
  batchSize: number;
  /** Seed for the starting weights and the order of the mini-batches. */
  seed: number;
}

export const DEFAULT_CONFIG: TrainerConfig = { hidden: 32, learningRate: 1, epochs: 10, batchSize: 32, seed: 1 };

/** The choices the trainer offers; every value here is tested to train without trouble. */
export const CHOICES = {
  hidden: [8, 16, 32, 64, 128],
  learningRate: [0.1, 0.3, 1, 3],
  epochs: [5, 10, 20, 50, 100],
} as const;

/** What the page shows after each epoch. */
export interface EpochReport {
  epoch: number;
  epochs: number;
  /** The mean cross-entropy over the epoch's mini-batches. */
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** Milliseconds since training started. */
  elapsedMs: number;
}

/** One test digit the network got wrong. */
export interface Miss {
  /** Row in the full data set of 1,797 digits. */
  index: number;
  label: number;
  predicted: number;
  /** The probability the network gave its (wrong) answer. */
  confidence: number;
  /** The 64 raw pixel counts, 0..16, row by row. */
  pixels: number[];
}

export interface TrainerResult {
  config: TrainerConfig;
  epochsRun: number;
  stopped: boolean;
  /** Set when training was abandoned because the loss became NaN or infinite. */
  diverged?: string;
  reports: EpochReport[];
  testAccuracy: number;
  testCount: number;
  /** confusion[t][p]: how many test digits with true label t the network called p. */
  confusion: number[][];
  /** The first few misclassified test digits, most confident mistakes first. */
  misclassified: Miss[];
  elapsedMs: number;
}

export interface PreparedDigits {
  XTrain: Matrix;
  YTrain: Matrix;
  XTest: Matrix;
  YTest: Matrix;
  testLabels: number[];
  testIndex: number[];
  /** The raw pixels of every digit, for drawing the misclassified ones. */
  raw: Matrix;
}

let prepared: PreparedDigits | null = null;

/** The chapter's split and standardisation, computed once and reused by every run. */
export function prepareDigits(): PreparedDigits {
  if (prepared) return prepared;
  const { X, Y, labels } = loadDigits();
  const split = trainTestSplit(X, Y, { testFraction: 0.25, seed: 1, labels });
  // Statistics from the training digits only: the test digits stay unseen until they are scored.
  const { X: XTrain, mean, std } = standardize(split.XTrain);
  prepared = {
    XTrain,
    YTrain: split.YTrain,
    XTest: applyStandardize(split.XTest, mean, std),
    YTest: split.YTest,
    testLabels: split.testIndex.map((i) => labels[i]),
    testIndex: split.testIndex,
    raw: X,
  };
  return prepared;
}

/** counts[t][p] for labels 0..k − 1. */
export function confusionMatrix(actual: readonly number[], predicted: readonly number[], k = 10): number[][] {
  if (actual.length !== predicted.length) throw new Error(`confusionMatrix: ${actual.length} labels but ${predicted.length} predictions`);
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  actual.forEach((t, i) => counts[t][predicted[i]]++);
  return counts;
}

/** The misclassified rows of a prediction matrix, most confident mistakes first. */
export function findMisses(probabilities: Matrix, labels: readonly number[], rowIndex: readonly number[], raw: Matrix, limit = 12): Miss[] {
  const predicted = argmaxRows(probabilities);
  const misses: Miss[] = [];
  predicted.forEach((p, r) => {
    if (p === labels[r]) return;
    const index = rowIndex[r];
    misses.push({
      index,
      label: labels[r],
      predicted: p,
      confidence: probabilities.data[r * probabilities.cols + p],
      pixels: Array.from(raw.data.subarray(index * raw.cols, (index + 1) * raw.cols)),
    });
  });
  misses.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return misses.slice(0, limit);
}

export interface TrainerHooks {
  /** Called after every epoch. */
  onEpoch?: (report: EpochReport) => void;
  /** Checked between epochs; true ends training early (the result says `stopped`). */
  shouldStop?: () => boolean;
  /** Awaited between epochs, so a worker can receive a Stop message. */
  pause?: () => Promise<void>;
  now?: () => number;
}

/** Builds the network and trains it epoch by epoch; resolves with the scored result. */
export async function trainDigits(config: TrainerConfig, hooks: TrainerHooks = {}): Promise<TrainerResult> {
  const now = hooks.now ?? (() => performance.now());
  const start = now();
  const data = prepareDigits();
  const net: Network = createNetwork({
    inputSize: 64,
    layers: [{ size: config.hidden, activation: 'sigmoid' }, { size: 10, activation: 'softmax' }],
    seed: config.seed,
  });
  const stepsPerEpoch = Math.ceil(data.XTrain.rows / config.batchSize);
  const reports: EpochReport[] = [];
  let stopped = false;
  let diverged: string | undefined;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    if (hooks.shouldStop?.()) {
      stopped = true;
      break;
    }
    let history: number[];
    try {
      // A new shuffling seed per epoch, derived from the run's seed: reproducible, never repeated.
      ({ history } = train(net, data.XTrain, data.YTrain, {
        loss: 'crossEntropy', learningRate: config.learningRate, iterations: stepsPerEpoch,
        batchSize: config.batchSize, seed: config.seed * 1000 + epoch,
      }));
    } catch (error) {
      // train() leaves the network at its last finite weights; score those.
      diverged = error instanceof Error ? error.message : String(error);
      break;
    }
    const report: EpochReport = {
      epoch,
      epochs: config.epochs,
      loss: history.reduce((s, v) => s + v, 0) / history.length,
      trainAccuracy: accuracy(predict(net, data.XTrain), data.YTrain),
      testAccuracy: accuracy(predict(net, data.XTest), data.YTest),
      elapsedMs: now() - start,
    };
    reports.push(report);
    hooks.onEpoch?.(report);
    if (hooks.pause) await hooks.pause();
  }
  const probabilities = predict(net, data.XTest);
  const predicted = argmaxRows(probabilities);
  return {
    config,
    epochsRun: reports.length,
    stopped,
    ...(diverged ? { diverged } : {}),
    reports,
    testAccuracy: accuracy(probabilities, data.YTest),
    testCount: data.XTest.rows,
    confusion: confusionMatrix(data.testLabels, predicted),
    misclassified: findMisses(probabilities, data.testLabels, data.testIndex, data.raw),
    elapsedMs: now() - start,
  };
}

/** The first digit of each class (0, 1, …, 9) in the data set, as raw pixels: for drawing. */
export function sampleDigits(): { label: number; index: number; pixels: number[] }[] {
  const { X, labels } = loadDigits();
  return Array.from({ length: 10 }, (_, d) => {
    const index = labels.indexOf(d);
    return { label: d, index, pixels: Array.from(X.data.subarray(index * 64, (index + 1) * 64)) };
  });
}
