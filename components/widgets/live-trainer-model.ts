// The trainer of chapter 9 without the DOM: a run of the article's NeuralNetwork that advances a
// few steps at a time, and the SVG and text that show it. LiveTrainer.astro renders the first
// state with these functions on the server; live-trainer.ts redraws with the same ones in the
// page, so what the reader sees before and after any script is drawn by one piece of code.
//
// Steps are counted as the cells count them: after t updates the history holds 𝓛₀ … 𝓛ₜ, where
// 𝓛ₜ is the loss of the current weights (the loss that step t will measure before its update).

import { NeuralNetwork } from '../../src/nn/article.ts';
import { articleData } from '../../src/nn/data/article.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { formatCount, formatReading } from '../../src/lib/numbers.ts';

/** The tutorial's budget: the trainer pauses here once. */
export const ARTICLE_STEPS = 1500;
export const TARGETS = [0, 1, 1, 0] as const;
export const INPUTS = ['(0,0,1)', '(0,1,1)', '(1,0,1)', '(1,1,1)'] as const;
/** Steps per animation frame, slowest to fastest; the speed slider picks one. */
export const SPEEDS = [1, 3, 10, 30, 100] as const;

export interface TrainerSnapshot {
  seed: number;
  /** Updates done so far. */
  step: number;
  /** The loss of the current weights, 𝓛_step. */
  loss: number;
  /** ŷ for the four samples at the current weights. */
  predictions: number[];
  /** 𝓛₀ … 𝓛_step. */
  history: readonly number[];
}

/** One training run, advanced on demand. */
export class TrainerRun {
  readonly seed: number;
  readonly history: number[] = [];
  private readonly net: NeuralNetwork;

  constructor(seed: number) {
    this.seed = seed;
    const { X, y } = articleData();
    this.net = new NeuralNetwork(X, y, { seed });
    this.net.feedforward();
    this.history.push(this.net.loss());
  }

  get step(): number {
    return this.history.length - 1;
  }

  /**
   * Train `n` more steps with the module's own loop (train), then evaluate the new weights.
   * train(n) returns 𝓛ₛ … 𝓛ₛ₊ₙ₋₁ (the losses before each update), of which we already hold 𝓛ₛ;
   * the feedforward afterwards gives 𝓛ₛ₊ₙ.
   */
  advance(n: number): void {
    if (!(n >= 1)) return;
    const losses = this.net.train(Math.floor(n));
    for (let i = 1; i < losses.length; i++) this.history.push(losses[i]);
    this.net.feedforward();
    this.history.push(this.net.loss());
  }

  snapshot(): TrainerSnapshot {
    return {
      seed: this.seed,
      step: this.step,
      loss: this.history[this.history.length - 1],
      predictions: Array.from(this.net.output.data),
      history: this.history,
    };
  }
}

/** How many steps to run this frame: `speed` of them, but stop exactly at the article's 1,500. */
export function stepsThisFrame(step: number, speed: number): number {
  if (step < ARTICLE_STEPS && step + speed > ARTICLE_STEPS) return ARTICLE_STEPS - step;
  return speed;
}

/** The right end of the step axis: 1,500, then doubling, so the curve never runs off the chart. */
export function stepAxisMax(step: number): number {
  let max = ARTICLE_STEPS;
  while (step > max) max *= 2;
  return max;
}

/** A seed from a text field: a whole number ≥ 0, or null if the text is not one. */
export function parseSeed(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t)) return null;
  const n = Number(t);
  return n <= 4294967295 ? n : null;
}

// ── Formatting ───────────────────────────────────────────────────────────────────────────────

/** 3 significant digits kept to a steady width ("0.500"), "1.23 × 10⁻⁴" below 0.001. */
export const fmtLoss = (v: number): string => formatReading(v, { significant: 3, trim: false, scientificFrom: Infinity });
export const fmtStep = formatCount;
export const fmtPrediction = (p: number): string => formatReading(p, { decimals: 3 });

export function statusText(s: TrainerSnapshot): string {
  return `Step ${fmtStep(s.step)} · loss ${fmtLoss(s.loss)}`;
}

/** The text alternative for both charts, and the live summary for screen readers. */
export function summary(s: TrainerSnapshot): string {
  const preds = s.predictions.map((p, i) => `${fmtPrediction(p)} (target ${TARGETS[i]})`).join(', ');
  const start = s.history[0];
  const trend = s.step === 0 ? 'Training has not started' : `The loss has gone from ${fmtLoss(start)} to ${fmtLoss(s.loss)}`;
  return `Seed ${s.seed}, step ${fmtStep(s.step)}. ${trend}. Predictions: ${preds}.`;
}

// ── The loss curve ───────────────────────────────────────────────────────────────────────────

export const CURVE = { width: 420, height: 240, left: 40, right: 22, top: 12, bottom: 36 } as const;
/** The loss axis runs from 0 to this (the article's losses start near 1 to 1.3). */
export const LOSS_AXIS_MAX = 1.5;

/**
 * The SVG path of the loss history on a step axis of [0, xMax]: at most one point per
 * pixel column (the curve of 10,000 steps is drawn with a few hundred points), always
 * including the first and the last step.
 */
