// Every message between a page and its notebook worker. Plain, structured-clone-safe data.

import type { CellResult } from './kernel.ts';
import type { CompiledCell } from './transform.ts';

// The result's parts, re-exported so the page needs only this file for the worker's types.
export type { CellResult } from './kernel.ts';
export type { DisplayItem } from './display.ts';
export type { CellError } from './errors.ts';

/** Page → worker. */
export type WorkerRequest =
  /**
   * Run a cell in the shared scope; the reply carries the same runId. With `checks`, the source
   * is an exercise's checks: `check` is in scope for this run alone and the result carries them;
   * `attempt` names the attempt's cell; `compiled` is the cell compiled ahead (see RunOptions in
   * kernel.ts).
   */
  | { type: 'run'; runId: number; cellId: string; source: string; checks?: boolean; attempt?: string; quiet?: boolean; compiled?: CompiledCell }
  /** Forget every name (the page will rerun what it needs). */
  | { type: 'reset' }
  /** Start loading Plot now, beside any runs, so the first chart does not wait for it. */
  | { type: 'preload' };

/** Worker → page. */
export type WorkerResponse =
  /** The worker has loaded its modules and can take runs. */
  | { type: 'ready' }
  | { type: 'result'; runId: number; result: CellResult };
