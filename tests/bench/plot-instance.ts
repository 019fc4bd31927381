// `npm run bench:plot`: what a Plot of its own costs each run that draws (src/notebook/plot-instance.ts),
// under SES lockdown as in the worker: making an instance (d3's and Plot's bundles evaluated
// again), then drawing a small chart with it, against drawing the same chart with one instance
// made once (what every run shared before). Prints CPU time of the process (user + system) and
// wall time per run, the median of 30: the machine is often shared.
import 'ses';
import { createDocument } from '../../src/notebook/dom.ts';
import { newPlot, patchD3 } from '../../src/notebook/plot-instance.ts';
import { readPlotSources } from '../../src/notebook/plot-sources-node.ts';

lockdown({ errorTaming: 'unsafe', overrideTaming: 'moderate', consoleTaming: 'unsafe', localeTaming: 'unsafe' });
const read = await readPlotSources();
const sources = { d3: patchD3(read.d3), plot: read.plot };
type PlotLike = { plot(o: object): unknown; lineY(d: number[]): unknown; dot(d: number[][], o: object): unknown };
const draw = (Plot: PlotLike) =>
  Plot.plot({ document: createDocument(), marks: [Plot.lineY([1, 3, 2, 5, 4]), Plot.dot([[1, 2, 0.5]], { x: '0', y: '1', fill: '2' })] });

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const measure = (what: string, run: () => void, times = 30) => {
  const [cpus, walls] = [[] as number[], [] as number[]];
  for (let i = 0; i < times; i++) {
    const [c0, w0] = [cpu(), performance.now()];
    run();
    cpus.push(cpu() - c0);
    walls.push(performance.now() - w0);
  }
  console.log(`${what.padEnd(46)} cpu ${median(cpus).toFixed(1).padStart(6)} ms   wall ${median(walls).toFixed(1).padStart(6)} ms  (median of ${times})`);
};
const first = performance.now();
const shared = newPlot(sources) as unknown as PlotLike;
console.log(`${'first instance (compiles both bundles)'.padEnd(46)} wall ${(performance.now() - first).toFixed(1).padStart(6)} ms`);
measure('a chart with one shared instance', () => void draw(shared));
measure('a new instance, then the chart', () => void draw(newPlot(sources) as unknown as PlotLike));
measure('a new instance alone', () => void newPlot(sources));
