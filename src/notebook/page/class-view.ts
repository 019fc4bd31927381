/**
 * The teacher's class view, as data: judged hand-ins grouped by assignment, each student once,
 * and per exercise how the class did. Pure functions of the reviews (no DOM), so the page, the
 * gradebook CSV and the tests compute the same numbers.
 */
import { codeShape } from '../code-shape.ts';
import { dueEnd, encodeAssignment, type Assignment } from './assignment.ts';
import type { ReviewedExercise, ReviewedSubmission } from './review.ts';
import { foundFailing } from '../probe.ts';
import { evenName, mixedScripts, shownName } from '../../lib/names.ts';
import { lookalikeKey } from '../../lib/lookalike.ts';

/** A judged hand-in and its place in the order the files were loaded (also its anchor, #student-n). */
export interface Placed {
  seq: number;
  review: ReviewedSubmission;
  /** When the teacher's page judged it (ISO 8601); kept hand-ins show it after a reload. */
  checked?: string;
}

/** A hand-in left out because another file of the same student counts: a later one from the same browser, or the teacher's choice. */
export interface Replaced {
  dropped: Placed;
  kept: Placed;
}

/**
 * Why none of a student's files counts yet: they came from different browsers (or a file does
 * not say which, or two share the latest time, or the latest passes fewer checks than an earlier
 * one), so one may be a classmate's under this student's name, and the teacher must choose.
 */
export type UndecidedReason = 'browsers' | 'unknown-browser' | 'same-time' | 'fewer-passes' | 'names';

/** Files that claim one student, none counted until the teacher chooses one. */
export interface Undecided {
  /** In load order. */
  files: Placed[];
  reason: UndecidedReason;
}

/** A file that is one hand-in with a file loaded before it (sameHandIn), loaded again: shown once, as `of`. */
export interface Copy {
  copy: Placed;
  of: Placed;
}

export interface AssignmentGroup {
  /** The assignment as its link encodes it: two files belong together only if their assignments are identical. */
  key: string;
  assignment: Assignment;
  /** The hand-in that counts for each student whose file is settled, in load order. */
  members: Placed[];
  replaced: Replaced[];
  /** Students whose files the teacher must choose between, in load order of their first file: not counted, in the table or the gradebook, until then. */
  undecided: Undecided[];
  /** Files loaded again (the same file twice, here or in another tab), in load order: neither a clash nor a row. */
  copies: Copy[];
}

/** Which assignment a hand-in belongs to: its link's encoding, so any difference (title, due date, exercises, options) sets it apart. */
export const assignmentKey = (assignment: Assignment) => encodeAssignment(assignment);

/**
 * Who handed in: the student ID when the file has one (the teacher asked for it), else the name,
 * each evened out (evenName: "ada  LOVELACE" and "Ada\u200B Lovelace" are "Ada Lovelace"). A
 * file under a name that only looks like a classmate's then meets the classmate's own on one row,
 * where the teacher sees both and chooses, instead of taking a row of its own.
 */
export function studentKey(review: ReviewedSubmission): string {
  const { studentId, student } = review.submission;
  return studentId ? `id:${evenName(studentId)}` : `name:${evenName(student)}`;
}

/**
 * Which of one student's files counts (`files` in load order, two or more), or why none does
 * yet. The teacher's choice (a seq in `chosen`) counts. Otherwise the latest by `submitted`
 * counts only when every file came from the same browser (the same `browser` id) under the same
 * name, and it passes no fewer checks in any exercise than each of the others: a student handing
 * in again. Names, times and ids are
 * written by the student's own computer, so a file
 * from another browser under this student's name may be a classmate's, made to take this row;
 * a file without an id may be one too, and of two files of the latest time neither is "the
 * latest". Then none counts until the teacher has looked at them and chosen.
 */
