// Numbers laid out as a grid: a Matrix, a rectangular number[][], a number[] or a typed array
// becomes a table item, NumPy-style (the first and last rows and columns of a big one), for
// display.ts, the inspector and console lines.

import { isMatrix, type Matrix } from '../nn/matrix.ts';
import type { TableItem } from './display.ts';
import { formatNumber } from '../lib/numbers.ts';
import { constructorName, MAX_KEY, ownValue } from './value-text.ts';
import { clip, layoutCost } from '../lib/clip.ts';
import { unproxied } from './proxy-targets.ts';

const MAX_ROWS = 12;
const MAX_COLS = 10;

interface Grid {
  rows: number;
  cols: number;
  at: (i: number, j: number) => unknown;
  label: string;
}

/** Matrices, rectangular number[][] (2-D), number[] and typed arrays (1 row). */
export function matrixShape(value: unknown): Grid | undefined {
  const matrix = matrixOf(value);
  if (matrix) {
    const { rows, cols, data } = matrix;
    return { rows, cols, at: (i, j) => data[i * cols + j], label: `${rows}×${cols} matrix` };
  }
  if (Array.isArray(value) && value.length > 0) {
    if (dense(value, (x) => typeof x === 'number')) {
      return {
        rows: 1,
        cols: value.length,
        at: (_, j) => value[j],
        label: `array of ${value.length} number${value.length === 1 ? '' : 's'}`,
      };
    }
    const first: unknown = 0 in value ? unproxied(value[0]) : undefined;
    const cols = Array.isArray(first) ? first.length : 0;
    if (
      cols > 0 &&
      dense(
        value,
        (row) =>
          row === unproxied(row) &&
          Array.isArray(row) &&
          row.length === cols &&
          dense(row, (x) => typeof x === 'number'),
      )
    ) {
      return { rows: value.length, cols, at: (i, j) => value[i][j], label: `${value.length}×${cols} array` };
    }
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const array = value as unknown as ArrayLike<number | bigint>;
    const name = constructorName(value) || 'TypedArray';
    return {
      rows: 1,
      cols: array.length,
      at: (_, j) => array[j],
      label: `${name} of ${array.length} number${array.length === 1 ? '' : 's'}`,
    };
  }
  return undefined;
}

/**
 * Whether every index of `array` holds an element that passes `test`. It stops at the first
 * hole: `every` skips holes, so `new Array(2 ** 32 - 1)` passed as "numbers" after walking four
 * billion indices (the runner's time limit stopped it first), and a sparse array's holes were
 * drawn as undefined. A dense array costs a step per element it holds.
 */
function dense(array: unknown[], test: (element: unknown) => boolean): boolean {
  for (let i = 0; i < array.length; i++) {
    if (!(i in array) || !test(array[i])) return false;
  }
  return true;
}

/**
 * `value` if it is a Matrix, as the network module's isMatrix decides, read from its own data
 * properties only: describing a value never runs the reader's getters (a cell's object may have
 * `rows` as a getter that throws or loops), where nn's isMatrix, which runs among the cell's
 * own code, reads them plainly.
 */
export function matrixOf(value: unknown): Matrix | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = { rows: ownValue(value, 'rows'), cols: ownValue(value, 'cols'), data: ownValue(value, 'data') };
  return isMatrix(fields) ? fields : undefined;
}

export function asTable(value: unknown): TableItem | undefined {
  const grid = matrixShape(value);
  return grid && grid.rows * grid.cols > 0 ? gridTable(grid.rows, grid.cols, grid.at, grid.label) : undefined;
}

/** What a table's texts cost the budget (layoutCost), its label included. */
export function tableChars(table: TableItem): number {
  return (
    layoutCost(table.label) +
    table.cells.reduce((sum, row) => sum + row.reduce((s, cell) => s + layoutCost(cell), 0), 0)
  );
}

/** Show the first and last rows (and columns) of a big grid, NumPy-style. */
export function gridTable(rows: number, cols: number, at: (i: number, j: number) => unknown, label: string): TableItem {
  const rowIndex = headTail(rows, MAX_ROWS);
  const colIndex = headTail(cols, MAX_COLS);
  const cell = (x: unknown) =>
    typeof x === 'number' ? formatNumber(x) : typeof x === 'bigint' ? `${x}n` : clip(String(x), MAX_KEY);
  const cells = rowIndex.map((i) => colIndex.map((j) => (i < 0 ? (j < 0 ? '⋱' : '⋮') : j < 0 ? '…' : cell(at(i, j)))));
  const hidden: string[] = [];
  if (rows > MAX_ROWS) hidden.push(`${MAX_ROWS} of ${rows} rows`);
  if (cols > MAX_COLS) hidden.push(`${MAX_COLS} of ${cols} columns`);
  return {
    kind: 'table',
    label: hidden.length > 0 ? `${label} (showing ${hidden.join(', ')})` : label,
    rows,
    cols,
    cells,
  };
}

/** Indices to show, with -1 where the elided ones go. */
function headTail(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const half = max / 2;
  return [...Array.from({ length: half }, (_, i) => i), -1, ...Array.from({ length: half }, (_, i) => n - half + i)];
}
