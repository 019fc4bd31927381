/**
 * The reader's edits, never lost. The rules (README, "How cells work"):
 * - A cell's code is saved as a draft a moment after typing stops, and at once when the page is
 *   hidden or left (a phone may discard a hidden tab without ever unloading it).
 * - On load a draft is shown with a notice; when the chapter's cell changed since, a diff and a
 *   choice between the two.
 * - Versions the reader may want back are kept in the draft beside their code and listed under
 *   the cell ("Show the shared code", "Show your earlier version", "Show your previous
 *   version"…), each with "Use this version". Whenever code on screen is replaced (a version
 *   used, Revert, the chapter's new version, another tab's), the code it replaces is kept.
 *   The reader's own versions go only when the reader says ("Forget it"); shared codes are
 *   capped (trimVersions), and the oldest give way when storage is full (storage.ts), so links
 *   cannot crowd out the reader's work; they never push out what the reader typed.
 * - A stored draft that is not what the book wrote is recovered as far as it can be read, and
 *   the cell says so and what was wrong; nothing of it goes without a word.
 * - Two tabs of one chapter: a tab where the reader has not edited a cell follows the other
 *   tab's saves of it; a tab where they have keeps showing its own code, is told, and both
 *   versions are stored at once (either tab may be closed next) until the reader chooses.
 * - When the browser stops saving (storage full or blocked), each cell with unsaved work says
 *   so until a save succeeds, and leaving the page asks first.
 */
import type { Cell } from './cell.ts';
import type { Notebook } from './notebook.ts';
import { damagedDraft, fromLink, hasUnsavedDraft, loadDraft, ownLoads, recoverDraft, removeDraft, saveDraft, TAB, watchDrafts, watchUnsaved, type Draft, type SaveResult, type Version } from './storage.ts';
import { diffLines } from './diff.ts';
import { passedChecks } from './progress.ts';
import { escapeHtml } from '../../lib/html.ts';
import { CODE_VIEW_COST, headWithin, layoutCost, restOf } from '../../lib/clip.ts';
import { countOf } from '../../lib/plural.ts';
import { shortDateTime } from '../../lib/dates.ts';

/** How long after the last keystroke a draft is saved: one write per burst of typing. */
export const SAVE_DELAY_MS = 250;

/**
 * Shared codes kept per cell: beyond this the oldest link's code goes. Links are capped because
 * anything that opened or controls the tab can send one after another by changing its hash. The
 * reader's own versions (their edits that something replaced, another tab's, what a damaged draft
 * held) are not capped: each comes from something the reader did, and one went without a word
 * when a red team pressed Revert a ninth time. They go only by the reader's "Forget it".
 */
export const MAX_SHARED_VERSIONS = 8;

/**
 * The most characters of shared code kept per cell besides the newest link's (which is always
 * kept): eight links of the 500,000 characters a link may carry would hold 4 million, near the
 * whole of a site's storage in one cell. What storage still runs out of, the oldest links give
 * back (storage.ts, letGoOfOldestLink).
 */
export const MAX_SHARED_CHARS = 200_000;

/**
 * `versions` with `version` added at the end, at most MAX_SHARED_VERSIONS shared codes among them
 * (see trimVersions). Code that is kept already, or that is the chapter's own (Revert
 * brings that back), is not kept twice. Blank code is not kept: there is nothing in it to want back,
 * and another tab passes through it whenever its reader clears a cell to retype it (a save may land
 * between the clearing and the typing).
 */
export function withVersion(versions: readonly Version[], version: Version, original: string): Version[] {
  if (version.code.trim() === '') return [...versions];
  if (version.code === original || versions.some((v) => v.code === version.code)) return [...versions];
  return trimVersions([...versions, version]);
}

/**
 * `versions` (oldest first) with at most MAX_SHARED_VERSIONS shared codes, and at most
 * MAX_SHARED_CHARS characters of them besides the newest, the oldest going first; and every one of
 * the reader's own: a shared code only ever pushes out an older shared code.
 */
