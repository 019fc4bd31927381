/**
 * The page notebook: every code cell on a page, their state, and the order they run in.
 *
 * What the reader sees, and the rules behind it (ANCHORS.md lists the complaints these answer):
 * - Each cell shows its state: not run, waiting, running (with a countdown), ran, stale, error,
 *   and an execution count, so hidden or out-of-order state is never hidden.
 * - Running a cell first runs the cells above it that have not run (setup cells first), so a
 *   reader may start in the middle. When a cell reruns, the cells below that use a name it
 *   defines rerun too, as in Observable.
 * - A run that passes the time limit, or that the reader stops, restarts the kernel; every cell
 *   that had run is marked stale and one click reruns them.
 * - A cell that goes back to the code its output is for (Revert, or undoing an edit) gets back
 *   the state it had: "ran" with its count, or "not run".
 * - Edits, their versions and other tabs are drafts.ts's job; shared links are shared-link.ts's;
 *   copying is copy.ts's.
 */
// Only light modules here: this file is in every chapter's first-load JavaScript, so the
// compiler (sucrase, acorn) stays in the worker.
import { dependents } from '../graph.ts';
import { renderCellOutput, escapeHtml } from '../display.ts';
import type { ChartSanitizer } from '../sanitize.ts';
import type { CellResult } from '../kernel.ts';
import { hashSource } from '../hash.ts';
import { KernelClient, type RunOutcome } from './kernel-client.ts';
import { draftKey } from './storage.ts';
import { createSaveNotice, showSaveNotice } from './save-notice.ts';
import { Drafts } from './drafts.ts';
import { applySharedLink, copyLink } from './shared-link.ts';
import { copyCode, registerCopyable, startCopying } from './copy.ts';
import type { EditorHandle } from './editor.ts';

type State = 'idle' | 'queued' | 'running' | 'ran' | 'stale' | 'error';

const STATE_LABEL: Record<State, string> = {
  idle: 'not run',
  queued: 'waiting',
  running: 'running',
  ran: 'ran',
  stale: 'stale',
  error: 'error',
};

let editorModule: Promise<typeof import('./editor.ts')> | null = null;
const loadEditor = () => (editorModule ??= import('./editor.ts'));

// The chart sanitiser (DOMPurify) is needed only once a cell has run, so it loads then, beside
// the run, and stays out of the page's first load.
let sanitizerModule: Promise<ChartSanitizer> | null = null;
const loadSanitizer = () => (sanitizerModule ??= import('../sanitize.ts').then((m) => m.createChartSanitizer(window)));

/** The sanitiser, or if it cannot load, one that shows why in place of the chart (and a retry next run). */
async function chartSanitizer(): Promise<ChartSanitizer> {
  try {
    return await loadSanitizer();
  } catch (error) {
    sanitizerModule = null;
    const message = `The chart is not shown: its sanitiser could not load (${(error as Error).message}). Run the cell again.`;
    return () => `<p class="nb-error-title">${escapeHtml(message)}</p>`;
  }
}

export class Cell {
  readonly el: HTMLElement;
  readonly id: string;
  readonly chapter: string;
  readonly original: string;
  readonly hash: string;
  readonly kind: 'normal' | 'setup' | 'display';
  readonly expectError: boolean;
  state: State = 'idle';
  /** The code the reader sees, whether or not the editor has loaded. */
  code: string;
  /** The code the cell last ran with, to tell when its output no longer matches. */
  ranCode: string | null = null;
  defines: string[];
  uses: string[];
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
  #beforeEdit: { state: State; label: string } | null = null;
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

  get label(): string {
    return this.el.getAttribute('aria-label') ?? `Cell ${this.id}`;
  }

  part<T extends HTMLElement = HTMLElement>(selector: string): T | null {
    return this.el.querySelector<T>(selector);
  }

  button(action: string): HTMLButtonElement | null {
    return this.part<HTMLButtonElement>(`[data-action="${action}"]`);
  }

