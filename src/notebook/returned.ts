// What an answer's functions returned, watched for the rest of a run of the checks. The checks get
// a copy of each result (handedBack in checks.ts), so no answer can change a value after the
// checks read it; but a reader's own code keeps what a function returns. Two answers passed a red
// team's round while sharing their results: a training loop that cleared and refilled one history
// array on every call (a second run's history overwrote the first's), and a gradient-descent step
// that returned its argument `w` itself when η = 0 (a caller's change to the new weights changed
// the old ones). Both are wrong as the prompts read ("return the loss history", "return the new
// weights as a new array"), and both are found here: each array, typed array or matrix returned
// (in an object too: `{ dW1, dW2 }`) is read again after every later call, item by item, and one
// returned as the very argument it was given is named at once. A third red team's answers reused
// one result matrix, overwritten by the next call, in seven exercises.
//
// Items are compared as they are (a number, or an object by identity): a history's numbers, a
// matrix's entries, the rows of an array of rows. What those rows hold in turn is not read again:
// the checks change nodes and networks an answer returns (a backward pass sets their gradients).
//
// Not seen: a change made after the run by a timer the answer set (the round of checks is closed
// by then), and results handed out from a pool larger than the number of calls the checks make
// (none of them is overwritten while the checks run).

import { isMatrix } from '../nn/index.ts';
import { describe } from './checks.ts';

/** A returned value as it was: where to find it again, and its items. */
interface Kept {
  label: string;
  value: object;
  items: unknown[];
}

/** The most items kept of one returned value: a longer one is left unwatched, not read at every call. */
const MAX_KEPT_ITEMS = 100_000;
/** The most values watched in one run, and how far into a returned value they are looked for. */
const MAX_WATCHED = 2_000;
const MAX_DEPTH = 4;

const isTypedArray = (value: unknown): value is ArrayLike<number> => ArrayBuffer.isView(value) && !(value instanceof DataView);

/** Plain data an answer hands back as its result, in the words a message uses. */
function kindOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return 'array';
  if (isTypedArray(value)) return 'typed array';
  if (isMatrix(value)) return 'matrix';
  return undefined;
}

/** The items of `value` as they are now (a matrix: its rows, its columns and its entries), read without calling a getter. */
function itemsOf(value: object): unknown[] {
  if (isMatrix(value)) return [value.rows, value.cols, ...Array.from(value.data)];
  if (isTypedArray(value)) return Array.from(value);
  const length = Number(Reflect.getOwnPropertyDescriptor(value, 'length')?.value ?? 0);
  return Array.from({ length: Math.min(length, MAX_KEPT_ITEMS + 1) }, (_, i) => Reflect.getOwnPropertyDescriptor(value, i)?.value);
}

/** Where item `i` of a kept value is, in the reader's words. */
function itemName(kept: Kept, i: number): string {
  if (!isMatrix(kept.value)) return `${kept.label}[${i}]`;
  return i === 0 ? `${kept.label}.rows` : i === 1 ? `${kept.label}.cols` : `${kept.label}.data[${i - 2}]`;
}

/** The results of one run's guarded calls, as each call returned them. */
export class ReturnedValues {
  #kept: Kept[] = [];
  #seen = new WeakSet<object>();

  /**
   * Notes what call `call` of `name` returned: each array, typed array or matrix in it, found
   * through arrays and objects' own fields (`{ dW1, dW2 }`, an instance of a class, a list of
   * matrices, a node's inputs) up to a few levels down, except what the checks let change (`changeable`). Returns the problem,
   * worded for the reader, if one of them is one of the call's `args` itself; otherwise undefined.
   * Reading the value runs a Proxy's traps: call this where the attempt's code may run.
   */
  note(name: string, call: number, value: unknown, args: readonly unknown[], changeable: ReadonlySet<object> = new Set()): string | undefined {
    const label = `(what ${name} returned in call ${call})`;
    let problem: string | undefined;
    const walk = (item: unknown, path: string, depth: number) => {
      if (typeof item !== 'object' || item === null || changeable.has(item) || this.#kept.length >= MAX_WATCHED) return;
      const kind = kindOf(item);
      if (kind !== undefined && !this.#seen.has(item)) {
        this.#seen.add(item);
        const items = itemsOf(item);
        if (items.length <= MAX_KEPT_ITEMS + 2) this.#kept.push({ label: label + path, value: item, items });
      }
      if (kind !== undefined) {
        const at = args.indexOf(item);
        if (at !== -1 && problem === undefined) {
          problem = `${name} returned argument ${at + 1} itself${path ? ` (as ${path.replace(/^\./, '')})` : ''}, the ${kind} it was given, not a new ${kind} (call ${call}): code that changes what it got back would change what it passed in. Return a new ${kind}, even when nothing changes.`;
        }
      }
      if (depth >= MAX_DEPTH || kind === 'typed array' || kind === 'matrix') return;
      if (kind === 'array') {
        itemsOf(item).forEach((entry, i) => walk(entry, `${path}[${i}]`, depth + 1));
        return;
      }
      // Any object's own fields, a class's instance too (a red team returned its matrices in one).
      for (const key of Object.keys(item)) {
        const own = Reflect.getOwnPropertyDescriptor(item, key);
        if (own && 'value' in own) walk(own.value, `${path}.${key}`, depth + 1);
      }
    };
    try {
      walk(value, '', 0);
    } catch {
      // A value that cannot be read (a revoked Proxy) is handedBack's to refuse.
    }
    return problem;
  }

  /**
   * The first returned value whose items are not as they were returned, described
   * (`(what myTrain returned in call 1)[0] was 0.25, is now 0.31`), or undefined. A value is told
   * once, and then no longer watched: its next changes say nothing new. Reading a Proxy runs its traps: call this where the attempt's code may run.
   */
  firstChange(): string | undefined {
    for (const [at, kept] of this.#kept.entries()) {
      let now: unknown[];
      try {
        now = itemsOf(kept.value);
      } catch {
        now = [];
      }
      const before = kept.items;
      for (let i = 0; i < Math.max(now.length, before.length); i++) {
        if (i < now.length && i < before.length && Object.is(now[i], before[i])) continue;
        this.#kept.splice(at, 1); // told once: the value is no longer watched
        if (i >= now.length || i >= before.length) return `${kept.label} had ${formatItems(before.length)}, now has ${formatItems(now.length)}`;
        return `${itemName(kept, i)} was ${describe(before[i])}, is now ${describe(now[i])}`;
      }
    }
    return undefined;
  }
}

const formatItems = (n: number) => `${n} item${n === 1 ? '' : 's'}`;
