/**
 * Exercise status and chapter progress, kept in localStorage next to the drafts. Status moves
 * not started → attempted (edited or checked) → passed (every check passed once). A pass is
 * never taken back by later edits: the reader did solve it.
 */
import { loadValue, saveValue } from './storage.ts';

export type ExerciseStatus = 'not-started' | 'attempted' | 'passed';

export interface ExerciseRecord {
  status: 'attempted' | 'passed';
  /** When the status last changed (ISO 8601). */
  updated: string;
}

const isRecord = (v: unknown): v is ExerciseRecord =>
  typeof v === 'object' && v !== null && ((v as ExerciseRecord).status === 'attempted' || (v as ExerciseRecord).status === 'passed') &&
  typeof (v as ExerciseRecord).updated === 'string';

export const exerciseKey = (chapter: string, id: string) => `exercise:${chapter}:${id}`;

export function exerciseStatus(chapter: string, id: string): ExerciseStatus {
  return loadValue(exerciseKey(chapter, id), isRecord)?.status ?? 'not-started';
}

export function recordExercise(chapter: string, id: string, status: 'attempted' | 'passed'): ExerciseStatus {
  const current = exerciseStatus(chapter, id);
  if (current === 'passed' || current === status) return current;
  saveValue(exerciseKey(chapter, id), { status, updated: new Date().toISOString() } satisfies ExerciseRecord);
  return status;
}

export const STATUS_LABEL: Record<ExerciseStatus, string> = {
  'not-started': 'not started',
  attempted: 'attempted',
  passed: 'passed',
};
