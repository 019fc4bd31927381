// rehype-katex only *warns* about math it cannot render and then shows red text in the page.
// A broken formula in a textbook is an authoring mistake, so this plugin renders every
// expression once with KaTeX in strict mode and fails the build with the chapter, the line
// and the expression. It runs after remark-math, which has already split the math out.
import katex from 'katex';
import { visit } from 'unist-util-visit';

export const katexOptions = { throwOnError: true, strict: 'error', trust: false };

export default function remarkMathStrict() {
  return (tree, file) => {
    visit(tree, (node) => {
      if (node.type !== 'math' && node.type !== 'inlineMath') return;
      try {
        katex.renderToString(node.value, { ...katexOptions, displayMode: node.type === 'math' });
      } catch (error) {
        const where = `${file.path ?? 'a chapter'}:${node.position?.start.line ?? '?'}`;
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `KaTeX cannot render the math at ${where}\n  expression: ${node.value}\n  ${reason}\n` +
            '  Fix the expression (see https://katex.org/docs/supported) or escape a literal $ as \\$.',
        );
      }
    });
  };
}
