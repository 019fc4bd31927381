/**
 * The page notebook: every code cell on a page, their state, and the order they run in.
 *
 * What the reader sees, and the rules behind it (docs/readers.md lists the complaints these answer):
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
import { escapeHtml } from '../../lib/html.ts';
import { renderCellOutput, renderCellError, renderDisplay, renderTypeErrors } from '../render.ts';
import type { TypedCell } from '../types/cell-files.ts';
import type { CellDiagnostic } from '../types/language.ts';
import { fitOutput, showOutput } from './output-view.ts';
import type { ChartSanitizer } from '../sanitize.ts';
import type { CellResult } from '../kernel.ts';
import { hashSource } from '../hash.ts';
import { KernelClient, type LateOutput, type RunOutcome } from './kernel-client.ts';
import { draftKey } from './storage.ts';
import { createSaveNotice, showSaveNotice } from './save-notice.ts';
import { markOutdated } from './outdated.ts';
import { Drafts } from './drafts.ts';
import { applySharedLink, copyLink } from './shared-link.ts';
import { copyCode, registerCopyable, startCopying } from './copy.ts';
import type { EditorHandle } from './editor.ts';

type State = 'idle' | 'queued' | 'running' | 'ran' | 'stale' | 'error';

/** The worker scope an exercise's checks are judged in (see Notebook.runChecks). */
const CHECK_SCOPE = 'check';

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

