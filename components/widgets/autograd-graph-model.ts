// The autograd graph of chapter 8 without the DOM: an expression the reader chooses, built with
// nn's autograd engine (scalar, plus, times, …), laid out as a graph, and its backward pass
// unrolled into steps: first ∂out/∂out = 1, then one step per operation, from the output back,
// in which the node sends (its gradient × local derivative) to each of its inputs. A value used
// more than once receives one contribution per use, and the steps show the sum growing. The
// server (AutogradGraph.astro), the browser (autograd-graph.ts) and the tests share it.

import { minus, plus, scalar, sigmoidOf, squareOf, times, topologicalOrder, type Scalar } from '../../src/nn/autograd.ts';
import { num } from './backprop-graph-model.ts';
import { escapeHtml } from '../../src/lib/html.ts';

export { num };

export interface Leaf { name: string; value: number; label: string }

export interface Expression {
  id: string;
  /** As the reader sees it in the menu and the figure's title. */
  title: string;
  /** The name of the output, for ∂out/∂(node). */
  out: string;
  /** The numbers it starts from, each editable. */
  leaves: Leaf[];
  /** Builds the graph from the leaves' Scalars (by name), naming every node it makes. */
  build: (v: Record<string, Scalar>) => Scalar;
}

const named = (node: Scalar, label: string): Scalar => Object.assign(node, { label });

export const EXPRESSIONS: Expression[] = [
  {
    id: 'twice',
    title: 'f = u·u + u (u used three times)',
    out: 'f',
    leaves: [{ name: 'u', value: 3, label: 'u' }],
    build: ({ u }) => named(plus(named(times(u, u), 'p'), u), 'f'),
  },
  {
    id: 'neuron',
    title: '𝓛 = (y − σ(x·w))², chapter 7’s neuron',
    out: '𝓛',
    leaves: [{ name: 'x', value: 1.5, label: 'x' }, { name: 'w', value: 0.8, label: 'w' }, { name: 'y', value: 1, label: 'y' }],
    build: ({ x, w, y }) => {
      const z = named(times(x, w), 'z');
      const a = named(sigmoidOf(z), 'a');
      return named(squareOf(named(minus(y, a), 'e')), '𝓛');
    },
  },
  {
    id: 'batch',
    title: 'Two samples sharing w and b: 𝓛 = Σᵢ (yᵢ − σ(xᵢ·w + b))²',
    out: '𝓛',
    leaves: [
      { name: 'w', value: 0.7, label: 'w' }, { name: 'b', value: -0.3, label: 'b' },
      { name: 'x1', value: 0.5, label: 'x₁' }, { name: 'y1', value: 1, label: 'y₁' },
      { name: 'x2', value: -1.2, label: 'x₂' }, { name: 'y2', value: 0, label: 'y₂' },
    ],
    build: ({ w, b, x1, y1, x2, y2 }) => {
      const sample = (x: Scalar, y: Scalar, i: string) => {
        const z = named(plus(named(times(x, w), `m${i}`), b), `z${i}`);
        return named(squareOf(named(minus(y, named(sigmoidOf(z), `a${i}`)), `e${i}`)), `𝓛${i}`);
      };
      return named(plus(sample(x1, y1, '₁'), sample(x2, y2, '₂')), '𝓛');
    },
  },
];

export const START = { expression: 'twice' };

/** What one backward step does: the node, its gradient, and what it sends to each input. */
export interface Send { to: number; local: number; amount: number; after: number }
export interface Step { node: number; grad: number; sends: Send[] }

export interface GraphState {
  expression: Expression;
  values: Record<string, number>;
  /** Nodes in topological order (inputs first, the output last). */
  nodes: Scalar[];
  /** Step 0 sets ∂out/∂out = 1; step k ≥ 1 processes one operation, from the output back. */
  steps: Step[];
  /** grads[k][i]: node i's gradient after k steps (grads[0] is all zeros: the forward pass only). */
  grads: number[][];
}

/**
 * Builds the expression with the given leaf values and unrolls nn's backward pass into steps:
 * the same order and the same sums as `backpropagate` (tests check that the last step's gradients
 * are backpropagate's). Throws for an unknown expression id or a leaf value that is not finite
 * (scalar's message).
 */
