/**
 * Checks for exercises, made for this subject: numbers that are close enough, shapes, no NaN,
 * and a finite-difference check of the reader's own gradients. The kernel makes a fresh round
 * for each run of an exercise's checks and hands its `check` (frozen) to that run alone: the
 * reader's own cells never see it, and the verdict is read from the round, not from anything
 * the checked code returns.
 *
 * Each check records a result instead of throwing, so the reader sees every check at once,
 * each with the value it got and the value it expected.
 */
import { checkGradient, createRng, fromArray, isMatrix, nextRandom, type Matrix } from '../nn/index.ts';
import { hashSource } from './hash.ts';
import type { CheckResult, InspectedValue } from './check-report.ts';
import { withholdMethod } from './withhold.ts';
import { isCellProxy } from './proxy-targets.ts';
import { formatCount, formatNumber } from '../lib/numbers.ts';

export type { CheckResult } from './check-report.ts';

/**
 * A check's options. `drawn`: the values drawn at random for this run (Checker.fresh) that the
 * check tried the answer at, by name, as `{ z: points }`; a failing check shows them, so the
 * reader can try the answer there, and its expected value, which follows from them, is not one
 * the teacher's guide can list. `predicted`: the answer is a value the reader is asked to
 * predict, so a failing check does not show the expected value, or anything that gives it away
 * (a red team's student saw "expected [3, 3]" on the first wrong try, typed it, and passed).
 */
interface Options { label?: string; tol?: number; drawn?: Record<string, unknown>; predicted?: boolean }

/** What a failing check of a predicted value says instead of the expected value (Options.predicted). */
export const PREDICTED_NOTE = 'Not this. The right value is not shown, since the exercise asks you to predict it: work it out again, then check.';

const MAX_ITEMS = 1_000_000;
const MAX_DEPTH = 4;

/**
 * What the checked code handed over, copied once into plain data before anything looks at it.
 * Checks then work on the copy alone: a Proxy that lies about its length, an array with its own
 * `every`, or a getter that answers differently each time cannot make two readings disagree.
 * Matrices are recognised by their real Float64Array (ArrayBuffer.isView is false for a Proxy),
 * and copied through the typed array's internal slots, which no property can fake.
 */
export function snapshot(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return '[nested too deep]';
  const field = (key: string): unknown => {
    const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
    return descriptor && 'value' in descriptor ? descriptor.value : undefined;
  };
  const data = field('data');
  if (ArrayBuffer.isView(data) && data instanceof Float64Array) {
    const rows = field('rows');
    const cols = field('cols');
    const copy = new Float64Array(data);
    if (typeof rows === 'number' && typeof cols === 'number' && rows * cols === copy.length) return { rows, cols, data: copy };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const copy = Array.from(new Float64Array(value as unknown as Float64Array));
    typedCopies.set(copy, typedArrayName.call(value) as string);
    return copy;
  }
  if (Array.isArray(value)) {
    const length = Number(field('length'));
    if (!Number.isInteger(length) || length < 0 || length > MAX_ITEMS) return `[an array of ${String(length)} items]`;
    const copy: unknown[] = [];
    for (let i = 0; i < length; i++) copy.push(snapshot(field(String(i)), depth + 1));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(value).slice(0, 100)) {
    if (typeof key === 'string') copy[key] = snapshot(field(key), depth + 1);
  }
  return copy;
}

/**
 * The copies snapshot made of typed arrays, with the kind each was (its internal slot's name):
 * the copy is a plain array, but a Float32Array or an Int32Array answer is not the number[] a
 * prompt asks for (a red team's softmax in Float32Array passed), so the checks compare kinds.
 */
const typedCopies = new WeakMap<object, string>();

/** The most items an array the checked code hands back may hold (handedBack). */
const MAX_HANDED_ITEMS = 10_000_000;

/** A typed array's real kind, read from its internal slot: no prototype or property can fake it. */
const typedArrayName = Reflect.getOwnPropertyDescriptor(Object.getPrototypeOf(Float64Array.prototype), Symbol.toStringTag)!.get!;
const TYPED_ARRAYS: Record<string, new (source: ArrayLike<number>) => ArrayLike<number>> = {
  Float64Array, Float32Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array,
};

