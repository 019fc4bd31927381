import { describe, expect, it } from 'vitest';
import { assignedChapterHref, assignmentFromQuery, decodeAssignment, distinctWork, encodeAssignment, HAND_IN_LIMITS, makeSubmission, parseSubmission, submissionFileName, type Assignment } from '../../../src/notebook/page/assignment.ts';

const assignment: Assignment = { title: 'Week 3: the sigmoid', due: '2026-12-01', items: [{ chapter: 'the-sigmoid', exercises: ['sigmoid-prime'] }, { chapter: 'feedforward', exercises: [] }] };
const submission = {
  format: 'nn-from-scratch/submission', version: 1, student: 'Ada Lovelace', submitted: '2026-11-30T10:00:00.000Z', contentVersion: 'abcd1234',
  assignment, work: [{ chapter: 'the-sigmoid', exercise: 'sigmoid-prime', code: 'function f() {}', recorded: 'passed' }],
};

describe('assignment links', () => {
  it('round-trip through the hash', () => {
    const hash = '#' + encodeAssignment(assignment);
    expect(decodeAssignment(hash)).toEqual(assignment);
    expect(decodeAssignment('#nothing')).toBeNull();
  });

  it('explain a damaged or invalid link', () => {
    expect(() => decodeAssignment('#a=@@@')).toThrow('the link is damaged or was cut short');
    const noTitle = '#' + encodeAssignment({ ...assignment, title: ' ' });
    expect(() => decodeAssignment(noTitle)).toThrow('the assignment has no title');
    const badChapter = '#' + encodeAssignment({ ...assignment, items: [{ chapter: '../etc', exercises: [] }] });
    expect(() => decodeAssignment(badChapter)).toThrow('the assignment’s list of chapters is damaged');
  });
});

