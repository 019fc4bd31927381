import { afterEach, describe, expect, test } from 'vitest';
import { openNodeKernel, type NodeKernel } from '../../src/notebook/node-runner.ts';
import type { DisplayItem } from '../../src/notebook/display.ts';
import { CHECK_INSPECT_BUDGET, CHECK_TEXT_BUDGET, MAX_DESCRIBED } from '../../src/notebook/checks.ts';
import type { CellError } from '../../src/notebook/errors.ts';

// Issue 17 (red team, scratch/rt17): what a run shows cannot freeze the page or stop the runner,
// and what a cell throws is described however it resists being read. Each case runs in the
// sandbox of the build's Node thread, the same kernel as the page's worker.
const opened: NodeKernel[] = [];
const late: { cellId: string; item?: DisplayItem; error?: CellError }[] = [];
const kernel = async (timeLimitMs?: number) => {
  const k = await openNodeKernel({ timeLimitMs, onLate: (cellId, out) => late.push({ cellId, ...out }) });
  opened.push(k);
  return k;
};
afterEach(async () => {
  late.length = 0;
  await Promise.all(opened.splice(0).map((k) => k.close()));
});

/**
 * Waits until `happened()` holds, looking every 20 ms for up to 30 s: on a loaded machine a
 * worker's timers are late, not wrong, so what must happen is waited for, never given a fixed time.
 */
async function until(happened: () => boolean | Promise<boolean>, what: string) {
  for (const end = Date.now() + 30_000; !(await happened()); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > end) throw new Error(`until: ${what} did not happen within 30 s`);
  }
}

const kinds = (outputs: DisplayItem[]) => outputs.map((item) => item.kind);
/** Each output in one line: a log line's text, an inspected value's summary, else its kind. */
const summaries = (outputs: DisplayItem[]) =>
  outputs.map((item) => (item.kind === 'text' ? item.text : item.kind === 'inspect' ? item.node.summary : item.kind));
const literals = (outputs: DisplayItem[]) => outputs.flatMap((item) => (item.kind === 'literal' ? [item.text] : []));

describe('a run’s total budget', () => {
  // Red team 49: 200 lines of Hebrew letters alternating with Latin ones, each within a line's
  // 10,000 characters and all within the run's 2,000,000, held the page past 5 s: the page lays
  // out such text run by run. The budget counts what text costs to lay out (layoutCost).
  test('text that changes script at every letter spends the budget at what it costs to lay out, not its length', async () => {
    const k = await kernel();
    const mixed = await k.run(
      'mixed',
      'const B = "\\u05D0a".repeat(5000);\nfor (let i = 0; i < 200; i++) console.log(B);\nfor (let i = 0; i < 10; i++) display(Array.from({ length: 50 }, () => B));\n1',
    );
    const plain = await k.run(
      'plain',
      'const P = "ab".repeat(5000);\nfor (let i = 0; i < 200; i++) console.log(P);\n1',
    );
    const shown = (outputs: DisplayItem[]) => JSON.stringify(outputs).length;
    expect(shown(plain.outputs)).toBeGreaterThan(1_500_000); // plain text: the whole budget but the value's share, as before
    expect(shown(mixed.outputs)).toBeLessThan(2_000_000 / 31 + 100_000); // about 2,000,000 / (1 + RUN_CHANGE_COST) characters, and the notes
    expect(mixed.outputs.at(-1)).toEqual({ kind: 'number', text: '1' }); // the value is shown all the same
  });

  test('ten charts in one run (the red team drew a hundred): what one chart may draw is drawn, the rest are one note in place, and the value follows', async () => {
    const k = await kernel();
    const result = await k.run(
      'many',
      'import * as Plot from "@observablehq/plot";\nfor (let k = 0; k < 10; k++) display(Plot.dot(Array.from({ length: 4000 }, (_, i) => [i, (i * 7919) % 1000])).plot({ height: 100 }));\n"end"',
    );
    expect(result.status).toBe('ok');
    const drawn = result.outputs.filter((item) => item.kind === 'html');
    const elements = drawn.reduce(
      (sum, item) => sum + (item.kind === 'html' ? item.html.split('<circle').length - 1 : 0),
      0,
    );
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn).toHaveLength(1);
    expect(elements).toBeLessThanOrEqual(5_000);
    expect(literals(result.outputs)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^9 charts not drawn: this run's outputs reached their total of 5,000 chart elements and 2,000,000 characters`,
        ),
      ),
    ]);
    expect(result.outputs.at(-1)).toEqual({ kind: 'string', text: 'end' });
  });

  test('charts a timer draws after the run draw from what the run left', async () => {
    const k = await kernel();
    await k.run(
      'later',
      'import * as Plot from "@observablehq/plot";\nlet n = 0;\nconst id = setInterval(() => { display(Plot.dot(Array.from({ length: 4000 }, (_, i) => [i, i])).plot()); if (++n === 4) clearInterval(id); }, 5);',
    );
    // The interval has ended once n is 4; what it showed arrived before this run's answer.
    await until(
      async () =>
        JSON.stringify((await k.run('read', 'n')).outputs[0]) === JSON.stringify({ kind: 'number', text: '4' }),
      'four ticks',
    );
    const items = late.filter((l) => l.cellId === 'later').map((l) => l.item!);
    expect(kinds(items)).toEqual(['html', 'literal']); // one note for the three not drawn
    expect(literals(items)[0]).toMatch(/^This chart is not drawn: this run's outputs reached their total/);
  });
});

