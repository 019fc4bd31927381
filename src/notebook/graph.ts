// How cells depend on each other, from what each cell defines and uses. Pure functions over a
// page's cells in page order; the page keeps `defines`/`uses` from each cell's last run, and for
// a cell that never ran, from analyzeCell() in transform.ts. The page's run policy built on
// these (which cells run before and after a cell) is schedule.ts.

export interface CellDeps {
  id: string;
  defines: string[];
  uses: string[];
  /** The names among `defines` bound by import, when known: the same import again is no redefinition. */
  imports?: readonly ImportBinding[];
  /**
   * Names of other cells its last run changed in place (`arr.push(3)`, `net.train(100)`), when
   * known: for the reruns, such a cell gives the name as one that assigns it from itself does.
   */
  writes?: readonly string[];
}

/** The names a cell's run gives: those it defines, and those it changes in place. */
export const gives = (cell: Pick<CellDeps, 'defines' | 'writes'>): string[] => [...cell.defines, ...(cell.writes ?? [])];

/** The import by which `cell` binds `name`, or undefined when it binds it otherwise. */
const bindingOf = (cell: CellDeps, name: string): ImportBinding | undefined => cell.imports?.find((b) => b.local === name);

/**
 * What an import binds, as text: equal for the same export of the same module, which is one
 * frozen value whichever cell imports it, and under whatever local name.
 */
const exportKey = (binding: ImportBinding): string => `${binding.specifier}\u0000${binding.imported}`;

/** How `cell` binds `name` by import, as exportKey() text, or undefined when it does not. */
const importOf = (cell: CellDeps, name: string): string | undefined => {
  const binding = bindingOf(cell, name);
  return binding ? exportKey(binding) : undefined;
};

/**
 * The cells above `id` whose run gives what it reads, in page order, that must run again before
 * it so that its run reads what the page above it says: for each name it both reads and assigns
 * (`x = x + 1`, which a second run would add to again), and each name it reads that a cell below
 * it defines as well (the code runner's scope holds the definition run last, the one below), the
 * nearest cell above that defines the name, and, where that cell reads and assigns it too, the
 * cell above that one, and so on (red team 40: `x = x + 1` run twice showed 3, and a chain of
 * such cells after an edit started from a later cell's value).
 */
export function sources(cells: readonly CellDeps[], id: string): string[] {
  const index = cells.findIndex((cell) => cell.id === id);
  if (index < 0) return [];
  const target = cells[index];
  // How each cell below binds each name it defines: by an import, or otherwise (undefined).
  const below = new Map<string, Set<string | undefined>>();
  for (const cell of cells.slice(index + 1)) {
    for (const name of gives(cell)) below.set(name, (below.get(name) ?? new Set()).add(importOf(cell, name)));
  }
  const needed = new Set(target.uses.filter((name) => gives(target).includes(name) || below.has(name)));
  const out: string[] = [];
  for (let i = index - 1; i >= 0 && needed.size > 0; i--) {
    const cell = cells[i];
    // A name the cells below only import again as this cell imports it is the same value: the
    // same export of the same module (red team 41: `import { train }` repeated retrained a network).
    const given = gives(cell).filter((name) => {
      if (!needed.has(name)) return false;
      const again = below.get(name);
      const same = !gives(target).includes(name) && importOf(cell, name) !== undefined && again !== undefined && [...again].every((key) => key === importOf(cell, name));
      if (same) needed.delete(name);
      return !same;
    });
    if (given.length === 0) continue;
    out.unshift(cell.id);
    // A cell that read the name to give it (`x = x + 1`, `arr.push(3)`) needs the one above it too.
    for (const name of given) if (!cell.uses.includes(name)) needed.delete(name);
  }
  return out;
}

/**
 * Cells below `id` that use or define, directly or through other cells, a name `id` defines, in
 * page order: the cells to rerun after `id` changes, as in Observable. A cell below that
 * defines such a name again reruns too: the code runner's scope holds the definition run last,
 * so the rerun of `id` took the name from it, and the cells after it would read `id`'s value
 * where the page says theirs (red team 36: `const v = 7` edited to 8 above `const v = 2`, and
 * the cell below showed 80 as "ran"). Its rerun gives the name back, and the cells that use it
 * follow from it.
 */
