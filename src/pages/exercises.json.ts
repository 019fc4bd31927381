import type { APIRoute } from 'astro';
import { getChapters } from '../chapters/index.ts';
import { reviewManifestOf } from '../chapters/manifest.ts';

// Every exercise of the book with what it needs to be rechecked, and which chapter cells the build
// proved the review may leave out (reviewManifestOf): read by the review page.
export const GET: APIRoute = async () => {
  const manifest = await reviewManifestOf(await getChapters());
  return new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json' } });
};
