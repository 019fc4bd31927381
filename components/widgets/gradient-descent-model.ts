// The gradient-descent explorer's model (chapter 6): four losses, the descent rule
// w ← w − η ∇𝓛(w), the walk's status, and the sentences that describe it. No DOM: the server
// (GradientDescentExplorer.astro), the browser (gradient-descent.ts) and the tests share it.
//
// Three losses are formulas from the chapter's cells; the fourth is the real thing: the loss of
// the article's network (seed 1) as a function of two of its weights, the first two entries of
// W₂, the other 14 weights held at their starting values. Its gradient comes from the module's
// weightChanges(), which returns −∂𝓛/∂W.

import { NeuralNetwork } from '../../src/nn/article.ts';
import { articleData } from '../../src/nn/data/article.ts';
import { formatReading, roundSignificant } from '../../src/lib/numbers.ts';

export type Point = number[];
export type SurfaceId = 'bowl' | 'two-valleys' | 'valley' | 'network';

export interface Surface {
  id: SurfaceId;
  label: string;
  /** The formula, as plain text (for the summary and the chart's description). */
  formula: string;
  dim: 1 | 2;
  loss(w: Point): number;
  grad(w: Point): Point;
  /** The range of each weight drawn on the chart and offered by the start sliders. */
  domain: [number, number][];
  /** For one weight: the range of the loss axis. */
  lossDomain?: [number, number];
  /** For two weights: the loss of each contour line. */
  thresholds?: number[];
  start: Point;
  eta: number;
}

function networkSurface(): Surface {
  const { X, y } = articleData();
  const net = new NeuralNetwork(X, y, { seed: 1 });
  const at = (w: Point) => {
    net.weights2.data[0] = w[0];
    net.weights2.data[1] = w[1];
    net.feedforward();
  };
  return {
    id: 'network',
    label: 'The network: two weights of W₂',
    formula: '𝓛(w₁, w₂) = Σ (y − ŷ)² of this book’s network (seed 1), where w₁ and w₂ are the first two entries of W₂ and the other 14 weights stay fixed',
    dim: 2,
    loss: (w) => { at(w); return net.loss(); },
    grad: (w) => {
      at(w);
      const { dWeights2 } = net.weightChanges();   // −∂𝓛/∂W₂
      return [-dWeights2.data[0], -dWeights2.data[1]];
    },
    domain: [[-8, 8], [-8, 8]],
    thresholds: [1, 1.02, 1.05, 1.1, 1.2, 1.35, 1.5, 1.7, 1.9, 1.98],
    start: [-6, 7],
    eta: 1,
  };
}

export function makeSurfaces(): Surface[] {
  return [
    {
      id: 'bowl', label: 'A bowl: one weight', formula: '𝓛(w) = (w − 3)² + 1', dim: 1,
      loss: ([w]) => (w - 3) ** 2 + 1,
      grad: ([w]) => [2 * (w - 3)],
      domain: [[-2, 8]], lossDomain: [0, 27], start: [-1], eta: 0.1,
    },
    {
      id: 'two-valleys', label: 'Two valleys: one weight', formula: '𝓛(w) = w⁴/4 − w² + w/2 + 2', dim: 1,
      loss: ([w]) => w ** 4 / 4 - w ** 2 + w / 2 + 2,
      grad: ([w]) => [w ** 3 - 2 * w + 0.5],
      domain: [[-2.5, 2.5]], lossDomain: [0, 5], start: [2], eta: 0.05,
    },
    {
      id: 'valley', label: 'A narrow valley: two weights', formula: '𝓛(w₁, w₂) = (w₁² + 25 w₂²) / 2', dim: 2,
      loss: ([a, b]) => (a * a + 25 * b * b) / 2,
      grad: ([a, b]) => [a, 25 * b],
      domain: [[-4.5, 4.5], [-4.5, 4.5]], thresholds: [0.5, 2, 5, 10, 20, 40, 80, 160, 240], start: [-4, 1], eta: 0.07,
    },
    networkSurface(),
  ];
}

/**
 * 'cycling': the last step landed back where the walk stood two steps ago (η exactly at the
 * limit of a bowl, e.g. η = 1 on (w − 3)² + 1), so it would bounce between two points for ever.
 */
export type Status = 'ready' | 'descending' | 'settled' | 'cycling' | 'diverged';

/** A walk that further steps cannot change: Step and Run stop, Run starts it again. */
export const isOver = (status: Status): boolean => status === 'settled' || status === 'cycling' || status === 'diverged';

export interface Walk {
  path: Point[];
  losses: number[];
  status: Status;
}

/** A walk that has not moved yet. */
export function startWalk(surface: Surface, start: Point): Walk {
  return { path: [start.slice()], losses: [surface.loss(start)], status: 'ready' };
}

