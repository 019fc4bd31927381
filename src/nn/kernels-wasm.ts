// The large products of training (and the sigmoid) as a small WebAssembly SIMD module.
//
// WHAT IT COMPUTES: exactly what `matmulPlain` (the triple loop in matrix.ts) computes,
// Cᵢⱼ = Σₚ Aᵢₚ Bₚⱼ, for A·B, Aᵀ·B and A·Bᵀ, in float64 with every product and sum rounded as
// JavaScript rounds them (IEEE 754 double precision; separate multiply and add, never a fused
// multiply-add). Each entry of C is one running sum over p in the natural order, like
// matmulPlain's inner loop, so the results are in fact the same bit for bit (the tests only
// demand 1e-12 relative, the same as for the JavaScript kernels). The sigmoid
// 1 / (1 + e^(−z)) is computed with fdlibm's exp (see `sigmoidBody`), the algorithm of the
// portable exp in portable-math.ts, and equals `sigmoidOf` (1 / (1 + exp(−z)) with that exp) bit
// for bit in every engine. tests/nn/kernels-wasm.test.ts checks all of this.
//
// WHY IT EXISTS: plain JavaScript does one floating-point operation at a time; the best
// register-blocked JS loop (kernels.ts) reaches about 4.5 GFLOP/s. WebAssembly's 128-bit SIMD
// multiplies and adds two float64 numbers per instruction, in code compiled ahead of time, and
// runs the same products at 15–20 GFLOP/s. That is what lets the book's 2,048-sample network
// (npm run bench, W2) train faster than TensorFlow.js's WebAssembly backend.
//
// HOW: this file writes the .wasm bytes itself (about 3 KB: no build step, no file to fetch)
// and compiles them synchronously, which Node, Web Workers and, for modules under 4 KB, the
// browser's main thread all allow. If WebAssembly or its SIMD instructions are missing, or
// compiling fails for any reason (say a Content-Security-Policy forbids it),
// `createWasmKernels` returns null and kernels.ts keeps using its JavaScript loops.
//
// The product, for each block of 4 rows i…i+3 and 4 columns j…j+3 of C:
//
//     8 running sums, each two neighbouring entries of a row (one f64x2 register)
//     for p = 0 … k−1:   C(i+r, j…j+3) += A(i+r, p) · B(p, j…j+3)    for r = 0…3
//                        (4 loads-and-splats of A, 2 loads of B, 8 multiplies, 8 adds)
//
// Both operands are first rearranged ("packed") into panels of 4, so that the loop reads each
// panel as one sequential sweep whatever the shape and transposition of the matrix it came from
// (without packing, Aᵀ·B on 2,048 samples ran at 1.6 GFLOP/s: each step jumped a whole row).
// Columns left over when n is not a multiple of 4 are done two or one at a time; rows are
// padded to a multiple of 4 and the padding rows are computed and thrown away.
//
// Operands are copied into one linear memory (grown when needed), packed there, and the result
// copied out. That costs O(mk + kn + mn) against the product's O(mnk), so kernels.ts only sends
// products above a size threshold here; the article's 4×3 network never comes here.

import type { Matrix } from './matrix.ts';
import { exp } from './portable-math.ts';

// ── A tiny WebAssembly emitter ───────────────────────────────────────────────────────────────

/** Unsigned LEB128, the variable-length integer of the binary format. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const takes a signed immediate). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A section: its id, then its byte length, then its contents. */
function section(id: number, contents: number[]): number[] {
  return [id, ...uleb(contents.length), ...contents];
}

/** A vector in the binary format: a count, then the items. */
function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;

