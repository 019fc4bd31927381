import { describe, expect, test, vi } from 'vitest';
import * as Plot from '@observablehq/plot';
import { openNodeKernel, runNotebook } from '../../src/notebook/node-runner.ts';
import { createDocument } from '../../src/notebook/dom.ts';
import { renderDisplay } from '../../src/notebook/render.ts';
import { sanitizeChart } from '../../src/notebook/sanitize-node.ts';

describe('linkedom document', () => {
  test('is enough for Plot to draw a real SVG with marks', () => {
    const svg = Plot.lineY([1, 3, 2]).plot({ document: createDocument() }) as unknown as Element;
    expect(typeof svg.outerHTML).toBe('string');
    expect(svg.outerHTML).toMatch(/^<svg /);
    expect(svg.outerHTML).toContain('aria-label="line"');
    expect(svg.outerHTML).toContain('<path');
  });

  // linkedom gave every node (element, text, attribute) an entry in a WeakMap of listener maps
  // as it was built; a worker drawing forty 4,000-dot charts spent most of its garbage collection
  // on those entries, and held up the page's frames (bench:page). patches/linkedom+*.patch makes
  // the map when a node first gets a listener.
  test('builds a chart without bookkeeping for every node: a node gets a listener map when it first gets a listener', () => {
    const document = createDocument();
    const set = vi.spyOn(WeakMap.prototype, 'set');
    try {
      const svg = Plot.dot(Array.from({ length: 1000 }, (_, i) => [i, i % 7])).plot({ document }) as unknown as Element;
      expect(svg.querySelectorAll('circle').length).toBe(1000);
      expect(set.mock.calls.length).toBeLessThan(50);
    } finally {
      set.mockRestore();
    }
  });

  test('still delivers events: listeners added, fired once or each time, removed, and removing one never added', () => {
    const document = createDocument();
    const node = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    const Event = (document.defaultView as unknown as { Event: typeof globalThis.Event }).Event;
    expect(() => node.removeEventListener('input', () => {})).not.toThrow();
    expect(node.dispatchEvent(new Event('input'))).toBe(true);
    const heard: string[] = [];
    const each = () => heard.push('each');
    node.addEventListener('input', each);
    node.addEventListener('input', () => heard.push('once'), { once: true });
    node.dispatchEvent(new Event('input'));
    node.dispatchEvent(new Event('input'));
    node.removeEventListener('input', each);
    node.dispatchEvent(new Event('input'));
    expect(heard).toEqual(['each', 'once', 'each']);
  });
});

describe('the time limit', () => {
  test("a cell that answered while this thread was blocked is not stopped: the block is not the cell's time", async () => {
    // A limit of 1 s, not less: a worker thread starved of the CPU for the limit by other tests on
    // a two-core machine was stopped at 300 ms (a full run beside a browser).
    const kernel = await openNodeKernel({ timeLimitMs: 1000 });
    try {
      await kernel.run('warm', '1'); // the thread has compiled its first cell
      const result = kernel.run('quick', '1 + 1');
      // The build's thread busy with other work (a chapter's type check) past the limit, in a
      // callback after which the event loop reaches its timers before the thread's messages.
      await new Promise<void>((done) => setImmediate(() => {
        const until = Date.now() + 2500;
        while (Date.now() < until) { /* blocked */ }
        done();
      }));
      expect(await result).toMatchObject({ status: 'ok', outputs: [expect.objectContaining({ text: '2' })] });
      const looping = await kernel.run('loop', 'while (true) {}');
      expect(looping.error?.message).toBe('Stopped after 1 s: the cell was still running. Is there a loop that never ends?');
    } finally {
      await kernel.close();
    }
  }, 30_000);
});

describe('runNotebook', () => {
  test('runs cells in order with the real network module', async () => {
    const results = await runNotebook([
      { id: 'a', source: 'import { fromArray, matmul } from "nn";\nconst A = fromArray([[1, 2], [3, 4]]);' },
      { id: 'b', source: 'matmul(A, A)' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(results[1].outputs).toEqual([{ kind: 'table', label: '2×2 matrix', rows: 2, cols: 2, cells: [['7', '10'], ['15', '22']] }]);
  });

  test('an error from the network module is shown in place and later cells still run', async () => {
    const results = await runNotebook([
      { id: 'a', source: 'import { fromArray, matmul } from "nn";\nconst A = fromArray([[1, 2, 3]]);\nconst B = matmul(A, A);' },
      { id: 'b', source: 'B' },
      { id: 'c', source: '1 + 1' },
    ]);
    expect(results[0].error).toMatchObject({ line: 3, column: 11 });
    expect(results[0].error?.message).toMatch(/matmul/);
    expect(results[1].error?.message).toBe('B is not defined — cell "a" defines it, but its last run failed. Fix that cell and run it again');
    expect(results[2].status).toBe('ok');
  });

  test('draws Plot charts, global or imported, as HTML with deterministic ids', async () => {
    const page = [
      { id: 'p', source: 'Plot.lineY([1, 3, 2]).plot()' },
      { id: 'q', source: 'import * as P from "@observablehq/plot";\ndisplay(P.plot({ marks: [P.dot([[1, 2], [2, 3]])], clip: true }));' },
    ];
    const first = await runNotebook(page);
    const second = await runNotebook(page);
    expect(first.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(first[0].outputs[0].kind).toBe('html');
    expect(renderDisplay(first[0].outputs[0], sanitizeChart)).toMatch(/^<div class="nb-out nb-plot"><svg /);
    // Rerunning unchanged code reproduces exactly what was pre-rendered.
    expect(second).toEqual(first.map((r, i) => ({ ...r, durationMs: second[i].durationMs })));
  });
});
