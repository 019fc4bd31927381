// Drawing the digits trainer (chapter 11): an 8×8 digit, the loss and accuracy curves, the
// confusion matrix and the misclassified digits, as HTML/SVG strings. Pure and DOM-free, shared
// by the server render (DigitsTrainer.astro) and the browser (digits-trainer.ts). It imports
// nothing from src/nn, so the page's first JavaScript stays small; the numbers it draws come from
// the training run in digits-model.ts.

import type { EpochReport, Miss, TrainerConfig, TrainerResult } from './digits-model.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { formatPercent, formatReading } from '../../src/lib/numbers.ts';

/** "96.4%" (one decimal). */
export const pct = (x: number): string => formatPercent(x, 1);
const pct0 = (x: number): string => formatPercent(x);

/** "0.412" with a real minus sign (and "0.000", never "−0.000"). */
export const num = (x: number, digits = 3): string => formatReading(x, { decimals: digits });


/**
 * An 8×8 digit as an SVG: one square per pixel, ink (the text colour) with opacity pixel/16, so
 * it reads in both themes. `label` is the text alternative.
 */
export function digitSvg(pixels: readonly number[], label: string, className = 'dg-digit'): string {
  let cells = '';
  for (let k = 0; k < 64; k++) {
    const v = pixels[k];
    if (v > 0) cells += `<rect x="${k % 8}" y="${Math.floor(k / 8)}" width="1.02" height="1.02" fill-opacity="${(v / 16).toFixed(3)}"/>`;
  }
  return (
    `<svg class="${className}" viewBox="0 0 8 8" role="img" aria-label="${escapeHtml(label)}" shape-rendering="crispEdges">` +
    `<rect class="dg-paper" width="8" height="8"/><g class="dg-ink">${cells}</g></svg>`
  );
}

// ── Curves ──────────────────────────────────────────────────────────────────────────────────

const CW = 300, CH = 170, L = 40, R = 10, T = 12, B = 32;

function axisX(epochs: number): (e: number) => number {
  return (e) => L + ((e - (epochs > 1 ? 1 : 0)) / Math.max(1, epochs - 1)) * (CW - L - R);
}

function path(points: [number, number][]): string {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
}

function frame(title: string, desc: string, id: string, yTicks: [number, string][], epochs: number, yOf: (v: number) => number): string {
  const x = axisX(epochs);
  const ticks = yTicks
    .map(([v, text]) => `<line class="dt-grid" x1="${L}" x2="${CW - R}" y1="${yOf(v).toFixed(1)}" y2="${yOf(v).toFixed(1)}"/>` +
      `<text class="dt-tick" x="${L - 5}" y="${(yOf(v) + 4).toFixed(1)}" text-anchor="end">${text}</text>`)
    .join('');
  const xTicks = (epochs > 1 ? [1, epochs] : [1])
    .map((e) => `<text class="dt-tick" x="${x(e).toFixed(1)}" y="${CH - B + 15}" text-anchor="middle">${e}</text>`)
    .join('');
  return (
    `<title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>` +
    ticks + xTicks +
    `<text class="dt-tick" x="${(L + CW - R) / 2}" y="${CH - 4}" text-anchor="middle">epoch</text>`
  );
}

