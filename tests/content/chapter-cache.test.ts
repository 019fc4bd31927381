import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprintOf, keepChapterRun, readChapterRun, type ChapterRun } from '../../src/markdown/chapter-cache.ts';

// The build keeps each proven chapter's runs (chapter-cache.ts); a build of the same inputs reads
// them. What matters: it gives back exactly what was kept, and nothing for other inputs.
const chapter = `test-chapter-cache-${process.pid}`;
const file = `.astro/cache/chapters/${chapter}.bin`;
const text = '# A chapter\n\n```ts cell\nMath.sqrt(-1)\n```\n';
const run: ChapterRun = {
  results: [
    {
      cellId: 'c1',
      status: 'ok',
      outputs: [{ kind: 'value', text: 'NaN' } as never],
      defines: [],
      uses: [],
      durationMs: 1.5,
      checks: undefined,
    },
  ],
  solutions: {
    sigmoid: {
      code: { cellId: 'ex-sigmoid', status: 'ok', outputs: [], defines: ['mySigmoid'], uses: [], durationMs: -0 },
      outcome: { passed: true, results: [] },
    },
  },
};

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(file, { force: true });
});

describe('the chapter cache', () => {
  it('gives back what was kept for the same text, with -0 and undefined as they were', () => {
    keepChapterRun(chapter, text, run);
    const read = readChapterRun(chapter, text)!;
    expect(read).toEqual(run);
    expect(Object.is(read.solutions.sigmoid.code.durationMs, -0)).toBe(true);
    expect('checks' in read.results[0]).toBe(true);
  });

  it('gives nothing for another text of the chapter, and the next keep replaces the old one', () => {
    keepChapterRun(chapter, text, run);
    expect(readChapterRun(chapter, `${text}\nOne more sentence.\n`)).toBeNull();
    expect(readChapterRun(`${chapter}-other`, text)).toBeNull();
    keepChapterRun(chapter, `${text}!`, run);
    expect(readChapterRun(chapter, text)).toBeNull();
    expect(readChapterRun(chapter, `${text}!`)).toEqual(run);
  });

  it('reads a damaged file as nothing kept', () => {
    keepChapterRun(chapter, text, run);
    writeFileSync(file, 'not a serialized value');
    expect(readChapterRun(chapter, text)).toBeNull();
  });

  it('keeps and reads nothing with NN_CHAPTER_CACHE=off', () => {
    vi.stubEnv('NN_CHAPTER_CACHE', 'off');
    keepChapterRun(chapter, text, run);
    expect(existsSync(file)).toBe(false);
    vi.unstubAllEnvs();
    keepChapterRun(chapter, text, run);
    vi.stubEnv('NN_CHAPTER_CACHE', 'off');
    expect(readChapterRun(chapter, text)).toBeNull();
  });
});

describe('the key of the code a chapter runs with', () => {
  it('changes with any file under the folders, a new file, or a listed file', () => {
    const root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
    mkdirSync(join(root, 'src/nn'), { recursive: true });
    writeFileSync(join(root, 'src/nn/sigmoid.ts'), 'export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    const now = () => fingerprintOf([join(root, 'src')], [join(root, 'package-lock.json')]);
    const first = now();
    expect(now()).toBe(first);
    writeFileSync(join(root, 'src/nn/sigmoid.ts'), 'export const sigmoid = (x: number) => 1 / (1 + Math.exp(x));');
    const edited = now();
    expect(edited).not.toBe(first);
    writeFileSync(join(root, 'src/nn/relu.ts'), '');
    const added = now();
    expect(added).not.toBe(edited);
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(now()).not.toBe(added);
    rmSync(root, { recursive: true, force: true });
  });
});
