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
  it('a pass keeps the fingerprint of the code that passed, and later edits do not take the pass back', () => {
    expect(p.recordExercise('sigmoid', 'f', 'attempted')).toBe('attempted');
    expect(p.recordExercise('sigmoid', 'f', 'passed', solved)).toBe('passed');
    expect(p.exerciseRecord('sigmoid', 'f')).toMatchObject({ status: 'passed', passed: hashSource(solved) });
    expect(p.recordExercise('sigmoid', 'f', 'attempted')).toBe('passed');
    expect(p.exerciseRecord('sigmoid', 'f')?.passed).toBe(hashSource(solved));
  });

  it('a later pass with other code moves the fingerprint to that code', () => {
    p.recordExercise('sigmoid', 'f', 'passed', solved);
    const other = `${solved}\n// tidied`;
    p.recordExercise('sigmoid', 'f', 'passed', other);
    expect(p.exerciseRecord('sigmoid', 'f')?.passed).toBe(hashSource(other));
  });

  it('reads records saved before fingerprints existed', () => {
    storage.setItem('nnfs:v1:exercise:sigmoid:f', JSON.stringify({ status: 'passed', updated: '2026-11-24T00:00:00Z' }));
    expect(p.exerciseStatus('sigmoid', 'f')).toBe('passed');
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