function settle(files: Placed[], chosen: ReadonlySet<number>): Placed | UndecidedReason {
  const choice = files.findLast((p) => chosen.has(p.seq));
  if (choice) return choice;
  const browsers = new Set(files.map((p) => p.review.submission.browser));
  if (browsers.has(undefined)) return 'unknown-browser';
  if (browsers.size > 1) return 'browsers';
  const time = (p: Placed) => Date.parse(p.review.submission.submitted);
  const latest = Math.max(...files.map(time));
  const atLatest = files.filter((p) => time(p) === latest);
  if (atLatest.length > 1) return 'same-time';
  const last = atLatest[0];
  // The browser id (and the student ID) are in every file the student hands in, so whoever holds
  // one of them can copy them: red teams' later files took a classmate's 3/3 to 0.2/3, traded
  // one exercise's checks for another's to keep the count, and put another name on the row. A
  // student handing in again keeps the name and does no worse, as a rule; a later file under
  // another name, or that passes fewer checks in any exercise, waits for the teacher.
  if (new Set(files.map((p) => evenName(p.review.submission.student))).size > 1) return 'names';
  const passes = checksPassed(last.review);
  const fewer = files.some((p) => [...checksPassed(p.review)].some(([key, n]) => n > (passes.get(key) ?? 0)));
  return fewer ? 'fewer-passes' : last;
}

/** The checks each assigned exercise of a hand-in passes, by `chapter/exercise`, as the review reran them (what its grade counts). */
function checksPassed(review: ReviewedSubmission): Map<string, number> {
  const assigned = new Set(assignedKeys(review.submission.assignment));
  const passed = new Map<string, number>();
  for (const e of review.exercises) {
    if (assigned.has(exerciseKeyOf(e)) && e.verdict !== 'unknown') passed.set(exerciseKeyOf(e), e.results.filter((r) => r.pass).length);
  }
  return passed;
}

/** A hand-in and its verdicts as text, to compare (sameHandIn); kept, as a class's table is grouped again on every redraw. */
const fingerprints = new WeakMap<ReviewedSubmission, string>();
function fingerprint(review: ReviewedSubmission): string {
  let text = fingerprints.get(review);
  if (text === undefined) {
    // Which checks passed, not what they got, nor what the review's second run found: its points
    // are drawn afresh at each review (review.ts, probe), so one file loaded twice can differ there.
    const verdicts = review.exercises.map((e) => [exerciseKeyOf(e), e.verdict, e.flagged, e.results.map((r) => r.pass)]);
    text = JSON.stringify([review.submission, verdicts]);
    fingerprints.set(review, text);
  }
  return text;
}

/**
 * Whether two judged files are one hand-in: the same submission, as read (parseSubmission evens
 * out the file's layout), with the same verdicts and the same checks passed. The same file loaded
 * twice, or dropped into two tabs, is so; code whose checks came out differently on the two runs
 * is not, and the teacher chooses between them as between any two files of one student.
 */
export function sameHandIn(a: ReviewedSubmission, b: ReviewedSubmission): boolean {
  return a === b || fingerprint(a) === fingerprint(b);
}

/**
 * Groups hand-ins by assignment (the group with the most students first; ties in load order)
 * and settles each student's files in each group (settle): one counts and the others are listed
 * in `replaced`, so the page shows on the student's row that another file claims the same
 * student and lets the teacher count that one instead; or none counts yet (`undecided`).
 * `chosen` holds the seqs of the files the teacher chose to count.
 */
export function groupByAssignment(placed: Placed[], chosen: ReadonlySet<number> = new Set()): AssignmentGroup[] {
  const groups = new Map<string, { assignment: Assignment; students: Map<string, Placed[]> }>();
  for (const p of [...placed].sort((a, b) => a.seq - b.seq)) {
    const key = assignmentKey(p.review.submission.assignment);
    let group = groups.get(key);
    if (!group) groups.set(key, group = { assignment: p.review.submission.assignment, students: new Map() });
    const who = studentKey(p.review);
    const files = group.students.get(who);
    if (files) files.push(p);
    else group.students.set(who, [p]);
  }
  return [...groups.entries()]
    .map(([key, g]) => {
      const members: Placed[] = [];
      const replaced: Replaced[] = [];
      const undecided: Undecided[] = [];
      const copies: Copy[] = [];
      for (const all of g.students.values()) {
        const files: Placed[] = [];
        const picked = new Set<number>();
        for (const p of all) {
          const of = files.find((f) => sameHandIn(f.review, p.review));
          if (of) copies.push({ copy: p, of });
          else files.push(p);
          if (chosen.has(p.seq)) picked.add((of ?? p).seq);
        }
        const counted = files.length === 1 ? files[0] : settle(files, picked);
        if (typeof counted === 'string') {
          undecided.push({ files, reason: counted });
        } else {
          members.push(counted);
          for (const p of files) if (p !== counted) replaced.push({ dropped: p, kept: counted });
        }
      }
      members.sort((a, b) => a.seq - b.seq);
      replaced.sort((a, b) => a.dropped.seq - b.dropped.seq);
      copies.sort((a, b) => a.copy.seq - b.copy.seq);
      return { key, assignment: g.assignment, members, replaced, undecided, copies };
    })
    .sort((a, b) => (b.members.length + b.undecided.length) - (a.members.length + a.undecided.length));
}

