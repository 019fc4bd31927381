import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import Papa from 'papaparse';
import {
  decodeAssignment, dueDateProblem, encodeAssignment, makeSubmission, parseSubmission, READABLE_VERSIONS, SUBMISSION_VERSION, submissionFileName, type Assignment,
} from '../../../src/notebook/page/assignment.ts';
import { checksPerExercise, claimedName, claimsOfStudent, groupByAssignment, shownFiles, isFutureDated, isLate, isStarter, notStarted, passedOf, rowWarnings, sameAsSolution, score, sortMembers, summarize, type Placed } from '../../../src/notebook/page/class-view.ts';
import { assignmentLabels, BOM, gradebookCsv } from '../../../src/notebook/page/gradebook.ts';
import { browserId, describeStudentData, forgetStudent, studentData } from '../../../src/notebook/page/student.ts';
import type { ReviewedExercise, ReviewedSubmission, Verdict } from '../../../src/notebook/page/review.ts';
import type { ExerciseManifestEntry } from '../../../src/chapters/manifest.ts';
import { MemoryStorage } from './memory-storage.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const assignment: Assignment = { title: 'Week 3', due: '2026-12-01', items: [{ chapter: 'the-sigmoid', exercises: ['prime', 'plot'] }] };

describe('due dates (item 9)', () => {
  it('are real calendar dates, and say why not', () => {
    expect(dueDateProblem('')).toBeNull();
    expect(dueDateProblem('2028-02-29')).toBeNull();
    expect(dueDateProblem('2026-13-45')).toBe('2026-13-45 is not a date: there is no month 13 (months are 01 to 12)');
    expect(dueDateProblem('2026-02-30')).toBe('2026-02-30 is not a date: February 2026 has 28 days');
    expect(dueDateProblem('1 Dec')).toBe('“1 Dec” is not a date in the form YYYY-MM-DD (for example 2026-12-01)');
  });

  it('refuse a link whose due date is not a date, instead of showing "Invalid Date"', () => {
    const link = '#' + encodeAssignment({ ...assignment, due: '2026-13-45' });
    expect(() => decodeAssignment(link)).toThrow('the due date 2026-13-45 is not a date: there is no month 13 (months are 01 to 12)');
  });
});

describe('assignment options (items 7 and 9)', () => {
  it('carry what to ask students for and whether solutions are hidden, through the link', () => {
    const options = { ...assignment, askFor: 'Student ID', hideSolutions: true };
    expect(decodeAssignment('#' + encodeAssignment(options))).toEqual(options);
  });

  it('refuse hidden solutions without a due date, and a damaged askFor', () => {
    expect(() => decodeAssignment('#' + encodeAssignment({ ...assignment, due: '', hideSolutions: true }))).toThrow('hides solutions until a due date but has none');
    expect(() => decodeAssignment('#' + encodeAssignment({ ...assignment, askFor: 'x'.repeat(41) }))).toThrow('what the assignment asks students for is damaged');
  });

  // A red team's hand-in listed one exercise 20,000 times in its assignment (81 KB): as many
  // columns on the review page, which stalled for a minute at each sort.
  it('refuse a chapter or an exercise listed twice, and more of them than an assignment has', () => {
    const twice = { ...assignment, items: [{ chapter: 'the-sigmoid', exercises: ['prime', 'prime'] }] };
    expect(() => decodeAssignment('#' + encodeAssignment(twice))).toThrow('the assignment lists the exercise prime twice');
    const chapterTwice = { ...assignment, items: [{ chapter: 'the-sigmoid', exercises: ['prime'] }, { chapter: 'the-sigmoid', exercises: ['plot'] }] };
    expect(() => decodeAssignment('#' + encodeAssignment(chapterTwice))).toThrow('the assignment lists the chapter the-sigmoid twice');
    const many = { ...assignment, items: [{ chapter: 'the-sigmoid', exercises: Array.from({ length: 201 }, (_, i) => `ex-${i}`) }] };
    expect(() => decodeAssignment('#' + encodeAssignment(many))).toThrow('the assignment lists 1 chapter and 201 exercises; an assignment has at most 50 and 200');
    const manyChapters = { ...assignment, items: Array.from({ length: 51 }, (_, i) => ({ chapter: `c-${i}`, exercises: [] })) };
    expect(() => decodeAssignment('#' + encodeAssignment(manyChapters))).toThrow('an assignment has at most 50 and 200');
    // The same exercise id in two chapters is two exercises.
    const twoChapters = { ...assignment, items: [{ chapter: 'a', exercises: ['x'] }, { chapter: 'b', exercises: ['x'] }] };
    expect(decodeAssignment('#' + encodeAssignment(twoChapters))).toEqual(twoChapters);
  });
});

describe('the hand-in format (items 7 and 13)', () => {
  const schema = JSON.parse(read('../../../docs/handin.schema.json'));
  const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  const made = makeSubmission({
    assignment: { ...assignment, askFor: 'Student ID' }, student: 'Zoë Müller', studentId: 's1234567', browser: '0b5e6c1e-4a7d-4f7e-9a51-2f2c9d1b7e10', contentVersion: 'abcd1234',
    submitted: new Date('2026-11-30T10:00:00.000Z'), workFor: () => ({ code: 'x', recorded: 'attempted' }),
  });

  it('is version 3, carries the student ID and the browser’s id, and the schema says the versions the book reads', () => {
    expect(SUBMISSION_VERSION).toBe(3);
    expect(made).toMatchObject({ version: 3, student: 'Zoë Müller', studentId: 's1234567', browser: '0b5e6c1e-4a7d-4f7e-9a51-2f2c9d1b7e10' });
    expect(schema.properties.version.enum).toEqual(READABLE_VERSIONS);
    expect(parseSubmission(JSON.stringify(made))).toEqual(made);
    expect(submissionFileName(made)).toBe('week-3-zoe-muller-s1234567.json');
  });

  it('matches the JSON Schema, and so does a version 1 file, which still reads', () => {
    expect(validate(made), JSON.stringify(validate.errors)).toBe(true);
    const v1 = read('./fixtures/handin-v1.json');
    expect(validate(JSON.parse(v1)), JSON.stringify(validate.errors)).toBe(true);
    const parsed = parseSubmission(v1);
    expect(parsed).toMatchObject({ version: 1, student: 'Zoë Müller', assignment: { title: 'Week 3: the sigmoid', due: '2026-12-01' } });
    expect(parsed).not.toHaveProperty('studentId');
    expect(parsed.unavailable).toHaveLength(1);
  });

  it('the schema refuses what the reader refuses', () => {
    const bads = [
      { ...made, version: 4 }, { ...made, student: '' }, { ...made, work: [{ ...made.work[0], recorded: 'perfect' }] },
      { ...made, browser: 'short' }, { ...made, browser: '<b>0b5e6c1e</b>' }, { ...made, browser: 12345678 }, { ...made, browser: 'x'.repeat(65) },
      { ...made, assignment: { ...made.assignment, items: [{ chapter: 'the-sigmoid', exercises: ['prime', 'prime'] }] } },
    ];
    for (const bad of bads) {
      expect(validate(bad), JSON.stringify(bad).slice(0, 80)).toBe(false);
      expect(() => parseSubmission(JSON.stringify(bad))).toThrow();
    }
    expect(() => parseSubmission(JSON.stringify({ ...made, version: 4 }))).toThrow('hand-in file version 4 is not supported; this version of the book reads versions 1, 2 and 3');
    // Red team 23: "3" in quotes was refused as "version 3 is not supported; … reads versions 1, 2 and 3".
    expect(() => parseSubmission(JSON.stringify({ ...made, version: '3' }))).toThrow('hand-in file version "3" is not a number, as the book writes it: the file was changed or damaged after it was made');
    expect(() => parseSubmission(JSON.stringify({ ...made, browser: 'short' }))).toThrow('the browser id is damaged: it is 8 to 64 letters, digits and hyphens when the file has one');
    // A red team's time that Date.parse reads, and the gradebook copied as written.
    for (const submitted of ['2026-12-01 (on time: extension agreed with teacher)', 'Dec 1, 2026', '2026-12-01']) {
      expect(() => parseSubmission(JSON.stringify({ ...made, submitted }))).toThrow('the file has no valid time (an ISO 8601 date and time, as 2026-11-30T10:00:00.000Z)');
    }
    expect(parseSubmission(JSON.stringify({ ...made, submitted: '2026-12-01T09:30:00+01:00' })).submitted).toBe('2026-12-01T09:30:00+01:00');
  });

  it('a version 2 file, without a browser id, still reads', () => {
    const { browser: _, ...v2 } = { ...made, version: 2 as const };
    expect(validate(v2), JSON.stringify(validate.errors)).toBe(true);
    expect(parseSubmission(JSON.stringify(v2))).toEqual(v2);
  });
});

