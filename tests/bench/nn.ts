// `npm run bench`: src/nn against the article's NumPy code and TensorFlow.js (WebAssembly
// backend), on the same inputs, in the same run, one core each. Prints one table.
//
//   W1 "seed":  the article's network (4×3 → 4 sigmoid → 1 sigmoid, no biases), 1,500 iterations
//   W2 "mlp":   2,048 samples × 64 inputs → 64 sigmoid → 10 sigmoid, biases, mean squared error,
//               learning rate 0.1, full batch, 100 iterations
//   W3 matmul:  n×n · n×n in GFLOP/s (2n³ floating-point operations), n = 64, 256, 512
//   ceiling:    this machine's 128-bit WebAssembly SIMD ceiling: a loop of f64x2 multiply-adds on
//               registers (kernels-wasm.ts, peakModuleBytes), the most any kernel of ours can reach
//
// Every time is the median of several runs after warm-up runs, in CPU time of the process
// (user + system), not wall time: the machine this runs on is often shared, and wall time then
// measures the neighbours as much as the code. NumPy runs in a python3 subprocess with
// OPENBLAS_NUM_THREADS=1 (and MKL/OMP equivalents) so that it uses one core, timed with
// time.process_time(); TF.js-WASM runs with one thread. TF.js computes in float32, the others
// in float64.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  activate, articleData, cloneNetwork, createNetwork, matmul, NeuralNetwork, oneHot, rand, randomInt, createRng, toArray, train, zeros,
  type Matrix,
} from '../../src/nn/index.ts';
import { sigmoidOf } from '../../src/nn/activations.ts';
import { peakModuleBytes } from '../../src/nn/kernels-wasm.ts';
import { matmulInto } from '../../src/nn/kernels.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const RUNS = { seed: 15, mlp: 5, matmul: 5 };
const SIZES = [64, 256, 512];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** CPU seconds used by this process so far (all its threads: user + system). */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Median CPU seconds of fn over `runs` timed runs, after `warmup` untimed ones. */
async function time(fn: () => unknown, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuSeconds();
    await fn();
    t.push(cpuSeconds() - t0);
  }
  return median(t);
}

/**
 * This machine's 128-bit SIMD ceiling in GFLOP/s: peak(passes) does 32 floating-point
 * operations a pass on registers only. Many short calls, because V8 runs a WebAssembly function
 * with its baseline compiler until a later call picks up the optimised code.
 */
async function ceiling(): Promise<number> {
  const { peak } = new WebAssembly.Instance(new WebAssembly.Module(peakModuleBytes())).exports as { peak: (passes: number) => void };
  const passes = 1e5, calls = 40;
  for (let i = 0; i < 300; i++) peak(1e4);
  const s = await time(() => { for (let i = 0; i < calls; i++) peak(passes); }, 7, 1);
  return (32 * passes * calls) / s / 1e9;
}

// ── Shared inputs ────────────────────────────────────────────────────────────────────────────

const seedData = articleData();
const seedStart = new NeuralNetwork(seedData.X, seedData.y, { seed: 1 });
const seedW1 = seedStart.weights1, seedW2 = seedStart.weights2;

const M = 2048, IN = 64, HID = 64, OUT = 10, ETA = 0.1, ITER = 100;
const mlpX = rand(M, IN, 11);
const labelRng = createRng(12);
const mlpY = oneHot(Array.from({ length: M }, () => randomInt(labelRng, OUT)), OUT);
const mlpNet = createNetwork({
  inputSize: IN, layers: [{ size: HID, activation: 'sigmoid' }, { size: OUT, activation: 'sigmoid' }], init: 'xavier', seed: 13,
});
// Start from non-zero biases so that every implementation really adds them.
mlpNet.layers.forEach((layer, l) => layer.b!.data.set(rand(1, layer.b!.cols, 20 + l).data.map((v) => 0.1 * (v - 0.5))));

