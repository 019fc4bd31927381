import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkCells from '../../src/markdown/remark-cells.mjs';

// That every cell of every chapter runs as its options say, and that every chapter type-checks,
// is the build's own proof (remark-cells.mjs), which `npm test` runs before these tests; running
// them all again here doubled a minute of work. What is tested here is that the build's proof
// fails, and how it says so, for each kind of mistake.

function tree(...cells: [meta: string, value: string, lang?: string][]) {
  return {
    type: 'root',
    children: cells.map(([meta, value, lang = 'ts'], i) => ({ type: 'code', lang, meta, value, position: { start: { line: 10 * (i + 1) } } })),
  };
}
const file = () => new VFile({ path: '/book/content/chapters/sigmoid.mdx' });
const transform = (t: unknown) => (remarkCells() as (t: unknown, f: VFile) => Promise<void>)(t, file());

describe('cell authoring mistakes fail the build with the chapter, the cell and the fix', () => {
  it('an unknown option', async () => {
    await expect(transform(tree(['cell hiden', '1']))).rejects.toThrow(
      '/book/content/chapters/sigmoid.mdx:10: unknown cell option "hiden". The options are id=name, setup, display, hidden, error.',
    );
  });

  it('two cells with one id', async () => {
    await expect(transform(tree(['cell id=a', '1'], ['cell id=a', '2']))).rejects.toThrow(
      'sigmoid.mdx:20: cell id "a" is already used by the cell at line 10. Give each cell its own id.',
    );
  });

  it('a cell that is not TypeScript', async () => {
    await expect(transform(tree(['cell', 'x = 1', 'python']))).rejects.toThrow('a code cell must be TypeScript. Write ```ts cell (found "python").');
  });

  it('a cell that fails when the book is built', async () => {
    await expect(transform(tree(['cell id=broken', 'const a = 1;\nmissing + a']))).rejects.toThrow(
      /sigmoid\.mdx:10: cell "broken" failed when the book was built:\n {2}ReferenceError: missing is not defined.*\(cell line 2, column 1\)[\s\S]*add the option `error` if the cell is meant to show an error/,
    );
  });

  it('a cell with a type error, naming the chapter, the cell, the line and the compiler message', async () => {
    // It runs (b is NaN), so only the type check can stop it.
    await expect(transform(tree(['cell id=ok', 'const a: number = 1;'], ['cell id=typed', 'const b: string = a * 2;\nb']))).rejects.toThrow(
      "/book/content/chapters/sigmoid.mdx: 1 type error in the chapter's code:\n  /book/content/chapters/sigmoid.mdx:21: cell \"typed\", line 1, column 7: Type 'number' is not assignable to type 'string'. (TS2322)",
    );
  });

  it('a cell marked error is not type-checked: it is meant to fail', async () => {
    await expect(transform(tree(['cell error', 'const n: number = "4";\nn.toFixed()']))).resolves.toBeUndefined();
  });

  it('a cell marked error that runs cleanly', async () => {
    await expect(transform(tree(['cell error', '1 + 1']))).rejects.toThrow('is marked `error` but ran without one');
  });

  it('a display cell with run options', async () => {
    await expect(transform(tree(['cell display setup', '1']))).rejects.toThrow('a display cell is never run, so it cannot also be setup, hidden or error');
  });
});

describe('cells in a chapter', () => {
  it('become CodeCell elements carrying their build-time output, setup cells running first', async () => {
    const t = tree(['cell', 'const doubled = base * 2;\ndoubled'], ['cell setup', 'const base = 21;'], ['cell display', 'not run at all']);
    await transform(t);
    const attributes = (t.children as unknown as { name: string; attributes: { name: string; value: string }[] }[]).map((el) =>
      Object.fromEntries(el.attributes.map((a) => [a.name, a.value])),
    );
    expect((t.children as unknown as { name: string }[]).map((c) => c.name)).toEqual(['CodeCell', 'CodeCell', 'CodeCell']);
    expect(attributes.map((a) => [a.id, a.kind])).toEqual([['c1', 'normal'], ['c2', 'setup'], ['c3', 'display']]);
    expect(attributes[0].outputHtml).toBe('<div class="nb-out nb-number">42</div>');
    expect(attributes[0].defines).toBe('doubled');
    expect(attributes[0].uses).toBe('base');
    expect(attributes[2].outputHtml).toBe('');
  });
});

