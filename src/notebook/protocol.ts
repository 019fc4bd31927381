// Every message between a page and its notebook worker. Plain, structured-clone-safe data.

import type { CellResult, RunOptions } from './kernel.ts';
import type { DisplayItem } from './display.ts';
import type { CellError } from './errors.ts';

// The result's parts, re-exported so the page needs only this file for the worker's types.
export type { CellResult } from './kernel.ts';
export type { DisplayItem } from './display.ts';
export type { CellError } from './errors.ts';

/**
 * A run's options (see RunOptions in kernel.ts), and which scope it runs in. The worker keeps
 * any number of scopes, each a kernel of its own with its own names: the page's cells run in
 * "page" (the default); an exercise's checks are judged in a scope built afresh for them
 * ("check"), so nothing the reader ran earlier, below, or in another order can decide them.
 */
export interface HostRunOptions extends RunOptions {
  scope?: string;
}

/** Page → worker. */
export type WorkerRequest =
  /**
   * Run a cell in a scope; the reply carries the same runId. With `checks`, the source is an
   * exercise's checks: `check` is in scope for this run alone and the result carries them;
   * `attempt` names the attempt's cell.
   */
  | { type: 'run'; runId: number; cellId: string; source: string; options?: HostRunOptions }
  /**
   * Forget every name of one scope; without `scope`, of every scope, and cancel every timer
   * cells left running (a restarted kernel).
   */
  | { type: 'reset'; scope?: string }
  /** Forget the names one cell defined in the page's scope (the cell was deleted). */
  | { type: 'forget'; cellId: string }
  /** Cancels the timers a page cell has waiting (its intervals too), as a rerun would, keeping its names. */
  | { type: 'stop-timers'; cellId: string }
  /** Start loading Plot now, beside any runs, so the first chart does not wait for it. */
  | { type: 'preload' }
  /**
   * Answer at once with 'pong' (not queued behind runs). Sent when a run reaches its time limit:
   * a worker stuck computing (a loop, or a promise chain that never yields) cannot read it, so no
   * answer means it was running; an answer means it was free, the run waiting on something.
   */
  | { type: 'ping'; id: number };

/** Worker → page. */
export type WorkerResponse =
  /** The worker has loaded its modules and can take runs. */
  | { type: 'ready' }
  /**
   * The worker has taken run `runId`: sent before anything else, so a run that is never taken
   * shows that the worker was still busy with what an earlier run left behind (a promise chain
   * or a timer that never ends), and that earlier cell is blamed, not this one.
   */
  | { type: 'started'; runId: number }
  | { type: 'result'; runId: number; result: CellResult }
  /**
   * Output or an error of a page cell's timer or promise after its run ended: shown under that
   * cell, marked late. (Runs in other scopes, and quiet runs, have no late output.)
   */
  | { type: 'late'; cellId: string; item?: DisplayItem; error?: CellError }
  /**
   * Work of `cellId` begins (busy: a callback of a timer it started; or its run has just ended,
   * and what the run queued goes on) or is over (sent from a later task of the worker's, so only
   * once the promise jobs that work queued have run too): while one is busy the worker can take
   * nothing else, so a hang is blamed on that cell, not on the next run.
   */
  | { type: 'timer'; cellId: string; busy: boolean }
  /**
   * Whether a page cell has timers waiting to run (an interval, a timeout not yet due), said when
   * that changes: the cell shows it, with a way to stop them, after its run has ended.
   */
  | { type: 'timers'; cellId: string; live: boolean }
  /**
   * The answer to 'ping' `id`. `sinceTimerMs`: milliseconds since a callback of a timer the run in
   * progress started last began or ended (Infinity if none has run; other cells' timers do not
   * count): a run whose timers have all been quiet for a while is waiting on a promise that never
   * settles, not yielding between the steps of long work.
   */
  | { type: 'pong'; id: number; sinceTimerMs: number };
