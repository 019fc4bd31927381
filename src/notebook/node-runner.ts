// Run a page's cells in Node: build-time pre-rendering and the tests that prove every cell in
// the book runs. Same kernel, same modules and same DOM as the worker, so the outputs match
// what a reader's rerun shows.

import * as nn from '../nn/index.ts';
import * as Plot from '@observablehq/plot';
import { createChecker } from './checks.ts';
import { createKernel, type CellResult } from './kernel.ts';
import { createDocument } from './dom.ts';

export async function runNotebook(cells: readonly { id: string; source: string }[]): Promise<CellResult[]> {
  const kernel = createKernel({ modules: { nn, '@observablehq/plot': Plot }, document: createDocument(), globals: { check: createChecker() } });
  const results: CellResult[] = [];
  // In order, and on past errors: each later cell reports its own (often "x is not defined").
  for (const cell of cells) results.push(await kernel.run(cell.id, cell.source));
  return results;
}
