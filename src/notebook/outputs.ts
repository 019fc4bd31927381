// What one run of a cell keeps of what it printed and displayed. A loop that logs ten thousand
// lines must not make a ten-thousand-line page, and what matters at the end of a training loop
// is its last lines (the final loss): so a run keeps its first outputs and its last ones, notes
// how many were left out between them, and always ends with the cell's value. Every output is
// described within what the run has left of its budget (display.ts), so no run, however
// chatty, sends the page more than a few megabytes.

import { OUTPUT_BUDGET, type Budget, type DisplayItem } from './display.ts';

export interface OutputLimits {
  /** Outputs kept from the start of a run. */
  head: number;
  /** Outputs kept from its end (before the value). */
  tail: number;
  /** What the kept outputs together may cost; each one may also cost at most OUTPUT_BUDGET. */
  budget: Budget;
}

export const OUTPUT_LIMITS: Readonly<OutputLimits> = { head: 50, tail: 200, budget: { nodes: 20_000, chars: 2_000_000 } };

/** Describes one output (display.ts's toDisplay or toText), spending from `budget`. */
export type DescribeOutput = (budget: Budget) => DisplayItem;

export interface OutputLog {
  /** A console line or a display(): described now, since the value may change later. */
  add(describe: DescribeOutput): void;
  /** The cell's value: always kept, after everything else, with a whole output's budget. */
  value(describe: DescribeOutput): void;
  /** Outputs added so far, kept or not. */
  readonly count: number;
  /** What the run shows: the first outputs, where some were left out, the last ones, the value. */
  items(): DisplayItem[];
}

interface Kept {
  item: DisplayItem;
  cost: Budget;
}

/** A fresh log for one run. */
export function createOutputLog(limits: OutputLimits = OUTPUT_LIMITS): OutputLog {
  const left: Budget = { ...limits.budget };
  const head: Kept[] = [];
  // The last `tail` outputs, oldest first; an output pushed out returns what it cost.
  const tail: Kept[] = [];
  let omitted = 0;
  let omittedText = true;
  let count = 0;
  let last: DisplayItem | undefined;

  const describe = (make: DescribeOutput, allowance: Budget): Kept => {
    const budget = { ...allowance };
    const item = make(budget);
    const cost = { nodes: allowance.nodes - budget.nodes, chars: allowance.chars - budget.chars };
    return { item, cost };
  };
  const share = (): Budget => ({
    nodes: Math.max(0, Math.min(OUTPUT_BUDGET.nodes, left.nodes)),
    chars: Math.max(0, Math.min(OUTPUT_BUDGET.chars, left.chars)),
  });

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
        omitted += 1;
        if (out.item.kind !== 'text') omittedText = false;
      }
      const kept = describe(make, share());
      left.nodes -= kept.cost.nodes;
      left.chars -= kept.cost.chars;
      (toHead ? head : tail).push(kept);
    },
    value(make) {
      count += 1;
      last = describe(make, { ...OUTPUT_BUDGET }).item;
    },
    get count() {
      return count;
    },
    items() {
      const items = head.map((k) => k.item);
      if (omitted > 0) items.push({ kind: 'omitted', count: omitted, head: limits.head, tail: limits.tail, noun: omittedText ? 'line' : 'output' });
      items.push(...tail.map((k) => k.item));
      if (last) items.push(last);
      return items;
    },
  };
}
