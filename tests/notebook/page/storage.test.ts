import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Draft } from '../../../src/notebook/page/storage.ts';
import { MemoryStorage } from './memory-storage.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFiles } from '../../lib/source-files.ts';


function withStorage(storage: unknown) {
  (globalThis as { window?: unknown }).window = { get localStorage() { if (storage === 'blocked') throw new DOMException('insecure', 'SecurityError'); return storage; } };
}

// The module remembers writes that failed for the life of the page: each test gets a fresh page.
let s: typeof import('../../../src/notebook/page/storage.ts');
beforeEach(async () => {
  vi.resetModules();
  s = await import('../../../src/notebook/page/storage.ts');
});
afterEach(() => { delete (globalThis as { window?: unknown }).window; });

const draft: Draft = { code: 'const a = 2;', base: 'abcd1234', original: 'const a = 1;', saved: '2026-11-24T10:00:00.000Z' };

// A red team's dozen shared links, each to another cell, filled the site's storage with the
// senders' code, and the reader's own work could no longer be saved.
describe('the code of shared links gives way to the reader’s work when storage is full', () => {
  const big = (tag: string) => `// ${tag}\n${'x'.repeat(10_000)}`;
  const linkDraft = (tag: string, saved: string): Draft => ({ ...draft, code: big(tag), versions: [{ kind: 'shared', code: big(tag), saved }] });

  it('lets go of the oldest link’s code, and the cell showing it unedited, until the reader’s draft is stored', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    s.saveDraft('sigmoid', 'old', linkDraft('old', '2026-11-01T00:00:00.000Z'));
    s.saveDraft('sigmoid', 'new', linkDraft('new', '2026-11-20T00:00:00.000Z'));
    // A cell the reader edited after opening a link: their code stays, the link's version goes in its turn.
    const edited: Draft = { ...draft, code: 'mine', versions: [{ kind: 'earlier', code: 'my first', saved: '2026-10-01T00:00:00.000Z' }, { kind: 'shared', code: big('mid'), saved: '2026-11-10T00:00:00.000Z' }] };
    s.saveDraft('feedforward', 'edited', edited);
    storage.quota = [...storage.items].reduce((n, [k, v]) => n + k.length + v.length, 0) + 5_000;
    const mine: Draft = { ...draft, code: `// my work\n${'y'.repeat(12_000)}` };
    expect(s.saveDraft('sigmoid', 'mine', mine)).toEqual({ ok: true });
    expect(s.loadDraft('sigmoid', 'mine')).toEqual(mine);
    expect(s.loadDraft('sigmoid', 'old')).toBeNull();
    expect(s.loadDraft('sigmoid', 'new')).toEqual(linkDraft('new', '2026-11-20T00:00:00.000Z'));
    expect(s.loadDraft('feedforward', 'edited')).toEqual(edited);
    // More of the reader's work: the next oldest link goes, and never what the reader wrote.
    expect(s.saveDraft('sigmoid', 'more', { ...mine, code: `// more\n${'z'.repeat(15_000)}` })).toEqual({ ok: true });
    expect(s.loadDraft('feedforward', 'edited')).toEqual({ ...edited, versions: [edited.versions![0]] });
    expect(s.loadDraft('sigmoid', 'new')).toEqual(linkDraft('new', '2026-11-20T00:00:00.000Z'));
    // Nothing of a link is left to give: the reader's own work is never dropped, and the save fails as full.
    expect(s.saveDraft('sigmoid', 'most', { ...mine, code: 'w'.repeat(30_000) })).toEqual({ ok: false, reason: "the browser's storage for this site is full" });
    expect(s.loadDraft('sigmoid', 'new')).toBeNull();
    expect(s.loadDraft('sigmoid', 'mine')).toEqual(mine);
    expect(s.loadDraft('feedforward', 'edited')).toEqual({ ...edited, versions: [edited.versions![0]] });
  });
});

