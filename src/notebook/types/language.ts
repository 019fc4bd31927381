/**
 * TypeScript's language service over a page's cells: diagnostics, completion and hover, in the
 * reader's coordinates. The types worker (types-worker.ts) and the build's check of every chapter
 * (check-chapter.ts) both use it, each with the TypeScript they have (`ts` is passed in, so this
 * module never loads TypeScript itself). The environment is @typescript/vfs's: an in-memory file
 * system with the declarations of declarations.ts and one file per cell (cell-files.ts).
 */
import type * as TS from 'typescript';
import { createSystem, createVirtualTypeScriptEnvironment, type VirtualTypeScriptEnvironment } from '@typescript/vfs';
import { NotAvailableError, UNAVAILABLE, WITHHELD_STANDARD } from '../allow-list.ts';
import {
  CHECKER_ALIAS, cellCompilerOptions, cellFiles, cellPath, GLOBALS_FILE, GLOBALS_TEXT, IGNORED_DIAGNOSTICS, namesPlot, PLOT_GLOBAL_FILE,
  PLOT_GLOBAL_TEXT, type TypedCell,
} from './cell-files.ts';

/** A type error or warning, at a place in the reader's code (lines and columns 1-based). */
export interface CellDiagnostic {
  /** Offsets in the cell's code. */
  from: number;
  to: number;
  line: number;
  column: number;
  message: string;
  /** TypeScript's error number, e.g. 2322. */
  code: number;
  severity: 'error' | 'warning' | 'info';
}

/** One completion: the name, its kind (for the icon), and how TypeScript ranks it. */
export interface CellCompletion {
  label: string;
  kind: string;
  sortText: string;
}

/** What a completion or hover says about a name: its signature and its docstring. */
export interface CellDocs {
  signature: string;
  docs: string;
  /** @param, @returns, @throws, … as "name text" lines. */
  tags: { name: string; text: string }[];
}

/** What hovering shows, and the span of code it is about (offsets in the cell's code). */
export interface CellHover extends CellDocs {
  from: number;
  to: number;
}

/**
 * TypeScript's "Cannot find name" errors: 2304 plain, 2552 with "Did you mean", 2580–2584 with
 * "install type definitions" or "change the lib option".
 */
const NAME_NOT_FOUND = new Set([2304, 2552, 2580, 2581, 2582, 2583, 2584]);

/**
 * The compiler's message, unless it is about a name the sandbox withholds (fetch, document, …):
 * then the notebook's own reason (allow-list.ts), not "try changing the lib option to include dom",
 * which a reader cannot do and which would not help. `name` is the code the diagnostic covers.
 */
function explain(code: number, message: string, name: string): string {
  return NAME_NOT_FOUND.has(code) && Object.hasOwn(UNAVAILABLE, name) ? withheld(name) : message;
}

/** The message for a name the sandbox withholds, as the kernel's NotAvailableError words it. */
const withheld = (name: string) => `Cannot find name '${name}': ${new NotAvailableError(name).message}`;

/** TypeScript's "Cannot find name" number, which a withheld built-in gets too. */
const CANNOT_FIND_NAME = 2304;

/**
 * One page's cells under TypeScript's language service: setCells() with the page's cells in run
 * order, then ask for one cell's diagnostics, completions or hover, all in that cell's own
 * offsets, lines and columns. Throws, naming the cell and the cells it knows, when asked about a
 * cell it was not given.
 */
export class CellLanguage {
  readonly env: VirtualTypeScriptEnvironment;
  readonly #ts: typeof TS;
  /** The reader's code of each cell, by id (files hold it plus the stitching line). */
  readonly #codes = new Map<string, string>();
  readonly #lastGood = new Map<string, string[]>();
  readonly #typeNames = new Map<string, string[]>();

  /** `declarations` is path → text (declarations.ts); it is not copied. */
  constructor(ts: typeof TS, declarations: Map<string, string>) {
    this.#ts = ts;
    const files = new Map(declarations);
    files.set(GLOBALS_FILE, GLOBALS_TEXT);
    this.env = createVirtualTypeScriptEnvironment(createSystem(files), [GLOBALS_FILE], ts, cellCompilerOptions(ts));
  }

