// The display protocol: any value a cell shows becomes a DisplayItem (plain data, safe to
// post from the worker), and a DisplayItem becomes an HTML string. The build renders the
// same items the browser renders, so rerunning unchanged code reproduces the printed page.
//
// Nothing here may throw on a reader's value (proxies, throwing getters, cycles): a value
// that cannot be inspected says so instead. Nothing here may make HTML from a string: every
// item is escaped text, except the markup of elements Plot produced (registered with
// markPlotResult), and that passes through the chart sanitiser (sanitize.ts) on its way out,
// because the reader could rewrite the element before it was serialised.

import { isCheckReport, type CheckResult } from './check-report.ts';
import { countOf, formatCount } from '../lib/plural.ts';
// Type only: DOMPurify loads with the notebook's first run, not with this module.
import type { ChartSanitizer } from './sanitize.ts';

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

export type DisplayItem =
  /** A console line, arguments joined by spaces. */
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
  | { kind: 'checks'; results: CheckResult[] };

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
  /** Matrices inside objects expand to a table. */
  table?: TableItem;
}

const MAX_ROWS = 12;
const MAX_COLS = 10;
const MAX_DEPTH = 3;
const MAX_ENTRIES = 100;
const MAX_STRING = 10_000;

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

// ---------------------------------------------------------------------------------------
// Values → items

export interface DisplayOptions {
  /** Prefix for ids inside Plot output; the kernel passes one unique per cell and output. */
  idPrefix?: string;
}

export function toDisplay(value: unknown, options: DisplayOptions = {}): DisplayItem {
  try {
    return describe(value, options);
  } catch (error) {
    return { kind: 'literal', text: `[value could not be displayed: ${errorMessage(error)}]` };
  }
}

function describe(value: unknown, options: DisplayOptions): DisplayItem {
  switch (typeof value) {
    case 'number':
      return { kind: 'number', text: formatNumber(value) };
    case 'string':
      return { kind: 'string', text: truncate(value) };
    case 'boolean':
    case 'undefined':
    case 'bigint':
    case 'symbol':
      return { kind: 'literal', text: literal(value) };
    case 'function':
      return { kind: 'function', text: functionSignature(value as Function) };
  }
  if (value === null) return { kind: 'literal', text: 'null' };
  if (plotResults.has(value as object)) {
    const html = accessiblePlot(String((value as Element).outerHTML));
    return { kind: 'html', html: options.idPrefix ? renumberPlotIds(html, options.idPrefix) : html };
  }
  if (isCheckReport(value)) return { kind: 'checks', results: value.results.map((r) => ({ ...r })) };
  if (value instanceof Error) return { kind: 'error', name: value.name, message: value.message };
  if (value instanceof Date || value instanceof RegExp) return { kind: 'literal', text: literal(value) };
  const table = asTable(value);
  if (table) return table;
  return { kind: 'inspect', node: inspect(value, 0, []) };
}

/** Console arguments → one text line, as a terminal would print them. */
export function toText(values: unknown[], level: LogLevel = 'log'): TextItem {
  let text: string;
  try {
    text = values.map((v) => (typeof v === 'string' ? v : textOf(v))).join(' ');
  } catch (error) {
    text = `[value could not be displayed: ${errorMessage(error)}]`;
  }
  return { kind: 'text', level, text: truncate(text) };
}

function textOf(value: unknown): string {
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
  return preview(value, 0, []);
}

/** Integers as they are; otherwise 6 significant digits, with an exponent when tiny or huge. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Number.isInteger(x)) return String(x);
  const magnitude = Math.abs(x);
  const text = magnitude < 1e-4 || magnitude >= 1e6 ? x.toExponential(5) : x.toPrecision(6);
  // toPrecision pads with zeros (0.1 → "0.100000"); drop them, and the point if nothing is left.
  return text.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
}

function literal(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return String(value);
}

function truncate(text: string): string {
  return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… (${text.length - MAX_STRING} more characters)` : text;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `ƒ name(a, b)` from the function's source; `class Name` for classes. */
