import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'sucrase';
import { describe, expect, test } from 'vitest';
import { compileCell, type CompiledCell } from '../../src/notebook/transform.ts';
import {
  codeOffset,
  originalPosition,
  readerPosition,
  sourceOffset,
  sourceShifts,
} from '../../src/notebook/position-map.ts';
import { codeFrame } from '../../src/notebook/errors.ts';

/** 1-based line and column of `offset` in `text`, counting lines at '\n' only (the test's own count). */
function place(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Where `token` (unique in both) is in the compiled code, and where the reader wrote it. */
function token(cell: CompiledCell, text: string) {
  const inCode = cell.code.indexOf(text);
  const inSource = cell.source.indexOf(text);
  expect(inCode, `${text} in the code`).toBeGreaterThan(0);
  expect(cell.code.indexOf(text, inCode + 1), `${text} once in the code`).toBe(-1);
  return { generated: place(cell.code, inCode), original: place(cell.source, inSource) };
}

/** Runs a compiled cell and returns the line and column V8 reports for the error it throws in the cell. */
async function thrownAt(cell: CompiledCell): Promise<{ line: number; column: number }> {
  const fn = (0, eval)(cell.code) as (input: object, runtime: object) => Promise<unknown>;
  const error = await fn({}, { import: () => ({}), typeOf: () => 'undefined' }).then(
    () => undefined,
    (e: Error) => e,
  );
  const match = new RegExp(`${cell.fileName.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(String(error?.stack));
  expect(match, String(error?.stack)).not.toBeNull();
  return { line: Number(match![1]), column: Number(match![2]) };
}

// Types removed by sucrase (annotations, an interface, generics, `as`, a type-only parameter)
// move every token after them to a smaller column, and some lines lose everything.
const CELL = [
  'interface Point { x: number; y: number }',
  'const origin: Point = { x: 0, y: 0 };',
  'function alpha<T extends number>(first: T, second: Array<T>): number { return first + second.length; }',
  'let beta: Map<string, number[]> = new Map(), gamma: number = alpha(1, [2, 3]) as number;',
  'type Pair = [number, number];',
  'const delta = (epsilon: Pair): number => epsilon[0] * gamma;',
  'delta([4, 5]) + origin.x',
].join('\n');

describe('position map: compiled code → the reader’s line and column', () => {
  test('every named token maps to where the reader wrote it, past the removed types', () => {
    const cell = compileCell(CELL, 'positions');
    for (const text of [
      'function alpha',
      'first + second',
      'second.length',
      'let beta',
      'new Map',
      'alpha(1',
      '[2, 3]',
      'const delta',
      '(epsilon',
      'epsilon[0]',
      '* gamma',
      'delta([4',
      'origin.x',
    ]) {
      const { generated, original } = token(cell, text);
      expect(originalPosition(cell, generated.line, generated.column), text).toEqual(original);
    }
  });

  test('a TypeError in the run is placed at the reader’s token, after type annotations on its line', async () => {
    const source = 'const a: number = 1;\nconst b: { c: number } | null = null;\nconst d: number = a + (b as any).c;';
    const cell = compileCell(source, 'thrown');
    const at = await thrownAt(cell);
    expect(originalPosition(cell, at.line, at.column)).toEqual(place(source, source.indexOf('.c;') + 1));
  });

  test('lines are counted as the engine counts them (U+2028 in a string ends a line for V8, not for the editor)', async () => {
    const source = "const s: string = 'a\u2028b';\nconst n: number | null = null;\nconst x: number = n!.toFixed();";
    const cell = compileCell(source, 'separator');
    const at = await thrownAt(cell);
    const reader = originalPosition(cell, at.line, at.column);
    expect(reader).toEqual({ line: 3, column: source.split('\n')[2].indexOf('.toFixed') + 2 });
    expect(codeFrame(source, reader.line, reader.column)).toContain('> 3 | const x: number = n!.toFixed();');
  });

  test('a syntax error after a U+2028 is on the editor’s line', () => {
    let error: unknown;
    try {
      compileCell("const s = 'a\u2028b';\nconst t: = 1;", 'syntax');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ name: 'SyntaxError', line: 2, column: 10 });
  });

  test('the header maps to the start, the footer to the last line', () => {
    const cell = compileCell('let a = 1;\na', 'ends');
    expect(originalPosition(cell, 1, 30)).toEqual({ line: 1, column: 1 });
    expect(originalPosition(cell, cell.code.split('\n').length - 2, 3)).toEqual({ line: 2, column: 1 });
  });
});

describe('position map: its parts', () => {
  test('sucrase’s map as offsets agrees with the position of every token sucrase kept', () => {
    const result = transform(CELL, {
      transforms: ['typescript'],
      disableESTransforms: true,
      sourceMapOptions: { compiledFilename: 'a.js' },
      filePath: 'a.js',
    });
    const shifts = sourceShifts(result.code, CELL, result.sourceMap!.mappings);
    // Every identifier of the JavaScript, found in the TypeScript by its occurrence number.
    const words = (text: string) =>
      Array.from(text.matchAll(/[A-Za-z_$][\w$]*/g), (m) => ({ word: m[0], index: m.index }));
    const removedTypes = new Set([
      'interface',
      'Point',
      'number',
      'T',
      'extends',
      'Array',
      'Map',
      'string',
      'type',
      'Pair',
      'as',
      'x',
      'y',
    ]);
    const kept = words(result.code).filter(({ word }) => !removedTypes.has(word));
    const inSource = words(CELL).filter(({ word }) => !removedTypes.has(word));
    expect(kept.map((w) => w.word)).toEqual(inSource.map((w) => w.word));
    kept.forEach(({ index }, i) => expect(sourceOffset(shifts, index), kept[i].word).toBe(inSource[i].index));
    // Only the places where the distance changes are kept: fewer than one per token.
    expect(shifts.length).toBeLessThan(kept.length);
  });

  test('codeOffset counts lines as ECMAScript does; readerPosition as the editor does', () => {
    const text = 'a\r\nb\rc\u2028d\ne';
    expect(codeOffset(text, 1, 1)).toBe(0);
    expect(codeOffset(text, 2, 1)).toBe(text.indexOf('b'));
    expect(codeOffset(text, 3, 1)).toBe(text.indexOf('c'));
    expect(codeOffset(text, 4, 1)).toBe(text.indexOf('d'));
    expect(codeOffset(text, 5, 1)).toBe(text.indexOf('e'));
    expect(codeOffset(text, 6, 1)).toBeUndefined();
    expect(readerPosition(text, text.indexOf('d'))).toEqual({ line: 3, column: 3 });
    expect(readerPosition(text, text.indexOf('e'))).toEqual({ line: 4, column: 1 });
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|astro)$/.test(name) ? [path] : [];
  });
}

test('source maps are decoded by @jridgewell/sourcemap-codec only: no file holds a base64 VLQ alphabet', () => {
  const alphabet = /ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789|A-Za-z0-9\+\//;
  const decoders = [...sourceFiles('src'), ...sourceFiles('components')].filter((file) =>
    alphabet.test(readFileSync(file, 'utf8')),
  );
  expect(decoders).toEqual([]);
});
