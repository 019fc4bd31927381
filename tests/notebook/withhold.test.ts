import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { attemptProxy, carryAttemptInBuiltins, enterAttempt, escapeHints, chanceHints, guardModule, stackHints, inSchedulersAttempt, withheldNames, withheldStandIn, withholdFrom, withholdMethod } from '../../src/notebook/withhold.ts';
import { withoutComments } from '../../src/notebook/code-shape.ts';

describe('withheld names', () => {
  it('a stand-in throws when called, constructed or looked into, naming what is withheld', () => {
    const used: string[] = [];
    const standIn = withheldStandIn('NeuralNetwork', (name) => used.push(name)) as unknown as { new (): unknown; (): unknown; prototype: unknown };
    const message = 'NeuralNetwork is withheld in this exercise: write it yourself';
    expect(() => standIn()).toThrow(message);
    expect(() => new standIn()).toThrow(message);
    expect(() => standIn.prototype).toThrow(message);
    expect(typeof standIn).toBe('function');
    expect(used).toEqual(['NeuralNetwork', 'NeuralNetwork', 'NeuralNetwork']);
  });

  it('a module copy replaces only the withheld exports it has; a module without any is returned as it is', () => {
    const module = { sigmoid: (z: number) => z, relu: (z: number) => z };
    const copy = withholdFrom(module, withheldNames(['sigmoid', 'slopeAt'], undefined, []));
    expect(() => (copy.sigmoid as () => unknown)()).toThrow('sigmoid is withheld');
    expect(copy.relu).toBe(module.relu);
    expect('slopeAt' in copy).toBe(false);
    expect(withholdFrom(module, withheldNames(['slopeAt'], undefined, []))).toBe(module);
  });

  it('an allow-list withholds every other nn export, and the message says what the list lets in', () => {
    const names = withheldNames(['slopeAt'], { names: ['relu'], said: 'relu' }, ['relu', 'sigmoid', 'predict']);
    expect([...names.keys()]).toEqual(['slopeAt', 'sigmoid', 'predict']);
    const module = { sigmoid: (z: number) => z, relu: (z: number) => z, predict: () => 0 };
    const copy = withholdFrom(module, names);
    expect(copy.relu).toBe(module.relu);
    expect(() => (copy.predict as () => unknown)()).toThrow('predict is withheld in this exercise: from nn its attempt may use only relu');
    expect(() => (withholdFrom(module, withheldNames([], { names: [], said: 'nothing' }, Object.keys(module))).relu as () => unknown)()).toThrow('relu is withheld in this exercise: from nn its attempt may use only nothing');
    // Withheld by name: the exercise asks for it.
    expect(() => (withholdFrom({ slopeAt: () => 0 }, names).slopeAt as () => unknown)()).toThrow('slopeAt is withheld in this exercise: write it yourself');
  });

  it("an object's method can be withheld on that object alone", () => {
    class Net { train() { return 1; } }
    const mine = new Net();
    withholdMethod(mine, 'train');
    expect(() => mine.train()).toThrow('train is withheld in this exercise: write it yourself');
    expect(new Net().train()).toBe(1);
  });

  it('the review is told of code that names a withheld name or reaches around the withholding', () => {
    const withhold = ['NeuralNetwork', 'train'];
    expect(escapeHints('function myTrain(m) { for (;;) m.backprop(); }', withhold)).toEqual([]);
    // A type annotation or a comment is no use: an honest attempt is not flagged for its signature.
    expect(escapeHints('function myTrain(model: NeuralNetwork, n: number): number[] { // not model.train(n)\n  return []; }', withhold)).toEqual([]);
    expect(escapeHints('function myTrain(m) { return m["train"](5); }', withhold)).toEqual(['train']);
    expect(escapeHints('const twin = new NeuralNetwork(X, y);', withhold)).toEqual(['NeuralNetwork']);
    expect(escapeHints('function myTrain(m, n) { return Object.getPrototypeOf(m).train.call(m, n); }', withhold)).toEqual(['train', 'getPrototypeOf']);
    expect(escapeHints('const T = net.constructor; new T(X, y).train(5)', withhold)).toEqual(['train', 'constructor']);
    expect(escapeHints('Reflect.get(m, "train")', [])).toEqual([]); // nothing withheld, nothing to say
    expect(escapeHints('Reflect.get(m, "train")', [], true)).toEqual(['Reflect']); // an allow-list withholds
  });

  // A red team's mySigmoid returned z unless new Error().stack named the checks' file, and passed
  // 9 of 9, with no word to the teacher.
  it('the review is told of code that reads the call stack, at any exercise', () => {
    expect(stackHints('function mySigmoid(z) {\n  if (!String(new Error().stack).includes("-checks.js")) return z;\n  return 1 / (1 + Math.exp(-z));\n}')).toEqual(['stack']);
    expect(stackHints('Error.prepareStackTrace = (e, frames) => frames; Error.captureStackTrace(o);')).toEqual(['captureStackTrace', 'prepareStackTrace']);
    expect(stackHints('// not the stack\nconst myStack = [1]; myStack.push(2); /* stack */')).toEqual([]);
    expect(stackHints('function mySigmoid(z) { return 1 / (1 + Math.exp(-z)); }')).toEqual([]);
  });

  // Red team 57: a hand-in that flipped a coin was marked 6/9 and 9/9 on alternate rechecks, and
  // flagged as a pass that does not hold, which reads as an edited file.
  it('the review is told of code that uses chance or the clock', () => {
    expect(chanceHints('function f(a) { return Math.random() < 0.5 ? 0 : a * (1 - a); }')).toEqual(['Math.random']);
    expect(chanceHints('const t = Date.now(); const d = new Date(); performance . now()')).toEqual(['Date.now', 'new Date', 'performance.now']);
    expect(chanceHints('// Math.random\nconst myRandom = 4; /* Date.now */ const s = "x";')).toEqual([]);
  });

  it('blanks comments as the compiler reads them: the first to open wins, and an unclosed block runs to the end', () => {
    expect(withoutComments('a /* b */ c // d\ne')).toBe('a   c  \ne');
    expect(withoutComments('x /* never closed\nstack')).toBe('x  ');
    // A "/*" inside a line comment opens nothing: the lines after it are code.
    expect(stackHints('// the old way: /*\nconst s = new Error().stack;\n// */')).toEqual(['stack']);
    expect(stackHints('/* a // inside a block */ new Error().stack')).toEqual(['stack']);
  });

  // A red team's hand-in: each exercise's code followed by "// /*x/*x…" up to 100,000 characters
  // froze the review page for seconds on every redraw: a lazy /\/\*[\s\S]*?\*\// tries each
  // unclosed "/*" to the end of the text. Here, 900,000 characters: the old pattern did not finish.
  it('reads code made to be slow in one pass', () => {
    const hostile = `// ${'/*x'.repeat(300_000)}\nconst s = new Error().stack;\n${'/*y'.repeat(300_000)}`;
    expect(stackHints(hostile)).toEqual(['stack']);
    expect(escapeHints(hostile, ['train'])).toEqual([]);
  });
});

