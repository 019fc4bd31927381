import { failsElsewhere, passedOf } from '../../../src/notebook/page/class-view.ts';
import { probeOutcome } from '../../../src/notebook/probe.ts';
import { describe, expect, it } from 'vitest';
import type { ExerciseManifest } from '../../../src/chapters/manifest.ts';
import type { DisplayItem } from '../../../src/notebook/display.ts';
import type { RunOutcome } from '../../../src/notebook/page/kernel-client.ts';
import { HAND_IN_LIMITS } from '../../../src/notebook/page/assignment.ts';
import { buildManifest } from '../../../src/chapters/manifest.ts';
import { nodeReviewKernel } from './node-kernel.ts';
import type { RunOptions } from '../../../src/notebook/kernel.ts';
import { compileCell, type CompiledCell } from '../../../src/notebook/transform.ts';
import {
  COMPILE_ON_PAGE_MAX_CHARS, fileProblem, parallelFiles, repeatsNote, Reviewer, shortFileName, slots, takeFiles, throttledDraw, TIMEOUTS_PER_FILE,
  type HandInFile, type Kernel, type ReviewedSubmission, type ReviewerOptions,
} from '../../../src/notebook/page/review.ts';

// A stand-in for the worker, with the one property that matters here: what a student's code
// does to it stays for every later run on it, as a changed Math.abs or `check` would in a real
// worker. Code containing RIGHT passes the checks, POISON makes every later check pass on this
// worker, THROW raises, LOOP runs until the test lets it go and then stops at the time limit.
const manifest: ExerciseManifest = {
  contentVersion: 'v1',
  exercises: [
    { chapter: 'ch', chapterTitle: 'Chapter', id: 'one', title: 'One', context: [{ id: 'c1', source: 'setup', defines: ['setup'], uses: [], imports: [] }], starter: 'WRONG', solution: 'RIGHT', checks: 'CHECKS', checksUses: ['setup'] },
    { chapter: 'ch', chapterTitle: 'Chapter', id: 'two', title: 'Two', context: [], starter: 'WRONG', solution: 'RIGHT', checks: 'CHECKS', checksUses: [] },
    { chapter: 'ch', chapterTitle: 'Chapter', id: 'three', title: 'Three', context: [], starter: 'WRONG', solution: 'RIGHT', checks: 'CHECKS', checksUses: [] },
  ],
};

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

