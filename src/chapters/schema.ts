import { z } from 'astro/zod';

/**
 * The frontmatter every chapter in content/chapters/ must have.
 *
 * Each field's message says what is wrong *and* how to write it, because the person who
 * reads it is an author in the middle of writing a chapter, not someone reading zod's docs.
 * Astro prints these messages with the file's path when the build fails.
 */
export const chapterSchema = z.strictObject(
  {
    title: z
      .string({ error: 'give the chapter a title, e.g. `title: The sigmoid`' })
      .min(3, { error: 'too short; write the chapter title as a reader would see it' }),
    order: z
      .number({ error: 'give the chapter a position in the book, e.g. `order: 3`' })
      .int({ error: 'use a whole number, e.g. `order: 3`' })
      .positive({ error: 'chapters are numbered from 1' }),
    summary: z
      .string({ error: 'add one or two sentences that tell a reader what they will learn' })
      .min(20, { error: 'write at least a full sentence (20 characters or more)' })
      .max(300, { error: 'keep it under 300 characters; the home page lists it' }),
    objectives: z
      .array(z.string().min(5), {
        error: 'list what a reader will be able to do, e.g.\n  objectives:\n    - Compute a forward pass by hand',
      })
      .min(1, { error: 'list at least one learning objective' }),
    minutes: z
      .number({ error: 'give the reading time in whole minutes, e.g. `minutes: 15`' })
      .int({ error: 'use a whole number of minutes' })
      .min(1, { error: 'must be at least 1' })
      .max(180, { error: 'over 180 minutes is too long for one sitting; split the chapter' }),
    prerequisites: z
      .array(z.string(), {
        error: 'list chapter ids (file names without .mdx), e.g. `prerequisites: [what-is-a-neural-network]`',
      })
      .default([]),
    discussion: z
      .array(z.string().min(10), {
        error: 'list questions for a class to discuss (the teacher’s guide shows them), e.g.\n  discussion:\n    - Why does the network need a non-linear activation?',
      })
      .min(2, { error: 'give at least two discussion questions; the teacher’s guide shows them' }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown frontmatter field ${issue.keys.map((k) => `"${k}"`).join(', ')}; the fields are title, order, summary, objectives, minutes, prerequisites, discussion`
        : undefined,
  },
);

export type ChapterData = z.infer<typeof chapterSchema>;
