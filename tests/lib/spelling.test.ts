import { describe, expect, it } from 'vitest';
import { correctTerm, editDistance } from '../../src/lib/spelling.ts';
import { vocabularyOf } from '../../src/lib/search-vocabulary.ts';

describe('search spelling', () => {
  const vocabulary = vocabularyOf([
    'The sigmoid squashes. The sigmoid is smooth. A signal $\\sigma(z)$.\n\n```ts\nconst sigmaCode = 1;\n```\n\n<Aside title="x">Training the network</Aside>',
  ]);

  it('reads the words of the prose only, most frequent first', () => {
    expect(vocabulary.slice(0, 2)).toEqual([['the', 3], ['sigmoid', 2]]);
    expect(vocabulary.map(([w]) => w)).toEqual(expect.arrayContaining(['squashes', 'smooth', 'signal', 'training', 'network']));
    expect(vocabulary.map(([w]) => w)).not.toContain('sigmacode');
    expect(vocabulary.map(([w]) => w)).not.toContain('sigma');
  });

  it('counts a swap of neighbours as one edit and stops past the limit', () => {
    expect(editDistance('sigmiod', 'sigmoid', 2)).toBe(1);
    expect(editDistance('sigmod', 'sigmoid', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });

  it('corrects a typo to the book’s closest word, and leaves known words and beginnings alone', () => {
    expect(correctTerm('sigmod', vocabulary)).toBe('sigmoid');
    expect(correctTerm('Sigmiod function', vocabulary)).toBe('sigmoid function');
    expect(correctTerm('sigmo', vocabulary)).toBe('sigmo');
    expect(correctTerm('smooth signal', vocabulary)).toBe('smooth signal');
    expect(correctTerm('xylophone', vocabulary)).toBe('xylophone');
    expect(correctTerm('the', vocabulary)).toBe('the');
  });
});
