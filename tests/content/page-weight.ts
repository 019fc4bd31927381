// The JavaScript a built page loads before any interaction, read from dist/ without a browser:
// its inline scripts, and every module its <script src> and <link rel="modulepreload"> name,
// followed through their static imports. Dynamic imports (`import('./x.js')`) are what the page
// loads on demand (a widget near the screen, an editor on focus), so they are not followed.
// `npm run bench:page` measures the same thing in Chromium; this is its check without timing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { init, parse } from 'es-module-lexer';
import { parseHTML } from 'linkedom';

/** What a chapter may load before any interaction, in bytes once gzip-compressed (docs/style.md, "A widget is three files and one card"). */
export const CHAPTER_BUDGET = 60 * 1024;

export interface PageWeight {
  /** The modules loaded, as paths under dist/, in the order found. */
  modules: string[];
  /** Bytes of each module, gzip-compressed on its own as a static host serves it. */
  moduleBytes: Map<string, number>;
  /** Bytes of the page's inline scripts, gzip-compressed together. */
  inlineBytes: number;
  /** The sum of both. */
  total: number;
}

/**
 * Weighs the JavaScript of one built page.
 * @param dist the built site's folder (built with base "/")
 * @param url the page's URL path, e.g. "/chapters/the-sigmoid/"
 * @throws if the page, or a module it loads, is not in dist/ (names the page and the module)
 */
export async function pageWeight(dist: string, url: string): Promise<PageWeight> {
  await init;
  const page = `http://site${url}`;
  const html = readFileSync(join(dist, url.endsWith('/') ? `${url}index.html` : url), 'utf8');
  const { document } = parseHTML(html);
  const inline = [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('\n');
  const entries = [
    ...[...document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src')!),
    ...[...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.getAttribute('href')!),
  ].map((src) => new URL(src, page));

  const moduleBytes = new Map<string, number>();
  const queue = entries.filter((u) => u.origin === 'http://site');
  while (queue.length > 0) {
    const module = queue.shift()!;
    if (moduleBytes.has(module.pathname)) continue;
    let code: string;
    try {
      code = readFileSync(join(dist, module.pathname), 'utf8');
    } catch {
      throw new Error(`pageWeight: ${url} loads ${module.pathname}, which is not in ${dist}`);
    }
    moduleBytes.set(module.pathname, gzipSync(code).length);
    const [imports] = parse(code, module.pathname);
    // d === -1: a static import or re-export; the browser fetches it before the module runs.
    for (const i of imports) if (i.d === -1 && i.n) queue.push(new URL(i.n, module));
  }
  const inlineBytes = inline === '' ? 0 : gzipSync(inline).length;
  const modules = [...moduleBytes.keys()];
  return {
    modules,
    moduleBytes,
    inlineBytes,
    total: inlineBytes + [...moduleBytes.values()].reduce((a, b) => a + b, 0),
  };
}
