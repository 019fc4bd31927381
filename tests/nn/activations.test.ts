import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  activate, fromArray, full, identity, identityPrime, multiply, rand, relu, reluPrime, sigmoid, sigmoidPrime, softmax,
  sumOfSquaresPrime, tanh, tanhPrime, toArray, zeros,
} from '../../src/nn/index.ts';
import { multiplyBySlopeInto } from '../../src/nn/activations.ts';
import { outputDeltaInto } from '../../src/nn/losses.ts';

describe('activations work on numbers and on matrices', () => {
  it('nested arrays are refused by name', () => {
    // They used to fail inside: "zeros: rows and columns must be whole numbers ≥ 0, got undefined×undefined".
    expect(() => sigmoid([[1]] as never)).toThrow('sigmoid: expected a number or a Matrix, got an array (make a Matrix with fromArray([[…], […]]))');
    expect(() => reluPrime(null as never)).toThrow('reluPrime: expected a number or a Matrix, got null');
  });

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

describe('each activation and its slope are written once', () => {
  // The readable functions, the training loop's in-place forms, the output layer's delta and
  // the article's fused loop must not each carry their own copy of a formula: a fix to one copy
  // would silently miss the others. kernels-wasm.ts is the one rewrite (SIMD), proven equal
  // bit for bit by tests/nn/kernels-wasm.test.ts.
  const dir = new URL('../../src/nn/', import.meta.url);
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'kernels-wasm.ts')
    .map((f) => ({ file: f, text: readFileSync(new URL(f, dir), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '') }));
  const where = (pattern: RegExp) =>
    sources.flatMap(({ file, text }) => (text.match(new RegExp(pattern.source, 'g')) ?? []).map(() => file));

  it.each([
    ['the sigmoid 1 / (1 + e^(−z))', /1 \/ \(1 \+ exp\(-/],
    ['the sigmoid slope a(1 − a)', /(\w+(?:\[[^\]]+\])?) \* \(1 - \1\)/],
    ['tanh', /portableTanh\(/],
    ['the tanh slope 1 − a²', /1 - (\w+(?:\[[^\]]+\])?) \* \1(?![\w[])/],
    ['the ReLU max(0, z)', /<= 0\) \?/],
  ])('%s appears once in src/nn', (_name, pattern) => {
    expect(where(pattern)).toEqual(['activations.ts']);
  });

  it('activate, multiplyBySlopeInto and the output delta give what the readable functions give, bit for bit', () => {
    const Z = rand(5, 7, 3);
    for (let i = 0; i < Z.data.length; i++) Z.data[i] = 8 * Z.data[i] - 4;
    const pairs = [['sigmoid', sigmoid, sigmoidPrime], ['tanh', tanh, tanhPrime], ['relu', relu, reluPrime], ['identity', identity, identityPrime]] as const;
    for (const [name, f, fPrime] of pairs) {
      const A = f(Z);
      expect(activate(name, Z).data).toEqual(A.data);
      const ones = full(5, 7, 1);
      expect(multiplyBySlopeInto(name, A, ones).data).toEqual(fPrime(A).data);
      const Y = rand(5, 7, 4);
      const delta = outputDeltaInto('sumOfSquares', name, A, Y, zeros(5, 7));
      expect(delta.data).toEqual(multiply(sumOfSquaresPrime(A, Y), fPrime(A)).data);
    }
  });
});
