import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { activationNames, chartLabel, neuronChart, neuronState, num, summaryText, START } from '../../components/widgets/neuron-sliders-model.ts';
import { createDocument } from '../../src/notebook/dom.ts';
import { sigmoid } from '../../src/nn/index.ts';

describe('one neuron with sliders', () => {
  it('computes z = w·x + b, a = σ(z) and σ′(z) = a(1 − a) with src/nn', () => {
    const s = neuronState({ x: 1.5, w: -2, b: 0.5 });
    expect(s.z).toBeCloseTo(-2.5, 12);
    expect(s.a).toBe(sigmoid(-2.5));
    expect(s.slope).toBeCloseTo(s.a * (1 - s.a), 15);
  });

  it('says where the neuron sits on the curve', () => {
    expect(summaryText(neuronState({ x: 0, w: 0, b: 0 }))).toContain('steep middle');
    expect(summaryText(neuronState({ x: 2, w: 4, b: 4 }))).toContain('saturated near 1');
    expect(summaryText(neuronState({ x: 2, w: -4, b: -4 }))).toContain('saturated near 0');
    expect(summaryText(neuronState(START))).toContain('z = 1.00');
  });

  it('writes numbers with a real minus sign and never “−0.0”', () => {
    expect(num(-1.5, 1)).toBe('−1.5');
    expect(num(-0.01, 1)).toBe('0.0');
  });

  it('draws both curves and the current point with Plot on a server-side document', () => {
    const svg = neuronChart(Plot, createDocument(), neuronState(START));
    const html = svg.outerHTML;
    expect(html.startsWith('<svg')).toBe(true);
    expect(html.match(/<path/g)!.length).toBeGreaterThanOrEqual(2);
    expect(html.match(/<circle/g)).toHaveLength(2);
    expect(chartLabel(neuronState(START))).toContain('z = 1.00');
  });

  it('with the step function: output 0 or 1, slope 0, and says why gradient descent gets no signal', () => {
    const on = neuronState({ ...START, step: true });          // z = 1
    expect([on.a, on.slope]).toEqual([1, 0]);
    const off = neuronState({ x: 1, w: 2, b: -2.1, step: true });   // z = −0.1
    expect([off.a, off.slope]).toEqual([0, 0]);
    expect(summaryText(on)).toBe('With x = 1.0, w = 2.0 and b = −1.0, the weighted input is z = 1.00, the output is a = 1.000 ' +
      'and the slope is 0.000. The step function jumps from 0 to 1 at z = 0 and is flat everywhere else: a small change of w or b ' +
      'changes the output not at all, or all at once, and its slope is 0 (at z = 0 it has none). Gradient descent, which follows the slope, gets no signal.');
    expect(activationNames(on)).toEqual({ a: 'a = step(z)', slope: 'slope of step(z)' });
    expect(activationNames(neuronState(START))).toEqual({ a: 'a = σ(z)', slope: 'σ′(z) = a(1 − a)' });
    expect(chartLabel(on)).toMatch(/^Chart of the step function, 0 for z < 0 and 1 from z = 0 on, and its slope, 0 everywhere/);
    const html = neuronChart(Plot, createDocument(), on).outerHTML;
    expect(html).toContain('step(z)');
    expect(html).not.toContain('σ(z)');
  });
});
