// The built site over HTTP, as any static host serves it: files from dist/, a folder's
// index.html for its path, gzip when the browser accepts it (and `gzip` is on), and long caching
// for Astro's hashed assets. Nothing else (no HTTP/2, no CDN). Used by the Firefox tests
// (tests/firefox) and `npm run bench:lighthouse`; the Playwright tests use `astro preview`.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.wasm': 'application/wasm', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|wasm)|image\/svg)/;

/**
 * Serves `dist` on 127.0.0.1:`port` (0: any free port) until `server.close()`.
 * @param {string} dist the built site's folder
 * @param {{ port?: number, gzip?: boolean }} [options]
 * @returns {Promise<{ server: import('node:http').Server, origin: string }>}
 */
export async function serveDist(dist, { port = 0, gzip = false } = {}) {
  const zipped = new Map();
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dist, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'cache-control': path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache' };
    let body = readFileSync(file);
    if (gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      if (!zipped.has(file)) zipped.set(file, gzipSync(body, { level: 9 }));
      body = zipped.get(file);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  return { server, origin: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}` };
}
