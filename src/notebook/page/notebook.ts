/**
 * The page notebook: every code cell on a page, wired to the one code runner. It coordinates;
 * each job is a file of its own (docs/readers.md lists the complaints they answer):
 * - cell.ts: one cell's element, state, output and notices;
 * - ../schedule.ts: which cells run before and after a cell, and which go stale (pure), and
 *   scheduler.ts: the queue that runs them one at a time;
 * - recovery.ts: the time limit's question, a restart's stale cells and their one-click rerun;
 * - type-check.ts: what the types see and the type errors a run lists; late-output.ts: what a
 *   cell's timers print after its run; lazy-modules.ts and lazy-editors.ts: the heavy modules
 *   and when editors load;
 * - drafts.ts: edits, their versions and other tabs; shared-link.ts: shared links; copy.ts: copying;
 * - crashed-runs.ts: a run whose page died (out of memory) is reported under its cell next time.
 */
// Only light modules here: this file is in every chapter's first-load JavaScript, so the
// compiler (sucrase, acorn) stays in the worker.
import { escapeHtml } from '../../lib/html.ts';
import { formatReading } from '../../lib/numbers.ts';
import { renderCellOutput, renderTypeErrors } from '../render.ts';
import { checkContext, pageOrder, staleAfterRemoval } from '../schedule.ts';
import { KernelClient, type RunOutcome } from './kernel-client.ts';
import { Cell } from './cell.ts';
import { Scheduler, type Ran } from './scheduler.ts';
import { TypeCheck } from './type-check.ts';
import { chartSanitizer, sanitizeChartsInSteps } from './lazy-modules.ts';
import { observeForEditors } from './lazy-editors.ts';
import { showLateOutput } from './late-output.ts';
import { afterRestart, askBeforeLimit, offerRestart, TIMER_HANG } from './recovery.ts';
import { Drafts } from './drafts.ts';
import { TAB } from './storage.ts';
import { crashedRunNotice, parseRunMark, RunMarks, type RunMark } from './crashed-runs.ts';
import { applySharedLink, copyLink } from './shared-link.ts';
import { copyCode, registerCopyable, startCopying } from './copy.ts';

/** The worker scope an exercise's checks are judged in (see Notebook.runChecks). */
const CHECK_SCOPE = 'check';
/** What the controls say after Restart, until the next run makes it untrue. */
const RESTARTED = 'Restarted: every cell is marked not run.';

