import { describe, expect, it } from 'vitest';
import { applyFilter, imageOf, inputSvg, kernelOf, outputSummary, outputSvg, short, sumText, termsAt, PRESETS } from '../../components/widgets/digit-filter-model.ts';

const pixels = (f: (r: number, c: number) => number) => Array.from({ length: 64 }, (_, k) => f(Math.floor(k / 8), k % 8));
const preset = (id: string) => kernelOf(PRESETS.find((p) => p.id === id)!.values);

describe('digit filter: the arithmetic', () => {
  it('the identity filter returns the image unchanged', () => {
    const I = imageOf(pixels((r, c) => (r * 8 + c) % 17));
    expect(Array.from(applyFilter(I, preset('identity')).data)).toEqual(Array.from(I.data));
  });

  it('counts pixels outside the image as zero', () => {
    const I = imageOf(pixels(() => 16)); // all ink, value 1
    const ones = kernelOf(new Array(9).fill(1));
    const O = applyFilter(I, ones);
    expect(O.data[0]).toBe(4); // a corner sees 4 pixels
    expect(O.data[1]).toBe(6); // an edge sees 6
    expect(O.data[9]).toBe(9); // inside, 9
  });

  it('the vertical-edge filter is positive where ink begins to the right, negative where it ends', () => {
    const I = imageOf(pixels((_, c) => (c >= 3 && c <= 4 ? 16 : 0))); // a vertical bar in columns 3–4
    const O = applyFilter(I, preset('vertical'));
    expect(O.data[3 * 8 + 2]).toBeGreaterThan(0);
    expect(O.data[3 * 8 + 5]).toBeLessThan(0);
    expect(O.data[3 * 8 + 0]).toBe(0);
  });

  it('writes out the weighted sum of one output pixel, leaving out zero terms', () => {
    const I = imageOf(pixels((r, c) => (r === 2 && c === 3 ? 16 : 0)));
    const K = preset('vertical');
    expect(termsAt(I, K, 2, 2)).toHaveLength(9);
    expect(sumText(I, K, 2, 2)).toBe('Output at row 3, column 3: 2×1 = 2 (terms where the weight or the pixel is 0 are left out).');
    expect(sumText(I, K, 2, 4)).toContain('(−2)×1 = −2');
  });

  it('formats short numbers without trailing zeros or a hyphen for minus', () => {
    expect(short(0.1110000001)).toBe('0.111');
    expect(short(-1.5)).toBe('−1.5');
    expect(short(-0.0001)).toBe('0');
  });
});

describe('digit filter: drawing and text', () => {
  it('draws input and output with text alternatives, the window and the chosen cell', () => {
    const I = imageOf(pixels((r, c) => (r === c ? 16 : 0)));
    const O = applyFilter(I, preset('horizontal'));
    const input = inputSvg(I, 3, 4, 'Input');
    expect(input).toContain('aria-label="Input"');
    expect(input).toContain('<rect class="df-window" x="3" y="2" width="3" height="3"/>');
    const output = outputSvg(O, 3, 4, outputSummary(O));
    expect(output).toContain('class="df-pos"');
    expect(output).toContain('class="df-neg"');
    expect(output).toContain('<rect class="df-cell" x="4" y="3"');
    expect(outputSummary(O)).toMatch(/^Filtered image: largest positive response .* at row \d, column \d; largest negative response .*; \d+ of 64 pixels are not zero\.$/);
    expect(outputSummary(applyFilter(imageOf(pixels(() => 0)), preset('blur')))).toBe('Filtered image: every pixel is zero.');
  });
});