// ── src/nn ───────────────────────────────────────────────────────────────────────────────────

const ours = { seed: 0, seedLoss: 0, mlp: 0, mlpLoss: 0, matmul: {} as Record<number, number> };
ours.seed = await time(() => new NeuralNetwork(seedData.X, seedData.y, { weights1: seedW1, weights2: seedW2 }).train(1500), RUNS.seed, 20);
ours.seedLoss = new NeuralNetwork(seedData.X, seedData.y, { weights1: seedW1, weights2: seedW2 }).train(1500).at(-1)!;
const runMlp = () => train(cloneNetwork(mlpNet), mlpX, mlpY, { loss: 'meanSquaredError', learningRate: ETA, iterations: ITER }).history.at(-1)!;
ours.mlp = await time(runMlp, RUNS.mlp, 1);
ours.mlpLoss = runMlp();
for (const n of SIZES) {
  const A = rand(n, n, 1), B = rand(n, n, 2);
  const reps = Math.max(1, Math.floor(2e8 / (2 * n ** 3)));
  ours.matmul[n] = (await time(() => { for (let r = 0; r < reps; r++) matmul(A, B); }, RUNS.matmul)) / reps;
}
// What matmul spends besides the product: the same product into a matrix it reuses, without
// the new result matrix (fresh memory, zeroed) or the check that every entry is finite.
const into256 = await (async () => {
  const A = rand(256, 256, 1), B = rand(256, 256, 2), C = zeros(256, 256);
  const reps = Math.floor(2e8 / (2 * 256 ** 3));
  return (await time(() => { for (let r = 0; r < reps; r++) matmulInto(A, B, C); }, RUNS.matmul)) / reps;
})();
const peakGflops = await ceiling();
// The sigmoid's share of W2: the two forward activations of every step, timed alone.
const Z1 = rand(M, HID, 31), Z2 = rand(M, OUT, 32);
const sigmoidTime = await time(() => { for (let i = 0; i < ITER; i++) { activate('sigmoid', Z1); activate('sigmoid', Z2); } }, RUNS.mlp, 1);
const sigmoidShare = sigmoidTime / ours.mlp;
/** W2's matrix products a step: X·W₁ and a₁·W₂ forward; aᵀ·δ for both layers and δ₂·W₂ᵀ backward. */
const W2_FLOPS = 2 * M * (IN * HID + HID * OUT) * 2 + 2 * M * OUT * HID;
// The sigmoid's share of W1: its 20 sigmoids a step (4×4 hidden, 4 outputs) for 1,500 steps,
// timed alone, then the same with the engine's own Math.exp, which is not the same in every engine.
const zSeed = Float64Array.from(rand(1, 20, 34).data, (v) => 8 * (v - 0.5));
let sink = 0;
const seedSigmoidTime = await time(() => { for (let s = 0; s < 1500; s++) for (let i = 0; i < 20; i++) sink += sigmoidOf(zSeed[i] + s * 1e-9); }, RUNS.seed, 20);
const seedEngineExpTime = await time(() => { for (let s = 0; s < 1500; s++) for (let i = 0; i < 20; i++) sink += 1 / (1 + Math.exp(-(zSeed[i] + s * 1e-9))); }, RUNS.seed, 20);
if (!Number.isFinite(sink)) throw new Error('bench: the sigmoid timing produced a non-finite sum');

// ── NumPy (the article's code), one core ─────────────────────────────────────────────────────

