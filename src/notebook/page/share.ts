/**
 * Shared links carry a page's modified cells in the URL hash, compressed with lz-string:
 *   https://…/chapters/sigmoid/#cells=<compressed JSON {cellId: code}>
 * The hash never reaches a server, and opening such a link runs nothing until the reader asks.
 */
import { decodeLinkData, encodeLinkData } from './link-data.ts';

const KEY = 'cells';
/** Browsers and chat apps cope badly with very long URLs; beyond this we refuse to make one. */
export const MAX_LINK_LENGTH = 32_000;

export function encodeCells(cells: Record<string, string>): string {
  return encodeLinkData(KEY, cells);
}

/** The cells in a location hash, or null if it holds none; throws with a reader-facing reason if it is damaged (see decodeLinkData). */
export function decodeCells(hash: string): Record<string, string> | null {
  const parsed = decodeLinkData(hash, KEY, 'the edited code');
  if (parsed === undefined) return null;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) ||
      !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw new Error('the link does not contain code cells');
  }
  return parsed as Record<string, string>;
}
