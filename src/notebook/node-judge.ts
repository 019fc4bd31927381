/**
 * Judges code against an exercise in Node, exactly as the page's "Check my answer" and the
 * teacher's review do: in a scope of its own, the chapter's cells above the exercise (quietly),
 * then the attempt (with the exercise's withheld names withheld), then the chapter's cells again,
 * then the checks. The build uses
 * it to prove every solution passes and every starter fails (remark-cells.mjs), the teacher's
 * guide to list what each check tests (the labels of the solution's run), and the tests.
 */
import { openNodeKernel, type NodeKernel } from './node-runner.ts';
import { checkOutcome, type CheckOutcome } from './exercise.ts';
import type { CellResult } from './kernel.ts';
import type { Allowed } from './withhold.ts';

export interface JudgedExercise {
  id: string;
  /** The cells the exercise is judged after, in run order (see contextOf in notebook-syntax.ts). */
  context: readonly { id: string; source: string }[];
  checks: string;
  /** Names the attempt may not use; none when absent. */
  withhold?: readonly string[];
  /** The `nn` exports the attempt may use (every other one withheld); all of `nn` when absent. */
  allow?: Allowed;
}

export interface Judgement {
  /** The attempt's own run. */
  code: CellResult;
  /** The checks' verdict; when the attempt failed to run, the checks did not run either. */
  outcome: CheckOutcome;
}

let scopes = 0;

/**
 * Runs `code` as the attempt at `exercise` and its checks. With a `kernel`, in a fresh scope of
 * that thread (forgotten afterwards); without one, in a thread of its own.
 */
export async function judgeInNode(exercise: JudgedExercise, code: string, kernel?: NodeKernel): Promise<Judgement> {
  const own = kernel ?? (await openNodeKernel());
  const scope = `judge-${++scopes}`;
  const attempt = `ex-${exercise.id}`;
  try {
    for (const cell of exercise.context) await own.run(cell.id, cell.source, { scope, quiet: true });
    const ran = await own.run(attempt, code, { scope, attempt, withhold: exercise.withhold, allow: exercise.allow });
    if (ran.status === 'error') {
      return { code: ran, outcome: { passed: false, results: [], error: { name: ran.error!.name, message: ran.error!.message } } };
    }
    // The chapter's cells again, so the checks compare with fresh values, not objects the
    // attempt changed in place (as the page and the review do).
    for (const cell of exercise.context) await own.run(cell.id, cell.source, { scope, quiet: true });
    const checks = await own.run(`${attempt}-checks`, exercise.checks, { scope, checks: true, attempt });
    return { code: ran, outcome: checkOutcome(checks) };
  } finally {
    if (kernel) kernel.reset(scope);
    else await own.close();
  }
}

// One judgement of each solution per process: the build's remark plugin proves each solution and
// the teacher's guide lists the checks that run made; whichever asks first runs it. The map lives
// on globalThis because the plugin and the pages are loaded as separate module instances.
const MEMO = Symbol.for('nn-from-scratch.solution-judgements');
const memo: Map<string, Promise<Judgement>> = ((globalThis as Record<symbol, unknown>)[MEMO] ??= new Map()) as Map<string, Promise<Judgement>>;

/** The judgement of an exercise's solution, run once per process for the same exercise text. */
export function judgeSolution(exercise: JudgedExercise & { solution: string }): Promise<Judgement> {
  const key = solutionKey(exercise);
  let judged = memo.get(key);
  if (!judged) {
    judged = judgeInNode(exercise, exercise.solution);
    memo.set(key, judged);
    judged.catch(() => memo.delete(key)); // a crashed thread is not remembered as the verdict
  }
  return judged;
}

/**
 * Takes `judgement` as the judgement of this solution, made earlier on the same inputs (the
 * build's chapter cache, chapter-cache.ts), so judgeSolution does not run it again.
 */
export function rememberSolution(exercise: JudgedExercise & { solution: string }, judgement: Judgement): void {
  memo.set(solutionKey(exercise), Promise.resolve(judgement));
}

function solutionKey(exercise: JudgedExercise & { solution: string }): string {
  // Only what the run reads: the build's plugin, the review manifest and the guide describe the
  // same context cells with different extra fields (names defined, effects proven).
  const context = exercise.context.map((cell) => [cell.id, cell.source]);
  return JSON.stringify([exercise.id, context, exercise.solution, exercise.checks, exercise.withhold, exercise.allow]);
}
