import katex from 'katex';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkMathStrict, { katexOptions, mathmlMistake, proseMistake } from '../../src/markdown/remark-math-strict.mjs';
import { notation } from '../../src/chapters/notation.ts';
import { readChapters } from './chapters.ts';
import { parseMdx } from '../../src/markdown/notebook-syntax.ts';

const expressions = readChapters().flatMap((chapter) => {
  const found: [string, number, string, boolean][] = [];
  visit(chapter.tree, (node) => {
    if (node.type === 'math' || node.type === 'inlineMath') {
      found.push([chapter.path, node.position?.start.line ?? 0, (node as { value: string }).value, node.type === 'math']);
    }
  });
  return found;
});

describe('math in chapters', () => {
  it('finds math to check', () => {
    expect(expressions.length).toBeGreaterThan(10);
  });

  it.each(expressions)('%s:%i renders %s', (_path, _line, tex, displayMode) => {
    expect(() => katex.renderToString(tex, { ...katexOptions, displayMode })).not.toThrow();
  });
});

describe('notation page', () => {
  const entries = notation.flatMap((group) => group.entries.flatMap((e) => [e.tex, e.shape].filter(Boolean) as string[]));
  it.each(entries)('renders %s', (tex) => {
    expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'ignore' })).not.toThrow();
  });
});

describe('remark-math-strict', () => {
  it('fails the build naming the chapter, the line and the expression', () => {
    const tree = { type: 'root', children: [{ type: 'inlineMath', value: '\\frac{1}{', position: { start: { line: 12, column: 1 } } }] };
    const file = new VFile({ path: 'content/chapters/sigmoid.mdx' });
    expect(() => (remarkMathStrict() as (t: unknown, f: VFile) => void)(tree, file)).toThrow(
      /KaTeX cannot render the math at content\/chapters\/sigmoid\.mdx:12\n {2}expression: \\frac\{1\}\{/,
    );
  });

  it('fails the build on math whose MathML KaTeX writes malformed (Firefox logs it as invalid markup), naming the element and the fix', () => {
    const tree = { type: 'root', children: [{ type: 'inlineMath', value: 'w_{\\max}', position: { start: { line: 7, column: 1 } } }] };
    const file = new VFile({ path: 'content/chapters/sigmoid.mdx' });
    expect(() => (remarkMathStrict() as (t: unknown, f: VFile) => void)(tree, file)).toThrow(
      'KaTeX renders malformed MathML for the math at content/chapters/sigmoid.mdx:7\n  expression: w_{\\max}\n' +
        '  KaTeX writes a <msub> with 3 children instead of 2: <msub><mi>w</mi><mi>max</mi><mo>\u2061</mo></msub>. ' +
        'Firefox reports it as invalid markup and a screen reader may misread it. ' +
        'An operator name in a script is the usual cause (x_{\\min}): end it with an empty group, x_{\\min{}}, or write \\mathrm{min}.',
    );
    expect(mathmlMistake('w_{\\max{}}', false)).toBeNull();
  });
});

describe('prose that would silently become math or code', () => {
  // The chapter text goes through the parser the build uses, then the build's plugin.
  const build = (mdx: string) => {
    const file = new VFile({ path: 'content/chapters/costs.mdx', value: mdx });
    (remarkMathStrict() as (t: unknown, f: VFile) => void)(parseMdx(mdx), file);
  };

  it('fails on two dollar amounts, naming the chapter, the line and the fix', () => {
    expect(() => build('# Costs\n\nThe machine costs $20,000 and the lab $30,000 a year.\n')).toThrow(
      'prose became math at content/chapters/costs.mdx:3: $20,000 and the lab $3\n' +
        '  Two dollar signs on a line start and end a formula. For money, escape each dollar sign: \\$20,000;',
    );
  });

  it('fails on amounts without a space before the second dollar sign', () => {
    expect(() => build('Pay $5 now and $10 later.')).toThrow(/prose became math at content\/chapters\/costs\.mdx:1: \$5 now and \$1/);
    expect(() => build('From $5 to $ 10.')).toThrow(/prose became math/);
  });

  it('fails on braces in prose, which MDX would run as code', () => {
    expect(() => build('Text.\n\nThe inputs are in {0, 1}.')).toThrow(
      'braces became a JavaScript expression at content/chapters/costs.mdx:3: {0, 1}\n' +
        '  MDX runs {…} as code and shows its value. For literal braces write \\{0, 1\\}, or put a set in math: $\\{0, 1\\}$.',
    );
  });

  it('accepts real math, escaped dollars and braces, and comments', () => {
    expect(() => build('A weight $w$ and $2(y - a)$, $\\{0, 1\\}$, $x_1$-th.')).not.toThrow();
    expect(() => build('It costs \\$20,000 and the lab \\$30,000, in \\{0, 1\\}.')).not.toThrow();
    expect(() => build('Text {/* a note for authors */} more.')).not.toThrow();
  });

  it('finds nothing of the kind in the chapters', () => {
    const found = readChapters().flatMap((chapter) => {
      const mistakes: string[] = [];
      visit(chapter.tree, (node) => {
        const m = proseMistake(node as never, chapter.source);
        if (m) mistakes.push(`${chapter.path}: ${m}`);
      });
      return mistakes;
    });
    expect(found).toEqual([]);
  });
});
