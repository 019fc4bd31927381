import { afterEach, describe, expect, it } from 'vitest';
import { draftKey, loadDraft, removeDraft, saveDraft, type Draft } from '../../../src/notebook/page/storage.ts';

class MemoryStorage {
  items = new Map<string, string>();
  full = false;
  getItem(key: string) { return this.items.get(key) ?? null; }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) { this.items.delete(key); }
}

function withStorage(storage: unknown) {
  (globalThis as { window?: unknown }).window = { get localStorage() { if (storage === 'blocked') throw new Error('SecurityError'); return storage; } };
}

const draft: Draft = { code: 'const a = 2;', base: 'abcd1234', original: 'const a = 1;', saved: '2026-11-24T10:00:00.000Z' };

afterEach(() => { delete (globalThis as { window?: unknown }).window; });

describe('drafts in localStorage', () => {
  it('round-trips a draft under a versioned key per chapter and cell', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    expect(saveDraft('sigmoid', 'c2', draft)).toEqual({ ok: true });
    expect([...storage.items.keys()]).toEqual(['nnfs:v1:draft:sigmoid:c2']);
    expect(loadDraft('sigmoid', 'c2')).toEqual(draft);
    removeDraft('sigmoid', 'c2');
    expect(loadDraft('sigmoid', 'c2')).toBeNull();
  });

  it('forgets a corrupted entry instead of breaking the page', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    storage.items.set(draftKey('sigmoid', 'c1'), '{not json');
    storage.items.set(draftKey('sigmoid', 'c2'), JSON.stringify({ code: 42 }));
    expect(loadDraft('sigmoid', 'c1')).toBeNull();
    expect(loadDraft('sigmoid', 'c2')).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('reports a full storage as a reason, without throwing', () => {
    const storage = new MemoryStorage();
    storage.full = true;
    withStorage(storage);
    expect(saveDraft('sigmoid', 'c1', draft)).toEqual({ ok: false, reason: "the browser's storage for this site is full" });
  });

  it('behaves as empty when storage is blocked', () => {
    withStorage('blocked');
    expect(loadDraft('sigmoid', 'c1')).toBeNull();
    expect(saveDraft('sigmoid', 'c1', draft)).toEqual({ ok: false, reason: 'this browser blocks storage for this site' });
  });
});
