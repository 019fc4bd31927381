// `npm run bench:lighthouse`: Lighthouse on every chapter, as a reader on a phone over a slow
// network sees it. Lighthouse 12's mobile preset (a Moto G Power's screen, 4× CPU slowdown,
// simulated slow 4G: 150 ms round trip, 1.6 Mbit/s down), in the system's Chromium, against
// dist/ served with gzip as any static host serves it. Prints one table (performance score,
// largest contentful paint, cumulative layout shift, total blocking time, the main thread's style
// and layout time, the number of elements) and whether every
// chapter meets the targets: score ≥ 95 and CLS ≤ 0.05. Needs `npm run build` first.
// LH_PORT moves the server off port 4398; LH_DIST serves another build; LH_ONLY=<chapter id>
// measures one chapter; RUNS=n takes the median score of n runs per chapter (default 1).
// On a busy machine blocking time (and so the score) is inflated: the CPU slowdown multiplies
// whatever the tasks took here.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist } from '../serve-dist.mjs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const dist = process.env.LH_DIST ?? 'dist';
if (!existsSync(join(dist, 'index.html'))) {
  console.error('No built site in dist/: run `npm run build` first.');
  process.exit(1);
}
const port = Number(process.env.LH_PORT ?? 4398);
const runs = Math.max(1, Number(process.env.RUNS ?? 1));
const { server } = await serveDist(dist, { port, gzip: true });

const chapters = readdirSync(join(dist, 'chapters')).filter((id) => !process.env.LH_ONLY || id === process.env.LH_ONLY).sort();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
const rows = [];
try {
  for (const id of chapters) {
    const measured = [];
    for (let i = 0; i < runs; i++) {
      const { lhr } = await lighthouse(`http://127.0.0.1:${port}/chapters/${id}/`, {
        port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'],
        // The mobile preset is Lighthouse's default: emulated phone, 4× CPU, simulated slow 4G.
        formFactor: 'mobile', throttlingMethod: 'simulate',
      });
      const a = lhr.audits;
      measured.push({
        score: Math.round(lhr.categories.performance.score * 100),
        fcp: a['first-contentful-paint'].numericValue, lcp: a['largest-contentful-paint'].numericValue,
        cls: a['cumulative-layout-shift'].numericValue, tbt: a['total-blocking-time'].numericValue,
        bytes: a['total-byte-weight'].numericValue,
        // Where the main thread's time went (style and layout was most of it on chapters: a
        // chapter is about 12,000 elements, two thirds KaTeX's) and how big the page is.
        layout: a['mainthread-work-breakdown'].details?.items?.find((i) => i.group === 'styleLayout')?.duration ?? 0,
        dom: a['dom-size'].numericValue,
        blocking: (a['render-blocking-resources'].details?.items ?? []).map((r) => `${r.url.replace(/^.*\//, '')} ${Math.round(r.wastedMs)} ms`),
      });
    }
    const pick = measured.find((m) => m.score === median(measured.map((x) => x.score)));
    rows.push({ id, ...pick });
    process.stderr.write(`${id}: ${pick.score}\n`);
  }
} finally {
  await chrome.kill();
  server.close();
}

const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));
const idWidth = Math.max(...rows.map((r) => r.id.length), 7);
console.log(`\nLighthouse ${JSON.parse(readFileSync('node_modules/lighthouse/package.json', 'utf8')).version}, mobile, simulated slow 4G, gzip${runs > 1 ? `, median of ${runs} runs` : ''}\n`);
console.log(`${pad('chapter', idWidth)}  ${pad('score', 5, true)}  ${pad('FCP', 7, true)}  ${pad('LCP', 7, true)}  ${pad('CLS', 6, true)}  ${pad('TBT', 7, true)}  ${pad('bytes', 8, true)}  ${pad('style+layout', 12, true)}  ${pad('elements', 8, true)}`);
for (const r of rows) {
  console.log(`${pad(r.id, idWidth)}  ${pad(r.score, 5, true)}  ${pad(`${(r.fcp / 1000).toFixed(2)} s`, 7, true)}  ${pad(`${(r.lcp / 1000).toFixed(2)} s`, 7, true)}  ${pad(r.cls.toFixed(3), 6, true)}  ${pad(`${Math.round(r.tbt)} ms`, 7, true)}  ${pad(`${Math.round(r.bytes / 1024)} KB`, 8, true)}  ${pad(`${Math.round(r.layout)} ms`, 12, true)}  ${pad(r.dom, 8, true)}`);
}
const blocking = [...new Set(rows.flatMap((r) => r.blocking))];
if (blocking.length) console.log(`\nRender-blocking (estimated saving): ${blocking.join(', ')}`);
const failing = rows.filter((r) => r.score < 95 || r.cls > 0.05);
console.log(failing.length === 0
  ? `\nEvery chapter meets the targets (score ≥ 95, CLS ≤ 0.05).`
  : `\nBelow target (score ≥ 95, CLS ≤ 0.05): ${failing.map((r) => `${r.id} (${r.score}, CLS ${r.cls.toFixed(3)})`).join(', ')}`);
process.exitCode = failing.length ? 1 : 0;
