/**
 * The one reader of a chapter's notebook syntax: code cells (```ts cell …) and exercises
 * (<Exercise id title withhold allow> with ```ts starter, ```ts solution and ```ts checks). The build's
 * remark plugin (remark-cells.mjs), the exercise manifest the review page reads, the lists of
 * exercises for progress and the teacher's guide, and the tests all read chapters through it, so
 * they cannot disagree about what a chapter contains. A mistake throws an error that names the
 * file, the line and the fix.
 *
 * It reads the MDX syntax tree (mdast with MDX nodes); `readChapterSource` parses the text first,
 * with the same Markdown extensions the build uses.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMath from 'remark-math';
import { andList } from '../lib/plural.ts';
import * as nn from '../nn/index.ts';
import type { Allowed } from '../notebook/withhold.ts';
import * as nnMatrix from '../nn/matrix.ts';
import * as nnRandom from '../nn/random.ts';
import * as nnArticleData from '../nn/data/article.ts';
import * as nnXor from '../nn/data/xor.ts';
import * as nnToys from '../nn/data/toys.ts';
import * as nnDigits from '../nn/data/digits.ts';
import * as nnPrepare from '../nn/data/prepare.ts';

/** What `nn` exports as values, the names an allow-list may list (types are erased before a run). */
const NN_EXPORTS = Object.keys(nn).sort();

const exportedFrom = (...modules: object[]) => NN_EXPORTS.filter((name) => modules.some((m) => name in m));

/**
 * Words an allow-list may use for a part of `nn` that computes none of the formulas the book
 * asks readers to write: the Matrix helpers (matrix.ts), random numbers (random.ts) and the data
 * sets (data/). An exercise that asks for one of them withholds it by name (withhold wins).
 */
export const NN_GROUPS: Readonly<Record<string, { names: readonly string[]; said: string }>> = {
  matrix: { names: exportedFrom(nnMatrix), said: 'the Matrix helpers' },
  random: { names: exportedFrom(nnRandom), said: 'random numbers' },
  data: { names: exportedFrom(nnArticleData, nnXor, nnToys, nnDigits, nnPrepare), said: 'the data sets' },
};

const inWords = (items: readonly string[]) => andList(items) || 'nothing';

/** A node of the MDX syntax tree, as far as cells and exercises need it. */
export interface SyntaxNode {
  type: string;
  name?: string | null;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  children?: SyntaxNode[];
  attributes?: { type: string; name?: string; value?: unknown }[];
  position?: { start: { line: number } };
}

export interface CellOptions {
  /** A stable id (letters, digits, -), or undefined: the cell is then c1, c2, … by position. */
  id: string | undefined;
  setup: boolean;
  display: boolean;
  hidden: boolean;
  error: boolean;
}

export interface Exercise {
  id: string;
  title: string;
  starter: string;
  solution: string;
  checks: string;
  /**
   * Names the attempt may not use (`withhold="slopeAt learningRateAt"`): what the exercise asks
   * the reader to write, or what would write it for them. On the attempt's run each resolves to a
   * function that throws "<name> is withheld in this exercise" (kernel.ts, RunOptions.withhold).
   */
  withhold: string[];
  /**
   * The `nn` exports the attempt may use (`allow="matrix random data sigmoid"`, with the groups of
   * NN_GROUPS spelled out, less `withhold`); every other `nn` export is withheld too (kernel.ts,
   * RunOptions.allow). Undefined: all of `nn` less `withhold`. An exercise that withholds an `nn`
   * export must have one: `nn` has several routes to most formulas, and a list of what to leave
   * out misses the next route, while a list of what to let in does not.
   */
  allow?: Allowed;
  /** `file:line` of the <Exercise>, for error messages. */
  where: string;
}

interface UnitBase {
  /** The node in the tree, and its parent (the remark plugin replaces cells in place). */
  node: SyntaxNode;
  parent: SyntaxNode | null;
  /** `file:line`. */
  where: string;
  /** 1-based position among the page's cells and exercises (display cells included). */
  index: number;
  /** The cell id in the page's kernel: the cell's own, or `ex-<exercise id>` for an attempt. */
  id: string;
  options: CellOptions;
  /** The code that runs: the cell's, or the exercise's starter. */
  source: string;
}

export interface CellUnit extends UnitBase {
  type: 'cell';
}

export interface ExerciseUnit extends UnitBase {
  type: 'exercise';
  exercise: Exercise;
  /** The starter, solution and checks code blocks, which become props of the exercise. */
  partNodes: SyntaxNode[];
}

export type Unit = CellUnit | ExerciseUnit;

