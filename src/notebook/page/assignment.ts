/**
 * Assignments and hand-ins, with no server.
 *
 * An assignment is a link: the teacher's choices (title, due date, chapters, exercises) are
 * compressed into the hash of /assignment/. A hand-in is a file the student downloads: their
 * code for each assigned exercise, what their browser recorded, the time and the content
 * version. The teacher's review page reruns every check on that code; recorded results are
 * shown for comparison and never trusted.
 */
import { decodeLinkData, encodeLinkData } from './link-data.ts';
import { loadValue } from './storage.ts';
import type { ExerciseStatus } from './progress.ts';
import { formatCount } from '../../lib/numbers.ts';
import { countOf } from '../../lib/plural.ts';
import { shownName, showsAName } from '../../lib/names.ts';

export interface Assignment {
  title: string;
  /** YYYY-MM-DD, or empty. */
  due: string;
  /** Chapters in book order, each with the exercises assigned from it (possibly none: read only). */
  items: { chapter: string; exercises: string[] }[];
  /**
   * What the teacher asks each student for besides their name ("Student ID", "E-mail"), at most
   * 40 characters; absent when nothing is asked. The hand-in form then asks for it, required.
   */
  askFor?: string;
  /**
   * Hide the assigned exercises' solutions on the student's chapter pages until the due date
   * (by the student's clock). Only with a due date. Hidden from view, not secret: the page's
   * source and the book opened without the link still hold them.
   */
  hideSolutions?: boolean;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why a due date is not a calendar date, or null when it is one (or empty: no due date).
 * `due` is YYYY-MM-DD as an `<input type="date">` gives it; a browser without a date picker
 * lets any text through, and a link can carry anything, so "2026-13-45" gets a reason here
 * instead of becoming "Invalid Date" on the student's page.
 */
export function dueDateProblem(due: string): string | null {
  if (due === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(due);
  if (!m) return `“${due.slice(0, 40)}” is not a date in the form YYYY-MM-DD (for example 2026-12-01)`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `${due} is not a date: there is no month ${month} (months are 01 to 12)`;
  // Day 0 of the next month is the last day of this one (UTC: no time zone or clock change).
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${due} is not a date: ${MONTHS[month - 1]} ${year} has ${days} days`;
  return null;
}

/** The end of the due day (23:59:59.999) in this browser's time zone, in ms since 1970; null without a due date. */
export function dueEnd(due: string): number | null {
  if (due === '' || dueDateProblem(due)) return null;
  const [year, month, day] = due.split('-').map(Number);
  return new Date(year, month - 1, day, 23, 59, 59, 999).getTime();
}

/** "Tuesday, December 1, 2026" (or shorter with `options`), for a valid due date. */
export function formatDue(due: string, options: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }): string {
  const [year, month, day] = due.split('-').map(Number);
  return new Date(year, month - 1, day, 12).toLocaleDateString(undefined, options);
}

const KEY = 'a';
// Chapter and exercise ids: short slugs. The length bound keeps a hostile file's made-up ids
// (which become column headings on the review page) short.
const isName = (s: unknown) => typeof s === 'string' && s.length <= 100 && /^[a-z0-9][a-z0-9-]*$/i.test(s);

export function encodeAssignment(assignment: Assignment): string {
  return encodeLinkData(KEY, { v: 1, ...assignment });
}

/** The most chapters and exercises an assignment lists: far above this book's (11 chapters, about 30 exercises). */
export const ASSIGNMENT_LIMITS = { chapters: 50, exercises: 200 } as const;

export function validateAssignment(value: unknown): Assignment {
  const a = value as Assignment & { v?: number };
  if (typeof a !== 'object' || a === null) throw new Error('the assignment is empty');
  if (typeof a.title !== 'string' || a.title.trim() === '' || a.title.length > 200) throw new Error('the assignment has no title');
  if (typeof a.due !== 'string') throw new Error('the due date is not a date');
  const dueProblem = dueDateProblem(a.due);
  if (dueProblem) throw new Error(`the due date ${dueProblem}`);
  if (!Array.isArray(a.items) || a.items.length === 0) throw new Error('the assignment lists no chapters');
  for (const item of a.items) {
    if (!isName(item?.chapter) || !Array.isArray(item.exercises) || !item.exercises.every(isName)) {
      throw new Error('the assignment’s list of chapters is damaged');
    }
  }
  // Each chapter and exercise once, and no more of them than a book could have: the review page
  // gives each assigned exercise a column, and a red team's file listed one exercise 20,000 times
  // (81 KB) and stalled the page for a minute. The teacher's form never repeats one.
  const chapters = new Set<string>();
  const exercises = new Set<string>();
  for (const item of a.items) {
    if (chapters.has(item.chapter)) throw new Error(`the assignment lists the chapter ${item.chapter.slice(0, 100)} twice`);
    chapters.add(item.chapter);
    for (const id of item.exercises) {
      if (exercises.has(`${item.chapter}/${id}`)) throw new Error(`the assignment lists the exercise ${id.slice(0, 100)} twice`);
      exercises.add(`${item.chapter}/${id}`);
    }
  }
  if (chapters.size > ASSIGNMENT_LIMITS.chapters || exercises.size > ASSIGNMENT_LIMITS.exercises) {
    throw new Error(`the assignment lists ${countOf(chapters.size, 'chapter')} and ${countOf(exercises.size, 'exercise')}; an assignment has at most ${formatCount(ASSIGNMENT_LIMITS.chapters)} and ${formatCount(ASSIGNMENT_LIMITS.exercises)}`);
  }
  if (a.askFor !== undefined && (typeof a.askFor !== 'string' || a.askFor.trim() === '' || a.askFor.length > 40)) {
    throw new Error('what the assignment asks students for is damaged');
  }
  if (a.hideSolutions !== undefined && typeof a.hideSolutions !== 'boolean') throw new Error('the assignment’s option for solutions is damaged');
  if (a.hideSolutions && a.due === '') throw new Error('the assignment hides solutions until a due date but has none');
  return {
    title: a.title.trim(), due: a.due, items: a.items.map((i) => ({ chapter: i.chapter, exercises: [...i.exercises] })),
    ...(a.askFor !== undefined ? { askFor: a.askFor.trim() } : {}),
    ...(a.hideSolutions ? { hideSolutions: true } : {}),
  };
}

/** The assignment in a location hash, or null when there is none; throws with a reason when it is damaged (see decodeLinkData). */
export function decodeAssignment(hash: string): Assignment | null {
  const parsed = decodeLinkData(hash, KEY, 'the assignment');
  return parsed === undefined ? null : validateAssignment(parsed);
}

/**
 * A chapter's address that carries the assignment in its query (`?a=…`): a browser that blocks
 * or fills storage cannot remember the assignment, and the chapter page needs it to show the
 * banner and make the hand-in. The query, not the hash, so the hash can still name an exercise.
 */
export function assignedChapterHref(chapterHref: string, assignment: Assignment, anchor = ''): string {
  return `${chapterHref}?${encodeAssignment(assignment)}${anchor ? `#${anchor}` : ''}`;
}

/** The assignment in a location's query (see assignedChapterHref), or null when there is none or it is damaged. */
export function assignmentFromQuery(search: string): Assignment | null {
  try {
    return decodeAssignment(search);
  } catch {
    return null; // a damaged query: the remembered assignment, if any, still applies
  }
}

/** The assignment the student opened last: assigned chapters show a banner for it. */
export const CURRENT_ASSIGNMENT = 'assignment:current';

export function currentAssignment(): Assignment | null {
  return loadValue(CURRENT_ASSIGNMENT, (v): v is Assignment => {
    try { validateAssignment(v); return true; } catch { return false; }
  });
}

export const SUBMISSION_FORMAT = 'nn-from-scratch/submission';

export interface SubmittedExercise {
  chapter: string;
  exercise: string;
  /** The student's code for the exercise (the starter if they never edited it). */
  code: string;
  /** What the student's browser recorded for this code; shown to the teacher, never trusted. */
  recorded: ExerciseStatus;
}

/** An assigned exercise whose code the file does not hold, and why: left out, never shown as the starter. */
export interface UnavailableExercise {
  chapter: string;
  exercise: string;
  reason: string;
}

/**
 * The hand-in format's version. 2 added `studentId`, 3 added `browser`; files of versions 1 and 2
 * are read as they are. The format is documented in docs/handin.schema.json and the teacher's guide.
 */
export const SUBMISSION_VERSION = 3;
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

/**
 * What a `browser` id looks like: the random id (a UUID) a browser makes for its student the
 * first time it hands in (browserId in student.ts). Only its sameness matters: two files that
 * claim one student and carry the same id came from one browser.
 */
export const BROWSER_ID = /^[A-Za-z0-9-]{8,64}$/;

export interface Submission {
  format: typeof SUBMISSION_FORMAT;
  /** The format version the file was written in (see SUBMISSION_VERSION). */
  version: 1 | 2 | 3;
  student: string;
  /** What the assignment's `askFor` asked for (a student ID, an e-mail), as the student typed it; absent when not asked. */
  studentId?: string;
  /**
   * Version 3: the id of the browser that made the file (see BROWSER_ID); absent when that
   * browser could not keep one (storage blocked). The review page counts a student's later file
   * in place of an earlier one only when both carry the same id: a file from another browser
   * may be a classmate's, under this student's name.
   */
  browser?: string;
  submitted: string;
  contentVersion: string;
  assignment: Assignment;
  work: SubmittedExercise[];
  /** Present when some assigned exercises are not in `work`. */
  unavailable?: UnavailableExercise[];
}

/** One exercise's work as the page that makes the hand-in knows it. */
export type ExerciseWork = { code: string; recorded: ExerciseStatus } | { unavailable: string };

/**
 * Builds a hand-in: every assigned exercise, in the assignment's order, with the work `workFor`
 * finds for it. Work the page cannot vouch for goes in `unavailable` with its reason, so the
 * teacher is never shown the starter as if it were the student's code.
 */
export function makeSubmission(options: {
  assignment: Assignment;
  student: string;
  /** Present when the assignment asks for one (`askFor`). */
  studentId?: string;
  /** The browser's id (browserId), when it has one. */
  browser?: string;
  contentVersion: string;
  submitted: Date;
  workFor: (chapter: string, exercise: string) => ExerciseWork;
}): Submission {
  const work: SubmittedExercise[] = [];
  const unavailable: UnavailableExercise[] = [];
  for (const item of options.assignment.items) {
    for (const exercise of item.exercises) {
      const found = options.workFor(item.chapter, exercise);
      if ('unavailable' in found) unavailable.push({ chapter: item.chapter, exercise, reason: found.unavailable });
      else work.push({ chapter: item.chapter, exercise, code: found.code, recorded: found.recorded });
    }
  }
  return {
    format: SUBMISSION_FORMAT,
    version: SUBMISSION_VERSION,
    student: options.student,
    ...(options.studentId ? { studentId: options.studentId } : {}),
    ...(options.browser ? { browser: options.browser } : {}),
    submitted: options.submitted.toISOString(),
    contentVersion: options.contentVersion,
    assignment: options.assignment,
    work,
    ...(unavailable.length ? { unavailable } : {}),
  };
}

/** "Zoë Müller, Week 3!" → "zoe-muller-week-3": a safe piece of a file name, at most `max` characters ("work" when nothing is left). */
export function slug(text: string, max: number): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, max).replace(/^-|-$/g, '') || 'work';
}

/**
 * The file name a hand-in is saved under: the assignment's title, the student's name and, when
 * the file has one, the student's ID (two students of one name handed in files of one name,
 * which one e-mail folder would keep one of: red team 59).
 */
export function submissionFileName(submission: Submission): string {
  // Clipped so the name stays well inside what the review page accepts (HAND_IN_LIMITS) and
  // what file systems allow (255 bytes): a title may have 200 characters, a name 100, an ID 40.
  const id = submission.studentId ? `-${slug(submission.studentId, 40)}` : '';
  return `${slug(submission.assignment.title, 80)}-${slug(submission.student, 60)}${id}.json`;
}

/**
 * How big a hand-in may be. The review page opens files from anyone and runs what is in them, so
 * every dimension is bounded: a real hand-in is a few kilobytes (seven exercises of a few hundred
 * characters each), and these limits are far above that, but low enough that a wrong or hostile
 * file cannot stall the teacher's page. The hand-in page's own fields stay inside them (a name
 * has maxlength 100, a file name is clipped to well under 200 characters).
 */
export const HAND_IN_LIMITS = {
  /** Bytes in one file, read from File.size before the file is read. */
  fileBytes: 1_000_000,
  fileNameChars: 200,
  /** Files taken from one choice or drop; the rest are left out with a message. */
  filesPerLoad: 500,
  /** Exercise entries in one file (repeats included). */
  entries: 200,
  codeChars: 100_000,
  studentNameChars: 100,
} as const;

/** A date and time as toISOString writes it, or with seconds only, or an offset instead of Z. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** Reads a hand-in file; throws a message that says what is wrong with this file. */
export function parseSubmission(text: string): Submission {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('not a hand-in file (it is not JSON)');
  }
  const s = data as Submission;
  const limits = HAND_IN_LIMITS;
  if (typeof s !== 'object' || s === null || s.format !== SUBMISSION_FORMAT) throw new Error('not a hand-in file from this book');
  if (typeof s.version !== 'number') {
    // "3" in quotes is no version the book wrote: the file was changed by hand or damaged.
    throw new Error(`hand-in file version ${JSON.stringify(s.version ?? null).slice(0, 20)} is not a number, as the book writes it: the file was changed or damaged after it was made`);
  }
  if (!READABLE_VERSIONS.includes(s.version)) {
    throw new Error(`hand-in file version ${String(s.version).slice(0, 20)} is not supported; this version of the book reads versions ${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_VERSIONS.at(-1)}`);
  }
  if (typeof s.student !== 'string' || !showsAName(s.student)) throw new Error('the file has no student name');
  if (s.student.trim().length > limits.studentNameChars) {
    throw new Error(`the student name is ${formatCount(s.student.trim().length)} characters long; a name has at most ${formatCount(limits.studentNameChars)}`);
  }
  if (s.studentId !== undefined && (typeof s.studentId !== 'string' || s.studentId.trim().length > limits.studentNameChars)) {
    throw new Error(`the student ID is not text of at most ${formatCount(limits.studentNameChars)} characters`);
  }
  if (s.browser !== undefined && (typeof s.browser !== 'string' || !BROWSER_ID.test(s.browser))) {
    throw new Error('the browser id is damaged: it is 8 to 64 letters, digits and hyphens when the file has one');
  }
  // An ISO 8601 time, as the hand-in page writes it: Date.parse also takes "2026-12-01 (on time:
  // extension agreed)", which the gradebook then copied into its "handed in" column (a red team's).
  if (typeof s.submitted !== 'string' || !ISO_TIME.test(s.submitted) || Number.isNaN(Date.parse(s.submitted))) {
    throw new Error('the file has no valid time (an ISO 8601 date and time, as 2026-11-30T10:00:00.000Z)');
  }
  if (typeof s.contentVersion !== 'string') throw new Error('the file has no content version');
  let assignment: Assignment;
  try {
    assignment = validateAssignment(s.assignment);
  } catch (error) {
    throw new Error(`its assignment is damaged: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(s.work)) throw new Error('the file has no work in it');
  if (s.work.length > limits.entries) {
    throw new Error(`the file lists ${formatCount(s.work.length)} exercises; a hand-in lists at most ${formatCount(limits.entries)}`);
  }
  for (const [i, w] of s.work.entries()) {
    if (!isName(w?.chapter) || !isName(w.exercise) || typeof w.code !== 'string' || !['not-started', 'attempted', 'passed'].includes(w.recorded)) {
      throw new Error(`exercise ${i + 1} in the file is damaged`);
    }
    if (w.code.length > limits.codeChars) {
      throw new Error(`the code for ${w.exercise} is ${formatCount(w.code.length)} characters long; an exercise’s code has at most ${formatCount(limits.codeChars)}`);
    }
  }
  if (s.unavailable !== undefined && (!Array.isArray(s.unavailable) ||
      !s.unavailable.every((u) => isName(u?.chapter) && isName(u.exercise) && typeof u.reason === 'string' && u.reason.length <= 1000))) {
    throw new Error('the list of exercises left out of the file is damaged');
  }
  const work = s.work.map((w) => ({ chapter: w.chapter, exercise: w.exercise, code: w.code, recorded: w.recorded }));
  return {
    format: SUBMISSION_FORMAT, version: s.version, student: shownName(s.student),
    ...(shownName(s.studentId ?? '') ? { studentId: shownName(s.studentId!) } : {}),
    ...(s.browser !== undefined ? { browser: s.browser } : {}),
    submitted: s.submitted, contentVersion: s.contentVersion, assignment, work,
    ...(s.unavailable ? { unavailable: s.unavailable } : {}),
  };
}

/**
 * Each exercise once. A file that lists an exercise more than once (edited by hand, or two
 * downloads pasted together) would otherwise be judged, and counted, once per copy. The last
 * entry wins, as the latest word on that exercise, and keeps the place where the exercise first
 * appeared, so the file still reads in its own order. `repeated` says what was dropped.
 */
export function distinctWork(work: SubmittedExercise[]): { work: SubmittedExercise[]; repeated: { exercise: string; times: number }[] } {
  // A Map keeps its keys in first-insertion order; updating a key's value does not move it.
  const byKey = new Map<string, { entry: SubmittedExercise; times: number }>();
  for (const w of work) {
    const key = `${w.chapter}/${w.exercise}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.entry = w;
      seen.times += 1;
    } else {
      byKey.set(key, { entry: w, times: 1 });
    }
  }
  const kept = [...byKey.values()];
  return { work: kept.map((k) => k.entry), repeated: kept.filter((k) => k.times > 1).map((k) => ({ exercise: k.entry.exercise, times: k.times })) };
}
