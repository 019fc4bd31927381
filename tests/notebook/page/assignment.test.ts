import { describe, expect, it } from 'vitest';
import { assignedChapterHref, assignmentFromQuery, decodeAssignment, encodeAssignment, makeSubmission, parseSubmission, submissionFileName, toCsv, type Assignment } from '../../../src/notebook/page/assignment.ts';

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
    expect(() => parseSubmission(JSON.stringify({ ...submission, work: [{ ...submission.work[0], recorded: 'perfect' }] }))).toThrow('exercise 1 in the file is damaged');
    expect(() => parseSubmission(JSON.stringify({ ...submission, assignment: { ...assignment, due: 'soon' } }))).toThrow('its assignment is damaged: the due date is not a date');
    expect(() => parseSubmission(JSON.stringify({ ...submission, unavailable: [{ chapter: 'the-sigmoid', exercise: 'x' }] }))).toThrow('the list of exercises left out of the file is damaged');
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(toCsv(['student', 'ex'], [['Lovelace, Ada', 'passed'], ['=HYPERLINK("x")', 'failed']])).toBe(
      'student,ex\r\n"Lovelace, Ada",passed\r\n"\'=HYPERLINK(""x"")",failed\r\n',
    );
  });
});
