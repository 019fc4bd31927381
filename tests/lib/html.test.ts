import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/lib/html.ts';
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
