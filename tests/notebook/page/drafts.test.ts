import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { MemoryStorage } from './memory-storage.ts';
import type { Version } from '../../../src/notebook/page/storage.ts';

// The code editor never loads here: these tests are about what is stored and listed, and
// CodeMirror in linkedom threw from its background parser's timer after a test had ended
// ("Calls to EditorView.update are not allowed while an update is in progress"), failing a CI run.
vi.mock('../../../src/notebook/page/lazy-modules.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/notebook/page/lazy-modules.ts')>()),
  loadEditorModule: () => new Promise(() => {}),
}));

// One cell, as components/CodeCell.astro renders it (the parts the notebook touches).
const CELL = `<div class="nb-cell" id="cell-c1" data-cell data-chapter="ch" data-cell-id="c1" data-source="1 + 1" data-kind="normal" aria-label="Cell 1">
  <div class="nb-toolbar"><span data-state-label>not run</span><span data-modified hidden>modified</span>
    <button data-action="run">Run</button><button data-action="stop" hidden>Stop</button>
    <button data-action="revert" hidden>Revert</button><button data-action="share">Copy link</button></div>
  <div data-code><pre>1 + 1</pre></div>
  <div class="nb-notice" data-notice hidden></div>
  <div data-output></div>
</div>`;
const KEY = 'nnfs:v1:draft:ch:c1';

let storage: MemoryStorage;
let win: Window & typeof globalThis;
let notebookModule: typeof import('../../../src/notebook/page/notebook.ts');
let draftsModule: typeof import('../../../src/notebook/page/drafts.ts');
const saved = { ...globalThis } as Record<string, unknown>;

