// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkMathStrict from './src/markdown/remark-math-strict.mjs';

// The site can be served from a sub-folder (e.g. https://example.org/nn/): set BASE_PATH when
// building. Every link in the book goes through `href()` in src/lib/paths.ts, and a test builds
// with a base path and checks every link, so this stays true.
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  base,
  outDir: process.env.OUT_DIR ?? 'dist',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  integrations: [mdx()],
  markdown: {
    // Astro 7's default engine ignores remark/rehype plugins; the unified processor runs them.
    processor: unified({
      remarkPlugins: [remarkMath, remarkMathStrict],
      rehypePlugins: [[rehypeKatex, { strict: 'ignore' }]],
    }),
    shikiConfig: {
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
    },
  },
  devToolbar: { enabled: false },
});