/** Two small charts: the loss, and the training and test accuracy, per epoch. */
export function curvesSvg(reports: readonly EpochReport[], epochs: number, id: string): string {
  const x = axisX(epochs);
  const maxLoss = Math.max(0.5, ...reports.map((r) => r.loss));
  const lossTop = Math.ceil(maxLoss * 2) / 2;
  const yLoss = (v: number) => T + (1 - v / lossTop) * (CH - T - B);
  // The accuracy axis starts at the nearest tenth below the lowest accuracy (at most 80 %), so
  // the last few percent, where the runs differ, are not squeezed against the top.
  const minAcc = Math.min(...reports.flatMap((r) => [r.trainAccuracy, r.testAccuracy]));
  const accLo = reports.length ? Math.max(0, Math.min(0.8, Math.floor(minAcc * 10) / 10)) : 0;
  const yAcc = (v: number) => T + (1 - (v - accLo) / (1 - accLo)) * (CH - T - B);
  const last = reports.at(-1);
  const lossDesc = reports.length
    ? `Mean cross-entropy per epoch, from ${num(reports[0].loss)} after epoch 1 to ${num(last!.loss)} after epoch ${last!.epoch}.`
    : 'No epochs trained yet.';
  const accDesc = reports.length
    ? `Accuracy per epoch. After epoch ${last!.epoch}: training ${pct(last!.trainAccuracy)}, test ${pct(last!.testAccuracy)}.`
    : 'No epochs trained yet.';
  const dots = (ys: [number, number][], cls: string) =>
    ys.map(([px, py]) => `<circle class="${cls}" cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="2.4"/>`).join('');
  const lossPts = reports.map((r) => [x(r.epoch), yLoss(r.loss)] as [number, number]);
  const trainPts = reports.map((r) => [x(r.epoch), yAcc(r.trainAccuracy)] as [number, number]);
  const testPts = reports.map((r) => [x(r.epoch), yAcc(r.testAccuracy)] as [number, number]);
  const lossSvg =
    `<svg class="dt-chart" viewBox="0 0 ${CW} ${CH}" role="img" aria-labelledby="${id}-loss-t ${id}-loss-d">` +
    frame('Loss per epoch', lossDesc, `${id}-loss`, [[0, '0'], [lossTop / 2, num(lossTop / 2, 2)], [lossTop, num(lossTop, 1)]], epochs, yLoss) +
    (reports.length ? `<path class="dt-line dt-loss" d="${path(lossPts)}"/>` + (reports.length < 30 ? dots(lossPts, 'dt-dot dt-loss-dot') : '') : '') +
    `<text class="dt-key" x="${CW - R}" y="${T + 10}" text-anchor="end">loss</text>` +
    `</svg>`;
  const accSvg =
    `<svg class="dt-chart" viewBox="0 0 ${CW} ${CH}" role="img" aria-labelledby="${id}-acc-t ${id}-acc-d">` +
    frame('Accuracy per epoch', accDesc, `${id}-acc`, [[accLo, pct0(accLo)], [(accLo + 1) / 2, pct0((accLo + 1) / 2)], [1, '100%']], epochs, yAcc) +
    (reports.length ? `<path class="dt-line dt-train" d="${path(trainPts)}"/><path class="dt-line dt-test" d="${path(testPts)}"/>` +
      (reports.length < 30 ? dots(testPts, 'dt-dot dt-test-dot') : '') : '') +
    `<text class="dt-key dt-key-test" x="${CW - R}" y="${CH - B - 26}" text-anchor="end">test (solid)</text>` +
    `<text class="dt-key" x="${CW - R}" y="${CH - B - 10}" text-anchor="end">training (dashed)</text>` +
    `</svg>`;
  return lossSvg + accSvg;
}

// ── Confusion matrix ────────────────────────────────────────────────────────────────────────

/**
 * The 10×10 confusion matrix as a table: rows are the true digits, columns the predictions.
 * Each cell is tinted by its share of its row (correct answers in the accent colour, mistakes
 * in the error colour); the numbers are always printed, so the colour is never the only cue.
 */
