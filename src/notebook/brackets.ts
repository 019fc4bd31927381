// Which bracket of a reader's code is left open or closes nothing, for the parser's bare
// "Unexpected token": a forgotten `}` at the end of a function is the commonest syntax error a
// beginner makes, and the parser reports it only where it ran out of code (red team 54).

import { codePieces } from './code-shape.ts';

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPENER: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** 1-based line of each offset's line start, and the line's indentation. */
function lines(code: string) {
  const starts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const indent = (line: number) => /^[ \t]*/.exec(code.slice(starts[line - 1], starts[line] ?? code.length))![0].length;
  /** Whether the bracket at `offset` is the first thing on its line. */
  const leads = (offset: number) => code.slice(starts[lineAt(offset) - 1], offset).trim() === '';
  return { lineAt, indent, leads };
}

/**
 * A sentence naming the first bracket of `code` that does not pair up, or undefined when they
 * all do: a closer that closes nothing, a closer of another kind than the bracket it closes, or
 * (read to the end) a bracket left open. For a `{` left open, the indentation says where: a `}`
 * that begins its line, indented as an earlier `{`'s line but closing a later one (the `}` of an
 * `if` forgotten), shows the `}` missing before it. Brackets in strings, templates and comments
 * do not count (codePieces); one in a regular-expression literal does, so the sentence asks
 * ("is a `}` missing?") rather than tells.
 */
export function bracketHint(code: string): string | undefined {
  const { lineAt, indent, leads } = lines(code);
  const open: { char: string; at: number }[] = [];
  /** Each `{…}` pair closed so far, in the order their `}` came. */
  const braces: { at: number; closedAt: number }[] = [];
  for (const piece of codePieces(code)) {
    if (piece.kind !== 'code') continue;
    for (let i = piece.start; i < piece.end; i++) {
      const c = code[i];
      if (c in CLOSER) open.push({ char: c, at: i });
      else if (c in OPENER) {
        const last = open.pop();
        if (!last) return `the ${c} on line ${lineAt(i)} closes nothing: is it one too many, or is a ${OPENER[c]} missing before it?`;
        if (CLOSER[last.char] !== c) {
          return `the ${last.char} on line ${lineAt(last.at)} is closed by the ${c} on line ${lineAt(i)}: is a ${CLOSER[last.char]} missing before it?`;
        }
        if (c === '}') braces.push({ at: last.at, closedAt: i });
      }
    }
  }
  const left = open.at(-1);
  if (!left) return undefined;
  if (left.char === '{') {
    // The first `{` left open at each indentation: one read of each, so that hostile code of
    // thousands of brackets costs no more than reading it.
    const firstOpenAt = new Map<number, number>();
    for (const o of open) if (o.char === '{' && !firstOpenAt.has(indent(lineAt(o.at)))) firstOpenAt.set(indent(lineAt(o.at)), o.at);
    const askew = braces.find((b) => {
      if (!leads(b.closedAt)) return false;
      const closerIndent = indent(lineAt(b.closedAt));
      return closerIndent !== indent(lineAt(b.at)) && (firstOpenAt.get(closerIndent) ?? Infinity) < b.at;
    });
    if (askew) {
      const closer = lineAt(askew.closedAt);
      return `the { on line ${lineAt(askew.at)} is never closed, going by the indentation: the } on line ${closer} is indented as an earlier {, but closes this one. Is a } missing before line ${closer}?`;
    }
  }
  return `the ${left.char} on line ${lineAt(left.at)} is never closed: is a ${CLOSER[left.char]} missing?`;
}
