// The kernel holds one page's shared scope and runs cells in it. It is plain logic with no
// knowledge of where it runs: kernel-host.ts builds it (once, for the page's worker and for the
// build's Node thread alike) with the sandbox's evaluator, the modules and a document, and posts
// or renders the plain-data results it returns.

import { compileCell, cellFileId, importBindings, type CompiledCell } from './transform.ts';
import type { ImportBinding } from './graph.ts';
import { toDisplay, type DisplayItem, type LogLevel } from './display.ts';
import { toText } from './console-text.ts';
import { markPlotResult } from './plot-output.ts';
import { createOutputLog, type DescribeOutput, type OutputLimits } from './outputs.ts';
import { cellError, codeFrame, isCellError, suggest, type CellError } from './errors.ts';
import { CODE, TIMER_NAMES, UNAVAILABLE, NotAvailableError } from './allow-list.ts';
import type { CellTimers } from './sandbox.ts';
import type { CheckResult } from './check-report.ts';
import { handedBack, type CheckRound } from './checks.ts';
import { WithheldError, enterAttempt, guardModule, withheldNames, withheldStandIn, withholdFrom, type Allowed } from './withhold.ts';
import { firstChange, readState, type Reading } from './unchanged.ts';
import { codeShape } from './code-shape.ts';
import { ReturnedValues } from './returned.ts';
import { parseStack } from './stack.ts';
import { cellFrames } from './locate.ts';
import { trustedFrom, watchEffects, type CellEffects, type Trusted, type TypeProbe } from './effects.ts';
import { ClosureIndex } from './closures.ts';
import { isCellProxy, REVOKED, REVOKED_PROXY, unproxied } from './proxy-targets.ts';
import { reasonOf } from './value-text.ts';
import { clip } from '../lib/clip.ts';

export interface CellResult {
  cellId: string;
  status: 'ok' | 'error';
  /** Console lines, display() items and finally the cell's value, in the order they happened. */
  outputs: DisplayItem[];
  /** Names this cell defines in the shared scope. */
  defines: string[];
  /** Names this cell reads from other cells. */
  uses: string[];
  /** The names among `defines` that its imports bind, with their module and export (the page's reruns tell a repeated import from a redefinition). */
  imports?: ImportBinding[];
  error?: CellError;
  durationMs: number;
  /**
   * For a run of an exercise's checks: every check made, read by the kernel from the round it
   * created, never from what the checked code returned.
   */
  checks?: CheckResult[];
  /** For a run of checks: how many numbers they drew (CheckRound.drew); with none, a run with RunOptions.probe would judge alike. */
  drew?: number;
  /** With RunOptions.effects: whether the run changed anything it did not define (effects.ts). */
  effects?: CellEffects;
  /**
   * Names of other cells this run changed in place without assigning them (`arr.push(3)`,
   * `net.train(100)`), as far as a reading of what they hold before and after the run can tell
   * (changedInPlace). Not for a run of checks.
   */
  writes?: string[];
}

/** What the kernel needs to watch a run's effects (RunOptions.effects); the build's Node thread gives it. */
export interface EffectsHost {
  /** Node's util.types. */
  types: TypeProbe;
  /** The compartment's global object: with the modules, what the kernel itself hands cells. */
  global: object;
  /** Timers waiting to run. */
  pendingTimers: () => number;
}

export interface KernelOptions {
  /** What `import … from "<specifier>"` gives a cell; "@observablehq/plot" is also the global Plot. */
  modules: Record<string, unknown>;
  /**
   * Evaluates a compiled cell (a script whose value is the cell's function). In the sandbox this
   * is an SES compartment's evaluate (sandbox.ts), so cells see only the allow-list.
   */
  evaluate: (code: string) => unknown;
  /** A fresh round of exercise checks (checks.ts), drawing its points from `seed`; without it, runs of checks are refused. */
  createChecker?: (seed: string) => CheckRound;
  /** Freezes what the kernel hands to cells (SES harden in the sandbox). */
  harden?: <T>(value: T) => T;
  /** Makes a document for each chart Plot draws (dom.ts's createDocument); without it, Plot must be given one explicitly. */
  newDocument?: () => Document;
  /** What one run keeps of its outputs (outputs.ts); a loop that logs a million lines must not flood the page. */
  outputLimits?: OutputLimits;
  /**
   * Output a cell makes after its run has finished (from a timer or a promise it left running),
   * with the cell it belongs to. Without it, late output is dropped.
   */
  onLate?: (cellId: string, item: DisplayItem) => void;
  /**
   * Modules loaded only when a cell first needs one (imports it, or names `Plot`), so a kernel
   * whose cells never draw does not pay to load Plot; and of which each run that uses one gets a
   * new instance (Plot: plot-instance.ts), so that no run shares the module's objects with another
   * cell's: a cell that changes its Plot's d3 changes only its own charts. The loader runs once
   * and resolves to the function that makes an instance (Plot's given its documents: wrapPlot);
   * a loader that fails is tried again by the next cell that needs it. Each instance's namespace
   * is frozen, not what it leads to: those objects are the run's own.
   */
  freshModules?: Record<string, () => Promise<() => object>>;
  /** Lets runs watch their effects (RunOptions.effects); without it, they are not watched. */
  effects?: EffectsHost;
  /**
   * Resolves after the promise jobs a run queued have run (a task of the host later). An
   * attempt's run ends only then, so a chain of promises it left cannot reach what the exercise
   * withholds once its guards are off; and the effects of a run are read only then. The kernel
   * host gives it; a kernel without it cannot close an attempt's run that way.
   */
  settle?: () => Promise<void>;
  /**
   * The timer functions (setTimeout, setInterval, …) for a run of `cellId`, asked just before its
   * code starts. The kernel host gives the page's cells timers owned by the cell (sandbox.ts,
   * Timers.owned), so a rerun ends what the last run left going; without it, cells get this
   * realm's own.
   */
  timers?: (cellId: string) => CellTimers;
}

