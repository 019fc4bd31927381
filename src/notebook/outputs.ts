// What one run of a cell keeps of what it printed and displayed. A loop that logs ten thousand
// lines must not make a ten-thousand-line page, and what matters at the end of a training loop
// is its last lines (the final loss): so a run keeps its first outputs and its last ones, notes
// how many were left out between them, and always ends with the cell's value. Every output is
// described within what the run has left of its budget (display.ts), so no run, however
// chatty, sends the page more than a few megabytes.

import { chartsNotDrawn, MAX_CHART_CHARS, MAX_CHART_ELEMENTS, OUTPUT_BUDGET, type Budget, type DisplayItem } from './display.ts';
import { formatCount } from '../lib/numbers.ts';

export interface OutputLimits {
  /** Outputs kept from the start of a run. */
  head: number;
  /** Outputs kept from its end (before the value). */
  tail: number;
  /**
   * What everything the run shows may cost together, late output included; each output may also
   * cost at most OUTPUT_BUDGET, and each chart MAX_CHART_ELEMENTS and MAX_CHART_CHARS.
   */
  budget: Budget;
  /**
   * Chart elements the run may draw in all. The page draws (and sanitises) a chart's elements
   * at once, about 50 µs each, where an inspector's entries are built only when opened; so a
   * run's charts together may draw as many as one chart may (MAX_CHART_ELEMENTS), about a
   * quarter of a second of the page's time. The book's busiest cell draws 464. Default:
   * MAX_CHART_ELEMENTS.
   */
  chartElements?: number;
}

export const OUTPUT_LIMITS: Readonly<OutputLimits> = {
  head: 50,
  tail: 200,
  budget: { nodes: 20_000, chars: 2_000_000 },
  chartElements: MAX_CHART_ELEMENTS,
};

/** Describes one output (display.ts's toDisplay or toText), spending from `budget`. */
export type DescribeOutput = (budget: Budget) => DisplayItem;

export interface OutputLog {
  /** A console line or a display(): described now, since the value may change later. */
  add(describe: DescribeOutput): void;
  /** The cell's value: always kept, after everything else, with a whole output's budget set aside for it. */
  value(describe: DescribeOutput): void;
  /**
   * Output after the run ended (a timer or promise of the cell), from what the run left of its
   * budget; once that is spent, one note says so and the rest is undefined (not shown).
   */
  late(describe: DescribeOutput): DisplayItem | undefined;
  /** Outputs added so far, kept or not. */
  readonly count: number;
  /** What the run shows: the first outputs, where some were left out, the last ones, the value. */
  items(): DisplayItem[];
}

interface Kept {
  item: DisplayItem;
  cost: Budget & { elements: number };
}

/** A fresh log for one run. */
export function createOutputLog(limits: OutputLimits = OUTPUT_LIMITS): OutputLog {
  // Everything the run shows spends from one total: console lines, display() items, the charts
  // they draw, the value and what arrives after the run. The value's whole output is set aside
  // from the start, so however much comes before it, it is shown; once the run has ended, what
  // it set aside is free for late output.
  const elements = limits.chartElements ?? MAX_CHART_ELEMENTS;
  const left = { nodes: limits.budget.nodes, chars: limits.budget.chars, elements };
  const total = { elements, chars: limits.budget.chars };
  let reserve: Budget = { nodes: Math.min(OUTPUT_BUDGET.nodes, left.nodes), chars: Math.min(OUTPUT_BUDGET.chars, left.chars) };
  const head: Kept[] = [];
  // The last `tail` outputs, oldest first; an output pushed out returns what it cost.
  const tail: Kept[] = [];
  let omitted = 0;
  let omittedText = true;
  let count = 0;
  let last: DisplayItem | undefined;
  let lateRefused = false;
  let lateChartNoted = false;

  const describe = (make: DescribeOutput, allowance: Budget & { charts: { elements: number; chars: number } }): Kept => {
    const budget = { ...allowance, charts: { ...allowance.charts } };
    const item = make(budget);
    const cost = {
      nodes: allowance.nodes - budget.nodes,
      chars: allowance.chars - budget.chars,
      elements: allowance.charts.elements - budget.charts.elements,
    };
    left.nodes -= cost.nodes;
    left.chars -= cost.chars;
    left.elements -= cost.elements;
    if (item.kind === 'literal' && item.notDrawn) item.text = chartsNotDrawn(item.notDrawn, total);
    return { item, cost };
  };
  /** One output's allowance from what is left, less what is set aside. */
  const share = () => {
    const nodes = Math.max(0, left.nodes - reserve.nodes);
    const chars = Math.max(0, left.chars - reserve.chars);
    return {
      nodes: Math.min(OUTPUT_BUDGET.nodes, nodes),
      chars: Math.min(OUTPUT_BUDGET.chars, chars),
      charts: { elements: Math.max(0, Math.min(MAX_CHART_ELEMENTS, left.elements)), chars: Math.min(MAX_CHART_CHARS, chars) },
    };
  };
  const release = () => {
    reserve = { nodes: 0, chars: 0 };
  };
  /** A chart refused right after another: one note counts them both. */
  const mergeRefused = (kept: Kept, before: Kept | undefined): boolean => {
    const note = kept.item;
    const previous = before?.item;
    if (note.kind !== 'literal' || !note.notDrawn || previous?.kind !== 'literal' || !previous.notDrawn) return false;
    previous.notDrawn += note.notDrawn;
    previous.text = chartsNotDrawn(previous.notDrawn, total);
    return true;
  };

  return {
    add(make) {
      count += 1;
      const toHead = head.length < limits.head;
      if (!toHead && limits.tail <= 0) {
        omitted += 1;
        omittedText = false; // not described, so not known to be a line
        return;
      }
      // The oldest of a full tail makes way first, so the new output can use what it cost.
      if (!toHead && tail.length >= limits.tail) {
        const out = tail.shift()!;
        left.nodes += out.cost.nodes;
        left.chars += out.cost.chars;
        left.elements += out.cost.elements;
        omitted += 1;
        if (out.item.kind !== 'text') omittedText = false;
      }
      const kept = describe(make, share());
      const list = toHead ? head : tail;
      if (!mergeRefused(kept, list.at(-1) ?? (toHead ? undefined : head.at(-1)))) list.push(kept);
    },
    value(make) {
      count += 1;
      release();
      last = describe(make, share()).item;
    },
    late(make) {
      release();
      if (left.nodes <= 0 || left.chars <= 0) {
        if (lateRefused) return undefined;
        lateRefused = true;
        return { kind: 'literal', text: `More late output not shown: this run's outputs reached their total of ${formatCount(limits.budget.nodes)} entries and ${formatCount(limits.budget.chars)} characters.` };
      }
      const { item } = describe(make, share());
      // Charts a timer keeps drawing past the total: one note, not one for each.
      if (item.kind === 'literal' && item.notDrawn) {
        if (lateChartNoted) return undefined;
        lateChartNoted = true;
      }
      return item;
    },
    get count() {
      return count;
    },
    items() {
      release();
      const items = head.map((k) => k.item);
      if (omitted > 0) items.push({ kind: 'omitted', count: omitted, head: limits.head, tail: limits.tail, noun: omittedText ? 'line' : 'output' });
      items.push(...tail.map((k) => k.item));
      if (last) items.push(last);
      return items;
    },
  };
}
