// Turns fenced code blocks flagged `cell` into live code cells, and pre-renders their output.
//
// A chapter writes a cell as ordinary Markdown, so its source still reads as a document:
//
//     ```ts cell
//     const X = fromArray([[0, 0, 1], [0, 1, 1]]);
//     shape(X)
//     ```
//
// Options follow the flag, separated by spaces:
//   id=name   a stable id (letters, digits, -); otherwise c1, c2, … by position. Give an id to a
//             cell that readers are likely to edit, so their drafts stay attached to it even if
//             a cell is inserted above it later.
//   setup     runs first, before any other cell, and is shown collapsed
//   display   shown, highlighted, but not runnable (a code sample)
//   hidden    the output is not shown until the reader runs the cell (e.g. a spoiler)
//   error     the cell is *meant* to fail; without this flag a cell that fails at build time
//             fails the build
//
// At build time every runnable cell of the chapter runs in Node, in page order (setup cells
// first), with the same runtime and seed the page uses, so the page shows real output before any
// JavaScript loads, and rerunning unchanged code in the browser reproduces it exactly. Then the
// chapter's code is type-checked (src/notebook/types/check-chapter.ts): a type error fails the
// build with the chapter, the cell and the line. A chapter that passed all this is kept with its
// results (chapter-cache.ts): the same text built again with the same code reads them instead.
import { runNotebook } from '../notebook/node-runner.ts';
import { judgeInNode, judgeSolution, rememberSolution } from '../notebook/node-judge.ts';
import { renderCellOutput } from '../notebook/render.ts';
import { sanitizeChart } from '../notebook/sanitize-node.ts';
import { hashSource } from '../notebook/hash.ts';
import { contextOf, readUnits, runOrder } from './notebook-syntax.ts';
import { typeCheckChapter } from '../notebook/types/check-chapter.ts';
import { checkWithholdClosure } from './withhold-closure.ts';
import { keepChapterRun, readChapterRun } from './chapter-cache.ts';