/**
 * What the checked code hands the checks (what its function returned, a value it defined), with
 * every array in it made a fresh, plain array: the checks then call the real `every`, `at`,
 * `includes` and iterator, and each item is read once. An answer returned an array with its own
 * `every` and `at` (Object.defineProperty), and the checks' `order.every(…)` asked the answer
 * whether it was right (a red team's find). A hole reads as undefined. Typed arrays are copied
 * too. Any other object is handed on as it is, unless reading it would run the answer's code
 * (refuseOwnCode: a Proxy, a valueOf of its own): the checks compare nodes and models by identity,
 * and read their numbers through snapshot.
 *
 * Throws a TypeError naming `what` for an item behind a getter (the checks would read it as
 * the answer chose, each time), and for an array longer than any answer returns (a Proxy can
 * claim 2³² − 1 items).
 */
export function handedBack(value: unknown, what: string): unknown {
  const copies = new Map<object, unknown>();
  const copy = (item: unknown, path: string): unknown => {
    if (typeof item === 'function') refuseOwnCode(item, what, path);
    if (typeof item !== 'object' || item === null) return item;
    const done = copies.get(item);
    if (done !== undefined) return done;
    if (ArrayBuffer.isView(item) && !(item instanceof DataView)) {
      const Kind = TYPED_ARRAYS[typedArrayName.call(item) as string];
      return Kind ? new Kind(item as unknown as ArrayLike<number>) : item; // BigInt arrays: no check reads them
    }
    if (!Array.isArray(item)) {
      refuseOwnCode(item, what, path);
      return item;
    }
    const descriptor = Reflect.getOwnPropertyDescriptor(item, 'length');
    const length = descriptor && 'value' in descriptor ? Number(descriptor.value) : 0;
    if (!Number.isInteger(length) || length < 0 || length > MAX_HANDED_ITEMS) {
      throw new TypeError(`${what} handed the checks an array of ${String(length)} items${path}; an answer's arrays hold at most ${formatCount(MAX_HANDED_ITEMS)}`);
    }
    const plain: unknown[] = [];
    copies.set(item, plain);
    for (let i = 0; i < length; i++) {
      const entry = Reflect.getOwnPropertyDescriptor(item, i);
      if (entry && !('value' in entry)) {
        throw new TypeError(`${what} handed the checks an array whose item ${path}[${i}] is a getter; an answer hands back plain values, which the checks read as they are`);
      }
      // A hole is an undefined item here: `every` would skip a hole, and pass what it never saw.
      plain.push(entry ? copy(entry.value, `${path}[${i}]`) : undefined);
    }
    return plain;
  };
  return copy(value, '');
}

/** What turns a value into a number or text when a check compares it (`<`, `+`, a template). */
const CONVERSIONS = [Symbol.toPrimitive, 'valueOf', 'toString'] as const;

/**
 * The realm's own conversions (Object's, Date's, Number's, …), and the getters the sandbox's
 * lockdown puts in place of some (SES's override taming makes `Object.prototype.valueOf` an
 * accessor whose getter returns the built-in): they read the value, and run no code of an answer.
 * Read at the first check, not when this module loads, which may be before the lockdown.
 */
let builtInConversions: Set<unknown> | undefined;
const isBuiltInConversion = (fn: unknown): boolean => {
  builtInConversions ??= new Set<unknown>(
    [Object, Function, Array, Number, String, Boolean, Symbol, BigInt, Date, RegExp, Error].flatMap((Type) =>
      CONVERSIONS.flatMap((key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(Type.prototype, key);
        return descriptor ? [descriptor.value, descriptor.get].filter((f) => f !== undefined) : [];
      }),
    ),
  );
  return builtInConversions.has(fn);
};

/** The longest prototype chain handedBack follows: a longer one is an answer's doing. */
const MAX_CHAIN = 100;

/**
 * Throws a TypeError, naming `what` and the place (`path`), when a value the checks are handed
 * (an object they keep as it is, or a function) would run code of the answer as the checks read
 * it: a Proxy (its traps answer every read), or a conversion of its own (`valueOf`, `toString`,
 * `Symbol.toPrimitive`, or a getter for one) that `<`, `+` or a template would call. A red team's
 * `mySigmoid` returned `{ valueOf() { return 0.5 } }` and passed "values lie strictly between 0
 * and 1", which compares with `>` and `<`: its answer was what the comparison asked of it. Read
 * through property descriptors, so no getter runs here.
 */
