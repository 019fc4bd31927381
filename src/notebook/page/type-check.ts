/**
 * The types' side of the notebook: what the types see of the page's cells, when their worker
 * may start, and the type errors a run lists above its output.
 *
 * Type errors do not stop a run (as in the TypeScript Playground); they are listed above its
 * output, for code the reader changed. The chapter's own code type-checks at build time, and its
 * rerun must show exactly what the build baked. A run lists the diagnostics its editor already
 * has for exactly the cells it ran with; when the reader ran before the check answered, they
 * are asked once the runner is idle and added only if the output is still that run's.
 */
import type { Extension } from '@codemirror/state';
import type { TypedCell } from '../types/cell-files.ts';
import type { CellDiagnostic } from '../types/language.ts';
import type { TypeAssist } from './types.ts';
import type { Cell } from './cell.ts';
import { loadTypesModule } from './lazy-modules.ts';
import { pageOrder } from '../schedule.ts';

/** The types worker, just started, and a promise that rejects, saying why, if it fails to. */
export interface StartedWorker {
  worker: Worker;
  failed: Promise<never>;
}

/**
 * Starts the types worker (src/notebook/types/types-worker.ts). It is made here, not by the types
 * module (types.ts), so that its script (TypeScript, 1.3 MB gzip) is on its way while that module
 * loads; this page module holds only its URL. Its failure is heard from the start: a script that
 * does not load fires its error before anyone asks anything, and Comlink alone would never answer.
 */
function startTypesWorker(): StartedWorker {
  const worker = new Worker(new URL('../types/types-worker.ts', import.meta.url), { type: 'module', name: 'types' });
  const failed = new Promise<never>((_, reject) => {
    const fail = (event: Event) => {
      const detail = event instanceof ErrorEvent && event.message ? `: ${event.message}` : ' (its script did not load)';
      reject(new Error(`The types worker failed to start${detail}`));
      worker.terminate();
    };
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
  });
  failed.catch(() => {}); // read by each request (TypeAssist); unhandled only if none was made
  return { worker, failed };
}

/** The cells as the types saw them, as one string: diagnostics are for exactly these. */
const typedCellsKey = (cells: readonly TypedCell[]) => JSON.stringify(cells.map((c) => [c.id, c.code, c.shares]));

/** What the types need of the notebook. */
export interface TypeCheckHost {
  readonly cells: readonly Cell[];
  /** Resolves once no cell runs or waits to run. */
  whenIdle(): Promise<void>;
}

export class TypeCheck {
  /** The types' worker, from the reader's first focus on a cell's code (page/types.ts); null until then, and after it failed. */
  types: TypeAssist | null = null;
  /** The types starting (start()), or started; null before the first focus, and after a failure so the next focus tries again. */
  #starting: Promise<TypeAssist> | null = null;
  /** Each cell's editor's last diagnostics and the cells they were for (typedCellsKey), so a run lists them without asking again. */
  #known = new WeakMap<Cell, { key: string; diagnostics: CellDiagnostic[] }>();
  readonly #host: TypeCheckHost;

  constructor(host: TypeCheckHost) {
    this.#host = host;
  }

  /**
   * The cells as the types see them: in the order the page runs them (setup cells first), with
   * the code on screen; a display cell sees the cells above it but gives its names to none.
   */
  typedCells(): TypedCell[] {
    return pageOrder(this.#host.cells).map((c) => ({ id: c.id, code: c.code, shares: c.runnable }));
  }

  /** The cells as the types see them for a run of `cell` with `code` (checked after it, never during). */
  cellsForRun(cell: Cell, code: string): TypedCell[] {
    return this.typedCells().map((c) => (c.id === cell.id ? { ...c, code } : c));
  }

  /**
   * Starts the types, once per page: called when the reader focuses or presses on a cell's code,
   * the moment they may be about to type. TypeScript's start (loading it, parsing the library
   * and the declarations: about a second of CPU) then overlaps the reader's first keystrokes
   * instead of following them. It loads the types module meanwhile, but starts the worker only
   * once no cell runs or waits to run, so it never begins during a run. Resolves with the
   * worker's TypeAssist; rejects if the module cannot load, or later (`ready()`) if the worker
   * cannot start: either way the next focus tries again, and the editor stays plain meanwhile.
   */
  start(): Promise<TypeAssist> {
    this.#starting ??= (() => {
      const worker = this.#host.whenIdle().then(startTypesWorker);
      const types = loadTypesModule().catch(async (error: unknown) => {
        (await worker).worker.terminate();
        throw error;
      });
      return Promise.all([types, worker]).then(
        ([module, started]) => {
          const assist = new module.TypeAssist(started);
          this.types = assist;
          assist.ready().catch((error: Error) => {
            if (this.types === assist) this.#forget();
            console.warn(error.message);
          });
          return assist;
        },
        (error: unknown) => {
          this.#forget();
          throw error;
        },
      );
    })();
    return this.#starting;
  }

  /** Drops a worker that failed, so the next focus starts a new one. */
  #forget() {
    this.types = null;
    this.#starting = null;
  }

  /**
   * The types' extensions for `cell`'s editor, asked when it is focused (editor.ts): they go in
   * as soon as the worker exists, and requests made while TypeScript starts wait for it. If the
   * worker cannot start, `lost` settles: the editor goes plain, and its next focus asks again.
   */
  async assist(cell: Cell): Promise<{ extension: Extension; lost: Promise<unknown> }> {
    const assist = await this.start();
    const lost = assist.ready().then(
      () => new Promise<never>(() => {}),
      () => undefined,
    );
    const extension = assist.extension({
      id: cell.id,
      cells: () => this.typedCells(),
      idle: () => this.#host.whenIdle(),
      onDiagnostics: (cells, diagnostics) => {
        this.#known.set(cell, { key: typedCellsKey(cells), diagnostics });
      },
    });
    return { extension, lost };
  }

  /**
   * The type errors a run of `cell` with `code` lists above its output, given the cells it ran
   * with: `list` false when none are listed (the types are not loaded, or the code is the
   * chapter's own), else the diagnostics the editor has for exactly those cells, or null when
   * they must be asked for (listLater).
   */
  forRun(cell: Cell, code: string, cells: readonly TypedCell[]): { list: boolean; known: CellDiagnostic[] | null } {
    const list = this.types !== null && code !== cell.original;
    const known = this.#known.get(cell);
    return { list, known: list && known?.key === typedCellsKey(cells) ? known.diagnostics : null };
  }

  /**
   * The type errors of a run the editor had not checked yet, asked once the runner is idle,
   * never holding back the run's output; null when the types fail (they help: without them the
   * output is complete) or when `still()` says the output is no longer that run's.
   */
  async later(cell: Cell, cells: TypedCell[], still: () => boolean): Promise<CellDiagnostic[] | null> {
    const types = this.types!;
    await this.#host.whenIdle();
    let diagnostics: CellDiagnostic[];
    try {
      diagnostics = await types.diagnostics(cells, cell.id);
    } catch {
      return null;
    }
    return still() && cell.ranCode === cells.find((c) => c.id === cell.id)?.code ? diagnostics : null;
  }
}
