// rehype-katex only *warns* about math it cannot render and then shows red text in the page.
// A broken formula in a textbook is an authoring mistake, so this plugin renders every
// expression once with KaTeX in strict mode and fails the build with the chapter, the line
// and the expression. It runs after remark-math, which has already split the math out.
//
// It also fails on a formula KaTeX renders without error but whose MathML (what screen readers
// read) is malformed: for some input KaTeX writes a subscript with three children (`x_{\min}`,
// KaTeX#3721). Firefox then logs "Invalid markup: Incorrect number of children for <msub/> tag",
// and a screen reader may read the formula wrongly.
//
// It also stops prose from turning into math or code by accident, which renders without any
// error: two dollar amounts on a line ("costs $20,000 and the lab $30,000") become one italic
// formula, and braces ("inputs in {0, 1}") are a JavaScript expression in MDX ("inputs in 1").
import katex from 'katex';
import { DOMParser } from 'linkedom';
import { visit } from 'unist-util-visit';

export const katexOptions = /** @type {const} */ ({ throwOnError: true, strict: 'error', trust: false });

/**
 * Why a node that remark-math or MDX parsed as math or an expression is, most likely, prose,
 * or null when it looks intended. Inline math follows Pandoc's rule for a real formula: no space
 * just inside either dollar sign and no digit right after the closing one (`$20 and $30`
 * breaks all three). A text expression `{…}` is prose unless it is only a comment `{/* … *\/}`.
 * @param {{ type: string, value: string, position?: { start?: { offset?: number }, end?: { offset?: number } } }} node
 * @param {string | undefined} source the file's text, to see the delimiters and what follows
 * @returns {string | null}
 */
export function proseMistake(node, source) {
  if (node.type === 'inlineMath') {
    const start = node.position?.start?.offset;
    const end = node.position?.end?.offset;
    const raw = typeof source === 'string' && start !== undefined && end !== undefined ? source.slice(start, end) : `$${node.value}$`;
    const next = typeof source === 'string' && end !== undefined ? source[end] ?? '' : '';
    if (/^\$+\s|\s\$+$/.test(raw) || /^\d/.test(next)) {
      return (
        `prose became math at LOCATION: ${raw}${next}\n` +
        '  Two dollar signs on a line start and end a formula. For money, escape each dollar sign: \\$20,000; ' +
        'a formula has no space just inside its dollar signs and no digit right after it.'
      );
    }
  }
  if ((node.type === 'mdxTextExpression' || node.type === 'mdxFlowExpression') && !/^\s*(\/\*[\s\S]*?\*\/\s*)*$/.test(node.value)) {
    return (
      `braces became a JavaScript expression at LOCATION: {${node.value}}\n` +
      '  MDX runs {…} as code and shows its value. For literal braces write \\{0, 1\\}, or put a set in math: $\\{0, 1\\}$.'
    );
  }
  return null;
}

/**
 * MathML elements whose children are a fixed list (MathML Core: script and fraction elements),
 * by tag: how many children each must have.
 */
export const MATHML_ARITY = /** @type {const} */ ({ msub: 2, msup: 2, msubsup: 3, mfrac: 2, mroot: 2, munder: 2, mover: 2, munderover: 3 });

/**
 * What is malformed in the MathML KaTeX writes for `tex` (a sentence naming the element, its
 * number of children and the fix), or null when every script and fraction element has the
 * children MathML requires. Throws as KaTeX does when `tex` cannot be rendered.
 * @param {string} tex
 * @param {boolean} displayMode
 * @returns {string | null}
 */
export function mathmlMistake(tex, displayMode) {
  // The same rendering the page gets (rehype-katex: HTML and MathML); only MathML has these tags.
  const rendered = katex.renderToString(tex, { ...katexOptions, displayMode });
  const document = new DOMParser().parseFromString(`<!doctype html><html><body>${rendered}</body></html>`, 'text/html');
  for (const [tag, arity] of Object.entries(MATHML_ARITY)) {
    for (const element of document.getElementsByTagName(tag)) {
      if (element.children.length === arity) continue;
      const children = [...element.children].map((child) => `<${child.localName}>${child.textContent}</${child.localName}>`).join('');
      return (
        `KaTeX writes a <${tag}> with ${element.children.length} children instead of ${arity}: <${tag}>${children}</${tag}>. ` +
        'Firefox reports it as invalid markup and a screen reader may misread it. ' +
        'An operator name in a script is the usual cause (x_{\\min}): end it with an empty group, x_{\\min{}}, or write \\mathrm{min}.'
      );
    }
  }
  return null;
}

export default function remarkMathStrict() {
  return (tree, file) => {
    visit(tree, (node) => {
      const mistake = proseMistake(node, typeof file.value === 'string' ? file.value : undefined);
      if (mistake) {
        throw new Error(mistake.replace('LOCATION', `${file.path ?? 'a chapter'}:${node.position?.start.line ?? '?'}`));
      }
      if (node.type !== 'math' && node.type !== 'inlineMath') return;
      const where = `${file.path ?? 'a chapter'}:${node.position?.start.line ?? '?'}`;
      let malformed;
      try {
        malformed = mathmlMistake(node.value, node.type === 'math');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `KaTeX cannot render the math at ${where}\n  expression: ${node.value}\n  ${reason}\n` +
            '  Fix the expression (see https://katex.org/docs/supported) or escape a literal $ as \\$.',
          { cause: error },
        );
      }
      if (malformed) throw new Error(`KaTeX renders malformed MathML for the math at ${where}\n  expression: ${node.value}\n  ${malformed}`);
    });
  };
}
