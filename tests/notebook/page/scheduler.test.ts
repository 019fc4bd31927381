// The run queue with plain cells and a scripted runner: queued runs, Stop on a queued cell, a
// cell whose upstream failed, reactive reruns and restarts, as the page's cells see them
// (tests/e2e/notebook-state.spec.ts checks the same in the browser).
import { describe, expect, test } from 'vitest';
import { Scheduler, type QueuedCell, type Ran } from '../../../src/notebook/page/scheduler.ts';
import type { RunState } from '../../../src/notebook/schedule.ts';

class FakeCell implements QueuedCell {
  kind: 'normal' | 'setup' | 'display' = 'normal';
  state: RunState = 'idle';
  detail = '';
  notice: string | null = null;
  hasRun = false;
  exercise = false;
  writes: string[] = [];
  constructor(
    readonly id: string,
    public defines: string[] = [],
    public uses: string[] = [],
  ) {}
  get label() {
    return `Cell ${this.id}`;
  }
  setState(state: RunState, detail = '') {
    this.state = state;
    this.detail = detail;
  }
  setNotice(html: string | null) {
    this.notice = html;
  }
}

/** `cells`, each as a cell that has run in this code runner and shows its result. */
function ran(cells: FakeCell[]): FakeCell[] {
  for (const c of cells) {
    c.hasRun = true;
    c.state = 'ran';
  }
  return cells;
}

/** What a scripted run of a cell does: its outcome, the names it defines after it, and a promise to wait for. */
interface Script {
  ran?: Ran;
  defines?: string[];
  wait?: Promise<void>;
}

function page(cells: FakeCell[], scripts: Record<string, Script> = {}) {
  const order: string[] = [];
  const busy: boolean[] = [];
  const scheduler: Scheduler<FakeCell> = new Scheduler<FakeCell>({
    cells: () => cells,
    busyChanged: (now) => busy.push(now),
    // As the notebook does: the cell shows "running", then its result.
    async runCell(cell, current) {
      cell.setState('running');
      order.push(cell.id);
      const script = scripts[cell.id] ?? {};
      await script.wait;
      if (!current()) return 'stopped';
      const ran = script.ran ?? 'ok';
      if (ran === 'stopped') return ran;
      cell.hasRun = true;
      if (script.defines) cell.defines = script.defines;
      cell.setState(ran === 'ok' ? 'ran' : 'error');
      return ran;
    },
  });
  return { scheduler, order, busy };
}

