// Where in the reader's cells a thrown error happened, in every engine: the frames of its stack
// that are in cells, in the reader's lines and columns (the kernel shows the innermost one with a
// code frame).
//
// V8 and SpiderMonkey name a cell's frames by its `//# sourceURL` (cell-<id>.js:line:column).
// JavaScriptCore gives code run by eval, as cells are, no file, line or column in its stack
// ("check@", "@"); what it does give is the error's own `line` and `column`, where the error was
// made, and the names of the frames. So there:
// - the innermost frame, when the error was made in a cell's code (a `throw` in any function, a
//   TypeError at `x.y`), is at the error's `line`/`column`;
// - any other cell frame is at its call of the next frame in: the one call of that name in the
//   frame's cell. An error made in library code ("matmul@…/worker.js:1:58", then "cell@") is
//   placed at the cell's one call of `matmul` (the book's bundle keeps names), or, when the
//   frame has a minifier's name ("BW@…": a bundle that keeps names only as a `name` property,
//   which JSC's stack does not read), at the cell's one call of anything but the cells' own
//   functions. Two candidate
//   calls leave the frame unplaced rather than placed at a guess.
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import { codeOffset, originalPosition } from './position-map.ts';
import { RT } from './cell-function.ts';
import type { CompiledCell } from './transform.ts';
import type { StackFrame } from './stack.ts';

/** A frame in a cell, in the reader's 1-based coordinates. */
export interface CellFrame {
  cell: CompiledCell;
  /** The function's name as the engine printed it, if any ("cell" is the cell's top level). */
  fn?: string;
  line: number;
  column: number;
}

/** What JavaScriptCore records on an error about where it was made (absent in other engines). */
export interface ErrorOrigin {
  line?: number;
  column?: number;
  /** The script's URL; absent when the error was made in code run by eval (a cell). */
  sourceURL?: string;
}

const CELL_FILE = /(?:^|\/)cell-([\w-]+)\.js$/;

/**
 * The frames of `frames` (parsed by stack.ts, innermost first) that are in the reader's cells,
 * innermost first, mapped to the reader's source. `cells` holds the compiled cells by file id
 * (cellFileId), `running` is the cell whose run threw. Frames of cells no longer compiled are
 * left out; so are JavaScriptCore's frames whose place cannot be told (see above).
 */
export function cellFrames(frames: StackFrame[], origin: ErrorOrigin, running: CompiledCell, cells: Map<string, CompiledCell>): CellFrame[] {
  const located: CellFrame[] = [];
  for (const frame of frames) {
    const id = frame.file && CELL_FILE.exec(frame.file)?.[1];
    const cell = id ? cells.get(id) : undefined;
    if (!cell || frame.line === undefined || frame.column === undefined) continue;
    located.push({ cell, fn: frame.fn, ...originalPosition(cell, frame.line, frame.column) });
  }
  if (located.length) return located;

  // JavaScriptCore: frames of code (not built-ins) with no file are cells' frames. The reader's
  // code for this run ends at the running cell's own function, "cell"; the frames beyond it are
  // the kernel's (SES evaluates with code of no file too). Without it, only the innermost frame
  // is taken.
  const innermost = frames.findIndex((frame) => !frame.native);
  const top = frames.findIndex((frame) => !frame.file && !frame.native && frame.fn === 'cell');
  frames.slice(0, top < 0 ? innermost + 1 : top + 1).forEach((frame, i) => {
    if (frame.file || frame.native) return;
    const cell = ownerOf(frame.fn, running, cells);
    let at: { line: number; column: number } | undefined;
    if (i === innermost) {
      // The error was made here: JSC's own line and column of it are in this cell's code.
      if (!origin.sourceURL && isPosition(origin.line) && isPosition(origin.column)) {
        const made = asV8Reports(cell, origin.line, origin.column);
        at = originalPosition(cell, made.line, made.column);
      }
    } else {
      // The frame is at its call of the next frame in (a built-in such as `map` too): the one
      // call of that name in its cell.
      const callee = frames[i - 1].fn?.split('.').pop();
      at = onlyCall(cell, callee, frames[i - 1].file ? cellFunctions(cells) : undefined);
    }
    if (at) located.push({ cell, fn: frame.fn, ...at });
  });
  return located;
}

