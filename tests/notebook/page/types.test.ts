// The page side of the types (src/notebook/page/types.ts, render.ts's list of type findings):
// what the compiler found is named by its kind, in the output's list and in what a screen
// reader hears, and the look of the types' tooltips lives with the types.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { countTypeFindings, renderTypeErrors } from '../../../src/notebook/render.ts';
import { describeDiagnostics } from '../../../src/notebook/page/types.ts';
import type { CellDiagnostic } from '../../../src/notebook/types/language.ts';

const finding = (severity: CellDiagnostic['severity'], line: number, message: string, code: number): CellDiagnostic =>
  ({ from: 0, to: 1, line, column: 1, message, code, severity });
const error = finding('error', 1, "Type 'string' is not assignable to type 'number'.", 2322);
const warning = finding('warning', 2, "'x' is declared but its value is never read.", 6133);
const note = finding('info', 3, 'This may be converted to an async function.', 80006);

describe('type findings are named by their kind', () => {
  it('counts each kind by its name, errors first', () => {
    expect(countTypeFindings([error, error])).toBe('2 type errors');
    expect(countTypeFindings([warning, error])).toBe('1 type error and 1 warning');
    expect(countTypeFindings([note, warning, error])).toBe('1 type error, 1 warning and 1 note');
    expect(countTypeFindings([warning])).toBe('1 warning');
  });

  it('the output lists a warning and a note as such, never as type errors', () => {
    const { document } = parseHTML(`<div>${renderTypeErrors([error, warning, note])}</div>`);
    expect(document.querySelector('.nb-error-title')!.textContent).toBe('1 type error, 1 warning and 1 note (the code ran anyway)');
    expect([...document.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      "line 1, column 1: Type 'string' is not assignable to type 'number'. (TS2322)",
      "line 2, column 1 (warning): 'x' is declared but its value is never read. (TS6133)",
      'line 3, column 1 (note): This may be converted to an async function. (TS80006)',
    ]);
  });

  it('a screen reader hears the same names', () => {
    expect(describeDiagnostics([warning])).toBe("1 warning. Line 2, column 1 (warning): 'x' is declared but its value is never read.");
    expect(describeDiagnostics([error])).toBe("1 type error. Line 1, column 1: Type 'string' is not assignable to type 'number'.");
    expect(describeDiagnostics([])).toBe('No type errors.');
  });
});

describe("the types' tooltips", () => {
  it('are styled with the types, not in the plain editor that has none', () => {
    const editor = readFileSync('src/notebook/page/editor.ts', 'utf8');
    expect(editor.match(/\.cm-(tooltip|completion|diagnostic|panel-lint|lint)[\w-]*/g) ?? []).toEqual([]);
    const theme = readFileSync('src/notebook/page/types-theme.ts', 'utf8');
    for (const part of ['.cm-tooltip', '.cm-completionInfo', '.cm-diagnostic', '.cm-panel.cm-panel-lint', '.nb-type-docs']) expect(theme).toContain(`'${part}`);
  });
});
