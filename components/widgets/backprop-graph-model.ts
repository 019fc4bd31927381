// The computational graph of chapter 7: one sample through a 1-1-1 network with scalar weights,
//   x → z₁ = x·w₁ → a₁ = σ(z₁) → z₂ = a₁·w₂ → ŷ = σ(z₂) → 𝓛 = (y − ŷ)²,
// forward values from nn's forward(), gradients from nn's backward() and sumOfSquaresPrime(), and
// the backward pass as seven steps, each "slope so far × local derivative". No DOM: the server
// (BackpropGraph.astro), the browser (backprop-graph.ts) and the tests share it.

import { backward, createNetwork, forward } from '../../src/nn/network.ts';
import { sumOfSquaresPrime } from '../../src/nn/losses.ts';
import { fromArray, matmul, transpose } from '../../src/nn/matrix.ts';
import { formatReading } from '../../src/lib/numbers.ts';

export interface GraphInputs { x: number; y: number; w1: number; w2: number }
export const START: GraphInputs = { x: 1, y: 1, w1: 0.5, w2: -1 };
export const RANGES = {
  x: { min: -2, max: 2, step: 0.1, label: 'Input x' },
  w1: { min: -3, max: 3, step: 0.1, label: 'Weight w₁' },
  w2: { min: -3, max: 3, step: 0.1, label: 'Weight w₂' },
} as const;

export type NodeId = 'x' | 'w1' | 'z1' | 'a1' | 'w2' | 'z2' | 'yHat' | 'y' | 'L';

export interface GraphState {
  inputs: GraphInputs;
  value: Record<NodeId, number>;
  /** ∂𝓛/∂(node) for every node the backward pass reaches. */
  grad: Record<Exclude<NodeId, 'x' | 'y'>, number>;
}

/** Forward and backward through the module's general network (no biases, sigmoid layers). */
export function graphState(inputs: GraphInputs): GraphState {
  const net = createNetwork({ inputSize: 1, layers: [{ size: 1, activation: 'sigmoid' }, { size: 1, activation: 'sigmoid' }], biases: false });
  net.layers[0].W.data[0] = inputs.w1;
  net.layers[1].W.data[0] = inputs.w2;
  const X = fromArray([[inputs.x]]), Y = fromArray([[inputs.y]]);
  const trace = forward(net, X);
  const g = backward(net, trace, Y, 'sumOfSquares');
  const yHat = trace.output.data[0];
  return {
    inputs,
    value: {
      x: inputs.x, w1: inputs.w1, z1: trace.zs[0].data[0], a1: trace.as[0].data[0],
      w2: inputs.w2, z2: trace.zs[1].data[0], yHat, y: inputs.y, L: (inputs.y - yHat) ** 2,
    },
    grad: {
      L: 1,
      yHat: sumOfSquaresPrime(trace.output, Y).data[0],                 // 2(ŷ − y)
      z2: g.deltas[1].data[0],                                          // δ₂
      w2: g.dW[1].data[0],                                              // a₁ · δ₂
      a1: matmul(g.deltas[1], transpose(net.layers[1].W)).data[0],      // δ₂ · w₂
      z1: g.deltas[0].data[0],                                          // δ₁
      w1: g.dW[0].data[0],                                              // x · δ₁
    },
  };
}

export interface BackStep {
  node: Exclude<NodeId, 'x' | 'y'>;
  /** The node one step closer to the loss, whose slope we multiply (null for 𝓛 itself). */
  from: NodeId | null;
  /**
   * The local derivative ∂from/∂node as a formula (σ′(z₂) = ŷ(1 − ŷ)) and as a number. The step's
   * text names it ∂from/∂node in the product and gives the formula after "where", so every "=" in
   * the sentence is true.
   */
  localText: string;
  local: number;
}

/** The seven steps of the backward pass, in order. */
export function backSteps(s: GraphState): BackStep[] {
  const v = s.value;
  return [
    { node: 'L', from: null, localText: '1', local: 1 },
    { node: 'yHat', from: 'L', localText: '2(ŷ − y)', local: 2 * (v.yHat - v.y) },
    { node: 'z2', from: 'yHat', localText: 'σ′(z₂) = ŷ(1 − ŷ)', local: v.yHat * (1 - v.yHat) },
    { node: 'w2', from: 'z2', localText: 'a₁', local: v.a1 },
    { node: 'a1', from: 'z2', localText: 'w₂', local: v.w2 },
    { node: 'z1', from: 'a1', localText: 'σ′(z₁) = a₁(1 − a₁)', local: v.a1 * (1 - v.a1) },
    { node: 'w1', from: 'z1', localText: 'x', local: v.x },
  ];
}
export const STEP_COUNT = 7;

export const NAMES: Record<NodeId, string> = { x: 'x', w1: 'w₁', z1: 'z₁', a1: 'a₁', w2: 'w₂', z2: 'z₂', yHat: 'ŷ', y: 'y', L: '𝓛' };

/** 3 significant digits, a real minus sign, "1.23 × 10⁻⁴" outside 0.001 to 10,000. */
export const num = (v: number): string => formatReading(v, { significant: 3, scientificFrom: 1e4 });
const paren = (v: number) => (v < 0 ? `(${num(v)})` : num(v));

