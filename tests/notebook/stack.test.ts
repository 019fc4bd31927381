// The one stack parser reads every engine's format (issue 15, item 12). The stacks are real:
// the same cell-like code (run by eval with a `//# sourceURL`, as the kernel runs cells, calling a
// function of a script, as cells call the network module) captured in Node 22 (V8), Firefox ESR
// 153 (SpiderMonkey) and WebKitGTK 2.50 MiniBrowser (JavaScriptCore).
import { describe, expect, test } from 'vitest';
import { parseStack } from '../../src/notebook/stack.ts';

const V8 = {
  throwInFunction: "Error: too big: 2\n    at check (cell-c1.js:2:38)\n    at cell (cell-c1.js:4:1)\n    at run (http://127.0.0.1:4414/probe.js:4:26)\n    at captureAll (http://127.0.0.1:4414/probe.js:7:3)\n    at evalmachine.<anonymous>:1:1\n    at Script.runInContext (node:vm:149:12)\n    at Object.runInContext (node:vm:301:6)\n    at file:///work/wt-webkit/.probe/capture.mjs:14:15\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
  throwInLibrary: "RangeError: matmul: shapes differ\n    at Object.matmul (http://127.0.0.1:4414/lib.js:1:44)\n    at cell (cell-shape-error.js:3:5)\n    at run (http://127.0.0.1:4414/probe.js:4:26)\n    at captureAll (http://127.0.0.1:4414/probe.js:9:3)\n    at evalmachine.<anonymous>:1:1\n    at Script.runInContext (node:vm:149:12)\n    at Object.runInContext (node:vm:301:6)\n    at file:///work/wt-webkit/.probe/capture.mjs:14:15\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
  typeErrorInArrow: "TypeError: Cannot read properties of null (reading 'toFixed')\n    at eval (cell-c2.js:3:17)\n    at Array.map (<anonymous>)\n    at cell (cell-c2.js:3:4)\n    at run (http://127.0.0.1:4414/probe.js:4:26)\n    at captureAll (http://127.0.0.1:4414/probe.js:11:3)\n    at evalmachine.<anonymous>:1:1\n    at Script.runInContext (node:vm:149:12)\n    at Object.runInContext (node:vm:301:6)\n    at file:///work/wt-webkit/.probe/capture.mjs:14:15\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
};
const FIREFOX = {
  throwInFunction: "check@cell-c1.js:2:38\ncell@cell-c1.js:4:6\nrun@http://127.0.0.1:4414/probe.js:4:26\ncaptureAll@http://127.0.0.1:4414/probe.js:7:6\n@pptr:evaluate;file%3A%2F%2F%2Fwork%2Fwt-webkit%2F.probe%2Fcapture.mjs%3A21%3A28:1:1\n",
  throwInLibrary: "matmul@http://127.0.0.1:4414/lib.js:1:44\ncell@cell-shape-error.js:3:5\nrun@http://127.0.0.1:4414/probe.js:4:26\ncaptureAll@http://127.0.0.1:4414/probe.js:9:6\n@pptr:evaluate;file%3A%2F%2F%2Fwork%2Fwt-webkit%2F.probe%2Fcapture.mjs%3A21%3A28:1:1\n",
  typeErrorInArrow: "cell/<@cell-c2.js:3:15\ncell@cell-c2.js:3:4\nrun@http://127.0.0.1:4414/probe.js:4:26\ncaptureAll@http://127.0.0.1:4414/probe.js:11:6\n@pptr:evaluate;file%3A%2F%2F%2Fwork%2Fwt-webkit%2F.probe%2Fcapture.mjs%3A21%3A28:1:1\n",
};
const WEBKIT = {
  throwInFunction: "check@\ncell@\nrun@http://127.0.0.1:4414/probe.js:4:26\ncaptureAll@http://127.0.0.1:4414/probe.js:7:6\n@\n@\n@\nPromise@[native code]\n_execute@\nevaluateJavaScriptFunction@",
  throwInLibrary: "matmul@http://127.0.0.1:4414/lib.js:1:58\ncell@\nrun@http://127.0.0.1:4414/probe.js:4:26\ncaptureAll@http://127.0.0.1:4414/probe.js:9:6\n@\n@\n@\nPromise@[native code]\n_execute@\nevaluateJavaScriptFunction@",
  typeErrorInArrow: "@\nmap@[native code]\ncell@\nrun@http://127.0.0.1:4414/probe.js:4:26\ncaptureAll@http://127.0.0.1:4414/probe.js:11:6\n@\n@\n@\nPromise@[native code]\n_execute@\nevaluateJavaScriptFunction@",
};
const probe = 'http://127.0.0.1:4414/probe.js';

