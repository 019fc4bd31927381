/**
 * The types worker: TypeScript's language service over the page's cells (language.ts), answering
 * the page's editors through Comlink. The page starts it when a reader focuses a cell's code, once
 * no cell runs (src/notebook/page/types.ts), so neither TypeScript (~3 MB) nor the declarations load before.
 * It only reads the reader's code, never runs it: the sandboxed kernel worker does that.
 */
import ts from 'typescript';
import { expose } from 'comlink';
import declarations from 'virtual:cell-declarations';
import { CellLanguage } from './language.ts';
import type { TypedCell } from './cell-files.ts';

const language = new CellLanguage(ts, new Map(Object.entries(declarations as Record<string, string>)));

/** What the page may ask; every call first brings the cells up to date, then answers for one. */
export const typesApi = {
  /** Answers once the worker has loaded TypeScript and made the language service (above). */
  ready: () => true,
  diagnostics: (cells: TypedCell[], id: string) => (language.setCells(cells), language.diagnostics(id)),
  completions: (cells: TypedCell[], id: string, pos: number) => (language.setCells(cells), language.completions(id, pos)),
  completionDocs: (cells: TypedCell[], id: string, pos: number, name: string) => (language.setCells(cells), language.completionDocs(id, pos, name)),
  hover: (cells: TypedCell[], id: string, pos: number) => (language.setCells(cells), language.hover(id, pos)),
};
export type TypesApi = typeof typesApi;

expose(typesApi);