describe('chapter links that carry the assignment', () => {
  it('round-trip through the query and keep the exercise anchor', () => {
    const href = assignedChapterHref('/nn/chapters/the-sigmoid/', assignment, 'exercise-sigmoid-prime');
    expect(href).toMatch(/^\/nn\/chapters\/the-sigmoid\/\?a=[^#]+#exercise-sigmoid-prime$/);
    const url = new URL(href, 'https://example.org');
    expect(assignmentFromQuery(url.search)).toEqual(assignment);
  });

  it('give null for no assignment or a damaged one, so the remembered one applies', () => {
    expect(assignmentFromQuery('')).toBeNull();
    expect(assignmentFromQuery('?x=1')).toBeNull();
    expect(assignmentFromQuery('?a=@@@')).toBeNull();
  });
});

describe('hand-in files', () => {
  it('are made in the assignment’s order, with the exercises that have no work left out and listed with why', () => {
    const made = makeSubmission({
      assignment: { ...assignment, items: [{ chapter: 'the-sigmoid', exercises: ['sigmoid-prime', 'sigmoid-plot'] }] },
      student: 'Ada Lovelace',
      contentVersion: 'abcd1234',
      submitted: new Date('2026-11-30T10:00:00.000Z'),
      workFor: (_chapter, id) => (id === 'sigmoid-prime' ? { code: 'function f() {}', recorded: 'passed' } : { unavailable: 'not saved' }),
    });
    expect(made.work).toEqual(submission.work);
    expect(made.unavailable).toEqual([{ chapter: 'the-sigmoid', exercise: 'sigmoid-plot', reason: 'not saved' }]);
    expect(parseSubmission(JSON.stringify(made))).toEqual(made);
    expect(submissionFileName(made)).toBe('week-3-the-sigmoid-ada-lovelace.json');
    // Red team 59: two students of one name saved files of one name; the ID tells them apart.
    expect(submissionFileName({ ...made, student: 'Sam Lee', studentId: 'S-1002' })).toBe('week-3-the-sigmoid-sam-lee-s-1002.json');
    expect(submissionFileName({ ...made, student: 'Sam Lee', studentId: 'S-1003' })).toBe('week-3-the-sigmoid-sam-lee-s-1003.json');
  });

  it('have no "unavailable" list when every exercise has work', () => {
    const made = makeSubmission({ assignment, student: 'Ada', contentVersion: 'x', submitted: new Date(), workFor: () => ({ code: '', recorded: 'not-started' }) });
    expect(made).not.toHaveProperty('unavailable');
  });

  it('parse a good file', () => {
    expect(parseSubmission(JSON.stringify(submission))).toEqual(submission);
  });

  it('say what is wrong with a bad one, file by file', () => {
    expect(() => parseSubmission('{')).toThrow('not a hand-in file (it is not JSON)');
    expect(() => parseSubmission(JSON.stringify({ ...submission, format: 'x' }))).toThrow('not a hand-in file from this book');
    expect(() => parseSubmission(JSON.stringify({ ...submission, student: '' }))).toThrow('the file has no student name');
    for (const blank of ['\u200B \u2060\u00AD', '\u2800\u2800', '\u0301\u0301', '\u202E\u202C']) {
      expect(() => parseSubmission(JSON.stringify({ ...submission, student: blank })), JSON.stringify(blank)).toThrow('the file has no student name'); // shows nothing
    }
    // A red team's find: a right-to-left override made "Mallory… dessap 8/8" read "Mallory 8/8 passed".
    const mallory = parseSubmission(JSON.stringify({ ...submission, student: 'Mallory\u202E dessap 8/8 \u2713', studentId: '\u2067 42\u2069' }));
    expect(mallory.student).toBe('Mallory dessap 8/8 \u2713');
    expect(mallory.studentId).toBe('42');
    // Red team 27: a line break in a name began a line of its own in the gradebook ("=1+1").
    const broken = parseSubmission(JSON.stringify({ ...submission, student: 'Bob"; ,x\r\n=1+1', studentId: 'S1\u2028\tS2\u0000' }));
    expect(broken.student).toBe('Bob"; ,x =1+1');
    expect(broken.studentId).toBe('S1 S2');
    expect(parseSubmission(JSON.stringify({ ...submission, student: 'نور الهدى' })).student).toBe('نور الهدى');
    expect(() => parseSubmission(JSON.stringify({ ...submission, work: [{ ...submission.work[0], recorded: 'perfect' }] }))).toThrow('exercise 1 in the file is damaged');
    expect(() => parseSubmission(JSON.stringify({ ...submission, assignment: { ...assignment, due: 'soon' } }))).toThrow('its assignment is damaged: the due date “soon” is not a date');
    expect(() => parseSubmission(JSON.stringify({ ...submission, unavailable: [{ chapter: 'the-sigmoid', exercise: 'x' }] }))).toThrow('the list of exercises left out of the file is damaged');
  });

  it('refuse a file past a limit, naming the limit and the actual value', () => {
    expect(HAND_IN_LIMITS).toMatchObject({ entries: 200, codeChars: 100_000, studentNameChars: 100 });
    const entry = submission.work[0];
    expect(() => parseSubmission(JSON.stringify({ ...submission, work: Array(201).fill(entry) }))).toThrow(/^the file lists 201 exercises; a hand-in lists at most 200$/);
    expect(parseSubmission(JSON.stringify({ ...submission, work: Array(200).fill(entry) })).work).toHaveLength(200);
    expect(() => parseSubmission(JSON.stringify({ ...submission, work: [{ ...entry, code: 'x'.repeat(150_000) }] }))).toThrow(
      /^the code for sigmoid-prime is 150,000 characters long; an exercise’s code has at most 100,000$/,
    );
    expect(parseSubmission(JSON.stringify({ ...submission, work: [{ ...entry, code: 'x'.repeat(100_000) }] })).work[0].code).toHaveLength(100_000);
    expect(() => parseSubmission(JSON.stringify({ ...submission, student: 'A'.repeat(5000) }))).toThrow(/^the student name is 5,000 characters long; a name has at most 100$/);
    expect(parseSubmission(JSON.stringify({ ...submission, student: ` ${'A'.repeat(100)} ` })).student).toHaveLength(100);
    expect(() => parseSubmission(JSON.stringify({ ...submission, work: [{ ...entry, exercise: 'x'.repeat(101) }] }))).toThrow('exercise 1 in the file is damaged');
  });

  it('keep only the fields of the format', () => {
    const extra = { ...submission, work: [{ ...submission.work[0], score: 100 }] };
    expect(parseSubmission(JSON.stringify(extra)).work).toEqual(submission.work);
  });
});

describe('repeated exercises in a hand-in', () => {
  const w = (exercise: string, code: string, chapter = 'the-sigmoid') => ({ chapter, exercise, code, recorded: 'attempted' as const });

  it('keep each exercise once: the last entry, in the place the exercise first appeared', () => {
    const work = [w('a', 'a1'), w('b', 'b1'), w('a', 'a2'), w('c', 'c1'), w('a', 'a3'), w('b', 'b2')];
    expect(distinctWork(work)).toEqual({
      work: [w('a', 'a3'), w('b', 'b2'), w('c', 'c1')],
      repeated: [{ exercise: 'a', times: 3 }, { exercise: 'b', times: 2 }],
    });
  });

  it('tell the same exercise id in two chapters apart', () => {
    const work = [w('softmax', '1', 'ch-one'), w('softmax', '2', 'ch-two')];
    expect(distinctWork(work)).toEqual({ work, repeated: [] });
  });
});
