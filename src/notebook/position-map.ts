// Where a place in a compiled cell's code is in the reader's own TypeScript. The code is made in
// two steps, and the map records both:
// 1. sucrase deletes the type syntax and gives a source map, JavaScript → TypeScript, kept here
//    as pairs of offsets (sourceShifts);
// 2. transform.ts rewrites that JavaScript (cell-function.ts's edits) and wraps it in a function
//    whose header takes the first line; the chunks say where each piece of the body came from.
// In between, places are offsets. They become lines and columns only at the two ends, each by
// the rule of whoever counts them: an engine reporting a stack frame counts lines as ECMAScript
// does (\r\n, \r, \n, U+2028, U+2029); a source map's lines are the ones sucrase counts (\n);
// the reader's editor breaks at \r\n, \r and \n but shows U+2028 and U+2029 as characters.

import { getLineInfo } from 'acorn';
import { decode } from '@jridgewell/sourcemap-codec';

/** A piece of a cell's rewritten body: [bodyOffset, jsOffset, length, inserted (0 or 1)]. */
export type Chunk = [number, number, number, number];

/** How to get from a compiled cell's `code` back to its `source`. Plain data (it is saved in the exercise manifest). */
export interface PositionMap {
  /** Lines of `code` before the reader's first line (the function header). */
  headerLines: number;
  /** The pieces of the rewritten body, in order, each with where it came from in sucrase's output. */
  chunks: Chunk[];
  /** Sucrase's map as [jsOffset, sourceOffset] pairs, sorted, one where the distance between the two changes. */
  shifts: [number, number][];
}

/** Line terminators as ECMA-262 defines them (LineTerminatorSequence): the lines of a stack trace. */
const ENGINE_LINE_BREAKS = /\r\n?|[\n\u2028\u2029]/g;
/** Line terminators as a source map's `mappings` count them, when sucrase writes it. */
const SOURCE_MAP_LINE_BREAKS = /\n/g;

/** The 0-based offset at which each line of `text` starts. */
function lineStarts(text: string, breaks: RegExp): number[] {
  return [0, ...Array.from(text.matchAll(breaks), (match) => match.index + match[0].length)];
}

/**
 * The 0-based offset in `code` of a 1-based (line, column) as an engine reports it in a stack
 * frame or an error (lines counted as ECMAScript does); undefined past the last line.
 */
export function codeOffset(code: string, line: number, column: number): number | undefined {
  const start = line >= 1 ? lineStarts(code, ENGINE_LINE_BREAKS)[line - 1] : undefined;
  return start === undefined ? undefined : start + column - 1;
}

/**
 * The 1-based line and column of a 0-based offset in the reader's `source`, as the cell's editor
 * numbers them (CodeMirror: lines end at \r\n, \r or \n; U+2028 and U+2029 are characters in a
 * line, so they are read as such here), and as errors.ts's codeFrame draws them.
 */
export function readerPosition(source: string, offset: number): { line: number; column: number } {
  const { line, column } = getLineInfo(
    source.replace(/[\u2028\u2029]/g, ' '),
    Math.max(0, Math.min(offset, source.length)),
  );
  return { line, column: column + 1 };
}

/**
 * Sucrase's source map (`mappings`, VLQ-encoded, from `js` back to `source`) as offset pairs,
 * sorted by jsOffset, keeping only the pairs where the distance between the two offsets changes:
 * an offset between two pairs is as far past the earlier pair in the source as in the JavaScript.
 */
export function sourceShifts(js: string, source: string, mappings: string): [number, number][] {
  const jsLines = lineStarts(js, SOURCE_MAP_LINE_BREAKS);
  const sourceLines = lineStarts(source, SOURCE_MAP_LINE_BREAKS);
  const pairs: [number, number][] = [];
  decode(mappings).forEach((segments, line) => {
    for (const segment of segments) {
      // [generatedColumn] alone maps to nothing; [generatedColumn, source, line, column(, name)] does.
      if (segment.length === 1) continue;
      const [column, , originalLine, originalColumn] = segment;
      const sourceLine = sourceLines[originalLine];
      if (jsLines[line] === undefined || sourceLine === undefined) continue;
      pairs.push([jsLines[line] + column, sourceLine + originalColumn]);
    }
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return pairs.filter((pair, i) => i === 0 || pair[1] - pair[0] !== pairs[i - 1][1] - pairs[i - 1][0]);
}

/** The source offset of a 0-based offset in sucrase's JavaScript, by `shifts` (sourceShifts). */
export function sourceOffset(shifts: [number, number][], jsOffset: number): number {
  let mapped = jsOffset;
  for (const [js, source] of shifts) {
    if (js > jsOffset) break;
    mapped = source + (jsOffset - js);
  }
  return mapped;
}

/**
 * Map a 1-based (line, column) in `compiled.code`, as a stack trace reports it, to a 1-based
 * (line, column) in the reader's source. A place in the function's header is the source's
 * start; one after the body (the footer) is the start of its last line.
 */
export function originalPosition(
  compiled: { code: string; source: string; map: PositionMap },
  line: number,
  column: number,
): { line: number; column: number } {
  const { code, source, map } = compiled;
  if (line <= map.headerLines) return { line: 1, column: 1 };
  const starts = lineStarts(code, ENGINE_LINE_BREAKS);
  const last = map.chunks[map.chunks.length - 1];
  const bodyLength = last ? last[0] + last[2] : 0;
  const bodyStart = starts[map.headerLines];
  const lineStart = starts[line - 1];
  if (lineStart === undefined || lineStart - bodyStart > bodyLength) {
    return { line: readerPosition(source, source.length).line, column: 1 };
  }
  const bodyOffset = lineStart - bodyStart + column - 1;
  // Find the piece of the rewritten body that holds the offset; inserted text maps to where
  // it was inserted (an error in `__nb$in.x` is an error at `x`).
  let jsOffset = 0;
  for (const [start, jsStart, length, inserted] of map.chunks) {
    if (bodyOffset < start) break;
    jsOffset = inserted ? jsStart : jsStart + Math.min(bodyOffset - start, Math.max(length - 1, 0));
  }
  return readerPosition(source, sourceOffset(map.shifts, jsOffset));
}
