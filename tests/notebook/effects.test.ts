import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openNodeKernel, type NodeKernel } from '../../src/notebook/node-runner.ts';
import { cellEffects } from '../../src/notebook/node-effects.ts';

// The build's proof that a chapter cell changes nothing it did not define (effects.ts), made by
// running cells in the build's Node thread, in the same sandbox as the book's build.
let kernel: NodeKernel;
let scopes = 0;
beforeAll(async () => {
  kernel = await openNodeKernel();
});
afterAll(() => kernel.close());

/** Runs `before` in a fresh scope, then `cell` watched: its effects. */
async function effectsOf(before: string[], cell: string) {
  const scope = `effects-${++scopes}`;
  try {
    for (const [i, source] of before.entries()) {
      const ran = await kernel.run(`before-${i}`, source, { scope, quiet: true });
      expect(ran.error ?? null).toBeNull();
    }
    return (await kernel.run('watched', cell, { scope, quiet: true, effects: true })).effects;
  } finally {
    kernel.reset(scope);
  }
}

const data = 'import { NeuralNetwork, articleData, createRng, nextRandom, sigmoid } from "nn";\nconst { X, y } = articleData();';

describe('a cell whose effects are proven', () => {
  const cases: [string, string[], string, string[]][] = [
    ['reads earlier data, trains its own networks on it and defines its own names', [data],
      'function trainOnce(seed: number) { const net = new NeuralNetwork(X, y, { seed }); net.train(20); return net.loss(); }\nconst losses = [1, 2, 3].map(trainOnce);\nconsole.log(losses)', []],
    ['calls the modules\' function held in a name another cell made, and declares a name again', [data, 'const act = sigmoid; let total = 0;'], 'const total = act(0) + X.rows;', []],
    ['calls a clean function an earlier cell made', [data, 'function rows(m: { rows: number }) { return m.rows; }'], 'const n = rows(X) + rows(y);', []],
    ['writes into an earlier matrix', [data], 'X.data[0] = 5;', ['X']],
    ['changes an object two names lead to', [data, 'const same = X;'], 'X.data[0] = 5;', ['X', 'same']],
    ['trains an earlier network in place', [data, 'const net = new NeuralNetwork(X, y, { seed: 1 });'], 'net.train(5);', ['net']],
    ['advances an earlier random generator', [data, 'const rng = createRng(3);'], 'const u = nextRandom(rng);', ['rng']],
    ['reassigns an earlier name', ['let n = 1;'], 'n = 2;', ['n']],
    ['adds to an earlier Map', ['const seen = new Map<number, number>();'], 'seen.set(1, 2);', ['seen']],
    ['stores a new object into an earlier one', ['const log: number[][] = [];'], 'log.push([1]);', ['log']],
    ['changes a top-level variable of another cell through that cell\'s function', ['let count = 0;\nfunction bump() { count += 1; }'], 'bump();', ['count']],
  ];
  for (const [what, before, cell, writes] of cases) {
    test(what, async () => {
      expect(await effectsOf(before, cell)).toEqual({ known: true, writes });
    });
  }
});

describe('a cell whose effects are not proven, and why', () => {
  const hidden = 'which is or holds a function that keeps state out of sight (a closure over a local, a bound or native function)';
  const cases: [string, string[], string, string][] = [
    ['calls a function that closes over a local of another function', ['function counter() { let c = 0; return () => ++c; }\nconst next = counter();'], 'const a = next();', `reads next, ${hidden}`],
    ['calls a function whose variable a later cell declared again', ['let c = 0;\nfunction inc() { return ++c; }', 'const c = 5;'], 'const a = inc();', 'changes what a replaced binding or a module holds'],
    ['calls a bound function', ['const o = { n: 1, get() { return this.n; } };\nconst g = o.get.bind(o);'], 'const a = g();', `reads g, ${hidden}`],
    ['reads an object whose class has private fields', ['class Counter { #n = 0; inc() { return ++this.#n; } }\nconst k = new Counter();'], 'const a = k.inc();', `reads k, ${hidden}`],
    ['advances an earlier iterator (its state is in internal slots)', ['const it = [1, 2][Symbol.iterator]();'], 'const first = it.next();', `reads it, ${hidden}`],
    ['reads a generator', ['function* g() { yield 1; }\nconst gen = g();'], 'const first = gen.next();', 'reads gen, which holds an object with internal state (a promise, a generator, an iterator, a WeakMap or WeakSet)'],
    ['comes after a cell that sets a prototype', ['const p = Object.setPrototypeOf({}, null);'], 'const q = 1;', 'cell "before-0" sets a prototype, which can hide an object\'s internal state'],
    ['leaves a timer running', [], 'setTimeout(() => {}, 50);', 'leaves a timer running'],
    ['draws with Plot', [], 'Plot.lineY([1, 2]).plot()', 'draws with Plot, which keeps state of its own'],
  ];
  for (const [what, before, cell, why] of cases) {
    test(what, async () => {
      expect(await effectsOf(before, cell)).toEqual({ known: false, why });
    });
  }
});

describe('cellEffects', () => {
  test('gives every cell of a chapter its proof, in run order', async () => {
    const effects = await cellEffects([
      { id: 'data', source: data },
      { id: 'read', source: 'const total = X.rows + y.rows;' },
      { id: 'write', source: 'y.data[0] = 1;' },
      { id: 'closure', source: 'const later = (() => { let n = 0; return () => ++n; })();' },
      { id: 'call', source: 'later();' },
    ]);
    expect(Object.fromEntries(effects)).toEqual({
      data: { known: true, writes: [] },
      read: { known: true, writes: [] },
      write: { known: true, writes: ['y'] },
      closure: { known: true, writes: [] },
      call: { known: false, why: 'reads later, which is or holds a function that keeps state out of sight (a closure over a local, a bound or native function)' },
    });
  });
});
