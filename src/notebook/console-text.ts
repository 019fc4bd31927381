// Console lines: what a cell passes to console.log (info, warn, error) as one text item,
// formatted as a browser's console formats it, within the output's Budget.

import type { Budget, LogLevel, TextItem } from './display.ts';
import { OUTPUT_BUDGET } from './display.ts';
import { gridTable, matrixOf, matrixShape } from './grid.ts';
import { preview, previewValue, Texts } from './inspect.ts';
import { isCellProxy, unproxied } from './proxy-targets.ts';
import { clip, layoutCost } from '../lib/clip.ts';
import { allowance, cannotDisplay, guard, isObject, literal, marked, MAX_STRING, proxyMark } from './value-text.ts';

/** Console arguments → one text line, formatted as a browser's console does (see formatLog). */
export function toText(values: unknown[], level: LogLevel = 'log', options: { budget?: Budget } = {}): TextItem {
  const budget = options.budget ?? { ...OUTPUT_BUDGET };
  const texts = new Texts();
  const item: TextItem = { kind: 'text', level, text: '' };
  const max = allowance(budget, MAX_STRING);
  let raw: string;
  try {
    raw = formatLog(values, texts);
  } catch (error) {
    raw = cannotDisplay(error);
  }
  texts.set(raw, (text) => {
    item.text = clip(text, max);
  });
  budget.chars -= layoutCost(item.text);
  return item;
}

/**
 * Console arguments as one line, as browsers print them (the WHATWG Console "Formatter"): when
 * the first of several arguments is a string, %s, %d/%i, %f, %o/%O and %c in it take the next
 * arguments in turn (%c is a style, which we do not apply), and %% is a percent sign; the
 * arguments left over follow, separated by spaces. Strings print bare, other values formatted.
 */
function formatLog(values: unknown[], texts: Texts): string {
  let rest = values;
  const parts: string[] = [];
  if (typeof values[0] === 'string' && values.length > 1) {
    let next = 1;
    parts.push(
      values[0].replace(/%([sdifoOc%])/g, (match, spec: string) => {
        if (spec === '%') return '%';
        if (next >= values.length) return match;
        const arg = values[next++];
        return guard(() => formatArgument(spec, arg, texts));
      }),
    );
    rest = values.slice(next);
  }
  for (const value of rest) parts.push(guard(() => (typeof value === 'string' ? value : textOf(value, texts))));
  return parts.join(' ');
}

function formatArgument(spec: string, arg: unknown, texts: Texts): string {
  switch (spec) {
    case 's':
      if (typeof arg === 'string') return arg;
      if (typeof arg === 'number') return Object.is(arg, -0) ? '-0' : String(arg);
      return isObject(arg) ? preview(arg, 0, [], texts) : literal(arg);
    case 'd':
    case 'i':
      if (typeof arg === 'bigint') return `${arg}n`;
      // A proxy's number would come from its traps, never run; Chrome prints NaN for any object.
      if (isCellProxy(arg)) return 'NaN';
      return typeof arg === 'symbol' ? 'NaN' : String(parseInt(String(arg), 10));
    case 'f':
      return typeof arg === 'symbol' || isCellProxy(arg) ? 'NaN' : String(parseFloat(String(arg)));
    case 'c':
      return '';
    default: // o, O
      return typeof arg === 'string' ? JSON.stringify(arg) : textOf(arg, texts);
  }
}

function textOf(shown: unknown, texts: Texts): string {
  const value = unproxied(shown); // a proxy's target, as display shows it, marked (proxyMark)
  const mark = proxyMark(shown, value);
  const grid = matrixShape(value);
  // Grids print NumPy-style over several lines; a flat array reads better on one.
  if (grid && (matrixOf(value) || grid.rows > 1)) {
    const table = gridTable(grid.rows, grid.cols, grid.at, grid.label);
    const width = table.cells[0]?.map((_, j) => Math.max(...table.cells.map((row) => row[j].length))) ?? [];
    const lines = table.cells.map(
      (row, i) =>
        (i === 0 ? '[[' : ' [') +
        row.map((cell, j) => cell.padStart(width[j])).join(', ') +
        (i === table.cells.length - 1 ? ']]' : '],'),
    );
    return `${marked(mark, table.label)}\n${lines.join('\n')}`;
  }
  return previewValue(value, mark, 0, [], texts);
}
