// A run whose page died is reported once, by a later page of the chapter, and a run in a live
// tab never is (src/notebook/page/crashed-runs.ts; the browser side: notebook-state.spec.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from './memory-storage.ts';
import { makeBackup } from '../../../src/notebook/page/backup.ts';
import {
  crashedRunNotice,
  loadSuspects,
  parseFileMark,
  parseRunMark,
  REVIEW_SCOPE,
  RunMarks,
  RUN_MARK_PREFIX,
  sameFile,
  saveSuspects,
  type FileMark,
  type RunMark,
} from '../../../src/notebook/page/crashed-runs.ts';

/** Web Locks as the browser keeps them: a lock is held until its page goes (`die`). */
class FakeLocks {
  held = new Set<string>();
  request(name: string, callback: () => Promise<unknown>) {
    this.held.add(name);
    return callback();
  }
  query() {
    return Promise.resolve({ held: [...this.held].map((name) => ({ name })) });
  }
  die(tab: string) {
    this.held.delete(`nnfs:tab:${tab}`);
  }
}

let storage: MemoryStorage;
let locks: FakeLocks;
const listeners = new Map<string, () => void>();

beforeEach(() => {
  storage = new MemoryStorage();
  locks = new FakeLocks();
  listeners.clear();
  vi.stubGlobal('window', {
    localStorage: storage,
    addEventListener: (type: string, listener: () => void) => listeners.set(type, listener),
  });
  vi.stubGlobal('navigator', { locks });
});
afterEach(() => vi.unstubAllGlobals());

const mark = (cell: string, started: string, what: RunMark['what'] = 'run'): string =>
  JSON.stringify([{ cell, what, started, elapsed: 7_300 }]);
const runMark = (cell: string, what: RunMark['what'] = 'run'): RunMark => ({
  cell,
  what,
  started: new Date().toISOString(),
  elapsed: 0,
});
const marksOf = (tab: string, scope = 'sigmoid') => new RunMarks(scope, tab, parseRunMark);

describe('a page marks the runs under way', () => {
  it('begin stores the run, update how long it has run, end removes the mark', () => {
    const marks = marksOf('tab1');
    const run = marks.begin(runMark('cell-a'));
    const key = `${RUN_MARK_PREFIX}sigmoid:tab1`;
    expect(JSON.parse(storage.getItem(key)!)).toMatchObject([{ cell: 'cell-a', what: 'run', elapsed: 0 }]);
    marks.update(run, { elapsed: 3_200 });
    expect(JSON.parse(storage.getItem(key)!)[0].elapsed).toBe(3_200);
    marks.end(run);
    expect(storage.getItem(key)).toBeNull();
    marks.update(run, { elapsed: 4_000 }); // an update after the end marks nothing again
    expect(storage.items.size).toBe(0);
  });

  it('several runs at once (the review page’s files) are kept side by side until each ends', () => {
    const marks = marksOf('tab1');
    const a = marks.begin(runMark('a'));
    const b = marks.begin(runMark('b'));
    const key = `${RUN_MARK_PREFIX}sigmoid:tab1`;
    expect(JSON.parse(storage.getItem(key)!).map((m: RunMark) => m.cell)).toEqual(['a', 'b']);
    marks.end(a);
    expect(JSON.parse(storage.getItem(key)!).map((m: RunMark) => m.cell)).toEqual(['b']);
    marks.end(b);
    expect(storage.items.size).toBe(0);
  });

  it('leaving the page normally mid-run (pagehide) is not a crash: the mark goes', () => {
    marksOf('tab1').begin(runMark('cell-a', 'checks'));
    listeners.get('pagehide')!();
    expect(storage.items.size).toBe(0);
  });

  it('storage that refuses or is full never makes a run fail', () => {
    const marks = marksOf('tab1');
    storage.full = true;
    const run = runMark('cell-a');
    expect(() => marks.begin(run)).not.toThrow();
    storage.refuse = new DOMException('insecure', 'SecurityError');
    expect(() => {
      marks.update(run, { elapsed: 1_000 });
      marks.end(run);
    }).not.toThrow();
  });

  it('a mark is no one’s work: a backup does not carry it to another browser', () => {
    marksOf('tab1').begin(runMark('cell-a'));
    storage.setItem('nnfs:v1:draft:sigmoid:cell-a', '{}');
    expect(Object.keys(makeBackup(storage as unknown as Storage).items)).toEqual(['nnfs:v1:draft:sigmoid:cell-a']);
  });
});

