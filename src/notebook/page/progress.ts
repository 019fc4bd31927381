/**
 * Exercise status and chapter progress, kept in localStorage next to the drafts. A status is
 * always about the code as it is now: "passed" means this very code passed every check (the
 * record keeps the fingerprint of the code that last passed), so editing a passed attempt shows
 * "attempted" again, and putting the passing code back shows "passed" again. "Attempted" means
 * the exercise was edited or checked; "not started", neither.
 */
import { loadValue, removeValue, saveValue, loadDraft } from './storage.ts';
import { hashSource } from '../hash.ts';

export type ExerciseStatus = 'not-started' | 'attempted' | 'passed';

export interface ExerciseRecord {
  /** The latest event: an edit or a failed check ("attempted"), or a pass. */
  status: 'attempted' | 'passed';
  /** When the record last changed (ISO 8601). */
  updated: string;
  /** Fingerprint (hashSource) of the code that last passed every check, if any still does. Records made before it existed lack it. */
  passed?: string;
  /**
   * Made by edits alone, with no check since: what Revert takes back, even on a later visit
   * (when the page no longer knows the record before the edits). A check's record lacks it.
   */
  edited?: true;
}

const isRecord = (v: unknown): v is ExerciseRecord =>
  typeof v === 'object' && v !== null && ((v as ExerciseRecord).status === 'attempted' || (v as ExerciseRecord).status === 'passed') &&
  typeof (v as ExerciseRecord).updated === 'string' && ['string', 'undefined'].includes(typeof (v as ExerciseRecord).passed);

// The attempts on this page's screen, by record key: read when a status is asked for, so always
// fresher than their drafts (saved a moment after typing stops, or never if storage fails).
const onScreen = new Map<string, () => string>();

export const exerciseKey = (chapter: string, id: string) => `exercise:${chapter}:${id}`;

export function exerciseRecord(chapter: string, id: string): ExerciseRecord | null {
  return loadValue(exerciseKey(chapter, id), isRecord);
}

/** Where this page's attempt of an exercise is: `code()` gives the code on screen now. */
export function showAttempt(chapter: string, id: string, code: () => string): void {
  onScreen.set(exerciseKey(chapter, id), code);
}

/**
 * The status of an exercise's attempt as it is now: the code on this page's screen, else the
 * reader's saved draft of it, else the starter (which never passes).
 */
export function exerciseStatus(chapter: string, id: string): ExerciseStatus {
  const record = exerciseRecord(chapter, id);
  const code = onScreen.get(exerciseKey(chapter, id))?.() ?? loadDraft(chapter, `ex-${id}`)?.code;
  if (code !== undefined && passedCode(record, code)) return 'passed';
  return record ? 'attempted' : 'not-started';
}

/** Whether `code` is the code that last passed every check of the exercise (a kept version says so). */
export function passedChecks(chapter: string, id: string, code: string): boolean {
  return passedCode(exerciseRecord(chapter, id), code);
}

const passedCode = (record: ExerciseRecord | null, code: string) => record?.passed !== undefined && hashSource(code) === record.passed;

/**
 * Records an edit (no `code`) or the verdict of a check of `code`. A pass records the code's
 * fingerprint (a later pass with other code replaces it); a failed check of the code that had
 * passed takes that pass back; an edit changes nothing a pass recorded. Returns the status now.
 */
export function recordExercise(chapter: string, id: string, status: 'attempted' | 'passed', code?: string): ExerciseStatus {
  const key = exerciseKey(chapter, id);
  const current = exerciseRecord(chapter, id);
  let passed = current?.passed;
  if (code !== undefined && status === 'passed') passed = hashSource(code);
  else if (code !== undefined && passed === hashSource(code)) passed = undefined;
  // A check's record is a check's even when its status and pass are what edits had recorded.
  const unchanged = current !== null && current.status === status && current.passed === passed && !(code !== undefined && current.edited);
  if (!unchanged && !(code === undefined && current !== null)) {
    saveValue(key, {
      status,
      updated: new Date().toISOString(),
      ...(passed !== undefined ? { passed } : {}),
      ...(code === undefined && current === null ? { edited: true as const } : {}),
    } satisfies ExerciseRecord);
  }
  return exerciseStatus(chapter, id);
}

/** Whether some code of this exercise passed, though perhaps not the code there now. */
export function passedOnce(chapter: string, id: string): boolean {
  return exerciseRecord(chapter, id)?.passed !== undefined;
}

/**
 * Puts back a record taken earlier with exerciseRecord (null: not started), for Revert, which
 * undoes the edits that made an exercise "attempted". Edits never change which code passed; a
 * check does. So when that differs from `record`, a check was made since (in another tab, say)
 * and its result stays: nothing is put back. Returns the status now.
 */
export function restoreExercise(chapter: string, id: string, record: ExerciseRecord | null): ExerciseStatus {
  if (exerciseRecord(chapter, id)?.passed !== record?.passed) return exerciseStatus(chapter, id);
  if (record) saveValue(exerciseKey(chapter, id), record);
  else removeValue(exerciseKey(chapter, id));
  return exerciseStatus(chapter, id);
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
