// What a piece of a reader's code says, apart from how it is laid out: for telling whether two
// codes are the same work (the starter, unchanged; the published solution, copied) and for
// seeding the checks' drawn points, so that neither a comment nor a space changes a verdict.

/**
 * `code` with each comment (`// …` to the end of the line, `/* … *\/`) made one space, reading
 * past string and template literals so that a `//` inside one stays; an unclosed block comment
 * runs to the end, as it does for the compiler. One pass, each comment and literal skipped to its
 * end: the review reads hand-ins' code, which may be 100,000 characters made to be slow (a lazy
 * pattern froze a red team's page on `// /*x/*x…`). Regular-expression literals are not told from
 * division: a `//` inside one is taken for a comment, which only makes a word after it count for
 * less, or two codes compare alike that differ inside such a literal.
 */
export function withoutComments(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; ) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      out += code.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end;
      out += ' ';
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * What `code` says with its layout taken out: line endings made one, and runs of spaces, tabs
 * and line breaks dropped, save one space between two word characters (`let x`). With
 * `comments: false`, its comments go too (withoutComments). Two codes of one shape differ only in
 * layout (and, without comments, in what the comments say).
 */
export function codeShape(code: string, { comments = true } = {}): string {
  const text = code.replace(/\r\n?/g, '\n');
  return (comments ? text : withoutComments(text))
    .replace(/\s+/g, ' ')
    .replace(/ ?([^\w$ ]) ?/g, '$1')
    .trim();
}