export interface RunOptions {
  /** Run an exercise's checks: `check` is in scope for this run only, and the result carries the verdicts. */
  checks?: boolean;
  /**
   * With `checks`: the id of the attempt's cell. The checks then read every name the chapter's
   * cells set as those cells left it, not as the attempt redeclared or reassigned it, so an
   * attempt cannot change the reference values it is judged against. On the attempt's own run
   * (its id, without `checks`): the attempt is being judged, and a missing name says that only
   * the chapter's cells above the exercise are there to define it.
   */
  attempt?: string;
  /**
   * With `checks`: text mixed into the seed of the checks' points (Checker.fresh), so that they
   * are drawn apart from the ones the code's own text gives. The review's second, ungraded run
   * (review.ts, ReviewerOptions.probe) draws them from a fresh random text: code searched for
   * (renamed, `+ 0` added) until its own points miss its mistake meets points it was not
   * searched against.
   */
  probe?: string;
  /**
   * Keep no outputs: the run is for its names alone (the chapter's cells that the review page or
   * an exercise's checks run again, which nobody sees). Errors are still reported.
   */
  quiet?: boolean;
  /**
   * What the reader calls this cell ("Cell 3"), for messages about the names it defined;
   * `cell "<id>"` by default. Kept from the cell's latest run.
   */
  label?: string;
  /**
   * This cell compiled ahead of time (the review page has the book's cells compiled by the
   * build), used instead of compiling it again when it is the compilation of exactly this
   * source and cell id; anything else is compiled here as usual.
   */
  compiled?: CompiledCell;
  /**
   * Names this run may not use (an exercise's `withhold`, on its attempt's run): each, whether a
   * chapter cell's name, a named import or a member of an imported namespace, is a stand-in that
   * throws "<name> is withheld in this exercise" when used (withhold.ts). Later runs, the checks
   * included, get the real values; the attempt's code keeps the inputs of its own run.
   */
  withhold?: readonly string[];
  /**
   * From `nn`, the only exports this run may use (an exercise's `allow`, on its attempt's run):
   * every other `nn` export is withheld as if listed in `withhold`, whether imported or a chapter
   * cell's name. Absent: all of `nn` is open, less `withhold`.
   */
  allow?: Allowed;
  /**
   * Watch whether the run changes anything it did not define, and say so in the result's
   * `effects` (effects.ts): the build proves which chapter cells the review may leave out.
   */
  effects?: boolean;
}

export interface Kernel {
  run(cellId: string, source: string, options?: RunOptions): Promise<CellResult>;
  /** Forget every name, as a restarted kernel would. */
  reset(): void;
  /** Forget the names a cell defined (the cell was deleted); reading one later says so. */
  forget(cellId: string): void;
  /** Something `cellId` left running threw after its run: the error, placed in that cell's code. */
  lateError(cellId: string, thrown: unknown): CellError;
  /** The names currently in the shared scope. */
  names(): string[];
}

/** Why a name a cell used to define is no longer in the scope, for the message when it is read. */
interface Gone {
  cellId: string;
  why: 'no-longer' | 'failed' | 'deleted';
}

/** A name in the shared scope: a live view of the defining cell's variable. */
interface Binding {
  cellId: string;
  get: () => unknown;
  set?: (value: unknown) => void;
}

const PLOT = '@observablehq/plot';
/** What a check that passed says when the run's answer changed what the checks compute from (CheckRound.discount). */
export const DISCOUNTED =
  'Passed, but not counted: your code changed what the checks compute the expected answer from (see the last checks), so this pass may come from that change.';

