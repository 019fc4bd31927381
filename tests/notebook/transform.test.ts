import { describe, expect, test } from 'vitest';
import { compileCell, analyzeCell } from '../../src/notebook/transform.ts';
import { originalPosition } from '../../src/notebook/position-map.ts';
import type { CellError } from '../../src/notebook/errors.ts';

/** compileCell throws plain CellError data; return it. */
function compileError(source: string): CellError {
  try {
    compileCell(source, 'c');
  } catch (error) {
    return error as CellError;
  }
  throw new Error('expected a compile error');
}

describe('shared scope', () => {
  test('top-level declarations of every kind become outputs', () => {
    const cell = compileCell(
      'const a = 1;\nlet { b, c: [d, ...e] } = obj;\nvar f;\nfunction g() {}\nclass H {}\nimport { fromArray, matmul as mm } from "nn";\nimport * as nn from "nn";',
      'c',
    );
    expect(cell.outputs).toEqual(['a', 'b', 'd', 'e', 'f', 'g', 'H', 'fromArray', 'mm', 'nn']);
    expect(cell.inputs).toEqual(['obj']);
  });

  test('free names are inputs; locals, params, members, keys and labels are not', () => {
    const cell = compileCell(
      'function f(x: number) { const y = x + z; return { y, w: y.w, [k]: 1 }; }\nouter: for (const i of list) { if (i) break outer; }\ntry { t() } catch (err) { console.log(err) }',
      'c',
    );
    expect(cell.inputs).toEqual(['z', 'k', 'list', 't', 'console']);
    expect(cell.outputs).toEqual(['f']);
  });

  test("a function's arguments is its own, an arrow's is its function's, and at the top of a cell it is a free name", () => {
    const cell = compileCell('function f(a: number) { const g = () => arguments.length; return g(); }\nconst h = () => arguments;', 'c');
    expect(cell.inputs).toEqual(['arguments']);
    expect(cell.code).toContain('const g = () => arguments.length;');
    expect(cell.code).toContain('const h = () => __nb$in.arguments;');
  });

  test('standard globals are neither inputs nor rewritten', () => {
    const cell = compileCell('const r = Math.max(...new Float64Array(2), Number.EPSILON, JSON.stringify([]).length);', 'c');
    expect(cell.inputs).toEqual([]);
    expect(cell.code).toContain('Math.max(');
  });

  test('an inner declaration shadows a shared name', () => {
    const cell = compileCell('function f(net) { return net; }\n{ let lr = 1; lr++; }\nconst g = (data) => data.map((lr) => lr);', 'c');
    expect(cell.inputs).toEqual([]);
  });

  test('assigning to a shared name at top level makes it an output', () => {
    const cell = compileCell('count += 1;\n[a, b] = [b, a];\nfunction bump() { total++; }', 'c');
    expect(cell.inputs).toEqual(['count', 'a', 'b', 'total']);
    expect(cell.outputs).toEqual(['bump', 'count', 'a', 'b']);
    expect(cell.assigned).toEqual(['count', 'a', 'b', 'total']);
  });

  test('shorthand properties keep their keys when rewritten', async () => {
    const cell = compileCell('const o = { lr };\n({ epochs = 3 } = o);\no', 'c');
    expect(cell.code).toContain('{ lr: __nb$in.lr }');
    expect(cell.code).toContain('({ epochs: __nb$in.epochs = 3 } = o)');
  });

  test('the function body is async, so top-level await works', async () => {
    const cell = compileCell('const x = await Promise.resolve(2);\nx * 3', 'c');
    const body = (0, eval)(cell.code);
    const returned = await body({}, {});
    expect(returned.value).toBe(6);
    expect(Object.getOwnPropertyDescriptor(returned.bindings, 'x')!.get!()).toBe(2);
  });

  test('a rerun redeclares its names: they are locals of each run', async () => {
    const cell = compileCell('const x = Math.random();', 'c');
    const first = await (0, eval)(cell.code)({}, {});
    const second = await (0, eval)(cell.code)({}, {});
    expect(first.bindings.x).not.toBe(second.bindings.x);
  });

  test('const and imports are read-only bindings; let, var, functions and classes are not', () => {
    const cell = compileCell('const a = 1;\nlet b = 2;\nfunction f() {}\nimport { fromArray } from "nn";', 'c');
    expect(cell.constants).toEqual(['a', 'fromArray']);
  });

  test('the source URL names the cell', () => {
    expect(compileCell('1', 'intro-3').code).toMatch(/\/\/# sourceURL=cell-intro-3\.js\n$/);
    expect(compileCell('1', 'a b/c').fileName).toBe('cell-a_b_c.js');
  });
});

describe('the value a cell shows', () => {
  test('is the value of its last expression statement', async () => {
    const cell = compileCell('const x = 2;\nx * 21', 'c');
    expect(cell.hasValue).toBe(true);
    expect((await (0, eval)(cell.code)({}, {})).value).toBe(42);
  });

  test('is nothing when the cell ends with a declaration or an empty statement', () => {
    expect(compileCell('1 + 1;\nconst x = 2;', 'c').hasValue).toBe(false);
    expect(compileCell('1 + 1;\n;', 'c').hasValue).toBe(false);
    expect(compileCell('1 + 1;\nfunction f() {}', 'c').hasValue).toBe(false);
  });
});

describe('imports', () => {
  test('come from the module registry, bound in the function header', () => {
    const cell = compileCell('import { fromArray, matmul as mm } from "nn";\nimport * as P from "@observablehq/plot";\nmm', 'c');
    expect(cell.imports).toEqual([
      { specifier: 'nn', names: [{ imported: 'fromArray', local: 'fromArray' }, { imported: 'matmul', local: 'mm' }], line: 1, column: 1 },
      { specifier: '@observablehq/plot', namespace: 'P', names: [], line: 2, column: 1 },
    ]);
    expect(cell.code.split('\n')[0]).toContain('const { "fromArray": fromArray, "matmul": mm } = __nb$rt.import("nn");');
  });

  test('an unused import is kept, since later cells may use its names', () => {
    expect(compileCell('import { fromArray } from "nn";', 'c').outputs).toEqual(['fromArray']);
  });

  test('any other module is refused, naming it and the allowed ones', () => {
    const error = compileError('const a = 1;\nimport _ from "lodash";');
    expect(error).toMatchObject({
      name: 'ImportError',
      message: 'Cannot import "lodash": code cells can only import "nn" and "@observablehq/plot".',
      line: 2,
      column: 15,
    });
  });

  test('export is an error that says why it is not needed', () => {
    expect(compileError('export const a = 1;')).toMatchObject({
      name: 'SyntaxError',
      message: '`export` is not needed in a code cell: every top-level name is already shared with the cells below. Remove `export`.',
      line: 1,
      column: 1,
    });
  });

  test('a top-level enum is a cell name like any declaration', () => {
    expect(compileCell('enum Color { Red, Green }\nconst enum Size { S }', 'c').outputs).toEqual(['Color', 'Size']);
  });

  test('a namespace that holds code is refused where it starts, naming it; one of types only compiles to nothing', () => {
    // Sucrase removes every namespace as type syntax: one with values would vanish silently,
    // and the next cell would read "NS is not defined".
    for (const [source, keyword, name, line] of [
      ['namespace NS { export const x = 1 }', 'namespace', 'NS', 1],
      ['const a = 1;\nmodule M { export function f() { return "}"; } }', 'module', 'M', 2],
      ['namespace A.B { export let c = `${1}`; }', 'namespace', 'A.B', 1],
      ['namespace Outer { export namespace Inner { console.log(1); } }', 'namespace', 'Outer', 1],
    ] as const) {
      const error = compileError(source);
      expect(error, source).toMatchObject({ name: 'SyntaxError', line, column: 1 });
      expect(error.message, source).toMatch(new RegExp(`^${keyword} ${name.replace('.', '\\.')} holds code, and a cell cannot declare such a ${keyword}: .* leave ${name.replace('.', '\\.')} undefined\\. Use an object instead \\(const ${name.split('.')[0]} = \\{ … \\}\\)`));
    }
    for (const source of [
      'namespace Shapes { export interface Point { x: number; function: string } export type Pair = [Point, Point]; }',
      'declare namespace Ambient { const y: number; function f(): void; }',
      'const module = { namespace: 1 };\nmodule.namespace',
    ]) expect(() => compileCell(source, 'c'), source).not.toThrow();
  });

  test('dynamic import() is refused', () => {
    expect(compileError('const m = await import("https://example.com/x.js");')).toMatchObject({ name: 'SyntaxError', line: 1, column: 17 });
  });
});

describe('syntax errors point into the reader\'s code', () => {
  test('a TypeScript error (from sucrase) has its line, column and frame', () => {
    const error = compileError('const a = 1;\nconst b: = 2;\nconst c = 3;');
    expect(error).toEqual({
      name: 'SyntaxError',
      message: 'Unexpected token',
      line: 2,
      column: 10,
      frame: '  1 | const a = 1;\n> 2 | const b: = 2;\n    |          ^\n  3 | const c = 3;',
    });
  });

  test('a JavaScript error (from acorn) is mapped through the removed types', () => {
    // Sucrase accepts the redeclaration; acorn rejects it, at a column that the type
    // annotation `: number` has moved in sucrase's output.
    const error = compileError('let total: number = 0;\nconst w: number[] = [], total: string = "";');
    expect(error).toEqual({
      name: 'SyntaxError',
      message: "Identifier 'total' has already been declared",
      line: 2,
      column: 25,
      frame: '  1 | let total: number = 0;\n> 2 | const w: number[] = [], total: string = "";\n    |                         ^',
    });
  });

  // Red team 54: a forgotten `}` said only "Unexpected token", at the line after the code ended.
  test('an unexpected token where the brackets do not pair up names the bracket', () => {
    const cases: [string, string][] = [
      ['function mySigmoid(z: number): number {\n  return 1 / (1 + Math.exp(-z));\n', 'Unexpected token — the { on line 1 is never closed: is a } missing?'],
      ['function f(z: number): number {\n  if (z > 0) {\n    return 1;\n  return 0;\n}\nconst y = f(2);',
        'Unexpected token — the { on line 2 is never closed, going by the indentation: the } on line 5 is indented as an earlier {, but closes this one. Is a } missing before line 5?'],
      ['function f(z: number): number {\n  return z;\n}}\n', 'Unexpected token — the } on line 3 closes nothing: is it one too many, or is a { missing before it?'],
      ['const a = [1, 2, 3;\n', 'Unexpected token, expected "," — the [ on line 1 is never closed: is a ] missing?'],
      ['function f(z: number): number {\n  return (z + 1;\n}', 'Unexpected token, expected "," — the ( on line 2 is closed by the } on line 3: is a ) missing before it?'],
      // Brackets in strings, templates and comments do not count.
      ['const s = "{{{"; // (((\n/* [ */ const t = `${"}"}`;\nconst u = 1 +;', 'Unexpected token'],
    ];
    for (const [source, message] of cases) expect(compileError(source).message, source).toBe(message);
  });

  test('a top-level return is reported where it is', () => {
    expect(compileError('const x = 1;\n\nreturn x;')).toMatchObject({ message: "'return' outside of function", line: 3, column: 1 });
  });
});

describe('positions', () => {
  test('map from the compiled code back through rewrites and removed types', () => {
    const cell = compileCell('const m: number[] = [1];\nconst n = (m as any).length + net.size;', 'c');
    const lines = cell.code.split('\n');
    const line = lines.findIndex((l) => l.includes('__nb$in.net')) + 1;
    const column = lines[line - 1].indexOf('.size') + 1;
    expect(originalPosition(cell, line, column)).toEqual({ line: 2, column: 34 });
  });
});

describe('analyzeCell', () => {
  test('finds what a cell defines and uses, leaving out kernel globals', () => {
    expect(analyzeCell('const y = matmul(W, x);\nconsole.log(y);\ndisplay(Plot.lineY([1]))')).toEqual({
      defines: ['y'],
      uses: ['matmul', 'W', 'x'],
      imports: [],
    });
  });

  test('names the imports among what a cell defines, with their module and exported name', () => {
    expect(analyzeCell('import { sigmoid, matmul as mm } from "nn";\nimport * as P from "@observablehq/plot";\nconst z = mm(W, x);')).toEqual({
      defines: ['sigmoid', 'mm', 'P', 'z'],
      uses: ['W', 'x'],
      imports: [
        { local: 'sigmoid', specifier: 'nn', imported: 'sigmoid' },
        { local: 'mm', specifier: 'nn', imported: 'matmul' },
        { local: 'P', specifier: '@observablehq/plot', imported: '*' },
      ],
    });
  });

  test('returns nothing, without throwing, for broken code', () => {
    expect(analyzeCell('const = ;')).toEqual({ defines: [], uses: [], imports: [] });
  });
});
