// The architecture explorer's network, counts and SVG, shared by the server render
// (ArchitectureExplorer.astro) and the browser (architecture-explorer.ts). Pure: no DOM.
// The network is a real src/nn network, drawn the way the book's first network is drawn
// (uniform weights in [0, 1), one seeded stream): with sizes 3, 4, 1 and seed 1 its weights
// are exactly the article network's W₁ and W₂ that chapter 1's cells print.

import { createNetwork, type Network } from '../../src/nn/network.ts';

export interface Architecture {
  inputs: number;
  hidden1: number;
  /** 0 means no second hidden layer. */
  hidden2: number;
  outputs: number;
  biases: boolean;
  seed: number;
}

export const LIMITS = {
  inputs: { min: 1, max: 6, label: 'Inputs' },
  hidden1: { min: 1, max: 6, label: 'Hidden layer 1' },
  hidden2: { min: 0, max: 6, label: 'Hidden layer 2' },
  outputs: { min: 1, max: 4, label: 'Outputs' },
  seed: { min: 1, max: 999, label: 'Seed' },
} as const;
export type SizeField = keyof typeof LIMITS;

export const START: Architecture = { inputs: 3, hidden1: 4, hidden2: 0, outputs: 1, biases: false, seed: 1 };

export function clampField(field: SizeField, value: number): number {
  const { min, max } = LIMITS[field];
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}

/** Layer sizes from input to output, e.g. [3, 4, 1]. */
export function sizesOf(arch: Architecture): number[] {
  return [arch.inputs, arch.hidden1, ...(arch.hidden2 > 0 ? [arch.hidden2] : []), arch.outputs];
}

export function buildNetwork(arch: Architecture): Network {
  const sizes = sizesOf(arch);
  return createNetwork({
    inputSize: sizes[0],
    layers: sizes.slice(1).map((size) => ({ size, activation: 'sigmoid' as const })),
    biases: arch.biases,
    init: 'uniform',
    seed: arch.seed,
  });
}

export interface Counts { weights: number; biases: number; total: number; weightTerms: string[]; biasTerms: string[] }

/** Counted from the network's own matrices, not from the sizes. */
export function countParameters(net: Network): Counts {
  const weightTerms = net.layers.map((L) => `${L.W.rows}×${L.W.cols}`);
  const biasTerms = net.layers.flatMap((L) => (L.b ? [String(L.b.cols)] : []));
  const weights = net.layers.reduce((s, L) => s + L.W.rows * L.W.cols, 0);
  const biases = net.layers.reduce((s, L) => s + (L.b ? L.b.cols : 0), 0);
  return { weights, biases, total: weights + biases, weightTerms, biasTerms };
}

export function countText(net: Network): string {
  const c = countParameters(net);
  const weights = `${c.weights} weight${c.weights === 1 ? '' : 's'} (${c.weightTerms.join(' + ')})`;
  if (c.biases === 0) return `${weights}, no biases: ${c.total} numbers to learn.`;
  return `${weights} and ${c.biases} biases (${c.biasTerms.join(' + ')}): ${c.total} numbers to learn.`;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number) => String(n).replace(/\d/g, (d) => SUB[Number(d)]);
const LETTERS = ['x', 'h', 'g'];

/** The symbol of neuron j (0-based) in layer l (0 = inputs). */
export function neuronName(sizes: number[], l: number, j: number): string {
  if (l === sizes.length - 1) return sizes[l] === 1 ? 'ŷ' : `ŷ${sub(j + 1)}`;
  return `${LETTERS[l]}${sub(j + 1)}`;
}

function layerWord(sizes: number[], l: number): string {
  if (l === 0) return 'input';
  if (l === sizes.length - 1) return 'output';
  return `hidden layer ${l}`;
}

/** What hovering or focusing connection (layer l, from i, to j) says. */
export function edgeText(net: Network, l: number, i: number, j: number): string {
  const sizes = [net.layers[0].W.rows, ...net.layers.map((L) => L.W.cols)];
  const W = net.layers[l].W;
  const w = W.data[i * W.cols + j];
  return `${neuronName(sizes, l, i)} → ${neuronName(sizes, l + 1, j)}: weight ${w.toFixed(3)}. ` +
    `It is w${sub(i + 1)}${sub(j + 1)} of W${sub(l + 1)} (row ${i + 1}, column ${j + 1}), from ${layerWord(sizes, l)} ${i + 1} ` +
    `to ${layerWord(sizes, l + 1)} neuron ${j + 1}.`;
}

