/**
 * The page's run queue: one cell runs at a time, in the order ../schedule.ts decides, and every
 * cell's state says where it is in that order.
 *
 * - A cell asked to run while another runs (or Run all, or an exercise's checks) shows "queued"
 *   at once. Run all shows every cell it will run as queued; a Run pressed on one of those
 *   waits for Run all rather than running the cell a second time.
 * - Stop on a waiting cell ends the request it waits in (its own run and the cells it runs
 *   first, or the rest of a Run all): none of them starts, the cell running now finishes, and
 *   each gets back the state it had.
 * - Running a cell first runs what it needs (schedule.needsBefore); if one of those fails, the
 *   cell does not run and says which cell to fix first.
 * - After a cell ran, the cells below that use what it defines are marked stale and rerun
 *   (schedule.rerunAfter); after a failure they stay stale and say so. That holds for every
 *   cell a request runs: a cell run first reruns the cells that use it before the cell asked
 *   for (or after, if they are below it), and a cell that Run above or a rerun list runs marks
 *   the ones it does not run stale.
 * - A run the code runner stopped (the reader's Stop, the time limit) cancels the rest of that
 *   request; a restart (restart()) drops everything queued before it.
 *
 * It touches no page: the cells paint their own states, and the notebook runs one cell and
 * shows its result (`runCell`).
 */
import { escapeHtml } from '../../lib/html.ts';
import type { CellError } from '../errors.ts';
import { errorLine } from '../exercise.ts';
import {
  needsBefore,
  notRunLabel,
  notRunState,
  pageOrder,
  rerunAfter,
  runAboveOrder,
  type RunState,
  type ScheduleCell,
} from '../schedule.ts';
import { gives } from '../graph.ts';

/** What a cell that will rerun because a name it uses changed says meanwhile. */
const RERUNNING = 'rerunning: uses a changed name';
/** What a cell says when a name it uses changed and this request does not rerun it. */
const STALE_UNRUN = 'stale: a cell it uses reran';

/** What the queue needs of a cell. */
export interface QueuedCell extends ScheduleCell {
  readonly label: string;
  /** The error of the cell's last run, when it failed: a cell refused because of it says why. */
  readonly lastError?: CellError | null;
  setState(state: RunState, detail?: string): void;
  /** A message in the cell's notice area (HTML from escaped parts), or null to clear it. */
  setNotice(html: string | null, tone?: 'info' | 'warn' | 'error'): void;
}

/**
 * What one cell's run came to: `ok` (it ran, or failed as a cell meant to fail), `failed` (its
 * code threw: the reader sees the error), or `stopped` (the code runner was stopped or could not
 * start, and was restarted).
 */
export type Ran = 'ok' | 'failed' | 'stopped';

export interface SchedulerHost<C> {
  /** The page's runnable cells in page order, as they are now. */
  cells(): readonly C[];
  /**
   * Runs one cell and shows its result; called only while no other cell runs. `current()` turns
   * false when the runner was restarted meanwhile: the result belongs to the old one and must
   * not touch the page.
   */
  runCell(cell: C, current: () => boolean): Promise<Ran>;
  /**
   * The queue has work (true) or has none left (false, once whenIdle() resolves): the page holds
   * back what would compete with a run for the CPU meanwhile (the offline copy's first download).
   */
  busyChanged?(busy: boolean): void;
}

/** One request of the reader's (a Run, a Run all): the cells it shows as waiting, and whether a Stop ended it. */
interface Request<C> {
  /** Each cell the request marked queued, with the state to give back if it never runs. */
  waiting: Map<C, RunState>;
  dropped: boolean;
}