export function functionSignature(fn: Function): string {
  const source = Function.prototype.toString.call(fn);
  const name = fn.name || '';
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
  return `ƒ ${name}(${params.replace(/\s+/g, ' ').trim()})`;
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
    const name = value.constructor.name;
    return { rows: 1, cols: array.length, at: (_, j) => array[j], label: `${name} of ${array.length} number${array.length === 1 ? '' : 's'}` };
  }
  return undefined;
}

/** The network module's Matrix: `{ rows, cols, data: Float64Array }`, row-major. */
function isMatrix(value: unknown): value is { rows: number; cols: number; data: Float64Array } {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { rows?: unknown; cols?: unknown; data?: unknown };
  return (
    typeof m.rows === 'number' &&
    typeof m.cols === 'number' &&
    m.data instanceof Float64Array &&
    m.data.length === m.rows * m.cols
  );
}

function asTable(value: unknown): TableItem | undefined {
  const grid = matrixShape(value);
  return grid && grid.rows * grid.cols > 0 ? gridTable(grid.rows, grid.cols, grid.at, grid.label) : undefined;
}

/** Show the first and last rows (and columns) of a big grid, NumPy-style. */
function gridTable(rows: number, cols: number, at: (i: number, j: number) => unknown, label: string): TableItem {
  const rowIndex = headTail(rows, MAX_ROWS);
  const colIndex = headTail(cols, MAX_COLS);
  const cell = (x: unknown) => (typeof x === 'number' ? formatNumber(x) : typeof x === 'bigint' ? `${x}n` : String(x));
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

function inspect(value: unknown, depth: number, seen: object[]): InspectNode {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function') return { summary: functionSignature(value) };
    if (typeof value === 'string') return { summary: JSON.stringify(truncate(value)) };
    if (typeof value === 'number') return { summary: formatNumber(value) };
    return { summary: literal(value) };
  }
  if (seen.includes(value)) return { summary: '[circular]' };
  const summary = preview(value, 0, seen);
  const grid = matrixShape(value);
  if (grid && !Array.isArray(value) && grid.rows * grid.cols > 0) {
    return depth > MAX_DEPTH ? { summary } : { summary, table: gridTable(grid.rows, grid.cols, grid.at, grid.label) };
  }
  if (isMatrix(value) || value instanceof Date || value instanceof RegExp || value instanceof Error || plotResults.has(value)) {
    return { summary };
  }
  const entries = entriesOf(value);
  if (entries.length === 0 || depth > MAX_DEPTH) return { summary };
  const inner = [...seen, value];
  const shown = entries.slice(0, MAX_ENTRIES).map(([key, child]) => ({
    key,
    node: child === GETTER ? { summary: '[getter]' } : inspect(child, depth + 1, inner),
  }));
  if (entries.length > MAX_ENTRIES) shown.push({ key: '…', node: { summary: `${entries.length - MAX_ENTRIES} more` } });
  return { summary, entries: shown };
}

const GETTER = Symbol('getter');

/** Own enumerable entries, without running getters (a reader's getter might throw or loop). */
function entriesOf(value: object): [string, unknown][] {
  if (value instanceof Map) return [...value].map(([k, v]) => [`${preview(k, 1, [])} =>`, v]);
  if (value instanceof Set) return [...value].map((v, i) => [String(i), v]);
  const out: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    out.push([key, descriptor && 'value' in descriptor ? descriptor.value : GETTER]);
  }
  return out;
}

