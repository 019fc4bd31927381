// The function a compiled cell becomes (the Observable Framework `define({inputs, outputs,
// body})` model): its JavaScript with a few edits, in a function that shares the page's scope
// with the other cells.
//
// How cells share one scope. A cell's top-level declarations stay ordinary locals of its
// function (so a rerun simply redeclares them), and the function returns a *live binding*
// for each: a getter, and a setter unless the name is const. Free names the cell reads from
// other cells are rewritten to `__nb$in.name`, an object whose accessors forward to those
// bindings. So `lr = 0.5` in cell 2 really changes the `lr` a function from cell 1 reads, as
// in any notebook, instead of changing a private copy.
//
// Names of the JavaScript standard library (Math, JSON, Array, …) are not inputs and are
// never rewritten: the kernel does not need to supply them, and hot loops stay fast (see
// STANDARD_GLOBALS in transform.ts). Every other free name (console, display, Plot, names from
// other cells, and blocked ones such as fetch or document) is an input the kernel resolves;
// see kernel.ts.

import type { Node } from 'acorn';
import type { Chunk } from './position-map.ts';
import type { FreeReference } from './scope.ts';
import type { CellImport } from './transform.ts';

// The identifiers the rewritten code uses. `$` keeps them out of the way of readers' names.
const IN = '__nb$in';
/** The runtime object the rewritten code calls (`__nb$rt.…`); locate.ts tells its calls from the reader's. */
export const RT = '__nb$rt';
const VALUE = '__nb$v';
/**
 * A binding setter's parameter: a name no cell may declare (transform.ts refuses `__nb$…`).
 * It was `v`, and a cell's own `let v` was then `set v(v) { v = v; }`: another cell's `v = 9`
 * set the parameter, and `v` stayed 1 (red team 36).
 */
const SET = '__nb$set';

/** Replace js.slice(start, end) with `text`; an insertion when start === end. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edit that makes a free reference read the shared scope: `x` → `__nb$in.x` (`{ x }` →
 * `{ x: __nb$in.x }`). `typeof x` asks the kernel instead, which answers "undefined" for a name
 * it does not have (the way JavaScript answers for an undeclared global) without running any getter.
 */
export function referenceEdit(reference: FreeReference): Edit {
  const { name, node, typeofExpression, shorthand } = reference;
  if (typeofExpression)
    return { start: typeofExpression.start, end: node.end, text: `${RT}.typeOf(${JSON.stringify(name)})` };
  return { start: node.start, end: node.end, text: shorthand ? `${name}: ${IN}.${name}` : `${IN}.${name}` };
}

/**
 * The edit that removes an import statement: blanked, keeping its newlines so nothing below it
 * moves. Its bindings are made in the function's header (see cellFunction), which also gives
 * imports their hoisting.
 */
export function blankEdit(js: string, node: Node): Edit {
  return { start: node.start, end: node.end, text: js.slice(node.start, node.end).replace(/[^\n]/g, ' ') };
}

/** The edits that keep the value of the cell's trailing expression statement. */
export function valueEdits(expression: Node): Edit[] {
  return [
    { start: expression.start, end: expression.start, text: `${VALUE} = (` },
    { start: expression.end, end: expression.end, text: ')' },
  ];
}

/** Apply non-overlapping edits to `js`, recording where each piece of the result came from. */
export function applyEdits(js: string, edits: Edit[]): { text: string; chunks: Chunk[] } {
  // Insertions sort before a replacement at the same offset (the value prefix goes before `x`).
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const chunks: Chunk[] = [];
  let text = '';
  let at = 0;
  const copy = (to: number) => {
    if (to > at) {
      chunks.push([text.length, at, to - at, 0]);
      text += js.slice(at, to);
      at = to;
    }
  };
  for (const edit of sorted) {
    copy(edit.start);
    if (edit.text) chunks.push([text.length, edit.start, edit.text.length, 1]);
    text += edit.text;
    at = Math.max(at, edit.end);
  }
  copy(js.length);
  return { text, chunks };
}

/**
 * The cell's function, for indirect eval: `(async function cell(__nb$in, __nb$rt) {…})`, whose
 * header (its first `headerLines` lines, one) binds the imports, whose body is the rewritten
 * JavaScript (the reader's line n is line n + 1), and which returns the value and a live
 * binding for each declared name (read-only for `constants`). `fileName` is the sourceURL that
 * engines name in stack frames.
 */
export function cellFunction(
  body: string,
  cell: { imports: CellImport[]; declared: string[]; constants: string[]; fileName: string },
): { code: string; headerLines: number } {
  const header =
    `(async function cell(${IN}, ${RT}) {"use strict"; let ${VALUE};` +
    cell.imports.map(importStatement).join('') +
    '\n';
  const bindings = cell.declared
    .map((name) =>
      cell.constants.includes(name)
        ? `get ${name}() { return ${name}; }`
        : `get ${name}() { return ${name}; }, set ${name}(${SET}) { ${name} = ${SET}; }`,
    )
    .join(', ');
  const footer = `\n;return { value: ${VALUE}, bindings: { ${bindings} } };\n})\n//# sourceURL=${cell.fileName}\n`;
  return { code: header + body + footer, headerLines: 1 };
}

function importStatement(imported: CellImport): string {
  const module = `${RT}.import(${JSON.stringify(imported.specifier)})`;
  let out = '';
  if (imported.namespace) out += ` const ${imported.namespace} = ${module};`;
  if (imported.names.length > 0) {
    const names = imported.names.map(({ imported, local }) => `${JSON.stringify(imported)}: ${local}`).join(', ');
    out += ` const { ${names} } = ${module};`;
  }
  return out;
}