export function graphState(id: string, values: Record<string, number> = {}): GraphState {
  const expression = EXPRESSIONS.find((e) => e.id === id);
  if (!expression) throw new Error(`autograd graph: unknown expression "${id}"; the expressions are ${EXPRESSIONS.map((e) => e.id).join(', ')}`);
  const leafValues = Object.fromEntries(expression.leaves.map((l) => [l.name, values[l.name] ?? l.value]));
  const leaves = Object.fromEntries(expression.leaves.map((l) => [l.name, scalar(leafValues[l.name], l.label)]));
  const output = expression.build(leaves);
  const nodes = topologicalOrder(output);
  const index = new Map(nodes.map((n, i) => [n, i]));
  const grad = nodes.map(() => 0);
  const grads = [grad.slice()];
  grad[nodes.length - 1] = 1;
  const steps: Step[] = [{ node: nodes.length - 1, grad: 1, sends: [] }];
  grads.push(grad.slice());
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    if (node.inputs.length === 0) continue;   // an input sends nothing
    const sends = node.inputs.map((input, i) => {
      const to = index.get(input)!;
      const amount = grad[k] * node.locals[i];
      grad[to] += amount;                        // the += of backpropagate: one term per use
      return { to, local: node.locals[i], amount, after: grad[to] };
    });
    steps.push({ node: k, grad: grad[k], sends });
    grads.push(grad.slice());
  }
  return { expression, values: leafValues, nodes, steps, grads };
}

export function nameOf(s: GraphState, i: number): string {
  return s.nodes[i].label ?? s.nodes[i].op;
}

const OPS: Record<string, (a: string, b?: string) => string> = {
  '+': (a, b) => `${a} + ${b}`, '−': (a, b) => `${a} − ${b}`, '×': (a, b) => `${a}·${b}`,
  square: (a) => `${a}²`, 'σ': (a) => `σ(${a})`,
};

/** How a node was made, in symbols: "z = x·w"; an input is just its name. */
export function formulaOf(s: GraphState, i: number): string {
  const node = s.nodes[i];
  if (node.inputs.length === 0) return nameOf(s, i);
  const args = node.inputs.map((u) => nameOf(s, s.nodes.indexOf(u)));
  return `${nameOf(s, i)} = ${OPS[node.op](args[0], args[1])}`;
}

const paren = (v: number) => (v < 0 ? `(${num(v)})` : num(v));

/** Step k (1-based, as the reader counts) in words, with every number. */
export function stepText(s: GraphState, k: number): string {
  const step = s.steps[k - 1];
  const out = s.expression.out;
  if (k === 1) return `Step 1: start at the output: ∂${out}/∂${out} = 1.`;
  const name = nameOf(s, step.node);
  const sends = step.sends.map((send) => {
    const to = nameOf(s, send.to);
    return `${paren(step.grad)} × ${paren(send.local)} = ${num(send.amount)} to ${to} (∂${out}/∂${to} is now ${num(send.after)})`;
  });
  return `Step ${k}: ${formulaOf(s, step.node)} has ∂${out}/∂${name} = ${num(step.grad)}; it sends ${sends.join(' and ')}.`;
}

/** The forward pass in words: every node's value. */
export function forwardText(s: GraphState): string {
  return `Forward pass: ${s.nodes.map((_, i) => `${formulaOf(s, i)} = ${num(s.nodes[i].value)}`).join(', ')}.`;
}

/** What the narration shows after k steps. */
export function currentText(s: GraphState, k: number): string {
  if (k === 0) return `${forwardText(s)} Press Step backward to start the backward pass.`;
  if (k < s.steps.length) return stepText(s, k);
  const out = s.expression.out;
  const inputs = s.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.inputs.length === 0)
    .map(([, i]) => `∂${out}/∂${nameOf(s, i)} = ${num(s.grads[k][i])}`);
  return `${stepText(s, k)} The backward pass is complete: ${inputs.join(', ')}.`;
}

// ── Layout and drawing ──────────────────────────────────────────────────────────────────────
// Rows from the inputs (top) to the output (bottom). An operation sits one row below its
// lowest input; an input sits just above the first operation that uses it, so a target does not
// wait in the top row. Within a row, nodes keep the order a walk from the output meets them,
// which keeps an expression tree free of crossings.

export const W = 360;
export const BW = 86;
const BH = 40, ROW = 66, TOP = 8;

export interface Box { x: number; y: number; row: number }

export function layout(s: GraphState): Box[] {
  const n = s.nodes.length;
  const row = s.nodes.map(() => 0);
  for (let i = 0; i < n; i++) {
    const node = s.nodes[i];
    if (node.inputs.length > 0) row[i] = 1 + Math.max(...node.inputs.map((u) => row[s.nodes.indexOf(u)]));
  }
  for (let i = 0; i < n; i++) {
    if (s.nodes[i].inputs.length > 0) continue;
    const users = s.nodes.map((m, j) => (m.inputs.includes(s.nodes[i]) ? row[j] : Infinity));
    row[i] = Math.max(0, Math.min(...users) - 1);
  }
  // The order a depth-first walk from the output meets each node, left input first.
  const met = new Map<Scalar, number>();
  const walk = (node: Scalar) => {
    if (met.has(node)) return;
    met.set(node, met.size);
    node.inputs.forEach(walk);
  };
  walk(s.nodes[n - 1]);
  const rows = Math.max(...row) + 1;
  const boxes: Box[] = new Array(n);
  for (let r = 0; r < rows; r++) {
    const inRow = s.nodes.map((_, i) => i).filter((i) => row[i] === r).sort((a, b) => met.get(s.nodes[a])! - met.get(s.nodes[b])!);
    inRow.forEach((i, k) => { boxes[i] = { x: (W * (k + 0.5)) / inRow.length, y: TOP + BH / 2 + r * ROW, row: r }; });
  }
  return boxes;
}