/** Lets the queue's pending steps run (a run starts a turn after it is asked for). */
const flush = () => new Promise((next) => setTimeout(next, 0));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('a run and what it needs', () => {
  test('runs the cells above that have not run first, then the cell', async () => {
    const cells = [new FakeCell('a', ['x']), new FakeCell('b', ['y'], ['x']), new FakeCell('c', [], ['y'])];
    const { scheduler, order } = page(cells);
    await scheduler.run(cells[2]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(cells.map((c) => c.state)).toEqual(['ran', 'ran', 'ran']);
  });

  test('a cell whose upstream failed does not run, and says which cell to fix first', async () => {
    const cells = [new FakeCell('a', ['x']), new FakeCell('b', ['y']), new FakeCell('c', [], ['x'])];
    const { scheduler, order } = page(cells, { a: { ran: 'failed' } });
    await scheduler.run(cells[2]);
    expect(order).toEqual(['a']);
    expect([cells[1].state, cells[2].state, cells[2].detail]).toEqual(['idle', 'idle', 'not run']);
    expect(cells[2].notice).toBe(
      'Not run: <a href="#cell-a">Cell a</a> above it, which it may need, failed. Fix that cell first.',
    );
  });

  // Red team 54: "Cell 4 failed" sent a student to a cell they had not touched; its error named Cell 3.
  test('the notice of a cell not run gives the error of the cell that failed', async () => {
    const cells = [new FakeCell('a', ['x']), new FakeCell('b', [], ['x'])];
    const failing = Object.assign(cells[0], {
      lastError: {
        name: 'ReferenceError',
        message: 'z1 is not defined — Cell 3 defines it, but its last run failed',
        line: 1,
      },
    });
    const { scheduler } = page(cells, { a: { ran: 'failed' } });
    await scheduler.run(cells[1]);
    expect(failing.lastError.name).toBe('ReferenceError');
    expect(cells[1].notice).toBe(
      'Not run: <a href="#cell-a">Cell a</a> above it, which it may need, failed (ReferenceError: z1 is not defined — Cell 3 defines it, but its last run failed (line 1)). Fix that cell first.',
    );
  });

  test('the cell that kept a run from happening is known until the next run of that cell (an exercise names it)', async () => {
    const cells = [new FakeCell('a', ['x']), new FakeCell('b', [], ['x'])];
    const scripts: Record<string, Script> = { a: { ran: 'failed' } };
    const { scheduler } = page(cells, scripts);
    await scheduler.run(cells[1]);
    expect(scheduler.blocker(cells[1])).toBe(cells[0]);
    expect(scheduler.blocker(cells[0])).toBeUndefined();
    scripts.a = {};
    cells[0].state = 'idle';
    await scheduler.run(cells[1]);
    expect(cells[1].state).toBe('ran');
    expect(scheduler.blocker(cells[1])).toBeUndefined();
  });
});

describe('what the page is told of the queue', () => {
  test('busy once when work arrives, idle once when all of it is done: runs, Run all and checks alike', async () => {
    const gate = deferred();
    const cells = [new FakeCell('a'), new FakeCell('b'), new FakeCell('c')];
    const { scheduler, busy } = page(cells, { a: { wait: gate.promise } });
    const first = scheduler.run(cells[0]);
    expect(busy).toEqual([true]);
    const all = scheduler.runAll([cells[1]]);
    const checked = scheduler.check(cells[2], async () => 'checked');
    await flush();
    expect(busy).toEqual([true]); // still working: told nothing more
    gate.resolve();
    await Promise.all([first, all, checked]);
    await expect.poll(() => busy).toEqual([true, false]);
    await scheduler.check(cells[2], async () => 'again');
    await expect.poll(() => busy).toEqual([true, false, true, false]);
  });
});

describe('queued runs', () => {
  /** Cell a runs until `gate` is resolved; cell b, asked to run meanwhile, waits its turn. */
  const oneRunsOneWaits = async () => {
    const gate = deferred();
    const cells = [new FakeCell('a'), new FakeCell('b')];
    cells[0].hasRun = true;
    cells[0].state = 'ran';
    const { scheduler, order } = page(cells, { a: { wait: gate.promise } });
    const first = scheduler.run(cells[0]);
    await flush();
    const second = scheduler.run(cells[1]);
    return { gate, cells, scheduler, order, first, second };
  };

  test('a cell asked to run while another runs shows as queued at once, and runs after it', async () => {
    const { gate, cells, order, first, second } = await oneRunsOneWaits();
    expect([cells[1].state, cells[1].detail]).toEqual(['queued', 'queued: waits for the cell running now']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['a', 'b']);
    expect(cells[1].state).toBe('ran');
  });

  test('Stop on a queued cell takes it out of the queue: it never runs', async () => {
    const { gate, cells, scheduler, order, first, second } = await oneRunsOneWaits();
    expect(scheduler.dequeue(cells[0])).toBe(false); // running: the caller stops the runner
    expect(scheduler.dequeue(cells[1])).toBe(true);
    expect([cells[1].state, cells[1].detail]).toEqual(['idle', 'not run']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['a']);
  });

  test('Stop on a cell waiting while the cells it needs run first: neither it nor the rest of that run happens, and its next Run runs it', async () => {
    const gate = deferred();
    const cells = [new FakeCell('a', ['x']), new FakeCell('b', ['y'], ['x']), new FakeCell('c', [], ['y'])];
    const { scheduler, order } = page(cells, { a: { wait: gate.promise } });
    const run = scheduler.run(cells[2]);
    await flush();
    expect(cells.map((c) => c.state)).toEqual(['running', 'queued', 'queued']);
    expect(scheduler.dequeue(cells[2])).toBe(true);
    expect(cells.map((c) => [c.state, c.detail])).toEqual([
      ['running', ''],
      ['idle', 'not run'],
      ['idle', 'not run'],
    ]);
    gate.resolve();
    await run;
    expect(order).toEqual(['a']); // the running cell finishes; b and c never start
    expect(cells.map((c) => c.state)).toEqual(['ran', 'idle', 'idle']);
    await scheduler.run(cells[2]); // nothing left over from the Stop swallows the next Run
    expect(order).toEqual(['a', 'b', 'c']);
  });

  test('Stop on a cell waiting to run first for another ends that run too', async () => {
    const gate = deferred();
    const cells = [new FakeCell('a', ['x']), new FakeCell('b', ['y'], ['x']), new FakeCell('c', [], ['y'])];
    const { scheduler, order } = page(cells, { a: { wait: gate.promise } });
    const run = scheduler.run(cells[2]);
    await flush();
    expect(scheduler.dequeue(cells[1])).toBe(true);
    gate.resolve();
    await run;
    expect(order).toEqual(['a']);
    expect(cells.map((c) => c.state)).toEqual(['ran', 'idle', 'idle']);
    expect(cells[2].notice).toBe(null); // no cell failed: nothing to blame
  });

  test('Run all shows every cell it will run as queued; a Run pressed meanwhile neither runs a cell twice nor goes unseen', async () => {
    const gate = deferred();
    const cells = [new FakeCell('a'), new FakeCell('b'), new FakeCell('c')];
    const extra = new FakeCell('ex-d');
    const all = [...cells, extra];
    const { scheduler, order } = page(all, { a: { wait: gate.promise } });
    const runAll = scheduler.runAll(cells);
    await flush();
    expect(cells.map((c) => c.state)).toEqual(['running', 'queued', 'queued']);
    const again = scheduler.run(cells[2]); // already queued by Run all
    const other = scheduler.run(extra); // not in it: queued after it
    expect(extra.state).toBe('queued');
    gate.resolve();
    await Promise.all([runAll, again, other]);
    expect(order).toEqual(['a', 'b', 'c', 'ex-d']);
  });

  test('Stop on a cell Run all has not reached ends Run all there; the cells it did not reach get back their states', async () => {
    const gate = deferred();
    const cells = [new FakeCell('a'), new FakeCell('b'), new FakeCell('c')];
    cells[2].hasRun = true;
    cells[2].state = 'error';
    const { scheduler, order } = page(cells, { a: { wait: gate.promise } });
    const runAll = scheduler.runAll(cells);
    await flush();
    expect(scheduler.dequeue(cells[1])).toBe(true);
    gate.resolve();
    await runAll;
    expect(order).toEqual(['a']);
    expect(cells.map((c) => c.state)).toEqual(['ran', 'idle', 'error']);
  });

  test('a Run pressed while an exercise is checked shows as queued', async () => {
    const gate = deferred();
    const cells = [new FakeCell('a'), new FakeCell('ex-b')];
    const { scheduler, order } = page(cells);
    const checked = scheduler.check(cells[1], () => gate.promise);
    await flush();
    const run = scheduler.run(cells[0]);
    expect(cells[0].state).toBe('queued');
    gate.resolve();
    await Promise.all([checked, run]);
    expect(order).toEqual(['a']);
  });

  test('a restart drops what was queued before it', async () => {
    const gate = deferred();
    const cells = [new FakeCell('a'), new FakeCell('b')];
    const { scheduler, order } = page(cells, { a: { wait: gate.promise } });
    const first = scheduler.run(cells[0]);
    const second = scheduler.runAll([cells[1]]);
    await flush();
    scheduler.restart();
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['a']);
    expect(cells[0].hasRun).toBe(false); // its result belonged to the old runner
  });

  test('Run all goes on past an exercise whose attempt fails, but a stop ends it there', async () => {
    const cells = [new FakeCell('a'), new FakeCell('ex-b'), new FakeCell('c')];
    cells[1].exercise = true;
    const failed = page(cells, { 'ex-b': { ran: 'failed' } });
    await failed.scheduler.runAll(cells);
    expect(failed.order).toEqual(['a', 'ex-b', 'c']);
    const stopped = page(cells, { 'ex-b': { ran: 'stopped' } });
    await stopped.scheduler.runAll(cells);
    expect(stopped.order).toEqual(['a', 'ex-b']);
  });

  test('a stop while a needed cell runs leaves the cell not run, with no blame on the stopped cell', async () => {
    const cells = [new FakeCell('a'), new FakeCell('b')];
    const { scheduler, order } = page(cells, { a: { ran: 'stopped' } });
    await scheduler.run(cells[1]);
    expect(order).toEqual(['a']);
    expect([cells[1].state, cells[1].notice]).toEqual(['idle', null]);
  });
});

