import { describe, expect, it } from 'vitest';
import {
  activate, fromArray, identity, identityPrime, relu, reluPrime, sigmoid, sigmoidPrime, softmax, tanh, tanhPrime,
  toArray, zeros,
} from '../../src/nn/index.ts';

describe('activations work on numbers and on matrices', () => {
  it('sigmoid(0) is 0.5 and a matrix is mapped element by element', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(toArray(sigmoid(fromArray([[0, 100], [-100, 0]])))[0]).toEqual([0.5, 1]);
    expect(sigmoid(-1000)).toBe(0); // no NaN from e^1000 = Infinity
  });

  it('each derivative takes the activated output a', () => {
    expect(sigmoidPrime(sigmoid(0))).toBe(0.25);
    expect(tanhPrime(tanh(0))).toBe(1);
    expect(reluPrime(relu(-2))).toBe(0);
    expect(reluPrime(relu(3))).toBe(1);
    expect(identityPrime(identity(5))).toBe(1);
    expect(toArray(sigmoidPrime(fromArray([[0.5, 1]])))).toEqual([[0.25, 0]]);
  });

  it('each derivative matches a finite difference of its function', () => {
    const h = 1e-6;
    for (const z of [-2, -0.3, 0.4, 1.7]) {
      const numeric = (f: (x: number) => number) => (f(z + h) - f(z - h)) / (2 * h);
      expect(sigmoidPrime(sigmoid(z))).toBeCloseTo(numeric(sigmoid), 8);
      expect(tanhPrime(tanh(z))).toBeCloseTo(numeric(tanh), 8);
      expect(reluPrime(relu(z))).toBeCloseTo(numeric(relu), 8);
      expect(identityPrime(identity(z))).toBeCloseTo(numeric(identity), 8);
    }
  });

  it('activations report NaN in a matrix with its position', () => {
    const bad = zeros(2, 2);
    bad.data[3] = NaN;
    expect(() => sigmoid(bad)).toThrow('sigmoid: non-finite value NaN at row 1, column 1');
    expect(() => relu(bad)).toThrow('relu: non-finite value NaN at row 1, column 1');
  });

  it('softmax rows are positive, sum to 1, and survive large inputs', () => {
    const P = softmax(fromArray([[1, 2, 3], [1000, 1000, 1000]]));
    const rows = toArray(P);
    expect(rows[0].reduce((a, b) => a + b)).toBeCloseTo(1, 15);
    expect(rows[1]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(rows[0][2]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 15);
  });

  it('activate dispatches by name and rejects unknown names', () => {
    expect(toArray(activate('relu', fromArray([[-1, 2]])))).toEqual([[0, 2]]);
    expect(() => activate('swish' as never, zeros(1, 1))).toThrow(
      'activate: unknown activation "swish" (expected one of sigmoid, tanh, relu, identity, softmax)',
    );
  });
});
