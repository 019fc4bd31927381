// `node --experimental-strip-types tests/bench/withhold-closure.ts`: what the build's authoring
// check on withhold lists (src/markdown/withhold-closure.ts) costs. It reads src/nn with the
// TypeScript compiler once per process; every later exercise only walks the cached graph.
// Prints CPU time of the process (user + system) and wall time: the machine is often shared.
import { missingWithholds } from '../../src/markdown/withhold-closure.ts';

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const measure = (what: string, run: () => void) => {
  const [c0, w0] = [cpu(), performance.now()];
  run();
  console.log(
    `${what.padEnd(44)} cpu ${(cpu() - c0).toFixed(0).padStart(6)} ms   wall ${(performance.now() - w0).toFixed(0).padStart(6)} ms`,
  );
};
measure('first exercise (reads src/nn, builds graph)', () => missingWithholds(['sigmoid']));
measure('every exercise of the book after (21 lists)', () => {
  for (let i = 0; i < 21; i++)
    missingWithholds(['sumOfSquares', 'meanSquaredError', 'lossValue', 'evaluateLoss', 'subtract', 'multiply', 'sum']);
});
