// How an exercise's checks run: as one more run in the page's kernel, right after the reader's
// attempt, so they see exactly the names the reader defined, with `check` in scope for that run
// alone (kernel.ts, `checks: true`). The kernel reads the verdicts from the round of checks it
// made, where the checked code cannot reach them. The same reading is used at build time (to
// prove the solution passes and the starter does not), in the page and on the review page.
import type { CellResult } from './kernel.ts';
import type { CheckResult } from './check-report.ts';

/** The cell id an exercise's checks run under. */
export const checksCellId = (exercise: string) => `ex-${exercise}-checks`;

/** Where the build's manifest keeps the compilation of a chapter's cell (or of its checks, by checksCellId). */
export const compiledKey = (chapter: string, cellId: string) => `${chapter}/${cellId}`;

export interface CheckOutcome {
  passed: boolean;
  results: CheckResult[];
  /** Set when the checks could not finish: the reader's code threw, or a name is missing. */
  error?: { name: string; message: string };
}

/** Reads the result of a checks run: did every check pass? */
export function checkOutcome(result: CellResult): CheckOutcome {
  const results = result.checks ?? [];
  if (result.status === 'error' || !result.checks) {
    return { passed: false, results, error: result.error ? { name: result.error.name, message: result.error.message } : { name: 'Error', message: 'the checks did not report' } };
  }
  return { passed: results.length > 0 && results.every((r) => r.pass), results };
}
