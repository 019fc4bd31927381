// The display protocol, worker side: any value a cell shows becomes a DisplayItem, plain data
// safe to post from the worker. render.ts turns items into HTML, at build time and on the page
// alike, so rerunning unchanged code reproduces the printed page.
//
// Nothing here may throw on a reader's value (proxies, throwing getters, cycles), nor put
// anything but strings, numbers and booleans into an item (a function would fail the post): a
// part that cannot be read says "cannot be displayed" and why, and the rest is still shown.
// Getters are never run. Nothing here makes HTML from a string: every item is text, except the
// markup of elements Plot produced (registered with markPlotResult), which render.ts passes
// through the chart sanitiser (sanitize.ts), because the reader could rewrite the element.
//
// Every item is described within a budget of inspector nodes and characters (Budget), so no
// value, however big, can make a huge message or a huge page: big values are summarised
// breadth first, and what the budget did not reach says so.

import { isCheckReport, type CheckResult } from './check-report.ts';
import { escapeHtml } from '../lib/html.ts';

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

export type DisplayItem =
  /** A console line: the arguments formatted as a browser's console does, joined by spaces. */
  | { kind: 'text'; level: LogLevel; text: string }
  | { kind: 'number'; text: string }
  /** A string value; rendered with quotes so "1" and 1 look different. */
  | { kind: 'string'; text: string }
  /** true, false, null, undefined, bigints, symbols, dates, regular expressions. */
  | { kind: 'literal'; text: string }
  /** ƒ name(params), or class Name. */
  | { kind: 'function'; text: string }
  | { kind: 'error'; name: string; message: string }
  | TableItem
  | { kind: 'inspect'; node: InspectNode }
  /** Serialised Plot output (an <svg> or <figure>): untrusted, sanitised when rendered. */
  | { kind: 'html'; html: string }
  /** An exercise's checks, drawn as a checklist (see checks.ts). */
  | { kind: 'checks'; results: CheckResult[] }
  /** Where a long run of outputs was cut (outputs.ts): `count` left out between the first `head` and the last `tail`. */
  | { kind: 'omitted'; count: number; head: number; tail: number; noun: 'line' | 'output' };

export type TextItem = Extract<DisplayItem, { kind: 'text' }>;

/** Numbers laid out as a grid, already formatted; '…', '⋮' and '⋱' mark elided cells. */
export interface TableItem {
  kind: 'table';
  /** The shape in words, e.g. "4×3 matrix" or "array of 5 numbers". */
  label: string;
  rows: number;
  cols: number;
  cells: string[][];
}

/** One level of the object inspector: a one-line summary and, if expandable, its entries. */
export interface InspectNode {
  summary: string;
  entries?: { key: string; node: InspectNode }[];
  /** Matrices and number grids inside objects expand to a table. */
  table?: TableItem;
  /** It has entries, but the output's budget was spent before they were described. */
  overBudget?: true;
}

/**
 * What describing may still spend, counted down as it goes: inspector nodes (an entry, a
 * table) and characters of text (summaries, keys, strings, table cells).
 */
export interface Budget {
  nodes: number;
  chars: number;
}

/**
 * One output's allowance. At most about 200 KB crosses to the page for one value, in a few
 * milliseconds, and render.ts builds only the levels a reader opens.
 */
export const OUTPUT_BUDGET: Readonly<Budget> = { nodes: 2_000, chars: 200_000 };

/** Text every item may show even when its budget is spent: a summary is never empty. */
const MIN_CHARS = 200;
const MAX_ROWS = 12;
const MAX_COLS = 10;
const MAX_DEPTH = 3;
const MAX_ENTRIES = 100;
const MAX_STRING = 10_000;
const MAX_KEY = 200;
/** A Promise's result, described when it settles (after the item's budget was counted). */
const PROMISE_RESULT_BUDGET: Readonly<Budget> = { nodes: 100, chars: 10_000 };

// The built-ins this file calls, taken before any cell runs: a reader's Map subclass or a
// promise with its own `then` cannot change what describing a value does.
const promiseThen = Promise.prototype.then;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get!;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const objectToString = Object.prototype.toString;
const functionToString = Function.prototype.toString;

// ---------------------------------------------------------------------------------------
// Plot results

const plotResults = new WeakSet<object>();