export function createKernel(options: KernelOptions): Kernel {
  const scope = new Map<string, Binding>();
  // For each name, the value each cell left it with when that cell last finished (most recent
  // last): what an exercise's checks read for names the attempt did not make (see RunOptions).
  const settled = new Map<string, Map<string, unknown>>();
  // Compilations by cell and source: the review page and the checks run the same chapter cells
  // again and again, and compiling is plain data in, plain data out.
  const compilations = new Map<string, CompiledCell>();
  const compileOnce = (source: string, cellId: string, attempt: boolean): CompiledCell => {
    const key = `${cellId}\u0000${attempt}\u0000${source}`;
    let cell = compilations.get(key);
    if (!cell) {
      cell = compileCell(source, cellId, { attempt });
      if (compilations.size > 500) compilations.clear();
      compilations.set(key, cell);
    }
    return cell;
  };
  // Latest compilation of each cell, to place stack frames from functions defined there.
  const compiled = new Map<string, CompiledCell>();
  // Names that left the scope because the cell that declared them changed, failed or was
  // deleted: reading one says which cell it was, never the value of code no longer on screen.
  const gone = new Map<string, Gone>();
  const labels = new Map<string, string>();
  const labelOf = (cellId: string) => labels.get(cellId) ?? `cell "${cellId}"`;
  /** Removes the names `cellId` declared, except `keep` (the ones its new code declares again). */
  // With effects watched (KernelOptions.effects), bindings that left the scope: functions of the
  // cells that made them still read and write them, so the watch compares them too.
  const retired: { name: string; binding: Binding }[] = [];
  const retire = (name: string) => {
    const binding = scope.get(name);
    if (binding && options.effects) retired.push({ name, binding });
  };
  // Definitions a later run of another cell hid, by name, the newest last: when the cell that
  // hid one stops defining the name (its new code does not, its run failed, it was deleted), the
  // name is the hiding cell's no longer, and the cell whose definition it hid defines it again,
  // as the code on screen says. Red team 35: `var k = 1` in one cell, `var k = 2` in the next;
  // the second's `k` taken out, and `k` was "not defined — Cell 2 used to define it" while the
  // first cell, run and on screen, defines it.
  const hidden = new Map<string, Binding[]>();
  /** `cellId`'s run defines `name` now: what it hides (another cell's binding) is kept to come back. */
  const hide = (name: string, cellId: string) => {
    const before = scope.get(name);
    const kept = (hidden.get(name) ?? []).filter((b) => b.cellId !== cellId && b.cellId !== before?.cellId);
    if (before && before.cellId !== cellId) kept.push(before);
    if (kept.length > 0) hidden.set(name, kept);
    else hidden.delete(name);
  };
  const dropNames = (cellId: string, keep: readonly string[], why: Gone['why']) => {
    // The cell's hidden definitions of names it no longer defines cannot come back.
    for (const [name, bindings] of hidden) {
      if (keep.includes(name)) continue;
      const left = bindings.filter((b) => b.cellId !== cellId);
      if (left.length > 0) hidden.set(name, left);
      else hidden.delete(name);
    }
    for (const [name, binding] of [...scope]) {
      if (binding.cellId !== cellId || keep.includes(name)) continue;
      retire(name);
      const back = hidden.get(name)?.pop();
      if (hidden.get(name)?.length === 0) hidden.delete(name);
      if (back) {
        scope.set(name, back);
        gone.delete(name);
      } else {
        scope.delete(name);
        gone.set(name, { cellId, why });
      }
      const byCell = settled.get(name);
      byCell?.delete(cellId);
      if (byCell?.size === 0) settled.delete(name);
    }
  };
  // Withheld names the attempt used since its last run, even where it caught the error: the
  // checks that follow fail with one result per name (see RunOptions.withhold).
  // Each with the message its stand-in threw (an allow-list's names say what the list allows).
  const tripped = new Map<string, string>();
  let withheldNow: ReadonlyMap<string, string | undefined> = new Map();
  const trip = (name: string) => void tripped.set(name, new WithheldError(name, withheldNow.get(name)).message);
  const harden = options.harden ?? (<T>(value: T) => value);

  const modules: Record<string, unknown> = { ...options.modules };
  if (modules[PLOT] && options.newDocument) modules[PLOT] = wrapPlot(modules[PLOT] as PlotModule, options.newDocument);
  // A module namespace cannot be frozen in place; the copy cells get can, with every function,
  // class and table it exports, so no cell can change what the checks compute with.
  // nn's functions, classes and methods are guarded first (withhold.ts, guardModule): inside an
  // attempt they refuse what the exercise withholds, however the attempt's code reached them.
  if (modules.nn) modules.nn = guardModule(modules.nn as Record<string, unknown>);
  for (const name of Object.keys(modules)) modules[name] = harden({ ...(modules[name] as object) });
  const loading = new Map<string, Promise<void>>();
  /** What makes a new instance of each fresh module loaded so far (KernelOptions.freshModules). */
  const makers = new Map<string, () => object>();
  const loadable = (specifier: string) => Boolean(options.freshModules?.[specifier]);
  const load = (specifier: string): Promise<void> => {
    let loaded = loading.get(specifier);
    if (!loaded) {
      loaded = options.freshModules![specifier]().then((make) => void makers.set(specifier, make));
      loading.set(specifier, loaded);
      loaded.catch(() => loading.delete(specifier)); // the next cell that needs it tries again
    }
    return loaded;
  };

  /** Each cell's latest run that shows output: late output of an earlier one is dropped. */
  const latestRun = new Map<string, object>();

  async function run(cellId: string, source: string, runOptions: RunOptions = {}): Promise<CellResult> {
    const started = now();
    const kept = createOutputLog(options.outputLimits);
    let open = true;
    let lateCount = 0;
    const thisRun = {};
    if (!runOptions.quiet) latestRun.set(cellId, thisRun);
    const emit = (item: DescribeOutput) => {
      if (runOptions.quiet) return;
      if (!open) {
        // A timer or promise of this cell printing after its run: shown under it, marked late,
        // from what the run left of its budget, and only so many of them. Once the cell has run
        // again (or was deleted), what an earlier run prints is not shown under code that
        // replaced it.
        if (latestRun.get(cellId) !== thisRun) return;
        if (options.onLate && lateCount < MAX_LATE_OUTPUTS) {
          lateCount++;
          const late = kept.late(item); // from what the run left of its budget
          if (late) options.onLate(cellId, late);
        }
        return;
      }
      kept.add(item);
    };
    const idPrefix = () => `nb-${cellFileId(cellId)}-${kept.count + 1}`;
    // The checks' points (Checker.fresh) follow the code judged, the attempt's and the checks':
    // the same hand-in gets the same verdict in the student's browser and at each rerun on the
    // review page, and changed code is checked at new points.
    // Comments and layout aside (codeShape): a red team found, by hand, the comment that made an
    // almost-right answer's points miss its mistake, in 3 to 10 tries.
    const judged = () => (runOptions.attempt === undefined ? '' : codeShape(compiled.get(cellFileId(runOptions.attempt))?.source ?? '', { comments: false }));
    const probe = runOptions.probe === undefined ? '' : `\u0000${runOptions.probe}`;
    const round = runOptions.checks ? options.createChecker?.(`${judged()}\u0000${source}${probe}`) : undefined;
    // What the attempt's code changed of what the checks compute with (see `guarded` below).
    const changes = new Set<string>();
    let chapterRoots: () => (readonly [string, unknown])[] = () => [];
    // Also read once around the whole run: what a method or a returned function of the attempt
    // (called without a guard) changed and left changed is found at the end.
    let atStart: Reading | undefined;
    // What the checks gave the attempt's functions stays watched for the rest of the run: the
    // attempt may keep an object it was given and change it later, from code the checks run with
    // no guard around it (a getter or a method of the value it returned, a Proxy's trap), before
    // the checks compute the expected answer from that object. The checks never change what they
    // gave (check.mayChange names what may change), so a change between two calls is the attempt's.
    const handed: (readonly [string, object])[] = [];
    const handedSeen = new Set<object>();
    // And what the attempt's functions returned (returned.ts): the checks hold copies, but a
    // reader's code keeps the value itself, which a later call must not change.
    const returned = new ReturnedValues();
    /** The attempt's function the checks called last, and whether that call returned undefined (CellError.returnedNothing). */
    let lastReturn: { name: string; nothing: boolean } | undefined;
    const checkReturned = () => {
      const change = returned.firstChange();
      if (change) changes.add(`Your code changed a value one of its functions had returned, in a later call: ${change}. A caller keeps what it gets back (a loss history, new weights), so return a new array each time and leave the old ones as they were.`);
    };
    /** What was handed, as it was when the last guarded call returned. */
    let handedAfter: Reading | undefined;
    const readHanded = () => readState(handed, round!.changeable());
    /** Fails the checks if what was handed changed since the last guarded call returned. */
    const checkHanded = () => {
      const change = handedAfter && firstChange(handedAfter, readHanded());
      if (!change) return;
      handedAfter = undefined;
      changes.add(`Your code changed what the checks gave it after it had returned: ${change}. Code of your answer ran later (a getter, a method or a trap of the value it returned) and changed a value the checks compute the expected answer from; an answer must leave what it is given as it found it.`);
    };
    /**
     * Also fails the checks if the chapter's values changed since the run began. Asked at each
     * `check.…` call and at the end: code of the attempt runs while the checks compute a check's
     * arguments (a getter of the value it returned), and could change something the expected
     * answer is computed from and put it back before the next guarded call (a red team's find).
     */
    const checkpoint = () => {
      checkHanded();
      const left = atStart && changes.size === 0 && firstChange(atStart, readState(chapterRoots(), round!.changeable()));
      if (!left) return;
      atStart = undefined;
      changes.add(`The chapter's values changed while the checks ran: ${left}. The checks compute the expected answer from them, so an answer must leave them as it found them (work on a copy).`);
    };
    /** The names this run's code declares, once it compiled (a failed run says they are its). */
    let declaring: readonly string[] = [];
    /** The names its imports bind, once it compiled. */
    let imported: ImportBinding[] = [];
    const finish = (status: 'ok' | 'error', defines: string[], uses: string[], error?: CellError): CellResult => {
      open = false;
      const outputs = kept.items();
      const result: CellResult = { cellId, status, outputs, defines, uses, imports: imported, durationMs: Math.round((now() - started) * 10) / 10 };
      if (round) {
        for (const message of tripped.values()) round.check.that(false, message);
        checkpoint();
        // A check that passed may have passed through the change (the answer made the expected
        // answer its own): none counts, and each says why, above the checks that name the change.
        if (changes.size > 0) round.discount(DISCOUNTED);
        for (const change of changes) round.check.that(false, change);
        round.close();
        result.checks = round.results();
        result.drew = round.drew();
        outputs.push({ kind: 'checks', results: result.checks, ...(status === 'error' ? { stopped: true } : {}) });
      }
      // A run that failed defines nothing, however it failed (its syntax, a throw, a name or an
      // import that is not there, a module that did not load): what it declared never reached the
      // scope, and what an earlier run of this cell declared is not what its code on screen makes.
      if (status === 'error') {
        dropNames(cellId, [], 'failed');
        // Names its code declares that never reached the scope (a first run that failed after
        // them) are its too: "run the cell that defines it first" was wrong advice for a cell
        // that had run (a red team's find).
        for (const name of declaring) if (!scope.has(name)) gone.set(name, { cellId, why: 'failed' });
      }
      // A function that forgot its `return` gives the checks undefined, and they stop on it
      // ("Cannot read properties of undefined"): the error says which (a red team's training loop).
      if (error) result.error = round && lastReturn?.nothing ? { ...error, returnedNothing: lastReturn.name } : error;
      return result;
    };
    if (runOptions.checks && !round) {
      return finish('error', [], [], { name: 'Error', message: 'This notebook cannot run exercise checks.' });
    }
    if (runOptions.label) labels.set(cellId, runOptions.label);

    // What the run withholds from the cell's code. Code of a run that withholds something is
    // compiled so that every function of it runs as the attempt, whoever calls it, when
    // (attempt-edits.ts).
    const withheld = withheldNames(runOptions.withhold, runOptions.allow, Object.keys((modules.nn as object | undefined) ?? {}));
    const attempt = withheld.size > 0;
    let cell: CompiledCell;
    try {
      const ahead = runOptions.compiled;
      cell = ahead && ahead.source === source && ahead.cellId === cellId && ahead.attempt === attempt ? ahead : compileOnce(source, cellId, attempt);
    } catch (error) {
      return finish('error', [], [], isCellError(error) ? error : { name: 'Error', message: String(error) });
    }
    compiled.set(cellFileId(cellId), cell);
    declaring = cell.declared;
    imported = importBindings(cell.imports);
    // Names this cell declared before and its code no longer declares leave the scope now, so
    // a cell below that still reads one fails and says why, instead of computing with a
    // value no code on the page makes any more.
    dropNames(cellId, cell.declared, 'no-longer');

    const needed = [...cell.imports.map((i) => i.specifier), ...(cell.inputs.includes('Plot') ? [PLOT] : [])]
      .filter((specifier, i, all) => all.indexOf(specifier) === i);
    /** This run's own instance of each fresh module it uses. */
    const own: Record<string, unknown> = {};
    for (const specifier of needed) {
      try {
        if (loadable(specifier) && !makers.has(specifier)) await load(specifier);
        const make = makers.get(specifier);
        if (make) own[specifier] = Object.freeze({ ...make() });
      } catch (error) {
        return finish('error', [], [], { name: 'ImportError', message: `The module "${specifier}" could not be loaded: ${String((error as Error)?.message ?? error)}` });
      }
    }

    // What the kernel itself gives a cell. console, display and (in checks) check come first,
    // before any cell's names, and cannot be assigned: no cell can stand in for them.
    const log = (level: LogLevel) => (...args: unknown[]) => emit((budget) => toText(args, level, { budget }));
    const cellConsole = {
      log: log('log'),
      info: log('info'),
      debug: log('log'),
      warn: log('warn'),
      error: log('error'),
      table: (value: unknown) => emit((budget) => toDisplay(value, { idPrefix: idPrefix(), budget })),
      dir: (value: unknown) => emit((budget) => toDisplay(value, { idPrefix: idPrefix(), budget })),
      assert: (condition: unknown, ...args: unknown[]) => {
        if (!condition) emit((budget) => toText(['Assertion failed:', ...args], 'error', { budget }));
      },
    };
    const reserved: Record<string, unknown> = {
      ...harden(timerFunctions(options.timers?.(cellId) ?? realmTimers())),
      console: harden(cellConsole),
      // display() returns nothing, so `display(x)` as a cell's last line is not shown twice.
      display: harden((value: unknown) => void emit((budget) => toDisplay(value, { idPrefix: idPrefix(), budget }))),
      ...(round ? { check: harden(checkpointed(round.check, checkpoint)) } : {}),
    };
    const uses: string[] = [];
    const inputs = Object.create(null) as Record<string, unknown>;
    // An attempt's run (it is given what to withhold, maybe nothing): what it used before is
    // past, and the checks that follow guard its functions with this exercise's list, not the
    // last exercise's.
    if (runOptions.withhold !== undefined || runOptions.allow !== undefined) {
      tripped.clear();
      withheldNow = withheld;
    }
    const shared = withheld.size === 0 ? modules : Object.fromEntries(Object.entries(modules).map(([specifier, module]) => {
      const copy = withholdFrom(module as Record<string, unknown>, withheld, trip);
      return [specifier, copy === module ? module : harden(copy)];
    }));
    const runModules: Record<string, unknown> = { ...shared, ...own };
    // In a run of checks, every function the attempt defines is called through a guard that
    // reads what the call could reach before and after it (unchanged.ts): its arguments, and the
    // chapter's values that the attempt or the checks name. A change fails the checks, since they
    // compute the expected answer from those same objects.
    const attemptInputs = round && runOptions.attempt !== undefined ? compiled.get(cellFileId(runOptions.attempt))?.inputs ?? [] : [];
    const guards = new WeakMap<object, unknown>();
    /** The chapter's values the attempt or the checks name, as the checks see them. */
    chapterRoots = () => [...new Set([...attemptInputs, ...cell.inputs])].flatMap((input) => {
      const binding = scope.get(input);
      const from = chapterValue(input) ?? (binding && binding.cellId !== runOptions.attempt && !(input in reserved) ? { value: binding.get() } : undefined);
      return from ? [[input, from.value] as const] : [];
    });
    // What the attempt hands the checks reaches them with its arrays made plain (handedBack): a
    // value it defined, copied once between two calls of its functions (only those change it),
    // and whatever its functions return.
    let copies = new WeakMap<object, unknown>();
    const guarded = (value: unknown, name: string): unknown => {
      if (typeof value === 'object' && value !== null) {
        if (!copies.has(value)) {
          // A Proxy's traps are the attempt's code: they run under its guard (withhold.ts).
          const leave = enterAttempt(withheldNow, trip);
          try {
            copies.set(value, handedBack(value, name));
          } finally {
            leave();
          }
        }
        return copies.get(value);
      }
      if (typeof value !== 'function') return value;
      let guard = guards.get(value);
      if (!guard) {
        const read = (args: readonly unknown[]) => readState([...args.map((arg, i) => [`(argument ${i + 1})`, arg] as const), ...handed, ...chapterRoots()], round!.changeable());
        const verify = (before: ReturnType<typeof read>, args: readonly unknown[]) => {
          const change = firstChange(before, read(args));
          if (change) changes.add(`${name} changed what it was given: ${change}. The checks compute the expected answer from the same values, so an answer must leave them as it found them (work on a copy).`);
        };
        let calls = 0;
        /** What the call returned stays watched (returned.ts); returning an argument itself fails at once. */
        const noteReturned = (value: unknown, args: readonly unknown[]) => {
          lastReturn = { name, nothing: value === undefined };
          const itself = returned.note(name, calls + 1, value, args, round!.changeable());
          if (itself) changes.add(itself);
        };
        /** The call has returned: what it was given joins what stays watched, read as it is now. */
        const handOver = (args: readonly unknown[]) => {
          calls++;
          copies = new WeakMap();
          args.forEach((arg, i) => {
            if (((typeof arg === 'object' && arg !== null) || typeof arg === 'function') && !handedSeen.has(arg)) {
              handedSeen.add(arg);
              handed.push([`(argument ${i + 1} of ${name}, call ${calls})`, arg]);
            }
          });
          handedAfter = readHanded();
        };
        const call = (args: unknown[], invoke: () => unknown) => {
          checkHanded();
          const before = read(args);
          // The attempt's code runs from here: what the exercise withholds refuses to run
          // (withhold.ts, enterAttempt), until it returns or, if async, settles.
          const leave = enterAttempt(withheldNow, trip);
          let result: unknown;
          try {
            result = invoke();
            if (!(result instanceof Promise)) {
              noteReturned(result, args);
              result = handedBack(result, `${name}(…)`);
            }
          } finally {
            verify(before, args);
            if (!(result instanceof Promise)) {
              checkReturned();
              leave();
              handOver(args);
            }
          }
          // An async function may change its inputs after its first await, too.
          // (Awaited, not `.finally`: a reaction added during an attempt runs as the attempt,
          // withhold.ts carryAttemptInBuiltins, and this one ends it.)
          if (result instanceof Promise) {
            result = (async (pending: Promise<unknown>) => {
              try {
                const value = await pending;
                noteReturned(value, args);
                return handedBack(value, `${name}(…)`);
              } finally {
                await options.settle?.();
                checkReturned();
                leave();
                verify(before, args);
                handOver(args);
              }
            })(result);
          }
          return result;
        };
        guard = new Proxy(value, {
          apply: (target, self, args) => call(args, () => Reflect.apply(target as (...a: unknown[]) => unknown, self, args)),
          construct: (target, args, newTarget) => call(args, () => Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget)) as object,
        });
        guards.set(value, guard);
      }
      return guard;
    };
    const chapterValue = (name: string): { value: unknown } | undefined => {
      if (!runOptions.checks || runOptions.attempt === undefined) return undefined;
      const byCell = settled.get(name);
      if (!byCell) return undefined;
      const others = [...byCell].filter(([definer]) => definer !== runOptions.attempt);
      return others.length > 0 ? { value: others[others.length - 1][1] } : undefined;
    };
    for (const name of cell.inputs) {
      const binding = scope.get(name);
      const fromChapter = binding ? chapterValue(name) : undefined;
      if (name in reserved) {
        Object.defineProperty(inputs, name, {
          get: () => reserved[name],
          set: () => {
            throw new TypeError(`${name} belongs to the notebook and cannot be replaced. Use another name for your own.`);
          },
        });
      } else if (name === 'Plot' && runModules[PLOT]) {
        // The kernel's Plot, this run's own, before any cell's name: a cell that declares or
        // assigns `Plot` shadows it in that cell only, as with Math or Map (red team 24: a cell's
        // own `Plot` ran its code inside the chapter's chart cell and read its data).
        Object.defineProperty(inputs, name, { value: runModules[PLOT] });
      } else if (withheld.has(name)) {
        if (binding) uses.push(name);
        Object.defineProperty(inputs, name, { value: harden(withheldStandIn(name, trip, withheld.get(name))) });
      } else if (fromChapter) {
        uses.push(name);
        Object.defineProperty(inputs, name, {
          get: () => fromChapter.value,
          set: () => {
            throw new TypeError(`${name} belongs to the chapter's cells; the checks read it and cannot change it.`);
          },
        });
      } else if (binding) {
        uses.push(name);
        const checked = round && binding.cellId === runOptions.attempt;
        Object.defineProperty(inputs, name, {
          get: checked ? () => guarded(binding.get(), name) : binding.get,
          set: binding.set ?? (() => {
            throw new TypeError(`${name} is a constant (declared with const in another cell), so it cannot be reassigned here. Declare it with let to change it later.`);
          }),
        });
      } else if (name in UNAVAILABLE) {
        // Absent, with the reason when used: `typeof fetch` is "undefined", `fetch(…)` explains.
        // A use still: what it gave changes once a cell defines the name.
        uses.push(name);
        Object.defineProperty(inputs, name, { get: () => { throw new NotAvailableError(name); }, set: () => { throw new NotAvailableError(name); } });
      } else if (cell.typeofOnly.includes(name)) {
        // `typeof x` of a name nothing defines is "undefined", as in any JavaScript. It is a use
        // all the same: once a cell defines x, this cell's "undefined" is stale (red team 48:
        // `typeof s` kept "undefined" as "ran" after the cell above came to define s).
        uses.push(name);
      } else {
        uses.push(name);
        const at = cell.firstUse[name];
        const hint = suggest(name, [...scope.keys(), ...Object.keys(reserved)]);
        const nn = Object.keys((runModules.nn as object | undefined) ?? {});
        const fromNn = nn.includes(name) ? name : hint === undefined ? suggest(name, nn) : undefined;
        const error = cellError('ReferenceError', notDefined(name, cell, runOptions, gone.get(name), labelOf, hint, fromNn), source, at.line, at.column);
        return finish('error', cell.outputs, uses, error);
      }
    }

    // Imports are checked before anything runs, like a module's imports are linked first.
    for (const imported of cell.imports) {
      const module = runModules[imported.specifier] as Record<string, unknown> | undefined;
      const missing = module ? imported.names.find(({ imported: name }) => !(name in module)) : undefined;
      if (!module || missing) {
        const hint = missing && module ? suggest(missing.imported, Object.keys(module)) : undefined;
        const message = !module
          ? `The module "${imported.specifier}" is not loaded on this page.`
          : `The module "${imported.specifier}" has no export named ${missing!.imported}.` + (hint ? ` Did you mean ${hint}?` : '');
        return finish('error', cell.outputs, uses, cellError('ImportError', message, source, imported.line, imported.column));
      }
    }
    const runtime = harden({
      import: (specifier: string) => runModules[specifier],
      // Every function body of an attempt starts with `enter` and leaves in a `finally`; its
      // parameter defaults and class fields run `inside` (attempt-edits.ts).
      enter: () => enterAttempt(withheld, trip),
      inside: <T>(expression: () => T): T => {
        const leave = enterAttempt(withheld, trip);
        try {
          return expression();
        } finally {
          leave();
        }
      },
      // `typeof name` for a name the kernel may not have: never runs a getter that throws.
      typeOf: (name: string) => {
        const descriptor = Object.getOwnPropertyDescriptor(inputs, name);
        if (!descriptor || (descriptor.get && name in UNAVAILABLE)) return 'undefined';
        return typeof inputs[name];
      },
    });

    if (options.effects) noteCell(cell);
    const watch = runOptions.effects ? watchRun(cell) : undefined;
    const watched = async (result: CellResult): Promise<CellResult> => {
      if (watch) result.effects = await watch();
      return result;
    };
    let body: (inputs: object, runtime: object) => Promise<{ value: unknown; bindings: object }>;
    try {
      body = options.evaluate(cell.code) as typeof body;
    } catch (error) {
      return watched(finish('error', cell.outputs, uses, evaluationError(error, source)));
    }
    if (round) atStart = readState(chapterRoots(), round.changeable());
    // Every other cell's name, not only those this cell reads: a function it calls may change
    // one (`inc()`, whose body does `x = x + 1`; red team 44), or reach it through another name.
    const inPlace = round ? undefined : changedInPlace([...scope].flatMap(([name, binding]) => (binding.cellId !== cellId ? [[name, binding.get] as const] : [])));
    const written = (result: CellResult): CellResult => {
      const writes = inPlace?.().filter((name) => !result.defines.includes(name));
      if (writes?.length) result.writes = writes;
      return result;
    };
    // The attempt's own run is the attempt's code too (see `call` above).
    const leaveAttempt = withheld.size > 0 ? enterAttempt(withheld, trip) : undefined;
    try {
      const returned = await body(inputs, runtime);
      for (const name of cell.declared) {
        const descriptor = Object.getOwnPropertyDescriptor(returned.bindings, name)!;
        retire(name);
        hide(name, cellId);
        scope.set(name, { cellId, get: descriptor.get!, set: descriptor.set });
        gone.delete(name);
      }
      if (!round) {
        for (const name of cell.outputs) {
          const binding = scope.get(name);
          if (!binding) continue;
          const byCell = settled.get(name) ?? new Map<string, unknown>();
          byCell.delete(cellId); // most recent last
          byCell.set(cellId, binding.get());
          settled.set(name, byCell);
        }
      }
      let value = returned.value;
      if (isThenable(value)) value = await value; // a cell ending in a promise shows its result
      if (cell.hasValue && value !== undefined && !round && !runOptions.quiet) kept.value((budget) => toDisplay(value, { idPrefix: idPrefix(), budget }));
      return watched(written(finish('ok', cell.outputs, uses)));
    } catch (error) {
      return watched(written(finish('error', cell.outputs, uses, runtimeError(error, cell))));
    } finally {
      // Promise jobs the attempt queued run as its code too: a chain of `then`s or an async
      // function it did not await would otherwise run after the guards are off. (Its timers
      // carry the attempt themselves: sandbox.ts, createTimers.)
      if (leaveAttempt) {
        try {
          await options.settle?.();
        } finally {
          leaveAttempt();
        }
      }
    }
  }

  // What the modules and the global object lead to, sorted once per set of loaded modules.
  let trusted: { key: string; value: Trusted } | undefined;
  // The functions of every cell run here, and whether any cell so far swapped a prototype.
  const closures = new ClosureIndex();
  let prototypesSwapped: string | undefined;
  /** Notes what a later watch needs of every cell run here, watched or not. */
  function noteCell(cell: CompiledCell) {
    closures.add(cell.code);
    if (/\b(setPrototypeOf|__proto__)\b/.test(cell.source)) prototypesSwapped ??= cell.cellId;
  }
  /** Starts watching a run of `cell` (RunOptions.effects); the function returned ends the watch. */
  function watchRun(cell: CompiledCell): () => Promise<CellEffects> {
    const host = options.effects;
    const refuse = (why: string) => async (): Promise<CellEffects> => ({ known: false, why });
    if (!host) return refuse('this kernel cannot watch effects');
    if (prototypesSwapped !== undefined) return refuse(`cell "${prototypesSwapped}" sets a prototype, which can hide an object's internal state`);
    if (cell.inputs.includes('Plot') || cell.imports.some((i) => loadable(i.specifier))) {
      return refuse('draws with Plot, which keeps state of its own');
    }
    const key = Object.keys(modules).join('\u0000');
    if (trusted?.key !== key) trusted = { key, value: trustedFrom([...Object.values(modules), host.global], host.types) };
    const values = () => new Map([...scope].map(([name, binding]) => [name, valueOf(binding)]));
    const before = retired.slice();
    const effects = watchEffects({
      names: values(),
      retired: before.map(({ name, binding }) => ({ name, value: valueOf(binding) })),
      inputs: cell.inputs,
      declared: cell.declared,
      isClean: (source) => closures.isClean(source),
    }, trusted.value, host.types);
    return async () => {
      await options.settle?.();
      if (host.pendingTimers() > 0) return { known: false, why: 'leaves a timer running' };
      return effects.finish({ names: values(), retired: before.map(({ binding }) => valueOf(binding)) });
    };
  }

  /** A thrown value → CellError placed at the innermost stack frame in this cell. */
  function runtimeError(thrown: unknown, cell: CompiledCell): CellError {
    try {
      return placedError(thrown, cell);
    } catch (error) {
      // Reading what was thrown threw past every guard below (a proxy no cell made, whose traps
      // throw): the cell fails with the reader's value described as well as it can be, never
      // with an error of ours.
      return { name: 'Error', message: `Uncaught: a thrown value that cannot be displayed (${reasonOf(error)})` };
    }
  }

  function placedError(shown: unknown, cell: CompiledCell): CellError {
    // Whatever the reader's code threw is read once, as text of bounded length. Only a real Error
    // is told as one: a plain object with a `name` and a `message` (say "Passed" and "All 8
    // checks passed.") is shown as the value it is, and an error's name is used only if it reads
    // as the name of an error class, so no thrown thing can word the sentence it is shown in.
    // A proxy a cell made is read by its target: its traps are never run (proxy-targets.ts). It
    // is told as the value it is, not as an Error (its own name and message would come from its
    // traps): "Uncaught Proxy(Error) Error: …", as the console shows it (proxyMark); its
    // target's stack still says where the cell made the error.
    const thrown = unproxied(shown);
    const isError = thrown !== REVOKED && thrown instanceof Error;
    const toldAsError = isError && !isCellProxy(shown);
    const field = (key: 'name' | 'message' | 'stack'): { text: string; failed?: string } => {
      try {
        return { text: String((thrown as Record<string, unknown>)[key] ?? '') };
      } catch (error) {
        return { text: '', failed: reasonOf(error) };
      }
    };
    const named = toldAsError ? field('name').text : '';
    const name = /^[A-Za-z_$][\w$]{0,59}$/.test(named) ? named : 'Error';
    const read = toldAsError ? field('message') : undefined;
    const rawMessage = clip(
      !read ? `Uncaught ${describeThrown(shown)}` : read.failed !== undefined ? `(its message could not be read: ${read.failed})` : read.text,
      MAX_MESSAGE,
    );
    // V8 quotes the failing expression ("__nb$in.f is not a function"); quote the reader's.
    let message = rawMessage.replace(/__nb\$in\./g, '');
    if (FROZEN.test(message)) message += ` (${FROZEN_WHY})`;
    else if (INERT_CONSTRUCTOR.test(message)) message += ` (${CODE})`;
    const error: CellError = { name, message };
    const stack = isError ? clip(field('stack').text, MAX_MESSAGE) : '';
    // JavaScriptCore's own note of where the error was made: its stack has none for cells
    // (locate.ts). Only its number and string are taken, never the reader's objects.
    const own = <T extends 'number' | 'string'>(key: string, type: T) => {
      try {
        const value = (thrown as Record<string, unknown>)[key];
        return typeof value === type ? (value as T extends 'number' ? number : string) : undefined;
      } catch {
        return undefined;
      }
    };
    const origin = isError ? { line: own('line', 'number'), column: own('column', 'number'), sourceURL: own('sourceURL', 'string') } : {};
    // An error of a class the reader wrote is made inside its constructors: those frames say
    // where the class is, not where the error was made, so they are left out.
    const all = cellFrames(parseStack(stack), origin, cell, compiled);
    const ownClasses = isError ? errorClassNames(thrown as object) : new Set<string>();
    let made = 0;
    while (made < all.length - 1 && ownClasses.has((all[made].fn ?? '').replace(/^new /, ''))) made += 1;
    const located = all.slice(made);
    const frames = located.map(({ cell: frameCell, fn, line, column }) => {
      const where = frameCell === cell ? `line ${line}:${column}` : `cell ${frameCell.cellId}, line ${line}:${column}`;
      return `    at ${frameLabel(fn)} (${where})`;
    });
    const innermost = located.find((frame) => frame.cell === cell);
    if (innermost) {
      error.line = innermost.line;
      error.column = innermost.column;
      error.frame = codeFrame(cell.source, innermost.line, innermost.column);
    }
    if (frames.length > 1) error.stack = frames.join('\n');
    return error;
  }

  return {
    run,
    reset: () => {
      latestRun.clear();
      scope.clear();
      hidden.clear();
      retired.length = 0;
      tripped.clear();
      settled.clear();
      compiled.clear();
      gone.clear();
    },
    forget: (cellId: string) => {
      latestRun.delete(cellId);
      dropNames(cellId, [], 'deleted');
      compiled.delete(cellFileId(cellId));
    },
    lateError: (cellId: string, thrown: unknown) => {
      const cell = compiled.get(cellFileId(cellId));
      if (cell) return runtimeError(thrown, cell);
      let message: string;
      try {
        const seen = unproxied(thrown); // never a trap of the reader's
        // A proxy is told as the value it is, marked, as in runtimeError (placedError).
        message = seen === REVOKED ? REVOKED_PROXY : isCellProxy(thrown) ? `Uncaught ${describeThrown(thrown)}` : String((seen as Error)?.message ?? seen);
      } catch (error) {
        message = `a thrown value that cannot be displayed (${reasonOf(error)})`;
      }
      return { name: 'Error', message: clip(message, MAX_MESSAGE) };
    },
    names: () => [...scope.keys()],
  };
}

