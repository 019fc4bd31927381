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
import { cellEffects } from '../notebook/node-effects.ts';
import type { Allowed } from '../notebook/withhold.ts';

export interface ExerciseManifestEntry {
  chapter: string;
  chapterTitle: string;
  id: string;
  title: string;
  /**
   * Cells that run before the exercise on its page, in run order (setup cells first), each with
   * the names it defines, uses and imports (analyzeCell), so the review page can run only the
   * ones the student's code and the checks need (contextFor in graph.ts). In /exercises.json
   * (reviewManifestOf), `writes` is what the build proved, by running the chapter's cells, a
   * cell changes besides its own names: the earlier names it reassigns or whose objects it
   * changes, often none (effects.ts). The review runs such a cell only when something it judges
   * reads a name the cell defines or writes. A cell without `writes` was not proven.
   */
  context: ({ id: string; source: string } & ContextCell)[];
  starter: string;
  solution: string;
  checks: string;
  /** The names the checks use (analyzeCell), other than the kernel's own. */
  checksUses: string[];
  /** Names the attempt may not use (see Exercise.withhold in notebook-syntax.ts); none when absent. */
  withhold?: string[];
  /** The `nn` exports the attempt may use (see Exercise.allow in notebook-syntax.ts); all when absent. */
  allow?: Allowed;
  /**
   * In /exercises.json: the checks a run of the solution makes, what every hand-in of the
   * exercise is scored out of (checksPerExercise), so no file can change another's score.
   */
  checkCount?: number;
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
    ...(unit.exercise.allow ? { allow: unit.exercise.allow } : {}),
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
  return { contentVersion: hashSource(JSON.stringify(exercises.map((e) => [e.chapter, e.id, e.checks, e.solution, e.withhold, e.allow]))), exercises, compiled };
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

/**
 * The manifest as /exercises.json serves it to the review page: manifestOf's, with the `writes`
 * of every context cell whose effects the build proves (cellEffects in node-effects.ts runs each
 * chapter's cells once, in a thread of its own). The content version is manifestOf's: the proofs
 * follow from the cells, which it already covers.
 */
export async function reviewManifestOf(chapters: readonly { id: string; data: { title: string }; body?: string }[]): Promise<ExerciseManifest> {
  const manifest = await withEffects(manifestOf(chapters));
  // The build has judged each solution already (node-judge.ts remembers it): reused, not rerun.
  const { judgeSolution } = await import('../notebook/node-judge.ts');
  const counts = await Promise.all(manifest.exercises.map(async (e) => (await judgeSolution(e)).outcome.results.length));
  return { ...manifest, exercises: manifest.exercises.map((e, i) => ({ ...e, checkCount: counts[i] })) };
}

/** `manifest` with its context cells marked as cellEffects proves them (see reviewManifestOf). */
export async function withEffects(manifest: ExerciseManifest): Promise<ExerciseManifest> {
  // Every exercise's context is a first part of its chapter's cells in run order, so the
  // longest context of each chapter holds every cell any of its exercises runs.
  const longest = new Map<string, ExerciseManifestEntry['context']>();
  for (const e of manifest.exercises) {
    if (e.context.length >= (longest.get(e.chapter)?.length ?? 0)) longest.set(e.chapter, e.context);
  }
  const proofs = new Map(await Promise.all([...longest].map(async ([chapter, cells]) => [chapter, await cellEffects(cells)] as const)));
  return {
    ...manifest,
    exercises: manifest.exercises.map((e) => ({
      ...e,
      context: e.context.map((cell) => {
        const proof = proofs.get(e.chapter)?.get(cell.id);
        return proof?.known ? { ...cell, writes: proof.writes } : cell;
      }),
    })),
  };
}
