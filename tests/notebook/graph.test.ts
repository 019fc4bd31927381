import { describe, expect, test } from 'vitest';
import { dependents, contextFor, importSource, sources, wordsIn } from '../../src/notebook/graph.ts';
import { analyzeCell } from '../../src/notebook/transform.ts';

const cells = [
  { id: 'data', defines: ['X', 'y'], uses: [] },
  { id: 'net', defines: ['net'], uses: [] },
  { id: 'train', defines: ['losses'], uses: ['net', 'X', 'y'] },
  { id: 'plot', defines: [], uses: ['losses'] },
  { id: 'other', defines: ['z'], uses: [] },
];

describe('dependents', () => {
  test('are the cells below that use a defined name, transitively, in page order', () => {
    expect(dependents(cells, 'data')).toEqual(['train', 'plot']);
    expect(dependents(cells, 'plot')).toEqual([]);
  });

  test('take in a cell below that defines the name again, and the cells that use it after it', () => {
    // The code runner keeps the definition run last: a rerun of `a` took `x` from `b`, so `b`
    // reruns to give it back (red team 36), and `c`, which reads it, follows.
    const page = [
      { id: 'a', defines: ['x'], uses: [] },
      { id: 'b', defines: ['x'], uses: [] },
      { id: 'c', defines: [], uses: ['x'] },
      { id: 'd', defines: ['y'], uses: [] },
    ];
    expect(dependents(page, 'a')).toEqual(['b', 'c']);
    expect(dependents(page, 'b')).toEqual(['c']);
  });

  test('follow a cell that updates a name it uses', () => {
    const page = [
      { id: 'a', ...analyzeCell('let count = 0;') },
      { id: 'b', ...analyzeCell('count += 1;') },
      { id: 'c', ...analyzeCell('console.log(count)') },
    ];
    expect(dependents(page, 'a')).toEqual(['b', 'c']);
  });
});

describe('dependents through a name defined from a changed one (red team 40)', () => {
  test('a function above that reads the changed name carries the change to the cells below that call it', () => {
    const page = [
      { id: 'k', ...analyzeCell('let k = 1;') },
      { id: 'f', ...analyzeCell('function f() { return k; }') },
      { id: 'first', ...analyzeCell('f()') },
      { id: 'set', ...analyzeCell('k = 5;') },
      { id: 'call', ...analyzeCell('f()') },
    ];
    expect(dependents(page, 'set')).toEqual(['call']);
  });
});

describe('sources: the cells to run again before a cell, so that it reads what the page above it says', () => {
  const page = (sourcesByCell: Record<string, string>) => Object.entries(sourcesByCell).map(([id, source]) => ({ id, ...analyzeCell(source) }));
  test('a cell that assigns a name from itself: the cell above that defines it, and every such cell between', () => {
    const cells = page({ one: 'let x = 1;', plus: 'x = x + 1;', times: 'x = x * 10;', show: 'x', other: 'const y = 2;' });
    expect(sources(cells, 'plus')).toEqual(['one']);
    expect(sources(cells, 'times')).toEqual(['one', 'plus']);
    expect(sources(cells, 'show')).toEqual([]);
  });

  test('a cell that reads a name a cell below defines too: the nearest cell above that defines it', () => {
    const cells = page({ a: 'var v = 1;', b: 'var v = 2;', read: 'v', c: 'var v = 3;' });
    expect(sources(cells, 'read')).toEqual(['b']);
    expect(sources(cells, 'c')).toEqual([]);
  });
});