/**
 * The message for a name nothing in the scope defines, saying where it went if we know. `hint`: a
 * defined name it may be a misspelling of; `fromNn`: the export of `nn` it is, or may be a
 * misspelling of, when no defined name is closer.
 */
function notDefined(name: string, cell: CompiledCell, run: RunOptions, gone: Gone | undefined, labelOf: (cellId: string) => string, hint: string | undefined, fromNn?: string): string {
  const didYouMean = hint ? `. Did you mean ${hint}?` : '';
  if (name === 'check') return 'check is only available in an exercise\'s checks, which run when you press "Check my answer"';
  if (gone && gone.cellId !== cell.cellId) {
    const where = labelOf(gone.cellId);
    if (gone.why === 'deleted') return `${name} is not defined — ${where} defined it, and that cell was deleted${didYouMean}`;
    if (gone.why === 'failed') return `${name} is not defined — ${where} defines it, but its last run failed. Fix that cell and run it again`;
    return `${name} is not defined — ${where} used to define it, and its code no longer does${didYouMean}`;
  }
  if (!run.checks && run.attempt === cell.cellId) {
    return `${name} is not defined — your answer is checked after only the chapter's own cells above the exercise, and none of them defines ${name}. Define it in your answer` + didYouMean;
  }
  if (run.checks && run.attempt !== undefined) {
    return `${name} is not defined — the checks use it, so your code must define it` + (hint ? `. Did you mean ${hint}?` : '. Did you rename or delete it?');
  }
  if (cell.assigned.includes(name)) return `${name} is not defined — declare it first (let ${name} = …)${didYouMean}`;
  // A cell above that defines the name runs first on its own (the page's scheduler), so "run the
  // cell that defines it" was wrong advice for a name no cell defines: a typo, Python's print, or
  // a function of nn not imported (a red team's student, after matmull and print).
  if (fromNn === name) return `${name} is not defined in this cell: it is a function of nn, so import it first: import { ${name} } from "nn"`;
  if (fromNn) return `${name} is not defined, and no cell that ran defines it. Did you mean ${fromNn}, from nn? Import it first: import { ${fromNn} } from "nn"`;
  if (name === 'print') return 'print is not defined: to show a value, end the cell with it, or use console.log(…) or display(…)';
  return `${name} is not defined, and no cell that ran defines it: check the spelling, or define it in a cell above${didYouMean}`;
}

