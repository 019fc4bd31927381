// Compile one code cell: TypeScript → JavaScript (sucrase) → an async function that shares
// the page's scope with the other cells (the Observable Framework `define({inputs, outputs,
// body})` model), with every position mappable back to the reader's own code.
//
// How cells share one scope. A cell's top-level declarations stay ordinary locals of its
// function (so a rerun simply redeclares them), and the function returns a *live binding*
// for each: a getter, and a setter unless the name is const. Free names the cell reads from
// other cells are rewritten to `__nb$in.name`, an object whose accessors forward to those
// bindings. So `lr = 0.5` in cell 2 really changes the `lr` a function from cell 1 reads, as
// in any notebook, instead of changing a private copy.
//
// Names of the JavaScript standard library (Math, JSON, Array, …) are not inputs and are
// never rewritten: the kernel does not need to supply them, and hot loops stay fast. Every
// other free name (console, display, Plot, names from other cells, and blocked ones such as
// fetch or document) is an input the kernel resolves; see kernel.ts.

import { transform as sucrase } from 'sucrase';
import { parse } from 'acorn';
import { ancestor } from 'acorn-walk';
import { cellError, type CellError } from './errors.ts';
import { CELL_GLOBALS, UNAVAILABLE } from './allow-list.ts';
import type { ImportBinding } from './graph.ts';

/** The module specifiers a cell may import, and what to say about any other. */
export const ALLOWED_IMPORTS = ['nn', '@observablehq/plot'] as const;

/** Names the kernel provides to every cell; not dependencies on other cells. */
export const KERNEL_GLOBALS = ['console', 'display', 'Plot', 'check'] as const;

/** The kernel's own names, which no cell may declare at its top level (nor replace). */
export const RESERVED_NAMES = ['console', 'display', 'check'] as const;

export interface CellImport {
  specifier: string;
  /** `import * as name` binds the whole module. */
  namespace?: string;
  /** `import { imported as local }`; `default` for a default import. */
  names: { imported: string; local: string }[];
  line: number;
  column: number;
}

/** A compiled cell: plain data plus the code the kernel evaluates. */
export interface CompiledCell {
  cellId: string;
  /** The reader's TypeScript, kept for code frames. */
  source: string;
  /** Free names read or assigned, in order of first use (standard-library globals excluded). */
  inputs: string[];
  /** Names this cell defines: its top-level declarations plus inputs it assigns at top level. */
  outputs: string[];
  /** Top-level declarations (each returned as a live binding). */
  declared: string[];
  /** Declared names that cannot be reassigned (const and imports). */
  constants: string[];
  /** Inputs the cell assigns somewhere (so a clear message can say "declare it with let"). */
  assigned: string[];
  /** Inputs the cell only ever reads with `typeof` (undefined is a fine answer for them). */
  typeofOnly: string[];
  /** Where each input is first used, in the reader's coordinates. */
  firstUse: Record<string, { line: number; column: number }>;
  imports: CellImport[];
  /** Whether the last top-level statement is an expression whose value is shown. */
  hasValue: boolean;
  /** `(async function (__nb$in, __nb$rt) {…})` plus a sourceURL comment, for indirect eval. */
  code: string;
  /** The file name V8 reports in stack frames for this cell. */
  fileName: string;
  /** Position map from `code` back to the reader's source; see `originalPosition`. */
  map: PositionMap;
}

interface PositionMap {
  /** Lines of `code` before the reader's first line (the function header). */
  headerLines: number;
  /** Start offset of each line of the rewritten body. */
  bodyLineStarts: number[];
  /** Pieces of the rewritten body: [bodyOffset, sucraseOffset, length, inserted (0/1)]. */
  chunks: [number, number, number, number][];
  /** Start offset of each line of sucrase's output. */
  jsLineStarts: number[];
  /** Per line of sucrase's output: [generatedColumn, originalColumn] pairs, sorted. */
  columns: [number, number][][];
  /** Number of lines in the reader's source. */
  sourceLines: number;
}

// The identifiers the rewritten code uses. `$` keeps them out of the way of readers' names.
const IN = '__nb$in';
const RT = '__nb$rt';
const VALUE = '__nb$v';

