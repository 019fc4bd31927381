import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './chapters/schema.ts';

// Chapters live at the top level (content/chapters/*.mdx) so authors find them without
// digging through src/. The file name, minus .mdx, is the chapter's id and its URL.
const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: chapterSchema,
});

export const collections = { chapters };
