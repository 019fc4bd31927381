/**
 * What the teacher's guide says about an exercise's checks: each check the solution's run made,
 * by its label, with the value it expects when that is short enough to read in a list. Taken
 * from running the checks (node-judge.ts), never from their source text, so a label built in a
 * loop reads "slope at w = -1", and check.that(condition, "label") is listed like any other.
 */
import type { CheckResult } from '../notebook/check-report.ts';

export interface GuideCheck {
  label: string;
  /** What the check expects, as the checks describe it; left out when longer than a list can show, or cut short. */
  expected?: string;
}

/** Longest expected value the guide shows beside a label (a matrix is described, not printed). */
export const GUIDE_EXPECTED_CHARS = 40;

/** The solution's check results → the guide's list, in the order the checks ran. */
export function guideChecks(results: readonly CheckResult[]): GuideCheck[] {
  return results.map((r) => {
    // A check at values drawn for its run expects what follows from them: another value in
    // each run, so none the guide can list (it listed "expects 515.214" for one build's draw).
    const expected = r.expected === undefined || r.drawn !== undefined ? undefined : readable(r.expected);
    return { label: r.label, ...(expected !== undefined && expected.length <= GUIDE_EXPECTED_CHARS && !expected.includes('…') ? { expected } : {}) };
  });
}

/** A value as the checks described it, with a text's quotes dropped ("at most 70 steps"). */
function readable(described: string): string {
  if (!/^".*"$/.test(described)) return described;
  try {
    const text: unknown = JSON.parse(described);
    return typeof text === 'string' ? text : described;
  } catch {
    return described;
  }
}