describe('arrays and proxies cost what they hold', () => {
  test('a huge sparse array as a value, a log line and a display', async () => {
    const k = await kernel(5_000);
    const result = await k.run(
      'sparse',
      'const a: number[] = [];\na[4294967294] = 1;\nconsole.log(a);\ndisplay(new Array(2 ** 32 - 1));\na',
    );
    expect(result.status).toBe('ok');
    expect(summaries(result.outputs)).toEqual([
      '[<4294967294 empty items>, 1]',
      '[<4294967295 empty items>]',
      '[<4294967294 empty items>, 1]',
    ]);
  });

  test('a proxy whose traps are slow is shown by its target, without running them', async () => {
    const k = await kernel(5_000);
    const slow = 'const slow = () => { const t = Date.now(); while (Date.now() - t < 3000) {} return []; };\n';
    const result = await k.run(
      'proxy',
      `${slow}new Proxy([1, 2, 3], { ownKeys: slow, get: slow, has: slow, getOwnPropertyDescriptor: () => { slow(); return undefined; } })`,
    );
    expect(result.status).toBe('ok');
    expect(result.outputs).toEqual([
      expect.objectContaining({ kind: 'table', label: 'Proxy(Array) array of 3 numbers' }),
    ]);
  });

  // What is shown is the target, so it is marked as a proxy: `p.balance` is -5, and an output
  // of `{balance: 100}` alone would pose as what the proxy gives.
  test('a proxy a cell made is marked as one, as its value and in a console line', async () => {
    const k = await kernel();
    const result = await k.run(
      'marked',
      'const p = new Proxy({ balance: 100 }, { get: () => -5 });\nconsole.log(p.balance, p);\n({ p, f: new Proxy(Math.max, {}) })',
    );
    expect(result.status).toBe('ok');
    expect(summaries(result.outputs)).toEqual([
      '-5 Proxy(Object) {balance: 100}',
      '{p: Proxy(Object) {balance: 100}, f: Proxy(Function) ƒ max()}',
    ]);
  });

  // Round 2: a proxy on the prototype chain ran its traps when display asked for the object's
  // class, its tag or its inherited keys, and the runner was stopped at its limit.
  test('an object whose prototype is a proxy is shown without running the proxy’s traps', async () => {
    const k = await kernel(5_000);
    const loop = '() => { for (;;) {} }';
    for (const traps of [
      `{ get: ${loop} }`,
      `{ getPrototypeOf: ${loop} }`,
      `{ ownKeys: ${loop}, getOwnPropertyDescriptor: ${loop}, has: ${loop} }`,
    ]) {
      const result = await k.run(
        'proto',
        `const o = Object.create(new Proxy({ inherited: 2 }, ${traps}));\no.a = 1;\nconsole.log(o);\no`,
      );
      expect(result.status, traps).toBe('ok');
      expect(result.outputs.length).toBe(2);
    }
  });
});

