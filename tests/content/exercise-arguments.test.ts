import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exercisesOf } from '../../src/chapters/manifest.ts';
import { judgeInNode } from '../../src/notebook/node-judge.ts';
import { openNodeKernel, type NodeKernel } from '../../src/notebook/node-runner.ts';
import { readChapters } from './chapters.ts';

// An answer's checks must call it with more than one value of each argument, and, for an array or
// a matrix, more than one size in each direction. A red team's wrong answers passed every check
// where they did not: `myForward` and `myFixedGradients` read the chapter's X and y instead of
// their arguments (every call handed over X and y), `myMseGradients` divided by 4 rather than by
// the number of entries (every target was the chapter's 4×1 y), and `myStep` stepped two weights
// only (every w had two). This test runs each solution with its functions wrapped so that they
// note what the checks hand them, and asks that of every argument.
const exercises = readChapters().flatMap((c) => exercisesOf(c.id, String(c.frontmatter.title), c.source));

/**
 * Sizes the exercise itself fixes, by `exercise/function/argument/direction` (0: rows or length,
 * 1: columns), with the reason: code that assumes them is not wrong.
 */
const FIXED_SIZES: Record<string, string> = {
  'product-shape/myProductShape/a/0': 'a shape is two numbers, rows and columns',
  'product-shape/myProductShape/b/0': 'a shape is two numbers, rows and columns',
  'one-neuron/myNeuron/x/0': 'the exercise gives x as three numbers, one sample of the chapter',
  'one-neuron/myNeuron/W1/0': 'W1 has one row per input, and x is three numbers',
  'translate-layer/myLayer/b/0': 'a layer’s biases are one row, added to every sample',
  'apply-filter/myFilter/kernel/0': 'the exercise fixes the filter at 3×3',
  'apply-filter/myFilter/kernel/1': 'the exercise fixes the filter at 3×3',
};

/**
 * Arguments, by `exercise/function/argument`, that no check varies alone, with the reason. A
 * second red team's answers kept results under some of the arguments (a count under the sizes'
 * digits run together, a layer under its weights) and passed: every other argument took a new
 * value in the same call as the key. So two calls must differ in each argument alone. And each
 * object argument (an array, a matrix, a node, a network) must be handed again, the same object,
 * after it changed: a third red team's answers kept results under the object itself (a WeakMap)
 * and passed while every call handed over new ones.
 */
const STATE_FREE: Record<string, string> = {
  'autograd-order/myOrder/output': 'a node’s inputs never change, so an order kept under the node stays right',
};

/**
 * The answer's functions, as TypeScript parses the solution: each top-level function declaration
 * whose name starts with "my", with its parameters' names.
 */
function answerFunctions(solution: string): { name: string; parameters: string[] }[] {
  const file = ts.createSourceFile('solution.ts', solution, ts.ScriptTarget.Latest, true);
  return file.statements
    .filter(
      (s): s is ts.FunctionDeclaration =>
        ts.isFunctionDeclaration(s) && s.name !== undefined && s.name.text.startsWith('my'),
    )
    .map((f) => ({ name: f.name!.text, parameters: f.parameters.map((p) => p.name.getText(file)) }));
}

// Appended to the solution: `myProbe` wraps a function and notes, for each argument it declares,
// the distinct values it was called with (written out in full, so two equal matrices count once)
// and the sizes in each direction. Its name starts with "my", as every name an attempt defines.
// (A matrix is told by its fields: an exercise may withhold every nn export, isMatrix too.)
const PROBE = `
const myProbeIsMatrix = (v: any) => typeof v?.rows === "number" && typeof v?.cols === "number" && ArrayBuffer.isView(v?.data);
const myProbeSeen: Record<string, { values: Set<string>; sizes: Set<number>[] }[]> = {};
// Each call's arguments, written out, and for an object (an array, a matrix, a node, a network) a
// number naming the object itself, so that a call with the same object changed shows.
const myProbeCalls: Record<string, { texts: string[]; ids: number[] }[]> = {};
const myProbeIds = new WeakMap<object, number>();
let myProbeNext = 0;
function myProbeId(v: any): number {
  if (v === null || typeof v !== "object") return -1;
  if (!myProbeIds.has(v)) myProbeIds.set(v, ++myProbeNext);
  return myProbeIds.get(v)!;
}
function myProbeText(v: any, depth: number, seen: Set<unknown>): string {
  if (v === null || typeof v !== "object") return typeof v === "function" ? "function" : typeof v + ":" + String(v);
  if (seen.has(v) || depth > 6) return "@";
  seen.add(v);
  if (myProbeIsMatrix(v)) return "M" + v.rows + "x" + v.cols + ":" + Array.from(v.data).join(",");
  if (Array.isArray(v)) return "[" + v.map((x) => myProbeText(x, depth + 1, seen)).join(",") + "]";
  return "{" + Object.keys(v).sort().map((k) => k + ":" + myProbeText(v[k], depth + 1, seen)).join(",") + "}";
}
function myProbeSize(v: any): number[] {
  if (myProbeIsMatrix(v)) return [v.rows, v.cols];
  if (Array.isArray(v)) return Array.isArray(v[0]) ? [v.length, v[0].length] : [v.length];
  return [];
}
function myProbe<F extends (...args: any[]) => any>(name: string, inner: F): F {
  const seen = (myProbeSeen[name] = Array.from({ length: inner.length }, () => ({ values: new Set<string>(), sizes: [] as Set<number>[] })));
  const calls = (myProbeCalls[name] = [] as { texts: string[]; ids: number[] }[]);
  return ((...args: unknown[]) => {
    const texts = seen.map((_, i) => myProbeText(args[i], 0, new Set()));
    seen.forEach((arg, i) => {
      arg.values.add(texts[i]);
      myProbeSize(args[i]).forEach((n, d) => (arg.sizes[d] ??= new Set()).add(n));
    });
    calls.push({ texts, ids: seen.map((_, i) => myProbeId(args[i])) });
    return inner(...args);
  }) as F;
}
`;
// Appended to the checks: one failing check whose label carries what the probe saw.
// For each argument: whether two calls differ in it alone (every other argument the same), and,
// for an object handed over as itself (a node), whether one call hands it over changed.
const REPORT = `
const myProbeAlone = (calls: { texts: string[]; ids: number[] }[], i: number) => calls.some((a, j) => calls.some((b, k) => k > j &&
  a.texts[i] !== b.texts[i] && a.texts.every((t, m) => m === i || t === b.texts[m])));
const myProbeChanged = (calls: { texts: string[]; ids: number[] }[], i: number) => calls.every((c) => c.ids[i] === -1) ||
  calls.some((a, j) => calls.some((b, k) => k > j && a.ids[i] === b.ids[i] && a.texts[i] !== b.texts[i]));
check.that(false, "PROBE " + JSON.stringify(Object.fromEntries(Object.entries(myProbeSeen).map(([name, args]) => [name, args.map((a, i) => ({
  values: a.values.size, sizes: a.sizes.map((s) => [...s]), alone: myProbeAlone(myProbeCalls[name], i), changed: myProbeChanged(myProbeCalls[name], i) }))]))));`;

