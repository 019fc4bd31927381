/**
 * The exercises a chapter contains, for progress (home page and sidebar), the teacher's guide
 * and assignments, read by the one reader of the notebook syntax (src/markdown/notebook-syntax.ts),
 * which the build itself uses.
 */
import { exercisesIn, readChapterSource } from '../markdown/notebook-syntax.ts';
import type { Allowed } from '../notebook/withhold.ts';

export interface ExerciseInfo {
  id: string;
  title: string;
  /** The checks' source, so a teacher can see exactly what is tested. */
  checks: string;
  /** Names the attempt may not use. */
  withhold: string[];
  /** The `nn` exports the attempt may use; undefined when all of `nn` is open. */
  allow?: Allowed;
}

/** The exercises of a chapter's MDX text, in page order; `path` names the file in errors. */
export function listExercises(mdx: string, path = 'a chapter'): ExerciseInfo[] {
  return exercisesIn(readChapterSource(mdx, path)).map(({ exercise }) => ({
    id: exercise.id, title: exercise.title, checks: exercise.checks, withhold: exercise.withhold,
    ...(exercise.allow ? { allow: exercise.allow } : {}),
  }));
}
