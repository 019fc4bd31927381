// `npm run bench:in-place`: what reading a run's changes made in place (kernel.ts,
// changedInPlace) costs a cell's run. It reads every other cell's value before and after each
// run, so its cost grows with what the chapter holds. For each chapter, in Node's kernel as the
// build runs it: every chapter cell run in order, then a trivial cell (`1 + 1`) and a cell that
// reads the chapter's last name, each run ROUNDS times; prints the median wall time of each run
// and of the whole chapter, with the number of names in scope. The same kernel's result says how
// long the cell's own code took (durationMs), which the readings bracket.
import { openNodeKernel } from '../../src/notebook/node-runner.ts';
import { readChapterSource, runOrder } from '../../src/markdown/notebook-syntax.ts';
import { readChapters } from '../content/chapters.ts';

const ROUNDS = 15;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1)} ms`;

const kernel = await openNodeKernel();
try {
  console.log('chapter'.padEnd(32), 'names', 'chapter run'.padStart(12), '`1 + 1`'.padStart(10), 'read last'.padStart(10));
  for (const chapter of readChapters()) {
    kernel.reset();
    const units = runOrder(readChapterSource(chapter.source, chapter.path)).filter((u) => u.type === 'cell' && !u.options.error);
    const started = performance.now();
    const names = new Set<string>();
    let last = '';
    for (const unit of units) {
      const result = await kernel.run(unit.id, unit.source);
      for (const name of result.defines) names.add(name);
      if (result.defines.length) last = result.defines.at(-1)!;
    }
    const whole = performance.now() - started;
    const timed = async (code: string) => {
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await kernel.run('bench-probe', code);
        times.push(performance.now() - t);
      }
      return median(times);
    };
    const trivial = await timed('1 + 1');
    const reading = last ? await timed(`typeof ${last}`) : NaN;
    console.log(chapter.id.padEnd(32), String(names.size).padStart(5), ms(whole).padStart(12), ms(trivial).padStart(10), ms(reading).padStart(10));
  }
} finally {
  await kernel.close();
}