/**
 * Free names that mean the cell's globals (the sandbox's allow-list) and are never looked up in
 * the shared scope. (A cell that redeclares one, say `const Map = …`, shadows it inside that cell
 * only.) eval and Function are on the list only to refuse with a reason.
 */
const STANDARD_GLOBALS = new Set<string>(CELL_GLOBALS);

/** Compile a cell, or throw a CellError (plain data) for a syntax or import error. */
export function compileCell(source: string, cellId: string): CompiledCell {
  const fileName = `cell-${cellFileId(cellId)}.js`;

  // 1. TypeScript → JavaScript. Sucrase only deletes type syntax, so lines stay where they
  //    were; its token-level source map tells us how columns moved.
  let js: string;
  let mappings: string;
  try {
    const result = sucrase(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      // Without this sucrase drops an import whose names this cell does not use, but a cell
      // that only imports is how a reader makes names available to the cells below.
      keepUnusedImports: true,
      sourceMapOptions: { compiledFilename: fileName },
      filePath: fileName,
    });
    js = result.code;
    mappings = result.sourceMap?.mappings ?? '';
  } catch (error) {
    const e = error as { message?: string; pos?: number };
    const { line, column } = lineColumn(lineStarts(source), e.pos ?? 0);
    throw cellError('SyntaxError', cleanParserMessage(e.message), source, line, column);
  }
  const jsLineStarts = lineStarts(js);
  const columns = decodeColumns(mappings);
  const toOriginal = (offset: number) => {
    const { line, column } = lineColumn(jsLineStarts, offset);
    return { line, column: originalColumn(columns, line - 1, column - 1) + 1 };
  };
  const fail = (name: string, message: string, offset: number): never => {
    const at = toOriginal(offset);
    throw cellError(name, message, source, at.line, at.column);
  };

  // 2. Parse the JavaScript. Acorn is stricter than sucrase (duplicate declarations, top-level
  //    return, strict-mode rules), so its errors are mapped back through sucrase's map.
  let program: any;
  try {
    program = parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true });
  } catch (error) {
    const e = error as { message?: string; pos?: number };
    fail('SyntaxError', cleanParserMessage(e.message), e.pos ?? 0);
  }

  // 3. Scope analysis.
  const scopes = declarations(program);
  const topLevel = scopes.get(program) ?? new Map<string, string>();
  const declared = [...topLevel.keys()];
  const constants = declared.filter((name) => topLevel.get(name) === 'const');
  for (const name of RESERVED_NAMES) {
    if (!topLevel.has(name)) continue;
    const at = program.body.find((node: any) => js.slice(node.start, node.end).match(new RegExp(`\\b${name}\\b`)));
    fail(
      'SyntaxError',
      `${name} belongs to the notebook${name === 'check' ? ' (it judges exercises)' : ''}, so a cell cannot declare it. Choose another name, e.g. my${name[0].toUpperCase()}${name.slice(1)}.`,
      at ? at.start + js.slice(at.start, at.end).search(new RegExp(`\\b${name}\\b`)) : 0,
    );
  }

  const edits: Edit[] = [];
  const imports: CellImport[] = [];
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      const specifier = String(node.source.value);
      if (!(ALLOWED_IMPORTS as readonly string[]).includes(specifier)) {
        fail(
          'ImportError',
          `Cannot import "${specifier}": code cells can only import ${ALLOWED_IMPORTS.map((s) => `"${s}"`).join(' and ')}.`,
          node.source.start,
        );
      }
      const at = toOriginal(node.start);
      const imported: CellImport = { specifier, names: [], line: at.line, column: at.column };
      for (const spec of node.specifiers) {
        if (spec.type === 'ImportNamespaceSpecifier') imported.namespace = spec.local.name;
        else if (spec.type === 'ImportDefaultSpecifier') imported.names.push({ imported: 'default', local: spec.local.name });
        else imported.names.push({ imported: moduleName(spec.imported), local: spec.local.name });
      }
      imports.push(imported);
      // Blank the statement but keep its newlines, so nothing below it moves; the bindings
      // are created in the function header, which also gives imports their hoisting.
      edits.push({ start: node.start, end: node.end, text: js.slice(node.start, node.end).replace(/[^\n]/g, ' ') });
    } else if (node.type.startsWith('Export')) {
      fail(
        'SyntaxError',
        '`export` is not needed in a code cell: every top-level name is already shared with the cells below. Remove `export`.',
        node.start,
      );
    }
  }

  // Dynamic import() would load code from the network; cells get modules only by `import`.
  ancestor(program, {
    ImportExpression(node: any) {
      fail(
        'SyntaxError',
        `import() is not available in code cells. Import at the top of the cell instead: import { … } from "nn".`,
        node.start,
      );
    },
  });

  // Free references: read from, and written back to, the shared scope.
  const inputs: string[] = [];
  const assigned = new Set<string>();
  const assignedAtTop = new Set<string>();
  const firstUse: Record<string, { line: number; column: number }> = {};
  const usedPlainly = new Set<string>();
  const reference = (node: any, ancestors: any[]) => {
    const name: string = node.name;
    for (let i = ancestors.length - 2; i >= 0; i--) {
      if (scopes.get(ancestors[i])?.has(name)) return; // bound inside the cell
    }
    if (name === 'eval') fail('NotAvailableError', `eval is not available in code cells: ${UNAVAILABLE.eval}.`, node.start);
    if (STANDARD_GLOBALS.has(name)) return;
    const parent = ancestors[ancestors.length - 2];
    const underTypeof = parent?.type === 'UnaryExpression' && parent.operator === 'typeof' && parent.argument === node;
    if (!inputs.includes(name)) {
      inputs.push(name);
      firstUse[name] = toOriginal(node.start);
    }
    if (!underTypeof) usedPlainly.add(name);
    if (isAssignmentTarget(ancestors)) {
      assigned.add(name);
      if (!ancestors.some(isFunction)) assignedAtTop.add(name);
    }
    // `typeof x` asks the kernel, which answers "undefined" for a name it does not have
    // (the way JavaScript answers for an undeclared global) without running any getter.
    const text = underTypeof
      ? `${RT}.typeOf(${JSON.stringify(name)})`
      : isShorthand(node, ancestors) ? `${name}: ${IN}.${name}` : `${IN}.${name}`;
    edits.push({ start: underTypeof ? parent.start : node.start, end: node.end, text });
  };
  ancestor(program, { Identifier: reference, VariablePattern: reference } as any);

  // The value of a trailing expression statement is the cell's value.
  const last = program.body[program.body.length - 1];
  const hasValue = last?.type === 'ExpressionStatement';
  if (hasValue) {
    edits.push({ start: last.expression.start, end: last.expression.start, text: `${VALUE} = (` });
    edits.push({ start: last.expression.end, end: last.expression.end, text: ')' });
  }

  // 4. Assemble the function. Line 1 is the header; the reader's line n is line n + 1.
  const { text: body, chunks } = applyEdits(js, edits);
  const header =
    `(async function cell(${IN}, ${RT}) {"use strict"; let ${VALUE};` +
    imports.map(importStatement).join('') +
    '\n';
  const bindings = declared
    .map((name) =>
      constants.includes(name)
        ? `get ${name}() { return ${name}; }`
        : `get ${name}() { return ${name}; }, set ${name}(v) { ${name} = v; }`,
    )
    .join(', ');
  const footer = `\n;return { value: ${VALUE}, bindings: { ${bindings} } };\n})\n//# sourceURL=${fileName}\n`;

  const outputs = [...declared];
  for (const name of assignedAtTop) if (!outputs.includes(name)) outputs.push(name);

  return {
    cellId,
    source,
    inputs,
    outputs,
    declared,
    constants,
    assigned: [...assigned],
    typeofOnly: inputs.filter((name) => !usedPlainly.has(name)),
    firstUse,
    imports,
    hasValue,
    code: header + body + footer,
    fileName,
    map: {
      headerLines: 1,
      bodyLineStarts: lineStarts(body),
      chunks,
      jsLineStarts,
      columns,
      sourceLines: source.split(/\r\n|\r|\n/).length,
    },
  };
}