const FLAGS = ['setup', 'display', 'hidden', 'error'] as const;
const ID = /^[a-z][a-z0-9-]*$/i;
const NAME = /^[A-Za-z_$][\w$]*$/;
const TYPESCRIPT = ['ts', 'typescript'];
export const EXERCISE_PARTS = ['starter', 'solution', 'checks'] as const;

/** Parses `cell id=train setup` into options, null for a block that is not a cell, or throws an error that says how to fix it. */
export function parseCellMeta(meta: string | null | undefined, where: string): CellOptions | null {
  const words = (meta ?? '').trim().split(/\s+/).filter(Boolean);
  if (words[0] !== 'cell') return null;
  const options: CellOptions = { id: undefined, setup: false, display: false, hidden: false, error: false };
  for (const word of words.slice(1)) {
    if (word.startsWith('id=')) {
      const id = word.slice(3);
      if (!ID.test(id)) throw new Error(`${where}: cell id "${id}" is not valid. Use letters, digits and dashes, starting with a letter, e.g. id=train-loop.`);
      options.id = id;
    } else if ((FLAGS as readonly string[]).includes(word)) {
      options[word as (typeof FLAGS)[number]] = true;
    } else {
      throw new Error(`${where}: unknown cell option "${word}". The options are id=name, ${FLAGS.join(', ')}.`);
    }
  }
  if (options.display && (options.setup || options.hidden || options.error)) {
    throw new Error(`${where}: a display cell is never run, so it cannot also be setup, hidden or error. Remove "display" or the other options.`);
  }
  return options;
}

const isCellNode = (node: SyntaxNode) => node.type === 'code' && /^cell(\s|$)/.test((node.meta ?? '').trim());
const isExerciseNode = (node: SyntaxNode) => (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Exercise';

function attribute(node: SyntaxNode, name: string, where: string): string | undefined {
  const found = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!found) return undefined;
  if (typeof found.value !== 'string') {
    throw new Error(`${where}: write the exercise's ${name} as plain text in quotes, e.g. ${name}="…", not as an expression in braces.`);
  }
  return found.value;
}

/** An <Exercise> element → its parts, checked: an id, a title, one TypeScript block of each part. */
function readExercise(node: SyntaxNode, where: string): { exercise: Exercise; partNodes: SyntaxNode[] } {
  const id = attribute(node, 'id', where);
  if (id === undefined || !ID.test(id)) {
    throw new Error(`${where}: an <Exercise> needs an id of letters, digits and dashes, e.g. <Exercise id="sigmoid-prime" title="…">.`);
  }
  const title = attribute(node, 'title', where);
  if (title === undefined || title.trim() === '') {
    throw new Error(`${where}: exercise "${id}" needs a title, e.g. <Exercise id="${id}" title="Write the sigmoid's derivative">.`);
  }
  const withhold = (attribute(node, 'withhold', where) ?? '').split(/\s+/).filter(Boolean);
  const badName = withhold.find((name) => !NAME.test(name));
  if (badName !== undefined) {
    throw new Error(`${where}: exercise "${id}": withhold="${withhold.join(' ')}" names "${badName}", which is not a name. List names separated by spaces, e.g. withhold="slopeAt learningRateAt".`);
  }
  const allowText = attribute(node, 'allow', where);
  const allowed = allowText === undefined ? undefined : allowText.split(/\s+/).filter(Boolean);
  const notExported = allowed?.find((name) => !NN_EXPORTS.includes(name) && !(name in NN_GROUPS));
  if (notExported !== undefined) {
    throw new Error(`${where}: exercise "${id}": allow="${allowed!.join(' ')}" names "${notExported}", which is neither an nn export nor a group (${Object.keys(NN_GROUPS).join(', ')}). allow lists what the attempt may use from nn; nn exports ${NN_EXPORTS.join(', ')}.`);
  }
  const both = allowed?.find((name) => withhold.includes(name));
  if (both !== undefined) {
    throw new Error(`${where}: exercise "${id}" both allows and withholds "${both}". Remove it from one of allow="…" and withhold="…".`);
  }
  const withheldExport = withhold.find((name) => NN_EXPORTS.includes(name));
  if (allowed === undefined && withheldExport !== undefined) {
    throw new Error(`${where}: exercise "${id}" withholds ${withheldExport}, which nn exports, but lets the attempt use the rest of nn, where other routes reach the same formula (a network's predict, autograd's scalars, the *WithLogits losses). Say what the attempt may use instead, e.g. allow="${Object.keys(NN_GROUPS).join(' ')}" and the nn functions the solution calls.`);
  }
  const allow: Allowed | undefined = allowed && {
    names: [...new Set(allowed.flatMap((name) => NN_GROUPS[name]?.names ?? [name]))].filter((name) => !withhold.includes(name)),
    said: inWords(allowed.map((name) => NN_GROUPS[name]?.said ?? name)),
  };
  const parts: Partial<Record<(typeof EXERCISE_PARTS)[number], string>> = {};
  const partNodes: SyntaxNode[] = [];
  for (const child of node.children ?? []) {
    const meta = (child.meta ?? '').trim();
    if (child.type !== 'code' || !(EXERCISE_PARTS as readonly string[]).includes(meta)) continue;
    const part = meta as (typeof EXERCISE_PARTS)[number];
    if (!TYPESCRIPT.includes(child.lang ?? '')) {
      throw new Error(`${where}: exercise "${id}": the ${part} must be TypeScript. Write \`\`\`ts ${part}.`);
    }
    if (parts[part] !== undefined) throw new Error(`${where}: exercise "${id}" has two \`\`\`ts ${part} blocks. Keep one.`);
    parts[part] = child.value ?? '';
    partNodes.push(child);
  }
  for (const part of EXERCISE_PARTS) {
    if (parts[part] === undefined || parts[part]!.trim() === '') {
      throw new Error(`${where}: exercise "${id}" has no \`\`\`ts ${part} block. An exercise needs a starter, a solution and checks.`);
    }
  }
  return { exercise: { id, title, starter: parts.starter!, solution: parts.solution!, checks: parts.checks!, withhold, ...(allow ? { allow } : {}), where }, partNodes };
}

