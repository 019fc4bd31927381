import { describe, expect, test } from 'vitest';
import { createOutputLog, OUTPUT_LIMITS } from '../../src/notebook/outputs.ts';
import { toDisplay, type DisplayItem, type InspectNode } from '../../src/notebook/display.ts';
import { toText } from '../../src/notebook/console-text.ts';
import * as Plot from '@observablehq/plot';
import { elementsUpTo, markPlotResult } from '../../src/notebook/plot-output.ts';
import { createDocument } from '../../src/notebook/dom.ts';

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
    const log = createOutputLog({ head: 10, tail: 10, budget: { nodes: 2_250, chars: 1_000_000 }, chartElements: 5_000 }); // 2,000 set aside for the value
    for (let i = 0; i < 5; i++) log.add((budget) => toDisplay(big(), { budget }));
    log.value((budget) => toDisplay(big(), { budget }));
    const sizes = log.items().map((item) => (item.kind === 'inspect' ? nodes(item.node) : 0));
    expect(sizes.slice(0, 5).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(250 + 5 * 2);
    expect(sizes[4]).toBe(1); // nothing left: a summary alone
    expect(sizes[5]).toBe(201); // the value: every entry, and each entry's one field
  });

  test('an output pushed out of the tail gives its budget back to the ones that follow', () => {
    const big = () => Array.from({ length: 100 }, (_, i) => ({ i }));
    const log = createOutputLog({ head: 0, tail: 1, budget: { nodes: 2_250, chars: 1_000_000 }, chartElements: 5_000 }); // 2,000 set aside for the value
    for (let i = 0; i < 20; i++) log.add((budget) => toDisplay(big(), { budget }));
    const [, last] = log.items();
    expect(last.kind === 'inspect' && nodes(last.node)).toBe(201);
  });

  // Issue 17, item 5 (red team): a hundred charts, each within a chart's limits, built 403,000
  // SVG elements and froze the page for 17 s; charts did not count against the run's total.
  const chart = (dots: number) => markPlotResult({ tagName: 'svg', outerHTML: `<svg>${'<circle r="1"></circle>'.repeat(dots)}</svg>` });
  const drawn = (items: DisplayItem[]) => items.filter((item) => item.kind === 'html');
  const notes = (items: DisplayItem[]) => items.flatMap((item) => (item.kind === 'literal' ? [item.text] : []));

  test('charts draw from the run’s total: those past it are one note in place, saying how many and why', () => {
    const log = createOutputLog();
    for (let k = 0; k < 100; k++) log.add((budget) => toDisplay(chart(4000), { budget }));
    const items = log.items();
    const elements = drawn(items).reduce((sum, item) => sum + (item.kind === 'html' ? item.html.split('<circle').length - 1 : 0), 0);
    expect(elements).toBeLessThanOrEqual(OUTPUT_LIMITS.chartElements!);
    expect(drawn(items)).toHaveLength(1); // 4,001 elements of the run's 5,000
    expect(notes(items)).toEqual([
      "99 charts not drawn: this run's outputs reached their total of 5,000 chart elements and 2,000,000 characters, so the page stays responsive. Draw fewer charts in one run (or fewer marks in each), or show the rest in a run of their own.",
    ]);
  });

  test('a chart over what the run has left is refused before its markup is made; one within it is still counted from its markup', () => {
    // Forty 4,000-dot charts in a run made 14 MB of markup in the worker to refuse 39 of them.
    const document = createDocument();
    const data = Array.from({ length: 4000 }, (_, i) => [i, (i * 7919) % 1000]);
    let serialised = 0;
    const counted = () => {
      const svg = markPlotResult(Plot.dot(data).plot({ height: 100, document }) as unknown as Element);
      let proto: object = svg;
      while (!Object.getOwnPropertyDescriptor(proto, 'outerHTML')) proto = Object.getPrototypeOf(proto);
      const outerHTML = Object.getOwnPropertyDescriptor(proto, 'outerHTML')!.get!;
      Object.defineProperty(svg, 'outerHTML', { get: () => (serialised++, outerHTML.call(svg)) });
      return svg;
    };
    const log = createOutputLog();
    for (let k = 0; k < 40; k++) log.add((budget) => toDisplay(counted(), { budget }));
    expect(drawn(log.items())).toHaveLength(1);
    expect(notes(log.items())[0]).toMatch(/^39 charts not drawn: this run's outputs reached their total of 5,000 chart elements/);
    expect(serialised).toBe(1);
  });

  test('elementsUpTo counts a chart’s elements as its markup does, and stops past its bound however the tree is rewired', () => {
    const svg = Plot.dot([[1, 2], [3, 4], [5, 6]]).plot({ document: createDocument() }) as unknown as Element;
    const markup = svg.outerHTML;
    expect(elementsUpTo(svg, 5_000)).toBe(markup.split('<').length - 1 - (markup.match(/<\//g)?.length ?? 0));
    expect(elementsUpTo(svg, 3)).toBe(4);
    // A cell can redefine the walk's getters: a child that is its own sibling and parent.
    const loop = { nextElementSibling: undefined as unknown, firstElementChild: undefined as unknown };
    loop.nextElementSibling = loop;
    loop.firstElementChild = loop;
    expect(elementsUpTo(loop as unknown as Element, 100)).toBe(101);
  });

  test('a chart refused alone says "This chart", and the value is still shown after it', () => {
    const log = createOutputLog({ ...OUTPUT_LIMITS, chartElements: 7_000 });
    log.add((budget) => toDisplay(chart(4000), { budget }));
    log.add((budget) => toDisplay(chart(4000), { budget }));
    log.add((budget) => toText(['after'], 'log', { budget }));
    log.add((budget) => toDisplay(chart(2000), { budget }));
    log.value((budget) => toDisplay([1, 2, 3], { budget }));
    expect(log.items().map((item) => item.kind)).toEqual(['html', 'literal', 'text', 'html', 'table']);
    expect(notes(log.items())[0]).toMatch(/^This chart is not drawn: this run's outputs reached their total of 7,000 chart elements/);
  });

  test('the value’s share is set aside: a run that spent its budget still shows a whole value, and a chart as its value counts too', () => {
    const log = createOutputLog({ ...OUTPUT_LIMITS, budget: { nodes: 2_500, chars: 2_000_000 } });
    for (let i = 0; i < 5; i++) log.add((budget) => toDisplay(Array.from({ length: 100 }, (_, j) => ({ j })), { budget }));
    log.value((budget) => toDisplay(Array.from({ length: 100 }, (_, j) => ({ j })), { budget }));
    const items = log.items();
    const last = items.at(-1)!;
    expect(last.kind === 'inspect' && nodes(last.node)).toBe(201);
    const value = createOutputLog();
    value.add((budget) => toDisplay(chart(4000), { budget }));
    value.value((budget) => toDisplay(chart(2000), { budget }));
    expect(notes(value.items())[0]).toMatch(/^This chart is not drawn: this run's outputs reached their total of 5,000 chart elements/);
  });

  test('late output draws from what the run left, and says once when that is spent', () => {
    const log = createOutputLog({ ...OUTPUT_LIMITS, chartElements: 10_000 });
    log.add((budget) => toDisplay(chart(4000), { budget }));
    log.items(); // the run ends
    const late = Array.from({ length: 5 }, () => log.late((budget) => toDisplay(chart(2000), { budget })));
    expect(late.map((item) => item?.kind)).toEqual(['html', 'html', 'literal', undefined, undefined]);
    const lines = Array.from({ length: 3 }, () => log.late((budget) => toText(['x'.repeat(100)], 'log', { budget })));
    expect(lines.map((item) => item?.kind)).toEqual(['text', 'text', 'text']);
    const flood = createOutputLog({ ...OUTPUT_LIMITS, budget: { nodes: 10, chars: 1_000 } });
    flood.items();
    const out = Array.from({ length: 20 }, () => flood.late((budget) => toText(['y'.repeat(300)], 'log', { budget })));
    expect(out.filter((item) => item?.kind === 'text').length).toBeLessThanOrEqual(5);
    expect(out.filter((item) => item?.kind === 'literal').map((item) => item?.kind === 'literal' && item.text)).toEqual([
      "More late output not shown: this run's outputs reached their total of 10 entries and 1,000 characters.",
    ]);
    expect(out.at(-1)).toBeUndefined();
  });
});

