// A new Observable Plot, with a d3 of its own, for each run that draws (kernel.ts, freshModules).
//
// Why: one Plot loaded once is one set of objects every chart is drawn with: d3's interpolators,
// curve prototypes, symbols and formats, and Plot's mark classes. A cell that reached one of them
// (a scale's `interpolate`, a curve's prototype) could change or watch what another cell's chart
// draws, or run its own code inside that cell's run. Freezing what sample charts found shared
// missed whatever they did not reach (red team 22: `Plot.scale(…).interpolate`, a getter on its
// `length`); a Plot of its own per run has nothing to share. What is still shared is the realm's
// built-ins (frozen by lockdown) and linkedom's objects (frozen by hardenDom and hardenShared).
//
// How: d3 and Plot ship UMD bundles (d3/dist/d3.min.js, @observablehq/plot/dist/plot.umd.min.js).
// Each is evaluated as a function whose `globalThis` and `self` are a new object, so each call
// runs every module body again and puts `d3` and `Plot` there, not on the worker's global.
// Cost: tests/bench/plot-instance.ts.

/** The texts of d3's and Plot's UMD bundles (d3/dist/d3.min.js, @observablehq/plot/dist/plot.umd.min.js). */
export interface PlotSources {
  d3: string;
  plot: string;
}

/**
 * d3-color's `define` sets up its classes with `prototype.constructor = constructor`: once SES has
 * frozen Object.prototype, that assignment throws ("Cannot assign to read only property
 * 'constructor'", the override mistake). The bundle is evaluated after the freeze, so the one
 * assignment becomes a definition. Throws if the bundle has no such line (another d3 version):
 * "plot-instance: d3's bundle has no d3-color define to patch; update D3_COLOR_DEFINE".
 */
const D3_COLOR_DEFINE = /function (\w+)\((\w+),(\w+),(\w+)\)\{\2\.prototype=\3\.prototype=\4,\4\.constructor=\2\}/;
export function patchD3(source: string): string {
  const found = D3_COLOR_DEFINE.exec(source);
  if (!found) throw new Error("plot-instance: d3's bundle has no d3-color define to patch; update D3_COLOR_DEFINE");
  const [line, name, ctor, factory, proto] = found;
  return source.replace(
    line,
    `function ${name}(${ctor},${factory},${proto}){${ctor}.prototype=${factory}.prototype=${proto},Object.defineProperty(${proto},"constructor",{value:${ctor},writable:!0,configurable:!0})}`,
  );
}

/**
 * Evaluates `sources` (d3's already patched by patchD3) into a new Plot module object, its
 * exports (`plot`, `line`, `scale`, …), with a d3 of its own, using `FunctionFromText` (the
 * realm's Function, which the kernel host keeps before it strips its global). The realm must allow
 * code built from strings (the worker's CSP allows 'unsafe-eval', as the cells' compartment needs).
 * Throws "plot-instance: the UMD bundles defined no Plot (they defined: d3)" if the bundles are
 * not the expected format.
 */
export function newPlot(sources: PlotSources, FunctionFromText: FunctionConstructor = Function): Record<string, unknown> {
  const home: Record<string, unknown> = Object.create(null);
  for (const source of [sources.d3, sources.plot]) {
    // `exports`, `module` and `define` are parameters left undefined, so the UMD wrapper takes its
    // global branch, and that global is `home`.
    const evaluate = new FunctionFromText('globalThis', 'self', 'exports', 'module', 'define', source);
    evaluate.call(undefined, home, home, undefined, undefined, undefined);
  }
  const Plot = home.Plot as Record<string, unknown> | undefined;
  if (typeof Plot !== 'object' || Plot === null || typeof Plot.plot !== 'function') {
    throw new Error(`plot-instance: the UMD bundles defined no Plot (they defined: ${Object.keys(home).join(', ') || 'nothing'})`);
  }
  return Plot;
}
