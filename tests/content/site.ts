// Reads a built site (dist/) and checks that every internal link and anchor resolves.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseHTML } from 'linkedom';

export function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'pagefind' || name === '_astro' ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** The URL path a built file is served at, under `base` (e.g. "/" or "/nn/"). */
export function urlOf(dist: string, file: string, base: string): string {
  const rel = file.slice(dist.length).replaceAll('\\', '/').replace(/index\.html$/, '');
  return posix.join(base, rel);
}

const attr = /\s(?:href|src)="([^"]*)"/g;
const idAttr = /\sid="([^"]*)"/g;

export interface BrokenLink { page: string; link: string; reason: string }

export function checkLinks(dist: string, base: string): { checked: number; broken: BrokenLink[] } {
  const files = htmlFiles(dist);
  const ids = new Map<string, Set<string>>();
  for (const file of files) {
    ids.set(urlOf(dist, file, base), new Set([...readFileSync(file, 'utf8').matchAll(idAttr)].map((m) => decodeURIComponent(m[1]))));
  }
  const broken: BrokenLink[] = [];
  let checked = 0;
  for (const file of files) {
    const page = urlOf(dist, file, base);
    const html = readFileSync(file, 'utf8');
    for (const [, raw] of html.matchAll(attr)) {
      const link = raw.replaceAll('&amp;', '&');
      if (/^(https?:|mailto:|data:|javascript:)/.test(link) || link === '') continue;
      checked++;
      const url = new URL(link, `http://site${page}`);
      const path = decodeURIComponent(url.pathname);
      if (!path.startsWith(base)) {
        broken.push({ page, link, reason: `outside the base path ${base}` });
        continue;
      }
      const target = join(dist, path.slice(base.length));
      const targetFile = existsSync(target) && statSync(target).isDirectory() ? join(target, 'index.html') : target;
      if (!existsSync(targetFile)) {
        broken.push({ page, link, reason: 'no such file' });
        continue;
      }
      if (url.hash && url.hash !== '#') {
        const targetPage = path.endsWith('/') ? path : targetFile.endsWith('.html') ? path : `${path}/`;
        const anchors = ids.get(targetPage) ?? ids.get(path);
        if (anchors && !anchors.has(decodeURIComponent(url.hash.slice(1)))) broken.push({ page, link, reason: 'no such anchor' });
      }
    }
  }
  return { checked, broken };
}

// Elements that sit inside a line of text: a word that runs into one of them lost its space.
const phrasing = new Set(['A', 'ABBR', 'B', 'BUTTON', 'CITE', 'CODE', 'DFN', 'EM', 'I', 'KBD', 'LABEL', 'MARK', 'Q', 'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR']);
// Where text is not prose: code and its output, math (KaTeX's own spans), drawings, scripts.
const notProse = 'pre, script, style, svg, textarea, template, .katex, [data-output], .nb-output, .cm-editor';

/**
 * Places in a built page where two words run together because markup between them lost its
 * space ("Charts by<a>Observable Plot</a>" reads "Charts byObservable Plot"). Looks at every
 * boundary between a text node and a phrasing element (a, strong, code, button…) or between
 * two such elements, outside code, math and drawings. Returns "…left⁞right…" snippets.
 * @param html a whole page
 */
export function lostSpaces(html: string): string[] {
  const { document } = parseHTML(html);
  const found: string[] = [];
  const text = (n: Node) => n.textContent ?? '';
  const isInline = (n: Node) => n.nodeType === 3 || (n.nodeType === 1 && phrasing.has((n as Element).tagName));
  for (const parent of document.querySelectorAll('body, body *')) {
    if (parent.closest(notProse)) continue;
    const kids = [...parent.childNodes].filter((n) => n.nodeType === 1 || (n.nodeType === 3 && text(n) !== ''));
    for (let i = 1; i < kids.length; i++) {
      const [left, right] = [kids[i - 1], kids[i]];
      if (!isInline(left) || !isInline(right) || (left.nodeType === 3 && right.nodeType === 3)) continue;
      if (left.nodeType === 1 && (left as Element).matches(notProse)) continue;
      if (right.nodeType === 1 && (right as Element).matches(notProse)) continue;
      const [l, r] = [text(left), text(right)];
      // A letter or a sentence's punctuation, then at once a letter: "by|Observable", "page.|Next".
      if (/[\p{L}\p{N}.,;:!?)]$/u.test(l) && /^[\p{L}\p{N}(]/u.test(r)) found.push(`…${l.slice(-20)}⁞${r.slice(0, 20)}…`);
    }
  }
  return found;
}