function refuseOwnCode(value: object, what: string, path: string): void {
  const where = path ? `an array whose item ${path} is ` : '';
  const refuse = (kind: string): never => {
    throw new TypeError(`${what} handed the checks ${where}${kind}, which would run your code when the checks compare it; an answer hands back plain values (numbers, arrays, matrices), which the checks read as they are`);
  };
  const left = new Set<(typeof CONVERSIONS)[number]>(CONVERSIONS);
  let link: object | null = value;
  for (let depth = 0; link !== null && left.size > 0; depth++) {
    if (isCellProxy(link)) refuse(link === value ? 'a Proxy' : 'an object made from a Proxy');
    if (depth > MAX_CHAIN) refuse(`an object with a chain of more than ${MAX_CHAIN} prototypes`);
    for (const key of [...left]) {
      const descriptor = Reflect.getOwnPropertyDescriptor(link, key);
      if (!descriptor) continue;
      left.delete(key);
      // One that is no function is skipped by the conversion, or makes it throw: no code runs.
      const own = 'value' in descriptor ? typeof descriptor.value === 'function' && !isBuiltInConversion(descriptor.value) : descriptor.get !== undefined && !isBuiltInConversion(descriptor.get);
      if (own) {
        refuse(`an object with its own ${typeof key === 'symbol' ? 'Symbol.toPrimitive' : key}`);
      }
    }
    link = Reflect.getPrototypeOf(link);
  }
}

/**
 * The longest text a check shows of one value (what it got, what it expected), in characters:
 * the start of the value, then how much was left out. A check's text goes to the page as it is,
 * and an attempt returning { rows: 20,000 objects } made 400 KB of it for each check.
 */
export const MAX_DESCRIBED = 1_000;

/**
 * What one round's results may say in all (what each check got and expected, and its note),
 * in characters: within one output's budget (display.ts, OUTPUT_BUDGET), whatever the checks
 * loop over. Past it, a check keeps its label and verdict, and the first check cut says so.
 */
export const CHECK_TEXT_BUDGET = 100_000;

/** A label as it is shown: the checks write it, but may build it from what the attempt gave them. */
const MAX_LABEL = 300;

/** A short text form of a number, array, matrix or other value, for got/expected: at most about MAX_DESCRIBED characters. */
export function describe(value: unknown): string {
  return described(value).text;
}

/** describe's text, and whether it left some of the value out. */
function described(value: unknown): { text: string; cut: boolean } {
  const budget: Left = { left: MAX_DESCRIBED };
  const text = describeWithin(value, budget);
  return { text, cut: budget.cut === true };
}

/** What describing may still spend, in characters; counted down as it goes. `cut`: something was left out. */
interface Left { left: number; cut?: boolean }

const spent = (budget: Left, text: string): string => {
  budget.left -= text.length;
  return text;
};

/** A string in quotes, cut to what is left, saying how long it was. */
function quoted(value: string, budget: Left): string {
  if (value.length <= budget.left) return spent(budget, JSON.stringify(value));
  const shown = JSON.stringify(value.slice(0, Math.max(0, budget.left)));
  budget.cut = true;
  return spent(budget, `${shown.slice(0, -1)}…" (${formatCount(value.length)} characters)`);
}

function describeWithin(value: unknown, budget: Left): string {
  if (budget.left <= 0) {
    budget.cut = true;
    return '…';
  }
  if (typeof value === 'number') return spent(budget, formatNumber(value));
  if (isMatrix(value)) {
    const rows: string[] = [];
    for (let i = 0; i < Math.min(value.rows, 6); i++) {
      const row: string[] = [];
      for (let j = 0; j < Math.min(value.cols, 6); j++) row.push(formatNumber(value.data[i * value.cols + j]));
      rows.push(`[${row.join(', ')}${value.cols > 6 ? ', …' : ''}]`);
    }
    return spent(budget, `${value.rows}×${value.cols} matrix [${rows.join(', ')}${value.rows > 6 ? ', …' : ''}]`);
  }
  if (Array.isArray(value)) {
    const shown: string[] = [];
    budget.left -= 2;
    for (const item of value.slice(0, 8)) {
      if (budget.left <= 0) break;
      shown.push(describeWithin(item, budget));
      budget.left -= 2;
    }
    const more = shown.length < value.length ? `, … (${formatCount(value.length)} items)` : '';
    if (more) budget.cut = true;
    return `[${shown.join(', ')}${more}]`;
  }
  if (value === undefined) return 'undefined (no value: did a function not return one, or is a name misspelt?)';
  if (typeof value === 'function') return `a function (call it to get a value)`;
  if (typeof value === 'string') return quoted(value, budget);
  if (typeof value !== 'object' || value === null) return spent(budget, String(value));
  return json(value, budget) ?? String(value);
}

/**
 * Plain data (a snapshot: no cycles, no getters) as JSON.stringify writes it, within `budget`:
 * an array or object that does not fit ends in "…" and, for an array, its length. Undefined
 * where JSON.stringify leaves the value out.
 */
