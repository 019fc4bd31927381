/**
 * The declaration files a cell is type-checked against, made from the sources at build time
 * (never written by hand): the `.d.ts` of `src/nn` and of the exercises' `check`
 * (src/notebook/checks.ts), emitted by the TypeScript compiler with their docstrings; Observable
 * Plot's own declarations; and the standard library files the cells' compiler options name.
 *
 * Node only (it reads the disk). The browser gets the same map through the Vite plugin
 * `cellDeclarationsPlugin` (a virtual module loaded by the types worker alone), and the build's
 * type check of every chapter (check-chapter.ts) calls `cellDeclarations()` directly.
 */
import ts from 'typescript';
import { createDefaultMapFromNodeModules } from '@typescript/vfs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellCompilerOptions, NN_TYPES, PLOT_TYPES } from './cell-files.ts';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROOT = join(SRC, '..');

/** The last declarations made, and the modification time of each source file they were made from. */
let cached: { files: Map<string, string>; inputs: Map<string, number> } | null = null;

/** A file's modification time in ms; -1 if it is gone (so a deleted source counts as a change). */
const modified = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/**
 * Path → text of every declaration file cells need, keyed as the virtual file system sees them:
 * `/lib.es2023.d.ts`…, `/types/nn/*.d.ts`, `/types/notebook/checks.d.ts`, `/types/plot/*.d.ts`.
 * Made once, and again when one of the sources they come from has changed since (the dev server
 * serves them while src/nn is being edited: see cellDeclarationsPlugin). Throws, naming the file
 * and the compiler's message, if `src/nn` does not compile.
 */
export function cellDeclarations(): Map<string, string> {
  if (cached && [...cached.inputs].every(([path, time]) => modified(path) === time)) return cached.files;
  const options = cellCompilerOptions(ts);
  const files = standardLibrary(createDefaultMapFromNodeModules(options, ts, join(ROOT, 'node_modules', 'typescript', 'lib')), options.lib!);

  const program = ts.createProgram({
    rootNames: [join(SRC, 'nn', 'index.ts'), join(SRC, 'notebook', 'checks.ts')],
    options: {
      ...options,
      declaration: true,
      emitDeclarationOnly: true,
      noEmit: false,
      rootDir: SRC,
      outDir: '/types',
      types: [],
      // src/nn's WebAssembly kernels name browser types; the cells' own lib has no DOM.
      lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'],
      stripInternal: true,
    },
  });
  const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (problems.length > 0) {
    const text = ts.formatDiagnostics(problems.slice(0, 5), {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => ROOT,
      getNewLine: () => '\n',
    });
    throw new Error(`cellDeclarations: src/nn and src/notebook/checks.ts must compile to make the cells' types:\n${text}`);
  }
  program.emit(undefined, (fileName, text) => {
    // A long constant's literal type (the digits' data, 120 KB) says nothing a reader needs: its type is string.
    files.set(fileName.replace(/\\/g, '/'), text.replace(/^(export declare const \w+)\s*=\s*"(?:[^"\\]|\\.){200,}";$/gm, '$1: string;'));
  });
  if (!files.has(`${NN_TYPES}/index.d.ts`)) throw new Error(`cellDeclarations: the compiler emitted no ${NN_TYPES}/index.d.ts`);

  const plot = join(ROOT, 'node_modules', '@observablehq', 'plot', 'src');
  for (const file of walk(plot)) {
    if (file.endsWith('.d.ts')) files.set(`${PLOT_TYPES}/${relative(plot, file).replace(/\\/g, '/')}`, readFileSync(file, 'utf8'));
  }
  // The project's own files the compiler read (src/nn, checks.ts and what they import): a change
  // to one makes the declarations again. Plot and TypeScript's library change only with an install.
  const inputs = program.getSourceFiles().map((f) => f.fileName).filter((f) => !f.includes('/node_modules/'));
  cached = { files, inputs: new Map(inputs.map((path) => [path, modified(path)])) };
  return files;
}

/** The source files the declarations are made from (src/nn, checks.ts and what they import), absolute paths. */
export function cellDeclarationSources(): string[] {
  cellDeclarations();
  return [...cached!.inputs.keys()];
}

/**
 * Only the standard library files `lib` names and those they reference (`/// <reference lib>`):
 * @typescript/vfs gives every known one, the DOM's 1.9 MB among them, which cells do not have.
 */
function standardLibrary(all: Map<string, string>, lib: string[]): Map<string, string> {
  const kept = new Map<string, string>();
  const visit = (name: string) => {
    const path = `/${name}`;
    if (kept.has(path)) return;
    const text = all.get(path);
    if (text === undefined) throw new Error(`cellDeclarations: TypeScript has no ${name} (its library files are ${[...all.keys()].slice(0, 5).join(', ')}, …)`);
    kept.set(path, text);
    for (const [, ref] of text.matchAll(/^\/\/\/ <reference lib="([^"]+)" \/>/gm)) visit(`lib.${ref.toLowerCase()}.d.ts`);
  };
  for (const name of lib) visit(name);
  return kept;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/**
 * A Vite plugin serving `cellDeclarations()` as the module `virtual:cell-declarations` (a plain
 * object of path → text). Only the types worker imports it, so no page loads it before a reader
 * focuses a cell's code. The module watches the sources it is made from, so under `astro dev` an
 * edit to src/nn invalidates it and the types worker gets the new declarations.
 */
export function cellDeclarationsPlugin() {
  const id = 'virtual:cell-declarations';
  const resolved = `\0${id}`;
  return {
    name: 'cell-declarations',
    resolveId: (source: string) => (source === id ? resolved : null),
    load(this: { addWatchFile(path: string): void }, source: string) {
      if (source !== resolved) return null;
      const text = `export default ${JSON.stringify(Object.fromEntries(cellDeclarations()))};`;
      for (const path of cellDeclarationSources()) this.addWatchFile(path);
      return text;
    },
  };
}