/**
 * How many passes a hand-in records that the rerun does not confirm. Entries for exercises the
 * book does not have are left out: they are not checked (unknownEntries).
 */
export function passesNotHolding(review: ReviewedSubmission): number {
  const unknown = new Set(unknownEntries(review));
  return review.exercises.filter((e) => e.flagged && !unknown.has(e)).length;
}

/**
 * What a teacher should check by hand on a student's row, as data: the review page shows each as
 * a ⚠ flag with its explanation, and the gradebook lists them in its `warnings` column, so a
 * teacher working from the CSV alone sees them too (a red team's find: it had none of them).
 * - `same-name`: another row of the assignment has this name under another ID, or none;
 * - `lookalike`: another row's name (or ID) looks like this one on screen but is written with
 *   other characters (lookalike.ts), listed as `name`, `id` or both;
 * - `no-id`: the assignment asks for an ID (`askFor`) and the file has none;
 * - `mixed-scripts`: the name or ID mixes alphabets that look alike (names.ts mixedScripts);
 * - `passes-not-holding`: passes the file records that the rerun does not confirm
 *   (passesNotHolding);
 * - `future-dated`: the file claims a time still to come (isFutureDated);
 * - `set-aside`: other files claim this student and were set aside for this one (`replaced`:
 *   the latest from the same browser, or the teacher's choice);
 * - `repeated`: the file lists an exercise more than once, and only the last entry of each was
 *   checked (distinctWork): the book writes each once, so the file was edited or pasted together,
 *   and the student chose which of their versions counts (a red team's);
 * - `left-out`: assigned exercises the student's browser left out, with the reason the file gives
 *   (leftOutOf); one the file has nothing for at all is not handed in, a 0 as a teacher expects;
 * - `stopped`: exercises whose rerun stopped at an error (the code's own, or the time limit), so
 *   a 0 is not a wrong answer checked;
 * - `other-version`: the file was made with another version of the book's exercises.
 * The last three were on the review page only, and the gradebook's zeros read as wrong answers (a
 * red team's).
 */
export type RowWarning =
  | { kind: 'set-aside'; count: number }
  | { kind: 'same-name' }
  | { kind: 'lookalike'; of: ('name' | 'id')[] }
  | { kind: 'no-id' }
  | { kind: 'mixed-scripts'; scripts: string[] }
  | { kind: 'passes-not-holding'; count: number }
  | { kind: 'future-dated' }
  | { kind: 'repeated'; exercises: ReviewedSubmission['repeated'] }
  // Exercises by key (chapter/exercise, exerciseKeyOf), which the gradebook names by title.
  | { kind: 'left-out'; exercises: { exercise: string; reason: string }[] }
  | { kind: 'stopped'; exercises: string[] }
  | { kind: 'fails-elsewhere'; exercises: string[] }
  | { kind: 'not-tried-elsewhere'; exercises: { exercise: string; reason: string }[] }
  | { kind: 'other-version' };

/**
 * The warnings of each row of `group` (RowWarning), compared across its counted files and the
 * first file of each student waiting for the teacher's choice: the rows the page and the
 * gradebook show. `now` is the teacher's clock, in milliseconds since 1970.
 */