function json(value: unknown, budget: Left, inArray = false): string | undefined {
  switch (typeof value) {
    case 'number':
      return spent(budget, Number.isFinite(value) ? String(value) : 'null');
    case 'boolean':
      return spent(budget, String(value));
    case 'string':
      return quoted(value, budget);
    case 'bigint':
      return spent(budget, `${value}n`);
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? spent(budget, 'null') : undefined;
  }
  if (value === null) return spent(budget, 'null');
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = value as ArrayLike<unknown>;
    const parts: string[] = [];
    budget.left -= 2;
    for (let i = 0; i < items.length; i++) {
      if (budget.left <= 0) {
        parts.push(`… (${formatCount(items.length)} items)`);
        budget.cut = true;
        break;
      }
      parts.push(json(items[i], budget, true)!);
      budget.left -= 1;
    }
    return `[${parts.join(',')}]`;
  }
  const parts: string[] = [];
  budget.left -= 2;
  for (const key of Object.keys(value as object)) {
    if (budget.left <= 0) {
      parts.push('…');
      budget.cut = true;
      break;
    }
    const item = json((value as Record<string, unknown>)[key], budget);
    if (item !== undefined) parts.push(`${spent(budget, JSON.stringify(key))}:${item}`);
    budget.left -= 1;
  }
  return `{${parts.join(',')}}`;
}

/**
 * Flattens a number, number[], number[][] or Matrix into numbers and a shape, or null if it is
 * none of these (a ragged number[][] included). `grid` marks the two-dimensional ones, whose
 * shapes must agree exactly: a 1×4 row is not a 4×1 column, though both hold four numbers.
 * `kind` says which of these it is, in words (a typed array by its name): the checks pass a
 * value only of the kind expected. Red teams' answers passed as `[σ(z)]` for a number,
 * `[[a], [b]]` for a list, a number[][] for a Matrix and a Float32Array for a number[]: the
 * same numbers, but code that uses them as the prompt says (`σ(z) + 1`, `matmul`) breaks.
 */
function numbers(value: unknown): { values: number[]; shape: string; grid: boolean; cols: number; kind: string } | null {
  if (typeof value === 'number') return { values: [value], shape: 'a number', grid: false, cols: 1, kind: 'a number' };
  if (isMatrix(value)) return { values: Array.from(value.data), shape: `${value.rows}×${value.cols}`, grid: true, cols: value.cols, kind: 'a matrix' };
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    return { values: value as number[], shape: `${value.length} numbers`, grid: false, cols: value.length, kind: arrayKind(value) };
  }
  if (Array.isArray(value) && value.length > 0 && value.every((row) => Array.isArray(row) && row.length === value[0].length && row.every((v) => typeof v === 'number'))) {
    const rows = value as number[][];
    const kinds = [...new Set(rows.map(arrayKind))];
    return { values: rows.flat(), shape: `${rows.length}×${rows[0].length}`, grid: true, cols: rows[0].length, kind: kinds.length === 1 ? `rows, each ${kinds[0]}` : 'rows of mixed kinds' };
  }
  return null;
}