// Instructions (the WebAssembly 2.0 core specification, SIMD from its "vector instructions").
const op = {
  block: [0x02, 0x40], loop: [0x03, 0x40], if: [0x04, 0x40], else: [0x05], end: [0x0b],
  call: (func: number) => [0x10, ...uleb(func)],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  i64: (value: number) => [0x42, ...sleb(value)],
  f64: (value: number) => [0x44, ...new Uint8Array(new Float64Array([value]).buffer)],
  i32And: [0x71], i32GeU: [0x4f], f64Neg: [0x9a], f64Add: [0xa0], f64Div: [0xa3],
  i32Add: [0x6a], i32Sub: [0x6b], i32Mul: [0x6c], i32Shl: [0x74], i32GtS: [0x4a], i32GeS: [0x4e], i32LtS: [0x48], i32LeS: [0x4c], i32Eq: [0x46],
  // SIMD: prefix 0xfd, then the opcode as LEB128, then a memory argument (alignment, offset).
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  v128Load64Splat: (offset: number) => [0xfd, 0x0a, 3, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)],
  v128Store64Lane0: (offset: number) => [0xfd, 0x5b, 3, ...uleb(offset), 0],
  v128Zero: [0xfd, 0x0c, ...new Array(16).fill(0)],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
  f64x2Sub: [0xfd, 0xf1, 0x01], f64x2Div: [0xfd, 0xf3, 0x01], f64x2Neg: [0xfd, 0xed, 0x01], f64x2Abs: [0xfd, 0xec, 0x01],
  f64x2Trunc: [0xfd, 0x7a], f64x2Eq: [0xfd, 0x47], f64x2Lt: [0xfd, 0x49], f64x2Le: [0xfd, 0x4b], f64x2Ge: [0xfd, 0x4c],
  v128And: [0xfd, 0x4e], v128Or: [0xfd, 0x50], v128Bitselect: [0xfd, 0x52],
  i64x2AllTrue: [0xfd, 0xc3, 0x01], i64x2Splat: [0xfd, 0x12], i64x2Add: [0xfd, 0xce, 0x01], i64x2Shl: [0xfd, 0xcb, 0x01],
  i64x2ExtendLowI32x4: [0xfd, 0xc7, 0x01], i32x4TruncSatF64x2Zero: [0xfd, 0xfc, 0x01],
  // i8x16.shuffle picks 16 bytes out of two vectors: (a₀, b₀) and (a₁, b₁) for f64x2 a, b.
  shuffleLow: [0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23],
  shuffleHigh: [0xfd, 0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset: number) => [0x39, 3, ...uleb(offset)],
};

/** A function's named locals: parameters first (all i32), then i32 and v128 locals. */
function frame(params: string[], i32s: string[], v128s: string[]) {
  const index: Record<string, number> = {};
  [...params, ...i32s, ...v128s].forEach((name, i) => (index[name] = i));
  return {
    get: (name: string) => op.get(index[name]),
    set: (name: string) => op.set(index[name]),
    type: [0x60, ...vec(params.map(() => [I32])), 0],
    locals: vec([[...uleb(i32s.length), I32], [...uleb(v128s.length), V128]]),
  };
}

/** Collects instructions; `emit(a, b, …)` appends each part in order. */
function assembler() {
  const code: number[] = [];
  return { code, emit: (...parts: number[][]) => parts.forEach((part) => code.push(...part)) };
}

// ── The product kernel ───────────────────────────────────────────────────────────────────────

// gemm(a, b, c, m, n, k) computes C (m×n, row by row; m a multiple of 4) from operands packed
// into panels of 4 (see packRows and packCols below):
//   a: rows 4I … 4I+3 of A are one panel of 4k numbers, A(4I + r, p) at 4p + r;
//   b: columns 4J … 4J+3 of B are one panel of 4k numbers, B(p, 4J + c) at 4p + c.
// Reading a panel is one sequential sweep, whatever the shape or transposition of the matrix it
// came from. a, b, c are byte addresses.
const MR = 4; //      rows of C per block (and numbers across a panel of A)
const NV = 2; //      f64x2 vectors per row of a block, so NR = 4 columns (a panel of B)
const NR = 2 * NV;
const sum = (r: number, v: number) => `s${r * NV + v}`;
const gemmFrame = frame(
  ['a', 'b', 'c', 'm', 'n', 'k'],
  ['i', 'j', 'p', 'pa', 'pb', 'pc', 'aPanel', 'bPanel', 'cRow', ...Array.from({ length: MR - 1 }, (_, r) => `c${r + 1}`)],
  ['x', ...Array.from({ length: NV }, (_, v) => `y${v}`), ...Array.from({ length: MR * NV }, (_, t) => `s${t}`)],
);