export function rowWarnings(group: AssignmentGroup, now = Date.now()): (review: ReviewedSubmission) => RowWarning[] {
  const handIns = [...group.members, ...group.undecided.map((u) => u.files[0])].map((p) => p.review.submission);
  const names = new Map<string, number>();
  for (const { student } of handIns) names.set(evenName(student), (names.get(evenName(student)) ?? 0) + 1);
  // Two texts look alike when they share a look (lookalikeKey) and are spelt differently (evenName).
  const spellings = (texts: string[]) => {
    const byLook = new Map<string, Set<string>>();
    for (const text of texts) byLook.set(lookalikeKey(text), (byLook.get(lookalikeKey(text)) ?? new Set()).add(evenName(text)));
    return (text: string) => (byLook.get(lookalikeKey(text))?.size ?? 0) > 1;
  };
  const nameLooksLikeAnother = spellings(handIns.map((s) => s.student));
  const idLooksLikeAnother = spellings(handIns.flatMap((s) => (s.studentId ? [s.studentId] : [])));
  const setAside = new Map<ReviewedSubmission, number>();
  for (const { kept } of group.replaced) setAside.set(kept.review, (setAside.get(kept.review) ?? 0) + 1);
  return (review) => {
    const { student, studentId, submitted } = review.submission;
    const warnings: RowWarning[] = [];
    const count = setAside.get(review);
    if (count) warnings.push({ kind: 'set-aside', count });
    if ((names.get(evenName(student)) ?? 0) > 1) warnings.push({ kind: 'same-name' });
    const of = [...(nameLooksLikeAnother(student) ? ['name' as const] : []), ...(studentId && idLooksLikeAnother(studentId) ? ['id' as const] : [])];
    if (of.length) warnings.push({ kind: 'lookalike', of });
    if (group.assignment.askFor && !studentId) warnings.push({ kind: 'no-id' });
    const scripts = [...new Set([...mixedScripts(student), ...mixedScripts(studentId ?? '')])];
    if (scripts.length) warnings.push({ kind: 'mixed-scripts', scripts });
    const notHolding = passesNotHolding(review);
    if (notHolding) warnings.push({ kind: 'passes-not-holding', count: notHolding });
    if (isFutureDated(submitted, now)) warnings.push({ kind: 'future-dated' });
    if (review.repeated.length) warnings.push({ kind: 'repeated', exercises: review.repeated });
    const leftOut = leftOutOf(review);
    const assigned = assignedKeys(group.assignment);
    const left = assigned.filter((key) => leftOut.has(key)).map((key) => ({ exercise: key, reason: leftOut.get(key)! }));
    if (left.length) warnings.push({ kind: 'left-out', exercises: left });
    const stopped = review.exercises.filter((e) => e.verdict === 'error' && assigned.includes(exerciseKeyOf(e))).map(exerciseKeyOf);
    if (stopped.length) warnings.push({ kind: 'stopped', exercises: stopped });
    const elsewhere = review.exercises.filter((e) => failsElsewhere(e) && !isStarter(e) && assigned.includes(exerciseKeyOf(e))).map(exerciseKeyOf);
    if (elsewhere.length) warnings.push({ kind: 'fails-elsewhere', exercises: elsewhere });
    const notTried = review.exercises.filter((e) => notTriedElsewhere(e) !== undefined && !isStarter(e) && assigned.includes(exerciseKeyOf(e)))
      .map((e) => ({ exercise: exerciseKeyOf(e), reason: notTriedElsewhere(e)! }));
    if (notTried.length) warnings.push({ kind: 'not-tried-elsewhere', exercises: notTried });
    if (review.versionDiffers) warnings.push({ kind: 'other-version' });
    return warnings;
  };
}

/**
 * The exercises a file leaves out (its `unavailable` list) and has no work for, by
 * `chapter/exercise`, with the reason the file gives: the book's pages write one, but the file is
 * the student's, so the page says "the file says", never "the browser says". Without the marks
 * that reorder text (names.ts's shownName), so a reason cannot read as a verdict.
 */
export const leftOutOf = (review: ReviewedSubmission): Map<string, string> => {
  const handedIn = new Set(review.submission.work.map((w) => `${w.chapter}/${w.exercise}`));
  return new Map((review.submission.unavailable ?? []).flatMap((u) => {
    const key = `${u.chapter}/${u.exercise}`;
    return handedIn.has(key) ? [] : [[key, shownName(u.reason).replace(/\.$/, '')] as const];
  }));
};
/** The files of `group` its section shows: the counted ones and those waiting for the teacher's choice. */
export function shownFiles(group: AssignmentGroup): Placed[] {
  return [...group.members, ...group.undecided.flatMap((u) => u.files)];
}

