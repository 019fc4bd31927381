import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createKernel } from '../../src/notebook/kernel.ts';
import { openNodeKernel, type NodeKernel } from '../../src/notebook/node-runner.ts';
import { compileCell } from '../../src/notebook/transform.ts';

// The kernel as the build and the page run it: a sandboxed thread built by kernel-host.ts, with
// the real network module. Each test gets a fresh one, opened while the test before it ran (a
// thread takes most of a second to start, and most tests wait on timers meanwhile).
const opened: NodeKernel[] = [];
let spare: Promise<NodeKernel> | undefined;
const kernel = async () => {
  const k = await (spare ?? openNodeKernel());
  spare = openNodeKernel();
  opened.push(k);
  return k;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((k) => k.close()));
});
afterAll(async () => {
  await (await spare)?.close();
});

describe('shared scope', () => {
  test('names defined in one cell are read by the next', async () => {
    const k = await kernel();
    expect((await k.run('a', 'const x: number = 20;\nlet y = 1;')).defines).toEqual(['x', 'y']);
    const result = await k.run('b', 'x + y + 21');
    expect(result).toMatchObject({ status: 'ok', uses: ['x', 'y'], outputs: [{ kind: 'number', text: '42' }] });
  });

  test('assigning a name from another cell changes it for everyone, functions included', async () => {
    const k = await kernel();
    await k.run('a', 'let lr = 0.1;\nfunction step() { return lr * 10; }');
    const b = await k.run('b', 'lr = 0.5;\nstep()');
    expect(b.outputs).toEqual([{ kind: 'number', text: '5' }]);
    expect(b.defines).toEqual(['lr']);
    expect((await k.run('c', 'lr')).outputs).toEqual([{ kind: 'number', text: '0.5' }]);
  });

  test('assigning from another cell reaches every name, whatever it is called (red team 36: `v` did not)', async () => {
    const k = await kernel();
    // The names the compiled code could use itself: each is assigned from another cell and read back.
    const names = ['v', 'value', 'set', 'get', 'x', 'name', 'cell'];
    await k.run('a', names.map((name, i) => `let ${name} = ${i};`).join('\n'));
    const b = await k.run('b', `${names.map((name) => `${name} = 9;`).join('\n')}\n[${names.join(', ')}].join(" ")`);
    expect(b.outputs).toEqual([{ kind: 'string', text: '9 9 9 9 9 9 9' }]);
    expect((await k.run('c', `[${names.join(', ')}].join(" ")`)).outputs).toEqual([{ kind: 'string', text: '9 9 9 9 9 9 9' }]);
    await k.run('d', 'var w = 1;');
    expect((await k.run('e', 'w += 41;\nw')).outputs).toEqual([{ kind: 'number', text: '42' }]);
  });

  test('rerunning a cell redeclares its names', async () => {
    const k = await kernel();
    await k.run('a', 'const n = 1;');
    await k.run('a', 'const n = 2;');
    expect((await k.run('b', 'n')).outputs).toEqual([{ kind: 'number', text: '2' }]);
  });

  test('reassigning a const from another cell says to use let', async () => {
    const k = await kernel();
    await k.run('a', 'const epochs = 10;');
    const result = await k.run('b', 'epochs = 20;');
    expect(result.error).toMatchObject({
      name: 'TypeError',
      message: 'epochs is a constant (declared with const in another cell), so it cannot be reassigned here. Declare it with let to change it later.',
      line: 1,
    });
  });

  test('imports are shared like any other name', async () => {
    const k = await kernel();
    await k.run('a', 'import { fromArray } from "nn";');
    expect((await k.run('b', 'fromArray([[1, 2]]).cols')).outputs).toEqual([{ kind: 'number', text: '2' }]);
  });

  test('reset forgets every name', async () => {
    const k = await kernel();
    await k.run('a', 'const x = 1;');
    k.reset();
    expect((await k.run('b', 'x')).status).toBe('error');
  });
});

// Red team 40: `arr.push(3)` run twice showed 4 items where the page above gives 3; the page
// could not tell such a cell from one that only reads `arr`. The run says which names it changed.
describe('what a run changes in place', () => {
  test('names of other cells whose values it changed (an item pushed, a property set, a matrix entry), not those it only read', async () => {
    const k = await kernel();
    await k.run('a', 'const arr = [1, 2];\nconst o = { x: 1 };\nimport { zeros } from "nn";\nconst m = zeros(2, 2);\nconst untouched = [1];');
    expect((await k.run('push', 'arr.push(3);\nuntouched.length')).writes).toEqual(['arr']);
    expect((await k.run('set', 'o.x = 2;\nm.data[0] = 5;')).writes).toEqual(['o', 'm']);
    expect((await k.run('read', 'arr.length + o.x + m.data[0] + untouched[0]')).writes).toBeUndefined();
    // Changed and put back is no change; a name it assigns is among its defines, not here.
    expect((await k.run('back', 'arr.push(9);\narr.pop();')).writes).toBeUndefined();
    const assigned = await k.run('assign', 'o = { x: 3 };');
    expect([assigned.defines, assigned.writes]).toEqual([['o'], undefined]);
    // Through a function it calls, or another name for the same object.
    await k.run('inc', 'let n = 1;\nfunction inc() { n = n + 1; }\nconst alias = arr;');
    expect((await k.run('call', 'inc();')).writes).toEqual(['n']);
    expect((await k.run('via', 'alias.push(7);')).writes).toEqual(['arr', 'alias']);
    // A run that fails after changing a value changed it all the same.
    const failed = await k.run('fail', 'arr.push(4);\nthrow new Error("after the push");');
    expect([failed.status, failed.writes]).toEqual(['error', ['arr', 'alias']]);
  });
});