/**
 * One block of C: MR rows × (2·vectors) columns at (i, j), from panels aPanel and bPanel: the
 * running sums, the loop over p, and the store. With `oddColumn` the last vector holds a single
 * column of C, and only its first lane is stored.
 */
function block(vectors: number, oddColumn: boolean): number[] {
  const { get, set } = gemmFrame;
  const { code, emit } = assembler();
  emit(get('aPanel'), set('pa'), get('bPanel'), set('pb'));
  for (let r = 0; r < MR; r++) for (let v = 0; v < vectors; v++) emit(op.v128Zero, set(sum(r, v)));
  // One step of p. (Unrolling two steps per pass was tried: V8 then spills registers and the
  // kernel runs a third slower.)
  const step = () => {
    for (let v = 0; v < vectors; v++) emit(get('pb'), op.v128Load(16 * v), set(`y${v}`)); // y = B(p, j + 2v …)
    for (let r = 0; r < MR; r++) {
      emit(get('pa'), op.v128Load64Splat(8 * r), set('x')); //      x = A(i + r, p) in both lanes
      for (let v = 0; v < vectors; v++) {
        emit(get(sum(r, v)), get('x'), get(`y${v}`), op.f64x2Mul, op.f64x2Add, set(sum(r, v))); // s += x·y
      }
    }
  };
  emit(get('k'), set('p'), op.loop); //                             do { … } while (--p)
  step();
  emit(get('pa'), op.i32(8 * MR), op.i32Add, set('pa'));
  emit(get('pb'), op.i32(8 * NR), op.i32Add, set('pb'));
  emit(get('p'), op.i32(1), op.i32Sub, set('p'));
  emit(get('p'), op.brIf(0), op.end);
  // Row r of the block starts at pc + c_r, with pc the address of C(i, j).
  emit(get('cRow'), get('j'), op.i32(3), op.i32Shl, op.i32Add, set('pc'));
  for (let r = 0; r < MR; r++) {
    for (let v = 0; v < vectors; v++) {
      emit(get('pc'), r === 0 ? [] : [...get(`c${r}`), ...op.i32Add], get(sum(r, v)));
      emit(oddColumn && v === vectors - 1 ? op.v128Store64Lane0(16 * v) : op.v128Store(16 * v));
    }
  }
  return code;
}

function gemmBody(): number[] {
  const { get, set } = gemmFrame;
  const { code, emit } = assembler();
  for (let r = 1; r < MR; r++) emit(get('n'), op.i32(8 * r), op.i32Mul, set(`c${r}`));
  emit(get('a'), set('aPanel'), op.i32(0), set('i'));
  emit(op.block, op.loop); //                                    for (i = 0; i < m; i += MR)
  emit(get('i'), get('m'), op.i32GeS, op.brIf(1));
  emit(get('c'), get('i'), get('n'), op.i32Mul, op.i32(3), op.i32Shl, op.i32Add, set('cRow'));
  emit(get('b'), set('bPanel'), op.i32(0), set('j'));
  emit(op.block, op.loop); //                                      for (j = 0; j + NR <= n; j += NR)
  emit(get('j'), op.i32(NR), op.i32Add, get('n'), op.i32GtS, op.brIf(1));
  emit(block(NV, false));
  emit(get('j'), op.i32(NR), op.i32Add, set('j'));
  emit(get('bPanel'), get('k'), op.i32(8 * NR), op.i32Mul, op.i32Add, set('bPanel'));
  emit(op.br(0), op.end, op.end);
  for (let left = 1; left < NR; left++) { //                      the 1 … NR − 1 columns left over
    emit(get('n'), get('j'), op.i32Sub, op.i32(left), op.i32Eq, op.if);
    emit(block(Math.ceil(left / 2), left % 2 === 1));
    emit(op.end);
  }
  emit(get('aPanel'), get('k'), op.i32(8 * MR), op.i32Mul, op.i32Add, set('aPanel'));
  emit(get('i'), op.i32(MR), op.i32Add, set('i'));
  emit(op.br(0), op.end, op.end);
  emit(op.end);
  return code;
}

// ── Packing ──────────────────────────────────────────────────────────────────────────────────

