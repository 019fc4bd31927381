import { describe, expect, it } from 'vitest';
import {
  ARTICLE_STEPS, barsSvg, curveSvg, fmtLoss, lossPath, parseSeed, stepAxisMax, stepsThisFrame, summary, TrainerRun,
} from '../../components/widgets/live-trainer-model.ts';
import { NeuralNetwork, articleData } from '../../src/nn/index.ts';

describe('live trainer: the run', () => {
  it('starts at step 0 with the untrained network’s loss and predictions', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed: 1 });
    net.feedforward();
    const s = new TrainerRun(1).snapshot();
    expect(s.step).toBe(0);
    expect(s.history).toEqual([net.loss()]);
    expect(s.predictions).toEqual(Array.from(net.output.data));
  });

  it('advancing in batches gives the same history as one call of train', () => {
    const { X, y } = articleData();
    const reference = new NeuralNetwork(X, y, { seed: 7 }).train(301);
    const run = new TrainerRun(7);
    for (const n of [1, 3, 10, 100, 86, 100]) run.advance(n);
    expect(run.step).toBe(300);
    expect(run.history.length).toBe(301);
    run.history.forEach((loss, t) => expect(loss).toBeCloseTo(reference[t], 12));
  });

  it('after t steps, the predictions are those of the weights after t updates', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed: 1 });
    for (let t = 0; t < 50; t++) { net.feedforward(); net.backprop(); }
    net.feedforward();
    const run = new TrainerRun(1);
    run.advance(50);
    const s = run.snapshot();
    s.predictions.forEach((p, i) => expect(p).toBeCloseTo(net.output.data[i], 12));
    expect(s.loss).toBeCloseTo(net.loss(), 12);
  });

  it('ignores a batch of zero steps', () => {
    const run = new TrainerRun(1);
    run.advance(0);
    expect(run.step).toBe(0);
  });
});

describe('live trainer: pacing and axes', () => {
  it('stops exactly at the tutorial’s 1,500 steps, then goes on at full speed', () => {
    expect(stepsThisFrame(1490, 30)).toBe(10);
    expect(stepsThisFrame(1500, 30)).toBe(30);
    expect(stepsThisFrame(0, 100)).toBe(100);
    let step = 0;
    while (step < ARTICLE_STEPS) step += stepsThisFrame(step, 100);
    expect(step).toBe(ARTICLE_STEPS);
  });

  it('widens the step axis by doubling so the curve always fits', () => {
    expect(stepAxisMax(0)).toBe(1500);
    expect(stepAxisMax(1500)).toBe(1500);
    expect(stepAxisMax(1501)).toBe(3000);
    expect(stepAxisMax(7000)).toBe(12000);
  });

  it('draws long histories with a bounded number of points, first and last included', () => {
    const history = Array.from({ length: 10001 }, (_, t) => 1.5 / (1 + t)); // starts at the top of the axis
    const d = lossPath(history, stepAxisMax(10000));
    const points = d.slice(1).split('L');
    expect(points.length).toBeLessThan(600);
    expect(points[0]).toBe('40.0,12.0');
    expect(points.at(-1)!.split(',')[0]).toBe((40 + (358 * 10000) / 12000).toFixed(1)); // the last step, 10,000 of 12,000
  });

  it('reads a seed only when it is a whole number in range', () => {
    expect(parseSeed(' 2016 ')).toBe(2016);
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('-1')).toBeNull();
    expect(parseSeed('1.5')).toBeNull();
    expect(parseSeed('abc')).toBeNull();
    expect(parseSeed('99999999999')).toBeNull();
  });
});

describe('live trainer: text and charts', () => {
  it('formats small losses with a power of ten', () => {
    expect(fmtLoss(0.5)).toBe('0.500');
    expect(fmtLoss(0.00236)).toBe('0.00236');
    expect(fmtLoss(0.000236)).toBe('2.36 × 10⁻⁴');
  });

  it('summarises the run in words, for the charts’ text alternative', () => {
    const run = new TrainerRun(1);
    expect(summary(run.snapshot())).toMatch(/^Seed 1, step 0\. Training has not started\. Predictions: 0\.\d{3} \(target 0\)/);
    run.advance(10);
    expect(summary(run.snapshot())).toMatch(/^Seed 1, step 10\. The loss has gone from 1\.11 to /);
  });

  it('gives both charts a role and a label', () => {
    const s = new TrainerRun(1).snapshot();
    expect(curveSvg(s)).toMatch(/^<svg class="lt-curve"[^>]* role="img" aria-label="Loss curve\. Seed 1/);
    const bars = barsSvg(s);
    expect(bars).toMatch(/role="img" aria-label="Predictions: sample 1 0\.\d{3}, target 0;/);
    expect(bars.match(/class="lt-bar"/g)).toHaveLength(4);
    expect(bars.match(/class="lt-target"/g)).toHaveLength(4);
  });
});

describe('live trainer: the prediction bars', () => {
  // Every value label sits in its own row above the chart: above the bar's top and above the
  // thick target line (stroke 4, so 2 either side), for predictions near 0, near 1 and between.
  const placements = (svg: string) => {
    const ys = (cls: string, attr: string) => [...svg.matchAll(new RegExp(`<[a-z]+ class="${cls}"[^>]*? ${attr}="([-\\d.]+)"`, 'g'))].map((m) => Number(m[1]));
    return { labels: ys('lt-value', 'y'), bars: ys('lt-bar', 'y'), targets: ys('lt-target', 'y1') };
  };
  for (const steps of [0, 300, 1500]) {
    it(`puts every value label above its bar and above the target line (after ${steps} steps)`, () => {
      const run = new TrainerRun(1);
      run.advance(steps);
      const { labels, bars, targets } = placements(barsSvg(run.snapshot()));
      expect(labels).toHaveLength(4);
      labels.forEach((y, i) => {
        expect(y, `label ${i + 1}`).toBeLessThan(Math.min(bars[i], targets[i] - 2) - 2);
        expect(y, `label ${i + 1} is inside the drawing`).toBeGreaterThan(12);
      });
    });
  }
});