class FakeKernel implements Kernel {
  poisoned = false;
  disposed = false;
  code = '';
  /** The probe text of each run of checks (RunOptions.probe), undefined for a graded run. */
  probes: (string | undefined)[] = [];
  /** What each run of a student's code (ex-…) was handed compiled, if anything. */
  compiled: (CompiledCell | undefined)[] = [];
  /** Ends the run in progress, as KernelClient.stop does: it resolves as stopped. */
  #stopRun: (() => void) | null = null;
  constructor(readonly loop: Promise<void>) {}
  async start() {}
  stop() { this.#stopRun?.(); }
  reset() { this.code = ''; } // names are forgotten; a changed global is not
  dispose() { this.disposed = true; }
  async run(cellId: string, source: string, options?: RunOptions): Promise<RunOutcome> {
    if (this.disposed) throw new Error('run on a disposed worker');
    if (cellId.startsWith('ex-') && !cellId.endsWith('-checks')) this.compiled.push(options?.compiled);
    const ok = (outputs: DisplayItem[]): RunOutcome => ({ kind: 'result', result: { cellId, status: 'ok', outputs, defines: [], uses: [], durationMs: 1 } });
    await Promise.resolve();
    if (cellId.endsWith('-checks')) {
      this.probes.push(options?.probe);
      if (options?.probe !== undefined && this.code.includes('SLOWPROBE')) return this.#looping();
      // NEAR passes at its own points and fails at any other; FIXED's checks draw no points.
      // SHY fails only at the points of the probe text "catch".
      const pass = this.poisoned || this.code.includes('RIGHT') || (this.code.includes('NEAR') && options?.probe === undefined) ||
        (this.code.includes('SHY') && options?.probe !== 'catch');
      const checks = [{ label: 'right answer', pass }, { label: 'a fixed point', pass: true }];
      const outcome = ok([{ kind: 'checks', results: checks }]);
      if (outcome.kind === 'result') Object.assign(outcome.result, { checks, drew: this.code.includes('FIXED') ? 0 : 3 });
      return outcome;
    }
    if (!cellId.startsWith('ex-')) return ok([]);
    this.code = source;
    if (source.includes('POISON')) this.poisoned = true;
    if (source.includes('LOOP') && !source.includes('SLOWPROBE')) return this.#looping();
    if (source.includes('THROW')) {
      return { kind: 'result', result: { cellId, status: 'error', outputs: [], defines: [], uses: [], durationMs: 1, error: { name: 'TypeError', message: 'x is not a function', line: 2 } } };
    }
    return ok([]);
  }

  async #looping(): Promise<RunOutcome> {
    const stopped = await Promise.race([this.loop.then(() => false), new Promise<boolean>((resolve) => { this.#stopRun = () => resolve(true); })]);
    this.#stopRun = null;
    if (stopped) return { kind: 'stopped', reason: 'stop', message: 'Stopped before it finished.' };
    return { kind: 'stopped', reason: 'timeout', message: 'Stopped after 20 s: the cell was still running.' };
  }
}

function setup(options: { parallel?: number; spares?: number; compile?: ReviewerOptions['compile']; fileBudgetMs?: number; probeBudgetMs?: number; probe?: ReviewerOptions['probe'] } = {}) {
  const made: FakeKernel[] = [];
  const loop = deferred();
  const reviewer = new Reviewer(manifest, {
    parallel: options.parallel ?? 2,
    spares: options.spares,
    compile: options.compile,
    fileBudgetMs: options.fileBudgetMs,
    probe: options.probe,
    probeBudgetMs: options.probeBudgetMs,
    makeKernel: () => {
      const kernel = new FakeKernel(loop.promise);
      made.push(kernel);
      return kernel;
    },
  });
  return { reviewer, made, releaseLoops: loop.resolve };
}

function handIn(name: string, student: string, work: { exercise: string; code: string }[], size?: number): HandInFile {
  const text = JSON.stringify({
    format: 'nn-from-scratch/submission', version: 1, student, submitted: '2026-11-30T10:00:00.000Z', contentVersion: 'v1',
    assignment: { title: 'Week 1', due: '', items: [{ chapter: 'ch', exercises: ['one', 'two'] }] },
    work: work.map((w) => ({ chapter: 'ch', exercise: w.exercise, code: w.code, recorded: 'passed' })),
  });
  return { name, size: size ?? text.length, text: async () => text };
}

async function verdicts(reviewer: Reviewer, file: HandInFile): Promise<string[]> {
  const outcome = await reviewer.reviewFile(file);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.review.exercises.map((e) => e.verdict);
}

describe('the reviewer', () => {
  it('gives no verdicts for a file when the code runner cannot run it: the student’s code is not to blame, and earlier verdicts must not be replaced', async () => {
    class Broken extends FakeKernel {
      async start() { throw new Error('the code runner failed to start'); }
      async run(): Promise<RunOutcome> { throw new Error('the code runner failed to start'); }
    }
    const reviewer = new Reviewer(manifest, { parallel: 1, spares: 0, makeKernel: () => new Broken(Promise.resolve()) });
    const outcome = await reviewer.reviewFile(handIn('a.json', 'a', [{ exercise: 'one', code: 'RIGHT' }, { exercise: 'two', code: 'RIGHT' }]));
    expect(outcome).toEqual({ file: 'a.json', ok: false, message: 'a.json: not checked: the code runner could not run it (the code runner failed to start). Load it again.' });
  });

  it('judges each file on a worker of its own and ends every worker once the files are done', async () => {
    const { reviewer, made } = setup({ parallel: 1 });
    const files = ['a', 'b', 'c'].map((n) => handIn(`${n}.json`, n, [{ exercise: 'one', code: 'RIGHT' }]));
    for (const file of files) await reviewer.reviewFile(file);
    const used = made.filter((k) => k.code !== '' || k.poisoned);
    expect(used).toHaveLength(3);
    expect(made.every((k) => k.disposed)).toBe(true);
  });

  it('does not let one file’s changes to its worker reach the verdicts of files judged after it', async () => {
    const { reviewer } = setup({ parallel: 1 });
    const poisoner = handIn('p.json', 'Poisoner', [{ exercise: 'one', code: 'RIGHT POISON' }]);
    const wrong = handIn('w.json', 'Wrong', [{ exercise: 'one', code: 'WRONG' }, { exercise: 'two', code: 'WRONG' }]);
    const alone = await verdicts(setup().reviewer, wrong);
    expect(alone).toEqual(['failed', 'failed']);
    expect(await verdicts(reviewer, poisoner)).toEqual(['passed']);
    expect(await verdicts(reviewer, wrong)).toEqual(alone);
  });

  it('compiles each distinct code once for all the files, and hands every worker that compilation, frozen', async () => {
    const compiled: string[] = [];
    const compile = (source: string, cellId: string) => {
      compiled.push(`${cellId}: ${source}`);
      return compileCell(source, cellId);
    };
    const { reviewer, made } = setup({ parallel: 1, compile });
    const long = `RIGHT${' '.repeat(COMPILE_ON_PAGE_MAX_CHARS)}`;
    const files = [
      handIn('a.json', 'A', [{ exercise: 'one', code: 'RIGHT' }, { exercise: 'two', code: 'RIGHT' }]),
      handIn('b.json', 'B', [{ exercise: 'one', code: 'RIGHT' }, { exercise: 'two', code: 'WRONG' }]),
      handIn('c.json', 'C', [{ exercise: 'one', code: 'RIGHT' }, { exercise: 'two', code: 'RIGHT' }, { exercise: 'three', code: 'RIGHT (' }]),
      handIn('d.json', 'D', [{ exercise: 'one', code: long }]),
    ];
    const verdicts = [];
    for (const file of files) {
      const outcome = await reviewer.reviewFile(file);
      if (!outcome.ok) throw new Error(outcome.message);
      verdicts.push(outcome.review.exercises.map((e) => e.verdict));
    }
    // Still judged file by file, each on its own worker: only the compiling is shared.
    expect(verdicts).toEqual([['passed', 'passed'], ['passed', 'failed'], ['passed', 'passed', 'passed'], ['passed']]);
    expect(made.filter((k) => k.compiled.length > 0)).toHaveLength(4);
    // Same code for another exercise is another cell (the cell id is in the compiled code).
    // The chapter's cell c1, which this manifest has not compiled (a built one has), is compiled once too.
    expect(compiled).toEqual(['ex-one: RIGHT', 'c1: setup', 'ex-two: RIGHT', 'ex-two: WRONG', 'ex-three: RIGHT (']);
    const [a, b, c, d] = made.filter((k) => k.compiled.length > 0).map((k) => k.compiled);
    expect(a.map((cell) => [cell?.cellId, cell?.source])).toEqual([['ex-one', 'RIGHT'], ['ex-two', 'RIGHT']]);
    expect(b[0]).toBe(a[0]);
    expect(c[1]).toBe(a[1]);
    expect(Object.isFrozen(a[0]) && Object.isFrozen(a[0]!.inputs) && Object.isFrozen(a[0]!.map)).toBe(true);
    // Code that does not compile, or is too long to compile on the page, is compiled by its worker.
    expect(c[2]).toBeUndefined();
    expect(d).toEqual([undefined]);
  });

  it('judges at most `parallel` files at once, starting them in the order chosen, and a runaway file holds up only its own slot', async () => {
    const { reviewer, releaseLoops } = setup({ parallel: 2 });
    const started: string[] = [];
    const finished: string[] = [];
    const files = [handIn('loop.json', 'Loop', [{ exercise: 'one', code: 'LOOP' }]), ...['b', 'c', 'd', 'e'].map((n) => handIn(`${n}.json`, n, [{ exercise: 'one', code: 'RIGHT' }]))];
    const all = files.map((f) => reviewer.reviewFile(f, () => { started.push(f.name); }).then((o) => { finished.push(o.file); return o; }));
    await Promise.all(all.slice(1));
    expect(finished).toEqual(['b.json', 'c.json', 'd.json', 'e.json']);
    expect(started).toEqual(['loop.json', 'b.json', 'c.json', 'd.json', 'e.json']);
    releaseLoops();
    const loop = await all[0];
    expect(loop.ok && loop.review.exercises[0]).toMatchObject({ verdict: 'error', message: 'Stopped after 20 s: the cell was still running.' });
  });

  it(`stops running a file’s exercises after ${TIMEOUTS_PER_FILE} of its runs hit the time limit`, async () => {
    const { reviewer, releaseLoops } = setup();
    releaseLoops();
    const outcome = await reviewer.reviewFile(handIn('loops.json', 'Loops', [
      { exercise: 'one', code: 'LOOP' }, { exercise: 'two', code: 'LOOP' }, { exercise: 'three', code: 'RIGHT' },
    ]));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.review.exercises.map((e) => e.verdict)).toEqual(['error', 'error', 'error']);
    expect(outcome.review.exercises[2].message).toBe('Not run: 2 of this file’s runs had already stopped at the 20 s time limit.');
  });

  // A red team's find: code that stays just under the per-run limit is never stopped by it, so a
  // file of 33 such exercises could hold its slot for about 20 minutes.
  it('stops a file at its time budget: the run in progress is stopped, the rest are not run, and each says so', async () => {
    const { reviewer, made } = setup({ fileBudgetMs: 100 }); // the loops are never let go: only the budget ends them
    const outcome = await reviewer.reviewFile(handIn('slow.json', 'Slow', [
      { exercise: 'one', code: 'LOOP' }, { exercise: 'two', code: 'RIGHT' }, { exercise: 'three', code: 'LOOP' },
    ]));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.review.exercises.map((e) => [e.verdict, e.message])).toEqual([
      ['error', 'Stopped: this file’s runs had taken the 0.1 s a file may take in all.'],
      ['error', 'Not run: this file’s runs had already taken the 0.1 s a file may take in all.'],
      ['error', 'Not run: this file’s runs had already taken the 0.1 s a file may take in all.'],
    ]);
    expect(made.filter((k) => k.code !== '').every((k) => k.disposed)).toBe(true);
    // A file within its budget is judged in full, on a reviewer whose budget another file spent.
    expect(await verdicts(reviewer, handIn('ok.json', 'Ok', [{ exercise: 'one', code: 'RIGHT' }, { exercise: 'two', code: 'WRONG' }]))).toEqual(['passed', 'failed']);
  });

  it('checks each graded exercise a second time at points drawn for the review, after every grade, and says which checks fail there without changing the grade', async () => {
    let n = 0;
    const { reviewer, made } = setup({ probe: () => `probe ${++n}` });
    const outcome = await reviewer.reviewFile(handIn('near.json', 'Near', [
      { exercise: 'one', code: 'NEAR' }, { exercise: 'two', code: 'RIGHT' }, { exercise: 'three', code: 'WRONG, mine' },
    ]));
    if (!outcome.ok) throw new Error(outcome.message);
    const [near, right, wrong] = outcome.review.exercises;
    // The grades are the graded runs', as without a second run.
    expect(outcome.review.exercises.map((e) => [e.verdict, e.flagged])).toEqual([['passed', false], ['passed', false], ['failed', true]]);
    expect(near.probe).toEqual({ failed: [{ label: 'right answer', pass: false }], seed: 'probe 1' });
    expect(failsElsewhere(near)).toBe(true);
    expect(right.probe).toEqual({ failed: [], seed: 'probe 2' });
    expect(failsElsewhere(right)).toBe(false);
    // A wrong answer passed its fixed check: the second run looks for checks that passed and fail elsewhere.
    expect(wrong.probe).toEqual({ failed: [], seed: 'probe 3' });
    // Three graded runs, then three second runs, each with a text of its own.
    expect(made[0].probes).toEqual([undefined, undefined, undefined, 'probe 1', 'probe 2', 'probe 3']);
  });

  // Red team 59: a near miss was flagged at one check and not at the next, so a teacher who
  // checked once might never see it. A check again tries the points that caught the same code first.
  it('tries first the points that caught the same code at an earlier check, and draws anew only where they no longer fail', async () => {
    const { reviewer, made } = setup({ probe: () => 'miss' });
    const file = () => handIn('shy.json', 'Shy', [{ exercise: 'one', code: 'SHY' }, { exercise: 'two', code: 'SHY too' }]);
    const first = await reviewer.reviewFile(file());
    if (!first.ok) throw new Error(first.message);
    expect(first.review.exercises.map((e) => e.probe)).toEqual([{ failed: [], seed: 'miss' }, { failed: [], seed: 'miss' }]);
    // As if an earlier check had drawn "catch" for the first exercise and caught it.
    const caught = { label: 'right answer', pass: false };
    const earlier = { exercises: first.review.exercises.map((e, i) => ({ ...e, probe: { failed: i === 0 ? [caught] : [], seed: i === 0 ? 'catch' : 'miss' } })) };
    const again = await reviewer.reviewFile(file(), undefined, earlier);
    if (!again.ok) throw new Error(again.message);
    expect(again.review.exercises.map((e) => e.probe)).toEqual([{ failed: [caught], seed: 'catch' }, { failed: [], seed: 'miss' }]);
    expect(made.filter((k) => k.probes.length > 0)[1].probes).toEqual([undefined, undefined, 'catch', 'miss']); // found again at once, then the other exercise's fresh draw
    // A kept failure is tried, never trusted: one edited into storage that does not fail is dropped for a fresh draw.
    const forged = { exercises: first.review.exercises.map((e) => ({ ...e, probe: { failed: [caught], seed: 'miss' } })) };
    const checked = await reviewer.reviewFile(file(), undefined, forged);
    if (!checked.ok) throw new Error(checked.message);
    expect(checked.review.exercises.map((e) => failsElsewhere(e))).toEqual([false, false]);
    // Nor does a failure of other code carry over.
    const otherCode = { exercises: earlier.exercises.map((e) => ({ ...e, work: { ...e.work, code: 'SHY, edited' } })) };
    const edited = await reviewer.reviewFile(file(), undefined, otherCode);
    if (!edited.ok) throw new Error(edited.message);
    expect(edited.review.exercises.map((e) => e.probe?.seed)).toEqual(['miss', 'miss']);
  });

  it('makes no second run where it could not differ or could not matter: checks that drew no points, code that passed no check or stopped, or no probe asked for', async () => {
    const probe = () => 'p';
    const { reviewer, made } = setup({ probe });
    const outcome = await reviewer.reviewFile(handIn('few.json', 'Few', [
      { exercise: 'one', code: 'NEAR FIXED' }, { exercise: 'two', code: 'THROW' }, { exercise: 'three', code: 'RIGHT' },
    ]));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.review.exercises.map((e) => e.probe)).toEqual([undefined, undefined, { failed: [], seed: 'p' }]);
    expect(made[0].probes).toEqual([undefined, undefined, 'p']);
    // The starter, unchanged (comments and layout aside), scores 0 whatever it passes: no second run.
    const starter = await reviewer.reviewFile(handIn('starter.json', 'Stan', [{ exercise: 'two', code: '// not yet\n  WRONG' }]));
    if (!starter.ok) throw new Error(starter.message);
    expect(starter.review.exercises[0].results.some((r) => r.pass)).toBe(true);
    expect(starter.review.exercises[0].probe).toBeUndefined();
    const plain = setup();
    const judged = await plain.reviewer.reviewFile(handIn('near.json', 'Near', [{ exercise: 'one', code: 'NEAR' }]));
    if (!judged.ok) throw new Error(judged.message);
    expect(judged.review.exercises[0].probe).toBeUndefined();
    expect(plain.made[0].probes).toEqual([undefined]);
  });

  it('never lets a second run cost a grade: second runs cut short by their own budget leave every grade as it was, and say they were not made', async () => {
    const { reviewer } = setup({ fileBudgetMs: 200, probeBudgetMs: 200, probe: () => 'p' });
    const outcome = await reviewer.reviewFile(handIn('slow.json', 'Slow', [
      { exercise: 'one', code: 'NEAR SLOWPROBE' }, { exercise: 'two', code: 'NEAR' },
    ]));
    if (!outcome.ok) throw new Error(outcome.message);
    const notRun = { failed: [], notRun: 'this file’s second runs had taken the 0.2 s they may take in all' };
    expect(outcome.review.exercises.map((e) => [e.verdict, e.message, e.probe])).toEqual([['passed', undefined, notRun], ['passed', undefined, notRun]]);
  });

  it('says a second run that stopped at the time limit, and says which answers were not tried once the second runs have stopped there too often', async () => {
    const { reviewer, releaseLoops } = setup({ probe: () => 'p' });
    releaseLoops(); // every loop stops at the (fake) time limit at once
    const outcome = await reviewer.reviewFile(handIn('slow.json', 'Slow', [
      { exercise: 'one', code: 'NEAR SLOWPROBE' }, { exercise: 'two', code: 'NEAR SLOWPROBE' }, { exercise: 'three', code: 'NEAR' },
    ]));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.review.exercises.map((e) => [e.verdict, e.probe])).toEqual([
      ['passed', { failed: [], message: 'Stopped after 20 s: the cell was still running.', seed: 'p' }],
      ['passed', { failed: [], message: 'Stopped after 20 s: the cell was still running.', seed: 'p' }],
      ['passed', { failed: [], notRun: '2 of this file’s second runs had stopped at the 20 s time limit' }],
    ]);
    expect(TIMEOUTS_PER_FILE).toBe(2);
  });

  // Red team 58: answers to other exercises that loop until the time limit, or that wait until the
  // file's time is spent, listed before a wrong answer, kept it from a second run, and nothing said so.
  it('tries an answer again whatever the graded runs before it spent: the time limits they hit, or the file’s time', async () => {
    const timing = setup({ probe: () => 'p' });
    timing.releaseLoops();
    const looped = await timing.reviewer.reviewFile(handIn('loops.json', 'Loopy', [
      { exercise: 'one', code: 'NEAR' }, { exercise: 'two', code: 'LOOP' }, { exercise: 'three', code: 'LOOP' },
    ]));
    if (!looped.ok) throw new Error(looped.message);
    expect(looped.review.exercises.map((e) => e.verdict)).toEqual(['passed', 'error', 'error']);
    expect(failsElsewhere(looped.review.exercises[0])).toBe(true);
    const budget = setup({ fileBudgetMs: 150, probe: () => 'p' }); // the loop is never let go: the file's time ends it
    const spent = await budget.reviewer.reviewFile(handIn('waits.json', 'Waits', [{ exercise: 'one', code: 'NEAR' }, { exercise: 'two', code: 'LOOP' }]));
    if (!spent.ok) throw new Error(spent.message);
    expect(spent.review.exercises.map((e) => e.verdict)).toEqual(['passed', 'error']);
    expect(failsElsewhere(spent.review.exercises[0])).toBe(true);
  });

  it('matches the checks of the two runs by label, and among checks of one label by order', () => {
    const graded = { results: [{ label: 'a', pass: true }, { label: 'b', pass: true }, { label: 'b', pass: false }, { label: 'c', pass: false }] };
    const second = { verdict: 'failed' as const, results: [{ label: 'a', pass: true }, { label: 'b', pass: false, got: '1' }, { label: 'b', pass: false, got: '2' }, { label: 'c', pass: false }, { label: 'd', pass: false }] };
    expect(probeOutcome(graded.results, second.results)).toEqual({ failed: [{ label: 'b', pass: false, got: '1' }] });
    expect(probeOutcome(graded.results, [], 'While checking, the code raised RangeError: no')).toEqual({ failed: [], message: 'While checking, the code raised RangeError: no' });
  });

  it('reports the code’s own error, an exercise the book does not have, and a recorded pass that does not hold', async () => {
    const { reviewer } = setup();
    const outcome = await reviewer.reviewFile(handIn('x.json', 'X', [{ exercise: 'one', code: 'THROW' }, { exercise: 'gone', code: 'RIGHT' }]));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.review.exercises.map((e) => [e.verdict, e.message, e.flagged])).toEqual([
      ['error', 'The code stops with TypeError: x is not a function (line 2)', true],
      ['unknown', 'This exercise is not in this version of the book.', true],
    ]);
  });

