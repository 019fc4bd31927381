import { describe, expect, test } from 'vitest';
import { toDisplay, OUTPUT_BUDGET, type DisplayItem, type InspectNode } from '../../src/notebook/display.ts';
import { toText } from '../../src/notebook/console-text.ts';
import { formatNumber } from '../../src/lib/numbers.ts';
import { markPlotResult, renumberPlotIds, accessiblePlot } from '../../src/notebook/plot-output.ts';
import { renderDisplay, renderCellOutput, renderCellError } from '../../src/notebook/render.ts';
import { sanitizeChart } from '../../src/notebook/sanitize-node.ts';
import { isMatrix, zeros } from '../../src/nn/matrix.ts';
import { attemptProxy } from '../../src/notebook/withhold.ts';
import { reasonOf } from '../../src/notebook/value-text.ts';

const matrix = (rows: number, cols: number) => ({ rows, cols, data: Float64Array.from({ length: rows * cols }, (_, k) => k) });

describe('numbers', () => {
  test('integers as they are, others to 6 significant digits, exponents when tiny or huge', () => {
    expect([42, -7, 0, 1 / 3, 0.1, 2.5, 123456.78, 1234567.8, 0.00001234, -0.5e-10].map(formatNumber)).toEqual([
      '42', '-7', '0', '0.333333', '0.1', '2.5', '123457', '1.23457e+6', '1.234e-5', '-5e-11',
    ]);
  });

  test('NaN and infinities are shown plainly', () => {
    expect([NaN, Infinity, -Infinity].map(formatNumber)).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  test('render as a value', () => {
    expect(renderDisplay(toDisplay(1 / 3))).toBe('<div class="nb-out nb-number">0.333333</div>');
  });
});

describe('strings and literals', () => {
  test('a string value is quoted and escaped; <script> stays text', () => {
    expect(renderDisplay(toDisplay('<script>alert("hi")</script>'))).toBe(
      '<div class="nb-out nb-string">&quot;&lt;script&gt;alert(\\&quot;hi\\&quot;)&lt;/script&gt;&quot;</div>',
    );
  });

  test('a logged string is printed plain, values beside it formatted', () => {
    const item = toText(['loss <b>', 0.123456789, [1, 2], { a: 1 }], 'info');
    expect(item).toEqual({ kind: 'text', level: 'info', text: 'loss <b> 0.123457 [1, 2] {a: 1}' });
    expect(renderDisplay(item)).toBe('<pre class="nb-out nb-text nb-info">loss &lt;b&gt; 0.123457 [1, 2] {a: 1}</pre>');
  });

  test('a logged matrix prints NumPy-style with its shape', () => {
    expect(toText([{ rows: 2, cols: 2, data: new Float64Array([1, 0.5, -10, 2]) }]).text).toBe('2×2 matrix\n[[  1, 0.5],\n [-10,   2]]');
  });

  test('booleans, null, undefined and bigints are literals', () => {
    expect([true, null, undefined, 10n].map((v) => toDisplay(v))).toEqual([
      { kind: 'literal', text: 'true' },
      { kind: 'literal', text: 'null' },
      { kind: 'literal', text: 'undefined' },
      { kind: 'literal', text: '10n' },
    ]);
  });

  test('functions show their name and parameters', () => {
    function sigmoid(z: number, scale = 1) { return scale / (1 + Math.exp(-z)); }
    expect(toDisplay(sigmoid)).toEqual({ kind: 'function', text: 'ƒ sigmoid(z, scale = 1)' });
    expect(toDisplay((a: number) => a)).toEqual({ kind: 'function', text: 'ƒ (a)' });
    expect(toDisplay(class Net {})).toEqual({ kind: 'function', text: 'class Net' });
  });

  test('errors show their name and message', () => {
    expect(renderDisplay(toDisplay(new RangeError('too <big>')))).toBe(
      '<div class="nb-out nb-error-value"><span class="nb-error-name">RangeError</span>: too &lt;big&gt;</div>',
    );
  });
});

describe('tables', () => {
  test('a matrix is a table captioned with its shape', () => {
    expect(renderDisplay(toDisplay({ rows: 2, cols: 3, data: new Float64Array([1, 2, 3, 4, 5, 0.5]) }))).toBe(
      '<div class="nb-out nb-table-wrap" tabindex="0" role="region" aria-label="2×3 matrix"><table class="nb-table"><caption class="nb-shape">2×3 matrix</caption><tbody>' +
        '<tr><td>1</td><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td><td>0.5</td></tr></tbody></table></div>',
    );
  });

  test('number[] and number[][] and typed arrays are tables too', () => {
    expect(toDisplay([1, 2, 3])).toMatchObject({ kind: 'table', label: 'array of 3 numbers', cells: [['1', '2', '3']] });
    expect(toDisplay([[1, 2], [3, 4]])).toMatchObject({ kind: 'table', label: '2×2 array', cells: [['1', '2'], ['3', '4']] });
    expect(toDisplay(new Float32Array([0.5]))).toMatchObject({ kind: 'table', label: 'Float32Array of 1 number' });
  });

  test('a big matrix shows its first and last rows and columns, and the total', () => {
    const item = toDisplay(matrix(100, 784));
    if (item.kind !== 'table') throw new Error('expected a table');
    expect(item.label).toBe('100×784 matrix (showing 12 of 100 rows, 10 of 784 columns)');
    expect(item.cells).toHaveLength(13);
    expect(item.cells[0]).toEqual(['0', '1', '2', '3', '4', '…', '779', '780', '781', '782', '783']);
    expect(item.cells[6]).toEqual(['⋮', '⋮', '⋮', '⋮', '⋮', '⋱', '⋮', '⋮', '⋮', '⋮', '⋮']);
    expect(item.cells[12][0]).toBe(String(99 * 784));
    expect(renderDisplay(item)).toContain('<td class="nb-ellipsis">…</td>');
  });

  test('a matrix is what nn\'s isMatrix accepts (whole rows and columns), read without running getters', () => {
    const fake = { rows: 1.5, cols: 2, data: new Float64Array(3) };
    expect(isMatrix(fake)).toBe(false);
    expect(toDisplay(fake).kind).toBe('inspect');
    expect(toText([fake]).text).not.toContain('matrix');
    let reads = 0;
    const lazy = { get rows() { reads++; return 2; }, cols: 1, data: new Float64Array(2) };
    expect(toDisplay(lazy).kind).toBe('inspect');
    expect(reads).toBe(0);
    expect(toDisplay(zeros(2, 3))).toMatchObject({ kind: 'table', label: '2×3 matrix' });
  });

  test('a ragged array is not a table', () => {
    expect(toDisplay([[1, 2], [3]]).kind).toBe('inspect');
  });
});

describe('inspector', () => {
  test('an object expands to its entries, a matrix inside it to a table', () => {
    class Network { sizes = [2, 1]; W = { rows: 1, cols: 2, data: new Float64Array([0.5, -1]) }; }
    expect(toDisplay(new Network())).toEqual({
      kind: 'inspect',
      node: {
        summary: 'Network {sizes: [2, 1], W: Matrix 1×2}',
        entries: [
          { key: 'sizes', node: { summary: '[2, 1]', entries: [{ key: '0', node: { summary: '2' } }, { key: '1', node: { summary: '1' } }] } },
          { key: 'W', node: { summary: 'Matrix 1×2', table: { kind: 'table', label: '1×2 matrix', rows: 1, cols: 2, cells: [['0.5', '-1']] } } },
        ],
      },
    });
  });

  test('renders as nested <details>, the outer one open', () => {
    expect(renderDisplay(toDisplay({ a: 1, b: 'x<' }))).toBe(
      '<div class="nb-out nb-inspect"><details class="nb-node" open><summary>{a: 1, b: &quot;x&lt;&quot;}</summary><ul class="nb-entries">' +
        '<li><span class="nb-key">a</span> <span class="nb-leaf">1</span></li>' +
        '<li><span class="nb-key">b</span> <span class="nb-leaf">&quot;x&lt;&quot;</span></li></ul></details></div>',
    );
  });

  test('a cycle is marked instead of followed', () => {
    const node: Record<string, unknown> = { name: 'loop' };
    node.self = node;
    const item = toDisplay(node);
    if (item.kind !== 'inspect') throw new Error('expected the inspector');
    expect(item.node.summary).toBe('{name: "loop", self: [circular]}');
    expect(item.node.entries![1]).toEqual({ key: 'self', node: { summary: '[circular]' } });
  });

  test('depth is limited', () => {
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    const item = toDisplay(deep);
    if (item.kind !== 'inspect') throw new Error('expected the inspector');
    let node = item.node;
    let depth = 0;
    while (node.entries) {
      node = node.entries[0].node;
      depth++;
    }
    expect(depth).toBe(4);
    expect(node.summary).toBe('{e: {f: 1}}');
  });

  test('getters are not run', () => {
    const item = toDisplay({ get boom() { throw new Error('no'); } });
    expect(item).toEqual({ kind: 'inspect', node: { summary: '{boom: [getter]}', entries: [{ key: 'boom', node: { summary: '[getter]' } }] } });
  });

  test('maps, sets and arrays of objects', () => {
    expect((toDisplay(new Map([['a', 1]])) as { node: { summary: string } }).node.summary).toBe('Map(1) {"a" => 1}');
    expect((toDisplay(new Set([1, 2])) as { node: { summary: string } }).node.summary).toBe('Set(2) {1, 2}');
    expect((toDisplay([{ x: 1 }, { x: 2 }]) as { node: { summary: string } }).node.summary).toBe('[{x: 1}, {x: 2}]');
  });
});

describe('html', () => {
  test('only elements marked as Plot output become HTML, with deterministic ids', () => {
    const element = { outerHTML: '<svg><clipPath id="plot-clip-7"></clipPath><g clip-path="url(#plot-clip-7)"></g></svg>', tagName: 'svg' };
    expect(toDisplay(element).kind).toBe('inspect');
    markPlotResult(element);
    expect(toDisplay(element, { idPrefix: 'nb-c1-1' })).toEqual({
      kind: 'html',
      html: '<svg role="img" aria-label="Chart"><clipPath id="nb-c1-1-clip-1"></clipPath><g clip-path="url(#nb-c1-1-clip-1)"></g></svg>',
    });
    expect(renumberPlotIds('plot-pattern-3 plot-clip-9 plot-clip-9', 'p')).toBe('p-pattern-1 p-clip-2 p-clip-2');
  });

  test('a chart with more elements than an output may draw is refused with a message (a red team froze the page with 20,000 dots)', () => {
    const dots = (n: number) => {
      const element = { outerHTML: `<svg>${'<circle cx="1" cy="2" r="3"></circle>'.repeat(n)}</svg>`, tagName: 'svg' };
      markPlotResult(element);
      return toDisplay(element, { idPrefix: 'p' });
    };
    expect(dots(4_000).kind).toBe('html');
    expect(dots(20_000)).toEqual({
      kind: 'literal',
      text: 'This chart is not drawn: it has 20,001 elements (740,011 characters), more than the 5,000 elements and 1,000,000 characters an output may draw. Plot fewer marks: a sample of the points, or a line instead of dots.',
    });
  });

  test('a string that looks like HTML is still a string', () => {
    expect(toDisplay('<svg></svg>').kind).toBe('string');
  });

  test('a chart is rendered through the sanitiser: what the reader wrote into it is gone', () => {
    const item: DisplayItem = {
      kind: 'html',
      html: '<svg class="plot-d6a7b5"><g></g><div style="position:fixed;inset:0;background:red;z-index:99999">pwned</div><meta http-equiv="refresh" content="0;url=https://example.org"></svg>',
    };
    expect(renderDisplay(item, sanitizeChart)).toBe('<div class="nb-out nb-plot"><svg class="plot-d6a7b5"><g></g></svg><div>pwned</div></div>');
  });

  test('a chart with no sanitiser to pass through is refused, not shown raw', () => {
    expect(() => renderDisplay({ kind: 'html', html: '<svg></svg>' })).toThrow(
      'renderDisplay: a chart (html item) needs a sanitiser: pass sanitizeChart from sanitize-node.ts, or createChartSanitizer(window) from sanitize.ts on the page',
    );
  });
});

describe('no other item can carry markup', () => {
  // The worker runs the reader's code, so any item may be forged; every field must stay text.
  const attack = '<img src=x onerror=alert(1)>';
  const escaped = '&lt;img src=x onerror=alert(1)&gt;';
  const table = { kind: 'table' as const, label: attack, rows: 1, cols: 1, cells: [[attack]] };
  const items: DisplayItem[] = [
    { kind: 'text', level: 'log', text: attack },
    { kind: 'number', text: attack },
    { kind: 'string', text: attack },
    { kind: 'literal', text: attack },
    { kind: 'function', text: attack },
    { kind: 'error', name: attack, message: attack },
    table,
    { kind: 'inspect', node: { summary: attack, entries: [{ key: attack, node: { summary: attack, table } }] } },
    { kind: 'checks', results: [{ label: attack, pass: false, got: attack, expected: attack, note: attack }] },
  ];
  test.each(items.map((item) => [item.kind, item] as const))('%s', (_kind, item) => {
    const html = renderDisplay(item);
    expect(html).not.toContain('<img');
    expect(html).toContain(escaped);
  });

  test('nor can a cell error', () => {
    const html = renderCellError({ name: attack, message: attack, line: 1, column: 1, frame: attack });
    expect(html).not.toContain('<img');
    expect(html.split(escaped)).toHaveLength(4);
  });

  test('a cell’s whole output: items, then its error', () => {
    expect(renderCellOutput({ outputs: [{ kind: 'number', text: '1' }], error: { name: 'Error', message: attack } }, sanitizeChart)).toBe(
      `<div class="nb-out nb-number">1</div><div class="nb-error"><p class="nb-error-message"><strong class="nb-error-name">Error</strong>: ${escaped}</p></div>`,
    );
  });
});

describe('cell errors', () => {
  test('render with their place and code frame', () => {
    expect(renderCellError({ name: 'SyntaxError', message: 'Unexpected <token>', line: 1, column: 3, frame: '> 1 | a <\n    |   ^' })).toBe(
      '<div class="nb-error"><p class="nb-error-message"><strong class="nb-error-name">SyntaxError</strong>: Unexpected &lt;token&gt;' +
        ' <span class="nb-error-place">(line 1, column 3)</span></p><pre class="nb-error-frame" tabindex="0" aria-label="Where the error is">&gt; 1 | a &lt;\n    |   ^</pre></div>',
    );
  });
});

describe('charts from Plot', () => {
  test('get a text alternative made from their marks, and no aria-label on bare groups', () => {
    const svg = '<svg class="plot" viewBox="0 0 640 400"><g aria-label="y-axis tick" fill="none"></g><g aria-label="line"><path d="M0,0"></path></g><g aria-label="line"></g></svg>';
    expect(accessiblePlot(svg)).toBe('<svg class="plot" viewBox="0 0 640 400" role="img" aria-label="Chart: y-axis tick, line"><g fill="none"></g><g><path d="M0,0"></path></g><g></g></svg>');
    const named = '<svg role="img" aria-label="Loss per step"><g aria-label="line"></g></svg>';
    expect(accessiblePlot(named)).toBe('<svg role="img" aria-label="Loss per step"><g></g></svg>');
  });

  // Red team 47: the tag was taken to end at the first ">", inside this value, and the attributes
  // added there ended the value, so the rest of it (a heading, "All checks passed") became markup.
  test('read each tag to its end: a value holding ">" or a name of its own is an attribute value, no more', () => {
    const forged = '<svg aria-description="x&quot;></svg><h2>All checks passed</h2><svg a=&quot;" viewBox="0 0 9 9"><g aria-label="dot"></g></svg>';
    expect(accessiblePlot(forged)).toBe('<svg aria-description="x&quot;></svg><h2>All checks passed</h2><svg a=&quot;" viewBox="0 0 9 9" role="img" aria-label="Chart: dot"><g></g></svg>');
    const saying = '<svg aria-description="no role= here, no aria-label= either"><g data-x="<g aria-label=" aria-label="line"></g></svg>';
    expect(accessiblePlot(saying)).toBe('<svg aria-description="no role= here, no aria-label= either" role="img" aria-label="Chart: line"><g data-x="<g aria-label="></g></svg>');
  });

  test('in a figure, name the chart, not the first <svg> of its legend', () => {
    const figure = '<figure class="plot-figure"><h2>Loss</h2><div class="plot-swatches"><style>:where(.plot-swatch > svg) {}</style><span><svg fill="#4269d0" width="15"><rect height="100%" /></svg>a</span></div>' +
      '<svg class="plot-ramp" viewBox="0 0 240 50"><g aria-label="ramp"></g></svg><svg class="plot" viewBox="0 0 640 60"><g aria-label="dot"></g></svg><figcaption>c</figcaption></figure>';
    expect(accessiblePlot(figure)).toBe('<figure class="plot-figure"><h2>Loss</h2><div class="plot-swatches"><style>:where(.plot-swatch > svg) {}</style><span><svg fill="#4269d0" width="15"><rect height="100%" /></svg>a</span></div>' +
      '<svg class="plot-ramp" viewBox="0 0 240 50"><g></g></svg><svg class="plot" viewBox="0 0 640 60" role="img" aria-label="Chart: ramp, dot"><g></g></svg><figcaption>c</figcaption></figure>');
  });
});

// Issue 17, item 16: details readers notice.
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const inspected = (item: DisplayItem) => {
  if (item.kind !== 'inspect') throw new Error(`expected the inspector, got ${JSON.stringify(item)}`);
  return item.node;
};

describe('negative zero', () => {
  test('shows as -0, alone, in tables and in logs', () => {
    expect(formatNumber(-0)).toBe('-0');
    expect(toDisplay(-0)).toEqual({ kind: 'number', text: '-0' });
    expect(toDisplay([-0, 0])).toMatchObject({ kind: 'table', cells: [['-0', '0']] });
    expect(toText(['z =', -0]).text).toBe('z = -0');
  });
});

describe('console format strings, as browsers print them', () => {
  test('%s and %d take the next arguments; the rest follow with spaces', () => {
    expect(toText(['%s is %d', 'loss', 4.5]).text).toBe('loss is 4');
    expect(toText(['%d apples', 3, 'and', [1, 2]]).text).toBe('3 apples and [1, 2]');
  });

  test('%i %f %o %O %c %% and %s, each its own way', () => {
    expect(toText(['%i|%f|%o|%O|%c|%%|%s', '42.9px', '3.5e2', 'str', { a: 1 }, 'color: red', 7]).text).toBe('42|350|"str"|{a: 1}||%|7');
    expect(toText(['%s %s %d %d', -0, { w: [1, 2] }, Symbol('s'), 5n]).text).toBe('-0 {w: [1, 2]} NaN 5n');
  });

  test('a specifier without an argument stays, and a lone string is printed as it is', () => {
    expect(toText(['%s and %s', 'a']).text).toBe('a and %s');
    expect(toText(['100%%']).text).toBe('100%%');
    expect(toText([5, '%d']).text).toBe('5 %d');
  });
});

describe('promises show their state', () => {
  test('pending, fulfilled with its value, rejected with its reason', async () => {
    const failed = Promise.reject(new Error('no'));
    failed.catch(() => {});
    const node = inspected(toDisplay({ done: Promise.resolve(42), waiting: new Promise(() => {}), failed }));
    await tick();
    expect(node.summary).toBe('{done: Promise {<fulfilled>: 42}, waiting: Promise {<pending>}, failed: Promise {<rejected>: Error: no}}');
    expect(node.entries![0]).toEqual({
      key: 'done',
      node: {
        summary: 'Promise {<fulfilled>: 42}',
        entries: [{ key: '[[PromiseState]]', node: { summary: '"fulfilled"' } }, { key: '[[PromiseResult]]', node: { summary: '42' } }],
      },
    });
    expect(node.entries![1].node).toEqual({ summary: 'Promise {<pending>}', entries: [{ key: '[[PromiseState]]', node: { summary: '"pending"' } }] });
  });

  test('in a logged line too', async () => {
    const item = toText(['got', Promise.resolve([1, 2])]);
    await tick();
    expect(item.text).toBe('got Promise {<fulfilled>: [1, 2]}');
  });

  test('the state is the one it had when shown, not a later one', async () => {
    let resolve!: (value: number) => void;
    const promise = new Promise<number>((r) => { resolve = r; });
    const node = inspected(toDisplay(promise));
    resolve(1);
    await tick();
    expect(node.summary).toBe('Promise {<pending>}');
  });
});

describe('objects no class names', () => {
  test('generators, async generators and iterators are named', () => {
    function* count() { yield 1; }
    async function* stream() { yield 1; }
    expect(inspected(toDisplay(count())).summary).toBe('Generator {}');
    expect(inspected(toDisplay(stream())).summary).toBe('AsyncGenerator {}');
    expect(inspected(toDisplay([1].values())).summary).toBe('Array Iterator {}');
    expect(toText(['it:', count()]).text).toBe('it: Generator {}');
  });
});

describe('a value that cannot be read', () => {
  const keyless = () => new Proxy({}, { ownKeys() { throw new Error('no keys'); } });

  test('says "cannot be displayed" with the reason, in place, and shows the rest', () => {
    const node = inspected(toDisplay({ a: 1, bad: keyless(), get g() { throw new Error('never run'); } }));
    expect(node.summary).toBe('{a: 1, bad: [cannot be displayed: Error: no keys], g: [getter]}');
    expect(node.entries!.map((e) => [e.key, e.node.summary])).toEqual([
      ['a', '1'],
      ['bad', '[cannot be displayed: Error: no keys]'],
      ['g', '[getter]'],
    ]);
  });

  test('a whole value, a revoked proxy, a throwing error message, a logged argument', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(toDisplay(proxy)).toEqual({
      kind: 'literal',
      text: "This value cannot be displayed: reading it threw TypeError: Cannot perform 'getPrototypeOf' on a proxy that has been revoked",
    });
    const error = new Error('x');
    Object.defineProperty(error, 'message', { get() { throw new RangeError('hidden'); } });
    expect(toDisplay(error)).toEqual({ kind: 'error', name: 'Error', message: '[cannot be displayed: RangeError: hidden]' });
    expect(toText(['value:', keyless()]).text).toBe('value: [cannot be displayed: Error: no keys]');
    expect(toText(['%d', { toString() { throw new Error('nope'); } }]).text).toBe('[cannot be displayed: Error: nope]');
  });

  test('a getter named like a matrix field is not run', () => {
    class Odd { get rows(): number { throw new Error('rows'); } }
    expect(inspected(toDisplay([new Odd()])).summary).toBe('[Odd {}]');
  });

  test('only plain strings reach the item, whatever the value holds', () => {
    const error = new Error('x');
    Object.defineProperty(error, 'message', { value: () => 1 });
    expect(toDisplay(error)).toEqual({ kind: 'error', name: 'Error', message: '() => 1' });
    // A value shaped like a check report is shown as the object it is: only the kernel makes a
    // box of check results, so a cell cannot draw "All checks passed" (a red team's find).
    const forged = { kind: 'checks', results: [{ label: 'made up', pass: true }] };
    const shown = toDisplay(forged);
    expect(shown.kind).toBe('inspect');
    expect(renderDisplay(shown)).not.toContain('checks passed');
  });
});

// Issue 17, item 5: a total budget for each output, not only per level.
describe('output budget', () => {
  const cube = () => Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 0)));
  const nodes = (node: InspectNode): number => 1 + (node.entries ?? []).reduce((sum, e) => sum + nodes(e.node), 0);

  test('a 100×100×100 nested array: its 100 entries, each a table of its grid, in a small message', () => {
    const node = inspected(toDisplay(cube()));
    expect(node.entries).toHaveLength(100);
    expect(node.entries![99].node.table).toMatchObject({ label: '100×100 array (showing 12 of 100 rows, 10 of 100 columns)', rows: 100, cols: 100 });
    expect(JSON.stringify(node).length).toBeLessThan(OUTPUT_BUDGET.chars);
  });

  test('a value bigger than the budget is described breadth first, and says where the budget ran out', () => {
    const wide = Array.from({ length: 100 }, (_, i) => Object.fromEntries(Array.from({ length: 100 }, (_, j) => [`k${j}`, { i, j, deep: { x: 1 } }])));
    const node = inspected(toDisplay(wide));
    expect(nodes(node)).toBeLessThanOrEqual(OUTPUT_BUDGET.nodes + 100);
    expect(JSON.stringify(node).length).toBeLessThan(OUTPUT_BUDGET.chars * 1.5);
    expect(node.entries).toHaveLength(100); // the whole top level first
    expect(node.entries![0].node.entries).toHaveLength(100); // then the next level, in order
    expect(node.entries![99].node).toEqual({ summary: expect.stringMatching(/^\{k0: \{i: 99, j: 0, deep: \{…\}\}/), overBudget: true });
  });

  test('one budget can be shared by several outputs, and each spends from it', () => {
    const budget = { nodes: 150, chars: 100_000 };
    const first = inspected(toDisplay({ a: Array.from({ length: 100 }, (_, i) => ({ i })) }, { budget }));
    expect(first.entries![0].node.entries).toHaveLength(100);
    expect(budget.nodes).toBe(0);
    const second = inspected(toDisplay({ b: Array.from({ length: 100 }, (_, i) => ({ i })) }, { budget }));
    expect(second).toEqual({ summary: '{b: [{…}, {…}, {…}, … 97 more]}', overBudget: true });
  });

  test('a huge string or log line is clipped to the budget, saying how much is left out', () => {
    expect(toDisplay('x'.repeat(50_000), { budget: { nodes: 10, chars: 1_000 } })).toEqual({ kind: 'string', text: `${'x'.repeat(1_000)}… (49000 more characters)` });
    expect(toText(['y'.repeat(20_000)]).text).toBe(`${'y'.repeat(10_000)}… (10000 more characters)`);
  });
});

