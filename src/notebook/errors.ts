// The one error shape the notebook shows a reader. It is plain data so it can cross the
// worker boundary (structured clone drops everything but name/message/stack from Error
// objects) and be rendered the same way at build time and in the browser.

export interface CellError {
  name: string;
  message: string;
  /** 1-based line in the reader's own code, when the error can be placed. */
  line?: number;
  /** 1-based column in the reader's own code. */
  column?: number;
  /** The offending line with a caret under the column, one line of context either side. */
  frame?: string;
  /** Cell frames only ("at f (line 3:5)"), when more than one call led to the error. */
  stack?: string;
  /**
   * On an error that ended a run of checks: the attempt's function whose last call by the checks
   * returned undefined, most likely what the checks stopped on (checksErrorSentence says so).
   */
  returnedNothing?: string;
}

export function isCellError(value: unknown): value is CellError {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as CellError).name === 'string' &&
    typeof (value as CellError).message === 'string'
  );
}

/** A CellError placed at (line, column) of `source`, with its code frame. */
export function cellError(name: string, message: string, source: string, line?: number, column?: number): CellError {
  const error: CellError = { name, message };
  if (line !== undefined && column !== undefined) {
    error.line = line;
    error.column = column;
    error.frame = codeFrame(source, line, column);
  }
  return error;
}

/**
 * Babel-style frame:
 *
 *     1 | const a = 1;
 *   > 2 | const b: = 2;
 *       |          ^
 *     3 | const c = 3;
 */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split(/\r\n|\r|\n/);
  const at = Math.min(Math.max(line, 1), lines.length);
  const first = Math.max(1, at - 1);
  const last = Math.min(lines.length, at + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1];
    const marker = n === at ? '>' : ' ';
    out.push(`${marker} ${String(n).padStart(width)} |${text ? ' ' + text : ''}`);
    if (n === at) {
      // Keep tabs under tabs so the caret lines up however wide the reader's tabs are.
      const before = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(width)} | ${before}^`);
    }
  }
  return out.join('\n');
}

/** Levenshtein distance, for "did you mean …?" hints on misspelt names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The closest candidate to `name` if it is plausibly a typo (case-insensitive match or ≤2 edits). */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = name.length <= 3 ? 1 : 2;
  return bestDistance <= limit ? best : undefined;
}