/** Beyond this loss, or this far from the origin, we call the walk diverged. */
export const DIVERGED_LOSS = 1e6;
export const DIVERGED_DISTANCE = 1e4;
/** A step shorter than this counts as standing still. */
export const SETTLED_STEP = 1e-7;

/** One step w ← w − η ∇𝓛(w); a walk that is over (settled, cycling, diverged) stays as it is. */
export function step(surface: Surface, walk: Walk, eta: number): Walk {
  if (isOver(walk.status)) return walk;
  const w = walk.path[walk.path.length - 1];
  const g = surface.grad(w);
  const next = w.map((wi, i) => wi - eta * g[i]);
  const L = surface.loss(next);
  const moved = Math.hypot(...next.map((v, i) => v - w[i]));
  let status: Status = 'descending';
  if (!Number.isFinite(L) || L > DIVERGED_LOSS || next.some((v) => !Number.isFinite(v) || Math.abs(v) > DIVERGED_DISTANCE)) status = 'diverged';
  else if (moved < SETTLED_STEP) status = 'settled';
  else if (walk.path.length >= 2 && Math.hypot(...next.map((v, i) => v - walk.path[walk.path.length - 2][i])) < SETTLED_STEP) status = 'cycling';
  return { path: [...walk.path, next], losses: [...walk.losses, L], status };
}

/** Up to `n` steps, stopping early when the walk settles or diverges. */
export function steps(surface: Surface, walk: Walk, eta: number, n: number): Walk {
  let out = walk;
  for (let i = 0; i < n && !isOver(out.status); i++) out = step(surface, out, eta);
  return out;
}

/**
 * Slider position (log₁₀ η) ↔ η. The slider runs from η = 0.001 to η = 1000: the bowls diverge
 * above η = 1, but the network's loss is bounded (below 4) and fails only at a far larger η,
 * when one step flings the weights onto the flat plateau around loss 2 (η = 100 does).
 */
export const ETA_LOG_MIN = -3;
export const ETA_LOG_MAX = 3;
export const etaFromLog = (v: number) => roundSignificant(10 ** v, 2);
export const logFromEta = (eta: number) => Math.log10(eta);

/** A number for reading: 3 significant digits, "1.23 × 10⁻⁴" below 0.001 and from 100,000. */
export const fmt = (v: number): string => formatReading(v, { significant: 3 });

export function fmtPoint(w: Point): string {
  return w.length === 1 ? `w = ${fmt(w[0])}` : `(w₁, w₂) = (${fmt(w[0])}, ${fmt(w[1])})`;
}

export function isOnMap(surface: Surface, w: Point): boolean {
  return w.every((v, i) => v >= surface.domain[i][0] && v <= surface.domain[i][1]);
}

/** The sentence under the chart, read out (aria-live) after every change. */
export function summary(surface: Surface, walk: Walk, eta: number): string {
  const t = walk.path.length - 1;
  const w = walk.path[t];
  const L = walk.losses[t];
  const first = walk.losses[0];
  if (walk.status === 'diverged') {
    return `Diverged after ${t} step${t === 1 ? '' : 's'} with η = ${fmt(eta)}: the loss grew from ${fmt(first)} to ${fmt(L)}. ` +
      'Every step overshoots the bottom and lands farther away than it started. Choose a smaller learning rate and press Reset.';
  }
  const where = `${fmtPoint(w)}, loss ${fmt(L)}`;
  const off = isOnMap(surface, w) ? '' : ' The walk has left the part of the map that is drawn.';
  if (t === 0) return `Step 0, the start: ${where}. Press Step or Run to walk downhill with η = ${fmt(eta)}.`;
  if (walk.status === 'settled') {
    // Standing still above where it started is not a minimum: a large step threw it onto a flat region.
    const stuck = L > first;
    return `${stuck ? 'Stuck on a plateau' : 'Settled'} after ${t} steps at ${where}` +
      `${stuck ? `, higher than at the start (${fmt(first)})` : ''}: the slope is (almost) zero here, so the steps have stopped moving.${off}`;
  }
  if (walk.status === 'cycling') {
    const a = walk.path[t - 1];
    return `Bouncing for ever between ${fmtPoint(w)} and ${fmtPoint(a).replace(/^\(w₁, w₂\) = /, '')} after ${t} steps, with the loss ${fmt(L)} at both: ` +
      'each step jumps over the bottom and the next jumps back, so the loss never falls. A smaller η makes the bounces shrink.';
  }
  const change = L - walk.losses[t - 1];
  const trend = change < 0 ? `down by ${fmt(-change)} in the last step` : change > 0 ? `up by ${fmt(change)} in the last step: it overshot` : 'unchanged in the last step';
  return `Step ${t}: ${where}, ${trend}. Started at ${fmt(first)}.${off}`;
}
