// Seeded random numbers, so that every page, test and printed output is reproducible.
//
// The generator is mulberry32 (Tommy Ettinger, public domain): one 32-bit word of state,
// five lines of integer arithmetic, and it passes the usual statistical test batteries well
// enough for initialising weights and shuffling samples. We prefer it to Math.random because
// Math.random cannot be seeded, and to bigger generators (sfc32, xoshiro) because a reader can
// hold the whole thing in their head, and `tests/nn/fixtures/article_reference.py` can port it in six
// lines to draw exactly the same starting weights in Python.
//
// The state is a plain object, not a closure, so a generator can be sent to a Web Worker with
// postMessage and continue the same sequence there.
//
// Box–Muller's log and cos are the portable ones (portable-math.ts): with the engine's own, a
// normal draw could differ in its last bit between Node and a browser, and so every network
// initialised from it.
import { cos, log } from './portable-math.ts';

/** A random number generator's state. Advance it with `nextRandom(rng)`. */
export interface Rng {
  state: number;
}

/**
 * The seed used whenever none is given, so that even `rand(3, 4)` prints the same numbers
 * on every run. For the article's network it gives a start that trains cleanly (see
 * tests/nn/article.test.ts).
 */
export const DEFAULT_SEED = 1;

/**
 * A fresh generator from a seed. A seed is a whole number (a "safe integer": at most 2⁵³ − 1 in
 * size); the generator keeps 32 bits of state, so the seed is reduced to seed mod 2³² (−1 gives
 * the same numbers as 4,294,967,295, and 2³² + 1 the same as 1). Fractions such as 0.9 and
 * huge numbers such as 1e300 are rejected rather than quietly mapped to one of those 2³²
 * sequences. Throws an Error that names `operation` (the function the seed was given to).
 */
export function createRng(seed: number = DEFAULT_SEED, operation = 'createRng'): Rng {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new Error(`${operation}: seed must be a whole number between −(2⁵³ − 1) and 2⁵³ − 1, got ${String(seed)}`);
  }
  return { state: seed >>> 0 };
}

/**
 * Accepts what the public functions accept: a seed (checked as createRng checks it), a
 * generator to continue, or nothing (DEFAULT_SEED).
 */
export function toRng(seedOrRng?: number | Rng, operation = 'createRng'): Rng {
  if (seedOrRng === undefined) return createRng(DEFAULT_SEED, operation);
  if (typeof seedOrRng === 'number') return createRng(seedOrRng, operation);
  if (typeof seedOrRng !== 'object' || seedOrRng === null || !Number.isInteger(seedOrRng.state)) {
    throw new Error(`${operation}: expected a seed (a whole number) or a generator from createRng, got ${String(seedOrRng)}`);
  }
  return seedOrRng;
}

/** u ~ Uniform[0, 1), 32 bits of randomness; advances `rng`. */
export function nextRandom(rng: Rng): number {
  // mulberry32: a Weyl sequence (add an odd constant) run through an integer mixing function.
  let t = (rng.state = (rng.state + 0x6d2b79f5) | 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** x ~ Uniform[low, high). */
export function randomUniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * nextRandom(rng);
}

/** x ~ Normal(mean, std²), by the Box–Muller transform (1 − u keeps log away from 0). */
export function randomNormal(rng: Rng, mean = 0, std = 1): number {
  const u = 1 - nextRandom(rng);
  const v = nextRandom(rng);
  return mean + std * Math.sqrt(-2 * log(u)) * cos(2 * Math.PI * v);
}

/** k ~ Uniform{0, …, n − 1}. */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(nextRandom(rng) * n);
}

/** Shuffles `items` in place (Fisher–Yates: every permutation equally likely) and returns it. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