describe('code run later runs as the code that scheduled it', () => {
  const module = guardModule({ train: () => 'trained' });
  const train = module.train as () => string;
  const withheld = new Map([['train', undefined]]);

  it('inside the attempt that scheduled it, though the attempt has ended', () => {
    const leave = enterAttempt(withheld, () => {});
    const later = inSchedulersAttempt(() => train());
    leave();
    expect(train()).toBe('trained');
    expect(later).toThrow('train is withheld in this exercise');
  });

  it('outside any attempt when none was running, though one runs now', () => {
    const later = inSchedulersAttempt(() => train());
    const leave = enterAttempt(withheld, () => {});
    try {
      expect(later()).toBe('trained');
      expect(train).toThrow('train is withheld in this exercise'); // and the attempt is back after it
    } finally {
      leave();
    }
  });
});

describe('what built-ins keep to call later runs as the code that made it', () => {
  // A realm of its own (the kernel patches its worker's, before lockdown), with a function of
  // that realm that calls the guarded `train`, so its bind and its promises are the patched ones.
  const context = createContext();
  const inRealm = (code: string) => runInContext(code, context) as unknown;
  const realm = inRealm('globalThis') as typeof globalThis;
  carryAttemptInBuiltins(realm);
  const module = guardModule({ train: (n = 1) => `trained ${n}` });
  const train = (inRealm('(train) => function viaChapter(n) { return train(n); }') as (f: unknown) => unknown)(module.train) as (n?: number) => string;
  const withheld = new Map([['train', undefined]]);
  const inAttempt = <T>(make: () => T): T => {
    const leave = enterAttempt(withheld, () => {});
    try {
      return make();
    } finally {
      leave();
    }
  };

  it('a function bound in an attempt runs as it, and bound outside one is as it was', () => {
    const bound = inAttempt(() => train.bind(null, 3));
    expect(bound).toThrow('train is withheld in this exercise');
    expect(train.bind(null, 3)()).toBe('trained 3');
    expect(bound.name).toBe('bound viaChapter');
    expect(bound.length).toBe(0);
  });

  it('a class bound in an attempt still makes its instances, and instanceof still answers', () => {
    const Point = inRealm('(class Point { constructor(x) { this.x = x; } })') as new (x: number) => { x: number };
    const Bound = inAttempt(() => Point.bind(null, 2));
    const made = new Bound();
    expect(made).toBeInstanceOf(Point);
    expect(made.x).toBe(2);
    expect(made instanceof Bound).toBe(true);
    expect({} instanceof Bound).toBe(false);
  });

  it('a promise reaction added in an attempt runs as it, though the promise settles later', async () => {
    let settle = (_: number) => {};
    const later = new realm.Promise<number>((resolve) => (settle = resolve));
    const reaction = inAttempt(() => later.then(train));
    const caught = inAttempt(() => later.then(() => Promise.reject(new Error('no'))).catch(() => train(2)));
    const open = later.then(train);
    settle(5);
    await expect(reaction).rejects.toThrow('train is withheld in this exercise');
    await expect(caught).rejects.toThrow('train is withheld in this exercise');
    expect(await open).toBe('trained 5');
  });

  it('a lazy iterator made in an attempt calls its callback as it, when it is read', () => {
    const values = inRealm('[4].values()') as IterableIterator<number> & { map(f: (n: number) => string): Iterator<string> };
    const mapped = inAttempt(() => values.map(train));
    expect(() => mapped.next()).toThrow('train is withheld in this exercise');
    const open = (inRealm('[4].values()') as typeof values).map(train);
    expect(open.next().value).toBe('trained 4');
  });

  it("the compartment's Proxy: a proxy made in an attempt does all it does as the attempt; one made outside is the real one", () => {
    const CellProxy = attemptProxy();
    const trapless = inAttempt(() => new CellProxy(train, {}));
    expect(() => trapless(1)).toThrow('train is withheld in this exercise');
    const revocable = inAttempt(() => CellProxy.revocable(train, {}));
    expect(() => revocable.proxy(1)).toThrow('train is withheld in this exercise');
    revocable.revoke();
    expect(() => revocable.proxy(1)).toThrow(TypeError);
    expect(new CellProxy(train, {})(6)).toBe('trained 6');
    const counted = inAttempt(() => new CellProxy({ a: 1 }, { get: (target, key) => `${String(key)}=${Reflect.get(target, key)}` }));
    expect(counted.a).toBe('a=1');
    expect(() => (CellProxy as unknown as (t: object, h: object) => object)({}, {})).toThrow(TypeError);
    expect(() => inAttempt(() => new CellProxy({}, null as unknown as object))).toThrow(TypeError);
  });
});
