/**
 * The authoring check: every cell, exercise starter, solution and checks block of a chapter
 * type-checks, as a reader's editor would check it (the same files and language service:
 * cell-files.ts, language.ts). The build's remark plugin calls it for each chapter and fails
 * with the chapter, the cell and the line. Cells flagged `error` are meant to fail, and `display`
 * cells are samples that never run (often an excerpt of a class): neither is checked. Node only: it loads TypeScript and the declarations of declarations.ts.
 */
import ts from 'typescript';
import { cellDeclarations } from './declarations.ts';
import { CellLanguage, type CellDiagnostic } from './language.ts';
import { countOf } from '../../lib/plural.ts';
import type { TypedCell } from './cell-files.ts';
import { contextOf, exercisesIn, type Unit } from '../../markdown/notebook-syntax.ts';

export interface ChapterTypeError {
  /** `file:line` of the cell or exercise in the chapter. */
  where: string;
  /** The cell's id, or `<exercise id> (starter|solution|checks)`. */
  cell: string;
  /** The line in the chapter's file, and in the cell. */
  fileLine: number | null;
  diagnostic: CellDiagnostic;
}

let language: CellLanguage | null = null;

/** Every type error of a chapter's units (readUnits), in page order; none is an empty list. */
export function chapterTypeErrors(units: readonly Unit[]): ChapterTypeError[] {
  language ??= new CellLanguage(ts, cellDeclarations());
  const lang = language;
  const errors: ChapterTypeError[] = [];
  // The fence's first line holds ```ts cell; the code starts on the next line.
  const fileLine = (node: Unit['node'] | undefined, line: number) => (node?.position ? node.position.start.line + line : null);
  const partLine = (unit: Unit, part: string) => (line: number) =>
    fileLine(unit.type === 'exercise' ? unit.partNodes.find((n) => (n.meta ?? '').trim() === part) : undefined, line);
  const collect = (unit: Unit, cellId: string, label: string, lineOf: (line: number) => number | null) => {
    for (const diagnostic of lang.diagnostics(cellId, { syntax: true })) {
      if (diagnostic.severity !== 'error') continue;
      errors.push({ where: unit.where, cell: label, fileLine: lineOf(diagnostic.line), diagnostic });
    }
  };

  const order = [...units.filter((u) => u.options.setup), ...units.filter((u) => !u.options.setup)];
  const pageCells = (replace?: { id: string; code: string }): TypedCell[] =>
    order.map((u) => ({ id: u.id, code: replace && u.id === replace.id ? replace.code : u.source, shares: !u.options.display }));

  // The page as it loads: chapter cells and exercise starters.
  lang.setCells(pageCells());
  for (const unit of order) {
    // `error` cells are meant to fail; `display` cells are samples, never run (often an excerpt).
    if (unit.type === 'cell' && (unit.options.error || unit.options.display)) continue;
    const label = unit.type === 'exercise' ? `exercise "${unit.exercise.id}" (starter)` : `cell "${unit.id}"`;
    collect(unit, unit.id, label, unit.type === 'cell' ? (line) => fileLine(unit.node, line) : partLine(unit, 'starter'));
  }

  // Each exercise's solution in its attempt's place, then its checks after the cells it is judged after.
  for (const unit of exercisesIn(units)) {
    const { exercise } = unit;
    lang.setCells(pageCells({ id: unit.id, code: exercise.solution }));
    collect(unit, unit.id, `exercise "${exercise.id}" (solution)`, partLine(unit, 'solution'));
    const checksId = `${unit.id}-checks`;
    lang.setCells([
      ...contextOf(units, unit).map(({ id, source }) => ({ id, code: source })),
      { id: unit.id, code: exercise.solution },
      { id: checksId, code: exercise.checks, checks: true },
    ]);
    collect(unit, checksId, `exercise "${exercise.id}" (checks)`, partLine(unit, 'checks'));
  }
  return errors;
}

/** Throws one error naming every type error of the chapter (file, cell, line, message), or returns. */
export function typeCheckChapter(units: readonly Unit[], path: string): void {
  const errors = chapterTypeErrors(units);
  if (errors.length === 0) return;
  const lines = errors.map(({ where, cell, fileLine, diagnostic: d }) =>
    `  ${fileLine === null ? where : where.replace(/:\d+$/, `:${fileLine}`)}: ${cell}, line ${d.line}, column ${d.column}: ${d.message} (TS${d.code})`);
  throw new Error(
    `${path}: ${countOf(errors.length, 'type error')} in the chapter's code:\n${lines.join('\n')}\n` +
      '  Fix the types (readers see these errors underlined in their editor), or add the option `error` to a cell meant to fail.',
  );
}
