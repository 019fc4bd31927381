import { describe, expect, it } from 'vitest';
import { currentText, EXPRESSIONS, forwardText, graphState, graphSvg, layout, stepText, W, BW } from '../../components/widgets/autograd-graph-model.ts';
import { backpropagate, scalar } from '../../src/nn/index.ts';

describe('autograd graph: the numbers', () => {
  it('ends every expression with the gradients of nn’s backpropagate, for its default and other inputs', () => {
    for (const e of EXPRESSIONS) {
      for (const shift of [0, 0.37]) {
        const values = Object.fromEntries(e.leaves.map((l) => [l.name, l.value + shift]));
        const s = graphState(e.id, values);
        const leaves = Object.fromEntries(e.leaves.map((l) => [l.name, scalar(values[l.name])]));
        const order = backpropagate(e.build(leaves));
        expect(s.grads.at(-1), `${e.id} + ${shift}`).toEqual(order.map((n) => n.grad));
        expect(s.nodes.map((n) => n.value)).toEqual(order.map((n) => n.value));
      }
    }
  });

  it('agrees with finite differences for every input of every expression', () => {
    for (const e of EXPRESSIONS) {
      const s = graphState(e.id);
      const h = 1e-6;
      for (const leaf of e.leaves) {
        const at = (v: number) => graphState(e.id, { ...s.values, [leaf.name]: v }).nodes.at(-1)!.value;
        const i = s.nodes.findIndex((n) => n.label === leaf.label && n.inputs.length === 0);
        expect(s.grads.at(-1)![i], `${e.id}: ∂/∂${leaf.label}`).toBeCloseTo((at(leaf.value + h) - at(leaf.value - h)) / (2 * h), 7);
      }
    }
  });

  it('shows a value used three times collecting three contributions: u·u + u at u = 3 gives 3 + 3 + 1 = 7', () => {
    const s = graphState('twice');
    const u = s.nodes.findIndex((n) => n.label === 'u');
    const received = s.steps.flatMap((st) => st.sends.filter((send) => send.to === u).map((send) => send.amount));
    expect(received.sort()).toEqual([1, 3, 3]);
    expect(s.grads.at(-1)![u]).toBe(7);
    expect(stepText(s, 3)).toBe('Step 3: p = u·u has ∂f/∂p = 1; it sends 1 × 3 = 3 to u (∂f/∂u is now 4) and 1 × 3 = 3 to u (∂f/∂u is now 7).');
  });

  it('refuses an unknown expression and a value that is not finite, saying which', () => {
    expect(() => graphState('nope')).toThrow('autograd graph: unknown expression "nope"; the expressions are twice, neuron, batch');
    expect(() => graphState('twice', { u: Number.NaN })).toThrow('scalar: the value must be a finite number, got NaN');
  });
});

describe('autograd graph: text and drawing', () => {
  it('narrates the forward pass, the start, each operation, then the inputs’ gradients', () => {
    const s = graphState('neuron');
    expect(forwardText(s)).toBe('Forward pass: y = 1, x = 1.5, w = 0.8, z = x·w = 1.2, a = σ(z) = 0.769, e = y − a = 0.231, 𝓛 = e² = 0.0536.');
    expect(currentText(s, 0)).toMatch(/Press Step backward to start the backward pass\.$/);
    expect(stepText(s, 1)).toBe('Step 1: start at the output: ∂𝓛/∂𝓛 = 1.');
    expect(currentText(s, s.steps.length)).toMatch(/The backward pass is complete: ∂𝓛\/∂y = 0.463, ∂𝓛\/∂x = −0.0659, ∂𝓛\/∂w = −0.124\.$/);
  });

  it('marks the node being processed and the edges it sends along, and describes the graph', () => {
    const s = graphState('twice');
    const svg = graphSvg(s, 3, 'ag');
    expect(svg).toContain('role="img"');
    expect(svg.match(/ag-edge-active/g)).toHaveLength(2);   // p sends along both of its edges from u
    expect(svg).toMatch(/<g class="ag-node ag-done ag-current"><rect[^>]*\/><text class="ag-val"[^>]*>p = 9/);
    expect(svg).toContain('Backward pass, 3 of 3 steps: ∂f/∂u = 7, ∂f/∂p = 1, ∂f/∂f = 1.');
    expect(graphSvg(s, 0, 'ag')).not.toContain('ag-grad');
  });

  it('lays every graph out inside the figure, one row per level, with no two boxes overlapping', () => {
    for (const e of EXPRESSIONS) {
      const s = graphState(e.id);
      const boxes = layout(s);
      for (const [i, b] of boxes.entries()) {
        expect(b.x - BW / 2).toBeGreaterThanOrEqual(0);
        expect(b.x + BW / 2).toBeLessThanOrEqual(W);
        for (const [j, c] of boxes.entries()) if (j !== i && c.row === b.row) expect(Math.abs(c.x - b.x)).toBeGreaterThanOrEqual(BW);
        for (const input of s.nodes[i].inputs) expect(boxes[s.nodes.indexOf(input)].row).toBeLessThan(b.row);
      }
    }
  });
});

describe('autograd graph: edges', () => {
  it('draws an edge that skips a row around the boxes between, not through them (u → f in u·u + u)', () => {
    const s = graphState('twice');
    const boxes = layout(s);
    const svg = graphSvg(s, 0, 'ag');
    const paths = [...svg.matchAll(/<path class="ag-edge[^"]*" marker-end="[^"]*" d="([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(4);   // u → p twice, p → f, u → f
    const p = s.nodes.findIndex((n) => n.label === 'p');
    // The cubic's points, sampled: none may fall inside p's box.
    const cubic = paths.find((d) => d.includes('C'))!;
    const [x0, y0, c1x, c1y, c2x, c2y, x3, y3] = cubic.match(/-?[\d.]+/g)!.map(Number);
    for (let t = 0; t <= 1; t += 0.05) {
      const m = 1 - t;
      const x = m ** 3 * x0 + 3 * m * m * t * c1x + 3 * m * t * t * c2x + t ** 3 * x3;
      const y = m ** 3 * y0 + 3 * m * m * t * c1y + 3 * m * t * t * c2y + t ** 3 * y3;
      const inside = Math.abs(x - boxes[p].x) < BW / 2 && Math.abs(y - boxes[p].y) < 20;
      expect(inside, `(${x.toFixed(1)}, ${y.toFixed(1)})`).toBe(false);
    }
  });
});