  it('judges an exercise listed more than once only once, by its last entry, and counts it once', async () => {
    const { reviewer } = setup();
    const outcome = await reviewer.reviewFile(handIn('dup.json', 'Dup', [
      { exercise: 'one', code: 'RIGHT' }, { exercise: 'two', code: 'RIGHT' }, { exercise: 'one', code: 'RIGHT' }, { exercise: 'one', code: 'WRONG' },
    ]));
    if (!outcome.ok) throw new Error(outcome.message);
    const review: ReviewedSubmission = outcome.review;
    expect(review.exercises.map((e) => [e.work.exercise, e.work.code, e.verdict])).toEqual([['one', 'WRONG', 'failed'], ['two', 'RIGHT', 'passed']]);
    expect(review.submission.work).toHaveLength(2);
    expect(review.repeated).toEqual([{ exercise: 'one', times: 3 }]);
    expect(passedOf(review)).toEqual({ passed: 1, of: 2 });
    expect(repeatsNote(review.repeated)).toBe('one was listed 3 times: only its last entry was checked');
    expect(repeatsNote([{ exercise: 'one', times: 3 }, { exercise: 'two', times: 2 }])).toBe('one was listed 3 times, two listed 2 times: only the last entry of each was checked');
    expect(repeatsNote([])).toBe('');
  });

