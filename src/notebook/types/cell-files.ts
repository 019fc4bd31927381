/**
 * How a page's cells become files TypeScript can check together, the way the kernel runs them:
 * one module per cell, `/cells/<cell id>.ts`, holding the reader's code unchanged from its first
 * character (so the compiler's positions are the editor's), followed by a line the reader never
 * sees that
 *   - imports from the cells above each name they declare (the latest declaration wins, as in
 *     the page's shared scope), except names the cell declares itself;
 *   - exports the names this cell declares, for the cells below;
 *   - in an exercise's checks, declares `check` with the type of src/notebook/checks.ts.
 * Imports are hoisted, so putting them last changes nothing about the code above them.
 *
 * Which names a cell declares comes from the kernel's own compiler (`compileCell` in
 * transform.ts), never from a second reading of the code; the names that exist only as types
 * (which the kernel never sees: `type Matrix` imports, interfaces, type aliases) come from
 * TypeScript's own syntax tree (language.ts passes them in). Pure: no TypeScript, no DOM; the types
 * worker and the build's check (check-chapter.ts) both use it.
 */
import type * as TS from 'typescript';
import { compileCell, KERNEL_GLOBALS } from '../transform.ts';

/** Where the declarations of `nn`, of Plot and of `check` live in the virtual file system. */
export const NN_TYPES = '/types/nn';
export const PLOT_TYPES = '/types/plot';
export const CHECKS_TYPES = '/types/notebook/checks.d.ts';
export const GLOBALS_FILE = '/types/cell-globals.d.ts';
/** `Plot`'s global, in a file of its own: see PLOT_GLOBAL_TEXT. */
export const PLOT_GLOBAL_FILE = '/types/cell-plot.d.ts';

/** The name the stitching line gives the checks' type; completion never offers it. */
export const CHECKER_ALIAS = '__Checker';

/**
 * Diagnostics that describe how cells are stitched together, not the reader's code:
 * 2632 "Cannot assign to 'x' because it is an import" (a cell may assign another cell's `let`).
 */
export const IGNORED_DIAGNOSTICS: readonly number[] = [2632];

/** The compiler options cells are checked with: modern JavaScript, strict, no DOM (cells run in a worker). */
export function cellCompilerOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.esnext.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    strict: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: [],
    paths: { nn: [`${NN_TYPES}/index.d.ts`], '@observablehq/plot': [`${PLOT_TYPES}/index.d.ts`] },
  };
}

/**
 * What the kernel gives every cell besides the standard library (src/notebook/kernel.ts and
 * the allow-list in allow-list.ts): `console`, `display`, the timers, the clock (and `Plot`, in
 * PLOT_GLOBAL_TEXT).
 */
export const GLOBALS_TEXT = `// What the notebook's kernel gives every cell (src/notebook/kernel.ts, allow-list.ts).
/**
 * Shows a value under the cell, as the cell's last expression would (matrices as tables, Plot
 * charts as charts). Use it to show more than one value. Returns nothing.
 */
declare function display(value: unknown): void;
/** The cell's console: lines appear under the cell, before its value. */
declare const console: {
  log(...values: unknown[]): void;
  info(...values: unknown[]): void;
  debug(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
  /** Shows the value as display() does. */
  table(value: unknown): void;
  /** Shows the value as display() does. */
  dir(value: unknown): void;
  assert(condition: unknown, ...values: unknown[]): void;
};
/** Runs \`callback\` after \`ms\` milliseconds (a function, never a string). A rerun of the cell cancels it. */
declare function setTimeout(callback: (_: void) => void, ms?: number): number;
declare function setTimeout<A extends unknown[]>(callback: (...args: A) => void, ms?: number, ...args: A): number;
declare function clearTimeout(id: number | undefined): void;
/** Runs \`callback\` every \`ms\` milliseconds until cleared. A rerun of the cell cancels it. */
declare function setInterval(callback: (_: void) => void, ms?: number): number;
declare function setInterval<A extends unknown[]>(callback: (...args: A) => void, ms?: number, ...args: A): number;
declare function clearInterval(id: number | undefined): void;
declare function queueMicrotask(callback: () => void): void;
/** The clock: \`performance.now()\` is milliseconds since the page started, for timing code. */
declare const performance: { now(): number };
declare function structuredClone<T>(value: T): T;
declare function atob(text: string): string;
declare function btoa(text: string): string;
/** SES: freezes an object and everything it reaches. */
declare function harden<T>(value: T): T;
declare class TextEncoder { encode(text?: string): Uint8Array; readonly encoding: string }
declare class TextDecoder { constructor(label?: string); decode(bytes?: ArrayBufferView | ArrayBuffer): string; readonly encoding: string }
`;

