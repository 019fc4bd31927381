/**
 * What the teacher tools need to know about every exercise, built from the chapters' sources:
 * the cells that run before it on its page (so a check sees the same names it sees there), the
 * starter, the solution and the checks. The review page reruns a student's code with exactly
 * this; `contentVersion` fingerprints it, so a submission made against other exercises says so.
 */
import { contextOf, exercisesIn, readChapterSource } from '../markdown/notebook-syntax.ts';
import { hashSource } from '../notebook/hash.ts';
import { checksCellId, compiledKey } from '../notebook/exercise.ts';
import { analyzeCell, compileCell, type CompiledCell } from '../notebook/transform.ts';
import type { ContextCell } from '../notebook/graph.ts';

export interface ExerciseManifestEntry {
  chapter: string;
  chapterTitle: string;
  id: string;
  title: string;
  /**
   * Cells that run before the exercise on its page, in run order (setup cells first), each with
   * the names it defines, uses and imports (analyzeCell), so the review page can run only the
   * ones the student's code and the checks need (contextFor in graph.ts).
   */
  context: ({ id: string; source: string } & ContextCell)[];
  starter: string;
  solution: string;
  checks: string;
  /** The names the checks use (analyzeCell), other than the kernel's own. */
  checksUses: string[];
  /** Names the attempt may not use (see Exercise.withhold in notebook-syntax.ts); none when absent. */
  withhold?: string[];
}

export interface ExerciseManifest {
  contentVersion: string;
  exercises: ExerciseManifestEntry[];
  /**
   * The book's cells compiled by the build, by compiledKey(): every exercise's context cells and
   * checks. The review page hands them to its workers, which would otherwise compile the same
   * chapter cells again for every student (compiling is most of a fresh worker's work).
   */
  compiled?: Record<string, CompiledCell>;
}

/** The exercises of one chapter, read by the one reader of the syntax (notebook-syntax.ts). */
export function exercisesOf(chapter: string, chapterTitle: string, mdx: string): ExerciseManifestEntry[] {
  const units = readChapterSource(mdx, `content/chapters/${chapter}.mdx`);
  return exercisesIn(units).map((unit) => ({
    chapter, chapterTitle, id: unit.exercise.id, title: unit.exercise.title,
    context: contextOf(units, unit).map((cell) => ({ ...cell, ...analyzeCell(cell.source) })),
    starter: unit.exercise.starter, solution: unit.exercise.solution, checks: unit.exercise.checks,
    checksUses: analyzeCell(unit.exercise.checks).uses,
    ...(unit.exercise.withhold ? { withhold: unit.exercise.withhold } : {}),
  }));
}

export function buildManifest(chapters: { id: string; title: string; body: string }[]): ExerciseManifest {
  const exercises = chapters.flatMap((c) => exercisesOf(c.id, c.title, c.body));
  const compiled: Record<string, CompiledCell> = {};
  const compile = (chapter: string, cellId: string, source: string) => {
    try {
      compiled[compiledKey(chapter, cellId)] ??= compileCell(source, cellId);
    } catch {
      // A cell that does not compile is compiled (and its error shown) where it runs.
    }
  };
  for (const e of exercises) {
    for (const cell of e.context) compile(e.chapter, cell.id, cell.source);
    compile(e.chapter, checksCellId(e.id), e.checks);
  }
  return { contentVersion: hashSource(JSON.stringify(exercises.map((e) => [e.chapter, e.id, e.checks, e.solution, e.withhold]))), exercises, compiled };
}

const manifests = new WeakMap<object, ExerciseManifest>();

/**
 * The manifest of the book's chapters, as /exercises.json serves it. Every chapter page needs its
 * contentVersion (a hand-in made there must carry it even offline), so it is built once per list.
 */
export function manifestOf(chapters: readonly { id: string; data: { title: string }; body?: string }[]): ExerciseManifest {
  let manifest = manifests.get(chapters);
  if (!manifest) {
    manifest = buildManifest(chapters.map((c) => ({ id: c.id, title: c.data.title, body: c.body ?? '' })));
    manifests.set(chapters, manifest);
  }
  return manifest;
}
