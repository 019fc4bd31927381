/**
 * Where a hand-in's code comes from. The file must hold the code the student sees: on a chapter
 * page that is the exercise's editor, whatever storage did; on any other page it is the draft
 * this browser saved, and only when storage can vouch that the draft is the latest code. When
 * it cannot (storage blocked, or not saving now), the exercise is left out of the file with its
 * reason and the student is told where to get it, never handed in as the starter.
 */
import { makeSubmission, type Assignment, type ExerciseWork, type Submission, type SubmittedExercise, type UnavailableExercise } from './assignment.ts';
import { damagedDraft, loadDraft, type StorageState } from './storage.ts';
import { exerciseRecord, passedOnce, recordedFor } from './progress.ts';
import { escapeHtml } from '../../lib/html.ts';
import { browserId } from './student.ts';

/** The part of /exercises.json a hand-in needs. */
export interface HandinManifest {
  contentVersion: string;
  exercises: { chapter: string; id: string; title: string; starter: string }[];
}

let manifestRequest: Promise<HandinManifest> | null = null;

/**
 * The book's exercises, fetched once per page (a second download needs no second fetch), and
 * given up on after 10 s so a hand-in never waits forever on a bad connection.
 */
export function loadManifest(base: string): Promise<HandinManifest> {
  manifestRequest ??= fetch(`${base}/exercises.json`, { signal: AbortSignal.timeout(10_000) }).then(async (response) => {
    if (!response.ok) throw new Error(`exercises.json answered ${response.status}`);
    return await response.json() as HandinManifest;
  });
  manifestRequest.catch(() => { manifestRequest = null; }); // a failure is not remembered: the next try fetches again
  return manifestRequest;
}

/** Work for an exercise whose editor is on this page: the code on screen. */
export function screenWork(chapter: string, id: string, code: string, starter: string): ExerciseWork {
  return { code, recorded: recordedFor(exerciseRecord(chapter, id), code, starter) };
}

export const NOT_IN_BOOK = 'this exercise is not in this version of the book';

export const DAMAGED_DRAFT = 'the code saved for it in this browser is damaged (cut short, or changed by another program): open its chapter, which shows what can be read of it, then hand in again';

/**
 * Work for an exercise from what this browser saved, or why it cannot be trusted. `starter` is
 * undefined when it is not known, and `noStarter` then says why (used only when there is no draft).
 */
export function savedWork(chapter: string, id: string, starter: string | undefined, state: StorageState, noStarter = NOT_IN_BOOK): ExerciseWork {
  if (!state.readable) return { unavailable: 'the browser blocks storage for this site, so this code was only on its chapter’s page' };
  if (!state.saving.ok) {
    return { unavailable: `the browser was not saving work (${state.saving.reason}), so the code saved here may not be the latest` };
  }
  const draft = loadDraft(chapter, `ex-${id}`);
  // Never the starter in place of work the reader did: the chapter's page recovers what it can.
  if (!draft && damagedDraft(chapter, `ex-${id}`) !== null) return { unavailable: DAMAGED_DRAFT };
  if (starter === undefined && !draft) return { unavailable: noStarter };
  const code = draft?.code ?? starter!;
  return { code, recorded: recordedFor(exerciseRecord(chapter, id), code, starter ?? '') };
}

/**
 * The hand-in for an assignment: exercises on this page from their editors (`onScreen` gives
 * their code and starter), the others from storage, and this browser's id (browserId).
 */
export function collectHandin(options: {
  assignment: Assignment;
  student: string;
  /** What the assignment's `askFor` asked for, when it does. */
  studentId?: string;
  manifest: HandinManifest;
  state: StorageState;
  onScreen: (chapter: string, id: string) => { code: string; starter: string } | null;
  /** Why an exercise missing from the manifest has no starter (the manifest could not be loaded, say). */
  noStarter?: string;
  now?: Date;
}): Submission {
  const { manifest, state, onScreen } = options;
  return makeSubmission({
    assignment: options.assignment,
    student: options.student,
    studentId: options.studentId,
    browser: browserId(),
    contentVersion: manifest.contentVersion,
    submitted: options.now ?? new Date(),
    workFor: (chapter, id) => {
      const screen = onScreen(chapter, id);
      if (screen) return screenWork(chapter, id, screen.code, screen.starter);
      return savedWork(chapter, id, manifest.exercises.find((e) => e.chapter === chapter && e.id === id)?.starter, state, options.noStarter);
    },
  });
}

/**
 * What the student reads about handing in again, after a download: the teacher's page counts a
 * later file in place of an earlier one only when both came from the same browser (the
 * file's `browser`), so a student who moves to another computer must know to say which counts.
 * Empty for a file that lacks some exercises: it comes with its own word on handing in more files.
 */
export function handInAgainHtml(submission: Submission): string {
  if (submission.unavailable?.length) return '';
  return submission.browser
    ? '<p class="handin-again">To change what you handed in, download again in this browser and hand in the new file: it takes the old one’s place (under the same name; if it passes fewer checks in an exercise than the old one, your teacher chooses which counts). ' +
      'A file made in another browser, or after “New student on this computer”, waits for your teacher to choose which counts.</p>'
    : '<p class="handin-again">This browser cannot keep the id that marks your files as made here, so if you hand in again, tell your teacher which file counts.</p>';
}

/** Exercises that passed in this browser with other code than the file holds: worth a word to the student. */
export function changedSincePass(submission: Submission): SubmittedExercise[] {
  return submission.work.filter((w) => w.recorded !== 'passed' && passedOnce(w.chapter, w.exercise));
}

/**
 * What the student reads about exercises left out of a file: which ones, and how to get them
 * (each links to its chapter page, where the code is on screen). HTML from escaped parts.
 */
export function unavailableHtml(
  unavailable: UnavailableExercise[],
  describe: (u: UnavailableExercise) => { title: string; href: string },
): string {
  const items = unavailable.map((u) => {
    const { title, href } = describe(u);
    return `<li><a href="${escapeHtml(href)}">${escapeHtml(title)}</a></li>`;
  }).join('');
  return `<ul class="handin-missing">${items}</ul>`;
}