// ---------- the class view ----------

const entry = (id: string): ExerciseManifestEntry => ({
  chapter: 'the-sigmoid', chapterTitle: 'The sigmoid', id, title: id === 'prime' ? 'Prime' : 'Plot', context: [], starter: 'return 0;', solution: 'return a * (1 - a); // σ′ = a(1 − a)\n', checks: '', checksUses: [],
});
function reviewed(id: string, verdict: Verdict, passes: boolean[], code = 'mine', recorded: ReviewedExercise['work']['recorded'] = 'attempted'): ReviewedExercise {
  return {
    work: { chapter: 'the-sigmoid', exercise: id, code, recorded }, entry: entry(id), verdict, flagged: false,
    results: passes.map((pass, i) => ({ label: `check ${i + 1}`, pass })),
  };
}
let seq = 0;
function placed(student: string, exercises: ReviewedExercise[], extra: Partial<ReviewedSubmission['submission']> = {}): Placed {
  const submission = {
    format: 'nn-from-scratch/submission' as const, version: 3 as const, student, browser: 'browser-of-one-student', submitted: '2026-11-30T10:00:00.000Z', contentVersion: 'v', assignment,
    work: exercises.map((e) => e.work), ...extra,
  };
  return { seq: seq++, review: { file: `${student}.json`, submission, exercises, repeated: [], versionDiffers: false } };
}

describe('grouping hand-ins (item 10)', () => {
  it('groups by assignment, keeps each student’s latest hand-in from the same browser and says which was replaced', () => {
    const first = placed('Ada Lovelace', [], { submitted: '2026-11-30T09:00:00.000Z' });
    const other = placed('Grace Hopper', [], { assignment: { ...assignment, title: 'Week 4' } });
    const again = placed('ada  LOVELACE', [], { submitted: '2026-11-30T11:00:00.000Z' });
    const older = placed('Ada Lovelace', [], { submitted: '2026-11-29T11:00:00.000Z' });
    const groups = groupByAssignment([first, other, again, older]);
    expect(groups.map((g) => g.assignment.title)).toEqual(['Week 3', 'Week 4']);
    expect(groups[0].members).toEqual([again]);
    expect(groups[0].replaced).toEqual([{ dropped: first, kept: again }, { dropped: older, kept: again }]);
    expect(groups[0].undecided).toEqual([]);
    expect(groups[1].members).toEqual([other]);
  });

  // A red team's find: a zero-width space in a name gave the same student two rows.
  it('names that look the same on screen are one student: invisible characters, compatibility forms and spaces aside', () => {
    const plain = placed('Ada Lovelace', [], { submitted: '2026-11-30T09:00:00.000Z' });
    const looksSame = ['Ada\u200B Lovelace', 'Ada\u00A0Lovelace', '\u200EAda Lovelace\u2060', 'Ａｄａ Lovelace', 'Ada Love\u00ADlace', 'Ada\u3000\u200DLovelace'];
    for (const [i, name] of looksSame.entries()) {
      const other = placed(name, [], { submitted: `2026-11-30T1${i}:00:00.000Z` });
      const [group] = groupByAssignment([plain, other]);
      expect(group.members, name).toEqual([other]);
      expect(group.replaced, name).toEqual([{ dropped: plain, kept: other }]);
      // From another browser, the same look-alike waits for the teacher instead.
      const elsewhere = placed(name, [], { submitted: `2026-11-30T1${i}:00:00.000Z`, browser: 'a-classmates-browser' });
      expect(groupByAssignment([plain, elsewhere])[0].undecided, name).toEqual([{ files: [plain, elsewhere], reason: 'browsers' }]);
    }
    // Different letters stay different students.
    expect(groupByAssignment([plain, placed('Ada Lovelac', [])])[0].members).toHaveLength(2);
  });

  // Red teams' forgery: a later file under a classmate's name, made in another browser (or
  // with the browser id taken out), stood in for the classmate's own until the teacher noticed.
  it('a later file from another browser, or one that does not say which, does not count in place of the student’s own: neither does, until the teacher chooses', () => {
    const honest = placed('Alice', [], { submitted: '2026-11-30T09:00:00.000Z' });
    const forged = placed(' alice ', [], { submitted: '2099-12-31T23:59:59.000Z', browser: 'mallorys-browser' });
    const [group] = groupByAssignment([honest, forged]);
    expect(group.members).toEqual([]);
    expect(group.replaced).toEqual([]);
    expect(group.undecided).toEqual([{ files: [honest, forged], reason: 'browsers' }]);
    const { browser: _, ...bare } = forged.review.submission;
    const noId = { ...forged, seq: seq++, review: { ...forged.review, submission: bare } };
    expect(groupByAssignment([honest, noId])[0].undecided).toEqual([{ files: [honest, noId], reason: 'unknown-browser' }]);
    // Two files of one browser at the same time: neither is "the latest" (the same file twice is one: see "the same file loaded again").
    const twin = placed('ALICE', [], { submitted: '2026-11-30T09:00:00.000Z' });
    expect(groupByAssignment([honest, twin])[0].undecided).toEqual([{ files: [honest, twin], reason: 'same-time' }]);
    // Another student's files are not held up.
    const bob = placed('Bob', []);
    expect(groupByAssignment([honest, bob, forged])[0].members).toEqual([bob]);
  });

  // Red team 38: a later file with a classmate's name and browser id (both in the classmate's own
  // file) and wrong code replaced the classmate's 3/3 with 0.2/3, with only a note in the gradebook.
  it('a later file from the same browser that passes fewer checks than an earlier one does not count in its place: neither does, until the teacher chooses', () => {
    const judged = (passes: boolean[]) => reviewed('prime', passes.every(Boolean) ? 'passed' : 'failed', passes);
    const honest = placed('Alice', [judged([true, true, true])], { submitted: '2026-11-30T09:00:00.000Z' });
    const forged = placed('Alice', [judged([true, false, false])], { submitted: '2026-11-30T10:00:00.000Z' });
    const [group] = groupByAssignment([honest, forged]);
    expect(group.members).toEqual([]);
    expect(group.undecided).toEqual([{ files: [honest, forged], reason: 'fewer-passes' }]);
    // In either load order; and a student handing in again with as many checks passed, or more, replaces the earlier file.
    expect(groupByAssignment([forged, honest])[0].undecided).toEqual([{ files: [honest, forged], reason: 'fewer-passes' }]);
    const better = placed('Alice', [judged([true, true, true])], { submitted: '2026-11-30T11:00:00.000Z' });
    expect(groupByAssignment([forged, better])[0].members).toEqual([better]);
    expect(groupByAssignment([honest, better])[0].members).toEqual([better]);
    // The teacher's choice settles it either way.
    expect(groupByAssignment([honest, forged], new Set([forged.seq]))[0].members).toEqual([forged]);
    // Red team 40: as many checks in all, traded from one exercise to another, is fewer in one.
    const carol = placed('Carol', [reviewed('prime', 'failed', [false, false]), reviewed('plot', 'passed', [true, true, true])], { submitted: '2026-11-30T09:00:00.000Z' });
    const traded = placed('Carol', [reviewed('prime', 'failed', [true, true]), reviewed('plot', 'failed', [true, false, false])], { submitted: '2026-11-30T10:00:00.000Z' });
    expect(groupByAssignment([carol, traded])[0].undecided).toEqual([{ files: [carol, traded], reason: 'fewer-passes' }]);
  });

  // Red team 40: a later file with a classmate's student ID and browser id, under another name,
  // took the classmate's row: the gradebook said "A1,Mallory,…,100".
  it('a later file from the same browser under another name does not count in place of the student’s own', () => {
    const alice = placed('Alice', [], { studentId: 'A1', submitted: '2026-11-30T09:00:00.000Z' });
    const mallory = placed('Mallory', [], { studentId: 'A1', submitted: '2026-11-30T10:00:00.000Z' });
    expect(groupByAssignment([alice, mallory])[0].undecided).toEqual([{ files: [alice, mallory], reason: 'names' }]);
    // The same name written otherwise (case, spacing) is the same name.
    const again = placed(' alice ', [], { studentId: 'A1', submitted: '2026-11-30T11:00:00.000Z' });
    expect(groupByAssignment([alice, again])[0].members).toEqual([again]);
  });

  it('the file the teacher chooses counts, wherever it comes in the order and whatever its date or browser', () => {
    const honest = placed('Alice', [], { submitted: '2026-11-30T09:00:00.000Z' });
    const forged = placed(' alice ', [], { submitted: '2099-12-31T23:59:59.000Z' });
    const third = placed('ALICE', [], { submitted: '2026-11-30T10:00:00.000Z', browser: 'another-browser' });
    expect(groupByAssignment([honest, forged, third])[0].members).toEqual([]);
    const chosen = groupByAssignment([honest, forged, third], new Set([honest.seq]))[0];
    expect(chosen.members).toEqual([honest]);
    expect(chosen.undecided).toEqual([]);
    expect(chosen.replaced).toEqual([{ dropped: forged, kept: honest }, { dropped: third, kept: honest }]);
    expect(groupByAssignment([honest, forged, third], new Set([third.seq]))[0].members).toEqual([third]);
    // The files the choice is between, from any one of them.
    for (const group of [groupByAssignment([honest, forged, third])[0], chosen]) {
      for (const p of [honest, forged, third]) expect(claimsOfStudent(group, p.seq).map((q) => q.seq).sort()).toEqual([honest.seq, forged.seq, third.seq]);
    }
    expect(claimsOfStudent(chosen, -1)).toEqual([]);
    // The section shows the counted files and those waiting for a choice, not those replaced.
    expect(shownFiles(groupByAssignment([honest, forged, third])[0]).map((q) => q.seq).sort()).toEqual([honest.seq, forged.seq, third.seq].sort());
    expect(shownFiles(chosen)).toEqual([honest]);
  });

  it('a hand-in dated after the teacher’s clock, beyond a few minutes of drift, is flagged', () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    expect(isFutureDated('2026-11-30T12:05:00.000Z', now)).toBe(false);
    expect(isFutureDated('2026-11-30T12:11:00.000Z', now)).toBe(true);
    expect(isFutureDated('2099-12-31T23:59:59Z', now)).toBe(true);
  });

  it('tells two students of the same name apart by their IDs', () => {
    const a = placed('Sam Lee', [], { studentId: '1' });
    const b = placed('Sam Lee', [], { studentId: '2' });
    expect(groupByAssignment([a, b])[0].members).toEqual([a, b]);
  });
});

