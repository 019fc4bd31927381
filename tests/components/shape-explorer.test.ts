import { describe, expect, it } from 'vitest';
import { entryText, renderShapeExplorerTables, shapeExplorerState, statusText } from '../../components/widgets/shape-explorer-model.ts';
import { matmulPlain, toArray } from '../../src/nn/index.ts';

describe('shape explorer', () => {
  it('multiplies when the inner dimensions agree, and gives the outer dimensions', () => {
    const state = shapeExplorerState({ aRows: 2, aCols: 3, bRows: 3, bCols: 4 });
    expect(state.error).toBeNull();
    expect([state.C!.rows, state.C!.cols]).toEqual([2, 4]);
    expect(toArray(state.C!)).toEqual(toArray(matmulPlain(state.A, state.B)));
    expect(statusText(state)).toMatch(/^A B is defined: \(2 × 3\)\(3 × 4\)\. .*2 × 4\. B A, in the other order, is not defined\.$/);
  });

  it('shows the module’s own error when the inner dimensions differ', () => {
    const state = shapeExplorerState({ aRows: 4, aCols: 3, bRows: 4, bCols: 1 });
    expect(state.C).toBeNull();
    expect(state.error).toBe('matmul: inner dimensions differ (4×3 · 4×1)');
    expect(renderShapeExplorerTables(state)).toContain('Error: matmul: inner dimensions differ (4×3 · 4×1)');
    expect(statusText(state)).toContain('A has 3 columns but B has 4 rows');
  });

  it('uses small whole numbers from a fixed seed, so the same shapes give the same matrices', () => {
    const a = shapeExplorerState({ aRows: 3, aCols: 3, bRows: 3, bCols: 3 });
    const b = shapeExplorerState({ aRows: 3, aCols: 3, bRows: 3, bCols: 3 });
    expect(toArray(a.A)).toEqual(toArray(b.A));
    for (const v of a.A.data) expect(Number.isInteger(v) && v >= 0 && v <= 9).toBe(true);
  });

  it('explains an entry as row i of A times column j of B, counting from 1', () => {
    const state = shapeExplorerState({ aRows: 2, aCols: 2, bRows: 2, bCols: 2 });
    const [[a11, a12]] = toArray(state.A);
    const [[b11], [b21]] = toArray(state.B);
    expect(entryText(state, 0, 0)).toBe(
      `(A B) in row 1, column 1 = row 1 of A times column 1 of B = ${a11}·${b11} + ${a12}·${b21} = ${a11 * b11 + a12 * b21}`,
    );
  });

  it('clamps shapes to 1…6', () => {
    expect(shapeExplorerState({ aRows: 0, aCols: 9, bRows: Number.NaN, bCols: 2.6 }).shapes).toEqual({ aRows: 1, aCols: 6, bRows: 1, bCols: 3 });
  });
});
