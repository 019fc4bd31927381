import { describe, expect, it } from 'vitest';
import {
  boundsOf, DEFAULT_SETUP, fieldSvg, gridPoints, GRID, heatmapRects, makeNetwork, noisyXor, parseSetup, PlaygroundRun,
  predictGrid, queryHasSetup, setupToQuery, summary, type Setup,
} from '../../components/widgets/boundary-playground-model.ts';
import { accuracy, createNetwork, evaluateLoss, fromArray, moons, predict, train } from '../../src/nn/index.ts';

describe('boundary playground: the setup in the URL', () => {
  it('round-trips a setup through the query string', () => {
    const s: Setup = { data: 'circles', noise: 0.1, layers: [4, 4, 4], act: 'relu', lr: 0.03, seed: 1 };
    expect(setupToQuery(s)).toBe('data=circles&noise=0.1&layers=4,4,4&act=relu&lr=0.03');
    expect(parseSetup('?' + setupToQuery(s))).toEqual(s);
    const noHidden: Setup = { ...s, layers: [], seed: 9 };
    expect(setupToQuery(noHidden)).toBe('data=circles&noise=0.1&layers=none&act=relu&lr=0.03&seed=9');
    expect(parseSetup(setupToQuery(noHidden))).toEqual(noHidden);
  });

  it('keeps the default for every field that is missing or not allowed', () => {
    expect(parseSetup('')).toEqual(DEFAULT_SETUP);
    const s = parseSetup('?data=cats&noise=7&layers=8,100&act=softmax&lr=0.5&seed=-3');
    expect(s).toEqual(DEFAULT_SETUP);
    expect(parseSetup('?data=spiral')).toEqual({ ...DEFAULT_SETUP, data: 'spiral' });
    expect(parseSetup('?layers=1,2,3,4,6')).toEqual(DEFAULT_SETUP); // five layers: too many
  });

  it('knows whether a query names the playground at all', () => {
    expect(queryHasSetup('?assign=abc')).toBe(false);
    expect(queryHasSetup('')).toBe(false);
    expect(queryHasSetup('?lr=0.1')).toBe(true);
  });
});

describe('boundary playground: data and network', () => {
  it('makes a noisy XOR from the four corners, labelled by XOR', () => {
    const d = noisyXor(8, 0, 1);
    expect(Array.from(d.X.data)).toEqual([-1, -1, -1, 1, 1, -1, 1, 1, -1, -1, -1, 1, 1, -1, 1, 1]);
    expect(d.labels).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    expect(d.Y.cols).toBe(2);
  });

  it('builds hidden layers of the chosen activation and a softmax output with one unit per class', () => {
    const net = makeNetwork({ ...DEFAULT_SETUP, layers: [3, 5], act: 'relu' }, 3);
    expect(net.layers.map((l) => [l.W.rows, l.W.cols, l.activation])).toEqual([[2, 3, 'relu'], [3, 5, 'relu'], [5, 3, 'softmax']]);
    expect(net.layers.every((l) => l.b !== null)).toBe(true);
    expect(makeNetwork({ ...DEFAULT_SETUP, layers: [] }, 2).layers).toHaveLength(1);
  });

  it('trains exactly as the module’s train does, in batches of steps', () => {
    const run = new PlaygroundRun(DEFAULT_SETUP);
    for (let i = 0; i < 5; i++) run.advance(20);
    const data = moons({ n: 200, noise: DEFAULT_SETUP.noise, seed: 1 });
    const net = makeNetwork(DEFAULT_SETUP, 2);
    const { history } = train(net, data.X, data.Y, { loss: 'crossEntropy', learningRate: DEFAULT_SETUP.lr, iterations: 100 });
    expect(run.step).toBe(100);
    expect(run.history).toHaveLength(101);
    history.forEach((loss, t) => expect(run.history[t]).toBeCloseTo(loss, 10));
    const s = run.snapshot();
    expect(s.loss).toBeCloseTo(evaluateLoss(net, data.X, data.Y, 'crossEntropy'), 10);
    expect(s.accuracy).toBe(accuracy(predict(net, data.X), data.labels));
  });

  it('stops and says so when the loss blows up', () => {
    const run = new PlaygroundRun({ ...DEFAULT_SETUP, act: 'relu', layers: [16, 16, 16, 16], lr: 3, noise: 0.5 });
    for (let i = 0; i < 200 && !run.diverged; i++) run.advance(10);
    expect(run.diverged).toBe(true);
    expect(summary(run.snapshot())).toMatch(/Training diverged at step \d+: the (loss became infinite|loss rose above a million times its start|weights became infinite)\. Try a smaller learning rate\./);
    const step = run.step;
    run.advance(10);
    expect(run.step).toBe(step); // a diverged run does not go on
    expect(run.history.every(Number.isFinite)).toBe(true);
  });
});

