/**
 * One code cell on the page: its element and what it shows. Its state (not run, waiting,
 * running with a countdown, ran, stale, error) and execution count, so hidden or out-of-order
 * state is never hidden; its output, notices and "modified" mark; the code on screen, whether
 * or not its editor has loaded. A cell that goes back to the code its output is for (Revert, or
 * undoing an edit) gets back the state it had: "ran" with its count, or "not run".
 *
 * When cells run is the scheduler's job (scheduler.ts, with the policy in ../schedule.ts); the
 * Notebook (notebook.ts) holds the cells and wires them.
 */
import type { RunState } from '../schedule.ts';
import type { ImportBinding } from '../graph.ts';
import { hashSource } from '../hash.ts';
import { CODE_VIEW_COST, headWithin, restOf } from '../../lib/clip.ts';
import { fitOutput, showOutput } from './output-view.ts';
import { draftKey } from './storage.ts';
import { createSaveNotice, showSaveNotice } from './save-notice.ts';
import { markOutdated } from './outdated.ts';
import { loadEditorModule } from './lazy-modules.ts';
import type { EditorHandle } from './editor.ts';
import type { Notebook } from './notebook.ts';
import type { QueuedCell } from './scheduler.ts';
import type { Allowed } from '../withhold.ts';
import type { CellError } from '../errors.ts';

const STATE_LABEL: Record<RunState, string> = {
  idle: 'not run',
  queued: 'waiting',
  running: 'running',
  ran: 'ran',
  stale: 'stale',
  error: 'error',
};

/** A code cell on the page (components/CodeCell.astro renders its element). */
export class Cell implements QueuedCell {
  readonly el: HTMLElement;
  readonly id: string;
  readonly chapter: string;
  readonly original: string;
  readonly hash: string;
  readonly kind: 'normal' | 'setup' | 'display';
  readonly expectError: boolean;
  /** The attempt cell of an exercise (not one of the chapter's own cells). */
  readonly exercise: boolean;
  /** For an exercise's attempt, the exercise's id. */
  readonly exerciseId: string | undefined;
  /** For an exercise's attempt: the names its runs may not use (src/notebook/withhold.ts). */
  readonly withhold: string[];
  /** For an exercise's attempt: the `nn` exports its runs may use, or undefined for all of `nn`. */
  readonly allow: Allowed | undefined;
  state: RunState = 'idle';
  /** The code the reader sees, whether or not the editor has loaded. */
  code: string;
  /** The code the cell last ran with in the current code runner (null: not run since it started). */
  ranCode: string | null = null;
  /**
   * The code the output on screen came from (null: the chapter's own, shown with the page), to
   * tell when it no longer matches the code. Kept across a restart, which forgets ranCode but
   * leaves the outputs on screen.
   */
  outputCode: string | null = null;
  defines: string[];
  uses: string[];
  /** The names among `defines` its last run bound by import (see graph.ts, dependents). */
  imports: ImportBinding[] = [];
  /** Other cells' names its last run changed in place (CellResult.writes; see graph.ts). */
  writes: string[] = [];
  /** The error of the cell's last run, when that run failed (an exercise names it: the cell above that fails). */
  lastError: CellError | null = null;
  /**
   * The cell whose run or leftover work held the code runner until it was restarted, ending this
   * cell's run or taking it out of the queue (recovery.ts afterRestart); null otherwise. An
   * exercise clears it before its page run and, if that run came to nothing, names this cell
   * instead of a Stop the reader never pressed.
   */
  heldUpBy: Cell | null = null;
  editor: EditorHandle | null = null;
  /** Storage keys holding this cell's work (its draft; an exercise adds its status): their failures show here. */
  readonly storageKeys: string[];
  /** Why this cell's work is not saved, or null when it is. */
  unsavedReason: string | null = null;
  #saveNotice: HTMLElement | null = null;
  #editorLoading: Promise<void> | null = null;
  /** True while the page, not the reader, puts code in the editor: that is not an edit. */
  #settingCode = false;
  /** The state and label the cell had before its code left the code its output is for. */
  #beforeEdit: { state: RunState; label: string } | null = null;
  /** The last code the plain view was worked out for, and its start that the view shows (#plainHead). */
  #plain: { code: string; shown: string } | null = null;
  readonly notebook: Notebook;

