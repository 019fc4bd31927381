import katex from 'katex';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkMathStrict, { katexOptions } from '../../src/markdown/remark-math-strict.mjs';
import { notation } from '../../src/chapters/notation.ts';
import { readChapters } from './chapters.ts';

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
});