describe('the class view (item 11)', () => {
  it('counts passed, tried and failed, and not started, with the check most often failed', () => {
    const group = groupByAssignment([
      placed('A', [reviewed('prime', 'passed', [true, true, true, true], 'return a * (1 - a); // σ′ = a(1 − a)'), reviewed('plot', 'failed', [true, false])]),
      placed('B', [reviewed('prime', 'failed', [true, false, true, false]), reviewed('plot', 'failed', [false, false], 'return 0;', 'not-started')]),
      placed('C', [reviewed('prime', 'failed', [true, true, true, false])]),
      placed('D', [reviewed('prime', 'error', [], 'throw 1', 'attempted')]),
    ])[0];
    const [prime, plot] = summarize(group, (key) => key.split('/')[1]);
    expect(prime).toMatchObject({ passed: 1, failed: 3, notStarted: 0, sameAsSolution: 1, checks: 4, checksPassed: 4 + 2 + 3, credit: 9 / 16, mostFailed: { label: 'check 4', count: 2 } });
    expect(plot).toMatchObject({ passed: 0, failed: 1, notStarted: 3, checks: 2, mostFailed: { label: 'check 2', count: 1 } });
  });

  it('gives partial credit as checks passed of the exercise’s checks', () => {
    expect(score(reviewed('prime', 'failed', [true, false, true]), 3)).toEqual({ passed: 2, total: 3 });
    expect(score(reviewed('prime', 'error', []), 4)).toEqual({ passed: 0, total: 4 });
    expect(score(undefined, 4)).toEqual({ passed: 0, total: 4 });
  });

  // Red team 56: a student who handed in nothing scored 7.2 %: the starter's list of three zeros
  // passes "holds three numbers". The class table said "✗ 1/5 failed", the summary "Not started".
  it('the starter, unchanged, scores 0 and is not started everywhere, whatever the file records and the checks it passes', () => {
    const idle = reviewed('prime', 'failed', [true, false, false, false, false], 'return 0;\n\n', 'attempted');
    // Comments and layout aside (red team 57: "// done" added to every starter earned 15.5 %).
    expect(isStarter(reviewed('prime', 'failed', [true], '  return   0; // done\n/* all of it */', 'attempted'))).toBe(true);
    expect(isStarter(reviewed('prime', 'failed', [true], 'return 1;', 'attempted'))).toBe(false);
    expect(score(idle, 5)).toEqual({ passed: 0, total: 5 });
    expect(isStarter(idle)).toBe(true);
    expect(notStarted(idle)).toBe(true);
    const group = groupByAssignment([placed('Frank', [idle]), placed('Gina', [reviewed('prime', 'failed', [true, false, false, false, false], 'return 1;')])])[0];
    const [prime] = summarize(group, (key) => key.split('/')[1]);
    expect(prime).toMatchObject({ passed: 0, failed: 1, notStarted: 1, checksPassed: 1, credit: 1 / 5 / 2 });
    const [, frank] = Papa.parse<string[]>(gradebookCsv(groupByAssignment([placed('Frank', [idle])])[0], (key) => key).slice(1)).data;
    expect(frank.slice(1, 2).concat(frank.slice(5, 8))).toEqual(['Frank', '0', '0', '0']); // prime, plot (not in the file), total
  });

  it('flags a late hand-in by the end of the due day, and code that is the published solution', () => {
    const endOfDay = new Date(2026, 11, 1, 23, 59, 59).toISOString();
    const nextDay = new Date(2026, 11, 2, 0, 0, 1).toISOString();
    expect(isLate(endOfDay, '2026-12-01')).toBe(false);
    expect(isLate(nextDay, '2026-12-01')).toBe(true);
    expect(isLate(nextDay, '')).toBe(false);
    expect(sameAsSolution(reviewed('prime', 'passed', [], '\nreturn a * (1 - a); // σ′ = a(1 − a)   \n\n'))).toBe(true);
    // Layout aside (red team 57: one leading space on each line hid every copy); the comment is part of it.
    expect(sameAsSolution(reviewed('prime', 'passed', [], ' return a*(1 - a); // σ′ = a(1 − a)'))).toBe(true);
    expect(sameAsSolution(reviewed('prime', 'passed', [], 'return a * (1 - a); // mine'))).toBe(false);
    // Red team 56: a one-line answer with no comment is what most students write (four honest ones
    // matched it): the same code says nothing then. Three lines, or a comment, do.
    const oneLine = (code: string, solution: string) => ({ ...reviewed('prime', 'passed', [], code), entry: { ...entry('prime'), solution } });
    expect(sameAsSolution(oneLine('return 1 / (1 + Math.exp(-z));', 'return 1 / (1 + Math.exp(-z));\n'))).toBe(false);
    const three = 'let t = 0;\nfor (const x of xs) t += x;\nreturn t;';
    expect(sameAsSolution(oneLine(three, three))).toBe(true);
  });
});

