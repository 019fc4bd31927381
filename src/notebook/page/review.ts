/**
 * The teacher's review: hand-in files in, a class table out. Every check is run again on each
 * student's code in a fresh scope (the chapter's cells before the exercise that the code and
 * the checks need, the student's code, then the checks), in this browser's sandboxed worker.
 * What the student's browser recorded is shown beside the rerun and never trusted: a recorded
 * pass that does not hold is flagged.
 *
 * Each file is judged in a worker of its own, started for it and ended after it. A student's
 * code runs on the worker's global objects and can change them (`Math.abs = …`, or the `check`
 * functions the checks call); whatever it changes must die with that file and never reach the
 * next student's verdicts. A few files are judged at once, each on its own worker, so a file
 * whose code loops until the time limit holds up only its own slot, and one spare worker is
 * kept starting while the others run, so a file rarely waits for a worker to load.
 *
 * What is shared between files is only what cannot carry one file's doing into another's
 * verdict: the book's cells as the build compiled them, and each distinct student code compiled
 * once here on the page (compiling is a pure function of the text; a worker gets a copy of the
 * compilation in its message, never this page's object, and runs it only if it is the
 * compilation of exactly the code and cell it runs). Results are never shared: every file's
 * code runs, and is checked, in its own worker.
 */
import { checkOutcome, checksCellId, compiledKey, type CheckOutcome } from '../exercise.ts';
import type { CompiledCell } from '../transform.ts';
import type { CheckResult } from '../check-report.ts';
import type { ExerciseManifest, ExerciseManifestEntry } from '../../chapters/manifest.ts';
import { KernelClient, type RunOutcome } from './kernel-client.ts';
import type { RunOptions } from '../kernel.ts';
import { contextFor, importSource, wordsIn, type ContextPlan } from '../graph.ts';
import { formatCount, formatReading } from '../../lib/numbers.ts';
import { head } from '../../lib/clip.ts';
import { isStarter } from './class-view.ts';
import { foundFailing, probeOutcome, type ProbeOutcome } from '../probe.ts';
import { distinctWork, HAND_IN_LIMITS, parseSubmission, type Submission, type SubmittedExercise } from './assignment.ts';

/** The worker scope a hand-in's exercises are judged in (reset before each). */
const REVIEW_SCOPE = 'review';

export type Verdict = 'passed' | 'failed' | 'error' | 'unknown';

export interface ReviewedExercise {
  work: SubmittedExercise;
  entry: ExerciseManifestEntry | undefined;
  verdict: Verdict;
  results: CheckResult[];
  message?: string;
  /** The student's browser said "passed" but the rerun does not agree. */
  flagged: boolean;
  /**
   * The second run, at points drawn for this review (ReviewerOptions.probe), when it was made:
   * not part of the grade, which comes from the code's own points, as in the student's browser.
   */
  probe?: ProbeOutcome;
}

export interface ReviewedSubmission {
  /** The file's name as shown (long names shortened). */
  file: string;
  /** The hand-in, with each exercise once (see `repeated`). */
  submission: Submission;
  exercises: ReviewedExercise[];
  /** Exercises the file listed more than once; only the last entry of each was judged. */
  repeated: { exercise: string; times: number }[];
  /** The exercises changed since the student worked on them. */
  versionDiffers: boolean;
}

export type FileOutcome = { file: string; ok: true; review: ReviewedSubmission } | { file: string; ok: false; message: string };

/** What the reviewer needs of a file: the File API's name, size and text(). */
export interface HandInFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

/** The part of KernelClient the reviewer uses: one worker, one cell at a time; `stop` ends the run in progress (the file's time budget ran out). */
export type Kernel = Pick<KernelClient, 'start' | 'run' | 'reset' | 'dispose' | 'stop'>;

