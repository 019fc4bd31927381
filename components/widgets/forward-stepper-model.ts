// The forward-pass step-through (chapter 4), as pure functions: what the network computes for a
// seed, and the HTML of every step. The server (ForwardStepper.astro) and the browser
// (forward-stepper.ts) call the same `renderSteps`, so a reader's first view with JavaScript off
// is exactly the markup the widget redraws later.
//
// The numbers come from the module's general network built with the tutorial's choices (sigmoid
// layers, no biases, uniform starting weights drawn in the same order as NeuralNetwork), so
// trace.zs / trace.as are the z and a of every layer, equal to NeuralNetwork's fields for the
// same seed (tests/components/forward-stepper.test.ts checks it).

import { createNetwork, forward } from '../../src/nn/network.ts';
import { articleData } from '../../src/nn/data/article.ts';
import { toArray } from '../../src/nn/matrix.ts';
import { formatReading, subscript } from '../../src/lib/numbers.ts';

type Rows = number[][];

/** Everything one forward pass computed, as plain arrays (one inner array per row). */
export interface StepperData {
  seed: number;
  X: Rows; // 4×3
  W1: Rows; // 3×4
  z1: Rows; // 4×4
  a1: Rows; // 4×4
  W2: Rows; // 4×1
  z2: Rows; // 4×1
  yHat: Rows; // 4×1
  y: Rows; // 4×1
}

export function computeStepperData(seed: number): StepperData {
  const { X, y } = articleData();
  const net = createNetwork({
    inputSize: 3,
    layers: [{ size: 4, activation: 'sigmoid' }, { size: 1, activation: 'sigmoid' }],
    biases: false,
    init: 'uniform',
    seed,
  });
  const trace = forward(net, X);
  return {
    seed,
    X: toArray(X),
    W1: toArray(net.layers[0].W),
    z1: toArray(trace.zs[0]),
    a1: toArray(trace.as[0]),
    W2: toArray(net.layers[1].W),
    z2: toArray(trace.zs[1]),
    yHat: toArray(trace.output),
    y: toArray(y),
  };
}

export const STEP_COUNT = 5;
export const STEP_TITLES = [
  'The inputs X',
  'Weighted inputs z₁ = X·W₁',
  'Hidden activations a₁ = σ(z₁)',
  'Output weighted input z₂ = a₁·W₂',
  'Prediction ŷ = σ(z₂)',
];

/** Three decimals, a real minus sign, and never "−0.000". */
export const fmt = (v: number): string => formatReading(v, { decimals: 3 });

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, j) => `${prefix}${subscript(j + 1)}`);

interface TableSpec {
  name: string;
  values: Rows;
  rowNames: string[];
  colNames: string[];
  /** Row to highlight (the followed sample), or -1. */
  row?: number;
  /** Column to highlight (the worked example's neuron), or -1. */
  col?: number;
}

function table({ name, values, rowNames, colNames, row = -1, col = -1 }: TableSpec): string {
  // Data and targets are whole numbers: print them as such, not as 1.000.
  const whole = values.every((r) => r.every(Number.isInteger));
  const show = (v: number) => (whole ? String(v) : fmt(v));
  const shape = `${values.length}×${values[0].length}`;
  const head = `<tr><td></td>${colNames.map((c, j) => `<th scope="col"${j === col ? ' class="fs-col"' : ''}>${c}</th>`).join('')}</tr>`;
  const body = values
    .map((r, i) => {
      const cls = i === row ? ' class="fs-row"' : '';
      const cells = r
        .map((v, j) => {
          // The entry (or, in a weight matrix, the column) the step's worked example uses.
          const mark = j === col && (row < 0 || i === row);
          return `<td${mark ? ' class="fs-hit"' : ''}>${show(v)}</td>`;
        })
        .join('');
      return `<tr${cls}><th scope="row">${rowNames[i]}</th>${cells}</tr>`;
    })
    .join('');
  return (
    `<table class="fs-matrix"><caption><span class="fs-name">${name}</span> <span class="fs-shape">${shape}</span></caption>` +
    `<thead>${head}</thead><tbody>${body}</tbody></table>`
  );
}

const op = (symbol: string, label: string) => `<span class="fs-op" aria-label="${label}">${symbol}</span>`;

