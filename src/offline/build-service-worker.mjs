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
import { generateSW } from 'workbox-build';
import { join } from 'node:path';

const dist = process.env.OUT_DIR ?? 'dist';
// The site may live in a sub-folder (BASE_PATH, as in astro.config.mjs); the worker's URLs are
// relative to sw.js, which sits at the base, so only the scope-relative paths matter here.

const { count, size, warnings } = await generateSW({
  globDirectory: dist,
  swDest: join(dist, 'sw.js'),
  globPatterns: ['**/*'],
  globIgnores: ['**/*.map', '404.html', 'sw.js', 'workbox-*.js'],
  // The largest file a reader needs (the TensorFlow.js WebAssembly backend's binaries) is above
  // Workbox's 2 MB default; nothing larger is precached without this being raised on purpose.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  // Hashed file names under _astro/ already change with their content: no revision needed.
  dontCacheBustURLsMatching: /^_astro\//,
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
for (const warning of warnings) console.warn(`service worker: ${warning}`);
console.log(`service worker: ${dist}/sw.js precaches ${count} files, ${(size / 1024 / 1024).toFixed(2)} MB (uncompressed)`);
