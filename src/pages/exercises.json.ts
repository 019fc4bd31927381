import type { APIRoute } from 'astro';
import { getChapters } from '../chapters/index.ts';
import { buildManifest } from '../chapters/manifest.ts';

// Every exercise of the book with what it needs to be rechecked: read by the review page.
export const GET: APIRoute = async () => {
  const chapters = await getChapters();
  const manifest = buildManifest(chapters.map((c) => ({ id: c.id, title: c.data.title, body: c.body ?? '' })));
  return new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json' } });
};