export class Scheduler<C extends QueuedCell> {
  readonly #host: SchedulerHost<C>;
  #queue: Promise<void> = Promise.resolve();
  #running: C | null = null;
  /** The exercise attempt whose checks run now (see check()). */
  #checking: C | null = null;
  /** The runner was stopped during the current request: the rest of it does not run. */
  #cancelled = false;
  /** Requests (runs, Run alls, checks) made and not finished. */
  #busy = 0;
  /** Requests not finished, each cell waiting in one under it (see dequeue). */
  #requests = new Map<C, Request<C>>();
  /** Bumped by restart(): runs queued or running before it must not touch the page after it. */
  #generation = 0;
  /** The host was told the queue has work, and not yet that it has none (see #working). */
  #toldBusy = false;
  /** For a cell whose last requested run did not happen: the cell it needed that failed. */
  #blockedBy = new WeakMap<C, C>();

  constructor(host: SchedulerHost<C>) {
    this.#host = host;
  }

  /** The cell running now, if any. */
  get running(): C | null {
    return this.#running;
  }

  /** The cell running now, or whose exercise checks run now. */
  get busyCell(): C | null {
    return this.#running ?? this.#checking;
  }

  /** Changes when the code runner is restarted: a run begun before belongs to the old one. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Runs a cell and what it needs, then the cells that depend on it. Runs are serialised: a
   * cell asked to run while another runs shows "queued" at once. Resolves when it is done.
   */
  run(target: C): Promise<void> {
    if (this.#running === target || target.state === 'queued') return this.#queue;
    const request = this.#request();
    if (this.#busy) this.#wait(request, target, 'queued: waits for the cell running now');
    return this.#counted(async () => {
      try {
        if (!request.dropped) await this.#runWithNeeds(target, request);
      } finally {
        this.#settle(request);
      }
    });
  }