function exerciseTree(parts: Record<string, string>, before: [string, string][] = []) {
  const code = Object.entries(parts).map(([meta, value]) => ({ type: 'code', lang: 'ts', meta, value }));
  return {
    type: 'root',
    children: [
      ...before.map(([meta, value], i) => ({ type: 'code', lang: 'ts', meta, value, position: { start: { line: i + 1 } } })),
      {
        type: 'mdxJsxFlowElement', name: 'Exercise', position: { start: { line: 30 } },
        attributes: [{ type: 'mdxJsxAttribute', name: 'id', value: 'double' }, { type: 'mdxJsxAttribute', name: 'title', value: 'Double it' }],
        children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Write double.' }] }, ...code],
      },
    ],
  };
}
const sound = {
  starter: 'function double(x: number): number {\n  return 0;\n}',
  solution: 'function double(x: number): number {\n  return factor * x;\n}',
  checks: 'check.close(double(2), 4, { label: "double(2)" });\ncheck.close(double(-1.5), -3);',
};

describe('exercises in a chapter', () => {
  it('turn into Exercise props after the solution passes and the starter fails, using names from cells above', async () => {
    const t = exerciseTree(sound, [['cell id=setup-factor', 'const factor = 2;']]);
    await transform(t);
    const exercise = t.children[1] as unknown as { attributes: { name: string; value: string }[]; children: { type: string }[] };
    const props = Object.fromEntries(exercise.attributes.map((a) => [a.name, a.value]));
    expect(props).toMatchObject({ exerciseId: 'double', title: 'Double it', source: sound.starter, solution: sound.solution, checks: sound.checks, index: '2' });
    expect(exercise.children.map((c) => c.type)).toEqual(['paragraph']); // the code blocks became props
  });

  it('fail the build when the solution does not pass its own checks, listing the failures', async () => {
    const t = exerciseTree({ ...sound, solution: 'function double(x: number) { return x + 2; }' }, [['cell', 'const factor = 2;']]);
    await expect(transform(t)).rejects.toThrow(
      'sigmoid.mdx:30: exercise "double": the solution does not pass its own checks:\n  - check 2: got 0.5, expected -3 (allowed difference 1e-6)\n  Fix the solution or the checks.',
    );
  });

  it('fail the build when the starter already passes', async () => {
    const t = exerciseTree({ ...sound, starter: sound.solution }, [['cell', 'const factor = 2;']]);
    await expect(transform(t)).rejects.toThrow('the starter already passes every check, so there is nothing for the reader to do');
  });

  it('fail the build when a part is missing', async () => {
    const { checks: _omit, ...noChecks } = sound;
    await expect(transform(exerciseTree(noChecks))).rejects.toThrow('exercise "double" has no ```ts checks block. An exercise needs a starter, a solution and checks.');
  });

  it('fail the build when the solution or the checks have a type error, naming which', async () => {
    const t = exerciseTree({ ...sound, solution: 'function double(x: number): number {\n  return factor * x;\n}\nconst wrong: string = double(1);' }, [['cell', 'const factor = 2;']]);
    await expect(transform(t)).rejects.toThrow(`exercise "double" (solution), line 4, column 7: Type 'number' is not assignable to type 'string'. (TS2322)`);
    const u = exerciseTree({ ...sound, checks: `${sound.checks}\ncheck.closeTo(double(1), 2);` }, [['cell', 'const factor = 2;']]);
    await expect(transform(u)).rejects.toThrow(`exercise "double" (checks), line 3, column 7: Property 'closeTo' does not exist on type 'Checker'.`);
  });

  it('fail the build when the checks check nothing', async () => {
    const t = exerciseTree({ ...sound, checks: 'double(2);' }, [['cell', 'const factor = 2;']]);
    await expect(transform(t)).rejects.toThrow('no check ran: call check.close, check.equal, check.shape, check.finite, check.that or check.gradients');
  });
});
