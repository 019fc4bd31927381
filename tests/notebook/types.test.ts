import { readFileSync, statSync, utimesSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellDeclarations, cellDeclarationsPlugin } from '../../src/notebook/types/declarations.ts';
import { CellLanguage } from '../../src/notebook/types/language.ts';
import { cellFiles } from '../../src/notebook/types/cell-files.ts';
import { CELL_GLOBALS, WITHHELD_STANDARD } from '../../src/notebook/allow-list.ts';

// One language service for the file: making it parses the standard library (about a second).
let lang: CellLanguage;
beforeAll(() => { lang = new CellLanguage(ts, cellDeclarations()); }, 60_000);

const at = (code: string, marker: string) => code.indexOf(marker) + marker.length;

describe('diagnostics', () => {
  it('a type error is found at its line and column, with the compiler message', () => {
    lang.setCells([{ id: 'd1', code: 'const ok = 1;\nconst a: number = "hello";\nconst b: string = a * 2;\nb' }]);
    expect(lang.diagnostics('d1').map((d) => [d.line, d.column, d.message, d.code])).toEqual([
      [2, 7, "Type 'string' is not assignable to type 'number'.", 2322],
      [3, 7, "Type 'number' is not assignable to type 'string'.", 2322],
    ]);
  });

  it('names the cell cannot have are errors, as the sandbox refuses them', () => {
    lang.setCells([{ id: 'd2', code: 'fetch("https://example.org");\ndocument.title' }]);
    expect(lang.diagnostics('d2').map((d) => d.message)).toEqual([
      "Cannot find name 'fetch': fetch is not available in code cells: cells cannot reach the network; the data sets the book uses are in the \"nn\" module.",
      "Cannot find name 'document': document is not available in code cells: cells run in a background worker, away from the page. Use display(value) to show a value, or Plot to draw a chart.",
    ]);
  });

  it('what the kernel gives is typed: display, Plot, console, timers, top-level await', () => {
    lang.setCells([{ id: 'd3', code: 'display(1);\nconst mark = Plot.dot([{ x: 1 }], { x: "x" });\nconsole.log(mark);\nsetTimeout(() => 1, 10);\nawait Promise.resolve(2);\nPlot.nope' }]);
    expect(lang.diagnostics('d3').map((d) => [d.line, d.message])).toEqual([[6, expect.stringContaining("Property 'nope' does not exist on type")]]);
  });

  it("Plot's declarations are parsed only once a cell names Plot or completion may offer it", () => {
    const fresh = new CellLanguage(ts, cellDeclarations());
    const plotFiles = () => fresh.env.languageService.getProgram()!.getSourceFiles().filter((f) => f.fileName.startsWith('/types/plot/')).length;
    fresh.setCells([{ id: 'p1', code: 'const n: number = "one";' }]);
    expect(fresh.diagnostics('p1').map((d) => d.message)).toEqual(["Type 'string' is not assignable to type 'number'."]);
    expect(plotFiles()).toBe(0);
    // Completion lists the globals, Plot among them.
    fresh.setCells([{ id: 'p1', code: 'Pl' }]);
    expect(fresh.completions('p1', 2)!.map((c) => c.label)).toContain('Plot');
    expect(plotFiles()).toBeGreaterThan(10);
    const other = new CellLanguage(ts, cellDeclarations());
    other.setCells([{ id: 'p2', code: 'const chart = Plot.dot([{ x: 1 }], { x: "x" });\nPlot.nope' }]);
    expect(other.diagnostics('p2').map((d) => [d.line, d.message])).toEqual([[2, expect.stringContaining("Property 'nope' does not exist on type")]]);
  }, 60_000);

  it('built-ins the sandbox withholds are errors with its reason; as types, in typeof and as own names they are fine', () => {
    const code = [
      'const ref = new WeakRef({ a: 1 });',
      'let kept: WeakRef<object> | null = null;',
      'const canShare = typeof SharedArrayBuffer !== "undefined";',
      'const box = { WeakRef: 1, Atomics };',
      'const Float16Array = Float32Array;',
      'const half = new Float16Array(2);',
    ].join('\n');
    lang.setCells([{ id: 'w1', code }]);
    expect(lang.diagnostics('w1').map((d) => [d.line, d.column, d.code, d.message])).toEqual([
      [1, 17, 2304, `Cannot find name 'WeakRef': WeakRef is not available in code cells: ${WITHHELD_STANDARD.WeakRef}.`],
      [4, 27, 2304, `Cannot find name 'Atomics': Atomics is not available in code cells: ${WITHHELD_STANDARD.Atomics}.`],
    ]);
    expect(lang.completions('w1', code.indexOf('WeakRef(') + 4)!.map((c) => c.label)).not.toContain('WeakRef');
  });

  // TypeScript's library and the kernel's allow-list are two lists of one world: a value the
  // library declares that the cells do not get must have a reason, or a cell type-checks and
  // then fails with "not defined".
  it("every value TypeScript's library declares is a cell global or withheld with a reason", () => {
    lang.setCells([{ id: 'w2', code: 'const z = 1;' }]);
    const program = lang.env.languageService.getProgram()!;
    const file = program.getSourceFile('/cells/w2.ts')!;
    const library = program.getTypeChecker().getSymbolsInScope(file.statements[0], ts.SymbolFlags.Value)
      .filter((s) => s.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile())))
      .map((s) => s.name);
    const given = new Set<string>([...CELL_GLOBALS, ...Object.keys(WITHHELD_STANDARD)]);
    expect(library.filter((name) => !given.has(name)).sort()).toEqual([]);
    for (const name of Object.keys(WITHHELD_STANDARD)) expect(library, name).toContain(name);
  });

  // The overload a callback with a parameter needs, as in Node's and the DOM's own types: a
  // promise's resolve handed to setTimeout gave "Expected 3 arguments, but got 2".
  it('code the kernel runs without complaint has no type errors: the usual ways of waiting and timing', () => {
    const code = [
      'await new Promise((done) => setTimeout(done, 300));',
      'await new Promise<void>((resolve) => setTimeout(resolve));',
      'const id = setInterval(() => console.log("tick"), 100);',
      'clearInterval(id);',
      'setTimeout(console.log, 10, "late", 2);',
      'setInterval((n: number) => n + 1, 10, 1);',
      'queueMicrotask(() => console.info("soon"));',
      'const t0 = performance.now();',
      'console.log(performance.now() - t0, structuredClone({ a: [1] }));',
    ].join('\n');
    lang.setCells([{ id: 'd4', code }]);
    expect(lang.diagnostics('d4')).toEqual([]);
  });
});

