import { describe, expect, it } from 'vitest';
import { backSteps, currentText, graphState, graphSvg, NAMES, START, stepText, STEP_COUNT } from '../../components/widgets/backprop-graph-model.ts';
import { sigmoid } from '../../src/nn/index.ts';

describe('backprop graph: the numbers', () => {
  it('runs the forward pass of x → z₁ → a₁ → z₂ → ŷ → 𝓛', () => {
    const s = graphState({ x: 1, y: 1, w1: 0.5, w2: -1 });
    expect(s.value.z1).toBeCloseTo(0.5, 12);
    expect(s.value.a1).toBeCloseTo(sigmoid(0.5), 12);
    expect(s.value.yHat).toBeCloseTo(sigmoid(-sigmoid(0.5)), 12);
    expect(s.value.L).toBeCloseTo((1 - s.value.yHat) ** 2, 12);
  });

  it('forms every slope as (slope so far) × (local derivative), matching nn’s backward()', () => {
    for (const inputs of [START, { x: -1.3, y: 0, w1: 2.1, w2: 0.4 }]) {
      const s = graphState(inputs);
      for (const st of backSteps(s)) {
        const before = st.from === null ? 1 : s.grad[st.from as keyof typeof s.grad];
        expect(before * st.local).toBeCloseTo(s.grad[st.node], 12);
      }
    }
  });

  it('agrees with finite differences for both weights', () => {
    const inputs = { x: 0.7, y: 0, w1: -1.2, w2: 1.8 };
    const s = graphState(inputs);
    const h = 1e-6;
    const loss = (w1: number, w2: number) => graphState({ ...inputs, w1, w2 }).value.L;
    expect(s.grad.w1).toBeCloseTo((loss(inputs.w1 + h, inputs.w2) - loss(inputs.w1 - h, inputs.w2)) / (2 * h), 8);
    expect(s.grad.w2).toBeCloseTo((loss(inputs.w1, inputs.w2 + h) - loss(inputs.w1, inputs.w2 - h)) / (2 * h), 8);
  });
});

describe('backprop graph: text and drawing', () => {
  it('narrates the forward pass, then each product, then completion', () => {
    const s = graphState(START);
    expect(currentText(s, 0)).toMatch(/^Forward pass: x = 1, z₁ = x·w₁ = 0.5, a₁ = σ\(z₁\) = 0.622/);
    expect(stepText(s, 1)).toBe('Step 2: ∂𝓛/∂ŷ = ∂𝓛/∂𝓛 × 2(ŷ − y) = 1 × (−1.3) = −1.3.');
    expect(stepText(s, 3)).toContain('This is the gradient for the weight w₂.');
    expect(stepText(s, 2)).toBe('Step 3: ∂𝓛/∂z₂ = ∂𝓛/∂ŷ × ∂ŷ/∂z₂ = (−1.3) × 0.227 = −0.296, where ∂ŷ/∂z₂ = σ′(z₂) = ŷ(1 − ŷ).');
    expect(currentText(s, STEP_COUNT)).toContain('The backward pass is complete');
  });

  it('writes every chain-rule step as a true chain: ∂𝓛/∂node = ∂𝓛/∂from × ∂from/∂node, the local derivative named', () => {
    const s = graphState(START);
    for (const [k, st] of backSteps(s).entries()) {
      if (st.from === null || st.from === 'L') continue;
      const node = NAMES[st.node], from = NAMES[st.from];
      const text = stepText(s, k);
      // The product's second factor is the local derivative ∂from/∂node, not a formula set equal
      // to the whole chain (which would claim ∂𝓛/∂z₂ = σ′(z₂)).
      expect(text.startsWith(`Step ${k + 1}: ∂𝓛/∂${node} = ∂𝓛/∂${from} × ∂${from}/∂${node} = `), text).toBe(true);
      expect(text, text).toMatch(new RegExp(`, where ∂${from}/∂${node} = [^=]+( = [^=]+)?\\.`));
    }
  });

  it('marks the current node and the edge used, and describes the graph', () => {
    const s = graphState(START);
    const svg = graphSvg(s, 3, 'bg');
    expect(svg).toContain('role="img"');
    expect(svg.match(/bg-edge-active/g)).toHaveLength(1);
    expect(svg).toMatch(/<g class="bg-node bg-done bg-current"><rect[^>]*\/><text class="bg-val"[^>]*>z₂ = −0.622/);
    expect(svg.match(/class="bg-grad"/g)).toHaveLength(3);
    expect(svg).toContain('Backward pass, 3 of 7 steps: ∂𝓛/∂𝓛 = 1, ∂𝓛/∂ŷ = −1.3, ∂𝓛/∂z₂ = −0.296.');
    expect(graphSvg(s, 0, 'bg')).not.toContain('bg-grad');
  });
});
