// `npm run static`, the first stage of `npm test`: the checks that need no build, so a type error
// or a forbidden import fails in a minute rather than after the build.
//
//   types     astro check: TypeScript over .ts, .mjs (JSDoc) and .astro files (tsconfig.json)
//   lint      ESLint with typescript-eslint, type-aware (eslint.config.js)
//   imports   dependency-cruiser: src/nn imports only itself and its "dependencies", src/notebook
//             imports no components, the page's rendering and the worker's describer of values
//             stay apart (.dependency-cruiser.cjs)
//   format    Prettier, on the files .prettierignore lists as formatted
//
// Each check's output is printed whole when it ends (two run at once on the machine's two cores),
// then one line per check with its time. Exits 1 when any check fails.
import { spawn, spawnSync } from 'node:child_process';

// The package.json scripts, so `npm run lint` and this stage run the same command.
const checks = [
  { name: 'types', script: ['check', '--', '--noSync'] },
  { name: 'lint', script: ['lint'] },
  { name: 'imports', script: ['lint:imports'] },
  { name: 'format', script: ['format:check'] },
];

/** Runs one check with its output kept; resolves with its status and wall time in seconds. */
function runCheck({ name, script }) {
  const command = ['run', '--silent', ...script];
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', command, { env: { ...process.env, FORCE_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      console.log(`\n· ${name}: npm ${command.join(' ')} (${code === 0 ? 'ok' : 'FAILED'}, ${seconds.toFixed(1)} s)`);
      if (code !== 0 || process.env.STATIC_VERBOSE) console.log(output.trimEnd());
      resolve({ name, ok: code === 0, seconds });
    });
  });
}

/** Runs the checks, `parallel` at a time, in their order; resolves with every result. */
async function runAll(parallel) {
  const queue = [...checks];
  const results = [];
  const worker = async () => {
    for (let check = queue.shift(); check; check = queue.shift()) results.push(await runCheck(check));
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

// Astro's generated types (astro:content, import.meta.env, .astro modules) must exist before
// either the type check or the type-aware lint reads the project.
const sync = spawnSync('npx', ['astro', 'sync'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (sync.status !== 0) {
  console.log('static checks: `astro sync` failed, so the types cannot be checked');
  process.exit(1);
}
const results = await runAll(2);
const failed = results.filter((r) => !r.ok).map((r) => r.name);
console.log(failed.length ? `\nstatic checks FAILED: ${failed.join(', ')}` : '\nstatic checks passed');
process.exit(failed.length ? 1 : 0);