// Red team 28: a link's draft that failed to save was written when space came back, over the
// reader's newer edit that another tab had saved meanwhile, and nothing kept the edit.
describe('a write that failed is made later only over what storage held when it failed', () => {
  it('is not written over another tab’s later save, and stays unsaved here, with its notice', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    const seen: Record<string, string>[] = [];
    s.watchUnsaved((unsaved) => seen.push(Object.fromEntries(unsaved)));
    storage.full = true;
    const link: Draft = { ...draft, code: '// from a link' };
    expect(s.saveDraft('sigmoid', 'values', link).ok).toBe(false);
    const theirs = JSON.stringify({ ...draft, code: '// the reader’s edit, in another tab', tab: 'other' });
    storage.items.set(s.draftKey('sigmoid', 'values'), theirs); // that tab's save, after space was freed there
    storage.full = false;
    expect(s.saveDraft('sigmoid', 'rounding', draft)).toEqual({ ok: true });
    expect(storage.items.get(s.draftKey('sigmoid', 'values'))).toBe(theirs);
    expect(seen.at(-1)).toEqual({ 'nnfs:v1:draft:sigmoid:values': "the browser's storage for this site is full" });
  });

  it('is written when storage still holds what it held then', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    s.saveDraft('sigmoid', 'values', draft);
    storage.full = true;
    const mine: Draft = { ...draft, code: '// mine, newer' };
    expect(s.saveDraft('sigmoid', 'values', mine).ok).toBe(false);
    storage.full = false;
    expect(s.saveDraft('sigmoid', 'rounding', draft)).toEqual({ ok: true });
    expect(s.loadDraft('sigmoid', 'values')).toEqual(mine);
  });
});

describe('drafts in localStorage', () => {
  it('round-trips a draft under a versioned key per chapter and cell', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    expect(s.saveDraft('sigmoid', 'c2', draft)).toEqual({ ok: true });
    expect([...storage.items.keys()]).toEqual(['nnfs:v1:draft:sigmoid:c2']);
    expect(s.loadDraft('sigmoid', 'c2')).toEqual(draft);
    s.removeDraft('sigmoid', 'c2');
    expect(s.loadDraft('sigmoid', 'c2')).toBeNull();
  });

  it('a draft’s code round-trips exactly, whatever the string: a byte order mark, lone surrogates, \\r\\n, NUL', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    const codes = ['\uFEFF1 + 4', '\uFEFF', 'const a = "\uD800";\r\nconst b = "\uDC00x";\r\n', '\r\r\n\u2028\u2029', 'a\u0000b', '"\\"\uFEFF\\u0000', '😀'.slice(0, 1)];
    for (const [i, code] of codes.entries()) {
      const mine: Draft = { ...draft, code, original: code, versions: [{ kind: 'previous', code, saved: 's' }] };
      expect(s.saveDraft('sigmoid', `c${i}`, mine)).toEqual({ ok: true });
      expect(s.loadDraft('sigmoid', `c${i}`), JSON.stringify(code)).toEqual(mine);
      expect(s.damagedDraft('sigmoid', `c${i}`)).toBeNull();
    }
  });

  it('a whole draft stored with a byte order mark before it (a program writing UTF-8 "with BOM") reads as whole', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    storage.items.set(s.draftKey('sigmoid', 'c1'), `\uFEFF${JSON.stringify(draft)}`);
    expect(s.loadDraft('sigmoid', 'c1')).toEqual(draft);
    expect(s.damagedDraft('sigmoid', 'c1')).toBeNull();
  });

  it('a damaged draft is called cut short only when its text ends before its JSON does', async () => {
    for (const [raw, cut] of [
      ['\uFEFF{"code":"1+4"}', false],
      ['{"code":"1+4"} and more', false],
      ['{"code":"1+4"}}', false],
      ['{"code":"1+4"', true],
      ['\uFEFF{"code":"1+', true],
      ['{"code":"1+4","versions":[{"kind":"previous","code":"x"', true],
    ] as const) {
      const found = await s.recoverDraft(raw);
      expect(found.cut, raw).toBe(cut);
      expect(found.code, raw).toBe(raw.includes('1+4') ? '1+4' : '1+');
      expect(found.problem.includes('cut short'), raw).toBe(cut);
    }
  });

  it('keeps every stored text that is not a whole draft for recovery, removing none of it', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    const damaged: Record<string, string> = {
      c1: '{not json',
      c2: JSON.stringify({ code: 42 }),
      c3: JSON.stringify({ ...draft, base: null }),
      c4: JSON.stringify({ ...draft, versions: [{ kind: 'shared', code: 'x', saved: 's' }, 'junk'] }),
      c5: JSON.stringify({ ...draft, versions: { 0: 'x' } }),
      c6: JSON.stringify([draft]),
    };
    for (const [cell, raw] of Object.entries(damaged)) storage.items.set(s.draftKey('sigmoid', cell), raw);
    for (const [cell, raw] of Object.entries(damaged)) {
      expect(s.loadDraft('sigmoid', cell), raw).toBeNull();
      expect(s.damagedDraft('sigmoid', cell)).toBe(raw);
    }
    expect(storage.items.size).toBe(6);
    storage.items.set(s.draftKey('sigmoid', 'ok'), JSON.stringify(draft));
    expect(s.damagedDraft('sigmoid', 'ok')).toBeNull();
  });

  it('reports a full storage as a reason, without throwing', () => {
    const storage = new MemoryStorage();
    storage.full = true;
    withStorage(storage);
    expect(s.saveDraft('sigmoid', 'c1', draft)).toEqual({ ok: false, reason: "the browser's storage for this site is full" });
    expect(s.saveValue('exercise:sigmoid:x', { status: 'passed' })).toEqual({ ok: false, reason: "the browser's storage for this site is full" });
  });

  it('behaves as empty when storage is blocked', () => {
    withStorage('blocked');
    expect(s.loadDraft('sigmoid', 'c1')).toBeNull();
    expect(s.saveDraft('sigmoid', 'c1', draft)).toEqual({ ok: false, reason: 'this browser blocks storage for this site' });
  });

  it('names a write refused for another reason as such, and a SecurityError on write as blocked', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    storage.refuse = new Error('no');
    expect(s.saveDraft('sigmoid', 'c1', draft)).toEqual({ ok: false, reason: 'the browser refused to store it' });
    storage.refuse = new DOMException('insecure', 'SecurityError');
    expect(s.saveDraft('sigmoid', 'c1', draft)).toEqual({ ok: false, reason: 'this browser blocks storage for this site' });
  });
});