export function trimVersions(versions: readonly Version[]): Version[] {
  let sharedLeft = MAX_SHARED_VERSIONS;
  let charsLeft = MAX_SHARED_CHARS;
  let newest = true;
  const kept: Version[] = [];
  for (let i = versions.length - 1; i >= 0; i--) {
    if (fromLink(versions[i])) {
      const chars = versions[i].code.length;
      if (sharedLeft === 0 || (!newest && chars > charsLeft)) continue;
      sharedLeft -= 1;
      if (!newest) charsLeft -= chars;
      newest = false;
    }
    kept.unshift(versions[i]);
  }
  return kept;
}

/**
 * What the reader calls a version: its group's name and the summary that shows it. A version from
 * a tab other than this one is "another tab’s": with three tabs open there may be two such tabs
 * (a third tab called each, and the one on screen, "the other tab’s"). `tabs`: the ids of this
 * tab's page loads (ownLoads), so that what this tab kept before a reload is still its own.
 */
export function versionLabel(version: Version, tabs: ReadonlySet<string> = ownLoads()): { name: string; show: string } {
  switch (version.kind) {
    case 'shared': return { name: 'The shared code', show: 'Show the shared code' };
    case 'earlier': return { name: 'Your earlier version', show: 'Show your earlier version' };
    case 'previous': return { name: 'Your previous version', show: 'Show your previous version' };
    case 'tab': return version.tab !== undefined && tabs.has(version.tab)
      ? { name: 'This tab’s version', show: 'Show this tab’s version' }
      : { name: 'Another tab’s version', show: 'Show another tab’s version' };
  }
}

const when = shortDateTime;

export class Drafts {
  readonly #notebook: Notebook;
  #timers = new Map<Cell, ReturnType<typeof setTimeout>>();
  #versions = new Map<Cell, Version[]>();
  /** Cells the reader has edited in this tab (and has not since taken another tab's version of). */
  #editedHere = new Set<Cell>();
  #panels = new Map<Cell, HTMLElement>();
  /** The code each listed version holds. */
  #codeOf = new WeakMap<Element, string>();
  /**
   * The draft code storage holds as far as this tab knows: read at load, taken from another
   * tab's save, or written here. Another tab's save of that same code again holds nothing new.
   */
  #known = new Map<Cell, string>();
  /** The damaged stored text each cell last recovered (see #recover). */
  #recovered = new Map<Cell, string>();

  constructor(notebook: Notebook) {
    this.#notebook = notebook;
  }

