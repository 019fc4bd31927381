import { describe, expect, it } from 'vitest';
import { ETA_LOG_MAX, etaFromLog, fmt, makeSurfaces, startWalk, step, steps, summary } from '../../components/widgets/gradient-descent-model.ts';
import { chartLabel, overlaySvg, scales } from '../../components/widgets/gradient-descent-view.ts';
import { NeuralNetwork, articleData, checkGradient, fromArray } from '../../src/nn/index.ts';

const surfaces = makeSurfaces();
const byId = (id: string) => surfaces.find((s) => s.id === id)!;

describe('gradient descent explorer: the walk', () => {
  it('takes the step w ← w − η ∇𝓛(w)', () => {
    const bowl = byId('bowl');
    const w = step(bowl, startWalk(bowl, [-1]), 0.1);
    expect(w.path[1][0]).toBeCloseTo(-1 - 0.1 * 2 * (-1 - 3), 12);
    expect(w.losses[1]).toBeCloseTo((w.path[1][0] - 3) ** 2 + 1, 12);
    expect(w.status).toBe('descending');
  });

  it('settles at the bottom of the bowl with a good learning rate', () => {
    const bowl = byId('bowl');
    const w = steps(bowl, startWalk(bowl, [-1]), 0.1, 1000);
    expect(w.status).toBe('settled');
    expect(w.path.at(-1)![0]).toBeCloseTo(3, 5);
    expect(summary(bowl, w, 0.1)).toContain('Settled after');
  });

  it('diverges when η is above 1 on the bowl, and says so', () => {
    const bowl = byId('bowl');
    const w = steps(bowl, startWalk(bowl, [-1]), 1.5, 1000);
    expect(w.status).toBe('diverged');
    const text = summary(bowl, w, 1.5);
    expect(text).toMatch(/^Diverged after \d+ steps with η = 1.5: the loss grew from 17 to /);
    expect(text).toContain('Choose a smaller learning rate');
    // A diverged walk stays put.
    expect(step(bowl, w, 1.5)).toBe(w);
  });

  it('diverges across the narrow valley just above η = 2/25 and converges just below', () => {
    const valley = byId('valley');
    expect(steps(valley, startWalk(valley, [-4, 1]), 0.09, 2000).status).toBe('diverged');
    expect(steps(valley, startWalk(valley, [-4, 1]), 0.07, 2000).status).toBe('settled');
  });

  it('finds the valley a start falls into on the two-valley loss', () => {
    const two = byId('two-valleys');
    expect(steps(two, startWalk(two, [2]), 0.05, 2000).path.at(-1)![0]).toBeCloseTo(1.267, 2);
    expect(steps(two, startWalk(two, [-0.5]), 0.05, 2000).path.at(-1)![0]).toBeCloseTo(-1.526, 2);
  });

  it('uses the network’s own loss and gradient for the network surface', () => {
    const s = byId('network');
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed: 1 });
    net.feedforward();
    expect(s.loss([net.weights2.data[0], net.weights2.data[1]])).toBeCloseTo(net.loss(), 12);
    // The gradient agrees with finite differences of the surface's loss.
    const P = fromArray([[-2, 3]]);
    const g = s.grad([-2, 3]);
    const result = checkGradient(() => s.loss([P.data[0], P.data[1]]), [P], [fromArray([g])]);
    expect(result.maxRelativeError).toBeLessThan(1e-6);
    // Descent with the article's η = 1 lowers the loss.
    const w = steps(s, startWalk(s, s.start), 1, 50);
    expect(w.losses.at(-1)!).toBeLessThan(w.losses[0]);
  });
});

describe('gradient descent explorer: text and drawing', () => {
  it('maps the log slider to η and formats numbers for reading', () => {
    expect(etaFromLog(-1)).toBe(0.1);
    expect(etaFromLog(0)).toBe(1);
    expect(fmt(-0.5)).toBe('−0.5');
    expect(fmt(3.1e7)).toBe('3.10 × 10⁷');
    expect(fmt(Infinity)).toBe('∞');
  });

  it('places the overlay on the chart’s scales and describes the walk', () => {
    const bowl = byId('bowl');
    const sc = scales(bowl);
    expect(sc.xInv(sc.x(2.5))).toBeCloseTo(2.5, 12);
    const w = steps(bowl, startWalk(bowl, [-1]), 0.1, 3);
    const svg = overlaySvg(bowl, w, 'c');
    expect(svg.match(/<circle class="gd-dot"/g)).toHaveLength(3);
    expect(svg).toContain(`cx="${Math.round(sc.x(-1) * 100) / 100}"`);
    expect(chartLabel(bowl, w)).toContain('The walk\'s 3 steps are drawn from w = −1 to w = 0.952');
    expect(summary(bowl, w, 0.1)).toMatch(/^Step 3: w = 0.952, loss 5.19, down by/);
  });
});

describe('gradient descent explorer: the failures the chapter promises', () => {
  it('says a walk that bounces between two points for ever is bouncing, not "unchanged", and stops it', () => {
    const bowl = byId('bowl');
    // η = 1 on (w − 3)² + 1: w ← 6 − w, so −1, 7, −1, 7, … with the loss 17 every step.
    const w = steps(bowl, startWalk(bowl, [-1]), 1, 1000);
    expect(w.status).toBe('cycling');
    expect(w.path.length - 1).toBe(2);
    const text = summary(bowl, w, 1);
    expect(text).toBe('Bouncing for ever between w = −1 and w = 7 after 2 steps, with the loss 17 at both: ' +
      'each step jumps over the bottom and the next jumps back, so the loss never falls. A smaller η makes the bounces shrink.');
    expect(text).not.toContain('unchanged');
    expect(step(bowl, w, 1)).toBe(w);
  });

  it('offers learning rates large enough to fling the network’s weights onto a plateau, and says so', () => {
    const s = byId('network');
    expect(etaFromLog(ETA_LOG_MAX)).toBe(1000);
    const w = steps(s, startWalk(s, s.start), 100, 1000);
    expect(w.status).toBe('settled');
    expect(w.path.length - 1).toBe(2);
    // One step lands far off the map, where every output is near 0 and the loss is 2.
    expect(w.path[1][0]).toBeLessThan(-20);
    expect(w.losses.at(-1)).toBeCloseTo(2, 6);
    expect(summary(s, w, 100)).toMatch(
      /^Stuck on a plateau after 2 steps at \(w₁, w₂\) = \(−28.2, −15.3\), loss 2, higher than at the start \(1.27\): the slope is \(almost\) zero here, so the steps have stopped moving\. The walk has left the part of the map that is drawn\.$/,
    );
  });
});
