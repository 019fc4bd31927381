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
// The value is described by the files beside this one: inspect.ts (the inspector's tree and
// one-line summaries, promises), grid.ts (numbers as tables), console-text.ts (console lines),
// value-text.ts (reading a value safely; numbers, literals and functions as text) and
// plot-output.ts (Plot's elements).
//
// Every item is described within a budget of inspector nodes and characters (Budget), so no
// value, however big, can make a huge message or a huge page: big values are summarised
// breadth first, and what the budget did not reach says so.

import { asTable, tableChars } from './grid.ts';
import { inspectValue, Texts } from './inspect.ts';
import { accessiblePlot, elementsUpTo, isPlotResult, renumberPlotIds } from './plot-output.ts';
import { formatCount, formatNumber } from '../lib/numbers.ts';
import { functionSignature, guard, literal, marked, MAX_KEY, proxyMark, reasonOf, spend } from './value-text.ts';
import type { CheckResult } from './check-report.ts';
import { REVOKED, REVOKED_PROXY, unproxied } from './proxy-targets.ts';

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

export type DisplayItem =
  /** A console line: the arguments formatted as a browser's console does, joined by spaces. */
  | { kind: 'text'; level: LogLevel; text: string }
  | { kind: 'number'; text: string }
  /** A string value; rendered with quotes so "1" and 1 look different. */
  | { kind: 'string'; text: string }
  /**
   * true, false, null, undefined, bigints, symbols, dates, regular expressions; and notes in
   * place of what was not shown. `notDrawn`: this many charts the run's total budget had no
   * room for (outputs.ts makes one note of charts refused one after another).
   */
  | { kind: 'literal'; text: string; notDrawn?: number }
  /** ƒ name(params), or class Name. */
  | { kind: 'function'; text: string }
  | { kind: 'error'; name: string; message: string }
  | TableItem
  | { kind: 'inspect'; node: InspectNode }
  /** Serialised Plot output (an <svg> or <figure>): untrusted, sanitised when rendered. */
  | { kind: 'html'; html: string }
  /**
   * An exercise's checks, drawn as a checklist (see checks.ts). `stopped`: an error ended the
   * checks before their last one, so the checklist is not all of them and may not say "All passed".
   */
  | { kind: 'checks'; results: CheckResult[]; stopped?: boolean }
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
 * table) and characters of text (summaries, keys, strings, table cells), each text counted at
 * what it costs the page to lay out (layoutCost in src/lib/clip.ts: its length, and more at
 * each change of script or direction).
 */
export interface Budget {
  nodes: number;
  chars: number;
  /**
   * What a chart may still draw, in elements and characters: what the run has left of its total
   * (outputs.ts), never more than MAX_CHART_ELEMENTS and MAX_CHART_CHARS. A chart drawn spends
   * its elements from here and its characters from here and from `chars`, so the run's log
   * counts it. Absent: a chart's own limits alone.
   */
  charts?: { elements: number; chars: number };
}

/**
 * One output's allowance. At most about 200 KB crosses to the page for one value, in a few
 * milliseconds, and render.ts builds only the levels a reader opens.
 */
export const OUTPUT_BUDGET: Readonly<Budget> = { nodes: 2_000, chars: 200_000 };

/**
 * The most a chart may draw. The book's largest has about 350 elements and 100 KB. The page
 * sanitises a chart in steps (sanitize.ts inSteps) but draws it at once, about 10 µs an element,
 * and keeps every element in memory: a chart is refused, with a message, above these.
 */
export const MAX_CHART_ELEMENTS = 5_000;
export const MAX_CHART_CHARS = 1_000_000;

/**
 * The note in place of `count` charts a run had no room left for (`total`: the run's whole
 * budget, when known).
 */