export function dependents(cells: readonly CellDeps[], id: string): string[] {
  const index = cells.findIndex((cell) => cell.id === id);
  if (index < 0) return [];
  const changed = new Set(gives(cells[index]));
  // A name a cell above defines from a changed name may read it later, when called (a function
  // whose body reads `k`): the cells below that use it read the change through it (red team 40:
  // `k = 6` edited below `function f() { return k }`, and the `f()` under it kept 5 as "ran").
  for (let grew = true; grew; ) {
    grew = false;
    for (const cell of cells.slice(0, index)) {
      if (!cell.uses.some((name) => changed.has(name))) continue;
      for (const name of cell.defines) {
        if (changed.has(name)) continue;
        changed.add(name);
        grew = true;
      }
    }
  }
  // How each changed name was last bound: by an import (its module and export), or otherwise.
  const boundBy = new Map<string, string | undefined>([...changed].map((name) => [name, importOf(cells[index], name)]));
  const out: string[] = [];
  for (const cell of cells.slice(index + 1)) {
    // The same import again binds the same value: no redefinition (red team 41: `train`
    // imported in two cells retrained a network at every rerun of the first).
    const redefines = cell.defines.some((name) => changed.has(name) && (importOf(cell, name) === undefined || importOf(cell, name) !== boundBy.get(name)));
    if (cell.uses.some((name) => changed.has(name)) || redefines) {
      out.push(cell.id);
      for (const name of gives(cell)) {
        changed.add(name);
        boundBy.set(name, importOf(cell, name));
      }
    }
  }
  return out;
}

/** A name a cell binds with `import`: `import { imported as local } from "specifier"`, or `imported: '*'` for `import * as local`. */
export interface ImportBinding {
  local: string;
  specifier: string;
  imported: string;
}

/** A cell of a chapter, as the review page knows it from the book's build (analyzeCell()). */
export interface ContextCell extends CellDeps {
  /** The names among `defines` that the cell binds by importing them. */
  imports: ImportBinding[];
  /**
   * What the build proved, by running the chapter's cells in order, this cell changes besides
   * its own names: the earlier names it reassigns or whose objects it changes (effects.ts).
   * Absent when not proven.
   */
  writes?: string[];
}

/** What to run before an exercise's code or checks: one cell of imports, then chapter cells. */
export interface ContextPlan {
  /** Imported names to bind first (see importSource), each once. */
  imports: ImportBinding[];
  /** The chapter's cells to run after them, in page order. */
  cells: string[];
}

/**
 * The chapter cells a piece of code needs, found conservatively from names alone: the cells
 * that define a name it uses, and every cell that defines or uses a name of any cell taken,
 * until nothing more is added. So a cell that mutates a needed object (`net.train(100)`, which
 * uses `net`) is kept, and so is one that changes an object through another name for it
 * (`const W = net.W1` taken, later `net.train(100)`): the cells taken are the whole part of the
 * chapter connected to the code by shared names. Cells are kept in page order.
 *
 * The one exception is a name that every cell defining it imports, as the same export of the
 * same module (`import { sigmoid } from "nn"` in several cells): it is bound to a frozen module
 * export that no cell can change, so it links nothing, and the plan binds it with one import
 * instead of running the cells that import it.
 *
 * A cell whose effects the build proved (`writes`, see effects.ts) runs only if its names are
 * read: if it defines or writes a name that the code uses or that a cell that runs reads. So
 * `abs-experiment`, which reads the data `X` and `y` to train 40 networks and prints what it
 * found, no longer runs for an exercise whose checks read `X`; nor does a training cell that
 * changes a network the checks never reach. Why leaving such a cell out changes nothing the
 * code, the checks or a cell that runs can see: take the cells left out from the last to the
 * first. Each one, where it ran, changed no binding and no object that existed before it other
 * than those reachable, when it started, from the names in its `writes` (effects.ts proves it for
 * the run the build made, which the review repeats: the same deterministic code after the same
 * state, by this same argument for the cells before it). Nothing that runs reads those names or
 * the ones it defines. Could something that runs reach a changed object by another path, made
 * later? Any such path was made by a cell that read one of those names (or one the left-out cell
 * defined) to reach the object, and a cell whose names are read runs and adds what it reads to
 * what is read; so the name would be read, and the cell would run. A cell not proven is taken
 * by the connected part above, as before, which still links through the names of proven cells
 * (`const b = a.inner` proven, later `b.push(1)` not: the push runs, and with it the alias).
 *
 * `uses` may be a superset of the names the code uses (see wordsIn): more cells run, never fewer.
 */
