// `npm run bench:returned`: what the kernel's watch of returned values (src/notebook/returned.ts)
// adds to judging an exercise. Every exercise's solution is judged in Node as the build and the
// review page judge it (judgeInNode: the chapter's cells, the attempt, the checks), in two
// processes, one with the watch and one without (returned-watch-preload.ts), taking turns so a
// busy machine slows both alike. Prints each exercise's median of five judgements, both ways.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exercisesOf } from '../../src/chapters/manifest.ts';
import { judgeInNode } from '../../src/notebook/node-judge.ts';
import { openNodeKernel } from '../../src/notebook/node-runner.ts';
import { readChapters } from '../content/chapters.ts';

const ROUNDS = 5;
const self = fileURLToPath(import.meta.url);
const preload = fileURLToPath(new URL('./returned-watch-preload.ts', import.meta.url));

/** descent-step's answer that returns `w` itself when η = 0 (a cheat test of exercises.test.ts). */
const PROBE = 'function myStep(w: number[], grad: number[], eta: number): number[] {\n  if (eta === 0) return w;\n  return w.map((wi, i) => wi - eta * grad[i]);\n}';

/** One process's part: each exercise's solution judged once, its time in ms, as JSON lines. */
async function judgeAll(): Promise<void> {
  const kernel = await openNodeKernel();
  const exercises = readChapters().flatMap((c) => exercisesOf(c.id, String(c.frontmatter.title), c.source));
  try {
    // A wrong answer only the watch fails: the proof that this process's setting reached the kernel's thread.
    const descentStep = exercises.find((e) => e.id === 'descent-step')!;
    const { outcome: probe } = await judgeInNode(descentStep, PROBE, kernel);
    console.log(JSON.stringify({ probePassed: probe.passed }));
    for (const exercise of exercises) {
      const started = performance.now();
      const { outcome } = await judgeInNode(exercise, exercise.solution, kernel);
      const ms = performance.now() - started;
      if (!outcome.passed) throw new Error(`bench:returned: the solution of ${exercise.chapter}/${exercise.id} failed its checks`);
      console.log(JSON.stringify({ id: `${exercise.chapter}/${exercise.id}`, ms }));
    }
  } finally {
    await kernel.close();
  }
}

function run(watch: 'on' | 'off'): Map<string, number> {
  const child = spawnSync(process.execPath, [...process.execArgv, '--import', preload, self, '--child'], {
    env: { ...process.env, RETURNED_WATCH: watch },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`bench:returned: the run with the watch ${watch} failed:\n${child.stderr}`);
  const [probe, ...lines] = child.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { probePassed?: boolean; id: string; ms: number });
  if (probe.probePassed !== (watch === 'off')) {
    throw new Error(`bench:returned: with the watch ${watch}, the probe answer ${probe.probePassed ? 'passed' : 'failed'}: the preload did not set the kernel's thread as asked`);
  }
  return new Map(lines.map(({ id, ms }) => [id, ms]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv.includes('--child')) {
  await judgeAll();
} else {
  const times = { on: new Map<string, number[]>(), off: new Map<string, number[]>() };
  for (let round = 0; round < ROUNDS; round++) {
    for (const watch of ['on', 'off'] as const) {
      for (const [id, ms] of run(watch)) times[watch].set(id, [...(times[watch].get(id) ?? []), ms]);
    }
  }
  const rows = [...times.on.keys()].map((id) => ({ id, on: median(times.on.get(id)!), off: median(times.off.get(id)!) }));
  rows.sort((a, b) => b.on - b.off - (a.on - a.off));
  console.log(`Judging each solution (chapter cells, attempt, checks), median of ${ROUNDS}, ms:`);
  console.log(`${'exercise'.padEnd(48)} ${'watch on'.padStart(9)} ${'off'.padStart(9)} ${'added'.padStart(9)}`);
  for (const { id, on, off } of rows) {
    console.log(`${id.padEnd(48)} ${on.toFixed(1).padStart(9)} ${off.toFixed(1).padStart(9)} ${(on - off).toFixed(1).padStart(9)}`);
  }
  const sum = (key: 'on' | 'off') => rows.reduce((total, row) => total + row[key], 0);
  console.log(`${'all exercises'.padEnd(48)} ${sum('on').toFixed(0).padStart(9)} ${sum('off').toFixed(0).padStart(9)} ${(sum('on') - sum('off')).toFixed(0).padStart(9)}`);
}