// Both take an operand x(i, p) already copied into the memory at byte address src, and write
// its panels of 4 consecutive i (4k numbers each) from byte address dst. `count` (a multiple of
// 4) is the number of i to pack; the last panel may read up to 3 numbers or rows past the
// operand, which the caller zeroes, and whose products land in padding that is never copied out.
const packFrame = frame(['src', 'ld', 'count', 'k', 'dst'], ['i', 'p', 'ps', 'pd', 'ld1', 'ld2', 'ld3', 'panel'], ['v0', 'v1', 'v2', 'v3']);

/**
 * packRows: x(i, p) = M[i·ld + p] (p runs along rows of M, as for A in A·B). Four rows are read
 * two numbers at a time and regrouped with shuffles into two panel lines:
 *   (M[i][p], M[i+1][p]), (M[i+2][p], M[i+3][p]), then the same for p + 1.
 */
function packRowsBody(): number[] {
  const { get, set } = packFrame;
  const { code, emit } = assembler();
  emit(get('ld'), op.i32(3), op.i32Shl, set('ld1'));
  emit(get('ld1'), op.i32(2), op.i32Mul, set('ld2'), get('ld1'), op.i32(3), op.i32Mul, set('ld3'));
  emit(op.i32(0), set('i'));
  emit(op.block, op.loop); //                                    for (i = 0; i < count; i += 4)
  emit(get('i'), get('count'), op.i32GeS, op.brIf(1));
  emit(get('src'), set('ps'), get('dst'), set('pd'), op.i32(0), set('p'));
  emit(op.block, op.loop); //                                      for (p = 0; p + 2 <= k; p += 2)
  emit(get('p'), op.i32(2), op.i32Add, get('k'), op.i32GtS, op.brIf(1));
  for (let r = 0; r < 4; r++) emit(get('ps'), r === 0 ? [] : [...get(`ld${r}`), ...op.i32Add], op.v128Load(0), set(`v${r}`));
  emit(get('pd'), get('v0'), get('v1'), op.shuffleLow, op.v128Store(0));
  emit(get('pd'), get('v2'), get('v3'), op.shuffleLow, op.v128Store(16));
  emit(get('pd'), get('v0'), get('v1'), op.shuffleHigh, op.v128Store(32));
  emit(get('pd'), get('v2'), get('v3'), op.shuffleHigh, op.v128Store(48));
  emit(get('ps'), op.i32(16), op.i32Add, set('ps'), get('pd'), op.i32(64), op.i32Add, set('pd'));
  emit(get('p'), op.i32(2), op.i32Add, set('p'));
  emit(op.br(0), op.end, op.end);
  emit(get('p'), get('k'), op.i32LtS, op.if); //                  k odd: the last p one number at a time
  for (let r = 0; r < 4; r++) emit(get('pd'), get('ps'), r === 0 ? [] : [...get(`ld${r}`), ...op.i32Add], op.f64Load(0), op.f64Store(8 * r));
  emit(op.end);
  emit(get('src'), get('ld1'), op.i32(4), op.i32Mul, op.i32Add, set('src'));
  emit(get('dst'), get('k'), op.i32(32), op.i32Mul, op.i32Add, set('dst'));
  emit(get('i'), op.i32(4), op.i32Add, set('i'));
  emit(op.br(0), op.end, op.end);
  emit(op.end);
  return code;
}

/**
 * packCols: x(i, p) = M[p·ld + i] (i runs along rows of M, as for B in A·B, or A in Aᵀ·B).
 * Each panel line is four neighbouring numbers of one row of M: a 32-byte copy. Rows of M are
 * read in order, each one spread over the panels.
 */