describe('reactive reruns', () => {
  const chain = () =>
    ran([
      new FakeCell('a', ['x']),
      new FakeCell('b', ['y'], ['x']),
      new FakeCell('c', [], ['y']),
      new FakeCell('d', [], ['x']),
    ]);

  test('a rerun of a defining cell reruns the cells below that use it, in page order', async () => {
    const cells = chain();
    const { scheduler, order } = page(cells);
    await scheduler.run(cells[0]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  test('when the defining cell fails, its dependents are stale and say why, and do not run', async () => {
    const cells = chain();
    const { scheduler, order } = page(cells, { a: { ran: 'failed' } });
    await scheduler.run(cells[0]);
    expect(order).toEqual(['a']);
    expect(cells.slice(1).map((c) => [c.state, c.detail])).toEqual(
      Array(3).fill(['stale', 'stale: uses a cell that failed']),
    );
  });

  test('when a dependent fails, the ones after it stay stale and say why', async () => {
    const cells = chain();
    const { scheduler, order } = page(cells, { b: { ran: 'failed' } });
    await scheduler.run(cells[0]);
    expect(order).toEqual(['a', 'b']);
    expect([cells[2].state, cells[2].detail]).toEqual(['stale', 'stale: uses a cell that failed']);
  });

  test('a cell that used to define `rate`: the cell still using `rate` reruns, so its error shows', async () => {
    const cells = ran([
      new FakeCell('rate', ['rate']),
      new FakeCell('step', [], ['rate']),
      new FakeCell('other', ['z']),
    ]);
    const { scheduler, order } = page(cells, { rate: { defines: ['learningRate'] }, step: { ran: 'failed' } });
    await scheduler.run(cells[0]);
    expect(order).toEqual(['rate', 'step']);
    expect(cells[1].state).toBe('error');
  });
});

describe('reruns of what a cell run first changed (red team 35)', () => {
  // The playground's three cells: `var a = 5`, `function getA() { return a; }`, `getA()`.
  const playground = () =>
    ran([
      new FakeCell('a', ['a']),
      new FakeCell('getA', ['getA'], ['a']),
      new FakeCell('show', [], ['getA']),
      new FakeCell('also', [], ['a']),
    ]);

  test('running a cell below an edited one reruns the cell between that uses it, before the cell asked for', async () => {
    const cells = playground();
    cells[0].state = 'stale'; // edited since it ran
    const { scheduler, order } = page(cells);
    await scheduler.run(cells[2]);
    // `also` uses `a` too: below the cell asked for, it reruns after it.
    expect(order).toEqual(['a', 'getA', 'show', 'also']);
    expect(cells.map((c) => c.state)).toEqual(['ran', 'ran', 'ran', 'ran']);
  });

  test('a name the edited cell no longer defines: the cell between reruns, and so does the one asked for', async () => {
    const cells = playground();
    cells[0].state = 'stale';
    const { scheduler, order } = page(cells, { a: { defines: ['b'] }, getA: { ran: 'failed' } });
    await scheduler.run(cells[2]);
    expect(order).toEqual(['a', 'getA']);
    expect([cells[1].state, cells[2].state, cells[2].detail]).toEqual(['error', 'stale', 'not run']);
    expect([cells[3].state, cells[3].detail]).toEqual(['stale', 'stale: a cell it uses reran']);
  });

  test('Run above reruns the edited cell: the cells below it that use it and that it does not run are stale', async () => {
    const cells = playground();
    cells[0].state = 'stale';
    const { scheduler, order } = page(cells);
    await scheduler.runAbove(cells[1]);
    expect(order).toEqual(['a']);
    expect(cells.map((c) => [c.state, c.detail])).toEqual([
      ['ran', ''],
      ['stale', 'stale: a cell it uses reran'],
      ['stale', 'stale: a cell it uses reran'],
      ['stale', 'stale: a cell it uses reran'],
    ]);
    // Those stale cells run first when the last one is asked for.
    await scheduler.run(cells[3]);
    expect(order).toEqual(['a', 'getA', 'show', 'also']);
  });

  test('a Stop while the cells run first leaves the cells below that were to rerun stale, saying they were not', async () => {
    const cells = playground();
    cells[0].state = 'stale';
    const hold = deferred();
    const { scheduler, order } = page(cells, { getA: { wait: hold.promise } });
    const done = scheduler.run(cells[2]);
    while (!order.includes('getA')) await flush();
    expect(scheduler.dequeue(cells[2])).toBe(true);
    hold.resolve();
    await done;
    expect(order).toEqual(['a', 'getA']);
    expect([cells[3].state, cells[3].detail]).toEqual(['stale', 'stale: a cell it uses reran']);
  });
});

describe('a cell that assigns a name from itself runs from the cell that defines it (red team 40)', () => {
  test('`x = x + 1` run again runs `let x = 1` first, and the cells below after it', async () => {
    const cells = ran([
      new FakeCell('one', ['x']),
      new FakeCell('plus', ['x'], ['x']),
      new FakeCell('times', ['x'], ['x']),
      new FakeCell('show', [], ['x']),
    ]);
    const { scheduler, order } = page(cells);
    await scheduler.run(cells[1]);
    expect(order).toEqual(['one', 'plus', 'times', 'show']);
    expect(cells.map((c) => c.state)).toEqual(['ran', 'ran', 'ran', 'ran']);
  });
});

describe('a fault of the page while showing a result', () => {
  // The red team's chart that made the stepped sanitiser throw rejected runCell, and with it the
  // queue: every later Run, Run all and Check did nothing until a reload.
  test('the cell says so, and later runs, run-alls and checks still happen', async () => {
    const cells = [new FakeCell('a'), new FakeCell('b'), new FakeCell('c')];
    const order: string[] = [];
    const failing = new Scheduler<FakeCell>({
      cells: () => cells,
      async runCell(cell) {
        cell.setState('running');
        order.push(cell.id);
        if (cell.id === 'a' && order.length === 1)
          throw new TypeError('a node selected for removal could not be detached');
        cell.setState('ran');
        return 'ok';
      },
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      await failing.run(cells[0]);
      expect(cells[0].state).toBe('error');
      expect(cells[0].notice).toBe(
        "The page could not show this run's result (a node selected for removal could not be detached). Run the cell again; if this comes back, reload the page: your code is kept.",
      );
      await failing.run(cells[1]);
      await failing.runAll([cells[2]]);
      expect(await failing.check(cells[2], async () => 'checked')).toBe('checked');
      await expect(failing.check(cells[2], async () => Promise.reject(new Error('checks broke')))).rejects.toThrow(
        'checks broke',
      );
      await failing.run(cells[0]);
      expect(order).toEqual(['a', 'b', 'c', 'a']);
      expect(cells.map((c) => c.state)).toEqual(['ran', 'ran', 'ran']);
      expect(errors).toHaveLength(2);
    } finally {
      console.error = original;
    }
  });
});

describe('a cell that assigns a name from itself, rerun because a name it uses changed', () => {
  test('`x = x + k` rerun after `k` changed starts from the cell that defines `x`, not from its own last value', async () => {
    // `const k = 2`, `let x = 1`, `x = x + k`, `x`: k edited and run.
    const cells = ran([
      new FakeCell('k', ['k']),
      new FakeCell('let', ['x']),
      new FakeCell('add', ['x'], ['x', 'k']),
      new FakeCell('show', [], ['x']),
    ]);
    cells[0].state = 'stale';
    const { scheduler, order } = page(cells);
    await scheduler.run(cells[0]);
    expect(order).toEqual(['k', 'let', 'add', 'show']);
  });
});

describe('a cell that changed a name in place, run again (red team 40: `arr.push(3)` twice showed 4 items)', () => {
  test('runs the cell that made the value first, then itself, then the cells that read it', async () => {
    const cells = ran([
      new FakeCell('make', ['arr']),
      new FakeCell('push', [], ['arr']),
      new FakeCell('count', [], ['arr']),
    ]);
    cells[1].writes = ['arr'];
    const { scheduler, order } = page(cells);
    await scheduler.run(cells[1]);
    expect(order).toEqual(['make', 'push', 'count']);
  });
});