describe('names follow the code on screen', () => {
  test('a name a cell no longer defines leaves the scope when it reruns, and reading it says which cell it was', async () => {
    const k = await kernel();
    await k.run('a', 'const a = 1;\nconst rate = 0.5;', { label: 'Cell 1' });
    expect((await k.run('b', 'a + rate')).outputs).toEqual([{ kind: 'number', text: '1.5' }]);
    await k.run('a', 'const a = 1;\nconst learningRate = 0.5;', { label: 'Cell 1' });
    const b = await k.run('b', 'a + rate');
    expect(b.status).toBe('error');
    expect(b.error).toMatchObject({ name: 'ReferenceError', line: 1, column: 5 });
    expect(b.error!.message).toBe('rate is not defined — Cell 1 used to define it, and its code no longer does');
    expect((await k.run('c', 'a + learningRate')).outputs).toEqual([{ kind: 'number', text: '1.5' }]);
  });

  test('a name two cells define: when the later one stops defining it, the earlier one\'s is back (red team 35)', async () => {
    const k = await kernel();
    await k.run('p1', 'var k = 1;', { label: 'Cell 1' });
    await k.run('p2', 'var k = 2;', { label: 'Cell 2' });
    expect((await k.run('p3', 'k')).outputs).toEqual([{ kind: 'number', text: '2' }]);
    await k.run('p2', 'var other = 0;', { label: 'Cell 2' });
    expect((await k.run('p3', 'k')).outputs).toEqual([{ kind: 'number', text: '1' }]);
    // Cell 2 defines it again, and its run fails: Cell 1's is back again.
    await k.run('p2', 'var k = 3;', { label: 'Cell 2' });
    expect((await k.run('p3', 'k')).outputs).toEqual([{ kind: 'number', text: '3' }]);
    expect((await k.run('p2', 'var k = 3;\nthrow new Error("no");', { label: 'Cell 2' })).status).toBe('error');
    expect((await k.run('p3', 'k')).outputs).toEqual([{ kind: 'number', text: '1' }]);
    // Cell 1 stops defining it too, while Cell 2 defines it: Cell 2's stays.
    await k.run('p2', 'var k = 4;', { label: 'Cell 2' });
    await k.run('p1', 'var nothing = 0;', { label: 'Cell 1' });
    expect((await k.run('p3', 'k')).outputs).toEqual([{ kind: 'number', text: '4' }]);
    // Now no cell defines it: reading it says which cell did last.
    k.forget('p2');
    expect((await k.run('p3', 'k')).error?.message).toBe('k is not defined — Cell 2 defined it, and that cell was deleted');
  });

  test('a cell whose rerun fails defines nothing until it runs again', async () => {
    const k = await kernel();
    await k.run('a', 'const weights = [1, 2];');
    // Every way a run can fail: its syntax, a throw, a name nothing defines, an import that is not there.
    for (const broken of [
      'const weights = [1, 2;',
      'const weights = [1, 2];\nthrow new Error("not yet");',
      'const weights = [1, 2];\nmissingName;',
      'import { nothing } from "nowhere";\nconst weights = [1, 2];',
    ]) {
      expect((await k.run('a', broken)).status).toBe('error');
      const b = await k.run('b', 'weights.length');
      expect(b.error?.message).toBe('weights is not defined — cell "a" defines it, but its last run failed. Fix that cell and run it again');
      await k.run('a', 'const weights = [1, 2];');
      expect((await k.run('b', 'weights.length')).outputs).toEqual([{ kind: 'number', text: '2' }]);
    }
  });

  test('a cell whose first run fails after declaring a name is named as failing, not as never run', async () => {
    const k = await kernel();
    expect((await k.run('a', 'const foo = 1;\nthrow new Error("after define");')).status).toBe('error');
    expect((await k.run('b', 'foo')).error?.message).toBe('foo is not defined — cell "a" defines it, but its last run failed. Fix that cell and run it again');
    // Also after an earlier run that declared it no longer: the code on screen declares it again.
    await k.run('c', 'const bar = 1;');
    await k.run('c', '"no bar"');
    await k.run('c', 'const bar = 2;\nthrow new Error("after define");');
    expect((await k.run('b', 'bar')).error?.message).toBe('bar is not defined — cell "c" defines it, but its last run failed. Fix that cell and run it again');
  });

  test('a deleted cell\'s names are forgotten, and reading one says the cell was deleted', async () => {
    const k = await kernel();
    await k.run('scratch', 'function helper() { return 42; }', { label: 'Cell 4' });
    k.forget('scratch');
    expect((await k.run('b', 'helper()')).error?.message).toBe('helper is not defined — Cell 4 defined it, and that cell was deleted');
  });

  test('a name another cell assigns stays its declaring cell\'s', async () => {
    const k = await kernel();
    await k.run('a', 'let lr = 0.1;');
    await k.run('b', 'lr = 0.5;');
    await k.run('b', '// no longer assigns');
    expect((await k.run('c', 'lr')).outputs).toEqual([{ kind: 'number', text: '0.5' }]);
  });

  test('scopes are separate: a name in one is not in another, and resetting one leaves the rest', async () => {
    const k = await kernel();
    await k.run('a', 'const x = 1;');
    await k.run('a', 'const x = 2;', { scope: 'check' });
    expect((await k.run('b', 'x', { scope: 'check' })).outputs).toEqual([{ kind: 'number', text: '2' }]);
    k.reset('check');
    expect((await k.run('b', 'x', { scope: 'check' })).status).toBe('error');
    expect((await k.run('b', 'x')).outputs).toEqual([{ kind: 'number', text: '1' }]);
  });

  test('a missing name in an attempt being judged, or in its checks, says what the reader must define', async () => {
    const k = await kernel();
    const attempt = await k.run('ex-f', 'function myF(x: number) { return helper(x); }\nmyF(1)', { attempt: 'ex-f' });
    expect(attempt.error?.message).toBe("helper is not defined — your answer is checked after only the chapter's own cells above the exercise, and none of them defines helper. Define it in your answer");
    await k.run('ex-g', 'function myRenamed(x: number) { return x; }');
    const checks = await k.run('ex-g-checks', 'check.close(myParameterCount(1), 1);', { checks: true, attempt: 'ex-g' });
    expect(checks.error?.message).toBe('myParameterCount is not defined — the checks use it, so your code must define it. Did you rename or delete it?');
  });
});

describe('the points a run of checks draws', () => {
  // The review's second run (review.ts, ReviewerOptions.probe) must draw apart from the graded
  // one, and must know whether the checks drew at all.
  test('follow the code judged, and another probe text draws others; the result says how many were drawn', async () => {
    const k = await kernel();
    await k.run('ex-p', 'function myId(x: number) { return x; }', { attempt: 'ex-p' });
    const checks = 'const drawnAt = [check.fresh(0, 1), check.fresh(0, 1)];\ncheck.that(true, "drawn", { drawn: { x: drawnAt } });';
    const points = async (probe?: string) => {
      const result = await k.run('ex-p-checks', checks, { checks: true, attempt: 'ex-p', ...(probe === undefined ? {} : { probe }) });
      return { drawn: result.checks![0].drawn, drew: result.drew };
    };
    const own = await points();
    expect(own.drew).toBe(2);
    expect(await points()).toEqual(own);
    const probed = await points('review 1');
    expect(probed.drew).toBe(2);
    expect(probed.drawn).not.toBe(own.drawn);
    expect(await points('review 1')).toEqual(probed);
    expect((await points('review 2')).drawn).not.toBe(probed.drawn);
    expect((await k.run('ex-p-checks', 'check.that(true, "none drawn");', { checks: true, attempt: 'ex-p' })).drew).toBe(0);
  });
});

