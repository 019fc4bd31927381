import { describe, expect, it } from 'vitest';
import { makeBackup, parseBackup, restoreBackup } from '../../../src/notebook/page/backup.ts';
import { MemoryStorage } from './memory-storage.ts';

const storage = (entries: Record<string, unknown>) => {
  const s = new MemoryStorage();
  for (const [k, v] of Object.entries(entries)) s.setItem(k, JSON.stringify(v));
  return s as unknown as Storage;
};

describe('progress backup', () => {
  it('exports only the book’s own entries', () => {
    const s = storage({ 'nnfs:v1:exercise:a:x': { status: 'passed' }, 'nn-theme': 'dark', other: 1 });
    const backup = makeBackup(s, new Date('2026-11-24T12:00:00Z'));
    expect(backup).toEqual({ format: 'nn-from-scratch/progress', version: 1, exported: '2026-11-24T12:00:00.000Z', items: { 'nnfs:v1:exercise:a:x': '{"status":"passed"}' } });
    expect(parseBackup(JSON.stringify(backup))).toEqual(backup);
  });

  it('adds what this page could not store, over what storage holds, and works with storage blocked', () => {
    const s = storage({ 'nnfs:v1:draft:a:c1': { code: 'old' } });
    const unsaved = { 'nnfs:v1:draft:a:c1': '{"code":"new"}', 'nnfs:v1:exercise:a:x': '{"status":"passed"}' };
    expect(makeBackup(s, new Date('2026-11-24T12:00:00Z'), unsaved).items).toEqual(unsaved);
    expect(makeBackup(null, new Date('2026-11-24T12:00:00Z'), unsaved).items).toEqual(unsaved);
  });

  it('merges: a pass is never downgraded, and the newer draft wins', () => {
    const here = storage({
      'nnfs:v1:exercise:a:x': { status: 'passed', updated: '1' },
      'nnfs:v1:draft:a:c1': { code: 'mine, newer', saved: '2026-11-24' },
      'nnfs:v1:draft:a:c2': { code: 'mine, older', saved: '2026-01-01' },
    });
    const there = makeBackup(storage({
      'nnfs:v1:exercise:a:x': { status: 'attempted', updated: '2' },
      'nnfs:v1:exercise:a:y': { status: 'passed', updated: '2' },
      'nnfs:v1:draft:a:c1': { code: 'theirs, older', saved: '2026-06-01' },
      'nnfs:v1:draft:a:c2': { code: 'theirs, newer', saved: '2026-06-01' },
    }));
    expect(restoreBackup(here, there)).toBe(2);
    expect(JSON.parse(here.getItem('nnfs:v1:exercise:a:x')!).status).toBe('passed');
    expect(JSON.parse(here.getItem('nnfs:v1:exercise:a:y')!).status).toBe('passed');
    expect(JSON.parse(here.getItem('nnfs:v1:draft:a:c1')!).code).toBe('mine, newer');
    expect(JSON.parse(here.getItem('nnfs:v1:draft:a:c2')!).code).toBe('theirs, newer');
  });

  it('explains files it cannot read', () => {
    expect(() => parseBackup('not json')).toThrow('This file is not a progress file (it is not JSON).');
    expect(() => parseBackup('{"format":"something else"}')).toThrow('This file is not a progress file exported from this book.');
    expect(() => parseBackup('{"format":"nn-from-scratch/progress","version":9,"items":{}}')).toThrow('version 9');
    expect(() => parseBackup('{"format":"nn-from-scratch/progress","version":1,"items":{"evil":"x"}}')).toThrow('This progress file is damaged');
  });
});