  setState(state: State, detail = '') {
    this.#beforeEdit = null; // a new state of its own: what it was before an edit no longer applies
    this.#paint(state, detail);
  }

  #paint(state: State, detail: string) {
    this.state = state;
    this.el.dataset.state = state;
    const label = this.part('[data-state-label]');
    if (label) label.textContent = detail || STATE_LABEL[state];
    const running = state === 'running' || state === 'queued';
    this.button('run')!.hidden = running;
    this.button('stop')!.hidden = !running;
  }

  setCount(count: number) {
    const el = this.part('[data-count]');
    if (el) el.textContent = ` [${count}]`;
  }

  setOutput(html: string) {
    const output = this.part('[data-output]');
    if (output) output.innerHTML = html;
  }

  /** A message in the cell's notice area (HTML built by the caller from escaped parts). */
  setNotice(html: string | null, tone: 'info' | 'warn' | 'error' = 'info') {
    const notice = this.part('[data-notice]')!;
    notice.hidden = html === null;
    notice.className = `nb-notice nb-notice-${tone}`;
    notice.innerHTML = html ?? '';
  }

  /**
   * Shows code that differs from what is on screen (a draft, a shared link, a revert, another
   * tab). It is not a reader's edit: nothing is saved and no "nb-edit" fires; callers save.
   */
  showCode(code: string) {
    this.code = code;
    if (this.editor) {
      if (this.editor.getCode() !== code) {
        this.#settingCode = true;
        try { this.editor.setCode(code); } finally { this.#settingCode = false; }
      }
    } else {
      const pre = this.part('[data-code] pre');
      // Until the editor loads, show the text plainly; the editor re-highlights it.
      if (pre && code !== this.original) pre.textContent = code;
      else if (pre && code === this.original) void this.loadEditor();
    }
    this.refreshModified();
  }

  refreshModified() {
    const modified = this.modified;
    this.part('[data-modified]')!.hidden = !modified;
    this.button('revert')!.hidden = !modified;
    this.el.classList.toggle('nb-is-modified', modified);
    const outputIsFor = this.ranCode ?? this.original;
    if (this.code !== outputIsFor) {
      if (this.#beforeEdit || !(this.state === 'ran' || this.state === 'error' || this.state === 'idle')) return;
      const before = { state: this.state, label: this.part('[data-state-label]')?.textContent ?? STATE_LABEL[this.state] };
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

  /** Called on every edit the reader makes: remember the code, save it soon. */
  edited(code: string) {
    this.code = code;
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

  loadEditor(focus = false): Promise<void> {
    if (this.editor || !this.runnable) {
      if (focus) this.editor?.focus();
      return Promise.resolve();
    }
    this.#editorLoading ??= loadEditor().then(({ createEditor }) => {
      const host = this.part('[data-code]')!;
      const pre = host.querySelector('pre');
      const mount = document.createElement('div');
      mount.className = 'nb-editor';
      // Keep the height while swapping, so the page does not jump under the reader.
      if (pre) mount.style.minHeight = `${pre.getBoundingClientRect().height}px`;
      this.editor = createEditor(mount, {
        code: this.code,
        label: `Code of ${this.label.toLowerCase()}`,
        onChange: (code) => {
          if (this.#settingCode) this.code = code;
          else this.edited(code);
        },
        onRun: () => void this.notebook.run(this),
        onEscape: () => this.button('run')?.focus(),
      });
      host.replaceChildren(mount);
      requestAnimationFrame(() => { mount.style.minHeight = ''; });
    }).catch(() => {
      this.setNotice('The editor could not be loaded. Check your connection and reload the page; the code above still runs.', 'warn');
    });
    return this.#editorLoading.then(() => { if (focus) this.editor?.focus(); });
  }
}

export class Notebook {
  readonly cells: Cell[];
  readonly kernel: KernelClient;
  /** The reader's edits: saved, restored, kept in step with other tabs. */
  readonly drafts = new Drafts(this);
  #count = 0;
  #running: Cell | null = null;
  #queue: Promise<void> = Promise.resolve();
  #cancelled = false;

  constructor(root: ParentNode = document, kernel?: KernelClient) {
    this.cells = [...root.querySelectorAll<HTMLElement>('[data-cell]')].map((el) => new Cell(el, this));
    this.kernel = kernel ?? new KernelClient({
      onTick: (remaining) => this.#running?.setState('running', `running… stops in ${Math.ceil(remaining / 1000)} s`),
    });
  }

  get runnable(): Cell[] {
    return this.cells.filter((c) => c.runnable);
  }

  find(id: string): Cell | undefined {
    return this.cells.find((c) => c.id === id);
  }

  /** Wires buttons, restores drafts and shared code, and arranges for editors to load. */
  start() {
    document.documentElement.classList.add('nb-ready');
    startCopying();
    for (const cell of this.cells) this.#wireCopy(cell);
    for (const cell of this.runnable) this.#wire(cell);
    this.drafts.start();
    applySharedLink(this);
    // A link pasted into the address bar of this very page changes only the hash.
    window.addEventListener('hashchange', () => applySharedLink(this));
    this.observeForEditors();
  }

  /** Adds a cell created after the page loaded (the playground's "Add cell"). */
  addCell(el: HTMLElement): Cell {
    const cell = new Cell(el, this);
    this.cells.push(cell);
    this.#wireCopy(cell);
    this.#wire(cell);
    return cell;
  }

  /** Removes a cell and its draft; the names it defined stay in the kernel until it restarts. */
  removeCell(cell: Cell) {
    this.cells.splice(this.cells.indexOf(cell), 1);
    this.drafts.forget(cell);
    cell.el.remove();
  }

  /** Goes back to the chapter's code (the reader's is kept as "your previous version"). */
  revert(cell: Cell) {
    this.drafts.revert(cell);
  }

  /** Every cell, code samples too, copies its code: with its Copy button, or selected with the text around it. */
  #wireCopy(cell: Cell) {
    registerCopyable(cell);
    const status = cell.part('[data-copy-status]');
    cell.button('copy')?.addEventListener('click', () => void copyCode(cell, status));
  }

  #wire(cell: Cell) {
    cell.button('run')?.addEventListener('click', () => void this.run(cell));
    cell.button('stop')?.addEventListener('click', () => this.kernel.stop());
    cell.button('revert')?.addEventListener('click', () => this.revert(cell));
    cell.button('share')?.addEventListener('click', () => void copyLink(this, cell));
    cell.part('[data-code]')?.addEventListener('focusin', () => void cell.loadEditor(true));
    cell.part('[data-code]')?.addEventListener('pointerdown', () => void cell.loadEditor(true));
    // A reader about to run or edit a cell: start the code runner now, so the run does not wait
    // for it. (Only on such intent: a page that is only read never loads the runner.)
    const warm = () => void this.kernel.start().catch(() => { /* reported on the run */ });
    cell.button('run')?.addEventListener('pointerenter', warm, { once: true });
    cell.button('run')?.addEventListener('focus', warm, { once: true });
    cell.part('[data-code]')?.addEventListener('focusin', warm, { once: true });
  }

  /** A message above the page's first cell (HTML built by the caller from escaped parts). */
  pageNotice(html: string, tone: 'info' | 'warn') {
    const first = this.runnable[0];
    if (!first) return;
    let banner = document.querySelector<HTMLElement>('[data-notebook-banner]');
    if (!banner) {
      banner = document.createElement('div');
      banner.dataset.notebookBanner = '';
      banner.setAttribute('role', 'status');
      first.el.before(banner);
    }
    banner.className = `nb-banner nb-notice-${tone}`;
    banner.innerHTML = `<p>${html}</p>`;
  }

  /**
   * Editors load for cells near the viewport, but only once the reader has done something
   * (scrolled, pointed, touched, pressed a key): a page that is only read never pays for
   * CodeMirror, and by the time a reader reaches a cell its editor is ready. Focusing or
   * clicking a cell loads its editor at once (see #wire).
   */
  observeForEditors() {
    if (!('IntersectionObserver' in window)) return;
    const events = ['scroll', 'pointermove', 'pointerdown', 'touchstart', 'keydown'] as const;
    const begin = () => {
      for (const type of events) window.removeEventListener(type, begin, true);
      this.#observeNearViewport();
    };
    for (const type of events) window.addEventListener(type, begin, { capture: true, passive: true });
  }

  #observeNearViewport() {
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        this.cells.find((c) => c.el === entry.target)?.loadEditor();
      }
    }, { rootMargin: '400px 0px' });
    for (const cell of this.runnable) observer.observe(cell.el);
  }

  /** Runs a cell and what it needs, then the cells that depend on it. Runs are serialised. */
  run(target: Cell): Promise<void> {
    if (this.#running === target || target.state === 'queued') return this.#queue;
    this.#queue = this.#queue.then(() => this.#runWithNeeds(target));
    return this.#queue;
  }

  /** Runs the given cells in page order (the "rerun all that need it" button). */
  runAll(cells: Cell[]): Promise<void> {
    this.#queue = this.#queue.then(async () => {
      this.#cancelled = false; // a new request from the reader: an earlier Stop no longer applies
      for (const cell of cells) {
        if (!(await this.#execute(cell))) break;
      }
    });
    return this.#queue;
  }

  /**
   * Runs an exercise's checks in the same kernel, after whatever is queued: `check` is in scope
   * for that run alone, and the result carries the verdicts. It defines nothing the page tracks.
   */
  runChecks(id: string, source: string, attempt: string): Promise<RunOutcome> {
    const outcome = this.#queue.then(async (): Promise<RunOutcome> => {
      try {
        // The cells above the attempt run again first, as they last ran, so the checks compare
        // with the chapter's own values made afresh, not with objects the attempt may have
        // changed in place. Their outputs on the page stay as they are: the code is the same.
        const runnable = this.runnable;
        const index = runnable.findIndex((c) => c.id === attempt);
        const above = runnable.slice(0, index < 0 ? runnable.length : index).filter((c) => c.ranCode !== null);
        for (const cell of [...above.filter((c) => c.kind === 'setup'), ...above.filter((c) => c.kind !== 'setup')]) {
          const rerun = await this.kernel.run(cell.id, cell.ranCode!, { quiet: true });
          if (rerun.kind === 'stopped') return rerun;
        }
        return await this.kernel.run(id, source, { checks: true, attempt });
      } catch (error) {
        return { kind: 'stopped', reason: 'crash', message: `The code runner could not start: ${(error as Error).message}` };
      }
    });
    this.#queue = outcome.then(() => undefined);
    return outcome;
  }

  async #runWithNeeds(target: Cell) {
    this.#cancelled = false;
    const runnable = this.runnable;
    const index = runnable.indexOf(target);
    const needsRun = (c: Cell) => c.state === 'idle' || c.state === 'stale';
    const setup = runnable.filter((c) => c.kind === 'setup' && c !== target && needsRun(c));
    const above = runnable.slice(0, index).filter((c) => c.kind !== 'setup' && needsRun(c));
    const plan = [...setup, ...above];
    for (const cell of plan) cell.setState('queued', 'waiting: runs first');
    target.setState('queued');
    for (const cell of plan) {
      const ok = await this.#execute(cell);
      if (!ok) {
        for (const c of plan) if (c.state === 'queued') c.setState('idle');
        target.setState(target.ranCode === null ? 'idle' : 'stale', 'not run');
        if (!this.#cancelled) {
          target.setNotice(`Not run: <a href="#cell-${escapeHtml(cell.id)}">${escapeHtml(cell.label)}</a> above it, which it may need, failed. Fix that cell first.`, 'warn');
        }
        return;
      }
    }
    const ok = await this.#execute(target);
    if (!ok || this.#cancelled) return;
    // Reactive rerun: cells below that use what this cell defines, and that the reader has
    // already run (a cell the reader has not reached yet stays as it is).
    const order = runnable.map((c) => ({ id: c.id, defines: c.defines, uses: c.uses }));
    for (const id of dependents(order, target.id)) {
      const cell = this.find(id)!;
      if (cell.ranCode === null) continue;
      cell.setState('stale', 'rerunning: uses a changed name');
    }
    for (const id of dependents(order, target.id)) {
      const cell = this.find(id)!;
      if (cell.state !== 'stale') continue;
      if (!(await this.#execute(cell))) break;
    }
  }

  /** Runs one cell in the kernel; true if it ran (even with an error the reader should see). */
  async #execute(cell: Cell): Promise<boolean> {
    if (this.#cancelled) return false;
    const code = cell.code;
    cell.setNotice(null);
    cell.setState('running');
    this.#running = cell;
    const sanitizer = chartSanitizer();
    let outcome: RunOutcome;
    try {
      outcome = await this.kernel.run(cell.id, code);
    } catch (error) {
      outcome = { kind: 'stopped', reason: 'crash', message: `The code runner could not start: ${(error as Error).message}` };
    }
    this.#running = null;
    if (outcome.kind === 'stopped') {
      this.#cancelled = true;
      this.afterRestart(cell, outcome.message);
      return false;
    }
    this.#count += 1;
    this.#show(cell, outcome.result, code, await sanitizer);
    // A cell meant to show an error has done its job when it fails.
    return outcome.result.status === 'ok' || cell.expectError;
  }

  #show(cell: Cell, result: CellResult, code: string, sanitizeChart: ChartSanitizer) {
    cell.ranCode = code;
    // A cell with a syntax error reports no names; keep what it had, so dependents still link.
    if (result.status === 'ok' || result.defines.length || result.uses.length) {
      cell.defines = result.defines;
      cell.uses = result.uses;
    }
    const html = renderCellOutput(result, sanitizeChart);
    cell.setOutput(html || '<p class="nb-empty">(no output)</p>');
    cell.setCount(this.#count);
    const seconds = result.durationMs >= 1000 ? ` in ${(result.durationMs / 1000).toFixed(1)} s` : '';
    cell.setState(result.status === 'ok' ? 'ran' : 'error', result.status === 'ok' ? `ran${seconds}` : 'error');
    if (cell.code !== code) cell.refreshModified();
  }

  /** The kernel was replaced: everything it knew is gone. Say so, and offer one-click recovery. */
  afterRestart(stopped: Cell, message: string) {
    const lost = this.runnable.filter((c) => c !== stopped && c.ranCode !== null && (c.state === 'ran' || c.state === 'error' || c.state === 'stale'));
    for (const cell of this.runnable) {
      if (cell.state === 'queued') cell.setState(cell.ranCode === null ? 'idle' : 'stale');
    }
    for (const cell of lost) cell.setState('stale', 'stale: kernel restarted');
    stopped.setState('error', 'stopped');
    stopped.setOutput(`<div class="nb-error"><p class="nb-error-title">${escapeHtml(message)}</p></div>`);
    const rerun = [...lost];
    // The output says why it stopped; the notice says what that cost and how to recover.
    const detail = rerun.length
      ? `The code runner was restarted, so the names defined by the ${rerun.length} ${rerun.length === 1 ? 'cell' : 'cells'} that had run are gone.` +
        ` <button type="button" class="nb-button" data-rerun>Rerun ${rerun.length === 1 ? 'it' : `those ${rerun.length} cells`}</button>`
      : 'The code runner was restarted; nothing else had run yet.';
    stopped.setNotice(detail, 'warn');
    stopped.part('[data-rerun]')?.addEventListener('click', () => {
      stopped.setNotice(null);
      void this.runAll(rerun);
    });
  }
}