describe('reading back what the review page kept', () => {
  // A red team's find: one damaged record ("exercises": null) emptied the whole table, and a
  // verdict written into a class attribute could carry markup.
  it('keeps a record as the page wrote it and refuses a damaged or edited one', async () => {
    const { readPlaced } = await import('../../../src/notebook/page/review-store.ts');
    const good = placed('Ada Lovelace', [reviewed('prime', 'passed', [true, true])]);
    expect(readPlaced(JSON.parse(JSON.stringify(good)))).toEqual(JSON.parse(JSON.stringify(good)));
    const damaged = (change: (p: any) => void) => {
      const copy = JSON.parse(JSON.stringify(good));
      change(copy);
      return readPlaced(copy);
    };
    expect(damaged((p) => { p.review.exercises = null; })).toBeNull();
    expect(damaged((p) => { p.review.exercises[0].verdict = 'passed"><img src=x onerror=alert(1)>'; })).toBeNull();
    expect(damaged((p) => { p.review.exercises[0].results[0].pass = 'yes'; })).toBeNull();
    // The review's second run (review.ts, probe) is kept too, and held to the same shape.
    const probed = JSON.parse(JSON.stringify(good));
    probed.review.exercises[0].probe = { failed: [{ label: 'x', pass: false, got: '0' }], message: 'While checking, the code raised RangeError: no' };
    expect(readPlaced(JSON.parse(JSON.stringify(probed)))).toEqual(probed);
    expect(damaged((p) => { p.review.exercises[0].probe = { failed: [{ label: 'x', pass: 'no' }] }; })).toBeNull();
    expect(damaged((p) => { p.review.exercises[0].probe = { failed: null }; })).toBeNull();
    expect(damaged((p) => { p.review.exercises[0].probe = { failed: [], message: 7 }; })).toBeNull();
    expect(damaged((p) => { p.review.submission.format = 'other'; })).toBeNull();
    expect(damaged((p) => { delete p.review.submission; })).toBeNull();
    expect(damaged((p) => { p.seq = '1'; })).toBeNull();
    expect(readPlaced(null)).toBeNull();
    expect(readPlaced('text')).toBeNull();
  });

  // A red team's find: a forged record with seq 2^53 made every later file take the same seq, and
  // one whose file name was 255 characters kept its forged pass through "Check again".
  it('refuses a record outside any limit a loaded file meets, or with a seq the page never hands out', async () => {
    const { readPlaced, MAX_SEQ } = await import('../../../src/notebook/page/review-store.ts');
    const { keptHandIn } = await import('../../../src/notebook/page/review.ts');
    const { HAND_IN_LIMITS: limits } = await import('../../../src/notebook/page/assignment.ts');
    const good = placed('Ada Lovelace', [reviewed('prime', 'passed', [true, true]), reviewed('plot', 'failed', [false])]);
    const damaged = (change: (p: any) => void) => {
      const copy = JSON.parse(JSON.stringify(good));
      change(copy);
      return readPlaced(copy);
    };
    expect(damaged((p) => { p.seq = 2 ** 53; })).toBeNull();
    expect(damaged((p) => { p.seq = MAX_SEQ + 1; })).toBeNull();
    expect(damaged((p) => { p.seq = -1; })).toBeNull();
    expect(damaged((p) => { p.seq = MAX_SEQ; })).not.toBeNull();
    // The page keeps a file's name as shown (at most 100 characters); a loaded file's name has at most 200.
    expect(damaged((p) => { p.review.file = `${'d'.repeat(250)}.json`; })).toBeNull();
    expect(damaged((p) => { p.review.file = `${'d'.repeat(150)}.json`; })).toBeNull();
    expect(damaged((p) => { p.review.file = `${'d'.repeat(90)}.json`; })).not.toBeNull();
    // Bigger than a loaded file may be: the page's reading of it as a file says so.
    const big = 'x'.repeat(limits.codeChars);
    const huge = (p: any) => { for (let i = 0; i < 11; i++) { p.review.submission.work.push({ chapter: 'the-sigmoid', exercise: `e${i}`, code: big, recorded: 'attempted' }); p.review.exercises.push({ ...p.review.exercises[0], work: p.review.submission.work.at(-1) }); } };
    expect(damaged(huge)).toBeNull();
    const copy = JSON.parse(JSON.stringify(good));
    huge(copy);
    expect(keptHandIn(copy.review).size).toBeGreaterThan(limits.fileBytes);
    // More entries than a file may list, or judged exercises that are not the hand-in's.
    expect(damaged((p) => { p.review.submission.work = Array.from({ length: limits.entries + 1 }, () => p.review.submission.work[0]); })).toBeNull();
    expect(damaged((p) => { p.review.exercises.push(p.review.exercises[0]); })).toBeNull();
    expect(damaged((p) => { p.review.exercises[1].work.exercise = 'other'; })).toBeNull();
    expect(damaged((p) => { p.review.exercises[0].work.code = 'forged'; })).toBeNull();
    expect(damaged((p) => { p.review.repeated = [{ exercise: 'prime', times: 1e9 }]; })).toBeNull();
    // What the page shows of the book's exercise, and when it was checked.
    expect(damaged((p) => { p.review.exercises[0].entry.withhold = 'Math'; })).toBeNull();
    expect(damaged((p) => { p.review.exercises[0].entry.title = 7; })).toBeNull();
    expect(damaged((p) => { p.checked = 'yesterday'; })).toBeNull();
  });

  it('reads a kept hand-in as a file of its UTF-8 bytes, under the name the page shows', async () => {
    const { keptHandIn } = await import('../../../src/notebook/page/review.ts');
    const zoe = placed('Zoë Müller', []);
    const file = keptHandIn(zoe.review);
    const text = await file.text();
    expect(file.name).toBe('Zoë Müller.json');
    expect(JSON.parse(text)).toEqual(zoe.review.submission);
    expect(file.size).toBe(text.length + 2); // ë and ü are two bytes each
  });
});

describe('what "Passed" counts', () => {
  // A red team's find: a file that adds exercises of its own showed "5/6" beside a classmate's
  // "2/2", although it failed an assigned exercise.
  it('counts only the assigned exercises, of the number assigned', () => {
    const padded = placed('Pad', [
      reviewed('prime', 'passed', [true]), reviewed('plot', 'failed', [false]),
      reviewed('extra-1', 'passed', [true]), reviewed('extra-2', 'passed', [true]), reviewed('extra-3', 'passed', [true]),
    ]);
    expect(passedOf(padded.review)).toEqual({ passed: 1, of: 2 });
    const honest = placed('Honest', [reviewed('prime', 'passed', [true]), reviewed('plot', 'passed', [true])]);
    expect(passedOf(honest.review)).toEqual({ passed: 2, of: 2 });
    const order = sortMembers([padded, honest], { column: { by: 'passed' }, direction: 'descending' }, new Map());
    expect(order.map((p) => p.review.submission.student)).toEqual(['Honest', 'Pad']);
  });
});

describe('columns of the class table', () => {
  // A red team's find: a file with 199 made-up exercise ids added 199 "not assigned" columns to
  // the whole class's table.
  const unknown = (id: string) => ({ ...reviewed(id, 'unknown', []), entry: undefined });
  const junk = placed('Colin', [reviewed('prime', 'passed', [true]), ...Array.from({ length: 199 }, (_, i) => unknown(`zz-column-${i}`))]);
  const extra = { ...reviewed('extra', 'passed', [true]), entry: { ...entry('extra'), title: 'Extra' } };
  const keen = placed('Kim', [reviewed('prime', 'passed', [true]), reviewed('plot', 'passed', [true]), extra]);
  const [group] = groupByAssignment([junk, keen]);

  it('are the assignment’s exercises, then the book’s exercises some file holds; made-up ids add none', async () => {
    const { tableColumns } = await import('../../../src/notebook/page/class-view.ts');
    expect(tableColumns(group)).toEqual(['the-sigmoid/prime', 'the-sigmoid/plot', 'the-sigmoid/extra']);
  });

  it('name a file’s entries for exercises the book does not have on that file alone; an assigned one the book lacks stays a column', async () => {
    const { tableColumns, unknownEntries } = await import('../../../src/notebook/page/class-view.ts');
    expect(unknownEntries(junk.review)).toHaveLength(199);
    expect(unknownEntries(keen.review)).toEqual([]);
    // "plot" is assigned: a book without it still shows its column, as it is counted.
    const old = placed('Old', [reviewed('prime', 'passed', [true]), unknown('plot')]);
    expect(unknownEntries(old.review)).toEqual([]);
    expect(tableColumns(groupByAssignment([old])[0])).toEqual(['the-sigmoid/prime', 'the-sigmoid/plot']);
  });

  it('and the gradebook has the assigned exercises only, whatever a file adds', () => {
    const [header, ...rows] = gradebookCsv(group, (key) => key).slice(1).split('\r\n');
    expect(header).toBe('student ID,name,assignment,handed in,late,the-sigmoid/prime (score),the-sigmoid/plot (score),total,out of,percent,content version,note,warnings');
    expect(rows[0]).toBe(',Colin,Week 3,2026-11-30T10:00:00.000Z,,1,0,1,2,50,v,,');
  });
});

