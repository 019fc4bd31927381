// The book's blue is one token (src/lib/brand.ts): the CSS's `--brand` is the same colour, and
// no other source file writes it out, so changing it is one edit (and a rerun of make-icons).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRAND_COLOUR } from '../../src/lib/brand.ts';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs|astro|css|svg|json|webmanifest|mdx|html)$/.test(name) ? [path] : [];
  });

describe("the book's blue", () => {
  it('is written once in TypeScript and once in CSS, as the same colour', () => {
    const css = readFileSync('src/styles/global.css', 'utf8');
    expect(/--brand:\s*(#[0-9a-f]{6});/i.exec(css)?.[1]).toBe(BRAND_COLOUR);
    const writers = ['src', 'components', 'public', 'content']
      .flatMap(files)
      .filter((path) => readFileSync(path, 'utf8').toLowerCase().split(BRAND_COLOUR).length - 1 > 0)
      .map((path) => [path, readFileSync(path, 'utf8').toLowerCase().split(BRAND_COLOUR).length - 1]);
    expect(writers).toEqual([
      ['src/lib/brand.ts', 1],
      ['src/styles/global.css', 1],
    ]);
  });
});