describe('what a cell leaves running belongs to it', () => {
  const lateKernel = async () => {
    const late: { cellId: string; text: string }[] = [];
    const k = await openNodeKernel({
      onLate: (cellId, out) => late.push({ cellId, text: out.error ? `${out.error.name}: ${out.error.message} @${out.error.line}` : (out.item as { text: string }).text }),
    });
    opened.push(k);
    return { k, late };
  };
  const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /**
   * Waits until `happened()` holds, looking every 10 ms for up to 20 s: on a loaded machine a
   * worker's timers are late, not wrong, so what must happen is waited for, never given a fixed time.
   */
  const until = async (happened: () => boolean, what: string) => {
    for (const end = Date.now() + 20_000; !happened(); await settle(10)) {
      if (Date.now() > end) throw new Error(`until: ${what} did not happen within 20 s`);
    }
  };
  const printed = (late: { cellId: string }[], cellId: string) => () => late.some((l) => l.cellId === cellId);

  test('output and errors of a timer or an unawaited promise arrive late, under the cell that started them', async () => {
    const { k, late } = await lateKernel();
    await k.run('a', 'setTimeout(() => console.log("tick"), 20);\n"started"');
    await k.run('b', 'setTimeout(() => {\n  throw new RangeError("late failure");\n}, 20);');
    await k.run('c', 'Promise.reject(new Error("nobody awaited me"));\n1');
    await until(() => ['a', 'b', 'c'].every((id) => printed(late, id)()), 'late output of a, b and c');
    expect(late).toContainEqual({ cellId: 'a', text: 'tick' });
    expect(late).toContainEqual({ cellId: 'b', text: 'RangeError: late failure @2' });
    expect(late.find((l) => l.cellId === 'c')?.text).toMatch(/^Error: nobody awaited me/);
  });

  test('a cell that runs again cancels the timers its last run left', async () => {
    const { k, late } = await lateKernel();
    await k.run('a', 'let n = 0;\nsetInterval(() => console.log("old " + n++), 10);');
    await until(printed(late, 'a'), "the interval's first line");
    await k.run('a', '"rerun: no interval"');
    const seen = late.length;
    await settle(100);
    expect(seen).toBeGreaterThan(0);
    expect(late.length).toBe(seen);
  });

  // Work a run leaves going through promises: each wait is a timer set in a promise job, after
  // the timer callback that resumed it has returned, so no callback of the cell is on the stack.
  // Every way of leaving such work behind must end when the cell runs again (or is deleted, or
  // the runner restarts), and print nothing more under the code that replaced it.
  const loops: Record<string, string> = {
    'an async loop': '(async () => {\n  for (let i = 0; ; i++) {\n    await new Promise((r) => setTimeout(r, 15));\n    counter.n++;\n    console.log("old " + i);\n  }\n})();',
    'an async generator read with for await': 'async function* ticks() {\n  for (let i = 0; ; i++) {\n    await new Promise((r) => setTimeout(r, 15));\n    yield i;\n  }\n}\n(async () => { for await (const i of ticks()) { counter.n++; console.log("old " + i); } })();',
    'a chain of then': 'const wait = () => new Promise((r) => setTimeout(r, 15));\nconst go = (i: number): Promise<void> => wait().then(() => { counter.n++; console.log("old " + i); return go(i + 1); });\ngo(0);',
    'the global object\'s setTimeout': '(async () => {\n  for (let i = 0; ; i++) {\n    await new Promise((r) => globalThis.setTimeout(r, 15));\n    counter.n++;\n    console.log("old " + i);\n  }\n})();',
    'a timer function kept from before': 'const later = setTimeout;\n(async () => {\n  for (let i = 0; ; i++) {\n    await new Promise((r) => later(r, 15));\n    counter.n++;\n    console.log("old " + i);\n  }\n})();',
    'an interval set from a promise job': 'Promise.resolve().then(() => setTimeout(() => Promise.resolve().then(() => setInterval(() => { counter.n++; console.log("old"); }, 15)), 5));',
  };
  for (const [how, code] of Object.entries(loops)) {
    test(`work left going through promises ends when the cell runs again: ${how}`, async () => {
      const { k, late } = await lateKernel();
      await k.run('counter', 'const counter = { n: 0 };');
      await k.run('a', `${code}\n"started"`);
      await until(printed(late, 'a'), "the loop's first line");
      expect(late.filter((l) => l.cellId === 'a').length).toBeGreaterThan(0);
      // Another cell running in between must not take the work over.
      await k.run('b', 'await new Promise((r) => setTimeout(r, 40));\n"b"');
      await k.run('a', '"rerun: starts nothing"');
      const seen = late.length;
      await settle(30);
      const count = async () => (await k.run('read', 'counter.n')).outputs[0];
      const stopped = await count();
      await settle(150);
      expect(late.slice(seen)).toEqual([]);
      // Not only unseen: the work itself is over.
      expect(await count()).toEqual(stopped);
    });
  }

  // The work is the cell's that set it going, whoever wrote the function that calls setTimeout:
  // a helper or a thenable of another cell scheduled for the cell whose run called it.
  const through: Record<string, { helper: string; loop: string }> = {
    'a helper of another cell': {
      helper: 'function later(f: () => void, ms: number) { setTimeout(f, ms); }',
      loop: 'function tick() { counter.n++; console.log("old"); later(tick, 15); }\ntick();',
    },
    'a thenable of another cell': {
      helper: 'const soon = { then(resolve: (v: number) => void) { setTimeout(() => resolve(1), 15); } };',
      loop: '(async () => { for (;;) { await (soon as unknown as Promise<number>); counter.n++; console.log("old"); } })();',
    },
  };
  for (const [how, { helper, loop }] of Object.entries(through)) {
    test(`work a cell set going through ${how} ends when that cell runs again, and nothing of it shows anywhere`, async () => {
      const { k, late } = await lateKernel();
      await k.run('counter', `const counter = { n: 0 };\n${helper}`);
      await k.run('a', `${loop}\n"started"`);
      await until(printed(late, 'a'), "the loop's first line");
      expect(late.filter((l) => l.cellId === 'a').length).toBeGreaterThan(0);
      await k.run('a', '"rerun: starts nothing"');
      const seen = late.length;
      await settle(30);
      const count = async () => (await k.run('read', 'counter.n')).outputs[0];
      const stopped = await count();
      await settle(150);
      expect(await count()).toEqual(stopped);
      expect(late.slice(seen)).toEqual([]);
      expect(late.every((l) => l.cellId === 'a')).toBe(true);
    });
  }

  test('work left going through promises ends when the cell is deleted or the runner restarts', async () => {
    const { k, late } = await lateKernel();
    const count = async () => (await k.run('read', 'counter.n')).outputs[0];
    await k.run('counter', 'const counter = { n: 0 };');
    await k.run('a', `${loops['an async loop']}\n"started"`);
    await until(printed(late, 'a'), "the loop's first line");
    k.forget('a');
    await settle(30);
    const seen = late.length;
    const stopped = await count();
    await settle(120);
    expect(seen).toBeGreaterThan(0);
    expect(late.slice(seen)).toEqual([]);
    expect(await count()).toEqual(stopped);
    // After a restart the counter is a new one, so the old chain is held by a global it cannot
    // reach: its output is what shows whether it still runs.
    await k.run('b', `const counter = { n: 0 };\n${loops['a chain of then']}\n"started"`);
    await until(printed(late, 'b'), "the chain's first line");
    k.reset();
    await settle(30);
    const seenAfterReset = late.length;
    await settle(120);
    expect(late.slice(seenAfterReset)).toEqual([]);
  });

  // An exercise's checks run in a scope of their own (Notebook.runChecks, node-judge.ts): what a
  // run there leaves waiting must neither go on in the worker nor reach the values made afresh
  // for the checks, nor fail later under a page cell, nor outlive the scope.
  test('what a run in a check scope leaves waiting ends with that run, and nothing of it shows under a page cell', async () => {
    const { k, late } = await lateKernel();
    await k.run('page-cell', '"a page cell that ran last"');
    const check = { scope: 'check', quiet: true } as const;
    await k.run('context', 'const ref = { value: 1 };', check);
    await k.run('ex', 'setInterval(() => { ref.value++; }, 5);\nsetTimeout(() => { throw new Error("from the attempt\'s timer"); }, 30);\nPromise.resolve().then(() => setInterval(() => { ref.value += 100; }, 5));\n"attempt"', { ...check, attempt: 'ex' });
    const read = async () => (await k.run('read', 'ref.value', { scope: 'check' })).outputs[0];
    const first = await read();
    await settle(120);
    expect(await read()).toEqual(first);
    // The chapter's cell made afresh keeps its value while the checks look.
    await k.run('context', 'const ref = { value: 1 };', check);
    await settle(60);
    expect(await read()).toEqual({ kind: 'number', text: '1' });
    expect(late).toEqual([]);
  });

  // A chain of promise jobs the run did not await goes on after the run's own code: a timer it
  // sets then was nobody's (the global setInterval) or its run's after that run was over, and
  // went on through the checks, and an error of it showed under a page cell (a red team's find).
  test('timers a check scope\'s run sets from a chain it did not await end with it too, and nothing of them reaches a page cell', async () => {
    const { k, late } = await lateKernel();
    await k.run('p0', 'const pageValue = 1;');
    const check = { scope: 'check', quiet: true } as const;
    await k.run('ex', 'let myTicks = 0;\nfunction myAnswer() { return myTicks; }\nconst myLoop = (async () => {\n  for (let i = 0; i < 500; i++) await null;\n  setInterval(() => { myTicks++; }, 5);\n  globalThis.setInterval(() => { throw new Error("thrown by the check scope\'s attempt"); }, 30);\n})();', { ...check, attempt: 'ex' });
    await k.run('context', 'const c1 = 1;', check);
    await settle(120);
    expect((await k.run('ex-checks', 'myAnswer()', { scope: 'check' })).outputs[0]).toEqual({ kind: 'number', text: '0' });
    k.reset('check');
    await k.run('p1', 'pageValue + 1');
    await settle(120);
    expect(late).toEqual([]);
  });

  test('a timer a page cell\'s chain sets after its run, through the global setInterval, is the cell\'s: a rerun ends it', async () => {
    const { k, late } = await lateKernel();
    await k.run('counter', 'const counter = { n: 0 };');
    await k.run('a', '(async () => {\n  for (let i = 0; i < 20000; i++) await null;\n  globalThis.setInterval(() => { counter.n++; console.log("old"); }, 10);\n})();\n"started"');
    await until(printed(late, 'a'), "the interval's first line");
    await k.run('a', '"rerun: starts nothing"');
    const count = async () => (await k.run('read', 'counter.n')).outputs[0];
    const stopped = await count();
    await settle(100);
    expect(await count()).toEqual(stopped);
  });

  test('a check scope\'s run can still use timers while it runs, the attempt\'s functions included, and they end with the run', async () => {
    const { k, late } = await lateKernel();
    const check = { scope: 'check' } as const;
    await k.run('ex', 'const counter = { n: 0 };\nfunction later(v: number) { return new Promise<number>((r) => setTimeout(() => r(v), 5)); }\nfunction tick() { setInterval(() => counter.n++, 5); }', { ...check, attempt: 'ex' });
    expect((await k.run('ex-checks', 'await later(7)', check)).outputs[0]).toEqual({ kind: 'number', text: '7' });
    // A check that starts the attempt's interval and waits on it sees it run…
    expect((await k.run('ex-checks', 'tick();\nawait new Promise((r) => setTimeout(r, 40));\ncounter.n > 0', check)).outputs[0]).toEqual({ kind: 'literal', text: 'true' });
    // …and it ends with that run.
    const count = async () => (await k.run('read', 'counter.n', check)).outputs[0];
    const stopped = await count();
    await settle(80);
    expect(await count()).toEqual(stopped);
    expect(late).toEqual([]);
  });

  test('a cell gets its timer functions and nothing else of the runner\'s timers, in every scope', async () => {
    const { k } = await lateKernel();
    for (const scope of ['page', 'check']) {
      const result = await k.run('t', '[typeof setTimeout, typeof queueMicrotask, typeof clearAll, typeof clearOwner, typeof owned, typeof pending, Object.isFrozen(setTimeout)].join(" ")', { scope });
      expect(result.outputs[0]).toEqual({ kind: 'string', text: 'function function undefined undefined undefined undefined true' });
    }
  });

  test('code of a run that was replaced, resumed later by another cell, sets no timer', async () => {
    const { k, late } = await lateKernel();
    await k.run('counter', 'const counter = { n: 0 };\nconst gate: { open?: () => void } = {};');
    // Each pass waits for another cell to open the gate, then for a timer of its own.
    await k.run('a', '(async () => {\n  for (;;) {\n    await new Promise<void>((r) => { gate.open = r; });\n    console.log("a pass");\n    await new Promise((r) => setTimeout(r, 5));\n    counter.n++;\n  }\n})();\n"waiting"');
    await k.run('b', 'gate.open!();\nawait new Promise((r) => setTimeout(r, 40));\ncounter.n');
    await settle(20);
    expect((await k.run('read', 'counter.n')).outputs[0]).toEqual({ kind: 'number', text: '1' });
    await k.run('a', '"replaced"');
    const seen = late.length;
    // The old loop is still waiting at the gate: b lets it on, but its timer is that of a run
    // whose code is gone from the page, so it never fires.
    await k.run('b', 'gate.open!();\nawait new Promise((r) => setTimeout(r, 40));\ncounter.n');
    await settle(40);
    expect((await k.run('read', 'counter.n')).outputs[0]).toEqual({ kind: 'number', text: '1' });
    // What it printed on its way is not shown under the code that replaced it.
    expect(seen).toBeGreaterThan(0);
    expect(late.slice(seen)).toEqual([]);
  });

  test('a timer set in a promise job of a cell\'s timer belongs to that cell, even while another cell runs', async () => {
    const { k, late } = await lateKernel();
    // a's timer resolves a promise; the job that follows sets the next timer while b is running.
    await k.run('a', 'let i = 0;\nconst tick = () => new Promise((r) => setTimeout(r, 10)).then(() => { i++; globalThis.setTimeout(() => console.log("from a"), 0); if (i < 50) tick(); });\ntick();');
    await k.run('b', 'await new Promise((r) => setTimeout(r, 100));\n"b ran"');
    await k.run('a', '"rerun"');
    const seen = late.length;
    await settle(120);
    expect(late.slice(seen)).toEqual([]);
    expect(late.every((l) => l.cellId === 'a')).toBe(true);
  });
});

