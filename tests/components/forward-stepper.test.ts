import { describe, expect, it } from 'vitest';
import { computeStepperData, fmt, renderSteps, stepContent, STEP_COUNT } from '../../components/widgets/forward-stepper-model.ts';
import { NeuralNetwork, articleData, matmul, toArray } from '../../src/nn/index.ts';

describe('forward stepper: the numbers', () => {
  it.each([1, 2, 42])('shows what NeuralNetwork computes for seed %i', (seed) => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed });
    net.feedforward();
    const d = computeStepperData(seed);
    expect(d.W1).toEqual(toArray(net.weights1));
    expect(d.W2).toEqual(toArray(net.weights2));
    expect(d.z1).toEqual(toArray(matmul(net.input, net.weights1)));
    expect(d.a1).toEqual(toArray(net.layer1));
    expect(d.z2).toEqual(toArray(matmul(net.layer1, net.weights2)));
    expect(d.yHat).toEqual(toArray(net.output));
    expect(d.X).toEqual(toArray(X));
    expect(d.y).toEqual(toArray(y));
  });

  it('draws different weights for a different seed', () => {
    expect(computeStepperData(2).W1).not.toEqual(computeStepperData(1).W1);
  });
});

describe('forward stepper: the markup', () => {
  const d = computeStepperData(1);

  it('renders every step, with only the current one marked', () => {
    const html = renderSteps(d, 0, 1);
    expect(html.match(/class="fs-step"/g)).toHaveLength(STEP_COUNT);
    expect(html.match(/data-current/g)).toHaveLength(1);
    expect(html).toMatch(/data-step="0" data-current/);
    expect(renderSteps(d, 3, 1)).toMatch(/data-step="3" data-current/);
  });

  it('highlights the followed sample’s row in every matrix that has one row per sample', () => {
    const { tables } = stepContent(d, 1, 2); // X · W₁ = z₁, following sample 3
    expect(tables.match(/<tr class="fs-row"><th scope="row">sample 3<\/th>/g)).toHaveLength(2); // X and z₁, not W₁
  });

  it('works the example with the numbers of the followed row', () => {
    const s = 1; // sample 2 = (0, 1, 1)
    const { text } = stepContent(d, 1, s);
    expect(text).toContain(`0 × ${fmt(d.W1[0][0])} + 1 × ${fmt(d.W1[1][0])} + 1 × ${fmt(d.W1[2][0])} = ${fmt(d.z1[s][0])}`);
    expect(stepContent(d, 2, s).text).toContain(`σ(${fmt(d.z1[s][0])}) = ${fmt(d.a1[s][0])}`);
    expect(stepContent(d, 3, s).text).toContain(`= ${fmt(d.z2[s][0])}`);
    expect(stepContent(d, 4, s).text).toContain(`σ(${fmt(d.z2[s][0])}) = ${fmt(d.yHat[s][0])}`);
    expect(stepContent(d, 4, s).text).toContain('whose target is 1');
  });

  it('prints data as whole numbers and everything else with three decimals', () => {
    expect(stepContent(d, 0, 0).tables).toContain('<td>1</td>');
    expect(stepContent(d, 0, 0).tables).not.toContain('1.000');
    expect(fmt(-0.0001)).toBe('0.000');
    expect(fmt(-0.25)).toBe('−0.250');
  });
});
