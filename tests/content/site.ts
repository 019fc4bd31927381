// Reads a built site (dist/) and checks that every internal link and anchor resolves.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

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