describe('types across cells, as the page shares its scope', () => {
  const cells = [
    { id: 'x1', code: 'import { NeuralNetwork, zeros, type Matrix } from "nn";\nlet rate = 0.5;\nconst net = new NeuralNetwork([[0, 0, 1]], [[0]], { seed: 1 });' },
    { id: 'x2', code: 'rate = 0.1;\nconst m: Matrix = zeros(2, 3);\nconst label: string = rate;\nnet.' },
    { id: 'x3', code: 'const rate = "fast";\nconst n: number = rate;' },
  ];

  it('a cell sees the values and the types of the cells above it', () => {
    lang.setCells(cells);
    lang.setCells([cells[0], { id: 'x2', code: cells[1].code.replace(/\nnet\.$/, '') }]);
    expect(lang.diagnostics('x2').map((d) => [d.line, d.message])).toEqual([[3, "Type 'number' is not assignable to type 'string'."]]);
  });

  it("code that does not parse has no diagnostics: the run's syntax error is the message", () => {
    // `net.` mid-word, an unclosed call, a stray brace: the type errors beside them would be noise.
    for (const broken of [cells[1].code, 'const label: string = 1;\nMath.max(1,', 'const label: string = 1;\n}']) {
      lang.setCells([cells[0], { id: 'x2', code: broken }]);
      expect(lang.diagnostics('x2')).toEqual([]);
    }
  });

  it('the build asks for syntax errors, at the end of the code when found after it', () => {
    lang.setCells(cells);
    expect(lang.diagnostics('x2', { syntax: true }).map((d) => [d.line, d.column, d.message])).toEqual([[4, 5, 'Identifier expected.']]);
  });

  it('a later declaration wins, within its own cell and below', () => {
    lang.setCells(cells);
    expect(lang.diagnostics('x3').map((d) => [d.line, d.message])).toEqual([[2, "Type 'string' is not assignable to type 'number'."]]);
  });

  it('completion after a name from a cell above offers its members, with their docs', () => {
    lang.setCells(cells);
    const pos = cells[1].code.length;
    expect(lang.completions('x2', pos)!.map((c) => c.label)).toEqual(expect.arrayContaining(['train', 'feedforward', 'weights1']));
    const docs = lang.completionDocs('x2', pos, 'train')!;
    expect(docs.signature).toContain('NeuralNetwork.train(iterations: number');
    expect(docs.docs).toContain("The article's training loop");
  });

  it('a cell deleted from the page leaves the types: a new cell with its id does not declare its names', () => {
    lang.setCells([{ id: 'r1', code: 'const removedName = 1;' }, { id: 'r2', code: 'const n: number = 2;' }]);
    expect(lang.diagnostics('r2')).toEqual([]);
    // r1 is deleted (the playground's Delete); the page's next request no longer has it.
    lang.setCells([{ id: 'r2', code: 'const n: number = 2;' }]);
    expect(lang.env.getSourceFile('/cells/r1.ts')).toBeUndefined();
    expect(() => lang.diagnostics('r1')).toThrow('CellLanguage: no cell "r1" (known: r2); call setCells first');
    // A new cell takes the id r1 (the playground numbers from the last one) and is mid-edit:
    // it declares nothing yet, so the cell below cannot see the deleted cell's name.
    lang.setCells([{ id: 'r1', code: 'const other = (' }, { id: 'r2', code: 'const n: number = removedName;' }]);
    expect(lang.diagnostics('r2').map((d) => d.message)).toEqual(["Cannot find name 'removedName'."]);
  });

  it('the cell files keep the reader code first, so positions are the editor positions', () => {
    const files = cellFiles(cells);
    for (const cell of cells) expect(files.get(`/cells/${cell.id}.ts`)!.startsWith(`${cell.code}\n`)).toBe(true);
    expect(files.get('/cells/x2.ts')).toContain('import { NeuralNetwork, zeros, rate, net } from "./x1.ts";');
  });
});