/**
 * `Plot`'s declaration. It is a file of its own because Observable Plot's declarations are a
 * third of everything TypeScript parses (300 KB in 60 files): the language service takes this
 * file only once a cell names `Plot` or completion is asked (CellLanguage), so the first
 * diagnostic of a page without a chart does not wait for them.
 */
export const PLOT_GLOBAL_TEXT = `/** Observable Plot, the charting library: \`display(Plot.dot(data, { x: "x", y: "y" }).plot())\`. */
declare const Plot: typeof import("@observablehq/plot");
`;

/** Whether `code` names Plot, so its declarations must be there to check it. */
export const namesPlot = (code: string) => /\bPlot\b/.test(code);

/** One cell as the types see it. */
export interface TypedCell {
  /** The kernel's cell id (`c3`, `train-loop`, `ex-sigmoid-prime`, …): its file is /cells/<id>.ts. */
  id: string;
  code: string;
  /** False for a display cell: it sees the cells above but is never run, so declares nothing for others. */
  shares?: boolean;
  /** An exercise's checks: `check` is declared. */
  checks?: boolean;
}

/** The virtual file of cell `id`: one module per cell, so each has its own top-level scope. */
export const cellPath = (id: string) => `/cells/${id}.ts`;

// compileCell per keystroke is cheap, but a page has many cells: remember the answer per code.
const declaredCache = new Map<string, string[]>();

/**
 * The names a cell's code declares at its top level, as the kernel compiles it. Code that does
 * not compile (a syntax error mid-typing) declares what it declared when it last compiled.
 */
export function declaredNames(id: string, code: string, lastGood = new Map<string, string[]>()): string[] {
  let names = declaredCache.get(code);
  if (!names) {
    try {
      names = compileCell(code, id).declared.filter((n) => !(KERNEL_GLOBALS as readonly string[]).includes(n));
    } catch {
      return lastGood.get(id) ?? [];
    }
    if (declaredCache.size > 2000) declaredCache.clear();
    declaredCache.set(code, names);
  }
  lastGood.set(id, names);
  return names;
}

/**
 * The text of each cell's file, in the order given (the order the page runs them: setup cells
 * first). `lastGood` keeps each cell's last compiled names across calls (see declaredNames).
 * Returns path → text; the reader's code is always the start of its file.
 */
export function cellFiles(
  cells: readonly TypedCell[],
  lastGood = new Map<string, string[]>(),
  typeNames: (code: string) => string[] = () => [],
): Map<string, string> {
  const files = new Map<string, string>();
  // name → the id of the latest cell above that declares it
  const scope = new Map<string, string>();
  for (const cell of cells) {
    const values = declaredNames(cell.id, cell.code, lastGood);
    const own = [...values, ...typeNames(cell.code).filter((n) => !values.includes(n))];
    const bySource = new Map<string, string[]>();
    for (const [name, from] of scope) {
      if (own.includes(name)) continue;
      if (!bySource.has(from)) bySource.set(from, []);
      bySource.get(from)!.push(name);
    }
    const lines = ['', ';export {};'];
    for (const [from, names] of bySource) lines.push(`import { ${names.join(', ')} } from ${JSON.stringify(`./${from}.ts`)};`);
    if (own.length > 0 && cell.shares !== false) lines.push(`export { ${own.join(', ')} };`);
    if (cell.checks) lines.push(`import type { Checker as ${CHECKER_ALIAS} } from ${JSON.stringify(CHECKS_TYPES.replace(/\.d\.ts$/, '.ts'))};`, `declare const check: ${CHECKER_ALIAS};`);
    files.set(cellPath(cell.id), `${cell.code}\n${lines.join('\n')}\n`);
    if (cell.shares !== false) for (const name of own) scope.set(name, cell.id);
  }
  return files;
}
