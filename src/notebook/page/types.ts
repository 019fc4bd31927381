/**
 * Types in the editor: TypeScript's diagnostics underlined as the reader types, completion with
 * each name's signature and docstring, and hover. The language service runs in a worker of its
 * own (src/notebook/types/types-worker.ts); this module and that worker load when a reader first
 * focuses a cell's code (type-check.ts), never with the page, a scroll or a run.
 *
 * The runner comes first: the worker starts, and every check, completion and hover waits, until
 * no cell runs or waits to (`TypedEditor.idle`), so TypeScript is never asked for work during a
 * run (only its own start, begun before, may still be under way when a run begins).
 *
 * Diagnostics inform, they do not block: the cell still runs, and when the reader changed its
 * code, its output lists them first (type-check.ts; the chapter's own code type-checks at build
 * time, so its rerun shows exactly what the build baked). Screen readers hear them through a polite live region while the editor has
 * focus. Keyboard: completion opens as one types (Ctrl+Space asks), arrows choose, Enter takes,
 * Escape closes it (a second Escape leaves the editor, editor.ts); Tab is never taken, so it
 * still leaves the editor. F8 moves to the next diagnostic, Ctrl+Shift+M lists them.
 */
import { wrap, type Remote } from 'comlink';
import { Prec, type Extension } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap } from '@codemirror/view';
import { linter, lintKeymap, type Diagnostic } from '@codemirror/lint';
import { autocompletion, closeCompletion, completionStatus, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { TypesApi } from '../types/types-worker.ts';
import type { TypedCell } from '../types/cell-files.ts';
import type { StartedWorker } from './type-check.ts';
import type { CellDiagnostic, CellDocs } from '../types/language.ts';
import { countTypeFindings, findingKind } from '../render.ts';
import { typesTheme } from './types-theme.ts';

/** CodeMirror's completion icons, by TypeScript's kind of name. */
const ICONS: Record<string, string> = {
  const: 'constant', let: 'variable', var: 'variable', 'local var': 'variable', parameter: 'variable', alias: 'variable',
  function: 'function', 'local function': 'function', method: 'method', property: 'property', getter: 'property',
  setter: 'property', class: 'class', interface: 'interface', type: 'type', enum: 'enum', module: 'namespace',
  keyword: 'keyword',
};

/**
 * Diagnostics as a sentence, for the screen readers' live region (the output lists them with
 * render.ts's renderTypeErrors), each kind by its name: "1 type error and 1 warning. …".
 */
export function describeDiagnostics(diagnostics: readonly CellDiagnostic[]): string {
  if (diagnostics.length === 0) return 'No type errors.';
  return `${countTypeFindings(diagnostics)}. ${diagnostics.map((d) => `Line ${d.line}, column ${d.column}${findingKind(d.severity)}: ${d.message}`).join(' ')}`;
}

/** The signature and docstring of a name, as DOM built from text (nothing is parsed as HTML). */
function docsElement(docs: CellDocs): HTMLElement {
  const box = document.createElement('div');
  box.className = 'nb-type-docs';
  const signature = box.appendChild(document.createElement('pre'));
  signature.className = 'nb-type-signature';
  signature.textContent = docs.signature;
  for (const block of docs.docs.split(/\n\s*\n/).filter((p) => p.trim())) {
    // Docstrings are wrapped for the source's width; the tooltip wraps them for its own.
    const paragraph = block.replace(/\s*\n\s*/g, ' ');
    const p = box.appendChild(document.createElement('p'));
    // `code` in a docstring shows as code; everything else as text.
    paragraph.split(/(`[^`]+`)/).forEach((piece) => {
      if (/^`[^`]+`$/.test(piece)) p.appendChild(document.createElement('code')).textContent = piece.slice(1, -1);
      else p.append(piece);
    });
  }
  for (const tag of docs.tags) {
    const p = box.appendChild(document.createElement('p'));
    p.className = 'nb-type-tag';
    p.appendChild(document.createElement('em')).textContent = `@${tag.name}`;
    p.append(` ${tag.text}`);
  }
  return box;
}

/** What a cell tells the types: its id and a way to read all the page's cells, in run order. */
export interface TypedEditor {
  id: string;
  cells: () => TypedCell[];
  /** Resolves when no cell runs or waits to run: every request to the worker waits for it. */
  idle: () => Promise<void>;
  /** Called with each new set of diagnostics for this cell's code, and the cells they are for. */
  onDiagnostics?: (cells: TypedCell[], diagnostics: CellDiagnostic[]) => void;
}

/**
 * One types worker per page, shared by its editors. If the worker cannot start (its script
 * fails to load or to run), every request rejects with that reason instead of waiting forever
 * (Comlink alone would never answer) and `ready()` says so; the page (type-check.ts) then makes a new one
 * next time: the editor stays a plain editor meanwhile.
 */
export class TypeAssist {
  readonly #api: Remote<TypesApi>;
  readonly #worker: Worker;
  readonly #live: HTMLElement;
  /** Rejects when the worker fails; every request races it. */
  readonly #failed: Promise<never>;
  /** Resolves once the worker has TypeScript ready (asked once: see ready()). */
  readonly #ready: Promise<void>;
  #lastSaid = new Map<string, string>();

