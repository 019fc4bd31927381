import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkCells from '../../src/markdown/remark-cells.mjs';
import { exercisesIn, parseMdx, readChapterSource } from '../../src/markdown/notebook-syntax.ts';
import { checkWithholdClosure, missingWithholds, nnCallersOf } from '../../src/markdown/withhold-closure.ts';
import { readChapters } from './chapters.ts';

// An exercise's withhold list must hold every `nn` export that calls a withheld one: a
// red-team attempt passed "Write the sigmoid" through a NeuralNetwork's feedforward.
describe('the closure of withheld nn names', () => {
  it('finds the exports that reach a withheld one through src/nn, and no type-only use', () => {
    expect(nnCallersOf('sigmoid')).toEqual(['NeuralNetwork']);
    expect(nnCallersOf('backward')).toEqual(['gradCheck']);
    expect(nnCallersOf('learningRateAt')).toEqual(['train']);
    // transitively: train → evaluateLoss → lossValue → meanSquaredError → sumOfSquares
    expect(nnCallersOf('sumOfSquares')).toEqual([
      'evaluateLoss',
      'gradCheck',
      'lossValue',
      'meanSquaredError',
      'train',
    ]);
    // a local `let sum` inside matmulPlain is matmulPlain's own, not a call of nn's sum
    expect(nnCallersOf('sum')).toEqual(['NeuralNetwork']);
    // gradCheckArticle only names NeuralNetwork as its parameter's type: it cannot make one
    expect(nnCallersOf('NeuralNetwork')).toEqual([]);
    // a name nn does not export (a chapter's cell) has no callers
    expect(nnCallersOf('slopeAt')).toEqual([]);
  });

  it('tells each missing name once, under the first withheld name it calls, and ignores names nn does not export', () => {
    expect(missingWithholds(['sumOfSquares', 'meanSquaredError', 'matmulInto'])).toEqual([
      { withheld: 'sumOfSquares', callers: ['evaluateLoss', 'gradCheck', 'lossValue', 'train'] },
    ]);
    expect(missingWithholds(['sigmoid', 'NeuralNetwork', 'slopeAt'])).toEqual([]);
  });

  it('fails the build on an exercise that withholds the sigmoid alone, naming the file, line, names and fix', async () => {
    const chapter = [
      '# A chapter',
      '',
      '<Exercise id="my-sigmoid" title="Write the sigmoid" withhold="sigmoid" allow="matrix NeuralNetwork">',
      '',
      '```ts starter',
      'function mySigmoid(z: number): number { return z; }',
      '```',
      '',
      '```ts solution',
      'function mySigmoid(z: number): number { return 1 / (1 + Math.exp(-z)); }',
      '```',
      '',
      '```ts checks',
      'check.close(mySigmoid(0), 0.5);',
      '```',
      '',
      '</Exercise>',
    ].join('\n');
    const run = (remarkCells() as (t: unknown, f: VFile) => Promise<void>)(
      parseMdx(chapter),
      new VFile({ path: 'content/chapters/the-sigmoid.mdx' }),
    );
    await expect(run).rejects.toThrow(
      'content/chapters/the-sigmoid.mdx:3: exercise "my-sigmoid" withholds sigmoid, but NeuralNetwork calls sigmoid, ' +
        'so an attempt could use it instead of writing it: add it to withhold="sigmoid NeuralNetwork" (and take it out of allow="…" where listed by name).',
    );
  });

  it('names every withheld name that is called, in one message', () => {
    expect(() =>
      checkWithholdClosure({ id: 'losses', withhold: ['backward', 'learningRateAt'], where: 'x.mdx:9' }),
    ).toThrow(
      'x.mdx:9: exercise "losses" withholds backward and learningRateAt, but gradCheck calls backward; train calls learningRateAt, ' +
        'so an attempt could use them instead of writing them: add them to withhold="backward learningRateAt gradCheck train".',
    );
  });

  it('an exercise that withholds an nn export without an allow-list fails the build: nn has other routes to the formula', () => {
    const chapter = (attributes: string) =>
      [
        `<Exercise id="my-sigmoid" title="Write the sigmoid" ${attributes}>`,
        '',
        '```ts starter',
        'const a = 1;',
        '```',
        '',
        '```ts solution',
        'const a = 2;',
        '```',
        '',
        '```ts checks',
        'check.equal(a, 2);',
        '```',
        '',
        '</Exercise>',
      ].join('\n');
    expect(() => readChapterSource(chapter('withhold="sigmoid NeuralNetwork"'), 'x.mdx')).toThrow(
      'x.mdx:1: exercise "my-sigmoid" withholds sigmoid, which nn exports, but lets the attempt use the rest of nn, where other routes reach the same formula',
    );
    expect(() => readChapterSource(chapter('withhold="slopeAt"'), 'x.mdx')).not.toThrow(); // a chapter's name only
    expect(() => readChapterSource(chapter('allow="matrix sigmod"'), 'x.mdx')).toThrow(
      'x.mdx:1: exercise "my-sigmoid": allow="matrix sigmod" names "sigmod", which is neither an nn export nor a group (matrix, random, data).',
    );
    expect(() => readChapterSource(chapter('withhold="sum" allow="sum"'), 'x.mdx')).toThrow(
      'x.mdx:1: exercise "my-sigmoid" both allows and withholds "sum".',
    );
    // A group is spelled out, less what the exercise withholds by name.
    const [{ exercise }] = exercisesIn(readChapterSource(chapter('withhold="matmul" allow="matrix sigmoid"'), 'x.mdx'));
    expect(exercise.allow!.names).toContain('transpose');
    expect(exercise.allow!.names).toContain('sigmoid');
    expect(exercise.allow!.names).not.toContain('matmul');
    expect(exercise.allow!.names).not.toContain('predict');
    expect(exercise.allow!.said).toBe('the Matrix helpers and sigmoid');
  });

  it("every chapter's exercises withhold what calls their withheld names", () => {
    const exercises = readChapters().flatMap((c) => exercisesIn(readChapterSource(c.source, c.path)));
    expect(exercises.length).toBeGreaterThan(10);
    for (const { exercise } of exercises) expect(() => checkWithholdClosure(exercise)).not.toThrow();
  });
});
