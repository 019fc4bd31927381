// Comments point a reader to other files ("see graph.ts", "contextFor in graph.ts",
// "docs/style.md"). A file that moves or a function that is renamed leaves such a pointer
// behind, sending the next reader to nothing; this test keeps every one of them true.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.ts';

/** Every file of the project a comment might name, as a path from the project's root. */
const known = new Set(
  ['src', 'components', 'content', 'tests', 'docs', 'public']
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)))
    .concat(readdirSync('.'))
    .filter((path) => statSync(path).isFile())
    .map(normalize),
);
const project = (path: string) => known.has(normalize(path)) || existsSync(path);

/** The comments of a source file: `// …`, `/* … *\/` and, in .astro files, `<!-- … -->`. */
function comments(text: string): string[] {
  // A `//` inside a string or a URL ('http://…') is not a comment; a quote, colon or backslash before it says so.
  return [...text.matchAll(/\/\*[\s\S]*?\*\/|(?<![:'"`\\])\/\/[^\n]*|<!--[\s\S]*?-->/g)].map((m) => m[0]);
}

/**
 * Where a cited path leads, from the citing file: relative to its folder, from the project's
 * root, or, for a bare or partial name ("graph.ts", "widgets/digits-view.ts"), the one project
 * file whose path ends so. Undefined when nothing matches.
 */
function resolve(from: string, cited: string): string | undefined {
  for (const path of [join(dirname(from), cited), cited]) if (project(path)) return normalize(path);
  const tail = '/' + cited.replace(/^(\.\.?\/)+/, '');
  return [...known].find((file) => ('/' + file).endsWith(tail));
}

// Source and document files only: other endings in comments name libraries (TensorFlow.js),
// generated files (sw.js, a cell's cell-c1.js) or examples, not files of this project.
const CITED_PATH = /(?<![\w@/.-])((?:\.{1,2}\/)*[\w-]+(?:[./][\w-]+)*\.(?:ts|mjs|cjs|astro|mdx|md|css))\b/g;
// "contextFor in graph.ts", "analyzeCell() in transform.ts", "openNodeKernel() from node-runner.ts":
// a name that reads as code (called, camelCase, PascalCase, with _ or a dot) and the file it lives in.
const CITED_NAME =
  /`?([A-Za-z_$][\w$]*(?:\.[\w$]+)*)`?(\(\))? (?:in|from) `?((?:\.{1,2}\/)*[\w-]+(?:[./][\w-]+)*\.(?:ts|mjs|astro))\b/g;
const looksLikeCode = (name: string, called: boolean) => called || /[a-z][A-Z]|^[A-Z][a-z]+[A-Z]|_|\./.test(name);

// Examples written from somewhere else: a chapter's import of the barrel, shown in the barrel.
const EXAMPLES = new Set(['components/index.ts → ../../components/index.ts']);

describe('references in comments', () => {
  const citing = sourceFiles('src', 'components');

  it('name files that exist', () => {
    const broken = citing.flatMap((file) =>
      comments(readFileSync(file, 'utf8')).flatMap((comment) =>
        [...comment.matchAll(CITED_PATH)]
          .map((m) => `${file} → ${m[1]}`)
          .filter((ref) => !EXAMPLES.has(ref) && !resolve(ref.split(' → ')[0], ref.split(' → ')[1])),
      ),
    );
    expect(broken).toEqual([]);
  });

  it('name functions, types and constants that the named file defines', () => {
    const broken = citing.flatMap((file) =>
      comments(readFileSync(file, 'utf8')).flatMap((comment) =>
        [...comment.matchAll(CITED_NAME)]
          .filter(([, name, called]) => looksLikeCode(name, called !== undefined))
          .flatMap(([, name, , path]) => {
            const target = resolve(file, path);
            const last = name.split('.').pop()!;
            return target && new RegExp(`\\b${last.replace(/\$/g, '\\$')}\\b`).test(readFileSync(target, 'utf8'))
              ? []
              : [`${file}: ${name} in ${path}`];
          }),
      ),
    );
    expect(broken).toEqual([]);
  });

  it('finds a stale path and a stale name (the check itself works)', () => {
    const text = '// See contextFor in graph.ts and render() in nowhere.ts; the old notes are in ANCHORS.md.';
    const paths = comments(text).flatMap((c) => [...c.matchAll(CITED_PATH)].map((m) => m[1]));
    expect(paths).toEqual(['graph.ts', 'nowhere.ts', 'ANCHORS.md']);
    expect(paths.map((p) => resolve('src/notebook/schedule.ts', p))).toEqual([
      'src/notebook/graph.ts',
      undefined,
      undefined,
    ]);
    const names = comments(text).flatMap((c) =>
      [...c.matchAll(CITED_NAME)].map((m) => [m[1], m[2] !== undefined, m[3]]),
    );
    expect(names).toEqual([
      ['contextFor', false, 'graph.ts'],
      ['render', true, 'nowhere.ts'],
    ]);
  });
});
