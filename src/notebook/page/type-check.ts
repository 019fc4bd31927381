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

/** How long the reader's typing pauses before the types' worker starts (whenQuiet). */
export const TYPES_QUIET_MS = 300;

/** The cells as the types saw them, as one string: diagnostics are for exactly these. */
const typedCellsKey = (cells: readonly TypedCell[]) => JSON.stringify(cells.map((c) => [c.id, c.code, c.shares]));

/** What the types need of the notebook. */
export interface TypeCheckHost {
  readonly cells: readonly Cell[];
  /** Resolves once no cell runs or waits to run. */
  whenIdle(): Promise<void>;
}

export class TypeCheck {
  /** The types' worker, once a reader has edited a cell (page/types.ts); null until then. */
  types: TypeAssist | null = null;
  /** When the reader last edited a cell (performance.now()), for whenQuiet. */
  lastEditAt = 0;
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
   * Resolves when the types' worker may start: no cell runs or waits to, the reader has not
   * typed for TYPES_QUIET_MS (a Run pressed just after the keystroke has joined the queue by
   * then, and a reload or a link followed at once never pays for it), and the browser has a
   * free moment. Its start is the heaviest thing the types do; it never competes with a run.
   */
  async whenQuiet(): Promise<void> {
    for (;;) {
      await new Promise<void>((moment) =>
        'requestIdleCallback' in window
          ? requestIdleCallback(() => moment(), { timeout: 1000 })
          : setTimeout(moment, 0),
      );
      await this.#host.whenIdle();
      const wait = TYPES_QUIET_MS - (performance.now() - this.lastEditAt);
      if (wait <= 0) return;
      await new Promise((later) => setTimeout(later, wait));
    }
  }

  /** The types' extensions for `cell`'s editor: loads the types and starts their worker when the page is quiet. */
  async assist(cell: Cell): Promise<{ extension: Extension; lost: Promise<unknown> }> {
    const types = await loadTypesModule();
    await this.whenQuiet();
    const assist = (this.types ??= new types.TypeAssist());
    // The extension goes in at once (requests made while TypeScript starts wait for it). If the
    // worker cannot start, `lost` settles: the editor goes plain, and the next edit makes a new one.
    const lost = assist.ready().then(
      () => new Promise<never>(() => {}),
      (error: Error) => {
        if (this.types === assist) this.types = null;
        console.warn(error.message);
      },
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