beforeEach(async () => {
  vi.resetModules(); // a fresh page
  const { window, document } = parseHTML(`<!doctype html><html><body>${CELL}</body></html>`);
  storage = new MemoryStorage();
  Object.defineProperty(window, 'localStorage', { configurable: true, get: () => storage });
  win = window as unknown as Window & typeof globalThis;
  win.HTMLElement.prototype.scrollIntoView = () => {}; // linkedom lays nothing out; a link's notice is scrolled to
  Object.assign(globalThis, { window, document, CustomEvent: window.CustomEvent, Event: window.Event, location: { hash: '', href: 'http://book/ch/' } });
  notebookModule = await import('../../../src/notebook/page/notebook.ts');
  draftsModule = await import('../../../src/notebook/page/drafts.ts');
});
afterEach(() => {
  // Saves waiting for their timer are made now, while this test's page and storage are the
  // globals: fired later, a timer would write into the next test's storage.
  for (const notebook of started.splice(0)) notebook.drafts.flush();
  for (const name of ['window', 'document', 'CustomEvent', 'Event', 'location']) {
    if (name in saved) (globalThis as Record<string, unknown>)[name] = saved[name];
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

/** The notebooks each test started (see afterEach). */
const started: InstanceType<typeof notebookModule.Notebook>[] = [];

function start() {
  const notebook = new notebookModule.Notebook(win.document, { run: async () => ({}), start: async () => {}, stop() {} } as never);
  notebook.start();
  started.push(notebook);
  return { notebook, cell: notebook.find('c1')! };
}

const stored = () => JSON.parse(storage.items.get(KEY) ?? 'null');

/** What a browser does in this tab when another tab writes a draft. */
function otherTabSaves(code: string | null, extra: Record<string, unknown> = {}) {
  const value = code === null ? null : JSON.stringify({ code, base: 'x', original: '1 + 1', saved: '2026-11-29T10:00:00Z', tab: 'other', ...extra });
  if (value === null) storage.items.delete(KEY);
  else storage.items.set(KEY, value);
  const event = new win.Event('storage') as StorageEvent;
  Object.assign(event, { key: KEY, newValue: value });
  win.dispatchEvent(event);
}

describe('kept versions', () => {
  const v = (code: string): Version => ({ kind: 'previous', code, saved: '2026-11-29T10:00:00Z' });

  it('keeps each code once, never the chapter’s own, and every one of the reader’s own versions', () => {
    const { withVersion } = draftsModule;
    expect(withVersion([v('a')], v('a'), 'orig')).toEqual([v('a')]);
    expect(withVersion([v('a')], v('orig'), 'orig')).toEqual([v('a')]);
    // Blank code: another tab mid-retype (cleared, not yet typed) saves it; nothing to want back.
    expect(withVersion([v('a')], v(''), 'orig')).toEqual([v('a')]);
    expect(withVersion([v('a')], v(' \n\t'), 'orig')).toEqual([v('a')]);
    // A red team pressed Revert nine times and the first version went without a word.
    let versions: Version[] = [];
    for (let i = 0; i < 30; i++) versions = withVersion(versions, v(`c${i}`), 'orig');
    expect(versions.map((x) => x.code)).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`));
  });

  it('shared codes only push out older shared codes, at most MAX_SHARED_VERSIONS kept; the reader’s own versions stay', () => {
    const { withVersion, trimVersions, MAX_SHARED_VERSIONS } = draftsModule;
    const shared = (code: string): Version => ({ kind: 'shared', code, saved: '2026-11-29T10:00:00Z' });
    let versions: Version[] = [{ ...v('mine'), kind: 'earlier' }];
    for (let i = 0; i < MAX_SHARED_VERSIONS + 12; i++) versions = withVersion(versions, shared(`s${i}`), 'orig');
    expect(versions.map((x) => x.code)).toEqual(['mine', ...Array.from({ length: MAX_SHARED_VERSIONS }, (_, i) => `s${i + 12}`)]);
    // The reader's own versions push out nothing, and are pushed out by nothing.
    for (let i = 0; i < MAX_SHARED_VERSIONS + 2; i++) versions = withVersion(versions, v(`own${i}`), 'orig');
    expect(versions.filter((x) => x.kind === 'shared')).toHaveLength(MAX_SHARED_VERSIONS);
    expect(versions.filter((x) => x.kind !== 'shared').map((x) => x.code)).toEqual(['mine', ...Array.from({ length: MAX_SHARED_VERSIONS + 2 }, (_, i) => `own${i}`)]);
    // A stored list of any length keeps the newest shared codes and all of the reader's.
    const many = Array.from({ length: 40 }, (_, i) => (i % 2 ? shared(`s${i}`) : v(`o${i}`)));
    const trimmed = trimVersions(many);
    expect(trimmed.filter((x) => x.kind === 'shared')).toEqual(many.filter((x) => x.kind === 'shared').slice(-MAX_SHARED_VERSIONS));
    expect(trimmed.filter((x) => x.kind !== 'shared')).toEqual(many.filter((x) => x.kind !== 'shared'));
  });

  it('shared codes besides the newest are kept to MAX_SHARED_CHARS in all per cell, the oldest going first; the newest whatever its size', () => {
    const { trimVersions, MAX_SHARED_CHARS } = draftsModule;
    const shared = (tag: string, length: number): Version => ({ kind: 'shared', code: tag.padEnd(length, '.'), saved: '2026-11-29T10:00:00Z' });
    const big = 0.4 * MAX_SHARED_CHARS;
    const versions = [shared('a', big), { ...v('mine'), kind: 'earlier' as const }, shared('b', big), shared('c', big), shared('d', 10), shared('e', 2 * MAX_SHARED_CHARS)];
    expect(trimVersions(versions).map((x) => x.code[0])).toEqual(['m', 'b', 'c', 'd', 'e']);
  });

  // Red team 52: a 3.8 KB link's code, opened under "Show the shared code", held the page 17 s.
  it('a kept version shows what costs the page little to lay out, and says what is left', async () => {
    const { CODE_VIEW_COST, layoutCost } = await import('../../../src/lib/clip.ts');
    const { notebook, cell } = start();
    const costly = `// ${'\u05D01'.repeat(100)}\n`.repeat(400);
    notebook.drafts.keep(cell, 'shared', costly);
    const details = cell.el.querySelector('details.nb-version')!;
    expect(layoutCost(details.querySelector('pre')!.textContent!)).toBeLessThanOrEqual(CODE_VIEW_COST);
    expect(details.querySelector('[data-code-rest]')!.textContent).toMatch(/^… 39\d more lines \(\d+,\d{3} characters\) not shown here: Use this version to have it all in the editor\.$/);
    notebook.drafts.keep(cell, 'previous', 'const short = 1;');
    expect(cell.el.querySelectorAll('[data-code-rest]')).toHaveLength(1);
  });

  // Red team 49: a link's or a draft's code that costs long to lay out froze the page in the plain view.
  it('a draft whose code costs long to lay out shows its start in the plain view, says what is left, and its editor waits for a click', async () => {
    const { CODE_VIEW_COST, layoutCost } = await import('../../../src/lib/clip.ts');
    const costly = `// ${'\u05D01'.repeat(100)}\n`.repeat(400);
    storage.items.set(KEY, JSON.stringify({ code: costly, base: 'x', original: '1 + 1', saved: '2026-11-29T10:00:00Z', tab: 'other' }));
    const { cell } = start();
    expect(cell.code).toBe(costly);
    expect(cell.costly).toBe(true);
    const plain = cell.el.querySelector('[data-code] pre')!.textContent!;
    expect(costly.startsWith(plain) && layoutCost(plain) <= CODE_VIEW_COST).toBe(true);
    expect(cell.el.querySelector('[data-code] [data-code-rest]')!.textContent).toMatch(/^… 3\d\d more lines \(\d+,\d{3} characters\) not shown here: click the code/);
    storage.items.set(KEY, JSON.stringify({ code: 'const mine = 2;', base: 'x', original: '1 + 1', saved: '2026-11-29T10:00:00Z', tab: 'other' }));
    const again = start();
    expect(again.cell.costly).toBe(false);
    expect(again.cell.el.querySelector('[data-code-rest]')).toBeNull();
  });

  it('the reader’s own link, opened to try it, keeps their code as theirs: Revert and eight more links leave it kept', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { notebook, cell } = start();
    const location = globalThis as unknown as { location: { hash: string } };
    cell.edited('"my typed work"');
    notebook.drafts.flush();
    location.location.hash = encodeCells({ c1: '"my typed work"' }); // "Copy link", then open it (a red team's)
    applySharedLink(notebook);
    notebook.drafts.revert(cell);
    for (let i = 1; i <= 10; i++) {
      location.location.hash = encodeCells({ c1: `"classmate ${i}"` });
      applySharedLink(notebook);
    }
    notebook.drafts.flush();
    const kinds = stored().versions.map((x: Version) => `${x.kind} ${x.code}`);
    expect(kinds).toContain('earlier "my typed work"');
    expect(kinds.filter((k: string) => k.startsWith('shared'))).toHaveLength(8);
    // Links that replace one another do not pass their code off as the reader's.
    expect(kinds.filter((k: string) => k.startsWith('earlier'))).toEqual(['earlier "my typed work"']);
  });

  it('any number of shared links opened in the tab leaves the reader’s own edit kept, across a reload', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { notebook, cell } = start();
    cell.el.scrollIntoView = () => {}; // linkedom lays nothing out
    cell.edited('"my own edit"');
    notebook.drafts.flush();
    for (let i = 1; i <= 12; i++) {
      (globalThis as unknown as { location: { hash: string } }).location.hash = encodeCells({ c1: `"link ${i}"` });
      applySharedLink(notebook);
      expect(cell.code).toBe(`"link ${i}"`);
    }
    const kept = ['earlier "my own edit"', ...Array.from({ length: 8 }, (_, i) => `shared "link ${i + 5}"`)];
    expect(stored().versions.map((x: Version) => `${x.kind} ${x.code}`)).toEqual(kept);
    vi.resetModules(); // a reload
    notebookModule = await import('../../../src/notebook/page/notebook.ts');
    const again = start();
    expect(again.notebook.drafts.versions(again.cell).map((x) => `${x.kind} ${x.code}`)).toEqual(kept);
  });

  // A red team's find: after a reload, a shared link's code on screen was "your saved edit".
  it('after a reload, a shared link’s code not edited since is called the link’s, and an edit of it the reader’s', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { notebook, cell } = start();
    cell.el.scrollIntoView = () => {};
    cell.edited('"my own edit"');
    notebook.drafts.flush();
    (globalThis as unknown as { location: { hash: string } }).location.hash = encodeCells({ c1: '"the sender’s code"' });
    applySharedLink(notebook);
    notebook.drafts.flush();
    (globalThis as unknown as { location: { hash: string } }).location.hash = '';
    const notice = (c: typeof cell) => c.el.querySelector('[data-notice]')!.textContent ?? '';
    vi.resetModules(); // a reload
    notebookModule = await import('../../../src/notebook/page/notebook.ts');
    const again = start();
    expect(again.cell.code).toBe('"the sender’s code"');
    expect(notice(again.cell)).toMatch(/^Showing the code of a shared link you opened \(.+\), not edited here since\. Revert brings back the chapter’s code\.$/);
    again.cell.edited('"the sender’s code, edited"');
    again.notebook.drafts.flush();
    vi.resetModules();
    notebookModule = await import('../../../src/notebook/page/notebook.ts');
    const third = start();
    expect(notice(third.cell)).toBe('Showing your saved edit. Revert brings back the chapter’s code.');
  });

  it('Revert keeps the reader’s code as "your previous version", and the draft stays for it', () => {
    const { notebook, cell } = start();
    cell.edited('2 + 2');
    notebook.drafts.flush();
    notebook.drafts.revert(cell);
    expect(cell.code).toBe('1 + 1');
    expect(stored().code).toBe('1 + 1');
    expect(stored().versions.map((x: Version) => [x.kind, x.code])).toEqual([['previous', '2 + 2']]);
    const group = cell.el.querySelector('details[aria-label="Your previous version"]')!;
    expect(group.querySelector('summary')!.textContent).toContain('Show your previous version');
    expect(group.querySelector('pre')!.textContent).toBe('2 + 2');
    (group.querySelector('[data-version-use]') as HTMLElement).click();
    expect(cell.code).toBe('2 + 2');
    expect(stored().code).toBe('2 + 2');
  });

  it('the list names as "shown above" only the version on screen, in its text too: after a link over a draft, a Revert, another tab', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { notebook, cell } = start();
    cell.el.scrollIntoView = () => {}; // linkedom lays nothing out
    // Each version's summary as its text reads (what is copied, or read by a script or without styles).
    const list = () => [...cell.el.querySelectorAll('details.nb-version')].map((d) => d.querySelector('summary')!.textContent!.replace(/ \(kept [^)]*\)/, ''));
    const useButtons = () => [...cell.el.querySelectorAll<HTMLElement>('[data-version-use]')].map((b) => !b.hidden);
    cell.edited('"mine"');
    notebook.drafts.flush();
    (globalThis as unknown as { location: { hash: string } }).location.hash = encodeCells({ c1: '"theirs"' });
    applySharedLink(notebook);
    expect(list()).toEqual(['Show your earlier version', 'Show the shared code · shown above']);
    expect(useButtons()).toEqual([true, false]);
    notebook.drafts.revert(cell);
    expect(list()).toEqual(['Show your earlier version', 'Show the shared code']);
    expect(useButtons()).toEqual([true, true]);
    cell.edited('"mine"'); // the earlier version typed again
    expect(list()).toEqual(['Show your earlier version · shown above', 'Show the shared code']);
    otherTabSaves('"from the other tab"', { versions: stored().versions });
    expect(list()).toEqual(['Show your earlier version · shown above', 'Show the shared code', 'Show another tab’s version']);
  });

  it('a shared link opened again keeps its code again where the reader let it go, and the page says where it is', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { notebook, cell } = start();
    cell.el.scrollIntoView = () => {}; // linkedom lays nothing out
    const banner = () => win.document.querySelector('[data-notebook-banner]')!.textContent;
    (globalThis as unknown as { location: { hash: string } }).location.hash = encodeCells({ c1: '"theirs"' });
    applySharedLink(notebook);
    applySharedLink(notebook); // the same link again, the cell still showing its code
    expect(banner()).toBe('You opened this shared link before; the page shows its code, as you left it.');
    cell.edited('"mine"');
    cell.el.querySelector<HTMLElement>('details[aria-label="The shared code"] [data-version-forget]')!.click();
    expect(notebook.drafts.versions(cell)).toEqual([]);
    applySharedLink(notebook);
    expect(cell.code).toBe('"mine"');
    expect(banner()).toContain('You opened this shared link before, so it is not applied again: the cells keep the code they showed. The sender’s code is kept under the shared cell');
    expect(stored().versions.map((x: Version) => `${x.kind} ${x.code}`)).toEqual(['shared "theirs"']);
  });

  // Red team 26: with the site's storage full, the link's notice said "Your edits from now on are
  // kept as usual" beside the notice that the browser was not saving.
  it('a link opened while the browser saves nothing says so in its notice, not "kept as usual"', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { notebook } = start();
    const banner = () => win.document.querySelector('[data-notebook-banner]')!.textContent;
    const location = globalThis as unknown as { location: { hash: string } };
    storage.full = true;
    location.location.hash = encodeCells({ c1: '"theirs"' });
    applySharedLink(notebook);
    expect(banner()).toMatch(/Your edits are not being saved: the browser's storage for this site is full \(see the notice about it\)\.$/);
    expect(banner()).not.toContain('kept as usual');
    storage.full = false;
    location.location.hash = encodeCells({ c1: '"another"' });
    applySharedLink(notebook);
    expect(banner()).toMatch(/Your edits from now on are kept as usual\.$/);
  });

  // Red team 28: a link's draft that failed to save (storage full) was written when space came
  // back, over the reader's newer edit that another tab had saved meanwhile; nothing kept the edit.
  it('a link’s draft that failed to save is not written later over another tab’s newer save of the cell', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { saveValue } = await import('../../../src/notebook/page/storage.ts');
    const { notebook, cell } = start();
    storage.full = true;
    (globalThis as unknown as { location: { hash: string } }).location.hash = encodeCells({ c1: '"from a link"' });
    applySharedLink(notebook);
    storage.full = false;
    otherTabSaves('"my edit in the other tab"');
    expect(cell.code).toBe('"my edit in the other tab"'); // not edited here: it follows
    expect(saveValue('probe-after', 1)).toEqual({ ok: true }); // space again: what failed is tried again
    expect(stored().code).toBe('"my edit in the other tab"');
    notebook.drafts.flush();
    expect(stored().code).toBe('"my edit in the other tab"');
  });

  // Red team 28: the tab that let a link's code go to make room still showed and listed it, and
  // wrote it back on the cell's next save; other tabs called it "Updated from another tab, where
  // this cell was edited".
  it('a link’s code let go to make room is said as that where the cell showed it, and not written back', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    const { saveValue } = await import('../../../src/notebook/page/storage.ts');
    const { notebook, cell } = start();
    const code = `"from a link"${' '.repeat(3000)}`;
    (globalThis as unknown as { location: { hash: string } }).location.hash = encodeCells({ c1: code });
    applySharedLink(notebook);
    notebook.drafts.flush();
    expect(stored().code).toBe(code);
    storage.quota = [...storage.items].reduce((n, [k, v]) => n + k.length + v.length, 0) + 1000;
    expect(saveValue('the reader’s work', 'x'.repeat(4000))).toEqual({ ok: true });
    await Promise.resolve();
    expect(stored()).toBeNull();
    expect(cell.code).toBe('1 + 1');
    expect(cell.el.querySelector('[data-notice]')!.textContent).toMatch(/^The code of a shared link this cell showed \(.+\) was let go to make room in the browser’s storage, which was full \(the oldest link’s code goes first, never your own\), so the chapter’s code is shown again\. Opening the link again brings it back\.$/);
    expect(notebook.drafts.versions(cell)).toEqual([]);
    cell.edited('"mine"');
    notebook.drafts.flush();
    expect(stored().versions).toBeUndefined();
  });

  // Red team 29: with the browser's storage full, the reader's code kept only in this tab (after
  // Revert, or "Use this version") was lost when another tab let go of the link's code the stored
  // draft held; the other tab's eviction was also called "Another tab saved a different version".
  describe('what this tab could not save, when another tab changes the stored draft', () => {
    async function linkThenFull() {
      const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
      const { encodeCells } = await import('../../../src/notebook/page/share.ts');
      const started = start();
      (globalThis as unknown as { location: { hash: string } }).location.hash = encodeCells({ c1: '"from a link"' });
      applySharedLink(started.notebook);
      expect(stored().code).toBe('"from a link"');
      storage.full = true;
      started.cell.edited('"my own typed work"');
      started.notebook.drafts.flush();
      expect(stored().code).toBe('"from a link"'); // not saved
      return started;
    }
    const notice = (cell: { el: Element }) => cell.el.querySelector('[data-notice]')!.textContent ?? '';
    const kept = () => (stored()?.versions ?? []).map((v: Version) => `${v.kind} ${v.code}`);

    it('after Revert: the reader’s code, kept only here, is stored with what storage holds now', async () => {
      const { notebook, cell } = await linkThenFull();
      notebook.drafts.revert(cell);
      storage.full = false; // the other tab's eviction made room
      otherTabSaves(null); // it let go of the link's code: the stored draft is gone
      expect(cell.code).toBe('1 + 1');
      expect(kept()).toEqual(['previous "my own typed work"']);
      expect(notice(cell)).not.toContain('Another tab');
    });

    it('after "Use this version" on the link’s code: the reader’s code is kept too', async () => {
      const { notebook, cell } = await linkThenFull();
      notebook.drafts.use(cell, '"from a link"');
      storage.full = false;
      otherTabSaves(null);
      expect(kept()).toContain('previous "my own typed work"');
      expect(notice(cell)).not.toContain('Another tab saved');
    });

    it('with the reader’s code on screen: it is stored, and the eviction is not called another tab’s version', async () => {
      const { cell } = await linkThenFull();
      storage.full = false;
      otherTabSaves(null);
      expect(cell.code).toBe('"my own typed work"');
      expect(stored().code).toBe('"my own typed work"');
      expect(notice(cell)).not.toContain('Another tab saved');
    });

    // Red team 31: tabs A, B and C edited one cell; B kept both A's and its own, then C's write,
    // made without B's, left B's code on B's screen only, beside "both are kept below".
    it('a third tab’s write made without this tab’s code leaves it kept in storage, not on this screen only', () => {
      const { notebook, cell } = start();
      cell.edited('"B"');
      notebook.drafts.flush();
      otherTabSaves('"A"', { tab: 'tab-a' });
      expect(kept()).toEqual(['tab "B"', 'tab "A"']);
      otherTabSaves('"A"', { tab: 'tab-c', versions: [{ kind: 'tab', code: '"C"', saved: '2026-11-29T10:00:00Z', tab: 'tab-c' }, { kind: 'tab', code: '"A"', saved: '2026-11-29T10:00:00Z', tab: 'tab-a' }] });
      expect(cell.code).toBe('"B"');
      expect(kept()).toContain('tab "B"');
      expect(kept()).toEqual(expect.arrayContaining(['tab "C"', 'tab "A"']));
      // Settled: the same write again asks for nothing more.
      const settled = storage.items.get(KEY);
      otherTabSaves('"A"', { tab: 'tab-c', versions: stored().versions });
      expect(stored().versions).toEqual(JSON.parse(settled!).versions);
    });

    it('when another tab saves its own edit: both are kept, with the reader’s code this tab could not save', async () => {
      const { notebook, cell } = await linkThenFull();
      notebook.drafts.revert(cell);
      storage.full = false;
      otherTabSaves('"edited in the other tab"');
      expect(cell.code).toBe('1 + 1'); // edited here: this tab keeps showing its own, and asks
      expect(notice(cell)).toContain('Another tab saved a different version of this cell. This tab still shows the chapter’s code; that tab’s is kept below.');
      expect(stored().code).toBe('"edited in the other tab"');
      expect(kept()).toEqual(['previous "my own typed work"', 'tab "edited in the other tab"']);
    });
  });

  it('a damaged link, or one for cells no longer there, says what the page shows (the reader’s edit, not the chapter’s code), in view', async () => {
    const { applySharedLink } = await import('../../../src/notebook/page/shared-link.ts');
    const scrolled: Element[] = [];
    win.HTMLElement.prototype.scrollIntoView = function (this: Element) { scrolled.push(this); };
    const { notebook, cell } = start();
    const banner = () => win.document.querySelector('[data-notebook-banner]')!;
    const location = globalThis as unknown as { location: { hash: string } };
    location.location.hash = '#cells=N4IgXgjCBcCsC'; // cut short
    applySharedLink(notebook);
    expect(banner().textContent).toMatch(/could not be decompressed\. Nothing of it was applied: the page shows its own code\.$/);
    expect(scrolled).toContain(banner());
    cell.edited('"mine"');
    scrolled.length = 0;
    applySharedLink(notebook);
    expect(banner().textContent).toMatch(/Nothing of it was applied: every cell shows the code it showed before, 1 of them not the page’s own/);
    expect(banner().textContent).not.toContain('chapter’s own code is shown');
    expect(scrolled).toContain(banner());
    const { encodeCells } = await import('../../../src/notebook/page/share.ts');
    location.location.hash = encodeCells({ gone: '"theirs"' });
    applySharedLink(notebook);
    expect(banner().textContent).toBe('This link shares edited code for cells that are no longer on this page. Nothing of it was applied: every cell shows the code it showed before, 1 of them not the page’s own (marked “modified”; Revert brings back the page’s code).');
    expect(cell.code).toBe('"mine"');
  });

  it('a draft with a damaged part is not taken as whole: parseDraft refuses it, for recoverDraft', async () => {
    const { parseDraft } = await import('../../../src/notebook/page/storage.ts');
    const whole = { code: 'mine', base: 'x', original: 'o', saved: 's' };
    expect(parseDraft(JSON.stringify(whole))).toEqual(whole);
    expect(parseDraft(JSON.stringify({ ...whole, versions: [{ kind: 'shared', code: 'c', saved: 's' }], tab: 't' }))).toMatchObject({ tab: 't' });
    for (const damaged of [
      { ...whole, code: 12345 }, { ...whole, base: null }, { ...whole, saved: 12 }, { ...whole, tab: 3 }, { code: 'mine' },
      { ...whole, versions: 'x' }, { ...whole, versions: [{ kind: 'shared' }, 7] }, { ...whole, versions: [{ kind: 'mine', code: 'c', saved: 's' }] }, [whole],
    ]) expect(parseDraft(JSON.stringify(damaged)), JSON.stringify(damaged)).toBeNull();
  });

  it('recoverDraft keeps whatever can be read of a malformed draft, and says what was wrong, naming the values', async () => {
    const { recoverDraft } = await import('../../../src/notebook/page/storage.ts');
    const whole = { code: 'mine', base: 'x', original: 'o', saved: 's' };
    const good: Version = { kind: 'tab', code: 'kept', saved: 's', tab: 't' };
    expect(await recoverDraft(JSON.stringify({ ...whole, code: 12345, versions: [good] }))).toEqual({ code: null, problem: 'Its code was 12345, not text', cut: false, versions: [good] });
    expect(await recoverDraft(JSON.stringify({ base: 'x' }))).toMatchObject({ code: null, problem: 'Its code was missing, not text; its copy of the chapter’s code, time saved were missing' });
    expect(await recoverDraft(JSON.stringify({ ...whole, versions: 'x', base: null }))).toEqual({ code: 'mine', problem: 'Its kept versions were "x", not a list; its mark of the chapter’s cell was null, not text', cut: false, versions: [] });
    // A version with readable code but an unknown kind or time keeps its code, as "previous".
    expect(await recoverDraft(JSON.stringify({ ...whole, versions: [7, good, { kind: 'odd', code: 'odd one' }] }))).toEqual({
      code: 'mine', problem: '1 of its 3 kept versions could not be read', cut: false, versions: [good, { kind: 'previous', code: 'odd one', saved: '' }],
    });
    expect(await recoverDraft(JSON.stringify({ ...whole, saved: 12, tab: false }))).toMatchObject({ code: 'mine', problem: 'Its time saved was 12, tab was false, not text' });
    expect(await recoverDraft(JSON.stringify({ ...whole, code: { a: 'x'.repeat(60) } }))).toMatchObject({ problem: `Its code was {"a":"${'x'.repeat(33)}…, not text` });
    expect(await recoverDraft('  ')).toEqual({ code: null, problem: 'It was empty', cut: false, versions: [] });
  });

  it('a draft cut short in storage keeps the code up to the cut; text that is no draft is said so', async () => {
    const { parseDraft, recoverDraft } = await import('../../../src/notebook/page/storage.ts');
    expect(parseDraft('{"code": "min')).toBeNull(); // not whole JSON: for recoverDraft
    expect(await recoverDraft('{"code": "min')).toEqual({ code: 'min', problem: 'It was cut short', cut: true, versions: [] });
    const whole = JSON.stringify({ code: 'const a = "x";\nfunction f() {\n  return a;\n}', base: 'abc', original: '1 + 1', saved: '2026-11-29T10:00:00Z' });
    expect((await recoverDraft(whole.slice(0, whole.indexOf('base') + 9))).code).toBe('const a = "x";\nfunction f() {\n  return a;\n}');
    expect((await recoverDraft(whole.slice(0, 30))).code).toBe('const a = "x";\nfun');
    expect(await recoverDraft('{not json')).toEqual({ code: null, problem: 'It was cut short; its code was missing, not text', cut: true, versions: [] });
    // Not JSON at all (a red team's find: deleted without a word): the text is the code.
    expect(await recoverDraft('return 1 + 1; // typed by hand')).toEqual({ code: 'return 1 + 1; // typed by hand', problem: 'It was plain text, not a saved draft', cut: false, versions: [] });
    // JSON that is no object is named as the value it is (a red team's find: `null` was shown as
    // code, "plain text"); a quoted text is still the code.
    expect(await recoverDraft('null')).toEqual({ code: null, problem: 'It was null, not a saved draft', cut: false, versions: [] });
    expect(await recoverDraft('[1,2]')).toEqual({ code: null, problem: 'It was [1,2], not a saved draft', cut: false, versions: [] });
    expect(await recoverDraft('"x = 1"')).toEqual({ code: 'x = 1', problem: 'It was "x = 1", not a saved draft', cut: false, versions: [] });
    expect(await recoverDraft('{"base": "x", "orig')).toMatchObject({ code: null, problem: 'It was cut short; its code was missing, not text' });
  });

  it('a damaged draft found while the reader already typed is kept as a version beside their code', async () => {
    storage.items.set(KEY, '{"code":"5 + 5 // cut sh');
    const { cell } = start();
    cell.edited('6 + 6'); // before the parser of damaged drafts has loaded
    await vi.waitFor(() => expect(stored().versions?.map((x: Version) => x.code)).toEqual(['5 + 5 // cut sh']));
    expect(cell.code).toBe('6 + 6');
    expect(stored().code).toBe('6 + 6');
  });

  const good: Version = { kind: 'earlier', code: '"a version worth keeping"', saved: '2026-11-01T09:00:00Z' };
  it.each([
    ['a number for code', JSON.stringify({ code: 12345, base: 'x', original: '1 + 1', saved: 's', versions: [good, 7] }), 'Its code was 12345, not text; 1 of its 2 kept versions could not be read.', [good.code]],
    ['no code', JSON.stringify({ base: 'x', original: '1 + 1', saved: 's', versions: [good] }), 'Its code was missing, not text.', [good.code]],
    ['a `{` and no JSON', '{not a draft', 'It was cut short; its code was missing, not text.', []],
  ])('a draft whose code cannot be read (%s) is never dropped silently: the notice names what was wrong, and the stored text is kept', async (_, raw, problem, versions) => {
    storage.items.set(KEY, raw);
    const { cell } = start();
    const notice = () => cell.el.querySelector('[data-notice]')!.textContent ?? '';
    await vi.waitFor(() => expect(notice()).toContain('Your saved edit of this cell was damaged in the browser’s storage.'));
    expect(notice()).toContain(`${problem} The chapter’s code is shown instead; what was stored is kept below, as it was.`);
    expect(cell.code).toBe('1 + 1');
    expect(stored().versions.map((x: Version) => x.code)).toEqual([...versions, raw]);
  });

  it('a damaged draft holding the chapter’s own code says so, and its readable versions are stored whole at once', async () => {
    storage.items.set(KEY, JSON.stringify({ code: '1 + 1', base: 5, original: '1 + 1', saved: 's', versions: [good, 'junk'] }));
    const { cell } = start();
    await vi.waitFor(() => expect(cell.el.querySelector('[data-notice]')!.textContent).toContain(
      '1 of its 2 kept versions could not be read; its mark of the chapter’s cell was 5, not text. Its code was the chapter’s own; the versions that could be read are kept below.'));
    expect(stored()).toMatchObject({ code: '1 + 1', versions: [good] });
  });

  it('a draft with readable code but other fields of the wrong type is shown as damaged, and kept until the reader chooses', async () => {
    const raw = JSON.stringify({ code: '2 + 2 // mine', base: null, original: '1 + 1', saved: 's', versions: 'x' });
    storage.items.set(KEY, raw);
    const { cell } = start();
    await vi.waitFor(() => expect(cell.code).toBe('2 + 2 // mine'));
    expect(cell.el.querySelector('[data-notice]')!.textContent).toContain('Its kept versions were "x", not a list; its mark of the chapter’s cell was null, not text. What could be read of it is shown; check it before you run it.');
    expect(storage.items.get(KEY)).toBe(raw); // nothing rewritten or removed before the reader chooses
    (cell.el.querySelector('[data-choice="mine"]') as HTMLElement).click();
    expect(stored()).toMatchObject({ code: '2 + 2 // mine', original: '1 + 1' });
  });

  it('a damaged draft another tab’s storage event brings is recovered and told, not taken as removed', async () => {
    const { cell } = start();
    const raw = JSON.stringify({ code: '4 + 4 // theirs', base: 'x', original: '1 + 1', saved: 5 });
    storage.items.set(KEY, raw);
    const event = new win.Event('storage') as StorageEvent;
    Object.assign(event, { key: KEY, newValue: raw });
    win.dispatchEvent(event);
    await vi.waitFor(() => expect(cell.code).toBe('4 + 4 // theirs'));
    expect(cell.el.querySelector('[data-notice]')!.textContent).toContain('Its time saved was 5, not text.');
    expect(storage.items.get(KEY)).toBe(raw);
  });

  it('a damaged draft is shown with a notice: keep what was read, or take the chapter’s code and keep it as a version', async () => {
    storage.items.set(KEY, '{"code":"2 + 2 // my long ed');
    const { cell } = start();
    await vi.waitFor(() => expect(cell.code).toBe('2 + 2 // my long ed'));
    expect(cell.el.querySelector('[data-notice]')!.textContent).toContain(
      'Your saved edit of this cell was damaged in the browser’s storage. It was cut short. What could be read of it is shown: it may stop short of what you wrote, so check its end before you run it.');
    (cell.el.querySelector('[data-choice="theirs"]') as HTMLElement).click();
    expect(cell.code).toBe('1 + 1');
    expect(stored().versions.map((x: Version) => [x.kind, x.code])).toEqual([['previous', '2 + 2 // my long ed']]);
  });

  it('a damaged draft the reader keeps is written whole again, and the notice does not come back', async () => {
    storage.items.set(KEY, '{"code":"3 + 3 // cut');
    const { cell } = start();
    await vi.waitFor(() => expect(cell.code).toBe('3 + 3 // cut'));
    (cell.el.querySelector('[data-choice="mine"]') as HTMLElement).click();
    expect(stored()).toMatchObject({ code: '3 + 3 // cut' });
    expect(cell.el.querySelector('[data-notice]')?.textContent ?? '').not.toContain('damaged');
  });
});