describe('the same import again is no redefinition (red team 41)', () => {
  const page = (sourcesByCell: Record<string, string>) => Object.entries(sourcesByCell).map(([id, source]) => ({ id, ...analyzeCell(source) }));
  test('a cell below that imports the same export again does not rerun for it, nor sends a cell above it back to its import', () => {
    // handwritten-digits: `sanity-checks` and `train-digits` both import `train`; rerunning the
    // first retrained the network in the second.
    const cells = page({ sanity: 'import { train } from "nn";\nconst ok = 1;', trainDigits: 'import { train } from "nn";\nconst history = train(1);', plot: 'history' });
    expect(dependents(cells, 'sanity')).toEqual([]);
    expect(sources(cells, 'plot')).toEqual([]);
    const reads = page({ values: 'import { sigmoid } from "nn";', rounding: 'sigmoid(1)', later: 'import { sigmoid } from "nn";' });
    expect(sources(reads, 'rounding')).toEqual([]);
    // Another export, or the reader's own function, under that name is a redefinition.
    const other = page({ values: 'import { sigmoid } from "nn";', rounding: 'sigmoid(1)', later: 'import { relu as sigmoid } from "nn";' });
    expect(dependents(other, 'values')).toEqual(['rounding', 'later']);
    expect(sources(other, 'rounding')).toEqual(['values']);
    const own = page({ values: 'import { sigmoid } from "nn";', rounding: 'sigmoid(1)', later: 'const sigmoid = (z: number) => z;' });
    expect(sources(own, 'rounding')).toEqual(['values']);
  });
});