export const EDGE_PROMPT = 'Hover over a connection, or tab to the diagram and use the arrow keys, to see its weight.';

export function describe(net: Network): string {
  const sizes = [net.layers[0].W.rows, ...net.layers.map((L) => L.W.cols)];
  const parts = sizes.map((s, l) => `${s} ${l === 0 ? (s === 1 ? 'input' : 'inputs') : l === sizes.length - 1 ? (s === 1 ? 'output' : 'outputs') : `neuron${s === 1 ? '' : 's'} in hidden layer ${l}`}`);
  return `A fully connected network: ${parts.join(', ')}. Every neuron is joined to every neuron of the next layer; each of the ${countParameters(net).weights} connections is one weight.`;
}

const WIDTH = 440;
const HEIGHT = 270;
const TOP = 26;
const BOTTOM = 40;

/** The diagram: one column per layer, one line per weight (thickness = size of the weight). */
export function renderDiagram(net: Network, idPrefix: string): string {
  const sizes = [net.layers[0].W.rows, ...net.layers.map((L) => L.W.cols)];
  const biggest = Math.max(...sizes);
  const radius = biggest > 4 ? 12 : 15;
  const colX = (l: number) => 34 + (l * (WIDTH - 68)) / (sizes.length - 1);
  const rowY = (size: number, j: number) => {
    const span = HEIGHT - TOP - BOTTOM;
    const gap = Math.min(span / Math.max(1, size - 1), 56);
    return TOP + span / 2 + (j - (size - 1) / 2) * gap;
  };
  const maxW = Math.max(1e-9, ...net.layers.flatMap((L) => Array.from(L.W.data, Math.abs)));
  let edges = '';
  let first = true;
  net.layers.forEach((L, l) => {
    for (let i = 0; i < L.W.rows; i++) {
      for (let j = 0; j < L.W.cols; j++) {
        const w = L.W.data[i * L.W.cols + j];
        const x1 = colX(l), y1 = rowY(sizes[l], i), x2 = colX(l + 1), y2 = rowY(sizes[l + 1], j);
        const label = `${neuronName(sizes, l, i)} to ${neuronName(sizes, l + 1, j)}, weight ${w.toFixed(3)}`;
        const coords = `x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}"`;
        edges +=
          `<g class="ae-edge${w < 0 ? ' ae-negative' : ''}" data-l="${l}" data-i="${i}" data-j="${j}" tabindex="${first ? 0 : -1}" role="img" aria-label="${label}">` +
          `<line class="ae-hit" ${coords} /><line class="ae-line" ${coords} stroke-width="${(0.7 + 3.3 * Math.abs(w) / maxW).toFixed(2)}" /></g>`;
        first = false;
      }
    }
  });
  let nodes = '';
  sizes.forEach((size, l) => {
    for (let j = 0; j < size; j++) {
      const cls = l === 0 ? 'ae-input' : l === sizes.length - 1 ? 'ae-output' : 'ae-hidden';
      nodes += `<g class="ae-node ${cls}"><circle cx="${colX(l).toFixed(1)}" cy="${rowY(size, j).toFixed(1)}" r="${radius}" />` +
        `<text x="${colX(l).toFixed(1)}" y="${rowY(size, j).toFixed(1)}" dy="0.35em" text-anchor="middle">${neuronName(sizes, l, j)}</text></g>`;
    }
    const caption = l === 0 ? 'input' : l === sizes.length - 1 ? 'output' : sizes.length > 3 ? `hidden ${l}` : 'hidden';
    nodes += `<text class="ae-caption" x="${colX(l).toFixed(1)}" y="${HEIGHT - 10}" text-anchor="middle">${caption}</text>`;
  });
  return (
    `<svg class="ae-svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group" aria-labelledby="${idPrefix}-title" aria-describedby="${idPrefix}-desc">` +
    `<title id="${idPrefix}-title">Network diagram, layer sizes ${sizes.join(', ')}</title>` +
    `<desc id="${idPrefix}-desc">${describe(net)}</desc>` +
    `<g class="ae-edges">${edges}</g><line class="ae-highlight" visibility="hidden" aria-hidden="true" />` +
    `<g class="ae-nodes" aria-hidden="true">${nodes}</g></svg>`
  );
}
