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
// JavaScript loads, and rerunning unchanged code in the browser reproduces it exactly.
import { runNotebook } from '../notebook/node-runner.ts';
import { renderCellOutput } from '../notebook/render.ts';
import { sanitizeChart } from '../notebook/sanitize-node.ts';
import { hashSource } from '../notebook/hash.ts';
import { checkOutcome } from '../notebook/exercise.ts';

const FLAGS = new Set(['setup', 'display', 'hidden', 'error']);
const ID = /^[a-z][a-z0-9-]*$/i;

/** Parses `cell id=train setup` into options, or throws an error that says how to fix it. */
export function parseCellMeta(meta, where) {
  const words = (meta ?? '').trim().split(/\s+/).filter(Boolean);
  if (words[0] !== 'cell') return null;
  const options = { id: undefined, setup: false, display: false, hidden: false, error: false };
  for (const word of words.slice(1)) {
    if (word.startsWith('id=')) {
      const id = word.slice(3);
      if (!ID.test(id)) throw new Error(`${where}: cell id "${id}" is not valid. Use letters, digits and dashes, starting with a letter, e.g. id=train-loop.`);
      options.id = id;
    } else if (FLAGS.has(word)) {
      options[word] = true;
    } else {
      throw new Error(`${where}: unknown cell option "${word}". The options are id=name, ${[...FLAGS].join(', ')}.`);
    }
  }
  if (options.display && (options.setup || options.hidden || options.error)) {
    throw new Error(`${where}: a display cell is never run, so it cannot also be setup, hidden or error. Remove "display" or the other options.`);
  }
  return options;
}

const isCellNode = (node) => node.type === 'code' && /^cell(\s|$)/.test(node.meta ?? '');
const isExercise = (node) => node.type === 'mdxJsxFlowElement' && node.name === 'Exercise';
const attribute = (node, name) => node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name)?.value;
const PARTS = ['starter', 'solution', 'checks'];

/**
 * An exercise, written in a chapter as
 *
 *     <Exercise id="sigmoid-prime" title="Write the sigmoid's derivative">
 *     The prompt, in Markdown.
 *     ```ts starter …```   what the reader starts from (a cell they edit and run)
 *     ```ts solution …```  the author's answer, shown beside the attempt on request
 *     ```ts checks …```    calls to check.close/equal/shape/finite/that/gradients
 *     <Hint>…</Hint>       revealed one at a time
 *     </Exercise>
 *
 * The build proves every exercise is sound: the solution passes all its checks, and the
 * starter fails at least one (otherwise there is nothing to do).
 */
function readExercise(node, path) {
  const line = node.position?.start.line ?? '?';
  const where = `${path}:${line}`;
  const id = attribute(node, 'id');
  const title = attribute(node, 'title');
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new Error(`${where}: an <Exercise> needs an id of letters, digits and dashes, e.g. <Exercise id="sigmoid-prime" title="…">.`);
  }
  if (typeof title !== 'string' || title.trim() === '') {
    throw new Error(`${where}: exercise "${id}" needs a title, e.g. <Exercise id="${id}" title="Write the sigmoid's derivative">.`);
  }
  const parts = {};
  node.children = node.children.filter((child) => {
    const meta = (child.meta ?? '').trim();
    if (child.type !== 'code' || !PARTS.includes(meta)) return true;
    if (!['ts', 'typescript'].includes(child.lang ?? '')) {
      throw new Error(`${where}: exercise "${id}": the ${meta} must be TypeScript. Write \`\`\`ts ${meta}.`);
    }
    if (parts[meta] !== undefined) throw new Error(`${where}: exercise "${id}" has two \`\`\`ts ${meta} blocks. Keep one.`);
    parts[meta] = child.value;
    return false;
  });
  for (const part of PARTS) {
    if (parts[part] === undefined || parts[part].trim() === '') {
      throw new Error(`${where}: exercise "${id}" has no \`\`\`ts ${part} block. An exercise needs a starter, a solution and checks.`);
    }
  }
  return { node, id, title, where, ...parts };
}

export default function remarkCells() {
  return async (tree, file) => {
    const path = file.path ?? 'a chapter';
    const chapter = path.replace(/^.*\//, '').replace(/\.mdx?$/, '');
    // Cells and exercises in page order: an exercise's attempt is a cell of the page too.
    const units = [];
    const visit = (node, parent) => {
      if (isCellNode(node)) units.push({ type: 'cell', node, parent });
      else if (isExercise(node)) units.push({ type: 'exercise', node, parent, exercise: readExercise(node, path) });
      else for (const child of node.children ?? []) visit(child, node);
    };
    visit(tree, null);
    if (units.length === 0) return;

    const seen = new Map();
    let cellNumber = 0;
    for (const unit of units) {
      const line = unit.node.position?.start.line ?? '?';
      unit.where = `${path}:${line}`;
      cellNumber += 1;
      unit.index = cellNumber;
      if (unit.type === 'exercise') {
        unit.id = `ex-${unit.exercise.id}`;
        unit.options = { setup: false, display: false, hidden: false, error: true };
        unit.source = unit.exercise.starter;
      } else {
        if (!['ts', 'typescript'].includes(unit.node.lang ?? '')) {
          throw new Error(`${unit.where}: a code cell must be TypeScript. Write \`\`\`ts cell (found "${unit.node.lang ?? 'no language'}").`);
        }
        unit.options = parseCellMeta(unit.node.meta, unit.where);
        unit.id = unit.options.id ?? `c${cellNumber}`;
        unit.source = unit.node.value;
        if (unit.source.trim() === '') throw new Error(`${unit.where}: cell "${unit.id}" is empty. Write some code in it or remove it.`);
      }
      if (seen.has(unit.id)) {
        throw new Error(`${unit.where}: cell id "${unit.id}" is already used by the cell at line ${seen.get(unit.id)}. Give each cell its own id.`);
      }
      seen.set(unit.id, line);
    }

    // Setup cells run first, as they will in the page; display cells never run.
    const runnable = [...units.filter((u) => u.options.setup), ...units.filter((u) => !u.options.setup && !u.options.display)];
    const results = await runNotebook(runnable.map((u) => ({ id: u.id, source: u.source })));
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

    for (const unit of units.filter((u) => u.type === 'exercise')) await verifyExercise(unit, runnable);

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
        const extra = { exerciseId: exercise.id, title: exercise.title, solution: exercise.solution, checks: exercise.checks };
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

/** The solution must pass every check; the starter must not. Each runs after the cells above. */
async function verifyExercise(unit, runnable) {
  const { exercise } = unit;
  const before = runnable.slice(0, runnable.indexOf(unit)).filter((u) => u.type === 'cell').map((u) => ({ id: u.id, source: u.source }));
  const attempt = async (source) => {
    const results = await runNotebook([...before, { id: unit.id, source }, { id: `${unit.id}-checks`, source: exercise.checks, checks: true, attempt: unit.id }]);
    return { code: results.at(-2), outcome: checkOutcome(results.at(-1)) };
  };
  const solution = await attempt(exercise.solution);
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
  const starter = await attempt(exercise.starter);
  if (starter.code.status === 'ok' && starter.outcome.passed) {
    throw new Error(`${exercise.where}: exercise "${exercise.id}": the starter already passes every check, so there is nothing for the reader to do. Make the starter incomplete, or the checks stricter.`);
  }
}
