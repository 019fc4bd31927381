import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkGradient, createNetwork, forward, fromArray, gradCheck, matmul, oneHot, rand, relativeError, scale, subtract, sum,
  multiply, transpose, type ActivationName, type LossName, type Matrix, type Network,
} from '../../src/nn/index.ts';

// Random networks: 1–3 layers of 1–5 units, any hidden activation, any legal output/loss pair,
// biases on or off, 1–6 samples. ReLU is not differentiable at z = 0, so a case where some
// ReLU unit has |z| < 0.05 (the probes move z by far less) is discarded rather than checked.
const hidden = fc.constantFrom<ActivationName>('sigmoid', 'tanh', 'relu', 'identity');
const outputAndLoss = fc.constantFrom<[ActivationName, LossName]>(
  ['sigmoid', 'sumOfSquares'], ['sigmoid', 'meanSquaredError'], ['sigmoid', 'crossEntropy'],
  ['tanh', 'sumOfSquares'], ['relu', 'meanSquaredError'], ['identity', 'sumOfSquares'], ['identity', 'meanSquaredError'],
  ['softmax', 'crossEntropy'],
);
const cases = fc.record({
  inputSize: fc.integer({ min: 1, max: 4 }),
  hiddenLayers: fc.array(fc.record({ size: fc.integer({ min: 1, max: 5 }), activation: hidden }), { maxLength: 2 }),
  outputSize: fc.integer({ min: 1, max: 3 }),
  output: outputAndLoss,
  biases: fc.boolean(),
  init: fc.constantFrom<'xavier' | 'he' | 'uniform'>('xavier', 'he', 'uniform'),
  samples: fc.integer({ min: 1, max: 6 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

function targetsFor(activation: ActivationName, rows: number, cols: number, seed: number): Matrix {
  const U = rand(rows, cols, seed);
  if (activation === 'softmax') return oneHot(Array.from({ length: rows }, (_, i) => Math.floor(U.data[i * cols] * cols)), cols);
  if (activation === 'sigmoid') return U.data.some((v) => v < 0.5) ? fromArray(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (U.data[i * cols + j] < 0.5 ? 0 : 1)))) : U;
  return scale(subtract(U, rand(rows, cols, seed + 1)), 2);
}

function nearReluKink(net: Network, X: Matrix): boolean {
  const t = forward(net, X);
  return net.layers.some((l, i) => l.activation === 'relu' && t.zs[i].data.some((z) => Math.abs(z) < 0.05));
}

describe('gradCheck', () => {
  it('backprop matches finite differences for random networks (relative error < 1e-6)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const [outAct, loss] = c.output;
        const net = createNetwork({
          inputSize: c.inputSize,
          layers: [...c.hiddenLayers, { size: outAct === 'softmax' ? Math.max(2, c.outputSize) : c.outputSize, activation: outAct }],
          biases: c.biases, init: c.init, seed: c.seed,
        });
        const X = scale(subtract(rand(c.samples, c.inputSize, c.seed + 7), rand(c.samples, c.inputSize, c.seed + 8)), 2);
        fc.pre(!nearReluKink(net, X));
        const Y = targetsFor(outAct, c.samples, net.layers.at(-1)!.W.cols, c.seed + 9);
        const result = gradCheck(net, X, Y, loss);
        expect(result.maxRelativeError).toBeLessThan(1e-6);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('names the worst weight: layer, W or b, row, column, analytic and numeric values', () => {
    const net = createNetwork({ inputSize: 2, layers: [{ size: 3, activation: 'tanh' }, { size: 1, activation: 'sigmoid' }] });
    const X = fromArray([[0.5, -1], [1, 2]]);
    const Y = fromArray([[1], [0]]);
    const result = gradCheck(net, X, Y, 'sumOfSquares');
    expect(result.layers).toHaveLength(2);
    expect(result.layers[0].b).not.toBeNull();
    const w = result.worst;
    expect(['W', 'b']).toContain(w.which);
    expect(Number.isFinite(w.analytic) && Number.isFinite(w.numeric)).toBe(true);
    expect(w.relativeError).toBe(result.maxRelativeError);
  });

  it('catches a wrong gradient and points at it', () => {
    // L = Σ (A·w − t)², ∂L/∂w = 2 Aᵀ(A·w − t). Deliberately drop the factor 2 from one entry.
    const A = fromArray([[1, 2], [3, 4], [5, 6]]);
    const t = fromArray([[1], [0], [1]]);
    const w = fromArray([[0.1], [-0.2]]);
    const lossOf = () => { const r = subtract(matmul(A, w), t); return sum(multiply(r, r)); };
    const right = scale(matmul(transpose(A), subtract(matmul(A, w), t)), 2);
    expect(checkGradient(lossOf, [w], [right]).maxRelativeError).toBeLessThan(1e-9);
    const wrong = structuredClone(right);
    wrong.data[1] /= 2;
    const result = checkGradient(lossOf, [w], [wrong], { points: 2 });
    expect(result.worst).toMatchObject({ param: 0, row: 1, col: 0 });
    expect(result.maxRelativeError).toBeCloseTo(0.5, 6);
    expect(Array.from(w.data)).toEqual([0.1, -0.2]); // restored exactly
  });

  it('relativeError uses a floor so tiny gradients compare absolutely', () => {
    expect(relativeError(1, 1.1)).toBeCloseTo(0.1 / 1.1, 15);
    expect(relativeError(0, 1e-15)).toBeCloseTo(1e-9, 20);
  });
});
