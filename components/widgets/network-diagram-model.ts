// The one drawing of a fully connected network: where each neuron and connection goes, what
// each neuron is called, how thick each weight's line is. Pure data, no markup: the book's
// static figure (NetworkDiagram.astro) and the architecture explorer's interactive diagram
// (architecture-explorer-model.ts) turn the same layout into their own SVG, so a network looks
// the same wherever the book draws one.

import { subscript } from '../../src/lib/numbers.ts';

/** The frame of a drawing, in SVG user units (the SVG scales to its box). */
export interface DiagramGeometry {
  width: number;
  height: number;
  /** Space above the first row of neurons and below the last (the captions sit in `bottom`). */
  top: number;
  bottom: number;
  /** From the left and right edges to the centres of the first and last columns. */
  side: number;
  /** Rows of a column are spread over the height, but at most this far apart. */
  maxGap: number;
}

/** The figure in the prose: rows spread over the whole height. */
export const FIGURE: DiagramGeometry = { width: 420, height: 260, top: 28, bottom: 38, side: 40, maxGap: Infinity };
/** The explorer's drawing: a little wider, and small layers kept together as sizes change. */
export const EXPLORER: DiagramGeometry = { width: 440, height: 270, top: 26, bottom: 40, side: 34, maxGap: 56 };

export type LayerRole = 'input' | 'hidden' | 'output';

export interface DiagramNode {
  layer: number;
  index: number;
  role: LayerRole;
  x: number;
  y: number;
  name: string;
}
export interface DiagramEdge {
  layer: number;
  /** Neuron `from` of `layer` to neuron `to` of `layer + 1`: row `from`, column `to` of that layer's W. */
  from: number;
  to: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The weight, when the drawing was given weights. */
  weight?: number;
  /** Line thickness: the size of the weight against the largest one, or a plain line without weights. */
  strokeWidth: number;
}
export interface DiagramCaption {
  layer: number;
  role: LayerRole;
  x: number;
  y: number;
  text: string;
}
export interface DiagramLayout {
  sizes: number[];
  width: number;
  height: number;
  radius: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  captions: DiagramCaption[];
}

export interface LayoutOptions {
  geometry?: DiagramGeometry;
  /** The weight of connection (layer l, row i, column j), or undefined where none is known. */
  weight?: (l: number, i: number, j: number) => number | undefined;
  /** Captions under the columns; by default input, hidden (hidden 1, hidden 2… when there are several), output. */
  captions?: string[];
}

/** Hidden layers are h, g, f…, counting back from h; x and ŷ are the inputs and outputs. */
const HIDDEN_LETTERS = 'hgfdcb';

/**
 * The symbol of neuron j (from 0) of layer l (0 = the inputs) in a network of `sizes`:
 * x₁ for inputs, h₁ (then g₁, f₁…) for hidden layers, ŷ for a single output or ŷ₁, ŷ₂… for several.
 */
export function neuronName(sizes: readonly number[], l: number, j: number): string {
  if (l === sizes.length - 1) return sizes[l] === 1 ? 'ŷ' : `ŷ${subscript(j + 1)}`;
  return `${l === 0 ? 'x' : HIDDEN_LETTERS[l - 1]}${subscript(j + 1)}`;
}

function roleOf(sizes: readonly number[], l: number): LayerRole {
  return l === 0 ? 'input' : l === sizes.length - 1 ? 'output' : 'hidden';
}

/** One decimal is finer than a pixel at any size the SVG is shown, and keeps the markup short. */
const tenth = (v: number) => Math.round(v * 10) / 10;

/**
 * Lays out a fully connected network of layer `sizes` (inputs first): one column per layer, one
 * circle per neuron, one line per weight. Throws, naming the sizes, for fewer than two layers,
 * a size that is not a whole number from 1, or more hidden layers than there are letters to name.
 */
export function layoutNetwork(sizes: readonly number[], options: LayoutOptions = {}): DiagramLayout {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(
      `network diagram: layer sizes must be two or more whole numbers from 1 (got [${sizes.join(', ')}])`,
    );
  }
  if (sizes.length - 2 > HIDDEN_LETTERS.length) {
    throw new Error(
      `network diagram: at most ${HIDDEN_LETTERS.length} hidden layers can be named (got ${sizes.length - 2} in [${sizes.join(', ')}])`,
    );
  }
  const g = options.geometry ?? FIGURE;
  const radius = Math.max(...sizes) > 4 ? 12 : 15;
  const colX = (l: number) => tenth(g.side + (l * (g.width - 2 * g.side)) / (sizes.length - 1));
  const span = g.height - g.top - g.bottom;
  const rowY = (size: number, j: number) => {
    const gap = Math.min(span / Math.max(1, size - 1), g.maxGap);
    return tenth(g.top + span / 2 + (j - (size - 1) / 2) * gap);
  };

  const nodes: DiagramNode[] = sizes.flatMap((size, l) =>
    Array.from({ length: size }, (_, j) => ({
      layer: l,
      index: j,
      role: roleOf(sizes, l),
      x: colX(l),
      y: rowY(size, j),
      name: neuronName(sizes, l, j),
    })),
  );

  const weights: (number | undefined)[][][] = sizes
    .slice(0, -1)
    .map((size, l) =>
      Array.from({ length: size }, (_, i) => Array.from({ length: sizes[l + 1] }, (_, j) => options.weight?.(l, i, j))),
    );
  const known = weights.flat(2).filter((w): w is number => w !== undefined);
  const largest = Math.max(1e-9, ...known.map(Math.abs));
  const edges: DiagramEdge[] = weights.flatMap((rows, l) =>
    rows.flatMap((row, i) =>
      row.map((weight, j) => ({
        layer: l,
        from: i,
        to: j,
        x1: colX(l),
        y1: rowY(sizes[l], i),
        x2: colX(l + 1),
        y2: rowY(sizes[l + 1], j),
        weight,
        strokeWidth: weight === undefined ? 1.2 : Math.round((0.7 + (3.3 * Math.abs(weight)) / largest) * 100) / 100,
      })),
    ),
  );

  const captions = sizes.map((_, l) => ({
    layer: l,
    role: roleOf(sizes, l),
    x: colX(l),
    y: g.height - 10,
    text:
      options.captions?.[l] ??
      (roleOf(sizes, l) !== 'hidden' ? roleOf(sizes, l) : sizes.length > 3 ? `hidden ${l}` : 'hidden'),
  }));

  return { sizes: [...sizes], width: g.width, height: g.height, radius, nodes, edges, captions };
}
