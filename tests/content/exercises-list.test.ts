import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { listExercises } from '../../src/chapters/exercises.ts';
import { exercisesOf } from '../../src/chapters/manifest.ts';
import remarkCells from '../../src/markdown/remark-cells.mjs';
import { parseMdx, readChapterSource } from '../../src/markdown/notebook-syntax.ts';

// One reader of the exercise syntax: the lists (progress, the teacher's guide), the review's
// manifest and the build's plugin all read chapters through src/markdown/notebook-syntax.ts.
// These chapters break a reader made of regular expressions.
const tricky = [
  'Some prose.',
  '',
  '```ts cell id=base',
  'const factor = 2;',
  '```',
  '',
  '<Exercise id="double" title="When x > 0, double it" withhold="factor">',
  '',
  'Prompt.',
  '',
  '```typescript starter',
  'function double(x: number): number {',
  '  return 0;',
  '}',
  '```',
  '',
  '```typescript solution',
  'function double(x: number): number {',
  '  return 2 * x;',
  '}',
  '```',
  '',
  '```typescript checks',
  'check.close(double(2), 4, { label: "double(2) > 3" });',
  '```',
  '',
  '</Exercise>',
  '',
  "<Exercise id='second' title='Two'>",
  '',
  '```ts starter',
  'const two = 1;',
  '```',
  '',
  '```ts solution',
  'const two = 2;',
  '```',
  '',
  '```ts checks',
  'check.equal(two, 2, { label: "two" });',
  '```',
  '',
  '</Exercise>',
].join('\n');

describe('the one reader of the exercise syntax', () => {
  it('lists exercises whose title holds ">" and whose blocks are written ```typescript', () => {
    expect(listExercises(tricky)).toEqual([
      { id: 'double', title: 'When x > 0, double it', checks: 'check.close(double(2), 4, { label: "double(2) > 3" });', withhold: ['factor'] },
      { id: 'second', title: 'Two', checks: 'check.equal(two, 2, { label: "two" });', withhold: [] },
    ]);
  });

  it('gives the review manifest the same exercises, with the cells above each', () => {
    const entries = exercisesOf('tricky', 'Tricky', tricky);
    expect(entries.map((e) => [e.id, e.title, e.context.map((c) => c.id), e.withhold])).toEqual([
      ['double', 'When x > 0, double it', ['base'], ['factor']],
      ['second', 'Two', ['base'], []],
    ]);
    expect(entries[0].solution).toBe('function double(x: number): number {\n  return 2 * x;\n}');
  });

  it('is what the build reads: the plugin turns the same exercises into props, withheld names included', async () => {
    const tree = parseMdx(tricky);
    await (remarkCells() as (t: unknown, f: VFile) => Promise<void>)(tree, new VFile({ path: '/book/content/chapters/tricky.mdx' }));
    const props = (tree.children ?? []).filter((n) => n.name === 'Exercise').map((n) => Object.fromEntries(n.attributes!.map((a) => [a.name, a.value])));
    expect(props.map((p) => [p.exerciseId, p.title, p.withhold])).toEqual([['double', 'When x > 0, double it', 'factor'], ['second', 'Two', '']]);
  });

  it('refuses a withheld name that is not a name, saying where and how to write it', () => {
    const bad = tricky.replace('withhold="factor"', 'withhold="factor model.train"');
    expect(() => readChapterSource(bad, 'content/chapters/tricky.mdx')).toThrow(
      'content/chapters/tricky.mdx:7: exercise "double": withhold="factor model.train" names "model.train", which is not a name. List names separated by spaces, e.g. withhold="slopeAt learningRateAt".',
    );
  });
});

describe("the teacher's guide's list of checks", () => {
  it('is the checks a run made, by label, with short expected values only', async () => {
    const { guideChecks } = await import('../../src/chapters/guide-checks.ts');
    expect(guideChecks([
      { label: 'slope at w = -1', pass: true, got: '-18', expected: '-18' },
      { label: 'the loss is below 0.001 within 70 steps', pass: true, got: '52', expected: '"at most 70 steps"' },
      { label: 'myEta is a positive number', pass: true },
      { label: 'the identity filter', pass: true, expected: '[0, 0, 5, 13, 9, 1, 0, 0, … (64 items)]' },
      { label: 'a matrix', pass: true, expected: '4×4 matrix [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], …]' },
      // What one build's draw expected: another run of the checks expects another value.
      { label: 'exact at a point drawn at random for this run', pass: true, got: '515.214', expected: '515.214', drawn: 'w = 87.86906338724513' },
    ])).toEqual([
      { label: 'slope at w = -1', expected: '-18' },
      { label: 'the loss is below 0.001 within 70 steps', expected: 'at most 70 steps' },
      { label: 'myEta is a positive number' },
      { label: 'the identity filter' },
      { label: 'a matrix' },
      { label: 'exact at a point drawn at random for this run' },
    ]);
  });
});