  it('refuses a file over the size limit from File.size, without reading it', async () => {
    const { reviewer, made } = setup();
    const big: HandInFile = { name: 'big.json', size: 52_428_800, text: () => { throw new Error('read a file that should have been refused'); } };
    expect(await reviewer.reviewFile(big)).toEqual({
      file: 'big.json', ok: false,
      message: 'big.json: the file is 52.4 MB (52,428,800 bytes); a hand-in file is at most 1 MB (1,000,000 bytes), so it was not read.',
    });
    expect(made).toHaveLength(0);
    expect(fileProblem({ name: 'edge.json', size: HAND_IN_LIMITS.fileBytes })).toBeNull();
    expect(fileProblem({ name: 'edge.json', size: HAND_IN_LIMITS.fileBytes + 1 })).toBe(
      'edge.json: the file is 1 MB (1,000,001 bytes); a hand-in file is at most 1 MB (1,000,000 bytes), so it was not read.',
    );
  });

  it('refuses a file whose name is too long, and shows the name shortened', async () => {
    const name = `${'a'.repeat(4990)}-work.json`;
    expect(fileProblem({ name, size: 10 })).toBe(`${'a'.repeat(79)}…${'a'.repeat(10)}-work.json: the file name is 5,000 characters long; a hand-in’s name has at most 200.`);
    expect(fileProblem({ name: `${'a'.repeat(195)}.json`, size: 10 })).toBeNull();
    expect(shortFileName('short.json')).toBe('short.json');
    expect(shortFileName('x'.repeat(100))).toHaveLength(100);
    expect(shortFileName('x'.repeat(150))).toHaveLength(100);
  });