describe('sorting the class table (item 14)', () => {
  const members = [
    placed('émile Zola', [reviewed('prime', 'failed', [true, false, false, false]), reviewed('plot', 'passed', [true, true])]),
    placed('Ada Lovelace', [reviewed('prime', 'passed', [true, true, true, true])]),
    placed('Emma Noether', [reviewed('prime', 'error', [])]),
    placed('Bea', [reviewed('prime', 'failed', [true, true, true, false]), reviewed('plot', 'passed', [true, true])]),
    placed('Cy', []),
  ];
  const checks = checksPerExercise(members);
  const names = (column: Parameters<typeof sortMembers>[1]['column'], direction: 'ascending' | 'descending') =>
    sortMembers(members, { column, direction }, checks).map((p) => p.review.submission.student);

  it('sorts names as a person reads them: accents and case do not push a name to the end', () => {
    expect(names({ by: 'student' }, 'ascending')).toEqual(['Ada Lovelace', 'Bea', 'Cy', 'émile Zola', 'Emma Noether']);
    expect(names({ by: 'student' }, 'descending')).toEqual(['Emma Noether', 'émile Zola', 'Cy', 'Bea', 'Ada Lovelace']);
  });

  it('sorts an exercise by verdict, then checks passed; a missing exercise comes last; ties by name', () => {
    expect(names({ by: 'exercise', key: 'the-sigmoid/prime' }, 'descending')).toEqual(['Ada Lovelace', 'Bea', 'émile Zola', 'Emma Noether', 'Cy']);
    expect(names({ by: 'exercise', key: 'the-sigmoid/prime' }, 'ascending')).toEqual(['Cy', 'Emma Noether', 'émile Zola', 'Bea', 'Ada Lovelace']);
    expect(names({ by: 'exercise', key: 'the-sigmoid/plot' }, 'descending')).toEqual(['Bea', 'émile Zola', 'Ada Lovelace', 'Cy', 'Emma Noether']);
  });

  it('sorts by exercises passed, and leaves the input alone', () => {
    expect(names({ by: 'passed' }, 'descending')).toEqual(['Ada Lovelace', 'Bea', 'émile Zola', 'Cy', 'Emma Noether']);
    expect(names({ by: 'passed' }, 'ascending')).toEqual(['Cy', 'Emma Noether', 'Ada Lovelace', 'Bea', 'émile Zola']);
    expect(members.map((p) => p.review.submission.student)).toEqual(['émile Zola', 'Ada Lovelace', 'Emma Noether', 'Bea', 'Cy']);
  });
});

// A red team's find: one file that tripped 45 withheld names had 53 check rows, and every
// classmate's full marks read 8/53, in the table and the gradebook.
describe('what an exercise is scored out of', () => {
  const honest = placed('Alice', [reviewed('prime', 'passed', [true, true, true])]);
  const hostile = placed('Mallory', [reviewed('prime', 'failed', [true, true, true, ...Array<boolean>(50).fill(false)])]);
  const group = groupByAssignment([honest, hostile])[0];
  const book = new Map([['the-sigmoid/prime', 3]]);

  it('is the book’s count of checks, whatever another file holds; its own extra rows still count against it', () => {
    expect(checksPerExercise(group.members, book).get('the-sigmoid/prime')).toBe(3);
    expect(summarize(group, () => 'Prime', book)[0]).toMatchObject({ checks: 3, credit: (1 + 3 / 53) / 2 });
    const [, alice, mallory] = gradebookCsv(group, () => 'Prime', book).slice(1).split('\r\n');
    expect(alice.split(',').slice(5, 6)).toEqual(['1']);
    expect(mallory.split(',').slice(5, 6)).toEqual(['0.06']); // 3 of its own 53
  });

  it('is the most checks any file reported for an exercise the book does not count', () => {
    expect(checksPerExercise(group.members).get('the-sigmoid/prime')).toBe(53);
  });
});

describe('the gradebook CSV (item 12)', () => {
  const group = groupByAssignment([
    placed('Zoë Müller', [reviewed('prime', 'passed', [true, true, true]), reviewed('plot', 'failed', [true, false])], { studentId: 's1', submitted: new Date(2026, 11, 3).toISOString() }),
    placed('=HYPERLINK("http://x")', [reviewed('prime', 'failed', [true, false, false])], { studentId: '+44 12' }),
  ])[0];
  // A red team's find: a line break inside hid the formula from Papa Parse's own pattern.
  const broken = groupByAssignment([placed('=HYPERLINK("http://x")\nx', [reviewed('prime', 'passed', [true, true, true])], { studentId: '=1+1\nx' })])[0];
  const csv = gradebookCsv(group, (key) => (key.endsWith('prime') ? 'Prime, the derivative' : 'Plot'));
  const lines = csv.slice(1).split('\r\n');

  it('starts with a byte-order mark and has the documented columns', () => {
    expect(csv.startsWith(BOM)).toBe(true);
    expect(lines[0]).toBe('student ID,name,assignment,handed in,late,"Prime, the derivative (score)",Plot (score),total,out of,percent,content version,note,warnings');
  });

  it('scores each exercise as checks passed of its checks, sums them and gives a percent', () => {
    expect(lines[2]).toBe(`s1,Zoë Müller,Week 3,${new Date(2026, 11, 3).toISOString()},late,1,0.5,1.5,2,75,v,,`); // by name: "=" comes before letters
  });

  it('gives a student whose files the teacher has not chosen between a row without scores, saying why', () => {
    const alice = placed('Alice', [reviewed('prime', 'passed', [true, true, true])], { studentId: 's2', submitted: '2026-11-30T09:00:00.000Z' });
    const forged = placed('Alice', [reviewed('prime', 'failed', [false, false, false])], { studentId: 's2', browser: 'mallorys-browser' });
    const undecided = groupByAssignment([...group.members, alice, forged])[0];
    const rows = gradebookCsv(undecided, () => 'Prime').slice(1).split('\r\n');
    expect(rows[1]).toBe('s2,Alice,Week 3,,,,,,2,,,not counted: 2 files claim this student; choose one on the review page,');
    expect(rows.slice(2, 4).map((r) => r.split(',')[1])).toEqual(['"\'=HYPERLINK(""http://x"")"', 'Zoë Müller']);
    const settled = gradebookCsv(groupByAssignment([alice, forged], new Set([alice.seq]))[0], () => 'Prime').slice(1).split('\r\n');
    expect(settled[1]).toBe('s2,Alice,Week 3,2026-11-30T09:00:00.000Z,,1,0,1,2,50,v,,1 other file claims this student and was set aside');
    // Red team 56: a row for two spellings of one name showed one file's alone.
    const lower = placed('alice  smith', [], { studentId: 's3', browser: 'mallorys-browser' });
    const upper = placed('Alice Smith', [], { studentId: 's3' });
    const clash = groupByAssignment([upper, lower])[0];
    expect(clash.undecided).toHaveLength(1);
    expect(claimedName(clash.undecided[0].files)).toBe('alice  smith / Alice Smith');
    expect(gradebookCsv(clash, () => 'Prime').slice(1).split('\r\n')[1].startsWith('s3,alice  smith / Alice Smith,')).toBe(true);
  });

  it('keeps the formula-injection guard on every text cell', () => {
    expect(lines[1]).toBe('"\'+44 12","\'=HYPERLINK(""http://x"")",Week 3,2026-11-30T10:00:00.000Z,,0.33,0,0.33,2,16.5,v,,');
    expect(lines[3]).toBe('');
    const [, row] = gradebookCsv(broken, () => 'Prime').slice(1).split('\r\n');
    expect(row.startsWith(`"'=1+1\nx","'=HYPERLINK(""http://x"")\nx",`)).toBe(true);
  });
});

