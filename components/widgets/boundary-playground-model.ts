// The decision-boundary playground of chapter 10 without the DOM: the setup (what the controls
// and the URL hold), the data, a training run of the module's general network, the grid of
// predictions behind the points, and the SVG and text that show them. BoundaryPlayground.astro
// renders the default setup's first state with these functions at build time; the page's
// boundary-playground.ts redraws with the same ones.

import {
  accuracy, createNetwork, evaluateLoss, forward, train, TrainingDivergedError,
  type DivergenceReason, type Network,
} from '../../src/nn/network.ts';
import type { ActivationName } from '../../src/nn/activations.ts';
import { zeros, type Matrix } from '../../src/nn/matrix.ts';
import { circles, moons, spiral, type LabelledData } from '../../src/nn/data/toys.ts';
import { xorData } from '../../src/nn/data/xor.ts';
import { oneHot } from '../../src/nn/data/prepare.ts';
import { createRng, randomNormal } from '../../src/nn/random.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { formatCount, formatPercent, formatReading } from '../../src/lib/numbers.ts';

export const DATASETS = ['xor', 'moons', 'circles', 'spiral'] as const;
export type DatasetName = (typeof DATASETS)[number];
export const HIDDEN_ACTIVATIONS = ['sigmoid', 'tanh', 'relu'] as const;
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];
export const LEARNING_RATES = [0.01, 0.03, 0.1, 0.3, 1, 3] as const;
export const WIDTHS = [1, 2, 3, 4, 6, 8, 12, 16] as const;
export const MAX_LAYERS = 4;
export const MAX_NOISE = 0.5;

export interface Setup {
  data: DatasetName;
  /** Standard deviation of the noise added to every point, 0 … 0.5. */
  noise: number;
  /** Hidden layer sizes, input to output; [] is a network with no hidden layer. */
  layers: number[];
  act: HiddenActivation;
  lr: number;
  seed: number;
}

export const DEFAULT_SETUP: Setup = { data: 'moons', noise: 0.15, layers: [8, 8], act: 'tanh', lr: 0.3, seed: 1 };

/** Samples per data set: enough to show the shape, few enough to train at screen speed. */
export const SAMPLES = 200;

// ── The setup in the URL ─────────────────────────────────────────────────────────────────────

/**
 * A setup from a query string such as `?data=circles&noise=0.1&layers=8,8&act=relu&lr=0.1`.
 * Each field that is missing or not allowed keeps its default, so a damaged or old link still
 * opens something sensible rather than nothing.
 */
