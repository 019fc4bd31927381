// One neuron, z = w·x + b, a = σ(z): the state, the text and the chart of NeuronSliders,
// shared by the server render (NeuronSliders.astro) and the browser (neuron-sliders.ts).
// Pure: the numbers come from src/nn's sigmoid and sigmoidPrime; Plot and the document are
// passed in, so the same function draws with linkedom at build time and the real DOM later.

import { sigmoid, sigmoidPrime } from '../../src/nn/activations.ts';
import { formatReading } from '../../src/lib/numbers.ts';
import type * as PlotModule from '@observablehq/plot';

/**
 * `step`: use the step function (0 for z < 0, 1 from z = 0 on) instead of the sigmoid, to show
 * why training needs a smooth activation: the step's slope is 0 wherever it exists.
 */
export interface NeuronInputs { x: number; w: number; b: number; step?: boolean }
export interface NeuronState extends NeuronInputs { z: number; a: number; slope: number }

/** Slider ranges: |z| = |w·x + b| ≤ 4·2 + 4 = 12, the chart's half-width. */
export const RANGES = {
  x: { min: -2, max: 2, step: 0.1, label: 'input x' },
  w: { min: -4, max: 4, step: 0.1, label: 'weight w' },
  b: { min: -4, max: 4, step: 0.1, label: 'bias b' },
} as const;
export const Z_LIMIT = 12;
export const START: NeuronInputs = { x: 1, w: 2, b: -1 };

/** The step function: 0 for z < 0, 1 from z = 0 on. Its slope is 0 for every z ≠ 0. */
const stepOf = (z: number) => (z >= 0 ? 1 : 0);

export function neuronState({ x, w, b, step = false }: NeuronInputs): NeuronState {
  const z = w * x + b;
  if (step) return { x, w, b, step, z, a: stepOf(z), slope: 0 };
  const a = sigmoid(z);
  return { x, w, b, step, z, a, slope: sigmoidPrime(a) };
}

/** The labels of the output and the slope, for the activation in use. */
export function activationNames(s: NeuronState): { a: string; slope: string } {
  return s.step ? { a: 'a = step(z)', slope: 'slope of step(z)' } : { a: 'a = σ(z)', slope: 'σ′(z) = a(1 − a)' };
}

/** A number with a real minus sign, e.g. −1.50. */
export const num = (v: number, digits: number): string => formatReading(v, { decimals: digits });

export function equationText(s: NeuronState): string {
  const b = s.b < 0 ? `(${num(s.b, 1)})` : num(s.b, 1);
  const x = s.x < 0 ? `(${num(s.x, 1)})` : num(s.x, 1);
  return `z = w x + b = ${num(s.w, 1)} × ${x} + ${b} = ${num(s.z, 2)}`;
}

/** Where on the curve the neuron sits, in words. */
export function regimeText(s: NeuronState): string {
  if (s.step) {
    return 'The step function jumps from 0 to 1 at z = 0 and is flat everywhere else: a small change of w or b changes the output ' +
      'not at all, or all at once, and its slope is 0 (at z = 0 it has none). Gradient descent, which follows the slope, gets no signal.';
  }
  if (s.a >= 0.95) return 'The neuron is saturated near 1: the curve is almost flat here, so nudging z barely changes the output.';
  if (s.a <= 0.05) return 'The neuron is saturated near 0: the curve is almost flat here, so nudging z barely changes the output.';
  if (Math.abs(s.z) < 1) return 'The neuron is in the steep middle of the curve, where a change in z moves the output the most.';
  return 'The neuron is on the shoulder of the curve: the slope is already smaller than at z = 0.';
}

/** The text summary that updates (aria-live): every number the chart shows, in words. */
export function summaryText(s: NeuronState): string {
  return `With x = ${num(s.x, 1)}, w = ${num(s.w, 1)} and b = ${num(s.b, 1)}, the weighted input is z = ${num(s.z, 2)}, ` +
    `the output is a = ${num(s.a, 3)} and the slope is ${s.step ? '' : 'σ′(z) = '}${num(s.slope, 3)}. ${regimeText(s)}`;
}