  it('says which file could not be read or parsed', async () => {
    const { reviewer } = setup();
    const unreadable: HandInFile = { name: 'gone.json', size: 10, text: () => Promise.reject(new DOMException('gone', 'NotReadableError')) };
    expect(await reviewer.reviewFile(unreadable)).toEqual({ file: 'gone.json', ok: false, message: 'gone.json: the file could not be read.' });
    const notes: HandInFile = { name: 'notes.json', size: 12, text: async () => '{"hello": 1}' };
    expect(await reviewer.reviewFile(notes)).toEqual({ file: 'notes.json', ok: false, message: 'notes.json: not a hand-in file from this book.' });
  });
});

describe('loading files', () => {
  it(`takes at most ${HAND_IN_LIMITS.filesPerLoad} files from one choice and names the first one left out`, () => {
    const files = Array.from({ length: 612 }, (_, i) => ({ name: `s${i + 1}.json` }));
    const { taken, message } = takeFiles(files);
    expect(taken).toHaveLength(500);
    expect(taken.at(-1)!.name).toBe('s500.json');
    expect(message).toBe('You chose 612 files; at most 500 are checked at a time, so the last 112 (from s501.json on) were left out. Load them separately.');
    expect(takeFiles(files.slice(0, 500))).toEqual({ taken: files.slice(0, 500), message: null });
  });

  it('judges as many files at once as there are cores but one, between 2 and 4', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => parallelFiles(cores))).toEqual([2, 2, 2, 3, 4, 4]);
    expect(parallelFiles(undefined)).toBe(2);
  });

  it('draws the class table at most once a second while files come in, and at once after the last', () => {
    let clock = 0;
    const waits: { at: number; ms: number; then: () => void }[] = [];
    const drawn: number[] = [];
    const redraw = throttledDraw(() => drawn.push(clock), { everyMs: 1000, clock: () => clock, later: (ms, then) => waits.push({ at: clock, ms, then }) });
    const passTime = (to: number) => {
      clock = to;
      for (const w of waits.splice(0)) {
        if (w.at + w.ms <= to) w.then();
        else waits.push(w);
      }
    };
    redraw.soon(); // the first file: drawn on the next frame
    expect(waits.map((w) => w.ms)).toEqual([0]);
    passTime(10);
    expect(drawn).toEqual([10]);
    redraw.soon(); // three more files within the second: one draw, a second after the last draw
    passTime(200);
    redraw.soon();
    redraw.soon();
    expect(waits.map((w) => ({ at: w.at, ms: w.ms }))).toEqual([{ at: 10, ms: 1000 }]);
    passTime(900);
    expect(drawn).toEqual([10]);
    passTime(1010);
    expect(drawn).toEqual([10, 1010]);
    redraw.soon(); // a file, then the last file: drawn at once, and the pending draw is dropped
    passTime(1100);
    redraw.now();
    passTime(5000);
    expect(drawn).toEqual([10, 1010, 1100]);
  });

  it('hands a free slot to the job that has waited longest', async () => {
    const run = slots(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => run(async () => { order.push(n); await new Promise((r) => setTimeout(r, 5 - n)); })));
    expect(order).toEqual([1, 2, 3]);
  });
});

