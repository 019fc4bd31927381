// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified, rehypeHeadingIds } from '@astrojs/markdown-remark';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkMathStrict from './src/markdown/remark-math-strict.mjs';
import remarkCells from './src/markdown/remark-cells.mjs';
import { inlineScriptHashes } from './src/lib/inline-scripts.mjs';
import { codeThemes } from './src/lib/code-themes.mjs';
import { cellDeclarationsPlugin } from './src/notebook/types/declarations.ts';

// The site can be served from a sub-folder (e.g. https://example.org/nn/): set BASE_PATH when
// building. Every link in the book goes through `href()` in src/lib/paths.ts, and a test builds
// with a base path and checks every link, so this stays true.
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  base,
  outDir: process.env.OUT_DIR ?? 'dist',
  // The content cache stays with the project (not in node_modules, which a second checkout may share).
  cacheDir: './.astro/cache',
  trailingSlash: 'ignore',
  // Styles go inside each page: on a phone over a slow network a page then paints after one
  // request instead of waiting for three stylesheets (npm run bench:lighthouse measures it).
  build: { format: 'directory', inlineStylesheets: 'always' },
  // Astro 7's default ('jsx') drops a line break between a word and an element, and with it the
  // space: "Charts by⏎<a>Observable Plot</a>" became "Charts byObservable Plot". `true` removes
  // only whitespace the page cannot show (tests/content/text.test.ts checks every built page).
  compressHTML: true,
  integrations: [mdx()],
  markdown: {
    // Astro 7's default engine ignores remark/rehype plugins; the unified processor runs them.
    processor: unified({
      remarkPlugins: [remarkMath, remarkMathStrict, remarkCells],
      // Headings get their ids first, then a link to themselves (shown on hover and focus, and
      // always on touch screens; its icon is drawn by CSS so it adds no text to the heading).
      rehypePlugins: [
        [rehypeKatex, { strict: 'ignore' }],
        rehypeHeadingIds,
        [rehypeAutolinkHeadings, {
          behavior: 'append',
          properties: { className: ['heading-anchor'], ariaLabel: 'Link to this section', dataPagefindIgnore: '' },
          content: [],
        }],
      ],
    }),
    shikiConfig: {
      themes: codeThemes,
      defaultColor: false,
    },
  },
  devToolbar: { enabled: false },
  // The notebook's worker is a module (it imports shared chunks); public/kernel/host.js starts it.
  // keepNames: a cell shows `NeuralNetwork {…}` and `TrainingDivergedError`, as the build printed
  // them, not the minifier's `qa {…}` (classes and functions keep their `name`).
  // The types worker imports the cells' declarations, generated from src/nn at build time.
  vite: {
    worker: { format: 'es', rolldownOptions: { output: { keepNames: true } }, plugins: () => [cellDeclarationsPlugin()] },
    plugins: [cellDeclarationsPlugin()],
  },
  // A Content-Security-Policy on every page (a <meta> element; Astro hashes its own scripts).
  // Reader code runs in a Web Worker that is locked down separately (src/notebook/sandbox.ts) and
  // started inside public/kernel/host.html, whose own, stricter policy it inherits; this policy
  // keeps the page itself from loading or sending anything beyond the site.
  // Styles allow inline attributes because KaTeX and Shiki position glyphs and colours with them.
  // 'wasm-unsafe-eval' lets Pagefind's search (WebAssembly) run.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"], hashes: inlineScriptHashes },
      styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
    },
  },
});