// Red team 23: the review page flags look-alike names, and the gradebook, all a teacher working
// from a spreadsheet sees, said nothing of them.
describe('the gradebook’s warnings: what the review page flags, a teacher working from the CSV sees too', () => {
  const asked = { ...assignment, askFor: 'Student ID' };
  const now = Date.parse('2026-12-01T00:00:00.000Z');
  const pass = () => ({ ...reviewed('prime', 'failed', [true, false, false]), flagged: true });
  const made = [
    placed('Zoe Muller', [reviewed('prime', 'passed', [true, true, true])], { studentId: 'S1001', assignment: asked }),
    placed('Zoe Mu\u01c0\u01c0er', [pass()], { studentId: 'S1OO1', assignment: asked }),
    placed('Sam Lee', [reviewed('prime', 'passed', [true, true, true])], { studentId: 'S3', assignment: asked }),
    placed('sam  lee', [pass(), { ...reviewed('plot', 'failed', [false]), flagged: true }], { studentId: 'S4', assignment: asked }),
    placed('\u0410lice', [], { studentId: undefined, assignment: asked, submitted: '2026-12-02T00:00:00.000Z' }),
    placed('Honest Abe', [reviewed('prime', 'passed', [true, true, true])], { studentId: 'S6', assignment: asked }),
  ];
  const group = groupByAssignment(made)[0];
  const warningsOf = rowWarnings(group, now);

  it('finds each kind once, on the rows it concerns, and none on an honest row', () => {
    expect(made.map((p) => warningsOf(p.review).map((w) => w.kind))).toEqual([
      ['lookalike'], ['lookalike', 'passes-not-holding'], ['same-name'], ['same-name', 'passes-not-holding'], ['no-id', 'mixed-scripts', 'future-dated'], [],
    ]);
    expect(warningsOf(made[0].review)).toEqual([{ kind: 'lookalike', of: ['name', 'id'] }]);
    expect(warningsOf(made[3].review)[1]).toEqual({ kind: 'passes-not-holding', count: 2 });
    expect(warningsOf(made[4].review)[1]).toEqual({ kind: 'mixed-scripts', scripts: ['Latin', 'Cyrillic'] });
  });

  it('says them in the last column, in words, with the scores untouched', () => {
    const lines = gradebookCsv(group, () => 'Prime').slice(1).split('\r\n');
    const warnings = (row: string) => Papa.parse<string[]>(row).data[0].at(-1);
    expect(lines[0].endsWith(',note,warnings')).toBe(true);
    const byName = new Map(lines.slice(1, -1).map((row) => [Papa.parse<string[]>(row).data[0][1], warnings(row)]));
    expect(byName.get('Zoe Muller')).toBe("look-alike name and Student ID: looks like another row’s, written with other characters");
    expect(byName.get('Zoe Mu\u01c0\u01c0er')).toBe("look-alike name and Student ID: looks like another row’s, written with other characters; 1 recorded pass does not hold on the rerun");
    expect(byName.get('sam  lee')).toBe('same name as another row; 2 recorded passes do not hold on the rerun');
    expect(byName.get('Honest Abe')).toBe('');
    expect(lines.find((row) => row.includes('Honest Abe'))).toBe(`S6,Honest Abe,Week 3,2026-11-30T10:00:00.000Z,,1,0,1,2,50,v,,`);
  });

  // Red team 27: the table flagged "⚠ 2 files" on a row whose gradebook line said nothing of the
  // file set aside; and a row waiting for a choice had only its first file's warnings.
  it('say how many files were set aside for the one that counts', () => {
    const first = placed('Cy', [], { studentId: 'C1', submitted: '2026-11-30T09:00:00.000Z' });
    const again = placed('Cy', [reviewed('prime', 'passed', [true, true, true])], { studentId: 'C1' });
    const group = groupByAssignment([first, again])[0];
    expect(rowWarnings(group)(again.review)).toEqual([{ kind: 'set-aside', count: 1 }]);
    expect(gradebookCsv(group, () => 'Prime').slice(1).split('\r\n')[1].endsWith(',1 other file claims this student and was set aside')).toBe(true);
  });

  // Red team 46: a file listing an exercise twice (a wrong version, then a right one) was said so
  // only in the status line of the files loaded; its row and its gradebook line were silent.
  it('say that a file listed an exercise more than once, and that only the last entry was checked', () => {
    const twice = placed('Ed', [reviewed('prime', 'passed', [true, true, true])], { studentId: 'E1' });
    twice.review.repeated = [{ exercise: 'prime', times: 2 }];
    const group = groupByAssignment([twice])[0];
    expect(rowWarnings(group)(twice.review)).toEqual([{ kind: 'repeated', exercises: [{ exercise: 'prime', times: 2 }] }]);
    expect(gradebookCsv(group, () => 'Prime').slice(1).split('\r\n')[1].endsWith(',prime was listed 2 times: only its last entry was checked (the book lists each once: an edited file)')).toBe(true);
  });

  it('write every time in UTC, whatever offset the file wrote', () => {
    const file = placed('Ivy', [], { studentId: 'I1', submitted: '2026-11-30T23:59:00-12:00' });
    expect(gradebookCsv(groupByAssignment([file])[0], () => 'Prime').slice(1).split('\r\n')[1]).toContain(',2026-12-01T11:59:00.000Z,');
  });

  // Red team 50: the page showed these; the gradebook's zeros read as wrong answers checked.
  it('say what the student’s browser left out and why, which reruns stopped at an error, and another version of the exercises', () => {
    const file = placed('Hal', [reviewed('prime', 'error', [])], { studentId: 'H1', unavailable: [{ chapter: 'the-sigmoid', exercise: 'plot', reason: 'storage was blocked.' }] });
    file.review.versionDiffers = true;
    const group = groupByAssignment([file])[0];
    expect(rowWarnings(group)(file.review)).toEqual([
      { kind: 'left-out', exercises: [{ exercise: 'the-sigmoid/plot', reason: 'storage was blocked' }] },
      { kind: 'stopped', exercises: ['the-sigmoid/prime'] },
      { kind: 'other-version' },
    ]);
    // Named by title, as the columns are (red team 59: the warnings named ids the headers never show).
    const warnings = Papa.parse<string[]>(gradebookCsv(group, (key) => (key.endsWith('prime') ? 'Prime' : 'Plot')).slice(1).split('\r\n')[1]).data[0].at(-1);
    expect(warnings).toBe('left out by the student’s browser: “Plot” (storage was blocked); the rerun stopped at an error (the code’s own, or the time limit), not a wrong answer checked: “Prime”; made with another version of the book’s exercises');
  });

  // Red team 56: the rows followed the order the files were loaded in.
  it('list the students by name, case and accents aside and numbers as numbers, whatever order the files came in', () => {
    const files = ['zoë', 'Ann 10', 'Émile', 'ann 2', 'Bob'].map((name, i) => placed(name, [], { studentId: `S${i}` }));
    const csv = gradebookCsv(groupByAssignment(files)[0], () => 'Prime');
    expect(Papa.parse<string[]>(csv.slice(1).trim()).data.slice(1).map((row) => row[1])).toEqual(['ann 2', 'Ann 10', 'Bob', 'Émile', 'zoë']);
  });

  // Red team 57's search: a wrong answer whose own points miss its mistake. The review's second
  // run at other points (review.ts, probe) is not in the score; the gradebook says to read it.
  it('say which exercises fail at points drawn for the review, without changing the score', () => {
    const near = reviewed('prime', 'passed', [true, true]);
    near.probe = { failed: [{ label: 'prime check 2', pass: false, got: '0', expected: '1e-8' }] };
    const file = placed('Lou', [near], { studentId: 'L1' });
    const group = groupByAssignment([file])[0];
    expect(rowWarnings(group)(file.review)).toEqual([{ kind: 'fails-elsewhere', exercises: ['the-sigmoid/prime'] }]);
    const row = Papa.parse<string[]>(gradebookCsv(group, () => 'Prime').slice(1).split('\r\n')[1]).data[0];
    expect(row.at(-1)).toBe('fails checks at points drawn for this review that it passes at its own (not in the score; read the code): “Prime”');
    // Not tried at all (the file's second runs ran out of time): said too, never silent (red team 58).
    near.probe = { failed: [], notRun: 'this file’s second runs had taken the 60 s they may take in all' };
    const untried = placed('Lou', [near], { studentId: 'L1' });
    expect(rowWarnings(groupByAssignment([untried])[0])(untried.review)).toEqual([{ kind: 'not-tried-elsewhere', exercises: [{ exercise: 'the-sigmoid/prime', reason: 'this file’s second runs had taken the 60 s they may take in all' }] }]);
    expect(Papa.parse<string[]>(gradebookCsv(groupByAssignment([untried])[0], () => 'Prime').slice(1).split('\r\n')[1]).data[0].at(-1))
      .toBe('not tried again at points drawn for this review (read the code if that matters): “Prime” (this file’s second runs had taken the 60 s they may take in all)');
    near.probe = { failed: [] };
    const held = placed('Lou', [near], { studentId: 'L1' });
    expect(rowWarnings(groupByAssignment([held])[0])(held.review)).toEqual([]);
    expect(Papa.parse<string[]>(gradebookCsv(groupByAssignment([held])[0], () => 'Prime').slice(1).split('\r\n')[1]).data[0].slice(0, -1)).toEqual(row.slice(0, -1));
  });

  // Red team 46: a file for another assignment of the same title was set apart on the page, and
  // its gradebook said "Week 3" in the assignment column, as the class's did.
  it('name a second assignment of the same title apart, in its assignment column', () => {
    const narrow = { ...assignment, items: [{ chapter: assignment.items[0].chapter, exercises: assignment.items[0].exercises.slice(0, 1) }] };
    const groups = groupByAssignment([placed('Fay', [], { studentId: 'F1' }), placed('Gus', [], { studentId: 'G1', assignment: narrow })]);
    expect(groups.map((g) => g.assignment.title)).toEqual(['Week 3', 'Week 3']);
    expect(assignmentLabels(groups)).toEqual(['Week 3', 'Week 3 (set apart 2)']);
    expect(assignmentLabels([...groups, { assignment: { ...assignment, title: 'Week 4' } }, groups[0]])).toEqual(['Week 3', 'Week 3 (set apart 2)', 'Week 4', 'Week 3 (set apart 3)']);
    const row = gradebookCsv(groups[1], () => 'Prime', new Map(), assignmentLabels(groups)[1]).slice(1).split('\r\n')[1];
    expect(row.startsWith('G1,Gus,Week 3 (set apart 2),')).toBe(true);
  });

  it('say each file’s on a row waiting for the teacher’s choice when the files differ in them', () => {
    const honest = placed('Di', [reviewed('prime', 'passed', [true, true, true])], { studentId: 'D1', browser: 'browser-of-di-aaaa' });
    const forged = placed('Di', [{ ...reviewed('prime', 'failed', [false, false, false]), flagged: true }], { studentId: 'D1', browser: 'browser-of-eve-bbb', submitted: '2099-01-01T00:00:00.000Z' });
    const rows = gradebookCsv(groupByAssignment([honest, forged])[0], () => 'Prime').slice(1).split('\r\n');
    expect(rows[1]).toBe('D1,Di,Week 3,,,,,,2,,,not counted: 2 files claim this student; choose one on the review page,Di.json: no warnings | Di.json: 1 recorded pass does not hold on the rerun; dated in the future: a wrong clock or an edited file');
  });

  it('are said on a row waiting for the teacher’s choice too', () => {
    const twice = [placed('Bob', [], { studentId: 'B1', browser: 'browser-one-aaaa' }), placed('Bob', [], { studentId: 'B1', browser: 'browser-two-bbbb' }), placed('B\u043eb', [], { studentId: 'B2' })];
    const rows = gradebookCsv(groupByAssignment(twice)[0], () => 'Prime').slice(1).split('\r\n');
    expect(rows[1]).toBe('B1,Bob,Week 3,,,,,,2,,,not counted: 2 files claim this student; choose one on the review page,"look-alike name: looks like another row’s, written with other characters"');
  });
});