describe('work the browser did not save', () => {
  it('stays readable on this page, so what the page shows is what the reader did', () => {
    const storage = new MemoryStorage();
    storage.full = true;
    withStorage(storage);
    s.saveDraft('sigmoid', 'c1', draft);
    s.saveValue('exercise:sigmoid:x', { status: 'passed' });
    expect(storage.items.size).toBe(0);
    expect(s.loadDraft('sigmoid', 'c1')).toEqual(draft);
    expect(s.loadValue('exercise:sigmoid:x', (v): v is { status: string } => typeof v === 'object')).toEqual({ status: 'passed' });
    expect(s.unsavedEntries()).toEqual({
      'nnfs:v1:draft:sigmoid:c1': JSON.stringify(draft),
      'nnfs:v1:exercise:sigmoid:x': '{"status":"passed"}',
    });
  });

  it('is also kept when storage is blocked outright', () => {
    withStorage('blocked');
    s.saveValue('exercise:sigmoid:x', { status: 'passed' });
    expect(s.loadValue('exercise:sigmoid:x', (v): v is { status: string } => typeof v === 'object')).toEqual({ status: 'passed' });
  });

  it('is reported to watchers with its reason until a save succeeds, which stores it too', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    const seen: Record<string, string>[] = [];
    s.watchUnsaved((unsaved) => seen.push(Object.fromEntries(unsaved)));
    expect(seen).toEqual([{}]);
    storage.full = true;
    s.saveDraft('sigmoid', 'c1', draft);
    expect(seen.at(-1)).toEqual({ 'nnfs:v1:draft:sigmoid:c1': "the browser's storage for this site is full" });
    storage.full = false; // the reader freed some space
    expect(s.saveDraft('sigmoid', 'c2', { ...draft, code: 'other' })).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({});
    expect(JSON.parse(storage.items.get('nnfs:v1:draft:sigmoid:c1')!)).toEqual(draft);
    expect(s.unsavedEntries()).toEqual({});
  });

  it('is forgotten when the draft is removed (the reader reverted the cell)', () => {
    const storage = new MemoryStorage();
    storage.full = true;
    withStorage(storage);
    const seen: number[] = [];
    s.watchUnsaved((unsaved) => seen.push(unsaved.size));
    s.saveDraft('sigmoid', 'c1', draft);
    s.removeDraft('sigmoid', 'c1');
    expect(seen).toEqual([0, 1, 0]);
    expect(s.loadDraft('sigmoid', 'c1')).toBeNull();
  });
});