describe('boundary playground: numbers that overflow', () => {
  it('a network whose numbers overflow is a diverged run, not a broken widget (train and evaluateLoss throw plain errors there)', () => {
    for (const scale of [1e100, 1e200]) {
      const run = new PlaygroundRun({ ...DEFAULT_SETUP, act: 'relu', layers: [16, 16, 16, 16], lr: 3 });
      run.net.layers.forEach((layer) => layer.W.data.fill(scale));
      expect(() => run.advance(10)).not.toThrow();
      expect(run.diverged).toBe(true);
      const s = run.snapshot();
      expect(s.diverged).toBe(true);
      expect(summary(s)).toMatch(/Training diverged at step \d+: the numbers overflowed\. Try a smaller learning rate\./);
      expect(() => run.grid()).not.toThrow();
    }
  });
});

describe('boundary playground: a run that gets worse', () => {
  it('says so when the loss climbs far above where it started, though it stays finite (η = 3, 4×16 tanh)', () => {
    const run = new PlaygroundRun({ ...DEFAULT_SETUP, layers: [16, 16, 16, 16], act: 'tanh', lr: 3 });
    for (let i = 0; i < 500; i++) run.advance(2);
    const s = run.snapshot();
    expect(s.diverged).toBe(false);           // no TrainingDivergedError: the loss stays finite
    expect(s.worseThanStart).toBe(true);
    expect(summary(s)).toMatch(
      /^Data: .*\. Step 1,000: cross-entropy loss 17\.562, 50% of the points classified correctly\. Training is failing: the loss is 27 times what it was at the start \(0\.659\)\. The learning rate is too large for this network: its steps throw the weights further out instead of downhill\. Try a smaller learning rate\.$/,
    );
  });

  it('says nothing of the kind for a run that learns', () => {
    const run = new PlaygroundRun(DEFAULT_SETUP);
    for (let i = 0; i < 500; i++) run.advance(2);
    expect(run.snapshot().worseThanStart).toBe(false);
    expect(summary(run.snapshot())).not.toContain('failing');
  });
});

describe('boundary playground: the grid and the drawing', () => {
  it('puts the grid inside a square window around the data', () => {
    const b = boundsOf(fromArray([[0, 0], [2, 1]]));
    expect(b.x1 - b.x0).toBeCloseTo(b.y1 - b.y0, 12);
    expect(b.x0).toBeLessThan(0);
    expect(b.x1).toBeGreaterThan(2);
    const P = gridPoints(b, 4);
    expect(P.rows).toBe(16);
    expect(P.data[0]).toBeCloseTo(b.x0 + (b.x1 - b.x0) / 8, 12); // first cell's centre, top left
    expect(P.data[1]).toBeCloseTo(b.y1 - (b.y1 - b.y0) / 8, 12);
  });

  it('predicts a class and a sureness in [0, 1] for every cell', () => {
    const net = createNetwork({ inputSize: 2, layers: [{ size: 2, activation: 'softmax' }], seed: 3 });
    const g = predictGrid(net, gridPoints({ x0: -1, x1: 1, y0: -1, y1: 1 }));
    expect(g.cls).toHaveLength(GRID * GRID);
    expect(Math.min(...g.sure)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...g.sure)).toBeLessThanOrEqual(1);
  });

  it('merges runs of equal cells along a row into one rectangle', () => {
    const n = 4;
    const g = { cls: new Uint8Array([0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1]), sure: new Float32Array(16).fill(1) };
    const rects = heatmapRects(g, 40, n).match(/<rect/g)!;
    expect(rects).toHaveLength(2 + 1 + 1 + 4);
  });

  it('draws a labelled field with one mark per data point', () => {
    const run = new PlaygroundRun({ ...DEFAULT_SETUP, data: 'spiral' });
    const svg = fieldSvg(run);
    expect(svg).toMatch(/^<svg class="bp-map"[^>]*role="img" aria-label="Data points and the network&#39;s predicted class regions\. Data: a three-arm spiral/);
    const marks = (svg.match(/<g class="bp-p[\s\S]*$/)![0].match(/<(circle|rect|path) /g) ?? []).length;
    expect(marks).toBe(200);
  });
});

describe('boundary playground: the loss it shows', () => {
  it('is the true cross-entropy of a confident network, not +∞', () => {
    // Weights scaled up until the softmax rounds to exactly 0 or 1 for some points: the loss
    // through probabilities was +∞ there; from the logits it is finite and equals evaluateLoss.
    const run = new PlaygroundRun(DEFAULT_SETUP);
    run.net.layers.forEach((layer) => layer.W.data.forEach((w, i) => (layer.W.data[i] = 400 * w)));
    expect(Number.isFinite(run.loss())).toBe(true);
    expect(run.loss()).toBe(evaluateLoss(run.net, run.data.X, run.data.Y, 'crossEntropy'));
  });
});
