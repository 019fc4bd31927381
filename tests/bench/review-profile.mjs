// `node tests/bench/review-profile.mjs trace.json`: where the review page's time goes, from a
// Chromium trace that `TRACE=trace.json STUDENTS=40 RUNS=1 npm run bench:review` wrote. Prints,
// for the page's thread and for the kernel workers together, the CPU time V8 sampled: by
// script, by the functions that took the most (inclusive and self), and the trace's own events
// (script compiling, garbage collection, WebAssembly) by name. FUNCS=a,b adds the inclusive time
// of those function names.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/bench/review-profile.mjs trace.json');
  process.exit(1);
}
const raw = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const threadName = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
const group = (pid, tid) => {
  const name = threadName.get(`${pid}:${tid}`) ?? '?';
  if (name === 'DedicatedWorker thread') return 'workers';
  if (name === 'CrRendererMain') return 'renderer main (page and host frames)';
  return name;
};

// V8's samples: Profile (one per thread's profiler) and ProfileChunk events with the same id.
const profiles = new Map();
for (const e of events) {
  if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
  const key = `${e.pid}:${e.id}`;
  let p = profiles.get(key);
  if (!p) profiles.set(key, (p = { group: group(e.pid, e.tid), nodes: new Map(), samples: [], deltas: [] }));
  const data = e.args?.data ?? {};
  for (const node of data.cpuProfile?.nodes ?? []) p.nodes.set(node.id, node);
  p.samples.push(...(data.cpuProfile?.samples ?? []));
  p.deltas.push(...(data.timeDeltas ?? []));
}
const extra = (process.env.FUNCS ?? '').split(',').filter(Boolean);
const byGroup = new Map();
for (const p of profiles.values()) {
  let g = byGroup.get(p.group);
  if (!g) byGroup.set(p.group, (g = { total: 0, self: new Map(), incl: new Map(), url: new Map(), threads: 0 }));
  g.threads += 1;
  const label = (n) => {
    const f = n.callFrame;
    const url = (f.url || '').replace(/^.*\//, '');
    return `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber + 1}` : ''}`;
  };
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.deltas[i + 1] ?? 0) / 1000;
    if (ms <= 0 || ms > 100) continue;
    let node = p.nodes.get(p.samples[i]);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') continue;
    g.total += ms;
    g.self.set(label(node), (g.self.get(label(node)) ?? 0) + ms);
    const seen = new Set();
    let topUrl;
    for (; node; node = p.nodes.get(node.parent)) {
      const l = label(node);
      if (!seen.has(l)) {
        seen.add(l);
        g.incl.set(l, (g.incl.get(l) ?? 0) + ms);
      }
      const name = node.callFrame.functionName;
      if (extra.includes(name) && !seen.has(`=${name}`)) {
        seen.add(`=${name}`);
        g.incl.set(`= ${name}`, (g.incl.get(`= ${name}`) ?? 0) + ms);
      }
      if (node.callFrame.url) topUrl ??= node.callFrame.url.replace(/^.*\//, '');
    }
    const u = topUrl ?? `(${p.nodes.get(p.samples[i]).callFrame.functionName})`;
    g.url.set(u, (g.url.get(u) ?? 0) + ms);
  }
}
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');
for (const [name, g] of byGroup) {
  if (g.total < 50) continue;
  console.log(`\n== ${name}: ${g.total.toFixed(0)} ms sampled (${g.threads} threads)`);
  console.log(`-- by the innermost script on the stack\n${top(g.url, 15)}`);
  console.log(`-- inclusive\n${top(g.incl, Number(process.env.TOP ?? 45))}`);
  console.log(`-- self\n${top(g.self, 30)}`);
}

// The trace's own complete events (V8 compiling, GC, WebAssembly, worker start) by thread group.
const spans = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  const g = group(e.pid, e.tid);
  const key = `${g} | ${e.name}`;
  const s = spans.get(key) ?? { ms: 0, n: 0 };
  s.ms += e.dur / 1000;
  s.n += 1;
  spans.set(key, s);
}
console.log('\n== trace events (nested ones counted in their parents too)');
console.log(
  [...spans]
    .filter(([k]) => !k.startsWith('?'))
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 50)
    .map(([k, s]) => `  ${s.ms.toFixed(0).padStart(7)} ms ×${String(s.n).padStart(5)}  ${k}`)
    .join('\n'),
);