  #request(): Request<C> {
    return { waiting: new Map(), dropped: false };
  }

  /** Shows `cell` as waiting in `request`; Stop on it then ends the request (see dequeue). */
  #wait(request: Request<C>, cell: C, detail?: string) {
    if (!request.waiting.has(cell)) request.waiting.set(cell, cell.state === 'queued' ? notRunState(cell) : cell.state);
    this.#requests.set(cell, request);
    cell.setState('queued', detail);
  }

  /** The request is over: each cell still shown waiting in it gets back its state. */
  #settle(request: Request<C>) {
    for (const [cell, before] of request.waiting) {
      if (this.#requests.get(cell) !== request) continue;
      this.#requests.delete(cell);
      if (cell.state !== 'queued') continue;
      if (before === 'idle' || before === 'stale') cell.setState(before, notRunLabel(cell));
      else cell.setState(before);
    }
  }

  /** Queues `step` as one request: counted as work (busy) until it ends; dropped by a restart made before its turn. */
  #counted<T>(step: () => Promise<T | undefined>): Promise<T | undefined> {
    this.#busy += 1;
    const generation = this.#generation;
    const outcome = this.#enqueue(async () => {
      try {
        return generation === this.#generation ? await step() : undefined;
      } finally {
        this.#busy -= 1;
      }
    });
    this.#working();
    return outcome;
  }

  /**
   * Puts `step` at the end of the queue and returns its outcome. The queue itself never stays
   * rejected: a fault of ours in one step (a chart that could not be drawn threw) once left it
   * rejected, and every later Run, Run all and Check on the page did nothing until a reload.
   */
  #enqueue<T>(step: () => Promise<T>): Promise<T> {
    const outcome = this.#queue.then(step);
    this.#queue = outcome.then(
      () => undefined,
      (error: unknown) => console.error('notebook: a step of the run queue failed:', error),
    );
    return outcome;
  }

  /**
   * Stop pressed on a cell that waits for its turn: the request it waits in ends (nothing more
   * of it starts; the cell running now finishes), every cell waiting in it gets back its state,
   * and true is returned. False when it is not waiting (it runs): then the caller stops the code
   * runner.
   */
  dequeue(cell: C): boolean {
    if (this.#running === cell || cell.state !== 'queued') return false;
    const request = this.#requests.get(cell);
    if (request) {
      request.dropped = true;
      this.#settle(request);
    }
    if (cell.state === 'queued') cell.setState(notRunState(cell), notRunLabel(cell));
    return true;
  }

  /**
   * Runs `cells` in the order given, after whatever is queued; stops at the first that fails,
   * except an exercise's attempt (a starter may fail: that is the exercise), and at a stop.
   */
  async runAll(cells: readonly C[]): Promise<void> {
    const request = this.#request();
    for (const cell of cells) if (cell !== this.#running && cell.state !== 'queued') this.#wait(request, cell);
    await this.#counted(async () => {
      const generation = this.#generation;
      this.#cancelled = false; // a new request from the reader: an earlier Stop no longer applies
      try {
        for (const [i, cell] of cells.entries()) {
          if (request.dropped) break;
          if (!request.waiting.has(cell) && cell.state === 'queued') continue; // another request's: it runs there
          const definedBefore = gives(cell);
          const ok = await this.#execute(cell);
          if (generation !== this.#generation) return;
          // Cells that use what it changed and that this list does not run (again) are stale now:
          // "Run above" reran an edited cell, and the cell below kept its old output as "ran".
          const later = new Set(cells.slice(i + 1));
          for (const dependent of rerunAfter(this.#host.cells(), cell, definedBefore)) {
            if (!later.has(dependent) && dependent.state !== 'queued') dependent.setState('stale', STALE_UNRUN);
          }
          if (!ok && (this.#cancelled || !cell.exercise)) break;
        }
      } finally {
        this.#settle(request);
      }
    });
  }

  /** "Run above": every cell above `cell` again, setup cells first (schedule.runAboveOrder). */
  runAbove(cell: C): Promise<void> {
    return this.runAll(runAboveOrder(this.#host.cells(), cell));
  }

  /**
   * Runs `job` (an exercise's checks) after whatever is queued, with `attempt` as the busy cell
   * (the time limit's question goes to it); nothing else runs until it settles.
   */
  check<T>(attempt: C, job: () => Promise<T>): Promise<T> {
    this.#busy += 1;
    const outcome = this.#enqueue(async () => {
      this.#checking = attempt;
      try {
        return await job();
      } finally {
        this.#checking = null;
        this.#busy -= 1;
      }
    });
    this.#working();
    return outcome;
  }

  /** The cell that kept `target`'s last requested run from happening (it ran first and failed), if one did. */
  blocker(target: C): C | undefined {
    return this.#blockedBy.get(target);
  }

  /** Tells the host the queue has work, once, and again that it has none when it is idle. */
  #working() {
    if (this.#toldBusy || !this.#host.busyChanged) return;
    this.#toldBusy = true;
    this.#host.busyChanged(true);
    void (async () => {
      let queue: Promise<void>;
      do {
        queue = this.#queue;
        await this.whenIdle();
      } while (queue !== this.#queue); // work joined while whenIdle's answer reached us
      this.#toldBusy = false;
      this.#host.busyChanged?.(false);
    })();
  }

  /** The code runner is being replaced: whatever is queued or running belongs to the old one. */
  restart() {
    this.#generation += 1;
    for (const request of new Set(this.#requests.values())) request.dropped = true;
    this.#requests.clear();
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

  async #runWithNeeds(target: C, request: Request<C>) {
    this.#cancelled = false;
    const generation = this.#generation;
    if (!this.#host.cells().includes(target)) return; // removed from the page while it waited
    this.#blockedBy.delete(target);
    const plan = needsBefore(this.#host.cells(), target);
    for (const cell of plan) this.#wait(request, cell, 'waiting: runs first');
    this.#wait(request, target);
    /** Cells below `target` that use what a cell run first changed: they rerun after it, with its own dependents. */
    const after = new Set<C>();
    const notRerun = () => {
      for (const c of after) if (c.state === 'stale') c.setState('stale', STALE_UNRUN);
    };
    for (let i = 0; i < plan.length; i++) {
      const cell = plan[i];
      if (request.dropped) return notRerun();
      const definedBefore = gives(cell);
      const ok = await this.#execute(cell);
      if (generation !== this.#generation) return;
      if (ok) {
        // A cell run first changed what cells that have run use: they rerun too, as after any run
        // (rerunAfter). Those above `target` run before it, in the order a full run takes; those
        // below, after it. Only the cells that had not run or were stale ran first once, and a
        // cell between kept what the edited cell's old run gave it, output "ran" and all (red team 35).
        const order = pageOrder(this.#host.cells());
        const before = (c: C) => order.indexOf(c) < order.indexOf(target);
        for (const dependent of rerunAfter(this.#host.cells(), cell, definedBefore)) {
          if (dependent === target || plan.includes(dependent) || after.has(dependent) || dependent.state === 'queued')
            continue;
          dependent.setState('stale', RERUNNING);
          if (!before(dependent)) {
            after.add(dependent);
            continue;
          }
          this.#wait(request, dependent, 'waiting: uses a changed name');
          plan.push(dependent);
          const rest = plan.splice(i + 1).sort((a, b) => order.indexOf(a) - order.indexOf(b));
          plan.push(...rest);
        }
      }
      if (!ok) {
        for (const c of plan) if (c.state === 'queued') c.setState(notRunState(c), notRunLabel(c));
        notRerun();
        target.setState(notRunState(target), 'not run');
        if (!this.#cancelled) {
          this.#blockedBy.set(target, cell);
          // With its error: a red team's student, told only "Cell 4 failed", had broken Cell 3,
          // and Cell 4's error said so ("z1 is not defined — Cell 3 defines it, but its last run failed").
          const why = cell.lastError ? ` (${escapeHtml(errorLine(cell.lastError))})` : '';
          target.setNotice(
            `Not run: <a href="#cell-${escapeHtml(cell.id)}">${escapeHtml(cell.label)}</a> above it, which it may need, failed${why}. Fix that cell first.`,
            'warn',
          );
        }
        return;
      }
    }
    if (request.dropped) return notRerun();
    const definedBefore = gives(target);
    const ok = await this.#execute(target);
    if (generation !== this.#generation) return;
    if (this.#cancelled) return notRerun();
    const ofTarget = rerunAfter(this.#host.cells(), target, definedBefore);
    const order = pageOrder(this.#host.cells());
    const below = [...new Set([...ofTarget, ...after])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const cell of below) {
      if (ok) cell.setState('stale', RERUNNING);
      else cell.setState('stale', ofTarget.includes(cell) ? 'stale: uses a cell that failed' : STALE_UNRUN);
    }
    if (!ok) return;
    for (const [i, cell] of below.entries()) {
      if (cell.state !== 'stale') continue;
      if (!(await this.#execute(cell))) {
        for (const later of below.slice(i + 1))
          if (later.state === 'stale') later.setState('stale', 'stale: uses a cell that failed');
        break;
      }
    }
  }

  /** Runs one cell; true if it ran (even with an error the reader should see). */
  async #execute(cell: C): Promise<boolean> {
    if (this.#cancelled) return false;
    const generation = this.#generation;
    const current = () => generation === this.#generation;
    this.#running = cell;
    let ran: Ran;
    try {
      ran = await this.#host.runCell(cell, current);
    } catch (error) {
      // A fault of ours while showing the result: the cell says so, and the queue goes on.
      console.error(`notebook: running ${cell.label} failed:`, error);
      if (!current()) return false;
      cell.setState('error', 'error');
      cell.setNotice(
        `The page could not show this run's result (${escapeHtml(String((error as Error)?.message ?? error))}). Run the cell again; if this comes back, reload the page: your code is kept.`,
        'error',
      );
      ran = 'failed';
    } finally {
      this.#running = null;
    }
    if (!current()) return false; // restarted meanwhile: the page has moved on
    if (ran === 'stopped') this.#cancelled = true;
    return ran === 'ok';
  }
}
