// How an exercise's checks run: as one more run in the page's kernel, right after the reader's
// attempt, so they see exactly the names the reader defined, with `check` in scope for that run
// alone (kernel.ts, `checks: true`). The kernel reads the verdicts from the round of checks it
// made, where the checked code cannot reach them. The same reading is used at build time (to
// prove the solution passes and the starter does not), in the page and on the review page.
import type { CellResult } from './kernel.ts';
import type { CheckResult } from './check-report.ts';
import type { CellError } from './errors.ts';

/** The cell id an exercise's checks run under. */
export const checksCellId = (exercise: string) => `ex-${exercise}-checks`;

/** Where the build's manifest keeps the compilation of a chapter's cell (or of its checks, by checksCellId). */
export const compiledKey = (chapter: string, cellId: string) => `${chapter}/${cellId}`;

export interface CheckOutcome {
  passed: boolean;
  results: CheckResult[];
  /** Set when the checks could not finish: the reader's code threw, or a name is missing (with where, when known: see checksErrorSource). */
  error?: CellError;
}

/** Reads the result of a checks run: did every check pass? */
export function checkOutcome(result: CellResult): CheckOutcome {
  const results = result.checks ?? [];
  if (result.status === 'error' || !result.checks) {
    return { passed: false, results, error: result.error ? { ...result.error } : { name: 'Error', message: 'the checks did not report' } };
  }
  return { passed: results.length > 0 && results.every((r) => r.pass), results };
}

// ---------- what "Check my answer" says about a check that could not judge plainly ----------

/** An error as one line for a sentence: `TypeError: x is not a function (line 3)`. */
export function errorLine(error: CellError, where = 'line'): string {
  return `${error.name}: ${error.message}${error.line !== undefined ? ` (${where} ${error.line})` : ''}`;
}

/**
 * Whose code a checks run's error came from: the attempt's (a function of it threw when the
 * checks called it), or the checks' own (they stopped on what the attempt gave them, or on a name
 * it does not define). Read from the error's cell frames (kernel.ts, runtimeError): the
 * innermost frame is the first, and names its cell when that is not the checks.
 */
export function checksErrorSource(error: CellError, attemptId: string): { whose: 'attempt' | 'checks'; line?: number } {
  const first = error.stack?.split('\n')[0] ?? '';
  const inAttempt = new RegExp(`\\(cell ${attemptId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line (\\d+):\\d+\\)$`).exec(first);
  if (inAttempt) return { whose: 'attempt', line: Number(inAttempt[1]) };
  return { whose: 'checks', ...(error.line !== undefined ? { line: error.line } : {}) };
}

/** The sentence for an error that ended a checks run (see checksErrorSource). */
export function checksErrorSentence(error: CellError, attemptId: string): string {
  const { whose, line } = checksErrorSource(error, attemptId);
  const what = `${error.name}: ${error.message}`;
  const end = /[.?!]$/.test(what) ? '' : '.'; // the message's own full stop ends the sentence
  if (whose === 'attempt') return line !== undefined ? `While checking, your code raised ${what} (line ${line} of your code).` : `While checking, your code raised ${what}${end}`;
  const at = line !== undefined ? ` at line ${line} of “What the checks test”` : '';
  if (error.name === 'ReferenceError') return `The checks could not run${at}: ${what}${end}`;
  if (error.returnedNothing) {
    return `Your ${error.returnedNothing} returned undefined when the checks called it: does every way through it end with return? The checks stopped${at} on that, with ${what}${end}`;
  }
  return `The checks stopped${at} with ${what}${end} They stop like this when your code gives them something other than what they test (a value of another kind or shape), so look at what your code returns.`;
}

/**
 * A chapter cell above the exercise fails on the page, so the attempt did not run there: which
 * cell and why, and that the checks judged the attempt anyway, after the chapter's own cells.
 */
export function failedAboveSentence(label: string, error: CellError | null): string {
  const why = error ? `: ${errorLine(error)}` : '';
  return `${label} above fails on this page${why}. Fix it, or revert your edits above it, to run your code here. The checks ran your code after the chapter’s own cells, as the book ships them, which is also how a teacher’s review judges it.`;
}

/** Cells above the exercise that the reader edited: the checks used the chapter's code for them. */
export function editedAboveSentence(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  const list = new Intl.ListFormat('en', { type: 'conjunction' }).format(labels);
  return `You edited ${list} above: the checks ran your code after the chapter’s own code for ${labels.length === 1 ? 'it' : 'them'}, as the book ships it, which is also how a teacher’s review judges it.`;
}
