/**
 * Shared links carry a page's modified cells in the URL hash, compressed with lz-string:
 *   https://…/chapters/sigmoid/#cells=<compressed JSON {cellId: code}>
 * The hash never reaches a server, and opening such a link runs nothing until the reader asks.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

const KEY = 'cells=';
/** Browsers and chat apps cope badly with very long URLs; beyond this we refuse to make one. */
export const MAX_LINK_LENGTH = 32_000;

export function encodeCells(cells: Record<string, string>): string {
  return KEY + compressToEncodedURIComponent(JSON.stringify(cells));
}

/** The cells in a location hash, or null if it holds none; throws with a reader-facing reason if it is damaged. */
export function decodeCells(hash: string): Record<string, string> | null {
  const at = hash.indexOf(KEY);
  if (at === -1) return null;
  const packed = hash.slice(at + KEY.length).split('&')[0];
  const json = decompressFromEncodedURIComponent(packed);
  if (!json) throw new Error('the link is damaged or was cut short (it could not be decompressed)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('the link is damaged (its contents are not valid)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) ||
      !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw new Error('the link does not contain code cells');
  }
  return parsed as Record<string, string>;
}