/** The tables and the explanation of step `k` (0-based) while following sample `s` (0-based). */
export function stepContent(d: StepperData, k: number, s: number): { tables: string; text: string } {
  const samples = d.X.map((_, i) => `sample ${i + 1}`);
  const inputs = names('x', 3);
  const hidden = names('h', 4);
  const n = s + 1;
  const x = d.X[s];
  switch (k) {
    case 0:
      return {
        tables: table({ name: 'X', values: d.X, rowNames: samples, colNames: inputs, row: s }),
        text:
          `Each row of X is one sample, each column one input. Sample ${n} is (${x.join(', ')}); ` +
          'its third input is always 1, like every sample’s.',
      };
    case 1: {
      const terms = x.map((xi, i) => `${xi} × ${fmt(d.W1[i][0])}`).join(' + ');
      return {
        tables:
          table({ name: 'X', values: d.X, rowNames: samples, colNames: inputs, row: s }) + op('·', 'times') +
          table({ name: 'W₁', values: d.W1, rowNames: inputs, colNames: hidden, col: 0 }) + op('=', 'equals') +
          table({ name: 'z₁', values: d.z1, rowNames: samples, colNames: hidden, row: s, col: 0 }),
        text:
          `Row ${n} of z₁ is sample ${n}’s inputs times each column of W₁. For hidden neuron h₁ (column 1): ` +
          `${terms} = ${fmt(d.z1[s][0])}. The other three columns work the same way: one weighted input per hidden neuron.`,
      };
    }
    case 2:
      return {
        tables:
          table({ name: 'z₁', values: d.z1, rowNames: samples, colNames: hidden, row: s, col: 0 }) + op('→ σ →', 'sigmoid of each entry gives') +
          table({ name: 'a₁', values: d.a1, rowNames: samples, colNames: hidden, row: s, col: 0 }),
        text:
          `The sigmoid acts on each entry by itself, so the shape stays 4×4. For sample ${n}, neuron h₁: ` +
          `σ(${fmt(d.z1[s][0])}) = ${fmt(d.a1[s][0])}. Row ${n} of a₁ is all the output neuron will see of sample ${n}.`,
      };
    case 3: {
      const terms = d.a1[s].map((a, j) => `${fmt(a)} × ${fmt(d.W2[j][0])}`).join(' + ');
      return {
        tables:
          table({ name: 'a₁', values: d.a1, rowNames: samples, colNames: hidden, row: s }) + op('·', 'times') +
          table({ name: 'W₂', values: d.W2, rowNames: hidden, colNames: ['out'], col: 0 }) + op('=', 'equals') +
          table({ name: 'z₂', values: d.z2, rowNames: samples, colNames: ['out'], row: s }),
        text:
          `Row ${n} of a₁ times the single column of W₂: ${terms} = ${fmt(d.z2[s][0])}. ` +
          'One weighted input per sample for the one output neuron.',
      };
    }
    default:
      return {
        tables:
          table({ name: 'z₂', values: d.z2, rowNames: samples, colNames: ['out'], row: s }) + op('→ σ →', 'sigmoid of each entry gives') +
          table({ name: 'ŷ', values: d.yHat, rowNames: samples, colNames: ['ŷ'], row: s }) +
          `<span class="fs-op fs-gap" aria-hidden="true"></span>` +
          table({ name: 'y (targets)', values: d.y, rowNames: samples, colNames: ['y'], row: s }),
        text:
          `σ(${fmt(d.z2[s][0])}) = ${fmt(d.yHat[s][0])}: the network’s prediction for sample ${n}, whose target is ${d.y[s][0]}. ` +
          'With untrained weights the four predictions are close together and unrelated to the targets.',
      };
  }
}

/** Every step as a <section>; the one at `current` is marked, the others are hidden by the widget's CSS once it runs. */
export function renderSteps(d: StepperData, current: number, sample: number): string {
  return Array.from({ length: STEP_COUNT }, (_, k) => {
    const { tables, text } = stepContent(d, k, sample);
    return (
      `<section class="fs-step" data-step="${k}"${k === current ? ' data-current' : ''} aria-label="Step ${k + 1} of ${STEP_COUNT}">` +
      `<h3 class="fs-title">Step ${k + 1} of ${STEP_COUNT}: ${STEP_TITLES[k]}</h3>` +
      `<div class="fs-tables scroll-cue">${tables}</div>` +
      `<p class="fs-text">${text}</p>` +
      `</section>`
    );
  }).join('');
}
