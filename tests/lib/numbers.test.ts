import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCount, formatNumber, formatReading, subscript, superscript } from '../../src/lib/numbers.ts';
import { sourceFiles } from './source-files.ts';

describe('formatNumber (numbers as code prints them)', () => {
  it('keeps integers and -0, gives 6 significant digits, and an exponent for tiny and huge values', () => {
    expect([42, -7, -0, 1 / 3, 0.1, 123456.78, 1234567.8, 0.00001234, -0.5e-10].map(formatNumber)).toEqual([
      '42',
      '-7',
      '-0',
      '0.333333',
      '0.1',
      '123457',
      '1.23457e+6',
      '1.234e-5',
      '-5e-11',
    ]);
  });

  it('names the values that are not finite as JavaScript does', () => {
    expect([NaN, Infinity, -Infinity].map(formatNumber)).toEqual(['NaN', 'Infinity', '-Infinity']);
  });
});

describe('formatReading (numbers in prose and widgets)', () => {
  it('with decimals: exactly that many digits, a real minus sign, never a negative zero', () => {
    expect([0.5, -1.25, -0.0001, -0, 2].map((v) => formatReading(v, { decimals: 3 }))).toEqual([
      '0.500',
      '−1.250',
      '0.000',
      '0.000',
      '2.000',
    ]);
    expect(formatReading(-0.4, { decimals: 0 })).toBe('0');
    expect(formatReading(-1.5, { decimals: 1 })).toBe('−1.5');
  });

  it('with decimals and trim: no trailing zeros or bare point', () => {
    expect([0.5, 2, -1.2346, -0.0004, 12.3].map((v) => formatReading(v, { decimals: 3, trim: true }))).toEqual([
      '0.5',
      '2',
      '−1.235',
      '0',
      '12.3',
    ]);
    expect(formatReading(120, { decimals: 1, trim: true })).toBe('120');
  });

  it('with significant digits: trimmed, written out between 1e-3 and 1e5, "× 10ⁿ" outside', () => {
    const three = (v: number) => formatReading(v, { significant: 3 });
    expect([0, -0, 0.5, 1 / 3, -2.71828, 12345, 0.001].map(three)).toEqual([
      '0',
      '0',
      '0.5',
      '0.333',
      '−2.72',
      '12300',
      '0.001',
    ]);
    expect([0.000123456, -0.000015, 123456, 6.02e23].map(three)).toEqual([
      '1.23 × 10⁻⁴',
      '−1.50 × 10⁻⁵',
      '1.23 × 10⁵',
      '6.02 × 10²³',
    ]);
  });

  it('with significant digits: each caller sets its own thresholds, and can keep trailing zeros', () => {
    expect(formatReading(12345, { significant: 3, scientificFrom: 1e4 })).toBe('1.23 × 10⁴');
    expect(formatReading(123456, { significant: 3, trim: false, scientificFrom: Infinity })).toBe('123000');
    expect([0.5, 1, 0, 0.0005].map((v) => formatReading(v, { significant: 3, trim: false }))).toEqual([
      '0.500',
      '1.00',
      '0.00',
      '5.00 × 10⁻⁴',
    ]);
  });

  it('writes the values that are not finite as ∞, −∞ and NaN, in every style', () => {
    for (const style of [{ decimals: 3 }, { significant: 3 }] as const) {
      expect([Infinity, -Infinity, NaN].map((v) => formatReading(v, style))).toEqual(['∞', '−∞', 'NaN']);
    }
  });
});

describe('subscript, superscript and formatCount', () => {
  it('write digits as the notation does', () => {
    expect([subscript(1), subscript(12), superscript(5), superscript(-12), superscript('−3')]).toEqual([
      '₁',
      '₁₂',
      '⁵',
      '⁻¹²',
      '⁻³',
    ]);
  });

  it('groups counts as English does', () => {
    expect([formatCount(1000), formatCount(12), formatCount(1234567)]).toEqual(['1,000', '12', '1,234,567']);
  });
});

describe('one number formatter', () => {
  // What a second formatter looks like: rounding to significant digits or an exponent, a
  // number made nice by trimming zeros, a real minus sign put in by hand, grouping by locale,
  // or a digit map for sub- or superscripts. (toFixed alone is allowed: SVG coordinates and
  // attribute values are numbers for the browser, not for a reader.) src/nn is left out: the
  // network module imports nothing outside itself, so formatMatrix and its errors format their own.
  const signs: [string, RegExp][] = [
    ['significant digits', /\.toPrecision\(/],
    ['an exponent', /\.toExponential\(/],
    ['Intl.NumberFormat', /Intl\.NumberFormat/],
    ['grouping a count', /toLocaleString\(\s*['"]en-US['"]/],
    ['a real minus sign by hand', /replace\([^)\n]*['"]−['"]/],
    ['trimming zeros by hand', /Number\(.*\.toFixed\([^)]*\)\)\.toString\(\)|\$\{Number\(.*\.toFixed\(/],
    ['rounding to 3 decimals by hand', /Math\.round\([^)\n]*\* ?1000\) ?\/ ?1000/],
    ['a subscript map', /₀₁₂/],
    ['a superscript map', /⁰¹²/],
  ];

  it('is src/lib/numbers.ts: no other file formats numbers for reading or maps digits on its own', () => {
    const home = join('src', 'lib', 'numbers.ts');
    const found = sourceFiles('src', 'components')
      .filter((file) => file !== home && !file.startsWith(join('src', 'nn') + '/'))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return signs.filter(([, sign]) => sign.test(text)).map(([what]) => `${file}: ${what}`);
      });
    expect(found).toEqual([]);
  });
});
