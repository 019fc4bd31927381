import { describe, expect, it } from 'vitest';
import { readChapters } from './chapters.ts';

// Prose says "chapter 7" and the page heads say "Chapter {order}": when a chapter is inserted
// and the orders move, every number written in prose must move with them. A linked reference
// names its target, so it can be checked exactly; an unlinked one can at least not point past
// the end of the book.
const chapters = readChapters();
const orderOf = new Map(chapters.map((c) => [c.id, c.frontmatter.order as number]));

describe('references to chapters by number', () => {
  it('a linked "chapter N" goes to the chapter whose order is N', () => {
    const wrong: string[] = [];
    for (const chapter of chapters) {
      for (const m of chapter.source.matchAll(/\[[Cc]hapter (\d+)\]\(\.\.\/([a-z0-9-]+)\/[^)]*\)/g)) {
        const [text, n, id] = m;
        if (orderOf.get(id) !== Number(n)) wrong.push(`${chapter.path}: ${text} (${id} is chapter ${orderOf.get(id) ?? 'missing'})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every "chapter N" or "chapters N–M" names a chapter that exists', () => {
    const wrong: string[] = [];
    for (const chapter of chapters) {
      for (const m of chapter.source.matchAll(/\b[Cc]hapters? (\d+)(?:[–-](\d+))?/g)) {
        for (const n of [m[1], m[2]].filter(Boolean)) if (Number(n) < 1 || Number(n) > chapters.length) wrong.push(`${chapter.path}: ${m[0]}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
