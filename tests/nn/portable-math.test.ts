import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTABLE, exp, log, portableMath, tanh } from '../../src/nn/portable-math.ts';
import { createRng, nextRandom, randomNormal } from '../../src/nn/index.ts';

// Why src/nn has its own exp, log, … : engines may compute Math's with any algorithm, and a
// training run amplifies a last-bit difference into other printed numbers (portable-math.ts).

const ENGINE_MATH = /\bMath\.(exp|expm1|log|log1p|log2|log10|tanh|sinh|cosh|sin|cos|tan|atan|atan2|asin|acos|pow|cbrt|hypot)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

describe('portable math', () => {
  it('src/nn calls none of the engine’s approximated Math functions (comments aside)', () => {
    const root = join(import.meta.dirname, '../../src/nn');
    const found = sources(root).flatMap((path) => readFileSync(path, 'utf8').split('\n').flatMap((line, i) => {
      const code = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '').replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '');
      return ENGINE_MATH.test(code) ? [`${path.slice(root.length + 1)}:${i + 1}: ${line.trim()}`] : [];
    }));
    expect(found).toEqual([]);
  });

  it('agrees with the engine’s Math to within an ulp or two', () => {
    const rng = createRng(7);
    for (let i = 0; i < 20000; i++) {
      const x = randomNormal(rng, 0, 20);
      for (const [name, f] of Object.entries(PORTABLE)) {
        if (name === 'pow') continue;
        const input = name === 'log' || name === 'log1p' ? Math.abs(x) : name === 'exp' ? x : x / 4;
        const ours = f(input), theirs = (Math as unknown as Record<string, (x: number) => number>)[name](input);
        if (Number.isNaN(theirs)) expect(ours, `${name}(${input})`).toBeNaN();
        else expect(Math.abs(ours - theirs), `${name}(${input})`).toBeLessThanOrEqual(4.5e-16 * Math.max(1, Math.abs(theirs)));
      }
    }
    expect(exp(0)).toBe(1);
    expect(log(1)).toBe(0);
    expect(Object.is(tanh(-0), -0)).toBe(true);
  });

  it('portableMath() is the engine’s Math with the portable functions in place', () => {
    const math = portableMath();
    for (const [name, f] of Object.entries(PORTABLE)) expect((math as unknown as Record<string, unknown>)[name]).toBe(f);
    expect(math.sqrt).toBe(Math.sqrt);
    expect(math.PI).toBe(Math.PI);
    expect(Object.getOwnPropertyDescriptor(math, 'PI')).toMatchObject({ writable: false, configurable: false });
    expect(Object.prototype.toString.call(math)).toBe('[object Math]');
    expect(portableMath()).not.toBe(math); // a fresh object each time: hardening one freezes no other
  });
});

describe('the portable exp is fdlibm’s, as Node’s V8 has it', () => {
  it('equals Node’s Math.exp bit for bit, densely around every branch of the algorithm', () => {
    const rng = createRng(11);
    const edges = [0, 2 ** -28, 0.5 * Math.LN2, 1.5 * Math.LN2, 1, 709.782712893384, 745.1332191019411, 708, 1022 * Math.LN2];
    const values: number[] = [NaN, Infinity, -Infinity, 0, -0, 5e-324];
    for (const edge of edges) {
      for (let i = 0; i < 4000; i++) {
        const near = edge * (1 + (nextRandom(rng) - 0.5) * 1e-6) + (nextRandom(rng) - 0.5) * 1e-12;
        values.push(near, -near);
      }
    }
    // The exact branch points: e_exp.c compares the high word of |x| with these constants, and
    // src/nn compares |x| with the doubles they begin; the numbers on either side of each.
    const bits = new DataView(new ArrayBuffer(8));
    const fromWords = (high: number, low: number) => (bits.setUint32(0, high), bits.setUint32(4, low), bits.getFloat64(0));
    for (const high of [0x40862e42, 0x3fd62e42, 0x3fd62e43, 0x3ff0a2b2, 0x3e300000, 0x7fefffff]) {
      for (const [h, low] of [[high, 0], [high, 1], [high, 0xffffffff], [high - 1, 0xffffffff]]) values.push(fromWords(h, low), -fromWords(h, low));
    }
    for (let i = 0; i < 100000; i++) values.push((nextRandom(rng) - 0.5) * 1500);
    const differ = values.filter((x) => !Object.is(exp(x), Math.exp(x)));
    expect(differ.slice(0, 5)).toEqual([]);
  });
});