/** Mark an element as Plot's output, the only thing displayed as raw HTML. */
export function markPlotResult<T>(element: T): T {
  if (typeof element === 'object' && element !== null) plotResults.add(element);
  return element;
}

/**
 * Plot numbers its clip paths, patterns and markers with a global counter, so the same plot
 * gets different ids depending on what ran before it. Renumber them from the cell and output
 * position: deterministic across build and browser, and still unique on the page.
 */
export function renumberPlotIds(html: string, prefix: string): string {
  const ids = new Map<string, string>();
  return html.replace(/plot-(clip|pattern|marker)-\d+/g, (id, kind: string) => {
    if (!ids.has(id)) ids.set(id, `${prefix}-${kind}-${ids.size + 1}`);
    return ids.get(id)!;
  });
}

/**
 * Plot labels its marks with aria-label on <g> elements, which ARIA does not allow on an
 * element without a role, and leaves the chart itself unnamed unless the author passed
 * `ariaLabel`. A reader's chart still deserves a text alternative, so the marks' labels become
 * the chart's name ("Chart: line, x-axis tick, y-axis tick"), on the <svg> as role="img".
 */
export function accessiblePlot(html: string): string {
  const marks: string[] = [];
  let out = html.replace(/<g([^>]*?) aria-label="([^"]*)"/g, (_match, before: string, label: string) => {
    if (!marks.includes(label)) marks.push(label);
    return `<g${before}`;
  });
  out = out.replace(/<svg\b([^>]*)>/, (tag: string, attrs: string) => {
    let extra = '';
    if (!/\brole=/.test(attrs)) extra += ' role="img"';
    if (!/\baria-label=/.test(attrs)) extra += ` aria-label="${escapeHtml(marks.length ? `Chart: ${marks.join(', ')}` : 'Chart')}"`;
    return `<svg${attrs}${extra}>`;
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Reading a reader's value safely

/** Why reading a value failed, as text, without trusting what was thrown. */
function reasonOf(error: unknown): string {
  try {
    if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
      const { name, message } = error as { name?: unknown; message?: unknown };
      return clip(`${typeof name === 'string' && name ? name : 'Error'}: ${String(message)}`, MAX_KEY);
    }
    return clip(`${typeof error === 'string' ? JSON.stringify(error) : String(error)} was thrown`, MAX_KEY);
  } catch {
    return 'an error that cannot be read was thrown';
  }
}

const cannotDisplay = (error: unknown) => `[cannot be displayed: ${reasonOf(error)}]`;

/** `read()`, or the "cannot be displayed" text when reading throws (a getter, a proxy's trap). */
function guard(read: () => string): string {
  try {
    return read();
  } catch (error) {
    return cannotDisplay(error);
  }
}

/** A property's value if it is an own data property; getters are not run. */
function ownValue(object: object, key: PropertyKey): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** The most characters the next text may take from `budget`, never less than MIN_CHARS. */
function allowance(budget: Budget, max: number): number {
  return Math.max(MIN_CHARS, Math.min(max, budget.chars));
}

/** Clips `text` to what `budget` allows and spends it. */
function spend(budget: Budget, text: string, max = MAX_STRING): string {
  const shown = clip(text, allowance(budget, max));
  budget.chars -= shown.length;
  return shown;
}

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
    void promiseThen.call(promise, (value: unknown) => report({ state: 'fulfilled', value }), (value: unknown) => report({ state: 'rejected', value }));
  } catch {
    return false;
  }
  void Promise.resolve().then(() => {
    settledNow = false;
  });
  return true;
}

function isPromise(value: object): boolean {
  return value instanceof Promise;
}

/**
 * The texts of one item, some of which mention promises whose state is known a microtask
 * later. A promise is written as a placeholder; each text is set now and set again when one of
 * its promises turns out to have settled.
 */
class Texts {
  #states: string[] = [];
  #renders: (() => void)[] = [];

