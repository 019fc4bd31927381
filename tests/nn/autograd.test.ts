import { describe, expect, it } from 'vitest';
import {
  articleData, backpropagate, minus, NeuralNetwork, plus, scalar, sigmoidOf, squareOf, times, topologicalOrder, type Matrix, type Scalar,
} from '../../src/nn/index.ts';

// Central difference of f at x, with everything else held fixed.
const slope = (f: (v: number) => number, x: number, h = 1e-6) => (f(x + h) - f(x - h)) / (2 * h);

describe('autograd: each operation', () => {
  it('computes the value and the local derivative of +, −, ×, square and σ', () => {
    const a = scalar(1.5), b = scalar(-0.4);
    const cases: [string, (x: Scalar, y: Scalar) => Scalar, (x: number, y: number) => number][] = [
      ['plus', plus, (x, y) => x + y],
      ['minus', minus, (x, y) => x - y],
      ['times', times, (x, y) => x * y],
      ['squareOf', (x) => squareOf(x), (x) => x * x],
      ['sigmoidOf', (x) => sigmoidOf(x), (x) => 1 / (1 + Math.exp(-x))],
    ];
    for (const [name, op, f] of cases) {
      const out = op(a, b);
      expect(out.value, name).toBe(f(1.5, -0.4));
      backpropagate(out);
      expect(a.grad, `${name}: ∂/∂a`).toBeCloseTo(slope((x) => f(x, -0.4), 1.5), 8);
      if (out.inputs.length === 2) expect(b.grad, `${name}: ∂/∂b`).toBeCloseTo(slope((y) => f(1.5, y), -0.4), 8);
    }
  });

  it('takes plain numbers as constants', () => {
    const x = scalar(3);
    const y = plus(times(2, x), 1);   // 2x + 1
    backpropagate(y);
    expect([y.value, x.grad]).toEqual([7, 2]);
  });

  it('refuses what is not a finite number or a Scalar, naming the operation and the value', () => {
    expect(() => scalar(Number.NaN)).toThrow('scalar: the value must be a finite number, got NaN');
    expect(() => times(scalar(1), Number.POSITIVE_INFINITY)).toThrow('times: operand 2 must be a finite number or a Scalar, got Infinity');
    expect(() => plus('2' as unknown as number, 1)).toThrow('plus: operand 1 must be a Scalar or a finite number, got the string "2"');
    expect(() => sigmoidOf({ v: 1 } as unknown as Scalar)).toThrow('sigmoidOf: operand 1 must be a Scalar or a finite number, got an object that is not a Scalar');
  });
});

describe('autograd: the graph', () => {
  it('orders every node once, each after its inputs, the output last', () => {
    const x = scalar(2, 'x');
    const u = times(x, x), v = plus(x, u), out = times(u, v);   // a diamond: x and u used twice
    const order = topologicalOrder(out);
    expect(order).toHaveLength(4);
    expect(new Set(order).size).toBe(4);
    for (const [k, node] of order.entries()) for (const input of node.inputs) expect(order.indexOf(input)).toBeLessThan(k);
    expect(order.at(-1)).toBe(out);
  });

  it('goes as deep as the graph: a 20,000-term running sum', () => {
    let total = scalar(0);
    const xs = Array.from({ length: 20_000 }, (_, i) => scalar(i % 7));
    for (const x of xs) total = plus(total, times(x, x));
    backpropagate(total);
    expect(xs[13].grad).toBe(2 * (13 % 7));
  });

  it('adds the gradients of a value used twice: d(x·x)/dx = 2x, d(x·x + x)/dx = 2x + 1', () => {
    const x = scalar(3);
    backpropagate(times(x, x));
    expect(x.grad).toBe(6);
    backpropagate(plus(times(x, x), x));
    expect(x.grad).toBe(7);   // not 13: each backward pass starts from zero
  });

  it('agrees with finite differences on a neuron with a bias over a batch', () => {
    const xs = [0.5, -1.2, 2.0], ys = [1, 0, 1];
    const lossAt = (w: number, b: number) => xs.reduce((s, x, i) => s + (ys[i] - 1 / (1 + Math.exp(-(w * x + b)))) ** 2, 0);
    const w = scalar(0.7), b = scalar(-0.3);
    let loss = scalar(0);
    for (const [i, x] of xs.entries()) loss = plus(loss, squareOf(minus(ys[i], sigmoidOf(plus(times(w, x), b)))));
    backpropagate(loss);
    expect(loss.value).toBeCloseTo(lossAt(0.7, -0.3), 14);
    expect(w.grad).toBeCloseTo(slope((v) => lossAt(v, -0.3), 0.7), 8);
    expect(b.grad).toBeCloseTo(slope((v) => lossAt(0.7, v), -0.3), 8);
  });
});

describe("autograd: the article's network", () => {
  // The article's network written with Scalars, one sample row at a time, as the chapter does.
  function lossGraph(X: Matrix, y: Matrix, W1: Scalar[][], W2: Scalar[][]): Scalar {
    let loss: Scalar | null = null;
    for (let i = 0; i < X.rows; i++) {
      const hidden = W1[0].map((_, j) => {
        let z: Scalar | null = null;
        for (let k = 0; k < X.cols; k++) {
          const term = times(X.data[i * X.cols + k], W1[k][j]);
          z = z ? plus(z, term) : term;
        }
        return sigmoidOf(z!);
      });
      let z2: Scalar | null = null;
      for (let j = 0; j < hidden.length; j++) {
        const term = times(hidden[j], W2[j][0]);
        z2 = z2 ? plus(z2, term) : term;
      }
      const e = squareOf(minus(y.data[i], sigmoidOf(z2!)));
      loss = loss ? plus(loss, e) : e;
    }
    return loss!;
  }
  const toScalars = (M: Matrix) => Array.from({ length: M.rows }, (_, r) => Array.from({ length: M.cols }, (_, c) => scalar(M.data[r * M.cols + c])));
  const gap = (S: Scalar[][], M: Matrix) => Math.max(...S.flat().map((s, k) => Math.abs(s.value - M.data[k])));

  it('gives the gradients of NeuralNetwork.weightChanges (their negatives) to 1e-15', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed: 1 });
    net.feedforward();
    const { dWeights1, dWeights2 } = net.weightChanges();
    const W1 = toScalars(net.weights1), W2 = toScalars(net.weights2);
    backpropagate(lossGraph(X, y, W1, W2));
    expect(Math.max(...W1.flat().map((w, k) => Math.abs(w.grad + dWeights1.data[k])))).toBeLessThan(1e-15);
    expect(Math.max(...W2.flat().map((w, k) => Math.abs(w.grad + dWeights2.data[k])))).toBeLessThan(1e-15);
  });

  it('trained for 1,500 steps with η = 1, it ends with the weights and losses of NeuralNetwork.train to 1e-12', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed: 1 });
    const W1 = toScalars(net.weights1), W2 = toScalars(net.weights2);
    const history = net.train(1500);
    const ours: number[] = [];
    for (let t = 0; t < 1500; t++) {
      const loss = lossGraph(X, y, W1, W2);
      ours.push(loss.value);
      backpropagate(loss);
      for (const w of [...W1.flat(), ...W2.flat()]) w.value -= w.grad;   // W ← W − 1 · ∂𝓛/∂W
    }
    expect(Math.max(...ours.map((l, t) => Math.abs(l - history[t])))).toBeLessThan(1e-12);
    expect(gap(W1, net.weights1)).toBeLessThan(1e-12);
    expect(gap(W2, net.weights2)).toBeLessThan(1e-12);
  });
});
