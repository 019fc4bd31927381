// The run policy as units: the same rules tests/e2e/cells.spec.ts and notebook-state.spec.ts
// check in the browser (run above, reactive reruns, renamed names, restart), on plain cells.
import { describe, expect, test } from 'vitest';
import {
  checkContext,
  lostOnRestart,
  needsBefore,
  notRunState,
  pageOrder,
  rerunAfter,
  runAboveOrder,
  staleAfterRemoval,
  throughOrder,
  type RunState,
  type ScheduleCell,
} from '../../src/notebook/schedule.ts';

type Spec = Partial<ScheduleCell> & { id: string };
const cell = (spec: Spec): ScheduleCell => ({
  kind: 'normal',
  state: 'idle',
  hasRun: false,
  exercise: false,
  defines: [],
  uses: [],
  ...spec,
});
const ids = (cells: readonly ScheduleCell[]) => cells.map((c) => c.id);
const ran = (state: RunState = 'ran') => ({ state, hasRun: true });

// A chapter as the e2e specs use it: data → a network → training → a plot of the losses, an
// unrelated cell, and a setup cell written below the first cell (setup cells always run first).
function chapter(states: Record<string, Partial<ScheduleCell>> = {}) {
  const cells = [
    cell({ id: 'data', defines: ['X', 'y'] }),
    cell({ id: 'setup', kind: 'setup', defines: ['seed'] }),
    cell({ id: 'net', defines: ['net'], uses: ['X', 'y'] }),
    cell({ id: 'train', defines: ['losses'], uses: ['net'] }),
    cell({ id: 'plot', uses: ['losses'] }),
    cell({ id: 'other', defines: ['z'] }),
  ];
  for (const c of cells) Object.assign(c, states[c.id] ?? {});
  const byId = (id: string) => cells.find((c) => c.id === id)!;
  return { cells, byId };
}

describe('pageOrder', () => {
  test('puts setup cells first and keeps page order otherwise', () => {
    expect(ids(pageOrder(chapter().cells))).toEqual(['setup', 'data', 'net', 'train', 'plot', 'other']);
  });
});

describe('needsBefore: what runs before a cell', () => {
  test('on a fresh page: the setup cells, then every cell above, in page order', () => {
    const { cells, byId } = chapter();
    expect(ids(needsBefore(cells, byId('plot')))).toEqual(['setup', 'data', 'net', 'train']);
  });

  test('skips cells that ran, and runs again the stale ones and the ones never run', () => {
    const { cells, byId } = chapter({ setup: ran(), data: ran(), net: ran('stale'), train: ran('error') });
    expect(ids(needsBefore(cells, byId('plot')))).toEqual(['net']);
  });

  test('runs a setup cell below the cell first, and never the cell itself or cells below it', () => {
    const { cells, byId } = chapter();
    expect(ids(needsBefore(cells, byId('data')))).toEqual(['setup']);
    expect(ids(needsBefore(cells, byId('setup')))).toEqual(['data']);
  });

  test('names the cell it cannot find', () => {
    const { cells } = chapter();
    expect(() => needsBefore(cells, cell({ id: 'gone' }))).toThrow(
      'needsBefore: cell "gone" is not among the page\'s 6 runnable cells',
    );
  });
});

describe('rerunAfter: a rerun of a defining cell marks its dependents stale', () => {
  test('the cells below that use what it defines, directly or through other cells, in page order', () => {
    const { cells, byId } = chapter({ setup: ran(), data: ran(), net: ran(), train: ran(), plot: ran(), other: ran() });
    expect(ids(rerunAfter(cells, byId('data'), ['X', 'y']))).toEqual(['net', 'train', 'plot']);
    expect(ids(rerunAfter(cells, byId('train'), ['losses']))).toEqual(['plot']);
    expect(ids(rerunAfter(cells, byId('other'), ['z']))).toEqual([]);
  });

  test('leaves alone a dependent the reader has not run yet, but still reruns the one after it that ran', () => {
    const { cells, byId } = chapter({ data: ran(), net: ran(), train: { state: 'idle', hasRun: false }, plot: ran() });
    expect(ids(rerunAfter(cells, byId('net'), ['net']))).toEqual(['plot']);
  });

  test('a cell that used to define `rate` and now defines `learningRate`: the cell that uses `rate` reruns (and fails there)', () => {
    const cells = [
      cell({ id: 'rate', defines: ['learningRate'], ...ran() }),
      cell({ id: 'step', uses: ['rate'], ...ran() }),
      cell({ id: 'uses-new', uses: ['learningRate'], ...ran() }),
    ];
    expect(ids(rerunAfter(cells, cells[0], ['rate']))).toEqual(['step', 'uses-new']);
    // Without what it defined before, the cell still using the old name would keep a value that is gone.
    expect(ids(rerunAfter(cells, cells[0], []))).toEqual(['uses-new']);
  });

  test('a cell below that redefines the name reruns, to take it back, and so do the cells after it that use it', () => {
    // The scope holds the definition run last: without b's rerun, c would read a's x (red team 36).
    const cells = [
      cell({ id: 'a', defines: ['x'], ...ran() }),
      cell({ id: 'b', defines: ['x'], ...ran() }),
      cell({ id: 'c', uses: ['x'], ...ran() }),
    ];
    expect(ids(rerunAfter(cells, cells[0], ['x']))).toEqual(['b', 'c']);
  });
});