export function parseSetup(query: string): Setup {
  const p = new URLSearchParams(query.replace(/^[?#]/, ''));
  const s: Setup = { ...DEFAULT_SETUP, layers: [...DEFAULT_SETUP.layers] };
  const data = p.get('data');
  if (data && (DATASETS as readonly string[]).includes(data)) s.data = data as DatasetName;
  const noise = Number(p.get('noise'));
  if (p.has('noise') && Number.isFinite(noise) && noise >= 0 && noise <= MAX_NOISE) s.noise = Math.round(noise * 100) / 100;
  if (p.has('layers')) {
    const text = p.get('layers')!.trim();
    const sizes = text === '' || text === 'none' ? [] : text.split(',').map(Number);
    if (sizes.length <= MAX_LAYERS && sizes.every((n) => (WIDTHS as readonly number[]).includes(n))) s.layers = sizes;
  }
  const act = p.get('act');
  if (act && (HIDDEN_ACTIVATIONS as readonly string[]).includes(act)) s.act = act as HiddenActivation;
  const lr = Number(p.get('lr'));
  if (p.has('lr') && (LEARNING_RATES as readonly number[]).includes(lr)) s.lr = lr;
  const seed = Number(p.get('seed'));
  if (p.has('seed') && Number.isInteger(seed) && seed >= 0 && seed <= 4294967295) s.seed = seed;
  return s;
}

/** The query string for a setup (without the "?"); the seed only when it is not the default. */
export function setupToQuery(s: Setup): string {
  const parts = [
    `data=${s.data}`, `noise=${s.noise}`, `layers=${s.layers.length ? s.layers.join(',') : 'none'}`, `act=${s.act}`, `lr=${s.lr}`,
  ];
  if (s.seed !== DEFAULT_SETUP.seed) parts.push(`seed=${s.seed}`);
  return parts.join('&');
}

/** True when the query string names any playground field (so the page should apply it). */
export function queryHasSetup(query: string): boolean {
  const p = new URLSearchParams(query.replace(/^[?#]/, ''));
  return ['data', 'noise', 'layers', 'act', 'lr', 'seed'].some((k) => p.has(k));
}

// ── Data and network ─────────────────────────────────────────────────────────────────────────

/**
 * XOR as a cloud: the four corners of xorData(), moved to ±1, each repeated with noise. The
 * module's xorData() has exactly four points, too few to see a boundary form around.
 */
export function noisyXor(n: number, noise: number, seed: number): LabelledData {
  const { X: corners, Y: targets } = xorData();
  const rng = createRng(seed);
  const X = zeros(n, 2);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    X.data[2 * i] = 2 * corners.data[2 * c] - 1 + randomNormal(rng, 0, noise);
    X.data[2 * i + 1] = 2 * corners.data[2 * c + 1] - 1 + randomNormal(rng, 0, noise);
    labels.push(targets.data[c]);
  }
  return { X, labels, Y: oneHot(labels, 2) };
}

export function makeData(s: Setup): LabelledData {
  const options = { n: SAMPLES, noise: s.noise, seed: s.seed };
  switch (s.data) {
    case 'xor': return noisyXor(SAMPLES, s.noise, s.seed);
    case 'moons': return moons(options);
    case 'circles': return circles(options);
    case 'spiral': return spiral(options);
  }
}

export function classCount(data: LabelledData): number {
  return data.Y.cols;
}

/** Hidden layers with the chosen activation, then a softmax layer with one output per class. */
export function makeNetwork(s: Setup, classes: number): Network {
  return createNetwork({
    inputSize: 2,
    layers: [
      ...s.layers.map((size) => ({ size, activation: s.act as ActivationName })),
      { size: classes, activation: 'softmax' as const },
    ],
    init: s.act === 'relu' ? 'he' : 'xavier',
    seed: s.seed,
  });
}

// ── The grid behind the points ───────────────────────────────────────────────────────────────

export interface Bounds { x0: number; x1: number; y0: number; y1: number }

/** A square window around the data with a margin, so circles look round. */
export function boundsOf(X: Matrix): Bounds {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < X.rows; i++) {
    const x = X.data[2 * i], y = X.data[2 * i + 1];
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const half = (Math.max(x1 - x0, y1 - y0) / 2) * 1.12 + 0.05;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

/** Grid cells per side: coarse on purpose, it is redrawn many times a second. */
export const GRID = 36;

/** The centres of the grid's cells as an (G·G)×2 matrix, row by row from the top. */
export function gridPoints(b: Bounds, g = GRID): Matrix {
  const P = zeros(g * g, 2);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      const k = r * g + c;
      P.data[2 * k] = b.x0 + ((c + 0.5) / g) * (b.x1 - b.x0);
      P.data[2 * k + 1] = b.y1 - ((r + 0.5) / g) * (b.y1 - b.y0);
    }
  }
  return P;
}

export interface GridPrediction {
  /** The predicted class of each cell. */
  cls: Uint8Array;
  /** How sure: 0 when every class is equally likely, 1 when one class has all the probability. */
  sure: Float32Array;
}

export function predictGrid(net: Network, points: Matrix): GridPrediction {
  let out: Matrix;
  try {
    out = forward(net, points).output;
  } catch (error) {
    // Weights so large that the numbers overflow predict nothing: every cell unsure.
    if (!isOverflow(error)) throw error;
    return { cls: new Uint8Array(points.rows), sure: new Float32Array(points.rows) };
  }
  const k = out.cols, n = out.rows;
  const cls = new Uint8Array(n), sure = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (out.data[i * k + j] > out.data[i * k + best]) best = j;
    cls[i] = best;
    sure[i] = (out.data[i * k + best] - 1 / k) / (1 - 1 / k);
  }
  return { cls, sure };
}

// ── A run ────────────────────────────────────────────────────────────────────────────────────

export interface RunSnapshot {
  setup: Setup;
  step: number;
  loss: number;
  accuracy: number;
  classes: number;
  /** Set when training diverged or its numbers overflowed; training stops there. */
  diverged: boolean;
  /** What was seen when it diverged (TrainingDivergedError's reason, or 'overflow'); null while it has not. */
  divergedBecause: DivergedBecause | null;
  /** The loss that showed the divergence (Infinity or NaN when it was not finite); the last loss while it has not. */
  divergedLoss: number;
  /** The loss at step 0, before any training (about ln k for k classes). */
  startLoss: number;
  /**
   * The loss is more than WORSE_THAN_START times its starting value: still finite, so train()
   * raises nothing, but the run is going the wrong way (too large a learning rate). With η = 3 and
   * four tanh layers of 16 the loss climbs from 0.66 to about 18 and the accuracy sits at chance.
   */
  worseThanStart: boolean;
}

/** Why a run stopped: train()'s reason, or 'overflow' when the numbers overflowed (a plain error of src/nn). */
export type DivergedBecause = DivergenceReason | 'overflow';

/**
 * Is this src/nn's plain error about numbers that overflowed? On the playground's own data
 * (generated, finite, the right shapes) it is the only plain Error train(), forward() and
 * evaluateLoss() can throw, and it means the run's weights went off: a diverged run, not a
 * broken widget. Anything else (a TypeError: a bug) is thrown on.
 */
function isOverflow(error: unknown): boolean {
  return error instanceof Error && error.constructor === Error && /overflow/.test(error.message);
}

/** How many times its starting loss a run may reach before the summary calls it failing. */
export const WORSE_THAN_START = 2;

export class PlaygroundRun {
  readonly setup: Setup;
  readonly data: LabelledData;
  readonly bounds: Bounds;
  readonly points: Matrix;
  net: Network;
  step = 0;
  diverged = false;
  divergedBecause: DivergedBecause | null = null;
  divergedLoss = NaN;
  readonly history: number[] = [];

  constructor(setup: Setup) {
    this.setup = setup;
    this.data = makeData(setup);
    this.bounds = boundsOf(this.data.X);
    this.points = gridPoints(this.bounds);
    this.net = makeNetwork(setup, classCount(this.data));
    this.history.push(this.loss());
  }

  loss(): number {
    // From the logits (evaluateLoss), so a confident network scores its true loss, not +∞.
    return evaluateLoss(this.net, this.data.X, this.data.Y, 'crossEntropy');
  }

  /**
   * n full-batch gradient steps with cross-entropy; stops (and marks the run) if it diverges:
   * a TrainingDivergedError (the network is back at its last good weights), or numbers that
   * overflow in train() or in scoring the new weights.
   */
  advance(n: number): void {
    if (this.diverged || n < 1) return;
    try {
      const { history } = train(this.net, this.data.X, this.data.Y, { loss: 'crossEntropy', learningRate: this.setup.lr, iterations: n });
      for (let i = 1; i < history.length; i++) this.history.push(history[i]); // history[0] we already hold
      this.step += n;
      this.history.push(this.loss());
    } catch (error) {
      if (error instanceof TrainingDivergedError) {
        for (let i = 1; i < error.history.length; i++) this.history.push(error.history[i]);
        this.step += error.step;
        this.stop(error.reason, error.loss);
      } else if (isOverflow(error)) {
        this.stop('overflow', Infinity);
      } else {
        throw error;
      }
    }
  }

  private stop(because: DivergedBecause, loss: number): void {
    this.diverged = true;
    this.divergedBecause = because;
    this.divergedLoss = loss;
  }

  /** The share of points classified correctly; NaN when the network's numbers overflow. */
  private accuracy(): number {
    try {
      return accuracy(forward(this.net, this.data.X).output, this.data.labels);
    } catch (error) {
      if (!isOverflow(error)) throw error;
      return NaN;
    }
  }

  grid(): GridPrediction {
    return predictGrid(this.net, this.points);
  }

  snapshot(): RunSnapshot {
    const loss = this.history[this.history.length - 1];
    return {
      setup: this.setup,
      step: this.step,
      loss,
      accuracy: this.accuracy(),
      classes: classCount(this.data),
      diverged: this.diverged,
      divergedBecause: this.divergedBecause,
      divergedLoss: this.diverged ? this.divergedLoss : loss,
      startLoss: this.history[0],
      worseThanStart: !this.diverged && this.history[this.history.length - 1] > WORSE_THAN_START * this.history[0],
    };
  }
}

// ── Drawing ──────────────────────────────────────────────────────────────────────────────────

export const FIELD = 360;
const DATA_NAMES: Record<DatasetName, string> = { xor: 'XOR', moons: 'two moons', circles: 'two circles', spiral: 'a three-arm spiral' };

export function describeSetup(s: Setup): string {
  const hidden = s.layers.length === 0
    ? 'no hidden layer'
    : `${s.layers.length} hidden layer${s.layers.length > 1 ? 's' : ''} of ${s.layers.join(', ')} ${s.act} neurons`;
  return `${DATA_NAMES[s.data]} (${SAMPLES} points, noise ${s.noise}), ${hidden}, learning rate ${s.lr}`;
}

const DIVERGED_BECAUSE: Record<DivergedBecause, string> = {
  'loss-not-finite': 'the loss became infinite',
  'loss-exploded': 'the loss rose above a million times its start',
  'weights-not-finite': 'the weights became infinite',
  overflow: 'the numbers overflowed',
};

export function summary(r: RunSnapshot): string {
  const where = r.diverged
    ? `Training diverged at step ${r.step}: ${DIVERGED_BECAUSE[r.divergedBecause ?? 'overflow']}. Try a smaller learning rate.`
    : `Step ${formatCount(r.step)}: cross-entropy loss ${formatReading(r.loss, { decimals: 3 })}, ${formatPercent(r.accuracy)} of the points classified correctly.`;
  const failing = r.worseThanStart
    ? ` Training is failing: the loss is ${Math.round(r.loss / r.startLoss)} times what it was at the start (${formatReading(r.startLoss, { decimals: 3 })}). ` +
      'The learning rate is too large for this network: its steps throw the weights further out instead of downhill. Try a smaller learning rate.'
    : '';
  return `Data: ${describeSetup(r.setup)}. ${where}${failing}`;
}

/** Cells of the same class and similar sureness are merged along each row, to keep the SVG small. */
export function heatmapRects(g: GridPrediction, size = FIELD, n = GRID): string {
  const cell = size / n;
  const level = (s: number) => Math.round(Math.max(0, Math.min(1, s)) * 4); // 5 shades per class
  const rects: string[] = [];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      const k = r * n + c, cls = g.cls[k], lv = level(g.sure[k]);
      let end = c + 1;
      while (end < n && g.cls[r * n + end] === cls && level(g.sure[r * n + end]) === lv) end++;
      rects.push(`<rect class="bp-c${cls} bp-s${lv}" x="${(c * cell).toFixed(2)}" y="${(r * cell).toFixed(2)}" width="${((end - c) * cell).toFixed(2)}" height="${cell.toFixed(2)}"/>`);
      c = end;
    }
  }
  return rects.join('');
}

const MARKERS = [
  (x: number, y: number) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4"/>`,
  (x: number, y: number) => `<rect x="${(x - 3.6).toFixed(1)}" y="${(y - 3.6).toFixed(1)}" width="7.2" height="7.2"/>`,
  (x: number, y: number) => `<path d="M${x.toFixed(1)},${(y - 4.8).toFixed(1)}l4.4,7.6h-8.8z"/>`,
];

export function pointsSvg(data: LabelledData, b: Bounds, size = FIELD): string {
  const px = (x: number) => ((x - b.x0) / (b.x1 - b.x0)) * size;
  const py = (y: number) => ((b.y1 - y) / (b.y1 - b.y0)) * size;
  const groups = new Map<number, string[]>();
  data.labels.forEach((label, i) => {
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label)!.push(MARKERS[label % MARKERS.length](px(data.X.data[2 * i]), py(data.X.data[2 * i + 1])));
  });
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([label, marks]) => `<g class="bp-p bp-p${label}">${marks.join('')}</g>`).join('');
}

export function fieldSvg(run: PlaygroundRun, grid: GridPrediction = run.grid()): string {
  const s = run.snapshot();
  return `<svg class="bp-map" viewBox="0 0 ${FIELD} ${FIELD}" role="img" aria-label="${escapeHtml(`Data points and the network's predicted class regions. ${summary(s)}`)}">`
    + `<g data-heat shape-rendering="crispEdges">${heatmapRects(grid)}</g><g data-points>${pointsSvg(run.data, run.bounds)}</g></svg>`;
}

/** The loss history as a small line, for the panel beside the field. */
export function sparkPath(history: readonly number[], width = 240, height = 60): string {
  if (history.length === 0) return '';
  const max = Math.max(...history.filter(Number.isFinite), 1e-9);
  const n = history.length;
  const every = Math.max(1, Math.ceil(n / width));
  const pts: string[] = [];
  const at = (i: number) => `${((i / Math.max(n - 1, 1)) * width).toFixed(1)},${(height - (history[i] / max) * (height - 2) - 1).toFixed(1)}`;
  for (let i = 0; i < n; i += every) pts.push(at(i));
  if ((n - 1) % every !== 0) pts.push(at(n - 1));
  return `M${pts.join('L')}`;
}

