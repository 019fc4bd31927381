import { describe, expect, it } from 'vitest';
import {
  accuracy, articleData, backward, cloneNetwork, createNetwork, evaluateLoss, forward, fromArray, moons, NeuralNetwork,
  predict, rand, toArray, train, TrainingDivergedError, xorData, type Network,
} from '../../src/nn/index.ts';

describe('createNetwork', () => {
  it('builds layers of the right shapes, with or without biases', () => {
    const net = createNetwork({ inputSize: 3, layers: [{ size: 5, activation: 'relu' }, { size: 2, activation: 'softmax' }] });
    expect(net.layers.map((l) => [l.W.rows, l.W.cols, l.b?.cols])).toEqual([[3, 5, 5], [5, 2, 2]]);
    const noBias = createNetwork({ inputSize: 3, layers: [{ size: 4, activation: 'sigmoid' }], biases: false });
    expect(noBias.layers[0].b).toBeNull();
  });

  it('is deterministic by seed, and uses the documented initialisations', () => {
    const opts = { inputSize: 20, layers: [{ size: 30, activation: 'tanh' as const }] };
    expect(toArray(createNetwork({ ...opts, seed: 4 }).layers[0].W)).toEqual(toArray(createNetwork({ ...opts, seed: 4 }).layers[0].W));
    const uniform = createNetwork({ ...opts, init: 'uniform', seed: 1 }).layers[0].W.data;
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(0);
    const r = Math.sqrt(6 / 50);
    const xavier = createNetwork({ ...opts, init: 'xavier' }).layers[0].W.data;
    expect(Math.max(...xavier.map(Math.abs))).toBeLessThan(r);
    const he = createNetwork({ ...opts, init: 'he' }).layers[0].W.data;
    const sd = Math.sqrt(he.reduce((a, v) => a + v * v, 0) / he.length);
    expect(Math.abs(sd - Math.sqrt(2 / 20))).toBeLessThan(0.03);
  });

  it('is plain data that survives structured clone', () => {
    const net = createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'tanh' }] });
    const copy = structuredClone(net);
    expect(toArray(predict(copy, [[1, 2]]))).toEqual(toArray(predict(net, [[1, 2]])));
  });

  it('rejects softmax before the last layer and unknown names', () => {
    expect(() => createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'softmax' }, { size: 1, activation: 'sigmoid' }] })).toThrow(
      'createNetwork: softmax can only be the output layer (layer 0 of 2)',
    );
    expect(() => createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'gelu' as never }] })).toThrow(
      'createNetwork: layer 0 has unknown activation "gelu" (expected one of sigmoid, tanh, relu, identity, softmax)',
    );
  });
});

describe('forward and backward', () => {
  it('forward returns z and a for every layer', () => {
    const net = createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'relu' }, { size: 1, activation: 'identity' }] });
    const t = forward(net, [[1, -1], [0.5, 2]]);
    expect(t.zs.map((z) => [z.rows, z.cols])).toEqual([[2, 3], [2, 1]]);
    expect(t.as[0].data.every((a, i) => a === Math.max(0, t.zs[0].data[i]))).toBe(true);
    expect(t.output).toBe(t.as[1]);
  });

  it('forward names the shapes when X does not fit', () => {
    const net = createNetwork({ inputSize: 2, layers: [{ size: 4, activation: 'relu' }] });
    expect(() => forward(net, [[1, 2, 3]])).toThrow('forward: X has 3 columns but the first layer expects 2 (X 1×3 · W 2×4)');
  });

  it('the general network with the article\'s settings computes the article\'s numbers', () => {
    const { X, y } = articleData();
    const article = new NeuralNetwork(X, y, { seed: 2 });
    const net: Network = {
      layers: [
        { W: structuredClone(article.weights1), b: null, activation: 'sigmoid' },
        { W: structuredClone(article.weights2), b: null, activation: 'sigmoid' },
      ],
    };
    const articleHistory = article.train(300);
    const { history } = train(net, X, y, { loss: 'sumOfSquares', learningRate: 1, iterations: 300 });
    history.forEach((L, t) => expect(Math.abs(L - articleHistory[t])).toBeLessThan(1e-12));
    net.layers[0].W.data.forEach((w, i) => expect(Math.abs(w - article.weights1.data[i])).toBeLessThan(1e-12));
  });

  it('backward returns dW, db and δ for every layer', () => {
    const net = createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'tanh' }, { size: 2, activation: 'softmax' }] });
    const X = rand(5, 2, 1);
    const Y = fromArray([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0]]);
    const g = backward(net, forward(net, X), Y, 'crossEntropy');
    expect(g.dW.map((d) => [d.rows, d.cols])).toEqual([[2, 3], [3, 2]]);
    expect(g.db.map((d) => d && [d.rows, d.cols])).toEqual([[1, 3], [1, 2]]);
    expect(g.deltas.map((d) => [d.rows, d.cols])).toEqual([[5, 3], [5, 2]]);
  });
});

