// Issue 14, item 4: the JavaScript a chapter loads before any interaction stays within 60 KB
// with gzip. Read from the built dist/ (no browser, no timing): each chapter's scripts and the
// modules they import statically.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHAPTER_BUDGET, pageWeight } from './page-weight.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'weight-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
const gz = (text: string) => gzipSync(text).length;

describe('pageWeight', () => {
  const a = 'import{s}from"./shared.js";import"./side.js";const w=()=>import("./widget.js");s(w);';
  const b = 'export*from"./shared.js";';
  const shared = 'export const s=(f)=>f;';
  const side = 'console.log("side");';
  const widget = `export const big=${JSON.stringify('x'.repeat(5000))};`;
  const dist = site({
    'chapters/one/index.html':
      '<script>window.t=1</script><script type="module" src="/_astro/a.js"></script>' +
      '<link rel="modulepreload" href="../../_astro/b.js"><script type="application/json">{}</script>',
    '_astro/a.js': a,
    '_astro/b.js': b,
    '_astro/shared.js': shared,
    '_astro/side.js': side,
    '_astro/widget.js': widget,
    'chapters/broken/index.html': '<script type="module" src="/_astro/gone.js"></script>',
  });

  it('follows static imports and re-exports from scripts and modulepreloads, once each, but not dynamic imports', async () => {
    const w = await pageWeight(dist, '/chapters/one/');
    expect(w.modules).toEqual(['/_astro/a.js', '/_astro/b.js', '/_astro/shared.js', '/_astro/side.js']);
    expect(w.inlineBytes).toBe(gz('window.t=1\n{}'));
    expect(w.total).toBe(gz('window.t=1\n{}') + gz(a) + gz(b) + gz(shared) + gz(side));
  });

  it('names the page and the module when a module it loads is missing', async () => {
    await expect(pageWeight(dist, '/chapters/broken/')).rejects.toThrow(
      `pageWeight: /chapters/broken/ loads /_astro/gone.js, which is not in ${dist}`,
    );
  });
});

describe('the built chapters', () => {
  it('each load at most 60 KB of JavaScript (gzip) before any interaction', async () => {
    // npm test builds dist/ before Vitest runs; run alone, it needs `npm run build` first.
    expect(existsSync('dist/index.html'), 'dist/ is missing: run npm run build first').toBe(true);
    const chapters = readdirSync('dist/chapters').filter((name) =>
      existsSync(join('dist/chapters', name, 'index.html')),
    );
    expect(chapters.length).toBeGreaterThan(10);
    const over: string[] = [];
    for (const chapter of chapters) {
      const w = await pageWeight('dist', `/chapters/${chapter}/`);
      if (w.total <= CHAPTER_BUDGET) continue;
      const heaviest = [...w.moduleBytes]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([m, bytes]) => `${m} ${(bytes / 1024).toFixed(1)} KB`);
      over.push(`${chapter}: ${(w.total / 1024).toFixed(1)} KB (heaviest: ${heaviest.join(', ')})`);
    }
    expect(
      over,
      `over the ${CHAPTER_BUDGET / 1024} KB budget: load the heavy parts on demand (components/widgets/load-near.ts)`,
    ).toEqual([]);
  });
});