export interface ReviewerOptions {
  /** Files judged at once, each on its own worker; `parallelFiles()` by default. */
  parallel?: number;
  /** Per cell run. */
  timeLimitMs?: number;
  /** Per file, all its runs together: FILE_BUDGET_MS by default. */
  fileBudgetMs?: number;
  /** Per file, its second runs together (probe), after the graded ones: PROBE_BUDGET_MS by default. */
  probeBudgetMs?: number;
  /** Workers started ahead of need. */
  spares?: number;
  /** Makes one worker's client; tests pass a fake. */
  makeKernel?: (timeLimitMs: number) => Kernel;
  /**
   * Compiles a student's code, or a cell of imports, for a cell (transform.ts compileCell,
   * loaded when first needed, by default), as an attempt or not (see attemptOnPage). Called once
   * per distinct code, cell and kind; it may throw for code that does not compile, which the
   * worker then compiles itself and reports in place.
   */
  compile?: Compile;
  /**
   * Checks each exercise a second time, not for the grade, at points drawn from the text this
   * gives (RunOptions.probe): freshProbeSeed on the review page, a fixed text in tests. Without it
   * there is no second run. The points of the graded run follow the code's text (checks.ts), so
   * the same code gets the same grade at each rerun; but a student with a tool can then search
   * variants of an almost-right answer (a renamed variable, `+ 0`) until the points of one miss
   * its mistake, and hand that in. Points drawn for the review were not searched against.
   * Made only for code whose graded run passed some checks and drew points for them (not the
   * starter, unchanged), after every exercise of the file has its grade, within a budget of its
   * own (probeBudgetMs): a second run never costs a grade, and one not made says so
   * (ProbeOutcome.notRun).
   */
  probe?: () => string;
}

export const REVIEW_TIME_LIMIT_MS = 20_000;
/**
 * Once this many of one file's runs have stopped at the time limit, its remaining exercises are
 * not run: a file of 200 endless loops would otherwise hold its slot for over an hour.
 */
export const TIMEOUTS_PER_FILE = 2;

/**
 * How long one file's checking may take in all. Code that stays just under the per-run time
 * limit is never stopped by it: a file of 33 exercises each running 19 s, and checks that call
 * it again, would hold its slot for about 20 minutes. Past this budget the run in progress is
 * stopped and the file's remaining exercises are not run, each saying so. An honest file of
 * every exercise in the book takes a small part of it (`FILE=all npm run bench:review`; the
 * figures are in the README under Speed).
 */
export const FILE_BUDGET_MS = 120_000;
/** How long one file's second runs (ReviewerOptions.probe) may take in all, after its graded runs: an honest file of every exercise takes about a second. */
export const PROBE_BUDGET_MS = 60_000;

/** Files judged at once: one per core but one (the page keeps a core), at least 2 so one runaway file never stops the rest, at most 4 to keep memory modest. */
export function parallelFiles(cores = globalThis.navigator?.hardwareConcurrency): number {
  return Math.min(4, Math.max(2, (cores || 2) - 1));
}

/**
 * While files are being checked the class table is drawn again at most once every this many
 * milliseconds (each file's message line still says its result at once). Drawing it takes the
 * page's thread, which also passes every run's messages to and from the workers; drawn on the
 * next frame after each file (three or four times a second for a class), it held up the workers.
 */
export const TABLE_REDRAW_MS = 1_000;

/**
 * Draws `draw` soon, at most once per `everyMs` (`soon`), or at once (`now`, for the last file);
 * a draw asked for while one is pending is the pending one, and `now` cancels the pending one.
 * `later` waits a number of milliseconds and then for a frame (setTimeout, then
 * requestAnimationFrame, on the page).
 */
export function throttledDraw(draw: () => void, options: { everyMs?: number; clock?: () => number; later?: (ms: number, then: () => void) => void } = {}) {
  const everyMs = options.everyMs ?? TABLE_REDRAW_MS;
  const clock = options.clock ?? (() => performance.now());
  const later = options.later ?? ((ms, then) => setTimeout(() => requestAnimationFrame(then), ms));
  let queued = false;
  let drawn = -Infinity;
  const now = () => {
    queued = false;
    drawn = clock();
    draw();
  };
  return {
    now,
    soon() {
      if (queued) return;
      queued = true;
      later(Math.max(0, drawn + everyMs - clock()), () => {
        if (queued) now();
      });
    },
  };
}

/** A file name short enough for a message line: the start and the end (where the extension is), joined by "…". */
export function shortFileName(name: string, max = 100): string {
  if (name.length <= max) return name;
  const tail = 20;
  const end = name.slice(-tail);
  // Neither end splits a character in two (an emoji in a file name).
  return `${head(name, max - tail - 1)}…${/^[\udc00-\udfff]/.test(end) ? end.slice(1) : end}`;
}

/** 52428800 → "52.4 MB (52,428,800 bytes)": megabytes to read, bytes so that 1,000,001 is visibly over 1 MB. */
function formatBytes(bytes: number): string {
  return `${formatReading(bytes / 1e6, { decimals: 1, trim: true })} MB (${formatCount(bytes)} bytes)`;
}

