// How an exercise's checks run: as one more cell in the page's kernel, right after the reader's
// attempt, so they see exactly the names the reader defined. The same wrapping is used at build
// time (to prove the solution passes and the starter does not) and in the page.
import type { CellResult } from './kernel.ts';
import { isCheckReport, type CheckResult } from './check-report.ts';

/** The checks cell: a fresh list, the author's checks, and the report as the cell's value. */
export function checksSource(checks: string): string {
  return `check.begin(); ${checks}\ncheck.report()`;
}

export interface CheckOutcome {
  passed: boolean;
  results: CheckResult[];
  /** Set when the checks could not finish: the reader's code threw, or a name is missing. */
  error?: { name: string; message: string };
}

/** Reads a checks cell's result: did every check pass? */
export function checkOutcome(result: CellResult): CheckOutcome {
  const report = result.outputs.find((item) => item.kind === 'checks');
  const results = report && report.kind === 'checks' ? report.results : [];
  if (result.status === 'error' || !report) {
    return { passed: false, results, error: result.error ? { name: result.error.name, message: result.error.message } : { name: 'Error', message: 'the checks did not report' } };
  }
  return { passed: results.length > 0 && results.every((r) => r.pass), results };
}

export { isCheckReport };
