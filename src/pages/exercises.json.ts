import type { APIRoute } from 'astro';
import { getChapters } from '../chapters/index.ts';
import { manifestOf } from '../chapters/manifest.ts';

// Every exercise of the book with what it needs to be rechecked: read by the review page.
export const GET: APIRoute = async () => {
  const manifest = manifestOf(await getChapters());
  return new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json' } });
};