describe('parseStack', () => {
  test('V8: "at fn (file:line:column)"; "Object." kept, built-ins ("<anonymous>") left out', () => {
    expect(parseStack(V8.throwInFunction).slice(0, 3)).toEqual([
      { fn: 'check', file: 'cell-c1.js', line: 2, column: 38, native: false },
      { fn: 'cell', file: 'cell-c1.js', line: 4, column: 1, native: false },
      { fn: 'run', file: probe, line: 4, column: 26, native: false },
    ]);
    expect(parseStack(V8.throwInLibrary).slice(0, 2)).toEqual([
      { fn: 'Object.matmul', file: 'http://127.0.0.1:4414/lib.js', line: 1, column: 44, native: false },
      { fn: 'cell', file: 'cell-shape-error.js', line: 3, column: 5, native: false },
    ]);
    expect(parseStack(V8.typeErrorInArrow).slice(0, 3)).toEqual([
      { fn: 'eval', file: 'cell-c2.js', line: 3, column: 17, native: false },
      { fn: 'cell', file: 'cell-c2.js', line: 3, column: 4, native: false },
      { fn: 'run', file: probe, line: 4, column: 26, native: false },
    ]);
  });

  test('V8: "at async fn" and "at new F" name fn and F; a frame with no name has none', () => {
    expect(parseStack('Error: x\n    at async train (cell-a.js:5:3)\n    at new Net (cell-a.js:2:9)\n    at cell-a.js:7:1')).toEqual([
      { fn: 'train', file: 'cell-a.js', line: 5, column: 3, native: false },
      { fn: 'Net', file: 'cell-a.js', line: 2, column: 9, native: false },
      { fn: undefined, file: 'cell-a.js', line: 7, column: 1, native: false },
    ]);
  });

  test('SpiderMonkey: "fn@file:line:column", "cell/<" for an arrow, a trailing empty line', () => {
    expect(parseStack(FIREFOX.throwInFunction).slice(0, 2)).toEqual([
      { fn: 'check', file: 'cell-c1.js', line: 2, column: 38, native: false },
      { fn: 'cell', file: 'cell-c1.js', line: 4, column: 6, native: false },
    ]);
    expect(parseStack(FIREFOX.throwInLibrary).slice(0, 2)).toEqual([
      { fn: 'matmul', file: 'http://127.0.0.1:4414/lib.js', line: 1, column: 44, native: false },
      { fn: 'cell', file: 'cell-shape-error.js', line: 3, column: 5, native: false },
    ]);
    expect(parseStack(FIREFOX.typeErrorInArrow)[0]).toEqual({ fn: 'cell/<', file: 'cell-c2.js', line: 3, column: 15, native: false });
    expect(parseStack(FIREFOX.typeErrorInArrow)).toHaveLength(5);
  });

  test('JavaScriptCore: eval frames with a name and nothing else, frames with no name, [native code]', () => {
    expect(parseStack(WEBKIT.throwInFunction).slice(0, 5)).toEqual([
      { fn: 'check', file: undefined, line: undefined, column: undefined, native: false },
      { fn: 'cell', file: undefined, line: undefined, column: undefined, native: false },
      { fn: 'run', file: probe, line: 4, column: 26, native: false },
      { fn: 'captureAll', file: probe, line: 7, column: 6, native: false },
      { fn: undefined, file: undefined, line: undefined, column: undefined, native: false },
    ]);
    expect(parseStack(WEBKIT.throwInLibrary)[0]).toEqual({ fn: 'matmul', file: 'http://127.0.0.1:4414/lib.js', line: 1, column: 58, native: false });
    expect(parseStack(WEBKIT.typeErrorInArrow).slice(0, 3)).toEqual([
      { fn: undefined, file: undefined, line: undefined, column: undefined, native: false },
      { fn: 'map', file: undefined, line: undefined, column: undefined, native: true },
      { fn: 'cell', file: undefined, line: undefined, column: undefined, native: false },
    ]);
  });

  test('no stack, or text with no frame, gives no frames', () => {
    expect(parseStack('')).toEqual([]);
    expect(parseStack('Error: thrown by hand')).toEqual([]);
    expect(parseStack('TypeError: x is 1:2, expected 3')).toEqual([]);
  });
});
