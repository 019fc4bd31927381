// Compile one code cell: TypeScript → JavaScript (sucrase) → an async function that shares
// the page's scope with the other cells, with every position mappable back to the reader's own
// code. The steps have a file each: scope.ts finds the cell's declarations and free names,
// cell-function.ts writes the function (and explains how cells share one scope),
// position-map.ts maps the function's positions back to the reader's lines and columns. This
// file runs them and holds the rules a cell must follow (what it may import and declare).

import { transform as sucrase, getFormattedTokens } from 'sucrase';
import { parse, type ImportDeclaration, type ModuleDeclaration, type Program, type Statement, type Token } from 'acorn';
import { ancestor } from 'acorn-walk';
import { cellError, type CellError } from './errors.ts';
import { bracketHint } from './brackets.ts';
import { CELL_GLOBALS, TIMER_NAMES, UNAVAILABLE } from './allow-list.ts';
import type { ImportBinding } from './graph.ts';
import { cellScope } from './scope.ts';
import { applyEdits, blankEdit, cellFunction, referenceEdit, valueEdits, type Edit } from './cell-function.ts';
import { readerPosition, sourceOffset, sourceShifts, type PositionMap } from './position-map.ts';
import { attemptEdits } from './attempt-edits.ts';

/** The module specifiers a cell may import, and what to say about any other. */
export const ALLOWED_IMPORTS = ['nn', '@observablehq/plot'] as const;

/**
 * Names the kernel provides to every cell; not dependencies on other cells. The timers are
 * globals too, but each run of a cell gets its own (allow-list.ts, TIMER_NAMES).
 */
export const KERNEL_GLOBALS = ['console', 'display', 'Plot', 'check', ...TIMER_NAMES] as const;

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
  /** Compiled as an exercise attempt: every function of it runs as the attempt (attempt-edits.ts). */
  attempt: boolean;
  /** Position map from `code` back to the reader's source; see position-map.ts's `originalPosition`. */
  map: PositionMap;
}

/**
 * Free names that mean the cell's globals (the sandbox's allow-list) and are never looked up in
 * the shared scope. (A cell that redeclares one, say `const Map = …`, shadows it inside that cell
 * only.) eval and Function are on the list only to refuse with a reason.
 */
const STANDARD_GLOBALS = new Set<string>(
  CELL_GLOBALS.filter((name) => !(TIMER_NAMES as readonly string[]).includes(name)),
);

/**
 * Compile a cell, or throw a CellError (plain data) for a syntax or import error. With
 * `attempt`, the cell is an exercise attempt run with something withheld: every function of it
 * runs as the attempt, whoever calls it (attempt-edits.ts).
 */
