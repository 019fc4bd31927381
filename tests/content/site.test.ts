import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinks } from './site.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'site-'));
  for (const [path, html] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), html);
  }
  return `${dir}/`;
}

describe('the link checker', () => {
  it('reports a link to a missing page and a missing anchor, and accepts good ones', () => {
    const dist = site({
      'index.html': '<a href="/a/">a</a><a href="/a/#top">top</a><a href="/a/#nowhere">x</a><a href="/gone/">gone</a><a href="https://example.org/">ext</a>',
      'a/index.html': '<h1 id="top">A</h1><a href="../">home</a>',
    });
    const { checked, broken } = checkLinks(dist, '/');
    expect(checked).toBe(5);
    expect(broken).toEqual([
      { page: '/', link: '/a/#nowhere', reason: 'no such anchor' },
      { page: '/', link: '/gone/', reason: 'no such file' },
    ]);
  });

  it('reports root-relative links that escape the base path', () => {
    const dist = site({ 'index.html': '<a href="/about/">about</a><a href="/nn/">home</a>' });
    expect(checkLinks(dist, '/nn/').broken).toEqual([{ page: '/nn/', link: '/about/', reason: 'outside the base path /nn/' }]);
  });
});