// Red team 42: a draft whose `base` mark alone was damaged showed "This cell changed in the
// chapter since you edited it" over an empty list of changes.
describe('the chapter changed since the draft', () => {
  it('is said when the chapter’s code differs from the draft’s copy of it, not when only the mark does', () => {
    storage.items.set(KEY, JSON.stringify({ code: 'mine', base: 'deadbeef', original: '1 + 1', saved: '2026-11-29T10:00:00Z', tab: 'other' }));
    const { cell } = start();
    expect(cell.code).toBe('mine');
    expect(cell.el.querySelector('[data-notice]')!.textContent).toContain('Showing your saved edit');
    storage.items.set(KEY, JSON.stringify({ code: 'mine', base: 'deadbeef', original: '2 + 2', saved: '2026-11-29T10:00:00Z', tab: 'other' }));
    const again = start();
    expect(again.cell.el.querySelector('[data-notice]')!.textContent).toContain('This cell changed in the chapter since you edited it');
  });

  // Red team 52: a damaged draft's copy of the chapter's code, 40 costly lines, held the page 17 s in the diff.
  it('shows the changes as far as they cost the page little to lay out, then how many lines are left', async () => {
    const { CODE_VIEW_COST, layoutCost } = await import('../../../src/lib/clip.ts');
    const costly = Array.from({ length: 40 }, (_, i) => `// ${i} ${'\u05D01'.repeat(4000)}`).join('\n');
    storage.items.set(KEY, JSON.stringify({ code: 'mine', base: 'deadbeef', original: costly, saved: '2026-11-29T10:00:00Z', tab: 'other' }));
    const { cell } = start();
    const diff = cell.el.querySelector('.nb-diff')!.textContent!;
    expect(layoutCost(diff)).toBeLessThan(CODE_VIEW_COST + 1_000);
    expect(diff).toMatch(/… \d+,\d{3} more characters not shown here\n… 4\d more lines of changes not shown$/);
  });
});

