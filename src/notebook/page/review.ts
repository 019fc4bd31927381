/**
 * The teacher's review: hand-in files in, a class table out. Every check is run again on each
 * student's code in a fresh scope (the chapter's cells before the exercise, the student's code,
 * then the checks), in this browser's sandboxed worker. What the student's browser recorded is
 * shown beside the rerun and never trusted: a recorded pass that does not hold is flagged.
 */
import { checkOutcome } from '../exercise.ts';
import type { CheckResult } from '../check-report.ts';
import type { ExerciseManifest, ExerciseManifestEntry } from '../../chapters/manifest.ts';
import { KernelClient } from './kernel-client.ts';
import { parseSubmission, type Submission, type SubmittedExercise } from './assignment.ts';

export type Verdict = 'passed' | 'failed' | 'error' | 'unknown';

export interface ReviewedExercise {
  work: SubmittedExercise;
  entry: ExerciseManifestEntry | undefined;
  verdict: Verdict;
  results: CheckResult[];
  message?: string;
  /** The student's browser said "passed" but the rerun does not agree. */
  flagged: boolean;
}

export interface ReviewedSubmission {
  file: string;
  submission: Submission;
  exercises: ReviewedExercise[];
  /** The exercises changed since the student worked on them. */
  versionDiffers: boolean;
}

export type FileOutcome = { file: string; ok: true; review: ReviewedSubmission } | { file: string; ok: false; message: string };

export class Reviewer {
  #kernel = new KernelClient({ timeLimitMs: 20_000 });
  #manifest: ExerciseManifest;

  constructor(manifest: ExerciseManifest) {
    this.#manifest = manifest;
  }

  async reviewFile(name: string, text: string): Promise<FileOutcome> {
    let submission: Submission;
    try {
      submission = parseSubmission(text);
    } catch (error) {
      return { file: name, ok: false, message: `${name}: ${(error as Error).message}.` };
    }
    const exercises: ReviewedExercise[] = [];
    for (const work of submission.work) exercises.push(await this.#recheck(work));
    return { file: name, ok: true, review: { file: name, submission, exercises, versionDiffers: submission.contentVersion !== this.#manifest.contentVersion } };
  }

  async #recheck(work: SubmittedExercise): Promise<ReviewedExercise> {
    const entry = this.#manifest.exercises.find((e) => e.chapter === work.chapter && e.id === work.exercise);
    const done = (verdict: Verdict, results: CheckResult[], message?: string): ReviewedExercise =>
      ({ work, entry, verdict, results, message, flagged: work.recorded === 'passed' && verdict !== 'passed' });
    if (!entry) return done('unknown', [], 'This exercise is not in this version of the book.');
    this.#kernel.reset();
    for (const cell of entry.context) {
      const outcome = await this.#kernel.run(cell.id, cell.source);
      if (outcome.kind === 'stopped') return done('error', [], `The chapter’s cells could not run: ${outcome.message}`);
    }
    const code = await this.#kernel.run(`ex-${entry.id}`, work.code);
    if (code.kind === 'stopped') return done('error', [], code.message);
    if (code.result.status === 'error') {
      const e = code.result.error!;
      return done('error', [], `The code stops with ${e.name}: ${e.message}${e.line ? ` (line ${e.line})` : ''}`);
    }
    const checks = await this.#kernel.run(`ex-${entry.id}-checks`, entry.checks, { checks: true, attempt: `ex-${entry.id}` });
    if (checks.kind === 'stopped') return done('error', [], checks.message);
    const outcome = checkOutcome(checks.result);
    if (outcome.error) return done('error', outcome.results, `While checking, the code raised ${outcome.error.name}: ${outcome.error.message}`);
    return done(outcome.passed ? 'passed' : 'failed', outcome.results);
  }

  dispose() {
    this.#kernel.dispose();
  }
}
