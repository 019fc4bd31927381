import { describe, expect, it } from 'vitest';
import { listExercises } from '../../src/chapters/exercises.ts';

describe('listing a chapter’s exercises', () => {
  it('finds each exercise with its id, title, checks and check labels', () => {
    const mdx = [
      'Some prose.',
      '<Exercise id="sigmoid-prime" title="Write the sigmoid’s derivative">',
      'Prompt.',
      '```ts starter', 'x', '```',
      '```ts checks', 'check.close(f(0.5), 0.25, { label: "at one half" });', "check.close(f(1), 0, { label: 'at one' });", '```',
      '</Exercise>',
      "<Exercise id='second' title='Two'>", '```ts checks', 'check.that(true, "t")', '```', '</Exercise>',
    ].join('\n');
    expect(listExercises(mdx)).toEqual([
      {
        id: 'sigmoid-prime', title: 'Write the sigmoid’s derivative',
        checks: 'check.close(f(0.5), 0.25, { label: "at one half" });\ncheck.close(f(1), 0, { label: \'at one\' });',
        checkLabels: ['at one half', 'at one'],
      },
      { id: 'second', title: 'Two', checks: 'check.that(true, "t")', checkLabels: [] },
    ]);
  });
});
