import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLinks, htmlFiles } from './site.ts';

// npm test builds dist/ before Vitest runs. Run alone, this test builds what is missing.
// Vitest puts Vite's own variables (BASE_URL, MODE, NODE_ENV=test…) into process.env; a child
// build that inherited them would ignore BASE_PATH, so it gets an environment without them.
function build(outDir: string, base: string) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV'].includes(key) && !key.startsWith('VITEST')),
  );
  execFileSync('npx', ['astro', 'build', '--silent'], { env: { ...env, OUT_DIR: outDir, BASE_PATH: base }, stdio: 'pipe' });
  execFileSync('npx', ['pagefind', '--site', outDir, '--silent'], { stdio: 'pipe' });
}

describe('links in the built site', () => {
  it('resolves every internal link and anchor at the root', () => {
    if (!existsSync('dist/index.html')) build('dist', '/');
    const { checked, broken } = checkLinks('dist/', '/');
    expect(checked).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  it('resolves every internal link and anchor when served under /nn/', () => {
    rmSync('dist-base', { recursive: true, force: true });
    build('dist-base', '/nn/');
    expect(htmlFiles('dist-base/').length).toBeGreaterThan(3);
    const { checked, broken } = checkLinks('dist-base/', '/nn/');
    expect(checked).toBeGreaterThan(20);
    expect(broken).toEqual([]);
    rmSync('dist-base', { recursive: true, force: true });
  }, 600_000); // a second build (it reads the chapters' runs the first one kept: chapter-cache.ts)
});