/** All the files of the group that claim the same student as the file `seq` (itself included); empty when the group does not hold it. */
export function claimsOfStudent(group: AssignmentGroup, seq: number): Placed[] {
  const undecided = group.undecided.find((u) => u.files.some((p) => p.seq === seq));
  if (undecided) return undecided.files;
  const kept = group.members.find((p) => p.seq === seq) ?? group.replaced.find((r) => r.dropped.seq === seq)?.kept;
  return kept ? [kept, ...group.replaced.filter((r) => r.kept === kept).map((r) => r.dropped)] : [];
}

/** The assignment's exercises as `chapter/exercise` keys, in the assignment's order. */
export function assignedKeys(assignment: Assignment): string[] {
  return assignment.items.flatMap((item) => item.exercises.map((id) => `${item.chapter}/${id}`));
}

export const exerciseKeyOf = (e: { work: { chapter: string; exercise: string } }) => `${e.work.chapter}/${e.work.exercise}`;

/**
 * The entries of a hand-in for exercises this book does not have (no manifest entry when judged)
 * and the assignment does not list: a file edited by hand, or junk. They are shown once, on the
 * student's own row and section, never as columns: 199 made-up ids in one file must not add 199
 * columns to the whole class's table.
 */
export function unknownEntries(review: ReviewedSubmission): ReviewedExercise[] {
  const assigned = new Set(assignedKeys(review.submission.assignment));
  return review.exercises.filter((e) => e.entry === undefined && !assigned.has(exerciseKeyOf(e)));
}

/**
 * The class table's exercise columns (`chapter/exercise` keys): the assignment's exercises in its
 * order, then each exercise of the book that some member's file holds beyond the assignment
 * (shown, never counted; see passedOf). Entries for exercises the book does not have add none
 * (unknownEntries). The gradebook has the assigned ones only: the others are never scored.
 */
