import { describe, expect, it } from 'vitest';
import { chapterSchema } from '../../src/chapters/schema.ts';
import { readChapters } from './chapters.ts';

const chapters = readChapters();

describe('chapter frontmatter', () => {
  it('finds the chapters', () => {
    expect(chapters.length).toBeGreaterThan(0);
  });

  it.each(chapters.map((c) => [c.path, c] as const))('%s has valid frontmatter', (_path, chapter) => {
    const result = chapterSchema.safeParse(chapter.frontmatter);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('gives every chapter its own order number', () => {
    const orders = chapters.map((c) => c.frontmatter.order);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('names only existing chapters as prerequisites, and only earlier ones', () => {
    const orderOf = new Map(chapters.map((c) => [c.id, c.frontmatter.order as number]));
    for (const chapter of chapters) {
      for (const id of (chapter.frontmatter.prerequisites as string[]) ?? []) {
        expect(orderOf.has(id), `${chapter.path}: prerequisite ${id}`).toBe(true);
        expect(orderOf.get(id)! < (chapter.frontmatter.order as number), `${chapter.path}: prerequisite ${id} comes later`).toBe(true);
      }
    }
  });
});

describe('chapter schema messages', () => {
  const valid = {
    title: 'The sigmoid', order: 3, summary: 'A smooth squashing function and its derivative.',
    objectives: ['Compute the sigmoid'], minutes: 20, prerequisites: [],
    discussion: ['Why does the sigmoid saturate?', 'When is a probability the right output?'],
  };
  const messages = (data: unknown) => {
    const result = chapterSchema.safeParse(data);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it('accepts a complete frontmatter', () => {
    expect(messages(valid)).toEqual([]);
  });

  it('says how to write a missing field', () => {
    const { minutes: _omit, ...withoutMinutes } = valid;
    expect(messages(withoutMinutes)).toEqual(['give the reading time in whole minutes, e.g. `minutes: 15`']);
  });

  it('rejects a fractional order with the fix', () => {
    expect(messages({ ...valid, order: 2.5 })).toEqual(['use a whole number, e.g. `order: 3`']);
  });

  it('asks for discussion questions for the teacher’s guide', () => {
    expect(messages({ ...valid, discussion: ['Only one question here?'] })).toEqual(['give at least two discussion questions; the teacher’s guide shows them']);
  });

  it('rejects an empty objectives list', () => {
    expect(messages({ ...valid, objectives: [] })).toEqual(['list at least one learning objective']);
  });

  it('names the allowed fields when an unknown one appears', () => {
    expect(messages({ ...valid, minuts: 3 })[0]).toContain('the fields are title, order, summary, objectives, minutes, prerequisites, discussion');
  });
});