export default function remarkCells() {
  return async (tree, file) => {
    const path = file.path ?? 'a chapter';
    const chapter = path.replace(/^.*\//, '').replace(/\.mdx?$/, '');
    // Cells and exercises in page order, read and checked by the one reader of the syntax.
    const units = readUnits(tree, path);
    if (units.length === 0) return;
    // Before anything runs: a withhold list that leaves open an `nn` export calling a withheld
    // one lets the attempt pass without writing it (withhold-closure.ts).
    for (const unit of units) if (unit.type === 'exercise') checkWithholdClosure({ id: unit.exercise.id, withhold: unit.exercise.withhold, allow: unit.exercise.allow, where: unit.where });
    for (const unit of units) {
      // The starter, solution and checks become the exercise's props, not Markdown code blocks.
      if (unit.type === 'exercise') unit.node.children = unit.node.children.filter((child) => !unit.partNodes.includes(child));
    }

    // Setup cells run first, as they will in the page; display cells never run.
    const runnable = runOrder(units);
    const exercises = units.filter((u) => u.type === 'exercise');
    const text = typeof file.value === 'string' ? file.value : String(file.value ?? '');
    const kept = text ? readChapterRun(chapter, text) : null;
    if (kept) for (const unit of exercises) rememberSolution({ ...unit.exercise, context: contextOf(units, unit) }, kept.solutions[unit.exercise.id]);
    // An exercise's starter runs as the reader's attempt will: without the names it withholds.
    const results = kept?.results ?? await runNotebook(runnable.map((u) => ({ id: u.id, source: u.source, ...(u.type === 'exercise' ? { withhold: u.exercise.withhold, allow: u.exercise.allow } : {}) })));
    runnable.forEach((unit, i) => {
      const result = results[i];
      unit.result = result;
      if (unit.type === 'exercise') return; // a starter may well fail: that is the exercise
      if (result.status === 'error' && !unit.options.error) {
        const e = result.error;
        throw new Error(
          `${unit.where}: cell "${unit.id}" failed when the book was built:\n  ${e.name}: ${e.message}` +
            (e.line ? ` (cell line ${e.line}, column ${e.column})` : '') +
            (e.frame ? `\n${e.frame}` : '') +
            '\n  Fix the code, or add the option `error` if the cell is meant to show an error.',
        );
      }
      if (result.status === 'ok' && unit.options.error) {
        throw new Error(`${unit.where}: cell "${unit.id}" is marked \`error\` but ran without one. Remove the option, or make the cell show the error it is about.`);
      }
    });

    if (!kept) {
      // Every cell, starter, solution and checks type-checks, as the reader's editor will check it
      // (after the runs, so a cell that fails to run is reported as that first).
      typeCheckChapter(units, path);
      const solutions = {};
      for (const unit of exercises) solutions[unit.exercise.id] = await verifyExercise(unit, contextOf(units, unit));
      if (text) keepChapterRun(chapter, text, { results, solutions });
    }

    for (const unit of units) {
      const result = unit.result;
      const outputHtml = result ? renderCellOutput(result, sanitizeChart) : '';
      const common = {
        chapter,
        index: String(unit.index),
        source: unit.source,
        hash: hashSource(unit.source),
        outputHtml,
        defines: (result?.defines ?? []).join(' '),
        uses: (result?.uses ?? []).join(' '),
      };
      if (unit.type === 'exercise') {
        const { node, exercise } = unit;
        const extra = { exerciseId: exercise.id, title: exercise.title, solution: exercise.solution, checks: exercise.checks, withhold: exercise.withhold.join(' '), ...(exercise.allow ? { allow: exercise.allow.names.join(' '), allowSaid: exercise.allow.said } : {}) };
        node.attributes = Object.entries({ ...common, ...extra }).map(([name, value]) => ({ type: 'mdxJsxAttribute', name, value }));
        continue;
      }
      const attributes = {
        ...common,
        id: unit.id,
        kind: unit.options.setup ? 'setup' : unit.options.display ? 'display' : 'normal',
        hiddenOutput: unit.options.hidden ? 'true' : 'false',
        expectError: unit.options.error ? 'true' : 'false',
      };
      const element = {
        type: 'mdxJsxFlowElement',
        name: 'CodeCell',
        attributes: Object.entries(attributes).map(([name, value]) => ({ type: 'mdxJsxAttribute', name, value })),
        children: [],
      };
      const siblings = unit.parent.children;
      siblings[siblings.indexOf(unit.node)] = element;
    }
  };
}

/**
 * The solution must pass every check; the starter must not. Each is judged as the page judges
 * it (node-judge.ts): after the cells above, with the exercise's withheld names withheld. The
 * solution's judgement is remembered, and the teacher's guide lists the checks it ran; it is
 * returned for the chapter cache.
 */
async function verifyExercise(unit, context) {
  const { exercise } = unit;
  const judged = { ...exercise, context };
  const solution = await judgeSolution(judged);
  if (solution.code.status === 'error') {
    const e = solution.code.error;
    throw new Error(`${exercise.where}: exercise "${exercise.id}": the solution fails to run: ${e.name}: ${e.message}${e.line ? ` (line ${e.line})` : ''}. Fix the \`\`\`ts solution block.`);
  }
  if (!solution.outcome.passed) {
    const failures = solution.outcome.error
      ? [`the checks stopped: ${solution.outcome.error.name}: ${solution.outcome.error.message}`]
      : solution.outcome.results.length === 0
        ? ['no check ran: call check.close, check.equal, check.shape, check.finite, check.that or check.gradients']
        : solution.outcome.results.filter((r) => !r.pass).map((r) => `${r.label}: got ${r.got ?? '?'}, expected ${r.expected ?? '?'}${r.note ? ` (${r.note})` : ''}`);
    throw new Error(`${exercise.where}: exercise "${exercise.id}": the solution does not pass its own checks:\n  - ${failures.join('\n  - ')}\n  Fix the solution or the checks.`);
  }
  const starter = await judgeInNode(judged, exercise.starter);
  if (starter.code.status === 'ok' && starter.outcome.passed) {
    throw new Error(`${exercise.where}: exercise "${exercise.id}": the starter already passes every check, so there is nothing for the reader to do. Make the starter incomplete, or the checks stricter.`);
  }
  return solution;
}
