// An error is placed at the same line of the reader's cell in every engine (issue 15, item 12).
// The stacks are real, of these very cells compiled by the kernel's transform and run by eval as
// the kernel runs them, calling a `matmul` of another script as cells call the network module:
// V8 (Node 22), SpiderMonkey (Firefox ESR 153) and JavaScriptCore (WebKitGTK 2.50's jsc, which
// keeps no place for eval code: only names, and the error's own `line` and `column`).
import { describe, expect, test } from 'vitest';
import { cellFrames, type ErrorOrigin } from '../../src/notebook/locate.ts';
import { parseStack } from '../../src/notebook/stack.ts';
import { cellFileId, compileCell, type CompiledCell } from '../../src/notebook/transform.ts';

const SOURCES: Record<string, string> = {
  limit: 'function limit(x: number) {\n  if (x > 1) {\n    throw new RangeError(`x is ${x}, expected at most 1`);\n  }\n}\nlimit(2);',
  'shape-error': '// (4×3)(4×1): inner dimensions 3 and 4\nmatmul(X, y)',
  callback: 'const xs = [1, null];\nxs.map((x) => x!.toFixed(1));',
  'relu-def': 'function relu(x: number) {\n  if (x < 0) throw new Error(`negative: ${x}`);\n  return x;\n}',
  'relu-use': 'const r = 1;\nconst out = relu(-r);',
  twice: 'matmul(X, X);\nmatmul(X, y);',
};
type Case = keyof typeof SOURCES;

const V8: Record<Case, string> = {
  limit: "RangeError: x is 2, expected at most 1\n    at limit (cell-limit.js:4:11)\n    at cell (cell-limit.js:7:11)\n    at run (http://127.0.0.1:4414/page-run.js:5:48)\n    at http://127.0.0.1:4414/page-run.js:7:9\n    at http://127.0.0.1:4414/page-run.js:14:3\n    at Script.runInContext (node:vm:149:12)",
  'shape-error': "Error: matmul: inner dimensions differ\n    at Object.matmul (http://127.0.0.1:4414/lib.js:2:22)\n    at cell (cell-shape-error.js:3:19)\n    at run (http://127.0.0.1:4414/page-run.js:5:48)\n    at http://127.0.0.1:4414/page-run.js:8:9",
  callback: "TypeError: Cannot read properties of null (reading 'toFixed')\n    at eval (cell-callback.js:3:27)\n    at Array.map (<anonymous>)\n    at cell (cell-callback.js:3:14)\n    at run (http://127.0.0.1:4414/page-run.js:5:48)\n    at http://127.0.0.1:4414/page-run.js:9:9",
  'relu-def': '',
  'relu-use': "Error: negative: -1\n    at Object.relu (cell-relu-def.js:3:20)\n    at cell (cell-relu-use.js:3:21)\n    at run (http://127.0.0.1:4414/page-run.js:5:48)\n    at http://127.0.0.1:4414/page-run.js:11:9",
  twice: "Error: matmul: inner dimensions differ\n    at Object.matmul (http://127.0.0.1:4414/lib.js:2:22)\n    at cell (cell-twice.js:3:19)\n    at run (http://127.0.0.1:4414/page-run.js:5:48)\n    at http://127.0.0.1:4414/page-run.js:12:9",
};
const FIREFOX: Record<Case, string> = {
  limit: "limit@cell-limit.js:4:11\ncell@cell-limit.js:7:11\nrun@http://127.0.0.1:4414/page-run.js:5:48\n@http://127.0.0.1:4414/page-run.js:7:9\n@http://127.0.0.1:4414/page-run.js:14:3\n",
  'shape-error': "matmul@http://127.0.0.1:4414/lib.js:2:22\ncell@cell-shape-error.js:3:19\nrun@http://127.0.0.1:4414/page-run.js:5:48\n@http://127.0.0.1:4414/page-run.js:8:9\n",
  callback: "cell/__nb$v<@cell-callback.js:3:25\ncell@cell-callback.js:3:14\nrun@http://127.0.0.1:4414/page-run.js:5:48\n@http://127.0.0.1:4414/page-run.js:9:9\n",
  'relu-def': '',
  'relu-use': "relu@cell-relu-def.js:3:20\ncell@cell-relu-use.js:3:21\nrun@http://127.0.0.1:4414/page-run.js:5:48\n@http://127.0.0.1:4414/page-run.js:11:9\n",
  twice: "matmul@http://127.0.0.1:4414/lib.js:2:22\ncell@cell-twice.js:3:19\nrun@http://127.0.0.1:4414/page-run.js:5:48\n@http://127.0.0.1:4414/page-run.js:12:9\n",
};
/** JavaScriptCore: the stack, and the error's own line, column and sourceURL. */
const JSC: Record<Case, { stack: string } & ErrorOrigin> = {
  limit: { stack: 'limit@\ncell@\ncell@\nrun@/tmp/jsccap/run.js:5:48\n@/tmp/jsccap/run.js:7:12\n@/tmp/jsccap/run.js:6:9\nglobal code@/tmp/jsccap/run.js:14:3', line: 4, column: 25 },
  'shape-error': { stack: 'matmul@/tmp/jsccap/lib.js:2:31\ncell@\ncell@\nrun@/tmp/jsccap/run.js:5:48\n@/tmp/jsccap/run.js:8:12', line: 2, column: 31, sourceURL: '/tmp/jsccap/lib.js' },
  callback: { stack: '@\nmap@[native code]\ncell@\ncell@\nrun@/tmp/jsccap/run.js:5:48\n@/tmp/jsccap/run.js:9:12', line: 3, column: 26 },
  'relu-def': { stack: '' },
  'relu-use': { stack: 'relu@\ncell@\ncell@\nrun@/tmp/jsccap/run.js:5:48\n@/tmp/jsccap/run.js:11:12', line: 3, column: 29 },
  twice: { stack: 'matmul@/tmp/jsccap/lib.js:2:31\ncell@\ncell@\nrun@/tmp/jsccap/run.js:5:48\n@/tmp/jsccap/run.js:12:12', line: 2, column: 31, sourceURL: '/tmp/jsccap/lib.js' },
};

