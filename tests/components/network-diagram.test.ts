import { describe, expect, it } from 'vitest';
import { EXPLORER, FIGURE, layoutNetwork, neuronName } from '../../components/widgets/network-diagram-model.ts';
import { buildNetwork, renderDiagram, START } from '../../components/widgets/architecture-explorer-model.ts';

describe('network diagram model (the one layout of a network drawing)', () => {
  it('puts one column per layer and spreads the figure’s rows over its whole height', () => {
    const d = layoutNetwork([3, 4, 1], { geometry: FIGURE });
    expect([...new Set(d.nodes.map((n) => n.x))]).toEqual([40, 210, 380]);
    expect(d.nodes.filter((n) => n.layer === 1).map((n) => n.y)).toEqual([28, 92.7, 157.3, 222]);
    expect(d.nodes.filter((n) => n.layer === 2).map((n) => n.y)).toEqual([125]);
    expect(d.edges).toHaveLength(3 * 4 + 4 * 1);
    expect(d.edges[5]).toMatchObject({
      layer: 0,
      from: 1,
      to: 1,
      x1: 40,
      y1: 125,
      x2: 210,
      y2: 92.7,
      strokeWidth: 1.2,
    });
    expect(d.captions.map((c) => c.text)).toEqual(['input', 'hidden', 'output']);
    expect(d.radius).toBe(15);
  });

  it('keeps the explorer’s small layers together (rows at most 56 apart) and shrinks crowded neurons', () => {
    const d = layoutNetwork([3, 4, 1], { geometry: EXPLORER });
    expect(d.nodes.filter((n) => n.layer === 1).map((n) => n.y)).toEqual([44, 100, 156, 212]);
    expect(layoutNetwork([2, 6, 3, 1], { geometry: EXPLORER }).radius).toBe(12);
    expect(layoutNetwork([2, 6, 3, 1]).captions.map((c) => c.text)).toEqual([
      'input',
      'hidden 1',
      'hidden 2',
      'output',
    ]);
  });

  it('draws a weight’s size as thickness: 0.7 for zero, 4 for the largest, whatever the sign', () => {
    const W = [
      [
        [0, -2],
        [1, 2],
      ],
      [[0.5], [-1]],
    ];
    const d = layoutNetwork([2, 2, 1], { weight: (l, i, j) => W[l][i][j] });
    expect(d.edges.map((e) => [e.weight, e.strokeWidth])).toEqual([
      [0, 0.7],
      [-2, 4],
      [1, 2.35],
      [2, 4],
      [0.5, 1.53],
      [-1, 2.35],
    ]);
  });

  it('names neurons as the chapters do: x, then h, g… for hidden layers, ŷ for the output', () => {
    const sizes = [3, 4, 2, 1];
    expect(
      [
        [0, 0],
        [1, 1],
        [2, 0],
        [3, 0],
      ].map(([l, j]) => neuronName(sizes, l, j)),
    ).toEqual(['x₁', 'h₂', 'g₁', 'ŷ']);
    expect(neuronName([3, 2], 1, 1)).toBe('ŷ₂');
    expect(neuronName([2, 1, 1, 1, 1, 1, 1, 1], 6, 0)).toBe('b₁');
  });

  it('refuses sizes it cannot draw, naming them', () => {
    expect(() => layoutNetwork([3])).toThrow(
      'network diagram: layer sizes must be two or more whole numbers from 1 (got [3])',
    );
    expect(() => layoutNetwork([3, 0, 1])).toThrow('(got [3, 0, 1])');
    expect(() => layoutNetwork([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toThrow(
      'network diagram: at most 6 hidden layers can be named (got 8 in [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])',
    );
  });

  it('is what the architecture explorer draws: its circles and lines sit where the layout puts them', () => {
    const net = buildNetwork(START);
    const d = layoutNetwork([3, 4, 1], {
      geometry: EXPLORER,
      weight: (l, i, j) => net.layers[l].W.data[i * net.layers[l].W.cols + j],
    });
    const svg = renderDiagram(net, 't');
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="(\d+)"/g)].map((m) =>
      m.slice(1).map(Number),
    );
    expect(circles).toEqual(d.nodes.map((n) => [n.x, n.y, d.radius]));
    const widths = [...svg.matchAll(/class="ae-line" [^>]*stroke-width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual(d.edges.map((e) => e.strokeWidth));
  });
});