describe('cells compiled ahead', () => {
  // The review page hands the worker the build's compilations of the book's cells. A
  // compilation is used only for the very source and cell id it was made from.
  test('a compilation of this source and cell id is run as given, without compiling again', async () => {
    const k = await kernel();
    const ahead = { ...compileCell('const made = "ahead";\nmade', 'c1'), source: 'const made = "here";\nmade' };
    const result = await k.run('c1', 'const made = "here";\nmade', { compiled: ahead });
    expect(result).toMatchObject({ status: 'ok', defines: ['made'], outputs: [{ kind: 'string', text: 'ahead' }] });
  });

  test('a compilation of another source or another cell id is not used', async () => {
    const k = await kernel();
    const ahead = compileCell('"ahead"', 'c1');
    expect((await k.run('c1', '"here"', { compiled: ahead })).outputs).toEqual([{ kind: 'string', text: 'here' }]);
    expect((await k.run('c2', '"ahead"', { compiled: ahead })).outputs).toEqual([{ kind: 'string', text: 'ahead' }]);
  });
});

describe('modules loaded when first needed, a new instance for each run', () => {
  // The page's worker loads Plot only when a cell first draws, and each run draws with a Plot of
  // its own (kernel-host.ts, plot-instance.ts).
  const freshKernel = (loader: () => Promise<() => object>) => createKernel({
    modules: { nn: { double: (x: number) => 2 * x } },
    freshModules: { '@observablehq/plot': loader },
    evaluate: (code) => (0, eval)(code),
    harden: (value) => Object.freeze(value),
  });

  test('load once, for the first cell that names or imports them; each run gets its own instance, its namespace frozen', async () => {
    let loads = 0;
    let made = 0;
    const k = freshKernel(async () => {
      loads += 1;
      return () => ({ instance: ++made, mark: () => 'drawn' });
    });
    expect((await k.run('a', 'import { double } from "nn";\ndouble(2)')).outputs).toEqual([{ kind: 'number', text: '4' }]);
    expect(loads).toBe(0);
    expect((await k.run('b', 'Object.isFrozen(Plot) && Plot.mark()')).outputs).toEqual([{ kind: 'string', text: 'drawn' }]);
    expect((await k.run('c', 'import { mark, instance } from "@observablehq/plot";\n`${mark()} ${instance} ${Plot.instance}`')).outputs).toEqual([{ kind: 'string', text: 'drawn 2 2' }]);
    expect((await k.run('c', 'import { instance } from "@observablehq/plot";\ninstance === Plot.instance ? Plot.instance : -1')).outputs).toEqual([{ kind: 'number', text: '3' }]);
    expect(loads).toBe(1);
    expect(made).toBe(3); // one per run that used it: b, c, c again
  });

  test('that fail to load fail the cell that needs them, with the reason, and are tried again by the next', async () => {
    let loads = 0;
    const k = freshKernel(async () => {
      loads += 1;
      if (loads === 1) throw new Error('the network is down');
      return () => ({ mark: () => 'drawn' });
    });
    await k.run('a', 'const drawn = 1;');
    expect((await k.run('a', 'const drawn = 1;\nPlot.mark()')).error).toEqual({ name: 'ImportError', message: 'The module "@observablehq/plot" could not be loaded: the network is down' });
    // A run that failed defines nothing, whatever failed: not even the names its last good run made.
    expect((await k.run('b', 'drawn')).error?.message).toBe('drawn is not defined — cell "a" defines it, but its last run failed. Fix that cell and run it again');
    expect((await k.run('a', 'Plot.mark()')).outputs).toEqual([{ kind: 'string', text: 'drawn' }]);
  });
});

