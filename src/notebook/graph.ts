// Which cells to run, from what each cell defines and uses. Pure functions over the page's
// cells in page order; the page keeps `defines`/`uses` from each cell's last run, and for a
// cell that never ran, from analyzeCell() in transform.ts.

export interface CellDeps {
  id: string;
  defines: string[];
  uses: string[];
}

/**
 * Cells above `id` that have not run yet, in page order: a reader who starts in the middle
 * gets everything above run first. (Running all of them, not only the ones `id` names, is
 * deliberate: a cell above may set state, seed randomness or define what a cell it defines
 * uses.)
 */
export function needsBefore(cells: readonly CellDeps[], id: string, ran: ReadonlySet<string>): string[] {
  const index = cells.findIndex((cell) => cell.id === id);
  if (index < 0) return [];
  return cells.slice(0, index).filter((cell) => !ran.has(cell.id)).map((cell) => cell.id);
}

/**
 * Cells below `id` that use, directly or through other cells, a name `id` defines, in page
 * order: the cells to rerun after `id` changes, as in Observable. A cell below that redefines
 * a name without using it hides the earlier definition from the cells after it.
 */
export function dependents(cells: readonly CellDeps[], id: string): string[] {
  const index = cells.findIndex((cell) => cell.id === id);
  if (index < 0) return [];
  const changed = new Set(cells[index].defines);
  const out: string[] = [];
  for (const cell of cells.slice(index + 1)) {
    if (cell.uses.some((name) => changed.has(name))) {
      out.push(cell.id);
      for (const name of cell.defines) changed.add(name);
    } else {
      for (const name of cell.defines) changed.delete(name);
    }
  }
  return out;
}