describe('a thrown value that resists being read', () => {
  const failed = async (code: string) => {
    const k = await kernel();
    const result = await k.run('t', code);
    expect(result.status).toBe('error');
    return { name: result.error!.name, message: result.error!.message };
  };

  test('an Error whose message getter throws says its message could not be read', async () => {
    expect(
      await failed(
        'const e = new Error("x");\nObject.defineProperty(e, "message", { get() { throw new Error("msg getter"); } });\nthrow e;',
      ),
    ).toEqual({
      name: 'Error',
      message: '(its message could not be read: Error: msg getter)',
    });
  });

  // It is told as the value it is, marked as a proxy: its own name and message would come from its traps.
  test('a thrown proxy is read by its target, marked, never as an error of ours', async () => {
    const traps = '{ get() { throw new Error("trap"); }, getPrototypeOf() { throw new Error("proto trap"); } }';
    expect(await failed(`throw new Proxy(new Error("p"), ${traps});`)).toEqual({
      name: 'Error',
      message: 'Uncaught Proxy(Error) Error: p',
    });
    expect(await failed(`throw new Proxy({ code: 7 }, ${traps});`)).toEqual({
      name: 'Error',
      message: 'Uncaught Proxy(Object) {code: 7}',
    });
    // Its target's stack still says where the error was made.
    const k = await kernel();
    const result = await k.run(
      't',
      `const x = 1;
throw new Proxy(new RangeError("p"), ${traps});`,
    );
    expect(result.error).toMatchObject({ message: 'Uncaught Proxy(RangeError) RangeError: p', line: 2 });
    expect(await failed(`const r = Proxy.revocable(new Error("p"), {});\nr.revoke();\nthrow r.proxy;`)).toEqual({
      name: 'Error',
      message: 'Uncaught <Revoked Proxy>',
    });
  });

  test('an error whose stack getter throws, and a thrown object with one, still fail the cell plainly', async () => {
    expect(
      await failed(
        'const e = new Error("m");\nObject.defineProperty(e, "stack", { get() { throw new Error("stack getter"); } });\nthrow e;',
      ),
    ).toEqual({ name: 'Error', message: 'm' });
    expect(await failed('throw { message: "plain object", get stack() { throw new Error("x"); } };')).toEqual({
      name: 'Error',
      message: 'Uncaught {message: "plain object", stack: [getter]}',
    });
  });

  test('the same, thrown by a timer after the run', async () => {
    const k = await kernel();
    await k.run(
      't',
      'setTimeout(() => { throw new Proxy(new RangeError("late"), { getPrototypeOf() { throw new Error("proto trap"); } }); }, 5);\nsetTimeout(() => { const e = new Error("x"); Object.defineProperty(e, "message", { get() { throw new Error("no"); } }); throw e; }, 10);',
    );
    await until(() => late.length >= 2, 'two late errors');
    expect(late.map((l) => l.error && `${l.error.name}: ${l.error.message}`)).toEqual([
      'Error: Uncaught Proxy(RangeError) RangeError: late',
      'Error: (its message could not be read: Error: no)',
    ]);
  });
});

describe('a run of an exercise’s checks', () => {
  // "Write the sigmoid"'s checks call the attempt eleven times. An attempt returning
  // { rows: 20,000 objects } made 3.9 MB of check results, sent to the page twice.
  const CHECKS = [
    'check.close(mySigmoid(0), 0.5, { label: "σ(0) = 1/2" });',
    'for (const z of [-5, -1.5, 0.3, 2, 7]) check.close(mySigmoid(z), 1 / (1 + Math.exp(-z)), { tol: 1e-12, label: `σ(${z})` });',
    'check.close(mySigmoid(-2.5), 1 - mySigmoid(2.5), { label: "symmetry" });',
    'check.that([-10, -3, 0, 3, 10].every((z) => mySigmoid(z) > 0 && mySigmoid(z) < 1), "between 0 and 1");',
  ].join('\n');
  const BIG = 'Array.from({ length: 20000 }, (_, i) => ({ i, v: [i, i] }))';

  test.each([
    ['returns 20,000 objects', `function mySigmoid(z: number): any { return ${BIG}; }`],
    ['returns { rows: 20,000 objects }', `function mySigmoid(z: number): any { return { rows: ${BIG} }; }`],
    ['returns a 1 MB string', 'function mySigmoid(z: number): any { return "x".repeat(1_000_000); }'],
  ])(
    'an attempt that %s: what the result carries stays within the checks’ total',
    async (_, attempt) => {
      const k = await kernel();
      await k.run('ex-s', attempt);
      const result = await k.run('ex-s-checks', CHECKS, { checks: true, attempt: 'ex-s' });
      expect(result.checks).toHaveLength(8);
      expect(result.checks!.every((r) => !r.pass)).toBe(true);
      // The texts, and what failing checks got for the inspector; twice, as the result's checks and its output.
      expect(JSON.stringify(result).length).toBeLessThanOrEqual(2 * (CHECK_TEXT_BUDGET + CHECK_INSPECT_BUDGET.chars));
      for (const r of result.checks!) expect(r.got?.length ?? 0).toBeLessThanOrEqual(MAX_DESCRIBED + 100);
    },
    30_000,
  );
});