/** The graph as SVG after k backward steps (0 = the forward pass only). */
export function graphSvg(s: GraphState, k: number, id: string): string {
  const boxes = layout(s);
  const height = Math.max(...boxes.map((b) => b.y)) + BH / 2 + TOP;
  const current = k >= 2 ? s.steps[k - 1] : null;
  const reached = new Set<number>();
  for (let j = 0; j < k; j++) {
    reached.add(s.steps[j].node);
    for (const send of s.steps[j].sends) reached.add(send.to);
  }
  // Two edges between the same pair (u·u) bend apart so both can be seen.
  const seenPair = new Map<string, number>();
  const edges = s.nodes.flatMap((node, i) => node.inputs.map((input) => {
    const from = s.nodes.indexOf(input);
    const pair = `${from}-${i}`;
    const nth = seenPair.get(pair) ?? 0;
    seenPair.set(pair, nth + 1);
    const a = boxes[from], b = boxes[i];
    const x1 = a.x, y1 = a.y + BH / 2, x2 = b.x, y2 = b.y - BH / 2;
    const active = current !== null && current.node === i;
    const attrs = `class="ag-edge${active ? ' ag-edge-active' : ''}" marker-end="url(#${id}-arrow)"`;
    if (b.row - a.row > 1) {
      // An edge that skips a row would run through the boxes between: it swings out to the side
      // with more room, past their edges.
      const side = x1 <= W / 2 ? 1 : -1;
      const out = side * BW * 1.1;
      return `<path ${attrs} d="M${r1(x1 + side * BW / 4)},${r1(y1)} C${r1(x1 + out)},${r1(y1 + ROW / 2)} ${r1(x2 + out)},${r1(y2 - ROW / 2)} ${r1(x2 + side * BW / 4)},${r1(y2)}" />`;
    }
    const bend = nth === 0 ? 0 : (nth % 2 === 1 ? 1 : -1) * 22 * Math.ceil(nth / 2);
    const double = node.inputs.filter((u) => u === input).length > 1;
    const offset = double && nth === 0 ? -22 : bend;
    const cx = (x1 + x2) / 2 + offset, cy = (y1 + y2) / 2;
    return `<path ${attrs} d="M${r1(x1)},${r1(y1)} Q${r1(cx)},${r1(cy)} ${r1(x2)},${r1(y2)}" />`;
  })).join('');
  const nodes = s.nodes.map((node, i) => {
    const { x, y } = boxes[i];
    const isInput = node.inputs.length === 0;
    const receiving = current !== null && current.sends.some((send) => send.to === i);
    const cls = ['ag-node', isInput ? 'ag-input' : '', reached.has(i) ? 'ag-done' : '', current?.node === i || (k === 1 && i === s.nodes.length - 1) ? 'ag-current' : '', receiving ? 'ag-receiving' : ''].filter(Boolean).join(' ');
    const value = `<text class="ag-val" x="${r1(x)}" y="${r1(y - (reached.has(i) ? 4 : -5))}">${escapeHtml(nameOf(s, i))} = ${num(node.value)}</text>`;
    const grad = reached.has(i) ? `<text class="ag-grad" x="${r1(x)}" y="${r1(y + 13)}">∂${escapeHtml(s.expression.out)}: ${num(s.grads[k][i])}</text>` : '';
    return `<g class="${cls}"><rect x="${r1(x - BW / 2)}" y="${r1(y - BH / 2)}" width="${BW}" height="${BH}" rx="7" />${value}${grad}</g>`;
  }).join('');
  const done = s.nodes.map((_, i) => i).filter((i) => reached.has(i)).map((i) => `∂${s.expression.out}/∂${nameOf(s, i)} = ${num(s.grads[k][i])}`);
  const desc = k === 0 ? forwardText(s) : `${forwardText(s)} Backward pass, ${k} of ${s.steps.length} steps: ${done.join(', ')}.`;
  return `<svg class="ag-svg" viewBox="0 0 ${W} ${r1(height)}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">Computational graph of ${escapeHtml(s.expression.title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>` +
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="ag-arrowhead" /></marker></defs>` +
    `${edges}${nodes}</svg>`;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