describe('storageState', () => {
  it('says whether storage can be read and written now, and leaves nothing behind', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    expect(s.storageState()).toEqual({ readable: true, saving: { ok: true } });
    expect(storage.items.size).toBe(0);
    storage.full = true;
    expect(s.storageState()).toEqual({ readable: true, saving: { ok: false, reason: "the browser's storage for this site is full" } });
    withStorage('blocked');
    expect(s.storageState()).toEqual({ readable: false, saving: { ok: false, reason: 'this browser blocks storage for this site' } });
    expect(s.storageReadable()).toBe(false);
  });
});

describe('the storage key prefix', () => {
  it('is what every key the book stores starts with (readers\' saved work is under it)', () => {
    expect(s.STORAGE_PREFIX).toBe('nnfs:v1:');
    expect(s.draftKey('ch', 'c1')).toBe('nnfs:v1:draft:ch:c1');
    expect(s.valueKey('exercise:ch:e1')).toBe('nnfs:v1:exercise:ch:e1');
  });

  it('is written in one file: every other module takes it from storage.ts', () => {
    const others = sourceFiles('src', 'components')
      .filter((file) => file !== join('src', 'notebook', 'page', 'storage.ts'))
      .filter((file) => /nnfs:v\d/.test(readFileSync(file, 'utf8')));
    expect(others).toEqual([]);
  });
});

// A red team's reloaded tab called the versions it had kept before the reload "another tab's".
describe('the page loads of this tab', () => {
  it('are this load alone in a new tab, and carry over across a reload only', async () => {
    const { versionLabel } = await import('../../../src/notebook/page/drafts.ts');
    const session = new MemoryStorage();
    const first = s.loadsOfThisTab(session, 'navigate', 'aaaa');
    expect([...first]).toEqual(['aaaa']);
    const reloaded = s.loadsOfThisTab(session, 'reload', 'bbbb');
    expect([...reloaded]).toEqual(['aaaa', 'bbbb']);
    const kept = { kind: 'tab' as const, code: 'x', saved: '2026-12-05T10:00:00Z', tab: 'aaaa' };
    expect(versionLabel(kept, reloaded).name).toBe('This tab’s version');
    expect(versionLabel({ ...kept, tab: 'cccc' }, reloaded).name).toBe('Another tab’s version');
    // A duplicated tab copies the sessionStorage, but its load is no reload: the other tab's versions stay another tab's.
    expect([...s.loadsOfThisTab(session, 'navigate', 'dddd')]).toEqual(['dddd']);
    expect([...s.loadsOfThisTab(session, 'back_forward', 'eeee')]).toEqual(['eeee']);
    // Damaged, blocked or absent: this load still counts.
    session.setItem('nnfs:v1:loads', '{oops');
    expect([...s.loadsOfThisTab(session, 'reload', 'ffff')]).toEqual(['ffff']);
    expect([...s.loadsOfThisTab(null, 'reload', 'gggg')]).toEqual(['gggg']);
    const full = { getItem: () => '["a1"]', setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect([...s.loadsOfThisTab(full, 'reload', 'hhhh')]).toEqual(['a1', 'hhhh']);
  });
});
