import { describe, expect, test } from 'vitest';
import { needsBefore, dependents } from '../../src/notebook/graph.ts';
import { analyzeCell } from '../../src/notebook/transform.ts';

const cells = [
  { id: 'data', defines: ['X', 'y'], uses: [] },
  { id: 'net', defines: ['net'], uses: [] },
  { id: 'train', defines: ['losses'], uses: ['net', 'X', 'y'] },
  { id: 'plot', defines: [], uses: ['losses'] },
  { id: 'other', defines: ['z'], uses: [] },
];

describe('needsBefore', () => {
  test('is every cell above that has not run, in page order', () => {
    expect(needsBefore(cells, 'plot', new Set(['net']))).toEqual(['data', 'train']);
    expect(needsBefore(cells, 'data', new Set())).toEqual([]);
    expect(needsBefore(cells, 'missing', new Set())).toEqual([]);
  });
});

describe('dependents', () => {
  test('are the cells below that use a defined name, transitively, in page order', () => {
    expect(dependents(cells, 'data')).toEqual(['train', 'plot']);
    expect(dependents(cells, 'plot')).toEqual([]);
  });

  test('stop at a cell that redefines the name without using it', () => {
    const page = [
      { id: 'a', defines: ['x'], uses: [] },
      { id: 'b', defines: ['x'], uses: [] },
      { id: 'c', defines: [], uses: ['x'] },
    ];
    expect(dependents(page, 'a')).toEqual([]);
    expect(dependents(page, 'b')).toEqual(['c']);
  });

  test('follow a cell that updates a name it uses', () => {
    const page = [
      { id: 'a', ...analyzeCell('let count = 0;') },
      { id: 'b', ...analyzeCell('count += 1;') },
      { id: 'c', ...analyzeCell('console.log(count)') },
    ];
    expect(dependents(page, 'a')).toEqual(['b', 'c']);
  });
});