/** A one-line summary: `[1, 2, … 8 more]`, `Net {sizes: [2, 3, 1], …}`, `Map(2) {"a" => 1}`. */
function preview(value: unknown, depth: number, seen: object[]): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'function') return functionSignature(value);
  if (typeof value !== 'object' || value === null) return literal(value);
  if (seen.includes(value)) return '[circular]';
  if (isMatrix(value)) return `Matrix ${value.rows}×${value.cols}`;
  if (value instanceof Date || value instanceof RegExp) return literal(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (plotResults.has(value)) return `<${String((value as Element).tagName).toLowerCase()}>`;
  const limit = depth === 0 ? 10 : 3;
  const inner = [...seen, value];
  const list = (items: string[], total: number) => (total > items.length ? [...items, `… ${total - items.length} more`] : items).join(', ');
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const array = value as unknown as ArrayLike<unknown>;
    const prefix = Array.isArray(value) ? '' : `${value.constructor.name}(${array.length}) `;
    if (depth >= 2) return Array.isArray(value) ? `Array(${array.length})` : prefix.trim();
    const items = Array.from({ length: Math.min(array.length, limit) }, (_, i) => preview(array[i], depth + 1, inner));
    return `${prefix}[${list(items, array.length)}]`;
  }
  if (value instanceof Map || value instanceof Set) {
    const kind = value instanceof Map ? 'Map' : 'Set';
    if (depth >= 2) return `${kind}(${value.size})`;
    const items = [...value].slice(0, limit).map((entry) =>
      value instanceof Map
        ? `${preview((entry as [unknown, unknown])[0], depth + 1, inner)} => ${preview((entry as [unknown, unknown])[1], depth + 1, inner)}`
        : preview(entry, depth + 1, inner),
    );
    return `${kind}(${value.size}) {${list(items, value.size)}}`;
  }
  const name = constructorName(value);
  const prefix = name && name !== 'Object' ? `${name} ` : '';
  if (depth >= 2) return `${prefix}{…}`;
  const entries = entriesOf(value);
  const items = entries
    .slice(0, depth === 0 ? 5 : 3)
    .map(([key, child]) => `${key}: ${child === GETTER ? '[getter]' : preview(child, depth + 1, inner)}`);
  return `${prefix}{${list(items, entries.length)}}`;
}

function constructorName(value: object): string {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return '';
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' ? ctor.name : '';
}

// ---------------------------------------------------------------------------------------
// Items → HTML

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

/**
 * One item as HTML. Text is escaped; a chart's markup goes through `sanitizeChart`, and a chart
 * without one is refused rather than shown raw.
 */