describe('train', () => {
  it('learns XOR with tanh and sigmoid', () => {
    const { X, Y } = xorData();
    const net = createNetwork({ inputSize: 2, layers: [{ size: 4, activation: 'tanh' }, { size: 1, activation: 'sigmoid' }], seed: 3 });
    const { history } = train(net, X, Y, { loss: 'crossEntropy', learningRate: 0.5, iterations: 2000 });
    expect(history.at(-1)!).toBeLessThan(0.05);
    expect(accuracy(predict(net, X), Y)).toBe(1);
  });

  it('mini-batches are seeded: the same seed gives the same run, another seed a different one', () => {
    const data = moons({ n: 100, seed: 2 });
    const make = () => createNetwork({ inputSize: 2, layers: [{ size: 16, activation: 'relu' }, { size: 2, activation: 'softmax' }], init: 'he' });
    const run = (seed: number) => train(make(), data.X, data.Y, { loss: 'crossEntropy', learningRate: 0.1, iterations: 50, batchSize: 16, seed }).history;
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    const net = make();
    train(net, data.X, data.Y, { loss: 'crossEntropy', learningRate: 0.3, iterations: 2000, batchSize: 16 });
    expect(accuracy(predict(net, data.X), data.labels)).toBeGreaterThan(0.95);
  });

  it('onStep sees the network that scored each loss and can stop early', () => {
    const { X, Y } = xorData();
    const net = createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'sigmoid' }, { size: 1, activation: 'sigmoid' }] });
    const { history } = train(net, X, Y, {
      loss: 'meanSquaredError', learningRate: 1, iterations: 100,
      onStep: (step, loss, n) => {
        expect(evaluateLoss(n, X, Y, 'meanSquaredError')).toBeCloseTo(loss, 14);
        return step < 4;
      },
    });
    expect(history).toHaveLength(5);
  });

  it('a learning-rate schedule changes the steps', () => {
    const { X, Y } = xorData();
    const make = () => createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'tanh' }, { size: 1, activation: 'sigmoid' }] });
    const constant = train(make(), X, Y, { loss: 'sumOfSquares', learningRate: 0.5, iterations: 20 }).history;
    const decayed = train(make(), X, Y, { loss: 'sumOfSquares', learningRate: 0.5, iterations: 20, schedule: { type: 'exponential', decay: 0.5 } }).history;
    expect(decayed[1]).toBe(constant[1]);
    expect(decayed[19]).not.toBe(constant[19]);
  });

  it('a huge learning rate throws TrainingDivergedError and leaves the network at its last finite state', () => {
    const X = fromArray([[1, 2], [3, 4], [5, 6]]);
    const Y = fromArray([[1], [2], [3]]);
    const net = createNetwork({ inputSize: 2, layers: [{ size: 4, activation: 'identity' }, { size: 1, activation: 'identity' }] });
    const snapshots: Network[] = [];
    let error: unknown;
    try {
      train(net, X, Y, { loss: 'sumOfSquares', learningRate: 10, iterations: 1000, onStep: (_s, _l, n) => void snapshots.push(cloneNetwork(n)) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const diverged = error as TrainingDivergedError;
    expect(diverged.message).toBe(`loss became ${diverged.loss} at step ${diverged.step} — try a smaller learning rate`);
    expect(diverged.message).toMatch(/^loss became (NaN|Infinity) at step \d+ — try a smaller learning rate$/);
    expect(diverged.history).toHaveLength(diverged.step);
    const last = snapshots.at(-1)!;
    expect(toArray(net.layers[0].W)).toEqual(toArray(last.layers[0].W));
    expect(Number.isFinite(evaluateLoss(net, X, Y, 'sumOfSquares'))).toBe(true);
    expect(toArray(diverged.network.layers[1].W)).toEqual(toArray(net.layers[1].W));
  });

  it('rejects bad options and data with clear messages', () => {
    const { X, Y } = xorData();
    const net = createNetwork({ inputSize: 2, layers: [{ size: 2, activation: 'softmax' }] });
    expect(() => train(net, X, fromArray([[1, 0], [0, 1], [0, 1], [1, 0]]), { loss: 'sumOfSquares', learningRate: 1, iterations: 1 })).toThrow(
      'loss: a softmax output layer pairs only with crossEntropy loss, not sumOfSquares',
    );
    const sig = createNetwork({ inputSize: 2, layers: [{ size: 1, activation: 'sigmoid' }] });
    expect(() => train(sig, X, Y, { loss: 'sumOfSquares', learningRate: -1, iterations: 1 })).toThrow('train: learningRate must be a positive number, got -1');
    const badX = structuredClone(X);
    badX.data[5] = NaN;
    expect(() => train(sig, badX, Y, { loss: 'sumOfSquares', learningRate: 1, iterations: 1 })).toThrow('train: non-finite value NaN in X at row 2, column 1');
  });
});

describe('accuracy', () => {
  it('thresholds one column at 0.5 and takes argmax of several', () => {
    expect(accuracy(fromArray([[0.2], [0.7], [0.5]]), fromArray([[0], [1], [0]]))).toBeCloseTo(2 / 3, 15);
    expect(accuracy(fromArray([[0.1, 0.9], [0.8, 0.2]]), [1, 1])).toBe(0.5);
    expect(accuracy(fromArray([[0.1, 0.9], [0.8, 0.2]]), fromArray([[0, 1], [1, 0]]))).toBe(1);
  });
});
