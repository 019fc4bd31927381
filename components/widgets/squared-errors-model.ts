// "Drag the four predictions" (chapter 5), as pure functions shared by the server render
// (SquaredErrors.astro) and the browser (squared-errors.ts): the loss of four predictions
// against the tutorial's targets, the picture of each squared error as a square, the table, the
// summary, and the e² versus |e| chart. The loss numbers come from the nn module's own
// sumOfSquares and meanSquaredError.

import { meanSquaredError, sumOfSquares } from '../../src/nn/losses.ts';
import { fromArray } from '../../src/nn/matrix.ts';
import { formatReading } from '../../src/lib/numbers.ts';

export const TARGETS = [0, 1, 1, 0];

export interface LossState {
  predictions: number[];
  targets: number[];
  /** e = y − ŷ per sample. */
  errors: number[];
  squares: number[];
  sumOfSquares: number;
  meanSquaredError: number;
}

export function lossState(predictions: number[], targets: number[] = TARGETS): LossState {
  const Yhat = fromArray(predictions.map((p) => [p]));
  const Y = fromArray(targets.map((t) => [t]));
  const errors = targets.map((t, i) => t - predictions[i]);
  return {
    predictions,
    targets,
    errors,
    squares: errors.map((e) => e * e),
    sumOfSquares: sumOfSquares(Yhat, Y),
    meanSquaredError: meanSquaredError(Yhat, Y),
  };
}

/** Three decimals, a real minus sign, and never "−0.000". */
export const fmt = (v: number, digits = 3): string => formatReading(v, { decimals: digits });

// ── The squares picture ─────────────────────────────────────────────────────────────────────
// One column per sample: a vertical scale from 0 (bottom) to 1 (top), the target as an open
// circle, the prediction as a filled one, and the square whose side is the error, drawn against
// the segment between them. Its area, (side)², is the squared error.

const W = 462, TOP = 14, SIDE = 96, H = TOP + SIDE + 46, COL = 100, LEFT = 58;
const yPix = (v: number) => TOP + (1 - v) * SIDE;

export function squaresSvg(s: LossState, id: string): string {
  const columns = s.predictions.map((p, i) => {
    const x = LEFT + i * COL;
    const t = s.targets[i];
    const e = s.errors[i];
    const side = Math.abs(e) * SIDE;
    const top = yPix(Math.max(p, t));
    return (
      `<g class="se-col">` +
      `<line class="se-axis" x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + SIDE}"/>` +
      (side > 0.01 ? `<rect class="se-square" x="${x}" y="${top.toFixed(2)}" width="${side.toFixed(2)}" height="${side.toFixed(2)}"/>` : '') +
      `<line class="se-error" x1="${x}" y1="${yPix(p).toFixed(2)}" x2="${x}" y2="${yPix(t).toFixed(2)}"/>` +
      `<circle class="se-target" cx="${x}" cy="${yPix(t)}" r="5.5"/>` +
      `<circle class="se-pred" cx="${x}" cy="${yPix(p).toFixed(2)}" r="4.5"/>` +
      `<text class="se-label" x="${x}" y="${TOP + SIDE + 22}" text-anchor="middle">sample ${i + 1}</text>` +
      `<text class="se-value" x="${x}" y="${TOP + SIDE + 40}" text-anchor="middle">e² = ${fmt(s.squares[i])}</text>` +
      `</g>`
    );
  });
  const desc =
    `For each of the four samples, the target and the prediction on a scale from 0 to 1, and a square whose side is the error. ` +
    s.predictions.map((p, i) => `Sample ${i + 1}: target ${s.targets[i]}, prediction ${fmt(p)}, squared error ${fmt(s.squares[i])}.`).join(' ');
  return (
    `<svg class="se-squares" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-sq-title ${id}-sq-desc">` +
    `<title id="${id}-sq-title">Each squared error drawn as a square</title><desc id="${id}-sq-desc">${desc}</desc>` +
    `<text class="se-tick" x="${LEFT - 10}" y="${yPix(1) + 4}" text-anchor="end">1</text>` +
    `<text class="se-tick" x="${LEFT - 10}" y="${yPix(0) + 4}" text-anchor="end">0</text>` +
    columns.join('') +
    `</svg>`
  );
}

export function tableRows(s: LossState): string {
  return s.predictions
    .map((p, i) =>
      `<tr><th scope="row">${i + 1}</th><td>${s.targets[i]}</td><td>${fmt(p)}</td><td>${fmt(s.errors[i])}</td><td>${fmt(s.squares[i])}</td></tr>`)
    .join('');
}

