// A second run of an exercise's checks at points drawn apart from the code's own (RunOptions.probe):
// not for the verdict, which the code's own points give, the same at every check; for finding a
// mistake those points happen to miss. The review page makes one for every answer it grades
// (review.ts), and "Check my answer" for an answer that passed (exercises.ts), so that a student
// hears of it before the teacher does.

import type { CheckResult } from './check-report.ts';
import { renderChecklist } from './render.ts';

/**
 * What a second run found: `failed` holds the checks that passed at the code's own points and
 * fail at the second run's, as that run reports them (with what they got and the points drawn),
 * and `message` why the run did not finish there (the code raised, or stopped at the time limit),
 * when it did not; `seed` is the text its points were drawn from, to try them again.
 */
export interface ProbeOutcome {
  failed: CheckResult[];
  message?: string;
  seed?: string;
  /** Why there was no second run, when there could be none (the file's time was spent): said, never silent. */
  notRun?: string;
}

/** A text no answer can know beforehand, for the points of a second run. */
export function freshProbeSeed(): string {
  return [...crypto.getRandomValues(new Uint32Array(4))].map((n) => n.toString(16)).join('-');
}

/**
 * What a second run (its `results`, and `stopped`: why it did not finish, if it did not) says of
 * the graded one (`graded`, its results): the checks that passed in the graded run and fail in
 * the second, matched by label and, among checks of one label, by order.
 */
export function probeOutcome(graded: readonly CheckResult[], results: readonly CheckResult[], stopped?: string): ProbeOutcome {
  const passed = new Map<string, number>();
  for (const r of graded) if (r.pass) passed.set(r.label, (passed.get(r.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const failed = results.filter((r) => {
    const nth = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, nth);
    return !r.pass && nth <= (passed.get(r.label) ?? 0);
  });
  return stopped === undefined ? { failed } : { failed, message: stopped };
}

/** Whether a second run found the code failing where its own points did not (a check, or not finishing). */
export const foundFailing = (probe: ProbeOutcome | undefined): boolean => probe !== undefined && (probe.failed.length > 0 || probe.message !== undefined);

/** "fails 2 checks that it passes at its own points": what a second run found, as both notes of it say it. */
export const failsAtOtherPoints = (failed: readonly CheckResult[]): string =>
  `fails ${failed.length === 1 ? 'a check' : `${failed.length} checks`} that it passes at its own points`;

/** The checks a second run failed, under "At the points drawn `at`, these checks fail:" (`at`: "for this review", "just now"). */
export function failedChecklist(failed: CheckResult[], at: string): string {
  return renderChecklist(failed, `At the points drawn ${at}, ${failed.length === 1 ? 'this check fails' : 'these checks fail'}:`);
}
