import type { APIRoute } from 'astro';
import { FAVICON_SVG } from '../lib/brand.ts';

// The icon, drawn in src/lib/brand.ts with the book's one blue.
export const GET: APIRoute = () => new Response(FAVICON_SVG, { headers: { 'Content-Type': 'image/svg+xml' } });