/** Why a file is refused before it is read (from its name and File.size alone), or null. */
export function fileProblem(file: { name: string; size: number }): string | null {
  const limits = HAND_IN_LIMITS;
  const shown = shortFileName(file.name);
  if (file.name.length > limits.fileNameChars) {
    return `${shown}: the file name is ${formatCount(file.name.length)} characters long; a hand-in’s name has at most ${formatCount(limits.fileNameChars)}.`;
  }
  if (file.size > limits.fileBytes) {
    return `${shown}: the file is ${formatBytes(file.size)}; a hand-in file is at most ${formatBytes(limits.fileBytes)}, so it was not read.`;
  }
  return null;
}

/**
 * A kept hand-in as a file to judge again: its name as shown, and its hand-in as JSON text,
 * whose size is its UTF-8 bytes (what File.size would say of the same text). readPlaced holds a
 * kept record to the limits of a loaded file through this, and "Check the kept hand-ins again"
 * judges this, so the two never disagree about a kept hand-in.
 */
export function keptHandIn(review: Pick<ReviewedSubmission, 'file' | 'submission'>): HandInFile {
  const text = JSON.stringify(review.submission) ?? '';
  return { name: review.file, size: new TextEncoder().encode(text).length, text: async () => text };
}

/** The files of one choice or drop, at most HAND_IN_LIMITS.filesPerLoad of them, and a message naming what was left out. */
export function takeFiles<T extends { name: string }>(files: T[]): { taken: T[]; message: string | null } {
  const max = HAND_IN_LIMITS.filesPerLoad;
  if (files.length <= max) return { taken: files, message: null };
  const left = files.length - max;
  return {
    taken: files.slice(0, max),
    message: `You chose ${formatCount(files.length)} files; at most ${formatCount(max)} are checked at a time, so the last ${formatCount(left)} ` +
      `(from ${shortFileName(files[max].name)} on) were left out. Load them separately.`,
  };
}

