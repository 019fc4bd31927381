import type { APIRoute } from 'astro';
import { BRAND_COLOUR, PAGE_BACKGROUND } from '../lib/brand.ts';

// The installed book's manifest; its colours are the book's own (src/lib/brand.ts).
const manifest = {
  name: 'Neural Networks from Scratch',
  short_name: 'NN from Scratch',
  description: 'Build a neural network from scratch, one idea at a time, with code you can edit and run in the page. Works offline once opened.',
  id: './',
  start_url: './',
  scope: './',
  display: 'standalone',
  background_color: PAGE_BACKGROUND,
  theme_color: BRAND_COLOUR,
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
};

export const GET: APIRoute = () => new Response(`${JSON.stringify(manifest, null, 2)}\n`, { headers: { 'Content-Type': 'application/manifest+json' } });
