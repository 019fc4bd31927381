import { describe, expect, test } from 'vitest';
import { toDisplay, toText, renderDisplay, renderCellOutput, renderCellError, formatNumber, markPlotResult, renumberPlotIds, accessiblePlot, type DisplayItem } from '../../src/notebook/display.ts';
import { sanitizeChart } from '../../src/notebook/sanitize-node.ts';

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
});