describe('a later page finds the runs whose page died', () => {
  it('returns the marks of dead tabs of this scope, oldest first, once; keeps live tabs’, its own and other scopes’', async () => {
    storage.setItem(`${RUN_MARK_PREFIX}sigmoid:dead2`, mark('cell-b', '2026-12-01T10:05:00.000Z', 'checks'));
    storage.setItem(`${RUN_MARK_PREFIX}sigmoid:dead1`, mark('cell-a', '2026-12-01T10:00:00.000Z'));
    storage.setItem(`${RUN_MARK_PREFIX}sigmoid:alive`, mark('cell-c', '2026-12-01T10:06:00.000Z'));
    storage.setItem(`${RUN_MARK_PREFIX}feedforward:dead3`, mark('cell-d', '2026-12-01T10:07:00.000Z'));
    locks.held.add('nnfs:tab:alive');
    const marks = marksOf('me');
    marks.begin(runMark('cell-e')); // this page's own run, under way
    expect((await marks.orphans()).map((m) => [m.cell, m.what, m.elapsed])).toEqual([
      ['cell-a', 'run', 7_300],
      ['cell-b', 'checks', 7_300],
    ]);
    expect([...storage.items.keys()].sort()).toEqual([
      `${RUN_MARK_PREFIX}feedforward:dead3`,
      `${RUN_MARK_PREFIX}sigmoid:alive`,
      `${RUN_MARK_PREFIX}sigmoid:me`,
    ]);
    expect(await marksOf('next').orphans()).toEqual([]); // told once
    // The live tab dies too: now its run is one whose page died.
    locks.die('alive');
    expect((await marksOf('later').orphans()).map((m) => m.cell)).toEqual(['cell-c']);
  });

  it('a damaged mark is removed and reported as nothing', async () => {
    storage.setItem(`${RUN_MARK_PREFIX}sigmoid:old`, '[{"cell": 3');
    storage.setItem(
      `${RUN_MARK_PREFIX}sigmoid:odd`,
      JSON.stringify([{ cell: 'x', what: 'train', started: 's', elapsed: 1 }]),
    );
    storage.setItem(
      `${RUN_MARK_PREFIX}sigmoid:one`,
      JSON.stringify({ cell: 'x', what: 'run', started: 's', elapsed: 1 }),
    );
    expect(await marksOf('me').orphans()).toEqual([]);
    expect(storage.items.size).toBe(0);
  });

  it('without Web Locks nothing is reported (a live tab could not be told from a dead one)', async () => {
    storage.setItem(`${RUN_MARK_PREFIX}sigmoid:dead`, mark('cell-a', '2026-12-01T10:00:00.000Z'));
    vi.stubGlobal('navigator', {});
    expect(await marksOf('me').orphans()).toEqual([]);
    expect(storage.items.size).toBe(1);
  });
});

describe('what the cell says', () => {
  const at = (what: RunMark['what'], elapsed: number): RunMark => ({
    cell: 'c',
    what,
    started: '2026-12-01T10:00:00.000Z',
    elapsed,
  });

  it('names the run or the checks, how long it ran, the likely cause, and that the code is kept', () => {
    const run = crashedRunNotice(at('run', 7_300));
    expect(run).toContain('<strong>The page closed while this cell was running</strong>');
    expect(run).toContain('had run for at least 7 s');
    expect(run).toContain('the browser ran out of memory');
    expect(run).toContain('Your code is kept.');
    expect(crashedRunNotice(at('checks', 7_300))).toContain('while this exercise’s checks were running');
    expect(crashedRunNotice(at('run', 400))).not.toContain('had run for');
    expect(crashedRunNotice({ ...at('run', 400), started: 'not a date' })).toMatch(
      /^<p><strong>The page closed while this cell was running<\/strong>\. /,
    );
  });
});

describe('the review page’s suspected hand-ins', () => {
  it('are kept across visits until forgotten; a damaged list is read as none', () => {
    const olga: FileMark = { file: 'olga.json', size: 812, started: '2026-12-01T10:00:00.000Z' };
    saveSuspects([olga]);
    expect(loadSuspects()).toEqual([olga]);
    expect(sameFile(loadSuspects()[0], { file: 'olga.json', size: 812 })).toBe(true);
    expect(sameFile(olga, { file: 'olga.json', size: 813 })).toBe(false); // another file of that name
    saveSuspects([]);
    expect(storage.items.size).toBe(0);
    storage.setItem('nnfs:suspects:review', '[{"file": "a.json", "size": "big"}, 3');
    expect(loadSuspects()).toEqual([]);
    storage.setItem('nnfs:suspects:review', '[{"file": "a.json", "size": "big"}]');
    expect(loadSuspects()).toEqual([]);
  });

  it('a file’s mark is read back only when whole, and the review scope is no chapter’s', async () => {
    expect(parseFileMark({ file: 'a.json', size: 1, started: 's' })).toEqual({ file: 'a.json', size: 1, started: 's' });
    expect(parseFileMark({ file: 'a.json', started: 's' })).toBeNull();
    storage.setItem(
      `${RUN_MARK_PREFIX}${REVIEW_SCOPE}:dead`,
      JSON.stringify([{ file: 'a.json', size: 1, started: 's' }]),
    );
    expect(await marksOf('me').orphans()).toEqual([]); // a chapter's page does not take the review page's marks
    expect(await new RunMarks(REVIEW_SCOPE, 'me', parseFileMark).orphans()).toEqual([
      { file: 'a.json', size: 1, started: 's' },
    ]);
  });
});