describe('contextFor: the chapter cells an exercise needs', () => {
  const chapter = (sources: Record<string, string>) => Object.entries(sources).map(([id, source]) => ({ id, ...analyzeCell(source) }));
  const page = chapter({
    data: 'import { articleData, NeuralNetwork } from "nn";\nconst { X, y } = articleData();',
    plot: 'import { sigmoid } from "nn";\ndisplay(Plot.lineY([1, 2, 3].map(sigmoid)))',
    net: 'const net = new NeuralNetwork(X, y, { seed: 1 });',
    train: 'net.train(100);',
    other: 'const lr = 0.5;',
  });

  test('keeps a cell that changes a needed object in place after the cell that made it, in page order', () => {
    const plan = contextFor(page, ['net']);
    expect(plan.cells).toEqual(['data', 'net', 'train']);
    expect(plan.imports.map((b) => b.local).sort()).toEqual(['NeuralNetwork', 'articleData']);
  });

  test('keeps a cell that changes an object through another name for it', () => {
    const aliased = chapter({
      net: 'import { NeuralNetwork, articleData } from "nn";\nconst { X, y } = articleData();\nconst net = new NeuralNetwork(X, y);',
      weights: 'const W = net.weights1;',
      train: 'net.train(100);',
      unrelated: 'const z = 1;',
    });
    expect(contextFor(aliased, ['W']).cells).toEqual(['net', 'weights', 'train']);
  });

  test('keeps a cell that reassigns a name a needed function reads', () => {
    const reassigned = chapter({
      rate: 'let lr = 0.1;',
      step: 'function step(w: number) { return w - lr; }',
      faster: 'lr = 0.5;',
    });
    expect(contextFor(reassigned, ['step']).cells).toEqual(['rate', 'step', 'faster']);
  });

  test('binds a name every cell imports the same way with one import, and runs none of those cells for it', () => {
    expect(contextFor(page, ['sigmoid', 'lr'])).toEqual({ imports: [{ local: 'sigmoid', specifier: 'nn', imported: 'sigmoid' }], cells: ['other'] });
    expect(contextFor(page, ['nothing-here'])).toEqual({ imports: [], cells: [] });
  });

  // `writes`: what the build proved the cell changes besides its own names (effects.ts).
  const proven = (cells: ReturnType<typeof chapter>, writes: Record<string, string[]>) => cells.map((c) => (writes[c.id] ? { ...c, writes: writes[c.id] } : c));

  test('leaves out a proven cell that only reads what is needed, when nothing that runs reads its names', () => {
    const measured = proven(chapter({
      data: 'import { articleData } from "nn";\nconst { X, y } = articleData();',
      experiment: 'const runs = [1, 2].map((seed) => X.rows * seed + y.rows);\nconsole.log(runs)',
      later: 'const best = Math.max(...runs);',
    }), { data: [], experiment: [], later: [] });
    expect(contextFor(measured, ['X']).cells).toEqual(['data']);
    // Read by the code, or by a cell that runs: then it runs, and what it reads with it.
    expect(contextFor(measured, ['runs']).cells).toEqual(['data', 'experiment']);
    expect(contextFor(measured, ['best']).cells).toEqual(['data', 'experiment', 'later']);
  });

  test('keeps a cell not proven that uses a needed name, and the proven cells whose names it reads', () => {
    const trained = proven(chapter({
      data: 'import { articleData, NeuralNetwork } from "nn";\nconst { X, y } = articleData();',
      net: 'const net = new NeuralNetwork(X, y, { seed: 1 });',
      steps: 'const steps = 100;',
      train: 'net.train(steps);',
      report: 'console.log(net.loss())',
    }), { data: [], net: [], steps: [], report: [] });
    expect(contextFor(trained, ['net']).cells).toEqual(['data', 'net', 'steps', 'train']);
  });

  test('runs a proven cell that changes a name that is read, and leaves out one that changes only what nothing reads', () => {
    const trained = proven(chapter({
      data: 'import { articleData, NeuralNetwork } from "nn";\nconst { X, y } = articleData();',
      net: 'const net = new NeuralNetwork(X, y, { seed: 1 });',
      other: 'const other = new NeuralNetwork(X, y, { seed: 2 });',
      train: 'net.train(100);',
      trainOther: 'other.train(100);',
    }), { data: [], net: [], other: [], train: ['net'], trainOther: ['other'] });
    expect(contextFor(trained, ['net']).cells).toEqual(['data', 'net', 'train']);
    expect(contextFor(trained, ['X']).cells).toEqual(['data']);
  });

  test('keeps a cell that changes an object through a proven cell\'s name for it, or calls a function a proven cell made', () => {
    const aliased = proven(chapter({
      data: 'const a = { inner: [1] };',
      alias: 'const b = a.inner;',
      push: 'b.push(2);',
    }), { data: [], alias: [] });
    expect(contextFor(aliased, ['a']).cells).toEqual(['data', 'alias', 'push']);
    const closure = proven(chapter({
      data: 'const a = [1];',
      make: 'const grow = () => a.push(2);',
      call: 'grow();',
    }), { data: [], make: [] });
    expect(contextFor(closure, ['a']).cells).toEqual(['data', 'make', 'call']);
  });

  test('takes what could change the names a proven cell reads when it runs for a name it writes through another name', () => {
    // `alias` is not proven (say it called a closure); `bump` writes `a` through `b`, which it
    // reads; `grow`, not proven, changes `b` too, so it runs once `bump` does.
    const through = chapter({
      data: 'const a = { inner: [1] };',
      alias: 'const b = a.inner;',
      grow: 'b.push(3);',
      bump: 'b.push(2);',
    }).map((c) => (c.id === 'bump' ? { ...c, writes: ['a', 'b'] } : c.id === 'data' ? { ...c, writes: [] } : c));
    expect(contextFor(through, ['a']).cells).toEqual(['data', 'alias', 'grow', 'bump']);
  });

  test('runs the cells of a name that a cell imports and another defines (or imports as something else)', () => {
    const mixed = chapter({ a: 'import { sigmoid } from "nn";', b: 'const sigmoid = (z: number) => z;', c: 'import { relu as f } from "nn";', d: 'import { tanh as f } from "nn";' });
    expect(contextFor(mixed, ['sigmoid', 'f'])).toEqual({ imports: [], cells: ['a', 'b', 'c', 'd'] });
  });
});

describe('importSource', () => {
  test('writes one import per module, with renames and namespaces', () => {
    expect(importSource([
      { local: 'sigmoid', specifier: 'nn', imported: 'sigmoid' },
      { local: 'mm', specifier: 'nn', imported: 'matmul' },
      { local: 'P', specifier: '@observablehq/plot', imported: '*' },
    ])).toBe('import { sigmoid, matmul as mm } from "nn";\nimport * as P from "@observablehq/plot";');
    expect(importSource([])).toBe('');
  });
});

describe('wordsIn', () => {
  test('finds every name-like word, escaped ones included, without parsing', () => {
    const words = wordsIn('const σ = net.W1; // uses \\u0058 and \\u{79}\nfunction (((');
    for (const word of ['const', 'σ', 'net', 'W1', 'uses', 'X', 'y', 'function']) expect(words).toContain(word);
  });
});