interface NumpyResult { numpy: string; seed: number; seedLoss: number; mlp: number; mlpLoss: number; matmul: Record<string, number> }
let numpy: NumpyResult | null = null;
let numpyNote = '';
try {
  const cache = join(here, '.cache');
  mkdirSync(cache, { recursive: true });
  const inputs = join(cache, 'inputs.json');
  const [L1, L2] = mlpNet.layers;
  writeFileSync(inputs, JSON.stringify({
    runs: RUNS, matmulSizes: SIZES,
    seed: { X: toArray(seedData.X), y: toArray(seedData.y), W1: toArray(seedW1), W2: toArray(seedW2), iterations: 1500 },
    mlp: {
      X: toArray(mlpX), Y: toArray(mlpY), W1: toArray(L1.W), b1: toArray(L1.b!), W2: toArray(L2.W), b2: toArray(L2.b!),
      eta: ETA, iterations: ITER,
    },
  }));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  numpy = JSON.parse(execFileSync('python3', [join(here, 'nn_numpy.py'), inputs], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
} catch (e) {
  numpyNote = `NumPy skipped: ${(e as Error).message.split('\n')[0]}`;
}

// ── TensorFlow.js, WebAssembly backend, one thread ───────────────────────────────────────────

interface TfResult { seed: number; seedLoss: number; mlp: number; mlpLoss: number; matmul: Record<number, number> }
let tfjs: TfResult | null = null;
let tfNote = '';
try {
  const tf = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(join(here, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const T = (m: Matrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');

  const tX = T(seedData.X), ty = T(seedData.y);
  const seedRun = () => {
    let W1 = T(seedW1), W2 = T(seedW2);
    let loss = 0;
    for (let i = 0; i < 1500; i++) {
      const [nW1, nW2, L] = tf.tidy(() => {
        const layer1 = tf.sigmoid(tf.matMul(tX, W1));
        const output = tf.sigmoid(tf.matMul(layer1, W2));
        const err = tf.sub(ty, output);
        const e2 = tf.mul(tf.mul(err, 2), tf.mul(output, tf.sub(1, output)));
        const dW2 = tf.matMul(layer1, e2, true, false);
        const e1 = tf.mul(tf.matMul(e2, W2, false, true), tf.mul(layer1, tf.sub(1, layer1)));
        const dW1 = tf.matMul(tX, e1, true, false);
        return [tf.add(W1, dW1), tf.add(W2, dW2), tf.sum(tf.square(err))];
      });
      W1.dispose(); W2.dispose();
      W1 = nW1; W2 = nW2;
      if (i === 1499) loss = L.dataSync()[0];
      L.dispose();
    }
    W1.dispose(); W2.dispose();
    return loss;
  };

  const [L1, L2] = mlpNet.layers;
  const mX = T(mlpX), mY = T(mlpY);
  const mlpRun = () => {
    let W1 = T(L1.W), b1 = T(L1.b!), W2 = T(L2.W), b2 = T(L2.b!);
    const n = M * OUT;
    let loss = 0;
    for (let i = 0; i < ITER; i++) {
      const [nW1, nb1, nW2, nb2, L] = tf.tidy(() => {
        const a1 = tf.sigmoid(tf.add(tf.matMul(mX, W1), b1));
        const a2 = tf.sigmoid(tf.add(tf.matMul(a1, W2), b2));
        const diff = tf.sub(a2, mY);
        const d2 = tf.mul(tf.mul(diff, 2 / n), tf.mul(a2, tf.sub(1, a2)));
        const d1 = tf.mul(tf.matMul(d2, W2, false, true), tf.mul(a1, tf.sub(1, a1)));
        return [
          tf.sub(W1, tf.mul(tf.matMul(mX, d1, true, false), ETA)), tf.sub(b1, tf.mul(tf.sum(d1, 0, true), ETA)),
          tf.sub(W2, tf.mul(tf.matMul(a1, d2, true, false), ETA)), tf.sub(b2, tf.mul(tf.sum(d2, 0, true), ETA)),
          tf.div(tf.sum(tf.square(diff)), n),
        ];
      });
      [W1, b1, W2, b2].forEach((t) => t.dispose());
      [W1, b1, W2, b2] = [nW1, nb1, nW2, nb2];
      if (i === ITER - 1) loss = L.dataSync()[0];
      else L.dataSync(); // wait for the step, as the other implementations do
      L.dispose();
    }
    [W1, b1, W2, b2].forEach((t) => t.dispose());
    return loss;
  };

  tfjs = { seed: 0, seedLoss: seedRun(), mlp: 0, mlpLoss: mlpRun(), matmul: {} };
  tfjs.seed = await time(seedRun, Math.min(RUNS.seed, 5), 1);
  tfjs.mlp = await time(mlpRun, RUNS.mlp, 1);
  for (const n of SIZES) {
    const A = T(rand(n, n, 1)), B = T(rand(n, n, 2));
    const reps = Math.max(1, Math.floor(2e8 / (2 * n ** 3)));
    tfjs.matmul[n] = (await time(() => {
      for (let r = 0; r < reps; r++) { const C = tf.matMul(A, B); C.dataSync(); C.dispose(); }
    }, RUNS.matmul)) / reps;
    A.dispose(); B.dispose();
  }
} catch (e) {
  tfNote = `TF.js-WASM skipped: ${(e as Error).message.split('\n')[0]}`;
}

// ── The table ────────────────────────────────────────────────────────────────────────────────

const ms = (s: number) => (s < 1 ? `${(s * 1000).toPrecision(3)} ms` : `${s.toPrecision(3)} s`);
const gflops = (n: number, s: number) => (2 * n ** 3) / s / 1e9;
/** How much faster src/nn is than the other (its time / ours, or our GFLOP/s / theirs). */
const ratio = (x: number) => (x >= 1 ? `${x.toPrecision(3)}× faster` : `${(1 / x).toPrecision(3)}× slower`);

const rows: string[][] = [['Workload', 'src/nn', 'NumPy (1 core)', 'TF.js WASM (1 thread)', 'src/nn vs NumPy', 'src/nn vs TF.js']];
rows.push([
  'W1 seed: article net, 1,500 iterations',
  ms(ours.seed), numpy ? ms(numpy.seed) : '—', tfjs ? ms(tfjs.seed) : '—',
  numpy ? ratio(numpy.seed / ours.seed) : '—', tfjs ? ratio(tfjs.seed / ours.seed) : '—',
]);
rows.push([
  'W2 mlp: 2048×64 → 64 → 10, 100 iterations',
  ms(ours.mlp), numpy ? ms(numpy.mlp) : '—', tfjs ? ms(tfjs.mlp) : '—',
  numpy ? ratio(numpy.mlp / ours.mlp) : '—', tfjs ? ratio(tfjs.mlp / ours.mlp) : '—',
]);
for (const n of SIZES) {
  const o = gflops(n, ours.matmul[n]);
  const np = numpy ? gflops(n, numpy.matmul[String(n)]) : 0;
  const tj = tfjs ? gflops(n, tfjs.matmul[n]) : 0;
  rows.push([
    `W3 matmul n = ${n} (GFLOP/s)`, o.toFixed(2), numpy ? np.toFixed(2) : '—', tfjs ? tj.toFixed(2) : '—',
    numpy ? ratio(o / np) : '—', tfjs ? ratio(o / tj) : '—',
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
rows.push(['Ceiling: 128-bit SIMD multiply-add loop (GFLOP/s)', peakGflops.toFixed(2), '', '', '', '']);
console.log(line(rows[0]));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
rows.slice(1).forEach((r) => console.log(line(r)));

const g256 = gflops(256, ours.matmul[256]);
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log();
console.log(`Targets: W1 ≤ 1 ms: ${met(ours.seed <= 0.001)} (${ms(ours.seed)}); ` +
  `W2 within 2× of NumPy: ${numpy ? `${met(ours.mlp <= 2 * numpy.mlp)} (${(ours.mlp / numpy.mlp).toFixed(2)}×)` : 'not measured'}; ` +
  `W2 faster than TF.js-WASM: ${tfjs ? met(ours.mlp < tfjs.mlp) : 'not measured'}; ` +
  `W3 ≥ 22 GFLOP/s at n = 256: ${met(g256 >= 22)} (${g256.toFixed(2)}).`);
console.log(`The product kernel reaches ${(100 * g256 / peakGflops).toFixed(0)}% of this machine's 128-bit SIMD ceiling ` +
  `(${peakGflops.toFixed(1)} GFLOP/s) at n = 256, ${(100 * gflops(512, ours.matmul[512]) / peakGflops).toFixed(0)}% at n = 512. ` +
  'What limits it: 128-bit WebAssembly SIMD does 2 float64 lanes per instruction and has no fused multiply-add ' +
  '(relaxed-simd\'s would change the sums\' rounding), where NumPy\'s AVX2 kernel does 4 lanes with FMA; our kernel spends ' +
  '6 loads per 16 arithmetic instructions in a 4×4 block (a larger block runs out of registers in V8). ' +
  `Into a matrix it reuses, the same product runs at ${gflops(256, into256).toFixed(2)} GFLOP/s: ` +
  `${(100 * (1 - into256 / ours.matmul[256])).toFixed(0)}% of matmul's time at n = 256 is its new result ` +
  '(memory the system must hand over and zero) and the check that every entry is finite.');
console.log(`In W2, ${(100 * sigmoidShare).toFixed(0)}% of src/nn's time goes to the sigmoid (measured alone on the same shapes): ` +
  'Math.exp\'s own algorithm (fdlibm), reproduced bit for bit two lanes at a time, with two divisions per pair; ' +
  'NumPy\'s np.exp is a shorter vectorised approximation. ' +
  `The rest is mostly the products: ${(W2_FLOPS / 1e6).toFixed(0)} million floating-point operations a step ` +
  `(forward, δ·Wᵀ and aᵀ·δ), ${((W2_FLOPS * ITER) / (ours.mlp * (1 - sigmoidShare)) / 1e9).toFixed(1)} GFLOP/s over the rest of src/nn's time, ` +
  'bounded by the W3 kernel\'s speed above.');
console.log(`In W1, ${(100 * seedSigmoidTime / ours.seed).toFixed(0)}% of src/nn's time goes to its 30,000 sigmoids ` +
  `(${ms(seedSigmoidTime)} measured alone): the network is 4×3 → 4 → 1, so a step is about 100 multiply-adds and 20 ` +
  `exponentials, and the exponential is fdlibm's in plain JavaScript so that every engine gives the same bits. With the ` +
  `engine's Math.exp the same sigmoids take ${ms(seedEngineExpTime)}; the rest of the step is loops over four rows ` +
  '(article-fast.ts), already fused into one pass per layer with no allocation.');
console.log(`Machine load while this ran (1-minute average, all users): ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores.`);
console.log(`Same inputs everywhere; final losses — W1: src/nn ${ours.seedLoss.toPrecision(10)}` +
  (numpy ? `, NumPy ${numpy.seedLoss.toPrecision(10)}` : '') + (tfjs ? `, TF.js ${tfjs.seedLoss.toPrecision(6)} (float32)` : '') +
  `; W2: src/nn ${ours.mlpLoss.toPrecision(10)}` + (numpy ? `, NumPy ${numpy.mlpLoss.toPrecision(10)}` : '') +
  (tfjs ? `, TF.js ${tfjs.mlpLoss.toPrecision(6)} (float32)` : '') + '.');
console.log(`Medians of ${RUNS.seed} (W1; TF.js 5), ${RUNS.mlp} (W2) and ${RUNS.matmul} (W3) runs after warm-up, Node ${process.version}` +
  (numpy ? `, NumPy ${numpy.numpy} with OPENBLAS_NUM_THREADS=1` : '') + ', TF.js-WASM with setThreadsCount(1).');
for (const note of [numpyNote, tfNote]) if (note) console.log(note);
