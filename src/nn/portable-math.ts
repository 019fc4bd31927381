// Math that gives the same bits in every JavaScript engine.
//
// WHY: the ECMAScript standard lets each engine choose its own algorithm for Math.exp, log,
// tanh, sin, cos, pow and their kin ("implementation-approximated"), and they do: Chromium's
// Math.exp differs from Node's in the last bit on about one input in ten, Firefox's and
// Safari's differ again. One last bit is nothing in a single number, but a training run is a
// chaotic process that amplifies it: the same cell printed loss 0.585548 at build time and
// 0.572013 or 0.633942 when rerun in a browser. A book whose reruns do not reproduce its own
// printed numbers teaches readers to trust neither.
//
// HOW: every function here is written with nothing but IEEE 754 double arithmetic, which every
// engine must round the same way. `exp` is fdlibm's e_exp.c (Sun Microsystems, 1993), the
// algorithm of Node's own Math.exp (V8's src/base/ieee754.cc, including its exact e at x = 1)
// and of the WebAssembly sigmoid in kernels-wasm.ts, which computes it two at a time; it lives
// here because the sigmoid needs that twin bit for bit. The others come from stdlib
// (https://stdlib.io), whose implementations are ports of fdlibm (through FreeBSD's msun) and,
// for tanh, Cephes. Math.sqrt, abs, floor, max, … are exact by the standard and stay the
// engine's.
//
// WHERE: src/nn and its data use these instead of Math's; the book's cells get a `Math` whose
// functions below are these (sandbox.ts), so a reader's own `Math.exp` in a cell reproduces
// the printed output too.
import expm1 from '@stdlib/math-base-special-expm1';
import log from '@stdlib/math-base-special-ln';
import log1p from '@stdlib/math-base-special-log1p';
// tanh(x) = (e^{2x} − 1)/(e^{2x} + 1) by stdlib's (Cephes') algorithm, built on stdlib's own exp.
import tanh from '@stdlib/math-base-special-tanh';
import sin from '@stdlib/math-base-special-sin';
import cos from '@stdlib/math-base-special-cos';
import pow from '@stdlib/math-base-special-pow';

const words = new Float64Array(1);
const halves = new Uint32Array(words.buffer);
// Which half of the float64 holds the sign and exponent depends on the machine's byte order.
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const fromWords = (high: number, low: number): number => {
  halves[HIGH] = high;
  halves[1 - HIGH] = low;
  return words[0];
};

// fdlibm's constants, given by their bits as e_exp.c gives them.
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe);
const P1 = fromWords(0x3fc55555, 0x5555553e);
const P2 = fromWords(0xbf66c16c, 0x16bebd93);
const P3 = fromWords(0x3f11566a, 0xaf25de2c);
const P4 = fromWords(0xbebbbd41, 0xc5d26bf1);
const P5 = fromWords(0x3e663769, 0x72bea4d0);
const E = fromWords(0x4005bf0a, 0x8b145769);
const OVERFLOW = 7.09782712893383973096e2;
const UNDERFLOW = -7.45133219101941108420e2;
const TWO_M1000 = fromWords(0x01700000, 0); // 2⁻¹⁰⁰⁰
const TWO_1023 = fromWords(0x7fe00000, 0);
/** 2^e for every normal exponent, POW2[e + 1022] for e = −1022 … 1023: fromWords(0x3ff00000 + (e << 20), 0). */
const POW2 = Float64Array.from({ length: 2046 }, (_, i) => fromWords((i + 1) << 20, 0));
// e_exp.c's branch points. It compares hx, the high word of |x|; for a non-negative double,
// hx ≥ C exactly when the number is ≥ the double whose words are (C, 0), because such doubles
// are ordered as their bits are. So hx ≥ 0x40862e42 is |x| ≥ EXP_HUGE, hx > 0x3fd62e42 is
// |x| ≥ EXP_HALF_LN2, hx < 0x3ff0a2b2 is |x| < EXP_3_HALVES_LN2, hx < 0x3e300000 is |x| < EXP_TINY.
const EXP_HUGE = fromWords(0x40862e42, 0);
const EXP_HALF_LN2 = fromWords(0x3fd62e43, 0);
const EXP_3_HALVES_LN2 = fromWords(0x3ff0a2b2, 0);
const EXP_TINY = fromWords(0x3e300000, 0);

/**
 * eˣ by fdlibm's algorithm: x = k·ln2 + r with |r| ≤ ½ln2, e^r from a degree-5 polynomial in r²,
 * then scaled by 2^k. Within 1 ulp of the true value, and the same bits in every engine.
 * Source: fdlibm e_exp.c (Sun Microsystems, 1993), as V8's ieee754::exp has it.
 */
export function exp(x: number): number {
  // e_exp.c branches on the high word of |x|; the comparisons below are the same ones made on
  // |x| itself (see EXP_HUGE), and 2^k comes from a table, so no number goes through memory.
  const ax = Math.abs(x);
  if (!(ax < EXP_HUGE)) { //                                  |x| ≥ 709.78…: overflow, underflow, ∞ or NaN
    if (Number.isNaN(x)) return x;
    if (ax === Infinity) return x < 0 ? 0 : x;
    if (x > OVERFLOW) return Infinity;
    if (x < UNDERFLOW) return 0;
  }
  let hi = 0, lo = 0, k = 0;
  if (ax >= EXP_HALF_LN2) { //                                |x| > ½ln2: reduce
    if (ax < EXP_3_HALVES_LN2) { //                          and |x| < 1.5·ln2: k = ±1
      if (x === 1) return E;
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < EXP_TINY) { //                             |x| < 2⁻²⁸
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * TWO_1023 : y * POW2[k + 1022];
  return y * POW2[k + 1000 + 1022] * TWO_M1000;
}

export { expm1, log, log1p, tanh, sin, cos, pow };

/** The functions of Math that this module replaces, by name. */
export const PORTABLE: Readonly<Record<'exp' | 'expm1' | 'log' | 'log1p' | 'tanh' | 'sin' | 'cos' | 'pow', (...x: number[]) => number>> =
  Object.freeze({ exp, expm1, log, log1p, tanh, sin, cos, pow });

/**
 * A `Math` object for code that must reproduce across engines: every property of the engine's
 * Math (constants, sqrt, abs, random, …) except the functions in PORTABLE, which are replaced by
 * the portable ones. A new plain object each call, not frozen: the caller decides (the kernel
 * hardens it with the rest of a cell's globals).
 */
export function portableMath(): Math {
  const math = Object.create(Object.prototype) as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(Math)) {
    const descriptor = Object.getOwnPropertyDescriptor(Math, key)!;
    if (typeof key === 'string' && key in PORTABLE) descriptor.value = PORTABLE[key as keyof typeof PORTABLE];
    Object.defineProperty(math, key, descriptor);
  }
  return math as unknown as Math;
}
