import { getCollection, type CollectionEntry } from 'astro:content';
import { listExercises, type ExerciseInfo } from './exercises.ts';

export type Chapter = CollectionEntry<'chapters'> & { exercises: ExerciseInfo[] };

/**
 * All chapters in reading order. Checks what a single file's schema cannot see: two chapters
 * claiming the same position, and prerequisites that name no chapter. Both fail the build
 * with the file to fix.
 */
export async function getChapters(): Promise<Chapter[]> {
  const chapters = (await getCollection('chapters'))
    .sort((a, b) => a.data.order - b.data.order)
    .map((entry) => ({ ...entry, exercises: listExercises(entry.body ?? '', `content/chapters/${entry.id}.mdx`) }));
  const ids = new Set(chapters.map((c) => c.id));
  for (let i = 1; i < chapters.length; i++) {
    if (chapters[i].data.order === chapters[i - 1].data.order) {
      throw new Error(
        `content/chapters/${chapters[i].id}.mdx: order ${chapters[i].data.order} is also used by ` +
          `content/chapters/${chapters[i - 1].id}.mdx. Give each chapter its own order number.`,
      );
    }
  }
  for (const chapter of chapters) {
    for (const prerequisite of chapter.data.prerequisites) {
      if (!ids.has(prerequisite)) {
        throw new Error(
          `content/chapters/${chapter.id}.mdx: prerequisite "${prerequisite}" is not a chapter. ` +
            `Use a chapter id (its file name without .mdx): ${[...ids].join(', ')}.`,
        );
      }
    }
  }
  return chapters;
}
