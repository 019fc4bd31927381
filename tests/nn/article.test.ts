import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleData, fromArray, gradCheckArticle, NeuralNetwork, rand, toArray, type Matrix } from '../../src/nn/index.ts';

// Written by tests/nn/fixtures/article_reference.py: the article's NumPy algorithm from mulberry32(1) weights.
const reference = JSON.parse(readFileSync(new URL('./fixtures/article-reference.json', import.meta.url), 'utf8'));

function maxDiff(M: Matrix, expected: number[][]): number {
  const flat = expected.flat();
  expect(M.data.length).toBe(flat.length);
  return Math.max(...flat.map((v, i) => Math.abs(v - M.data[i])));
}

describe('the article\'s NeuralNetwork', () => {
  it('reproduces the article\'s NumPy code to 1e-9 after 1,500 iterations', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { weights1: reference.start.weights1, weights2: reference.start.weights2 });
    const history = net.train(reference.iterations);
    for (const [step, loss] of Object.entries(reference.loss)) {
      expect(Math.abs(history[Number(step)] - (loss as number))).toBeLessThan(1e-9);
    }
    expect(maxDiff(net.weights1, reference.final.weights1)).toBeLessThan(1e-9);
    expect(maxDiff(net.weights2, reference.final.weights2)).toBeLessThan(1e-9);
    expect(maxDiff(net.output, reference.final.output)).toBeLessThan(1e-9);
  });

  it('draws the same starting weights as the Python port of the generator', () => {
    const net = new NeuralNetwork(articleData().X, articleData().y, { seed: reference.seed });
    expect(maxDiff(net.weights1, reference.start.weights1)).toBe(0);
    expect(maxDiff(net.weights2, reference.start.weights2)).toBe(0);
  });

  it('with the default seed the loss falls at every step and predictions land within 0.05 of the targets', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y);
    const history = net.train(1500);
    expect(history).toHaveLength(1500);
    for (let t = 1; t < history.length; t++) expect(history[t]).toBeLessThan(history[t - 1]);
    toArray(net.output).forEach(([p], i) => expect(Math.abs(p - y.data[i])).toBeLessThan(0.05));
  });

  // train() runs a fused loop (article-fast.ts); it must compute the very same numbers as the
  // readable feedforward() and backprop(), to the last bit, for any sizes.
  const sameAsStepByStep = (X: number[][], y: number[][], options: { seed: number; hidden?: number }) => {
    const fast = new NeuralNetwork(X, y, options);
    const plain = new NeuralNetwork(X, y, options);
    const history = fast.train(200);
    for (let t = 0; t < 200; t++) {
      plain.feedforward();
      expect(Object.is(plain.loss(), history[t])).toBe(true);
      plain.backprop();
    }
    plain.feedforward();
    expect(Array.from(fast.weights1.data)).toEqual(Array.from(plain.weights1.data));
    expect(Array.from(fast.weights2.data)).toEqual(Array.from(plain.weights2.data));
  };

  it('train() computes exactly what feedforward() and backprop() compute, bit for bit', () => {
    const { X, y } = articleData();
    sameAsStepByStep(toArray(X), toArray(y), { seed: 3 });
  });

  // The fused loop handles one output column; these shapes differ from the article's in every
  // other size (samples, inputs, hidden), so its index arithmetic is tested beyond 4×3×4.
  it('the fused loop matches step-by-step training with more samples, inputs and another hidden size', () => {
    const X = [[0, 0, 1, 0.5], [0, 1, 1, -1], [1, 0, 1, 2], [1, 1, 1, 0], [0.3, 0.7, 1, 1]];
    const y = [[0], [1], [1], [0], [0.5]];
    sameAsStepByStep(X, y, { seed: 7, hidden: 3 });
    sameAsStepByStep(X.map((row) => row.slice(0, 2)), y, { seed: 8, hidden: 7 });
  });

  // With several outputs train() runs feedforward() and backprop() themselves (article.ts), so
  // this checks the history and the stopping, not a second implementation.
  it('with several outputs train() is step-by-step training', () => {
    const X = [[0, 0, 1, 0.5], [0, 1, 1, -1], [1, 0, 1, 2], [1, 1, 1, 0], [0.3, 0.7, 1, 1]];
    const y = [[0, 1], [1, 0], [1, 1], [0, 0], [0.5, 0.2]];
    sameAsStepByStep(X, y, { seed: 7, hidden: 3 });
  });

  it('onStep sees each step\'s loss and can stop training by returning false', () => {
    const { X, y } = articleData();
    const seen: number[] = [];
    const net = new NeuralNetwork(X, y);
    const history = net.train(100, (step, loss, n) => {
      seen.push(loss);
      expect(n).toBe(net);
      return step < 9;
    });
    expect(history).toHaveLength(10);
    expect(seen).toEqual(history);
  });

  it('the same seed gives the same network; weights passed in are copied', () => {
    const { X, y } = articleData();
    expect(toArray(new NeuralNetwork(X, y, { seed: 5 }).weights1)).toEqual(toArray(new NeuralNetwork(X, y, { seed: 5 }).weights1));
    const W1 = rand(3, 4, 1);
    const net = new NeuralNetwork(X, y, { weights1: W1, hidden: 4 });
    net.train(5);
    expect(toArray(W1)).toEqual(toArray(rand(3, 4, 1)));
  });

  it('backprop\'s weight changes are the negative gradient (checked by finite differences)', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed: 11 });
    const before = toArray(net.weights1);
    const check = gradCheckArticle(net);
    expect(check.maxRelativeError).toBeLessThan(1e-7);
    expect(toArray(net.weights1)).toEqual(before);
  });

  it('rejects data and weights that do not fit, naming the shapes', () => {
    expect(() => new NeuralNetwork([[0, 1]], [[1], [0]])).toThrow('NeuralNetwork: x and y need one row per sample, got x 1×2 and y 2×1');
    expect(() => new NeuralNetwork(articleData().X, articleData().y, { weights1: rand(2, 4) })).toThrow(
      'NeuralNetwork: weights do not fit the data (x 4×3, weights1 2×4, weights2 4×1, y 4×1)',
    );
  });

  it('predict runs new inputs through the trained weights', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y);
    net.train(1500);
    net.feedforward();
    expect(toArray(net.predict(X))).toEqual(toArray(net.output));
    expect(net.predict(fromArray([[1, 0, 1]])).rows).toBe(1);
  });
});