/** "an array of numbers", or "a Float32Array" for snapshot's copy of one. */
const arrayKind = (array: unknown[]): string => {
  const typed = typedCopies.get(array);
  return typed ? `a ${typed}` : 'an array of numbers';
};

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (isMatrix(a) && isMatrix(b)) return a.rows === b.rows && a.cols === b.cols && a.data.every((v, i) => Object.is(v, b.data[i]));
  if (Array.isArray(a) && Array.isArray(b)) {
    return typedCopies.get(a) === typedCopies.get(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a && b) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** The most characters a check's drawn values are written in (Options.drawn). */
const MAX_DRAWN = 4_000;

/**
 * A check's drawn values (Options.drawn) as the reader can type them into a cell: each name,
 * then its value with every number in full (String(x), which reads back as the same double),
 * a matrix as its rows, so `mySigmoid(0.7310585786300049)` repeats the check exactly. At most
 * MAX_DRAWN characters, then "…". Throws a TypeError, naming the check, unless `drawn` is an
 * object of names (an authoring mistake in the checks, which the build reports).
 */
function drawnText(drawn: unknown, where: string): string {
  if (typeof drawn !== 'object' || drawn === null || Array.isArray(drawn) || Object.keys(drawn).length === 0) {
    throw new TypeError(`${where}: options.drawn must name the values drawn for this run, as { z: points }, got ${describe(snapshot(drawn))}`);
  }
  const write = (value: unknown, depth: number): string => {
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
    if (depth > MAX_DEPTH) return '…';
    if (isMatrix(value)) {
      return `[${Array.from({ length: value.rows }, (_, i) => `[${Array.from(value.data.subarray(i * value.cols, (i + 1) * value.cols), (x) => write(x, depth + 1)).join(', ')}]`).join(', ')}]`;
    }
    if (Array.isArray(value)) return `[${value.map((item) => write(item, depth + 1)).join(', ')}]`;
    return describe(value);
  };
  const text = Object.entries(snapshot(drawn) as Record<string, unknown>).map(([name, value]) => `${name} = ${write(value, 0)}`).join('; ');
  return text.length > MAX_DRAWN ? `${text.slice(0, MAX_DRAWN)}…` : text;
}

/** What an exercise's checks call, as `check.close(…)` and so on. */
export interface Checker {
  close(actual: unknown, expected: unknown, options?: Options): boolean;
  equal(actual: unknown, expected: unknown, options?: Options): boolean;
  shape(actual: unknown, shape: [number, number], options?: Options): boolean;
  finite(actual: unknown, options?: Options): boolean;
  that(condition: unknown, label: string, details?: { got?: unknown; expected?: unknown; drawn?: Record<string, unknown> }): boolean;
  gradients(lossOf: () => number, params: Matrix[], grads: Matrix[], options?: Options): boolean;
  /**
   * Not a check: makes `object[method]` a stand-in that throws "<method> is withheld in this
   * exercise" (withhold.ts), on this object only, before the checks hand it to the reader's code,
   * which then cannot delegate to it (a training loop that calls `model.train`).
   */
  withhold(object: object, method: string): void;
  /**
   * Lets the reader's code change `object` (and what it holds) when the checks hand it over: an
   * exercise whose answer works in place, like a training loop that trains its model. Every
   * other value the reader's functions are given or can reach must come back as it was
   * (unchanged.ts); the checks then compare such an object with one they built on their own.
   */
  mayChange(object: object): void;
  /**
   * Not a check: a number drawn at random in [low, high), from a generator seeded by the code
   * being judged (createChecker's `seed`: the attempt's code and the checks'), which the reader's
   * code cannot reach. Checks that also try an answer at such points cannot be passed by an
   * answer that remembers the points it is checked at (a red team's `mySigmoid` returned the
   * expected values of the fixed points, copied from the checks' report, and 42 elsewhere, and
   * passed): an answer that adds them changes its code, and so the points. The same code is
   * checked at the same points in the student's browser and at every rerun on the review page,
   * so its verdict does not depend on the draw (an almost-right sigmoid, drawn afresh at each
   * run, failed 1 rerun in 14, flagged as a pass that does not hold).
   * Labels of these checks should not show the number: the class view counts checks by label.
   * Throws a RangeError unless low < high, both finite.
   */
  fresh(low: number, high: number): number;
  /**
   * Not a check: a rows × cols matrix whose entries are drawn as `fresh(low, high)` draws, each
   * rounded down to hundredths (so in [low, high) when low is a whole number of hundredths), so
   * that a check's `drawn` text of it stays short enough to read and to type back in full. For
   * data and weights no cell holds, of sizes the checks choose: an answer that reads the
   * chapter's own `X` instead of its argument, or that fixes a size, then fails. Throws a
   * RangeError unless rows and cols are whole numbers from 1 to 100 and low < high, both finite.
   */
  freshMatrix(rows: number, cols: number, low: number, high: number): Matrix;
}

/** Throws a RangeError, naming `operation`, unless low < high, both finite numbers: a range to draw from. */
function drawRange(operation: string, low: unknown, high: unknown): void {
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    throw new RangeError(`${operation}: expected two finite numbers low < high, got ${describe(low)} and ${describe(high)}`);
  }
}

/**
 * Uniform numbers in [0, 1) with 53 random bits each, the same sequence for the same `seed`
 * text: mulberry32 (nn's generator) started from the text's FNV-1a fingerprint (hashSource).
 */
function seededUniform(seed: string): () => number {
  const rng = createRng(Number.parseInt(hashSource(seed), 16));
  return () => {
    const high = Math.floor(nextRandom(rng) * 2 ** 32);
    const low = Math.floor(nextRandom(rng) * 2 ** 32);
    return (high * 2 ** 21 + (low >>> 11)) / 2 ** 53;
  };
}

