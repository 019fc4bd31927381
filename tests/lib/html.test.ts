import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundMarks, escapeHtml, MAX_MARKS_IN_A_ROW } from '../../src/lib/html.ts';
import { sourceFiles } from './source-files.ts';

describe('escapeHtml', () => {
  it('makes text safe in HTML text and in a quoted attribute, either quote', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')"> & co`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co');
  });

  it('is the only escaper: no other file writes & as &amp; by hand', () => {
    const others = sourceFiles('src', 'components')
      .filter((file) => file !== join('src', 'lib', 'html.ts'))
      .filter((file) => /&amp;|replace\(\/&\/g/.test(readFileSync(file, 'utf8')));
    expect(others).toEqual([]);
  });
});

describe('boundMarks', () => {
  // Red team 47: fifty outputs of "Z" and 9,000 marks each held the page for 2.5 s, and again at each resize.
  it('cuts each run of more than 30 combining marks to 30, and says how many more there were', () => {
    const marks = '\u0301\u0336\u0489'.repeat(3000);
    expect(boundMarks(`Z${marks}!`)).toBe(`Z${marks.slice(0, 30)}… (8,970 more combining marks)!`);
    expect(boundMarks(`a${'\u0e49'.repeat(31)}b${'\u0e49'.repeat(40)}`)).toBe(`a${'\u0e49'.repeat(30)}… (1 more combining mark)b${'\u0e49'.repeat(30)}… (10 more combining marks)`);
  });

  it('leaves text of any script alone: thirty marks in a row, and the marks real words stack', () => {
    for (const word of ['Z' + '\u0301'.repeat(MAX_MARKS_IN_A_ROW), 'Tiếng Việt', 'नमस्ते', 'བོད་ཡིག', 'สวัสดี', 'e\u0301', '']) expect(boundMarks(word)).toBe(word);
  });

  it('counts a mark outside the BMP as one, and never splits its surrogate pair', () => {
    const astral = '\u{1D167}'; // MUSICAL SYMBOL COMBINING TREMOLO-1, two UTF-16 units
    const cut = boundMarks(`x${astral.repeat(40)}`);
    expect(cut).toBe(`x${astral.repeat(30)}… (10 more combining marks)`);
    expect(cut.isWellFormed()).toBe(true);
  });

  it('is applied by escapeHtml, so every text the page writes from a reader is bounded', () => {
    expect(escapeHtml(`<${'\u0301'.repeat(40)}>`)).toBe(`&lt;${'\u0301'.repeat(30)}… (10 more combining marks)&gt;`);
  });
});