/**
 * The cells and exercises of a chapter's tree, in page order, each checked, with its id (two
 * units with one id throw). `path` names the file in messages.
 */
export function readUnits(tree: SyntaxNode, path: string): Unit[] {
  const units: Unit[] = [];
  const seen = new Map<string, number | string>();
  const add = (unit: Unit) => {
    if (seen.has(unit.id)) {
      throw new Error(`${unit.where}: cell id "${unit.id}" is already used by the cell at line ${seen.get(unit.id)}. Give each cell its own id.`);
    }
    seen.set(unit.id, unit.node.position?.start.line ?? '?');
    units.push(unit);
  };
  const visit = (node: SyntaxNode, parent: SyntaxNode | null) => {
    const where = `${path}:${node.position?.start.line ?? '?'}`;
    const index = units.length + 1;
    if (isCellNode(node)) {
      if (!TYPESCRIPT.includes(node.lang ?? '')) {
        throw new Error(`${where}: a code cell must be TypeScript. Write \`\`\`ts cell (found "${node.lang ?? 'no language'}").`);
      }
      const options = parseCellMeta(node.meta, where)!;
      const id = options.id ?? `c${index}`;
      const source = node.value ?? '';
      if (source.trim() === '') throw new Error(`${where}: cell "${id}" is empty. Write some code in it or remove it.`);
      add({ type: 'cell', node, parent, where, index, id, options, source });
    } else if (isExerciseNode(node)) {
      const { exercise, partNodes } = readExercise(node, where);
      const options: CellOptions = { id: undefined, setup: false, display: false, hidden: false, error: true };
      add({ type: 'exercise', node, parent, where, index, id: `ex-${exercise.id}`, options, source: exercise.starter, exercise, partNodes });
    } else {
      for (const child of node.children ?? []) visit(child, node);
    }
  };
  visit(tree, null);
  return units;
}

/** Parses MDX text into the syntax tree the build's plugins see (frontmatter, MDX, math). */
export function parseMdx(mdx: string): SyntaxNode {
  return unified().use(remarkParse).use(remarkFrontmatter).use(remarkMdx).use(remarkMath).parse(mdx) as unknown as SyntaxNode;
}

/** The cells and exercises of a chapter's MDX text (see readUnits). */
export function readChapterSource(mdx: string, path: string): Unit[] {
  return readUnits(parseMdx(mdx), path);
}

/** The units that run, in the order the page runs them: setup cells first; display cells never. */
export function runOrder(units: readonly Unit[]): Unit[] {
  return [...units.filter((u) => u.options.setup), ...units.filter((u) => !u.options.setup && !u.options.display)];
}

/**
 * The cells an exercise is judged after, as the page, the build and the review all run them: the
 * setup cells (wherever they are), then the chapter's own cells above the exercise. Other
 * exercises' attempts take no part.
 */
export function contextOf(units: readonly Unit[], exercise: ExerciseUnit): { id: string; source: string }[] {
  const order = runOrder(units);
  const at = order.indexOf(exercise);
  if (at < 0) throw new Error(`contextOf: exercise "${exercise.exercise.id}" is not one of the units given`);
  return order.slice(0, at).filter((u) => u.type === 'cell').map((u) => ({ id: u.id, source: u.source }));
}

/** Only the exercises of a list of units. */
export function exercisesIn(units: readonly Unit[]): ExerciseUnit[] {
  return units.filter((u): u is ExerciseUnit => u.type === 'exercise');
}
