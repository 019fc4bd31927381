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
 * - Edits are saved as you type; a "modified" mark and Revert; a notice with a diff when the
 *   chapter's cell changed since the draft was saved; shared links load code and run nothing.
 * - When the browser stops saving (storage full or blocked), each cell with unsaved work says so
 *   until a save succeeds, offers its work as a file, and leaving the page asks first.
 */
// Only light modules here: this file is in every chapter's first-load JavaScript, so the
// compiler (sucrase, acorn) stays in the worker.
import { dependents } from '../graph.ts';
import { renderCellOutput, escapeHtml } from '../render.ts';
import { showOutput } from './output-view.ts';
import type { ChartSanitizer } from '../sanitize.ts';
import type { CellResult } from '../kernel.ts';
import { hashSource } from '../hash.ts';
import { KernelClient, type RunOutcome } from './kernel-client.ts';
import { draftKey, loadDraft, removeDraft, saveDraft, watchUnsaved, type Draft } from './storage.ts';
import { createSaveNotice, showSaveNotice } from './save-notice.ts';
import { diffLines } from './diff.ts';
import { decodeCells, encodeCells, MAX_LINK_LENGTH } from './share.ts';
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
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #savePending = false;
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
    if (output) showOutput(output, html);
  }

  /** A message in the cell's notice area (HTML built by the caller from escaped parts). */
  setNotice(html: string | null, tone: 'info' | 'warn' | 'error' = 'info') {
    const notice = this.part('[data-notice]')!;
    notice.hidden = html === null;
    notice.className = `nb-notice nb-notice-${tone}`;
    notice.innerHTML = html ?? '';
  }

  /** Shows code that differs from what is on screen (a draft, a shared link, a revert). */
  showCode(code: string) {
    this.code = code;
    if (this.editor) {
      if (this.editor.getCode() !== code) this.editor.setCode(code);
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
    if (this.state === 'ran' || this.state === 'error' || this.state === 'idle') {
      const outputIsFor = this.ranCode ?? this.original;
      if (this.code !== outputIsFor) this.setState(this.state === 'idle' ? 'idle' : 'stale', this.state === 'idle' ? 'edited, not run' : 'edited since it ran');
    }
  }

  /** Called on every edit: remember the code, save it soon. */
  edited(code: string) {
    this.code = code;
    this.el.dispatchEvent(new CustomEvent('nb-edit', { bubbles: true }));
    this.refreshModified();
    clearTimeout(this.#saveTimer);
    this.#savePending = true;
    this.#saveTimer = setTimeout(() => this.save(), 250);
  }

  /** Saves now an edit still waiting for its timer (the page is being left). */
  flushSave() {
    if (this.#savePending) this.save();
  }

  /** Saves the draft; a failure shows in the cell's notice (see showUnsaved), which stays until a save succeeds. */
  save() {
    clearTimeout(this.#saveTimer);
    this.#savePending = false;
    if (!this.modified) {
      removeDraft(this.chapter, this.id);
      return;
    }
    const draft: Draft = { code: this.code, base: this.hash, original: this.original, saved: new Date().toISOString() };
    saveDraft(this.chapter, this.id, draft);
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
        onChange: (code) => this.edited(code),
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
    for (const cell of this.runnable) {
      this.#wire(cell);
      this.restoreDraft(cell);
    }
    this.applySharedLink();
    this.observeForEditors();
    this.guardUnsavedWork();
  }

  /**
   * Work the browser did not save must not vanish quietly: cells show why, an edit still
   * waiting for its save timer is saved when the page is left, and leaving while work is
   * unsaved asks first (the browser's own "Leave site?" question).
   */
  guardUnsavedWork() {
    watchUnsaved((unsaved) => {
      for (const cell of this.runnable) cell.showUnsaved(unsaved);
    });
    window.addEventListener('pagehide', () => {
      for (const cell of this.runnable) cell.flushSave();
    });
    window.addEventListener('beforeunload', (event) => {
      if (!this.runnable.some((cell) => cell.unsavedReason !== null)) return;
      event.preventDefault();
      event.returnValue = ''; // older browsers ask only when this is set
    });
  }

  /** Adds a cell created after the page loaded (the playground's "Add cell"). */
  addCell(el: HTMLElement): Cell {
    const cell = new Cell(el, this);
    this.cells.push(cell);
    this.#wire(cell);
    return cell;
  }

  /** Removes a cell; the names it defined stay in the kernel until it restarts. */
  removeCell(cell: Cell) {
    this.cells.splice(this.cells.indexOf(cell), 1);
    removeDraft(cell.chapter, cell.id);
    cell.el.remove();
  }

  #wire(cell: Cell) {
    cell.button('run')?.addEventListener('click', () => void this.run(cell));
    cell.button('stop')?.addEventListener('click', () => this.kernel.stop());
    cell.button('revert')?.addEventListener('click', () => this.revert(cell));
    cell.button('share')?.addEventListener('click', () => void this.copyLink(cell));
    cell.part('[data-code]')?.addEventListener('focusin', () => void cell.loadEditor(true));
    cell.part('[data-code]')?.addEventListener('pointerdown', () => void cell.loadEditor(true));
    // A reader about to run or edit a cell: start the code runner now, so the run does not wait
    // for it. (Only on such intent: a page that is only read never loads the runner.)
    const warm = () => void this.kernel.start().catch(() => { /* reported on the run */ });
    cell.button('run')?.addEventListener('pointerenter', warm, { once: true });
    cell.button('run')?.addEventListener('focus', warm, { once: true });
    cell.part('[data-code]')?.addEventListener('focusin', warm, { once: true });
  }

  restoreDraft(cell: Cell) {
    const draft = loadDraft(cell.chapter, cell.id);
    if (!draft || draft.code === cell.original) return;
    cell.showCode(draft.code);
    if (draft.base !== cell.hash) this.showChapterChanged(cell, draft);
    else cell.setNotice('Showing your saved edit. <strong>Revert</strong> brings back the chapter’s code.');
  }

  /** The chapter's cell changed since the reader saved a draft of it: say so, show how, offer both. */
  showChapterChanged(cell: Cell, draft: Draft) {
    const rows = diffLines(draft.original, cell.original)
      .map((line) => `<span class="nb-diff-${line.kind}">${line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '} ${escapeHtml(line.text)}</span>`)
      .join('\n');
    cell.setNotice(
      `<p><strong>This cell changed in the chapter since you edited it.</strong> You are seeing your version. ` +
        `What changed in the chapter's code:</p><pre class="nb-diff" aria-label="Changes to the chapter's code">${rows}</pre>` +
        `<p class="nb-notice-actions"><button type="button" class="nb-button" data-choice="mine">Keep my version</button> ` +
        `<button type="button" class="nb-button" data-choice="theirs">Use the chapter’s new version</button></p>`,
      'warn',
    );
    cell.part('[data-choice="mine"]')?.addEventListener('click', () => {
      cell.save(); // re-based on the current original: the notice will not come back
      cell.setNotice(null);
    });
    cell.part('[data-choice="theirs"]')?.addEventListener('click', () => {
      // Keep the reader's version one step away, never lost: it is shown for copying.
      cell.showCode(cell.original);
      removeDraft(cell.chapter, cell.id);
      cell.setNotice(
        `<p>Now showing the chapter’s version. Your previous code, to copy if you need it:</p>` +
          `<pre class="nb-diff">${escapeHtml(draft.code)}</pre>`,
      );
    });
  }

  revert(cell: Cell) {
    cell.showCode(cell.original);
    removeDraft(cell.chapter, cell.id);
    cell.setNotice(null);
    cell.button('run')?.focus();
  }

  applySharedLink() {
    let shared: Record<string, string> | null;
    try {
      shared = decodeCells(location.hash);
    } catch (error) {
      this.pageNotice(`This link was meant to share edited code, but ${escapeHtml((error as Error).message)}. The chapter’s own code is shown.`, 'warn');
      return;
    }
    if (!shared) return;
    const applied: Cell[] = [];
    const unknown: string[] = [];
    for (const [id, code] of Object.entries(shared)) {
      const cell = this.find(id);
      if (!cell || !cell.runnable) { unknown.push(id); continue; }
      cell.showCode(code);
      cell.setNotice('This cell shows code from a shared link. Nothing has run.');
      applied.push(cell);
    }
    if (applied.length === 0) {
      this.pageNotice('This link shares edited code for cells that are no longer on this page; the chapter’s own code is shown.', 'warn');
      return;
    }
    this.pageNotice(
      `Opened from a shared link: ${applied.length} ${applied.length === 1 ? 'cell shows' : 'cells show'} the sender’s code. ` +
        'Nothing has run; run a cell when you are ready. Your own saved edits are untouched until you edit these cells.' +
        (unknown.length ? ` (${unknown.length} shared ${unknown.length === 1 ? 'cell is' : 'cells are'} no longer on this page.)` : ''),
      'info',
    );
  }

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

  async copyLink(cell: Cell) {
    const modified = Object.fromEntries(this.runnable.filter((c) => c.modified).map((c) => [c.id, c.code]));
    const url = new URL(location.href);
    url.hash = Object.keys(modified).length ? encodeCells(modified) : `cell-${cell.id}`;
    const link = url.toString();
    if (link.length > MAX_LINK_LENGTH) {
      cell.setNotice('Your edited cells are too long to fit in a link. Copy the code itself instead.', 'warn');
      return;
    }
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch {
      copied = false; // no clipboard permission: show the link to copy by hand
    }
    const what = Object.keys(modified).length
      ? `with your ${Object.keys(modified).length} edited ${Object.keys(modified).length === 1 ? 'cell' : 'cells'}`
      : 'to this cell (no cells are edited, so the link holds no code)';
    cell.setNotice(
      `${copied ? 'Link copied' : 'Copy this link'} ${what}:` +
        ` <input class="nb-link" readonly aria-label="Link to share" value="${escapeHtml(link)}">`,
    );
    const input = cell.part<HTMLInputElement>('.nb-link');
    if (input && !copied) { input.focus(); input.select(); }
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
