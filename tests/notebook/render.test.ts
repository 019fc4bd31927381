import { describe, expect, test } from 'vitest';
import { parseHTML } from 'linkedom';
import { inspectForChecks, toDisplay, type DisplayItem, type InspectNode } from '../../src/notebook/display.ts';
import { CHECKLIST_CHARS, renderCellOutput, renderChecklist, renderDisplay, renderLazyNode } from '../../src/notebook/render.ts';
import { sanitizeChart } from '../../src/notebook/sanitize-node.ts';
import { createChecker } from '../../src/notebook/checks.ts';

// Issue 17, item 5: whatever an item holds, the page builds a bounded tree, and the levels of a
// big value are built when the reader opens them.
const parse = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
const elements = (html: string) => parse(html).body.getElementsByTagName('*').length;
const cube = () => Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 0)));

describe('a big value is built level by level', () => {
  test('the 100×100×100 array: its top level now, a closed entry when it is opened', () => {
    const html = renderDisplay(toDisplay(cube()));
    expect(elements(html)).toBeLessThan(1_000);
    const doc = parse(html);
    const last = doc.querySelector('.nb-inspect > details > ul > li:last-child > details')!;
    expect(last.querySelector('table')).toBeNull();
    const data = last.getAttribute('data-nb-node')!;
    const inside = renderLazyNode(data);
    expect(inside).toContain('<caption class="nb-shape">100×100 array (showing 12 of 100 rows, 10 of 100 columns)</caption>');
    expect(elements(inside)).toBeLessThan(200);
  });

  test('a small value is written whole, as before', () => {
    expect(renderDisplay(toDisplay({ a: { b: 1 } }))).toBe(
      '<div class="nb-out nb-inspect"><details class="nb-node" open><summary>{a: {b: 1}}</summary><ul class="nb-entries">' +
        '<li><span class="nb-key">a</span> <details class="nb-node"><summary>{b: 1}</summary><ul class="nb-entries">' +
        '<li><span class="nb-key">b</span> <span class="nb-leaf">1</span></li></ul></details></li></ul></details></div>',
    );
  });

  test('a level the budget did not reach says so when opened', () => {
    const item: DisplayItem = { kind: 'inspect', node: { summary: '{…}', entries: [{ key: 'deep', node: { summary: '{x: …}', overBudget: true } }] } };
    expect(renderDisplay(item)).toContain('<details class="nb-node"><summary>{x: …}</summary><p class="nb-over-budget">Not described: this output reached its size limit. Show this part on its own, with display(), to see inside it.</p></details>');
  });

  test('lazy data is escaped, and what it holds is rendered as text', () => {
    const node: InspectNode = { summary: '"><img src=x>', entries: Array.from({ length: 100 }, (_, i) => ({ key: `<b>${i}`, node: { summary: '<i>', entries: Array.from({ length: 50 }, () => ({ key: 'k', node: { summary: '<script>' } })) } })) };
    const html = renderDisplay({ kind: 'inspect', node });
    expect(html).not.toMatch(/<(img|b|i|script)[ >]/);
    const data = parse(html).querySelector('[data-nb-node]')!.getAttribute('data-nb-node')!;
    expect(renderLazyNode(data)).not.toMatch(/<(img|b|i|script)[ >]/);
    expect(renderLazyNode('not json')).toBe('');
  });
});