export function chartLabel(s: NeuronState): string {
  if (s.step) {
    return `Chart of the step function, 0 for z < 0 and 1 from z = 0 on, and its slope, 0 everywhere except at z = 0, where it has none, ` +
      `for z from −${Z_LIMIT} to ${Z_LIMIT}. The current point is marked at z = ${num(s.z, 2)}: output ${num(s.a, 3)}, slope 0.`;
  }
  return `Chart of the sigmoid σ(z), rising from 0 to 1, and its slope σ′(z), a bump that peaks at 0.25 at z = 0, ` +
    `for z from −${Z_LIMIT} to ${Z_LIMIT}. The current point is marked at z = ${num(s.z, 2)}: σ = ${num(s.a, 3)}, σ′ = ${num(s.slope, 3)}.`;
}

interface CurvePoint { z: number; value: number }
let curves: { sigma: CurvePoint[]; slope: CurvePoint[] } | null = null;
function curveData() {
  if (curves) return curves;
  const sigma: CurvePoint[] = [];
  const slope: CurvePoint[] = [];
  for (let k = -Z_LIMIT * 10; k <= Z_LIMIT * 10; k++) {
    const z = k / 10;
    const a = sigmoid(z);
    sigma.push({ z, value: a });
    slope.push({ z, value: sigmoidPrime(a) });
  }
  return (curves = { sigma, slope });
}

/** The step function and its slope (0; the jump at z = 0 is drawn as a vertical line). */
function stepData() {
  const sigma: CurvePoint[] = [{ z: -Z_LIMIT, value: 0 }, { z: 0, value: 0 }, { z: 0, value: 1 }, { z: Z_LIMIT, value: 1 }];
  const slope: CurvePoint[] = [{ z: -Z_LIMIT, value: 0 }, { z: Z_LIMIT, value: 0 }];
  return { sigma, slope };
}

/** σ and σ′ (or the step and its slope) over [−12, 12], with the neuron's current point marked on both. */
export function neuronChart(Plot: typeof PlotModule, document: Document, s: NeuronState): SVGSVGElement | HTMLElement {
  const { sigma, slope } = s.step ? stepData() : curveData();
  const names = s.step ? { f: 'step(z)', slope: 'slope' } : { f: 'σ(z)', slope: 'σ′(z)' };
  const point = [{ z: s.z, value: s.a }];
  const slopePoint = [{ z: s.z, value: s.slope }];
  const chart = Plot.plot({
    document,
    width: 340,
    height: 200,
    marginLeft: 34,
    marginRight: 12,
    marginBottom: 32,
    style: { fontSize: '11px', background: 'transparent', overflow: 'visible' },
    x: { domain: [-Z_LIMIT, Z_LIMIT], label: 'z', labelAnchor: 'right', grid: true, ticks: 7 },
    y: { domain: [0, 1], label: null, grid: true, ticks: 5 },
    marks: [
      Plot.ruleY([0], { stroke: 'var(--fg-soft)' }),
      Plot.ruleX([s.z], { stroke: 'var(--fg-soft)', strokeDasharray: '3,3' }),
      Plot.line(sigma, { x: 'z', y: 'value', stroke: 'var(--accent)', strokeWidth: 2.5 }),
      Plot.line(slope, { x: 'z', y: 'value', stroke: 'var(--warn)', strokeWidth: 2.5, strokeDasharray: '6,3' }),
      Plot.text([{ z: 5, value: 0.88 }], { x: 'z', y: 'value', text: () => names.f, textAnchor: 'start', fill: 'var(--accent)', fontWeight: 700, fontSize: 13 }),
      Plot.text([{ z: 2.4, value: 0.2 }], { x: 'z', y: 'value', text: () => names.slope, textAnchor: 'start', fill: 'var(--warn)', fontWeight: 700, fontSize: 13 }),
      Plot.dot(point, { x: 'z', y: 'value', r: 6, fill: 'var(--accent)', stroke: 'var(--bg)', strokeWidth: 2 }),
      Plot.dot(slopePoint, { x: 'z', y: 'value', r: 6, fill: 'var(--warn)', stroke: 'var(--bg)', strokeWidth: 2 }),
    ],
  }) as SVGSVGElement | HTMLElement;
  // The figure around the chart is the image (role="img" with a full text alternative), so the
  // marks' own labels ("line", "dot") would only be noise, and are not allowed on a plain <g>.
  chart.querySelectorAll('[aria-label]').forEach((el) => el.removeAttribute('aria-label'));
  chart.setAttribute('aria-hidden', 'true');
  return chart;
}
