import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest, exercisesOf, reviewManifestOf, withEffects } from '../../src/chapters/manifest.ts';
import { judgingContext } from '../../src/notebook/page/review.ts';
import { judgeInNode, judgeSolution } from '../../src/notebook/node-judge.ts';
import { openNodeKernel, type NodeKernel } from '../../src/notebook/node-runner.ts';
import { DISCOUNTED } from '../../src/notebook/kernel.ts';
import { readChapters } from './chapters.ts';
import { Reviewer } from '../../src/notebook/page/review.ts';
import { failsElsewhere } from '../../src/notebook/page/class-view.ts';
import type { CheckResult } from '../../src/notebook/check-report.ts';
import { nodeReviewKernel } from '../notebook/page/node-kernel.ts';

// Every exercise in the book is sound: after the cells above it, its solution passes every
// check, and its starter does not (there is something for the reader to do).
const exercises = readChapters().flatMap((c) => exercisesOf(c.id, String(c.frontmatter.title), c.source));

// One thread for every attempt, each judged in a scope of its own, as the page judges.
let kernel: NodeKernel;
beforeAll(async () => {
  kernel = await openNodeKernel();
});
afterAll(() => kernel.close());

// What the checks said after the chapter's cells above ran, by exercise and code: the review
// page's judgement, which runs only the cells the code and checks need, must agree with it.
const judged = new Map<string, CheckResult[]>();

async function attempt(entry: (typeof exercises)[number], code: string) {
  const judgement = await judgeInNode(entry, code, kernel);
  judged.set(`${entry.chapter}/${entry.id}\u0000${code}`, judgement.outcome.results);
  return judgement;
}

describe('every exercise', () => {
  it('exists: at least two in every chapter', () => {
    const perChapter = new Map<string, number>();
    for (const chapter of readChapters()) perChapter.set(chapter.id, 0);
    for (const e of exercises) perChapter.set(e.chapter, (perChapter.get(e.chapter) ?? 0) + 1);
    expect([...perChapter].filter(([, n]) => n < 2).map(([id]) => id)).toEqual([]);
  });

  for (const entry of exercises) {
    it(`${entry.chapter} / ${entry.id}: the solution passes every check and the starter fails`, async () => {
      const solution = await attempt(entry, entry.solution);
      expect(solution.code.error ?? null).toBeNull();
      expect(solution.outcome.results.filter((r) => !r.pass)).toEqual([]);
      expect(solution.outcome.passed).toBe(true);
      // A check at values drawn for its run names them (check.close(…, { drawn })), so a failing
      // one shows the reader where, and the guide lists no one run's expected value for it.
      const unnamed = solution.outcome.results.filter((r) => /drawn at random/.test(r.label) && r.drawn === undefined).map((r) => r.label);
      expect(unnamed, 'give these checks the values they drew: { label, drawn: { z: points } }').toEqual([]);
      // In full, so the reader can call the answer there: a 3×64 product's drawn text was cut.
      const cut = solution.outcome.results.filter((r) => r.drawn?.endsWith('…')).map((r) => r.label);
      expect(cut, 'draw fewer or shorter values (check.freshMatrix writes hundredths)').toEqual([]);
      const starter = await attempt(entry, entry.starter);
      expect(starter.code.status === 'ok' && starter.outcome.passed).toBe(false);
    });
  }
});

describe('the review page', () => {
  // One hand-in of every solution and one of every starter, judged as the review page judges
  // them (one worker per file, the chapter's cells the code and the checks need, compiled by the
  // build), must get every check exactly as the whole chapter gives it, value for value.
  // A check at points drawn for its run (check.fresh) draws them from the code judged, so those
  // agree too, value for value: the same hand-in gets the same verdict wherever it is judged.
  it('judges every exercise of the book as the whole chapter does, for its solution and its starter', async () => {
    // As /exercises.json serves it: with the book's cells compiled by the build, and the cells
    // the build proves to change nothing they did not define marked (reviewManifestOf).
    const manifest = { ...(await withEffects(buildManifest(readChapters().map((c) => ({ id: c.id, title: String(c.frontmatter.title), body: c.source }))))), contentVersion: 'v' };
    // The proofs leave out what the issue measured: 40 training runs read X and y, which the
    // checks of sum-of-squares read, and yet need not run for them.
    const sumOfSquares = manifest.exercises.find((e) => e.id === 'sum-of-squares')!;
    expect(sumOfSquares.context.find((c) => c.id === 'abs-experiment')).toMatchObject({ writes: [] });
    expect(judgingContext(sumOfSquares, sumOfSquares.solution).again.map((c) => c.id)).not.toContain('abs-experiment');
    expect(manifest.exercises.map((e) => e.id)).toEqual(exercises.map((e) => e.id));
    // With a second run at other points: no right answer fails there.
    const reviewer = new Reviewer(manifest, { parallel: 2, spares: 0, makeKernel: () => nodeReviewKernel(), probe: () => 'the whole book' });
    const file = (student: string, code: (e: (typeof exercises)[number]) => string) => {
      const text = JSON.stringify({
        format: 'nn-from-scratch/submission', version: 1, student, submitted: '2026-11-30T10:00:00.000Z', contentVersion: 'v',
        assignment: { title: 'Everything', due: '', items: [...new Set(exercises.map((e) => e.chapter))].map((chapter) => ({ chapter, exercises: exercises.filter((e) => e.chapter === chapter).map((e) => e.id) })) },
        work: exercises.map((e) => ({ chapter: e.chapter, exercise: e.id, code: code(e), recorded: 'passed' })),
      });
      return { name: `${student}.json`, size: text.length, text: async () => text };
    };
    const [solutions, starters] = await Promise.all([reviewer.reviewFile(file('solutions', (e) => e.solution)), reviewer.reviewFile(file('starters', (e) => e.starter))]);
    for (const [outcome, code] of [[solutions, (e: (typeof exercises)[number]) => e.solution], [starters, (e: (typeof exercises)[number]) => e.starter]] as const) {
      if (!outcome.ok) throw new Error(outcome.message);
      for (const [i, entry] of exercises.entries()) {
        const key = `${entry.chapter}/${entry.id}\u0000${code(entry)}`;
        if (!judged.has(key)) await attempt(entry, code(entry));
        expect({ exercise: key.split('\u0000')[0], results: outcome.review.exercises[i].results }).toEqual({ exercise: key.split('\u0000')[0], results: judged.get(key) });
      }
    }
    expect(solutions.ok && solutions.review.exercises.every((e) => e.verdict === 'passed')).toBe(true);
    expect(solutions.ok && solutions.review.exercises.filter((e) => e.probe === undefined || failsElsewhere(e)).map((e) => e.work.exercise)).toEqual(
      exercises.filter((e) => !/check\.fresh/.test(e.checks)).map((e) => e.id), // checks that draw no points have no second run
    );
    expect(starters.ok && starters.review.exercises.some((e) => e.verdict === 'passed')).toBe(false);
  }, 300_000);
});