/**
 * Static defines/uses of a cell, for scheduling cells that have not run, and which of the names
 * it defines are imports (`imported` is '*' for `import * as local`). Never throws: a cell that
 * does not compile defines and uses nothing.
 */
export function analyzeCell(source: string): { defines: string[]; uses: string[]; imports: ImportBinding[] } {
  try {
    const compiled = compileCell(source, 'analysis');
    const globals = new Set<string>(KERNEL_GLOBALS);
    const imports = compiled.imports.flatMap(({ specifier, namespace, names }) => [
      ...(namespace ? [{ local: namespace, specifier, imported: '*' }] : []),
      ...names.map(({ local, imported }) => ({ local, specifier, imported })),
    ]);
    return { defines: compiled.outputs, uses: compiled.inputs.filter((name) => !globals.has(name)), imports };
  } catch {
    return { defines: [], uses: [], imports: [] };
  }
}

/**
 * Map a 1-based (line, column) in `compiled.code`, as a stack trace reports it, to a 1-based
 * (line, column) in the reader's source.
 */
export function originalPosition(compiled: CompiledCell, line: number, column: number): { line: number; column: number } {
  const map = compiled.map;
  const bodyLine = line - map.headerLines; // 1-based line of the rewritten body
  if (bodyLine < 1) return { line: 1, column: 1 };
  if (bodyLine > map.bodyLineStarts.length) return { line: map.sourceLines, column: 1 };
  const bodyOffset = map.bodyLineStarts[bodyLine - 1] + column - 1;
  // Find the piece of the rewritten body that holds the offset; inserted text maps to where
  // it was inserted (an error in `__nb$in.x` is an error at `x`).
  let jsOffset = 0;
  for (const [start, jsStart, length, inserted] of map.chunks) {
    if (bodyOffset < start) break;
    jsOffset = inserted ? jsStart : jsStart + Math.min(bodyOffset - start, Math.max(length - 1, 0));
  }
  const at = lineColumn(map.jsLineStarts, jsOffset);
  return { line: at.line, column: originalColumn(map.columns, at.line - 1, at.column - 1) + 1 };
}