// The same 40 files dropped into two tabs became 80 hand-ins, each student's two "made in the same
// browser at the same time", so none counted until the teacher chose one of each pair.
describe('the same file loaded again', () => {
  const work = () => [reviewed('prime', 'passed', [true, true, true])];
  const ada = placed('Ada', work(), { studentId: 'a1' });
  const again = placed('Ada', work(), { studentId: 'a1' });
  const bea = placed('Bea', work());

  it('is a copy, shown and counted once: no clash to choose in', () => {
    const [group] = groupByAssignment([ada, bea, again]);
    expect(group.members).toEqual([ada, bea]);
    expect(group.undecided).toEqual([]);
    expect(group.replaced).toEqual([]);
    expect(group.copies).toEqual([{ copy: again, of: ada }]);
    expect(shownFiles(group)).toEqual([ada, bea]);
    expect(gradebookCsv(group, () => 'Prime').slice(1).split('\r\n').filter((row) => row.includes('Ada'))).toHaveLength(1);
  });

  it('is not a copy when anything in the file differs, or its checks came out differently on the rerun', () => {
    const edited = placed('Ada', [reviewed('prime', 'passed', [true, true, true], 'mine ')], { studentId: 'a1' });
    const flaky = placed('Ada', [reviewed('prime', 'failed', [true, false, true])], { studentId: 'a1' });
    for (const other of [edited, flaky]) {
      const [group] = groupByAssignment([ada, other]);
      expect(group.copies).toEqual([]);
      expect(group.undecided).toEqual([{ files: [ada, other], reason: 'same-time' }]);
    }
  });

  it('settles with the file it copies: a later hand-in replaces both; choosing the copy chooses that file', () => {
    const later = placed('Ada', [reviewed('prime', 'passed', [true, true, true], 'mine, again')], { studentId: 'a1', submitted: '2026-11-30T11:00:00.000Z' });
    const [group] = groupByAssignment([ada, again, later]);
    expect(group.members).toEqual([later]);
    expect(group.replaced).toEqual([{ dropped: ada, kept: later }]);
    expect(group.copies).toEqual([{ copy: again, of: ada }]);
    expect(groupByAssignment([ada, again, later], new Set([again.seq]))[0].members).toEqual([ada]);
  });
});

describe('a new student on this computer (item 7)', () => {
  it('lists exactly what is removed and removes only that', () => {
    const storage = new MemoryStorage();
    const put = (key: string, value: unknown) => storage.setItem(`nnfs:v1:${key}`, JSON.stringify(value));
    put('student:name', 'Ada Lovelace');
    put('student:id', 's1');
    put('student:browser', '0b5e6c1e-4a7d-4f7e-9a51-2f2c9d1b7e10'); // the next student's files must not pass for this one's
    put('draft:the-sigmoid:ex-prime', { code: 'x' });
    put('draft:the-sigmoid:cell-2', { code: 'y' });
    put('draft:feedforward:ex-forward', { code: 'z' });
    put('exercise:the-sigmoid:prime', { status: 'passed' });
    put('assignment:current', assignment);
    put('theme', 'dark');
    (globalThis as { window?: unknown }).window = { localStorage: storage };
    try {
      const data = studentData(storage);
      expect(describeStudentData(data, 'Student ID')).toEqual([
        'the name “Ada Lovelace”',
        'the Student ID “s1”',
        '3 pieces of saved code (edited cells and exercise answers) in 2 chapters',
        'the progress of 1 exercise (attempted or passed)',
      ]);
      expect(forgetStudent(data, storage)).toBe(0);
      expect([...storage.items.keys()].sort()).toEqual(['nnfs:v1:assignment:current', 'nnfs:v1:theme']);
    } finally {
      delete (globalThis as { window?: unknown }).window;
    }
  });

  it('a browser keeps one id for its student’s hand-ins, a new student gets a new one, and a browser that cannot keep one gives none', () => {
    const storage = new MemoryStorage();
    (globalThis as { window?: unknown }).window = { localStorage: storage };
    try {
      const id = browserId();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(browserId()).toBe(id);
      storage.setItem('nnfs:v1:student:browser', JSON.stringify('<damaged>'));
      const fresh = browserId();
      expect(fresh).not.toBe(id);
      expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
      forgetStudent(studentData(storage), storage);
      expect(browserId()).not.toBe(fresh);
      storage.full = true;
      storage.items.clear();
      expect(browserId()).toBeUndefined();
    } finally {
      delete (globalThis as { window?: unknown }).window;
    }
  });
});