// What a reader sees when the frozen world refuses a change, and why it is frozen.
const FROZEN = /^Cannot (assign to read only property|add property|define property|redefine property|delete property)|object is not extensible/;
/**
 * The names of the classes a cell wrote between an error and the built-in Error class it extends
 * (its constructors' own `name`s), read from own data properties only: no getter runs.
 */
function errorClassNames(error: object): Set<string> {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(error) as object | null; proto && names.size < 50; proto = Object.getPrototypeOf(proto) as object | null) {
    const constructor = Object.getOwnPropertyDescriptor(proto, 'constructor');
    const ctor = constructor && 'value' in constructor ? constructor.value : undefined;
    if (typeof ctor !== 'function' || BUILT_IN_ERRORS.has(ctor)) break;
    const name = Object.getOwnPropertyDescriptor(ctor, 'name');
    if (name && 'value' in name && typeof name.value === 'string' && name.value) names.add(name.value);
  }
  return names;
}

const BUILT_IN_ERRORS = new Set<unknown>([Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]);

/** This realm's own timers (KernelOptions.timers), for a kernel outside the kernel host. */
function realmTimers(): CellTimers {
  const realm = globalThis as unknown as Record<string, (...args: never[]) => unknown>;
  return Object.fromEntries(TIMER_NAMES.map((name) => [name, realm[name].bind(globalThis)])) as unknown as CellTimers;
}

