// What "Check my answer" says when the checks could not judge plainly: whose code threw (the
// attempt's or the checks' own), and what the page run tells beside the verdict.
import { describe, expect, test } from 'vitest';
import {
  checkOutcome,
  checksErrorSentence,
  checksErrorSource,
  editedAboveSentence,
  failedAboveSentence,
} from '../../src/notebook/exercise.ts';
import { runNotebook } from '../../src/notebook/node-runner.ts';

const CHECKS =
  'check.close(mySigmoid(0), 0.5, { label: "σ(0) = 1/2" });\ncheck.close(mySigmoid(1), 0.7310585786300049, { label: "σ(1)" });';

/** The error that ended a checks run of `attempt`, as the kernel reports it. */
async function checksError(attempt: string) {
  const results = await runNotebook([
    { id: 'ex-my-sigmoid', source: attempt },
    { id: 'ex-my-sigmoid-checks', source: CHECKS, checks: true, attempt: 'ex-my-sigmoid' },
  ]);
  const { error } = checkOutcome(results.at(-1)!);
  if (!error) throw new Error(`checksError: the checks of ${JSON.stringify(attempt)} ended without an error`);
  return error;
}

describe('an error while checking names whose code threw', () => {
  test('the attempt’s function threw: “your code raised”, at its own line', async () => {
    const error = await checksError(
      'function mySigmoid(z: number): number {\n  if (z > 0) throw new RangeError("too big");\n  return 0.5;\n}',
    );
    expect(checksErrorSource(error, 'ex-my-sigmoid')).toEqual({ whose: 'attempt', line: 2 });
    expect(checksErrorSentence(error, 'ex-my-sigmoid')).toBe(
      'While checking, your code raised RangeError: too big (line 2 of your code).',
    );
  }, 30_000);

  test('the checks’ own code stopped on what the attempt gave them: said so, at the checks’ line', async () => {
    const error = await checksError('const mySigmoid = 5;');
    expect(checksErrorSource(error, 'ex-my-sigmoid')).toEqual({ whose: 'checks', line: 1 });
    expect(checksErrorSentence(error, 'ex-my-sigmoid')).toBe(
      'The checks stopped at line 1 of “What the checks test” with TypeError: mySigmoid is not a function. They stop like this when your code gives them something other than what they test (a value of another kind or shape), so look at what your code returns.',
    );
  }, 30_000);

  test('a name the attempt does not define: the checks could not run, and the kernel’s message says what is missing', async () => {
    const error = await checksError('function mySigmoidRenamed(z: number) { return 1 / (1 + Math.exp(-z)); }');
    expect(checksErrorSentence(error, 'ex-my-sigmoid')).toBe(
      'The checks could not run at line 1 of “What the checks test”: ReferenceError: mySigmoid is not defined — the checks use it, so your code must define it. Did you rename or delete it?',
    );
  }, 30_000);
});

describe('what the page run tells beside the verdict', () => {
  test('a cell above that fails is named with its error, and the verdict is said to be the chapter’s', () => {
    expect(failedAboveSentence('Cell 2', { name: 'Error', message: 'x', line: 1 })).toBe(
      'Cell 2 above fails on this page: Error: x (line 1). Fix it, or revert your edits above it, to run your code here. The checks ran your code after the chapter’s own cells, as the book ships them, which is also how a teacher’s review judges it.',
    );
  });

  test('edited cells above are listed: the checks used the chapter’s code for them', () => {
    expect(editedAboveSentence([])).toBe('');
    expect(editedAboveSentence(['Cell 2', 'Cell 3', 'Cell 5'])).toBe(
      'You edited Cell 2, Cell 3, and Cell 5 above: the checks ran your code after the chapter’s own code for them, as the book ships it, which is also how a teacher’s review judges it.',
    );
  });
});