describe('rerunAfter: a cell that assigns a name from itself reruns from its source', () => {
  test('`x = x + k` rerun because `k` changed brings back `let x = 1` first; a chain through the cell that ran stops there', () => {
    const cells = [
      cell({ id: 'k', defines: ['k'], ...ran() }),
      cell({ id: 'let', defines: ['x'], ...ran() }),
      cell({ id: 'add', defines: ['x'], uses: ['x', 'k'], ...ran() }),
      cell({ id: 'times', defines: ['x'], uses: ['x'], ...ran() }),
      cell({ id: 'show', uses: ['x'], ...ran() }),
    ];
    expect(ids(rerunAfter(cells, cells[0], ['k']))).toEqual(['let', 'add', 'times', 'show']);
    // `add` just ran from its source: `times` reruns from it, not from `let`.
    expect(ids(rerunAfter(cells, cells[2], ['x']))).toEqual(['times', 'show']);
  });
});

describe('needsBefore: an edited cell run on the way reruns from its own source (red team 44)', () => {
  test('`x = x + k * 10` edited, then Run on the cell below it: `let x = 1` runs first', () => {
    const cells = [
      cell({ id: 'k', defines: ['k'], ...ran() }),
      cell({ id: 'let', defines: ['x'], ...ran() }),
      cell({ id: 'add', defines: ['x'], uses: ['x', 'k'], ...ran('stale') }),
      cell({ id: 'show', uses: ['x'], ...ran() }),
    ];
    expect(ids(needsBefore(cells, cells[3]))).toEqual(['let', 'add']);
    // `let x = 1` stale too: it runs, and no cell above it is asked for.
    cells[1].state = 'stale';
    expect(ids(needsBefore(cells, cells[3]))).toEqual(['let', 'add']);
  });
});

describe('a cell that changes a name in place (writes) reruns from the cell that made it (red team 40)', () => {
  // `const arr = [1, 2]`, `arr.push(3)`, `arr.length`, `const other = 1`: all run.
  const pushing = () => [
    cell({ id: 'make', defines: ['arr'], ...ran() }),
    cell({ id: 'push', uses: ['arr'], writes: ['arr'], ...ran() }),
    cell({ id: 'count', uses: ['arr'], ...ran() }),
    cell({ id: 'other', defines: ['other'], ...ran() }),
  ];

  test('run again, it runs the cell that made the value first, and the cells below that read it after', () => {
    const cells = pushing();
    expect(ids(needsBefore(cells, cells[1]))).toEqual(['make']);
    expect(ids(rerunAfter(cells, cells[1], []))).toEqual(['count']);
  });

  test('a cell that reads the value, run again, starts from the page above it when a cell below changed it', () => {
    const cells = [
      cell({ id: 'make', defines: ['arr'], ...ran() }),
      cell({ id: 'count', uses: ['arr'], ...ran() }),
      cell({ id: 'push', uses: ['arr'], writes: ['arr'], ...ran() }),
    ];
    expect(ids(needsBefore(cells, cells[1]))).toEqual(['make']);
  });

  test('rerun because another name changed, it reruns from the cell that made the value', () => {
    const cells = [
      cell({ id: 'k', defines: ['k'], ...ran() }),
      cell({ id: 'make', defines: ['arr'], ...ran() }),
      cell({ id: 'push', uses: ['arr', 'k'], writes: ['arr'], ...ran() }),
      cell({ id: 'count', uses: ['arr'], ...ran() }),
    ];
    expect(ids(rerunAfter(cells, cells[0], ['k']))).toEqual(['make', 'push', 'count']);
  });
});

describe('needsBefore: the cells that give what a cell reads (red team 41)', () => {
  test('a cell below that defines the name again counts only once it has run', () => {
    const cells = [
      cell({ id: 'a', defines: ['v'], ...ran() }),
      cell({ id: 'read', uses: ['v'], ...ran() }),
      cell({ id: 'b', defines: ['v'] }),
    ];
    expect(ids(needsBefore(cells, cells[1]))).toEqual([]);
    cells[2].hasRun = true;
    cells[2].state = 'ran';
    expect(ids(needsBefore(cells, cells[1]))).toEqual(['a']);
  });
});

