import type { APIRoute } from 'astro';
import schema from '../../docs/handin.schema.json';

// The hand-in format's JSON Schema, served beside the book so an LMS or a script can check files
// against it. The file in docs/ is the one source.
export const GET: APIRoute = () => new Response(JSON.stringify(schema, null, 2), { headers: { 'Content-Type': 'application/schema+json' } });
