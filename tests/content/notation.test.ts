import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { notation } from '../../src/chapters/notation.ts';
import { readChapters } from './chapters.ts';

// The letters a piece of KaTeX uses as symbols: Latin letters and Greek letters, after removing
// commands (\frac, \sum), text (\text{…}, \operatorname{…}, \mathrm{…}) and numbers.
const GREEK = /\\(alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|nu|pi|rho|sigma|tau|phi|psi|omega|ell|Delta|Sigma|Phi)(?![a-zA-Z])/g;
export function symbolsOf(tex: string): Set<string> {
  const found = new Set<string>();
  let rest = tex.replace(/\\(begin|end)\{[a-z*]+\}/g, ' ').replace(/\\(texttt|text|operatorname|mathrm|textbf|textit)\{[^}]*\}/g, ' ');
  rest = rest.replace(GREEK, (_, name: string) => { found.add(`\\${name}`); return ' '; });
  rest = rest.replace(/\\mathcal\{([A-Z])\}/g, (_, c: string) => { found.add(`\\mathcal{${c}}`); return ' '; });
  rest = rest.replace(/\\[a-zA-Z]+/g, ' ');
  for (const c of rest.match(/[a-zA-Z]/g) ?? []) found.add(c);
  return found;
}

const listed = new Set(notation.flatMap((g) => g.entries.flatMap((e) => [...symbolsOf(e.tex), ...symbolsOf(e.shape ?? '')])));

describe('notation', () => {
  it('lists every symbol the chapters use in their math', () => {
    const missing: string[] = [];
    for (const chapter of readChapters()) {
      visit(chapter.tree, (node) => {
        if (node.type !== 'math' && node.type !== 'inlineMath') return;
        const tex = (node as { value: string }).value;
        for (const s of symbolsOf(tex)) if (!listed.has(s)) missing.push(`${chapter.path}:${node.position?.start.line}: ${s} in $${tex}$`);
      });
    }
    expect(missing).toEqual([]);
  });

  it('reads symbols out of KaTeX, not command names or text', () => {
    expect([...symbolsOf('\\frac{\\partial \\mathcal{L}}{\\partial W_\\ell} + \\operatorname{softmax}(z)_j \\text{ for } \\eta_t')].sort()).toEqual(
      ['W', '\\ell', '\\eta', '\\mathcal{L}', 'j', 't', 'z'].sort(),
    );
  });
});
