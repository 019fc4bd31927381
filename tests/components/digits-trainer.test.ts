import { describe, expect, it } from 'vitest';
import {
  confusionMatrix, findMisses, prepareDigits, sampleDigits, trainDigits, DEFAULT_CONFIG, CHOICES,
} from '../../components/widgets/digits-model.ts';
import { confusionSummary, confusionTable, curvesSvg, digitSvg, missesHtml, num, progressText, resultText } from '../../components/widgets/digits-view.ts';
import { fromArray } from '../../src/nn/matrix.ts';

describe('digits trainer: the training run', () => {
  // How fast it trains is for a benchmark to print, not for a test to time on a busy machine.
  it('trains the default network past 90% test accuracy, reporting every epoch', async () => {
    const epochs: number[] = [];
    const result = await trainDigits(DEFAULT_CONFIG, { onEpoch: (r) => epochs.push(r.epoch) });
    expect(epochs).toEqual(Array.from({ length: DEFAULT_CONFIG.epochs }, (_, i) => i + 1));
    expect(result.testAccuracy).toBeGreaterThan(0.9);
    expect(result.stopped).toBe(false);
    expect(result.reports.at(-1)!.testAccuracy).toBe(result.testAccuracy);
  });

  it('is reproducible: the same settings give the same numbers', async () => {
    const config = { ...DEFAULT_CONFIG, epochs: 2 };
    const a = await trainDigits(config, { now: () => 0 });
    const b = await trainDigits(config, { now: () => 0 });
    expect(b).toEqual(a);
  });

  it('scores a stratified test set of a quarter of the digits, with statistics from the training digits', () => {
    const data = prepareDigits();
    expect(data.XTrain.rows + data.XTest.rows).toBe(1797);
    expect(Math.abs(data.XTest.rows - 1797 / 4)).toBeLessThan(6);
    for (let d = 0; d < 10; d++) expect(data.testLabels.filter((l) => l === d).length).toBeGreaterThanOrEqual(44);
    // Standardised with the training set's mean: its columns average 0, the test set's need not.
    let mean = 0;
    for (let i = 0; i < data.XTrain.rows; i++) mean += data.XTrain.data[i * 64 + 28];
    expect(Math.abs(mean / data.XTrain.rows)).toBeLessThan(1e-12);
  });

  it('stops between epochs when asked, and still scores the network', async () => {
    let seen = 0;
    const result = await trainDigits({ ...DEFAULT_CONFIG, epochs: 50 }, { onEpoch: () => { seen++; }, shouldStop: () => seen >= 2 });
    expect(result.stopped).toBe(true);
    expect(result.epochsRun).toBe(2);
    expect(result.confusion.flat().reduce((s, v) => s + v, 0)).toBe(result.testCount);
  });

  it('reaches 90% in 20 epochs at the extremes of the offered sizes and learning rates', async () => {
    // (Every combination passes too; the corners keep the suite quick.)
    for (const hidden of [CHOICES.hidden[0], CHOICES.hidden.at(-1)!]) {
      for (const learningRate of [CHOICES.learningRate[0], CHOICES.learningRate.at(-1)!]) {
        const result = await trainDigits({ ...DEFAULT_CONFIG, hidden, learningRate, epochs: 20 });
        expect(result.diverged, `hidden ${hidden}, η ${learningRate}`).toBeUndefined();
        expect(result.testAccuracy, `hidden ${hidden}, η ${learningRate}`).toBeGreaterThan(0.9);
      }
    }
  }, 60_000);
});

describe('digits trainer: confusion matrix and mistakes', () => {
  it('counts true labels by row and predictions by column', () => {
    const m = confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3);
    expect(m).toEqual([[1, 1, 0], [0, 1, 0], [1, 0, 1]]);
  });

  it('finds the misclassified rows, most confident first, with their raw pixels', () => {
    const probs = fromArray([[0.9, 0.1], [0.3, 0.7], [0.2, 0.8], [0.6, 0.4]]);
    const raw = fromArray(Array.from({ length: 10 }, (_, i) => new Array(64).fill(i)));
    const misses = findMisses(probs, [0, 0, 1, 1], [5, 6, 7, 8], raw);
    expect(misses.map((m) => [m.index, m.label, m.predicted])).toEqual([[6, 0, 1], [8, 1, 0]]);
    expect(misses[0].confidence).toBeCloseTo(0.7, 12);
    expect(misses[0].pixels).toEqual(new Array(64).fill(6));
  });

  it('summarises the mistakes in words', () => {
    expect(confusionSummary([[2, 0], [0, 3]])).toBe('Every test digit lands on the diagonal: no mistakes.');
    expect(confusionSummary([[5, 2, 0], [1, 4, 0], [0, 0, 3]])).toBe('3 test digits are off the diagonal. Mistakes made more than once: 0 read as 1 (2 times).');
    expect(confusionSummary([[5, 1], [1, 4]])).toContain('No mistake happens more than once; they include 0 read as 1, 1 read as 0.');
  });
});

describe('digits trainer: drawing', () => {
  it('draws a digit with one square per inked pixel and a text alternative', () => {
    const pixels = new Array(64).fill(0);
    pixels[0] = 16;
    pixels[63] = 8;
    const svg = digitSvg(pixels, 'A "test" digit');
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('aria-label="A &quot;test&quot; digit"');
    expect(svg).toContain('fill-opacity="0.500"');
  });

  it('renders the confusion matrix as a table with headers and every count', () => {
    const html = confusionTable([[3, 1], [0, 2]], 'Test');
    expect(html).toContain('<caption>Test</caption>');
    expect(html.match(/<th scope="row">/g)).toHaveLength(2);
    expect(html).toContain('title="1 digit 0 predicted as 1"');
    expect(html).toContain('class="dt-miss"');
  });

  it('describes the curves, the progress and the result in text', async () => {
    const result = await trainDigits({ ...DEFAULT_CONFIG, epochs: 2 }, { now: () => 0 });
    const svg = curvesSvg(result.reports, 2, 'dt');
    expect(svg.match(/role="img"/g)).toHaveLength(2);
    expect(svg).toContain('After epoch 2: training');
    expect(progressText(result.reports[1], false)).toMatch(/^Epoch 2 of 2 · loss \d\.\d{3} · training accuracy \d+\.\d% · test accuracy \d+\.\d%$/);
    expect(resultText(result, '', false)).toMatch(/^Trained for 2 epochs\. Test accuracy: \d+\.\d% \(\d+ of \d+ held-out digits right, \d+ wrong\)\.$/);
    expect(resultText({ ...result, stopped: true, epochsRun: 1 })).toContain('Stopped after 1 of 2 epochs.');
    expect(missesHtml([])).toContain('No test digit was misclassified');
  });

  it('offers one sample of each digit for drawing', () => {
    const samples = sampleDigits();
    expect(samples.map((s) => s.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(samples.every((s) => s.pixels.length === 64)).toBe(true);
  });
});

describe('digits trainer: numbers', () => {
  it('writes a value that rounds to zero as 0.000, not −0.000, and a negative one with a real minus sign', () => {
    expect([num(-0.0001), num(-0.4123), num(0.4123, 1)]).toEqual(['0.000', '−0.412', '0.4']);
  });
});
