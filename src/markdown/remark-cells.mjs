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
import { renderDisplay, renderCellError } from '../notebook/display.ts';
import { hashSource } from '../notebook/hash.ts';

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

export default function remarkCells() {
  return async (tree, file) => {
    const path = file.path ?? 'a chapter';
    const chapter = path.replace(/^.*\//, '').replace(/\.mdx?$/, '');
    const cells = [];
    const visit = (node, parent) => {
      if (isCellNode(node)) cells.push({ node, parent });
      else for (const child of node.children ?? []) visit(child, node);
    };
    visit(tree, null);
    if (cells.length === 0) return;

    const seen = new Map();
    cells.forEach((cell, index) => {
      const line = cell.node.position?.start.line ?? '?';
      const where = `${path}:${line}`;
      if (!['ts', 'typescript'].includes(cell.node.lang ?? '')) {
        throw new Error(`${where}: a code cell must be TypeScript. Write \`\`\`ts cell (found "${cell.node.lang ?? 'no language'}").`);
      }
      cell.options = parseCellMeta(cell.node.meta, where);
      cell.id = cell.options.id ?? `c${index + 1}`;
      cell.where = where;
      if (seen.has(cell.id)) {
        throw new Error(`${where}: cell id "${cell.id}" is already used by the cell at line ${seen.get(cell.id)}. Give each cell its own id.`);
      }
      seen.set(cell.id, line);
      if (cell.node.value.trim() === '') throw new Error(`${where}: cell "${cell.id}" is empty. Write some code in it or remove it.`);
    });

    // Setup cells run first, as they will in the page; display cells never run.
    const runnable = [...cells.filter((c) => c.options.setup), ...cells.filter((c) => !c.options.setup && !c.options.display)];
    const results = await runNotebook(runnable.map((c) => ({ id: c.id, source: c.node.value })));
    runnable.forEach((cell, i) => {
      const result = results[i];
      cell.result = result;
      if (result.status === 'error' && !cell.options.error) {
        const e = result.error;
        throw new Error(
          `${cell.where}: cell "${cell.id}" failed when the book was built:\n  ${e.name}: ${e.message}` +
            (e.line ? ` (cell line ${e.line}, column ${e.column})` : '') +
            (e.frame ? `\n${e.frame}` : '') +
            '\n  Fix the code, or add the option `error` if the cell is meant to show an error.',
        );
      }
      if (result.status === 'ok' && cell.options.error) {
        throw new Error(`${cell.where}: cell "${cell.id}" is marked \`error\` but ran without one. Remove the option, or make the cell show the error it is about.`);
      }
    });

    cells.forEach((cell, index) => {
      const result = cell.result;
      const outputHtml = result
        ? result.outputs.map(renderDisplay).join('') + (result.error ? renderCellError(result.error) : '')
        : '';
      const attributes = {
        chapter,
        id: cell.id,
        index: String(index + 1),
        source: cell.node.value,
        hash: hashSource(cell.node.value),
        kind: cell.options.setup ? 'setup' : cell.options.display ? 'display' : 'normal',
        hiddenOutput: cell.options.hidden ? 'true' : 'false',
        expectError: cell.options.error ? 'true' : 'false',
        outputHtml,
        defines: (result?.defines ?? []).join(' '),
        uses: (result?.uses ?? []).join(' '),
      };
      const element = {
        type: 'mdxJsxFlowElement',
        name: 'CodeCell',
        attributes: Object.entries(attributes).map(([name, value]) => ({ type: 'mdxJsxAttribute', name, value })),
        children: [],
      };
      const siblings = cell.parent.children;
      siblings[siblings.indexOf(cell.node)] = element;
    });
  };
}