// Types (TypeScript in a worker: page/types.ts) load on the reader's first edit of a cell, not before.
let typesModule: Promise<typeof import('./types.ts')> | null = null;
const loadTypes = () => (typesModule ??= import('./types.ts'));
/** How long the reader's typing pauses before the types' worker starts (whenQuiet). */
const TYPES_QUIET_MS = 300;
/** The cells as the types saw them, as one string: diagnostics are for exactly these. */
const typedCellsKey = (cells: readonly TypedCell[]) => JSON.stringify(cells.map((c) => [c.id, c.code, c.shares]));

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
  /** The attempt cell of an exercise (not one of the chapter's own cells). */
  readonly exercise: boolean;
  /** For an exercise's attempt: the names its runs may not use (src/notebook/withhold.ts). */
  readonly withhold: string[];
  state: State = 'idle';
  /** The code the reader sees, whether or not the editor has loaded. */
  code: string;
  /** The code the cell last ran with, to tell when its output no longer matches. */
  ranCode: string | null = null;
  defines: string[];
  uses: string[];
  editor: EditorHandle | null = null;
  /** The editor's last diagnostics and the cells they were for (typedCellsKey), so a run lists them without asking again. */
  typeErrors: { key: string; diagnostics: CellDiagnostic[] } | null = null;
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
    this.exercise = el.closest('[data-exercise]') !== null;
    this.withhold = (el.closest<HTMLElement>('[data-exercise]')?.dataset.withhold ?? '').split(' ').filter(Boolean);
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
    this.markOutput(this.code !== outputIsFor && this.state !== 'running');
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

  /**
   * An output under code that is not the code that made it (an edit, a restored draft, a shared
   * link) says so above it and is marked, until the cell runs: it must never pass for the
   * result of the code on screen.
   */
  markOutput(outdated: boolean) {
    const output = this.part('[data-output]');
    if (!output) return;
    markOutdated(this.el, output, outdated, {
      text: 'Output of the previous code. Run the cell to see what this code gives.',
      where: 'before',
      dataKey: 'outdatedNote',
      ownerClass: 'nb-output-outdated',
    });
  }

  /** Called on every edit the reader makes: remember the code, save it soon. */
  edited(code: string) {
    this.code = code;
    this.notebook.lastEditAt = performance.now();
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
        assist: () => loadTypes().then(async (types) => {
          await this.notebook.whenQuiet();
          this.notebook.types ??= types.typeAssist();
          return this.notebook.types.extension({
            id: this.id,
            cells: () => this.notebook.typedCells(),
            idle: () => this.notebook.whenIdle(),
            onDiagnostics: (cells, diagnostics) => { this.typeErrors = { key: typedCellsKey(cells), diagnostics }; },
          });
        }),
        assistLoaded: () => this.notebook.types !== null,
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
  /** Which run (the page's count) each cell's output shows: late type errors join only that one. */
  #shownRun = new WeakMap<Cell, number>();
  #cancelled = false;
  /** Runs requested and not finished. */
  #busy = 0;
  /** Queued cells whose Stop was pressed before their turn. */
  #dequeued = new Set<Cell>();
  /** The exercise attempt whose checks are running (see runChecks). */
  #checking: Cell | null = null;
  /** Bumped by restart(): runs queued or running before it must not touch the page after it. */
  #generation = 0;
  /** The types' worker, once a reader has edited a cell (page/types.ts); null until then. */
  types: import('./types.ts').TypeAssist | null = null;
  /** When the reader last edited a cell (performance.now()), for whenQuiet. */
  lastEditAt = 0;

  constructor(root: ParentNode = document, kernel?: KernelClient) {
    this.cells = [...root.querySelectorAll<HTMLElement>('[data-cell]')].map((el) => new Cell(el, this));
    this.kernel = kernel ?? new KernelClient({
      onTick: (elapsed) => this.#running?.setState('running', `running… ${Math.floor(elapsed / 1000)} s`),
      onLimitNear: (remaining) => this.#askBeforeLimit(remaining),
      onLate: (cellId, late) => this.showLate(cellId, late),
      onTimerHang: (cellId) => this.timerHung(cellId),
    });
  }

  get runnable(): Cell[] {
    return this.cells.filter((c) => c.runnable);
  }

  /**
   * The cells as the types see them: in the order the page runs them (setup cells first), with
   * the code on screen; a display cell sees the cells above it but gives its names to none.
   */
  typedCells(): TypedCell[] {
    const order = [...this.cells.filter((c) => c.kind === 'setup'), ...this.cells.filter((c) => c.kind !== 'setup')];
    return order.map((c) => ({ id: c.id, code: c.code, shares: c.runnable }));
  }

  /**
   * Resolves when the types' worker may start: no cell runs or waits to, the reader has not
   * typed for TYPES_QUIET_MS (a Run pressed just after the keystroke has joined the queue by
   * then, and a reload or a link followed at once never pays for it), and the browser has a
   * free moment. Its start is the heaviest thing the types do; it never competes with a run.
   */
  async whenQuiet(): Promise<void> {
    for (;;) {
      await new Promise<void>((moment) => ('requestIdleCallback' in window ? requestIdleCallback(() => moment(), { timeout: 1000 }) : setTimeout(moment, 0)));
      await this.whenIdle();
      const wait = TYPES_QUIET_MS - (performance.now() - this.lastEditAt);
      if (wait <= 0) return;
      await new Promise((later) => setTimeout(later, wait));
    }
  }

  /**
   * Resolves once no cell runs or waits to run (an exercise's checks included). The types wait
   * for it before each request, so TypeScript never competes with a run for the CPU.
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      const queue = this.#queue;
      await queue.catch(() => undefined);
      // One more turn: a run chained right after the last one has joined the queue by then.
      await new Promise((next) => setTimeout(next, 0));
      if (queue === this.#queue && this.#running === null && this.#checking === null) return;
    }
  }

  /**
   * The run nears the time limit. Honest work can take longer (a long training run), a loop
   * that never ends cannot finish: only the reader can tell, so they are asked, while the run
   * goes on and the page stays responsive. Unanswered, the limit stops the run as it always did:
   * a loop that allocates without end must not run on until it takes the tab down.
   */
  #askBeforeLimit(remaining: number) {
    const cell = this.#running ?? this.#checking;
    if (!cell) return;
    let left = Math.max(1, Math.round(remaining / 1000));
    const countdown = () => `It will be stopped in ${left} s unless you choose Keep waiting.`;
    cell.setNotice(
      '<p>This cell is taking a while. If it is doing long work (a long training run), let it finish; if it is stuck in a loop that never ends, stop it (that restarts the code runner). ' +
        `<span data-limit-countdown>${countdown()}</span></p>` +
        '<p class="nb-notice-actions"><button type="button" class="nb-button" data-limit="wait">Keep waiting</button> ' +
        '<button type="button" class="nb-button nb-stop" data-limit="stop">Stop now</button></p>',
      'warn',
    );
    const timer = setInterval(() => {
      left -= 1;
      const label = cell.part('[data-limit-countdown]');
      if (!label || left <= 0) return clearInterval(timer); // answered, ended, or the limit stops it
      label.textContent = countdown();
    }, 1000);
    cell.part('[data-limit="wait"]')?.addEventListener('click', () => {
      clearInterval(timer);
      this.kernel.keepWaiting();
      cell.setNotice(null);
      cell.button('stop')?.focus();
    });
    cell.part('[data-limit="stop"]')?.addEventListener('click', () => {
      clearInterval(timer);
      if (this.#running === cell) this.stop(cell);
      else this.kernel.stop();
    });
  }

  /** Changes when the code runner is restarted: a run begun before belongs to the old one. */
  get generation(): number {
    return this.#generation;
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
    this.addControls();
    const runAbove = this.runnable[0]?.button('run-above');
    if (runAbove) runAbove.hidden = true; // nothing above the first cell
  }

  /** The page's own controls, just before its first cell: run every cell, or start afresh. */
  addControls() {
    const first = this.runnable[0];
    if (!first || document.querySelector('[data-notebook-controls]')) return;
    const bar = document.createElement('div');
    bar.className = 'nb-controls';
    bar.dataset.notebookControls = '';
    bar.dataset.noCopy = ''; // interface, not text: a selection across it copies only the prose and code
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'All cells on this page');
    bar.innerHTML =
      '<span class="nb-controls-label">All cells on this page:</span> ' +
      '<button type="button" class="nb-button" data-notebook-action="run-all" title="Run every cell of this page, top to bottom">Run all</button> ' +
      '<button type="button" class="nb-button" data-notebook-action="restart" title="A fresh code runner: every name is forgotten and every cell is marked not run">Restart</button>' +
      '<span class="nb-controls-status" data-notebook-status role="status"></span>';
    first.el.before(bar);
    const status = bar.querySelector<HTMLElement>('[data-notebook-status]')!;
    bar.querySelector('[data-notebook-action="run-all"]')!.addEventListener('click', () => void this.runAll(this.pageOrder()));
    bar.querySelector('[data-notebook-action="restart"]')!.addEventListener('click', async () => {
      status.textContent = 'Restarting…';
      await this.restart();
      status.textContent = 'Restarted: every cell is marked not run.';
    });
  }

  /** Every runnable cell in the order a full run takes: setup cells first, then page order. */
  pageOrder(cells: Cell[] = this.runnable): Cell[] {
    return [...cells.filter((c) => c.kind === 'setup'), ...cells.filter((c) => c.kind !== 'setup')];
  }

  /** Adds a cell created after the page loaded (the playground's "Add cell"). */
  addCell(el: HTMLElement): Cell {
    const cell = new Cell(el, this);
    this.cells.push(cell);
    this.#wireCopy(cell);
    this.#wire(cell);
    return cell;
  }

  /** Removes a cell and the names it defined: a cell that still reads one is told the cell was deleted. */
  removeCell(cell: Cell) {
    this.cells.splice(this.cells.indexOf(cell), 1);
    this.drafts.forget(cell);
    cell.el.remove();
    if (this.kernel.started) this.kernel.forget(cell.id);
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
    cell.button('stop')?.addEventListener('click', () => this.stop(cell));
    cell.button('run-above')?.addEventListener('click', () => void this.runAbove(cell));
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
        void this.cells.find((c) => c.el === entry.target)?.loadEditor(); // it never rejects: a failure is a notice
      }
    }, { rootMargin: '400px 0px' });
    for (const cell of this.runnable) observer.observe(cell.el);
  }

  /**
   * Runs a cell and what it needs, then the cells that depend on it. Runs are serialised: a
   * cell asked to run while another runs shows "queued" at once, and its Stop takes it out of
   * the queue.
   */
  run(target: Cell): Promise<void> {
    if (this.#running === target || target.state === 'queued') return this.#queue;
    if (this.#busy) target.setState('queued', 'queued: waits for the cell running now');
    this.#busy += 1;
    const generation = this.#generation;
    this.#queue = this.#queue.then(() => {
      if (this.#dequeued.delete(target) || generation !== this.#generation) return;
      return this.#runWithNeeds(target);
    }).finally(() => { this.#busy -= 1; });
    return this.#queue;
  }

  /** Stop pressed on a cell: the running one is stopped; a queued one leaves the queue. */
  stop(cell: Cell) {
    if (this.#running !== cell && cell.state === 'queued') {
      this.#dequeued.add(cell);
      cell.setState(cell.ranCode === null ? 'idle' : 'stale', cell.ranCode === null ? 'not run' : 'not rerun');
      return;
    }
    this.kernel.stop();
  }

  /** Runs every cell above `cell` again, in page order (setup cells first). */
  runAbove(cell: Cell): Promise<void> {
    const runnable = this.runnable;
    const above = runnable.slice(0, runnable.indexOf(cell));
    return this.runAll(this.pageOrder([...runnable.filter((c) => c.kind === 'setup' && c !== cell && !above.includes(c)), ...above]));
  }

  /**
   * A fresh code runner: every name, timer and running cell of the old one is gone, and every
   * cell is marked not run. Outputs stay on screen as the record of what the cells printed.
   */
  async restart(): Promise<void> {
    this.#generation += 1; // what is queued or running now belongs to the old runner: it stops there
    const started = this.kernel.restart();
    this.#count = 0;
    for (const cell of this.runnable) {
      cell.ranCode = null;
      cell.setState('idle', 'not run');
      cell.part('[data-count]')!.textContent = '';
      cell.setNotice(null);
    }
    this.#dequeued.clear();
    try {
      await started;
    } catch (error) {
      this.pageNotice(`The code runner could not restart: ${escapeHtml((error as Error).message)}. Reload the page.`, 'warn');
    }
  }

  /** Runs the given cells in page order (the "rerun all that need it" button). */
  runAll(cells: Cell[]): Promise<void> {
    const generation = this.#generation;
    this.#queue = this.#queue.then(async () => {
      if (generation !== this.#generation) return;
      this.#cancelled = false; // a new request from the reader: an earlier Stop no longer applies
      for (const cell of cells) {
        const ok = await this.#execute(cell);
        if (generation !== this.#generation) return;
        // An exercise's starter may fail (that is the exercise); anything else stops the run.
        if (!ok && (this.#cancelled || !cell.exercise)) break;
      }
    });
    return this.#queue;
  }

  /**
   * The cells an exercise's checks start from: the page's setup cells, then the chapter's cells
   * above the exercise, as the chapter wrote them (other exercises' attempts and display cells
   * excepted). The build proves each solution against exactly these, and the teacher's review
   * runs exactly these (the exercise manifest's `context`), so a pass here is a pass there.
   */
  checkContext(attempt: Cell): Cell[] {
    const runnable = this.runnable;
    const index = runnable.indexOf(attempt);
    const chapterCells = runnable.filter((c) => !c.exercise);
    const above = runnable.slice(0, index < 0 ? runnable.length : index).filter((c) => !c.exercise && c.kind !== 'setup');
    return [...chapterCells.filter((c) => c.kind === 'setup'), ...above];
  }

  /**
   * Judges an exercise, after whatever is queued: in a scope built afresh for this check (see
   * HostRunOptions), the chapter's cells above it run as the chapter wrote them, then the
   * attempt as it is now (the code the reader last ran), then the chapter's cells again (fresh
   * reference values), then the checks, with `check` in scope for that run alone. Nothing else the reader ran, below or in another order, edited above, or
   * an attempt's earlier code, can take part in the verdict. The page's own scope is untouched.
   */
  runChecks(id: string, source: string, attempt: Cell): Promise<RunOutcome> {
    const outcome = this.#queue.then(async (): Promise<RunOutcome> => {
      this.#checking = attempt;
      try {
        this.kernel.reset(CHECK_SCOPE);
        const context = this.checkContext(attempt);
        const runContext = async (): Promise<RunOutcome | null> => {
          for (const cell of context) {
            const ran = await this.kernel.run(cell.id, cell.original, { quiet: true, scope: CHECK_SCOPE, label: cell.label });
            if (ran.kind === 'stopped') return ran;
          }
          return null;
        };
        const stopped = await runContext();
        if (stopped) return stopped;
        const code = attempt.ranCode ?? attempt.code;
        const ran = await this.kernel.run(attempt.id, code, { quiet: true, scope: CHECK_SCOPE, attempt: attempt.id, label: attempt.label, withhold: attempt.withhold });
        if (ran.kind === 'stopped' || ran.result.status === 'error') return ran;
        // The chapter's cells run once more, so the checks compare with values made afresh, not
        // with objects the attempt may have changed in place (a1.data.fill(…)); the attempt's
        // own functions keep the names they were given.
        const again = await runContext();
        if (again) return again;
        return await this.kernel.run(id, source, { checks: true, attempt: attempt.id, scope: CHECK_SCOPE });
      } catch (error) {
        return { kind: 'stopped', reason: 'crash', message: `The code runner could not start: ${(error as Error).message}` };
      } finally {
        this.#checking = null;
        if (attempt.part('[data-limit]')) attempt.setNotice(null);
        this.kernel.reset(CHECK_SCOPE); // nothing of the judged code stays in the worker
      }
    });
    this.#queue = outcome.then(() => undefined);
    return outcome;
  }

  async #runWithNeeds(target: Cell) {
    this.#cancelled = false;
    const generation = this.#generation;
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
      if (generation !== this.#generation) return;
      if (!ok) {
        for (const c of plan) if (c.state === 'queued') c.setState('idle');
        target.setState(target.ranCode === null ? 'idle' : 'stale', 'not run');
        if (!this.#cancelled) {
          target.setNotice(`Not run: <a href="#cell-${escapeHtml(cell.id)}">${escapeHtml(cell.label)}</a> above it, which it may need, failed. Fix that cell first.`, 'warn');
        }
        return;
      }
    }
    const definedBefore = target.defines;
    const ok = await this.#execute(target);
    if (this.#cancelled || generation !== this.#generation) return;
    // Reactive rerun: cells below that use what this cell defines, or defined before this run
    // (a name it no longer defines must fail there, not linger), and that the reader has
    // already run (a cell the reader has not reached yet stays as it is).
    const order = runnable.map((c) => ({ id: c.id, defines: c === target ? [...new Set([...definedBefore, ...c.defines])] : c.defines, uses: c.uses }));
    const below = dependents(order, target.id).map((id) => this.find(id)!).filter((cell) => cell.ranCode !== null);
    for (const cell of below) cell.setState('stale', ok ? 'rerunning: uses a changed name' : 'stale: uses a cell that failed');
    if (!ok) return;
    for (const [i, cell] of below.entries()) {
      if (cell.state !== 'stale') continue;
      if (!(await this.#execute(cell))) {
        for (const later of below.slice(i + 1)) if (later.state === 'stale') later.setState('stale', 'stale: uses a cell that failed');
        break;
      }
    }
  }

  /** Runs one cell in the kernel; true if it ran (even with an error the reader should see). */
  async #execute(cell: Cell): Promise<boolean> {
    if (this.#cancelled) return false;
    const generation = this.#generation;
    const code = cell.code;
    cell.setNotice(null);
    cell.setState('running');
    this.#running = cell;
    const sanitizer = chartSanitizer();
    // The cells as the types see them for this run (checked after it, never during).
    const cells = this.typedCells().map((c) => (c.id === cell.id ? { ...c, code } : c));
    let outcome: RunOutcome;
    try {
      outcome = await this.kernel.run(cell.id, code, { label: cell.label, withhold: cell.withhold });
    } catch (error) {
      outcome = { kind: 'stopped', reason: 'crash', message: `The code runner could not start: ${(error as Error).message}` };
    }
    this.#running = null;
    if (generation !== this.#generation) return false; // restarted meanwhile: the page has moved on
    if (cell.part('[data-limit]')) cell.setNotice(null); // the question at the time limit is answered
    if (outcome.kind === 'stopped') {
      this.#cancelled = true;
      const culprit = outcome.culprit !== undefined ? this.find(outcome.culprit) : undefined;
      this.afterRestart(cell, culprit ? TIMER_HANG : outcome.message, culprit);
      return false;
    }
    this.#count += 1;
    this.#show(cell, outcome.result, code, await sanitizer, cells);
    // A cell meant to show an error has done its job when it fails.
    return outcome.result.status === 'ok' || cell.expectError;
  }

  #show(cell: Cell, result: CellResult, code: string, sanitizeChart: ChartSanitizer, cells: TypedCell[]) {
    cell.ranCode = code;
    // A cell with a syntax error reports no names; keep what it had, so dependents still link.
    if (result.status === 'ok' || result.defines.length || result.uses.length) {
      cell.defines = result.defines;
      cell.uses = result.uses;
    }
    const html = renderCellOutput(result, sanitizeChart);
    // Type errors do not stop the run (as in the TypeScript Playground); they are listed above
    // its output, for code the reader changed. The chapter's own code type-checks at build
    // time, and its rerun must show exactly what the build baked.
    const listTypes = this.types !== null && code !== cell.original;
    const key = typedCellsKey(cells);
    const known = listTypes && cell.typeErrors?.key === key ? cell.typeErrors.diagnostics : null;
    cell.setOutput((known ? renderTypeErrors(known) : '') + (html || '<p class="nb-empty">(no output)</p>'));
    this.#shownRun.set(cell, this.#count);
    if (listTypes && !known) void this.#listTypeErrorsLater(cell, cells, this.#count);
    cell.setCount(this.#count);
    const seconds = result.durationMs >= 1000 ? ` in ${(result.durationMs / 1000).toFixed(1)} s` : '';
    cell.setState(result.status === 'ok' ? 'ran' : 'error', result.status === 'ok' ? `ran${seconds}` : 'error');
    if (cell.code !== code) cell.refreshModified();
    if (result.status === 'error' && code === cell.original && !cell.expectError && !cell.exercise) this.#offerRestart(cell);
  }

  /**
   * Type errors of a run the editor had not checked yet (the reader ran before the check
   * answered): asked once the runner is idle, never holding back the run's output, and shown
   * only if the output is still that run's.
   */
  async #listTypeErrorsLater(cell: Cell, cells: TypedCell[], count: number) {
    const types = this.types!;
    const generation = this.#generation;
    await this.whenIdle();
    let diagnostics: CellDiagnostic[];
    try {
      diagnostics = await types.diagnostics(cells, cell.id);
    } catch {
      return; // the types help; without them the output is complete
    }
    const still = generation === this.#generation && this.#shownRun.get(cell) === count && cell.ranCode === cells.find((c) => c.id === cell.id)?.code;
    if (still) cell.prependOutput(renderTypeErrors(diagnostics));
  }

  /**
   * The chapter's own code failed, though it ran when the book was built: something run before
   * it (an edited cell, cells run out of order) changed what it uses. Offer the way back.
   */
  #offerRestart(cell: Cell) {
    cell.setNotice(
      '<p>This is the chapter’s own code, and it ran without an error when the book was built, so something run before it has changed what it uses.</p>' +
        '<p class="nb-notice-actions"><button type="button" class="nb-button" data-restart-above>Restart and run the cells above again</button></p>',
      'warn',
    );
    cell.part('[data-restart-above]')?.addEventListener('click', async () => {
      await this.restart();
      const runnable = this.runnable;
      await this.runAll(this.pageOrder(runnable.slice(0, runnable.indexOf(cell) + 1)));
    });
  }

  /**
   * The kernel was replaced: everything it knew is gone. Say so, and offer one-click recovery.
   * `stopped` is the cell whose run was ended (if one was running); `culprit`, when given, is
   * the cell whose timer kept the runner busy, and it is that cell that shows the stop.
   */
  afterRestart(stopped: Cell | null, message: string, culprit?: Cell) {
    const blamed = culprit ?? stopped;
    const innocent = stopped && stopped !== blamed ? stopped : null;
    const lost = this.runnable.filter((c) => c !== blamed && c.ranCode !== null && (c.state === 'ran' || c.state === 'error' || c.state === 'stale' || c === innocent));
    for (const cell of this.runnable) {
      if (cell.state === 'queued' || cell.state === 'running') cell.setState(cell.ranCode === null ? 'idle' : 'stale');
    }
    for (const cell of lost) cell.setState('stale', 'stale: kernel restarted');
    if (innocent && blamed) {
      innocent.setState(innocent.ranCode === null ? 'idle' : 'stale', 'not run');
      innocent.setNotice(`Not run: the code runner was stuck in a timer that <a href="#cell-${escapeHtml(blamed.id)}">${escapeHtml(blamed.label)}</a> started, so it was restarted. Run this cell again.`, 'warn');
    }
    if (!blamed) return;
    blamed.setState('error', 'stopped');
    blamed.setOutput(`<div class="nb-error"><p class="nb-error-title">${escapeHtml(message)}</p></div>`);
    const rerun = [...lost];
    // The output says why it stopped; the notice says what that cost and how to recover.
    const detail = rerun.length
      ? `The code runner was restarted, so the names defined by the ${rerun.length} ${rerun.length === 1 ? 'cell' : 'cells'} that had run are gone.` +
        ` <button type="button" class="nb-button" data-rerun>Rerun ${rerun.length === 1 ? 'it' : `those ${rerun.length} cells`}</button>`
      : 'The code runner was restarted; nothing else had run yet.';
    blamed.setNotice(detail, 'warn');
    blamed.part('[data-rerun]')?.addEventListener('click', () => {
      blamed.setNotice(null);
      void this.runAll(this.pageOrder(rerun));
    });
  }

  /** A timer of `cellId` hung the runner while nothing ran: that cell shows the stop. */
  timerHung(cellId: string) {
    const culprit = this.find(cellId);
    if (culprit) this.afterRestart(null, TIMER_HANG, culprit);
  }

  /** What a cell's timer printed, or threw, after its run: under its output, marked late. */
  showLate(cellId: string, late: LateOutput) {
    const cell = this.find(cellId);
    const output = cell?.part('[data-output]');
    if (!cell || !output) return;
    let box = cell.part('[data-late]');
    if (!box) {
      box = document.createElement('div');
      box.className = 'nb-late';
      box.dataset.late = '';
      box.innerHTML = '<p class="nb-late-label">After the run ended (from a timer or promise this cell started):</p>';
      output.querySelector('.nb-empty')?.remove();
      output.append(box);
    }
    if (box.childElementCount > MAX_LATE) return;
    const html = late.error ? renderCellError(late.error) : late.item ? renderDisplay(late.item) : '';
    box.insertAdjacentHTML('beforeend', box.childElementCount === MAX_LATE ? '<p class="nb-placeholder">… more late output not shown</p>' : html);
    fitOutput(output);
  }
}

const MAX_LATE = 200;
const TIMER_HANG = 'A timer this cell started was still running at the time limit (is there a loop that never ends?), so the code runner was stopped and restarted.';