  constructor(el: HTMLElement, notebook: Notebook) {
    this.el = el;
    this.notebook = notebook;
    this.id = el.dataset.cellId!;
    this.chapter = el.dataset.chapter!;
    this.original = el.dataset.source ?? '';
    this.hash = el.dataset.hash ?? hashSource(this.original);
    this.kind = (el.dataset.kind as Cell['kind']) ?? 'normal';
    this.expectError = el.dataset.expectError === 'true';
    this.exercise = el.closest('[data-exercise]') !== null;
    const exercise = el.closest<HTMLElement>('[data-exercise]')?.dataset;
    this.withhold = (exercise?.withhold ?? '').split(' ').filter(Boolean);
    this.allow =
      exercise?.allow === undefined
        ? undefined
        : { names: exercise.allow.split(' ').filter(Boolean), said: exercise.allowSaid ?? '' };
    this.exerciseId = exercise?.exerciseId;
    this.code = this.original;
    this.defines = (el.dataset.defines ?? '').split(' ').filter(Boolean);
    this.uses = (el.dataset.uses ?? '').split(' ').filter(Boolean);
    this.storageKeys = [draftKey(this.chapter, this.id)];
  }

  get runnable(): boolean {
    return this.kind !== 'display';
  }

  get modified(): boolean {
    return this.code !== this.original;
  }

  /** Whether the cell has run in the current code runner (see schedule.ts). */
  get hasRun(): boolean {
    return this.ranCode !== null;
  }

  get label(): string {
    return this.el.getAttribute('aria-label') ?? `Cell ${this.id}`;
  }

  part<T extends HTMLElement = HTMLElement>(selector: string): T | null {
    return this.el.querySelector<T>(selector);
  }

  button(action: string): HTMLButtonElement | null {
    return this.part<HTMLButtonElement>(`[data-action="${action}"]`);
  }

  setState(state: RunState, detail = '') {
    this.#beforeEdit = null; // a new state of its own: what it was before an edit no longer applies
    this.#paint(state, detail);
  }

