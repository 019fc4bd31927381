import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashSource } from '../../../src/notebook/hash.ts';
import { MemoryStorage } from './memory-storage.ts';


let p: typeof import('../../../src/notebook/page/progress.ts');
let storage: MemoryStorage;
beforeEach(async () => {
  vi.resetModules();
  storage = new MemoryStorage();
  (globalThis as { window?: unknown }).window = { localStorage: storage };
  p = await import('../../../src/notebook/page/progress.ts');
});
afterEach(() => { delete (globalThis as { window?: unknown }).window; });

const starter = 'function f(x: number) { return 0; }';
const solved = 'function f(x: number) { return x; }';

describe('exercise records', () => {
  it('the status is about the code there now: an edit after a pass shows "attempted", the passing code back shows "passed"', () => {
    expect(p.recordExercise('sigmoid', 'f', 'attempted')).toBe('attempted');
    p.showAttempt('sigmoid', 'f', () => solved);
    expect(p.recordExercise('sigmoid', 'f', 'passed', solved)).toBe('passed');
    expect(p.exerciseRecord('sigmoid', 'f')).toMatchObject({ status: 'passed', passed: hashSource(solved) });
    p.showAttempt('sigmoid', 'f', () => '// (cleared)');
    expect(p.recordExercise('sigmoid', 'f', 'attempted')).toBe('attempted');
    expect(p.exerciseRecord('sigmoid', 'f')?.passed).toBe(hashSource(solved));
    expect(p.passedOnce('sigmoid', 'f')).toBe(true);
    p.showAttempt('sigmoid', 'f', () => solved);
    expect(p.exerciseStatus('sigmoid', 'f')).toBe('passed');
  });

  it('a failed check of the code that had passed takes the pass back; a failed check of other code does not', () => {
    p.showAttempt('sigmoid', 'f', () => solved);
    p.recordExercise('sigmoid', 'f', 'passed', solved);
    p.recordExercise('sigmoid', 'f', 'attempted', starter);
    expect(p.exerciseRecord('sigmoid', 'f')?.passed).toBe(hashSource(solved));
    expect(p.recordExercise('sigmoid', 'f', 'attempted', solved)).toBe('attempted');
    expect(p.passedOnce('sigmoid', 'f')).toBe(false);
  });

  it('without the page, the status is about the saved draft (the checklist, the progress bars)', () => {
    p.showAttempt('sigmoid', 'f', () => solved);
    p.recordExercise('sigmoid', 'f', 'passed', solved);
    vi.resetModules(); // another page: nothing on screen
    return import('../../../src/notebook/page/progress.ts').then((other) => {
      expect(other.exerciseStatus('sigmoid', 'f')).toBe('attempted'); // no draft: the starter is there
      storage.setItem('nnfs:v1:draft:sigmoid:ex-f', JSON.stringify({ code: solved, base: 'b', original: starter, saved: '2026-11-29T00:00:00Z' }));
      expect(other.exerciseStatus('sigmoid', 'f')).toBe('passed');
    });
  });

  it('a later pass with other code moves the fingerprint to that code', () => {
    p.recordExercise('sigmoid', 'f', 'passed', solved);
    const other = `${solved}\n// tidied`;
    p.recordExercise('sigmoid', 'f', 'passed', other);
    expect(p.exerciseRecord('sigmoid', 'f')?.passed).toBe(hashSource(other));
  });

  it('a record saved before fingerprints existed is not claimed as a pass', () => {
    storage.setItem('nnfs:v1:exercise:sigmoid:f', JSON.stringify({ status: 'passed', updated: '2026-11-24T00:00:00Z' }));
    p.showAttempt('sigmoid', 'f', () => solved);
    expect(p.exerciseStatus('sigmoid', 'f')).toBe('attempted');
  });
});

describe('restoreExercise: what Revert puts back', () => {
  it('undoes what edits recorded (attempted → not started), but never a check made since, in this tab or another', () => {
    p.showAttempt('sigmoid', 'f', () => starter);
    const before = p.exerciseRecord('sigmoid', 'f'); // not started, when this tab loaded
    p.recordExercise('sigmoid', 'f', 'attempted'); // this tab's edit
    expect(p.restoreExercise('sigmoid', 'f', before)).toBe('not-started');

    p.recordExercise('sigmoid', 'f', 'attempted');
    p.recordExercise('sigmoid', 'f', 'passed', solved); // another tab checked its code meanwhile
    expect(p.restoreExercise('sigmoid', 'f', before)).toBe('attempted');
    expect(p.exerciseRecord('sigmoid', 'f')?.passed).toBe(hashSource(solved)); // the pass stays

    const passed = p.exerciseRecord('sigmoid', 'f');
    p.recordExercise('sigmoid', 'f', 'attempted', solved); // a failed check of that code took the pass back
    expect(p.restoreExercise('sigmoid', 'f', passed)).toBe('attempted');
    expect(p.exerciseRecord('sigmoid', 'f')?.passed).toBeUndefined(); // and Revert does not bring it back
  });
});

describe('a record made by edits alone', () => {
  it('says so until a check is recorded, so that Revert on a later visit can take it back', () => {
    p.recordExercise('sigmoid', 'f', 'attempted');
    expect(p.exerciseRecord('sigmoid', 'f')?.edited).toBe(true);
    p.recordExercise('sigmoid', 'f', 'attempted'); // more edits: still edits alone
    expect(p.exerciseRecord('sigmoid', 'f')?.edited).toBe(true);
    p.recordExercise('sigmoid', 'f', 'attempted', starter); // a failed check: the same status, a check's record
    expect(p.exerciseRecord('sigmoid', 'f')?.edited).toBeUndefined();
    p.recordExercise('sigmoid', 'f', 'attempted'); // an edit after a check does not make it an edit's
    expect(p.exerciseRecord('sigmoid', 'f')?.edited).toBeUndefined();
  });
});

describe('recordedFor: what a hand-in says about its code', () => {
  const passed = { status: 'passed' as const, updated: '2026-11-24T00:00:00Z', passed: hashSource(solved) };
  it('says "passed" only for the code that passed', () => {
    expect(p.recordedFor(passed, solved, starter)).toBe('passed');
    expect(p.recordedFor(passed, solved.replace(/\n/g, '\r\n'), starter)).toBe('passed');
    expect(p.recordedFor(passed, `${solved}\n// not checked since`, starter)).toBe('attempted');
  });

  it('does not claim a pass recorded without a fingerprint', () => {
    expect(p.recordedFor({ status: 'passed', updated: '2026-11-24T00:00:00Z' }, solved, starter)).toBe('attempted');
  });

  it('says "attempted" for edited code even with no record (its save failed), and "not started" for the untouched starter', () => {
    expect(p.recordedFor(null, solved, starter)).toBe('attempted');
    expect(p.recordedFor(null, starter, starter)).toBe('not-started');
    expect(p.recordedFor({ status: 'attempted', updated: '2026-11-24T00:00:00Z' }, starter, starter)).toBe('attempted');
  });
});