export function confusionTable(confusion: readonly (readonly number[])[], caption: string): string {
  const head = confusion.map((_, p) => `<th scope="col">${p}</th>`).join('');
  const body = confusion
    .map((row, t) => {
      const total = row.reduce((s, v) => s + v, 0) || 1;
      const cells = row
        .map((v, p) => {
          const share = v / total;
          const cls = v === 0 ? 'dt-zero' : p === t ? 'dt-hit' : 'dt-miss';
          // Mistakes are few; give any non-zero one a visible tint.
          const heat = v === 0 ? 0 : p === t ? share : Math.max(0.25, Math.min(1, share * 4));
          const words = `${v} ${v === 1 ? 'digit' : 'digits'} ${t} predicted as ${p}`;
          return `<td class="${cls}" style="--heat:${heat.toFixed(3)}" title="${words}">${v}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${t}</th>${cells}</tr>`;
    })
    .join('');
  return (
    `<table class="dt-confusion"><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr><th scope="col" class="dt-corner"><span>true ↓</span> <span>predicted →</span></th>${head}</tr></thead>` +
    `<tbody>${body}</tbody></table>`
  );
}

/** The mistakes in words, the table's text summary: how many, and the pairs that recur. */
export function confusionSummary(confusion: readonly (readonly number[])[]): string {
  const wrong: { t: number; p: number; n: number }[] = [];
  confusion.forEach((row, t) => row.forEach((n, p) => { if (p !== t && n > 0) wrong.push({ t, p, n }); }));
  const total = wrong.reduce((s, w) => s + w.n, 0);
  if (total === 0) return 'Every test digit lands on the diagonal: no mistakes.';
  wrong.sort((a, b) => b.n - a.n || a.t - b.t || a.p - b.p);
  const repeated = wrong.filter((w) => w.n > 1);
  const head = `${total} test ${total === 1 ? 'digit is' : 'digits are'} off the diagonal.`;
  if (repeated.length === 0) return `${head} No mistake happens more than once; they include ${wrong.slice(0, 3).map((w) => `${w.t} read as ${w.p}`).join(', ')}.`;
  return `${head} Mistakes made more than once: ${repeated.slice(0, 4).map((w) => `${w.t} read as ${w.p} (${w.n} times)`).join(', ')}.`;
}

// ── Misclassified digits ────────────────────────────────────────────────────────────────────

export function missesHtml(misses: readonly Miss[]): string {
  if (misses.length === 0) return '<p class="dt-none">No test digit was misclassified.</p>';
  return (
    `<ul class="dt-misses">` +
    misses
      .map((m) =>
        `<li>${digitSvg(m.pixels, `Row ${m.index} of X: a handwritten ${m.label} that the network read as ${m.predicted}`)}` +
        `<span class="dt-miss-text">true <strong>${m.label}</strong>, predicted <strong>${m.predicted}</strong> <span class="dt-conf">(${pct(m.confidence)})</span></span></li>`)
      .join('') +
    `</ul>`
  );
}

// ── Text ────────────────────────────────────────────────────────────────────────────────────

export function configText(c: TrainerConfig): string {
  return `64 → ${c.hidden} → 10, η = ${c.learningRate}, mini-batches of ${c.batchSize}, seed ${c.seed}`;
}

/** One line per epoch; the time is left out of the server render, which must not vary between builds. */
export function progressText(r: EpochReport, withTime = true): string {
  const time = withTime ? ` · ${formatReading(r.elapsedMs / 1000, { decimals: 1 })} s` : '';
  return `Epoch ${r.epoch} of ${r.epochs} · loss ${num(r.loss)} · training accuracy ${pct(r.trainAccuracy)} · test accuracy ${pct(r.testAccuracy)}${time}`;
}

export function resultText(res: TrainerResult, prefix = '', withTime = true): string {
  const how = res.diverged
    ? `Training diverged (${res.diverged}); the scores below are for the last finite weights, after ${res.epochsRun} ${res.epochsRun === 1 ? 'epoch' : 'epochs'}.`
    : res.stopped
      ? `Stopped after ${res.epochsRun} of ${res.config.epochs} epochs.`
      : `Trained for ${res.epochsRun} epochs${withTime ? ` in ${formatReading(res.elapsedMs / 1000, { decimals: 1 })} s` : ''}.`;
  const wrong = Math.round(res.testCount * (1 - res.testAccuracy));
  return `${prefix}${how} Test accuracy: ${pct(res.testAccuracy)} (${res.testCount - wrong} of ${res.testCount} held-out digits right, ${wrong} wrong).`;
}