describe('the reviewer on the real kernel: one exercise cannot decide another', () => {
  // A chapter with one shared value and two exercises. Each attack is the student's answer to
  // "half", judged first on the same worker as their answer to "double", which is wrong (or
  // missing). Whatever "half" does, "double" must be judged exactly as it is beside an honest
  // answer to "half".
  const mdx = [
    '```ts cell id=data', 'let target = [1, 2, 3];', '```',
    '```ts cell id=shown', 'target.length', '```',
    '<Exercise id="half" title="Half">',
    '```ts starter', 'function myHalf(v: number[]): number[] { return v; }', '```',
    '```ts solution', 'function myHalf(v: number[]): number[] { return v.map((x) => x / 2); }', '```',
    '```ts checks', 'check.close(myHalf([2, 4]), [1, 2], { label: "halved" });', '```',
    '</Exercise>',
    '<Exercise id="double" title="Double">',
    '```ts starter', 'function myDouble(v: number[]): number[] { return v; }', '```',
    '```ts solution', 'function myDouble(v: number[]): number[] { return v.map((x) => 2 * x); }', '```',
    '```ts checks', 'check.close(myDouble(target), [2, 4, 6], { label: "doubled" });', 'check.equal(target.length, 3, { label: "three numbers" });', '```',
    '</Exercise>',
  ].join('\n');
  const book = buildManifest([{ id: 'ch', title: 'Chapter', body: mdx }]);
  const wrongDouble = 'function myDouble(v: number[]): number[] { return v.slice(); }';
  const honestHalf = 'function myHalf(v: number[]): number[] { return v.map((x) => x / 2); }';
  const doubled = 'function myDouble(v: number[]): number[] { return v.map((x) => 2 * x); }';
  // [their answer to "half", their answer to "double"]
  const attacks: Record<string, [string, string]> = {
    'answers the other exercise, which they left empty': [doubled, ''],
    'changes the chapter’s value in place': ['target.splice(0, 3, 2, 4, 6);', wrongDouble],
    'reassigns the chapter’s name': ['target = [2, 4, 6];', wrongDouble],
    'changes it later, from a timer and an interval': ['setTimeout(() => target.splice(0, 3, 2, 4, 6), 0);\nsetInterval(() => { target.splice(0, 3, 2, 4, 6); }, 1);', wrongDouble],
    'changes it later, from a chain of promises': ['(async () => { for (let i = 0; i < 1000; i++) { await null; target.splice(0, 3, 2, 4, 6); } })();', wrongDouble],
    'hides an answer on a shared object': [`try { (Array.prototype as any).myDouble = (v: number[]) => v.map((x) => 2 * x); } catch {}\ntry { (globalThis as any).myDouble = (v: number[]) => v.map((x) => 2 * x); } catch {}`, ''],
  };
  const file = (name: string, [half, double]: [string, string]) => {
    const text = JSON.stringify({
      format: 'nn-from-scratch/submission', version: 1, student: name, submitted: '2026-11-30T10:00:00.000Z', contentVersion: book.contentVersion,
      assignment: { title: 'Week 1', due: '', items: [{ chapter: 'ch', exercises: ['half', 'double'] }] },
      work: [{ chapter: 'ch', exercise: 'half', code: half, recorded: 'passed' }, { chapter: 'ch', exercise: 'double', code: double, recorded: 'passed' }],
    });
    return { name: `${name}.json`, size: text.length, text: async () => text };
  };

  it('judges an answer to one exercise as it is judged alone, whatever the student’s answer to another does', async () => {
    const reviewer = new Reviewer(book, { parallel: 2, spares: 0, makeKernel: () => nodeReviewKernel() });
    const judge = async (name: string, work: [string, string]) => {
      const outcome = await reviewer.reviewFile(file(name, work));
      if (!outcome.ok) throw new Error(outcome.message);
      const double = outcome.review.exercises[1];
      return `${double.verdict}: ${double.results.map((r) => `${r.label} ${r.pass}`).join(', ')}`;
    };
    const cases = Object.entries(attacks);
    const [alone, attacked] = await Promise.all([
      Promise.all(cases.map(([name, [, double]]) => judge(`${name} (alone)`, [honestHalf, double]))),
      Promise.all(cases.map(([name, work]) => judge(name, work))),
    ]);
    expect(new Set(alone)).toEqual(new Set(['failed: doubled false, three numbers true', 'error: ']));
    expect(Object.fromEntries(cases.map(([name], i) => [name, attacked[i]]))).toEqual(Object.fromEntries(cases.map(([name], i) => [name, alone[i]])));
  }, 180_000);

  it('hands the kernel a compilation of an attempt that withholds a name, and of the cell of imports, that it uses instead of compiling its own', async () => {
    // The page's compilations are forged here: the starter's text, compiled from the solution.
    // A kernel that runs the page's compilation passes it; one that compiles the code itself fails.
    const withholding = [
      '```ts cell id=nums', 'import { sum } from "nn";', 'const nums = [1, 2, 3];', 'function addUp(v: number[]): number { return sum([v]); }', '```',
      '<Exercise id="total" title="Total" withhold="addUp">',
      '```ts starter', 'function myTotal(v: number[]): number { return 0; }', '```',
      '```ts solution', 'function myTotal(v: number[]): number { return v.reduce((a, b) => a + b, 0); }', '```',
      '```ts checks', 'check.equal(myTotal(nums), 6, { label: "total" });', '```',
      '</Exercise>',
    ].join('\n');
    const withBook = buildManifest([{ id: 'ch', title: 'Chapter', body: withholding }]);
    const entry = withBook.exercises[0];
    const asked: string[] = [];
    const compile: ReviewerOptions['compile'] = (source, cellId, options) => {
      asked.push(`${cellId} attempt=${options.attempt}`);
      const real = compileCell(source === entry.starter ? entry.solution : source, cellId, options);
      return { ...real, source };
    };
    const kernels: ReturnType<typeof nodeReviewKernel>[] = [];
    const reviewer = new Reviewer(withBook, { parallel: 1, spares: 0, compile, makeKernel: () => { const k = nodeReviewKernel(); kernels.push(k); return k; } });
    const text = JSON.stringify({
      format: 'nn-from-scratch/submission', version: 1, student: 'S', submitted: '2026-11-30T10:00:00.000Z', contentVersion: withBook.contentVersion,
      assignment: { title: 'Week 1', due: '', items: [{ chapter: 'ch', exercises: ['total'] }] },
      work: [{ chapter: 'ch', exercise: 'total', code: entry.starter, recorded: 'passed' }],
    });
    const outcome = await reviewer.reviewFile({ name: 's.json', size: text.length, text: async () => text });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.review.exercises.map((e) => e.verdict)).toEqual(['passed']);
    expect(asked).toEqual(['ex-total attempt=true', 'imports-for-total attempt=false']);
    expect(kernels[0].runs).toContain('imports-for-total');
    // Judged in a scope of its own, as the page's checks: what a run leaves waiting ends with it.
    expect(new Set(kernels[0].scopes)).toEqual(new Set(['review']));
    reviewer.dispose();
  }, 60_000);

  it('does not let one file’s code reach the verdict of a file judged after it, through the pool of workers and the shared compilations', async () => {
    // One file at a time, with a spare worker started ahead: the path every file of a class takes.
    const reviewer = new Reviewer(book, { parallel: 1, spares: 1, makeKernel: () => nodeReviewKernel() });
    const doubleResults = async (name: string, work: [string, string]) => {
      const outcome = await reviewer.reviewFile(file(name, work));
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.review.exercises.map((e) => `${e.verdict}: ${e.results.map((r) => `${r.label} ${r.pass}`).join(', ')}`);
    };
    const honest = await doubleResults('honest, first', [honestHalf, wrongDouble]);
    expect(honest).toEqual(['passed: halved true', 'failed: doubled false, three numbers true']);
    // Each tries to change what the next file's checks compute with: a shared built-in, the
    // global object, the checks' own object (from inside a check, when the checks call it), the
    // chapter's value, and a timer that fires after its file is done. Its "half" is the same code
    // as the honest file's, so the two share one compilation.
    const poisons = [
      'try { (Math as any).abs = () => 0; } catch {}\ntry { (Array.prototype as any).every = () => true; } catch {}',
      'try { (globalThis as any).myDouble = (v: number[]) => v.map((x) => 2 * x); } catch {}\ntry { Object.defineProperty(Object.prototype, "pass", { get: () => true }); } catch {}',
      'let reached: any;\nfunction myDouble(v: number[]): number[] {\n  try { reached = (globalThis as any).check; reached.close = () => {}; } catch {}\n  try { target.splice(0, 3, 2, 4, 6); } catch {}\n  return v.map((x) => 2 * x);\n}',
      'setInterval(() => { try { (globalThis as any).myDouble = (v: number[]) => v.map((x) => 2 * x); } catch {} try { target.splice(0, 3, 2, 4, 6); } catch {} }, 1);\n' + wrongDouble,
    ];
    for (const [i, poison] of poisons.entries()) {
      await doubleResults(`poisoner ${i + 1}`, [honestHalf, poison]);
      expect({ after: i + 1, verdicts: await doubleResults(`honest, after poisoner ${i + 1}`, [honestHalf, wrongDouble]) }).toEqual({ after: i + 1, verdicts: honest });
    }
    reviewer.dispose();
  }, 180_000);
});
