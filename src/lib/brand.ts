/**
 * The book's blue, in one place: the light theme's and print's accent (src/styles/global.css
 * holds it as `--brand`, since CSS cannot import it; tests/lib/brand.test.ts keeps the two
 * equal), the browser's theme colour (Base.astro), the installed book's manifest
 * (src/pages/manifest.webmanifest.ts) and the icon's background (FAVICON_SVG, from which
 * src/offline/make-icons.mjs draws the PNG icons). The test finds it nowhere else.
 */
export const BRAND_COLOUR = '#0a5b99';

/** The page's background in the light theme (`--bg`): the installed book's splash screen. */
export const PAGE_BACKGROUND = '#fbfaf6';

/** The icon: a small network drawn in white on a rounded square of the book's blue (32×32, SVG). */
export const FAVICON_SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${BRAND_COLOUR}"/>` +
  '<g stroke="#fff" stroke-width="1.6" opacity=".8"><path d="M8 9 16 16M8 23 16 16M16 16 24 16M8 9 16 8M8 23 16 24M16 8 24 16M16 24 24 16"/></g>' +
  '<g fill="#fff"><circle cx="8" cy="9" r="2.6"/><circle cx="8" cy="23" r="2.6"/><circle cx="16" cy="8" r="2.6"/><circle cx="16" cy="16" r="2.6"/><circle cx="16" cy="24" r="2.6"/><circle cx="24" cy="16" r="2.8"/></g></svg>\n';