export function lossPath(history: readonly number[], xMax: number, yMax = LOSS_AXIS_MAX): string {
  const { width, height, left, right, top, bottom } = CURVE;
  const w = width - left - right, h = height - top - bottom;
  const n = history.length;
  if (n === 0) return '';
  const x = (t: number) => left + (t / xMax) * w;
  const y = (v: number) => top + h - (Math.min(Math.max(v, 0), yMax) / yMax) * h;
  const every = Math.max(1, Math.ceil(xMax / w));
  const parts: string[] = [];
  for (let t = 0; t < n; t += every) parts.push(`${x(t).toFixed(1)},${y(history[t]).toFixed(1)}`);
  if ((n - 1) % every !== 0) parts.push(`${x(n - 1).toFixed(1)},${y(history[n - 1]).toFixed(1)}`);
  return `M${parts.join('L')}`;
}

function niceTicks(max: number): number[] {
  const step = max <= 1500 ? 500 : max <= 3000 ? 1000 : max / 4;
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(Math.round(t));
  return ticks;
}

export function curveSvg(s: TrainerSnapshot): string {
  const { width, height, left, right, top, bottom } = CURVE;
  const w = width - left - right, h = height - top - bottom;
  const xMax = stepAxisMax(s.step);
  const x = (t: number) => left + (t / xMax) * w;
  const y = (v: number) => top + h - (v / LOSS_AXIS_MAX) * h;
  const grid: string[] = [];
  for (const v of [0, 0.5, 1, 1.5]) {
    grid.push(`<line class="lt-grid" x1="${left}" x2="${left + w}" y1="${y(v)}" y2="${y(v)}"/>`);
    grid.push(`<text class="lt-tick" x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  for (const t of niceTicks(xMax)) {
    grid.push(`<line class="lt-grid" x1="${x(t)}" x2="${x(t)}" y1="${top}" y2="${top + h}"/>`);
    grid.push(`<text class="lt-tick" x="${x(t)}" y="${top + h + 16}" text-anchor="middle">${fmtStep(t)}</text>`);
  }
  const mark = xMax > ARTICLE_STEPS
    ? `<line class="lt-mark" x1="${x(ARTICLE_STEPS)}" x2="${x(ARTICLE_STEPS)}" y1="${top}" y2="${top + h}"/>`
    : '';
  const last = s.history.length - 1;
  const dot = `<circle class="lt-dot" cx="${x(last).toFixed(1)}" cy="${y(Math.min(s.loss, LOSS_AXIS_MAX)).toFixed(1)}" r="4"/>`;
  return `<svg class="lt-curve" viewBox="0 0 ${width} ${height}" role="img" aria-label="Loss curve. ${escapeHtml(summary(s))}">`
    + grid.join('') + mark
    + `<path class="lt-line" d="${lossPath(s.history, xMax)}"/>` + dot
    + `<text class="lt-axis" x="${left + w}" y="${height - 2}" text-anchor="end">step t</text>`
    + `<text class="lt-axis" x="${left}" y="${top - 3}" text-anchor="start" dx="4" dy="12">loss 𝓛</text>`
    + '</svg>';
}

// ── The four predictions ─────────────────────────────────────────────────────────────────────

/**
 * The bars' frame, in viewBox units. Narrow, so that the text stays legible when the chart gets a
 * third of the widget's width; `top` leaves a row above the chart for the value labels, which
 * therefore never sit on a bar or on the thick target line at 1.
 */
export const BARS = { width: 240, height: 262, left: 30, right: 6, top: 34, bottom: 52 } as const;

export function barsSvg(s: TrainerSnapshot): string {
  const { width, height, left, right, top, bottom } = BARS;
  const w = width - left - right, h = height - top - bottom;
  const slot = w / 4, barW = slot * 0.5;
  const y = (v: number) => top + h - v * h;
  const parts: string[] = [];
  for (const v of [0, 0.5, 1]) {
    parts.push(`<line class="lt-grid" x1="${left}" x2="${left + w}" y1="${y(v)}" y2="${y(v)}"/>`);
    parts.push(`<text class="lt-tick" x="${left - 5}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  s.predictions.forEach((p, i) => {
    const cx = left + slot * (i + 0.5);
    parts.push(`<rect class="lt-bar" x="${(cx - barW / 2).toFixed(1)}" y="${y(p).toFixed(1)}" width="${barW.toFixed(1)}" height="${(p * h).toFixed(1)}"/>`);
    parts.push(`<line class="lt-target" x1="${(cx - slot * 0.4).toFixed(1)}" x2="${(cx + slot * 0.4).toFixed(1)}" y1="${y(TARGETS[i])}" y2="${y(TARGETS[i])}"/>`);
    parts.push(`<text class="lt-value" x="${cx.toFixed(1)}" y="${top - 12}" text-anchor="middle">${fmtPrediction(p)}</text>`);
    parts.push(`<text class="lt-tick" x="${cx.toFixed(1)}" y="${top + h + 16}" text-anchor="middle">${INPUTS[i]}</text>`);
    parts.push(`<text class="lt-tick" x="${cx.toFixed(1)}" y="${top + h + 32}" text-anchor="middle">y = ${TARGETS[i]}</text>`);
  });
  const label = `Predictions: ${s.predictions.map((p, i) => `sample ${i + 1} ${fmtPrediction(p)}, target ${TARGETS[i]}`).join('; ')}.`;
  return `<svg class="lt-bars" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}</svg>`;
}