export function renderDisplay(item: DisplayItem, sanitizeChart?: ChartSanitizer): string {
  switch (item.kind) {
    case 'text':
      return `<pre class="nb-out nb-text nb-${item.level}">${escapeHtml(item.text)}</pre>`;
    case 'number':
    case 'literal':
    case 'function':
      return `<div class="nb-out nb-${item.kind}">${escapeHtml(item.text)}</div>`;
    case 'string':
      return `<div class="nb-out nb-string">${escapeHtml(JSON.stringify(item.text))}</div>`;
    case 'error':
      return `<div class="nb-out nb-error-value"><span class="nb-error-name">${escapeHtml(item.name)}</span>: ${escapeHtml(item.message)}</div>`;
    case 'table':
      return `<div class="nb-out nb-table-wrap" tabindex="0" role="region" aria-label="${escapeHtml(item.label)}">${renderTable(item)}</div>`;
    case 'inspect':
      return `<div class="nb-out nb-inspect">${renderNode(item.node, true)}</div>`;
    case 'html':
      if (!sanitizeChart) {
        throw new Error('renderDisplay: a chart (html item) needs a sanitiser: pass sanitizeChart from sanitize-node.ts, or createChartSanitizer(window) from sanitize.ts on the page');
      }
      return `<div class="nb-out nb-plot">${sanitizeChart(item.html)}</div>`;
    case 'checks':
      return renderChecks(item.results);
  }
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

/** A checklist: each check passed or failed, with what the code gave and what was wanted. */
function renderChecks(results: CheckResult[]): string {
  const passed = results.filter((r) => r.pass).length;
  const summary = results.length === 0
    ? 'No checks ran.'
    : passed === results.length
      ? (results.length === 1 ? 'The 1 check passed.' : `All ${countOf(results.length, 'check')} passed.`)
      : `${formatCount(passed)} of ${countOf(results.length, 'check')} passed.`;
  const items = results.map((r) => {
    const detail = [
      r.got !== undefined ? `<span class="nb-check-got">got ${escapeHtml(r.got)}</span>` : '',
      r.expected !== undefined && !r.pass ? `<span class="nb-check-expected">expected ${escapeHtml(r.expected)}</span>` : '',
      r.note ? `<span class="nb-check-note">${escapeHtml(r.note)}</span>` : '',
    ].filter(Boolean).join(' ');
    return `<li class="nb-check ${r.pass ? 'nb-pass' : 'nb-fail'}"><span class="nb-check-mark" aria-hidden="true">${r.pass ? '✓' : '✗'}</span>` +
      `<span class="visually-hidden">${r.pass ? 'Passed' : 'Failed'}: </span><span class="nb-check-label">${escapeHtml(r.label)}</span>` +
      (detail ? `<span class="nb-check-detail">${detail}</span>` : '') + '</li>';
  }).join('');
  return `<div class="nb-out nb-checks"><p class="nb-checks-summary">${summary}</p><ul>${items}</ul></div>`;
}

function renderTable(table: TableItem): string {
  const rows = table.cells
    .map((row) => `<tr>${row.map((cell) => `<td${ELLIPSES.has(cell) ? ' class="nb-ellipsis"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="nb-table"><caption class="nb-shape">${escapeHtml(table.label)}</caption><tbody>${rows}</tbody></table>`;
}

const ELLIPSES = new Set(['…', '⋮', '⋱']);

function renderNode(node: InspectNode, open: boolean): string {
  const summary = escapeHtml(node.summary);
  if (node.table) {
    return `<details class="nb-node"${open ? ' open' : ''}><summary>${summary}</summary>${renderTable(node.table)}</details>`;
  }
  if (!node.entries) return `<span class="nb-leaf">${summary}</span>`;
  const entries = node.entries
    .map(({ key, node: child }) => `<li><span class="nb-key">${escapeHtml(key)}</span> ${renderNode(child, false)}</li>`)
    .join('');
  return `<details class="nb-node"${open ? ' open' : ''}><summary>${summary}</summary><ul class="nb-entries">${entries}</ul></details>`;
}

/** What a cell ran to, as the build pre-renders it and the page shows it: its outputs, then its error. */
export function renderCellOutput(result: { outputs: DisplayItem[]; error?: ErrorView }, sanitizeChart: ChartSanitizer): string {
  return result.outputs.map((item) => renderDisplay(item, sanitizeChart)).join('') + (result.error ? renderCellError(result.error) : '');
}

/** A cell error as it is shown: errors.ts's CellError, or the same fields from elsewhere. */
type ErrorView = { name: string; message: string; line?: number; column?: number; frame?: string };

/** A reader-facing error: the message with its place, then the code frame. */
export function renderCellError(error: ErrorView): string {
  // Everything here is escaped or a whole number: an error can carry what the reader's code threw.
  const line = Number(error.line);
  const column = Number(error.column);
  const place = Number.isInteger(line) && line > 0 ? ` <span class="nb-error-place">(line ${line}${Number.isInteger(column) && column > 0 ? `, column ${column}` : ''})</span>` : '';
  // tabindex: a frame wider than the cell scrolls, and a scrolling region must be reachable by keyboard.
  const frame = error.frame ? `<pre class="nb-error-frame" tabindex="0" aria-label="Where the error is">${escapeHtml(error.frame)}</pre>` : '';
  return `<div class="nb-error"><p class="nb-error-message"><strong class="nb-error-name">${escapeHtml(String(error.name))}</strong>: ${escapeHtml(String(error.message))}${place}</p>${frame}</div>`;
}