  /** Restores every cell's draft, and starts saving on leave and listening to other tabs. */
  start() {
    for (const cell of this.#notebook.runnable) this.restore(cell);
    this.#guardUnsavedWork();
    const chapter = this.#notebook.runnable[0]?.chapter;
    if (chapter) {
      watchDrafts(chapter, (id, draft, raw) => {
        const cell = this.#notebook.find(id);
        if (!cell?.runnable) return;
        // Something other than the book wrote it (an extension, a script): recovered and told, as at load.
        if (draft === null && raw !== null) {
          // The same text again (a late event of a write this page read at load) holds nothing new.
          if (this.#recovered.get(cell) !== raw) void this.#recover(cell, raw);
        } else this.#fromOtherTab(cell, draft);
      });
    }
  }

  /** Shows a cell's saved draft, if any, and the versions kept beside it. */
  restore(cell: Cell) {
    const draft = loadDraft(cell.chapter, cell.id);
    this.#known.set(cell, draft?.code ?? cell.original);
    this.#versions.set(cell, draft?.versions ?? []);
    this.#render(cell);
    if (!draft) {
      const damaged = damagedDraft(cell.chapter, cell.id);
      if (damaged !== null) void this.#recover(cell, damaged);
      return;
    }
    if (draft.code === cell.original) return;
    cell.showCode(draft.code);
    this.#markShown(cell);
    // Code a shared link brought and the reader has not edited since is the sender's, not theirs
    // (after a reload it was once called "your saved edit", a red team's find).
    const link = this.versions(cell).findLast((v) => fromLink(v) && v.code === draft.code);
    // The chapter's code is what the draft was made from when `original` says so, whatever the
    // mark beside it (red team 42: a damaged `base` alone showed "changed in the chapter" and an
    // empty list of changes).
    if (draft.base !== cell.hash && draft.original !== cell.original) this.#showChapterChanged(cell, draft);
    else if (link) cell.setNotice(`Showing the code of a shared link you opened (${escapeHtml(when(link.saved))}), not edited here since. <strong>Revert</strong> brings back the chapter’s code.`, 'info', { untilEdit: true });
    // A cell the reader added (the playground's) has no code of the chapter's to go back to.
    else if (cell.original === '') cell.setNotice('Showing your saved code.', 'info', { untilEdit: true });
    else cell.setNotice('Showing your saved edit. <strong>Revert</strong> brings back the chapter’s code.', 'info', { untilEdit: true });
  }

  /** The reader typed in the cell: save soon. */
  edited(cell: Cell) {
    this.#editedHere.add(cell);
    clearTimeout(this.#timers.get(cell));
    this.#timers.set(cell, setTimeout(() => this.save(cell), SAVE_DELAY_MS));
    this.#markShown(cell);
  }

  /** Saves now every edit still waiting for its timer (the page is being hidden or left). */
  flush() {
    for (const cell of [...this.#timers.keys()]) this.save(cell);
  }

  /**
   * Saves the cell's code and kept versions; a cell with neither loses its draft. A failure
   * shows in the cell (see Cell.showUnsaved) until a save succeeds.
   */
  save(cell: Cell): SaveResult {
    clearTimeout(this.#timers.get(cell));
    this.#timers.delete(cell);
    const result = this.#store(cell, cell.code);
    this.#markShown(cell);
    return result;
  }

  /** Writes the draft with `code` as its code (another tab's, in a conflict) and this tab's versions. */
  #store(cell: Cell, code: string): SaveResult {
    this.#recovered.delete(cell); // storage holds this page's draft now: the damaged text again is news
    const versions = this.#versions.get(cell) ?? [];
    if (code === cell.original && versions.length === 0) {
      removeDraft(cell.chapter, cell.id);
      this.#known.set(cell, code);
      return { ok: true };
    }
    const draft: Draft = { code, base: cell.hash, original: cell.original, saved: new Date().toISOString(), tab: TAB };
    if (versions.length) draft.versions = versions;
    const result = saveDraft(cell.chapter, cell.id, draft);
    // Storage still holds what it held when a write fails (the browser's storage full): that is
    // what another tab's save is compared with.
    if (result.ok) this.#known.set(cell, code);
    return result;
  }

  /** Keeps `code` as a version of the cell (not saved yet: callers save). */
  keep(cell: Cell, kind: Version['kind'], code: string, tab?: string) {
    const version: Version = { kind, code, saved: new Date().toISOString(), ...(tab ? { tab } : {}) };
    const before = this.#versions.get(cell) ?? [];
    const after = withVersion(before, version, cell.original);
    if (after.length === before.length && after.every((v, i) => v === before[i])) return;
    this.#versions.set(cell, after);
    this.#render(cell);
  }

  /** The versions kept for a cell, oldest first. */
  versions(cell: Cell): readonly Version[] {
    return this.#versions.get(cell) ?? [];
  }

  /** Puts `code` in the cell as the reader's choice, keeping what it replaces, and saves. */
  #replace(cell: Cell, code: string) {
    // This tab's own copy in a conflict becomes plain "your previous version" once the reader chooses.
    const current = cell.code;
    this.#versions.set(cell, this.versions(cell).filter((v) => !(v.kind === 'tab' && (v.code === current || v.code === code))));
    if (current !== code) this.keep(cell, 'previous', current);
    cell.showCode(code);
    this.#editedHere.add(cell);
    this.save(cell);
    this.#render(cell);
  }

  /** "Use this version": the kept code goes in the cell, as an edit of the reader's. */
  use(cell: Cell, code: string) {
    this.#replace(cell, code);
    cell.setNotice(null);
    cell.el.dispatchEvent(new CustomEvent('nb-edit', { bubbles: true }));
  }

  /** Back to the chapter's code; the reader's is kept as "your previous version". Fires "nb-revert". */
  revert(cell: Cell) {
    this.#replace(cell, cell.original);
    cell.setNotice(null);
    cell.el.dispatchEvent(new CustomEvent('nb-revert', { bubbles: true }));
    cell.button('run')?.focus();
  }

  /**
   * Lets a cell leave the page with its draft kept in storage, to come back with restore(): an
   * edit not saved yet is saved now. Refused (the failure returned, nothing let go) when that
   * save fails, since the edit would be lost with the cell.
   */
  detach(cell: Cell): SaveResult {
    if (this.#timers.has(cell) || (cell.modified && this.#known.get(cell) !== cell.code)) {
      const saved = this.save(cell);
      if (!saved.ok) return saved;
    }
    this.#letGo(cell);
    return { ok: true };
  }

  /** A cell removed from the page (the playground's Start over): its draft and versions go with it. */
  forget(cell: Cell) {
    this.#letGo(cell);
    removeDraft(cell.chapter, cell.id);
  }

  /** What this tab holds of a cell that leaves the page: its pending save, versions and panels. */
  #letGo(cell: Cell) {
    clearTimeout(this.#timers.get(cell));
    this.#timers.delete(cell);
    this.#versions.delete(cell);
    this.#editedHere.delete(cell);
    this.#panels.delete(cell);
    this.#known.delete(cell);
  }

  /**
   * Another tab saved (or removed) this cell's draft. What storage holds is what every tab lists;
   * when this tab has edits of its own that differ, both versions are stored before asking.
   */
  #fromOtherTab(cell: Cell, draft: Draft | null) {
    const theirs = draft?.code ?? cell.original;
    const known = this.#known.get(cell);
    this.#known.set(cell, theirs);
    const mine = cell.code;
    const before = this.versions(cell);
    const stored = draft?.versions ?? [];
    // What this tab could not save (the browser's storage was full) is in its own list only: the
    // reader's versions there are kept beside storage's, and written with them, not replaced by
    // storage's list (a red team's Revert, unsaved, lost the reader's code when another tab's
    // write changed the stored draft). A link's code storage no longer holds is not brought back.
    const pending = hasUnsavedDraft(cell.chapter, cell.id);
    this.#versions.set(cell, pending ? before.reduce((kept, v) => (fromLink(v) ? kept : withVersion(kept, v, cell.original)), stored) : stored);
    // Storage let go of a link's code that was the cell's stored code, to make room (storage.ts):
    // said as that, never as another tab's edit (a red team's).
    const letGo = theirs === cell.original ? before.find((v) => fromLink(v) && v.code === known && !stored.some((w) => w.code === v.code)) : undefined;
    if (letGo) {
      this.#render(cell);
      if (mine === letGo.code && !this.#editedHere.has(cell)) {
        cell.showCode(theirs);
        this.#markShown(cell);
        cell.setNotice(`The code of a shared link this cell showed (${escapeHtml(when(letGo.saved))}) was let go to make room in the browser’s storage, which was full (the oldest link’s code goes first, never your own), so the chapter’s code is shown again. Opening the link again brings it back.`, 'info', { untilEdit: true });
      }
      // The reader's own code on screen is theirs to keep, as any edit is; and what this tab could not save is written anew.
      if (cell.code !== theirs || pending) this.#store(cell, cell.code);
      return;
    }
    if (theirs === known && this.#editedHere.has(cell)) {
      // The code storage held, written again (that tab saving as it is hidden or left): nothing
      // of theirs is new, so this tab's edit of it is no conflict (a CI run showed "Another tab
      // saved a different version" for an edit typed after this tab had taken that code).
      this.#render(cell);
      if (pending) {
        this.#store(cell, mine); // this tab's write that failed, made anew over what storage holds now
      } else if (mine !== theirs && !this.#timers.has(cell) && !this.versions(cell).some((v) => v.code === mine)) {
        // A third tab's write, made without this tab's code, left it on this screen only (a red
        // team's three tabs): kept as this tab's version, as in a conflict.
        this.keep(cell, 'tab', mine, TAB);
        this.#store(cell, theirs);
      }
      return;
    }
    if (theirs === mine || !this.#editedHere.has(cell)) {
      this.#render(cell);
      if (theirs !== mine) {
        cell.showCode(theirs);
        this.#markShown(cell);
        // No longer a shared link's code, if it was (red team 42): its highlight goes (shared-link.ts).
        cell.el.dispatchEvent(new CustomEvent('nb-replaced'));
        cell.setNotice('Updated from another tab, where this cell was edited.', 'info', { untilEdit: true });
      }
      if (pending) this.#store(cell, theirs); // the other tab's code, with the reader's versions this tab could not save
      return;
    }
    const listed = this.versions(cell);
    this.keep(cell, 'tab', mine, TAB);
    this.keep(cell, 'tab', theirs, draft?.tab ?? 'another');
    this.#render(cell);
    // Storage keeps the other tab's code as the draft's code, so that tab sees no change and
    // does not ask back; this tab's code is among the versions, safe if this tab closes now.
    // (Written only when that adds a version, or this tab's last write failed: tabs never answer
    // each other's writes forever.)
    if (this.versions(cell) !== listed || pending) this.#store(cell, theirs);
    cell.setNotice(
      // The chapter's code is never a kept version (Revert brings it back): "both are kept" would be untrue (a red team's).
      `<p><strong>Another tab saved a different version of this cell.</strong> ${mine === cell.original ? 'This tab still shows the chapter’s code; that tab’s is kept below.' : 'This tab still shows yours; both are kept below.'}</p>` +
        '<p class="nb-notice-actions"><button type="button" class="nb-button" data-choice="this-tab">Keep this tab’s version</button> ' +
        '<button type="button" class="nb-button" data-choice="other-tab">Use that tab’s version</button></p>',
      'warn',
    );
    cell.part('[data-choice="this-tab"]')?.addEventListener('click', () => {
      this.save(cell);
      cell.setNotice(null);
    });
    cell.part('[data-choice="other-tab"]')?.addEventListener('click', () => {
      this.use(cell, theirs);
      this.#editedHere.delete(cell); // in step with the other tab again: follow its next saves
    });
  }

  /**
   * The stored draft is not what the book wrote (cut short, broken, a field of the wrong type):
   * read what can be read of it (recoverDraft loads its parser now) and say so; nothing of it goes
   * without a word. Readable code is shown, with the choice to keep it (saved whole from then on)
   * or take the chapter's code (what was read is kept as a version). Code that cannot be read
   * leaves the chapter's code on screen and the stored text itself kept as a version, saved at once
   * with the versions that could be read. If the reader has typed meanwhile, their code stays and
   * what was read is kept as a version. The versions this page already lists stay, with those
   * read added: the damaged text replaced the draft that held them (another tab's or a script's
   * write, after load), so this page's list is the only copy left.
   */
  async #recover(cell: Cell, raw: string) {
    this.#recovered.set(cell, raw);
    const found = await recoverDraft(raw);
    this.#versions.set(cell, found.versions.reduce((kept, version) => withVersion(kept, version, cell.original), [...this.versions(cell)]));
    if (found.code === null) this.keep(cell, 'previous', raw); // the text as stored: all there is of the code
    if (this.#editedHere.has(cell) || cell.code !== cell.original) {
      if (found.code !== null && found.code !== cell.code) this.keep(cell, 'previous', found.code); // on screen already: nothing to keep
      this.save(cell);
      return;
    }
    if (found.code === null || found.code === cell.original) {
      this.save(cell); // written whole: the notice will not come back
      this.#render(cell);
      const kept = this.versions(cell).length > 0;
      const what = found.code === null
        ? `The chapter’s code is shown instead${kept ? '; what was stored is kept below, as it was' : ''}.`
        : `Its code was the chapter’s own${kept ? '; the versions that could be read are kept below' : ''}.`;
      cell.setNotice(`<p><strong>Your saved edit of this cell was damaged in the browser’s storage.</strong> ${escapeHtml(found.problem)}. ${what}</p>`, 'warn');
      return;
    }
    cell.showCode(found.code);
    this.#markShown(cell);
    this.#render(cell);
    this.#showDamaged(cell, found.problem, found.cut);
  }

  /** What #recover shows for code it could read: what was wrong, and the reader's two choices. */
  #showDamaged(cell: Cell, problem: string, cut: boolean) {
    cell.setNotice(
      `<p><strong>Your saved edit of this cell was damaged in the browser’s storage.</strong> ${escapeHtml(problem)}. What could be read of it is shown` +
        `${cut ? ': it may stop short of what you wrote, so check its end before you run it' : '; check it before you run it'}.</p>` +
        '<p class="nb-notice-actions"><button type="button" class="nb-button" data-choice="mine">Keep what was read</button> ' +
        '<button type="button" class="nb-button" data-choice="theirs">Use the chapter’s code</button></p>',
      'warn',
    );
    cell.part('[data-choice="mine"]')?.addEventListener('click', () => {
      this.save(cell); // written whole again: the notice will not come back
      cell.setNotice(null);
    });
    cell.part('[data-choice="theirs"]')?.addEventListener('click', () => {
      this.#replace(cell, cell.original);
      cell.setNotice('Now showing the chapter’s code. What was read of your edit is kept below: <strong>Show your previous version</strong>.', 'info', { untilEdit: true });
    });
  }

  /** The chapter's cell changed since the reader saved a draft of it: say so, show how, offer both. */
  #showChapterChanged(cell: Cell, draft: Draft) {
    // Both sides within what the page lays out quickly (a damaged draft's copy of the chapter's
    // code held the page 17 s here: red team 52), then how many lines are left.
    const lines = diffLines(draft.original, cell.original);
    let left = CODE_VIEW_COST;
    const shownRows: string[] = [];
    for (const line of lines) {
      if (left <= 0) break;
      const text = headWithin(line.text, left);
      left -= layoutCost(text) + 2;
      const rest = restOf(line.text, text);
      const cut = rest && ` ${rest}`;
      shownRows.push(`<span class="nb-diff-${line.kind}">${line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '} ${escapeHtml(text)}${cut}</span>`);
      if (cut) break; // the budget ended inside this line
    }
    if (shownRows.length < lines.length) shownRows.push(`<span>… ${countOf(lines.length - shownRows.length, 'more line')} of changes not shown</span>`);
    const rows = shownRows.join('\n');
    cell.setNotice(
      `<p><strong>This cell changed in the chapter since you edited it.</strong> You are seeing your version. ` +
        `What changed in the chapter's code:</p><pre class="nb-diff" aria-label="Changes to the chapter's code">${rows}</pre>` +
        `<p class="nb-notice-actions"><button type="button" class="nb-button" data-choice="mine">Keep my version</button> ` +
        `<button type="button" class="nb-button" data-choice="theirs">Use the chapter’s new version</button></p>`,
      'warn',
    );
    cell.part('[data-choice="mine"]')?.addEventListener('click', () => {
      this.save(cell); // re-based on the current original: the notice will not come back
      cell.setNotice(null);
    });
    cell.part('[data-choice="theirs"]')?.addEventListener('click', () => {
      this.#replace(cell, cell.original);
      cell.setNotice('Now showing the chapter’s version. Yours is kept below: <strong>Show your previous version</strong>.', 'info', { untilEdit: true });
    });
  }