function packColsBody(): number[] {
  const { get, set } = packFrame;
  const { code, emit } = assembler();
  emit(get('ld'), op.i32(3), op.i32Shl, set('ld1'), get('k'), op.i32(32), op.i32Mul, set('panel'));
  emit(op.i32(0), set('p'));
  emit(op.block, op.loop); //                                    for (p = 0; p < k; p++)
  emit(get('p'), get('k'), op.i32GeS, op.brIf(1));
  emit(get('src'), get('p'), get('ld1'), op.i32Mul, op.i32Add, set('ps'));
  emit(get('dst'), get('p'), op.i32(32), op.i32Mul, op.i32Add, set('pd'));
  emit(op.i32(0), set('i'));
  emit(op.block, op.loop); //                                      for (i = 0; i < count; i += 4)
  emit(get('i'), get('count'), op.i32GeS, op.brIf(1));
  emit(get('pd'), get('ps'), op.v128Load(0), op.v128Store(0));
  emit(get('pd'), get('ps'), op.v128Load(16), op.v128Store(16));
  emit(get('ps'), op.i32(32), op.i32Add, set('ps'), get('pd'), get('panel'), op.i32Add, set('pd'));
  emit(get('i'), op.i32(4), op.i32Add, set('i'));
  emit(op.br(0), op.end, op.end);
  emit(get('p'), op.i32(1), op.i32Add, set('p'));
  emit(op.br(0), op.end, op.end);
  emit(op.end);
  return code;
}

// ── The sigmoid, with fdlibm's exp ──────────────────────────────────────────────────────────────

// sigmoid(at, count): a = 1 / (1 + e^(−z)) in place, for `count` numbers from byte address at.
//
// fdlibm's exp (Sun, 1993; stdlib's port is portable-math.ts's exp, and V8's Math.exp in Node is
// the same algorithm, src/base/ieee754.cc) two numbers at a time, with the same constants and
// the same operations in the same order: no approximation. What is equal bit for bit is this
// and the portable exp; an engine's own Math.exp may differ in the last bit (Chromium's does on
// about one input in ten), which is why src/nn does not use it. For x = −z it reduces x = k·ln2 + r (k = 0 when |x| ≤ ½ln2,
// else k = trunc(x/ln2 ± ½)), evaluates e^r with fdlibm's degree-5 polynomial, and scales by
// 2^k. The cases fdlibm answers separately (|x| < 2⁻²⁸: 1 + x; x = 1: V8's exact E) are picked
// out with masks. A pair holding a |x| above 708 (where 2^k needs care) or NaN is handed to the
// portable exp, imported as "Math.exp". tests/nn/kernels-wasm.test.ts checks that every result
// equals `sigmoidOf` bit for bit.


/** A v128.const holding the float64 `value` in both lanes. */
function f64x2Const(value: number): number[] {
  const bytes = new Uint8Array(new Float64Array([value, value]).buffer);
  return [0xfd, 0x0c, ...bytes];
}
const fromBits = (hi: number, lo: number) => new Float64Array(new Uint32Array([lo, hi]).buffer)[0];
const EXP = {
  ln2HI: fromBits(0x3fe62e42, 0xfee00000), ln2LO: fromBits(0x3dea39ef, 0x35793c76), invln2: fromBits(0x3ff71547, 0x652b82fe),
  P1: fromBits(0x3fc55555, 0x5555553e), P2: fromBits(0xbf66c16c, 0x16bebd93), P3: fromBits(0x3f11566a, 0xaf25de2c),
  P4: fromBits(0xbebbbd41, 0xc5d26bf1), P5: fromBits(0x3e663769, 0x72bea4d0), E: fromBits(0x4005bf0a, 0x8b145769),
  halfLn2: fromBits(0x3fd62e43, 0), //   smallest |x| whose high word exceeds 0x3FD62E42: k ≠ 0 from here
  tiny: fromBits(0x3e300000, 0), //      2⁻²⁸
  one: 1, two: 2, half: 0.5, signBit: -0, big: 708,
};
// Each constant lives in a local, set once before the loop (a v128.const inside the loop would
// be rebuilt on every pass).
const sigmoidFrame = frame(['at', 'count'], ['end'], ['x', 'ax', 'k', 'hi', 'lo', 'r', 't', 'c', 'y', ...Object.keys(EXP)]);

