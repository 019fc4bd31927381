import { describe, expect, it } from 'vitest';
import { andList, countOf, plural } from '../../src/lib/plural.ts';
import { shortDateTime } from '../../src/lib/dates.ts';
import { formatCount } from '../../src/lib/numbers.ts';

describe('counts in words', () => {
  it('one is singular, every other count plural, large counts grouped', () => {
    expect(countOf(1, 'check')).toBe('1 check');
    expect(countOf(0, 'exercise')).toBe('0 exercises');
    expect(countOf(2, 'exercise')).toBe('2 exercises');
    expect(countOf(1500, 'step')).toBe('1,500 steps');
    expect(countOf(3, 'pass', 'passes')).toBe('3 passes');
    expect(plural(1, 'file')).toBe('file');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('andList', () => {
  it('joins as English writes a list, without a serial comma', () => {
    expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map((items) => andList(items))).toEqual([
      '',
      'a',
      'a and b',
      'a, b and c',
    ]);
  });
});

describe('shortDateTime', () => {
  it('writes a moment with its date and time, and nothing for what is not a date', () => {
    expect(shortDateTime('2026-12-01T13:17:00.000Z')).toMatch(/2026/);
    expect(shortDateTime('not a date')).toBe('');
  });
});