export class Notebook {
  readonly cells: Cell[];
  readonly kernel: KernelClient;
  /** The reader's edits: saved, restored, kept in step with other tabs. */
  readonly drafts = new Drafts(this);
  /** What the offline copy's first download waits on (src/offline/quiet.ts), if the page has it. */
  readonly #offlineMarker = document.querySelector<HTMLElement>('[data-offline-waits]');
  /** Runs cells one at a time, in the order the run policy (../schedule.ts) decides. */
  readonly scheduler: Scheduler<Cell> = new Scheduler({
    cells: () => this.runnable,
    runCell: (cell, current) => this.#runCell(cell, current),
    // The offline copy's first download waits while cells run (src/offline/quiet.ts): on two
    // cores it made a first run on a fresh page about 200 ms slower (bench:page).
    busyChanged: (busy) => {
      if (this.#offlineMarker) this.#offlineMarker.dataset.offlineWaits = busy ? 'busy' : 'idle';
    },
  });
  /** The types' side: what they see of the cells, and the type errors runs list. */
  readonly typeCheck = new TypeCheck(this);
  /** Runs since the runner started: each run's execution count. */
  #count = 0;
  /** The page's controls' status line (Run all, Restart), once the bar is made. */
  #controlsStatus: HTMLElement | null = null;
  /** Runs shown on this page, never reset (unlike #count): each cell's last one is in #shownRun. */
  #runsShown = 0;
  /** Which run (#runsShown) each cell's output shows: late type errors join only that one. */
  #shownRun = new WeakMap<Cell, number>();
  /** The run under way, kept in storage so that a page that dies mid-run is explained next time. */
  readonly #marks: RunMarks<RunMark> | null;
  /** The mark of the run under way, if any. */
  #runMark: RunMark | null = null;

  constructor(root: ParentNode = document, kernel?: KernelClient) {
    this.cells = [...root.querySelectorAll<HTMLElement>('[data-cell]')].map((el) => new Cell(el, this));
    const chapter = this.runnable[0]?.chapter;
    this.#marks = chapter ? new RunMarks(chapter, TAB, parseRunMark) : null;
    this.kernel =
      kernel ??
      new KernelClient({
        onTick: (elapsed, waitingFor) => {
          if (this.#runMark) this.#marks?.update(this.#runMark, { elapsed });
          const cell = this.scheduler.running;
          if (!cell) return;
          if (waitingFor === undefined) cell.setState('running', `running… ${Math.floor(elapsed / 1000)} s`);
          else
            cell.setState(
              'queued',
              `waiting… ${Math.floor(elapsed / 1000)} s: the runner is busy with ${waitingFor === cell.id ? 'this cell' : this.#workOf(waitingFor, cell)}’s leftover work`,
            );
        },
        onLimitNear: (remaining, waitingFor) => {
          const cell = this.scheduler.busyCell;
          if (cell)
            askBeforeLimit(
              this,
              cell,
              remaining,
              waitingFor === undefined ? undefined : this.#workOf(waitingFor, cell),
            );
        },
        onLate: (cellId, late) => {
          const cell = this.find(cellId);
          if (cell) showLateOutput(cell, late);
        },
        onTimerHang: (cellId) => this.timerHung(cellId),
        onTimers: (cellId, live) => this.find(cellId)?.showTimers(live),
      });
  }

  /** Whose leftover work the runner is in, as the waiting cell's notice says it: "Cell 2" or "an earlier run of this cell". */
  #workOf(cellId: string, waiting: Cell): string {
    if (cellId === waiting.id) return 'an earlier run of this cell';
    return this.find(cellId)?.label ?? 'another cell';
  }

  get runnable(): Cell[] {
    return this.cells.filter((c) => c.runnable);
  }

  /** Changes when the code runner is restarted: a run begun before belongs to the old one. */
  get generation(): number {
    return this.scheduler.generation;
  }

  find(id: string): Cell | undefined {
    return this.cells.find((c) => c.id === id);
  }

  /** Resolves once no cell runs or waits to run (an exercise's checks included). */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /** Makes a cell the page does not have yet, for a shared link (see cellFor). */
  #makeCell: ((id: string) => Cell | null) | null = null;

  /**
   * Wires buttons, restores drafts and shared code, and arranges for editors to load. A page
   * that makes cells as the reader asks (the playground) passes `makeCell`: a cell for `id` in
   * its place, its draft restored, or null when the page has no such cell to make.
   */
  start({ makeCell }: { makeCell?: (id: string) => Cell | null } = {}) {
    this.#makeCell = makeCell ?? null;
    document.documentElement.classList.add('nb-ready');
    startCopying();
    for (const cell of this.cells) this.#wireCopy(cell);
    for (const cell of this.runnable) this.#wire(cell);
    this.drafts.start();
    applySharedLink(this);
    void this.#reportCrashedRuns();
    // A link pasted into the address bar of this very page changes only the hash.
    window.addEventListener('hashchange', () => applySharedLink(this));
    observeForEditors(() => this.cells);
    this.#addControls();
    const runAbove = this.runnable[0]?.button('run-above');
    if (runAbove) runAbove.hidden = true; // nothing above the first cell
  }

  /** Marks a run under way, so that a page that dies in it is explained next time (crashed-runs.ts). */
  #mark(cell: Cell, what: RunMark['what']): RunMark | null {
    this.#runMark = this.#marks?.begin({ cell: cell.id, what, started: new Date().toISOString(), elapsed: 0 }) ?? null;
    return this.#runMark;
  }

  #unmark(mark: RunMark | null) {
    if (!mark) return;
    this.#marks?.end(mark);
    if (this.#runMark === mark) this.#runMark = null;
  }

  /** Says under each cell whose run an earlier page of this chapter did not live to finish why that page closed. */
  async #reportCrashedRuns() {
    for (const mark of (await this.#marks?.orphans()) ?? []) {
      const cell = this.find(mark.cell);
      if (cell?.runnable) cell.setCrashedRun(crashedRunNotice(mark)); // until its next run
    }
    // Done looking (an asynchronous lock query): what a test of "nothing to report" waits for.
    document.documentElement.dataset.crashedRuns = 'checked';
  }