export function chartsNotDrawn(count: number, total?: { elements: number; chars: number }): string {
  const what = count === 1 ? 'This chart is not drawn' : `${formatCount(count)} charts not drawn`;
  const reached = total
    ? `this run's outputs reached their total of ${formatCount(total.elements)} chart elements and ${formatCount(total.chars)} characters`
    : "this run's outputs reached their total";
  return `${what}: ${reached}, so the page stays responsive. Draw fewer charts in one run (or fewer marks in each), or show the rest in a run of their own.`;
}

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

/**
 * What a failing check got, for the inspector (checks.ts, InspectValue): an object's tree within
 * `budget`, counted down; undefined for what is not shown as a tree (a table of numbers, a chart).
 */
export function inspectForChecks(value: unknown, budget: Budget): InspectNode | undefined {
  const item = toDisplay(value, { budget });
  return item.kind === 'inspect' ? item.node : undefined;
}

function describe(shown: unknown, idPrefix: string | undefined, budget: Budget, texts: Texts): DisplayItem {
  // A proxy a cell made is described by its target: its traps are the reader's code, never run.
  // So it is marked as a proxy (`Proxy(Object) {balance: 100}`, proxyMark): the proxy itself
  // may give something else. A marked error or chart is an inspector node whose summary carries
  // the mark (a chart is not drawn: its markup would pose as the proxy's); a marked number grid
  // is a table whose label does.
  const value = unproxied(shown);
  if (value === REVOKED) return { kind: 'literal', text: REVOKED_PROXY };
  const mark = proxyMark(shown, value);
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
      return { kind: 'function', text: spend(budget, marked(mark, functionSignature(value as Function))) };
  }
  if (value === null) return { kind: 'literal', text: 'null' };
  if (mark === undefined && isPlotResult(value)) {
    // A chart within the limit for one output but over what the run has left is refused before
    // its markup is made: forty 4,000-dot charts in a run made 14 MB of markup to refuse 39.
    if (budget.charts) {
      const elements = elementsUpTo(value, MAX_CHART_ELEMENTS);
      if (elements <= MAX_CHART_ELEMENTS && elements > budget.charts.elements) {
        return { kind: 'literal', text: chartsNotDrawn(1), notDrawn: 1 };
      }
    }
    const markup = String(value.outerHTML);
    // 20,000 dots (27,000 elements) once blocked the page for 9 s: a chart is counted before it crosses.
    const elements = markup.split('<').length - 1 - (markup.match(/<\//g)?.length ?? 0);
    if (elements > MAX_CHART_ELEMENTS || markup.length > MAX_CHART_CHARS) {
      return {
        kind: 'literal',
        text: `This chart is not drawn: it has ${formatCount(elements)} elements (${formatCount(markup.length)} characters), more than the ${formatCount(MAX_CHART_ELEMENTS)} elements and ${formatCount(MAX_CHART_CHARS)} characters an output may draw. Plot fewer marks: a sample of the points, or a line instead of dots.`,
      };
    }
    // A hundred charts each within the limits froze the page for 17 s: what a run draws is
    // counted against its total too.
    if (budget.charts && (elements > budget.charts.elements || markup.length > budget.charts.chars)) {
      return { kind: 'literal', text: chartsNotDrawn(1), notDrawn: 1 };
    }
    if (budget.charts) {
      budget.charts.elements -= elements;
      budget.charts.chars -= markup.length;
    }
    budget.chars -= markup.length;
    const html = accessiblePlot(markup);
    return { kind: 'html', html: idPrefix ? renumberPlotIds(html, idPrefix) : html };
  }
  if (mark === undefined && value instanceof Error) {
    return {
      kind: 'error',
      name: spend(
        budget,
        guard(() => String(value.name)),
        MAX_KEY,
      ),
      message: spend(
        budget,
        guard(() => String(value.message)),
      ),
    };
  }
  if (value instanceof Date || value instanceof RegExp) return { kind: 'literal', text: marked(mark, literal(value)) };
  const table = asTable(value);
  if (table) {
    table.label = marked(mark, table.label);
    budget.nodes -= 1;
    budget.chars -= tableChars(table);
    return table;
  }
  return { kind: 'inspect', node: inspectValue(value, mark, budget, texts) };
}