  /**
   * Tells the service every cell of the page, in the order they run. Only files whose text
   * changed are updated, so a keystroke costs the edited cell and the cells whose view of the
   * names above it changed. A cell missing from `cells` is gone from the page (the playground's
   * Delete): its file and what was remembered of it go too, so a new cell given its id later
   * starts afresh rather than declaring the names of the one that was deleted.
   */
  setCells(cells: readonly TypedCell[]): void {
    if (cells.some((c) => namesPlot(c.code))) this.#includePlot();
    const ids = new Set(cells.map((c) => c.id));
    for (const id of [...this.#codes.keys()].filter((known) => !ids.has(known))) {
      this.#codes.delete(id);
      this.#lastGood.delete(id);
      if (this.env.getSourceFile(cellPath(id))) this.env.deleteFile(cellPath(id));
    }
    for (const cell of cells) this.#codes.set(cell.id, cell.code);
    for (const [path, text] of cellFiles(cells, this.#lastGood, (code) => this.#typeOnly(code))) {
      const file = this.env.getSourceFile(path);
      if (!file) this.env.createFile(path, text);
      else if (file.text !== text) this.env.updateFile(path, text);
    }
  }

  /**
   * Adds `Plot`'s global (PLOT_GLOBAL_TEXT) and with it Observable Plot's declarations, once:
   * until a cell names Plot, or completion may offer it, they are not parsed.
   */
  #includePlot(): void {
    if (!this.env.getSourceFile(PLOT_GLOBAL_FILE)) this.env.createFile(PLOT_GLOBAL_FILE, PLOT_GLOBAL_TEXT);
  }

  /**
   * The top-level names of `code` that are types only (the kernel strips them, so it cannot
   * name them): `import { type Matrix }`, `import type …`, `type …`, `interface …`. Read from
   * TypeScript's own syntax tree.
   */
  #typeOnly(code: string): string[] {
    const known = this.#typeNames.get(code);
    if (known) return known;
    const ts = this.#ts;
    const names: string[] = [];
    for (const statement of ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS).statements) {
      if (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) names.push(statement.name.text);
      else if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) if (clause.isTypeOnly || element.isTypeOnly) names.push(element.name.text);
        } else if (bindings && clause.isTypeOnly) names.push(bindings.name.text);
        if (clause.name && clause.isTypeOnly) names.push(clause.name.text);
      }
    }
    if (this.#typeNames.size > 2000) this.#typeNames.clear();
    this.#typeNames.set(code, names);
    return names;
  }

  #file(id: string): { path: string; code: string } {
    const code = this.#codes.get(id);
    if (code === undefined) throw new Error(`CellLanguage: no cell "${id}" (known: ${[...this.#codes.keys()].join(', ') || 'none'}); call setCells first`);
    return { path: cellPath(id), code };
  }

  /**
   * The cell's type errors, in its own code (the stitching line never shows). None at all for
   * code that does not parse: the reader is mid-word (`net.`) or the run's syntax error says
   * what is wrong, and types computed over a broken tree would only add noise beside it. The
   * syntax check is the parser's alone, so a broken cell also costs no type check.
   * `syntax: true` (the build's check, which has no run beside it to say so) returns the syntax
   * errors instead.
   */
  diagnostics(id: string, { syntax = false } = {}): CellDiagnostic[] {
    const ts = this.#ts;
    const { path, code } = this.#file(id);
    const service = this.env.languageService;
    const file = this.env.getSourceFile(path)!;
    // A syntax error anywhere in the file is the reader's: the stitching lines after the code
    // parse on their own, so one found there (after `net.`) belongs at the end of the code.
    const broken = service.getSyntacticDiagnostics(path).map((d) => (d.start! > code.length ? { ...d, start: code.length, length: 0 } : d));
    if (broken.length > 0 && !syntax) return [];
    const found: readonly TS.Diagnostic[] = broken.length > 0 ? broken : [...service.getSemanticDiagnostics(path), ...this.#withheldUses(file, code.length)];
    return found
      .filter((d) => d.start !== undefined && d.start <= code.length && !IGNORED_DIAGNOSTICS.includes(d.code))
      .map((d) => {
        const from = d.start!;
        const to = Math.min(code.length, from + (d.length ?? 0));
        const { line, character } = file.getLineAndCharacterOfPosition(from);
        const severity = d.category === ts.DiagnosticCategory.Error ? 'error' : d.category === ts.DiagnosticCategory.Warning ? 'warning' : 'info';
        return { from, to, line: line + 1, column: character + 1, message: explain(d.code, ts.flattenDiagnosticMessageText(d.messageText, '\n'), code.slice(from, to)), code: d.code, severity } as CellDiagnostic;
      })
      .sort((a, b) => a.from - b.from);
  }

  /**
   * Uses, as values, of the standard library's names that cells do not get (WITHHELD_STANDARD):
   * TypeScript's library declares them, so without this `new WeakRef(x)` would type-check and
   * then fail in the run. Types (`let r: WeakRef<object>`) and `typeof WeakRef`, a feature test,
   * are fine: neither reaches the name at run time. Only names that resolve to the library's
   * own declaration count, so a cell's own `const WeakRef = …` is its business.
   */
  #withheldUses(file: TS.SourceFile, end: number): TS.Diagnostic[] {
    const ts = this.#ts;
    const program = this.env.languageService.getProgram()!;
    const checker = program.getTypeChecker();
    const found: TS.Diagnostic[] = [];
    const visit = (node: TS.Node): void => {
      if (node.pos >= end || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isTypeOfExpression(node)) return;
      if (ts.isIdentifier(node) && Object.hasOwn(WITHHELD_STANDARD, node.text) && node.end <= end) {
        const parent = node.parent;
        const isMemberName = (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node;
        const symbol = ts.isShorthandPropertyAssignment(parent) ? checker.getShorthandAssignmentValueSymbol(parent) : checker.getSymbolAtLocation(node);
        const fromLibrary = symbol?.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile())) ?? false;
        if (!isMemberName && fromLibrary) {
          found.push({ file, start: node.getStart(file), length: node.text.length, messageText: withheld(node.text), category: ts.DiagnosticCategory.Error, code: CANNOT_FIND_NAME });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    return found;
  }

  /** Names that fit at `pos` (after `.`, or the start of a word), best first; null where none fit. */
  completions(id: string, pos: number): CellCompletion[] | null {
    this.#includePlot(); // a global completion offers Plot
    const path = this.#completable(id, pos);
    const info = this.env.languageService.getCompletionsAtPosition(path, pos, { includeCompletionsWithInsertText: false });
    if (!info) return null;
    return info.entries
      // A withheld built-in is not offered among the globals (15 is TypeScript's rank for them).
      .filter((e) => e.kind !== this.#ts.ScriptElementKind.warning && e.name !== CHECKER_ALIAS && !(Object.hasOwn(WITHHELD_STANDARD, e.name) && e.sortText === '15'))
      .map((e) => ({ label: e.name, kind: e.kind, sortText: e.sortText }));
  }

  /** The signature and docstring of completion `name` at `pos`. */
  completionDocs(id: string, pos: number, name: string): CellDocs | null {
    const path = this.#completable(id, pos);
    const details = this.env.languageService.getCompletionEntryDetails(path, pos, name, undefined, undefined, undefined, undefined);
    return details ? this.#docs(details) : null;
  }

  /**
   * The cell's file, ready to complete at `pos`. `import { mat` with no `from` yet names no
   * module, so TypeScript has nothing to offer; a cell imports from "nn" (or Plot, which says
   * so), so the file is completed as if `} from "nn"` followed. The next setCells puts back the
   * reader's text.
   */
  #completable(id: string, pos: number): string {
    const { path, code } = this.#file(id);
    const lineStart = code.lastIndexOf('\n', pos - 1) + 1;
    const lineEnd = code.indexOf('\n', pos) === -1 ? code.length : code.indexOf('\n', pos);
    if (/^\s*import\s+(type\s+)?\{[^}]*$/.test(code.slice(lineStart, pos)) && !/\bfrom\b|\}/.test(code.slice(pos, lineEnd))) {
      const wordEnd = pos + (/^[\w$]*/.exec(code.slice(pos))?.[0].length ?? 0);
      const text = this.env.getSourceFile(path)!.text;
      if (!text.startsWith(`${code.slice(0, wordEnd)} } from "nn";`)) this.env.updateFile(path, `${text.slice(0, wordEnd)} } from "nn";${text.slice(wordEnd)}`);
    }
    return path;
  }

  /** What hovering at `pos` shows: the signature and docstring of the name there. */
  hover(id: string, pos: number): CellHover | null {
    const { path, code } = this.#file(id);
    if (pos > code.length) return null;
    const info = this.env.languageService.getQuickInfoAtPosition(path, pos);
    if (!info) return null;
    return { from: info.textSpan.start, to: info.textSpan.start + info.textSpan.length, ...this.#docs(info) };
  }

  #docs(info: { displayParts?: TS.SymbolDisplayPart[]; documentation?: TS.SymbolDisplayPart[]; tags?: TS.JSDocTagInfo[] }): CellDocs {
    const text = (parts?: TS.SymbolDisplayPart[]) => (parts ?? []).map((p) => p.text).join('');
    return {
      signature: text(info.displayParts),
      docs: text(info.documentation),
      tags: (info.tags ?? []).map((t) => ({ name: t.name, text: text(t.text) })),
    };
  }
}
