import type { APIRoute } from 'astro';
import { getChapters } from '../chapters/index.ts';
import { vocabularyOf } from '../lib/search-vocabulary.ts';

// The words of the book's prose with their counts, for search's typo correction (Search.astro).
export const GET: APIRoute = async () => {
  const chapters = await getChapters();
  return new Response(JSON.stringify(vocabularyOf(chapters.map((c) => c.body ?? ''))), { headers: { 'Content-Type': 'application/json' } });
};