  /** A placeholder for `promise` in a text; `onSettled` runs too if it had settled. */
  promise(promise: object, onSettled?: (settled: Settled) => void): string | undefined {
    const index = this.#states.length;
    const watched = watchPromise(promise, (settled) => {
      this.#states[index] = `Promise {<${settled.state}>: ${guard(() => preview(settled.value, 1, [], this))}}`;
      onSettled?.(settled);
      for (const render of this.#renders) render();
    });
    if (!watched) return undefined;
    this.#states.push('Promise {<pending>}');
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
// Values → items

export interface DisplayOptions {
  /** Prefix for ids inside Plot output; the kernel passes one unique per cell and output. */
  idPrefix?: string;
  /** What this item may spend; it is counted down. Default: a fresh OUTPUT_BUDGET. */
  budget?: Budget;
}

/** Any value → one item, within the budget. Never throws. */
export function toDisplay(value: unknown, options: DisplayOptions = {}): DisplayItem {
  const budget = options.budget ?? { ...OUTPUT_BUDGET };
  try {
    return describe(value, options.idPrefix, budget, new Texts());
  } catch (error) {
    return { kind: 'literal', text: `This value cannot be displayed: reading it threw ${reasonOf(error)}` };
  }
}

function describe(value: unknown, idPrefix: string | undefined, budget: Budget, texts: Texts): DisplayItem {
  switch (typeof value) {
    case 'number':
      return { kind: 'number', text: formatNumber(value) };
    case 'string':
      return { kind: 'string', text: spend(budget, value) };
    case 'boolean':
    case 'undefined':
    case 'bigint':
    case 'symbol':
      return { kind: 'literal', text: literal(value) };
    case 'function':
      return { kind: 'function', text: spend(budget, functionSignature(value as Function)) };
  }
  if (value === null) return { kind: 'literal', text: 'null' };
  if (plotResults.has(value as object)) {
    const html = accessiblePlot(String((value as Element).outerHTML));
    return { kind: 'html', html: idPrefix ? renumberPlotIds(html, idPrefix) : html };
  }
  // A check report is recognised by an own `kind`, so a getter named kind is not run.
  if (ownValue(value as object, 'kind') === 'checks' && isCheckReport(value)) return { kind: 'checks', results: value.results.slice(0, 1000).map((r) => checkResult(r, budget)) };
  if (value instanceof Error) {
    return { kind: 'error', name: spend(budget, guard(() => String(value.name)), MAX_KEY), message: spend(budget, guard(() => String(value.message))) };
  }
  if (value instanceof Date || value instanceof RegExp) return { kind: 'literal', text: literal(value) };
  const table = asTable(value);
  if (table) {
    budget.nodes -= 1;
    budget.chars -= tableChars(table);
    return table;
  }
  return { kind: 'inspect', node: inspectTree(value as object, budget, texts) };
}

/** A check result as plain strings, whoever made it (a reader can display a look-alike). */
function checkResult(result: CheckResult, budget: Budget): CheckResult {
  const text = (read: () => unknown) => spend(budget, guard(() => String(read())), 2_000);
  const out: CheckResult = { label: text(() => result.label), pass: guard(() => String(result.pass === true)) === 'true' };
  for (const key of ['got', 'expected', 'note'] as const) {
    if (guard(() => String(result[key] !== undefined)) !== 'false') out[key] = text(() => result[key]);
  }
  return out;
}

/** Console arguments → one text line, formatted as a browser's console does (see formatLog). */
export function toText(values: unknown[], level: LogLevel = 'log', options: { budget?: Budget } = {}): TextItem {
  const budget = options.budget ?? { ...OUTPUT_BUDGET };
  const texts = new Texts();
  const item: TextItem = { kind: 'text', level, text: '' };
  const max = allowance(budget, MAX_STRING);
  let raw: string;
  try {
    raw = formatLog(values, texts);
  } catch (error) {
    raw = cannotDisplay(error);
  }
  texts.set(raw, (text) => {
    item.text = clip(text, max);
  });
  budget.chars -= item.text.length;
  return item;
}

/**
 * Console arguments as one line, as browsers print them (the WHATWG Console "Formatter"): when
 * the first of several arguments is a string, %s, %d/%i, %f, %o/%O and %c in it take the next
 * arguments in turn (%c is a style, which we do not apply), and %% is a percent sign; the
 * arguments left over follow, separated by spaces. Strings print bare, other values formatted.
 */
function formatLog(values: unknown[], texts: Texts): string {
  let rest = values;
  const parts: string[] = [];
  if (typeof values[0] === 'string' && values.length > 1) {
    let next = 1;
    parts.push(values[0].replace(/%([sdifoOc%])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      if (next >= values.length) return match;
      const arg = values[next++];
      return guard(() => formatArgument(spec, arg, texts));
    }));
    rest = values.slice(next);
  }
  for (const value of rest) parts.push(guard(() => (typeof value === 'string' ? value : textOf(value, texts))));
  return parts.join(' ');
}

function formatArgument(spec: string, arg: unknown, texts: Texts): string {
  switch (spec) {
    case 's':
      if (typeof arg === 'string') return arg;
      if (typeof arg === 'number') return Object.is(arg, -0) ? '-0' : String(arg);
      return isObject(arg) ? preview(arg, 0, [], texts) : literal(arg);
    case 'd':
    case 'i':
      if (typeof arg === 'bigint') return `${arg}n`;
      return typeof arg === 'symbol' ? 'NaN' : String(parseInt(String(arg), 10));
    case 'f':
      return typeof arg === 'symbol' ? 'NaN' : String(parseFloat(String(arg)));
    case 'c':
      return '';
    default: // o, O
      return typeof arg === 'string' ? JSON.stringify(arg) : textOf(arg, texts);
  }
}

function textOf(value: unknown, texts: Texts): string {
  const grid = matrixShape(value);
  // Grids print NumPy-style over several lines; a flat array reads better on one.
  if (grid && (isMatrix(value) || grid.rows > 1)) {
    const table = gridTable(grid.rows, grid.cols, grid.at, grid.label);
    const width = table.cells[0]?.map((_, j) => Math.max(...table.cells.map((row) => row[j].length))) ?? [];
    const lines = table.cells.map(
      (row, i) => (i === 0 ? '[[' : ' [') + row.map((cell, j) => cell.padStart(width[j])).join(', ') + (i === table.cells.length - 1 ? ']]' : '],'),
    );
    return `${table.label}\n${lines.join('\n')}`;
  }
  return preview(value, 0, [], texts);
}

/** Integers as they are (and -0 as -0); otherwise 6 significant digits, with an exponent when tiny or huge. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  if (Number.isInteger(x)) return String(x);
  const magnitude = Math.abs(x);
  const text = magnitude < 1e-4 || magnitude >= 1e6 ? x.toExponential(5) : x.toPrecision(6);
  // toPrecision pads with zeros (0.1 → "0.100000"); drop them, and the point if nothing is left.
  return text.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
}

function literal(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return clip(value.toString(), MAX_KEY);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return clip(RegExp.prototype.toString.call(value), MAX_STRING);
  return String(value);
}

/** `ƒ name(a, b)` from the function's source; `class Name` for classes. */
export function functionSignature(fn: Function): string {
  const source = functionToString.call(fn);
  const ownName = ownValue(fn, 'name');
  const name = typeof ownName === 'string' ? clip(ownName, MAX_KEY) : '';
  if (/^class\b/.test(source)) return `class ${name}`.trim();
  let params = '';
  const open = source.indexOf('(');
  const arrow = source.indexOf('=>');
  if (arrow >= 0 && (open < 0 || arrow < open)) {
    params = source.slice(0, arrow).replace(/^async\s+/, '').trim(); // x => …
  } else if (open >= 0) {
    let depth = 0;
    for (let i = open; i < source.length; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) {
        params = source.slice(open + 1, i);
        break;
      }
    }
  }
  return `ƒ ${name}(${clip(params.replace(/\s+/g, ' ').trim(), MAX_KEY)})`;
}

// ---------------------------------------------------------------------------------------
// Tables

interface Grid {
  rows: number;
  cols: number;
  at: (i: number, j: number) => unknown;
  label: string;
}

/** Matrices, rectangular number[][] (2-D), number[] and typed arrays (1 row). */
function matrixShape(value: unknown): Grid | undefined {
  if (isMatrix(value)) {
    const { rows, cols, data } = value;
    return { rows, cols, at: (i, j) => data[i * cols + j], label: `${rows}×${cols} matrix` };
  }
  if (Array.isArray(value) && value.length > 0) {
    if (value.every((x) => typeof x === 'number')) {
      return { rows: 1, cols: value.length, at: (_, j) => value[j], label: `array of ${value.length} number${value.length === 1 ? '' : 's'}` };
    }
    const cols = Array.isArray(value[0]) ? value[0].length : 0;
    if (cols > 0 && value.every((row) => Array.isArray(row) && row.length === cols && row.every((x) => typeof x === 'number'))) {
      return { rows: value.length, cols, at: (i, j) => value[i][j], label: `${value.length}×${cols} array` };
    }
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const array = value as unknown as ArrayLike<number | bigint>;
    const name = constructorName(value) || 'TypedArray';
    return { rows: 1, cols: array.length, at: (_, j) => array[j], label: `${name} of ${array.length} number${array.length === 1 ? '' : 's'}` };
  }
  return undefined;
}

/** The network module's Matrix: `{ rows, cols, data: Float64Array }`, row-major, own data properties. */
function isMatrix(value: unknown): value is { rows: number; cols: number; data: Float64Array } {
  if (typeof value !== 'object' || value === null) return false;
  const rows = ownValue(value, 'rows');
  const cols = ownValue(value, 'cols');
  const data = ownValue(value, 'data');
  return typeof rows === 'number' && typeof cols === 'number' && data instanceof Float64Array && data.length === rows * cols;
}

function asTable(value: unknown): TableItem | undefined {
  const grid = matrixShape(value);
  return grid && grid.rows * grid.cols > 0 ? gridTable(grid.rows, grid.cols, grid.at, grid.label) : undefined;
}

function tableChars(table: TableItem): number {
  return table.label.length + table.cells.reduce((sum, row) => sum + row.reduce((s, cell) => s + cell.length, 0), 0);
}

/** Show the first and last rows (and columns) of a big grid, NumPy-style. */
function gridTable(rows: number, cols: number, at: (i: number, j: number) => unknown, label: string): TableItem {
  const rowIndex = headTail(rows, MAX_ROWS);
  const colIndex = headTail(cols, MAX_COLS);
  const cell = (x: unknown) => (typeof x === 'number' ? formatNumber(x) : typeof x === 'bigint' ? `${x}n` : clip(String(x), MAX_KEY));
  const cells = rowIndex.map((i) => colIndex.map((j) => (i < 0 ? (j < 0 ? '⋱' : '⋮') : j < 0 ? '…' : cell(at(i, j)))));
  const hidden: string[] = [];
  if (rows > MAX_ROWS) hidden.push(`${MAX_ROWS} of ${rows} rows`);
  if (cols > MAX_COLS) hidden.push(`${MAX_COLS} of ${cols} columns`);
  return {
    kind: 'table',
    label: hidden.length > 0 ? `${label} (showing ${hidden.join(', ')})` : label,
    rows,
    cols,
    cells,
  };
}

/** Indices to show, with -1 where the elided ones go. */
function headTail(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const half = max / 2;
  return [...Array.from({ length: half }, (_, i) => i), -1, ...Array.from({ length: half }, (_, i) => n - half + i)];
}

// ---------------------------------------------------------------------------------------
// Inspector

/**
 * The inspector's tree, built breadth first so the budget goes to the levels a reader sees
 * first: every entry of the top level, then of the next, and so on, down to MAX_DEPTH. A node
 * the budget did not reach is marked overBudget.
 */
function inspectTree(root: unknown, budget: Budget, texts: Texts): InspectNode {
  const rootNode = nodeFor(root, [], budget, texts);
  const queue: { value: object; node: InspectNode; depth: number; path: object[] }[] = [];
  if (expandable(root)) queue.push({ value: root, node: rootNode, depth: 0, path: [] });
  for (let i = 0; i < queue.length; i++) {
    const { value, node, depth, path } = queue[i];
    try {
      expand(value, node, depth, path, budget, texts, (child, childNode) => {
        queue.push({ value: child, node: childNode, depth: depth + 1, path: [...path, value] });
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
  return typeof value === 'object' && value !== null && !plotResults.has(value) && !isPromise(value);
}

/** A node with the value's one-line summary (a promise's also gets its state). */
function nodeFor(value: unknown, path: object[], budget: Budget, texts: Texts): InspectNode {
  const node: InspectNode = { summary: '' };
  if (typeof value !== 'object' || value === null) {
    node.summary = spend(budget, guard(() => {
      if (typeof value === 'function') return functionSignature(value);
      if (typeof value === 'string') return JSON.stringify(value);
      if (typeof value === 'number') return formatNumber(value);
      return literal(value);
    }));
    return node;
  }
  if (path.includes(value)) {
    node.summary = '[circular]';
    return node;
  }
  let raw: string;
  try {
    raw = isPromise(value) ? promiseNode(value, node, texts) : preview(value, 0, path, texts);
  } catch (error) {
    raw = cannotDisplay(error);
  }
  const max = allowance(budget, MAX_STRING);
  texts.set(raw, (text) => {
    node.summary = clip(text, max);
  });
  budget.chars -= node.summary.length;
  return node;
}

/** A promise's node: `Promise {<state>: result}`, with its state and result as entries. */
function promiseNode(promise: object, node: InspectNode, texts: Texts): string {
  node.entries = [{ key: '[[PromiseState]]', node: { summary: '"pending"' } }];
  const token = texts.promise(promise, ({ state, value }) => {
    node.entries = [
      { key: '[[PromiseState]]', node: { summary: JSON.stringify(state) } },
      { key: '[[PromiseResult]]', node: inspectTree(value, { ...PROMISE_RESULT_BUDGET }, texts) },
    ];
  });
  if (token === undefined) {
    delete node.entries;
    return preview(promise, 0, [], texts);
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
  queue: (child: object, node: InspectNode) => void,
) {
  const grid = matrixShape(value);
  // Number grids are tables wherever they are; a flat array of numbers keeps its entries.
  if (grid && grid.rows * grid.cols > 0 && (!Array.isArray(value) || grid.rows > 1)) {
    if (depth > MAX_DEPTH) return;
    if (budget.nodes <= 0 || budget.chars <= 0) {
      node.overBudget = true;
      return;
    }
    node.table = gridTable(grid.rows, grid.cols, grid.at, grid.label);
    budget.nodes -= 1;
    budget.chars -= tableChars(node.table);
    return;
  }
  if (isMatrix(value) || value instanceof Date || value instanceof RegExp || value instanceof Error) return;
  if (depth > MAX_DEPTH) return;
  const { list, total } = entriesOf(value, MAX_ENTRIES, texts);
  if (total === 0) return;
  if (budget.nodes <= 0 || budget.chars <= 0) {
    node.overBudget = true;
    return;
  }
  const inner = [...path, value];
  const entries: { key: string; node: InspectNode }[] = [];
  for (const [key, child] of list) {
    if (budget.nodes <= 0 || budget.chars <= 0) break;
    budget.nodes -= 1;
    const childNode = child === GETTER ? { summary: '[getter]' } : nodeFor(child, inner, budget, texts);
    const entry = { key: '', node: childNode };
    texts.set(key, (text) => {
      entry.key = clip(text, MAX_KEY);
    });
    budget.chars -= entry.key.length;
    entries.push(entry);
    if (child !== GETTER && childNode.summary !== '[circular]' && expandable(child)) queue(child, childNode);
  }
  if (total > entries.length) entries.push({ key: '…', node: { summary: `${total - entries.length} more` } });
  node.entries = entries;
}

const GETTER = Symbol('getter');

/**
 * Up to `limit` own enumerable entries and how many there are, without running getters (a
 * reader's getter might throw or loop) and without listing every key of a huge array.
 */
function entriesOf(value: object, limit: number, texts: Texts): { list: [string, unknown][]; total: number } {
  const list: [string, unknown][] = [];
  if (value instanceof Map) {
    for (const [k, v] of mapEntries.call(value) as IterableIterator<[unknown, unknown]>) {
      if (list.length >= limit) break;
      list.push([`${preview(k, 1, [], texts)} =>`, v]);
    }
    return { list, total: mapSize.call(value) as number };
  }
  if (value instanceof Set) {
    for (const v of setValues.call(value) as IterableIterator<unknown>) {
      if (list.length >= limit) break;
      list.push([String(list.length), v]);
    }
    return { list, total: setSize.call(value) as number };
  }
  if (Array.isArray(value) && value.length > 10 * limit) {
    // Scanning a few indices, not listing millions of keys (holes are skipped).
    for (let i = 0; i < limit; i++) {
      const descriptor = Object.getOwnPropertyDescriptor(value, i);
      if (descriptor) list.push([String(i), 'value' in descriptor ? descriptor.value : GETTER]);
    }
    return { list, total: value.length };
  }
  const keys = Object.keys(value);
  for (const key of keys.slice(0, limit)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    list.push([key, descriptor && 'value' in descriptor ? descriptor.value : GETTER]);
  }
  return { list, total: keys.length };
}

/** A one-line summary: `[1, 2, … 8 more]`, `Net {sizes: [2, 3, 1], …}`, `Map(2) {"a" => 1}`. */
function preview(value: unknown, depth: number, seen: object[], texts: Texts): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'function') return functionSignature(value);
  if (typeof value !== 'object' || value === null) return literal(value);
  if (seen.includes(value)) return '[circular]';
  return guard(() => previewObject(value, depth, seen, texts));
}

function previewObject(value: object, depth: number, seen: object[], texts: Texts): string {
  if (isMatrix(value)) return `Matrix ${value.rows}×${value.cols}`;
  if (value instanceof Date || value instanceof RegExp) return literal(value);
  if (value instanceof Error) return `${guard(() => clip(String(value.name), MAX_KEY))}: ${guard(() => clip(String(value.message), 200))}`;
  if (plotResults.has(value)) return `<${String((value as Element).tagName).toLowerCase()}>`;
  if (isPromise(value)) {
    const token = texts.promise(value);
    if (token !== undefined) return token;
  }
  const limit = depth === 0 ? 10 : 3;
  const inner = [...seen, value];
  const list = (items: string[], total: number) => (total > items.length ? [...items, `… ${total - items.length} more`] : items).join(', ');
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const array = value as unknown as ArrayLike<unknown>;
    const prefix = Array.isArray(value) ? '' : `${constructorName(value) || 'TypedArray'}(${array.length}) `;
    if (depth >= 2) return Array.isArray(value) ? `Array(${array.length})` : prefix.trim();
    const items = Array.from({ length: Math.min(array.length, limit) }, (_, i) => {
      const item = Array.isArray(value) ? Object.getOwnPropertyDescriptor(value, i) : { value: array[i] };
      return !item ? '<empty>' : 'value' in item ? preview(item.value, depth + 1, inner, texts) : '[getter]';
    });
    return `${prefix}[${list(items, array.length)}]`;
  }
  if (value instanceof Map || value instanceof Set) {
    const isMap = value instanceof Map;
    const kind = isMap ? 'Map' : 'Set';
    const size = (isMap ? mapSize : setSize).call(value) as number;
    if (depth >= 2) return `${kind}(${size})`;
    const items: string[] = [];
    for (const entry of (isMap ? mapEntries : setValues).call(value) as IterableIterator<unknown>) {
      if (items.length >= limit) break;
      items.push(isMap
        ? `${preview((entry as [unknown, unknown])[0], depth + 1, inner, texts)} => ${preview((entry as [unknown, unknown])[1], depth + 1, inner, texts)}`
        : preview(entry, depth + 1, inner, texts));
    }
    return `${kind}(${size}) {${list(items, size)}}`;
  }
  const name = constructorName(value) || tagOf(value);
  const prefix = name && name !== 'Object' ? `${name} ` : '';
  if (depth >= 2) return `${prefix}{…}`;
  const { list: entries, total } = entriesOf(value, depth === 0 ? 5 : 3, texts);
  const items = entries.map(([key, child]) => `${clip(key, 60)}: ${child === GETTER ? '[getter]' : preview(child, depth + 1, inner, texts)}`);
  return `${prefix}{${list(items, total)}}`;
}

/** The name of the class that made `value`, read without running a getter. */
function constructorName(value: object): string {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return '';
  const ctor = ownValue(proto, 'constructor');
  if (typeof ctor !== 'function') return '';
  const name = ownValue(ctor, 'name');
  return typeof name === 'string' ? clip(name, MAX_KEY) : '';
}

/**
 * What the language calls an object that no class names: "Generator", "AsyncGenerator",
 * "Array Iterator", "Math". Empty for plain objects.
 */
function tagOf(value: object): string {
  const tag = (objectToString.call(value) as string).slice(8, -1);
  return tag === 'Object' ? '' : clip(tag, MAX_KEY);
}

// ---------------------------------------------------------------------------------------
// The page side, for code that imported it from here before it had a file of its own.

export { renderDisplay, renderCellOutput, renderCellError } from './render.ts';
