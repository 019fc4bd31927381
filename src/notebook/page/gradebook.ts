/**
 * The gradebook: one CSV row per student of one assignment, for a spreadsheet or an LMS import.
 * The columns are documented in the teacher's guide (/teachers/#gradebook); change both together.
 *
 * Quoting is Papa Parse's `unparse`, with its `escapeFormulae` guard: a cell that starts with
 * = + - @, a tab or a line break gets a leading ' so a spreadsheet shows it as text instead of running it (a
 * student's name is the student's own word). The file starts with a UTF-8 byte-order mark,
 * which is how Excel knows the file is UTF-8 ("Zoë Müller", not "ZoÃ« MÃ¼ller").
 */
import Papa from 'papaparse';

/**
 * A text cell a spreadsheet could run: one that starts with = + - @, a tab, a carriage return or
 * a line feed (OWASP's list for CSV injection). Papa Parse's own pattern for `escapeFormulae:
 * true` ends in `.*$` without the `s` flag, so a value with a line break inside ("=1+1\nx") did
 * not match and went out unguarded; this one looks at the first character only.
 */
export const FORMULA_START = /^[=+\-@\t\r\n]/;
import { assignedKeys, byStudent, checksPerExercise, claimedName, exerciseKeyOf, isLate, rowWarnings, score, type AssignmentGroup, type RowWarning } from './class-view.ts';
import { repeatsNote, type ReviewedSubmission } from './review.ts';
import { countOf } from '../../lib/plural.ts';

export const BOM = '\uFEFF';

/**
 * A row's warnings (rowWarnings) as the `warnings` column says them: short, plain, joined by
 * "; ". The review page explains each one at length on its ⚠ flag; `askFor` is what the
 * assignment asks each student for ("Student ID").
 */
export function warningText(warnings: RowWarning[], askFor: string | undefined, titleOf: (key: string) => string = (key) => key.slice(key.indexOf('/') + 1)): string {
  return warnings.map((w) => warningWords(w, askFor ?? 'ID', (key) => `“${titleOf(key)}”`)).join('; ');
}

/** `titled` names an exercise by its key as the columns do, by its title (red team 59: the warnings named ids the headers never show). */
function warningWords(w: RowWarning, id: string, titled: (key: string) => string): string {
  switch (w.kind) {
    case 'set-aside': return `${countOf(w.count, 'other file claims', 'other files claim')} this student and ${w.count === 1 ? 'was' : 'were'} set aside`;
    case 'same-name': return 'same name as another row';
    case 'lookalike': return `look-alike ${w.of.map((x) => (x === 'name' ? 'name' : id)).join(' and ')}: looks like another row’s, written with other characters`;
    case 'no-id': return `no ${id}, which the assignment asks for`;
    case 'mixed-scripts': return `mixes ${w.scripts.join(' and ')} letters`;
    case 'passes-not-holding': return `${countOf(w.count, 'recorded pass', 'recorded passes')} ${w.count === 1 ? 'does' : 'do'} not hold on the rerun`;
    case 'future-dated': return 'dated in the future: a wrong clock or an edited file';
    case 'repeated': return `${repeatsNote(w.exercises)} (the book lists each once: an edited file)`;
    case 'left-out': return `left out by the student’s browser: ${w.exercises.map((e) => `${titled(e.exercise)} (${e.reason})`).join(', ')}`;
    case 'stopped': return `the rerun stopped at an error (the code’s own, or the time limit), not a wrong answer checked: ${w.exercises.map(titled).join(', ')}`;
    case 'fails-elsewhere': return `fails checks at points drawn for this review that it passes at its own (not in the score; read the code): ${w.exercises.map(titled).join(', ')}`;
    case 'not-tried-elsewhere': return `not tried again at points drawn for this review (read the code if that matters): ${w.exercises.map((e) => `${titled(e.exercise)} (${e.reason})`).join(', ')}`;
    case 'other-version': return 'made with another version of the book’s exercises';
  }
}

/** 0.666… → 0.67: scores are read by people and summed by spreadsheets. */
const round = (n: number, places = 2) => Number(n.toFixed(places));