function sigmoidBody(): number[] {
  const { get, set } = sigmoidFrame;
  const { code, emit } = assembler();
  const v = (name: string) => get(name);
  const K = (value: number) => {
    const key = Object.keys(EXP).find((name) => Object.is(EXP[name as keyof typeof EXP], value));
    if (key === undefined) throw new Error(`sigmoid: no constant ${value}`);
    return get(key);
  };
  for (const [key, value] of Object.entries(EXP)) emit(f64x2Const(value), set(key));
  // The scalar sigmoid of the number at the address on the stack, through the imported (portable) exp.
  const scalar = (address: number[]) => [
    ...address, ...op.f64(1), ...op.f64(1), ...address, ...op.f64Load(0), ...op.f64Neg, ...op.call(0), ...op.f64Add, ...op.f64Div, ...op.f64Store(0),
  ];
  emit(get('at'), get('count'), op.i32(-2), op.i32And, op.i32(3), op.i32Shl, op.i32Add, set('end'));
  emit(op.block, op.loop); //                                    for (; at < end; at += 16)
  emit(get('at'), get('end'), op.i32GeU, op.brIf(1));
  emit(get('at'), op.v128Load(0), op.f64x2Neg, set('x'), v('x'), op.f64x2Abs, set('ax')); // x = −z
  emit(v('ax'), K(708), op.f64x2Le, op.i64x2AllTrue, op.if);
  // k = trunc(x/ln2 ± ½) where |x| > ½ln2, else 0;  hi = x − k·ln2HI;  lo = k·ln2LO;  r = hi − lo
  emit(v('x'), K(EXP.invln2), op.f64x2Mul, v('x'), K(-0), op.v128And, K(0.5), op.v128Or, op.f64x2Add, op.f64x2Trunc);
  emit(v('ax'), K(EXP.halfLn2), op.f64x2Ge, op.v128And, set('k'));
  emit(v('x'), v('k'), K(EXP.ln2HI), op.f64x2Mul, op.f64x2Sub, set('hi'));
  emit(v('k'), K(EXP.ln2LO), op.f64x2Mul, set('lo'));
  emit(v('hi'), v('lo'), op.f64x2Sub, set('r'), v('r'), v('r'), op.f64x2Mul, set('t'));
  // c = r − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))))
  emit(v('r'), v('t'), K(EXP.P1), v('t'), K(EXP.P2), v('t'), K(EXP.P3), v('t'), K(EXP.P4), v('t'), K(EXP.P5));
  for (let i = 0; i < 4; i++) emit(op.f64x2Mul, op.f64x2Add);
  emit(op.f64x2Mul, op.f64x2Sub, set('c'));
  // y = 1 − ((lo − r·c / (2 − c)) − hi), times 2^k (k + 1023 in the exponent bits)
  emit(K(1), v('lo'), v('r'), v('c'), op.f64x2Mul, K(2), v('c'), op.f64x2Sub, op.f64x2Div, op.f64x2Sub, v('hi'), op.f64x2Sub, op.f64x2Sub);
  emit(v('k'), op.i32x4TruncSatF64x2Zero, op.i64x2ExtendLowI32x4, op.i64(1023), op.i64x2Splat, op.i64x2Add, op.i32(52), op.i64x2Shl);
  emit(op.f64x2Mul, set('y'));
  emit(K(1), v('x'), op.f64x2Add, v('y'), v('ax'), K(EXP.tiny), op.f64x2Lt, op.v128Bitselect, set('y')); // |x| < 2⁻²⁸: 1 + x
  emit(K(EXP.E), v('y'), v('x'), K(1), op.f64x2Eq, op.v128Bitselect, set('y')); //                          x = 1: E
  emit(get('at'), K(1), K(1), v('y'), op.f64x2Add, op.f64x2Div, op.v128Store(0)); //                         a = 1 / (1 + e^x)
  emit(op.else, scalar(get('at')), scalar([...get('at'), ...op.i32(8), ...op.i32Add]), op.end);
  emit(get('at'), op.i32(16), op.i32Add, set('at'));
  emit(op.br(0), op.end, op.end);
  emit(get('count'), op.i32(1), op.i32And, op.if, scalar(get('at')), op.end); //  an odd count: the last number
  emit(op.end);
  return code;
}

