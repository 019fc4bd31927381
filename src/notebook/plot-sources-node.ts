// d3's and Plot's UMD bundles read in Node (the build's and the tests' kernel thread, and
// tests/bench/plot-instance.ts); the page's worker gets them as chunks of the build (worker.ts).
import { readFile } from 'node:fs/promises';
import type { PlotSources } from './plot-instance.ts';

/** Reads d3/dist/d3.min.js and @observablehq/plot/dist/plot.umd.min.js, beside the modules Node resolves for the two packages. */
export async function readPlotSources(): Promise<PlotSources> {
  const [d3, plot] = await Promise.all([
    // Each package resolves to its ES module: d3's is in the folder of its bundle, Plot's in src/.
    readFile(new URL('d3.min.js', import.meta.resolve('d3')), 'utf8'),
    readFile(new URL('../dist/plot.umd.min.js', import.meta.resolve('@observablehq/plot')), 'utf8'),
  ]);
  return { d3, plot };
}