describe('staleAfterRemoval: what a deleted cell leaves stale (red team 41)', () => {
  // The playground of the find: `let x = 1`, `x = x * 2`, `x`, all run, then the middle one deleted.
  const playground = () => [
    cell({ id: 'let', defines: ['x'], ...ran() }),
    cell({ id: 'double', defines: ['x'], uses: ['x'], ...ran() }),
    cell({ id: 'read', uses: ['x'], ...ran() }),
    cell({ id: 'other', defines: ['z'], ...ran() }),
  ];

  test('the cells above that gave its names, and the cells below that used them', () => {
    const cells = playground();
    const { above, below } = staleAfterRemoval(cells, cells[1]);
    expect(ids(above)).toEqual(['let']);
    expect(ids(below)).toEqual(['read']);
  });

  test('nothing, when the deleted cell never ran; and only cells that show a result', () => {
    const cells = playground();
    Object.assign(cells[1], { state: 'idle', hasRun: false });
    expect(staleAfterRemoval(cells, cells[1])).toEqual({ above: [], below: [] });
    const again = playground();
    again[0].state = 'running';
    again[2].state = 'queued';
    expect(staleAfterRemoval(again, again[1])).toEqual({ above: [], below: [] });
  });

  test('a deleted cell that changed a name in place: the cell that made the value is stale too', () => {
    const cells = [
      cell({ id: 'make', defines: ['arr'], ...ran() }),
      cell({ id: 'push', uses: ['arr'], writes: ['arr'], ...ran() }),
      cell({ id: 'count', uses: ['arr'], ...ran() }),
    ];
    const { above, below } = staleAfterRemoval(cells, cells[1]);
    expect([ids(above), ids(below)]).toEqual([['make'], ['count']]);
  });

  test('names the cell it cannot find', () => {
    expect(() => staleAfterRemoval(playground(), cell({ id: 'gone' }))).toThrow(
      'staleAfterRemoval: cell "gone" is not among the page\'s 4 runnable cells',
    );
  });
});

describe('runAboveOrder: "Run above"', () => {
  test('runs every cell above the cell, whatever its state, setup cells first, and nothing at or below it except setup', () => {
    const { cells, byId } = chapter({ data: ran(), net: ran('error') });
    expect(ids(runAboveOrder(cells, byId('train')))).toEqual(['setup', 'data', 'net']);
    expect(ids(runAboveOrder(cells, byId('data')))).toEqual(['setup']);
    expect(ids(runAboveOrder(cells, byId('setup')))).toEqual(['data']);
  });
});

describe("throughOrder: the restart offered when the chapter's own code fails", () => {
  test('runs the cells down to and including the cell, setup cells first', () => {
    const { cells, byId } = chapter();
    expect(ids(throughOrder(cells, byId('net')))).toEqual(['setup', 'data', 'net']);
  });
});

describe('checkContext: what an exercise is judged after', () => {
  test("the setup cells, then the chapter's own cells above the attempt; never another attempt, nor cells below", () => {
    const cells = [
      cell({ id: 'data' }),
      cell({ id: 'ex-1', exercise: true }),
      cell({ id: 'net' }),
      cell({ id: 'ex-2', exercise: true }),
      cell({ id: 'after' }),
      cell({ id: 'setup', kind: 'setup' }),
    ];
    expect(ids(checkContext(cells, cells[3]))).toEqual(['setup', 'data', 'net']);
    expect(ids(checkContext(cells, cells[1]))).toEqual(['setup', 'data']);
  });
});

describe('lostOnRestart and notRunState: a restart marks what had run stale', () => {
  test('every cell that had run, except the one blamed for the stop; the innocent cell whose run was ended too', () => {
    const { cells, byId } = chapter({
      data: ran(),
      net: ran('error'),
      train: ran('stale'),
      plot: { state: 'running', hasRun: true },
    });
    expect(ids(lostOnRestart(cells, byId('net'), null))).toEqual(['data', 'train']);
    expect(ids(lostOnRestart(cells, byId('net'), byId('plot')))).toEqual(['data', 'train', 'plot']);
    expect(ids(lostOnRestart(cells, null, null))).toEqual(['data', 'net', 'train']);
  });

  test('a cell that was to run and did not is stale if it ran before, else not run', () => {
    expect(notRunState(cell({ id: 'a', ...ran() }))).toBe('stale');
    expect(notRunState(cell({ id: 'a', state: 'queued' }))).toBe('idle');
  });
});
