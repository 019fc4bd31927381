// The object inspector: a value's one-line summary and its tree of entries, built within the
// output's Budget, and the promises in them, whose state is filled in a microtask later. For
// display.ts (an inspect item) and console lines (console-text.ts, which print summaries).

import type { Budget, InspectNode } from './display.ts';
import { gridTable, matrixOf, matrixShape, tableChars } from './grid.ts';
import { isPlotResult } from './plot-output.ts';
import {
  allowance,
  cannotDisplay,
  constructorName,
  functionSignature,
  guard,
  literal,
  MAX_KEY,
  marked,
  MAX_STRING,
  proxyMark,
  spend,
  tagOf,
} from './value-text.ts';
import { formatNumber } from '../lib/numbers.ts';
import { clip, layoutCost } from '../lib/clip.ts';
import { REVOKED, REVOKED_PROXY, unproxied } from './proxy-targets.ts';

const MAX_DEPTH = 3;
const MAX_ENTRIES = 100;
/** A Promise's result, described when it settles (after the item's budget was counted). */
const PROMISE_RESULT_BUDGET: Readonly<Budget> = { nodes: 100, chars: 10_000 };

// The built-ins this file calls, taken before any cell runs: a reader's Map subclass or a
// promise with its own `then` cannot change what describing a value does.
const promiseThen = Promise.prototype.then;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get!;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;

// ---------------------------------------------------------------------------------------
// Promises: their state is not readable synchronously. A reaction registered on a promise that
// has already settled runs before a microtask queued just after it, and one on a pending
// promise runs after; so the state at the moment of display is known one microtask later, and
// the item (our own plain object) is filled in then, before the kernel posts it.

type Settled = { state: 'fulfilled' | 'rejected'; value: unknown };

/** Calls `onSettled` if `promise` had settled when this was called; false if it is not a real promise. */
function watchPromise(promise: object, onSettled: (settled: Settled) => void): boolean {
  let settledNow = true;
  const report = (settled: Settled) => {
    if (!settledNow) return;
    try {
      onSettled(settled);
    } catch {
      // Describing the result failed: the item keeps saying "pending"-free text it already has.
    }
  };
  try {
    // The derived promise cannot reject: both handlers are given and report() catches.
    void promiseThen.call(
      promise,
      (value: unknown) => report({ state: 'fulfilled', value }),
      (value: unknown) => report({ state: 'rejected', value }),
    );
  } catch {
    return false;
  }
  void Promise.resolve().then(() => {
    settledNow = false;
  });
  return true;
}

export function isPromise(value: object): boolean {
  return value instanceof Promise;
}

/**
 * The texts of one item, some of which mention promises whose state is known a microtask
 * later. A promise is written as a placeholder; each text is set now and set again when one of
 * its promises turns out to have settled.
 */
export class Texts {
  #states: string[] = [];
  #renders: (() => void)[] = [];