  /** `started.worker` runs src/notebook/types/types-worker.ts; `started.failed` rejects if it cannot start (type-check.ts starts it). */
  constructor(started: StartedWorker) {
    this.#worker = started.worker;
    this.#api = wrap<TypesApi>(this.#worker);
    this.#failed = started.failed;
    this.#ready = this.#ask((api) => api.ready()).then(() => undefined);
    this.#ready.catch(() => {}); // read by ready()'s callers
    this.#live = document.createElement('div');
    this.#live.className = 'visually-hidden';
    this.#live.setAttribute('role', 'status');
    this.#live.setAttribute('aria-live', 'polite');
    this.#live.dataset.typeStatus = '';
    document.body.append(this.#live);
  }

  /** A request to the worker, or the reason it failed to start. */
  #ask<T>(request: (api: Remote<TypesApi>) => Promise<T>): Promise<T> {
    return Promise.race([request(this.#api), this.#failed]);
  }

  /** Resolves once the worker has TypeScript ready; rejects, saying why, if it cannot start. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The diagnostics of `code` as cell `id` (the run uses this for the output's list). */
  diagnostics(cells: TypedCell[], id: string): Promise<CellDiagnostic[]> {
    return this.#ask((api) => api.diagnostics(cells, id));
  }

  /** Says the cell's diagnostics once each time they change, while the reader is in its editor. */
  #announce(view: EditorView, id: string, diagnostics: CellDiagnostic[]) {
    const text = describeDiagnostics(diagnostics);
    const before = this.#lastSaid.get(id);
    this.#lastSaid.set(id, text);
    if (!view.hasFocus || text === before || (before === undefined && diagnostics.length === 0)) return;
    this.#live.textContent = text;
  }

  /** The editor extensions for one cell: diagnostics, completion with docs, hover, their keys. */
  extension(cell: TypedEditor): Extension {
    const withCode = (view: EditorView) => {
      const code = view.state.doc.toString();
      // The editor's own text, even if the page has not heard of the last keystroke yet.
      return { code, cells: cell.cells().map((c) => (c.id === cell.id ? { ...c, code } : c)) };
    };
    const lint = linter(async (view): Promise<Diagnostic[]> => {
      const asked = view.state.doc;
      await cell.idle();
      // Installed on focus, this first round waits for TypeScript to start; the reader has often
      // typed by then, and that edit's own round answers: asking for this text too would put a
      // check nobody sees before the one they wait for.
      if (!(await this.#ready.then(() => true, () => false)) || view.state.doc !== asked) return [];
      const { code, cells } = withCode(view);
      const found = await this.diagnostics(cells, cell.id).catch(() => null);
      if (!found) return []; // the worker failed: a plain editor, as before types loaded
      if (view.state.doc.toString() !== code) return []; // typed on meanwhile: the next round answers
      cell.onDiagnostics?.(cells, found);
      this.#announce(view, cell.id, found);
      return found.map((d) => ({
        from: d.from,
        to: Math.max(d.to, d.from),
        severity: d.severity,
        source: `TypeScript ${d.code}`,
        message: d.message,
      }));
    }, { delay: 30 }); // CodeMirror's default is 750 ms; a check takes tens of ms, and a keystroke's answer should be felt at once

    const complete = async (context: CompletionContext): Promise<CompletionResult | null> => {
      const word = context.matchBefore(/[\w$]*/);
      const afterDot = context.state.sliceDoc(Math.max(0, (word?.from ?? context.pos) - 1), word?.from ?? context.pos) === '.';
      // Opens by itself on a name being typed, not on a number (`6 * 7 + 1`): a list over
      // digits would only take the reader's Escape and Enter.
      if (!context.explicit && !afterDot && (!word || word.from === word.to || /^\d/.test(word.text))) return null;
      await cell.idle();
      if (context.aborted) return null;
      const { cells } = withCode(context.view!);
      const pos = context.pos;
      const found = await this.#ask((api) => api.completions(cells, cell.id, pos)).catch(() => null);
      // Not over a cell the reader has left: CodeMirror closes a list on blur, but starts a
      // lookup 50 ms after the keystroke, focus or not, and shows whatever answers.
      if (!found || context.aborted || !context.view?.hasFocus) return null;
      const options: Completion[] = found.map((entry) => ({
        label: entry.label,
        type: ICONS[entry.kind],
        // TypeScript's ranking: names of this scope (11) before globals (15) and keywords.
        boost: -Number.parseInt(entry.sortText, 10) || 0,
        info: async () => {
          // The cells as they were when the list was made, so `pos` means what it meant then.
          const docs = await this.#ask((api) => api.completionDocs(cells, cell.id, pos, entry.label)).catch(() => null);
          return docs ? docsElement(docs) : null;
        },
      }));
      return { from: word?.from ?? pos, options, validFor: /^[\w$]*$/ };
    };

    const hover = hoverTooltip(async (view, pos) => {
      await cell.idle();
      const { cells } = withCode(view);
      const found = await this.#ask((api) => api.hover(cells, cell.id, pos)).catch(() => null);
      if (!found || !found.signature) return null;
      return { pos: found.from, end: found.to, above: true, create: () => ({ dom: docsElement(found) }) };
    }, { hoverTime: 300 });

    return [
      lint,
      // Escape closes a list on screen; a list only being looked for (CodeMirror marks one pending
      // from the keystroke until the lookup answers, which waits for a run to end) is dropped and
      // the same Escape leaves the editor, as the reader expects when they see no list. Before
      // autocompletion's own Escape (same precedence, earlier here), which would take it.
      Prec.highest(
        keymap.of([
          {
            key: 'Escape',
            run: (view) => {
              if (completionStatus(view.state) === 'pending') closeCompletion(view);
              return false;
            },
          },
        ]),
      ),
      autocompletion({ override: [complete], activateOnTypingDelay: 50, icons: true, closeOnBlur: true }),
      hover,
      keymap.of(lintKeymap),
      typesTheme,
    ];
  }
}