describe('a forged item cannot make the page build a huge tree', () => {
  test('a million entries: a hundred are built, and the rest counted', () => {
    const node: InspectNode = { summary: 'x', entries: Array.from({ length: 1_000_000 }, (_, i) => ({ key: String(i), node: { summary: '0' } })) };
    const html = renderDisplay({ kind: 'inspect', node });
    expect(parse(html).querySelectorAll('li')).toHaveLength(101);
    expect(html).toContain('<li><span class="nb-key">…</span> <span class="nb-leaf">999,900 more</span></li>');
  });

  test('a cycle, a giant table and a giant text stay bounded', () => {
    const node: InspectNode = { summary: 'loop', entries: [] };
    node.entries!.push({ key: 'self', node });
    expect(elements(renderDisplay({ kind: 'inspect', node }))).toBeLessThan(50);
    const table = renderDisplay({ kind: 'table', label: 't', rows: 5000, cols: 5000, cells: Array.from({ length: 5000 }, () => Array.from({ length: 5000 }, () => '1')) });
    expect(parse(table).querySelectorAll('td')).toHaveLength(30 * 30);
    expect(renderDisplay({ kind: 'text', level: 'log', text: 'z'.repeat(1e6) }).length).toBeLessThan(21_000);
  });

  test('at most a thousand outputs per cell, and the rest counted', () => {
    const outputs: DisplayItem[] = Array.from({ length: 5000 }, (_, i) => ({ kind: 'text', level: 'log', text: String(i) }));
    const html = renderCellOutput({ outputs }, sanitizeChart);
    expect(parse(html).querySelectorAll('pre')).toHaveLength(1000);
    expect(html.endsWith('<p class="nb-out nb-omitted">… 4,000 outputs not shown</p>')).toBe(true);
  });
});

describe('a long log', () => {
  test('says how many lines it left out, and which it kept', () => {
    expect(renderDisplay({ kind: 'omitted', count: 9750, head: 50, tail: 200, noun: 'line' })).toBe(
      '<p class="nb-out nb-omitted">… 9,750 lines not shown (a cell keeps its first 50 and last 200)</p>',
    );
    expect(renderDisplay({ kind: 'omitted', count: 3, head: 50, tail: 200, noun: 'output' })).toContain('… 3 outputs not shown');
  });
});

describe('some of a run’s checks', () => {
  // The review's second run shows only the checks that fail there: "0 of 1 check passed" would
  // read as the whole run's count.
  test('go under the caller’s summary, escaped, and show where they were tried', () => {
    const html = renderChecklist([{ label: 'near 0', pass: false, got: '[0]', expected: '[5e-8]', drawn: 'a = 5e-8' }], 'At <the> review’s points:');
    const { document } = parseHTML(`<div>${html}</div>`);
    expect(document.querySelector('.nb-checks-summary')!.textContent).toBe('At <the> review’s points:');
    expect(document.querySelector('.nb-check-drawn')!.textContent).toBe('drawn for this run: a = 5e-8');
    expect(html).not.toContain('checks passed');
  });
});

describe('a checklist stays within a total', () => {
  test('what a failing check got opens in the inspector, built when opened', () => {
    const round = createChecker('code', inspectForChecks);
    round.check.close({ rows: Array.from({ length: 20_000 }, (_, i) => ({ i, v: [i, i] })) }, 0.5, { label: 'rows' });
    const html = renderDisplay({ kind: 'checks', results: round.results() });
    const { document } = parseHTML(`<div>${html}</div>`);
    const details = document.querySelector('.nb-check-got + details.nb-check-value')!;
    expect(details.querySelector('summary')!.textContent).toBe('{rows: [{…}, {…}, {…}, … 19997 more]}');
    expect(details.querySelector('li')).toBeNull(); // nothing built until opened
    const { document: opened } = parseHTML(`<ul>${renderLazyNode(details.getAttribute('data-nb-node')!)}</ul>`);
    expect(opened.querySelector('.nb-key')!.textContent).toBe('rows');
  });

  test('500 forged checks of 20,000 characters each: the page lays out at most the total, and says where it cut', () => {
    const results = Array.from({ length: 500 }, (_, k) => ({ label: `check ${k}`, pass: false, got: 'g'.repeat(20_000), expected: 'e'.repeat(20_000), note: 'n'.repeat(20_000) }));
    const html = renderDisplay({ kind: 'checks', results });
    expect(html.length).toBeLessThanOrEqual(CHECKLIST_CHARS + 120_000); // the markup of 500 items besides their text
    expect(html).toContain('0 of 500 checks passed.');
    expect(html).toContain('check 499'); // every verdict is listed
    expect(html).toMatch(/not shown: this checklist reached its total of 200,000 characters\)/);
  });
});