describe('the review page’s memory (item 10)', () => {
  // A red team's hand-in froze the page for 20 s; IndexedDB's answer waited behind the freeze,
  // the 5 s timer fired first, and the page stopped keeping hand-ins: two classmates' files,
  // loaded later, were gone after a reload.
  it('calls IndexedDB silent only after time the page was free to hear it, not time it was busy', async () => {
    const { patientTimer } = await import('../../../src/notebook/page/review-store.ts');
    vi.useFakeTimers();
    try {
      let clock = 0;
      let calledOff = 0;
      const step = (ms: number) => { clock += ms; vi.advanceTimersByTime(ms); };
      patientTimer(5_000, () => { calledOff += 1; }, () => clock);
      clock += 60_000; // the page is busy for a minute: the first look comes that late
      step(250);
      for (let i = 0; i < 17; i++) step(250);
      expect(calledOff).toBe(0); // 500 ms counted for the minute, then 4,250 ms of free time
      step(250);
      expect(calledOff).toBe(1);
      step(10_000);
      expect(calledOff).toBe(1);
      // Cancelled, it never calls.
      const cancelled = patientTimer(1_000, () => { calledOff += 1; }, () => clock);
      cancelled.cancel();
      step(10_000);
      expect(calledOff).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says why it cannot keep hand-ins: no IndexedDB, or the browser refusing it', async () => {
    const { ReviewStore } = await import('../../../src/notebook/page/review-store.ts');
    await expect(new ReviewStore().all()).rejects.toThrow('this browser has no IndexedDB');
    (globalThis as { indexedDB?: unknown }).indexedDB = {};
    try {
      const refused = new ReviewStore(() => { throw new DOMException('denied', 'SecurityError'); });
      await expect(refused.put({ seq: 0, review: {} as ReviewedSubmission })).rejects.toThrow('the browser refused IndexedDB (SecurityError: denied)');
      await expect(refused.all()).rejects.toThrow('the browser refused IndexedDB (SecurityError: denied)'); // not tried again
    } finally {
      delete (globalThis as { indexedDB?: unknown }).indexedDB;
    }
  });

  /** Runs `body` with an empty IndexedDB in memory (fake-indexeddb), as a browser's for this page; tabs share it. */
  async function withIndexedDB(body: (store: () => InstanceType<typeof import('../../../src/notebook/page/review-store.ts').ReviewStore>) => Promise<void>) {
    const { IDBFactory, IDBKeyRange } = await import('fake-indexeddb');
    const { ReviewStore } = await import('../../../src/notebook/page/review-store.ts');
    const browser = globalThis as { indexedDB?: unknown; IDBKeyRange?: unknown };
    browser.indexedDB = new IDBFactory();
    browser.IDBKeyRange = IDBKeyRange;
    try {
      await body(() => new ReviewStore());
    } finally {
      delete browser.indexedDB;
      delete browser.IDBKeyRange;
    }
  }

  it('brings back the teacher\'s choices of which file counts, leaving out what a damaged database holds', async () => {
    await withIndexedDB(async (tab) => {
      const store = tab();
      expect(await store.choices()).toEqual([]);
      await store.choose(3);
      await store.choose(7);
      expect(await store.choices()).toEqual([3, 7]);
      const { set } = await import('idb-keyval');
      const { createStore } = await import('idb-keyval');
      const raw = createStore('nnfs-review', 'hand-ins');
      await set('chosen', [1, 0.5, '2', null, 4], raw);
      expect(await store.choices()).toEqual([1, 4]);
      await set('chosen', { 0: 1 }, raw);
      expect(await store.choices()).toEqual([]);
    });
  });

  // A red team's find: with two tabs of the review page open, one tab's save of its own list of
  // choices, and its "Remove all" (which cleared the store), undid what the other tab had kept.
  it('changes only the choices and hand-ins it is asked to, whatever another tab has kept meanwhile', async () => {
    await withIndexedDB(async (tab) => {
      const first = tab();
      const second = tab();
      const record = (seq: number) => ({ seq, review: { file: `f${seq}.json` } }) as unknown as Placed;
      await first.choose(1);
      await second.choose(5); // the second tab never heard of 1
      await first.choose(2, [1]); // 2 counts for the student instead of 1
      expect(await second.choices()).toEqual([5, 2]);
      await first.choose(null, [5]);
      expect(await first.choices()).toEqual([2]);

      const { entries, createStore } = await import('idb-keyval');
      const raw = createStore('nnfs-review', 'hand-ins');
      for (const seq of [1, 2, 3]) await first.put(record(seq));
      await second.remove([2, 3]); // the second tab showed only 2 and 3
      const left = new Map(await entries(raw));
      expect([...left.keys()].filter((k) => typeof k === 'number')).toEqual([1]);
      expect(left.get('chosen')).toEqual([]); // 2 was chosen; it is gone, and so is the choice
    });
  });

  it('replaces a kept hand-in with new verdicts only while it is still kept', async () => {
    await withIndexedDB(async (tab) => {
      const first = tab();
      const second = tab();
      const record = (seq: number, file: string) => ({ seq, review: { file } }) as unknown as Placed;
      await first.put(record(3, 'old.json'));
      expect(await second.replace(record(3, 'again.json'))).toBe(true);
      const { get, createStore } = await import('idb-keyval');
      const raw = createStore('nnfs-review', 'hand-ins');
      expect((await get(3, raw)).review.file).toBe('again.json');
      await first.remove([3]); // removed in one tab while the other judged it again
      expect(await second.replace(record(3, 'late.json'))).toBe(false);
      expect(await get(3, raw)).toBeUndefined();
    });
  });

  it('holds files loaded until they are judged, apart from the hand-ins; a gone page\'s are claimed once, by one page', async () => {
    await withIndexedDB(async (tab) => {
      const store = tab();
      const file = (seq: number, tab = 'gone') => ({ seq, name: `s${seq}.json`, size: 3, text: '{}\n', tab });
      await store.hold([file(4), file(2, 'alive'), file(3)]);
      // Held files are not hand-ins: not kept, not damaged ones.
      expect(await store.all()).toEqual({ kept: [], damaged: [], next: 0 });
      const { set, keys, createStore } = await import('idb-keyval');
      const raw = createStore('nnfs-review', 'hand-ins');
      await set('held:9', { ...file(9), size: -1 }, raw);
      await set('held:10', file(11), raw); // under another file's key
      // Who holds what, in load order, for a tab that shows what others still check; the unreadable are claim()'s to name.
      expect(await tab().holders()).toEqual([{ seq: 2, tab: 'alive', offered: false }, { seq: 3, tab: 'gone', offered: false }, { seq: 4, tab: 'gone', offered: false }]);
      const gone = (t: string) => t === 'gone';
      // Two pages open at once: the first takes the gone page's files, the second none of them.
      const [a, b] = await Promise.all([store.claim('page-a', gone), tab().claim('page-b', gone)]);
      expect(a).toEqual({ held: [{ ...file(3, 'page-a'), offered: true }, { ...file(4, 'page-a'), offered: true }], damaged: ['s11.json', 's9.json'] }); // in the order of their keys
      expect(b).toEqual({ held: [], damaged: [] });
      expect((await keys(raw)).sort()).toEqual(['held:2', 'held:3', 'held:4']); // the unreadable ones are forgotten
      await store.release([4, 7]);
      expect(await store.claim('page-c', (t) => t !== 'page-c')).toEqual({ held: [{ ...file(2, 'page-c'), offered: true }, { ...file(3, 'page-c'), offered: true }], damaged: [] });
      expect((await store.holders()).map((h) => h.offered)).toEqual([true, true]); // waiting for the teacher in page-c
    });
  });

  it('a held copy the browser refuses (a full disk) is said, and the store goes on keeping hand-ins', async () => {
    await withIndexedDB(async () => {
      const { ReviewStore } = await import('../../../src/notebook/page/review-store.ts');
      const { createStore } = await import('idb-keyval');
      const real = createStore('nnfs-review', 'hand-ins');
      let full = true;
      const store = new ReviewStore(() => (mode, use) => real(mode, (objects) => {
        if (full && mode === 'readwrite') throw new DOMException('the disk is full', 'QuotaExceededError');
        return use(objects);
      }));
      const held = { seq: 0, name: 'a.json', size: 2, text: '{}', tab: 't' };
      await expect(store.hold([held])).rejects.toThrow('the browser refused to keep it (QuotaExceededError: the disk is full)');
      full = false;
      await store.hold([held]);
      expect(await store.claim('u', () => true)).toEqual({ held: [{ ...held, tab: 'u', offered: true }], damaged: [] });
    });
  });
});