describe('leaving the page', () => {
  it('saves pending edits when the tab is hidden, without waiting for the timer', () => {
    const { cell } = start();
    cell.edited('3 + 3');
    expect(storage.items.size).toBe(0);
    Object.defineProperty(win.document, 'visibilityState', { configurable: true, value: 'hidden' });
    win.document.dispatchEvent(new win.Event('visibilitychange'));
    expect(stored().code).toBe('3 + 3');
  });
});

describe('two tabs of one chapter', () => {
  it('a cell this tab has not edited follows the other tab, without writing back', () => {
    const { cell } = start();
    const writes = vi.spyOn(storage, 'setItem');
    otherTabSaves('"theirs"');
    expect(cell.code).toBe('"theirs"');
    expect(cell.el.querySelector('[data-notice]')!.textContent).toContain('Updated from another tab');
    expect(writes).not.toHaveBeenCalled();
  });

  it('a notice of where the code came from goes when the reader edits that code; a choice still open stays', () => {
    const { cell } = start();
    const notice = cell.el.querySelector<HTMLElement>('[data-notice]')!;
    otherTabSaves('"theirs"');
    expect(notice.textContent).toBe('Updated from another tab, where this cell was edited.');
    cell.edited('"theirs" + "mine"');
    expect(notice.hidden).toBe(true);
    expect(notice.textContent).toBe('');
    // A conflict's question is not about where the code came from: it waits for an answer.
    otherTabSaves('"theirs again"');
    expect(notice.textContent).toContain('Another tab saved a different version of this cell.');
    cell.edited('"mine, edited on"');
    expect(notice.textContent).toContain('Another tab saved a different version of this cell.');
  });

  it('a cell this tab edited: the reader is told, both versions are stored at once, and choosing keeps the other', () => {
    const { cell } = start();
    cell.edited('"mine"');
    otherTabSaves('"theirs"');
    expect(cell.code).toBe('"mine"'); // nothing replaced under the reader
    expect(cell.el.querySelector('[data-notice]')!.textContent).toContain('Another tab saved a different version of this cell.');
    // Storage keeps the other tab's code (so that tab is not asked back) and this tab's beside it.
    expect(stored().code).toBe('"theirs"');
    expect(stored().versions.map((x: Version) => x.code)).toEqual(['"mine"', '"theirs"']);
    // Hearing the same again adds nothing, so nothing is written: tabs do not answer each other forever.
    const writes = vi.spyOn(storage, 'setItem');
    otherTabSaves('"theirs"', { versions: stored().versions });
    expect(writes).not.toHaveBeenCalled();
    writes.mockRestore();

    (cell.el.querySelector('[data-choice="other-tab"]') as HTMLElement).click();
    expect(cell.code).toBe('"theirs"');
    expect(stored().code).toBe('"theirs"');
    expect(stored().versions.map((x: Version) => [x.kind, x.code])).toEqual([['previous', '"mine"']]);
    // In step again: the next save of the other tab is followed.
    otherTabSaves('"theirs, later"');
    expect(cell.code).toBe('"theirs, later"');
  });

  it('keeping this tab’s version stores it, with the other tab’s kept beside it', () => {
    const { cell } = start();
    cell.edited('"mine"');
    otherTabSaves('"theirs"');
    (cell.el.querySelector('[data-choice="this-tab"]') as HTMLElement).click();
    expect(stored().code).toBe('"mine"');
    expect(stored().versions.map((x: Version) => x.code)).toContain('"theirs"');
    expect(cell.el.querySelector('details[aria-label="Another tab’s version"] pre')!.textContent).toBe('"theirs"');
  });
});
