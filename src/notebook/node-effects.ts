/**
 * What each of a chapter's cells changes of the state it finds, proven by running them (see
 * effects.ts): the build records it in the exercise manifest, so the review page can leave a
 * cell out when nothing it judges reads a name the cell defines or changes (contextFor in graph.ts).
 */
import { openNodeKernel } from './node-runner.ts';
import type { CellEffects } from './effects.ts';

// One run per chapter text and process: the pages are built by separate module instances, so the
// map lives on globalThis (as node-judge.ts keeps its judgements).
const MEMO = Symbol.for('nn-from-scratch.cell-effects');
const memo: Map<string, Promise<Map<string, CellEffects>>> = ((globalThis as Record<symbol, unknown>)[MEMO] ??= new Map()) as Map<string, Promise<Map<string, CellEffects>>>;

/**
 * Runs `cells` in order in a fresh kernel thread, quietly, each run watched, and gives each cell's
 * effects by id. `cells` are a chapter's cells in run order without its exercises, as every
 * exercise's context is a first part of them (contextOf in notebook-syntax.ts): a cell's proof
 * depends only on the cells before it, so it holds in every context that holds the cell. A cell
 * that fails is proven only for what it did before it failed, which is what it does wherever it
 * runs, since the same cells came before it.
 */
export function cellEffects(cells: readonly { id: string; source: string }[]): Promise<Map<string, CellEffects>> {
  const key = JSON.stringify(cells.map((c) => [c.id, c.source]));
  let found = memo.get(key);
  if (!found) {
    found = (async () => {
      const kernel = await openNodeKernel();
      try {
        const effects = new Map<string, CellEffects>();
        for (const cell of cells) {
          const result = await kernel.run(cell.id, cell.source, { quiet: true, effects: true });
          effects.set(cell.id, result.effects ?? { known: false, why: result.error ? `stopped before it ran: ${result.error.message}` : 'not watched' });
        }
        return effects;
      } finally {
        await kernel.close();
      }
    })();
    memo.set(key, found);
    found.catch(() => memo.delete(key)); // a crashed thread is not remembered as the proof
  }
  return found;
}
