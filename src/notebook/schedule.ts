/**
 * Which cells of a page run, in which order, and which are marked stale: the notebook's run
 * policy, as pure functions over the page's runnable cells (display cells left out) in page
 * order. The page's run queue (page/scheduler.ts) asks these and does what they say; nothing
 * here touches the page or the code runner.
 *
 * The rules (README, "How cells work"; docs/readers.md lists the complaints they answer):
 * - Setup cells run first, wherever they sit on the page.
 * - Running a cell first runs every cell above it that has not run or is stale, setup cells
 *   first, so a reader may start in the middle.
 * - When a cell reruns, the cells below that use a name it defines, or defined before this run,
 *   and that have run, rerun too (as in Observable).
 * - After the code runner restarts, every cell that had run is stale.
 */
import { dependents, gives, sources, type CellDeps } from './graph.ts';

/** A cell's run state, as its toolbar shows it. */
export type RunState = 'idle' | 'queued' | 'running' | 'ran' | 'stale' | 'error';

/** What the policy reads of a cell. */
export interface ScheduleCell extends CellDeps {
  kind: 'normal' | 'setup' | 'display';
  state: RunState;
  /** Whether the cell has run in the current code runner (its defines and uses are from that run). */
  hasRun: boolean;
  /** An exercise's attempt, not one of the chapter's own cells. */
  exercise: boolean;
}

/** Whether running a cell below this one runs this one first. */
const needsRun = (cell: ScheduleCell) => cell.state === 'idle' || cell.state === 'stale';

/** Where `target` is in `cells`; throws when it is not there (a cell removed while its run waited is the caller's to drop). */
function indexOf<C extends ScheduleCell>(cells: readonly C[], target: C, operation: string): number {
  const index = cells.indexOf(target);
  if (index < 0)
    throw new Error(`${operation}: cell "${target.id}" is not among the page's ${cells.length} runnable cells`);
  return index;
}

/** `cells` in the order a full run takes: setup cells first, then page order. */
export function pageOrder<C extends ScheduleCell>(cells: readonly C[]): C[] {
  return [...cells.filter((c) => c.kind === 'setup'), ...cells.filter((c) => c.kind !== 'setup')];
}

/**
 * Adds to `runs` (the ids of cells a request runs) the cells that give what each of them reads
 * (graph.sources: a name it assigns from itself or changes in place, or one a cell below it
 * defines too), and what `also` says comes with each cell added, until nothing more is added. A
 * chain of sources stops at a cell that runs anyway (its own sources come with it) or at `ran`,
 * which just ran. Only the cells below a cell that ran hold a definition in the code runner (red
 * team 41: a cell below never run, importing `sigmoid` again, made every use of it rerun the
 * import above and all after it).
 */
function addSources<C extends ScheduleCell>(
  cells: readonly C[],
  runs: Set<string>,
  ran?: string,
  also: (id: string) => Iterable<string> = () => [],
): void {
  const deps = cells.map((c) => ({ id: c.id, uses: c.uses, defines: c.defines, imports: c.imports, writes: c.writes }));
  for (let grew = true; grew;) {
    grew = false;
    for (const [index, cell] of cells.entries()) {
      if (!runs.has(cell.id)) continue;
      const held = deps.filter((c, i) => i <= index || cells[i].hasRun);
      const chain = sources(held, cell.id);
      const from = Math.max(-1, ...chain.map((id, i) => (id === ran || runs.has(id) ? i : -1)));
      for (const id of chain.slice(from + 1)) {
        runs.add(id);
        grew = true;
        for (const more of also(id)) if (more !== ran) runs.add(more);
      }
    }
  }
}

/**
 * The cells to run before `target`, in the order they run: the setup cells (other than
 * `target`) and then the cells above it, each only if it has not run or is stale, or if its run
 * gives what `target`, or a cell that runs before it, reads and would read otherwise
 * (addSources: red team 44's edited `x = x + k * 10`, run on the way to the cell below it, added
 * to the last x, 23 where the page gives 21). Running all of them, not only the ones `target`
 * names, is deliberate: a cell above may set state, seed randomness or define what a cell it
 * defines uses.
 */
export function needsBefore<C extends ScheduleCell>(cells: readonly C[], target: C): C[] {
  const index = indexOf(cells, target, 'needsBefore');
  const before = (c: C, i: number) => c !== target && (i < index || c.kind === 'setup');
  const runs = new Set([target.id, ...cells.filter((c, i) => before(c, i) && needsRun(c)).map((c) => c.id)]);
  addSources(cells, runs);
  const again = (c: C) => needsRun(c) || (runs.has(c.id) && c.hasRun);
  const setup = cells.filter((c, i) => c.kind === 'setup' && before(c, i) && again(c));
  const above = cells.slice(0, index).filter((c) => c.kind !== 'setup' && again(c));
  return [...setup, ...above];
}

