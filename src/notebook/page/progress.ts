/**
 * Exercise status and chapter progress, kept in localStorage next to the drafts. Status moves
 * not started → attempted (edited or checked) → passed (every check passed once). A pass is
 * never taken back by later edits: the reader did solve it. But a hand-in says "passed" only
 * for the code that passed, so the record keeps that code's fingerprint.
 */
import { loadValue, removeValue, saveValue } from './storage.ts';
import { hashSource } from '../hash.ts';

export type ExerciseStatus = 'not-started' | 'attempted' | 'passed';

export interface ExerciseRecord {
  status: 'attempted' | 'passed';
  /** When the status last changed (ISO 8601). */
  updated: string;
  /** Fingerprint (hashSource) of the code that last passed every check. Records made before it existed lack it. */
  passed?: string;
}

const isRecord = (v: unknown): v is ExerciseRecord =>
  typeof v === 'object' && v !== null && ((v as ExerciseRecord).status === 'attempted' || (v as ExerciseRecord).status === 'passed') &&
  typeof (v as ExerciseRecord).updated === 'string' && ['string', 'undefined'].includes(typeof (v as ExerciseRecord).passed);

export const exerciseKey = (chapter: string, id: string) => `exercise:${chapter}:${id}`;

export function exerciseRecord(chapter: string, id: string): ExerciseRecord | null {
  return loadValue(exerciseKey(chapter, id), isRecord);
}

export function exerciseStatus(chapter: string, id: string): ExerciseStatus {
  return exerciseRecord(chapter, id)?.status ?? 'not-started';
}

/**
 * Records an edit or a check. `code` is the code that was checked: a pass records its
 * fingerprint, and a later pass with other code replaces it.
 */
export function recordExercise(chapter: string, id: string, status: 'attempted' | 'passed', code?: string): ExerciseStatus {
  const current = exerciseRecord(chapter, id);
  const passed = status === 'passed' && code !== undefined ? hashSource(code) : undefined;
  if (current?.status === 'passed' && (status === 'attempted' || passed === undefined || passed === current.passed)) return 'passed';
  if (current?.status === status && status === 'attempted') return status;
  const record: ExerciseRecord = { status, updated: new Date().toISOString(), ...(passed ? { passed } : {}) };
  saveValue(exerciseKey(chapter, id), record);
  return status;
}

/**
 * Puts back a record taken earlier with exerciseRecord (null: not started), for Revert, which
 * undoes the edits that made an exercise "attempted". Returns the status it restores.
 */
export function restoreExercise(chapter: string, id: string, record: ExerciseRecord | null): ExerciseStatus {
  if (record) saveValue(exerciseKey(chapter, id), record);
  else removeValue(exerciseKey(chapter, id));
  return record?.status ?? 'not-started';
}

/**
 * What a hand-in says the browser recorded for this code: "passed" only when this very code
 * passed, "attempted" when the exercise was worked on (or the code is not the starter), else
 * "not started". A pass recorded for other code, or with no fingerprint, is not claimed.
 */
export function recordedFor(record: ExerciseRecord | null, code: string, starter: string): ExerciseStatus {
  if (record?.status === 'passed' && record.passed === hashSource(code)) return 'passed';
  if (record || code !== starter) return 'attempted';
  return 'not-started';
}

export const STATUS_LABEL: Record<ExerciseStatus, string> = {
  'not-started': 'not started',
  attempted: 'attempted',
  passed: 'passed',
};