const cells = new Map<string, CompiledCell>(Object.entries(SOURCES).map(([id, source]) => [cellFileId(id), compileCell(source, id)]));
/** The frames in cells as "cell-id fn line:column", innermost first. */
const places = (running: Case, stack: string, origin: ErrorOrigin = {}) =>
  cellFrames(parseStack(stack), origin, cells.get(running)!, cells).map((f) => `${f.cell.cellId} ${f.fn ?? '(anonymous)'} ${f.line}:${f.column}`);
const inJsc = (running: Case) => places(running, JSC[running].stack, JSC[running]);

describe('cellFrames', () => {
  test('a throw inside a function: at `new` in the function, and at the call, in all three engines', () => {
    const expected = ['limit limit 3:11', 'limit cell 6:1'];
    expect(places('limit', V8.limit)).toEqual(expected);
    expect(places('limit', FIREFOX.limit)).toEqual(expected);
    expect(inJsc('limit')).toEqual(expected);
  });

  test('an error made in the module (the shape error): at the cell\'s call of it', () => {
    expect(places('shape-error', V8['shape-error'])).toEqual(['shape-error cell 2:1']);
    expect(places('shape-error', FIREFOX['shape-error'])).toEqual(['shape-error cell 2:1']);
    expect(inJsc('shape-error')).toEqual(['shape-error cell 2:1']);
  });

  test('a TypeError in a callback: the same line everywhere; V8 and JSC at the property, SpiderMonkey at its object', () => {
    expect(places('callback', V8.callback)).toEqual(['callback eval 2:18', 'callback cell 2:4']);
    expect(places('callback', FIREFOX.callback)).toEqual(['callback cell/__nb$v< 2:15', 'callback cell 2:4']);
    expect(inJsc('callback')).toEqual(['callback (anonymous) 2:18', 'callback cell 2:4']);
  });

  test('a function of another cell: its frame in that cell, then the call in the running cell', () => {
    expect(places('relu-use', V8['relu-use'])).toEqual(['relu-def Object.relu 2:20', 'relu-use cell 2:13']);
    expect(places('relu-use', FIREFOX['relu-use'])).toEqual(['relu-def relu 2:20', 'relu-use cell 2:13']);
    expect(inJsc('relu-use')).toEqual(['relu-def relu 2:20', 'relu-use cell 2:13']);
  });

  test('JSC: module frames with a minifier\'s names: the cell\'s one call into the module stands for them', () => {
    // Captured in WebKitGTK 2.50 from the book's worker bundled by esbuild (keepNames only sets
    // the `name` property, which JSC's stack does not read), running the shape-error cell.
    const worker = 'http://127.0.0.1:42919/_astro/worker-eDRcxhrc.js';
    const stack = `construct@[native code]\n@${worker}:2080:1475\nBW@${worker}:102:76852\nQo@${worker}:102:77230\ncell@\ncell@\ny@${worker}:2053:5190\ny@${worker}:2053:5677\n_@${worker}:2082:9140\n_@${worker}:2082:9382`;
    const origin = { line: 2080, column: 1475, sourceURL: worker };
    expect(places('shape-error', stack, origin)).toEqual(['shape-error cell 2:1']);
    expect(places('twice', stack, origin)).toEqual([]); // two calls into the module: no guess
    expect(places('relu-use', stack, origin)).toEqual([]); // its one call is of a cell's function
  });

  test('JSC: two calls of the failing module function leave the error unplaced, not placed at a guess', () => {
    expect(places('twice', V8.twice)).toEqual(['twice cell 2:1']);
    expect(inJsc('twice')).toEqual([]);
  });

  test('JSC: an error made in the module with no cell frame, or a reader\'s object with a `line`, is not placed', () => {
    expect(places('limit', 'matmul@/tmp/jsccap/lib.js:2:31\nrun@/tmp/jsccap/run.js:5:48', { line: 2, column: 31, sourceURL: '/tmp/jsccap/lib.js' })).toEqual([]);
    expect(places('limit', '', { line: 3, column: 1 })).toEqual([]);
  });
});