describe('promises inside promises', () => {
  test('a result that holds a promise shows that one’s state too', async () => {
    const node = inspected(toDisplay(Promise.resolve({ inner: Promise.resolve(7) })));
    await tick();
    await tick();
    expect(node.summary).toBe('Promise {<fulfilled>: {inner: Promise {<fulfilled>: 7}}}');
  });
});

// Issue 17 (red team): describing an array walked its whole length. `new Array(2 ** 32 - 1)`
// stopped the runner at its time limit and the message blamed a loop; a sparse array showed its
// holes as undefined. Display costs what a value holds, not its length.
describe('sparse and huge arrays', () => {
  const quick = <T>(describe: () => T): T => {
    const started = performance.now();
    const result = describe();
    expect(performance.now() - started).toBeLessThan(500);
    return result;
  };

  test('an array of 2^32 − 1 holes is one run of empty items, at once', () => {
    const node = inspected(quick(() => toDisplay(new Array(2 ** 32 - 1))));
    expect(node.summary).toBe('[<4294967295 empty items>]');
    expect(node.entries!.map((e) => [e.key, e.node.summary])).toEqual([['0…4294967294', '<4294967295 empty items>']]);
    expect(quick(() => toText([new Array(2 ** 32 - 1)])).text).toBe('[<4294967295 empty items>]');
  });

  test('one element at the last index: the holes before it are one run, as Node shows them', () => {
    const sparse: number[] = [];
    sparse[4294967294] = 1;
    const node = inspected(quick(() => toDisplay(sparse)));
    expect(node.summary).toBe('[<4294967294 empty items>, 1]');
    expect(node.entries!.map((e) => [e.key, e.node.summary])).toEqual([
      ['0…4294967293', '<4294967294 empty items>'],
      ['4294967294', '1'],
    ]);
    expect(quick(() => toText(['a', sparse])).text).toBe('a [<4294967294 empty items>, 1]');
  });

  test('holes are never drawn as undefined in a table of numbers', () => {
    const mid: number[] = [];
    mid[50_000_000] = 1;
    const shown = quick(() => toDisplay(mid));
    expect(shown.kind).toBe('inspect');
    expect(inspected(shown).summary).toBe('[<50000000 empty items>, 1]');
    const holey = [1, 2, , 4]; // eslint-disable-line no-sparse-arrays
    expect(inspected(toDisplay(holey)).summary).toBe('[1, 2, <1 empty item>, 4]');
    expect(inspected(toDisplay([[1, 2], [3, , ]])).summary).toBe('[[1, 2], [3, <1 empty item>]]'); // eslint-disable-line no-sparse-arrays
  });

  test('what is past the entries shown is counted in indices, holes included', () => {
    const spread: number[] = [];
    for (let i = 0; i < 300; i++) spread[i * 1_000_000] = i;
    const node = inspected(quick(() => toDisplay(spread)));
    expect(node.entries).toHaveLength(101);
    expect(node.entries![0]).toEqual({ key: '0', node: { summary: '0' } });
    expect(node.entries![1]).toEqual({ key: '1…999999', node: { summary: '<999999 empty items>' } });
    expect(node.entries![100]).toEqual({ key: '…', node: { summary: `${299_000_001 - 50_000_000} more` } });
    expect(node.summary).toBe('[0, <999999 empty items>, 1, <999999 empty items>, 2, <999999 empty items>, 3, <999999 empty items>, 4, <999999 empty items>, … 294000001 more]');
  });

  test('a dense array with a long run of holes finds the next element by its keys', () => {
    const array = Array.from({ length: 200_000 }, (_, i) => i);
    for (let i = 5; i < 150_000; i++) delete array[i];
    const node = inspected(quick(() => toDisplay(array)));
    expect(node.summary).toBe('[0, 1, 2, 3, 4, <149995 empty items>, 150000, 150001, 150002, 150003, … 49996 more]');
  });
});

