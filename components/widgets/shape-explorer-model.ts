// The shape explorer's state and markup, shared by the server render (ShapeExplorer.astro) and
// the browser (shape-explorer.ts), so the first paint and every later one are the same HTML.
// Pure: no DOM, only src/nn. The product and the error both come from the module's own matmul.

import { matmul, rand, type Matrix } from '../../src/nn/matrix.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { formatReading } from '../../src/lib/numbers.ts';

export const MAX_SIZE = 6;
const SEED_A = 1;
const SEED_B = 2;

export interface Shapes { aRows: number; aCols: number; bRows: number; bCols: number }

export interface ShapeExplorerState {
  shapes: Shapes;
  A: Matrix;
  B: Matrix;
  /** A·B, or null when matmul refused. */
  C: Matrix | null;
  /** matmul's own error message when the inner dimensions differ. */
  error: string | null;
  /** Whether B·A would be defined (a reminder that order matters). */
  reverseDefined: boolean;
}

/** Whole numbers 0–9 from the seeded generator: small enough to check a product by hand. */
export function smallIntegers(rows: number, cols: number, seed: number): Matrix {
  const M = rand(rows, cols, seed);
  for (let i = 0; i < M.data.length; i++) M.data[i] = Math.floor(M.data[i] * 10);
  return M;
}

export function clampSize(value: unknown, fallback = 1): number {
  const n = Math.round(Number(value));
  if (!Number.isFinite(n)) return fallback;
  return Math.min(MAX_SIZE, Math.max(1, n));
}

export function shapeExplorerState(shapes: Shapes): ShapeExplorerState {
  const s: Shapes = {
    aRows: clampSize(shapes.aRows), aCols: clampSize(shapes.aCols),
    bRows: clampSize(shapes.bRows), bCols: clampSize(shapes.bCols),
  };
  const A = smallIntegers(s.aRows, s.aCols, SEED_A);
  const B = smallIntegers(s.bRows, s.bCols, SEED_B);
  let C: Matrix | null = null;
  let error: string | null = null;
  try {
    C = matmul(A, B);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  return { shapes: s, A, B, C, error, reverseDefined: s.bCols === s.aRows };
}

const fmt = (v: number) => formatReading(v, { decimals: 3, trim: true });

/** One sentence saying whether A·B is defined and why: the component's text summary. */
export function statusText(state: ShapeExplorerState): string {
  const { aRows, aCols, bRows, bCols } = state.shapes;
  if (state.C) {
    return `A B is defined: (${aRows} × ${aCols})(${bRows} × ${bCols}). The inner dimensions agree (${aCols} = ${bRows}), ` +
      `so the result has the outer dimensions, ${aRows} × ${bCols}. ` +
      (state.reverseDefined ? `B A would be defined too, with shape ${bRows} × ${aCols}, and different.` : `B A, in the other order, is not defined.`);
  }
  return `A B is not defined: A has ${aCols} column${aCols === 1 ? '' : 's'} but B has ${bRows} row${bRows === 1 ? '' : 's'}, ` +
    `so the inner dimensions differ. ` +
    (state.reverseDefined ? `B A, in the other order, is defined, with shape ${bRows} × ${aCols}.` : `B A is not defined either.`);
}

/** How entry (i, j) of A·B is computed, 0-based indices in, 1-based (the math's) out. */
export function entryText(state: ShapeExplorerState, i: number, j: number): string {
  const { A, B, C } = state;
  if (!C) return '';
  const terms: string[] = [];
  for (let r = 0; r < A.cols; r++) terms.push(`${fmt(A.data[i * A.cols + r])}·${fmt(B.data[r * B.cols + j])}`);
  return `(A B) in row ${i + 1}, column ${j + 1} = row ${i + 1} of A times column ${j + 1} of B = ${terms.join(' + ')} = ${fmt(C.data[i * C.cols + j])}`;
}

export const ENTRY_PROMPT = 'Hover over or focus an entry of A B to see how it is computed.';


function matrixTable(name: string, M: Matrix, kind: 'a' | 'b' | 'c'): string {
  let rows = '';
  for (let i = 0; i < M.rows; i++) {
    let cells = '';
    for (let j = 0; j < M.cols; j++) {
      const v = fmt(M.data[i * M.cols + j]);
      cells += kind === 'c'
        ? `<td><button type="button" class="se-entry" data-i="${i}" data-j="${j}" aria-label="row ${i + 1}, column ${j + 1}: ${v}">${v}</button></td>`
        : `<td data-i="${i}" data-j="${j}">${v}</td>`;
    }
    rows += `<tr>${cells}</tr>`;
  }
  return `<table class="se-matrix se-${kind}"><caption>${name} <span class="se-shape">(${M.rows}×${M.cols})</span></caption><tbody>${rows}</tbody></table>`;
}

/** The tables: A · B = A B, or the error matmul threw in place of the product. */
export function renderShapeExplorerTables(state: ShapeExplorerState): string {
  const product = state.C
    ? matrixTable('A B', state.C, 'c')
    : `<div class="se-error"><p class="se-error-title">matmul(A, B) throws:</p><pre><code>Error: ${escapeHtml(state.error ?? '')}</code></pre></div>`;
  return (
    `${matrixTable('A', state.A, 'a')}<span class="se-op" aria-hidden="true">·</span>${matrixTable('B', state.B, 'b')}` +
    `<span class="se-op" aria-hidden="true">=</span>${product}`
  );
}