/** The whole module: the portable exp imported (as Math.exp); one memory and four functions exported. */
export function wasmModuleBytes(): Uint8Array<ArrayBuffer> {
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  const body = (locals: number[], code: number[]) => [...uleb(locals.length + code.length), ...locals, ...code];
  const expType = [0x60, 1, F64, 1, F64];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, //                     "\0asm", version 1
    ...section(1, vec([expType, gemmFrame.type, packFrame.type, sigmoidFrame.type])), // types 0 … 3
    ...section(2, vec([[...name('Math'), ...name('exp'), 0x00, 0]])), //   import: function 0 = Math.exp
    ...section(3, vec([[1], [2], [2], [3]])), //                          functions 1 … 4 and their types
    ...section(5, vec([[0x00, 1]])), //                                   memory: at least one 64 KiB page
    ...section(7, vec([ //                                                exports
      [...name('memory'), 0x02, 0], [...name('gemm'), 0x00, 1], [...name('packRows'), 0x00, 2],
      [...name('packCols'), 0x00, 3], [...name('sigmoid'), 0x00, 4],
    ])),
    ...section(10, vec([ //                                               code
      body(gemmFrame.locals, gemmBody()), body(packFrame.locals, packRowsBody()), body(packFrame.locals, packColsBody()),
      body(sigmoidFrame.locals, sigmoidBody()),
    ])),
  ]);
}

// ── This machine's ceiling, for npm run bench ────────────────────────────────────────────────

// peak(passes) runs, `passes` times, the arithmetic of one step of the product kernel without
// its loads: 8 running sums s += x·y of f64x2 values held in registers (2 x, 2 y: 12 registers,
// as the kernel uses, so nothing spills), 8 multiplies and 8 adds, 32 floating-point operations. The two y values swap places every pass, so no
// multiply is the same from one pass to the next and the compiler cannot move it out of the
// loop. The sums are stored at address 0 at the end, so the loop cannot be dropped either. What
// this reaches is the most any 128-bit SIMD product kernel can do on this machine and engine;
// npm run bench prints how close gemm gets to it. Not used by the book.
const peakFrame = frame(['passes'], ['p'], ['x0', 'x1', 'y0', 'y1', ...Array.from({ length: 8 }, (_, t) => `s${t}`)]);

function peakBody(): number[] {
  const { get, set } = peakFrame;
  const { code, emit } = assembler();
  emit(f64x2Const(0.5), set('x0'), f64x2Const(0.25), set('x1'));
  emit(f64x2Const(1e-3), set('y0'), f64x2Const(2e-3), set('y1'));
  for (let t = 0; t < 8; t++) emit(op.v128Zero, set(`s${t}`));
  emit(get('passes'), set('p'), op.loop); //                   do { … } while (--p)
  for (let r = 0; r < 4; r++) {
    for (let v = 0; v < 2; v++) emit(get(`s${2 * r + v}`), get(`x${r % 2}`), get(`y${v}`), op.f64x2Mul, op.f64x2Add, set(`s${2 * r + v}`));
  }
  emit(get('y0'), get('y1'), set('y0'), set('y1')); //             swap y0 and y1
  emit(get('p'), op.i32(1), op.i32Sub, set('p'), get('p'), op.brIf(0), op.end);
  emit(op.i32(0), get('s0'));
  for (let t = 1; t < 8; t++) emit(get(`s${t}`), op.f64x2Add);
  emit(op.v128Store(0), op.end);
  return code;
}

/** The ceiling module: one memory and `peak(passes)`, 32 floating-point operations a pass. */
export function peakModuleBytes(): Uint8Array<ArrayBuffer> {
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  const code = peakBody();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([peakFrame.type])), ...section(3, vec([[0]])), ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('peak'), 0x00, 0]])),
    ...section(10, vec([[...uleb(peakFrame.locals.length + code.length), ...peakFrame.locals, ...code]])),
  ]);
}

// ── The JavaScript side ──────────────────────────────────────────────────────────────────────

export interface WasmKernels {
  /** out = A·B (A m×k, B k×n). */
  matmulInto(A: Matrix, B: Matrix, out: Matrix): Matrix;
  /** out = Aᵀ·B (A m×k, B m×n, out k×n). */
  matmulTransAInto(A: Matrix, B: Matrix, out: Matrix): Matrix;
  /** out = A·Bᵀ (A m×k, B n×k, out m×n). */
  matmulTransBInto(A: Matrix, B: Matrix, out: Matrix): Matrix;
  /** a[i] = 1 / (1 + exp(−z[i])) with the portable exp, bit for bit; a may be z. */
  sigmoidInto(z: Float64Array, a: Float64Array): void;
}

