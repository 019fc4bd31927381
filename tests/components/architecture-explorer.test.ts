import { describe, expect, it } from 'vitest';
import {
  buildNetwork, clampField, countParameters, countText, edgeText, renderDiagram, sizesOf, START,
} from '../../components/widgets/architecture-explorer-model.ts';
import { NeuralNetwork, articleData } from '../../src/nn/index.ts';

describe('architecture explorer', () => {
  it('starts as the article network: its weights are NeuralNetwork(seed 1)’s W₁ and W₂', () => {
    const net = buildNetwork(START);
    const { X, y } = articleData();
    const article = new NeuralNetwork(X, y, { seed: 1 });
    expect(Array.from(net.layers[0].W.data)).toEqual(Array.from(article.weights1.data));
    expect(Array.from(net.layers[1].W.data)).toEqual(Array.from(article.weights2.data));
  });

  it('counts weights and biases from the network’s own matrices', () => {
    expect(countParameters(buildNetwork(START))).toMatchObject({ weights: 16, biases: 0, total: 16 });
    const deep = { ...START, inputs: 2, hidden1: 3, hidden2: 3, outputs: 1, biases: true };
    expect(sizesOf(deep)).toEqual([2, 3, 3, 1]);
    expect(countParameters(buildNetwork(deep))).toMatchObject({ weights: 2 * 3 + 3 * 3 + 3 * 1, biases: 7, total: 25 });
    expect(countText(buildNetwork(deep))).toBe('18 weights (2×3 + 3×3 + 3×1) and 7 biases (3 + 3 + 1): 25 numbers to learn.');
  });

  it('names a connection by its place in the weight matrix, with the weight to 3 decimals', () => {
    const net = buildNetwork(START);
    const w = net.layers[0].W.data[2 * 4 + 1]; // row 3, column 2 of W₁
    expect(edgeText(net, 0, 2, 1)).toBe(
      `x₃ → h₂: weight ${w.toFixed(3)}. It is w₃₂ of W₁ (row 3, column 2), from input 3 to hidden layer 1 neuron 2.`,
    );
  });

  it('draws one focusable connection per weight, with only the first in the tab order', () => {
    const svg = renderDiagram(buildNetwork({ ...START, hidden2: 2 }), 't');
    expect(svg.match(/class="ae-edge[ "]/g)).toHaveLength(3 * 4 + 4 * 2 + 2 * 1);
    expect(svg.match(/tabindex="0"/g)).toHaveLength(1);
    expect(svg).toContain('<title id="t-title">');
  });

  it('keeps sizes within their limits', () => {
    expect(clampField('inputs', 0)).toBe(1);
    expect(clampField('hidden2', -1)).toBe(0);
    expect(clampField('outputs', 99)).toBe(4);
  });
});