/**
 * One round of checks: `check` is what the checks code calls (frozen by the kernel), and the
 * results stay in this closure, where neither the checks code nor the reader's code can reach
 * them. The kernel reads them with `results()` once the checks have run and then `close()`s the
 * round, so a timer the reader left behind cannot add a pass afterwards.
 */
export interface CheckRound {
  check: Checker;
  results(): CheckResult[];
  /** The objects the checks let the reader's code change (Checker.mayChange). */
  changeable(): ReadonlySet<object>;
  /** How many numbers the checks drew (Checker.fresh, and each entry of Checker.freshMatrix): with none, other points would judge the code alike. */
  drew(): number;
  /**
   * Counts no check of the round so far as passed: each that passed fails, with `note` saying
   * why. For a run whose answer changed what the checks compute the expected answer from: any
   * check may have passed only through the change (a red team's mean squared error copied the
   * targets into its predictions and returned 0, and 5 of 11 checks passed, for partial credit).
   */
  discount(note: string): void;
  close(): void;
}

/**
 * Describes a value for the object inspector within `budget` (inspector nodes and characters,
 * counted down): display.ts's toDisplay, handed in by the kernel's host, so the checks (and the
 * cells' types made from them) do not load the display. Undefined: not for the inspector.
 */
export type InspectValue = (value: unknown, budget: { nodes: number; chars: number }) => InspectedValue | undefined;

/**
 * What a round's values for the inspector may cost in all: one output's budget (display.ts,
 * OUTPUT_BUDGET); each check's at most a quarter of it, so several failing checks show theirs.
 */
export const CHECK_INSPECT_BUDGET = { nodes: 2_000, chars: 200_000 } as const;

/**
 * A fresh round of checks. `seed`: the text of the code being judged (kernel.ts: the attempt's
 * code and the checks'), from which the round draws its points (Checker.fresh); `inspect`
 * describes what a check got for the inspector when its text had to leave some of it out.
 */
