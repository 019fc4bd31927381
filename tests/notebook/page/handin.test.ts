import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assignment } from '../../../src/notebook/page/assignment.ts';
import { MemoryStorage } from './memory-storage.ts';


function withStorage(storage: MemoryStorage | 'blocked') {
  (globalThis as { window?: unknown }).window = {
    get localStorage() { if (storage === 'blocked') throw new DOMException('insecure', 'SecurityError'); return storage; },
  };
}

// Each test is a fresh page: the storage module remembers failed writes for a page's life.
let storage: typeof import('../../../src/notebook/page/storage.ts');
let progress: typeof import('../../../src/notebook/page/progress.ts');
let handin: typeof import('../../../src/notebook/page/handin.ts');
beforeEach(async () => {
  vi.resetModules();
  storage = await import('../../../src/notebook/page/storage.ts');
  progress = await import('../../../src/notebook/page/progress.ts');
  handin = await import('../../../src/notebook/page/handin.ts');
});
afterEach(() => { delete (globalThis as { window?: unknown }).window; });

const assignment: Assignment = { title: 'Week 3', due: '', items: [{ chapter: 'the-sigmoid', exercises: ['prime', 'other'] }, { chapter: 'feedforward', exercises: ['forward'] }] };
const manifest = {
  contentVersion: 'abcd1234',
  exercises: [
    { chapter: 'the-sigmoid', id: 'prime', title: 'Prime', starter: 'return 0;' },
    { chapter: 'the-sigmoid', id: 'other', title: 'Other', starter: 'other starter' },
    { chapter: 'feedforward', id: 'forward', title: 'Forward', starter: 'forward starter' },
  ],
};
const edited = 'return a * (1 - a);';
const draft = (code: string, original: string) => ({ code, base: 'x', original, saved: '2026-11-24T10:00:00.000Z' });

/** The student on the sigmoid chapter: edits "prime", the check passes, the editor shows `edited`. */
function workOnChapterPage() {
  storage.saveDraft('the-sigmoid', 'ex-prime', draft(edited, 'return 0;'));
  progress.recordExercise('the-sigmoid', 'prime', 'passed', edited);
}
const onSigmoidPage = (chapter: string, id: string) =>
  chapter === 'the-sigmoid' && id === 'prime' ? { code: edited, starter: 'return 0;' } : null;

describe('a hand-in made on the chapter page holds the code on screen', () => {
  for (const [name, make] of [
    ['storage full', () => { const s = new MemoryStorage(); s.full = true; withStorage(s); }],
    ['storage blocked', () => withStorage('blocked')],
  ] as const) {
    it(`with ${name}: the edited code, recorded as passed, and the exercises saved nowhere are left out with a reason`, () => {
      make();
      workOnChapterPage();
      const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: onSigmoidPage, now: new Date('2026-11-30T10:00:00Z') });
      expect(submission.work).toEqual([{ chapter: 'the-sigmoid', exercise: 'prime', code: edited, recorded: 'passed' }]);
      expect(submission.unavailable?.map((u) => u.exercise)).toEqual(['other', 'forward']);
      expect(submission.work.some((w) => w.code === 'other starter' || w.code === 'forward starter')).toBe(false);
    });
  }

  it('with storage working: the code on screen wins over an older saved draft, the rest comes from storage', () => {
    const s = new MemoryStorage();
    withStorage(s);
    s.setItem('nnfs:v1:draft:the-sigmoid:ex-prime', JSON.stringify(draft('an older attempt', 'return 0;')));
    s.setItem('nnfs:v1:draft:feedforward:ex-forward', JSON.stringify(draft('my forward', 'forward starter')));
    progress.recordExercise('the-sigmoid', 'prime', 'passed', edited);
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: onSigmoidPage });
    expect(submission.work).toEqual([
      { chapter: 'the-sigmoid', exercise: 'prime', code: edited, recorded: 'passed' },
      { chapter: 'the-sigmoid', exercise: 'other', code: 'other starter', recorded: 'not-started' },
      { chapter: 'feedforward', exercise: 'forward', code: 'my forward', recorded: 'attempted' },
    ]);
    expect(submission).not.toHaveProperty('unavailable');
  });

  it('records "attempted" when the code on screen changed since it passed', () => {
    withStorage(new MemoryStorage());
    progress.recordExercise('the-sigmoid', 'prime', 'passed', edited);
    const changed = `${edited} // and more`;
    const submission = handin.collectHandin({
      assignment, student: 'Ada', manifest, state: storage.storageState(),
      onScreen: (c, id) => (c === 'the-sigmoid' && id === 'prime' ? { code: changed, starter: 'return 0;' } : null),
    });
    expect(submission.work[0]).toEqual({ chapter: 'the-sigmoid', exercise: 'prime', code: changed, recorded: 'attempted' });
    expect(handin.changedSincePass(submission).map((w) => w.exercise)).toEqual(['prime']);
  });
});