/** Cell ids go into a file name in stack traces; keep them to characters that survive there. */
export function cellFileId(cellId: string): string {
  return cellId.replace(/[^\w-]/g, '_');
}

// ---------------------------------------------------------------------------------------
// Scope analysis

type Scopes = Map<any, Map<string, string>>; // scope node → name → declaration kind

const isFunction = (node: any) =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';

const BLOCK_SCOPES = new Set([
  'Program', 'BlockStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'StaticBlock',
]);

/** Every declaration, keyed by the node whose scope it belongs to. */
function declarations(program: any): Scopes {
  const scopes: Scopes = new Map();
  const declare = (scope: any, pattern: any, kind: string) => {
    for (const name of patternNames(pattern)) {
      if (!scopes.has(scope)) scopes.set(scope, new Map());
      scopes.get(scope)!.set(name, kind);
    }
  };
  // The innermost enclosing scope of the node at the end of `ancestors`, excluding the node.
  const enclosing = (ancestors: any[], test: (node: any) => boolean) => {
    for (let i = ancestors.length - 2; i >= 0; i--) if (test(ancestors[i])) return ancestors[i];
    return program;
  };
  const blockScope = (node: any) => BLOCK_SCOPES.has(node.type) || isFunction(node);
  const functionScope = (node: any) => isFunction(node) || node.type === 'Program' || node.type === 'StaticBlock';
  const fn = (node: any, _state: unknown, ancestors: any[]) => {
    if (node.type === 'FunctionDeclaration') declare(enclosing(ancestors, blockScope), node.id, 'function');
    else if (node.id) declare(node, node.id, 'function');
    for (const param of node.params) declare(node, param, 'param');
  };
  const cls = (node: any, _state: unknown, ancestors: any[]) => {
    if (node.type === 'ClassDeclaration') declare(enclosing(ancestors, blockScope), node.id, 'class');
    else if (node.id) declare(node, node.id, 'class');
  };
  ancestor(program, {
    VariableDeclaration(node: any, _state: unknown, ancestors: any[]) {
      const scope = enclosing(ancestors, node.kind === 'var' ? functionScope : blockScope);
      const kind = node.kind === 'const' || node.kind === 'using' || node.kind === 'await using' ? 'const' : node.kind;
      for (const d of node.declarations) declare(scope, d.id, kind);
    },
    FunctionDeclaration: fn,
    FunctionExpression: fn,
    ArrowFunctionExpression: fn,
    ClassDeclaration: cls,
    ClassExpression: cls,
    CatchClause(node: any) {
      if (node.param) declare(node, node.param, 'param');
    },
    ImportDeclaration(node: any) {
      for (const spec of node.specifiers) declare(program, spec.local, 'const');
    },
  } as any);
  return scopes;
}

