// `npm run build`'s last step, after Pagefind has written the search index: Workbox's generateSW
// writes dist/sw.js, a service worker that precaches the whole built book (every page, the
// scripts and chunks the cells, the code runner and the widgets load, the WebAssembly, the
// digits, KaTeX's fonts, Pagefind's index) on the first visit, so that afterwards every page
// opens and runs offline. Prints what it precached and how much.
//
// What is left out, and why: source maps (only developer tools read them) and 404.html (a missing
// page is the host's to answer). A new build changes the revision of every file whose bytes
// changed, so the next visit downloads only those; the page side (src/offline/register.ts)
// shows the "new version" notice. The worker never touches localStorage or IndexedDB, where the
// reader's drafts, progress and the review's files live.
import { generateSW, getManifest } from 'workbox-build';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.env.OUT_DIR ?? 'dist';
// The site may live in a sub-folder (BASE_PATH, as in astro.config.mjs): the precache's URLs are
// relative to sw.js, which sits at the base, so the same worker serves either.

// What is precached (also read by getManifest below, for the compressed size).
const files = {
  globDirectory: dist,
  globPatterns: ['**/*'],
  globIgnores: ['**/*.map', '404.html', 'sw.js', 'workbox-*.js'],
  // The largest file is the TypeScript checker's worker (about 6 MB, 1.3 MB with gzip: the
  // compiler itself), which loads on a reader's first edit; it is precached like the rest, so
  // types work offline too. The limit sits just above it: a file beyond it would be left out of
  // the offline book, so its warning fails the build.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  // Hashed file names under _astro/ already change with their content: no revision needed.
  dontCacheBustURLsMatching: /^_astro\//,
};

const { count, size, warnings } = await generateSW({
  ...files,
  swDest: join(dist, 'sw.js'),
  // /chapters/x/ is chapters/x/index.html; links with a query (an assignment, a playground's
  // settings) are the same static page, so every query is ignored when looking a page up.
  directoryIndex: 'index.html',
  ignoreURLParametersMatching: [/.*/],
  // The new worker waits until the reader presses Reload (it then receives SKIP_WAITING), so an
  // open page never mixes its own scripts with another build's.
  skipWaiting: false,
  clientsClaim: false,
  cleanupOutdatedCaches: true,
  // One file: sw.js with Workbox's runtime inside, nothing else to fetch or keep in step.
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: 'production',
});
if (warnings.length) {
  console.error(`service worker: the offline book would be incomplete:\n${warnings.join('\n')}`);
  process.exit(1);
}
// What a first visit downloads in the background, as a host serving gzip sends it.
const { manifestEntries } = await getManifest(files);
const gzipped = manifestEntries.reduce((sum, { url }) => sum + gzipSync(readFileSync(join(dist, url))).length, 0);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
console.log(`service worker: ${dist}/sw.js precaches ${count} files, ${mb(size)} (${mb(gzipped)} with gzip)`);
