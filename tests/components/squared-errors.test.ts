import { describe, expect, it } from 'vitest';
import { compareSvg, compareText, lossState, squaresSvg, summary, tableRows, TARGETS } from '../../components/widgets/squared-errors-model.ts';
import { NeuralNetwork, articleData } from '../../src/nn/index.ts';

describe('squared errors: the numbers', () => {
  it('gives the untrained network’s loss, as net.loss() computes it', () => {
    const { X, y } = articleData();
    const net = new NeuralNetwork(X, y, { seed: 1 });
    net.feedforward();
    const s = lossState(Array.from(net.output.data));
    expect(s.sumOfSquares).toBeCloseTo(net.loss(), 12);
    expect(s.meanSquaredError).toBeCloseTo(net.loss() / 4, 12);
  });

  it('squares each error y − ŷ and adds them up', () => {
    const s = lossState([0.5, 0.5, 0.5, 0.5]);
    expect(s.targets).toEqual(TARGETS);
    expect(s.errors).toEqual([-0.5, 0.5, 0.5, -0.5]);
    expect(s.squares).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(s.sumOfSquares).toBe(1);
    expect(s.meanSquaredError).toBe(0.25);
  });

  it('is zero for perfect predictions, and says so', () => {
    const s = lossState([0, 1, 1, 0]);
    expect(s.sumOfSquares).toBe(0);
    expect(summary(s)).toContain('the loss is zero');
  });

  it('names the sample with the largest square and its share of the loss', () => {
    const s = lossState([0.1, 0.9, 0.9, 0.9]); // squares 0.01, 0.01, 0.01, 0.81
    expect(summary(s)).toContain('sample 4’s, 0.810: 96% of the loss');
  });
});

describe('squared errors: the pictures', () => {
  it('draws each squared error as a square whose side is the error', () => {
    const svg = squaresSvg(lossState([0.2, 0.5, 1, 0]), 'se');
    const sides = [...svg.matchAll(/<rect class="se-square"[^>]*width="([\d.]+)" height="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(sides).toHaveLength(2); // errors 0.2 and 0.5; the two perfect predictions have no square
    expect(sides[0][0]).toBeCloseTo(sides[0][1]);
    expect(sides[1][0] / sides[0][0]).toBeCloseTo(0.5 / 0.2, 5);
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/<desc[^>]*>.*Sample 2: target 1, prediction 0.500, squared error 0.250\./);
  });

  it('compares e² with |e| only when asked, and describes the slopes', () => {
    expect(compareSvg(-0.5, 1, true, 'se')).toContain('se-curve-abs');
    expect(compareSvg(-0.5, 1, false, 'se')).not.toContain('se-curve-abs');
    expect(compareText(-0.5, 1, true)).toContain('2e = −1.000');
    expect(compareText(-0.5, 1, true)).toContain('its slope is −1');
    expect(compareText(0.25, 2, true)).toContain('its slope is +1');
    expect(compareText(0, 1, true)).toContain('undefined (the corner)');
    expect(compareText(-0.5, 1, false)).not.toContain('|e|');
  });

  it('lists one table row per sample', () => {
    expect(tableRows(lossState([0.2, 0.5, 1, 0])).match(/<tr>/g)).toHaveLength(4);
  });
});