  /**
   * A placeholder for `promise` in a text; `onSettled` runs too if it had settled. `label` is
   * what its text starts with: `Proxy(Promise)` for a proxy a cell made of it (proxyMark).
   */
  promise(promise: object, onSettled?: (settled: Settled) => void, label = 'Promise'): string | undefined {
    const index = this.#states.length;
    const watched = watchPromise(promise, (settled) => {
      this.#states[index] = `${label} {<${settled.state}>: ${guard(() => preview(settled.value, 1, [], this))}}`;
      onSettled?.(settled);
      for (const render of this.#renders) render();
    });
    if (!watched) return undefined;
    this.#states.push(`${label} {<pending>}`);
    return `\uE000${index}\uE001`;
  }

  /** Calls `set` with `raw`, placeholders filled in, now and whenever a promise in it settles. */
  set(raw: string, set: (text: string) => void) {
    if (!raw.includes('\uE000')) return set(raw);
    const render = () => set(this.#fill(raw));
    render();
    this.#renders.push(render);
  }

  /** A settled promise's text may name more promises (its result's): fill those in too, a few levels deep. */
  #fill(raw: string): string {
    let text = raw;
    for (let pass = 0; pass < 4 && text.includes('\uE000'); pass++) {
      text = text.replace(/\uE000(\d+)\uE001/g, (match, index: string) => this.#states[Number(index)] ?? match);
    }
    return text.replace(/\uE000\d+\uE001/g, 'Promise {…}');
  }
}

// ---------------------------------------------------------------------------------------
// Inspector

/**
 * The inspector's tree, built breadth first so the budget goes to the levels a reader sees
 * first: every entry of the top level, then of the next, and so on, down to MAX_DEPTH. A node
 * the budget did not reach is marked overBudget.
 */
export function inspectTree(shown: unknown, budget: Budget, texts: Texts): InspectNode {
  const value = unproxied(shown);
  return inspectValue(value, proxyMark(shown, value), budget, texts);
}

/**
 * inspectTree of what unproxied gave for a value, with the value's proxyMark: every node of a
 * proxy a cell made describes its target and is marked (its summary, and its table's label).
 */
export function inspectValue(root: unknown, rootMark: string | undefined, budget: Budget, texts: Texts): InspectNode {
  const rootNode = nodeFor(root, rootMark, [], budget, texts);
  const queue: { value: object; node: InspectNode; depth: number; path: object[]; mark?: string }[] = [];
  if (expandable(root)) queue.push({ value: root, node: rootNode, depth: 0, path: [], mark: rootMark });
  for (let i = 0; i < queue.length; i++) {
    const { value, node, depth, path, mark } = queue[i];
    try {
      expand(value, node, depth, path, budget, texts, mark, (child, childNode, childMark) => {
        queue.push({ value: child, node: childNode, depth: depth + 1, path: [...path, value], mark: childMark });
      });
    } catch (error) {
      // Its summary stands, with the reason its entries cannot be listed (unless it says so already).
      delete node.entries;
      if (!node.summary.includes('[cannot be displayed')) node.summary = `${node.summary} ${cannotDisplay(error)}`;
    }
  }
  return rootNode;
}

/** A value whose node may get entries or a table (not a leaf, not a promise). */
function expandable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !isPlotResult(value) && !isPromise(value);
}

/**
 * A node with the value's one-line summary (a promise's also gets its state). `value` is what
 * unproxied gave, and `mark` its proxyMark, put before the summary of a proxy a cell made.
 */
function nodeFor(value: unknown, mark: string | undefined, path: object[], budget: Budget, texts: Texts): InspectNode {
  const node: InspectNode = { summary: '' };
  if (value === REVOKED) {
    node.summary = REVOKED_PROXY;
    return node;
  }
  if (typeof value !== 'object' || value === null) {
    node.summary = spend(
      budget,
      guard(() => {
        if (typeof value === 'function') return marked(mark, functionSignature(value));
        if (typeof value === 'string') return JSON.stringify(value);
        if (typeof value === 'number') return formatNumber(value);
        return literal(value);
      }),
    );
    return node;
  }
  if (path.includes(value)) {
    node.summary = '[circular]';
    return node;
  }
  let raw: string;
  try {
    raw = isPromise(value) ? promiseNode(value, mark, node, texts) : previewValue(value, mark, 0, path, texts);
  } catch (error) {
    raw = cannotDisplay(error);
  }
  const max = allowance(budget, MAX_STRING);
  texts.set(raw, (text) => {
    node.summary = clip(text, max);
  });
  budget.chars -= layoutCost(node.summary);
  return node;
}

/** A promise's node: `Promise {<state>: result}` (`Proxy(Promise) {…}`), with its state and result as entries. */
function promiseNode(promise: object, mark: string | undefined, node: InspectNode, texts: Texts): string {
  node.entries = [{ key: '[[PromiseState]]', node: { summary: '"pending"' } }];
  const token = texts.promise(
    promise,
    ({ state, value }) => {
      node.entries = [
        { key: '[[PromiseState]]', node: { summary: JSON.stringify(state) } },
        { key: '[[PromiseResult]]', node: inspectTree(value, { ...PROMISE_RESULT_BUDGET }, texts) },
      ];
    },
    mark,
  );
  if (token === undefined) {
    delete node.entries;
    return previewValue(promise, mark, 0, [], texts);
  }
  return token;
}

function expand(
  value: object,
  node: InspectNode,
  depth: number,
  path: object[],
  budget: Budget,
  texts: Texts,
  mark: string | undefined,
  queue: (child: object, node: InspectNode, mark: string | undefined) => void,
) {
  const grid = matrixShape(value);
  // Number grids are tables wherever they are; a flat array of numbers keeps its entries.
  if (grid && grid.rows * grid.cols > 0 && (!Array.isArray(value) || grid.rows > 1)) {
    if (depth > MAX_DEPTH) return;
    if (budget.nodes <= 0 || budget.chars <= 0) {
      node.overBudget = true;
      return;
    }
    node.table = gridTable(grid.rows, grid.cols, grid.at, marked(mark, grid.label));
    budget.nodes -= 1;
    budget.chars -= tableChars(node.table);
    return;
  }
  if (matrixOf(value) || value instanceof Date || value instanceof RegExp || value instanceof Error) return;
  if (depth > MAX_DEPTH) return;
  const { list, more } = entriesOf(value, MAX_ENTRIES, texts);
  if (list.length === 0 && more === 0) return;
  if (budget.nodes <= 0 || budget.chars <= 0) {
    node.overBudget = true;
    return;
  }
  const inner = [...path, value];
  const entries: { key: string; node: InspectNode }[] = [];
  let unlisted = more;
  for (const [index, [key, listed, span = 1]] of list.entries()) {
    const child = unproxied(listed);
    const childMark = proxyMark(listed, child);
    if (budget.nodes <= 0 || budget.chars <= 0) {
      unlisted += list.slice(index).reduce((sum, [, , n = 1]) => sum + n, 0);
      break;
    }
    budget.nodes -= 1;
    const childNode =
      child === GETTER
        ? { summary: '[getter]' }
        : child === HOLES
          ? { summary: HOLES.text(span) }
          : nodeFor(child, childMark, inner, budget, texts);
    const entry = { key: '', node: childNode };
    texts.set(key, (text) => {
      entry.key = clip(text, MAX_KEY);
    });
    budget.chars -= layoutCost(entry.key);
    entries.push(entry);
    if (child !== GETTER && child !== HOLES && childNode.summary !== '[circular]' && expandable(child))
      queue(child, childNode, childMark);
  }
  if (unlisted > 0) entries.push({ key: '…', node: { summary: `${unlisted} more` } });
  node.entries = entries;
}

const GETTER = Symbol('getter');

/** A run of holes in an array: `<3 empty items>`, as Node and browsers write them. */
class Holes {
  text(count: number): string {
    return `<${count} empty item${count === 1 ? '' : 's'}>`;
  }
}
const HOLES = new Holes();

/** An entry: its key, its value (GETTER, HOLES) and how many of an array's indices it stands for. */
type Entry = [key: string, value: unknown, span?: number];

/**
 * Up to `limit` own enumerable entries, and how many more there are, without running getters
 * (a reader's getter might throw or loop) and at a cost that does not grow with an array's
 * length: `new Array(2 ** 32 - 1)` has no element to list, and walking its four billion
 * indices stopped the runner at its time limit.
 */
function entriesOf(value: object, limit: number, texts: Texts): { list: Entry[]; more: number } {
  const list: Entry[] = [];
  if (value instanceof Map) {
    for (const [k, v] of mapEntries.call(value) as IterableIterator<[unknown, unknown]>) {
      if (list.length >= limit) break;
      list.push([`${preview(k, 1, [], texts)} =>`, v]);
    }
    return { list, more: (mapSize.call(value) as number) - list.length };
  }
  if (value instanceof Set) {
    for (const v of setValues.call(value) as IterableIterator<unknown>) {
      if (list.length >= limit) break;
      list.push([String(list.length), v]);
    }
    return { list, more: (setSize.call(value) as number) - list.length };
  }
  if (Array.isArray(value)) {
    const { list: items, more } = arrayEntries(value, limit);
    // Keys that are not indices (`a.label = …`) only for a short array: listing keys costs as
    // many steps as the array has elements.
    if (value.length <= 10 * limit && more === 0) {
      for (const key of Object.keys(value)) {
        if (items.length >= limit) break;
        if (isIndex(key)) continue;
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        items.push([key, descriptor && 'value' in descriptor ? descriptor.value : GETTER]);
      }
    }
    return { list: items, more };
  }
  const keys = Object.keys(value);
  for (const key of keys.slice(0, limit)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    list.push([key, descriptor && 'value' in descriptor ? descriptor.value : GETTER]);
  }
  return { list, more: keys.length - list.length };
}

/** Indices probed one by one for the next element before the array's own keys are read instead. */
const PROBES = 10_000;

/**
 * An array's first `limit` entries, each a run of holes as one (`<4294967294 empty items>`),
 * and how many indices are left after them. Holes are found by probing indices, and past
 * PROBES of them in a row by reading the array's own keys once: that costs what the array
 * holds, never its length (a sparse array's length costs it nothing).
 */
function arrayEntries(array: unknown[], limit: number): { list: Entry[]; more: number } {
  const list: Entry[] = [];
  const length = array.length;
  let indices: number[] | undefined;
  let i = 0;
  while (i < length && list.length < limit) {
    const descriptor = Object.getOwnPropertyDescriptor(array, i);
    if (descriptor) {
      list.push([String(i), 'value' in descriptor ? descriptor.value : GETTER]);
      i += 1;
      continue;
    }
    let next = i + 1;
    const probed = Math.min(length, i + PROBES);
    while (next < probed && !hasOwn(array, next)) next += 1;
    if (next === probed && probed < length) {
      indices ??= ownIndices(array);
      next = indices.find((index) => index > i) ?? length;
    }
    list.push([next - i === 1 ? String(i) : `${i}…${next - 1}`, HOLES, next - i]);
    i = next;
  }
  return { list, more: length - i };
}

const hasOwn = (object: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(object, key);

/** A canonical array index: "0", "17", never "017" or "4294967295". */
function isIndex(key: string): boolean {
  return /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** The array's own element indices, in order (own keys list indices first, ascending). */
function ownIndices(array: unknown[]): number[] {
  const indices: number[] = [];
  for (const key of Object.keys(array)) {
    if (!isIndex(key)) break;
    indices.push(Number(key));
  }
  return indices;
}

/** A one-line summary: `[1, 2, … 8 more]`, `Net {sizes: [2, 3, 1], …}`, `Map(2) {"a" => 1}`. */
export function preview(shown: unknown, depth: number, seen: object[], texts: Texts): string {
  const value = unproxied(shown); // a proxy's target: its traps are never run
  return previewValue(value, proxyMark(shown, value), depth, seen, texts);
}

/**
 * preview of what unproxied gave for a value, with its proxyMark: `Proxy(Function) ƒ f(x)`,
 * `Proxy(Object) {balance: 100}`.
 */
export function previewValue(
  value: unknown,
  mark: string | undefined,
  depth: number,
  seen: object[],
  texts: Texts,
): string {
  if (value === REVOKED) return REVOKED_PROXY;
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'function') return marked(mark, functionSignature(value));
  if (typeof value !== 'object' || value === null) return literal(value);
  if (seen.includes(value)) return '[circular]';
  return guard(() => previewObject(value, depth, seen, texts, mark));
}

/**
 * `value`'s summary; `mark` (a proxy's, proxyMark) takes the place of the class it names
 * (`Proxy(Map) {1 => 2}`, as Chrome writes it) or goes before a value told in one piece.
 */
function previewObject(value: object, depth: number, seen: object[], texts: Texts, mark?: string): string {
  const matrix = matrixOf(value);
  if (matrix) return marked(mark, `Matrix ${matrix.rows}×${matrix.cols}`);
  if (value instanceof Date || value instanceof RegExp) return marked(mark, literal(value));
  if (value instanceof Error) {
    const name = guard(() => clip(String(value.name), MAX_KEY));
    return marked(mark, `${name}: ${guard(() => clip(String(value.message), 200))}`);
  }
  if (isPlotResult(value)) return marked(mark, `<${String(value.tagName).toLowerCase()}>`);
  if (isPromise(value)) {
    const token = texts.promise(value, undefined, mark);
    if (token !== undefined) return token;
  }
  const limit = depth === 0 ? 10 : 3;
  const inner = [...seen, value];
  const list = (items: string[], total: number) =>
    (total > items.length ? [...items, `… ${total - items.length} more`] : items).join(', ');
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const array = value as unknown as ArrayLike<unknown>;
    const prefix = mark
      ? `${mark} `
      : Array.isArray(value)
        ? ''
        : `${constructorName(value) || 'TypedArray'}(${array.length}) `;
    if (depth >= 2) return mark ?? (Array.isArray(value) ? `Array(${array.length})` : prefix.trim());
    if (Array.isArray(value)) {
      const { list: entries, more } = arrayEntries(value, limit);
      const items = entries.map(([, item, span = 1]) =>
        item === HOLES ? HOLES.text(span) : item === GETTER ? '[getter]' : preview(item, depth + 1, inner, texts),
      );
      return `${prefix}[${(more > 0 ? [...items, `… ${more} more`] : items).join(', ')}]`;
    }
    const items = Array.from({ length: Math.min(array.length, limit) }, (_, i) =>
      preview(array[i], depth + 1, inner, texts),
    );
    return `${prefix}[${list(items, array.length)}]`;
  }
  if (value instanceof Map || value instanceof Set) {
    const isMap = value instanceof Map;
    const kind = isMap ? 'Map' : 'Set';
    const size = (isMap ? mapSize : setSize).call(value) as number;
    const head = mark ?? `${kind}(${size})`;
    if (depth >= 2) return head;
    const items: string[] = [];
    for (const entry of (isMap ? mapEntries : setValues).call(value) as IterableIterator<unknown>) {
      if (items.length >= limit) break;
      items.push(
        isMap
          ? `${preview((entry as [unknown, unknown])[0], depth + 1, inner, texts)} => ${preview((entry as [unknown, unknown])[1], depth + 1, inner, texts)}`
          : preview(entry, depth + 1, inner, texts),
      );
    }
    return `${head} {${list(items, size)}}`;
  }
  const name = constructorName(value) || tagOf(value);
  const prefix = mark ? `${mark} ` : name && name !== 'Object' ? `${name} ` : '';
  if (depth >= 2) return `${prefix}{…}`;
  const { list: entries, more } = entriesOf(value, depth === 0 ? 5 : 3, texts);
  const items = entries.map(
    ([key, child]) => `${clip(key, 60)}: ${child === GETTER ? '[getter]' : preview(child, depth + 1, inner, texts)}`,
  );
  return `${prefix}{${list(items, items.length + more)}}`;
}
