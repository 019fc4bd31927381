import { describe, expect, it } from 'vitest';
import { exercisesOf } from '../../src/chapters/manifest.ts';
import { checkOutcome } from '../../src/notebook/exercise.ts';
import { runNotebook } from '../../src/notebook/node-runner.ts';
import { readChapters } from './chapters.ts';

// Every exercise in the book is sound: after the cells above it, its solution passes every
// check, and its starter does not (there is something for the reader to do).
const exercises = readChapters().flatMap((c) => exercisesOf(c.id, String(c.frontmatter.title), c.source));

async function attempt(entry: (typeof exercises)[number], code: string) {
  const results = await runNotebook([...entry.context, { id: `ex-${entry.id}`, source: code }, { id: `ex-${entry.id}-checks`, source: entry.checks, checks: true, attempt: `ex-${entry.id}` }]);
  return { code: results.at(-2)!, outcome: checkOutcome(results.at(-1)!) };
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