  /**
   * Saving must not wait for a timer the page may not live to see: pending edits are saved when
   * the tab is hidden (switching apps, closing it on a phone), left or reloaded. Work the browser
   * did not save does not vanish quietly: cells say why, and leaving asks first (the browser's
   * own "Leave site?" question).
   */
  #guardUnsavedWork() {
    watchUnsaved((unsaved) => {
      for (const cell of this.#notebook.runnable) cell.showUnsaved(unsaved);
    });
    window.addEventListener('pagehide', () => this.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    });
    window.addEventListener('beforeunload', (event) => {
      this.flush();
      if (!this.#notebook.runnable.some((cell) => cell.unsavedReason !== null)) return;
      event.preventDefault();
      event.returnValue = ''; // older browsers ask only when this is set
    });
  }

  /** Lists the cell's kept versions under its code, each folded, with "Use this version" and "Forget it". */
  #render(cell: Cell) {
    const versions = this.versions(cell);
    let panel = this.#panels.get(cell);
    if (!panel) {
      if (versions.length === 0) return;
      panel = document.createElement('div');
      panel.className = 'nb-versions';
      panel.dataset.versions = '';
      cell.part('[data-notice]')?.after(panel);
      this.#panels.set(cell, panel);
    }
    const open = new Set([...panel.querySelectorAll<HTMLDetailsElement>('details[open]')].map((d) => this.#codeOf.get(d)));
    panel.hidden = versions.length === 0;
    // Versions whose summaries would read the same (two saves of other tabs in one minute) say
    // their seconds, and are numbered only if those agree too, so a reader can tell them apart
    // without opening each ("1 of 2" and "2 of 2" alone puzzled red team 54).
    const summary = (version: Version, seconds: boolean) => `${versionLabel(version).show} ${when(version.saved, { seconds })}`;
    const alike = (version: Version, seconds: boolean) => versions.filter((v) => summary(v, seconds) === summary(version, seconds));
    panel.replaceChildren(
      ...versions.map((version) => {
        const seconds = alike(version, false).length > 1;
        const same = alike(version, seconds);
        const ordinal = same.length > 1 ? `${same.indexOf(version) + 1} of ${same.length}` : '';
        return this.#versionElement(cell, version, open.has(version.code), { seconds, ordinal });
      }),
    );
    this.#markShown(cell);
  }

  /** One kept version; `seconds` (its time to the second) and `ordinal` ("2 of 3") tell it from others whose summaries read the same. */
  #versionElement(cell: Cell, version: Version, open: boolean, { seconds, ordinal }: { seconds: boolean; ordinal: string }): HTMLElement {
    const { name, show } = versionLabel(version);
    const details = document.createElement('details');
    details.className = 'nb-version';
    details.open = open;
    this.#codeOf.set(details, version.code);
    details.setAttribute('aria-label', name);
    const saved = when(version.saved, { seconds });
    const kept = [saved && `kept ${saved}`, ordinal].filter(Boolean).join(', ');
    // Among an attempt's versions, the one that passed is the one a reader looks for.
    const exercise = cell.exerciseId;
    const passed = exercise !== undefined && passedChecks(cell.chapter, exercise, version.code);
    details.innerHTML =
      `<summary>${escapeHtml(show)}${kept ? ` <span class="nb-version-when">(${escapeHtml(kept)})</span>` : ''}` +
      (passed ? ' <span class="nb-version-passed" data-version-passed>· passed the checks</span>' : '') +
      '</summary><pre class="nb-version-code"></pre>' +
      '<p class="nb-notice-actions"><button type="button" class="nb-button" data-version-use>Use this version</button> ' +
      '<button type="button" class="nb-button" data-version-forget>Forget it</button></p>';
    // As far as it costs the page little to lay out, as the cell's own plain view (cell.ts): a
    // 3.8 KB link's code, opened here, held the page 17 s (red team 52).
    const shown = headWithin(version.code, CODE_VIEW_COST);
    details.querySelector('pre')!.textContent = shown;
    const rest = restOf(version.code, shown);
    if (rest) details.querySelector('pre')!.insertAdjacentHTML('afterend', `<p class="nb-code-rest" data-code-rest>${escapeHtml(rest)}: Use this version to have it all in the editor.</p>`);
    details.querySelector('[data-version-use]')!.addEventListener('click', () => {
      this.use(cell, version.code);
      cell.button('run')?.focus();
    });
    details.querySelector('[data-version-forget]')!.addEventListener('click', () => {
      this.#versions.set(cell, this.versions(cell).filter((v) => v.code !== version.code));
      this.save(cell);
      this.#render(cell);
      cell.button('run')?.focus();
    });
    return details;
  }

  /**
   * Marks the version the cell shows now, which needs no "Use this version". The mark is in the
   * page only on that version, not hidden on the others: the list's text (copied, read without
   * styles, or by a script) names one version as shown, not each.
   */
  #markShown(cell: Cell) {
    const panel = this.#panels.get(cell);
    if (!panel) return;
    for (const details of panel.querySelectorAll<HTMLElement>('details')) {
      const shown = this.#codeOf.get(details) === cell.code;
      const mark = details.querySelector<HTMLElement>('.nb-version-shown');
      if (shown && !mark) {
        const span = document.createElement('span');
        span.className = 'nb-version-shown';
        span.textContent = ' · shown above';
        details.querySelector('summary')!.append(span);
      } else if (!shown) mark?.remove();
      details.querySelector<HTMLElement>('[data-version-use]')!.hidden = shown;
    }
  }
}
