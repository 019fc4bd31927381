import { describe, expect, test } from 'vitest';
import { createOutputLog, OUTPUT_LIMITS } from '../../src/notebook/outputs.ts';
import { toDisplay, type DisplayItem, type InspectNode } from '../../src/notebook/display.ts';
import { toText } from '../../src/notebook/console-text.ts';

// Issue 17, items 5 and 6: what one run keeps of what it printed.
const text = (item: DisplayItem) => (item.kind === 'text' || item.kind === 'string' ? item.text : item.kind === 'omitted' ? `(${item.count} ${item.noun}s left out)` : item.kind);
const nodes = (node: InspectNode): number => 1 + (node.entries ?? []).reduce((sum, e) => sum + nodes(e.node), 0);

describe('a run’s outputs', () => {
  test('keep the first and the last, count what is left out between, and end with the value', () => {
    const log = createOutputLog({ ...OUTPUT_LIMITS, head: 2, tail: 3 });
    for (let i = 0; i < 10; i++) log.add((budget) => toText([`line ${i}`], 'log', { budget }));
    log.value((budget) => toDisplay('done', { budget }));
    expect(log.items().map(text)).toEqual(['line 0', 'line 1', '(5 lines left out)', 'line 7', 'line 8', 'line 9', 'done']);
    expect(log.count).toBe(11);
  });

  test('a short run keeps everything, and says nothing about leaving out', () => {
    const log = createOutputLog();
    log.add((budget) => toText(['a'], 'log', { budget }));
    log.add((budget) => toDisplay([1, 2], { budget }));
    expect(log.items().map((i) => i.kind)).toEqual(['text', 'table']);
  });

  test('outputs left out that were not lines are called outputs', () => {
    const log = createOutputLog({ ...OUTPUT_LIMITS, head: 1, tail: 1 });
    for (let i = 0; i < 3; i++) log.add((budget) => toDisplay({ i }, { budget }));
    expect(log.items().map(text)).toEqual(['inspect', '(1 outputs left out)', 'inspect']);
  });

  test('share one budget: later outputs get what is left, and the value always gets a whole one', () => {
    const big = () => Array.from({ length: 100 }, (_, i) => ({ i }));
    const log = createOutputLog({ head: 10, tail: 10, budget: { nodes: 250, chars: 1_000_000 } });
    for (let i = 0; i < 5; i++) log.add((budget) => toDisplay(big(), { budget }));
    log.value((budget) => toDisplay(big(), { budget }));
    const sizes = log.items().map((item) => (item.kind === 'inspect' ? nodes(item.node) : 0));
    expect(sizes.slice(0, 5).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(250 + 5 * 2);
    expect(sizes[4]).toBe(1); // nothing left: a summary alone
    expect(sizes[5]).toBe(201); // the value: every entry, and each entry's one field
  });

  test('an output pushed out of the tail gives its budget back to the ones that follow', () => {
    const big = () => Array.from({ length: 100 }, (_, i) => ({ i }));
    const log = createOutputLog({ head: 0, tail: 1, budget: { nodes: 250, chars: 1_000_000 } });
    for (let i = 0; i < 20; i++) log.add((budget) => toDisplay(big(), { budget }));
    const [, last] = log.items();
    expect(last.kind === 'inspect' && nodes(last.node)).toBe(201);
  });
});