/** The timer functions of `timers` and nothing else of the object they came on (the host's Timers can cancel every cell's). */
function timerFunctions(timers: CellTimers): Record<string, unknown> {
  return Object.fromEntries(TIMER_NAMES.map((name) => [name, timers[name]]));
}

const FROZEN_WHY = "the sandbox freezes JavaScript's built-ins and the notebook's own objects, so that no code can change how other cells or the checks compute";
// SES replaces Function.prototype.constructor (reachable as f.constructor) with an inert one.
const INERT_CONSTRUCTOR = /Function\.prototype\.constructor is not a valid constructor/;

/**
 * SES refuses, before running anything, source text that looks like a dynamic import, a direct
 * eval or an HTML comment, even inside a string or a comment. Say so in the reader's words.
 */
function evaluationError(thrown: unknown, source: string): CellError {
  const message = String((thrown as Error)?.message ?? thrown);
  const found = (pattern: RegExp) => {
    const lines = source.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length; i++) {
      const match = pattern.exec(lines[i]);
      if (match) return { line: i + 1, column: match.index + 1 };
    }
    return undefined;
  };
  const refuse = (text: string, pattern: RegExp, why: string) => {
    const at = found(pattern);
    const error = `The text ${text} cannot appear in a code cell, even in a string or a comment: ${why}.`;
    return at ? cellError('SyntaxError', error, source, at.line, at.column) : { name: 'SyntaxError', message: error };
  };
  if (/SES_IMPORT_REJECTED/.test(message)) return refuse('"import("', /\bimport\s*(\(|\/[/*])/, 'it would load code from elsewhere. Write it as import { … } from "nn" at the top of the cell, or spell it differently in text');
  if (/SES_EVAL_REJECTED/.test(message)) return refuse('"eval("', /\beval\s*(\(|\/[/*])/, 'cells cannot build code from strings. Spell it differently in text');
  if (/SES_HTML_COMMENT_REJECTED/.test(message)) return refuse('"<!--" or "-->"', /<!--|-->/, 'the sandbox refuses HTML comment markers. Write x-- > 0 with a space, or spell it differently in text');
  return { name: (thrown as Error)?.name ?? 'Error', message };
}

/**
 * Which of `names` (each with how to read its value) a run changed in place: call before the
 * run, and the function returned, after it, lists the names whose values hold something else
 * now (an item pushed, a property set, a matrix's entries), read as unchanged.ts reads what the
 * checks hand an answer. The page reruns from the cell that made such a value, as for an
 * assignment (graph.ts): `arr.push(3)` run twice showed 4 items where the page above gives 3 (red
 * team 40). A value too big to read whole (unchanged.ts MAX_STEPS), or whose reading runs into
 * code (a Proxy's trap that throws), is not listed: not knowing is not a change.
 */
function changedInPlace(names: readonly (readonly [string, () => unknown])[]): () => string[] {
  const read = (name: string, get: () => unknown): Reading | undefined => {
    try {
      const reading = readState([[name, get()]]);
      return reading.complete ? reading : undefined;
    } catch {
      return undefined;
    }
  };
  const before = names.map(([name, get]) => [name, get, read(name, get)] as const);
  return () =>
    before.flatMap(([name, get, reading]) => {
      if (!reading) return [];
      const after = read(name, get);
      return after && firstChange(reading, after) !== undefined ? [name] : [];
    });
}

const MAX_MESSAGE = 10_000;
/** Late outputs one run may send (each within what the run left of its budget, outputs.ts); the page caps what it shows too. */
const MAX_LATE_OUTPUTS = 200;

/** A thrown value that is not an Error, in one line as the console shows it; a string in quotes. */
function describeThrown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : toText([value]).text;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  // A proxy a cell made, or an object with one on its prototype chain, is shown, not awaited:
  // reading its `then` would run the proxy's traps (proxy-targets.ts).
  if (unproxied(value) !== value) return false;
  try {
    return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false; // a `then` getter that throws: the value is shown, not awaited (display.ts never runs it)
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

// ---------------------------------------------------------------------------------------
// Plot with a document

type PlotModule = Record<string, unknown> & { plot: (options?: Record<string, unknown>) => unknown };

/**
 * Plot needs a document, and neither Node nor a worker has a global one. Wrap the module so
 * `Plot.plot(options)`, `Plot.legend(options)` and `mark.plot(options)` get a document of their
 * own, made by `newDocument` (dom.ts's createDocument), when the caller gave none, and mark what
 * they return as Plot output, the only thing the display protocol shows as HTML. One document
 * per chart: a cell that changes the document its chart holds changes no other cell's chart.
 */
export function wrapPlot(Plot: PlotModule, newDocument: () => Document): PlotModule {
  const withDocument = (options?: Record<string, unknown>) => ({ document: newDocument(), ...options });
  const plot = (options?: Record<string, unknown>) => markPlotResult(Plot.plot(withDocument(options)));
  // A mark's own .plot() calls Plot's internal plot(), not ours, so give each mark ours.
  const patch = (result: unknown) => {
    if (typeof result === 'object' && result !== null && typeof (result as { plot?: unknown }).plot === 'function') {
      Object.defineProperty(result, 'plot', {
        value: (options: Record<string, unknown> = {}) =>
          plot({ ...options, marks: [...((options.marks as unknown[]) ?? []), result] }),
        configurable: true,
        writable: true,
      });
    }
    return result;
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(Plot)) {
    // Lower-case exports are the mark and transform functions; capitalised ones are classes,
    // which must stay constructible.
    wrapped[name] =
      typeof value === 'function' && /^[a-z]/.test(name)
        ? (...args: unknown[]) => patch((value as (...a: unknown[]) => unknown)(...args))
        : value;
  }
  wrapped.plot = plot;
  if (typeof Plot.legend === 'function') {
    wrapped.legend = (options?: Record<string, unknown>) =>
      markPlotResult((Plot.legend as (o: unknown) => unknown)(withDocument(options)));
  }
  return Object.freeze(wrapped) as PlotModule;
}

/**
 * How a stack frame's function is named to the reader: the cell's own function ("cell") is its top
 * level; V8's "eval" and SpiderMonkey's "cell/<" are the engines' names for a function with none.
 */
function frameLabel(fn: string | undefined): string {
  if (!fn || fn === 'cell') return '<top level>';
  if (fn === 'eval' || /[/<]/.test(fn)) return '<anonymous function>';
  return fn;
}

// A binding whose variable cannot be read (a `let` before its declaration ran) stands for itself.
const UNREADABLE = Symbol('unreadable');
function valueOf(binding: Binding): unknown {
  try {
    return binding.get();
  } catch {
    return UNREADABLE;
  }
}

/** `checker` with `checkpoint` asked before each of its methods runs (see run: checkpoint). */
function checkpointed<T extends object>(checker: T, checkpoint: () => void): T {
  return Object.fromEntries(Object.entries(checker).map(([name, method]) => [name, (...args: unknown[]) => {
    checkpoint();
    return (method as (...a: unknown[]) => unknown)(...args);
  }])) as T;
}