describe('outputs', () => {
  test('console lines, display() items and the value come in the order they happened', async () => {
    const result = await (await kernel()).run('a', 'console.log("loss", 0.25);\ndisplay([1, 2]);\nconsole.warn("careful");\nconsole.error(new Error("x").message);\n"done"');
    expect(result.outputs).toEqual([
      { kind: 'text', level: 'log', text: 'loss 0.25' },
      { kind: 'table', label: 'array of 2 numbers', rows: 1, cols: 2, cells: [['1', '2']] },
      { kind: 'text', level: 'warn', text: 'careful' },
      { kind: 'text', level: 'error', text: 'x' },
      { kind: 'string', text: 'done' },
    ]);
  });

  test('display(x) as the last line shows x once', async () => {
    expect((await (await kernel()).run('a', 'display(7)')).outputs).toEqual([{ kind: 'number', text: '7' }]);
  });

  test('a cell ending in console.log or a declaration shows only what it logged', async () => {
    expect((await (await kernel()).run('a', 'console.log(1)')).outputs).toEqual([{ kind: 'text', level: 'log', text: '1' }]);
    expect((await (await kernel()).run('a', 'const z = 3;')).outputs).toEqual([]);
  });

  test('a cell ending in a promise shows what it resolves to', async () => {
    expect((await (await kernel()).run('a', 'Promise.resolve(3)')).outputs).toEqual([{ kind: 'number', text: '3' }]);
  });

  test('a long log keeps its first and last lines, says how many it left out, and ends with the value', async () => {
    const outputLimits = { head: 2, tail: 3, budget: { nodes: 100, chars: 10_000 } };
    const result = await createKernel({ modules: {}, evaluate: (code) => (0, eval)(code), outputLimits }).run('a', 'for (let i = 0; i < 10; i++) console.log(i);\n"done"');
    expect(result.outputs).toEqual([
      { kind: 'text', level: 'log', text: '0' },
      { kind: 'text', level: 'log', text: '1' },
      { kind: 'omitted', count: 5, head: 2, tail: 3, noun: 'line' },
      { kind: 'text', level: 'log', text: '7' },
      { kind: 'text', level: 'log', text: '8' },
      { kind: 'text', level: 'log', text: '9' },
      { kind: 'string', text: 'done' },
    ]);
  });

  test('ten thousand lines in the real kernel: the first 50, the last 200 and the value', async () => {
    const result = await (await kernel()).run('a', 'for (let i = 0; i < 10000; i++) console.log("line " + i);\n"done"');
    const texts = result.outputs.map((o) => ('text' in o ? o.text : o.kind === 'omitted' ? `omitted ${o.count}` : o.kind));
    expect(texts).toHaveLength(252);
    expect(texts.slice(48, 52)).toEqual(['line 48', 'line 49', 'omitted 9750', 'line 9800']);
    expect(texts.slice(-2)).toEqual(['line 9999', 'done']);
  });

  test('a value whose `then` getter throws is shown, not awaited, and the cell does not fail', async () => {
    const result = await (await kernel()).run('a', '({ get then() { throw new Error("no then") }, x: 1 })');
    expect(result.status).toBe('ok');
    expect(result.outputs).toMatchObject([{ kind: 'inspect', node: { summary: '{then: [getter], x: 1}' } }]);
  });

  test('in the sandbox: -0, format strings, a promise\'s state and a generator\'s name', async () => {
    const k = await kernel();
    const result = await k.run('a', 'function* count() { yield 1; }\nconsole.log("%s is %d", "loss", 4.5);\nconsole.log(-0, count());\n({ p: Promise.resolve(1), q: new Promise(() => {}) })');
    expect(result.outputs).toEqual([
      { kind: 'text', level: 'log', text: 'loss is 4' },
      { kind: 'text', level: 'log', text: '-0 Generator {}' },
      expect.objectContaining({ kind: 'inspect', node: expect.objectContaining({ summary: '{p: Promise {<fulfilled>: 1}, q: Promise {<pending>}}' }) }),
    ]);
  });

  test('an error whose message is a function still reaches the page (nothing unclonable is posted)', async () => {
    const k = await kernel();
    const result = await k.run('a', 'const e = new Error("x");\nObject.defineProperty(e, "message", { value: () => 1 });\ne');
    expect(result.outputs).toEqual([{ kind: 'error', name: 'Error', message: '() => 1' }]);
    expect((await k.run('b', '1 + 1')).outputs).toEqual([{ kind: 'number', text: '2' }]);
  });
});