export function tableColumns(group: Pick<AssignmentGroup, 'assignment' | 'members'>): string[] {
  const keys = assignedKeys(group.assignment);
  const seen = new Set(keys);
  for (const { review } of group.members) {
    for (const e of review.exercises) {
      const key = exerciseKeyOf(e);
      if (e.entry !== undefined && !seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys;
}

/**
 * The assigned exercises the student's code passed on the rerun, of those the assignment lists:
 * the class table's "Passed". An exercise a file holds beyond the assignment (added by hand) is
 * shown in its own column but never counted, so it cannot lift a score.
 */
export function passedOf(review: ReviewedSubmission): { passed: number; of: number } {
  const assigned = new Set(assignedKeys(review.submission.assignment));
  const passed = review.exercises.filter((e) => e.verdict === 'passed' && assigned.has(exerciseKeyOf(e))).length;
  return { passed, of: assigned.size };
}

/** A code's lines as codeShape reads each, blank ones left out, for telling which lines a solution adds. */
const shapedLines = (code: string) => code.split('\n').map((line) => codeShape(line)).filter((line) => line !== '');

/**
 * Whether the solution differs from its starter by enough that students who write it on their own
 * rarely match it character for character: the lines it adds hold a comment, or number three or
 * more. A one-line answer with no comment (`return 1 / (1 + Math.exp(-z));`) is what most write,
 * and a hint may show it: a red team's four honest students all matched it, so the flag said
 * nothing of the one who copied.
 */
function telling(entry: { starter: string; solution: string }): boolean {
  const starter = new Set(shapedLines(entry.starter));
  const added = shapedLines(entry.solution).filter((line) => !starter.has(line));
  return added.length >= 3 || added.some((line) => line.includes('//'));
}

/**
 * What a student's code is, read once per judged exercise: the table, the summary, the sort and
 * the gradebook ask of every exercise at every redraw, and the code may be 100,000 characters
 * (codeShape reads that in about 3.4 ms, twice per question).
 */
const readCode = new WeakMap<ReviewedExercise, { starter: boolean; solution: boolean }>();
function codeOf(e: ReviewedExercise): { starter: boolean; solution: boolean } {
  let read = readCode.get(e);
  if (!read) {
    const entry = e.entry;
    read = {
      // Comments and layout aside: "// done" added to every starter earned a red team 15.5 %.
      starter: entry !== undefined && codeShape(e.work.code, { comments: false }) === codeShape(entry.starter, { comments: false }),
      // Layout aside (a red team's copies, each line indented by a space, all hid from the flag).
      solution: entry !== undefined && telling(entry) && codeShape(e.work.code) === codeShape(entry.solution),
    };
    readCode.set(e, read);
  }
  return read;
}

/**
 * Whether a student's code is the published solution, layout aside (codeShape), where
 * that says something (telling: a solution whose added lines hold a comment, or three lines).
 */
export function sameAsSolution(e: ReviewedExercise): boolean {
  return codeOf(e).solution;
}

/**
 * Whether a student's code is the exercise's starter, unchanged (comments and layout aside:
 * codeShape): the book's code, not the student's, whatever the file records (a student may have
 * pressed Check on it). It scores 0 (score).
 */
export function isStarter(e: ReviewedExercise): boolean {
  return codeOf(e).starter;
}

/** Whether the review's second run found the code failing at other points than its own (ReviewedExercise.probe). */
export const failsElsewhere = (e: Pick<ReviewedExercise, 'probe'>): boolean => foundFailing(e.probe);

/** Why the review's second run could not be made for this code (ReviewedExercise.probe), if it could not. */
export const notTriedElsewhere = (e: Pick<ReviewedExercise, 'probe'>): string | undefined => e.probe?.notRun;

/**
 * Whether the student never started: the code is the starter, unchanged (isStarter), or the
 * exercise is not in the file; for an exercise this version of the book does not have, the file
 * says so. The class table and "How the class did" both count this (they disagreed: a red team's
 * untouched exercise read "✗ 1/5 failed" in one and "Not started" in the other).
 */
export function notStarted(e: ReviewedExercise | undefined): boolean {
  if (!e) return true;
  return e.entry === undefined ? e.work.recorded === 'not-started' : isStarter(e);
}

/** How far ahead of the teacher's clock a hand-in's time may be before it is flagged: clocks drift. */
const FUTURE_SLACK_MS = 10 * 60_000;

/**
 * Whether a hand-in claims a time after `now` (the teacher's clock), beyond a few minutes of
 * drift: the student's clock was wrong, or the file was edited to win as the latest.
 */
export function isFutureDated(submitted: string, now = Date.now()): boolean {
  return Date.parse(submitted) > now + FUTURE_SLACK_MS;
}

/**
 * Whether a hand-in came after the due date: after the end of the due day in the teacher's time
 * zone, by the time the student's computer wrote into the file (its clock may be wrong or set).
 */
export function isLate(submitted: string, due: string): boolean {
  const end = dueEnd(due);
  return end !== null && Date.parse(submitted) > end;
}

/**
 * Checks in each exercise: the book's count where `book` has it (the checks a run of its
 * solution makes: ExerciseManifestEntry.checkCount), so that no hand-in changes what the others
 * are scored out of (a red team's find: one file that tripped 45 withheld names made 53 check
 * rows, and every classmate's full marks read 8/53). Otherwise, as the class's reruns found
 * them: the most checks any run of the exercise reported (a run that stops early reports
 * fewer). 0 when no run got to the checks.
 */
export function checksPerExercise(members: Placed[], book: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const most = new Map<string, number>(book);
  for (const { review } of members) {
    for (const e of review.exercises) {
      if (!book.has(exerciseKeyOf(e))) most.set(exerciseKeyOf(e), Math.max(most.get(exerciseKeyOf(e)) ?? 0, e.results.length));
    }
  }
  return most;
}

/**
 * Partial credit: checks passed of the exercise's checks (`total` from checksPerExercise); an
 * exercise not handed in, or that stops with an error before its checks, scores 0, and so does
 * the starter, unchanged (isStarter): the checks it passes by itself (a list of three zeros
 * "holds three numbers") are the book's, not the student's (a red team's student who handed in
 * nothing scored 7.2 %).
 */
export function score(e: ReviewedExercise | undefined, total: number): { passed: number; total: number } {
  if (!e || e.verdict === 'unknown' || isStarter(e)) return { passed: 0, total };
  return { passed: e.results.filter((r) => r.pass).length, total: Math.max(total, e.results.length) };
}

export interface ExerciseSummary {
  key: string;
  title: string;
  passed: number;
  /** Tried and failed: the code fails a check or stops with an error. */
  failed: number;
  notStarted: number;
  /** Hand-ins whose code is the published solution. */
  sameAsSolution: number;
  /** The check that failed in the most hand-ins, with how many; null when none failed. */
  mostFailed: { label: string; count: number } | null;
  /** Checks in the exercise (see checksPerExercise). */
  checks: number;
  /** Checks passed, summed over the class, for the class's average partial credit. */
  checksPassed: number;
  /** The class's average partial credit, 0–1: each student's checks passed of their own score's total (score), averaged. */
  credit: number;
}

/** Per assigned exercise: how many passed, tried and failed, did not start, and the check most often failed. */
export function summarize(group: AssignmentGroup, titleOf: (key: string) => string, book: ReadonlyMap<string, number> = new Map()): ExerciseSummary[] {
  const checks = checksPerExercise(group.members, book);
  return assignedKeys(group.assignment).map((key) => {
    const summary: ExerciseSummary = {
      key, title: titleOf(key), passed: 0, failed: 0, notStarted: 0, sameAsSolution: 0, mostFailed: null, checks: checks.get(key) ?? 0, checksPassed: 0, credit: 0,
    };
    const failures = new Map<string, number>();
    for (const { review } of group.members) {
      const e = review.exercises.find((x) => exerciseKeyOf(x) === key);
      const own = score(e, summary.checks);
      summary.checksPassed += own.passed;
      // A file with more rows than the book's checks (it tripped withheld names) is scored out of its own.
      if (own.total > 0) summary.credit += own.passed / own.total / group.members.length;
      if (e && sameAsSolution(e)) summary.sameAsSolution += 1;
      if (e?.verdict === 'passed') summary.passed += 1;
      else if (notStarted(e)) summary.notStarted += 1; // the starter's failures say nothing about the class
      else if (e?.verdict === 'failed' || e?.verdict === 'error') {
        summary.failed += 1;
        for (const r of e.results) if (!r.pass) failures.set(r.label, (failures.get(r.label) ?? 0) + 1);
      }
    }
    for (const [label, count] of failures) if (!summary.mostFailed || count > summary.mostFailed.count) summary.mostFailed = { label, count };
    return summary;
  });
}

/** A column of the class table to sort by: the student's name, an exercise (`chapter/exercise`), or exercises passed. */
export type SortColumn = { by: 'student' } | { by: 'passed' } | { by: 'exercise'; key: string };
export interface ClassSort { column: SortColumn; direction: 'ascending' | 'descending' }

/** Verdicts from best to worst, for sorting an exercise's column: a failed run beats one that stops, either beats nothing. */
const VERDICT_RANK: Record<string, number> = { passed: 3, failed: 2, error: 1, unknown: 0 };

/**
 * The name several files claim, as each spells it ("Alice Smith / alice smith"): files of one
 * student are matched case and spacing aside, and one file's spelling alone hid the other's
 * (red team 56).
 */
export function claimedName(files: readonly Placed[]): string {
  return [...new Set(files.map((p) => p.review.submission.student))].join(' / ');
}

const nameOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
/** Hand-ins in the order of their students' names (case and accents aside, "Ann 2" before "Ann 10"), then as loaded. */
export const byStudent = (a: Placed, b: Placed): number => nameOrder.compare(a.review.submission.student, b.review.submission.student) || a.seq - b.seq;

/**
 * The class table's rows in the teacher's chosen order. Names sort by the reader's language
 * rules (accents and case as a person would: "Émile" beside "Emma"); an exercise sorts by
 * verdict, then checks passed; "Passed" by exercises passed. Ties keep the students in name
 * order, then load order, so the table never shuffles rows the teacher did not ask to move.
 */
export function sortMembers(members: Placed[], sort: ClassSort, checks: Map<string, number>): Placed[] {
  const { column } = sort;
  const value = (p: Placed): number => {
    if (column.by === 'passed') return passedOf(p.review).passed;
    if (column.by === 'student') return 0;
    const e = p.review.exercises.find((x) => exerciseKeyOf(x) === column.key);
    if (!e) return -1;
    const { passed, total } = score(e, checks.get(column.key) ?? 0);
    return VERDICT_RANK[e.verdict] * 1e6 + (total ? passed / total : 0);
  };
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...members].sort((a, b) => {
    if (column.by === 'student') return sign * byStudent(a, b);
    return sign * (value(a) - value(b)) || byStudent(a, b);
  });
}