/** Runs jobs at most `size` at a time; waiting jobs start in the order they were given. */
export function slots(size: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (active < size) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over below
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

/** Workers for the files: each is taken by one file, which disposes of it; spares start ahead. */
class KernelPool {
  #spares: Kernel[] = [];
  #make: () => Kernel;
  #size: number;

  constructor(make: () => Kernel, size: number) {
    this.#make = make;
    this.#size = size;
  }

  take(): Kernel {
    const kernel = this.#spares.shift() ?? this.#started();
    while (this.#spares.length < this.#size) this.#spares.push(this.#started());
    return kernel;
  }

  /** Ends the spares, when no file is waiting: idle workers would only hold memory. */
  drain() {
    for (const kernel of this.#spares.splice(0)) kernel.dispose();
  }

  #started(): Kernel {
    const kernel = this.#make();
    // A worker that fails to start fails the run that needs it, which says so for its exercise.
    kernel.start().catch(() => {});
    return kernel;
  }
}

/**
 * Code longer than this is compiled by the worker that runs it, not on the page: compiling
 * 100,000 characters would hold up the page for a noticeable moment, and such code is rarely
 * handed in twice.
 */
export const COMPILE_ON_PAGE_MAX_CHARS = 20_000;
/** Distinct codes whose compilation is kept; past it the cache starts again (memory stays modest for a class of hundreds). */
const COMPILED_KEPT = 2_000;

/**
 * Each distinct code compiled once, for all the files of a review. Compiling a cell is a pure
 * function of its text and cell id (transform.ts), so a class of 40 who hand in the same
 * solution costs one compilation instead of 40, each in a cold worker. Only compilations are
 * kept, never what running or checking the code gave.
 */
class CompileOnce {
  #compile: Compile;
  #kept = new Map<string, Promise<CompiledCell | undefined>>();

  constructor(compile: Compile) {
    this.#compile = compile;
  }

  /** The compilation of `source` as cell `cellId` (as an attempt or not), frozen; undefined when it does not compile or is too long (the worker then compiles it and reports the error in place). */
  get(source: string, cellId: string, attempt: boolean): Promise<CompiledCell | undefined> {
    if (source.length > COMPILE_ON_PAGE_MAX_CHARS) return Promise.resolve(undefined);
    const key = `${cellId}\u0000${attempt}\u0000${source}`;
    let compiled = this.#kept.get(key);
    if (!compiled) {
      if (this.#kept.size >= COMPILED_KEPT) this.#kept.clear();
      compiled = (async () => {
        try {
          return deepFreeze(await this.#compile(source, cellId, { attempt }));
        } catch {
          return undefined;
        }
      })();
      this.#kept.set(key, compiled);
    }
    return compiled;
  }
}

/** Freezes a compilation (plain data) all through, so not even a kernel in this realm could change it for the next file. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const compileOnPage: Compile = async (source, cellId, options) => (await import('../transform.ts')).compileCell(source, cellId, options);

/**
 * Whether the kernel will compile a student's code for `entry` as an attempt: it does when the
 * run withholds any name (kernel.ts, withheldNames), which is so whenever the exercise
 * withholds a name or has an allow-list (one that allows every export of nn would withhold
 * nothing; the worker then finds the page's compilation is not the kind it needs and compiles
 * the code itself, so a wrong guess here costs time, never a verdict). Without this the page's
 * compilation of an attempt was never used.
 */
export function attemptOnPage(entry: Pick<ExerciseManifestEntry, 'withhold' | 'allow'>): boolean {
  return (entry.withhold?.length ?? 0) > 0 || entry.allow !== undefined;
}

type Compile = (source: string, cellId: string, options: { attempt: boolean }) => CompiledCell | Promise<CompiledCell>;
type Run = (cellId: string, source: string, options?: RunOptions) => Promise<RunOutcome>;
type ChecksRun = { kind: 'stopped'; message: string } | { kind: 'checked'; outcome: CheckOutcome; drew: number };

/**
 * Runs an exercise's checks right after the student's code, in the same scope, and reads their
 * report. The one place here that knows how checks are run, so that changing how they run
 * changes this function only.
 */
async function runChecks(run: Run, entry: ExerciseManifestEntry, compiled?: CompiledCell, probe?: string): Promise<ChecksRun> {
  const outcome = await run(checksCellId(entry.id), entry.checks, { checks: true, attempt: `ex-${entry.id}`, compiled, ...(probe === undefined ? {} : { probe }) });
  if (outcome.kind === 'stopped') return outcome;
  // A review keeps every student's results (review-store.ts): what a check got is kept as text
  // alone, not for the inspector, which a page of a class's reviews has no room for.
  const checked = checkOutcome(outcome.result);
  return { kind: 'checked', outcome: { ...checked, results: checked.results.map(({ gotValue: _, ...result }) => result) }, drew: outcome.result.drew ?? 0 };
}

/** A chapter cell, or the cell of imports that stands in for some, run before an exercise's code or checks. */
export interface ContextRun {
  id: string;
  source: string;
}

/**
 * What runs before a student's code for an exercise (`before`) and again before its checks
 * (`again`): of the chapter's cells, only those connected by names to the student's code, or to
 * the code and the checks, less the cells whose effects the build proved and whose names nothing
 * that runs reads (contextFor in graph.ts, `writes` in the manifest), and first one cell that
 * imports the module names they use. The student's code is not parsed: every word in it counts as a name it may use,
 * so an odd student file can only make more cells run. `again` holds every cell of `before`, so
 * every chapter name in the scope is made afresh before the checks.
 */
export function judgingContext(entry: ExerciseManifestEntry, code: string): { before: ContextRun[]; again: ContextRun[] } {
  const byId = new Map(entry.context.map((cell) => [cell.id, cell]));
  const runs = (plan: ContextPlan): ContextRun[] => [
    ...(plan.imports.length > 0 ? [{ id: `imports-for-${entry.id}`, source: importSource(plan.imports) }] : []),
    ...plan.cells.map((id) => ({ id, source: byId.get(id)!.source })),
  ];
  const words = wordsIn(code);
  return {
    before: runs(contextFor(entry.context, words)),
    again: runs(contextFor(entry.context, [...words, ...entry.checksUses])),
  };
}

export class Reviewer {
  #manifest: ExerciseManifest;
  #entries: Map<string, ExerciseManifestEntry>;
  #probe: (() => string) | undefined;
  #pool: KernelPool;
  #slot: <T>(job: () => Promise<T>) => Promise<T>;
  #timeLimitMs: number;
  #fileBudgetMs: number;
  #probeBudgetMs: number;
  #inFlight = 0;
  #compiled: CompileOnce;

  constructor(manifest: ExerciseManifest, options: ReviewerOptions = {}) {
    this.#manifest = manifest;
    this.#entries = new Map(manifest.exercises.map((e) => [`${e.chapter}/${e.id}`, e]));
    this.#timeLimitMs = options.timeLimitMs ?? REVIEW_TIME_LIMIT_MS;
    this.#fileBudgetMs = options.fileBudgetMs ?? FILE_BUDGET_MS;
    this.#probeBudgetMs = options.probeBudgetMs ?? PROBE_BUDGET_MS;
    this.#probe = options.probe;
    const make = options.makeKernel ?? ((timeLimitMs) => new KernelClient({ timeLimitMs, loadPlot: 'when-needed' }));
    this.#pool = new KernelPool(() => make(this.#timeLimitMs), options.spares ?? 1);
    this.#slot = slots(options.parallel ?? parallelFiles());
    this.#compiled = new CompileOnce(options.compile ?? compileOnPage);
  }

  /**
   * Judges one hand-in: refused at once if its name or size breaks a limit (the file is not
   * read), otherwise read and judged on a fresh worker as soon as a slot is free. Call it for
   * every file in the order chosen: files start in that order. `onStart` is called when its
   * slot comes up; if it returns false (the file was removed while it waited), the file is not
   * judged, and the outcome says so.
   */
  async reviewFile(file: HandInFile, onStart?: () => boolean | void, earlier?: Pick<ReviewedSubmission, 'exercises'>): Promise<FileOutcome> {
    const problem = fileProblem(file);
    if (problem) return { file: shortFileName(file.name), ok: false, message: problem };
    this.#inFlight += 1;
    try {
      return await this.#slot(async (): Promise<FileOutcome> => {
        if (onStart?.() === false) {
          const shown = shortFileName(file.name);
          return { file: shown, ok: false, message: `${shown}: not checked (removed while it waited).` };
        }
        return this.#judgeFile(file, earlier);
      });
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#pool.drain();
    }
  }

  async #judgeFile(file: HandInFile, earlier?: Pick<ReviewedSubmission, 'exercises'>): Promise<FileOutcome> {
    const shown = shortFileName(file.name);
    let text: string;
    try {
      text = await file.text();
    } catch {
      return { file: shown, ok: false, message: `${shown}: the file could not be read.` };
    }
    let submission: Submission;
    try {
      submission = parseSubmission(text);
    } catch (error) {
      return { file: shown, ok: false, message: `${shown}: ${(error as Error).message}.` };
    }
    const { work, repeated } = distinctWork(submission.work);
    // The page keeps what it judged, and a reload holds the kept copy to the file's limits
    // (readPlaced): a copy over them would be dropped there as damaged. Text is read as UTF-8,
    // and each byte that is not UTF-8 becomes a 3-byte replacement character, so a file under
    // the limit can grow past it (a red team's 367 KB of 0xFF bytes). Held to the same check here.
    const kept = keptHandIn({ file: shown, submission: { ...submission, work } });
    if (fileProblem(kept) !== null) {
      return { file: shown, ok: false, message: `${shown}: read as text, the hand-in takes ${formatBytes(kept.size)} (bytes that are not UTF-8 text count three times each); a hand-in is at most ${formatBytes(HAND_IN_LIMITS.fileBytes)}, so it was not checked.` };
    }
    const kernel = this.#pool.take();
    let timeouts = 0;
    // The file's time budget: once it is spent, the run in progress is stopped (kernel.stop), no
    // other run starts, and the exercise cut short and those after it say so.
    const seconds = formatReading(this.#fileBudgetMs / 1000, { decimals: 1, trim: true });
    let spent = false;
    let cutShort = false;
    const budgetTimer = setTimeout(() => {
      spent = true;
      kernel.stop();
    }, this.#fileBudgetMs);
    let probeTimer: ReturnType<typeof setTimeout> | undefined;
    // Judged in a scope of its own, as the page's checks are (Notebook.runChecks): what a run
    // leaves waiting there ends with it (kernel-host.ts), so a student's timer cannot act while
    // the chapter's cells run again or the checks run.
    const run: Run = async (cellId, source, options) => {
      const outcome: RunOutcome = spent ? { kind: 'stopped', reason: 'stop', message: 'Not run.' } : await kernel.run(cellId, source, { ...options, scope: REVIEW_SCOPE });
      if (outcome.kind === 'stopped' && outcome.reason === 'timeout') timeouts += 1;
      if (spent && outcome.kind === 'stopped') cutShort = true;
      return outcome;
    };
    const exercises: ReviewedExercise[] = [];
    /** How many points each graded run drew, by exercise: the second runs are for those that drew some. */
    const drew = new Map<ReviewedExercise, number>();
    /** How long each graded run took, in milliseconds. */
    const took = new Map<ReviewedExercise, number>();
    try {
      for (const w of work) {
        if (spent) {
          exercises.push(this.#verdict(w, 'error', [], `Not run: this file’s runs had already taken the ${seconds} s a file may take in all.`));
          continue;
        }
        if (timeouts >= TIMEOUTS_PER_FILE) {
          const limit = Math.round(this.#timeLimitMs / 1000);
          exercises.push(this.#verdict(w, 'error', [], `Not run: ${TIMEOUTS_PER_FILE} of this file’s runs had already stopped at the ${limit} s time limit.`));
          continue;
        }
        try {
          const started = performance.now();
          const judged = await this.#recheck(kernel, run, w);
          if (cutShort) {
            exercises.push(this.#verdict(w, 'error', [], `Stopped: this file’s runs had taken the ${seconds} s a file may take in all.`));
          } else {
            exercises.push(judged.exercise);
            drew.set(judged.exercise, judged.drew);
            took.set(judged.exercise, performance.now() - started);
          }
        } catch (error) {
          // The runner itself failed (it could not start, or a fault of ours): no verdict on
          // this file, rather than an error the student's code did not cause, which would
          // also replace the verdicts a check again keeps (review-page.ts).
          return { file: shown, ok: false, message: `${shown}: not checked: the code runner could not run it (${String((error as Error)?.message ?? error)}). Load it again.` };
        }
      }
      // The second runs, once every grade is in (ReviewerOptions.probe), with a budget and a count
      // of time limits of their own: a file that spent its time, or stopped at the time limit, on
      // answers it lists before a wrong one kept that one from a second run (red team 58). Fastest
      // graded first, so that slow answers cannot use up the time before a quick one is tried; and
      // an answer that is not tried says so, never silently.
      clearTimeout(budgetTimer);
      spent = false;
      timeouts = 0;
      const probeSeconds = formatReading(this.#probeBudgetMs / 1000, { decimals: 1, trim: true });
      probeTimer = setTimeout(() => {
        spent = true;
        kernel.stop();
      }, this.#probeBudgetMs);
      let runnerFailed = false;
      const whyNot = () => runnerFailed
        ? 'the code runner failed'
        : spent
          ? `this file’s second runs had taken the ${probeSeconds} s they may take in all`
          : `${TIMEOUTS_PER_FILE} of this file’s second runs had stopped at the ${Math.round(this.#timeLimitMs / 1000)} s time limit`;
      // Points that caught this same code at an earlier check are tried first: a failure found once
      // stays while the code and the checks are the same, and is shown afresh, not carried over
      // (what a review keeps could have been edited). Points drawn anew only when they no longer fail.
      const caughtBefore = (e: ReviewedExercise) => earlier?.exercises.find((x) =>
        x.work.chapter === e.work.chapter && x.work.exercise === e.work.exercise && x.work.code === e.work.code && x.probe?.seed !== undefined && foundFailing(x.probe))?.probe?.seed;
      // The starter's passes are the book's code (isStarter), and it scores 0 whatever they are.
      const probed = this.#probe ? exercises.filter((e) => drew.get(e)! > 0 && e.verdict !== 'error' && e.results.some((r) => r.pass) && !isStarter(e)) : [];
      // By tenths of a second, so that answers about as quick keep the file's order.
      const tenths = (e: ReviewedExercise) => Math.floor(took.get(e)! / 100);
      probed.sort((a, b) => tenths(a) - tenths(b));
      /** The second run at `seed`, or undefined when none could be made (see whyNot). */
      const secondRun = async (e: ReviewedExercise, seed: string): Promise<ReviewedExercise | undefined> => {
        if (runnerFailed || spent || timeouts >= TIMEOUTS_PER_FILE) return undefined;
        try {
          const { exercise } = await this.#recheck(kernel, run, e.work, seed);
          return spent ? undefined : exercise;
        } catch {
          runnerFailed = true; // the grades stand
          return undefined;
        }
      };
      for (const e of probed) {
        for (const seed of [caughtBefore(e), this.#probe!()]) {
          if (seed === undefined) continue;
          const second = await secondRun(e, seed);
          if (!second) {
            e.probe ??= { failed: [], notRun: whyNot() };
            break;
          }
          e.probe = { ...probeOutcome(e.results, second.results, second.verdict === 'error' ? second.message ?? 'The run stopped.' : undefined), seed };
          if (foundFailing(e.probe)) break;
        }
      }
    } finally {
      clearTimeout(budgetTimer);
      clearTimeout(probeTimer);
      kernel.dispose();
    }
    return {
      file: shown,
      ok: true,
      review: { file: shown, submission: { ...submission, work }, exercises, repeated, versionDiffers: submission.contentVersion !== this.#manifest.contentVersion },
    };
  }

  #verdict(work: SubmittedExercise, verdict: Verdict, results: CheckResult[], message?: string): ReviewedExercise {
    const entry = this.#entries.get(`${work.chapter}/${work.exercise}`);
    return { work, entry, verdict, results, message, flagged: work.recorded === 'passed' && verdict !== 'passed' };
  }

  /**
   * Judges one exercise of a hand-in in a fresh scope, at the points its code's text gives, or at
   * the points `probe` gives (a second run, ReviewerOptions.probe); `drew` is how many the checks drew.
   */
  async #recheck(kernel: Kernel, run: Run, work: SubmittedExercise, probe?: string): Promise<{ exercise: ReviewedExercise; drew: number }> {
    const entry = this.#entries.get(`${work.chapter}/${work.exercise}`);
    let drew = 0;
    const done = (verdict: Verdict, results: CheckResult[], message?: string) => ({ exercise: this.#verdict(work, verdict, results, message), drew });
    if (!entry) return done('unknown', [], 'This exercise is not in this version of the book.');
    const context = judgingContext(entry, work.code);
    // The book's cells come compiled by the build, the student's code and the cells of imports
    // (made here, judgingContext) from the page (CompileOnce): an honest file's worker compiles nothing.
    const compiled = (cellId: string) => this.#manifest.compiled?.[compiledKey(entry.chapter, cellId)];
    const runContext = async (cells: ContextRun[]) => {
      for (const cell of cells) {
        const outcome = await run(cell.id, cell.source, { quiet: true, compiled: compiled(cell.id) ?? await this.#compiled.get(cell.source, cell.id, false) });
        if (outcome.kind === 'stopped') return outcome.message;
      }
      return null;
    };
    kernel.reset();
    const before = await runContext(context.before);
    if (before !== null) return done('error', [], `The chapter’s cells could not run: ${before}`);
    const codeId = `ex-${entry.id}`;
    const code = await run(codeId, work.code, { withhold: entry.withhold, allow: entry.allow, attempt: codeId, compiled: await this.#compiled.get(work.code, codeId, attemptOnPage(entry)) });
    if (code.kind === 'stopped') return done('error', [], code.message);
    if (code.result.status === 'error') {
      const e = code.result.error!;
      return done('error', [], `The code stops with ${e.name}: ${e.message}${e.line ? ` (line ${e.line})` : ''}`);
    }
    // The chapter's cells run again before the checks, so they compare with the chapter's values
    // made afresh, not with objects the student's code may have changed in place.
    const again = await runContext(context.again);
    if (again !== null) return done('error', [], `The chapter’s cells could not run: ${again}`);
    const checks = await runChecks(run, entry, compiled(checksCellId(entry.id)), probe);
    if (checks.kind === 'stopped') return done('error', [], checks.message);
    drew = checks.drew;
    const outcome = checks.outcome;
    if (outcome.error) return done('error', outcome.results, `While checking, the code raised ${outcome.error.name}: ${outcome.error.message}`);
    return done(outcome.passed ? 'passed' : 'failed', outcome.results);
  }

  /** Ends the spare workers; files being judged end theirs when they finish. */
  dispose() {
    this.#pool.drain();
  }
}

/** "my-sigmoid was listed 3 times: only its last entry was checked", or "" when nothing repeats. */
export function repeatsNote(repeated: ReviewedSubmission['repeated']): string {
  if (repeated.length === 0) return '';
  const listed = repeated.map((r, i) => `${r.exercise}${i === 0 ? ' was' : ''} listed ${r.times} times`).join(', ');
  return `${listed}: only ${repeated.length === 1 ? 'its last entry was' : 'the last entry of each was'} checked`;
}