/**
 * The cells to mark stale and rerun after `target` ran, in page order: those below that use,
 * directly or through other cells, a name `target` defines now or defined before this run
 * (`definedBefore`: a name it no longer defines must fail where it is used, not linger), and
 * that have run (a cell the reader has not reached yet stays as it is).
 */
export function rerunAfter<C extends ScheduleCell>(
  cells: readonly C[],
  target: C,
  definedBefore: readonly string[],
): C[] {
  indexOf(cells, target, 'rerunAfter');
  const deps = cells.map((c) => ({
    id: c.id,
    uses: c.uses,
    defines: c === target ? [...new Set([...definedBefore, ...c.defines])] : c.defines,
    imports: c.imports,
    writes: c.writes,
  }));
  const ids = new Set(dependents(deps, target.id));
  // A cell that reruns and assigns a name from itself (`x = x + k`, rerun because `k` changed),
  // or changes it in place, starts from what the page above it gives, as a cell run on its own
  // does (needsBefore): the cells that give it rerun too, and what uses them (it added to its own
  // last value: 4, where the page says 3).
  addSources(cells, ids, target.id, (id) => dependents(deps, id));
  return cells.filter((c) => ids.has(c.id) && c.hasRun);
}

/**
 * The cells that deleting `removed` makes stale, in page order: `above`, the cells above it that
 * define a name it defined (what they gave it is what the page now says, and only their rerun
 * gives that back), and `below`, the cells below that used what it defined, directly or through
 * other cells, as after a rerun that dropped its names (rerunAfter). Only cells that show a
 * result (ran or failed) count; nothing, when `removed` never ran (red team 41: a deleted
 * `x = x * 2` left the cell reading `x` below it "ran 2", where the page above says 1).
 */
export function staleAfterRemoval<C extends ScheduleCell>(cells: readonly C[], removed: C): { above: C[]; below: C[] } {
  const index = indexOf(cells, removed, 'staleAfterRemoval');
  if (!removed.hasRun) return { above: [], below: [] };
  const shown = (c: C) => c.state === 'ran' || c.state === 'error';
  // What it changed in place counts as what it assigned: a deleted `arr.push(3)` leaves the
  // pushed item in `arr` until the cell that made it runs again.
  const given = gives(removed);
  return {
    above: cells.slice(0, index).filter((c) => c.hasRun && shown(c) && gives(c).some((name) => given.includes(name))),
    below: rerunAfter(cells, removed, removed.defines).filter(shown),
  };
}

/** "Run above": every cell above `target` and every setup cell other than it, whatever their state, setup cells first. */
export function runAboveOrder<C extends ScheduleCell>(cells: readonly C[], target: C): C[] {
  const index = indexOf(cells, target, 'runAboveOrder');
  return pageOrder(cells.filter((c, i) => c !== target && (i < index || c.kind === 'setup')));
}

/** The cells up to and including `target`, setup cells first: a restart's way back to a cell the chapter wrote. */
export function throughOrder<C extends ScheduleCell>(cells: readonly C[], target: C): C[] {
  const index = indexOf(cells, target, 'throughOrder');
  return pageOrder(cells.slice(0, index + 1));
}

/**
 * The cells an exercise's checks start from: the page's setup cells, then the chapter's cells
 * above the attempt (other exercises' attempts excepted), as the build proves each solution
 * against them and the teacher's review runs them (the exercise manifest's `context`).
 */
export function checkContext<C extends ScheduleCell>(cells: readonly C[], attempt: C): C[] {
  const index = cells.indexOf(attempt);
  const chapter = cells.filter((c) => !c.exercise);
  const above = cells.slice(0, index < 0 ? cells.length : index).filter((c) => !c.exercise && c.kind !== 'setup');
  return [...chapter.filter((c) => c.kind === 'setup'), ...above];
}

/**
 * The cells whose names a restart of the code runner took: every cell that had run (ran, error
 * or stale), and `innocent` (the cell whose run a hang of `blamed` ended) if it had run before,
 * except `blamed` itself, which shows the stop instead.
 */
export function lostOnRestart<C extends ScheduleCell>(cells: readonly C[], blamed: C | null, innocent: C | null): C[] {
  return cells.filter(
    (c) =>
      c !== blamed && c.hasRun && (c.state === 'ran' || c.state === 'error' || c.state === 'stale' || c === innocent),
  );
}

/** The state of a cell that was to run and did not (taken out of the queue, or stopped): stale if it ran before, else not run. */
export function notRunState(cell: ScheduleCell): 'idle' | 'stale' {
  return cell.hasRun ? 'stale' : 'idle';
}

/** What a cell whose turn did not come says beside that state: "not rerun" once it has run. */
export function notRunLabel(cell: ScheduleCell): 'not run' | 'not rerun' {
  return cell.hasRun ? 'not rerun' : 'not run';
}