  /** The page's own controls, just before its first cell: run every cell, or start afresh. */
  #addControls() {
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
    this.#controlsStatus = status;
    bar
      .querySelector('[data-notebook-action="run-all"]')!
      .addEventListener('click', () => void this.scheduler.runAll(pageOrder(this.runnable)));
    bar.querySelector('[data-notebook-action="restart"]')!.addEventListener('click', async () => {
      status.textContent = 'Restarting…';
      await this.restart();
      status.textContent = RESTARTED;
    });
  }

  /**
   * Adds a cell created after the page loaded (the playground's "Add cell", a deleted cell
   * restored, a shared link's cell), in its place among the cells: `el` is already in the page.
   */
  addCell(el: HTMLElement): Cell {
    const cell = new Cell(el, this);
    const next = this.cells.findIndex((c) => el.compareDocumentPosition(c.el) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (next < 0) this.cells.push(cell);
    else this.cells.splice(next, 0, cell);
    this.#wireCopy(cell);
    this.#wire(cell);
    return cell;
  }

  /**
   * Removes a cell and the names it defined: a cell that still reads one is told the cell was
   * deleted. With `keepDraft`, its code and kept versions stay in storage (Drafts.detach), and a
   * cell whose unsaved edit cannot be saved stays: false, with the cell saying why.
   */
  removeCell(cell: Cell, { keepDraft = false } = {}): boolean {
    if (keepDraft) {
      const kept = this.drafts.detach(cell);
      if (!kept.ok) {
        cell.setNotice(
          `Not deleted: this cell’s code could not be saved to keep (${escapeHtml(kept.reason)}), and would be lost. Download your work first, or free some of the browser’s storage.`,
          'warn',
        );
        return false;
      }
    }
    if (this.runnable.includes(cell)) {
      const { above, below } = staleAfterRemoval(this.runnable, cell);
      for (const other of above) other.setState('stale', 'stale: a cell that changed its names was deleted');
      for (const other of below) other.setState('stale', 'stale: a cell it used was deleted');
    }
    this.cells.splice(this.cells.indexOf(cell), 1);
    if (!keepDraft) this.drafts.forget(cell);
    cell.el.remove();
    if (this.kernel.started) this.kernel.forget(cell.id);
    return true;
  }

  /**
   * The page's cell `id`, or one the page makes for it (start's `makeCell`: the playground's
   * numbered cells), so that a shared link brings its cells to a page opened before, as to a
   * fresh one (red team 42: a link pasted into an open playground dropped the cells it had not).
   */
  cellFor(id: string): Cell | undefined {
    return this.find(id) ?? this.#makeCell?.(id) ?? undefined;
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
    cell.button('stop-timers')?.addEventListener('click', () => this.kernel.stopTimers(cell.id));
    cell.button('run-above')?.addEventListener('click', () => void this.scheduler.runAbove(cell));
    cell.button('revert')?.addEventListener('click', () => this.drafts.revert(cell));
    cell.button('share')?.addEventListener('click', () => void copyLink(this, cell));
    cell.part('[data-code]')?.addEventListener('focusin', () => void cell.loadEditor(true));
    cell.part('[data-code]')?.addEventListener('pointerdown', () => void cell.loadEditor(true));
    // A reader about to run or edit a cell: start the code runner now, so the run does not wait
    // for it. (Only on such intent: a page that is only read never loads the runner.)
    const warm = () =>
      void this.kernel.start().catch(() => {
        /* reported on the run */
      });
    cell.button('run')?.addEventListener('pointerenter', warm, { once: true });
    cell.button('run')?.addEventListener('focus', warm, { once: true });
    cell.part('[data-code]')?.addEventListener('focusin', warm, { once: true });
    // The same intent starts the types (type-check.ts), alongside the editor's own loading: the
    // editor asks for them too once focused, and gets this same start.
    const startTypes = () =>
      void this.typeCheck.start().catch(() => {
        /* the editor stays plain; the next focus tries again */
      });
    cell.part('[data-code]')?.addEventListener('focusin', startTypes);
    cell.part('[data-code]')?.addEventListener('pointerdown', startTypes);
  }

  /**
   * A message above the page's first cell (HTML built by the caller from escaped parts). Returns
   * its element, or undefined on a page without cells, where there is no place for it.
   */
  pageNotice(html: string, tone: 'info' | 'warn'): HTMLElement | undefined {
    const first = this.runnable[0];
    if (!first) return undefined;
    let banner = document.querySelector<HTMLElement>('[data-notebook-banner]');
    if (!banner) {
      banner = document.createElement('div');
      banner.dataset.notebookBanner = '';
      banner.setAttribute('role', 'status');
      first.el.before(banner);
    }
    banner.className = `nb-banner nb-notice-${tone}`;
    banner.innerHTML = `<p>${html}</p>`;
    return banner;
  }

  /** Runs a cell and what it needs, then the cells that depend on it (see scheduler.ts). */
  run(target: Cell): Promise<void> {
    return this.scheduler.run(target);
  }

  /**
   * A mark of the cell's last run that came to a result (it ran, with or without an error), or
   * undefined: compared before and after a request, it tells whether the cell ran meanwhile (an
   * exercise's page run may be stopped, dequeued, or edited while it runs).
   */
  lastFinishedRun(cell: Cell): number | undefined {
    return this.#shownRun.get(cell);
  }

  /** Stop pressed on a cell: the running one is stopped; a queued one leaves the queue. */
  stop(cell: Cell) {
    if (!this.scheduler.dequeue(cell)) this.kernel.stop();
  }

  /**
   * A fresh code runner: every name, timer and running cell of the old one is gone, and every
   * cell is marked not run. Outputs stay on screen as the record of what the cells printed.
   */
  async restart(): Promise<void> {
    this.scheduler.restart(); // what is queued or running now belongs to the old runner: it stops there
    const started = this.kernel.restart();
    this.#count = 0;
    for (const cell of this.runnable) {
      cell.ranCode = null;
      cell.setState('idle', 'not run');
      cell.part('[data-count]')!.textContent = '';
      cell.setNotice(null);
    }
    try {
      await started;
    } catch (error) {
      // Shown where the reader will see it: the notice sits above the first cell, and the
      // reader who restarted may be far below it.
      this.pageNotice(
        `The code runner could not restart: ${escapeHtml((error as Error).message)}. Reload the page.`,
        'warn',
      )?.scrollIntoView({ block: 'nearest' });
    }
  }

  /**
   * Judges an exercise, after whatever is queued: in a scope built afresh for this check (see
   * HostRunOptions), the chapter's cells above it run as the chapter wrote them
   * (schedule.checkContext: the build proves each solution against exactly these, and the
   * teacher's review runs exactly these), then the attempt's `code` (the code the reader last
   * ran, or the code on screen when a cell above kept it from running), then the chapter's cells again (fresh reference values), then the checks, with
   * `check` in scope for that run alone. Nothing else the reader ran, below or in another order,
   * edited above, or an attempt's earlier code, can take part in the verdict. The page's own
   * scope is untouched. With `probe`, the checks draw their points from it too (RunOptions.probe):
   * a second run, at points apart from the code's own.
   */
  runChecks(id: string, source: string, attempt: Cell, code: string, probe?: string): Promise<RunOutcome> {
    return this.scheduler.check(attempt, async (): Promise<RunOutcome> => {
      const mark = this.#mark(attempt, 'checks');
      try {
        this.kernel.reset(CHECK_SCOPE);
        const context = checkContext(this.runnable, attempt);
        const runContext = async (): Promise<RunOutcome | null> => {
          for (const cell of context) {
            const ran = await this.kernel.run(cell.id, cell.original, {
              quiet: true,
              scope: CHECK_SCOPE,
              label: cell.label,
            });
            if (ran.kind === 'stopped') return ran;
          }
          return null;
        };
        const stopped = await runContext();
        if (stopped) return stopped;
        const ran = await this.kernel.run(attempt.id, code, {
          quiet: true,
          scope: CHECK_SCOPE,
          attempt: attempt.id,
          label: attempt.label,
          withhold: attempt.withhold,
          allow: attempt.allow,
        });
        if (ran.kind === 'stopped' || ran.result.status === 'error') return ran;
        // The chapter's cells run once more, so the checks compare with values made afresh, not
        // with objects the attempt may have changed in place (a1.data.fill(…)); the attempt's
        // own functions keep the names they were given.
        const again = await runContext();
        if (again) return again;
        return await this.kernel.run(id, source, {
          checks: true,
          attempt: attempt.id,
          scope: CHECK_SCOPE,
          ...(probe === undefined ? {} : { probe }),
        });
      } catch (error) {
        return {
          kind: 'stopped',
          reason: 'crash',
          message: `The code runner could not start: ${(error as Error).message}`,
        };
      } finally {
        this.#unmark(mark);
        if (attempt.part('[data-limit]')) attempt.setNotice(null);
        this.kernel.reset(CHECK_SCOPE); // nothing of the judged code stays in the worker
      }
    });
  }

  /** The cell above that kept `cell`'s last requested run from happening: it ran first and failed (see Scheduler.blocker). */
  failingAbove(cell: Cell): Cell | undefined {
    return this.scheduler.blocker(cell);
  }

  /** The cells the checks of `attempt` start from whose code on screen is the reader's, not the chapter's. */
  editedAbove(attempt: Cell): Cell[] {
    return checkContext(this.runnable, attempt).filter((c) => c.modified);
  }

  /** Runs one cell in the kernel and shows its result (the scheduler calls it; see Ran). */
  async #runCell(cell: Cell, current: () => boolean): Promise<Ran> {
    const code = cell.code;
    // "Every cell is marked not run" stops being true with the first run after the restart.
    if (this.#controlsStatus?.textContent === RESTARTED) this.#controlsStatus.textContent = '';
    cell.setNotice(null);
    cell.setCrashedRun(null);
    cell.setState('running');
    const sanitizer = chartSanitizer();
    const cells = this.typeCheck.cellsForRun(cell, code);
    let outcome: RunOutcome;
    const mark = this.#mark(cell, 'run');
    try {
      outcome = await this.kernel.run(cell.id, code, { label: cell.label, withhold: cell.withhold, allow: cell.allow });
    } catch (error) {
      outcome = {
        kind: 'stopped',
        reason: 'crash',
        message: `The code runner could not start: ${(error as Error).message}`,
      };
    } finally {
      this.#unmark(mark);
    }
    if (!current()) return 'stopped'; // restarted meanwhile: the page has moved on
    if (cell.part('[data-limit]')) cell.setNotice(null); // the question at the time limit is answered
    if (outcome.kind === 'stopped') {
      const culprit = outcome.culprit !== undefined ? this.find(outcome.culprit) : undefined;
      this.afterRestart(cell, culprit ? TIMER_HANG : outcome.message, culprit);
      return 'stopped';
    }
    this.#count += 1;
    const { result } = outcome;
    const sanitizeChart = await sanitizeChartsInSteps(result.outputs, await sanitizer);
    if (!current()) return 'stopped';
    cell.ranCode = code;
    cell.outputCode = code;
    cell.lastError = result.status === 'error' ? (result.error ?? null) : null;
    // A cell with a syntax error reports no names; keep what it had, so dependents still link.
    if (result.status === 'ok' || result.defines.length || result.uses.length) {
      cell.defines = result.defines;
      cell.uses = result.uses;
      cell.imports = result.imports ?? [];
      cell.writes = result.writes ?? [];
    }
    const html = renderCellOutput(result, sanitizeChart);
    const types = this.typeCheck.forRun(cell, code, cells);
    cell.setOutput(
      (types.known ? renderTypeErrors(types.known) : '') + (html || '<p class="nb-empty">(no output)</p>'),
    );
    const count = this.#count;
    const shown = ++this.#runsShown;
    this.#shownRun.set(cell, shown);
    if (types.list && !types.known) {
      const generation = this.generation;
      void this.typeCheck
        .later(cell, cells, () => generation === this.generation && this.#shownRun.get(cell) === shown)
        .then((diagnostics) => {
          if (diagnostics) cell.prependOutput(renderTypeErrors(diagnostics));
        });
    }
    cell.setCount(count);
    const seconds =
      result.durationMs >= 1000 ? ` in ${formatReading(result.durationMs / 1000, { decimals: 1 })} s` : '';
    cell.setState(result.status === 'ok' ? 'ran' : 'error', result.status === 'ok' ? `ran${seconds}` : 'error');
    if (cell.code !== code) cell.refreshModified();
    if (result.status === 'error' && code === cell.original && !cell.expectError && !cell.exercise)
      offerRestart(this, cell);
    // A cell meant to show an error has done its job when it fails.
    return result.status === 'ok' || cell.expectError ? 'ok' : 'failed';
  }

  /**
   * The code runner was replaced: say so, mark what it knew stale, and offer the rerun
   * (recovery.ts). `stopped` is the cell whose run was ended; `culprit` the cell whose timer hung.
   */
  afterRestart(stopped: Cell | null, message: string, culprit?: Cell) {
    afterRestart(this, stopped, message, culprit);
  }

  /** A timer of `cellId` hung the runner while nothing ran: that cell shows the stop. */
  timerHung(cellId: string) {
    const culprit = this.find(cellId);
    if (culprit) this.afterRestart(null, TIMER_HANG, culprit);
  }
}
