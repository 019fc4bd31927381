import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlFiles, lostSpaces } from './site.ts';

describe('the lost-space finder', () => {
  it('finds words run into links, emphasis, buttons and code, and nothing inside math or code blocks', () => {
    const page = '<body><p>Charts by<a href="x">Observable Plot</a> and<strong>Copy link</strong>, see <code>nn</code>.</p>' +
      '<p>On the <a>review page</a>.<button>Revert</button><button>Copy link</button></p>' +
      '<p>A <span class="katex"><span>x</span><span>y</span></span> and <pre>a<b>b</b></pre></p></body>';
    expect(lostSpaces(page)).toEqual(['…Charts by⁞Observable Plot…', '… and⁞Copy link…', '….⁞Revert…', '…Revert⁞Copy link…']);
  });

  it('accepts words that meet punctuation or a space', () => {
    expect(lostSpaces('<body><p>(<a>one</a>), “<em>two</em>”, three <b>four</b>.</p></body>')).toEqual([]);
  });
});

describe('text of the built site', () => {
  it('keeps the space between every word and the element after it, on every page', () => {
    // npm test builds dist/ before Vitest runs; run alone, it needs `npm run build` first.
    expect(existsSync('dist/index.html'), 'dist/ is missing: run npm run build first').toBe(true);
    const files = htmlFiles('dist/');
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) => lostSpaces(readFileSync(file, 'utf8')).map((where) => `${file}: ${where}`));
    expect(found).toEqual([]);
  }, 60_000);
});