// Issue 17 (red team): a Proxy's traps are the reader's code, as getters are. One whose ownKeys
// spent 7 s was asked twice and the runner was stopped at its time limit, blaming a loop. The
// cells' Proxy (attemptProxy) notes each proxy's target, and display reads that instead.
describe('proxies a cell made', () => {
  const CellProxy = attemptProxy();
  const trapped = (): ProxyHandler<object> => {
    const refuse = () => {
      throw new Error('a trap ran');
    };
    return { get: refuse, has: refuse, ownKeys: refuse, getOwnPropertyDescriptor: refuse, getPrototypeOf: refuse };
  };

  test('are shown by their target, and no trap runs', () => {
    expect(inspected(toDisplay(new CellProxy({ a: 1, b: [1, 2] }, trapped()))).summary).toBe('Proxy(Object) {a: 1, b: [1, 2]}');
    expect(toDisplay(new CellProxy([1, 2, 3], trapped()))).toMatchObject({ kind: 'table', label: 'Proxy(Array) array of 3 numbers' });
    expect(toText(['p', new CellProxy({ x: new CellProxy([1], trapped()) }, trapped())]).text).toBe('p Proxy(Object) {x: Proxy(Array) [1]}');
    expect(inspected(toDisplay({ inner: new CellProxy(new Map([[1, 2]]), trapped()) })).summary).toBe('{inner: Proxy(Map) {1 => 2}}');
  });

  // What is shown is the target, and the proxy may give something else: the output says it is
  // a proxy, as Chrome's console does, wherever one is shown.
  test('are marked as proxies: the value, as Chrome writes it', () => {
    const lying = new CellProxy({ balance: 100 }, { get: () => -5 });
    expect((lying as { balance: number }).balance).toBe(-5);
    const node = inspected(toDisplay(lying));
    expect(node.summary).toBe('Proxy(Object) {balance: 100}');
    expect(node.entries!.map((e) => [e.key, e.node.summary])).toEqual([['balance', '100']]);
    expect(renderDisplay(toDisplay(lying))).toContain('<summary>Proxy(Object) {balance: 100}</summary>');
    class Account { balance = 100; }
    expect(inspected(toDisplay(new CellProxy(new Account(), trapped()))).summary).toBe('Proxy(Account) {balance: 100}');
    expect(inspected(toDisplay(new CellProxy(new Map([[1, 2]]), trapped()))).summary).toBe('Proxy(Map) {1 => 2}');
    expect(inspected(toDisplay(new CellProxy(new Set([1, 2]), trapped()))).summary).toBe('Proxy(Set) {1, 2}');
    expect(inspected(toDisplay(new CellProxy(['a', 'b'], trapped()))).summary).toBe('Proxy(Array) ["a", "b"]');
    expect(toDisplay(new CellProxy(function f(x: number) { return x; }, trapped()))).toEqual({ kind: 'function', text: 'Proxy(Function) ƒ f(x)' });
    expect(toDisplay(new CellProxy(Account, trapped()))).toEqual({ kind: 'function', text: 'Proxy(Function) class Account' });
    const error = inspected(toDisplay(new CellProxy(new RangeError('inner'), trapped())));
    expect(error).toEqual({ summary: 'Proxy(RangeError) RangeError: inner' });
    expect(toDisplay(new CellProxy(new Date(0), trapped()))).toEqual({ kind: 'literal', text: 'Proxy(Date) 1970-01-01T00:00:00.000Z' });
    // A chart behind a proxy is not drawn: its markup would pose as what the proxy gives.
    const chart = markPlotResult({ outerHTML: '<svg></svg>', tagName: 'svg' });
    expect(toDisplay(new CellProxy(chart, trapped()))).toEqual({ kind: 'inspect', node: { summary: 'Proxy(Object) <svg>' } });
  });

  test('are marked as proxies: tables and number grids', () => {
    expect(toDisplay(new CellProxy(matrix(2, 3), trapped()))).toMatchObject({ kind: 'table', label: 'Proxy(Object) 2×3 matrix' });
    expect(toDisplay(new CellProxy([[1, 2], [3, 4]], trapped()))).toMatchObject({ kind: 'table', label: 'Proxy(Array) 2×2 array', cells: [['1', '2'], ['3', '4']] });
    expect(toDisplay(new CellProxy(new Float64Array([1, 2]), trapped()))).toMatchObject({ kind: 'table', label: 'Proxy(Float64Array) Float64Array of 2 numbers' });
    const node = inspected(toDisplay({ grid: new CellProxy([[1, 2], [3, 4]], trapped()), plain: [[5, 6], [7, 8]] }));
    expect(node.entries![0].node.summary).toBe('Proxy(Array) [[1, 2], [3, 4]]');
    expect(node.entries![0].node.table).toMatchObject({ label: 'Proxy(Array) 2×2 array' });
    expect(node.entries![1].node.table).toMatchObject({ label: '2×2 array' });
    // A grid whose rows are proxies is no table: each row is an entry, marked.
    const rows = inspected(toDisplay([new CellProxy([1, 2], trapped()), [3, 4]]));
    expect(rows.summary).toBe('[Proxy(Array) [1, 2], [3, 4]]');
    expect(rows.entries![0].node.summary).toBe('Proxy(Array) [1, 2]');
  });

  test('are marked as proxies: nested, deep, in a proxy, in a Map or a Set', () => {
    const node = inspected(toDisplay({ inner: new CellProxy({ a: 1 }, trapped()), f: new CellProxy(Math.max, trapped()) }));
    expect(node.summary).toBe('{inner: Proxy(Object) {a: 1}, f: Proxy(Function) ƒ max()}');
    expect(node.entries!.map((e) => [e.key, e.node.summary])).toEqual([['inner', 'Proxy(Object) {a: 1}'], ['f', 'Proxy(Function) ƒ max()']]);
    expect(node.entries![0].node.entries).toEqual([{ key: 'a', node: { summary: '1' } }]);
    const deep = { b: { c: new CellProxy({ d: 1 }, trapped()), e: new CellProxy([1], trapped()), m: new CellProxy(new Map(), trapped()) } };
    expect(inspected(toDisplay(deep)).summary).toBe('{b: {c: Proxy(Object) {…}, e: Proxy(Array), m: Proxy(Map)}}');
    // A proxy of a proxy: one mark, named by the innermost target, the one shown.
    expect(toText([new CellProxy(new CellProxy([1], trapped()), trapped())]).text).toBe('Proxy(Array) [1]');
    const map = new Map<unknown, unknown>([[new CellProxy({ k: 1 }, trapped()), new CellProxy([2], trapped())]]);
    const mapNode = inspected(toDisplay(map));
    expect(mapNode.summary).toBe('Map(1) {Proxy(Object) {k: 1} => Proxy(Array) [2]}');
    expect(mapNode.entries!.map((e) => [e.key, e.node.summary])).toEqual([['Proxy(Object) {k: 1} =>', 'Proxy(Array) [2]']]);
    expect(inspected(toDisplay(new Set([new CellProxy({}, trapped())]))).summary).toBe('Set(1) {Proxy(Object) {}}');
  });

  test('are marked as proxies: console lines', () => {
    const p = new CellProxy({ balance: 100 }, trapped());
    expect(toText(['p:', p]).text).toBe('p: Proxy(Object) {balance: 100}');
    expect(toText([new CellProxy([[1, 2], [3, 4]], trapped())]).text).toBe('Proxy(Array) 2×2 array\n[[1, 2],\n [3, 4]]');
    expect(toText([new CellProxy(matrix(1, 2), trapped())]).text).toBe('Proxy(Object) 1×2 matrix\n[[0, 1]]');
    expect(toText(['%s and %o', p, new CellProxy(new Set([1]), trapped())]).text).toBe('Proxy(Object) {balance: 100} and Proxy(Set) {1}');
    // A proxy's number would come from its traps: Chrome prints NaN for an object, and no trap runs.
    expect(toText(['%d %i %f', p, p, p]).text).toBe('NaN NaN NaN');
  });

  test('are marked as proxies: a promise', async () => {
    const node = inspected(toDisplay(new CellProxy(Promise.resolve(1), trapped())));
    await Promise.resolve();
    await Promise.resolve();
    expect(node.summary).toBe('Proxy(Promise) {<fulfilled>: 1}');
    expect(node.entries!.map((e) => [e.key, e.node.summary])).toEqual([['[[PromiseState]]', '"fulfilled"'], ['[[PromiseResult]]', '1']]);
  });

  test('an object with a proxy only on its prototype chain is not marked', () => {
    const o = Object.create(new CellProxy({ inherited: 1 }, trapped())) as { a: number };
    o.a = 1;
    expect(inspected(toDisplay(o)).summary).toBe('{a: 1}');
    expect(toText([o]).text).toBe('{a: 1}');
  });

  test('a proxy of a huge sparse array costs what its target holds', () => {
    const huge = new CellProxy(new Array(2 ** 32 - 1), trapped());
    const started = performance.now();
    expect(inspected(toDisplay(huge)).summary).toBe('Proxy(Array) [<4294967295 empty items>]');
    expect(performance.now() - started).toBeLessThan(500);
  });

  test('a thrown proxy is told by its target, marked, where a reason is given', () => {
    expect(reasonOf(new CellProxy(new RangeError('inner'), trapped()))).toBe('Proxy(RangeError) RangeError: inner');
    // In place of a value that cannot be read (here a proxy no cell made, whose trap throws one a cell made):
    expect(toText([new Proxy({}, { ownKeys() { throw new CellProxy(new TypeError('t'), trapped()); } })]).text).toBe(
      '[cannot be displayed: Proxy(TypeError) TypeError: t]',
    );
  });

  test('a revoked one says so, as Node does', () => {
    const { proxy, revoke } = CellProxy.revocable({ a: 1 }, {});
    revoke();
    expect(toDisplay(proxy)).toEqual({ kind: 'literal', text: '<Revoked Proxy>' });
    expect(toText([proxy]).text).toBe('<Revoked Proxy>');
    expect(inspected(toDisplay([proxy])).summary).toBe('[<Revoked Proxy>]');
  });
});