describe('a hand-in made where no editor is open (the checklist) never passes the starter off as work', () => {
  it('storage blocked: every exercise is left out, saying why', () => {
    withStorage('blocked');
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: () => null });
    expect(submission.work).toEqual([]);
    expect(submission.unavailable).toEqual([
      { chapter: 'the-sigmoid', exercise: 'prime', reason: 'the browser blocks storage for this site, so this code was only on its chapter’s page' },
      { chapter: 'the-sigmoid', exercise: 'other', reason: 'the browser blocks storage for this site, so this code was only on its chapter’s page' },
      { chapter: 'feedforward', exercise: 'forward', reason: 'the browser blocks storage for this site, so this code was only on its chapter’s page' },
    ]);
  });

  it('storage full: even saved drafts are left out, since later edits may not have been saved', () => {
    const s = new MemoryStorage();
    withStorage(s);
    s.setItem('nnfs:v1:draft:the-sigmoid:ex-prime', JSON.stringify(draft('an older attempt', 'return 0;')));
    s.full = true;
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: () => null });
    expect(submission.work).toEqual([]);
    expect(submission.unavailable?.[0]).toEqual({
      chapter: 'the-sigmoid', exercise: 'prime',
      reason: "the browser was not saving work (the browser's storage for this site is full), so the code saved here may not be the latest",
    });
  });

  it('storage working: saved drafts, and the starter only for an exercise never touched', () => {
    const s = new MemoryStorage();
    withStorage(s);
    s.setItem('nnfs:v1:draft:the-sigmoid:ex-prime', JSON.stringify(draft(edited, 'return 0;')));
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: () => null });
    expect(submission.work.map((w) => [w.exercise, w.code, w.recorded])).toEqual([
      ['prime', edited, 'attempted'], ['other', 'other starter', 'not-started'], ['forward', 'forward starter', 'not-started'],
    ]);
  });

  it('a draft cut short in storage is left out saying why, never replaced by the starter', () => {
    const s = new MemoryStorage();
    withStorage(s);
    s.setItem('nnfs:v1:draft:feedforward:ex-forward', JSON.stringify(draft('my forward pass, all of it', 'forward starter')).slice(0, 30));
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: () => null });
    expect(submission.work.map((w) => w.exercise)).toEqual(['prime', 'other']);
    expect(submission.unavailable).toEqual([{ chapter: 'feedforward', exercise: 'forward', reason: handin.DAMAGED_DRAFT }]);
  });

  it('an exercise the book no longer has is handed in from its draft, or left out saying why', () => {
    const s = new MemoryStorage();
    withStorage(s);
    const none = { contentVersion: 'x', exercises: [] };
    s.setItem('nnfs:v1:draft:the-sigmoid:ex-prime', JSON.stringify(draft(edited, 'return 0;')));
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest: none, state: storage.storageState(), onScreen: () => null, noStarter: 'offline' });
    expect(submission.work.map((w) => w.exercise)).toEqual(['prime']);
    expect(submission.unavailable?.map((u) => u.reason)).toEqual(['offline', 'offline']);
  });
});

describe('the browser’s id in a hand-in, and the word on handing in again', () => {
  const onEveryPage = (chapter: string, id: string) => ({ code: `${chapter}/${id} done`, starter: 'x' });

  it('storage working: every file from this browser carries one id, and the student reads that a new file takes the old one’s place', () => {
    withStorage(new MemoryStorage());
    const first = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: onEveryPage });
    const again = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: onEveryPage });
    expect(first.browser).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.browser).toBe(first.browser);
    expect(handin.handInAgainHtml(again)).toContain('it takes the old one’s place');
    expect(handin.handInAgainHtml(again)).toContain('waits for your teacher to choose which counts');
  });

  it('storage blocked: no id, and the student is told to say which file counts', () => {
    withStorage('blocked');
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: onEveryPage });
    expect(submission).not.toHaveProperty('browser');
    expect(handin.handInAgainHtml(submission)).toBe('<p class="handin-again">This browser cannot keep the id that marks your files as made here, so if you hand in again, tell your teacher which file counts.</p>');
  });

  it('says nothing of it for a file that lacks some exercises: that message asks for more files', () => {
    withStorage('blocked');
    const submission = handin.collectHandin({ assignment, student: 'Ada', manifest, state: storage.storageState(), onScreen: onSigmoidPage });
    expect(submission.unavailable).toHaveLength(2);
    expect(handin.handInAgainHtml(submission)).toBe('');
  });
});