// Attempts that delegate to what the exercise asks the reader to write, or that answer only the
// inputs the checks happen to use. Each must fail, and say why.
const cheats: { exercise: string; what: string; code: string; reason: string | RegExp }[] = [
  { exercise: 'quadratic-slope', what: "returns the chapter's slopeAt", reason: 'slopeAt is withheld in this exercise: write it yourself',
    code: 'function mySlope(w: number): number {\n  return slopeAt((v) => 3 * (v - 2) ** 2 + 1, w);\n}' },
  { exercise: 'quadratic-slope', what: 'measures the slope numerically instead of deriving it', reason: 'exact far from the bottom: w = 1,000,000',
    code: 'function mySlope(w: number): number {\n  const f = (v: number) => 3 * (v - 2) ** 2 + 1;\n  return (f(w + 1e-5) - f(w - 1e-5)) / 2e-5;\n}' },
  { exercise: 'step-decay', what: 'calls learningRateAt', reason: 'learningRateAt is withheld in this exercise: write it yourself',
    code: 'function myStepDecay(eta0: number, t: number, every: number, factor: number): number {\n  return learningRateAt({ type: "step", every, factor }, eta0, t);\n}' },
  { exercise: 'step-decay', what: 'imports learningRateAt under another name', reason: 'learningRateAt is withheld in this exercise: write it yourself',
    code: 'import { learningRateAt as rate } from "nn";\nfunction myStepDecay(eta0: number, t: number, every: number, factor: number): number {\n  return rate({ type: "step", every, factor }, eta0, t);\n}' },
  { exercise: 'step-decay', what: 'reaches learningRateAt through the nn namespace', reason: 'learningRateAt is withheld in this exercise: write it yourself',
    code: 'import * as nn from "nn";\nfunction myStepDecay(eta0: number, t: number, every: number, factor: number): number {\n  return nn.learningRateAt({ type: "step", every, factor }, eta0, t);\n}' },
  { exercise: 'training-loop', what: 'returns model.train(iterations)', reason: 'train is withheld in this exercise: write it yourself',
    code: 'function myTrain(model: NeuralNetwork, iterations: number): number[] {\n  return model.train(iterations);\n}' },
  { exercise: 'training-loop', what: 'trains a twin network with train and copies its weights', reason: 'train is withheld in this exercise: write it yourself',
    code: 'function myTrain(model: NeuralNetwork, iterations: number): number[] {\n  const twin = new NeuralNetwork(X, y, { weights1: model.weights1, weights2: model.weights2 });\n  const h = twin.train(iterations);\n  model.weights1 = twin.weights1; model.weights2 = twin.weights2;\n  return h;\n}' },
  { exercise: 'sum-of-squares', what: 'returns the module\'s sumOfSquares', reason: 'sumOfSquares is withheld in this exercise: write it yourself',
    code: 'import { sumOfSquares } from "nn";\nfunction mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  return sumOfSquares(yHat, target);\n}' },
  { exercise: 'sum-of-squares', what: 'scales the module\'s meanSquaredError', reason: 'meanSquaredError is withheld in this exercise: write it yourself',
    code: 'import { meanSquaredError } from "nn";\nfunction mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  return meanSquaredError(yHat, target) * target.data.length;\n}' },
  { exercise: 'sum-of-squares', what: 'uses subtract, multiply and sum, which the prompt rules out', reason: 'subtract is withheld in this exercise: write it yourself',
    code: 'function mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  const e = subtract(target, yHat);\n  return sum(multiply(e, e));\n}' },
  { exercise: 'mean-squared-error', what: 'returns the module\'s meanSquaredError', reason: 'meanSquaredError is withheld in this exercise: write it yourself',
    code: 'import { meanSquaredError } from "nn";\nfunction myMeanSquaredError(yHat: Matrix, target: Matrix): number {\n  return meanSquaredError(yHat, target);\n}' },
  { exercise: 'my-sigmoid', what: 'returns the module\'s sigmoid', reason: 'sigmoid is withheld in this exercise: write it yourself',
    code: 'function mySigmoid(z: number): number {\n  return sigmoid(z);\n}' },
  // Found by a red-team pass: an nn export that calls the withheld one (withhold-closure.ts makes the build demand it is withheld too).
  { exercise: 'my-sigmoid', what: 'reads the sigmoid off a one-neuron NeuralNetwork\'s feedforward', reason: 'NeuralNetwork is withheld in this exercise: write it yourself',
    code: 'import { NeuralNetwork, fromArray } from "nn";\nfunction mySigmoid(z: number): number {\n  const n = new NeuralNetwork(fromArray([[z]]), fromArray([[0]]), { seed: 1, hidden: 1 } as any);\n  (n as any).weights1 = fromArray([[1]]); (n as any).weights2 = fromArray([[1]]);\n  n.feedforward();\n  return (n as any).layer1.data[0];\n}' },
  { exercise: 'my-sigmoid', what: 'reads the value of autograd\'s sigmoidOf', reason: 'scalar is withheld in this exercise: from nn its attempt may use only',
    code: 'import { scalar, sigmoidOf } from "nn";\nfunction mySigmoid(z: number): number {\n  return sigmoidOf(scalar(z)).value;\n}' },
  // Found by a second red-team pass: other nn routes to the same formula, which no list of names
  // to withhold closes (a network's prediction, the *WithLogits losses); the allow-lists do.
  { exercise: 'my-sigmoid', what: 'predicts with a one-neuron network of weight 1', reason: 'createNetwork is withheld in this exercise: from nn its attempt may use only',
    code: 'import { createNetwork, predict, fromArray } from "nn";\nfunction mySigmoid(z: number): number {\n  const net = createNetwork({ inputSize: 1, layers: [{ size: 1, activation: "sigmoid" }], biases: false });\n  net.layers[0].W = fromArray([[1]]);\n  return predict(net, fromArray([[z]])).data[0];\n}' },
  { exercise: 'relu-by-hand', what: 'predicts with a one-neuron ReLU network of weight 1', reason: 'createNetwork is withheld in this exercise: from nn its attempt may use only',
    code: 'import { createNetwork, predict, fromArray } from "nn";\nfunction myRelu(z: number): number {\n  const net = createNetwork({ inputSize: 1, layers: [{ size: 1, activation: "relu" }], biases: false });\n  net.layers[0].W = fromArray([[1]]);\n  return predict(net, fromArray([[z]])).data[0];\n}\nfunction myReluPrime(a: number): number { return myRelu(a) > 0 ? 1 : 0; }' },
  { exercise: 'product-entry', what: 'multiplies through a network layer with the identity activation', reason: 'createNetwork is withheld in this exercise: from nn its attempt may use only',
    code: 'import { createNetwork, predict, get } from "nn";\nfunction myEntry(A: Matrix, B: Matrix, i: number, j: number): number {\n  const net = createNetwork({ inputSize: A.cols, layers: [{ size: B.cols, activation: "identity" }], biases: false });\n  net.layers[0].W = B;\n  return get(predict(net, A), i, j);\n}' },
  { exercise: 'softmax', what: 'reads each probability off the cross-entropy from logits', reason: 'categoricalCrossEntropyWithLogits is withheld in this exercise: from nn its attempt may use only',
    code: 'import { categoricalCrossEntropyWithLogits, fromArray, oneHot } from "nn";\nfunction mySoftmax(scores: number[]): number[] {\n  return scores.map((_, k) => Math.exp(-categoricalCrossEntropyWithLogits(fromArray([scores]), oneHot([k], scores.length))));\n}' },
  { exercise: 'cross-entropy', what: 'hands the log-probabilities to the cross-entropy from logits', reason: 'categoricalCrossEntropyWithLogits is withheld in this exercise: from nn its attempt may use only',
    code: 'import { categoricalCrossEntropyWithLogits, fromArray, map, oneHot } from "nn";\nfunction myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  return categoricalCrossEntropyWithLogits(map(fromArray(probabilities), (p) => Math.log(Math.max(p, Number.MIN_VALUE))), oneHot(labels, probabilities[0].length));\n}' },
  // Found by a third red-team pass: a value a chapter cell made leads to what is withheld (its
  // class through `constructor`, its methods borrowed with .call), or a chapter function does the
  // work; the guards on nn's functions, classes and methods refuse them inside the attempt.
  { exercise: 'my-sigmoid', what: 'builds a network through the chapter network\'s constructor', reason: 'NeuralNetwork is withheld in this exercise',
    code: 'import { fromArray } from "nn";\nconst NN: any = (net as any).constructor;\nfunction mySigmoid(z: number): number {\n  const n = new NN([[z]], [[0]], { weights1: fromArray([[1]]), weights2: fromArray([[0]]) });\n  n.feedforward();\n  return n.layer1.data[0];\n}' },
  { exercise: 'my-sigmoid', what: 'borrows the chapter network\'s feedforward for an object of its own', reason: 'NeuralNetwork is withheld in this exercise',
    code: 'import { fromArray } from "nn";\nfunction mySigmoid(z: number): number {\n  const o: any = { input: fromArray([[z]]), weights1: fromArray([[1]]), weights2: fromArray([[0]]) };\n  (net as any).feedforward.call(o);\n  return o.layer1.data[0];\n}' },
  { exercise: 'training-loop', what: 'calls train from the prototype of the model it is given', reason: 'train is withheld in this exercise: write it yourself',
    code: 'function myTrain(model: NeuralNetwork, iterations: number): number[] {\n  return (Object.getPrototypeOf(model) as any).train.call(model, iterations);\n}' },
  { exercise: 'find-the-bug', what: 'returns the chapter\'s own gradients', reason: 'gradients is withheld in this exercise: write it yourself',
    code: 'function myFixedGradients(X: Matrix, y: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  return gradients(X, y, W1, W2);\n}' },
  { exercise: 'mse-backprop', what: 'scales the chapter\'s own gradients', reason: 'gradients is withheld in this exercise: write it yourself',
    code: 'function myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const g = gradients(X, target, W1, W2);\n  const k = 1 / target.data.length;\n  return { dW1: scale(g.dW1, -k), dW2: scale(g.dW2, -k) };\n}' },
  { exercise: 'my-sigmoid-prime', what: 'returns the module\'s sigmoidPrime', reason: 'sigmoidPrime is withheld in this exercise: write it yourself',
    code: 'function mySigmoidPrime(a: number): number {\n  return sigmoidPrime(a);\n}' },
  { exercise: 'relu-by-hand', what: 'returns the module\'s relu and reluPrime', reason: 'relu is withheld in this exercise: write it yourself',
    code: 'import { relu, reluPrime } from "nn";\nfunction myRelu(z: number): number { return relu(z); }\nfunction myReluPrime(a: number): number { return reluPrime(a); }' },
  { exercise: 'softmax', what: 'returns the module\'s softmax', reason: 'softmax is withheld in this exercise: write it yourself',
    code: 'import { softmax, fromArray } from "nn";\nfunction mySoftmax(scores: number[]): number[] {\n  return Array.from(softmax(fromArray([scores])).data);\n}' },
  { exercise: 'cross-entropy', what: 'returns the module\'s categoricalCrossEntropy', reason: 'categoricalCrossEntropy is withheld in this exercise: write it yourself',
    code: 'import { categoricalCrossEntropy, fromArray, oneHot } from "nn";\nfunction myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  return categoricalCrossEntropy(fromArray(probabilities), oneHot(labels, probabilities[0].length));\n}' },
  { exercise: 'product-shape', what: 'multiplies matrices to find the shape', reason: 'matmul is withheld in this exercise: write it yourself',
    code: 'import { matmul, zeros, shape } from "nn";\nfunction myProductShape(a: number[], b: number[]): number[] | null {\n  try { return shape(matmul(zeros(a[0], a[1]), zeros(b[0], b[1]))); } catch { return null; }\n}' },
  { exercise: 'product-entry', what: 'reads the entry of matmul', reason: 'matmul is withheld in this exercise: write it yourself',
    code: 'import { get } from "nn";\nfunction myEntry(A: Matrix, B: Matrix, i: number, j: number): number {\n  return get(matmul(A, B), i, j);\n}' },
  { exercise: 'forward-pass', what: 'runs the module\'s NeuralNetwork', reason: 'NeuralNetwork is withheld in this exercise: write it yourself',
    code: 'import { NeuralNetwork, zeros } from "nn";\ntype Forward = { hidden: Matrix; output: Matrix };\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const n = new NeuralNetwork(X, zeros(X.rows, W2.cols), { weights1: W1, weights2: W2 });\n  n.feedforward();\n  return { hidden: n.layer1, output: n.output };\n}' },
  { exercise: 'one-neuron', what: 'looks the answer up in a1', reason: 'a sample and weights of its own',
    code: 'import { get } from "nn";\nfunction myNeuron(x: number[], W1: Matrix, j: number): number {\n  const i = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]].findIndex((r) => r.every((v, k) => v === x[k]));\n  return i < 0 ? 0.5 : get(a1, i, j);\n}' },
  { exercise: 'translate-update', what: 'ignores its arguments and asks a NeuralNetwork', reason: 'NeuralNetwork is withheld in this exercise: write it yourself',
    code: 'import { NeuralNetwork } from "nn";\nfunction myOutputChange(hidden: typeof W1, target: typeof W1, output: typeof W1): typeof W1 {\n  const f = new NeuralNetwork(inputs, targets, { weights1: W1, weights2: W2 });\n  f.feedforward();\n  return f.weightChanges().dWeights2;\n}' },
  { exercise: 'output-gradient', what: 'finds the network by its seed and asks it', reason: 'NeuralNetwork is withheld in this exercise: write it yourself',
    code: 'import { NeuralNetwork, scale } from "nn";\nfunction myOutputGradient(a1: Matrix, yHat: Matrix, target: Matrix): Matrix {\n  for (let s = 0; s < 20; s++) {\n    const n = new NeuralNetwork(X, target, { seed: s });\n    n.feedforward();\n    if (n.layer1.data.every((v, k) => v === a1.data[k])) return scale(n.weightChanges().dWeights2, -1);\n  }\n  return a1;\n}' },
  { exercise: 'mse-backprop', what: 'measures the gradients by finite differences instead of backpropagating', reason: 'exact gradients, not finite differences',
    code: 'import { map, matmul, sigmoid } from "nn";\nfunction myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const lossOf = () => { const P = sigmoid(matmul(sigmoid(matmul(X, W1)), W2)); let s = 0; P.data.forEach((v, k) => { s += (v - target.data[k]) ** 2; }); return s / P.data.length; };\n  const numeric = (W: Matrix) => map(W, (_, i, j) => {\n    const k = i * W.cols + j, old = W.data[k];\n    W.data[k] = old + 1e-5; const up = lossOf();\n    W.data[k] = old - 1e-5; const down = lossOf();\n    W.data[k] = old;\n    return (up - down) / 2e-5;\n  });\n  return { dW1: numeric(W1), dW2: numeric(W2) };\n}' },
  { exercise: 'deep-backprop', what: 'asks the module\'s backward', reason: 'createNetwork is withheld in this exercise: from nn its attempt may use only',
    code: 'import { createNetwork, forward, backward } from "nn";\nfunction myDeepGradients(X: Matrix, target: Matrix, layers: { W: Matrix; b: Matrix }[]): { dW: Matrix[]; db: Matrix[] } {\n  const net = createNetwork({ inputSize: X.cols, layers: layers.map((l) => ({ size: l.W.cols, activation: "sigmoid" as const })) });\n  net.layers.forEach((l, k) => { l.W = layers[k].W; l.b = layers[k].b; });\n  const g = backward(net, forward(net, X), target, "sumOfSquares");\n  return { dW: g.dW, db: g.db as Matrix[] };\n}' },
  { exercise: 'deep-backprop', what: 'measures every slope by finite differences', reason: 'exact gradients, not finite differences',
    code: 'import { add, map } from "nn";\nfunction myDeepGradients(X: Matrix, target: Matrix, layers: { W: Matrix; b: Matrix }[]): { dW: Matrix[]; db: Matrix[] } {\n  const lossOf = () => { const P = layers.reduce((a, l) => sigmoid(add(matmul(a, l.W), l.b)), X); let s = 0; P.data.forEach((v, k) => { s += (v - target.data[k]) ** 2; }); return s / 2; };\n  const numeric = (P: Matrix) => map(P, (_, i, j) => {\n    const k = i * P.cols + j, old = P.data[k];\n    P.data[k] = old + 1e-5; const up = lossOf();\n    P.data[k] = old - 1e-5; const down = lossOf();\n    P.data[k] = old;\n    return (up - down) / 2e-5;\n  });\n  return { dW: layers.map((l) => numeric(l.W)), db: layers.map((l) => numeric(l.b)) };\n}' },
  { exercise: 'find-the-bug', what: 'hands over the module\'s backward instead of fixing the line', reason: 'createNetwork is withheld in this exercise: from nn its attempt may use only',
    code: 'import { createNetwork, forward, backward } from "nn";\nfunction myFixedGradients(X: Matrix, y: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const net = createNetwork({ inputSize: 3, layers: [{ size: W1.cols, activation: "sigmoid" }, { size: 1, activation: "sigmoid" }], biases: false });\n  net.layers[0].W = W1; net.layers[1].W = W2;\n  const g = backward(net, forward(net, X), y, "sumOfSquares");\n  return { dW1: g.dW[0], dW2: g.dW[1] };\n}' },
  { exercise: 'find-the-bug', what: 'measures the gradients by finite differences', reason: 'exact gradients, not finite differences',
    code: 'import { map } from "nn";\nfunction myFixedGradients(X: Matrix, y: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const lossOf = () => { const P = sigmoid(matmul(sigmoid(matmul(X, W1)), W2)); let s = 0; P.data.forEach((v, k) => { s += (v - y.data[k]) ** 2; }); return s / 2; };\n  const numeric = (W: Matrix) => map(W, (_, i, j) => {\n    const k = i * W.cols + j, old = W.data[k];\n    W.data[k] = old + 1e-5; const up = lossOf();\n    W.data[k] = old - 1e-5; const down = lossOf();\n    W.data[k] = old;\n    return (up - down) / 2e-5;\n  });\n  return { dW1: numeric(W1), dW2: numeric(W2) };\n}' },
  { exercise: 'count-parameters', what: 'builds the network with createNetwork and counts', reason: 'createNetwork is withheld in this exercise: write it yourself',
    code: 'import { createNetwork } from "nn";\nfunction myParameterCount(sizes: number[], withBiases: boolean): number {\n  const net = createNetwork({ inputSize: sizes[0], layers: sizes.slice(1).map((size) => ({ size, activation: "sigmoid" as const })) });\n  return net.layers.reduce((t, l) => t + l.W.data.length + (withBiases && l.b ? l.b.data.length : 0), 0);\n}' },
  { exercise: 'autograd-tanh', what: 'uses the module\'s tanhPrime for the local derivative', reason: 'tanhPrime is withheld in this exercise: write it yourself',
    code: 'import { tanhPrime } from "nn";\nfunction myTanhOf(a: Scalar): Scalar {\n  const t = Math.tanh(a.value);\n  return made("tanh", t, [a], [tanhPrime(t)]);\n}' },
  { exercise: 'autograd-tanh', what: 'measures the local derivative by finite differences', reason: 'exact, not measured',
    code: 'function myTanhOf(a: Scalar): Scalar {\n  const h = 1e-5;\n  return made("tanh", Math.tanh(a.value), [a], [(Math.tanh(a.value + h) - Math.tanh(a.value - h)) / (2 * h)]);\n}' },
  { exercise: 'autograd-order', what: 'returns the chapter\'s topologicalOrder', reason: 'topologicalOrder is withheld in this exercise: write it yourself',
    code: 'function myOrder(output: Scalar): Scalar[] {\n  return topologicalOrder(output);\n}' },
  { exercise: 'autograd-order', what: 'returns the order backpropagate used', reason: 'backpropagate is withheld in this exercise: write it yourself',
    code: 'function myOrder(output: Scalar): Scalar[] {\n  return backpropagate(output);\n}' },
  { exercise: 'autograd-order', what: 'imports the module\'s topologicalOrder under another name', reason: 'topologicalOrder is withheld in this exercise: write it yourself',
    code: 'import { topologicalOrder as order } from "nn";\nfunction myOrder(output: Scalar): Scalar[] {\n  return order(output);\n}' },
  { exercise: 'autograd-order', what: 'drops repeats after a walk that does not remember', reason: '12 squarings: every node after its inputs',
    code: 'function myOrder(output: Scalar): Scalar[] {\n  const all: Scalar[] = [];\n  const visit = (n: Scalar): void => { all.push(n); n.inputs.forEach(visit); };\n  visit(output);\n  return [...new Set(all)];\n}' },
  { exercise: 'autograd-batch', what: 'sets the gradients by hand and returns a bare number', reason: '∂𝓛/∂b = the sum of the samples\' δ',
    code: 'function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  let total = 0; w.grad = 0; b.grad = 0;\n  xs.forEach((x, i) => {\n    const a = 1 / (1 + Math.exp(-(x * w.value + b.value)));\n    total += (ys[i] - a) ** 2;\n    const d = 2 * (a - ys[i]) * a * (1 - a);\n    w.grad += x * d; b.grad += d;\n  });\n  return scalar(total);\n}' },
  { exercise: 'autograd-batch', what: 'copies w and b into fresh scalars', reason: '∂𝓛/∂b = the sum of the samples\' δ',
    code: 'function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  let total = scalar(0);\n  xs.forEach((x, i) => {\n    const z = plus(times(scalar(x), scalar(w.value)), scalar(b.value));\n    total = plus(total, squareOf(minus(scalar(ys[i]), sigmoidOf(z))));\n  });\n  return total;\n}' },
  { exercise: 'pick-a-learning-rate', what: 'gives the rate as text', reason: 'myEta is a positive number',
    code: 'const myEta = "0.07";' },
  // Changing what the checks hand over moves the answer they compute from it (a red team's find):
  // zero weights and a target of 0.5 make the true gradient zero, which the starter returns.
  { exercise: 'mse-backprop', what: 'zeroes W2 and sets the target to 0.5, so the true gradient is zero', reason: 'myMseGradients changed what it was given: (argument 2).data[0] was 0, is now 0.5',
    code: 'function myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  W2.data.fill(0); target.data.fill(0.5);\n  return { dW1: scale(W1, 0), dW2: scale(W2, 0) };\n}' },
  { exercise: 'deep-backprop', what: 'zeroes the last layer and sets the target to 0.5', reason: 'myDeepGradients changed what it was given',
    code: 'type MyLayer = { W: Matrix; b: Matrix };\nfunction myDeepGradients(X: Matrix, target: Matrix, layers: MyLayer[]): { dW: Matrix[]; db: Matrix[] } {\n  const last = layers[layers.length - 1];\n  last.W.data.fill(0); last.b.data.fill(0); target.data.fill(0.5);\n  return { dW: layers.map((l) => scale(l.W, 0)), db: layers.map((l) => scale(l.b, 0)) };\n}' },
  { exercise: 'output-gradient', what: 'zeroes the hidden layer it is given', reason: /myOutputGradient changed what it was given: \(argument 1\)\.data\[0\] was .*, is now 0/,
    code: 'function myOutputGradient(a1: Matrix, yHat: Matrix, target: Matrix): Matrix {\n  a1.data.fill(0);\n  return scale(matmul(transpose(a1), yHat), 0);\n}' },
  { exercise: 'training-loop', what: 'changes the inputs its model shares with the reference network', reason: 'myTrain changed what it was given: X.data[0] was 0, is now 1',
    code: 'function myTrain(model: NeuralNetwork, iterations: number): number[] {\n  model.input.data.fill(1);\n  const losses: number[] = [];\n  for (let t = 0; t < iterations; t++) { model.feedforward(); losses.push(model.loss()); model.backprop(); }\n  return losses;\n}' },
  // An object the checks gave the attempt, kept and changed later by code the checks run with no
  // guard around it, before they compute the expected answer from it (a fifth red team's find:
  // each passed every check).
  // (An item behind a getter is refused as the answer is handed back, before the checks read it:
  // checks.ts, handedBack. It used to be caught by what the getter changed.)
  { exercise: 'apply-filter', what: 'flips the kernel and, from a getter of its answer, blanks the image the checks use for the expected one', reason: 'myFilter(…) handed the checks an array whose item [0] is a getter; an answer hands back plain values, which the checks read as they are',
    code: 'let myImg: number[][] | null = null;\nlet myCalls = 0;\nfunction myFilter(image: number[][], kernel: number[][]): number[][] {\n  myCalls++;\n  if (myImg === null) myImg = image;\n  const size = image.length;\n  const out = image.map((row) => row.map(() => 0));\n  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) {\n    let total = 0;\n    for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) {\n      if (r + u >= 0 && r + u < size && c + v >= 0 && c + v < size) total += kernel[1 - u][1 - v] * image[r + u][c + v];\n    }\n    out[r][c] = total;\n  }\n  if (myCalls >= 2) {\n    const row0 = out[0];\n    Object.defineProperty(out, 0, { get() { if (myImg) for (const row of myImg) row.fill(0); return row0; }, enumerable: true, configurable: true });\n  }\n  return out;\n}' },
  // An answer whose value answers the checks' comparisons itself (red team 34: `valueOf` passed
  // "values lie strictly between 0 and 1", which compares with > and <): refused as handed back.
  { exercise: 'my-sigmoid', what: 'returns an object whose valueOf says 0.5', reason: 'mySigmoid(…) handed the checks an object with its own valueOf, which would run your code when the checks compare it; an answer hands back plain values (numbers, arrays, matrices), which the checks read as they are',
    code: 'function mySigmoid(z: number): number {\n  return { valueOf() { return 0.5; } } as unknown as number;\n}' },
  { exercise: 'my-sigmoid', what: 'returns a Proxy whose traps answer every conversion', reason: 'mySigmoid(…) handed the checks a Proxy, which would run your code when the checks compare it',
    code: 'function mySigmoid(z: number): number {\n  return new Proxy({}, { get: (_t, key) => (key === Symbol.toPrimitive ? () => 0.5 : undefined) }) as unknown as number;\n}' },
  { exercise: 'my-sigmoid', what: 'returns an object whose prototype converts it with a getter', reason: 'mySigmoid(…) handed the checks an object with its own Symbol.toPrimitive',
    code: 'const myHalf = Object.create({ get [Symbol.toPrimitive]() { return () => 0.5; } });\nfunction mySigmoid(z: number): number {\n  return myHalf as number;\n}' },
  { exercise: 'autograd-batch', what: 'computes nothing and, from a getter of its answer, empties the samples the checks compute with', reason: /Your code changed what the checks gave it after it had returned: \(argument 3 of myBatchLoss, call 1\)\[0\] is gone/,
    code: 'function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  return { get value() { xs.length = 0; ys.length = 0; return 0; }, grad: 0, op: "mine", inputs: [w, b], locals: [0, 0] } as unknown as Scalar;\n}' },
  // The same, put back before the next call (a sixth red team's find): by a promise job, or by a
  // second getter read after the expected answer was computed. Each check is a checkpoint.
  { exercise: 'autograd-batch', what: 'sums only the first sample and, from a getter of its answer, hides the other samples while the checks compute the expected loss, then puts them back', reason: /Your code changed what the checks gave it after it had returned: \(argument 3 of myBatchLoss, call 1\)\[1\] is gone/,
    code: 'function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  const myZ = plus(times(scalar(xs[0]), w), b);\n  const out: any = squareOf(minus(scalar(ys[0]), sigmoidOf(myZ)));\n  const v = out.value;\n  Object.defineProperty(out, "value", { configurable: true, enumerable: true, get() {\n    const keptX = xs.splice(1), keptY = ys.splice(1);\n    Promise.resolve().then(() => { xs.push(...keptX); ys.push(...keptY); });\n    Object.defineProperty(out, "value", { value: v, writable: true, enumerable: true, configurable: true });\n    return v;\n  } });\n  return out;\n}' },
  { exercise: 'find-the-bug', what: 'keeps the bug and, from getters of its answer, zeroes the inputs while the checks measure the expected gradients, then puts them back', reason: /Your code changed what the checks gave it after it had returned: \(argument 1 of myFixedGradients, call 1\)\.data\[\d+\] was .*, is now 0\./,
    code: 'function myFixedGradients(X: Matrix, y: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const grads = () => {\n    const z1 = matmul(X, W1), a1 = sigmoid(z1);\n    const z2 = matmul(a1, W2), out = sigmoid(z2);\n    const d2 = multiply(scale(subtract(out, y), 2), sigmoidPrime(out));\n    const d1 = multiply(matmul(d2, transpose(W2)), sigmoidPrime(z1));\n    return { dW1: matmul(transpose(X), d1), dW2: matmul(transpose(a1), d2) };\n  };\n  const saved = Float64Array.from(X.data);\n  let reads2 = 0;\n  return {\n    get dW1() { X.data.fill(0); return grads().dW1; },\n    get dW2() { if (++reads2 === 2) { const g = grads().dW2; X.data.set(saved); return g; } return grads().dW2; },\n  };\n}' },
  // Code the attempt leaves to run after its own run, when no call of the checks is under way,
  // is still the attempt's: it trains a reference network with the withheld `train` and hands
  // over its history and weights (a red team's find, for timers).
  ...[
    ['from a timer', 'setTimeout(() => { done = trainedCopy(); }, 0);'],
    ['from a chain of promises', 'Promise.resolve().then(() => 1).then(() => 2).then(() => 3).then(() => 4).then(() => 5).then(() => { done = trainedCopy(); });'],
    ['from an async function it does not await', '(async () => { for (let i = 0; i < 20; i++) await null; done = trainedCopy(); })();'],
    ['from queueMicrotask', 'queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => { done = trainedCopy(); })));'],
  ].map(([when, schedule]) => ({
    exercise: 'training-loop',
    what: `trains a reference network with train ${when} and copies it`,
    reason: 'train is withheld in this exercise',
    code: `let done: { history: number[]; net: NeuralNetwork } | undefined;
function trainedCopy() {
  const net = new NeuralNetwork(X, y, { seed: 1 });
  return { history: net.train(1500), net };
}
${schedule}
function myTrain(model: NeuralNetwork, iterations: number): number[] {
  if (!done) return [];
  model.weights1 = done.net.weights1;
  model.weights2 = done.net.weights2;
  return done.history;
}`,
  })),
  // Code of the attempt that the checks run without calling it, when they read what it returned
  // (a red team's find: a Proxy whose traps trained the model with train passed every check).
  ...[
    ['a Proxy whose traps train the model', 'const handler = { get: (_t: unknown, k: PropertyKey) => Reflect.get(history(), k), has: (_t: unknown, k: PropertyKey) => Reflect.has(history(), k), ownKeys: () => Reflect.ownKeys(history()), getOwnPropertyDescriptor: (_t: unknown, k: PropertyKey) => Reflect.getOwnPropertyDescriptor(history(), k) };'],
    ['a Proxy whose traps train the model in a parameter\'s default', 'const handler = { get: (_t: unknown, k: PropertyKey, _r?: unknown, h = history()) => Reflect.get(h, k), has: (_t: unknown, k: PropertyKey, h = history()) => Reflect.has(h, k), ownKeys: (_t?: unknown, h = history()) => Reflect.ownKeys(h), getOwnPropertyDescriptor: (_t: unknown, k: PropertyKey, h = history()) => Reflect.getOwnPropertyDescriptor(h, k) };'],
    ['a Proxy whose handler is a class with getters that train the model', 'class Handler { get get() { return (_t: unknown, k: PropertyKey) => Reflect.get(history(), k); } get has() { return (_t: unknown, k: PropertyKey) => Reflect.has(history(), k); } get ownKeys() { return () => Reflect.ownKeys(history()); } get getOwnPropertyDescriptor() { return (_t: unknown, k: PropertyKey) => Reflect.getOwnPropertyDescriptor(history(), k); } }\nconst handler = new Handler();'],
  ].map(([what, handler]) => ({
    exercise: 'training-loop',
    what: `returns ${what}`,
    reason: 'train is withheld in this exercise',
    code: `function myTrain(model: NeuralNetwork, iterations: number): number[] {
  let trained: number[] | undefined;
  const history = () => (trained ??= Object.getPrototypeOf(model).train.call(model, iterations));
  ${handler}
  return new Proxy([], handler as ProxyHandler<number[]>);
}`,
  })),
  // A fourth red team's finds: the attempt's code run when the checks read what it returned, or
  // in a promise reaction set off by its timer, outside the guard.
  // (A Proxy, or a conversion of the answer's own, is refused now as it is handed back, before
  // any check reads it: checks.ts, refuseOwnCode. The withheld guard stays behind that.)
  { exercise: "my-sigmoid", what: "returns a Proxy whose traps ask the chapter's neuronOut when the checks read them", reason: "mySigmoid(…) handed the checks a Proxy, which would run your code when the checks compare it",
    code: "function mySigmoid(z: number): number {\n  // delegated: the chapter's neuronOut calls nn's sigmoid, only when the checks read the value\n  const later = () => neuronOut(1, [z, 0, 0]);\n  return new Proxy({}, {\n    getOwnPropertyDescriptor(_t, k) {\n      if (k === \"data\") return { value: new Float64Array([later()]), configurable: true, enumerable: true, writable: true };\n      if (k === \"rows\" || k === \"cols\") return { value: 1, configurable: true, enumerable: true, writable: true };\n      return undefined;\n    },\n    ownKeys() { return []; },\n    get(_t, k) { if (k === Symbol.toPrimitive) return () => later(); return undefined; },\n  }) as any;\n}" },
  { exercise: "forward-pass", what: "returns getters that run the chapter network's class when the checks read them", reason: "NeuralNetwork is withheld in this exercise",
    code: "type Forward = { hidden: Matrix; output: Matrix };\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  // delegated to the withheld NeuralNetwork, reached through the chapter's net, inside getters\n  const run = () => {\n    const Net = (net as any).constructor;\n    const n = new Net(X, zeros(X.rows, W2.cols), { weights1: W1, weights2: W2 });\n    n.feedforward();\n    return n;\n  };\n  return { get hidden() { return run().layer1; }, get output() { return run().output; } };\n}" },
  { exercise: "my-sigmoid", what: "throws an error whose message getter asks the chapter's neuronOut", reason: "sigmoid is withheld in this exercise",
    code: "class E extends Error { get message() { return \"sigmoid(0) computed outside the guard = \" + neuronOut(1, [0, 0, 0]); } }\nfunction mySigmoid(z: number): number { throw new E(); }" },
  { exercise: "my-sigmoid", what: "fills a table in a promise reaction that its timer sets off", reason: "sigmoid is withheld in this exercise",
    code: "// the answer is a table filled in by a promise reaction that a timer's callback triggers\nconst table = new Map<number, number>();\nconst zs = [0, -5, -1.5, 0.3, 2, 7, -2.5, 2.5, -10, -3, 3, 10];\nlet fill: () => void = () => {};\nnew Promise<void>((resolve) => { fill = resolve; }).then(() => {\n  for (const z of zs) table.set(z, neuronOut(1, [z, 0, 0]));\n});\nsetTimeout(() => fill(), 0);\nfunction mySigmoid(z: number): number {\n  return table.has(z) ? table.get(z)! : NaN;\n}" },
  // What built-ins keep to call later runs as the attempt that made it: a bound function handed
  // over as a getter runs no code of the attempt (a fourth red team's find, left open until now).
  { exercise: "my-sigmoid", what: "returns a value whose Symbol.toPrimitive is the chapter's neuronOut, bound", reason: "mySigmoid(…) handed the checks an object with its own Symbol.toPrimitive",
    code: "function mySigmoid(z: number): number {\n  return { [Symbol.toPrimitive]: neuronOut.bind(null, 1, [z, 0, 0]) } as any;\n}" },
  { exercise: "my-sigmoid", what: "returns a proxy with no traps over a bound neuronOut", reason: "mySigmoid(…) handed the checks an object with its own Symbol.toPrimitive",
    code: "function mySigmoid(z: number): number {\n  return { [Symbol.toPrimitive]: new Proxy(Function.prototype.apply, {}).bind(neuronOut, null, [1, [z, 0, 0]]) } as any;\n}" },
  { exercise: "training-loop", what: "returns a history whose length is train, bound to the model", reason: "myTrain(…) handed the checks an array whose item [0] is a getter; an answer hands back plain values, which the checks read as they are",
    code: "function myTrain(model: NeuralNetwork, iterations: number): number[] {\n  const train = Object.getPrototypeOf(model).train;\n  return Object.defineProperty([] as number[], 0, { get: Function.prototype.call.bind(train, model, iterations) });\n}" },
  // An array's own methods answered for it: the checks' `order.every(…)` and `order.at(-1)` asked
  // the answer whether it was right, and a wrong order passed 7 of 7 (a red team's find). The
  // checks now get a plain copy (checks.ts, handedBack), so the real methods judge it.
  { exercise: 'autograd-order', what: 'returns the output first, with its own every and at saying all is well', reason: 'every node after all of its inputs',
    code: "function myOrder(output: Scalar): Scalar[] {\n  const order: Scalar[] = [];\n  const mySeen = new Set<Scalar>();\n  function visit(node: Scalar): void { if (mySeen.has(node)) return; mySeen.add(node); order.push(node); for (const input of node.inputs) visit(input); }\n  visit(output);\n  Object.defineProperty(order, 'every', { value: () => true });\n  Object.defineProperty(order, 'at', { value: (i: number) => i === -1 ? output : order[i] });\n  return order;\n}" },
  // No graph at all: the gradients worked out by hand and planted behind getters on the checks'
  // own w and b, whose setters ignored the checks' `myW.grad = 99` (a red team's find). The checks
  // let w and b change (check.mayChange), but a getter is not a change of value.
  { exercise: 'autograd-batch', what: 'builds no graph and plants the gradients behind getters on w and b', reason: /myBatchLoss changed what it was given: \(argument 1\)\.grad has another getter or setter now/,
    code: "function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  const sig = (v: number) => 1 / (1 + Math.exp(-v));\n  let L = 0, gw = 0, gb = 0;\n  xs.forEach((x, i) => { const a = sig(x * w.value + b.value); L += (ys[i] - a) ** 2; const d = 2 * (a - ys[i]) * a * (1 - a); gw += x * d; gb += d; });\n  Object.defineProperty(w, 'grad', { get: () => gw, set: () => {} });\n  Object.defineProperty(b, 'grad', { get: () => gb, set: () => {} });\n  return scalar(L);\n}" },
  { exercise: 'autograd-batch', what: 'builds no graph and gives w a prototype whose getter holds the gradient', reason: /myBatchLoss changed what it was given: \(argument 1\) has another prototype now/,
    code: "function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  const sig = (v: number) => 1 / (1 + Math.exp(-v));\n  let L = 0, gw = 0, gb = 0;\n  xs.forEach((x, i) => { const a = sig(x * w.value + b.value); L += (ys[i] - a) ** 2; const d = 2 * (a - ys[i]) * a * (1 - a); gw += x * d; gb += d; });\n  for (const [node, g] of [[w, gw], [b, gb]] as const) { delete (node as any).grad; Object.setPrototypeOf(node, { get grad() { return g; }, set grad(_: number) {} }); }\n  return scalar(L);\n}" },
  // A seventh red team's wrong answers, each passing every check before: checks that never
  // looked at the shapes asked for, or whose inputs were too special (rising values, 0/1
  // targets, an image with no ink at its edges, whole numbers within a loose tolerance).
  { exercise: "xor-by-hand", what: "sets every weight to 0 and gives each sample its own bias row (4×2 and 4×1), so the answers are looked up, not computed", reason: "b₁ is 1×2: one bias per hidden neuron, the same for every input",
    code: "const myW1 = [[0, 0], [0, 0]];\nconst myB1 = [[-10, 10], [10, 10], [10, 10], [10, -10]];\nconst myW2 = [[0], [0]];\nconst myB2 = [[-10], [10], [10], [-10]];" },
  { exercise: "autograd-order", what: "sorts the graph's nodes by value, which rises along both fixed graphs", reason: "3 + (−5), times 3: every node after its inputs, the output last",
    code: "function myOrder(output: Scalar): Scalar[] {\n  const seen = new Set<Scalar>();\n  const stack = [output];\n  while (stack.length) { const n = stack.pop()!; if (seen.has(n)) continue; seen.add(n); for (const i of n.inputs) stack.push(i); }\n  return [...seen].sort((a, b) => a.value - b.value);\n}" },
  { exercise: "autograd-batch", what: "builds a loss that is right only for targets of 0 and 1", reason: "the loss for samples, targets, w and b drawn at random for this run",
    code: "function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  let myTotal = scalar(0);\n  xs.forEach((xi, i) => {\n    const a = sigmoidOf(plus(times(scalar(xi), w), b));\n    const term = ys[i] ? squareOf(minus(scalar(1), a)) : squareOf(a);\n    myTotal = plus(myTotal, term);\n  });\n  return myTotal;\n}" },
  { exercise: "forward-pass", what: "returns the output's numbers as a flat list, not the n×1 matrix", reason: "output matches yHat",
    code: "type Forward = { hidden: Matrix; output: Matrix };\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = sigmoid(matmul(X, W1));\n  const output = Array.from(sigmoid(matmul(hidden, W2)).data) as any;\n  return { hidden, output };\n}" },
  { exercise: "apply-filter", what: "reads neighbours by a flat index, so a pixel past the left or right edge comes from the next row", reason: "an image and a filter drawn at random for this run",
    code: "function myFilter(image: number[][], kernel: number[][]): number[][] {\n  const size = image.length;\n  const flat = image.flat();\n  const out = image.map((row) => row.map(() => 0));\n  for (let r = 0; r < size; r++) {\n    for (let c = 0; c < size; c++) {\n      let total = 0;\n      for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) {\n        const k = (r + u) * size + (c + v);\n        if (k >= 0 && k < flat.length) total += kernel[u + 1][v + 1] * flat[k];\n      }\n      out[r][c] = total;\n    }\n  }\n  return out;\n}" },
  { exercise: "relu-by-hand", what: "is off by 9e-7 at every positive z that is not a whole number", reason: "myRelu at seven points drawn at random for this run, two far out",
    code: "function myRelu(z: number): number {\n  if (z <= 0) return 0;\n  return Number.isInteger(z) ? z : z + 9e-7;\n}\nfunction myReluPrime(a: number): number {\n  return a > 0 ? 1 : 0;\n}" },
  // An eighth red team's wrong answers, each passing every check before: every call handed over
  // the chapter's own data or the same sizes, so an answer could read the page's X and y instead
  // of its arguments, or fix a size (exercise-arguments.test.ts now asks this of every exercise);
  // and every loss history fell.
  { exercise: "descent-step", what: "steps only the first two weights", reason: "w − η·grad for w, grad and η drawn at random for this run, 16 to 32 weights",
    code: "function myStep(w: number[], grad: number[], eta: number): number[] {\n  return [w[0] - eta * grad[0], w[1] - eta * grad[1]];\n}" },
  { exercise: "one-neuron-by-hand", what: "reads only the first three inputs", reason: "64 to 71 inputs, weights and a bias drawn at random for this run",
    code: "function myNeuron(x: number[], w: number[], b: number): number {\n  let z = b;\n  for (let i = 0; i < Math.min(x.length, 3); i++) z += x[i] * w[i];\n  return 1 / (1 + Math.exp(-z));\n}" },
  { exercise: "converged-at", what: "stops on a small change of either sign (Math.abs), so a loss that rises never stops it", reason: "a loss that rises has not fallen by the tolerance: it stops at step 2",
    code: "function myConvergedAt(losses: number[], tolerance: number, window: number): number {\n  for (let t = window; t < losses.length; t++) {\n    if (Math.abs(losses[t - window] - losses[t]) < tolerance) return t;\n  }\n  return -1;\n}" },
  { exercise: "forward-pass", what: "uses the chapter's X in place of its argument", reason: /matmul: inner dimensions differ \(4×3 · \d×\d\)/,
    code: "type Forward = { hidden: Matrix; output: Matrix };\nfunction myForward(inputs: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = sigmoid(matmul(X, W1));\n  const output = sigmoid(matmul(hidden, W2));\n  return { hidden, output };\n}" },
  { exercise: "find-the-bug", what: "uses the chapter's X and y in place of its arguments", reason: /matmul: inner dimensions differ \(4×3 · \d×\d\)/,
    code: "function myFixedGradients(Xin: Matrix, yin: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const z1 = matmul(X, W1), a1 = sigmoid(z1);\n  const z2 = matmul(a1, W2), out = sigmoid(z2);\n  const d2 = multiply(scale(subtract(out, y), 2), sigmoidPrime(out));\n  const d1 = multiply(matmul(d2, transpose(W2)), sigmoidPrime(a1));\n  return { dW1: matmul(transpose(X), d1), dW2: matmul(transpose(a1), d2) };\n}" },
  { exercise: "mse-backprop", what: "divides by the number of rows, not of entries", reason: "finite differences, data, targets and weights drawn at random for this run",
    code: "function myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const a1 = sigmoid(matmul(X, W1));\n  const out = sigmoid(matmul(a1, W2));\n  const d2 = multiply(scale(subtract(out, target), 2 / target.rows), sigmoidPrime(out));\n  const d1 = multiply(matmul(d2, transpose(W2)), sigmoidPrime(a1));\n  return { dW1: matmul(transpose(X), d1), dW2: matmul(transpose(a1), d2) };\n}" },
  { exercise: "mse-backprop", what: "divides by 4, the chapter's number of entries", reason: "finite differences, data, targets and weights drawn at random for this run",
    code: "function myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const a1 = sigmoid(matmul(X, W1));\n  const out = sigmoid(matmul(a1, W2));\n  const d2 = multiply(scale(subtract(out, target), 2 / 4), sigmoidPrime(out));\n  const d1 = multiply(matmul(d2, transpose(W2)), sigmoidPrime(a1));\n  return { dW1: matmul(transpose(X), d1), dW2: matmul(transpose(a1), d2) };\n}" },
  { exercise: "apply-filter", what: "takes the image to be square, as the digits are", reason: "an image and a filter drawn at random for this run",
    code: "function myFilter(image: number[][], kernel: number[][]): number[][] {\n  const size = image.length;\n  const out = image.map((row) => row.map(() => 0));\n  for (let r = 0; r < size; r++) {\n    for (let c = 0; c < size; c++) {\n      let total = 0;\n      for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) {\n        if (r + u >= 0 && r + u < size && c + v >= 0 && c + v < size) total += kernel[u + 1][v + 1] * image[r + u][c + v];\n      }\n      out[r][c] = total;\n    }\n  }\n  return out;\n}" },
  { exercise: "translate-update", what: "works on the first column of the output only", reason: "layers drawn at random for this run, with more than one output",
    code: "function myOutputChange(hidden: typeof W1, target: typeof W1, output: typeof W1): typeof W1 {\n  const e = fromArray(Array.from({ length: output.rows }, (_, i) => [2 * (target.data[i * target.cols] - output.data[i * output.cols]) * output.data[i * output.cols] * (1 - output.data[i * output.cols])]));\n  return matmul(transpose(hidden), e);\n}" },
  // A ninth red team's: values the checks never drew (scores far apart, errors above 1, z of a
  // thousand, fractional or negative pixels), sizes never large enough (an answer that reads
  // only the first few entries), two nodes of one value, and a stop at t = window.
  { exercise: "softmax", what: "subtracts the first score, not the largest", reason: "scores from −1,000 to 1,000: the largest takes all, nothing overflows",
    code: "function mySoftmax(scores: number[]): number[] {\n  const ref = scores[0];\n  const exps = scores.map((z) => Math.exp(z - ref));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return exps.map((e) => e / total);\n}" },
  { exercise: "softmax", what: "subtracts the smallest score", reason: "scores from −1,000 to 1,000: the largest takes all, nothing overflows",
    code: "function mySoftmax(scores: number[]): number[] {\n  const smallest = Math.min(...scores);\n  const exps = scores.map((z) => Math.exp(z - smallest));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return exps.map((e) => e / total);\n}" },
  { exercise: "softmax", what: "adds up only the first four scores", reason: "6 to 12 scores drawn at random for this run match the module",
    code: "function mySoftmax(scores: number[]): number[] {\n  const largest = Math.max(...scores);\n  const exps = scores.map((z) => Math.exp(z - largest));\n  let total = 0;\n  for (let c = 0; c < Math.min(exps.length, 4); c++) total += exps[c];\n  return exps.map((e) => e / total);\n}" },
  { exercise: "cross-entropy", what: "counts only the first three samples", reason: "10 to 16 samples of 10 to 12 classes drawn at random for this run match the module",
    code: "function myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  let total = 0;\n  for (let i = 0; i < Math.min(labels.length, 3); i++) total -= Math.log(probabilities[i][labels[i]]);\n  return total / labels.length;\n}" },
  { exercise: "count-parameters", what: "counts at most three layers of weights", reason: "5 to 8 layer sizes drawn at random for this run agree with createNetwork",
    code: "function myParameterCount(sizes: number[], withBiases: boolean): number {\n  let count = 0;\n  for (let l = 1; l < Math.min(sizes.length, 4); l++) {\n    count += sizes[l - 1] * sizes[l];\n    if (withBiases) count += sizes[l];\n  }\n  return count;\n}" },
  { exercise: "autograd-order", what: "remembers the values it has seen, not the nodes", reason: "(2 + 2)·4, two leaves of value 2 and a sum of value 4",
    code: "function myOrder(output: Scalar): Scalar[] {\n  const order: Scalar[] = [];\n  const seen = new Set<number>();\n  function visit(node: Scalar): void {\n    if (seen.has(node.value)) return;\n    seen.add(node.value);\n    for (const input of node.inputs) visit(input);\n    order.push(node);\n  }\n  visit(output);\n  return order;\n}" },
  { exercise: "apply-filter", what: "keeps the pixels in bytes (a zero-padded Uint8Array)", reason: "an image and a filter drawn at random for this run",
    code: "function myFilter(image: number[][], kernel: number[][]): number[][] {\n  const rows = image.length, cols = image[0].length;\n  const padded = new Uint8Array((rows + 2) * (cols + 2));\n  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) padded[(r + 1) * (cols + 2) + c + 1] = image[r][c];\n  const out = image.map((row) => row.map(() => 0));\n  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {\n    let total = 0;\n    for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) total += kernel[u + 1][v + 1] * padded[(r + 1 + u) * (cols + 2) + c + 1 + v];\n    out[r][c] = total;\n  }\n  return out;\n}" },
  { exercise: "my-sigmoid", what: "divides e^z by 1 + e^z, which is NaN far out", reason: "far out, σ(−1,000) = 0 and σ(1,000) = 1, not NaN",
    code: "function mySigmoid(z: number): number {\n  return Math.exp(z) / (1 + Math.exp(z));\n}" },
  { exercise: "autograd-tanh", what: "builds tanh from e^2a, which is NaN far out", reason: "tanh(400)",
    code: "function myTanhOf(a: Scalar): Scalar {\n  const e = Math.exp(2 * a.value);\n  const t = (e - 1) / (e + 1);\n  return made(\"tanh\", t, [a], [1 - t * t]);\n}" },
  { exercise: "relu-by-hand", what: "caps ReLU at 10", reason: "myRelu at seven points drawn at random for this run, two far out",
    code: "function myRelu(z: number): number {\n  return Math.min(Math.max(z, 0), 10);\n}\nfunction myReluPrime(a: number): number {\n  return a > 0 && a < 10 ? 1 : 0;\n}" },
  { exercise: "sum-of-squares", what: "clips each squared error at 1", reason: "a pair drawn at random for this run, errors up to 10",
    code: "function mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  let total = 0;\n  for (let i = 0; i < target.data.length; i++) {\n    const e = target.data[i] - yHat.data[i];\n    total += Math.min(e * e, 1);\n  }\n  return total;\n}" },
  { exercise: "converged-at", what: "starts looking one step late, at t = window + 1", reason: "a flat loss stops at the first step the window allows: t = window = 2",
    code: "function myConvergedAt(losses: number[], tolerance: number, window: number): number {\n  for (let t = window + 1; t < losses.length; t++) {\n    if (losses[t - window] - losses[t] < tolerance) return t;\n  }\n  return -1;\n}" },
  // A tenth red team's: other ways to pick the score to subtract, the sigmoid's other form in
  // another exercise, a cutoff past |z| = 11, and answers that read only the first few entries
  // where the checks had drawn no more (the book's own sizes: 64 pixels, 10 classes, 16 weights).
  { exercise: "softmax", what: "subtracts the last score", reason: "the largest first, 1,000 above the others: it takes all, nothing overflows",
    code: "function mySoftmax(scores: number[]): number[] {\n  const largest = scores[scores.length - 1];\n  const exps = scores.map((z) => Math.exp(z - largest));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return exps.map((e) => e / total);\n}" },
  { exercise: "softmax", what: "looks for the largest score from 0, not from the first score", reason: "scores all far below 0, −1,000 and −1,001: as for 0 and −1, not 0 / 0",
    code: "function mySoftmax(scores: number[]): number[] {\n  let largest = 0;\n  for (const z of scores) if (z > largest) largest = z;\n  const exps = scores.map((z) => Math.exp(z - largest));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return exps.map((e) => e / total);\n}" },
  { exercise: "softmax", what: "subtracts the largest size, |z|", reason: "scores all far below 0, −1,000 and −1,001: as for 0 and −1, not 0 / 0",
    code: "function mySoftmax(scores: number[]): number[] {\n  const largest = Math.max(...scores.map(Math.abs));\n  const exps = scores.map((z) => Math.exp(z - largest));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return exps.map((e) => e / total);\n}" },
  { exercise: "softmax", what: "subtracts the largest of all scores but the first", reason: "the largest first, 1,000 above the others: it takes all, nothing overflows",
    code: "function mySoftmax(scores: number[]): number[] {\n  const largest = Math.max(...scores.slice(1));\n  const exps = scores.map((z) => Math.exp(z - largest));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return exps.map((e) => e / total);\n}" },
  { exercise: "one-neuron-by-hand", what: "writes the sigmoid as e^z / (1 + e^z), NaN for a large total", reason: "a total of 1,000 gives 1, not NaN",
    code: "function myNeuron(x: number[], w: number[], b: number): number {\n  let z = b;\n  for (let i = 0; i < x.length; i++) z += x[i] * w[i];\n  return Math.exp(z) / (1 + Math.exp(z));\n}" },
  { exercise: "my-sigmoid", what: "returns exactly 0 or 1 past |z| = 11", reason: "at two points drawn at random for this run, 10 < |z| < 25",
    code: "function mySigmoid(z: number): number {\n  if (z > 11) return 1;\n  if (z < -11) return 0;\n  return 1 / (1 + Math.exp(-z));\n}" },
  { exercise: "one-neuron-by-hand", what: "reads at most 8 inputs", reason: "64 to 71 inputs, weights and a bias drawn at random for this run",
    code: "function myNeuron(x: number[], w: number[], b: number): number {\n  let z = b;\n  for (let i = 0; i < Math.min(x.length, 8); i++) z += x[i] * w[i];\n  return 1 / (1 + Math.exp(-z));\n}" },
  { exercise: "product-entry", what: "adds up at most 5 products", reason: "an entry of a 3×64 times 64×2 product drawn at random for this run",
    code: "function myEntry(A: Matrix, B: Matrix, i: number, j: number): number {\n  let total = 0;\n  for (let r = 0; r < Math.min(A.cols, 5); r++) total += get(A, i, r) * get(B, r, j);\n  return total;\n}" },
  { exercise: "descent-step", what: "steps at most 8 weights", reason: "w − η·grad for w, grad and η drawn at random for this run, 16 to 32 weights",
    code: "function myStep(w: number[], grad: number[], eta: number): number[] {\n  return w.map((wi, i) => (i < 8 ? wi - eta * grad[i] : wi));\n}" },
  { exercise: "cross-entropy", what: "reads at most 8 samples", reason: "10 to 16 samples of 10 to 12 classes drawn at random for this run match the module",
    code: "function myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  let total = 0;\n  const n = Math.min(labels.length, 8);\n  for (let i = 0; i < n; i++) total -= Math.log(probabilities[i][labels[i]]);\n  return total / n;\n}" },
  { exercise: "sum-of-squares", what: "reads at most 40 entries", reason: "a pair drawn at random for this run, errors up to 10",
    code: "function mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  let total = 0;\n  for (let i = 0; i < Math.min(target.data.length, 40); i++) {\n    const e = target.data[i] - yHat.data[i];\n    total += e * e;\n  }\n  return total;\n}" },
  { exercise: "mean-squared-error", what: "reads at most 40 entries", reason: "a pair drawn at random for this run, errors up to 10",
    code: "function myMeanSquaredError(yHat: Matrix, target: Matrix): number {\n  const n = Math.min(target.data.length, 40);\n  let total = 0;\n  for (let i = 0; i < n; i++) { const e = target.data[i] - yHat.data[i]; total += e * e; }\n  return total / n;\n}" },
  { exercise: "autograd-batch", what: "reads at most 5 samples", reason: "samples, targets, w and b drawn at random for this run",
    code: "function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  let myTotal = scalar(0);\n  xs.slice(0, 5).forEach((xi, i) => {\n    const myZ = plus(times(scalar(xi), w), b);\n    myTotal = plus(myTotal, squareOf(minus(scalar(ys[i]), sigmoidOf(myZ))));\n  });\n  return myTotal;\n}" },
  // A red team's wrong answers: the right numbers in another holder than the prompt asks for
  // (check.close and check.equal now compare kinds), state kept between calls, and values and
  // boundaries no check reached.
  { exercise: "apply-filter", what: "returns rows of 32-bit floats (Float32Array) instead of number[][]", reason: "the identity filter returns the image unchanged",
    code: "function myFilter(image: number[][], kernel: number[][]): Float32Array[] {\n  const rows = image.length, cols = image[0].length;\n  const out = image.map((row) => new Float32Array(row.length));   // compact rows of 32-bit floats\n  for (let r = 0; r < rows; r++) {\n    for (let c = 0; c < cols; c++) {\n      let total = 0;\n      for (let u = -1; u <= 1; u++) {\n        for (let v = -1; v <= 1; v++) {\n          const inside = r + u >= 0 && r + u < rows && c + v >= 0 && c + v < cols;\n          if (inside) total += kernel[u + 1][v + 1] * image[r + u][c + v];\n        }\n      }\n      out[r][c] = total;\n    }\n  }\n  return out;\n}" },
  { exercise: "autograd-order", what: "keeps its set of visited nodes between calls", reason: "called a second time on the same graph: the same order",
    code: "const mySeen = new Set<Scalar>();   // nodes already written down\nfunction myOrder(output: Scalar): Scalar[] {\n  const order: Scalar[] = [];\n  function visit(node: Scalar): void {\n    if (mySeen.has(node)) return;\n    mySeen.add(node);\n    for (const input of node.inputs) visit(input);\n    order.push(node);\n  }\n  visit(output);\n  return order;\n}" },
  { exercise: "cross-entropy", what: "returns the loss in a one-element array", reason: "two confident right answers match the module",
    code: "function myCrossEntropy(probabilities: number[][], labels: number[]): number[] {\n  let total = 0;\n  for (let i = 0; i < labels.length; i++) total -= Math.log(probabilities[i][labels[i]]);\n  return [total / labels.length];\n}" },
  { exercise: "cross-entropy", what: "clips each probability at 0.01 before the logarithm", reason: "unlikely right answers cost a lot: (ln 10³ + ln 10⁶ + ln 10⁹) / 3",
    code: "function myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  let total = 0;\n  // clip tiny probabilities so that Math.log never sees 0\n  for (let i = 0; i < labels.length; i++) total -= Math.log(Math.max(probabilities[i][labels[i]], 0.01));\n  return total / labels.length;\n}" },
  { exercise: "descent-step", what: "wraps each new weight in an array of its own", reason: "w − η·grad for w = (1, 2), grad = (0.5, −4), η = 0.1",
    code: "function myStep(w: number[], grad: number[], eta: number): number[][] {\n  return w.map((wi, i) => [wi - eta * grad[i]]);   // each new weight wrapped in its own array\n}" },
  { exercise: "forward-pass", what: "returns number[][] (toArray) instead of matrices", reason: "hidden layer a₁ is 4×4",
    code: "type Forward = { hidden: number[][]; output: number[][] };\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = sigmoid(matmul(X, W1));\n  const output = sigmoid(matmul(hidden, W2));\n  return { hidden: toArray(hidden), output: toArray(output) };   // plain arrays, not matrices\n}" },
  { exercise: "mean-squared-error", what: "returns the loss in a one-element array", reason: "the untrained network",
    code: "function myMeanSquaredError(yHat: Matrix, target: Matrix): number[] {\n  return [sumOfSquares(yHat, target) / (target.rows * target.cols)];\n}" },
  { exercise: "my-sigmoid", what: "returns \u03c3(z) in a one-element array", reason: "σ(0) = 1/2",
    code: "function mySigmoid(z: number): number[] {\n  return [1 / (1 + Math.exp(-z))];   // the sigmoid, in a one-element array\n}" },
  { exercise: "my-sigmoid", what: "returns exactly 0 below z = −26", reason: "at two points drawn at random for this run, −700 < z < −30: tiny, not 0 (as a ratio to the module's σ)",
    code: "function mySigmoid(z: number): number {\n  if (z > 26) return 1;    // \"far out\" the sigmoid is 0 or 1\n  if (z < -26) return 0;\n  return 1 / (1 + Math.exp(-z));\n}" },
  { exercise: "one-neuron-by-hand", what: "returns the output in a one-element array", reason: "z = 0.5 − 0.5 + 0 = 0 gives 1/2",
    code: "function myNeuron(x: number[], w: number[], b: number): number[] {\n  let z = b;\n  for (let i = 0; i < x.length; i++) z += x[i] * w[i];\n  return [1 / (1 + Math.exp(-z))];\n}" },
  { exercise: "output-gradient", what: "returns number[][] (toArray) instead of a matrix", reason: "∂𝓛/∂W₂ has the shape of W₂",
    code: "import { toArray } from \"nn\";\nfunction myOutputGradient(a1: Matrix, yHat: Matrix, target: Matrix): number[][] {\n  const myDelta2 = multiply(scale(subtract(yHat, target), 2), sigmoidPrime(yHat));\n  return toArray(matmul(transpose(a1), myDelta2));   // plain arrays, not a matrix\n}" },
  { exercise: "product-shape", what: "returns the shape as an Int32Array", reason: "X W₁: 4×3 times 3×4",
    code: "function myProductShape(a: number[], b: number[]): Int32Array | null {\n  const [aRows, aCols] = a;\n  const [bRows, bCols] = b;\n  if (aCols !== bRows) return null;\n  return Int32Array.of(aRows, bCols);   // a typed array, not [rows, cols]\n}" },
  { exercise: "quadratic-slope", what: "returns the slope in a one-element array", reason: "slope at w = -1",
    code: "function mySlope(w: number): number[] {\n  return [6 * (w - 2)];\n}" },
  { exercise: "softmax", what: "returns 32-bit floats (Float32Array)", reason: "softmax of [2, 1, 0.1] matches the module",
    code: "function mySoftmax(scores: number[]): Float32Array {\n  const largest = Math.max(...scores);\n  const exps = scores.map((z) => Math.exp(z - largest));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return Float32Array.from(exps, (e) => e / total);   // compact 32-bit probabilities\n}" },
  { exercise: "step-decay", what: "returns the rate in a one-element array", reason: "η at step 0, halving every 300 steps",
    code: "function myStepDecay(eta0: number, t: number, every: number, factor: number): number[] {\n  return [eta0 * factor ** Math.floor(t / every)];\n}" },
  { exercise: "step-decay", what: "multiplies by the reciprocal of every, which falls a hair short at step 49", reason: "halving every 49 steps: step 49",
    code: "function myStepDecay(eta0: number, t: number, every: number, factor: number): number {\n  const drops = Math.floor(t * (1 / every));   // t / every, as a product with the reciprocal\n  return eta0 * factor ** drops;\n}" },
  { exercise: "sum-of-squares", what: "returns the loss in a one-element array", reason: "the untrained network's loss",
    code: "function mySumOfSquares(yHat: Matrix, target: Matrix): number[] {\n  let total = 0;\n  for (let i = 0; i < target.data.length; i++) {\n    const e = target.data[i] - yHat.data[i];\n    total += e * e;\n  }\n  return [total];\n}" },
  { exercise: "translate-layer", what: "returns number[][] (toArray) instead of a matrix", reason: "with zero biases it is the hidden layer a1",
    code: "import { add, toArray } from \"nn\";\n\nfunction myLayer(A: typeof W1, W: typeof W1, b: typeof W1): number[][] {\n  return toArray(sigmoid(add(matmul(A, W), b)));   // plain arrays, not a matrix\n}" },
  { exercise: "translate-update", what: "returns number[][] (toArray) instead of a matrix", reason: "one change per output weight: 4×1",
    code: "import { toArray } from \"nn\";\nfunction myOutputChange(hidden: typeof W1, target: typeof W1, output: typeof W1): number[][] {\n  const error = multiply(scale(subtract(target, output), 2), sigmoidPrime(output));\n  return toArray(matmul(transpose(hidden), error));   // plain arrays, not a matrix\n}" },
  // A second red team's, on the build with the above: rounding and cut-offs inside the checks'
  // tolerances, a size cap above the drawn sizes, a count that wraps past 32-bit integers.
  { exercise: "cross-entropy", what: "clips each probability at 10⁻⁷, as Keras does", reason: "unlikely right answers cost a lot: (ln 10³ + ln 10⁶ + ln 10⁹) / 3",
    code: "function myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  const eps = 1e-7;   // as Keras does: keep log away from 0\n  let total = 0;\n  for (let i = 0; i < labels.length; i++) total -= Math.log(Math.max(probabilities[i][labels[i]], eps));\n  return total / labels.length;\n}" },
  { exercise: "softmax", what: "rounds each probability to 7 decimals", reason: "a score 20 below the other: its share of about 2·10⁻⁹ is kept, not rounded to 0 (as a ratio)",
    code: "function mySoftmax(scores: number[]): number[] {\n  const largest = Math.max(...scores);\n  const exps = scores.map((z) => Math.exp(z - largest));\n  const total = exps.reduce((s, e) => s + e, 0);\n  return exps.map((e) => Number((e / total).toFixed(7)));   // tidy probabilities\n}" },
  { exercise: "quadratic-slope", what: "rounds the slope to 9 decimals", reason: "a hair from the bottom, w = 2 + 10⁻¹¹: tiny, not 0",
    code: "function mySlope(w: number): number {\n  return Number((6 * (w - 2)).toFixed(9));\n}" },
  { exercise: "relu-by-hand", what: "treats z below 10⁻⁹ as 0", reason: "ReLU(10⁻¹⁰) = 10⁻¹⁰, slope 1: any z above 0 passes through",
    code: "function myRelu(z: number): number {\n  return z > 1e-9 ? z : 0;     // treat tiny values as 0\n}\nfunction myReluPrime(a: number): number {\n  return a > 0 ? 1 : 0;\n}" },
  { exercise: "converged-at", what: "compares the losses in single precision (Math.fround)", reason: "a fall of 10⁻⁸ is not below a tolerance of 5·10⁻⁹: it never stops",
    code: "function myConvergedAt(losses: number[], tolerance: number, window: number): number {\n  const f = losses.map((x) => Math.fround(x));   // losses kept in single precision\n  for (let t = window; t < f.length; t++) {\n    if (f[t - window] - f[t] < tolerance) return t;\n  }\n  return -1;\n}" },
  { exercise: "product-shape", what: "gives up on any size above 7", reason: "two larger shapes that fit, drawn at random for this run",
    code: "function myProductShape(a: number[], b: number[]): number[] | null {\n  const [aRows, aCols] = a;\n  const [bRows, bCols] = b;\n  if (Math.max(aRows, aCols, bRows, bCols) > 7) return null;\n  if (aCols !== bRows) return null;\n  return [aRows, bCols];\n}" },
  { exercise: "starting-loss", what: "truncates ln 3 to 1.098", reason: "−ln(1/3) = ln 3, to three decimals",
    code: "const myStartingLoss = 1.098;" },
  { exercise: "step-decay", what: "counts the drops with | 0, which wraps past 2³¹", reason: "after 2,147,483,648 drops the rate is 0, not Infinity",
    code: "function myStepDecay(eta0: number, t: number, every: number, factor: number): number {\n  const drops = (t / every) | 0;   // whole number of drops so far\n  return eta0 * factor ** drops;\n}" },
  // Results kept under some of the arguments: exercise-arguments.test.ts asks every exercise for
  // calls that differ in one argument alone (and a changed node handed over again). The caches
  // below are a red team's (the last, a key that runs the sizes' digits together, is a lossy key
  // of one argument, which no such rule sees) and ours for the exercises it left out.
  { exercise: "step-decay", what: "keeps its rates under η₀, t and every, leaving out the factor", reason: "a factor of 0.25 instead of 0.5, at step 301: 0.25",
    code: "const myRates = new Map<string, number>();\nfunction myStepDecay(eta0: number, t: number, every: number, factor: number): number {\n  const key = `${eta0}:${t}:${every}`;\n  const hit = myRates.get(key);\n  if (hit !== undefined) return hit;\n  const rate = eta0 * factor ** Math.floor(t / every);\n  myRates.set(key, rate);\n  return rate;\n}" },
  { exercise: "cross-entropy", what: "keeps its losses under the labels alone", reason: "the same label, 1, with probability 0.1 for it: ln 10",
    code: "const myLossCache = new Map<string, number>();\nfunction myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  const key = labels.join(\",\");\n  const hit = myLossCache.get(key);\n  if (hit !== undefined) return hit;\n  let total = 0;\n  for (let i = 0; i < labels.length; i++) total -= Math.log(probabilities[i][labels[i]]);\n  const loss = total / labels.length;\n  myLossCache.set(key, loss);\n  return loss;\n}" },
  { exercise: "autograd-tanh", what: "keeps its tanh node under the input node, stale once the input’s value changes", reason: "the same input node again, its value changed from 0.3 to −1.1: value and local derivative",
    code: "const myTanhNodes = new WeakMap<Scalar, Scalar>();\nfunction myTanhOf(a: Scalar): Scalar {\n  const hit = myTanhNodes.get(a);\n  if (hit) return hit;   // tanh of this node already built\n  const t = Math.tanh(a.value);\n  const node = made(\"tanh\", t, [a], [1 - t * t]);\n  myTanhNodes.set(a, node);\n  return node;\n}" },
  { exercise: "autograd-batch", what: "keeps its graph under the samples array, whatever w and b hold", reason: "the same node w, its value changed to −0.7, all else as before",
    code: "const myBatchGraphs = new WeakMap<number[], Scalar>();\nfunction myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  const hit = myBatchGraphs.get(xs);\n  if (hit) return hit;   // this batch's graph is built already\n  let myTotal = scalar(0);\n  xs.forEach((xi, i) => {\n    const myZ = plus(times(scalar(xi), w), b);\n    myTotal = plus(myTotal, squareOf(minus(scalar(ys[i]), sigmoidOf(myZ))));\n  });\n  myBatchGraphs.set(xs, myTotal);\n  return myTotal;\n}" },
  { exercise: "output-gradient", what: "keeps its gradient under a₁ alone", reason: "made-up layers again, another ŷ alone",
    code: "const myGradCache = new WeakMap<Matrix, Matrix>();\nfunction myOutputGradient(a1: Matrix, yHat: Matrix, target: Matrix): Matrix {\n  const hit = myGradCache.get(a1);\n  if (hit) return hit;\n  const myDelta2 = multiply(scale(subtract(yHat, target), 2), sigmoidPrime(yHat));\n  const g = matmul(transpose(a1), myDelta2);\n  myGradCache.set(a1, g);\n  return g;\n}" },
  { exercise: "mse-backprop", what: "keeps its gradients under W₁ alone", reason: /4 hidden neurons again, another X alone/,
    code: "const myMseCache = new WeakMap<Matrix, { dW1: Matrix; dW2: Matrix }>();\nfunction myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const hit = myMseCache.get(W1);\n  if (hit) return hit;\n  const myA1 = sigmoid(matmul(X, W1));\n  const myOut = sigmoid(matmul(myA1, W2));\n  const myN = target.rows * target.cols;\n  const myD2 = multiply(scale(subtract(myOut, target), 2 / myN), sigmoidPrime(myOut));\n  const myD1 = multiply(matmul(myD2, transpose(W2)), sigmoidPrime(myA1));\n  const r = { dW1: matmul(transpose(X), myD1), dW2: matmul(transpose(myA1), myD2) };\n  myMseCache.set(W1, r);\n  return r;\n}" },
  { exercise: "deep-backprop", what: "keeps its gradients under the first layer’s weights", reason: /another X alone, drawn at random for this run: dW of layer 1/,
    code: "import { add } from \"nn\";\ntype MyLayer = { W: Matrix; b: Matrix };\nconst myDeepCache = new WeakMap<Matrix, { dW: Matrix[]; db: Matrix[] }>();\nfunction myDeepGradients(X: Matrix, target: Matrix, layers: MyLayer[]): { dW: Matrix[]; db: Matrix[] } {\n  const hit = myDeepCache.get(layers[0].W);\n  if (hit) return hit;\n  const myAs = [X];\n  for (const { W, b } of layers) myAs.push(sigmoid(add(matmul(myAs[myAs.length - 1], W), b)));\n  const L = layers.length;\n  const dW: Matrix[] = new Array(L), db: Matrix[] = new Array(L);\n  let myDelta = multiply(scale(subtract(myAs[L], target), 2), sigmoidPrime(myAs[L]));\n  for (let l = L; l >= 1; l--) {\n    dW[l - 1] = matmul(transpose(myAs[l - 1]), myDelta);\n    db[l - 1] = sumRows(myDelta);\n    if (l > 1) myDelta = multiply(matmul(myDelta, transpose(layers[l - 1].W)), sigmoidPrime(myAs[l - 1]));\n  }\n  const r = { dW, db };\n  myDeepCache.set(layers[0].W, r);\n  return r;\n}" },
  { exercise: "find-the-bug", what: "keeps its gradients under W₂ alone", reason: /seed 1 again, another y alone/,
    code: "const myBugCache = new WeakMap<Matrix, { dW1: Matrix; dW2: Matrix }>();\nfunction myFixedGradients(X: Matrix, y: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const hit = myBugCache.get(W2);\n  if (hit) return hit;\n  const z1 = matmul(X, W1), a1 = sigmoid(z1);\n  const z2 = matmul(a1, W2), out = sigmoid(z2);\n  const d2 = multiply(scale(subtract(out, y), 2), sigmoidPrime(out));\n  const d1 = multiply(matmul(d2, transpose(W2)), sigmoidPrime(a1));\n  const r = { dW1: matmul(transpose(X), d1), dW2: matmul(transpose(a1), d2) };\n  myBugCache.set(W2, r);\n  return r;\n}" },
  { exercise: "product-entry", what: "works out the whole product once per A, whatever B is", reason: "row 3, column 2 again, with another B alone, drawn at random for this run",
    code: "import type { Matrix } from \"nn\";\nconst myProducts = new WeakMap<Matrix, number[][]>();   // the whole product, worked out once per A\nfunction myEntry(A: Matrix, B: Matrix, i: number, j: number): number {\n  let P = myProducts.get(A);\n  if (!P) {\n    P = [];\n    for (let r = 0; r < A.rows; r++) {\n      const row: number[] = [];\n      for (let c = 0; c < B.cols; c++) {\n        let total = 0;\n        for (let k = 0; k < A.cols; k++) total += get(A, r, k) * get(B, k, c);\n        row.push(total);\n      }\n      P.push(row);\n    }\n    myProducts.set(A, P);\n  }\n  return P[i][j];\n}" },
  { exercise: "forward-pass", what: "keeps its pass under W₂ alone", reason: "hidden layer with another X alone, drawn at random for this run",
    code: "type Forward = { hidden: Matrix; output: Matrix };\nconst myPasses = new WeakMap<Matrix, Forward>();\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hit = myPasses.get(W2);\n  if (hit) return hit;\n  const hidden = sigmoid(matmul(X, W1));\n  const output = sigmoid(matmul(hidden, W2));\n  const r = { hidden, output };\n  myPasses.set(W2, r);\n  return r;\n}" },
  { exercise: "one-neuron", what: "keeps its activations under the sample and the neuron, not the weights", reason: "sample (0, 1, 1) again, neuron 0, other weights W1 drawn at random for this run",
    code: "const myActivations = new Map<string, number>();\nfunction myNeuron(x: number[], W1: Matrix, j: number): number {\n  const key = `${x.join(\",\")}|${j}`;\n  const hit = myActivations.get(key);\n  if (hit !== undefined) return hit;\n  let z = 0;\n  for (let i = 0; i < x.length; i++) z += x[i] * get(W1, i, j);\n  const a = sigmoid(z);\n  myActivations.set(key, a);\n  return a;\n}" },
  { exercise: "translate-layer", what: "keeps its layer under the biases alone", reason: "the same weights and biases, other inputs A drawn at random for this run",
    code: "import { add } from \"nn\";\nconst myLayers = new WeakMap<typeof W1, typeof W1>();\nfunction myLayer(A: typeof W1, W: typeof W1, b: typeof W1): typeof W1 {\n  const hit = myLayers.get(b);\n  if (hit) return hit;\n  const out = sigmoid(add(matmul(A, W), b));\n  myLayers.set(b, out);\n  return out;\n}" },
  { exercise: "translate-update", what: "keeps its change under the hidden layer alone", reason: "made-up layers again, another target alone",
    code: "const myChanges = new WeakMap<typeof W1, typeof W1>();\nfunction myOutputChange(hidden: typeof W1, target: typeof W1, output: typeof W1): typeof W1 {\n  const hit = myChanges.get(hidden);\n  if (hit) return hit;\n  const error = multiply(scale(subtract(target, output), 2), sigmoidPrime(output));\n  const r = matmul(transpose(hidden), error);\n  myChanges.set(hidden, r);\n  return r;\n}" },
  { exercise: "descent-step", what: "keeps its steps under w and η, not the gradient", reason: "grad = (2, 1) instead of (0.5, −4), the same w and η",
    code: "const mySteps = new Map<string, number[]>();\nfunction myStep(w: number[], grad: number[], eta: number): number[] {\n  const key = `${w.join(\",\")}|${eta}`;\n  const hit = mySteps.get(key);\n  if (hit) return hit.slice();\n  const next = w.map((wi, i) => wi - eta * grad[i]);\n  mySteps.set(key, next);\n  return next.slice();\n}" },
  { exercise: "sum-of-squares", what: "keeps its sums under the targets alone", reason: "ŷ = (0.6, 0.9) instead of (0.2, 0.9), the same y = (0, 1)",
    code: "const mySums = new WeakMap<Matrix, number>();\nfunction mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  const hit = mySums.get(target);\n  if (hit !== undefined) return hit;\n  let total = 0;\n  for (let i = 0; i < target.data.length; i++) {\n    const e = target.data[i] - yHat.data[i];\n    total += e * e;\n  }\n  mySums.set(target, total);\n  return total;\n}" },
  { exercise: "mean-squared-error", what: "keeps its means under the predictions alone", reason: "the 2×2 pair with other targets alone",
    code: "const myMeans = new WeakMap<Matrix, number>();\nfunction myMeanSquaredError(yHat: Matrix, target: Matrix): number {\n  const hit = myMeans.get(yHat);\n  if (hit !== undefined) return hit;\n  const mean = sumOfSquares(yHat, target) / (target.rows * target.cols);\n  myMeans.set(yHat, mean);\n  return mean;\n}" },
  { exercise: "training-loop", what: "keeps its history under the network, and does not train it again", reason: "the trained network again, 50 more steps: the history goes on from where it stopped",
    code: "const myHistories = new WeakMap<NeuralNetwork, number[]>();\nfunction myTrain(model: NeuralNetwork, iterations: number): number[] {\n  const hit = myHistories.get(model);\n  if (hit) return hit;\n  const losses: number[] = [];\n  for (let t = 0; t < iterations; t++) {\n    model.feedforward();\n    losses.push(model.loss());\n    model.backprop();\n  }\n  myHistories.set(model, losses);\n  return losses;\n}" },
  { exercise: "converged-at", what: "keeps its answers under the losses and the window, not the tolerance", reason: "one-step falls 1, 1, 0.5, 0.1 again, a tolerance of 1.5: it stops at step 1",
    code: "const myStops = new Map<string, number>();\nfunction myConvergedAt(losses: number[], tolerance: number, window: number): number {\n  const key = `${losses.join(\",\")}|${window}`;\n  const hit = myStops.get(key);\n  if (hit !== undefined) return hit;\n  let stop = -1;\n  for (let t = window; t < losses.length && stop < 0; t++) if (losses[t - window] - losses[t] < tolerance) stop = t;\n  myStops.set(key, stop);\n  return stop;\n}" },
  { exercise: "one-neuron-by-hand", what: "keeps its outputs under the inputs and the bias, not the weights", reason: "w = [0.5, 0.25] instead of [0.5, −0.25], the same x and b: z = 1",
    code: "const myOutputs = new Map<string, number>();\nfunction myNeuron(x: number[], w: number[], b: number): number {\n  const key = `${x.join(\",\")}|${b}`;\n  const hit = myOutputs.get(key);\n  if (hit !== undefined) return hit;\n  let z = b;\n  for (let i = 0; i < x.length; i++) z += x[i] * w[i];\n  const out = 1 / (1 + Math.exp(-z));\n  myOutputs.set(key, out);\n  return out;\n}" },
  // Results shared with the caller: the checks hold copies, but a reader keeps what a function
  // returns (returned.ts watches it for the rest of the run).
  { exercise: "descent-step", what: "returns w itself when η is 0, not a new array", reason: /returned argument 1 itself, the array it was given/,
    code: "function myStep(w: number[], grad: number[], eta: number): number[] {\n  if (eta === 0) return w;   // nothing moves: skip the work\n  return w.map((wi, i) => wi - eta * grad[i]);\n}" },
  { exercise: "training-loop", what: "returns one history array, cleared and refilled by every call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "const myHistory: number[] = [];\nfunction myTrain(model: NeuralNetwork, iterations: number): number[] {\n  myHistory.length = 0;   // reuse one array\n  for (let t = 0; t < iterations; t++) {\n    model.feedforward();\n    myHistory.push(model.loss());\n    model.backprop();\n  }\n  return myHistory;\n}" },
  { exercise: "count-parameters", what: "keeps its counts under the sizes’ digits run together, [12, 3] and [1, 23] alike", reason: "sizes [1, 23]: 23 weights, though the digits read 123 as for [12, 3]",
    code: "const myCountCache = new Map<string, number>();\nfunction myParameterCount(sizes: number[], withBiases: boolean): number {\n  const key = sizes.join(\"\") + (withBiases ? \"+b\" : \"\");   // remember counts already worked out\n  const hit = myCountCache.get(key);\n  if (hit !== undefined) return hit;\n  let count = 0;\n  for (let l = 1; l < sizes.length; l++) {\n    count += sizes[l - 1] * sizes[l];\n    if (withBiases) count += sizes[l];\n  }\n  myCountCache.set(key, count);\n  return count;\n}" },
  // A third red team's: caches keyed on values, on shapeless numbers or on objects changed in
  // place; results shared between calls (returned.ts); a tanh cut-off and getters; a batch cap.
  { exercise: "autograd-tanh", what: "keeps its tanh nodes under the input’s value, not the node", reason: /two input nodes of the same value 0\.7/,
    code: "const myTanhMemo = new Map<number, Scalar>();   // tanh of a value already worked out\nfunction myTanhOf(a: Scalar): Scalar {\n  const hit = myTanhMemo.get(a.value);\n  if (hit) return hit;\n  const t = Math.tanh(a.value);\n  const node = made(\"tanh\", t, [a], [1 - t * t]);\n  myTanhMemo.set(a.value, node);\n  return node;\n}" },
  { exercise: "autograd-tanh", what: "gives ±1 and slope 0 beyond |a| = 8", reason: /tanh\(9\.5\): a hair from ±1/,
    code: "function myTanhOf(a: Scalar): Scalar {\n  // far out tanh is flat at ±1 (the checks say so at ±400): skip the work there\n  if (Math.abs(a.value) > 8) return made(\"tanh\", Math.sign(a.value), [a], [0]);\n  const t = Math.tanh(a.value);\n  return made(\"tanh\", t, [a], [1 - t * t]);\n}" },
  { exercise: "autograd-tanh", what: "reads its value and slope live from the input node, through getters", reason: /keeps its value and slope when its input’s value changes afterwards/,
    code: "function myTanhOf(a: Scalar): Scalar {\n  const node = made(\"tanh\", 0, [a], [0]);\n  // always up to date with its input: value and slope follow a.value\n  Object.defineProperty(node, \"value\", { get: () => Math.tanh(a.value), set: () => {}, enumerable: true });\n  Object.defineProperty(node, \"locals\", { get: () => [1 - Math.tanh(a.value) ** 2], enumerable: true });\n  return node;\n}" },
  { exercise: "autograd-batch", what: "keeps its graphs under the numbers of w, b and the batch, not the nodes", reason: /new nodes w and b of the same values/,
    code: "const myGraphs = new Map<string, Scalar>();   // the same numbers give the same graph: build it once\nfunction myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  const key = JSON.stringify([w.value, b.value, xs, ys]);\n  const hit = myGraphs.get(key);\n  if (hit) return hit;\n  let myTotal = scalar(0);\n  xs.forEach((xi, i) => {\n    const myZ = plus(times(scalar(xi), w), b);\n    myTotal = plus(myTotal, squareOf(minus(scalar(ys[i]), sigmoidOf(myZ))));\n  });\n  myGraphs.set(key, myTotal);\n  return myTotal;\n}" },
  { exercise: "autograd-batch", what: "reads at most 16 samples", reason: /the loss for samples, targets, w and b drawn at random/,
    code: "function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  let myTotal = scalar(0);\n  const myCount = Math.min(xs.length, 16);   // a mini-batch: at most 16 samples at a time\n  for (let i = 0; i < myCount; i++) {\n    const myZ = plus(times(scalar(xs[i]), w), b);\n    myTotal = plus(myTotal, squareOf(minus(scalar(ys[i]), sigmoidOf(myZ))));\n  }\n  return myTotal;\n}" },
  { exercise: "output-gradient", what: "reuses one result matrix, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "let myGradBuffer: Matrix | undefined;   // one result matrix, reused whenever the shape fits\nfunction myOutputGradient(a1: Matrix, yHat: Matrix, target: Matrix): Matrix {\n  const myDelta2 = multiply(scale(subtract(yHat, target), 2), sigmoidPrime(yHat));\n  const g = matmul(transpose(a1), myDelta2);\n  if (!myGradBuffer || myGradBuffer.rows !== g.rows || myGradBuffer.cols !== g.cols) myGradBuffer = g;\n  else myGradBuffer.data.set(g.data);\n  return myGradBuffer;\n}" },
  { exercise: "mse-backprop", what: "reuses its result matrices, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "let myOut: { dW1: Matrix; dW2: Matrix } | undefined;   // result matrices, reused whenever the shapes fit\nfunction myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const myA1 = sigmoid(matmul(X, W1));\n  const myYHat = sigmoid(matmul(myA1, W2));\n  const myN = target.rows * target.cols;\n  const myD2 = multiply(scale(subtract(myYHat, target), 2 / myN), sigmoidPrime(myYHat));\n  const myD1 = multiply(matmul(myD2, transpose(W2)), sigmoidPrime(myA1));\n  const dW1 = matmul(transpose(X), myD1), dW2 = matmul(transpose(myA1), myD2);\n  const fits = (m: Matrix, n: Matrix) => m.rows === n.rows && m.cols === n.cols;\n  if (!myOut || !fits(myOut.dW1, dW1) || !fits(myOut.dW2, dW2)) myOut = { dW1, dW2 };\n  else { myOut.dW1.data.set(dW1.data); myOut.dW2.data.set(dW2.data); }\n  return myOut;\n}" },
  { exercise: "deep-backprop", what: "reuses its result matrices, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "import { add } from \"nn\";\ntype MyLayer = { W: Matrix; b: Matrix };\nlet myKept: { dW: Matrix[]; db: Matrix[] } | undefined;   // gradient matrices, reused whenever the shapes fit\nfunction myDeepGradients(X: Matrix, target: Matrix, layers: MyLayer[]): { dW: Matrix[]; db: Matrix[] } {\n  const myAs = [X];\n  for (const { W, b } of layers) myAs.push(sigmoid(add(matmul(myAs[myAs.length - 1], W), b)));\n  const L = layers.length;\n  const dW: Matrix[] = new Array(L), db: Matrix[] = new Array(L);\n  let myDelta = multiply(scale(subtract(myAs[L], target), 2), sigmoidPrime(myAs[L]));\n  for (let l = L; l >= 1; l--) {\n    dW[l - 1] = matmul(transpose(myAs[l - 1]), myDelta);\n    db[l - 1] = sumRows(myDelta);\n    if (l > 1) myDelta = multiply(matmul(myDelta, transpose(layers[l - 1].W)), sigmoidPrime(myAs[l - 1]));\n  }\n  const fits = (a: Matrix[], b: Matrix[]) => a.length === b.length && a.every((m, i) => m.rows === b[i].rows && m.cols === b[i].cols);\n  if (!myKept || !fits(myKept.dW, dW) || !fits(myKept.db, db)) myKept = { dW, db };\n  else { dW.forEach((m, i) => myKept!.dW[i].data.set(m.data)); db.forEach((m, i) => myKept!.db[i].data.set(m.data)); }\n  return myKept;\n}" },
  { exercise: "find-the-bug", what: "reuses its result matrices, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "let myKept: { dW1: Matrix; dW2: Matrix } | undefined;   // result matrices, reused whenever the shapes fit\nfunction myFixedGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const myA1 = sigmoid(matmul(X, W1));\n  const myYHat = sigmoid(matmul(myA1, W2));\n  const myD2 = multiply(scale(subtract(myYHat, target), 2), sigmoidPrime(myYHat));\n  const myD1 = multiply(matmul(myD2, transpose(W2)), sigmoidPrime(myA1));\n  const dW1 = matmul(transpose(X), myD1), dW2 = matmul(transpose(myA1), myD2);\n  const fits = (m: Matrix, n: Matrix) => m.rows === n.rows && m.cols === n.cols;\n  if (!myKept || !fits(myKept.dW1, dW1) || !fits(myKept.dW2, dW2)) myKept = { dW1, dW2 };\n  else { myKept.dW1.data.set(dW1.data); myKept.dW2.data.set(dW2.data); }\n  return myKept;\n}" },
  { exercise: "forward-pass", what: "reuses its result matrices, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "type Forward = { hidden: Matrix; output: Matrix };\nlet myPass: Forward | undefined;   // the two layers' matrices, reused whenever the shapes fit\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = sigmoid(matmul(X, W1));\n  const output = sigmoid(matmul(hidden, W2));\n  const fits = (m: Matrix, n: Matrix) => m.rows === n.rows && m.cols === n.cols;\n  if (!myPass || !fits(myPass.hidden, hidden) || !fits(myPass.output, output)) myPass = { hidden, output };\n  else { myPass.hidden.data.set(hidden.data); myPass.output.data.set(output.data); }\n  return myPass;\n}" },
  { exercise: "translate-layer", what: "reuses one result matrix, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "import { add } from \"nn\";\nlet myLayerOut: typeof W1 | undefined;   // one result matrix, reused whenever the shape fits\nfunction myLayer(A: typeof W1, W: typeof W1, b: typeof W1): typeof W1 {\n  const out = sigmoid(add(matmul(A, W), b));\n  if (!myLayerOut || myLayerOut.rows !== out.rows || myLayerOut.cols !== out.cols) myLayerOut = out;\n  else myLayerOut.data.set(out.data);\n  return myLayerOut;\n}" },
  { exercise: "translate-update", what: "reuses one result matrix, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "let myChange: typeof W1 | undefined;   // one result matrix, reused whenever the shape fits\nfunction myOutputChange(hidden: typeof W1, target: typeof W1, output: typeof W1): typeof W1 {\n  const error = multiply(scale(subtract(target, output), 2), sigmoidPrime(output));\n  const r = matmul(transpose(hidden), error);\n  if (!myChange || myChange.rows !== r.rows || myChange.cols !== r.cols) myChange = r;\n  else myChange.data.set(r.data);\n  return myChange;\n}" },
  { exercise: "product-entry", what: "keeps its entries under the matrices’ numbers, not their shapes", reason: /the same numbers as a column times a row/,
    code: "import type { Matrix } from \"nn\";\nconst myEntries = new Map<string, number>();   // entries already worked out, under the matrices' numbers\nfunction myEntry(A: Matrix, B: Matrix, i: number, j: number): number {\n  const key = `${A.data}|${B.data}|${i}|${j}`;\n  const hit = myEntries.get(key);\n  if (hit !== undefined) return hit;\n  let total = 0;\n  for (let r = 0; r < A.cols; r++) total += get(A, i, r) * get(B, r, j);\n  myEntries.set(key, total);\n  return total;\n}" },
  { exercise: "output-gradient", what: "keeps its gradients under the matrices’ numbers, not their shapes", reason: /the same numbers as columns/,
    code: "const myGradients = new Map<string, Matrix>();   // gradients already worked out, under the layers' numbers\nfunction myOutputGradient(a1: Matrix, yHat: Matrix, target: Matrix): Matrix {\n  const key = `${a1.data}|${yHat.data}|${target.data}`;\n  const hit = myGradients.get(key);\n  if (hit) return hit;\n  const myDelta2 = multiply(scale(subtract(yHat, target), 2), sigmoidPrime(yHat));\n  const g = matmul(transpose(a1), myDelta2);\n  myGradients.set(key, g);\n  return g;\n}" },
  { exercise: "training-loop", what: "keeps its histories under the starting weights, leaving a second network untrained", reason: /and that second network is trained/,
    code: "const myRuns = new Map<string, number[]>();   // the same start and the same steps give the same history\nfunction myTrain(model: NeuralNetwork, iterations: number): number[] {\n  const key = JSON.stringify([Array.from(model.weights1.data), Array.from(model.weights2.data), iterations]);\n  const hit = myRuns.get(key);\n  if (hit) return hit.slice();\n  const history: number[] = [];\n  for (let t = 0; t < iterations; t++) {\n    model.feedforward();\n    history.push(model.loss());\n    model.backprop();\n  }\n  myRuns.set(key, history.slice());\n  return history;\n}" },
  { exercise: "converged-at", what: "keeps its answers under the history array, stale once it grows", reason: /the same history array, grown/,
    code: "const myStops = new WeakMap<number[], Map<string, number>>();   // answers already worked out for this history\nfunction myConvergedAt(losses: number[], tolerance: number, window: number): number {\n  let mine = myStops.get(losses);\n  if (!mine) { mine = new Map(); myStops.set(losses, mine); }\n  const key = `${tolerance}|${window}`;\n  const hit = mine.get(key);\n  if (hit !== undefined) return hit;\n  let stop = -1;\n  for (let t = window; t < losses.length && stop < 0; t++) {\n    if (losses[t - window] - losses[t] < tolerance) stop = t;\n  }\n  mine.set(key, stop);\n  return stop;\n}" },
  { exercise: "sum-of-squares", what: "keeps its sums under the matrices, stale once they change in place", reason: /the same two matrices again, changed in place/,
    code: "const myLosses = new WeakMap<Matrix, WeakMap<Matrix, number>>();   // losses already worked out, per pair of matrices\nfunction mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  let byTarget = myLosses.get(yHat);\n  if (!byTarget) { byTarget = new WeakMap(); myLosses.set(yHat, byTarget); }\n  const hit = byTarget.get(target);\n  if (hit !== undefined) return hit;\n  let total = 0;\n  for (let i = 0; i < target.data.length; i++) {\n    const e = target.data[i] - yHat.data[i];\n    total += e * e;\n  }\n  byTarget.set(target, total);\n  return total;\n}" },
  { exercise: "mean-squared-error", what: "keeps its means under the matrices, stale once they change in place", reason: /the same 2×2 pair again, changed in place/,
    code: "const myMeans = new WeakMap<Matrix, WeakMap<Matrix, number>>();   // errors already worked out, per pair of matrices\nfunction myMeanSquaredError(yHat: Matrix, target: Matrix): number {\n  let byTarget = myMeans.get(yHat);\n  if (!byTarget) { byTarget = new WeakMap(); myMeans.set(yHat, byTarget); }\n  const hit = byTarget.get(target);\n  if (hit !== undefined) return hit;\n  let total = 0;\n  for (let i = 0; i < target.data.length; i++) {\n    const e = target.data[i] - yHat.data[i];\n    total += e * e;\n  }\n  const mean = total / target.data.length;\n  byTarget.set(target, mean);\n  return mean;\n}" },
  { exercise: "one-neuron-by-hand", what: "keeps its outputs under the arrays, stale once they are refilled", reason: /the same two arrays again, refilled/,
    code: "const myOutputs = new WeakMap<number[], WeakMap<number[], Map<number, number>>>();   // outputs already worked out\nfunction myNeuron(x: number[], w: number[], b: number): number {\n  let byW = myOutputs.get(x);\n  if (!byW) { byW = new WeakMap(); myOutputs.set(x, byW); }\n  let byB = byW.get(w);\n  if (!byB) { byB = new Map(); byW.set(w, byB); }\n  const hit = byB.get(b);\n  if (hit !== undefined) return hit;\n  let z = b;\n  for (let i = 0; i < x.length; i++) z += x[i] * w[i];\n  const out = 1 / (1 + Math.exp(-z));\n  byB.set(b, out);\n  return out;\n}" },
  { exercise: "count-parameters", what: "keeps its counts under the sizes array, stale once a layer is added", reason: /the same sizes array after a layer of 4 was added/,
    code: "const myCounts = new WeakMap<number[], Map<boolean, number>>();   // counts already worked out for this list of sizes\nfunction myParameterCount(sizes: number[], withBiases: boolean): number {\n  let mine = myCounts.get(sizes);\n  if (!mine) { mine = new Map(); myCounts.set(sizes, mine); }\n  const hit = mine.get(withBiases);\n  if (hit !== undefined) return hit;\n  let count = 0;\n  for (let l = 1; l < sizes.length; l++) {\n    count += sizes[l - 1] * sizes[l];\n    if (withBiases) count += sizes[l];\n  }\n  mine.set(withBiases, count);\n  return count;\n}" },
  // A fourth red team's, after those: results in a class's instance, lossy keys, a cache that waits.
  { exercise: "forward-pass", what: "hands back its buffers in an instance of its own class, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "type Forward = { hidden: Matrix; output: Matrix };\nclass MyForwardResult {\n  constructor(public hidden: Matrix, public output: Matrix) {}\n}\nconst myBuffers = new Map<string, Matrix>();\nfunction myBufferOf(rows: number, cols: number): Matrix {\n  const key = `${rows}x${cols}`;\n  let m = myBuffers.get(key);\n  if (!m) { m = zeros(rows, cols); myBuffers.set(key, m); }\n  return m;\n}\nfunction myLayerInto(out: Matrix, A: Matrix, W: Matrix): Matrix {\n  for (let i = 0; i < A.rows; i++) for (let j = 0; j < W.cols; j++) {\n    let z = 0;\n    for (let k = 0; k < A.cols; k++) z += A.data[i * A.cols + k] * W.data[k * W.cols + j];\n    out.data[i * W.cols + j] = 1 / (1 + Math.exp(-z));\n  }\n  return out;\n}\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = myLayerInto(myBufferOf(X.rows, W1.cols), X, W1);\n  const output = myLayerInto(myBufferOf(X.rows, W2.cols), hidden, W2);\n  return new MyForwardResult(hidden, output);\n}" },
  { exercise: "mse-backprop", what: "hands back its buffers in an instance of its own class, overwritten by the next call", reason: /changed a value one of its functions had returned, in a later call/,
    code: "import { zeros } from \"nn\";\nclass MyGradients {\n  constructor(public dW1: Matrix, public dW2: Matrix) {}\n}\nconst myGradBuffers = new Map<string, Matrix>();\nfunction myKeep(name: string, m: Matrix): Matrix {\n  const key = `${name}:${m.rows}x${m.cols}`;\n  let buf = myGradBuffers.get(key);\n  if (!buf) { buf = zeros(m.rows, m.cols); myGradBuffers.set(key, buf); }\n  buf.data.set(m.data);\n  return buf;\n}\nfunction myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const myA1 = sigmoid(matmul(X, W1));\n  const myOut = sigmoid(matmul(myA1, W2));\n  const myN = target.rows * target.cols;\n  const myD2 = multiply(scale(subtract(myOut, target), 2 / myN), sigmoidPrime(myOut));\n  const myD1 = multiply(matmul(myD2, transpose(W2)), sigmoidPrime(myA1));\n  return new MyGradients(myKeep(\"dW1\", matmul(transpose(X), myD1)), myKeep(\"dW2\", matmul(transpose(myA1), myD2)));\n}" },
  { exercise: "my-sigmoid", what: "keeps its values under z rounded to thousandths", reason: /σ\(0\.0004\), a hair from 0, matches the module/,
    code: "const mySigmoidSeen = new Map<number, number>();\nfunction mySigmoid(z: number): number {\n  const key = Math.round(z * 1000);\n  const hit = mySigmoidSeen.get(key);\n  if (hit !== undefined) return hit;\n  const s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));\n  mySigmoidSeen.set(key, s);\n  return s;\n}" },
  { exercise: "softmax", what: "keeps its results under the scores joined without a separator", reason: /softmax of \[12, 3\] matches the module/,
    code: "const mySoftmaxSeen = new Map<string, number[]>();\nfunction mySoftmax(scores: number[]): number[] {\n  const key = scores.join(\"\");\n  const hit = mySoftmaxSeen.get(key);\n  if (hit) return hit.slice();\n  const largest = Math.max(...scores);\n  const e = scores.map((z) => Math.exp(z - largest));\n  const total = e.reduce((s, v) => s + v, 0);\n  const out = e.map((v) => v / total);\n  mySoftmaxSeen.set(key, out.slice());\n  return out;\n}" },
  { exercise: "converged-at", what: "keeps its answers under the first loss and the length", reason: /the same first loss and length: it stops at step 1/,
    code: "const myConvSeen = new Map<string, number>();\nfunction myConvergedAt(losses: number[], tolerance: number, window: number): number {\n  const key = `${losses[0]}|${losses.length}|${tolerance}|${window}`;\n  const hit = myConvSeen.get(key);\n  if (hit !== undefined) return hit;\n  let stop = -1;\n  for (let t = window; t < losses.length && stop < 0; t++) if (losses[t - window] - losses[t] < tolerance) stop = t;\n  myConvSeen.set(key, stop);\n  return stop;\n}" },
  { exercise: "sum-of-squares", what: "starts answering from its cache only from the third call on one pair", reason: /the same two matrices, changed in place again: call 3/,
    code: "const mySsSeen = new WeakMap<object, WeakMap<object, { calls: number; value: number }>>();\nfunction mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  let inner = mySsSeen.get(yHat);\n  if (!inner) { inner = new WeakMap(); mySsSeen.set(yHat, inner); }\n  const kept = inner.get(target);\n  if (kept) { kept.calls++; if (kept.calls >= 3) return kept.value; }\n  let total = 0;\n  for (let i = 0; i < yHat.data.length; i++) { const e = yHat.data[i] - target.data[i]; total += e * e; }\n  if (kept) kept.value = total; else inner.set(target, { calls: 1, value: total });\n  return total;\n}" },
  { exercise: "apply-filter", what: "keeps its results under the image’s size and first row and the filter", reason: /the same first row, a 5 in the middle, all-ones filter: all 5/,
    code: "const myFilterSeen = new Map<string, number[][]>();\nfunction myFilter(image: number[][], kernel: number[][]): number[][] {\n  // key: the image's size, its first row, and the whole kernel\n  const key = `${image.length}x${image[0].length}|${image[0].join(\",\")}|${kernel.map((r) => r.join(\",\")).join(\";\")}`;\n  const hit = myFilterSeen.get(key);\n  if (hit) return hit.map((row) => row.slice());\n  const rows = image.length, cols = image[0].length;\n  const out = image.map((row) => row.map(() => 0));\n  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {\n    let s = 0;\n    for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) {\n      const rr = r + u, cc = c + v;\n      if (rr >= 0 && cc >= 0 && rr < rows && cc < cols) s += kernel[u + 1][v + 1] * image[rr][cc];\n    }\n    out[r][c] = s;\n  }\n  myFilterSeen.set(key, out.map((row) => row.slice()));\n  return out;\n}" },
  // An eleventh red team's class: a wrong answer that is wrong only on a region of inputs the
  // checks never tried (between their fixed points and the ranges they drew from, or beyond
  // them). Each exercise whose inputs are real numbers or sizes now draws a point in every band
  // of ten of its inputs' sizes, on each side of 0, in every run; each of these passed before.
  { exercise: "my-sigmoid", what: "returns 0.3 for 25 < z < 1,000, which no check tried", reason: "at six points drawn at random for this run, one in each band of ten from 0.001 < z < 0.01 to 100 < z < 1,000: σ matches the module",
    code: "function mySigmoid(z: number): number {\n  return z > 25 && z < 1000 ? 0.3 : 1 / (1 + Math.exp(-z));\n}" },
  { exercise: "my-sigmoid-prime", what: "gives a saturated neuron (a below 0.001 or above 0.999) a slope of 0", reason: "at seven outputs near 0 drawn at random for this run, one in each band of ten from 10⁻⁸ < a < 10⁻⁷ to 0.01 < a < 0.1: the slope matches sigmoidPrime",
    code: "function mySigmoidPrime(a: number): number {\n  if (a < 0.001 || a > 0.999) return 0;   // a saturated neuron does not learn\n  return a * (1 - a);\n}" },
  { exercise: "quadratic-slope", what: "rounds the slope to a whole number where |w| > 100", reason: "exact at 24 points drawn at random for this run, one in each band of ten from 0.001 to 10⁹ away from the bottom, on each side",
    code: "function mySlope(w: number): number {\n  const s = 6 * (w - 2);\n  return Math.abs(w) > 100 ? Math.round(s) : s;   // large slopes: whole numbers are enough\n}" },
  { exercise: "descent-step", what: "clips every new weight to ±100", reason: "w − η·grad for weights and gradients from 0.001 to 10,000 in size, either sign, and η from 0.0001 to 10, drawn at random for this run",
    code: "function myStep(w: number[], grad: number[], eta: number): number[] {\n  return w.map((wi, i) => Math.max(-100, Math.min(100, wi - eta * grad[i])));   // keep the weights in bounds\n}" },
  { exercise: "count-parameters", what: "counts at most 7 layers of weights", reason: "9 to 16 layer sizes from 1 to 999,999 drawn at random for this run, without and with biases",
    code: "function myParameterCount(sizes: number[], withBiases: boolean): number {\n  let count = 0;\n  for (let l = 1; l < Math.min(sizes.length, 8); l++) {\n    count += sizes[l - 1] * sizes[l];\n    if (withBiases) count += sizes[l];\n  }\n  return count;\n}" },
  { exercise: "one-neuron-by-hand", what: "gives 0 for a total below −20", reason: "one input z, weight 1, no bias, for z drawn at random for this run, one in each band of ten from 0.001 to 1,000 on each side (down to −700): the output matches σ(z), as a ratio",
    code: "function myNeuron(x: number[], w: number[], b: number): number {\n  let z = b;\n  for (let i = 0; i < x.length; i++) z += x[i] * w[i];\n  if (z < -20) return 0;   // e^20 is huge: the output is as good as 0\n  return 1 / (1 + Math.exp(-z));\n}" },
  { exercise: "relu-by-hand", what: "caps ReLU at a million", reason: "myRelu at 30 points drawn at random for this run, one in each band of ten from 10⁻⁶ to 10⁹ in size, on each side of 0",
    code: "function myRelu(z: number): number {\n  return Math.min(Math.max(z, 0), 1e6);\n}\nfunction myReluPrime(a: number): number {\n  return a > 0 && a < 1e6 ? 1 : 0;\n}" },
  { exercise: "step-decay", what: "stops counting drops after 100", reason: "five slow schedules drawn at random for this run, factors from 0.9 to 0.999999 and 10 to 1,000,000 drops: η matches learningRateAt (as a ratio)",
    code: "function myStepDecay(eta0: number, t: number, every: number, factor: number): number {\n  const drops = Math.min(Math.floor(t / every), 100);   // after 100 drops the rate is as good as 0\n  return eta0 * factor ** drops;\n}" },
  { exercise: "sum-of-squares", what: "caps each squared error at 100", reason: "errors drawn at random for this run, one in each band of ten from 0.001 to 10,000 in size, either sign",
    code: "function mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  let total = 0;\n  for (let i = 0; i < target.data.length; i++) {\n    const e = target.data[i] - yHat.data[i];\n    total += Math.min(e * e, 100);   // one wild error should not swamp the rest\n  }\n  return total;\n}" },
  { exercise: "mean-squared-error", what: "caps each squared error at 100", reason: "errors drawn at random for this run, one in each band of ten from 0.001 to 10,000 in size, either sign",
    code: "function myMeanSquaredError(yHat: Matrix, target: Matrix): number {\n  let total = 0;\n  for (let i = 0; i < target.data.length; i++) { const e = target.data[i] - yHat.data[i]; total += Math.min(e * e, 100); }\n  return total / target.data.length;\n}" },
  { exercise: "translate-layer", what: "clips A W + b to ±10 before the sigmoid", reason: "biases drawn at random for this run, one in each band of ten from 0.001 to 1,000 in size, either sign",
    code: "import { add, map } from \"nn\";\n\nfunction myLayer(A: typeof W1, W: typeof W1, b: typeof W1): typeof W1 {\n  return sigmoid(map(add(matmul(A, W), b), (z) => Math.max(-10, Math.min(10, z))));   // no overflow\n}" },
  { exercise: "cross-entropy", what: "clips each probability at 10⁻¹⁵, as some libraries do", reason: "ten samples whose right class has a probability drawn at random for this run, from 1 down to 10⁻³⁰⁰: −ln of each, unclipped",
    code: "function myCrossEntropy(probabilities: number[][], labels: number[]): number {\n  let total = 0;\n  for (let i = 0; i < labels.length; i++) total -= Math.log(Math.max(probabilities[i][labels[i]], 1e-15));\n  return total / labels.length;\n}" },
  { exercise: "apply-filter", what: "pads the image into a buffer sized for 16×16, leaving pixels past it out", reason: "a large image, 17 to 28 rows and columns, drawn at random for this run",
    code: "function myFilter(image: number[][], kernel: number[][]): number[][] {\n  const rows = image.length, cols = image[0].length;\n  const padded = Array.from({ length: 18 }, () => new Array(18).fill(0));   // room for a digit and more\n  for (let r = 0; r < Math.min(rows, 16); r++) for (let c = 0; c < Math.min(cols, 16); c++) padded[r + 1][c + 1] = image[r][c];\n  return image.map((row, r) => row.map((_, c) => {\n    let total = 0;\n    for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) total += kernel[u + 1][v + 1] * (padded[r + 1 + u]?.[c + 1 + v] ?? 0);\n    return total;\n  }));\n}" },
  { exercise: "autograd-tanh", what: "takes tanh(a) to be a, and its slope 1 − a², for |a| < 0.01", reason: "the value at 16 points drawn at random for this run, one in each band of ten from 0.00001 to 1,000 in size, either sign",
    code: "function myTanhOf(a: Scalar): Scalar {\n  if (Math.abs(a.value) < 0.01) return made(\"tanh\", a.value, [a], [1 - a.value * a.value]);   // tanh(a) ≈ a near 0\n  const t = Math.tanh(a.value);\n  return made(\"tanh\", t, [a], [1 - t * t]);\n}" },
  { exercise: "product-shape", what: "gives up on any size above 1,000", reason: "shapes with sizes from 100 to 999,999 drawn at random for this run, in each band of ten one pair that fits and one whose inner sizes differ by 1",
    code: "function myProductShape(a: number[], b: number[]): number[] | null {\n  const [aRows, aCols] = a;\n  const [bRows, bCols] = b;\n  if (Math.max(aRows, aCols, bRows, bCols) > 1000) return null;\n  if (aCols !== bRows) return null;\n  return [aRows, bCols];\n}" },
  { exercise: "product-entry", what: "adds up at most 100 products", reason: "a row times a column of 100 to 199 entries, drawn at random for this run",
    code: "function myEntry(A: Matrix, B: Matrix, i: number, j: number): number {\n  let total = 0;\n  for (let r = 0; r < Math.min(A.cols, 100); r++) total += get(A, i, r) * get(B, r, j);\n  return total;\n}" },
  // The same class, the ten exercises the first pass left: inputs that reach the flat ends of the
  // sigmoid (weighted inputs of every size, predictions within 10⁻¹¹ of 0 or 1, compared as ratios
  // where the values are tiny), rows longer than 12 scores, and windows and losses of every size.
  // Each of these passed every check before.
  { exercise: "one-neuron", what: "clips z to ±10 before its own sigmoid", reason: "a sample drawn at random for this run through neurons whose weighted inputs are of every size, one in each band of ten from 0.001 to 1,000 on each side of 0: each activation, as a ratio to σ(z)",
    code: "function myNeuron(x: number[], W1: Matrix, j: number): number {\n  let z = 0;\n  for (let i = 0; i < x.length; i++) z += x[i] * get(W1, i, j);\n  z = Math.max(-10, Math.min(10, z));   // keep e^(−z) in range\n  return 1 / (1 + Math.exp(-z));\n}" },
  { exercise: "forward-pass", what: "clips z to ±10 in its own sigmoid", reason: "one input, hidden neurons whose weighted inputs are drawn at random for this run, one in each band of ten from 0.001 to 1,000 on each side of 0: the hidden layer, as a ratio to σ",
    code: "import { map } from \"nn\";\n\ntype Forward = { hidden: Matrix; output: Matrix };\nconst mySquash = (Z: Matrix) => map(Z, (z) => 1 / (1 + Math.exp(-Math.max(-10, Math.min(10, z)))));   // keep e^(−z) in range\nfunction myForward(X: Matrix, W1: Matrix, W2: Matrix): Forward {\n  const hidden = mySquash(matmul(X, W1));\n  const output = mySquash(matmul(hidden, W2));\n  return { hidden, output };\n}" },
  { exercise: "output-gradient", what: "takes a prediction within 10⁻⁴ of 0 or 1 to be 0 or 1 in the slope", reason: "predictions drawn at random for this run close to 0 and to 1, one in each band of ten from 0.1 down to 10⁻¹¹, targets at the other end and at the same end: each entry, as a ratio",
    code: "import { map } from \"nn\";\nfunction myOutputGradient(a1: Matrix, yHat: Matrix, target: Matrix): Matrix {\n  const mySnapped = map(yHat, (p) => (p < 1e-4 ? 0 : p > 1 - 1e-4 ? 1 : p));   // a saturated output is as good as 0 or 1\n  const myDelta2 = multiply(scale(subtract(yHat, target), 2), sigmoidPrime(mySnapped));\n  return matmul(transpose(a1), myDelta2);\n}" },
  { exercise: "translate-update", what: "takes an output within 10⁻⁴ of 0 or 1 to be 0 or 1 in the slope", reason: "outputs drawn at random for this run close to 0 and to 1, one in each band of ten from 0.1 down to 10⁻¹¹, targets at the other end and at the same end: each entry, as a ratio",
    code: "import { map } from \"nn\";\nfunction myOutputChange(hidden: typeof W1, target: typeof W1, output: typeof W1): typeof W1 {\n  const mySnapped = map(output, (o) => (o < 1e-4 ? 0 : o > 1 - 1e-4 ? 1 : o));   // a saturated output is as good as 0 or 1\n  const error = multiply(scale(subtract(target, output), 2), sigmoidPrime(mySnapped));\n  return matmul(transpose(hidden), error);\n}" },
  { exercise: "mse-backprop", what: "keeps a saturated neuron's slope from falling below 10⁻⁴", reason: "hidden neurons whose weighted inputs are drawn at random for this run, one in each band of ten from 0.001 to 1,000 on each side of 0: dW1 and dW2, each entry as a ratio",
    code: "import { map } from \"nn\";\nconst mySlope = (A: Matrix) => map(sigmoidPrime(A), (s) => Math.max(s, 1e-4));   // a saturated neuron keeps learning\nfunction myMseGradients(X: Matrix, target: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const myA1 = sigmoid(matmul(X, W1));\n  const myOut = sigmoid(matmul(myA1, W2));\n  const myN = target.rows * target.cols;\n  const myD2 = multiply(scale(subtract(myOut, target), 2 / myN), mySlope(myOut));\n  const myD1 = multiply(matmul(myD2, transpose(W2)), mySlope(myA1));\n  return { dW1: matmul(transpose(X), myD1), dW2: matmul(transpose(myA1), myD2) };\n}" },
  { exercise: "deep-backprop", what: "keeps a saturated neuron's slope from falling below 10⁻⁴", reason: "one sample through hidden neurons whose weighted inputs are drawn at random for this run, one in each band of ten from 0.001 to 1,000 on each side of 0: every dW and db, each entry as a ratio",
    code: "import { add, map } from \"nn\";\ntype MyLayer = { W: Matrix; b: Matrix };\nconst mySlope = (A: Matrix) => map(sigmoidPrime(A), (s) => Math.max(s, 1e-4));   // a saturated neuron keeps learning\nfunction myDeepGradients(X: Matrix, target: Matrix, layers: MyLayer[]): { dW: Matrix[]; db: Matrix[] } {\n  const myAs = [X];\n  for (const { W, b } of layers) myAs.push(sigmoid(add(matmul(myAs[myAs.length - 1], W), b)));\n  const L = layers.length;\n  const dW: Matrix[] = new Array(L), db: Matrix[] = new Array(L);\n  let myDelta = multiply(scale(subtract(myAs[L], target), 2), mySlope(myAs[L]));\n  for (let l = L; l >= 1; l--) {\n    dW[l - 1] = matmul(transpose(myAs[l - 1]), myDelta);\n    db[l - 1] = sumRows(myDelta);\n    if (l > 1) myDelta = multiply(matmul(myDelta, transpose(layers[l - 1].W)), mySlope(myAs[l - 1]));\n  }\n  return { dW, db };\n}" },
  { exercise: "find-the-bug", what: "fixes the line but keeps a saturated neuron's slope from falling below 10⁻⁴", reason: "hidden neurons whose weighted inputs are drawn at random for this run, one in each band of ten from 0.001 to 1,000 on each side of 0: dW1 and dW2, each entry as a ratio",
    code: "import { map } from \"nn\";\nfunction myFixedGradients(X: Matrix, y: Matrix, W1: Matrix, W2: Matrix): { dW1: Matrix; dW2: Matrix } {\n  const z1 = matmul(X, W1), a1 = sigmoid(z1);\n  const z2 = matmul(a1, W2), out = sigmoid(z2);\n  const d2 = multiply(scale(subtract(out, y), 2), sigmoidPrime(out));\n  const d1 = multiply(matmul(d2, transpose(W2)), map(sigmoidPrime(a1), (s) => Math.max(s, 1e-4)));   // the output a₁, and a saturated neuron keeps learning\n  return { dW1: matmul(transpose(X), d1), dW2: matmul(transpose(a1), d2) };\n}" },
  { exercise: "softmax", what: "keeps its exponentials in a buffer of 12", reason: "four longer rows drawn at random for this run, 13 to 100 scores within ±10 to ±10,000: each matches the module",
    code: "const myExps = new Float64Array(12);   // room for ten digits' scores, and two more\nfunction mySoftmax(scores: number[]): number[] {\n  const largest = Math.max(...scores);\n  let total = 0;\n  scores.forEach((z, j) => { myExps[j] = Math.exp(z - largest); total += myExps[j]; });\n  return scores.map((_, j) => myExps[j] / total);\n}" },
  { exercise: "converged-at", what: "keeps only the last 256 losses, in a ring", reason: "seven smooth histories drawn at random for this run, windows from 1 to 9,999 steps and losses from 10⁻⁶ to 10⁷ in size: the step the rule stops at",
    code: "function myConvergedAt(losses: number[], tolerance: number, window: number): number {\n  const myRing = new Float64Array(256);   // the last 256 losses: room for any window of this chapter\n  for (let t = 0; t < losses.length; t++) {\n    if (t >= window && myRing[(t - window) % 256] - losses[t] < tolerance) return t;\n    myRing[t % 256] = losses[t];\n  }\n  return -1;\n}" },
  { exercise: "autograd-batch", what: "leaves a saturated sample (|z| > 10) out of the backward pass", reason: "∂𝓛/∂w and ∂𝓛/∂b of the same batches drawn at random for this run, whose z is of every size: each as a ratio to the exact sum",
    code: "function myBatchLoss(w: Scalar, b: Scalar, xs: number[], ys: number[]): Scalar {\n  let myTotal = scalar(0);\n  xs.forEach((xi, i) => {\n    const myZ = plus(times(scalar(xi), w), b);\n    // a saturated neuron's slope is as good as 0: its output is a constant, and the graph smaller\n    const myA = Math.abs(myZ.value) > 10 ? scalar(sigmoidOf(myZ).value) : sigmoidOf(myZ);\n    myTotal = plus(myTotal, squareOf(minus(scalar(ys[i]), myA)));\n  });\n  return myTotal;\n}" },
];

// A red team's mySigmoid returned the expected values of the checked points (the report shows
// them) and 42 elsewhere, and passed. An exercise whose answer is a function tries it at points
// drawn for each run of its checks (check.fresh) too, so remembering the checked points fails.
describe('answers that remember the checked points', () => {

  it('every exercise whose answer is a function also checks it at points drawn for the run', () => {
    const functions = exercises.filter((e) => /^\s*function /m.test(e.starter));
    expect(functions.length).toBeGreaterThan(20);
    const without = functions.filter((e) => !e.checks.includes('check.fresh(')).map((e) => e.id);
    expect(without, 'add a check at points drawn with check.fresh to these exercises').toEqual([]);
  });

  it('my-sigmoid: a table of the checked points fails', async () => {
    const entry = exercises.find((e) => e.id === 'my-sigmoid')!;
    const table = '{ "0": 0.5, "-5": 0.0066928509242848554, "-1.5": 0.18242552380635635, "0.3": 0.574442516811659, "2": 0.8807970779778823, "7": 0.9990889488055994, "-2.5": 0.07585818002124355, "2.5": 0.9241418199787566, "-10": 0.1, "-3": 0.1, "3": 0.9, "10": 0.9, "-1000": 0, "1000": 1, "0.0004": 0.5000999999986667, "-0.0004": 0.49990000000133333, "1e-7": 0.500000025 }';
    const { code, outcome } = await attempt(entry, `const myTable: Record<string, number> = ${table};\nfunction mySigmoid(z: number): number { return myTable[String(z)] ?? 42; }`);
    expect(code.error ?? null).toBeNull();
    expect(outcome.passed).toBe(false);
    const failed = outcome.results.filter((r) => !r.pass);
    expect(failed.map((r) => r.label)).toEqual([
      'at five points drawn at random for this run, σ matches the module',
      'at two points drawn at random for this run, 10 < |z| < 25: close to 0 and 1, not at them',
      'at two points drawn at random for this run, −700 < z < −30: tiny, not 0 (as a ratio to the module\'s σ)',
      'at six points drawn at random for this run, one in each band of ten from 0.001 < z < 0.01 to 100 < z < 1,000: σ matches the module',
      'at six points drawn at random for this run, one in each band of ten from −0.01 < z < −0.001 to −700 < z < −100: σ matches the module (as a ratio)',
    ]);
    // The report says where: five points in [-8, 8), in full, that the reader can call it at.
    const points = /^z = \[(.*)\]$/.exec(failed[0].drawn ?? '')?.[1].split(', ').map(Number);
    expect(points).toHaveLength(5);
    expect(points!.every((z) => z >= -8 && z < 8)).toBe(true);
    // One in each fifth of the range: both signs in every run.
    expect(points!.filter((z) => z < 0).length).toBeGreaterThanOrEqual(2);
    expect(points!.filter((z) => z >= 0).length).toBeGreaterThanOrEqual(2);
    expect(failed[0].got).toBe('[42, 42, 42, 42, 42]');
  });
});

describe('the same code gets the same verdict at every check', () => {
  // Red team 56: an almost-right sigmoid (NaN for 709.8 < z ≤ 900) passed all 17 checks in the
  // student's browser and failed 1 of 14 reruns on the review page, flagged "recorded pass does
  // not hold"; a partly right one scored 15, 16 and 15 of 17. The points were drawn afresh each run.
  const almost = 'function mySigmoid(z: number): number {\n  if (z > 900) return 1;\n  return Math.exp(z) / (1 + Math.exp(z));\n}';

  it('my-sigmoid: the same code is checked at the same points each time; changed code at others', async () => {
    const entry = exercises.find((e) => e.id === 'my-sigmoid')!;
    const runs: CheckResult[][] = [];
    for (let i = 0; i < 4; i++) runs.push((await judgeInNode(entry, almost, kernel)).outcome.results);
    const drawn = (results: readonly CheckResult[]) => results.filter((r) => r.drawn !== undefined).map((r) => r.drawn);
    expect(drawn(runs[0]).length).toBeGreaterThan(3);
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
    // Comments and layout do not move the points (red team 57 found, by hand, a comment that made
    // a wrong answer's points miss its mistake); a change of the code does.
    const spaced = (await judgeInNode(entry, `// my answer\n${almost.replace(/\n/g, '\n\n  ')}\n// checked again`, kernel)).outcome.results;
    expect(spaced).toEqual(runs[0]);
    const other = (await judgeInNode(entry, almost.replace('z > 900', 'z > 901'), kernel)).outcome.results;
    expect(drawn(other)).toHaveLength(drawn(runs[0]).length);
    expect(drawn(other).filter((d, i) => d === drawn(runs[0])[i])).toEqual([]);
  });

  it('my-sigmoid: an answer that remembers the points its last check drew is checked at others, and fails', async () => {
    const entry = exercises.find((e) => e.id === 'my-sigmoid')!;
    const first = (await judgeInNode(entry, 'function mySigmoid(z: number): number { return 42; }', kernel)).outcome.results;
    const points = first.flatMap((r) => /^z = \[?(.*?)\]?$/.exec(r.drawn ?? '')?.[1].split(', ').map(Number) ?? []);
    expect(points.length).toBeGreaterThan(10);
    const table = Object.fromEntries(points.map((z) => [String(z), 1 / (1 + Math.exp(-z))]));
    const { outcome } = await judgeInNode(entry, `const myTable: Record<string, number> = ${JSON.stringify(table)};\nfunction mySigmoid(z: number): number { return myTable[String(z)] ?? 42; }`, kernel);
    const atDrawn = outcome.results.filter((r) => r.drawn !== undefined);
    expect(atDrawn.length).toBeGreaterThan(3);
    expect(atDrawn.filter((r) => r.pass).map((r) => r.label)).toEqual([]);
  });
});

describe('the review tries each answer again at points drawn for the review', () => {
  // Red team 57: the points follow the code, so a student with a tool can search variants of an
  // almost-right answer until its own points miss the mistake. This mySigmoidPrime gives a
  // saturated neuron no slope (a < 9.9e-8 or a > 1 − 9.9e-8), and `3555 * 0` is the 3,556th
  // variant tried (/work/scratch/probe/search.mts, 1.1 s); points drawn afresh catch it
  // 99,979 times in 100,000.
  const lucky = 'function mySigmoidPrime(a: number): number {\n  if (a < 9.9e-8 || a > 1 - 9.9e-8) return 3555 * 0; // a saturated neuron: no slope\n  return a * (1 - a);\n}';
  const solutionOf = (id: string) => exercises.find((e) => e.id === id)!.solution;

  it('my-sigmoid-prime: a wrong answer whose own points miss its mistake is graded as it is in the student’s browser, and fails at the review’s points', async () => {
    const entry = exercises.find((e) => e.id === 'my-sigmoid-prime')!;
    const own = (await attempt(entry, lucky)).outcome;
    expect(own.passed).toBe(true); // the search worked: every check passes at the code's own points
    const manifest = { ...(await withEffects(buildManifest(readChapters().filter((c) => c.id === entry.chapter).map((c) => ({ id: c.id, title: String(c.frontmatter.title), body: c.source }))))), contentVersion: 'v' };
    const reviewer = new Reviewer(manifest, { parallel: 1, spares: 0, makeKernel: () => nodeReviewKernel(), probe: () => 'a review on 5 December' });
    const text = JSON.stringify({
      format: 'nn-from-scratch/submission', version: 1, student: 'Lou', submitted: '2026-11-30T10:00:00.000Z', contentVersion: 'v',
      assignment: { title: 'Slopes', due: '', items: [{ chapter: entry.chapter, exercises: ['my-sigmoid-prime', 'my-sigmoid'] }] },
      work: [
        { chapter: entry.chapter, exercise: 'my-sigmoid-prime', code: lucky, recorded: 'passed' },
        { chapter: entry.chapter, exercise: 'my-sigmoid', code: solutionOf('my-sigmoid'), recorded: 'passed' },
      ],
    });
    const outcome = await reviewer.reviewFile({ name: 'lou.json', size: text.length, text: async () => text });
    if (!outcome.ok) throw new Error(outcome.message);
    const [prime, sigmoid] = outcome.review.exercises;
    // The grade is the student's browser's, value for value.
    expect(prime.verdict).toBe('passed');
    expect(prime.flagged).toBe(false);
    expect(prime.results).toEqual(own.results);
    // The second run fails the checks of a saturated neuron, and shows the points that caught it.
    expect(failsElsewhere(prime)).toBe(true);
    expect(prime.probe!.failed.map((r) => r.label).join('\n')).toMatch(/near 0|near 1/);
    expect(prime.probe!.failed.every((r) => r.drawn !== undefined && r.got !== undefined)).toBe(true);
    // A right answer passes at the review's points too.
    expect(sigmoid.verdict).toBe('passed');
    expect(sigmoid.probe).toEqual({ failed: [], seed: 'a review on 5 December' });
  }, 120_000);
});

describe('predict, then run', () => {
  // Red team 54: "expected [3, 3]" showed on the first wrong try of a prediction.
  it('no exercise that asks for a prediction shows the expected value of a wrong one', async () => {
    const predictions = exercises.filter((e) => /\bpredict/i.test(e.title) && e.id !== 'starting-loss' && e.id !== 'product-shape');
    expect(predictions.map((e) => e.id).sort()).toEqual(['predict-broadcast', 'predict-shapes', 'predict-the-count', 'predict-the-loss']);
    for (const entry of predictions) {
      const { outcome } = await attempt(entry, entry.starter);
      const failed = outcome.results.filter((r) => !r.pass);
      expect(failed.length, entry.id).toBeGreaterThan(0);
      expect(failed.filter((r) => r.expected !== undefined || !/value is not shown/.test(r.note ?? '')).map((r) => r.label), entry.id).toEqual([]);
    }
  });
});

describe('a function that forgot its return', () => {
  // Red team 54: the checks stopped "at line 7 of “What the checks test” with TypeError: Cannot
  // read properties of undefined", which sent the student into the checks' code.
  it('training-loop: the checks name the function that returned undefined', async () => {
    const { checksErrorSentence } = await import('../../src/notebook/exercise.ts');
    const entry = exercises.find((e) => e.id === 'training-loop')!;
    const { outcome } = await judgeInNode(entry, entry.solution.replace(/\n\s*return losses;/, ''), kernel);
    expect(outcome.passed).toBe(false);
    expect(outcome.error?.returnedNothing).toBe('myTrain');
    expect(checksErrorSentence(outcome.error!, `ex-${entry.id}`)).toMatch(
      /^Your myTrain returned undefined when the checks called it: does every way through it end with return\? The checks stopped at line \d+ of “What the checks test” on that, with TypeError: /,
    );
    // A function that returns something the checks stop on is not said to have returned nothing.
    const other = await judgeInNode(entry, entry.solution.replace(/return losses;/, 'return 3 as any;'), kernel);
    expect(other.outcome.error?.returnedNothing).toBeUndefined();
  });
});

describe('cheating attempts must fail, saying why', () => {
  // The report describes what an attempt returned without running any of its code (no toJSON,
  // no getter): an attempt whose toJSON asks the chapter's neuronOut gets no value through it,
  // and fails for what it returned. (It used to be run, and caught by the withheld guard.)
  it("my-sigmoid: an attempt that returns a value whose toJSON asks the chapter's neuronOut fails, and its toJSON is never run", async () => {
    const entry = exercises.find((e) => e.id === 'my-sigmoid')!;
    const code = 'function mySigmoid(z: number): number {\n  return { toJSON() { return "σ(" + z + ") via the chapter\'s neuronOut = " + neuronOut(1, [z, 0, 0]); } } as any;\n}';
    const { code: ran, outcome } = await attempt(entry, code);
    expect(ran.error ?? null).toBeNull();
    expect(outcome.passed).toBe(false);
    const failed = outcome.results.filter((r) => !r.pass);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ got: '{}', note: 'expected numbers here' });
    expect(JSON.stringify(outcome.results)).not.toContain('via the chapter');
  });

  for (const cheat of cheats) {
    it(`${cheat.exercise}: an attempt that ${cheat.what}`, async () => {
      const entry = exercises.find((e) => e.id === cheat.exercise)!;
      const { code, outcome } = await attempt(entry, cheat.code);
      expect(code.error ?? null).toBeNull(); // the attempt itself runs: it is the checks that catch it
      expect(outcome.passed).toBe(false);
      const said = [outcome.error?.message ?? '', ...outcome.results.filter((r) => !r.pass).map((r) => r.label)].join('\n');
      expect(said).toMatch(cheat.reason);
    });
  }
});

// Red team 43: a mean squared error that copied the targets into its predictions and returned 0
// failed "changed what it was given", but 5 of its 11 checks passed, computed from the changed
// values, and the class view gave it 5/11 where an honest `return 0` got 0/6.
describe('an answer that changes what the checks compute from earns no check', () => {
  const cases = [
    ['mean-squared-error', 'function myMeanSquaredError(yHat: Matrix, target: Matrix): number {\n  yHat.data.set(target.data);\n  return 0;\n}'],
    ['sum-of-squares', 'function mySumOfSquares(yHat: Matrix, target: Matrix): number {\n  yHat.data.set(target.data);\n  return 0;\n}'],
  ] as const;
  for (const [id, code] of cases) {
    it(`${id}: copying the targets into the predictions passes no check`, async () => {
      const entry = exercises.find((e) => e.id === id)!;
      const { code: ran, outcome } = await attempt(entry, code);
      expect(ran.error ?? null).toBeNull();
      expect(outcome.passed).toBe(false);
      expect(outcome.results.filter((r) => r.pass).map((r) => r.label)).toEqual([]);
      expect(outcome.results.some((r) => /changed what it was given/.test(r.label))).toBe(true);
      // The checks it would have passed say so, and why.
      expect(outcome.results.filter((r) => r.note === DISCOUNTED).length).toBeGreaterThan(0);
    });
  }
});

describe('/exercises.json', () => {
  it('gives each exercise the checks a run of its solution makes: what every hand-in is scored out of', async () => {
    const chapter = readChapters().find((c) => c.id === 'the-sigmoid')!;
    const manifest = await reviewManifestOf([{ id: chapter.id, data: { title: String(chapter.frontmatter.title) }, body: chapter.source }]);
    const counts = await Promise.all(manifest.exercises.map(async (e) => [e.id, (await judgeSolution(e)).outcome.results.length]));
    expect(manifest.exercises.map((e) => [e.id, e.checkCount])).toEqual(counts);
    expect(Math.min(...counts.map(([, n]) => n as number))).toBeGreaterThan(1);
  });
});

describe('one judgement of each solution per build', () => {
  it('is reused whatever else describes the context cells (the plugin, /exercises.json and the guide each add their own fields)', async () => {
    const chapter = readChapters().find((c) => c.id === 'the-sigmoid')!;
    const [withWrites] = (await reviewManifestOf([{ id: chapter.id, data: { title: String(chapter.frontmatter.title) }, body: chapter.source }])).exercises;
    const plain = { ...withWrites, context: withWrites.context.map(({ id, source }) => ({ id, source })) };
    expect(withWrites.context.some((cell) => 'writes' in cell)).toBe(true);
    // The same promise: the solution ran once, not once per description (each run is a second or two).
    const judged = judgeSolution(plain);
    expect(judgeSolution(withWrites)).toBe(judged);
    expect((await judged).outcome.passed).toBe(true);
    // What the run reads is still all there: other code above, another solution, other checks are judged anew.
    const [first, ...rest] = plain.context;
    const otherContext = { ...plain, context: [{ ...first, source: `${first.source}\n// changed` }, ...rest] };
    const others = [otherContext, { ...plain, solution: `${plain.solution}\n` }, { ...plain, checks: `${plain.checks}\n` }].map(judgeSolution);
    for (const other of others) expect(other).not.toBe(judged);
    await Promise.all(others);
  });
});

describe("the teacher's guide", () => {
  it('lists the checks a run of the solution made: labels built in a loop read as run, check.that labels included', async () => {
    const labels = async (id: string) => (await judgeSolution(exercises.find((e) => e.id === id)!)).outcome.results.map((r) => r.label);
    const slope = await labels('quadratic-slope');
    expect(slope).toContain('slope at w = -1');
    expect(slope.join('\n')).not.toContain('${');
    expect(await labels('pick-a-learning-rate')).toEqual(['myEta is a positive number', 'the loss is below 0.001 within 70 steps']);
  });
});
