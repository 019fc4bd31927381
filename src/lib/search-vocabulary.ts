// The book's own words, for search's typo correction (spelling.ts), made at build time.
import { visit } from 'unist-util-visit';
import { parseMdx } from '../markdown/notebook-syntax.ts';
import { wordPattern, type Vocabulary } from './spelling.ts';

/**
 * The words of chapters' prose (text, headings, asides; not code, math or markup), lowercase,
 * three letters or more, most frequent first.
 * @param sources the chapters' MDX text
 */
export function vocabularyOf(sources: readonly string[]): Vocabulary {
  const counts = new Map<string, number>();
  for (const source of sources) {
    visit(parseMdx(source) as never, 'text', (node: { value: string }) => {
      for (const [word] of node.value.toLowerCase().matchAll(wordPattern)) {
        if (word.length >= 3) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    });
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