  #paint(state: RunState, detail: string) {
    this.state = state;
    this.el.dataset.state = state;
    const label = this.part('[data-state-label]');
    if (label) label.textContent = detail || STATE_LABEL[state];
    const running = state === 'running' || state === 'queued';
    this.button('run')!.hidden = running;
    this.button('stop')!.hidden = !running;
  }

  /**
   * Says whether timers this cell set still wait to run in the worker after its run (an interval
   * ticks on unseen otherwise, a red team's find: a core kept busy, and no Stop), with a button
   * that stops them. While the cell runs, its Stop says it all (the stylesheet hides this).
   */
  showTimers(live: boolean) {
    const timers = this.part('[data-timers]');
    if (timers) timers.hidden = !live;
  }

  setCount(count: number) {
    const el = this.part('[data-count]');
    if (el) el.textContent = ` [${count}]`;
  }

  setOutput(html: string) {
    const output = this.part('[data-output]');
    if (output) showOutput(output, html);
    this.markOutput(false);
  }

  /** Puts `html` above what the output shows (type errors that arrive after the run's output). */
  prependOutput(html: string) {
    const output = this.part('[data-output]');
    if (!output || !html) return;
    output.insertAdjacentHTML('afterbegin', html);
    fitOutput(output);
  }

  /**
   * A message in the cell's notice area (HTML built by the caller from escaped parts). Every
   * notice goes when the cell runs; one that only says where the code on screen came from
   * (`untilEdit`: another tab, a shared link, a restored draft) goes as soon as the reader edits
   * that code, since it is then no longer so.
   */
  setNotice(html: string | null, tone: 'info' | 'warn' | 'error' = 'info', { untilEdit = false } = {}) {
    const notice = this.part('[data-notice]')!;
    notice.hidden = html === null;
    notice.className = `nb-notice nb-notice-${tone}`;
    notice.innerHTML = html ?? '';
    if (untilEdit && html !== null) notice.dataset.untilEdit = '';
    else delete notice.dataset.untilEdit;
  }

  /**
   * Shows, or with null removes, the word that the page this cell last ran in closed mid-run
   * (crashed-runs.ts). An element of its own above the notice: the notice may hold what the
   * drafts say about the code on screen (a chapter changed since, a damaged draft and its two
   * choices), which this must not replace.
   */
  setCrashedRun(html: string | null) {
    this.part('[data-crashed-run]')?.remove();
    if (html === null) return;
    const note = document.createElement('div');
    note.className = 'nb-notice nb-notice-warn';
    note.dataset.crashedRun = '';
    note.setAttribute('role', 'status');
    note.innerHTML = html;
    this.part('[data-notice]')?.before(note);
  }

  /**
   * Shows code that differs from what is on screen (a draft, a shared link, a revert, another
   * tab). It is not a reader's edit: nothing is saved and no "nb-edit" fires; callers save.
   * Fires "nb-code-shown" when the code changes, so that what is about the code on screen (an
   * exercise's badge and results) follows it whatever put it there.
   */
  showCode(code: string) {
    const changed = code !== this.code;
    this.code = code;
    if (this.editor) {
      if (this.editor.getCode() !== code) {
        this.#settingCode = true;
        try {
          this.editor.setCode(code);
        } finally {
          this.#settingCode = false;
        }
      }
    } else {
      const pre = this.part('[data-code] pre');
      // Until the editor loads, show the text plainly; the editor re-highlights it.
      if (pre && code !== this.original) this.#showPlainly(pre, code);
      else if (pre && code === this.original) void this.loadEditor();
    }
    this.refreshModified();
    if (changed) this.el.dispatchEvent(new CustomEvent('nb-code-shown', { bubbles: true }));
  }

  refreshModified() {
    const modified = this.modified;
    this.part('[data-modified]')!.hidden = !modified;
    this.button('revert')!.hidden = !modified;
    this.el.classList.toggle('nb-is-modified', modified);
    const outputIsFor = this.outputCode ?? this.original;
    this.markOutput(this.code !== outputIsFor && this.state !== 'running');
    if (this.code !== outputIsFor) {
      if (this.#beforeEdit || !(this.state === 'ran' || this.state === 'error' || this.state === 'idle')) return;
      const before = {
        state: this.state,
        label: this.part('[data-state-label]')?.textContent ?? STATE_LABEL[this.state],
      };
      if (this.state === 'idle') this.#paint('idle', 'edited, not run');
      else this.#paint('stale', 'edited since it ran');
      this.#beforeEdit = before;
    } else if (this.#beforeEdit) {
      // Back to the code the output is for (Revert, undo): the output is current again.
      const { state, label } = this.#beforeEdit;
      this.#beforeEdit = null;
      this.#paint(state, label);
    }
  }

  /**
   * An output under code that is not the code that made it (an edit, a restored draft, a shared
   * link) says so above it and is marked, until the cell runs: it must never pass for the
   * result of the code on screen.
   */
  markOutput(outdated: boolean) {
    const output = this.part('[data-output]');
    if (!output) return;
    // The chapter's output, shown with the page, is never the reader's earlier code's: after a
    // reload, an edit the reader ran showed "Output of the previous code" above what the
    // chapter's code gives (red team 35).
    const chapters = this.outputCode === null || this.outputCode === this.original;
    // An empty output is no one's: a playground cell restored with its code said "Output of the
    // chapter's code" above nothing.
    const empty = !output.firstElementChild && !output.textContent?.trim();
    markOutdated(this.el, output, outdated && !empty, {
      text: `${chapters ? 'Output of the chapter’s code, not of the code above' : 'Output of the previous code'}. Run the cell to see what this code gives.`,
      where: 'before',
      dataKey: 'outdatedNote',
      ownerClass: 'nb-output-outdated',
    });
  }

  /** Called on every edit the reader makes: remember the code, save it soon. */
  edited(code: string) {
    this.code = code;
    if (this.part('[data-notice]')?.dataset.untilEdit !== undefined) this.setNotice(null);
    this.el.dispatchEvent(new CustomEvent('nb-edit', { bubbles: true }));
    this.refreshModified();
    this.notebook.drafts.edited(this);
  }

  /** Shows or clears the "not saving" notice, given every unsaved storage key and its reason. */
  showUnsaved(unsaved: ReadonlyMap<string, string>) {
    const key = this.storageKeys.find((k) => unsaved.has(k));
    this.unsavedReason = key === undefined ? null : unsaved.get(key)!;
    if (!this.#saveNotice) {
      const notice = this.part('[data-notice]');
      if (!notice) return;
      this.#saveNotice = createSaveNotice(notice);
    }
    showSaveNotice(this.#saveNotice, this.unsavedReason);
  }

  /**
   * Whether the cell's code costs more to lay out than its plain view shows (CODE_VIEW_COST):
   * its editor then loads only when the reader clicks or focuses the code (lazy-editors.ts).
   */
  get costly(): boolean {
    return this.code !== this.original && this.#plainHead(this.code).length < this.code.length;
  }

  /** The start of `code` the plain view shows (headWithin), kept for the last code asked about: costly and #showPlainly ask of the same code. */
  #plainHead(code: string): string {
    if (this.#plain?.code !== code) this.#plain = { code, shown: headWithin(code, CODE_VIEW_COST) };
    return this.#plain.shown;
  }

  /**
   * `code` in the plain view shown until the editor loads, as far as it costs the page little to
   * lay out (headWithin), with a note of the rest: the editor lays out only the lines in view,
   * a <pre> all of them, and a link's 408 KB of Hebrew alternating with digits held the page for
   * 81 s at each visit (red team 49). The note goes with the plain view when the editor loads.
   */
  #showPlainly(pre: HTMLElement, code: string) {
    const shown = this.#plainHead(code);
    pre.textContent = shown;
    const rest = restOf(code, shown);
    let note = this.part<HTMLElement>('[data-code] [data-code-rest]');
    if (!rest) return note?.remove();
    if (!note) {
      note = document.createElement('p');
      note.className = 'nb-code-rest';
      note.dataset.codeRest = '';
      pre.after(note);
    }
    note.textContent = `${rest}: click the code to open it all in the editor, which may hold the page a few seconds to lay it out.`;
  }

  loadEditor(focus = false): Promise<void> {
    if (this.editor || !this.runnable) {
      if (focus) this.editor?.focus();
      return Promise.resolve();
    }
    this.#editorLoading ??= loadEditorModule()
      .then(({ createEditor }) => {
        const host = this.part('[data-code]')!;
        const pre = host.querySelector('pre');
        const mount = document.createElement('div');
        mount.className = 'nb-editor';
        // The editor keeps the server copy's height (the same lines, font and gutter), clipped,
        // until CodeMirror has measured it on screen: its estimate before that is too tall
        // (editor.ts, `measured`), and the page below would jump under the reader. Without
        // scroll anchoring (Safari) even an editor loading above the window moves what the
        // reader is pointing at: in WebKit a press of the digits trainer's Train, just after
        // the scroll that loaded the editors of the cells above it, landed on its title.
        const height = pre?.getBoundingClientRect().height ?? 0;
        if (height > 0) {
          mount.style.height = `${height}px`;
          mount.style.overflow = 'clip';
        }
        this.editor = createEditor(mount, {
          code: this.code,
          label: `Code of ${this.label.toLowerCase()}`,
          onChange: (code) => {
            if (this.#settingCode) this.code = code;
            else this.edited(code);
          },
          onRun: () => void this.notebook.run(this),
          onEscape: () => this.button('run')?.focus(),
          assist: () => this.notebook.typeCheck.assist(this),
        });
        host.replaceChildren(mount);
        void this.editor.measured.then(() => {
          mount.style.height = '';
          mount.style.overflow = '';
        });
      })
      .catch(() => {
        this.setNotice(
          'The editor could not be loaded. Check your connection and reload the page; the code above still runs.',
          'warn',
        );
      });
    return this.#editorLoading.then(() => {
      if (focus) this.editor?.focus();
    });
  }
}
