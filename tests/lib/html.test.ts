import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundClusters, escapeHtml, MAX_CLUSTER } from '../../src/lib/html.ts';
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

describe('boundClusters', () => {
  // Red team 47: fifty outputs of "Z" and 9,000 marks each held the page for 2.5 s, and again at
  // each resize; fifty of a thumbs-up and 4,000 skin tones held it for a minute (my find, after).
  it('cuts each symbol on screen of more than 31 characters to 31, and says how many more there were', () => {
    const marks = '\u0301\u0336\u0489'.repeat(3000);
    expect(boundClusters(`Z${marks}!`)).toBe(`Z${marks.slice(0, 30)}… (8,970 more joined characters)!`);
    expect(boundClusters(`a${'\u0e49'.repeat(31)}b${'\u0e49'.repeat(40)}`)).toBe(`a${'\u0e49'.repeat(30)}… (1 more joined character)b${'\u0e49'.repeat(30)}… (10 more joined characters)`);
    const tone = '\u{1F3FD}'; // a skin tone: a symbol, not a mark, and two UTF-16 units
    expect(boundClusters(`👍${tone.repeat(4000)} ok`)).toBe(`👍${tone.repeat(30)}… (3,970 more joined characters) ok`);
    expect(boundClusters(`a${'\u200c'.repeat(100)}`)).toBe(`a${'\u200c'.repeat(30)}… (70 more joined characters)`);
    expect(boundClusters('\u1100'.repeat(40))).toBe(`${'\u1100'.repeat(31)}… (9 more joined characters)`);
  });

  it('leaves text of any script alone: 31 characters in one symbol, emoji sequences, and the marks real words stack', () => {
    const family = '👩🏽\u200d👩🏽\u200d👧🏽\u200d👦🏽';
    for (const text of ['Z' + '\u0301'.repeat(MAX_CLUSTER - 1), 'Tiếng Việt', 'Tie\u0302\u0301ng Vie\u0323\u0302t', 'नमस्ते', 'བོད་ཡིག', 'สวัสดี', '한국어', family, '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'line\r\nnext\ttab', '']) {
      expect(boundClusters(text)).toBe(text);
    }
  });

  it('never splits a surrogate pair', () => {
    const astral = '\u{1D167}'; // MUSICAL SYMBOL COMBINING TREMOLO-1
    const cut = boundClusters(`x${astral.repeat(40)}`);
    expect(cut).toBe(`x${astral.repeat(30)}… (10 more joined characters)`);
    expect(cut.isWellFormed()).toBe(true);
  });

  it('is applied by escapeHtml, so every text the page writes from a reader is bounded', () => {
    expect(escapeHtml(`<${'\u0301'.repeat(40)}>`)).toBe(`&lt;${'\u0301'.repeat(30)}… (10 more joined characters)&gt;`);
  });
});
