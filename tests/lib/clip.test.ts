import { describe, expect, it } from 'vitest';
import { clip, CODE_VIEW_COST, head, headWithin, layoutCost, restOf, RUN_CHANGE_COST } from '../../src/lib/clip.ts';
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

describe('layoutCost of scripts broken by dictionary', () => {
  it('counts each Thai, Lao, Khmer or Myanmar character RUN_CHANGE_COST more', () => {
    expect(layoutCost('การท')).toBe(4 + 4 * RUN_CHANGE_COST);
    expect(layoutCost('\u1000\u1039\u1000')).toBe(3 + 3 * RUN_CHANGE_COST);
  });
});

// Red team 49: a link's 6 KB held 408 KB of Hebrew alternating with digits; the plain view of it
// froze the page for 81 s, at each visit.
describe('headWithin and restOf', () => {
  it('keep all of code that costs little, and say nothing is left', () => {
    const code = 'const a = 1;\n'.repeat(300);
    expect(headWithin(code, CODE_VIEW_COST)).toBe(code);
    expect(restOf(code, code)).toBe('');
  });

  it('cut costly code at a line break within its budget, and count the rest', () => {
    const line = `// ${'\u05D01'.repeat(100)}\n`;
    const code = line.repeat(2000);
    const shown = headWithin(code, CODE_VIEW_COST);
    expect(layoutCost(shown)).toBeLessThanOrEqual(CODE_VIEW_COST);
    expect(shown.length).toBeGreaterThan(1000);
    expect(code.startsWith(shown) && shown.endsWith('\n' + line.slice(0, -1))).toBe(true);
    const lines = code.split('\n').length - shown.split('\n').length; // as the editor numbers them
    expect(restOf(code, shown)).toBe(`… ${lines.toLocaleString('en-US')} more lines (${(code.length - shown.length).toLocaleString('en-US')} characters) not shown here`);
  });

  it('cut one long line where the budget ends, never in a surrogate pair', () => {
    const code = `x = "${'😀\u05D0'.repeat(20000)}"`;
    const shown = headWithin(code, 1000);
    expect(shown.isWellFormed() && code.startsWith(shown)).toBe(true);
    expect(restOf(code, shown)).toBe(`… ${(code.length - shown.length).toLocaleString('en-US')} more characters not shown here`);
  });
});