export function createChecker(seed: string, inspect?: InspectValue): CheckRound {
  const uniform = seededUniform(seed);
  let draws = 0;
  const results: CheckResult[] = [];
  const changeable = new Set<object>();
  let open = true;
  // What the round's texts may still say in all (CHECK_TEXT_BUDGET), and whether a check has said it was reached.
  let textLeft = CHECK_TEXT_BUDGET;
  let cutNoted = false;
  const inspectLeft = { ...CHECK_INSPECT_BUDGET };
  /** What a check got, as text, and for the inspector when the text had to leave some of it out. */
  const gotOf = (actual: unknown): { got: string; gotValue?: InspectedValue } => {
    const { text, cut } = described(actual);
    if (!inspect || !cut || typeof actual !== 'object' || actual === null || isMatrix(actual) || inspectLeft.nodes <= 0 || inspectLeft.chars <= 0) return { got: text };
    const allowance = { nodes: Math.min(inspectLeft.nodes, CHECK_INSPECT_BUDGET.nodes / 4), chars: Math.min(inspectLeft.chars, CHECK_INSPECT_BUDGET.chars / 4) };
    const before = { ...allowance };
    const gotValue = inspect(actual, allowance);
    inspectLeft.nodes -= before.nodes - allowance.nodes;
    inspectLeft.chars -= before.chars - allowance.chars;
    return gotValue ? { got: text, gotValue } : { got: text };
  };
  const within = (result: CheckResult): CheckResult => {
    const text = String(result.label);
    const label = text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL)}…` : text;
    const cost = (result.got?.length ?? 0) + (result.expected?.length ?? 0) + (result.note?.length ?? 0) + (result.drawn?.length ?? 0);
    if (cost <= textLeft) {
      textLeft -= cost;
      const { gotValue, ...rest } = result;
      return { ...rest, label, ...(gotValue && !result.pass ? { gotValue } : {}) }; // a pass needs no inspecting
    }
    textLeft = 0; // the checks after it say nothing more either, so a cut is never in the middle of the list
    if (cutNoted) return { label, pass: result.pass };
    cutNoted = true; // what it got is not shown, as text or for the inspector
    return {
      label,
      pass: result.pass,
      note: `What this check and the ones after it got is not shown: these checks’ results reached their total of ${formatCount(CHECK_TEXT_BUDGET)} characters.`,
    };
  };
  const record = (result: CheckResult, options: { drawn?: Record<string, unknown>; predicted?: boolean } | undefined, where: string) => {
    if (!open) throw new Error('check: these checks are over; a check made after they finished does not count');
    if (options?.predicted === true && !result.pass) result = { label: result.label, pass: false, got: result.got, note: PREDICTED_NOTE };
    // The drawn values go with every result, passing or not, so the build sees a malformed one.
    if (options?.drawn !== undefined) result = { ...result, drawn: drawnText(options.drawn, `${where} "${result.label}"`) };
    results.push(within(result));
    return result.pass;
  };
  const labelFor = (options: Options | undefined, fallback: string) => options?.label ?? `${fallback} ${results.length + 1}`;

  const check: Checker = {
    close(actualValue, expectedValue, options) {
      const actual = snapshot(actualValue);
      const expected = snapshot(expectedValue);
      const tol = options?.tol ?? 1e-6;
      const label = labelFor(options, 'check');
      const a = numbers(actual);
      const e = numbers(expected);
      if (!e) throw new Error(`check.close: the expected value must be a number, an array of numbers or a matrix (got ${describe(expected)})`);
      if (!a) return record({ label, pass: false, ...gotOf(actual), expected: describe(expected), note: 'expected numbers here' }, options, 'check.close');
      if (a.kind !== e.kind) {
        return record({ label, pass: false, got: `${a.kind}: ${describe(actual)}`, expected: `${e.kind}: ${describe(expected)}`, note: `${a.kind}, expected ${e.kind}` }, options, 'check.close');
      }
      // A matrix expected is a grid of that shape: the same numbers in a flat list are not one
      // (a forward pass that returned its output's data passed "output matches yHat").
      if (a.values.length !== e.values.length || (e.grid && (!a.grid || a.shape !== e.shape))) {
        return record({ label, pass: false, got: `${a.shape}: ${describe(actual)}`, expected: `${e.shape}: ${describe(expected)}`, note: `shape ${a.shape}, expected ${e.shape}` }, options, 'check.close');
      }
      // The first entry out of tolerance (a red team's student read "position 16", the largest
      // difference, counted from 1, where the book counts rows, columns and indices from 0).
      const off = (i: number) => {
        const diff = Math.abs(a.values[i] - e.values[i]);
        return (Number.isNaN(diff) ? Infinity : diff / Math.max(1, Math.abs(e.values[i]))) > tol;
      };
      const bad = a.values.reduce((n, _, i) => n + (off(i) ? 1 : 0), 0);
      const at = a.values.findIndex((_, i) => off(i));
      const pass = bad === 0;
      let got = describe(actual);
      let want = describe(expected);
      let note: string | undefined;
      if (!pass) {
        // Six digits can print two different numbers alike ("got 0.5, expected 0.5", failed, in a
        // red team's sigmoid): then they are shown in full, with their difference.
        const [mine, theirs] = [a.values[at], e.values[at]];
        const alike = formatNumber(mine) === formatNumber(theirs);
        const pair = alike ? `${String(mine)} instead of ${String(theirs)}, a difference of ${formatNumber(Math.abs(mine - theirs))}` : `${formatNumber(mine)} instead of ${formatNumber(theirs)}`;
        const where = e.grid ? `row ${Math.floor(at / e.cols)}, column ${at % e.cols}` : `index ${at}`;
        const allowed = `allowed difference ${formatNumber(tol)}`;
        if (a.values.length > 1) {
          note = `${bad === a.values.length ? 'every entry differs' : `${bad} of ${a.values.length} entries differ`}; the first at ${where} (${pair}); ${allowed}`;
        } else {
          if (alike) [got, want] = [String(mine), String(theirs)];
          note = alike ? `they differ by ${formatNumber(Math.abs(mine - theirs))}; ${allowed}` : allowed;
        }
      }
      return record({ label, pass, got, expected: want, note }, options, 'check.close');
    },

    equal(actualValue, expectedValue, options) {
      const actual = snapshot(actualValue);
      const expected = snapshot(expectedValue);
      const pass = deepEqual(actual, expected);
      return record({ label: labelFor(options, 'check'), pass, ...(pass ? { got: describe(actual) } : gotOf(actual)), expected: describe(expected) }, options, 'check.equal');
    },

    shape(actualValue, [rows, cols], options) {
      const actual = snapshot(actualValue);
      const label = labelFor(options, 'shape');
      // A matrix of that shape: rows of numbers are not one (a red team's answers returned toArray(…)).
      if (!isMatrix(actual)) {
        const a = numbers(actual);
        return record({ label, pass: false, got: a ? `${a.kind}, ${a.shape}` : describe(actual), expected: `a ${rows}×${cols} matrix`, note: 'expected a matrix' }, options, 'check.shape');
      }
      const a = `${actual.rows}×${actual.cols}`;
      return record({ label, pass: a === `${rows}×${cols}`, got: a, expected: `${rows}×${cols}` }, options, 'check.shape');
    },

    finite(actualValue, options) {
      const actual = snapshot(actualValue);
      const label = labelFor(options, 'no NaN or Infinity');
      const a = numbers(actual);
      if (!a) return record({ label, pass: false, ...gotOf(actual), expected: 'numbers', note: 'expected numbers here' }, options, 'check.finite');
      const bad = a.values.findIndex((v) => !Number.isFinite(v));
      return record({
        label,
        pass: bad === -1,
        got: bad === -1 ? 'all finite' : `${formatNumber(a.values[bad])} at position ${bad + 1}`,
        expected: 'only finite numbers',
        note: bad === -1 ? undefined : 'NaN usually comes from 0/0, Infinity − Infinity or an overflowing exp; a smaller learning rate or a check of the formula helps',
      }, options, 'check.finite');
    },

    that(condition, label, details) {
      // Only `true` passes: a truthy object from the reader's code (a Proxy, say) is no answer.
      const strict = typeof condition === 'boolean';
      return record({
        label,
        pass: condition === true,
        ...(details && 'got' in details ? gotOf(snapshot(details.got)) : strict ? { got: undefined } : gotOf(snapshot(condition))),
        expected: details && 'expected' in details ? describe(snapshot(details.expected)) : undefined,
        note: strict ? undefined : 'the condition should be true or false',
      }, details, 'check.that');
    },

    gradients(lossOf, params, gradsValue, options) {
      // The reader's gradients are read once; the parameters stay live, since lossOf reads them.
      const copied = snapshot(gradsValue);
      const grads = (Array.isArray(copied) ? copied : []) as Matrix[];
      const tol = options?.tol ?? 1e-6;
      const label = labelFor(options, 'gradients match finite differences');
      if (params.length !== grads.length) {
        return record({ label, pass: false, got: `${grads.length} gradient matrices`, expected: `${params.length}, one per parameter matrix` }, options, 'check.gradients');
      }
      for (let k = 0; k < params.length; k++) {
        if (!isMatrix(grads[k]) || grads[k].rows !== params[k].rows || grads[k].cols !== params[k].cols) {
          return record({ label, pass: false, got: `gradient ${k + 1}: ${isMatrix(grads[k]) ? `${grads[k].rows}×${grads[k].cols}` : describe(grads[k])}`, expected: `${params[k].rows}×${params[k].cols}, the shape of its parameter` }, options, 'check.gradients');
        }
      }
      const result = checkGradient(lossOf, params, grads);
      const w = result.worst;
      const pass = result.maxRelativeError <= tol;
      return record({
        label,
        pass,
        got: `worst relative error ${formatNumber(result.maxRelativeError)}` + (w ? ` (matrix ${w.param + 1}, row ${w.row + 1}, column ${w.col + 1}: yours ${formatNumber(w.analytic)}, finite differences ${formatNumber(w.numeric)})` : ''),
        expected: `at most ${formatNumber(tol)}`,
        note: pass ? undefined : 'a sign error gives a ratio near −1; a missing factor (like the 2 in 2(ŷ − y)) a constant ratio',
      }, options, 'check.gradients');
    },

    withhold(object, method) {
      withholdMethod(object, method);
    },

    mayChange(object) {
      if ((typeof object !== 'object' && typeof object !== 'function') || object === null) {
        throw new TypeError(`check.mayChange: expected the object the reader's code may change, got ${describe(object)}`);
      }
      changeable.add(object);
    },

    fresh(low, high) {
      drawRange('check.fresh', low, high);
      draws += 1;
      const drawn = low + (high - low) * uniform();
      return drawn < high ? drawn : low; // rounding can reach high itself
    },

    freshMatrix(rows, cols, low, high) {
      const size = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 100;
      if (!size(rows) || !size(cols)) {
        throw new RangeError(`check.freshMatrix: expected whole numbers of rows and cols from 1 to 100, got ${describe(rows)} and ${describe(cols)}`);
      }
      drawRange('check.freshMatrix', low, high);
      return fromArray(Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.floor(check.fresh(low, high) * 100) / 100)));
    },
  };
  return {
    check,
    results: () => results.map((r) => ({ ...r, ...(r.gotValue ? { gotValue: structuredClone(r.gotValue) } : {}) })),
    changeable: () => changeable,
    drew: () => draws,
    discount: (note: string) => {
      results.forEach((result, i) => {
        if (result.pass) results[i] = { ...result, pass: false, note };
      });
    },
    close: () => {
      open = false;
    },
  };
}