function patternNames(pattern: any): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p: any) => patternNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e: any) => patternNames(e));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** Whether the identifier at the end of `ancestors` is written to (x = …, x++, [x] = …, for (x of …)). */
function isAssignmentTarget(ancestors: any[]): boolean {
  let child = ancestors[ancestors.length - 1];
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const parent = ancestors[i];
    switch (parent.type) {
      case 'AssignmentExpression':
        return parent.left === child;
      case 'UpdateExpression':
        return true;
      case 'ForInStatement':
      case 'ForOfStatement':
        return parent.left === child;
      case 'ArrayPattern':
      case 'ObjectPattern':
      case 'RestElement':
        break;
      case 'AssignmentPattern':
        if (parent.left !== child) return false;
        break;
      case 'Property':
        if (parent.value !== child) return false;
        break;
      default:
        return false;
    }
    child = parent;
  }
  return false;
}

/**
 * Whether the identifier is a shorthand property, `{ x }` or `({ x = 1 } = o)`, which must
 * become `{ x: __nb$in.x }` to keep its key. (acorn-walk visits a pattern's property values
 * without the Property node, so look the property up in the parent pattern.)
 */
function isShorthand(node: any, ancestors: any[]): boolean {
  let parent = ancestors[ancestors.length - 2];
  let child = node;
  if (parent?.type === 'AssignmentPattern' && parent.left === node) {
    child = parent;
    parent = ancestors[ancestors.length - 3];
  }
  if (parent?.type === 'Property') return parent.shorthand && parent.value === child;
  if (parent?.type === 'ObjectPattern') {
    return parent.properties.some((p: any) => p.type === 'Property' && p.shorthand && p.value === child);
  }
  return false;
}

function moduleName(node: any): string {
  return node.type === 'Literal' ? String(node.value) : node.name;
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

// ---------------------------------------------------------------------------------------
// Positions

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Apply non-overlapping edits, recording where each piece of the result came from. */
function applyEdits(js: string, edits: Edit[]): { text: string; chunks: [number, number, number, number][] } {
  // Insertions sort before a replacement at the same offset (the value prefix goes before `x`).
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const chunks: [number, number, number, number][] = [];
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

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a 0-based offset. */
function lineColumn(starts: number[], offset: number): { line: number; column: number } {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line: line + 1, column: offset - starts[line] + 1 };
}

/** 0-based original column of a 0-based generated (line, column), via sucrase's map. */
function originalColumn(columns: [number, number][][], line: number, column: number): number {
  let mapped = column;
  for (const [generated, original] of columns[line] ?? []) {
    if (generated > column) break;
    mapped = original + (column - generated);
  }
  return mapped;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decode a source map's `mappings` into per-line [generatedColumn, originalColumn] pairs.
 * Sucrase keeps every token on its line, so the original line is always the generated one.
 */
function decodeColumns(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let originalCol = 0;
  for (const lineText of mappings.split(';')) {
    const segments: [number, number][] = [];
    let generatedCol = 0;
    for (const segment of lineText.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generatedCol += fields[0];
      if (fields.length >= 4) {
        originalCol += fields[3];
        segments.push([generatedCol, originalCol]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/** Parser messages end with "(line:column)" in *their* coordinates; we report ours. */
function cleanParserMessage(message = 'Invalid syntax'): string {
  return message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
}

export type { CellError };
