// The architecture explorer's network, counts and SVG, shared by the server render
// (ArchitectureExplorer.astro) and the browser (architecture-explorer.ts). Pure: no DOM.
// The network is a real src/nn network, drawn the way the book's first network is drawn
// (uniform weights in [0, 1), one seeded stream): with sizes 3, 4, 1 and seed 1 its weights
// are exactly the article network's W₁ and W₂ that chapter 1's cells print.

import { createNetwork, type Network } from '../../src/nn/network.ts';
import { formatReading, subscript } from '../../src/lib/numbers.ts';
import { EXPLORER, layoutNetwork, neuronName } from './network-diagram-model.ts';

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

/** Layer sizes from input to output, read from the network's own matrices. */
const sizesOfNetwork = (net: Network): number[] => [net.layers[0].W.rows, ...net.layers.map((L) => L.W.cols)];

function layerWord(sizes: number[], l: number): string {
  if (l === 0) return 'input';
  if (l === sizes.length - 1) return 'output';
  return `hidden layer ${l}`;
}

/** What hovering or focusing connection (layer l, from i, to j) says. */
export function edgeText(net: Network, l: number, i: number, j: number): string {
  const sizes = sizesOfNetwork(net);
  const W = net.layers[l].W;
  const w = W.data[i * W.cols + j];
  return `${neuronName(sizes, l, i)} → ${neuronName(sizes, l + 1, j)}: weight ${formatReading(w, { decimals: 3 })}. ` +
    `It is w${subscript(i + 1)}${subscript(j + 1)} of W${subscript(l + 1)} (row ${i + 1}, column ${j + 1}), from ${layerWord(sizes, l)} ${i + 1} ` +
    `to ${layerWord(sizes, l + 1)} neuron ${j + 1}.`;
}

export const EDGE_PROMPT = 'Hover over a connection, or tab to the diagram and use the arrow keys, to see its weight.';

export function describe(net: Network): string {
  const sizes = sizesOfNetwork(net);
  const parts = sizes.map((s, l) => `${s} ${l === 0 ? (s === 1 ? 'input' : 'inputs') : l === sizes.length - 1 ? (s === 1 ? 'output' : 'outputs') : `neuron${s === 1 ? '' : 's'} in hidden layer ${l}`}`);
  return `A fully connected network: ${parts.join(', ')}. Every neuron is joined to every neuron of the next layer; each of the ${countParameters(net).weights} connections is one weight.`;
}

export function renderDiagram(net: Network, idPrefix: string): string {
  const sizes = sizesOfNetwork(net);
  const d = layoutNetwork(sizes, { geometry: EXPLORER, weight: (l, i, j) => net.layers[l].W.data[i * net.layers[l].W.cols + j] });
  const edges = d.edges
    .map((e, k) => {
      const label = `${neuronName(sizes, e.layer, e.from)} to ${neuronName(sizes, e.layer + 1, e.to)}, weight ${formatReading(e.weight!, { decimals: 3 })}`;
      const coords = `x1="${e.x1}" y1="${e.y1}" x2="${e.x2}" y2="${e.y2}"`;
      return (
        `<g class="ae-edge${e.weight! < 0 ? ' ae-negative' : ''}" data-l="${e.layer}" data-i="${e.from}" data-j="${e.to}" tabindex="${k === 0 ? 0 : -1}" role="img" aria-label="${label}">` +
        `<line class="ae-hit" ${coords} /><line class="ae-line" ${coords} stroke-width="${e.strokeWidth}" /></g>`
      );
    })
    .join('');
  const nodes =
    d.nodes
      .map((n) => `<g class="ae-node ae-${n.role}"><circle cx="${n.x}" cy="${n.y}" r="${d.radius}" /><text x="${n.x}" y="${n.y}" dy="0.35em" text-anchor="middle">${n.name}</text></g>`)
      .join('') + d.captions.map((c) => `<text class="ae-caption" x="${c.x}" y="${c.y}" text-anchor="middle">${c.text}</text>`).join('');
  return (
    `<svg class="ae-svg" viewBox="0 0 ${d.width} ${d.height}" role="group" aria-labelledby="${idPrefix}-title" aria-describedby="${idPrefix}-desc">` +
    `<title id="${idPrefix}-title">Network diagram, layer sizes ${sizes.join(', ')}</title>` +
    `<desc id="${idPrefix}-desc">${describe(net)}</desc>` +
    `<g class="ae-edges">${edges}</g><line class="ae-highlight" visibility="hidden" aria-hidden="true" />` +
    `<g class="ae-nodes" aria-hidden="true">${nodes}</g></svg>`
  );
}
