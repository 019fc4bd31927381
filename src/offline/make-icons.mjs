// `npx node --experimental-strip-types src/offline/make-icons.mjs`: the installed book's icons,
// drawn from the favicon (FAVICON_SVG in src/lib/brand.ts, served as /favicon.svg), written to public/icons/. Run it once after changing the favicon and commit the PNGs: the build
// does not depend on an image library (sharp comes with Astro as an optional dependency).
// "any" icons are the favicon as it is (rounded square); the "maskable" one fills the square with
// the favicon's blue and keeps the drawing inside the middle 80 %, the safe zone a phone's
// launcher may crop to a circle or squircle (https://web.dev/articles/maskable-icon).
import { mkdirSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { FAVICON_SVG as svg } from '../lib/brand.ts';

const out = new URL('../../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });

// The favicon's drawing on a full-bleed square: its rounded rectangle becomes the plain
// background, and the network is scaled to 80 % around the centre.
const blue = /<rect[^>]*fill="(#[0-9a-f]+)"/i.exec(svg)?.[1];
if (!blue) throw new Error('make-icons: FAVICON_SVG (src/lib/brand.ts) has no <rect fill="#…"> background to extend to a maskable icon');
const drawing = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '').replace(/<rect[^>]*\/>/, '');
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${blue}"/><g transform="translate(3.2 3.2) scale(.8)">${drawing}</g></svg>`;

const icons = [
  { name: 'icon-192.png', size: 192, source: svg },
  { name: 'icon-512.png', size: 512, source: svg },
  { name: 'icon-maskable-512.png', size: 512, source: maskable },
  // iOS's home screen ignores the manifest's icons and rounds the corners itself.
  { name: 'apple-touch-icon.png', size: 180, source: maskable },
];
for (const { name, size, source } of icons) {
  const png = await sharp(Buffer.from(source), { density: (72 * size) / 32 }).resize(size, size).png({ compressionLevel: 9, palette: true }).toBuffer();
  writeFileSync(new URL(name, out), png);
  console.log(`public/icons/${name}: ${size}×${size}, ${png.length} bytes`);
}