type Gemm = (a: number, b: number, c: number, m: number, n: number, k: number) => void;
type Pack = (src: number, ld: number, count: number, k: number, dst: number) => void;

/**
 * The kernels, or null when this JavaScript engine cannot run them (no WebAssembly, no SIMD,
 * or compiling is not allowed here). `wasm` is the WebAssembly namespace to use; tests pass
 * null or a stand-in to check the fallback.
 */
export function createWasmKernels(wasm: typeof WebAssembly | null = globalThis.WebAssembly ?? null): WasmKernels | null {
  let exports: WebAssembly.Exports;
  try {
    if (typeof wasm !== 'object' || wasm === null) return null;
    const bytes = wasmModuleBytes();
    if (!wasm.validate(bytes)) return null; // an engine without SIMD rejects the module here
    exports = new wasm.Instance(new wasm.Module(bytes), { Math: { exp } }).exports;
  } catch {
    return null;
  }
  const memory = exports.memory as WebAssembly.Memory;
  const gemm = exports.gemm as Gemm;
  const packRows = exports.packRows as Pack, packCols = exports.packCols as Pack;
  const sigmoid = exports.sigmoid as (at: number, count: number) => void;
  let heap = new Float64Array(memory.buffer);

  /** The memory as float64s, with room for at least `count` of them (growing replaces the view). */
  function reserve(count: number): Float64Array {
    const missing = count * 8 - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    if (heap.buffer !== memory.buffer) heap = new Float64Array(memory.buffer);
    return heap;
  }

  /**
   * out (rows×n) = Σₚ a(i, p)·b(p, j) over p < k. Each operand is a matrix and how to read it:
   * `alongRows` when its sum index p runs along the rows of the stored matrix (A in A·B:
   * a(i, p) = A[i·k + p]), otherwise down its columns (A in Aᵀ·B: a(i, p) = A[p·cols + i]).
   */
  function product(A: Matrix, aAlongRows: boolean, B: Matrix, bAlongRows: boolean, rows: number, n: number, k: number, out: Matrix): void {
    if (k === 0) { // empty sums (the kernel's loop runs at least once)
      out.data.fill(0);
      return;
    }
    const rows4 = (rows + 3) & ~3, n4 = (n + 3) & ~3;
    // Layout, in numbers: A and B as they are (each followed by zeros that the last panel may
    // read), then the two packed operands, then C.
    const aAt = 0, bAt = even(aAt + A.data.length + 3 * A.cols + 4);
    const aPack = even(bAt + B.data.length + 3 * B.cols + 4), bPack = aPack + rows4 * k;
    const cAt = bPack + n4 * k;
    const h = reserve(cAt + rows4 * n);
    h.set(A.data, aAt);
    h.fill(0, aAt + A.data.length, bAt);
    h.set(B.data, bAt);
    h.fill(0, bAt + B.data.length, aPack);
    (aAlongRows ? packRows : packCols)(aAt * 8, A.cols, rows4, k, aPack * 8);
    (bAlongRows ? packRows : packCols)(bAt * 8, B.cols, n4, k, bPack * 8);
    gemm(aPack * 8, bPack * 8, cAt * 8, rows4, n, k);
    out.data.set(h.subarray(cAt, cAt + rows * n));
  }

  return {
    matmulInto(A, B, out) { //       a(i, p) = A[i·k + p],  b(p, j) = B[p·n + j]
      product(A, true, B, false, A.rows, B.cols, A.cols, out);
      return out;
    },
    matmulTransAInto(A, B, out) { // a(i, p) = A[p·k + i],  b(p, j) = B[p·n + j]
      product(A, false, B, false, A.cols, B.cols, A.rows, out);
      return out;
    },
    matmulTransBInto(A, B, out) { // a(i, p) = A[i·k + p],  b(p, j) = B[j·k + p]
      product(A, true, B, true, A.rows, B.rows, A.cols, out);
      return out;
    },
    sigmoidInto(z, a) {
      const h = reserve(z.length);
      h.set(z, 0);
      sigmoid(0, z.length);
      a.set(h.subarray(0, z.length));
    },
  };
}

const even = (x: number) => (x + 1) & ~1; // offsets in numbers, kept even: 16-byte aligned
