// What a piece of a reader's code says, apart from how it is laid out: for telling whether two
// codes are the same work (the starter, unchanged; the published solution, copied) and for
// seeding the checks' drawn points, so that neither a comment nor a space changes a verdict.

/** A piece of a code: a run of plain code, a string or template literal, or a comment, from `start` to before `end`. */
export interface CodePiece {
  kind: 'code' | 'literal' | 'comment';
  start: number;
  end: number;
}

/**
 * The pieces of `code` in order (CodePiece): each comment (`// …` to the end of the line,
 * `/* … *\/`) and each string or template literal is one piece, read to its end, so that a `//`
 * inside a string stays in it; an unclosed block comment or literal runs to the end, as it does
 * for the compiler. One pass, each comment and literal skipped to its end: the review reads
 * hand-ins' code, which may be 100,000 characters made to be slow (a lazy pattern froze a red
 * team's page on `// /*x/*x…`). Regular-expression literals are not told from division: a `//`
 * inside one is taken for a comment. A template's `${…}` is part of its literal.
 */
export function codePieces(code: string): CodePiece[] {
  const pieces: CodePiece[] = [];
  let plain = 0; // where the run of plain code now being read began
  const add = (kind: CodePiece['kind'], start: number, end: number) => {
    if (plain < start) pieces.push({ kind: 'code', start: plain, end: start });
    pieces.push({ kind, start, end });
    plain = end;
  };
  for (let i = 0; i < code.length; ) {
    const c = code[i];
    let end = i + 1;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      end = Math.min(j + 1, code.length);
      add('literal', i, end);
    } else if (c === '/' && code[i + 1] === '/') {
      const lineEnd = code.indexOf('\n', i);
      end = lineEnd < 0 ? code.length : lineEnd;
      add('comment', i, end);
    } else if (c === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      end = close < 0 ? code.length : close + 2;
      add('comment', i, end);
    }
    i = end;
  }
  if (plain < code.length) pieces.push({ kind: 'code', start: plain, end: code.length });
  return pieces;
}

/** `code` with each comment made one space (codePieces reads where each begins and ends). */
export function withoutComments(code: string): string {
  return codePieces(code).map((p) => (p.kind === 'comment' ? ' ' : code.slice(p.start, p.end))).join('');
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