export function compileCell(source: string, cellId: string, options: { attempt?: boolean } = {}): CompiledCell {
  const fileName = `cell-${cellFileId(cellId)}.js`;

  // 1. TypeScript → JavaScript. Sucrase only deletes type syntax, and its token-level source
  //    map says where each piece of the JavaScript was.
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
    const { line, column } = readerPosition(source, e.pos ?? 0);
    throw cellError('SyntaxError', parserMessage(e.message, source), source, line, column);
  }
  const namespace = valueNamespace(source);
  if (namespace) {
    const { line, column } = readerPosition(source, namespace.start);
    throw cellError(
      'SyntaxError',
      `${namespace.keyword} ${namespace.name} holds code, and a cell cannot declare such a ${namespace.keyword}: cells compile TypeScript by removing its types, which would remove the ${namespace.keyword} too and leave ${namespace.name} undefined. Use an object instead (const ${namespace.name.split('.')[0]} = { … }), or declare its names at the top of the cell.`,
      source,
      line,
      column,
    );
  }
  const shifts = sourceShifts(js, source, mappings);
  const toOriginal = (jsOffset: number) => readerPosition(source, sourceOffset(shifts, jsOffset));
  const fail = (name: string, message: string, jsOffset: number): never => {
    const at = toOriginal(jsOffset);
    throw cellError(name, message, source, at.line, at.column);
  };

  // 2. Parse the JavaScript. Acorn is stricter than sucrase (duplicate declarations, top-level
  //    return, strict-mode rules), so its errors are mapped back through sucrase's map.
  let program: Program;
  const tokens: Token[] = [];
  try {
    program = parse(js, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
      onToken: tokens,
    });
  } catch (error) {
    const e = error as { message?: string; pos?: number };
    return fail('SyntaxError', parserMessage(e.message, source), e.pos ?? 0);
  }

  // 3. Scope analysis, and the rules of the notebook. The compiled code's own names start with
  //    `__nb$`: a cell that declared one could stand in for the kernel's runtime in its scope.
  const own = (tokens as (Token & { value?: unknown })[]).find(
    (t) => t.type.label === 'name' && String(t.value).startsWith('__nb$'),
  );
  if (own)
    fail(
      'SyntaxError',
      `${String(own.value)}: names that start with __nb$ belong to the notebook's compiled code. Choose another name.`,
      own.start,
    );

  const { topLevel, references } = cellScope(program);
  const declared = [...topLevel.keys()];
  const constants = declared.filter((name) => topLevel.get(name) === 'const');
  for (const name of RESERVED_NAMES) {
    if (!topLevel.has(name)) continue;
    const word = new RegExp(`\\b${name}\\b`);
    const at = program.body.find((node) => word.test(js.slice(node.start, node.end)));
    fail(
      'SyntaxError',
      `${name} belongs to the notebook${name === 'check' ? ' (it judges exercises)' : ''}, so a cell cannot declare it. Choose another name, e.g. my${name[0].toUpperCase()}${name.slice(1)}.`,
      at ? at.start + js.slice(at.start, at.end).search(word) : 0,
    );
  }

  const edits: Edit[] = [];
  const imports: CellImport[] = [];
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      imports.push(cellImport(node, fail, toOriginal));
      edits.push(blankEdit(js, node));
    } else if (isExport(node)) {
      fail(
        'SyntaxError',
        '`export` is not needed in a code cell: every top-level name is already shared with the cells below. Remove `export`.',
        node.start,
      );
    }
  }

  // Dynamic import() would load code from the network; cells get modules only by `import`.
  ancestor(program, {
    ImportExpression(node) {
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
  for (const reference of references) {
    const { name, node } = reference;
    if (name === 'eval')
      fail('NotAvailableError', `eval is not available in code cells: ${UNAVAILABLE.eval}.`, node.start);
    if (STANDARD_GLOBALS.has(name)) continue;
    if (!inputs.includes(name)) {
      inputs.push(name);
      firstUse[name] = toOriginal(node.start);
    }
    if (!reference.typeofExpression) usedPlainly.add(name);
    if (reference.assigned) {
      assigned.add(name);
      if (reference.atTopLevel) assignedAtTop.add(name);
    }
    edits.push(referenceEdit(reference));
  }

  if (options.attempt) edits.push(...attemptEdits(program, js, tokens));

  // The value of a trailing expression statement is the cell's value.
  const last = program.body[program.body.length - 1];
  const hasValue = last?.type === 'ExpressionStatement';
  if (hasValue) edits.push(...valueEdits(last.expression));

  // 4. Assemble the function.
  const { text: body, chunks } = applyEdits(js, edits);
  const { code, headerLines } = cellFunction(body, { imports, declared, constants, fileName });

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
    code,
    fileName,
    attempt: options.attempt === true,
    map: { headerLines, chunks, shifts },
  };
}

/**
 * The first top-level `namespace` (or `module`) declaration of `source` that holds code, or null.
 * Sucrase removes every namespace as type syntax (it compiles only type-only ones), so a
 * namespace with values would vanish without a word, and its name read "not defined" in the
 * next cell. One that holds only types (interfaces, type aliases, `declare`) is removed rightly.
 */
export function valueNamespace(source: string): { keyword: string; name: string; start: number } | null {
  // The common case, no second parse: no `namespace A {` or `module A.B {` anywhere (a comment or
  // a string that has one costs only the parse).
  if (!/\b(?:namespace|module)\s+[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*\s*\{/.test(source)) return null;
  let tokens: { start: number; end: number }[];
  try {
    tokens = sucraseTokens(source);
  } catch {
    return null; // the compile reports the syntax error
  }
  const text = (i: number) => (i >= 0 && i < tokens.length ? source.slice(tokens[i].start, tokens[i].end) : '');
  const isName = (i: number) => /^[A-Za-z_$][\w$]*$/.test(text(i));
  /** At a namespace's keyword: the index of its body's `{` and its name, or null when this is no namespace declaration. */
  const declaration = (i: number): { open: number; name: string } | null => {
    if (text(i) !== 'namespace' && text(i) !== 'module') return null;
    let j = i + 1;
    if (!isName(j)) return null;
    const name: string[] = [text(j)];
    j += 1;
    while (text(j) === '.' && isName(j + 1)) {
      name.push(text(j + 1));
      j += 2;
    }
    return text(j) === '{' ? { open: j, name: name.join('.') } : null;
  };
  /** The index just past the `}` that closes the `{` at `open`. */
  const closeOf = (open: number): number => {
    let depth = 0;
    for (let j = open; j < tokens.length; j++) {
      const t = text(j);
      if (t === '{' || t === '${') depth += 1;
      else if (t === '}') {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
    }
    return tokens.length;
  };
  /** Whether the body opening at `open` holds anything but types: each of its statements is checked. */
  const holdsCode = (open: number): boolean => {
    const end = closeOf(open) - 1;
    let j = open + 1;
    while (j < end) {
      while (text(j) === 'export') j += 1;
      const word = text(j);
      if (word === ';') {
        j += 1;
        continue;
      }
      if (word === 'declare') {
        // Ambient: no code, whatever it declares. Skip to the end of its statement.
        j = statementEnd(j, end);
        continue;
      }
      if ((word === 'interface' || word === 'type') && isName(j + 1)) {
        j = statementEnd(j, end);
        continue;
      }
      const nested = declaration(j);
      if (nested) {
        if (holdsCode(nested.open)) return true;
        j = closeOf(nested.open);
        continue;
      }
      return true;
    }
    return false;
  };
  /** The index after the statement starting at `j`: past its `;`, or past a `}` that closes a block it opened at its own level. */
  const statementEnd = (j: number, end: number): number => {
    let depth = 0;
    for (let k = j; k < end; k++) {
      const t = text(k);
      if (t === '{' || t === '${' || t === '(' || t === '[') depth += 1;
      else if (t === '}' || t === ')' || t === ']') {
        depth -= 1;
        if (
          depth === 0 &&
          t === '}' &&
          text(k + 1) !== '[' &&
          text(k + 1) !== '|' &&
          text(k + 1) !== '&' &&
          text(k + 1) !== '.'
        )
          return k + 1;
      } else if (t === ';' && depth === 0) return k + 1;
    }
    return end;
  };
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = text(i);
    if (t === '{' || t === '${') depth += 1;
    else if (t === '}') depth -= 1;
    if (depth !== 0) continue;
    const before = text(i - 1);
    if (before === 'declare' || (before !== '' && before !== ';' && before !== '}' && before !== 'export')) continue;
    const found = declaration(i);
    if (!found) continue;
    if (holdsCode(found.open)) return { keyword: t, name: found.name, start: tokens[i].start };
    i = closeOf(found.open) - 1;
  }
  return null;
}

/**
 * The tokens of TypeScript `source`, as offsets, by sucrase's own tokenizer: its one public way
 * to them is a table, one token a line, that starts with the token's place (`line:column-line:column`,
 * 1-based, end exclusive). Its parser module is not importable alike in Node and in the bundle.
 */
function sucraseTokens(source: string): { start: number; end: number }[] {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (line: string, column: string) => (lineStarts[Number(line) - 1] ?? source.length) + Number(column) - 1;
  const tokens: { start: number; end: number }[] = [];
  for (const row of getFormattedTokens(source, { transforms: ['typescript'] }).split('\n')) {
    const place = /^(\d+):(\d+)-(\d+):(\d+)\s/.exec(row);
    if (!place) continue; // the table's head
    const start = offset(place[1], place[2]);
    const end = offset(place[3], place[4]);
    if (end > start) tokens.push({ start, end }); // eof and a template's empty parts carry no text
  }
  return tokens;
}

/** An import statement as data, or a failure (through `fail`) if it names a module cells cannot import. */
function cellImport(
  node: ImportDeclaration,
  fail: (name: string, message: string, jsOffset: number) => never,
  toOriginal: (jsOffset: number) => { line: number; column: number },
): CellImport {
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
    else if (spec.type === 'ImportDefaultSpecifier')
      imported.names.push({ imported: 'default', local: spec.local.name });
    else
      imported.names.push({
        imported: spec.imported.type === 'Literal' ? String(spec.imported.value) : spec.imported.name,
        local: spec.local.name,
      });
  }
  return imported;
}

function isExport(node: Statement | ModuleDeclaration): boolean {
  return (
    node.type === 'ExportNamedDeclaration' ||
    node.type === 'ExportDefaultDeclaration' ||
    node.type === 'ExportAllDeclaration'
  );
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
    return {
      defines: compiled.outputs,
      uses: compiled.inputs.filter((name) => !globals.has(name)),
      imports: importBindings(compiled.imports),
    };
  } catch {
    return { defines: [], uses: [], imports: [] };
  }
}

/** A cell's imports as the names they bind, each with its module and export (`imported` is '*' for `import * as local`). */
export function importBindings(imports: readonly CellImport[]): ImportBinding[] {
  return imports.flatMap(({ specifier, namespace, names }) => [
    ...(namespace ? [{ local: namespace, specifier, imported: '*' }] : []),
    ...names.map(({ local, imported }) => ({ local, specifier, imported })),
  ]);
}

/** Cell ids go into a file name in stack traces; keep them to characters that survive there. */
export function cellFileId(cellId: string): string {
  return cellId.replace(/[^\w-]/g, '_');
}

/** Parser messages end with "(line:column)" in *their* coordinates; we report ours. */
/**
 * A parser's message for the reader: without the file name and position the parser adds (the
 * frame shows where), and, for an "Unexpected token" where the brackets do not pair up, which
 * bracket (bracketHint): the parser stops where it ran out of code, often lines after the `}`
 * that was forgotten.
 */
function parserMessage(message = 'Invalid syntax', source: string): string {
  const clean = message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
  const hint = clean.startsWith('Unexpected token') ? bracketHint(source) : undefined;
  return hint ? `${clean} — ${hint}` : clean;
}

export type { CellError };