export function summary(s: LossState): string {
  let worst = 0;
  s.squares.forEach((q, i) => { if (q > s.squares[worst]) worst = i; });
  const share = s.sumOfSquares > 0 ? Math.round((100 * s.squares[worst]) / s.sumOfSquares) : 0;
  return (
    `Sum of squares 𝓛 = ${fmt(s.sumOfSquares)}, mean squared error ${fmt(s.meanSquaredError)} (the sum divided by 4). ` +
    (s.sumOfSquares > 0
      ? `The largest square is sample ${worst + 1}’s, ${fmt(s.squares[worst])}: ${share}% of the loss.`
      : 'Every prediction equals its target: the loss is zero.')
  );
}

// ── e² against |e| ──────────────────────────────────────────────────────────────────────────
// Both curves for e from −1 to 1, with the chosen sample's error marked on each. |e| has a corner
// at 0 (its slope jumps from −1 to +1); e² passes through 0 smoothly with slope 2e.

const CW = 320, CH = 196, CL = 36, CR = 14, CT = 14, CB = 40;
const cx = (e: number) => CL + ((e + 1) / 2) * (CW - CL - CR);
const cy = (v: number) => CT + (1 - v) * (CH - CT - CB);

export function compareSvg(e: number, sample: number, showAbs: boolean, id: string): string {
  const pts: string[] = [];
  for (let k = 0; k <= 80; k++) {
    const v = -1 + (2 * k) / 80;
    pts.push(`${cx(v).toFixed(1)},${cy(v * v).toFixed(1)}`);
  }
  const square = `<polyline class="se-curve-sq" points="${pts.join(' ')}"/>`;
  const abs = `<polyline class="se-curve-abs" points="${cx(-1)},${cy(1)} ${cx(0)},${cy(0)} ${cx(1)},${cy(1)}"/>`;
  const desc =
    `The squared error e² and the absolute error |e| for errors e from −1 to 1. ` +
    `e² is a smooth bowl; |e| is a V with a sharp corner at 0. ` +
    `Sample ${sample}'s error e = ${fmt(e)} is marked: e² = ${fmt(e * e)}` + (showAbs ? `, |e| = ${fmt(Math.abs(e))}.` : '.');
  return (
    `<svg class="se-compare" viewBox="0 0 ${CW} ${CH}" role="img" aria-labelledby="${id}-cmp-title ${id}-cmp-desc">` +
    `<title id="${id}-cmp-title">${showAbs ? 'Squared error and absolute error' : 'Squared error'} as a function of the error e</title>` +
    `<desc id="${id}-cmp-desc">${desc}</desc>` +
    `<line class="se-axis" x1="${CL}" y1="${cy(0)}" x2="${CW - CR}" y2="${cy(0)}"/>` +
    `<line class="se-axis" x1="${cx(0)}" y1="${CT}" x2="${cx(0)}" y2="${cy(0)}"/>` +
    [-1, -0.5, 0, 0.5, 1].map((v) => `<text class="se-tick" x="${cx(v)}" y="${cy(0) + 16}" text-anchor="middle">${fmt(v, v % 1 === 0 ? 0 : 1)}</text>`).join('') +
    `<text class="se-tick" x="${CL - 6}" y="${cy(1) + 4}" text-anchor="end">1</text>` +
    `<text class="se-tick" x="${cx(0)}" y="${CH - 4}" text-anchor="middle">error e = y − ŷ</text>` +
    (showAbs ? abs : '') + square +
    (showAbs ? `<circle class="se-dot-abs" cx="${cx(e).toFixed(1)}" cy="${cy(Math.abs(e)).toFixed(1)}" r="4.5"/>` : '') +
    `<circle class="se-dot-sq" cx="${cx(e).toFixed(1)}" cy="${cy(e * e).toFixed(1)}" r="4.5"/>` +
    `<text class="se-key se-key-sq" x="${cx(0) + 10}" y="${CT + 12}">── e²</text>` +
    (showAbs ? `<text class="se-key se-key-abs" x="${cx(0) + 10}" y="${CT + 28}">- - |e|</text>` : '') +
    `</svg>`
  );
}

export function compareText(e: number, sample: number, showAbs: boolean): string {
  const sq =
    `Sample ${sample}: e = ${fmt(e)}, so e² = ${fmt(e * e)}. The slope of e² here is 2e = ${fmt(2 * e)}; ` +
    'it shrinks smoothly to 0 as the error does.';
  if (!showAbs) return sq;
  const slope = e > 0 ? '+1' : e < 0 ? '−1' : 'undefined (the corner)';
  return (
    `${sq} |e| = ${fmt(Math.abs(e))}, and its slope is ${slope}: −1 for every negative error and +1 for every positive one, ` +
    'jumping at 0, however close the prediction is to its target.'
  );
}