export function contextFor(cells: readonly ContextCell[], uses: Iterable<string>): ContextPlan {
  // Names bound only ever by the same import, and that import.
  const bound = new Map<string, ImportBinding | null>();
  for (const cell of cells) {
    for (const name of cell.defines) {
      const binding = bindingOf(cell, name) ?? null;
      const before = bound.get(name);
      const same = before === undefined || (before !== null && binding !== null && exportKey(before) === exportKey(binding));
      bound.set(name, same ? binding : null);
    }
  }
  const inert = (name: string) => Boolean(bound.get(name));
  // `needed`: names that link cells (the connected part, `taken`); `read`: names that something
  // that runs reads. A cell not proven runs when taken; a proven cell when a name it defines or
  // writes is read, and then its names link cells as a taken one's do, so what could change what
  // it reads (or what it defines) is taken too.
  const needed = new Set(uses);
  const read = new Set([...uses].filter((name) => !inert(name)));
  const taken = new Set<string>();
  const runs = new Set<string>();
  const link = (cell: ContextCell) => {
    for (const name of [...cell.defines, ...cell.uses]) needed.add(name);
  };
  for (let grew = true; grew;) {
    grew = false;
    for (const cell of cells) {
      if (!taken.has(cell.id) && [...cell.defines, ...cell.uses].some((name) => needed.has(name) && !inert(name))) {
        taken.add(cell.id);
        grew = true;
        link(cell);
      }
      if (runs.has(cell.id)) continue;
      if (cell.writes === undefined ? !taken.has(cell.id) : ![...cell.defines, ...cell.writes].some((name) => read.has(name))) continue;
      runs.add(cell.id);
      grew = true;
      link(cell);
      for (const name of cell.uses) if (!inert(name)) read.add(name);
    }
  }
  return {
    imports: [...needed].filter(inert).map((name) => bound.get(name)!),
    cells: cells.filter((cell) => runs.has(cell.id)).map((cell) => cell.id),
  };
}

/** The source of a cell that binds `imports`, grouped by module: `import { a, b as c } from "nn";`. */
export function importSource(imports: readonly ImportBinding[]): string {
  const lines: string[] = [];
  const named = new Map<string, string[]>();
  for (const { local, specifier, imported } of imports) {
    if (imported === '*') lines.push(`import * as ${local} from ${JSON.stringify(specifier)};`);
    else named.set(specifier, [...(named.get(specifier) ?? []), imported === local ? local : `${imported} as ${local}`]);
  }
  for (const [specifier, names] of named) lines.unshift(`import { ${names.join(', ')} } from ${JSON.stringify(specifier)};`);
  return lines.join('\n');
}

/**
 * Every word in `source` that could be a name (identifiers, keywords, property names, words in
 * strings and comments), with `\u` escapes decoded first: a superset of the names the code uses,
 * found without parsing it, so it holds even for code that does not compile.
 */
export function wordsIn(source: string): Set<string> {
  const decoded = source.replace(/\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})/g, (escape, long: string | undefined, short: string | undefined) => {
    const code = parseInt(long ?? short!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
  });
  return new Set(decoded.match(/[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/gu) ?? []);
}
