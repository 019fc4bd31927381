// The digit filter (chapter 11's look ahead to convolutions), shared by the server render
// (DigitFilter.astro) and the browser (digit-filter.ts). Pure: no DOM.
//
// A 3×3 filter K slides over the 8×8 image I; each output pixel is the weighted sum of the
// 3×3 patch around it:
//   out(r, c) = Σᵤ Σᵥ K(u, v) · I(r + u, c + v),   u, v ∈ {−1, 0, 1},
// with I taken as 0 outside the image (zero padding), so the output is 8×8 too. (This is a
// cross-correlation; convolutional networks compute exactly this and call it a convolution.)

import { map, zeros, type Matrix } from '../../src/nn/matrix.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { formatReading } from '../../src/lib/numbers.ts';

export interface KernelPreset {
  id: string;
  name: string;
  values: number[];
  note: string;
}

export const PRESETS: KernelPreset[] = [
  { id: 'vertical', name: 'Vertical edges', values: [-1, 0, 1, -2, 0, 2, -1, 0, 1],
    note: 'Right column minus left column: positive where ink begins as you move right, negative where it ends.' },
  { id: 'horizontal', name: 'Horizontal edges', values: [-1, -2, -1, 0, 0, 0, 1, 2, 1],
    note: 'Bottom row minus top row: positive along the top edges of strokes, negative along their bottom edges.' },
  { id: 'blur', name: 'Blur', values: [0.111, 0.111, 0.111, 0.111, 0.111, 0.111, 0.111, 0.111, 0.111],
    note: 'The average of the 3×3 patch (each weight about 1/9): strokes spread out and soften.' },
  { id: 'sharpen', name: 'Sharpen', values: [0, -1, 0, -1, 5, -1, 0, -1, 0],
    note: 'Five times the centre minus its four neighbours: boosts pixels that differ from their surroundings.' },
  { id: 'identity', name: 'Identity', values: [0, 0, 0, 0, 1, 0, 0, 0, 0],
    note: 'Only the centre weight: the output is the input, unchanged.' },
];

export const CUSTOM_NOTE = 'Your own weights: type any numbers into the nine boxes.';

/** An 8×8 image matrix with pixels scaled from 0..16 to 0..1. */
export function imageOf(pixels: readonly number[]): Matrix {
  const I = zeros(8, 8);
  pixels.forEach((v, k) => { I.data[k] = v / 16; });
  return I;
}

/** A 3×3 kernel matrix from nine numbers, row by row. */
export function kernelOf(values: readonly number[]): Matrix {
  if (values.length !== 9) throw new Error(`kernelOf: a 3×3 filter needs 9 numbers, got ${values.length}`);
  const K = zeros(3, 3);
  K.data.set(values);
  return K;
}

/** I(r, c), or 0 outside the image. */
function pixel(I: Matrix, r: number, c: number): number {
  return r < 0 || c < 0 || r >= I.rows || c >= I.cols ? 0 : I.data[r * I.cols + c];
}

/** The filtered image: out(r, c) = Σᵤ Σᵥ K(u, v)·I(r + u, c + v), zero padding, same size as I. */
export function applyFilter(I: Matrix, K: Matrix): Matrix {
  return map(I, (_, r, c) => {
    let s = 0;
    for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) s += K.data[(u + 1) * 3 + (v + 1)] * pixel(I, r + u, c + v);
    return s;
  });
}

/** The products that make up one output pixel, for showing the sum written out. */
export function termsAt(I: Matrix, K: Matrix, r: number, c: number): { weight: number; value: number }[] {
  const terms: { weight: number; value: number }[] = [];
  for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) terms.push({ weight: K.data[(u + 1) * 3 + (v + 1)], value: pixel(I, r + u, c + v) });
  return terms;
}

/** Short numbers: up to 3 decimals, no trailing zeros, a real minus sign. */
export const short = (x: number): string => formatReading(x, { decimals: 3, trim: true });

/** "out(2, 5) = (−1)(0) + … = 1.25", rows and columns counted from 1. */
export function sumText(I: Matrix, K: Matrix, r: number, c: number): string {
  const terms = termsAt(I, K, r, c).filter((t) => t.weight !== 0 && t.value !== 0);
  const out = applyFilter(I, K).data[r * 8 + c];
  const wrap = (x: number) => (x < 0 ? `(${short(x)})` : short(x));
  const body = terms.length ? terms.map((t) => `${wrap(t.weight)}×${short(t.value)}`).join(' + ') : '0';
  return `Output at row ${r + 1}, column ${c + 1}: ${body} = ${short(out)} (terms where the weight or the pixel is 0 are left out).`;
}


/** The input image, with the 3×3 window around (r, c) outlined. */
export function inputSvg(I: Matrix, r: number, c: number, label: string): string {
  let cells = '';
  for (let k = 0; k < 64; k++) {
    const v = I.data[k];
    if (v > 0) cells += `<rect x="${k % 8}" y="${Math.floor(k / 8)}" width="1.02" height="1.02" fill-opacity="${v.toFixed(3)}"/>`;
  }
  return (
    `<svg class="df-grid" viewBox="-0.1 -0.1 8.2 8.2" role="img" aria-label="${escapeHtml(label)}">` +
    `<rect class="df-paper" width="8" height="8"/><g class="df-ink" shape-rendering="crispEdges">${cells}</g>` +
    `<rect class="df-window" x="${c - 1}" y="${r - 1}" width="3" height="3"/></svg>`
  );
}

/** The filtered image: positive values in the accent colour, negative in the error colour. */
export function outputSvg(O: Matrix, r: number, c: number, label: string): string {
  let maxAbs = 0;
  for (const v of O.data) maxAbs = Math.max(maxAbs, Math.abs(v));
  let cells = '';
  for (let k = 0; k < 64; k++) {
    const v = O.data[k];
    if (maxAbs > 0 && Math.abs(v) > 1e-12) {
      cells += `<rect class="${v > 0 ? 'df-pos' : 'df-neg'}" x="${k % 8}" y="${Math.floor(k / 8)}" width="1.02" height="1.02" fill-opacity="${(Math.abs(v) / maxAbs).toFixed(3)}"/>`;
    }
  }
  return (
    `<svg class="df-grid" viewBox="-0.1 -0.1 8.2 8.2" role="img" aria-label="${escapeHtml(label)}">` +
    `<rect class="df-paper" width="8" height="8"/><g shape-rendering="crispEdges">${cells}</g>` +
    `<rect class="df-cell" x="${c}" y="${r}" width="1" height="1"/></svg>`
  );
}

/** Where the filter responds most, in words: the output's text alternative. */
export function outputSummary(O: Matrix): string {
  let hi = 0, lo = 0;
  for (let k = 1; k < 64; k++) {
    if (O.data[k] > O.data[hi]) hi = k;
    if (O.data[k] < O.data[lo]) lo = k;
  }
  const at = (k: number) => `row ${Math.floor(k / 8) + 1}, column ${(k % 8) + 1}`;
  const parts: string[] = [];
  if (O.data[hi] > 1e-12) parts.push(`largest positive response ${short(O.data[hi])} at ${at(hi)}`);
  if (O.data[lo] < -1e-12) parts.push(`largest negative response ${short(O.data[lo])} at ${at(lo)}`);
  let nonzero = 0;
  for (const v of O.data) if (Math.abs(v) > 1e-12) nonzero++;
  return parts.length ? `Filtered image: ${parts.join('; ')}; ${nonzero} of 64 pixels are not zero.` : 'Filtered image: every pixel is zero.';
}
