import { describe, expect, it } from 'vitest';
import { parse } from 'acorn';
import { compileCell } from '../../src/notebook/transform.ts';
import { readChapters } from '../content/chapters.ts';
import { exercisesOf } from '../../src/chapters/manifest.ts';

// Compiled as an attempt, a cell computes what it computes uncompiled: the edits only wrap each
// function in the attempt (attempt-edits.ts). A runtime that counts entries stands in for the kernel's.
async function run(source: string, attempt: boolean) {
  const cell = compileCell(source, 'ex-t', { attempt });
  const fn = (0, eval)(cell.code) as (inputs: object, rt: object) => Promise<{ value: unknown }>;
  let entered = 0;
  let depth = 0;
  const rt = {
    enter: () => (entered++, depth++, () => void depth--),
    inside: <T>(f: () => T) => {
      entered++;
      depth++;
      try {
        return f();
      } finally {
        depth--;
      }
    },
    typeOf: () => 'undefined',
    import: () => ({}),
  };
  const { value } = await fn({}, rt);
  return { value: await value, entered, depth };
}

const forms: Record<string, string> = {
  'an empty body': 'const f = () => {};\nf() ?? "none"',
  'an arrow returning an object': 'const f = () => ({ a: 1 });\nf().a',
  'an arrow in parentheses': 'const f = (x: number) => (((x + 1)));\nf(1)',
  'a comment with an arrow in it': 'const f = (x: number) => /* => */ x * 2;\nf(2)',
  'arrows returning arrows': 'const f = (a: number) => (b: number) => (c: number) => a + b + c;\nf(1)(2)(3)',
  'a default that is an arrow':
    'function f(g = (x: number) => x + 1, h = () => ({ k: 2 })) { return g(1) + h().k; }\nf()',
  'a computed key in a parameter':
    'const f = ({ ["a" + "b"]: v = 5 }: Record<string, number> = {}) => v;\n[f(), f({ ab: 7 })]',
  'class fields, static blocks, getters and setters':
    'class C { static n = 1; static { C.n += 1; } x = C.n * 10; #y = 3; get y() { return this.#y; } set y(v) { this.#y = v; } }\nconst c = new C(); c.y = 4;\n[c.x, c.y, C.n]',
  'a subclass constructor':
    'class A { a: number; constructor(a: number) { this.a = a; } }\nclass B extends A { b = this.a + 1; constructor() { super(1); } }\nnew B().b',
  'a generator': 'function* g() { yield 1; yield* [2, 3]; }\n[...g()]',
  'an async arrow': 'const f = async (x: number) => x * 3;\nawait f(2)',
  'hoisted functions in a body': 'function f() { return g(); function g() { return 9; } }\nf()',
  'arguments in a default': 'function f(a: number, b = arguments.length) { return b; }\nf(1)',
  'this in a field arrow': 'class C { v = 4; get = () => this.v; }\nnew C().get()',
  'labels, loops and returns':
    'function f() { outer: for (const i of [1, 2, 3]) { for (const j of [1, 2]) { if (i * j === 4) break outer; } } return "done"; }\nf()',
  'a trailing arrow as the cell value': '((x: number) => x)(8)',
  'object methods with computed names':
    'const o = { ["m" + 1]() { return 1; }, async m2() { return 2; }, *m3() { yield 3; } };\n[o.m1(), await o.m2(), ...o.m3()]',
};

describe('a cell compiled as an attempt', () => {
  for (const [name, source] of Object.entries(forms)) {
    it(`computes what it computes uncompiled: ${name}`, async () => {
      const plain = await run(source, false);
      const attempt = await run(source, true);
      expect(attempt.value).toEqual(plain.value);
      expect(plain.entered).toBe(0);
      expect(attempt.entered).toBeGreaterThan(0); // its functions entered the attempt
      expect(attempt.depth).toBe(0); // and left it
    });
  }

  it('compiles every cell, starter and solution of the book', () => {
    const sources = readChapters().flatMap((chapter) => {
      const exercises = exercisesOf(chapter.id, String(chapter.frontmatter.title), chapter.source);
      return [...exercises.flatMap((e) => [...e.context.map((c) => c.source), e.starter, e.solution])];
    });
    expect(sources.length).toBeGreaterThan(100);
    for (const source of new Set(sources)) {
      const { code } = compileCell(source, 'ex-t', { attempt: true });
      expect(() => parse(code, { ecmaVersion: 'latest', sourceType: 'script' })).not.toThrow();
    }
  });
});