describe('the nn declarations are generated from src/nn', () => {
  it('are made again when src/nn changes, and the dev server watches its files for that', () => {
    const first = cellDeclarations();
    expect(cellDeclarations()).toBe(first); // unchanged sources: the same declarations, not compiled again
    const source = resolve('src/nn/matrix.ts');
    const { atime, mtime } = statSync(source);
    try {
      utimesSync(source, atime, new Date(mtime.getTime() + 5000)); // as an editor's save does
      expect(cellDeclarations()).not.toBe(first);
    } finally {
      utimesSync(source, atime, mtime);
    }
    // The virtual module names its sources, so Vite invalidates it (and reloads the worker) on an edit.
    const watched: string[] = [];
    const plugin = cellDeclarationsPlugin();
    const text = plugin.load.call({ addWatchFile: (path: string) => watched.push(path) }, `\0${'virtual:cell-declarations'}`);
    expect(text).toMatch(/^export default \{/);
    expect(watched).toEqual(expect.arrayContaining([source, resolve('src/nn/index.ts'), resolve('src/notebook/checks.ts')]));
    expect(watched.filter((path) => path.includes('node_modules'))).toEqual([]);
  }, 120_000);

  it('hover on an nn import shows the signature and the docstring written in the source', () => {
    const code = 'import { zeros } from "nn";\nzeros(2, 3)';
    lang.setCells([{ id: 'h1', code }]);
    const hover = lang.hover('h1', at(code, '\nze'))!;
    expect(hover.signature).toContain('zeros(rows: number, cols: number): Matrix');
    const source = readFileSync('src/nn/matrix.ts', 'utf8');
    const docLine = hover.docs.split('\n')[0];
    expect(source).toContain(docLine);
  });

  it('completing `import { mat` before its `from` lists the exports of nn, with docs', () => {
    const code = 'import { mat';
    lang.setCells([{ id: 'i0', code }]);
    expect(lang.completions('i0', code.length)!.map((c) => c.label)).toEqual(expect.arrayContaining(['matmul', 'NeuralNetwork', 'zeros']));
    lang.setCells([{ id: 'i0', code }]); // the page asks for the docs later, after other requests
    expect(lang.completionDocs('i0', code.length, 'matmul')!.signature).toContain('matmul(');
  });

  it('completing an import from "nn" lists its exports', () => {
    const code = 'import { mat } from "nn";';
    lang.setCells([{ id: 'i1', code }]);
    expect(lang.completions('i1', at(code, 'mat'))!.map((c) => c.label)).toEqual(expect.arrayContaining(['matmul', 'NeuralNetwork', 'zeros']));
  });

  it('exercise checks have check, typed from src/notebook/checks.ts', () => {
    lang.setCells([{ id: 'k1', code: 'const v = 2;' }, { id: 'k1-checks', code: 'check.close(v, 2, { label: "v" });\ncheck.closer(v);', checks: true }]);
    expect(lang.diagnostics('k1-checks').map((d) => [d.line, d.message])).toEqual([[2, expect.stringContaining("Property 'closer' does not exist on type 'Checker'")]]);
  });
});