/**
 * The gradebook of one assignment as CSV text (CRLF line ends, BOM first). Per exercise, the
 * score is the share of its checks the student's code passed on the teacher's rerun, 0 to 1
 * (1 = passed); `total` sums them, `out of` is the number of exercises, `percent` is total ÷
 * out of × 100; `note` says why a student's row has no scores (undecided); `warnings` lists what
 * to check by hand (warningText), as the review page flags it. `titleOf` names an exercise
 * column; `book` has each exercise's checks as the book counts them (checksPerExercise);
 * `label` is the `assignment` column, the assignment's title unless the review page has another
 * assignment of that title (assignmentLabels).
 */
export function gradebookCsv(group: AssignmentGroup, titleOf: (key: string) => string, book: ReadonlyMap<string, number> = new Map(), label = group.assignment.title): string {
  const keys = assignedKeys(group.assignment);
  const checks = checksPerExercise(group.members, book);
  const header = ['student ID', 'name', 'assignment', 'handed in', 'late', ...keys.map((k) => `${titleOf(k)} (score)`), 'total', 'out of', 'percent', 'content version', 'note', 'warnings'];
  const warningsOf = rowWarnings(group);
  const warnings = (review: ReviewedSubmission) => warningText(warningsOf(review), group.assignment.askFor, titleOf);
  // Each file's, when they differ: a forged file's passes that do not hold are not the student's own file's (a red team's).
  const undecidedWarnings = (reviews: ReviewedSubmission[]) => {
    const texts = reviews.map(warnings);
    if (texts.every((t) => t === texts[0])) return texts[0];
    return reviews.map((r, i) => `${r.file}: ${texts[i] || 'no warnings'}`).join(' | ');
  };
  // By name (byStudent, as the table's Student column sorts): the order the files were loaded in
  // means nothing in a spreadsheet (red team 56).
  const rows = [...group.members].sort(byStudent).map(({ review }) => {
    const s = review.submission;
    const scores = keys.map((key) => {
      const { passed, total } = score(review.exercises.find((e) => exerciseKeyOf(e) === key), checks.get(key) ?? 0);
      return total === 0 ? 0 : round(passed / total);
    });
    const total = round(scores.reduce((a, b) => a + b, 0));
    return [
      // In UTC, as the guide says, whatever offset an edited file wrote: a column of times in mixed offsets sorts wrong (a red team's).
      s.studentId ?? '', s.student, label, new Date(s.submitted).toISOString(), isLate(s.submitted, s.assignment.due) ? 'late' : '',
      ...scores, total, keys.length, keys.length === 0 ? 0 : round((100 * total) / keys.length, 1), s.contentVersion, '', warnings(review),
    ];
  });
  // A student the teacher has not chosen a file for gets a row without scores: an empty cell, not a 0, is "no grade yet".
  const undecided = [...group.undecided].sort((a, b) => byStudent(a.files[0], b.files[0])).map(({ files }) => {
    const s = files[0].review.submission;
    return [
      s.studentId ?? '', claimedName(files), label, '', '', ...keys.map(() => ''), '', keys.length, '', '',
      `not counted: ${files.length} files claim this student; choose one on the review page`, undecidedWarnings(files.map((p) => p.review)),
    ];
  });
  return BOM + Papa.unparse({ fields: header, data: [...undecided, ...rows] }, { escapeFormulae: FORMULA_START, newline: '\r\n' }) + '\r\n';
}

/**
 * Each group's name where the review page and its gradebooks name it: its title, and where
 * another group has the same title (a file for another list of exercises, due date or options
 * under that title), "Week 3 (set apart 2)" for the second, and so on, so the two gradebooks
 * differ in their `assignment` column and file name (a red team's: both said "Week 3").
 */
export function assignmentLabels(groups: readonly Pick<AssignmentGroup, 'assignment'>[]): string[] {
  const seen = new Map<string, number>();
  return groups.map(({ assignment: { title } }) => {
    const k = (seen.get(title) ?? 0) + 1;
    seen.set(title, k);
    return k === 1 ? title : `${title} (set apart ${k})`;
  });
}

