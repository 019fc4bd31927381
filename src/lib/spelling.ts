// Search tolerates a typo: Pagefind matches words and their beginnings exactly, so "sigmod"
// would find nothing. Before a search, each word the book never uses is replaced by the closest
// word it does use (search-vocabulary.ts lists them at build time, with how often they appear).
// No imports: this runs in the page, in the search dialog.

/** A word and how many times the book's prose uses it (search-vocabulary.ts), most frequent first. */
export type Vocabulary = [word: string, count: number][];

export const wordPattern = /\p{L}[\p{L}'’-]*\p{L}|\p{L}/gu;

/**
 * Edit distance with adjacent transpositions ("sigmiod" is one edit from "sigmoid"), giving up
 * (returning limit + 1) as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    [before, previous] = [previous, row];
  }
  return previous[b.length];
}

/**
 * The search term with each word the book does not use replaced by the book's closest word:
 * one edit away for words of up to six letters, two for longer ones; among equals, the word the
 * book uses most. A word the book uses, or the beginning of one (still being typed), or of fewer
 * than four letters, stays as typed, and so does a word with nothing close.
 * @param term what the reader typed
 * @param vocabulary the book's words (vocabularyOf), most frequent first
 */
export function correctTerm(term: string, vocabulary: Vocabulary): string {
  return term.replace(wordPattern, (typed) => {
    const word = typed.toLowerCase();
    if (word.length < 4 || vocabulary.some(([known]) => known.startsWith(word))) return typed;
    const limit = word.length > 6 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = limit + 1;
    for (const [known] of vocabulary) {
      const d = editDistance(word, known, limit);
      if (d < bestDistance) [best, bestDistance] = [known, d];
    }
    return best ?? typed;
  });
}