type Seen = Record<string, { values: number; sizes: number[][]; alone: boolean; changed: boolean }[]>;

let kernel: NodeKernel;
beforeAll(async () => {
  kernel = await openNodeKernel();
});
afterAll(() => kernel.close());

describe('the checks vary every argument of an answer', () => {
  const answers = exercises
    .map((e) => ({ e, functions: answerFunctions(e.solution) }))
    .filter(({ functions }) => functions.length > 0);

  it('finds the answers that are functions', () => {
    expect(answers.length).toBeGreaterThanOrEqual(25);
  });

  for (const { e, functions } of answers) {
    it(`${e.chapter} / ${e.id}: each argument takes more than one value, and more than one size in each direction`, async () => {
      const code = `${e.solution}\n${PROBE}\n${functions.map(({ name }) => `(${name} as unknown) = myProbe("${name}", ${name});`).join('\n')}`;
      const { code: ran, outcome } = await judgeInNode({ ...e, checks: `${e.checks}\n${REPORT}` }, code, kernel);
      expect(ran.error ?? null).toBeNull();
      expect(outcome.results.slice(0, -1).filter((r) => !r.pass)).toEqual([]);
      const seen = JSON.parse(outcome.results.at(-1)!.label.replace(/^PROBE /, '')) as Seen;
      const faults: string[] = [];
      const stateFaults: string[] = [];
      for (const { name: f, parameters } of functions) {
        seen[f].forEach((arg, i) => {
          const name = parameters[i] ?? `argument ${i + 1}`;
          if (arg.values < 2)
            faults.push(
              `${f}'s ${name} is the same in every call: an answer that ignores it (reading a value of the chapter instead) passes`,
            );
          else if (parameters.length > 1 && !arg.alone && !STATE_FREE[`${e.id}/${f}/${name}`])
            stateFaults.push(
              `no two calls of ${f} differ in ${name} alone: an answer that keeps its results under the other arguments passes`,
            );
          if (!arg.changed && !STATE_FREE[`${e.id}/${f}/${name}`])
            stateFaults.push(
              `${f} is never handed the same ${name} again after it changed: an answer that keeps its results under the object passes`,
            );
          arg.sizes.forEach((sizes, d) => {
            if (sizes.length < 2 && !FIXED_SIZES[`${e.id}/${f}/${name}/${d}`]) {
              faults.push(
                `${f}'s ${name} has ${d === 0 ? 'a length (rows)' : 'columns'} of ${sizes[0]} in every call: an answer that fixes that size passes`,
              );
            }
          });
        });
      }
      expect(
        faults,
        'give the checks a call with other values and sizes, drawn for the run (check.freshMatrix), or list a size the exercise fixes in FIXED_SIZES',
      ).toEqual([]);
      expect(
        stateFaults,
        'give the checks two calls that differ in this argument alone (and hand an argument object again after changing it), or say in STATE_FREE why none is needed',
      ).toEqual([]);
    });
  }

  it('lists no state-free entry that no exercise has', () => {
    const known = new Set(
      answers.flatMap(({ e, functions }) =>
        functions.flatMap(({ name, parameters }) => parameters.map((p) => `${e.id}/${name}/${p}`)),
      ),
    );
    expect(Object.keys(STATE_FREE).filter((key) => !known.has(key))).toEqual([]);
  });

  it('lists no fixed size that no exercise has', () => {
    const known = new Set(
      answers.flatMap(({ e, functions }) =>
        functions.flatMap(({ name, parameters }) =>
          parameters.flatMap((p) => [0, 1].map((d) => `${e.id}/${name}/${p}/${d}`)),
        ),
      ),
    );
    expect(Object.keys(FIXED_SIZES).filter((key) => !known.has(key))).toEqual([]);
  });
});
