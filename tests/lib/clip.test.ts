import { describe, expect, it } from 'vitest';
import { clip, head, layoutCost, RUN_CHANGE_COST } from '../../src/lib/clip.ts';
import { toDisplay } from '../../src/notebook/display.ts';
import { shortFileName } from '../../src/notebook/page/review.ts';

// Red team 49: strings of emoji and rare CJK characters cut at 10,000 ended in half a character ("�").
describe('cutting text', () => {
  it('never splits a surrogate pair, and counts what it left out', () => {
    expect(head('ab😀', 3)).toBe('ab');
    expect(head('ab😀', 4)).toBe('ab😀');
    expect(clip('a😀😀', 2)).toBe('a… (4 more characters)');
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('abc… (1 more characters)');
  });

  it('leaves every output of a string of emoji whole, however it is cut', () => {
    for (const text of ['😀'.repeat(6000), `x${'𠀀'.repeat(6000)}`]) {
      const item = toDisplay(text);
      expect(item.kind).toBe('string');
      expect(item.kind === 'string' && item.text.isWellFormed()).toBe(true);
      expect(item.kind === 'string' && item.text).toMatch(/… \(\d+ more characters\)$/);
    }
  });

  it('shortens a long file name at both ends without splitting a character', () => {
    const name = `${'😀'.repeat(60)}.json`;
    for (const max of [50, 51, 100]) expect(shortFileName(name, max).isWellFormed()).toBe(true);
  });
});

describe('layoutCost', () => {
  it('is the length of text in one run, and RUN_CHANGE_COST more at each change of script or direction', () => {
    expect(layoutCost('hello, world 123')).toBe(16);
    expect(layoutCost('שלוםעולם')).toBe(8);
    expect(layoutCost('中文和かな')).toBe(5); // CJK is one run
    expect(layoutCost('😀😀')).toBe(4);
    expect(layoutCost('\u05D0a\u05D0a')).toBe(4 + 3 * RUN_CHANGE_COST);
    expect(layoutCost('שלום עולם')).toBe(9 + 2 * RUN_CHANGE_COST);
    expect(layoutCost('')).toBe(0);
  });
});

