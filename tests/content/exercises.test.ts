import { describe, expect, it } from 'vitest';
import { buildManifest, exercisesOf } from '../../src/chapters/manifest.ts';
import { checkOutcome } from '../../src/notebook/exercise.ts';
import { runNotebook } from '../../src/notebook/node-runner.ts';
import { readChapters } from './chapters.ts';
import { Reviewer } from '../../src/notebook/page/review.ts';
import type { CheckResult } from '../../src/notebook/check-report.ts';
import { nodeReviewKernel } from '../notebook/page/node-kernel.ts';

// Every exercise in the book is sound: after the cells above it, its solution passes every
// check, and its starter does not (there is something for the reader to do).
const exercises = readChapters().flatMap((c) => exercisesOf(c.id, String(c.frontmatter.title), c.source));

// What the checks said after the whole chapter ran, by exercise and code: the review page's
// judgement, which runs only the cells the code and checks need, must agree with it.
const judged = new Map<string, CheckResult[]>();

async function attempt(entry: (typeof exercises)[number], code: string) {
  const results = await runNotebook([...entry.context, { id: `ex-${entry.id}`, source: code }, { id: `ex-${entry.id}-checks`, source: entry.checks, checks: true, attempt: `ex-${entry.id}` }]);
  const outcome = checkOutcome(results.at(-1)!);
  judged.set(`${entry.chapter}/${entry.id}\u0000${code}`, outcome.results);
  return { code: results.at(-2)!, outcome };
}

describe('every exercise', () => {
  it('exists: at least two in every chapter', () => {
    const perChapter = new Map<string, number>();
    for (const chapter of readChapters()) perChapter.set(chapter.id, 0);
    for (const e of exercises) perChapter.set(e.chapter, (perChapter.get(e.chapter) ?? 0) + 1);
    expect([...perChapter].filter(([, n]) => n < 2).map(([id]) => id)).toEqual([]);
  });

  for (const entry of exercises) {
    it(`${entry.chapter} / ${entry.id}: the solution passes every check and the starter fails`, async () => {
      const solution = await attempt(entry, entry.solution);
      expect(solution.code.error ?? null).toBeNull();
      expect(solution.outcome.results.filter((r) => !r.pass)).toEqual([]);
      expect(solution.outcome.passed).toBe(true);
      const starter = await attempt(entry, entry.starter);
      expect(starter.code.status === 'ok' && starter.outcome.passed).toBe(false);
    });
  }
});

describe('the review page', () => {
  // One hand-in of every solution and one of every starter, judged as the review page judges
  // them (one worker per file, the chapter's cells the code and the checks need, compiled by the
  // build), must get every check exactly as the whole chapter gives it, value for value.
  it('judges every exercise of the book as the whole chapter does, for its solution and its starter', async () => {
    // As /exercises.json serves it: with the book's cells compiled by the build.
    const manifest = { ...buildManifest(readChapters().map((c) => ({ id: c.id, title: String(c.frontmatter.title), body: c.source }))), contentVersion: 'v' };
    expect(manifest.exercises.map((e) => e.id)).toEqual(exercises.map((e) => e.id));
    const reviewer = new Reviewer(manifest, { parallel: 2, spares: 0, makeKernel: () => nodeReviewKernel() });
    const file = (student: string, code: (e: (typeof exercises)[number]) => string) => {
      const text = JSON.stringify({
        format: 'nn-from-scratch/submission', version: 1, student, submitted: '2026-11-30T10:00:00.000Z', contentVersion: 'v',
        assignment: { title: 'Everything', due: '', items: [...new Set(exercises.map((e) => e.chapter))].map((chapter) => ({ chapter, exercises: exercises.filter((e) => e.chapter === chapter).map((e) => e.id) })) },
        work: exercises.map((e) => ({ chapter: e.chapter, exercise: e.id, code: code(e), recorded: 'passed' })),
      });
      return { name: `${student}.json`, size: text.length, text: async () => text };
    };
    const [solutions, starters] = await Promise.all([reviewer.reviewFile(file('solutions', (e) => e.solution)), reviewer.reviewFile(file('starters', (e) => e.starter))]);
    for (const [outcome, code] of [[solutions, (e: (typeof exercises)[number]) => e.solution], [starters, (e: (typeof exercises)[number]) => e.starter]] as const) {
      if (!outcome.ok) throw new Error(outcome.message);
      for (const [i, entry] of exercises.entries()) {
        const key = `${entry.chapter}/${entry.id}\u0000${code(entry)}`;
        if (!judged.has(key)) await attempt(entry, code(entry));
        expect({ exercise: key.split('\u0000')[0], results: outcome.review.exercises[i].results }).toEqual({ exercise: key.split('\u0000')[0], results: judged.get(key) });
      }
    }
    expect(solutions.ok && solutions.review.exercises.every((e) => e.verdict === 'passed')).toBe(true);
    expect(starters.ok && starters.review.exercises.some((e) => e.verdict === 'passed')).toBe(false);
  }, 300_000);
});