describe('errors in place', () => {
  test('a runtime error points at the line and column in the reader\'s code', async () => {
    const result = await (await kernel()).run('a', 'const m: number[] = [];\nconst s = (m as any).total.sum;');
    expect(result.status).toBe('error');
    expect(result.error).toEqual({
      name: 'TypeError',
      message: "Cannot read properties of undefined (reading 'sum')",
      line: 2,
      column: 28, // V8 places the error at the property it could not read, `sum`
      frame: '  1 | const m: number[] = [];\n> 2 | const s = (m as any).total.sum;\n    |                            ^',
    });
  });

  // Red team, round 2: an error of a class the reader wrote pointed at the class (its
  // constructor made the error), not at the `new` that made it.
  test('an error of the reader\'s own error class points at where it was made, not at the class', async () => {
    const k = await kernel();
    const plain = await k.run('a', 'class MyErr extends Error {}\n\nconst x = 1;\nthrow new MyErr("where?");');
    expect(plain.error).toMatchObject({ name: 'Error', message: 'where?', line: 4, column: 7 });
    const built = await k.run('b', 'class Base extends Error { constructor(m: string) { super(m); this.name = "Base"; } }\nclass Deeper extends Base { constructor() { super("deep"); } }\nfunction fail() {\n  throw new Deeper();\n}\nfail();');
    expect(built.error).toMatchObject({ name: 'Base', message: 'deep', line: 4, column: 9 });
    expect(built.error?.stack).toBe('    at fail (line 4:9)\n    at <top level> (line 6:1)');
  });

  test('an error thrown inside a called function points at its line, with the call in the stack', async () => {
    const result = await (await kernel()).run('a', 'function limit(x: number) {\n  if (x > 1) {\n    throw new RangeError(`x is ${x}, expected at most 1`);\n  }\n}\nlimit(2);');
    expect(result.error).toEqual({
      name: 'RangeError',
      message: 'x is 2, expected at most 1',
      line: 3,
      column: 11,
      frame: '  2 |   if (x > 1) {\n> 3 |     throw new RangeError(`x is ${x}, expected at most 1`);\n    |           ^\n  4 |   }',
      stack: '    at limit (line 3:11)\n    at <top level> (line 6:1)',
    });
  });

  test('an error from the network module keeps its message and points at the call', async () => {
    const k = await kernel();
    const result = await k.run('a', 'import { fromArray, matmul } from "nn";\nconst A = fromArray([[1, 2]]);\nconst C = matmul(A, A);');
    expect(result.error).toMatchObject({ name: 'Error', message: 'matmul: inner dimensions differ (1×2 · 1×2)', line: 3, column: 11 });
  });

  test('calling something that is not a function names it as the reader wrote it', async () => {
    const k = await kernel();
    await k.run('a', 'const net = 3;');
    expect((await k.run('b', 'net()')).error).toMatchObject({ message: 'net is not a function', line: 1, column: 1 });
  });

  // Red team 54: "run the cell that defines it first" was said of names no cell defines; a cell
  // above that does runs first on its own.
  test('a missing input says no cell that ran defines it, and where it is used', async () => {
    const result = await (await kernel()).run('a', 'const y = 2;\nconst z = y * weights;');
    expect(result.error).toEqual({
      name: 'ReferenceError',
      message: 'weights is not defined, and no cell that ran defines it: check the spelling, or define it in a cell above',
      line: 2,
      column: 15,
      frame: '  1 | const y = 2;\n> 2 | const z = y * weights;\n    |               ^',
    });
    expect(result.uses).toEqual(['weights']);
  });

  test('a name read only by typeof while nothing defines it is a use all the same, as is a name the sandbox holds back', async () => {
    const k = await kernel();
    const result = await k.run('a', 'const kind = typeof s;\nconst fetchKind = typeof fetch;\n[kind, fetchKind]');
    expect(result.error).toBeUndefined();
    expect(result.uses).toEqual(['s', 'fetch']);
  });

  test('a misspelt name gets a suggestion', async () => {
    const k = await kernel();
    await k.run('a', 'const network = 1;');
    expect((await k.run('b', 'netwrok')).error?.message).toBe('netwrok is not defined, and no cell that ran defines it: check the spelling, or define it in a cell above. Did you mean network?');
  });

  test('a function of nn not imported, or misspelt, says how to import it; print says how to show a value', async () => {
    const k = await kernel();
    expect((await k.run('a', 'matmul')).error?.message).toBe('matmul is not defined in this cell: it is a function of nn, so import it first: import { matmul } from "nn"');
    expect((await k.run('b', 'matmull')).error?.message).toBe('matmull is not defined, and no cell that ran defines it. Did you mean matmul, from nn? Import it first: import { matmul } from "nn"');
    expect((await k.run('c', 'print("hello")')).error?.message).toBe('print is not defined: to show a value, end the cell with it, or use console.log(…) or display(…)');
  });

  test('assigning an undeclared name suggests declaring it', async () => {
    expect((await (await kernel()).run('a', 'total = 1')).error?.message).toBe('total is not defined — declare it first (let total = …)');
  });

  test('importing a name the module lacks is an error at the import', async () => {
    expect((await (await kernel()).run('a', '\nimport { fromArry } from "nn";')).error).toMatchObject({
      name: 'ImportError',
      message: 'The module "nn" has no export named fromArry. Did you mean fromArray?',
      line: 2,
      column: 1,
    });
  });

  test('a syntax error is reported as the result, not thrown', async () => {
    const result = await (await kernel()).run('a', 'const = 1');
    expect(result).toMatchObject({ status: 'error', defines: [], uses: [], error: { name: 'SyntaxError', line: 1, column: 7 } });
  });

  test('throwing a non-error value is reported plainly', async () => {
    expect((await (await kernel()).run('a', 'throw "stop"')).error).toMatchObject({ name: 'Error', message: 'Uncaught "stop"' });
  });

  test('a thrown object cannot word its own report: a plain object is a value, an odd name is "Error"', async () => {
    const k = await kernel();
    const plain = (await k.run('a', 'throw { name: "Passed", message: "All 8 checks passed." }')).error!;
    expect(plain.name).toBe('Error');
    expect(plain.message).toMatch(/^Uncaught \{/);
    const sentence = (await k.run('b', 'const e = new Error("no"); Object.defineProperty(e, "name", { value: "All checks passed" }); throw e;')).error!;
    expect(sentence).toMatchObject({ name: 'Error', message: 'no' });
    expect((await k.run('c', 'class ShapeError extends Error { name = "ShapeError"; }\nthrow new ShapeError("2×3 by 2×3")')).error).toMatchObject({ name: 'ShapeError', message: '2×3 by 2×3' });
  });

  test('the network and the page are out of reach, with a clear message', async () => {
    const k = await kernel();
    expect((await k.run('a', 'await fetch("https://example.com")')).error).toMatchObject({
      name: 'NotAvailableError',
      message: 'fetch is not available in code cells: cells cannot reach the network; the data sets the book uses are in the "nn" module.',
      line: 1,
      column: 7,
    });
    expect((await k.run('b', 'localStorage.getItem("x")')).error?.message).toMatch(/^localStorage is not available in code cells/);
    expect((await k.run('c', 'document.body')).error?.message).toMatch(/^document is not available in code cells: cells run in a background worker/);
  });

  test('a later cell still runs after an earlier one failed', async () => {
    const k = await kernel();
    await k.run('a', 'throw new Error("first")');
    expect((await k.run('b', '1 + 1')).status).toBe('ok');
  });
});

describe('withheld names (an exercise’s withhold)', () => {
  test('on the attempt’s run a chapter cell’s name, a named import and a namespace member throw, saying why; the checks get the real ones', async () => {
    const k = await kernel();
    await k.run('c1', 'function slopeAt(f: (w: number) => number, w: number) { return (f(w + 1e-5) - f(w - 1e-5)) / 2e-5; }');
    const withhold = ['slopeAt', 'sigmoid'];
    const attempt = await k.run('ex-a', [
      'import { sigmoid as s } from "nn";',
      'import * as nn from "nn";',
      'const tries = [() => slopeAt((w) => w * w, 1), () => s(0), () => nn.sigmoid(0), () => nn.sigmoid.call(null, 0)];',
      'function myResults() { return tries.map((t) => { try { return t(); } catch (e) { return (e as Error).message; } }); }',
      'typeof slopeAt',
    ].join('\n'), { attempt: 'ex-a', withhold });
    expect(attempt).toMatchObject({ status: 'ok', outputs: [{ kind: 'string', text: 'function' }] });
    const checks = await k.run('ex-a-checks', [
      'const said = myResults();',
      'check.equal(said[0], "slopeAt is withheld in this exercise: write it yourself", { label: "free name" });',
      'check.equal(said[1], "sigmoid is withheld in this exercise: write it yourself", { label: "named import" });',
      'check.equal(said[2], "sigmoid is withheld in this exercise: write it yourself", { label: "namespace" });',
      'check.equal(said[3], "sigmoid is withheld in this exercise: write it yourself", { label: "a property of it" });',
      'check.close(slopeAt((w) => w * w, 1), 2, { tol: 1e-6, label: "the checks get the real slopeAt" });',
    ].join('\n'), { checks: true, attempt: 'ex-a' });
    expect(checks.checks!.filter((c) => c.label !== 'the checks get the real slopeAt' && !c.label.includes('withheld')).map((c) => c.pass)).toEqual([true, true, true, true]);
    expect(checks.checks!.find((c) => c.label === 'the checks get the real slopeAt')!.pass).toBe(true);
    // Caught or not, a use of a withheld name fails the checks, once per name.
    expect(checks.checks!.filter((c) => !c.pass).map((c) => [c.label, c.got])).toEqual([
      ['slopeAt is withheld in this exercise: write it yourself', undefined],
      ['sigmoid is withheld in this exercise: write it yourself', undefined],
    ]);
  });

  test('an allow-list withholds every other nn export, imported or a chapter cell’s, so no other route reaches the formula', async () => {
    const k = await kernel();
    await k.run('c1', 'import { createNetwork, predict } from "nn";');
    // The routes to the sigmoid that a list of names to withhold missed: a network's prediction,
    // autograd's scalars, and the losses' own sigmoid; each fails, and the message says what is open.
    const attempt = await k.run('ex-s', [
      'import * as nn from "nn";',
      'import { fromArray } from "nn";',
      'const tries = [',
      '  () => predict(createNetwork({ layers: [1, 1] }), fromArray([[0]])),',
      '  () => nn.sigmoidOf(0).value,',
      '  () => nn.binaryCrossEntropyWithLogits(fromArray([[40]]), fromArray([[0]])),',
      '  () => nn.shape(fromArray([[1, 2]])).join("x"),',
      '];',
      'function myTries() { return tries.map((t) => { try { return t(); } catch (e) { return (e as Error).message; } }); }',
    ].join('\n'), { attempt: 'ex-s', allow: { names: ['fromArray', 'shape'], said: 'fromArray and shape' } });
    expect(attempt.status).toBe('ok');
    const checks = await k.run('ex-s-checks', 'check.equal(myTries(), [], { label: "what the attempt reached" });', { checks: true, attempt: 'ex-s' });
    const said = 'is withheld in this exercise: from nn its attempt may use only fromArray and shape';
    expect(checks.checks![0].got).toContain(`createNetwork ${said}`);
    expect(checks.checks![0].got).toContain(`sigmoidOf ${said}`);
    expect(checks.checks![0].got).toContain(`binaryCrossEntropyWithLogits ${said}`);
    expect(checks.checks![0].got).toContain('1x2'); // what the list allows works
    expect(checks.checks!.filter((c) => !c.pass).map((c) => c.label).slice(1)).toEqual([
      `createNetwork ${said}`, `sigmoidOf ${said}`, `binaryCrossEntropyWithLogits ${said}`,
    ]);
    // Without the allow-list, the same code reaches all of them.
    const k2 = await kernel();
    await k2.run('ex-s', 'import * as nn from "nn"; const open = typeof nn.sigmoidOf(0).value;', { attempt: 'ex-s' });
    const open = await k2.run('ex-s-checks', 'check.equal(open, "number");', { checks: true, attempt: 'ex-s' });
    expect(open.checks!.map((c) => c.pass)).toEqual([true]);
  });

  /** Cell code that reads each value by calling `read`, which gives a throw's message instead. */
  const READ = 'const read = (f: () => unknown) => { try { return f(); } catch (e) { return (e as Error).message; } };';
  const WITHHELD = 'sigmoid is withheld in this exercise: write it yourself';

  /**
   * Runs `made` as attempt `id` after a cell that keeps the chapter's sigmoid (`viaChapter.s`),
   * then `reads` as its checks; once withholding the sigmoid, once withholding something `made`
   * does not use. Gives what the checks read each time (`got` of their one check).
   */
  const readAsAttempt = async (k: Awaited<ReturnType<typeof kernel>>, id: string, made: string, reads: string) => {
    await k.run('c1', 'import { sigmoid } from "nn";\nconst viaChapter = { s: sigmoid };');
    expect((await k.run(id, made, { attempt: id, withhold: ['sigmoid'] })).status).toBe('ok');
    const withheld = JSON.parse((await k.run(`${id}-checks`, reads, { checks: true, attempt: id })).checks![0].got!);
    await k.run(id, made, { attempt: id, withhold: ['slopeAt'] });
    const open = JSON.parse((await k.run(`${id}-checks`, reads, { checks: true, attempt: id })).checks![0].got!);
    return { withheld, open };
  };

  // Code of the attempt that the checks run by reading what it made, not by calling it: each
  // kind calls the chapter's route to the sigmoid directly (a red team's find: a Proxy's traps).
  const things = [
    'class Field { v = viaChapter.s(0); }',
    'const myThings = {',
    '  get getter() { return viaChapter.s(0); },',
    '  arrow: () => viaChapter.s(0),',
    '  arrowObject: () => ({ r: viaChapter.s(0) }),',
    '  withDefault: (x = viaChapter.s(0)) => x,',
    '  withComputedKey: ({ [String(viaChapter.s(0))]: v = "no key" }: Record<string, unknown> = {}) => v,',
    '  Field,',
    '  proxy: new Proxy({}, { get: () => viaChapter.s(0) }),',
    '  primitive: { [Symbol.toPrimitive]() { return viaChapter.s(0); } },',
    '  *generator() { yield viaChapter.s(0); },',
    '  async later() { return viaChapter.s(0); },',
    '};',
  ].join('\n');
  const readThings = [
    READ,
    'const got = [read(() => myThings.getter), read(() => myThings.arrow()), read(() => myThings.arrowObject().r), read(() => myThings.withDefault()),',
    '  read(() => myThings.withComputedKey()), read(() => new myThings.Field().v), read(() => myThings.proxy.anything), read(() => +myThings.primitive),',
    '  read(() => myThings.generator().next().value), await myThings.later().catch((e: Error) => e.message)];',
    'check.equal(got.join(" | "), "", { label: "what the checks read" });',
  ].join('\n');

  test('every function of an attempt runs as the attempt when the checks read what it made: getters, traps, defaults, fields', async () => {
    const { withheld, open } = await readAsAttempt(await kernel(), 'ex-r', things, readThings);
    expect(withheld).toBe(Array(10).fill(WITHHELD).join(' | '));
    // The same code compiled as an attempt, withholding something it does not use, computes as it would uncompiled.
    expect(open).toBe('0.5 | 0.5 | 0.5 | 0.5 | no key | 0.5 | 0.5 | 0.5 | 0.5 | 0.5');
  });

  // What built-ins keep to call later, made by the attempt, runs as the attempt: a bound
  // function, a proxy with no traps, a promise reaction, a lazy iterator's callback. None of them
  // runs any code of the attempt for attempt-edits.ts to guard (a red team's find: a getter that
  // is a bound function).
  const gadgets = [
    'const later = new Promise<number>((resolve) => setTimeout(() => resolve(0), 30));',
    'const myGadgets = {',
    '  boundGetter: Object.defineProperty({}, "v", { get: viaChapter.s.bind(null, 0) }) as { v: number },',
    '  boundPrimitive: { [Symbol.toPrimitive]: viaChapter.s.bind(null, 0) },',
    '  callBound: Function.prototype.call.bind(viaChapter.s, null, 0),',
    '  proxy: new Proxy(viaChapter.s, {}),',
    '  revocable: Proxy.revocable(viaChapter.s, {}).proxy,',
    '  reaction: later.then(viaChapter.s),',
    '  caught: later.then(() => { throw 0; }).catch(viaChapter.s),',
    '  iterator: [0].values().map(viaChapter.s),',
    '  fromAsync: Array.fromAsync([later], viaChapter.s),',
    '};',
  ].join('\n');
  const readGadgets = [
    READ,
    'const settled = (p: Promise<unknown>) => p.then((v) => v, (e: Error) => e.message);',
    'const got = [read(() => myGadgets.boundGetter.v), read(() => +myGadgets.boundPrimitive), read(() => myGadgets.callBound()),',
    '  read(() => myGadgets.proxy(0)), read(() => myGadgets.revocable(0)), await settled(myGadgets.reaction), await settled(myGadgets.caught),',
    '  read(() => myGadgets.iterator.next().value), await settled(myGadgets.fromAsync.then((a) => a[0]))];',
    'check.equal(got.join(" | "), "", { label: "what the checks set off" });',
  ].join('\n');

  test('what built-ins keep to call later runs as the attempt that made it: bound functions, proxies, reactions, lazy iterators', async () => {
    const k = await kernel();
    const { withheld, open } = await readAsAttempt(k, 'ex-g', gadgets, readGadgets);
    expect(withheld).toBe(Array(9).fill(WITHHELD).join(' | '));
    // Made outside an attempt, or by one that withholds something else, each is the built-in as it was.
    expect(open).toBe(Array(9).fill('0.5').join(' | '));
    await k.run('plain', gadgets.replaceAll('myGadgets', 'plainGadgets'));
    const plain = await k.run('plain-read', readGadgets.replaceAll('myGadgets', 'plainGadgets').replace(/check\.equal\((.*), "", .*\);/, '$1'));
    expect(plain.outputs[0]).toMatchObject({ text: Array(9).fill('0.5').join(' | ') });
  });

  test('an error in an attempt compiled to run as the attempt is placed on the reader’s line and column', async () => {
    const k = await kernel();
    const code = 'const f = (x: number) => x;\nfunction g(a = 1) {\n  return (null as any).field + a;\n}\ng()';
    const plain = (await k.run('ex-p', code)).error!;
    const guarded = (await k.run('ex-p', code, { attempt: 'ex-p', withhold: ['sigmoid'] })).error!;
    expect([plain.line, plain.column]).toEqual([3, 24]);
    expect([guarded.line, guarded.column, guarded.message, guarded.frame]).toEqual([3, 24, plain.message, plain.frame]);
  });

  test('a cell cannot declare the compiled code’s own names', async () => {
    const k = await kernel();
    expect((await k.run('a', 'function f() {\n  const __nb$rt = { enter: () => () => {} };\n}')).error).toMatchObject({
      name: 'SyntaxError',
      message: "__nb$rt: names that start with __nb$ belong to the notebook's compiled code. Choose another name.",
      line: 2,
      column: 9,
    });
    expect((await k.run('b', 'const \\u005f_nb$l = 1;')).error?.message).toMatch(/^__nb\$l: names that start with __nb\$ belong/);
  });

  test('check.withhold(object, method) makes the object’s method throw for the attempt', async () => {
    const k = await kernel();
    await k.run('ex-t', 'function myRun(model: { train(): number }) { return model.train(); }', { attempt: 'ex-t' });
    const checks = await k.run('ex-t-checks', [
      'const model = { train: () => 42 };',
      'check.withhold(model, "train");',
      'myRun(model);',
    ].join('\n'), { checks: true, attempt: 'ex-t' });
    expect(checks.status).toBe('error');
    expect(checks.error!.message).toBe('train is withheld in this exercise: write it yourself');
    expect(checks.error!.name).toBe('WithheldError');
  });
});