const isPosition = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/**
 * The cell a JavaScriptCore eval frame named `fn` runs in: the one other cell that declares a
 * function of that name at its top level (cells call each other's functions), else the running
 * cell (its top level "cell", its own functions, anonymous callbacks).
 */
function ownerOf(fn: string | undefined, running: CompiledCell, cells: Map<string, CompiledCell>): CompiledCell {
  if (!fn || fn === 'cell' || running.declared.includes(fn)) return running;
  const others = [...cells.values()].filter((cell) => cell !== running && cell.declared.includes(fn));
  return others.length === 1 ? others[0] : running;
}

/**
 * Where the cell's code calls a function named `name` (as `name(…)`, `x.name(…)` or
 * `new name(…)`), in the reader's coordinates, at the name as V8 reports a call; undefined
 * unless there is exactly one such call. When the next frame in is module code (`outside`, the
 * names of the cells' own functions, is given) and no call has its name (a minifier's name), the
 * one call of anything not in `outside` stands for it.
 */
function onlyCall(cell: CompiledCell, name: string | undefined, outside?: Set<string>): { line: number; column: number } | undefined {
  const ast = parsed(cell);
  if (!ast) return undefined;
  const calls: { name: string; line: number; column: number }[] = [];
  const visit = (node: any) => {
    const callee = node.callee;
    const id = callee.type === 'Identifier' ? callee : callee.type === 'MemberExpression' && !callee.computed ? callee.property : null;
    // Calls the transform wrote (the header's imports, `__nb$rt.…`) are none of the reader's.
    const ours = node.loc.start.line <= cell.map.headerLines || (callee.type === 'MemberExpression' && callee.object.name === RT);
    if (id && !ours) calls.push({ name: id.name, line: id.loc.start.line, column: id.loc.start.column + 1 });
  };
  simple(ast, { CallExpression: visit, NewExpression: visit });
  let at = calls.filter((call) => call.name === name);
  if (!at.length && outside) at = calls.filter((call) => !outside.has(call.name));
  return at.length === 1 ? originalPosition(cell, at[0].line, at[0].column) : undefined;
}

/** The names the cells declare themselves (their functions among them), not the ones they import. */
function cellFunctions(cells: Map<string, CompiledCell>): Set<string> {
  const names = new Set<string>();
  for (const cell of cells.values()) {
    const imported = new Set(cell.imports.flatMap((i) => [...i.names.map((n) => n.local), ...(i.namespace ? [i.namespace] : [])]));
    for (const name of cell.declared) if (!imported.has(name)) names.add(name);
  }
  return names;
}

/** The compiled cell's syntax tree, with positions; undefined if it does not parse (it ran, so it does). */
function parsed(cell: CompiledCell): any {
  try {
    return parse(cell.code, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch {
    return undefined;
  }
}

/**
 * JavaScriptCore's place of an error made in `cell`'s compiled code (1-based line and column), moved
 * to where V8 reports it, so a cell shows the same caret in WebKit as the build printed: JSC marks
 * a call or `new` at its "(", V8 at the called name (`f`, `x.f`) or at `new`; JSC marks a property
 * read at its ".", V8 at the property's name. Anything else stays where JSC put it.
 */
function asV8Reports(cell: CompiledCell, line: number, column: number): { line: number; column: number } {
  const ast = parsed(cell);
  const offset = codeOffset(cell.code, line, column) ?? Infinity;
  if (!ast || !(offset < cell.code.length)) return { line, column };
  let moved: any;
  const visit = (node: any) => {
    if (moved) return;
    if ((node.type === 'CallExpression' || node.type === 'NewExpression') && cell.code[offset] === '(' && /^[\s?.]*$/.test(cell.code.slice(node.callee.end, offset))) {
      const callee = node.callee;
      moved = node.type === 'NewExpression' ? node : callee.type === 'MemberExpression' && !callee.computed ? callee.property : callee;
    } else if (node.type === 'MemberExpression' && !node.computed && offset >= node.object.end && offset < node.property.start) {
      moved = node.property;
    }
  };
  simple(ast, { CallExpression: visit, NewExpression: visit, MemberExpression: visit });
  return moved ? { line: moved.loc.start.line, column: moved.loc.start.column + 1 } : { line, column };
}