/** One step in words: the slope formed, as a product, with its numbers. */
export function stepText(s: GraphState, k: number): string {
  const step = backSteps(s)[k];
  const name = NAMES[step.node];
  if (step.from === null) return `Step 1: start at the loss. Its slope with respect to itself is ∂𝓛/∂𝓛 = 1.`;
  const before = s.grad[step.from as keyof GraphState['grad']];
  const result = s.grad[step.node];
  const what = step.node === 'w1' || step.node === 'w2' ? ` This is the gradient for the weight ${name}.` : '';
  // The loss's own local derivative, 2(ŷ − y), is written as it is: its name would be ∂𝓛/∂ŷ again.
  if (step.from === 'L') {
    return `Step ${k + 1}: ∂𝓛/∂${name} = ∂𝓛/∂𝓛 × ${step.localText} = ${paren(before)} × ${paren(step.local)} = ${num(result)}.${what}`;
  }
  const local = `∂${NAMES[step.from]}/∂${name}`;
  return `Step ${k + 1}: ∂𝓛/∂${name} = ∂𝓛/∂${NAMES[step.from]} × ${local} = ${paren(before)} × ${paren(step.local)} = ${num(result)}, ` +
    `where ${local} = ${step.localText}.${what}`;
}

/** The sentence before any backward step: the forward pass in numbers. */
export function forwardText(s: GraphState): string {
  const v = s.value;
  return `Forward pass: x = ${num(v.x)}, z₁ = x·w₁ = ${num(v.z1)}, a₁ = σ(z₁) = ${num(v.a1)}, z₂ = a₁·w₂ = ${num(v.z2)}, ` +
    `ŷ = σ(z₂) = ${num(v.yHat)}; against the target y = ${num(v.y)} the loss is 𝓛 = (y − ŷ)² = ${num(v.L)}. Press Step backward to start the backward pass.`;
}

export function currentText(s: GraphState, k: number): string {
  if (k === 0) return forwardText(s);
  const text = stepText(s, k - 1);
  return k === STEP_COUNT ? `${text} The backward pass is complete: both weights have their gradient.` : text;
}

// ── Drawing ─────────────────────────────────────────────────────────────────────────────────

const W = 360, H = 312, BW = 100, BH = 58;
const POS: Record<NodeId, [number, number]> = {
  w1: [180, 34], x: [60, 116], z1: [180, 116], a1: [300, 116],
  z2: [60, 200], yHat: [180, 200], L: [300, 200], w2: [60, 278], y: [300, 278],
};
const EDGES: [NodeId, NodeId][] = [['x', 'z1'], ['w1', 'z1'], ['z1', 'a1'], ['a1', 'z2'], ['w2', 'z2'], ['z2', 'yHat'], ['yHat', 'L'], ['y', 'L']];

function edgeEnds(a: NodeId, b: NodeId): [number, number, number, number] {
  const [x1, y1] = POS[a], [x2, y2] = POS[b];
  if (y1 === y2) return [x1 + (x2 > x1 ? BW / 2 : -BW / 2), y1, x2 - (x2 > x1 ? BW / 2 : -BW / 2), y2];
  if (x1 === x2) return [x1, y1 + (y2 > y1 ? BH / 2 : -BH / 2), x2, y2 - (y2 > y1 ? BH / 2 : -BH / 2)];
  return [x1 - BW / 4, y1 + BH / 2, x2 + BW / 4, y2 - BH / 2]; // a₁ → z₂, down to the next row
}

/** The graph as SVG after k backward steps (0 = forward pass only). */
export function graphSvg(s: GraphState, k: number, id: string): string {
  const steps = backSteps(s);
  const done = new Set(steps.slice(0, k).map((st) => st.node));
  const current = k > 0 ? steps[k - 1] : null;
  const activeEdge = current && current.from ? [current.node, current.from] : null;
  const edges = EDGES.map(([a, b]) => {
    const [x1, y1, x2, y2] = edgeEnds(a, b);
    const active = activeEdge && activeEdge.includes(a) && activeEdge.includes(b);
    return `<line class="bg-edge${active ? ' bg-edge-active' : ''}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#${id}-arrow)" />`;
  }).join('');
  const nodes = (Object.keys(POS) as NodeId[]).map((id) => {
    const [cx, cy] = POS[id];
    const isParam = id === 'w1' || id === 'w2';
    const isData = id === 'x' || id === 'y';
    const cls = ['bg-node', isParam ? 'bg-param' : '', isData ? 'bg-data' : '', done.has(id as BackStep['node']) ? 'bg-done' : '', current?.node === id ? 'bg-current' : '', current?.from === id ? 'bg-from' : ''].filter(Boolean).join(' ');
    const g = done.has(id as BackStep['node']) ? `<text class="bg-grad" x="${cx}" y="${cy + 20}">∂𝓛: ${num(s.grad[id as keyof GraphState['grad']])}</text>` : '';
    return `<g class="${cls}"><rect x="${cx - BW / 2}" y="${cy - BH / 2}" width="${BW}" height="${BH}" rx="8" />` +
      `<text class="bg-val" x="${cx}" y="${cy - (g ? 4 : -5)}">${NAMES[id]} = ${num(s.value[id])}</text>${g}</g>`;
  }).join('');
  const desc = k === 0 ? forwardText(s) : `${forwardText(s).replace(/ Press Step backward.*$/, '')} Backward pass, ${k} of ${STEP_COUNT} steps: ${steps.slice(0, k).map((st) => `∂𝓛/∂${NAMES[st.node]} = ${num(s.grad[st.node])}`).join(', ')}.`;
  return `<svg class="bg-svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">Computational graph of one sample through a network with one neuron per layer</title><desc id="${id}-desc">${desc}</desc>` +
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="bg-arrowhead" /></marker></defs>` +
    `${edges}${nodes}</svg>`;
}
