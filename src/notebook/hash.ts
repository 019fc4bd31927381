/**
 * A short, stable fingerprint of a cell's original source (FNV-1a, 32 bits, as 8 hex digits).
 * Drafts saved in the browser record the fingerprint of the original they were edited from, so a
 * page can tell when the chapter's cell has changed since: the same function runs at build time
 * and in the browser. Not for security; only to notice a change.
 */
export function hashSource(source: string): string {
  const text = source.replace(/\r\n?/g, '\n');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
